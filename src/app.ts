import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BotContext } from '../handlers/context';
import { installHandlers, newBot } from './bot';
import type { Config } from './config';
import { createDatabase, migrateToLatest } from './db/database';
import type { AppDeps } from './deps';
import { createQueues } from './jobs/queues';
import { startWorkers, type Workers } from './jobs/workers';
import { createLogger } from './logger';
import { SendGate } from './telegram/gate';
import { rateLimitTransformer, type LimiterStats } from './telegram/limiter';
import { syncCommandsFor, syncDefaultCommands } from './services/commands-menu';
import { loadHolidays } from './services/calendar';
import { resumePendingDeliveries } from './services/delivery';
import { scheduleDigest } from './services/digest';
import { resumeOutbox } from './services/outbox';
import { reconcileTimers } from './services/reminders';
import { ensureBootstrapAdmins } from './services/organisation';
import { findPersonByTelegramId } from './db/people';

export interface App {
  bot: Bot<BotContext>;
  deps: AppDeps;
  sendStats: LimiterStats;
  /** Starts workers and/or long polling (default both: `--role all`). */
  start(roles?: { bot?: boolean; workers?: boolean }): Promise<void>;
  /** Stops taking updates, lets in-flight work finish, closes every connection. */
  stop(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  now?: () => number;
  /** Skips getMe (tests). */
  botInfo?: UserFromGetMe;
}

export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/** The one place where everything is wired. Nothing runs until start(). */
export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const logger = opts.logger ?? createLogger(config.logLevel, config.botToken);
  const db = createDatabase(config.databaseUrl);
  await migrateToLatest(db);
  const bot = newBot(config.botToken, config.botApiRoot, opts.botInfo);
  await bot.init();
  // Workers block on Redis and must wait for it to come back; BullMQ requires maxRetriesPerRequest null.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  const queues = createQueues(redis, config.queuePrefix);
  const sendStats: LimiterStats = { tooManyRequests: 0, waitedMs: 0 };
  const gate = new SendGate(redis, config.queuePrefix, {
    globalPerSecond: config.rate.globalPerSecond,
    chatPerSecond: config.rate.chatPerSecond,
    groupPerMinute: config.rate.groupPerMinute,
  });
  bot.api.config.use(rateLimitTransformer(gate, logger, sendStats));
  const deps: AppDeps = {
    config,
    db,
    api: bot.api,
    queues,
    logger,
    now: opts.now ?? Date.now,
    botUsername: bot.botInfo.username,
    holidays: loadHolidays(config),
  };
  installHandlers(bot, deps);

  let workers: Workers | null = null;
  let runner: RunnerHandle | null = null;
  return {
    bot,
    deps,
    sendStats,
    async start(roles = {}) {
      const runBot = roles.bot ?? true;
      const runWorkers = roles.workers ?? true;
      await ensureBootstrapAdmins(deps, config.adminIds);
      if (runWorkers) workers = startWorkers(deps, redis, { sendConcurrency: config.rate.sendConcurrency, lockMs: config.workerLockMs });
      // The database is the truth; Redis may have been flushed or replaced while we were down.
      const resumed = await resumePendingDeliveries(deps);
      const outboxPending = await resumeOutbox(deps);
      const timers = await reconcileTimers(deps);
      await scheduleDigest(deps);
      logger.info({ resumed, outboxPending, timers }, 'pending work rebuilt from the database');
      try {
        await syncDefaultCommands(deps);
        for (const id of config.adminIds) {
          const admin = await findPersonByTelegramId(db, id);
          if (admin) await syncCommandsFor(deps, admin);
        }
      } catch (err) {
        logger.warn({ err }, 'could not set the command menus');
      }
      if (runBot) runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
      logger.info({ bot: bot.botInfo.username, runBot, runWorkers }, 'Arahan is running');
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      await workers?.close();
      await queues.close();
      await redis.quit().catch(() => undefined);
      await db.destroy();
    },
  };
}
