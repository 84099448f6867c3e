import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { issueInstruction } from '../../src/features/issue/issue';
import { callText, childEnv, GOVERNOR, setupOrg, startHarness, until, type Harness, type OrgMember } from '../support/harness';
import { logScan } from '../support/log-scan';

/**
 * A worker process (`npm start -- --role worker`) killed in the middle of a broadcast, or
 * stopped with SIGTERM, and started again: every OPD gets its message exactly once.
 */
describe('a worker process dies mid-broadcast', () => {
  let h: Harness;
  const children: ChildProcess[] = [];

  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await h.close();
  });

  function startWorker(lock = '2s'): ChildProcess {
    const c = h.config;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'worker'], {
      // A killed worker's jobs are taken over by its successor on this machine at once, and
      // by any other process after WORKER_LOCK expires.
      env: childEnv(c, { RATE_GLOBAL_PER_SECOND: '15', WORKER_LOCK: lock }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    logScan.watchStream('worker process', child.stdout!);
    children.push(child);
    return child;
  }

  async function broadcast(org: OrgMember[]): Promise<string> {
    const deps = h.app.deps;
    const governor = (await findPersonByTelegramId(deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(deps, governor, { text: 'Apel siaga.', target: { kind: 'all' }, ackDeadline: now + 3_600_000, dueAt: now + 7_200_000, priority: 'segera' });
    if (!res.ok) throw new Error('issue failed');
    expect(res.sentTo).toBe(org.length);
    return res.number;
  }
  const delivered = (org: OrgMember[], number: string) => org.map((o) => h.tg.sent(o.group.id).filter((c) => callText(c).includes(`ARAHAN ${number}`)).length);
  const sentInDb = async () =>
    Number(
      (
        await h.app.deps.db
          .selectFrom('assignments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('delivery_state', '=', 'sent')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('SIGKILL half-way, then a new worker: each group exactly once', { timeout: 90_000 }, async () => {
    h = await startHarness({}, { bot: true, workers: false });
    const org = await setupOrg(h, 40);
    startWorker();
    const number = await broadcast(org);
    await h.tg.waitFor((c) => c.method === 'sendMessage' && c.ok && callText(c).includes(`ARAHAN ${number}`), { count: 15, timeoutMs: 30_000 });
    // Freeze the moment of death outside the unavoidable window (Telegram accepted a message
    // the dead process had not recorded yet): new sends are dropped unexecuted, and we wait
    // until the database has caught up with what the fake delivered. Then kill.
    h.tg.failRandomly({ share: 1, kind: 'drop', methods: ['sendMessage'] });
    await until(async () => (await sentInDb()) === delivered(org, number).filter((n) => n > 0).length);
    const first = children[0]!;
    first.kill('SIGKILL');
    await once(first, 'exit');
    const before = delivered(org, number).filter((n) => n > 0).length;
    expect(before).toBeGreaterThanOrEqual(15);
    expect(before).toBeLessThan(40);

    h.tg.clearFailures();
    startWorker();
    await until(() => delivered(org, number).every((n) => n > 0), 60_000);
    expect(delivered(org, number)).toEqual(org.map(() => 1));
  });

  it('SIGKILL with sends in flight, restarted on the same machine: the jobs the dead worker held go at once, not when their locks expire', { timeout: 90_000 }, async () => {
    h = await startHarness({}, { bot: true, workers: false });
    const org = await setupOrg(h, 30);
    // Locks far longer than this test may wait: only the successor's takeover can free the held jobs.
    const first = startWorker('10m');
    const number = await broadcast(org);
    await h.tg.waitFor((c) => c.method === 'sendMessage' && c.ok && callText(c).includes(`ARAHAN ${number}`), { count: 10, timeoutMs: 30_000 });
    // Telegram stops answering: the worker's sends hang, their jobs stay active under its locks.
    h.tg.failNext('sendMessage', 'hang', 1_000);
    await until(async () => (await sentInDb()) === delivered(org, number).filter((n) => n > 0).length);
    await until(async () => (await h.app.deps.queues.send.getActiveCount()) === 10);
    const held = await h.app.deps.queues.send.getActiveCount();
    first.kill('SIGKILL');
    await once(first, 'exit');
    expect(await h.app.deps.queues.send.getActiveCount()).toBe(held);

    h.tg.clearFailures();
    startWorker('10m');
    await until(() => delivered(org, number).every((n) => n > 0), 60_000);
    expect(delivered(org, number)).toEqual(org.map(() => 1));
    // Recorded as sent a moment after Telegram's answer (the recording is batched).
    await until(async () => (await sentInDb()) === org.length);
  });

  it('SIGTERM lets in-flight sends finish and exits cleanly; the next worker finishes the rest once', { timeout: 90_000 }, async () => {
    h = await startHarness({}, { bot: true, workers: false });
    const org = await setupOrg(h, 30);
    const first = startWorker();
    const number = await broadcast(org);
    await h.tg.waitFor((c) => c.method === 'sendMessage' && c.ok && callText(c).includes(`ARAHAN ${number}`), { count: 10, timeoutMs: 30_000 });
    first.kill('SIGTERM');
    const [code] = await once(first, 'exit');
    expect(code).toBe(0);
    expect(await sentInDb()).toBe(delivered(org, number).filter((n) => n > 0).length);
    startWorker();
    await until(() => delivered(org, number).every((n) => n > 0), 60_000);
    expect(delivered(org, number)).toEqual(org.map(() => 1));
  });
});
