import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInstruction } from '../../src/features/issue/issue';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { SendGate } from '../../src/infra/telegram/gate';
import { RateLimiter, TELEGRAM_LIMITS } from '../support/fake-telegram-limits';
import { ask, buttonsOf, callText, GOVERNOR, lastSeq, REDIS_URL, removeRedisKeys, sentMessageId, setupOrg, startHarness, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #14: the send gate is fair. A chat that may not take a message yet (the leader's
 * private chat at its 1 a second, a group at its 20 a minute) waits alone: the global budget
 * goes meanwhile to the sends whose chats are free, highest priority first, and the leader's
 * tap is answered first.
 *
 * The bot sends at most 20 a second, one a second into a chat, twenty a minute into a group,
 * two sends at a time (SEND_CONCURRENCY 2: the deliveries ask the gate about in the queue's
 * order); the fake Bot API enforces Telegram's limits and answers 429 beyond them.
 * Everything is asserted by the order in which the fake received the calls.
 */
/**
 * The priority story needs routine deliveries still waiting when the urgent one is queued: 59
 * take the gate at least 2.95 s (20 a second). Seven took 0.35 s, and once, on a loaded machine
 * (three test files at a time), all seven had gone before the urgent one was in the queue.
 */
const OPDS = 60;

describe('fair sending', () => {
  let h: Harness;
  let org: OrgMember[];
  const redis = new Redis(REDIS_URL);
  /** The gate as another process of this deployment sees it (same Redis keys, same limits). */
  let otherProcess: SendGate;

  beforeAll(async () => {
    h = await startHarness({ RATE_GLOBAL_PER_SECOND: '20', RATE_CHAT_PER_SECOND: '1', RATE_GROUP_PER_MINUTE: '20', SEND_CONCURRENCY: '2' });
    otherProcess = new SendGate(redis, h.config.queuePrefix, { globalPerSecond: 20, chatPerSecond: 1, groupPerMinute: 20 });
    org = await setupOrg(h, OPDS, 500, 'database');
    h.tg.setLimits(TELEGRAM_LIMITS);
    h.tg.resetStats();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    redis.disconnect();
  });

  it('Kirim: the tap is answered, the preview turns into "sedang dikirim", then the summary — and every group has the instruction while the leader’s chat is still busy', async () => {
    // The preview has just taken the leader's chat: its next message may go only a second later.
    const targets = org.slice(0, 4);
    const preview = await ask(
      h.tg,
      GOVERNOR,
      `/arahan\nKepada: ${targets.map((m) => m.code).join(', ')}\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\nMohon laporkan kesiapan posko siaga banjir.`,
    );
    const kirim = buttonsOf(preview).find(([label]) => label === 'Kirim')![1];
    const seq = lastSeq(h.tg);
    // Another process is sending the leader three messages (through the same gate, in Redis):
    // the leader's chat is taken for the next three seconds. Marked: what the fake had received
    // when the third of them got its slot.
    const busy = Array.from({ length: 3 }, () => otherProcess.acquire(GOVERNOR.id));
    const busyUntilSeq = busy[2]!.then(() => Math.max(...h.tg.calls.map((c) => c.seq)));
    const tap = h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(preview), data: kirim });

    // (After the three busy seconds, the edit's second and its own: about five seconds.)
    const summary = await h.tg.waitForMessage(GOVERNOR.id, /📊 <b>ARH-\d{4}-\d{4}<\/b>/, { timeoutMs: 15_000 });
    const groups = await Promise.all(targets.map((m) => h.tg.waitForMessage(m.group.id, 'ARAHAN ARH-')));

    const answered = h.tg.callsTo('answerCallbackQuery').find((c) => String(c.payload.callback_query_id) === tap.callback_query!.id)!;
    const mine = h.tg.calls.filter((c) => c.seq > seq && c.ok && Number(c.payload.chat_id) === GOVERNOR.id);
    // What the leader sees, in order: the tap answered, the preview itself saying that it goes out
    // (and without its buttons), then the summary. Nothing else in between.
    expect(mine.map((c) => c.method)).toEqual(['editMessageText', 'sendMessage']);
    const [edit] = mine;
    expect(answered.seq).toBeLessThan(edit!.seq);
    expect(Number(edit!.payload.message_id)).toBe(sentMessageId(preview));
    expect(callText(edit!)).toMatch(/ARH-\d{4}-\d{4}<\/b> sedang dikirim ke 4 grup OPD/);
    expect(edit!.payload.reply_markup).toBeUndefined();
    expect(mine[1]!.seq).toBe(summary.seq);

    // The groups did not wait for the leader's chat: all had it before that chat's third busy
    // second was over (before: the slowest chat's slot held every send asked for after it, and the
    // groups came after the busy seconds, the edit, then the summary). Three seconds, not one: on
    // a loaded machine (three test files at a time) four deliveries once took longer than one.
    const until = await busyUntilSeq;
    for (const g of groups) expect(g.seq).toBeLessThanOrEqual(until);
    for (const g of groups) expect(g.seq).toBeLessThan(summary.seq);
    expect(h.tg.stats.tooManyRequests).toBe(0);
  });

  it('priorities still hold: a segera instruction issued behind a routine one reaches its group before the routine one’s remaining groups', async () => {
    const deps = h.app.deps;
    const governor = (await findPersonByTelegramId(deps.db, GOVERNOR.id))!;
    const routine = org.slice(0, OPDS - 1);
    const urgent = org[OPDS - 1]!;
    const seq = lastSeq(h.tg);
    const draft = (codes: string[], priority: 'biasa' | 'segera', text: string) => ({
      text,
      target: { kind: 'codes' as const, codes },
      ackDeadline: Date.now() + 3_600_000,
      dueAt: Date.now() + 86_400_000,
      priority,
    });
    const first = issueInstruction(
      deps,
      governor,
      draft(
        routine.map((m) => m.code),
        'biasa',
        'Mohon perbarui data inventaris kantor.',
      ),
    );
    // The routine deliveries are under way, the rest of them queued…
    await h.tg.waitFor((c) => c.seq > seq && c.ok && c.method === 'sendMessage' && callText(c).includes('Mohon perbarui data inventaris kantor.'), {
      description: 'the first routine delivery',
    });
    // …when the urgent one is issued. Its delivery is in the queue when `announce` is called
    // (before the summary, which waits for the leader's chat): that moment is marked.
    let queued = Number.POSITIVE_INFINITY;
    const second = await issueInstruction(deps, governor, draft([urgent.code], 'segera', 'Mohon segera kirim tim ke lokasi banjir.'), undefined, async () => {
      queued = Math.max(...h.tg.calls.map((c) => c.seq));
    });
    expect((await first).ok && second.ok).toBe(true);

    const urgentMsg = await h.tg.waitForMessage(urgent.group.id, 'Mohon segera kirim tim ke lokasi banjir.');
    const routineMsgs = await Promise.all(routine.map((m) => h.tg.waitForMessage(m.group.id, 'Mohon perbarui data inventaris kantor.')));
    const lastRoutine = Math.max(...routineMsgs.map((c) => c.seq));
    // Of the routine deliveries still waiting when it was queued, most go after it. Not all: while
    // the urgent delivery is being prepared (its database work, on a loaded machine 0.3 s), the
    // other send slot (SEND_CONCURRENCY 2) goes on with routine ones; 7 did once, on PostgreSQL
    // with three test files at a time. In the queue's order it would come after every one of them.
    const waiting = routineMsgs.filter((c) => c.seq > queued);
    const after = waiting.filter((c) => c.seq > urgentMsg.seq);
    expect(urgentMsg.seq).toBeLessThan(lastRoutine);
    expect(waiting.length).toBeGreaterThan(10);
    expect(after.length).toBeGreaterThan(waiting.length / 2);
    expect(h.tg.stats.tooManyRequests).toBe(0);
  });
});

