import type { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverAssignment } from '../../src/features/deliver/deliver';
import { issueInstruction } from '../../src/features/issue/issue';
import { findPersonByTelegramId, upsertPerson } from '../../src/features/organisation/people.queries';
import type { AppDeps } from '../../src/infra/deps';
import { GOVERNOR, startHarness, type Harness } from '../support/harness';

/**
 * Issue #14: a worker writes the deliveries it sends at the same moment together — one read
 * and one "sending" update before the sends, one transaction with "sent" after them. What
 * must not change: each send leaves only once its own delivery is recorded as being sent,
 * each is recorded as sent with its message id, once, with its event and its reminders; and
 * an instruction reaches every OPD of a nation-wide deployment (22,000 groups).
 */
describe('deliveries written together (issue #14)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const groupOf = (i: number) => -1009000000 - i;

  /** `n` OPDs with linked groups and the governor, written straight into the database. */
  async function seed(n: number): Promise<void> {
    const db = h.app.deps.db;
    const now = Date.now();
    await upsertPerson(db, { telegram_id: GOVERNOR.id, name: 'Herman Gubernur', role: 'pimpinan', opd_id: null }, now);
    for (let from = 0; from < n; from += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - from) }, (_, k) => from + k).map((i) => ({
        code: `OPD${String(i + 1).padStart(5, '0')}`,
        name: `Dinas Nomor ${i + 1}`,
        cluster: null,
        chat_id: groupOf(i),
        chat_title: `Grup ${i + 1}`,
        chat_status: 'linked' as const,
        created_at: now,
        updated_at: now,
      }));
      await db.insertInto('opds').values(rows).execute();
    }
  }

  async function issueToAll() {
    const governor = (await findPersonByTelegramId(h.app.deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(h.app.deps, governor, {
      text: 'Mohon seluruh OPD melaporkan kesiapan posko siaga bencana.',
      target: { kind: 'all' },
      ackDeadline: now + 3_600_000,
      dueAt: now + 7_200_000,
      priority: 'segera',
    });
    if (!res.ok) throw new Error(`issue failed: ${JSON.stringify(res)}`);
    return res;
  }

  it('60 deliveries at once: each send finds its own delivery recorded as being sent; each is then sent once, with its event and its reminders', async () => {
    // No workers: this test runs the deliveries itself, all at once, as a busy worker does.
    h = await startHarness({}, { bot: false, workers: false });
    await seed(60);
    const issued = await issueToAll();
    const db = h.app.deps.db;
    const assignments = await db.selectFrom('assignments').select(['id', 'chat_id']).where('instruction_id', '=', issued.instructionId).execute();
    expect(assignments).toHaveLength(60);

    // Telegram, as the worker sees it: before answering, it looks at what the database says
    // about the delivery being sent.
    const atSend = new Map<number, string>();
    let nextMessageId = 500;
    const api = {
      sendMessage: async (chatId: number) => {
        const row = await db
          .selectFrom('assignments')
          .select(['delivery_state', 'delivery_attempts'])
          .where('instruction_id', '=', issued.instructionId)
          .where('chat_id', '=', chatId)
          .executeTakeFirstOrThrow();
        atSend.set(chatId, `${row.delivery_state}, attempt ${row.delivery_attempts}`);
        return { message_id: nextMessageId++, chat: { id: chatId } };
      },
    } as unknown as Api;
    const deps: AppDeps = { ...h.app.deps, api };

    const results = await Promise.all(assignments.map((a) => deliverAssignment(deps, a.id)));
    expect(results.every((r) => r === 'sent')).toBe(true);
    expect([...atSend.values()]).toEqual(assignments.map(() => 'sending, attempt 1'));

    // Each recorded as sent with the message id its own send got, and one event each.
    const after = await db
      .selectFrom('assignments')
      .select(['id', 'chat_id', 'delivery_state', 'message_id', 'state'])
      .where('instruction_id', '=', issued.instructionId)
      .execute();
    const ids = new Set(after.map((a) => a.message_id));
    expect(after.every((a) => a.delivery_state === 'sent' && a.state === 'delivered' && a.message_id !== null)).toBe(true);
    expect(ids.size).toBe(60);
    const events = await db.selectFrom('events').select('assignment_id').where('kind', '=', 'delivered').where('instruction_id', '=', issued.instructionId).execute();
    expect(events.map((e) => e.assignment_id).sort()).toEqual(assignments.map((a) => a.id).sort());

    // The reminders of every delivery are planned.
    await h.app.deps.dispatcher.flush();
    const plans = await h.app.deps.queues.timers.getJobs(['waiting', 'prioritized', 'delayed']);
    const planned = plans.flatMap((j) => ('plan' in j.data ? j.data.plan : []));
    expect(new Set(planned)).toEqual(new Set(assignments.map((a) => a.id)));

    // Run again (a job retried after its worker died): nothing is sent twice.
    const again = await Promise.all(assignments.map((a) => deliverAssignment(deps, a.id)));
    expect(again.every((r) => r === 'skipped')).toBe(true);
    expect(atSend.size).toBe(60);
    expect(nextMessageId).toBe(560);
  });

  it('an instruction to 5,000 OPDs is issued: every OPD gets its delivery (one INSERT of them all went past SQLite’s 32,766 parameters)', async () => {
    h = await startHarness({}, { bot: false, workers: false });
    await seed(5000);
    const issued = await issueToAll();
    expect(issued.sentTo).toBe(5000);
    const queued = await h.app.deps.db
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('instruction_id', '=', issued.instructionId)
      .where('delivery_state', '=', 'queued')
      .executeTakeFirstOrThrow();
    expect(Number(queued.n)).toBe(5000);
    expect(await h.app.deps.queues.send.getJobCountByTypes('waiting', 'prioritized')).toBe(5000);
  });
});
