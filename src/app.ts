import type { RunnerHandle } from '@grammyjs/runner';
import { pruneUpdates } from './infra/db/updates';
import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BotContext } from './infra/telegram/context';
import { installHandlers, newBot } from './bot';
import { botApiAgent } from './infra/telegram/http';
import type { Config } from './infra/config';
import { createDatabase, migrateToLatest } from './infra/db/database';
import type { AppDeps } from './infra/deps';
import { createQueues } from './infra/queue/queues';
import { Dispatcher } from './infra/queue/dispatcher';
import { takeOverFromPredecessor, type Succession } from './infra/queue/succession';
import { claimQueuePrefix } from './infra/queue/scope';
import { withStartupLock } from './infra/queue/startup-lock';
import { watchRedisLoss } from './infra/queue/redis-loss';
import { reportRedisErrors } from './infra/queue/redis-errors';
import { Queue } from 'bullmq';
import { installationId } from './infra/db/installation';
import { startWorkers, type Workers } from './workers';
import { createHttpServer } from './infra/http/server';
import { createLogger, secretsOf } from './infra/logger';
import { createMetrics } from './infra/metrics';
import { SendGate } from './infra/telegram/gate';
import { rateLimitTransformer, type LimiterStats } from './infra/telegram/limiter';
import { fitTransformer } from './infra/telegram/fit';
import { reachTelegram } from './infra/telegram/connect';
import { startPolling, UnclaimedUpdates } from './infra/telegram/polling';
import { syncCommandsFor, syncDefaultCommands } from './features/organisation/commands-menu';
import { dashboardRoutes } from './features/dashboard/dashboard.routes';
import { loadHolidays } from './features/remind/calendar';
import { resumePendingDeliveries } from './features/deliver/deliver';
import { scheduleDigest } from './features/digest/digest';
import { resumeOutbox } from './features/notify/notify';
import { refreshRecapDays } from './features/recap/recap-days';
import { reconcileTimers } from './features/remind/reminders';
import { reconcileRollcalls } from './features/rollcall/rollcall';
import { ensureApelPlanned } from './features/rollcall/schedule';
import { reconcileObstacleTimers } from './features/obstacle/obstacles';
import { ensureBootstrapAdmins } from './features/organisation/organisation';
import { findPersonByTelegramId } from './features/organisation/people.queries';

