import { Queue, Worker } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/infra/db/database';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { reconcileTimers } from '../../src/features/remind/reminders';
import { issueInstruction } from '../../src/features/issue/issue';
import {
  ADMIN,
  ask,
  callText,
  GOVERNOR,
  lastSeq,
  REDIS_URL,
  removeRedisKeys,
  SECRETARIAT,
  waitForValue,
  setupOrg,
  startHarness,
  type Harness,
  type OrgMember,
} from '../support/harness';

/**
 * Redis holds the timers, the database the truth: a flushed Redis and a restart lose no
 * reminder; a bot that was down across many intervals sends one catch-up reminder, not a
 * burst; an OPD group that is gone is marked unreachable and the secretariat told once.
 */
const FAST = { REMINDER_SEGERA: '1s', QUIET_HOURS: 'off', WORKING_DAYS: '0-6', HOLIDAYS_FILE: 'test/support/no-holidays.csv' };

describe('reminders survive Redis and restarts', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeEach(async () => {
    h = await startHarness(FAST);
    org = await setupOrg(h, 2);
  });
  afterEach(async () => {
    await h.close();
  });

  async function issue(codes: string[]) {
    const deps = h.app.deps;
    const governor = (await findPersonByTelegramId(deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(deps, governor, {
      text: 'Mohon data korban banjir dikirim.',
      target: { kind: 'codes', codes },
      ackDeadline: now + 3 * 3_600_000,
      dueAt: now + 6 * 3_600_000,
      priority: 'segera',
    });
    if (!res.ok) throw new Error('issue failed');
    return res.number;
  }
  const reminderTo = (chatId: number, number: string) => (c: { method: string; ok: boolean; payload: Record<string, unknown> }) =>
    c.method === 'sendMessage' && c.ok && Number(c.payload.chat_id) === chatId && callText(c).includes('Pengingat') && callText(c).includes(number);

  it('re-creates the pending reminders after Redis was flushed and the bot restarted', async () => {
    const [a] = org as [OrgMember];
    const number = await issue([a.code]);
    await h.tg.waitFor(reminderTo(a.group.id, number));
    await h.app.stop();
    await removeRedisKeys(h.config.queuePrefix); // Redis lost everything
    const before = lastSeq(h.tg);
    await h.restart();
    await h.tg.waitFor((c) => c.seq > before && reminderTo(a.group.id, number)(c), { count: 2 });
  });

  it('a timer job Redis kept as finished (failed, or completed without the database knowing) does not stop the reminders', async () => {
    const [a] = org as [OrgMember];
    const number = await issue([a.code]);
    await h.tg.waitFor(reminderTo(a.group.id, number));
    await h.app.stop();
    // Every waiting reminder job is replaced by a finished one under the same id, as BullMQ
    // leaves a job that stalled twice, or one whose result never reached the database.
    const connection = { url: REDIS_URL };
    const prefix = h.app.deps.queues.prefix; // QUEUE_PREFIX:<installation id>
    const timers = new Queue('timers', { connection, prefix });
    const pending = await timers.getJobs(['delayed', 'waiting', 'prioritized']);
    expect(pending.length).toBeGreaterThan(0);
    for (const job of pending) {
      await job.remove();
      await timers.add(job.name, job.data, { jobId: job.id! });
    }
    const finisher = new Worker('timers', async () => 'done elsewhere', { connection, prefix });
    const states = () => Promise.all(pending.map((job) => timers.getJobState(job.id!)));
    await waitForValue(states, (all) => all.every((st) => st === 'completed'), 'the replaced timer jobs completed');
    await finisher.close();
    await timers.close();
    const before = lastSeq(h.tg);
    await h.restart();
    await h.tg.waitFor((c) => c.seq > before && reminderTo(a.group.id, number)(c));
  });

  it('after a long outage sends one catch-up reminder, not one per missed interval', async () => {
    const [a] = org as [OrgMember];
    const number = await issue([a.code]);
    await h.tg.waitFor(reminderTo(a.group.id, number));
    await h.app.stop();
    await removeRedisKeys(h.config.queuePrefix);
    // While the bot was down, ten reminder intervals (of an hour, as the restarted bot is set) passed.
    const db = createDatabase(h.config.databaseUrl);
    await db
      .updateTable('assignments')
      .set({ last_reminder_at: Date.now() - 10 * 3_600_000 })
      .execute();
    await db.destroy();
    const before = lastSeq(h.tg);
    const app = await h.restart({ REMINDER_SEGERA: '1h' });
    await h.tg.waitFor((c) => c.seq > before && reminderTo(a.group.id, number)(c));
    // Planning again (as another start would) does not add a second one.
    await reconcileTimers(app.deps);
    const plan = await ask(h.tg, GOVERNOR, `/pengingat ${number}`);
    expect(callText(plan)).toContain(`${a.code}: pengingat konfirmasi`);
    const sinceRestart = h.tg.calls.filter((c) => c.seq > before && reminderTo(a.group.id, number)(c));
    expect(sinceRestart).toHaveLength(1);
    const counts = await app.deps.db.selectFrom('assignments').select('reminder_count').execute();
    expect(counts[0]!.reminder_count).toBe(2);
  });

  it('an OPD group that kicked the bot is marked unreachable and the secretariat is told once', async () => {
    const [a, b] = org as [OrgMember, OrgMember];
    const number = await issue([a.code, b.code]);
    await h.tg.waitFor(reminderTo(a.group.id, number));
    h.tg.failChat(a.group.id, 'kicked');
    const [notice] = await h.tg.waitFor(
      (c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === SECRETARIAT.id && callText(c).includes(`${a.code}</b>`) && callText(c).includes('tidak dapat dijangkau'),
    );
    expect(callText(notice!)).toContain('kicked');
    // Other OPDs keep being reminded; the head of A still gets direct reminders.
    const since = lastSeq(h.tg);
    await h.tg.waitFor((c) => c.seq > since && reminderTo(b.group.id, number)(c), { count: 3 });
    await h.tg.waitFor((c) => c.seq > since && reminderTo(a.head.id, number)(c));
    const notices = h.tg.sent(SECRETARIAT.id).filter((c) => callText(c).includes('tidak dapat dijangkau'));
    expect(notices).toHaveLength(1);
    const opd = await ask(h.tg, ADMIN, '/opd');
    expect(callText(opd)).toMatch(new RegExp(`${a.code}</b> — .*grup tidak dapat dijangkau`));
  });
});
