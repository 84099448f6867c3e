import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueInstruction } from '../../src/features/issue/issue';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import type { RecordedCall } from '../support/fake-telegram';
import { freePort, buttonsOf, callText, GOVERNOR, press, sentMessageId, setupOrg, startHarness, until, type Harness, type OrgMember } from '../support/harness';
import { figure } from './figures';

/**
 * Redis is where the timers live, not the truth. Here Arahan runs on a Redis server of the
 * test's own (the shared one cannot be stopped), which is stopped in the middle of a
 * broadcast and comes back empty (it keeps nothing on disk, like the one in CI), or is
 * flushed while everything runs. Nothing is restarted: the running processes notice, rebuild
 * the pending work from the database, and every group gets the instruction exactly once; an
 * acknowledgement pressed while Redis was away is kept and shown.
 *
 * The outage lasts FAULT_REDIS_DOWN_MS (10 s by default; `FAULT_REDIS_DOWN_MS=60000 npm run
 * test:faults` for the full minute).
 */
const DOWN_MS = Number(process.env.FAULT_REDIS_DOWN_MS ?? 10_000);
const OPDS = 16;

describe('Redis stopped or flushed while Arahan runs', () => {
  let port: number;
  let server: ChildProcess | null = null;
  let h: Harness;
  let org: OrgMember[];
  let outages = 0;
  let losses = 0;
  let doubles = 0;

  async function startRedis(): Promise<void> {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
    probe.on('error', () => undefined); // refused until the server listens
    await probe.connect().catch(() => undefined);
    await until(async () => (await probe.ping().catch(() => '')) === 'PONG', 10_000);
    probe.disconnect();
  }
  async function stopRedis(): Promise<void> {
    server!.kill('SIGKILL');
    await once(server!, 'exit');
    server = null;
  }

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    // Slow sending (4 messages a second, 2 at a time) so the outage falls in the middle of the
    // broadcast and most deliveries are still waiting in Redis, not yet taken by a worker.
    h = await startHarness({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_GLOBAL_PER_SECOND: '4', SEND_CONCURRENCY: '2', DIGEST_CRON: 'off' });
    org = await setupOrg(h, OPDS);
  }, 60_000);
  afterEach(async () => {
    if (!server) await startRedis();
  });
  afterAll(async () => {
    figure('Redis outages and flushes survived (no restart)', outages);
    figure('losses after a Redis outage or flush', losses);
    figure('double effects after a Redis outage or flush', doubles);
    await h?.close();
    if (server) await stopRedis();
  });

  async function issue(text: string) {
    const governor = (await findPersonByTelegramId(h.app.deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(h.app.deps, governor, { text, target: { kind: 'all' }, ackDeadline: now + 3_600_000, dueAt: now + 7_200_000, priority: 'biasa' });
    if (!res.ok) throw new Error('issue failed');
    return res;
  }
  const count = (pred: (c: RecordedCall) => boolean) => h.tg.calls.filter((c) => c.ok && pred(c)).length;
  const inGroup = (o: OrgMember, number: string) => (c: RecordedCall) =>
    c.method === 'sendMessage' && Number(c.payload.chat_id) === o.group.id && callText(c).includes(`ARAHAN ${number}`);
  function tally(number: string): number[] {
    const perGroup = org.map((o) => count(inGroup(o, number)));
    losses += perGroup.filter((n) => n === 0).length;
    doubles += perGroup.filter((n) => n > 1).length;
    return perGroup;
  }

  it(`stopped mid-broadcast for ${DOWN_MS / 1000} s, back empty: every group once; a ✅ pressed meanwhile is kept and shown`, { timeout: 60_000 + 2 * DOWN_MS }, async () => {
    const res = await issue('Siaga banjir: mohon posko disiapkan.');
    const [first] = await h.tg.waitFor((c) => c.ok && org.some((o) => inGroup(o, res.number)(c)), { count: 2, timeoutMs: 20_000 });
    await stopRedis();
    outages++;
    // The head of the first OPD reached acknowledges while Redis is away: the press is answered.
    const reached = org.find((o) => inGroup(o, res.number)(first!))!;
    const messageId = sentMessageId(first!);
    const assignment = (await h.app.deps.db
      .selectFrom('assignments')
      .innerJoin('opds', 'opds.id', 'assignments.opd_id')
      .select('assignments.id')
      .where('instruction_id', '=', res.instructionId)
      .where('opds.code', '=', reached.code)
      .executeTakeFirstOrThrow())!.id;
    const answer = await press(h.tg, reached.head, reached.group.id, messageId, `ack:${assignment}`);
    expect(answer.payload.show_alert).not.toBe(true);
    await new Promise((r) => setTimeout(r, DOWN_MS)); // the outage itself: time is the point here
    await startRedis();
    await until(() => org.every((o) => count(inGroup(o, res.number)) > 0), 60_000);
    expect(tally(res.number)).toEqual(org.map(() => 1));
    // The acknowledgement pressed during the outage is recorded and shown in its group.
    const state = await h.app.deps.db.selectFrom('assignments').select('state').where('id', '=', assignment).executeTakeFirstOrThrow();
    expect(state.state).toBe('acknowledged');
    await until(() => String(h.tg.getMessage(reached.group.id, messageId)?.text ?? '').includes('✅ Diterima oleh'), 30_000);
  });

  it('Kirim pressed while Redis is away, and pressed again: one instruction, each group once when Redis is back (finding 5)', { timeout: 60_000 + 2 * DOWN_MS }, async () => {
    // The letter form gives the preview at once (Redis up: the preview is a message).
    h.tg.sendText({ from: GOVERNOR, text: '/arahan Kepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\nSifat: segera\n\nMohon laporkan kesiapan posko.' });
    const [preview] = await h.tg.waitFor((c) => c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes('Pratinjau arahan'), {
      timeoutMs: 20_000,
    });
    const kirim = buttonsOf(preview!).find(([, data]) => data.startsWith('dr:send'))![1];
    const before = await h.app.deps.db.selectFrom('instructions').select('id').execute();
    await stopRedis();
    outages++;
    // The press is answered (button answers do not wait for the send gate's Redis), and so is a second press.
    const first = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(preview!), kirim);
    const second = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(preview!), kirim);
    expect(first.ok && second.ok).toBe(true);
    const after = await h.app.deps.db.selectFrom('instructions').select(['id', 'number']).execute();
    expect(after.length - before.length).toBe(1);
    const number = after.find((r) => !before.some((b) => b.id === r.id))!.number;
    await new Promise((r) => setTimeout(r, DOWN_MS)); // the outage itself: time is the point here
    await startRedis();
    await until(() => org.every((o) => count(inGroup(o, number)) > 0), 60_000);
    expect(tally(number)).toEqual(org.map(() => 1));
    expect((await h.app.deps.db.selectFrom('instructions').select('id').execute()).length - before.length).toBe(1);
  });

  it('flushed mid-broadcast (FLUSHALL): every group once, without a restart', { timeout: 90_000 }, async () => {
    const res = await issue('Mohon data pengungsi dikirim.');
    await h.tg.waitFor((c) => c.ok && org.some((o) => inGroup(o, res.number)(c)), { count: 2, timeoutMs: 20_000 });
    const admin = new Redis(port, '127.0.0.1');
    await admin.flushall();
    admin.disconnect();
    outages++;
    await until(() => org.every((o) => count(inGroup(o, res.number)) > 0), 60_000);
    expect(tally(res.number)).toEqual(org.map(() => 1));
  });
});
