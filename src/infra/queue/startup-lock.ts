import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

/** Compare-and-delete: only the holder releases the lock. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Runs the start-up work that must not interleave across processes (job schedulers, the
 * requeue of pending work, bootstrap admins) under one Redis lock, so that any number of
 * processes can start in the same instant (`docker compose up --scale`). BullMQ's
 * upsertJobScheduler, raced by two processes, fails one with "job ID already exists".
 * The lock expires on its own if its holder dies (ttlMs).
 */
export async function withStartupLock<T>(redis: Redis, prefix: string, work: () => Promise<T>, ttlMs = 60_000): Promise<T> {
  const key = `${prefix}:startup-lock`;
  const token = randomBytes(8).toString('hex');
  for (let wait = 20; (await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK'; wait = Math.min(500, wait * 2)) await sleep(wait);
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
