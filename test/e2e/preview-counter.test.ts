import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../src/simulator/fake-telegram-types';
import { TELEGRAM_LIMITS } from '../support/fake-telegram-limits';
import { ask, buttonsOf, callText, GOVERNOR, lastSeq, sentMessageId, type Harness, type OrgMember, startWithOrg } from '../support/harness';

/**
 * Issue #14: the leader's preview shows the delivery's progress. Kirim turns the preview into
 * "sedang dikirim ke N grup OPD (0/N)" in its first and only immediate edit; the summary's
 * refresh jobs then move the counter at most every 5 s (PREVIEW_EDIT_INTERVAL_MS in
 * src/features/instruction/summary.ts) and end it with "terkirim ke n/N grup OPD".
 *
 * The bot sends 2 messages a second in all, so 12 groups take ~6 s and the counter has time to
 * move; the fake Bot API enforces Telegram's limits (1 a second into the leader's chat) and
 * answers 429 beyond them. Everything is asserted on the calls the fake received.
 */
const OPDS = 12;
/** The interval less the claim's slack (summary.ts): no two edits of the preview closer than this. */
const MIN_EDIT_GAP_MS = 4_500;

describe('the preview counts the delivery', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({ RATE_GLOBAL_PER_SECOND: '2', RATE_CHAT_PER_SECOND: '1', RATE_GROUP_PER_MINUTE: '20' }, OPDS));
    h.tg.setLimits(TELEGRAM_LIMITS);
    h.tg.resetStats();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  /** Presses Kirim on a fresh preview; resolves with the preview's message id and the seq before the tap. */
  async function kirim(text: string): Promise<{ previewId: number; seq: number }> {
    const preview = await ask(h.tg, GOVERNOR, `/arahan\nKepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\n${text}`);
    const data = buttonsOf(preview).find(([label]) => label === 'Kirim')![1];
    const seq = lastSeq(h.tg);
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(preview), data });
    return { previewId: sentMessageId(preview), seq };
  }

  const previewEdits = (seq: number, previewId: number): RecordedCall[] =>
    h.tg.calls.filter((c) => c.seq > seq && c.ok && c.method === 'editMessageText' && Number(c.payload.chat_id) === GOVERNOR.id && Number(c.payload.message_id) === previewId);

  it('shows (0/12) at once, moves at most every 5 s, ends with "terkirim ke 12/12"; the leader’s chat is never over its 1 a second', async () => {
    const { previewId, seq } = await kirim('Mohon laporkan kesiapan posko siaga banjir.');

    const final = await h.tg.waitFor(
      (c) => c.seq > seq && c.ok && c.method === 'editMessageText' && Number(c.payload.message_id) === previewId && /terkirim ke 12\/12 grup OPD/.test(callText(c)),
      { description: 'the preview saying "terkirim ke 12/12 grup OPD"', timeoutMs: 30_000 },
    );
    expect(final).toHaveLength(1);
    for (const m of org) expect(h.tg.sent(m.group.id).some((c) => c.seq > seq && callText(c).includes('ARAHAN '))).toBe(true);

    // The first answer into the leader's chat is the preview itself, with the counter at 0.
    const mine = h.tg.calls.filter((c) => c.seq > seq && c.ok && Number(c.payload.chat_id) === GOVERNOR.id);
    expect(mine[0]!.method).toBe('editMessageText');
    expect(Number(mine[0]!.payload.message_id)).toBe(previewId);
    expect(callText(mine[0]!)).toMatch(/ARH-\d{4}-\d{4}<\/b> sedang dikirim ke 12 grup OPD \(0\/12\)\./);

    const edits = previewEdits(seq, previewId);
    const counters = edits.map((c) =>
      callText(c)
        .match(/\((\d+)\/12\)|terkirim ke (\d+)\/12/)!
        .slice(1)
        .find((x) => x !== undefined),
    );
    // It moved while the groups were being reached (not only 0, then done), never backwards, and ended there.
    expect(counters[0]).toBe('0');
    expect(counters.at(-1)).toBe('12');
    expect(counters.some((n) => Number(n) > 0 && Number(n) < 12)).toBe(true);
    expect(counters.map(Number)).toEqual([...counters.map(Number)].sort((a, b) => a - b));
    // No two edits of the preview closer than the interval (the final one included).
    for (let i = 1; i < edits.length; i++) expect(edits[i]!.at - edits[i - 1]!.at).toBeGreaterThanOrEqual(MIN_EDIT_GAP_MS);
    // The fake enforces Telegram's limits: nothing into the leader's chat (or anywhere) was refused.
    expect(h.tg.stats.tooManyRequests).toBe(0);
    // The summary was sent once and not re-edited by the counter's ticks (it did not change).
    const summaryCalls = mine.filter((c) => /📊 <b>ARH-/.test(callText(c)));
    expect(summaryCalls.map((c) => c.method)).toEqual(['sendMessage']);
  }, 60_000);

  it('a group that cannot be reached: the final form says how many did not get it, as the summary does', async () => {
    const [kicked1, kicked2] = [org[3]!, org[7]!];
    h.tg.failChat(kicked1.group.id, 'kicked');
    h.tg.failChat(kicked2.group.id, 'kicked');
    try {
      const { previewId, seq } = await kirim('Mohon data pengungsi per kecamatan.');
      const [final] = await h.tg.waitFor(
        (c) => c.seq > seq && c.ok && c.method === 'editMessageText' && Number(c.payload.message_id) === previewId && /terkirim ke/.test(callText(c)),
        { description: 'the preview in its final form', timeoutMs: 30_000 },
      );
      expect(callText(final!)).toMatch(/terkirim ke 10\/12 grup OPD\.\n⚠️ 2 OPD belum dapat dikirimi/);
      const edits = previewEdits(seq, previewId);
      for (let i = 1; i < edits.length; i++) expect(edits[i]!.at - edits[i - 1]!.at).toBeGreaterThanOrEqual(MIN_EDIT_GAP_MS);
      // The failures changed the summary while the counter's ticks ran: it was edited once per
      // change, never refused as "not modified" (a send of the leader's chat spent for nothing).
      expect(h.tg.calls.filter((c) => c.seq > seq && Number(c.payload.chat_id) === GOVERNOR.id && !c.ok)).toEqual([]);
    } finally {
      h.tg.failChat(kicked1.group.id, null);
      h.tg.failChat(kicked2.group.id, null);
    }
  }, 60_000);
});
