import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInstruction } from '../../src/features/issue/issue';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import type { RecordedCall } from '../support/fake-telegram';
import { callText, GOVERNOR, press, SECRETARIAT, sentMessageId, setupOrg, startHarness, until, type Harness, type OrgMember } from '../support/harness';
import { figure } from './figures';

/**
 * Telegram failing in every way at once, in the middle of a broadcast: a third of the calls
 * answered 500 or cut off before Telegram executed them, 429s from the fake's own limits
 * (Telegram's: 30/s, 1/s per chat, 20/min per group, at a tenth of the speed), and two groups
 * that removed the bot (403) while it was sending. Every reachable group gets the instruction
 * exactly once, the two unreachable ones are recorded and the issuer and the secretariat told
 * once, and acknowledgements pressed during the storm are answered and shown.
 */
const OPDS = 12;

describe('Telegram failing during a broadcast', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    h = await startHarness({ RATE_GLOBAL_PER_SECOND: '3', RATE_CHAT_PER_SECOND: '1', RATE_GROUP_PER_MINUTE: '20', DIGEST_CRON: 'off' });
    org = await setupOrg(h, OPDS);
  }, 60_000);
  afterAll(() => h?.close());

  const count = (pred: (c: RecordedCall) => boolean) => h.tg.calls.filter((c) => c.ok && pred(c)).length;

  it('500s, cut connections, 429s and 403s mid-broadcast: every reachable group once, the others reported once', { timeout: 120_000 }, async () => {
    // The fake's limits are tighter than the bot's own pacing expects: 429s happen.
    h.tg.setLimits({ globalPerSecond: 2, perChatPerSecond: 1, perGroupPerMinute: 20, retryAfterSeconds: 1 });
    h.tg.failRandomly({ share: 0.3, kind: '500', methods: ['sendMessage', 'editMessageText', 'answerCallbackQuery'], seed: 7 });
    const governor = (await findPersonByTelegramId(h.app.deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(h.app.deps, governor, {
      text: 'Siaga cuaca ekstrem.',
      target: { kind: 'all' },
      ackDeadline: now + 3_600_000,
      dueAt: now + 7_200_000,
      priority: 'segera',
    });
    if (!res.ok) throw new Error('issue failed');
    const inGroup = (o: OrgMember) => (c: RecordedCall) => c.method === 'sendMessage' && Number(c.payload.chat_id) === o.group.id && callText(c).includes(`ARAHAN ${res.number}`);
    // Two groups remove the bot while the broadcast runs (before their turn).
    const [first] = await h.tg.waitFor((c) => c.ok && org.some((o) => inGroup(o)(c)), { timeoutMs: 30_000 });
    const gone = org.filter((o) => count(inGroup(o)) === 0).slice(-2);
    for (const o of gone) h.tg.failChat(o.group.id, 'kicked');
    // Cut connections (before Telegram executes) as well, from here on.
    h.tg.failRandomly({ share: 0.3, kind: 'drop', methods: ['sendMessage', 'editMessageText'], seed: 11 });
    // A head acknowledges during the storm.
    const reached = org.find((o) => inGroup(o)(first!))!;
    const assignment = (await h.app.deps.db
      .selectFrom('assignments')
      .innerJoin('opds', 'opds.id', 'assignments.opd_id')
      .select('assignments.id')
      .where('instruction_id', '=', res.instructionId)
      .where('opds.code', '=', reached.code)
      .executeTakeFirstOrThrow())!.id;
    let answered = false;
    for (let i = 0; i < 5 && !answered; i++) {
      // A press whose answer Telegram lost (500) is pressed again, as a person would.
      const answer = await press(h.tg, reached.head, reached.group.id, sentMessageId(first!), `ack:${assignment}`).catch(() => null);
      answered = answer?.ok === true;
    }
    const reachable = org.filter((o) => !gone.includes(o));
    await until(() => reachable.every((o) => count(inGroup(o)) > 0), 90_000);
    h.tg.clearFailures();
    const perGroup = reachable.map((o) => count(inGroup(o)));
    figure('Telegram faults injected (500, cut connection, 429, 403)', h.tg.calls.filter((c) => !c.ok).length + h.tg.stats.tooManyRequests);
    figure('double effects under Telegram faults', perGroup.filter((n) => n > 1).length);
    figure('losses under Telegram faults', perGroup.filter((n) => n === 0).length);
    expect(perGroup).toEqual(reachable.map(() => 1));
    expect(h.tg.stats.tooManyRequests).toBeGreaterThan(0);
    // The unreachable groups: recorded as failed, the issuer and the secretariat told once each.
    await until(async () => {
      const rows = await h.app.deps.db
        .selectFrom('assignments')
        .select('delivery_state')
        .where('instruction_id', '=', res.instructionId)
        .where('delivery_state', '=', 'failed')
        .execute();
      return rows.length === gone.length;
    }, 30_000);
    const told = (chatId: number) => count((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === chatId && callText(c).includes('tidak dapat dijangkau'));
    await until(() => told(GOVERNOR.id) >= gone.length && told(SECRETARIAT.id) >= gone.length, 30_000);
    expect(told(GOVERNOR.id)).toBe(gone.length);
    expect(told(SECRETARIAT.id)).toBe(gone.length);
    // The acknowledgement pressed during the storm is kept and shown on the group message.
    expect(answered).toBe(true);
    await until(() => String(h.tg.getMessage(reached.group.id, sentMessageId(first!))?.text ?? '').includes('✅ Diterima oleh'), 30_000);
  });
});