export interface App {
  bot: Bot<BotContext>;
  deps: AppDeps;
  sendStats: LimiterStats;
  /** Starts workers and/or long polling (default both: `--role all`). */
  start(roles?: { bot?: boolean; workers?: boolean }): Promise<void>;
  /** The HTTP port actually listened on (health, metrics, webhook), once started. */
  httpPort(): number | null;
  /** Stops taking updates, lets in-flight work finish, closes every connection. */
  stop(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  now?: () => number;
  /** Skips getMe (tests). */
  botInfo?: UserFromGetMe;
  /**
   * Tests only: commit effects but never move them into Redis, as a process killed right
   * after each commit would (src/infra/queue/dispatcher.ts).
   */
  holdEffects?: boolean;
  /** How long a webhook request is held while its update is handled (default 9 s; tests shorten it). */
  webhookAnswerMs?: number;
  /** How often to check that Redis still holds our data (default 5 s; src/infra/queue/redis-loss.ts). */
  redisLossCheckMs?: number;
}

export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/** How often each process folds recent changes into the daily recap figures (src/services/recap-days.ts). */
const RECAP_REFRESH_EVERY_MS = 30_000;

/** Handled update ids are remembered this long (Telegram keeps an undelivered update 24 h). */
const UPDATE_MEMORY_MS = 2 * 86_400_000;

/** The one place where everything is wired. Nothing runs until start(). */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const logger = opts.logger ?? createLogger(config.logLevel, secretsOf(config));
  const db = createDatabase(config.databaseUrl, { checkpointThread: true });
  await migrateToLatest(db);
  const botApi = botApiAgent();
  const bot = newBot(config.botToken, config.botApiRoot, botApi, opts.botInfo);
  // Says at warn level why Telegram cannot be reached, and keeps trying (src/infra/telegram/connect.ts).
  if (!opts.botInfo) bot.botInfo = await reachTelegram(bot.api, config.botApiRoot, logger);
  await bot.init();
  // As BullMQ's production guide asks: workers block on Redis and wait for it to come back
  // (maxRetriesPerRequest null); producers (adding jobs, the send gate) fail fast instead of
  // queueing commands while Redis is away, so a handler can answer that something failed.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const producer = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const watchRedisErrors = reportRedisErrors([redis, producer], config.redisUrl, logger);
  // Wait for Redis however long it takes (ioredis keeps reconnecting; reportRedisErrors says
  // once that it is unreachable): events.once would reject, and the process exit, at the first
  // refused connection.
  await new Promise<void>((resolve) => producer.once('ready', () => resolve()));
  await warnUnlessNoEviction(producer, logger);
  const installation = await installationId(db, Date.now());
  const prefix = await claimQueuePrefix(producer, config.queuePrefix, installation, config.foreignRedis, logger);
  const queues = createQueues(producer, prefix);
  const queueList = Object.values(queues).filter((q): q is Queue => q instanceof Queue);
  watchRedisErrors(queueList);
  const metrics = createMetrics(queues);
  const sendStats: LimiterStats = { tooManyRequests: 0, waitedMs: 0 };
  const gate = new SendGate(producer, config.queuePrefix, {
    globalPerSecond: config.rate.globalPerSecond,
    chatPerSecond: config.rate.chatPerSecond,
    groupPerMinute: config.rate.groupPerMinute,
  });
  bot.api.config.use(rateLimitTransformer(gate, logger, sendStats, metrics));
  // Whatever the data, no message is refused as too long (src/infra/telegram/fit.ts).
  bot.api.config.use(fitTransformer(logger));
  const dispatcher = new Dispatcher(db, queues, logger, { hold: opts.holdEffects });
  const deps: AppDeps = {
    config,
    db,
    api: bot.api,
    queues,
    logger,
    now: opts.now ?? Date.now,
    botUsername: bot.botInfo.username,
    holidays: loadHolidays(config),
    metrics,
    dispatcher,
  };
  const unclaimed = new UnclaimedUpdates();
  installHandlers(bot, deps, { claimed: (id) => unclaimed.claimed(id) });

