import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

/**
 * One line per Redis outage, not a stack trace per reconnection attempt. Without an 'error'
 * listener ioredis prints "[ioredis] Unhandled error event" with a stack trace to stderr, and
 * BullMQ's queues and workers print every failed attempt (the Redis outage fault test
 * produced hundreds of such lines in 10 s). Here the first error of an outage is logged at
 * warn with what was tried and why it failed; the rest at debug until a connection is ready
 * again, which is logged at info. Returns a function that watches more emitters with the same
 * outage state.
 */
export function reportRedisErrors(emitters: EventEmitter[], redisUrl: string, logger: Logger): (more: EventEmitter[]) => void {
  let down = false;
  const where = safeAddress(redisUrl);
  // One outage state for every emitter (connections, queues created later): one warn line each.
  const watch = (list: EventEmitter[]) => {
    for (const e of list) {
      e.on('error', (err: Error & { code?: string }) => {
        if (down) return void logger.debug({ err }, 'Redis still unreachable');
        down = true;
        logger.warn({ redis: where, reason: err.code ?? err.message }, 'Redis is unreachable; retrying (deliveries and reminders wait, nothing is lost: the database keeps them)');
      });
      e.on('ready', () => {
        if (!down) return;
        down = false;
        logger.info({ redis: where }, 'Redis is reachable again');
      });
    }
  };
  watch(emitters);
  return watch;
}

/** host:port of a Redis URL, never its password. */
function safeAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'the configured REDIS_URL';
  }
}
