import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { QUEUE_NAMES } from './queues';

export type ForeignRedisPolicy = 'clean' | 'refuse';

/** Thrown when Redis belongs to another installation and the policy is to refuse. */
export class ForeignRedisError extends Error {}

/**
 * The queue prefix of this installation: `<QUEUE_PREFIX>:<installation id>`, so every job
 * id lives under this database's own keys. `<QUEUE_PREFIX>:installation` names the
 * installation that owns the prefix. Another id there means the database was replaced
 * while Redis kept the old one's jobs (a deleted data/arahan.db, a restored backup, two
 * deployments sharing one Redis): with `clean` (the default outside production) the old
 * installation's keys are deleted and the fact logged; with `refuse` start-up stops with
 * one line. Either way nothing is shared silently.
 *
 * Keys of a version before installation ids (`<QUEUE_PREFIX>:send:…`) hold jobs the start-up
 * requeue rebuilds from the database under the new prefix; `clean` removes them too.
 */
export async function claimQueuePrefix(redis: Redis, base: string, installation: string, policy: ForeignRedisPolicy, logger: Logger): Promise<string> {
  const marker = `${base}:installation`;
  const owner = (await redis.set(marker, installation, 'NX')) === 'OK' ? installation : await redis.get(marker);
  const legacy = await countKeys(
    redis,
    Object.values(QUEUE_NAMES).map((q) => `${base}:${q}:*`),
  );
  if (owner === installation && legacy === 0) return `${base}:${installation}`;
  if (owner !== installation && policy === 'refuse') {
    throw new ForeignRedisError(
      `Redis holds the queues of another Arahan installation under QUEUE_PREFIX "${base}" (installation ${owner}, this database is ${installation}): use another QUEUE_PREFIX, or start once with FOREIGN_REDIS=clean to delete them`,
    );
  }
  const patterns = [...(owner !== installation && owner ? [`${base}:${owner}:*`] : []), ...Object.values(QUEUE_NAMES).map((q) => `${base}:${q}:*`)];
  const removed = await deleteKeys(redis, patterns);
  await redis.set(marker, installation);
  logger.warn({ previous: owner, installation, removed }, 'Redis held queues of another installation or of an older version: removed them; the database rebuilds the pending work');
  return `${base}:${installation}`;
}

async function countKeys(redis: Redis, patterns: string[]): Promise<number> {
  for (const match of patterns) {
    const [, keys] = await redis.scan('0', 'MATCH', match, 'COUNT', 1000);
    if (keys.length > 0) return keys.length;
    // A first page may be empty while later ones are not: scan on until the cursor ends.
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      if (found.length > 0) return found.length;
      cursor = next;
    } while (cursor !== '0');
  }
  return 0;
}

async function deleteKeys(redis: Redis, patterns: string[]): Promise<number> {
  let removed = 0;
  for (const match of patterns) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      if (keys.length > 0) removed += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  return removed;
}
