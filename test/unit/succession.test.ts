import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeOverFromPredecessor, type SuccessionOptions } from '../../src/infra/queue/succession';
import { removeRedisKeys } from '../support/harness';

/**
 * A worker process restarted after a crash takes over the jobs its dead predecessor held, at
 * once (src/infra/queue/succession.ts); a live process's jobs, and leases of other machines, are
 * never taken. Real Redis and BullMQ: the "dead" process is a worker closed without finishing its
 * job (its lock stays, as after SIGKILL), with a lock far longer than the test.
 */
describe('succession of a crashed worker process', () => {
  const connection = { host: '127.0.0.1', port: 6379 };
  const logger = pino({ level: 'silent' });
  const LOCK = 600_000;
  let prefix: string;
  let redis: Redis;
  let queue: Queue;
  const closers: Array<() => Promise<unknown>> = [];

  beforeAll(() => {
    redis = new Redis(connection);
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await redis.quit();
  });

  /** A process whose worker took one job and then "died" holding it. Returns its worker. */
  async function crashedHolding(pid: number, host = 'vm-1'): Promise<{ worker: Worker; jobId: string }> {
    prefix = `arahan-succession-test-${randomBytes(6).toString('hex')}`;
    closers.push(() => removeRedisKeys(prefix));
    queue = new Queue('send', { connection, prefix });
    closers.push(() => queue.close());
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const worker = new Worker(
      'send',
      () => {
        started();
        return new Promise(() => undefined);
      },
      { connection, prefix, lockDuration: LOCK },
    );
    // The lease it held, as it left it (renewed a moment ago; its renewals died with it).
    await redis.set(`${prefix}:succession:${host}:worker:0`, JSON.stringify({ host, pid, workers: { send: worker.id } }), 'PX', 15_000);
    const job = await queue.add('deliver', { assignmentId: 1 }, { priority: 3 });
    await running;
    // SIGKILL: nothing more from this process; its job stays active under its lock.
    await worker.close(true);
    expect(await queue.getActiveCount()).toBe(1);
    return { worker, jobId: job.id! };
  }

  /** A process starting as app.start does: lease and takeover first, then its worker, named in the lease. */
  async function successor(options: SuccessionOptions) {
    const succession = await takeOverFromPredecessor(redis, prefix, 'worker', [queue], logger, { host: 'vm-1', pid: 200, ...options });
    closers.push(() => succession.stop());
    const done: string[] = [];
    const worker = new Worker('send', async (job) => void done.push(job.id!), { connection, prefix, lockDuration: LOCK });
    closers.push(() => worker.close());
    await succession.hold([{ queue: 'send', worker }]);
    return { worker, succession, done };
  }

  it("a successor on the same machine finds the predecessor's pid gone and runs its held job at once", async () => {
    const { jobId } = await crashedHolding(100);
    const { succession, done, worker } = await successor({ alive: (pid) => pid !== 100 });
    expect(succession.adopted).toBe(1);
    expect(succession.slot).toMatch(/:succession:vm-1:worker:0$/);
    await new Promise<void>((resolve) => worker.on('completed', (job) => job.id === jobId && resolve()));
    expect(done).toEqual([jobId]);
    expect((await queue.getJob(jobId))!.priority).toBe(3);
  });

  it('a predecessor still alive keeps its job and its slot; the newcomer takes the next slot', async () => {
    await crashedHolding(100);
    const { succession } = await successor({ alive: () => true });
    expect(succession.adopted).toBe(0);
    expect(succession.slot).toMatch(/:worker:1$/);
    expect(await queue.getActiveCount()).toBe(1);
  });

  it("another machine's lease is never taken, whatever its pid", async () => {
    await crashedHolding(100, 'vm-2');
    const { succession } = await successor({ alive: () => false });
    expect(succession.adopted).toBe(0);
    expect(await queue.getActiveCount()).toBe(1);
  });

  it('a lease with this very pid (a restarted container) is taken only once it has gone unrenewed', async () => {
    await crashedHolding(200);
    const fresh = await successor({ alive: () => false });
    expect(fresh.succession.adopted).toBe(0);
    expect(fresh.succession.slot).toMatch(/:worker:1$/);
    await fresh.succession.stop();
    await fresh.worker.close();
    // The predecessor's lease, renewed last 10 s ago (its lease lives 15 s).
    const key = `${prefix}:succession:vm-1:worker:0`;
    await redis.pexpire(key, 5_000);
    const late = await successor({ alive: () => false });
    expect(late.succession.adopted).toBe(1);
    expect(late.succession.slot).toBe(key);
  });
});
