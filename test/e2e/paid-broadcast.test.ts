import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paidSendsOf } from '../../src/features/instruction/instructions.queries';
import { TELEGRAM_LIMITS } from '../support/fake-telegram-limits';
import { ANY_DAY_ENV, callText, GOVERNOR, issueTo, setupOrg, startHarness, type Harness, type IssuedInstruction, type OrgMember } from '../support/harness';

/**
 * Issue #14, paid broadcast as an option: a segera instruction to more groups than the free rate
 * reaches within PAID_BROADCAST_TARGET sends the excess with Telegram's `allow_paid_broadcast`
 * (counted by Telegram against 1,000 a second instead of 30), at most the cap per instruction;
 * a biasa instruction never does, nor anything with the option off.
 *
 * The fake Bot API enforces Telegram's limits (30 a second, 1 a second into a chat, 20 a minute
 * into a group) and the paid limit (1,000 a second) for the sends that carry the flag; the bot's
 * gate is set to 25 a second (its slots: 24.3 a second). 90 groups with a target of 1 s: the free
 * rate reaches 24 of them in that second, so 66 would go paid; the cap is 40.
 */
const GROUPS = 90;
const CAP = 40;
const PAID_ENV = {
  ...ANY_DAY_ENV,
  // Below the fake's 30: this test is about which sends pay, not the gate's margin under load.
  RATE_GLOBAL_PER_SECOND: '25',
  RATE_CHAT_PER_SECOND: '1',
  RATE_GROUP_PER_MINUTE: '20',
  SEND_CONCURRENCY: '10',
  PAID_BROADCAST: 'on',
  PAID_BROADCAST_TARGET: '1s',
  PAID_BROADCAST_MAX_PER_INSTRUCTION: String(CAP),
};

const DAY = 86_400_000;

describe('paid broadcast', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    h = await startHarness(PAID_ENV);
    org = await setupOrg(h, GROUPS, 600, 'database');
    h.tg.setLimits(TELEGRAM_LIMITS);
    h.tg.resetStats();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  /** The instruction's messages in the groups, as the fake received them (accepted ones only). */
  function groupSends(issued: IssuedInstruction) {
    const groupIds = new Set(org.map((m) => m.group.id));
    return h.tg.callsTo('sendMessage').filter((c) => c.ok && groupIds.has(Number(c.payload.chat_id)) && String(c.payload.text).includes(`ARAHAN ${issued.number}</b>`));
  }

  function expectEveryGroupOnce(issued: IssuedInstruction): void {
    const perGroup = new Map<number, number>();
    for (const c of groupSends(issued)) perGroup.set(Number(c.payload.chat_id), (perGroup.get(Number(c.payload.chat_id)) ?? 0) + 1);
    expect(perGroup.size).toBe(GROUPS);
    expect([...perGroup.values()].every((n) => n === 1)).toBe(true);
  }

  it('a segera instruction the free rate cannot get out in time: the cap’s number of groups paid, the rest free, no 429, every group once', async () => {
    const issued = await issueTo(h, org, { ackInMs: DAY, dueInMs: 3 * DAY, priority: 'segera' });

    const sends = groupSends(issued);
    const paid = sends.filter((c) => c.payload.allow_paid_broadcast === true);
    expect(paid).toHaveLength(CAP);
    expect(sends.filter((c) => c.payload.allow_paid_broadcast === undefined)).toHaveLength(GROUPS - CAP);
    expectEveryGroupOnce(issued);
    expect(h.tg.stats.tooManyRequests).toBe(0);

    // Recorded: on the instruction (how many went paid) and on each delivery.
    const db = h.app.deps.db;
    expect(await paidSendsOf(db, issued.instructionId)).toBe(CAP);
    const flagged = await db.selectFrom('assignments').select('opd_id').where('instruction_id', '=', issued.instructionId).where('paid_broadcast', '=', 1).execute();
    expect(flagged).toHaveLength(CAP);
    // The issuer's summary says so.
    await h.tg.waitFor(
      (c) => c.ok && c.method === 'editMessageText' && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes(`⭐ ${CAP} pesan dikirim dengan siaran berbayar Telegram`),
      {
        description: 'the summary counting the paid messages',
      },
    );
  }, 60_000);

  it('a biasa instruction to the same groups goes at the free rate only', async () => {
    const issued = await issueTo(h, org, { ackInMs: DAY, dueInMs: 3 * DAY, priority: 'biasa' });

    const sends = groupSends(issued);
    expect(sends.filter((c) => c.payload.allow_paid_broadcast !== undefined)).toHaveLength(0);
    expectEveryGroupOnce(issued);
    expect(h.tg.stats.tooManyRequests).toBe(0);
    expect(await paidSendsOf(h.app.deps.db, issued.instructionId)).toBe(0);
    // Its summary (sent, or edited since) never mentions paid messages.
    const summaries = h.tg.calls.filter((c) => c.ok && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes(`📊 <b>${issued.number}</b>`));
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.some((c) => callText(c).includes('siaran berbayar'))).toBe(false);
  }, 60_000);

  it('with the option off, a segera instruction to as many groups never pays', async () => {
    await h.restart({ PAID_BROADCAST: 'off' });
    const issued = await issueTo(h, org, { ackInMs: DAY, dueInMs: 3 * DAY, priority: 'segera' });

    const sends = groupSends(issued);
    expect(sends.filter((c) => c.payload.allow_paid_broadcast !== undefined)).toHaveLength(0);
    expectEveryGroupOnce(issued);
    // Nothing refused, except a summary edit that two refreshes rendered alike: Telegram answers
    // the second "message is not modified", which the refresh takes as done (it failed this test
    // once in CI under load, with the summary code of before and after issue #14's counter).
    const refused = h.tg.calls.filter((c) => !c.ok && !/message is not modified/.test(JSON.stringify(c.response)));
    expect(refused.map((c) => `${c.method} ${String(c.payload.chat_id)} ${JSON.stringify(c.response)}`)).toEqual([]);
    expect(h.tg.stats.tooManyRequests).toBe(0);
    expect(await paidSendsOf(h.app.deps.db, issued.instructionId)).toBe(0);
  }, 60_000);
});
