import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlineKeyboardButton } from 'grammy/types';
import { renderExtensionRequest } from '../../src/features/extend/extend.view';
import { defaultMessages } from '../../src/infra/i18n';
import { buttonData, buttonsOf, callText, GOVERNOR, issueTo, lastSeq, press, say, sentMessageId, startWithOrg, waitAfter, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #15, "Telegram's newest features": the group's instruction message carries a green ✅
 * (Bot API 9.4 button style) and its deadlines as date_time entities (Bot API 9.5) with the
 * WIB text kept for older clients; and the number of messages an OPD group receives for one
 * instruction that is issued, acknowledged, reported done and accepted.
 */
const NEW_MESSAGES = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'copyMessage', 'forwardMessage']);

describe('a quieter group: coloured buttons, deadlines in the reader’s own time, few messages', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 1, 900));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('issue → ✅ → report done → accepted: the group gets one new message (was two), the ✅ is green, the deadlines are date_time entities', async () => {
    const a = org[0]!;
    const start = lastSeq(h.tg);
    const x = await issueTo(h, [a], { ackInMs: 3_600_000, dueInMs: 2 * 86_400_000, text: 'Mohon laporkan kesiapan posko siaga banjir.' });

    // Bot API 9.4: the ✅ is green.
    const delivered = h.tg.getMessage(a.group.id, x.message[a.code]!)!;
    const ack = (delivered.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text.startsWith('✅')) as InlineKeyboardButton;
    expect(ack.style).toBe('success');
    // Bot API 9.5: both deadlines are date_time entities over the WIB text older clients show.
    const entities = (delivered.entities ?? []).filter((e) => e.type === 'date_time');
    expect(entities).toHaveLength(2);
    for (const e of entities) {
      const shown = delivered.text!.slice(e.offset, e.offset + e.length);
      expect(shown).toMatch(/ WIB$/);
      expect(e).toMatchObject({ date_time_format: 'wDt' });
    }
    const [ackBy, dueBy] = entities as Array<{ unix_time: number }>;
    expect(dueBy!.unix_time - ackBy!.unix_time).toBeGreaterThan(86_000);

    // ✅: thanked in the button's answer only; the message is edited, nothing new is posted.
    const thanks = await press(h.tg, a.head, a.group.id, x.message[a.code]!, buttonData(h.tg, a.group.id, x.message[a.code]!, '✅'));
    expect(String(thanks.payload.text)).toContain('konfirmasi Bapak/Ibu telah dicatat');
    await h.tg.waitForMessage(a.group.id, 'Diterima oleh', { includeEdits: true });
    // After the edit the due date is still a date_time entity (the ack deadline is no longer shown).
    expect((h.tg.getMessage(a.group.id, x.message[a.code]!)!.entities ?? []).filter((e) => e.type === 'date_time')).toHaveLength(1);

    // Report done in the private chat, accepted by the issuer.
    await say(h.tg, a.head, `/start lapor-${x.assignment[a.code]}`, `Laporan tindak lanjut ${x.number}</b>`);
    let since = lastSeq(h.tg);
    h.tg.sendText({ from: a.head, text: 'Posko siaga sudah beroperasi 24 jam.' });
    const collected = await waitAfter(h.tg, since, a.head.id, `Diterima untuk laporan <b>${x.number}</b>`);
    since = lastSeq(h.tg);
    await press(h.tg, a.head, a.head.id, sentMessageId(collected), 'rp:done');
    const forwarded = await waitAfter(h.tg, since, GOVERNOR.id, new RegExp(`Laporan selesai</b> — arahan <b>${x.number}</b>`));
    const accept = buttonsOf(forwarded).find(([label]) => label.startsWith('✔'))!;
    since = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(forwarded), accept[1]);
    // The reporter hears it privately; the group's message shows it (an edit, no new message).
    await waitAfter(h.tg, since, a.head.id, `arahan <b>${x.number}</b> telah <b>diterima</b>`);
    await h.tg.waitForMessage(a.group.id, 'Laporan selesai OPD ini telah <b>diterima</b>', { includeEdits: true });

    const toGroup = h.tg.calls.filter((c) => c.seq > start && c.ok && NEW_MESSAGES.has(c.method) && Number(c.payload.chat_id) === a.group.id);
    // Before: 2 (the instruction and "laporan selesai … telah diterima" posted to the group).
    // Now: the instruction only; the ✅, the report and its acceptance are edits or private.
    expect(toGroup.map((c) => callText(c).split('\n')[0])).toEqual([expect.stringContaining(`ARAHAN ${x.number}`)]);
  });

  it('the deciders’ Setujui is green and Tolak red', () => {
    const { buttons } = renderExtensionRequest(defaultMessages, 'Asia/Jakarta', {
      requestId: 1,
      number: 'ARH-2026-0001',
      opdCode: 'OPD1',
      opdName: 'Dinas Nomor 1',
      requester: 'Kepala1 OPD',
      currentDue: Date.UTC(2026, 11, 4, 3),
      requestedDue: Date.UTC(2026, 11, 5, 3),
      reason: 'Menunggu data.',
    });
    const [[approve, refuse]] = (JSON.parse(buttons) as { inline_keyboard: Array<Array<{ text: string; style?: string }>> }).inline_keyboard as [
      [{ text: string; style?: string }, { text: string; style?: string }],
    ];
    expect(approve).toMatchObject({ text: 'Setujui', style: 'success' });
    expect(refuse).toMatchObject({ text: 'Tolak', style: 'danger' });
  });
});
