import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createApp, type App } from '../app';
import { parseConfig } from '../infra/config';
import { createLogger } from '../infra/logger';
import { FakeTelegram } from '../simulator/fake-telegram';
import { SandboxClock } from './clock';
import { CAST, continueTelegramIds, registerCast, seedOnce } from './seed';
import { syncCommandsFor } from '../features/organisation/commands-menu';
import { findPersonByTelegramId } from '../features/organisation/people.queries';
import { createSandboxServer, type SandboxServerDeps } from './server';
import { TimerDriver } from './timers';
import { countPendingEffects } from '../infra/queue/dispatcher';

/**
 * `npm run sandbox`: the real bot and its real workers (the same createApp as `npm start`, real
 * Redis, a SQLite file) against the local Bot API simulator, plus the chat page. Nothing
 * listens beyond 127.0.0.1 and nothing is sent to Telegram: the bot's API root is the simulator.
 */
export interface SandboxOptions {
  /** Where the SQLite file lives (default ./data/sandbox). */
  dir?: string;
  /** The page's port on 127.0.0.1 (default SANDBOX_PORT or 8090; 0 = any free port). */
  port?: number;
  /** BullMQ queue prefix in Redis (default arahan-sandbox). */
  redisPrefix?: string;
  redisUrl?: string;
  /** Configuration over the sandbox's defaults (the same variables as `npm start`). */
  env?: Record<string, string>;
  logger?: Logger;
}

export interface Sandbox {
  /** The chat page's address. */
  url: string;
  /** Whether this start seeded the demo province (first start only). */
  seeded: boolean;
  app: App;
  sim: FakeTelegram;
  clock: SandboxClock;
  timers: TimerDriver;
  stop(): Promise<void>;
}

/** A fixed fake token: the simulator accepts it, Telegram would not (it names no bot). */
export const SANDBOX_TOKEN = '7000000042:AAsandboxArahanNotARealTelegramToken00';
export const DEFAULT_PORT = 8090;

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const dir = resolve(opts.dir ?? join('data', 'sandbox'));
  mkdirSync(dir, { recursive: true });
  const env = opts.env ?? {};
  const logger = opts.logger ?? createLogger(env.LOG_LEVEL ?? 'info', [SANDBOX_TOKEN]);
  const clock = new SandboxClock();
  const sim = await FakeTelegram.start({ token: SANDBOX_TOKEN, username: 'arahan_sandbox_bot', now: clock.now, pollTimeoutMs: 2000 });
  registerCast(sim);

  const deps: SandboxServerDeps = { sim, clock, logger, timezone: 'Asia/Jakarta', appPort: null, timers: null, publicUrl: '' };
  const server = createSandboxServer(deps);
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(opts.port ?? DEFAULT_PORT, '127.0.0.1', () => ok());
    });
  } catch (err) {
    await sim.stop();
    throw err;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  deps.publicUrl = url;

  let app: App | null = null;
  let timers: TimerDriver | null = null;
  const stop = async () => {
    await timers?.stop();
    await app?.stop();
    await new Promise<void>((done) => server.close(() => done()));
    await sim.stop();
  };
  try {
    const config = parseConfig({
      BOT_TOKEN: SANDBOX_TOKEN,
      BOT_API_ROOT: sim.apiRoot,
      DATABASE_URL: `file:${join(dir, 'arahan.db')}`,
      REDIS_URL: opts.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: opts.redisPrefix ?? 'arahan-sandbox',
      ADMIN_IDS: '1001',
      SECRETARIAT_CHAT_ID: '-1001000000100',
      PUBLIC_URL: url,
      PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    });
    deps.timezone = config.timezone;
    app = await createApp(config, { logger, now: clock.now, botInfo: sim.botInfo });
    const seeded = await seedOnce(app.deps);
    await continueTelegramIds(app.deps.db, sim);
    await app.start();
    deps.appPort = app.httpPort();
    // Everyone's command menu and, for the leaders, the dashboard as their chat's menu button:
    // what the bot sets when a person registers (the CSV import does not talk to Telegram).
    for (const person of CAST) {
      const registered = await findPersonByTelegramId(app.deps.db, person.id);
      if (registered) await syncCommandsFor(app.deps, registered);
    }
    const db = app.deps.db;
    timers = new TimerDriver(app.deps.queues, clock, logger, () => countPendingEffects(db));
    deps.timers = timers;
    timers.start();
    logger.info({ url, seeded }, `Sandbox Arahan siap: buka ${url} (simulasi, tidak ada pesan yang dikirim ke Telegram)`);
    return { url, seeded, app, sim, clock, timers, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
