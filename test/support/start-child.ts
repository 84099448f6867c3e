import type { UserFromGetMe } from 'grammy/types';
import { createApp, type App } from '../../src/app';
import { parseConfig } from '../../src/infra/config';
import { createLogger, secretsOf } from '../../src/infra/logger';

/**
 * A process that starts and stops Arahan on command (IPC), so a test can start the app in
 * several processes in the same instant many times over without paying for loading the
 * modules each time (test/e2e/concurrent-start.test.ts).
 *   → { cmd: 'start', env, botInfo }   ← { ok: true, prefix } | { ok: false, error }
 *   → { cmd: 'stop' }         ← { stopped: true }
 */
type Command = { cmd: 'start'; env: Record<string, string>; botInfo: UserFromGetMe } | { cmd: 'stop' };

let app: App | null = null;
const send = (msg: unknown) => process.send!(msg);

process.on('message', (msg: Command) => {
  void (async () => {
    if (msg.cmd === 'start') {
      try {
        const config = parseConfig(msg.env);
        // Logs as src/main.ts does, on stdout, which the test scans (test/support/log-scan.ts).
        app = await createApp(config, { logger: createLogger(config.logLevel, secretsOf(config)), botInfo: msg.botInfo });
        await app.start();
        send({ ok: true, prefix: app.deps.queues.prefix });
      } catch (err) {
        await app?.stop().catch(() => undefined);
        app = null;
        send({ ok: false, error: err instanceof Error ? `${err.message} ${process.env.START_CHILD_STACK ? err.stack : ''}` : String(err) });
      }
    } else {
      await app?.stop();
      app = null;
      send({ stopped: true });
    }
  })();
});
send({ ready: true });