  let workers: Workers | null = null;
  let succession: Succession | null = null;
  let runner: RunnerHandle | null = null;
  let http: Server | null = null;
  let recapWarmup: Promise<void> = Promise.resolve();
  let recapTimer: NodeJS.Timeout | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;
  let lossWatch: { stop(): void } | null = null;
  /** The database is the truth; Redis may have been flushed or replaced while we were down. */
  const rebuildFromDatabase = async () => {
    // Effects committed by a process that died before moving them.
    const effects = await dispatcher.drain();
    const resumed = await resumePendingDeliveries(deps);
    const outboxPending = await resumeOutbox(deps);
    const timers = (await reconcileTimers(deps)) + (await reconcileObstacleTimers(deps));
    await scheduleDigest(deps);
    // Roll-calls: each open one's next step, and the surprise roll-call's plan (src/features/rollcall).
    const rollcalls = await reconcileRollcalls(deps);
    await ensureApelPlanned(deps);
    return { effects, resumed, outboxPending, timers, rollcalls };
  };
  const httpPort = () => {
    const address = http?.address();
    return address && typeof address === 'object' ? address.port : null;
  };
  return {
    bot,
    deps,
    sendStats,
    async start(roles = {}) {
      const runBot = roles.bot ?? true;
      const runWorkers = roles.workers ?? true;
      if (runWorkers) {
        // A restart after a crash resumes the dead process's jobs now, not when their locks expire (src/infra/queue/succession.ts).
        succession = await takeOverFromPredecessor(producer, prefix, runBot ? 'all' : 'worker', queueList, logger);
        // The workers start before the rebuild below: the jobs already in Redis (a restart
        // mid-broadcast: hundreds of deliveries) go out while it runs. It only adds jobs under
        // their fixed ids, and every job reads the database before it acts, so the order does
        // not matter to what is sent, only to when: bench part 3, the restart's first send
        // came ~0.3 s sooner (the rebuild re-adds 285 deliveries and 430 timers there).
        workers = startWorkers(deps, redis, { sendConcurrency: config.rate.sendConcurrency, lockMs: config.workerLockMs });
        await succession.hold(workers.byQueue.map(({ name, worker }) => ({ queue: name, worker })));
      }
      // Work that must not interleave when several processes start in the same instant.
      const rebuilt = await withStartupLock(producer, prefix, async () => {
        await ensureBootstrapAdmins(deps, config.adminIds);
        await pruneUpdates(db, Date.now() - UPDATE_MEMORY_MS);
        return rebuildFromDatabase();
      });
      logger.info({ ...rebuilt, installation, prefix }, 'pending work rebuilt from the database');
      // And again whenever Redis loses its data while we run (src/infra/queue/redis-loss.ts).
      lossWatch = watchRedisLoss(producer, config.queuePrefix, installation, () => withStartupLock(producer, prefix, rebuildFromDatabase), logger, opts.redisLossCheckMs);
      dispatcher.start();
      // Bring the daily recap figures up to date in the background (a first build after an
      // upgrade reads every assignment once; later ones only what changed while we were down).
      const refreshRecap = () => refreshRecapDays(deps).catch((err) => logger.error({ err }, 'could not refresh the daily recap figures'));
      recapWarmup = refreshRecap();
      // And keep them so between commands, so a command seldom has more than a few seconds of changes to fold in.
      // refreshRecapDays runs one refresh at a time itself; stop() awaits the latest.
      recapTimer = setInterval(() => void (recapWarmup = refreshRecap()), RECAP_REFRESH_EVERY_MS);
      recapTimer.unref();
      pruneTimer = setInterval(
        () => void pruneUpdates(db, Date.now() - UPDATE_MEMORY_MS).catch((err: unknown) => logger.warn({ err }, 'could not prune handled updates')),
        3_600_000,
      );
      pruneTimer.unref();
      try {
        await syncDefaultCommands(deps);
        for (const id of config.adminIds) {
          const admin = await findPersonByTelegramId(db, id);
          if (admin) await syncCommandsFor(deps, admin);
        }
      } catch (err) {
        logger.warn({ err }, 'could not set the command menus');
      }
      const webhook = runBot && config.mode === 'webhook';
      if (runBot && !webhook) runner = startPolling(bot, config.intake, ALLOWED_UPDATES, logger, unclaimed);
      http = createHttpServer({
        deps,
        redis: producer,
        bot,
        webhook,
        routes: dashboardRoutes(deps, producer),
        ...(opts.webhookAnswerMs ? { webhookAnswerMs: opts.webhookAnswerMs } : {}),
      });
      await new Promise<void>((resolve) => http!.listen(config.http.port, config.http.host, resolve));
      logger.info({ bot: bot.botInfo.username, runBot, runWorkers, mode: config.mode, port: httpPort() }, 'Arahan is running');
    },
    httpPort,
    async stop() {
      lossWatch?.stop();
      if (runner?.isRunning()) await runner.stop();
      if (http) await new Promise<void>((resolve) => http!.close(() => resolve()));
      await workers?.close();
      await succession?.stop();
      await dispatcher.stop();
      await queues.close();
      if (recapTimer) clearInterval(recapTimer);
      if (pruneTimer) clearInterval(pruneTimer);
      await recapWarmup;
      await redis.quit().catch(() => undefined);
      await producer.quit().catch(() => undefined);
      // stop() may be called again (a test's restart after its own stop): closing twice throws.
      if (!botApi.closed && !botApi.destroyed) await botApi.close();
      await db.destroy();
    },
  };
}

/** BullMQ loses jobs if Redis evicts keys: warn at start unless maxmemory-policy is noeviction. */
async function warnUnlessNoEviction(redis: Redis, logger: Logger): Promise<void> {
  try {
    const res = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = res[1];
    if (policy && policy !== 'noeviction') logger.warn({ policy }, 'Redis maxmemory-policy is not noeviction: queued jobs may be evicted. Set maxmemory-policy noeviction.');
  } catch (err) {
    logger.debug({ err }, 'could not read Redis maxmemory-policy (managed Redis?)');
  }
}
