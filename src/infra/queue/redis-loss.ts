import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** How often a running process checks that Redis still holds its installation's marker. */
export const REDIS_LOSS_CHECK_MS = 5_000;

/**
 * Redis can lose everything while every process keeps running: a restart of a Redis that keeps
 * nothing on disk, a FLUSHALL, a failover to an empty replica. The queues, the pending jobs and
 * the timers are then gone, and nothing would deliver, remind or escalate until the next start.
 * The installation marker (`<QUEUE_PREFIX>:installation`, set by claimQueuePrefix) goes with
 * them, so its absence is the sign: checked when the connection comes back and every few
 * seconds. On loss the marker is claimed again and `rebuild` (the start-up rebuild from the
 * database: pending deliveries, outbox messages, timers, the digest's scheduler) runs. Several
 * processes noticing together is fine: the rebuild runs under the start-up lock and every job
 * id it adds is deterministic.
 */
export function watchRedisLoss(redis: Redis, base: string, installation: string, rebuild: () => Promise<unknown>, logger: Logger, everyMs = REDIS_LOSS_CHECK_MS): { stop(): void } {
  const marker = `${base}:installation`;
  let running = false;
  let foreignLogged = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const owner = await redis.get(marker);
      if (owner === installation) return;
      if (owner !== null) {
        // Another installation took this prefix while we ran: never mix queues; say so once.
        if (!foreignLogged) logger.error({ owner, installation }, "Redis now holds another installation's queues under this QUEUE_PREFIX: not rebuilding into them");
        foreignLogged = true;
        return;
      }
      await redis.set(marker, installation, 'NX');
      logger.warn({ installation }, 'Redis lost its data (restarted without persistence, flushed or replaced): rebuilding the pending work from the database');
      const rebuilt = await rebuild();
      logger.warn({ rebuilt }, 'pending work rebuilt from the database after Redis lost its data');
    } catch (err) {
      // Redis away: the next check (or the reconnection) tries again.
      logger.debug({ err }, 'could not check Redis for data loss');
    } finally {
      running = false;
    }
  };
  const onReady = () => void check();
  redis.on('ready', onReady);
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      redis.off('ready', onReady);
    },
  };
}
