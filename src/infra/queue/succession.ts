import { hostname } from 'node:os';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A worker process restarted after a crash takes over the jobs its dead predecessor held, at once.
 *
 * Without this, a killed worker's active jobs stay locked in Redis until their locks expire
 * (WORKER_LOCK, 10 s) and a stalled-job check hands them on: in bench part 3a (SIGKILL half-way
 * through a 500-group broadcast, restart at once) the ten interrupted deliveries reached their
 * groups 12.6 s after the kill, the last messages of the run, while the restarted worker had been
 * sending everything else since 2.8 s after the kill. Shortening the lock would shorten that wait
 * for every process, also a live one whose event loop stalls for a moment under load — and a
 * live job taken over is sent twice. So the lock stays; what changes is that a successor which
 * *knows* its predecessor is dead hands its jobs on itself.
 *
 * How it knows: each worker process holds a lease in Redis named after its machine and role,
 * slot 0, 1, … (the first free one), with its pid and its BullMQ workers' ids. A process starting
 * on the same machine finds a lease whose pid no longer exists (`kill(pid, 0)` fails with ESRCH):
 * that process is gone for certain, and its jobs are the active jobs whose lock token starts with
 * one of its worker ids (BullMQ's tokens are `<worker id>:<n>`). Each is moved back to waiting with
 * `job.moveToWait(token)`, BullMQ's own script, which checks the token and keeps the job's
 * priority; the next free worker runs it, and the delivery's database state makes the re-run
 * resume rather than repeat (a send Telegram accepted just before the kill is the one duplicate
 * no Bot API call can rule out, as with the lock's expiry).
 *
 * A lease whose pid is this very process's pid is a predecessor in a restarted container (pid 1
 * again); it is only taken when it has not been renewed for `staleMs`, because two containers of
 * one pod share a hostname and may both be pid 1. Leases on other machines are never taken: there
 * the lock's expiry remains the rule. A lease ends with its process (stop) or expires `leaseMs`
 * after its last renewal.
 */
export interface SuccessionOptions {
  /** How long a lease lives without renewal. */
  leaseMs?: number;
  /** How often the lease is renewed. */
  renewMs?: number;
  /** Whether a process with this pid exists on this machine (tests replace it). */
  alive?: (pid: number) => boolean;
  host?: string;
  pid?: number;
}

export interface Succession {
  /** The lease's key, or null when every slot was held by a live process. */
  slot: string | null;
  /** Jobs taken over from a dead predecessor. */
  adopted: number;
  /** Names this process's workers in the lease (their ids are what a successor looks for) and keeps it renewed. */
  hold(workers: Array<{ queue: string; worker: Worker }>): Promise<void>;
  stop(): Promise<void>;
}

interface Lease {
  host: string;
  pid: number;
  /** Queue name → the id of this process's BullMQ worker on it. */
  workers: Record<string, string>;
}

const SLOTS = 64;

/** Sets the key to ARGV[2] only if it still holds ARGV[1] (a lease taken over once, by one successor). */
const REPLACE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else return false end`;
/** Renews the lease if it is still ours, takes it again if it expired meanwhile (Redis was away). */
const RENEW = `local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, as another user's process.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims this process's lease and moves the jobs a dead predecessor held back to waiting. Call it
 * before the workers start: a worker that starts finds them at once, while one already blocked
 * waiting for work is not woken by BullMQ's move of a prioritized job (no marker is written) and
 * would find them only after its drain delay (5 s, measured in test/unit/succession.test.ts).
 */
export async function takeOverFromPredecessor(redis: Redis, prefix: string, role: string, queues: Queue[], logger: Logger, options: SuccessionOptions = {}): Promise<Succession> {
  const leaseMs = options.leaseMs ?? 15_000;
  const renewMs = options.renewMs ?? 2_000;
  const staleMs = 2 * renewMs + 1_000;
  const alive = options.alive ?? processExists;
  const host = options.host ?? hostname();
  const pid = options.pid ?? process.pid;
  let value = JSON.stringify({ host, pid, workers: {} } satisfies Lease);

  const dead = async (key: string, lease: Lease): Promise<boolean> => {
    if (lease.host !== host) return false;
    if (lease.pid !== pid) return !alive(lease.pid);
    return (await redis.pttl(key)) < leaseMs - staleMs;
  };

  let slot: string | null = null;
  let predecessor: Lease | null = null;
  for (let i = 0; i < SLOTS && !slot; i++) {
    const key = `${prefix}:succession:${host}:${role}:${i}`;
    const held = await redis.get(key);
    if (held === null) {
      if ((await redis.set(key, value, 'PX', leaseMs, 'NX')) === 'OK') slot = key;
      continue;
    }
    const lease = parseLease(held);
    if (!lease || !(await dead(key, lease))) continue;
    if ((await redis.eval(REPLACE, 1, key, held, value, leaseMs)) === 'OK') {
      slot = key;
      predecessor = lease;
    }
  }
  if (!slot) {
    logger.warn({ host, role, slots: SLOTS }, 'every succession slot is held by a live process: a crash of this one is recovered by lock expiry only');
    return { slot: null, adopted: 0, hold: async () => undefined, stop: async () => undefined };
  }

  let adopted = 0;
  if (predecessor) {
    for (const queue of queues) {
      const before = predecessor.workers[queue.name];
      if (before) adopted += await adopt(redis, queue, before, logger);
    }
    logger.info({ predecessorPid: predecessor.pid, adopted }, "took over the jobs of this machine's previous worker process, which is gone");
  }

  const key = slot;
  let timer: NodeJS.Timeout | null = null;
  let lost = false;
  const renew = async (): Promise<void> => {
    const renewed = await redis.eval(RENEW, 1, key, value, leaseMs);
    if (Number(renewed) === 0 && !lost) {
      lost = true;
      logger.warn({ slot: key }, 'the succession lease was taken by another process; a crash of this one is recovered by lock expiry only');
    }
  };
  return {
    slot,
    adopted,
    async hold(workers) {
      const next = JSON.stringify({ host, pid, workers: Object.fromEntries(workers.map(({ queue, worker }) => [queue, worker.id])) } satisfies Lease);
      if ((await redis.eval(REPLACE, 1, key, value, next, leaseMs)) === 'OK') value = next;
      else await renew();
      timer = setInterval(() => void renew().catch((err: unknown) => logger.debug({ err }, 'could not renew the succession lease')), renewMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await redis.eval(RELEASE, 1, key, value).catch(() => undefined);
    },
  };
}

/** Moves the active jobs locked by `workerId` (a dead process's worker) back to waiting; returns how many. */
async function adopt(redis: Redis, queue: Queue, workerId: string, logger: Logger): Promise<number> {
  let moved = 0;
  for (const job of await queue.getActive()) {
    if (!job.id) continue;
    const token = await redis.get(`${queue.toKey(job.id)}:lock`);
    if (!token?.startsWith(`${workerId}:`)) continue;
    try {
      await job.moveToWait(token);
      moved++;
    } catch (err) {
      // Finished or handed on by a stalled-job check meanwhile: nothing left to take over.
      logger.debug({ err, job: job.id }, 'a job of the previous worker process was no longer held');
    }
  }
  return moved;
}

function parseLease(raw: string): Lease | null {
  try {
    const lease = JSON.parse(raw) as Lease;
    return typeof lease.host === 'string' && typeof lease.pid === 'number' && lease.workers ? lease : null;
  } catch {
    return null;
  }
}
