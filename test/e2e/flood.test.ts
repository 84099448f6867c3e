import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesFor } from '../../src/infra/i18n';
import { MUTE_MS } from '../../src/infra/telegram/flood';
import { ask, callText, GOVERNOR, issueTo, lastSeq, setupOrg, startHarness, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #13, finding 14: 800 commands from 40 unregistered accounts doubled an instruction's
 * delivery time. Answers to unregistered people, or to anyone sending more than their share,
 * must never take the budget deliveries need: each person has a limit (answered once, then
 * silent for a while) and such answers go at the lowest send priority.
 *
 * The gate allows 10 sends a second in all, so an instruction to 20 groups takes about 2 s and
 * every answer taken out of that budget shows. The per-person limits are the defaults.
 */
const OPDS = 20;
const FLOODERS = Array.from({ length: 10 }, (_, i) => ({ id: 90_100 + i, first_name: `Tamu${i + 1}`, last_name: 'Luar' }));
const COMMANDS = ['/status', '/bantuan', '/start', '/belum', '/rekap'];
const NOTICE = messagesFor('id').tooManyUpdates(MUTE_MS.guest / 60_000);
const isNotice = (text: string) => text === NOTICE;

describe('a flood of commands from unregistered accounts', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    h = await startHarness({
      UPDATES_PER_MINUTE: '60',
      GUEST_UPDATES_PER_MINUTE: '5',
      RATE_GLOBAL_PER_SECOND: '10',
    });
    org = await setupOrg(h, OPDS);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const flood = (rounds: number) => {
    for (let round = 0; round < rounds; round++) for (const f of FLOODERS) h.tg.sendText({ from: f, text: COMMANDS[round % COMMANDS.length]! });
  };

  it('is answered a few times per account (the notice once), after an instruction issued at the same time has reached every group', { timeout: 90_000 }, async () => {
    const before = lastSeq(h.tg);
    const started = Date.now();
    const issuing = issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 86_400_000 });
    // The flood begins as the first group receives the instruction: 50 commands from each account.
    await h.tg.waitFor((c) => c.seq > before && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) < 0 && callText(c).includes('ARAHAN '), {
      timeoutMs: 10_000,
      description: 'the first delivery',
    });
    flood(50);
    const issued = await issuing;

    const deliveries = org.map((m) => h.tg.sent(m.group.id).find((c) => c.seq > before && callText(c).includes(`ARAHAN ${issued.number}`))!);
    const last = deliveries.reduce((a, b) => (b.seq > a.seq ? b : a));
    // Each account is told once that it sends too much…
    for (const f of FLOODERS) await h.tg.waitForMessage(f.id, 'terlalu banyak pesan', { timeoutMs: 30_000 });
    await h.tg.waitForConfirmed({ timeoutMs: 30_000 });
    // (Anything still on its way at low priority has long gone by now at 10 a second.)
    await new Promise((r) => setTimeout(r, 1_500));

    for (const f of FLOODERS) {
      const answers = h.tg.sent(f.id).filter((c) => c.seq > before);
      // …and answered at most its allowance (5) besides, not 50 times.
      expect(answers.length, `answers to ${f.first_name}`).toBeLessThanOrEqual(6);
      expect(
        answers.filter((c) => isNotice(callText(c))),
        `notices to ${f.first_name}`,
      ).toHaveLength(1);
    }
    // The deliveries went first: no answer to the flood took a slot before the last group had its message.
    const early = FLOODERS.flatMap((f) => h.tg.sent(f.id).filter((c) => c.seq > before && c.seq < last.seq));
    expect(early.length, 'answers to the flood sent before the last delivery').toBeLessThanOrEqual(1);
    // 20 deliveries at 10 a second: about 2 s, not doubled.
    expect(last.at - started, 'ms from issuing to the last delivery').toBeLessThan(5_000);
  });

  it("does not touch a registered person's normal use, while the accounts keep flooding", { timeout: 60_000 }, async () => {
    const before = lastSeq(h.tg);
    flood(20);
    for (let i = 0; i < 40; i++) {
      const answer = await ask(h.tg, GOVERNOR, i % 2 === 0 ? '/status' : '/bantuan');
      expect(isNotice(callText(answer)), `answer ${i + 1}`).toBe(false);
    }
    expect(h.tg.sent(GOVERNOR.id).filter((c) => c.seq > before)).toHaveLength(40);
    await h.tg.waitForConfirmed({ timeoutMs: 30_000 });
    // The accounts are still being ignored: nothing more for them.
    await new Promise((r) => setTimeout(r, 500));
    for (const f of FLOODERS)
      expect(
        h.tg.sent(f.id).filter((c) => c.seq > before),
        `answers to ${f.first_name}`,
      ).toHaveLength(0);
  });
});