describe('fair sending at the gate: a group at its 20 a minute', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = `fair-gate-${process.pid}-${Date.now()}`;
  afterAll(async () => {
    await removeRedisKeys(prefix);
    redis.disconnect();
  });

  it('waits alone for its minute, while sends into other groups go; Telegram’s sliding windows accept every send', async () => {
    // (No limit per chat here, so that twenty messages fill a group's minute in one second.)
    const gate = new SendGate(redis, prefix, { globalPerSecond: 20, chatPerSecond: 100_000, groupPerMinute: 20 });
    // What Telegram would count: the fake Bot API's own limiter, fed the moments the sends leave.
    const telegram = new RateLimiter();
    telegram.set({ globalPerSecond: TELEGRAM_LIMITS.globalPerSecond, perGroupPerMinute: TELEGRAM_LIMITS.perGroupPerMinute });
    const refused: number[] = [];
    const send = async (chat: number, signal?: AbortSignal) => {
      await gate.acquire(chat, signal);
      if (telegram.check(chat, performance.now()) > 0) refused.push(chat);
    };
    // A busy group: twenty messages fill its minute.
    const busy = -100_990;
    for (let i = 0; i < 20; i++) await send(busy);

    const giveUp = new AbortController();
    const order: string[] = [];
    const twentyFirst = send(busy, giveUp.signal).then(
      () => order.push('busy'),
      () => order.push('busy given up'),
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => send(-100_900 - i).then(() => order.push(`other ${i}`))));
    // Before, the 21st took the global slot at the group's own time (3 s later by a rate with a
    // burst of 20, which Telegram's one-minute window refuses) and the ten queued behind it.
    expect(order.filter((o) => o.startsWith('other'))).toHaveLength(10);
    expect(order).not.toContain('busy');
    giveUp.abort();
    await twentyFirst;
    expect(order.at(-1)).toBe('busy given up');
    expect(refused).toEqual([]);
  }, 60_000);
});
