import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeadline } from '../../src/domain/deadline';
import { fromLocal, localDateKey, localParts } from '../../src/domain/time';
import { id } from '../../locales/id';
import {
  ask,
  buttonsOf,
  issueTo,
  press,
  say,
  waitAfter,
  callText,
  GOVERNOR,
  lastSeq,
  sentMessageId,
  setupOrg,
  startHarness,
  type Harness,
  type OrgMember,
} from '../support/harness';

/**
 * Issue #15: a deadline typed onto a day off. The preview says which day it falls on (a
 * Saturday, a national holiday by name) and offers "Geser … ke" the next working day at the
 * same time; not pressed, the deadline stays as typed.
 */
describe('deadlines on a day off (issue #15)', () => {
  let h: Harness;
  let org: OrgMember[];
  const HOLIDAY = 'Hari Libur Uji Coba';
  let saturday: number; // the next Saturday, 09.00
  let monday: number; // the Monday after it, 16.00: a holiday in this test's calendar

  beforeAll(async () => {
    const tz = 'Asia/Jakarta';
    saturday = (parseDeadline('Sabtu 09.00', Date.now(), tz) as { at: number }).at;
    const p = localParts(saturday, tz);
    monday = fromLocal(tz, p.year, p.month, p.day + 2, 16, 0);
    const dir = mkdtempSync(join(tmpdir(), 'arahan-libur-'));
    const file = join(dir, 'libur.csv');
    writeFileSync(file, `tanggal,jenis,keterangan\n${localDateKey(monday, tz)},libur_nasional,${HOLIDAY}\n`);
    h = await startHarness({ QUIET_HOURS: 'off', WORKING_DAYS: '1-5', HOLIDAYS_FILE: file });
    org = await setupOrg(h, 1, 940);
  });
  afterAll(async () => {
    await h?.close();
  });

  const buttonsNow = (messageId: number) =>
    (h.tg.getMessage(GOVERNOR.id, messageId)?.reply_markup?.inline_keyboard ?? []).flat().map((b) => [b.text, 'callback_data' in b ? (b.callback_data ?? '') : ''] as const);
  async function pressLabel(messageId: number, start: string) {
    const data = buttonsNow(messageId).find(([l]) => l.startsWith(start))?.[1];
    if (!data)
      throw new Error(
        `no button «${start}…»: ${buttonsNow(messageId)
          .map(([l]) => l)
          .join(' | ')}`,
      );
    const after = lastSeq(h.tg);
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId, data });
    const [call] = await h.tg.waitFor((c) => c.seq > after && c.ok && (c.method === 'sendMessage' || c.method === 'editMessageText') && Number(c.payload.chat_id) === GOVERNOR.id);
    return call!;
  }

  it('the letter form: a Saturday and a holiday are named, each moved by its own button, then sent with the moved deadlines', async () => {
    const tz = h.config.timezone;
    const mon = localParts(monday, tz);
    const preview = await ask(
      h.tg,
      GOVERNOR,
      `/arahan\nKepada: ${org[0]!.code}\nKonfirmasi: Sabtu 09.00\nSelesai: ${mon.day}/${mon.month}/${mon.year} 16.00\nSifat: biasa\n\nMohon siapkan laporan stok pangan.`,
    );
    const text = callText(preview);
    expect(text).toContain('Pratinjau arahan');
    expect(text).toContain('Batas waktu konfirmasi jatuh pada hari Sabtu');
    expect(text).toContain(`Batas waktu selesai jatuh pada hari libur nasional: ${HOLIDAY} (Senin)`);
    const ackNext = saturday + 3 * 86_400_000; // Sunday off, Monday the holiday: Tuesday 09.00
    const dueNext = monday + 86_400_000; // Tuesday 16.00
    expect(buttonsOf(preview).map(([l]) => l)).toEqual([
      `Geser konfirmasi ke ${id.fmt.shortDateTime(ackNext, tz)}`,
      `Geser selesai ke ${id.fmt.shortDateTime(dueNext, tz)}`,
      'Kirim',
      'Batal',
    ]);

    // Moving the deadline for completion first (the acknowledgement moved alone would pass it).
    const msg = sentMessageId(preview);
    const moved = await pressLabel(msg, 'Geser selesai');
    expect(moved.method).toBe('editMessageText');
    // The deadlines are date_time entities (Bot API 9.5): their WIB text is read without the tags.
    expect(callText(moved).replace(/<tg-time [^>]*>|<\/tg-time>/g, '')).toContain(`Selesai: <b>${id.fmt.dateTime(dueNext, tz)}</b>`);
    expect(callText(moved)).toContain('jatuh pada hari Sabtu');
    expect(callText(moved)).not.toContain(HOLIDAY);
    expect(buttonsNow(msg).map(([l]) => l)).toEqual([`Geser konfirmasi ke ${id.fmt.shortDateTime(ackNext, tz)}`, 'Kirim', 'Batal']);

    const both = await pressLabel(msg, 'Geser konfirmasi');
    expect(callText(both).replace(/<tg-time [^>]*>|<\/tg-time>/g, '')).toContain(`Konfirmasi: <b>${id.fmt.dateTime(ackNext, tz)}</b>`);
    expect(callText(both)).not.toContain('jatuh pada');
    expect(buttonsNow(msg).map(([l]) => l)).toEqual(['Kirim', 'Batal']);

    const seq = lastSeq(h.tg);
    await pressLabel(msg, 'Kirim');
    const [group] = await h.tg.waitFor((c) => c.seq > seq && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === org[0]!.group.id);
    expect(callText(group!)).toContain(id.fmt.dateTime(ackNext, tz));
    expect(callText(group!)).toContain(id.fmt.dateTime(dueNext, tz));
  });

  it('an ordinary working day: no warning, no extra button; a deadline left on a day off stays as typed', async () => {
    const tz = h.config.timezone;
    const day = (ms: number) => {
      const p = localParts(ms, tz);
      return `${p.day}/${p.month}/${p.year}`;
    };
    const wednesday = monday + 2 * 86_400_000;
    const preview = await say(
      h.tg,
      GOVERNOR,
      `/arahan\nKepada: ${org[0]!.code}\nKonfirmasi: ${day(wednesday)} 09.00\nSelesai: ${day(wednesday + 86_400_000)} 16.00\nSifat: biasa\n\nMohon siapkan laporan.`,
      'Pratinjau arahan',
    );
    expect(callText(preview)).toContain('Pratinjau arahan');
    expect(callText(preview)).not.toContain('jatuh pada');
    expect(buttonsOf(preview).map(([l]) => l)).toEqual(['Kirim', 'Batal']);

    const weekend = await say(
      h.tg,
      GOVERNOR,
      `/arahan\nKepada: ${org[0]!.code}\nKonfirmasi: ${day(saturday)} 09.00\nSelesai: ${day(saturday + 86_400_000)} 16.00\nSifat: biasa\n\nMohon siapkan laporan.`,
      'Pratinjau arahan',
    );
    expect(callText(weekend)).toContain('jatuh pada hari Minggu');
    const seq = lastSeq(h.tg);
    await pressLabel(sentMessageId(weekend), 'Kirim');
    const [group] = await h.tg.waitFor((c) => c.seq > seq && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === org[0]!.group.id);
    expect(callText(group!)).toContain(id.fmt.dateTime(saturday, tz));
  });

  it('extensions: the ⏳ conversation offers the move before the request goes; /minta_perpanjangan says it; /perpanjang moves on a press', async () => {
    const tz = h.config.timezone;
    const a = org[0]!;
    const day = (ms: number) => {
      const p = localParts(ms, tz);
      return `${p.day}/${p.month}/${p.year}`;
    };
    const tuesday = (hour: number) => {
      const p = localParts(saturday, tz);
      return fromLocal(tz, p.year, p.month, p.day + 3, hour, 0); // Sunday off, Monday the holiday
    };

    // ⏳ → the private chat: a Saturday typed, the note and "Geser ke …", pressed, then the reason.
    const x = await issueTo(h, [a], { ackInMs: 30 * 60_000, dueInMs: 60 * 60_000 });
    await say(h.tg, a.head, `/start ext-${x.assignment[a.code]}`, 'Permintaan perpanjangan');
    const asked = await say(h.tg, a.head, `${day(saturday)} 10.00`, /./);
    expect(callText(asked)).toContain('Tanggal tersebut jatuh pada hari Sabtu, bukan hari kerja.');
    expect(callText(asked)).toContain('Mohon tuliskan <b>alasan</b> perpanjangan.');
    expect(buttonsOf(asked).map(([l]) => l)).toEqual([`Geser ke ${id.fmt.shortDateTime(tuesday(10), tz)}`]);
    let seq = lastSeq(h.tg);
    await press(h.tg, a.head, a.head.id, sentMessageId(asked), buttonsOf(asked)[0]![1]);
    expect(callText(await waitAfter(h.tg, seq, a.head.id, 'digeser'))).toBe(
      `Tanggal yang diminta digeser ke <b>${id.fmt.dateTime(tuesday(10), tz)}</b>. Mohon tuliskan <b>alasan</b> perpanjangan.`,
    );
    expect(callText(await say(h.tg, a.head, 'Menunggu data kecamatan.', /./)).replace(/<tg-time [^>]*>|<\/tg-time>/g, '')).toContain(
      `sampai <b>${id.fmt.dateTime(tuesday(10), tz)}</b> telah dikirim`,
    );
    // A second press, after the request went: nothing moves.
    seq = lastSeq(h.tg);
    await press(h.tg, a.head, a.head.id, sentMessageId(asked), buttonsOf(asked)[0]![1]);
    expect(callText(await waitAfter(h.tg, seq, a.head.id, /./))).toContain('tidak dapat digeser lagi');

    // /minta_perpanjangan: sent as typed, and the answer says it is a Saturday.
    const y = await issueTo(h, [a], { ackInMs: 30 * 60_000, dueInMs: 60 * 60_000 });
    const sent = callText(await say(h.tg, a.head, `/minta_perpanjangan ${y.number} ${day(saturday)} 10.00 menunggu data`, /./));
    expect(sent.replace(/<tg-time [^>]*>|<\/tg-time>/g, '')).toContain(`sampai <b>${id.fmt.dateTime(saturday + 3_600_000, tz)}</b> telah dikirim`);
    expect(sent).toContain('jatuh pada hari Sabtu');

    // /perpanjang onto the holiday: the note and the button; pressed, the groups hear the working day.
    const z = await issueTo(h, [a], { ackInMs: 30 * 60_000, dueInMs: 60 * 60_000 });
    const extended = await say(h.tg, GOVERNOR, `/perpanjang ${z.number} ${day(monday)} 11.00`, 'diperpanjang');
    expect(callText(extended)).toContain(`hari libur nasional: ${HOLIDAY} (Senin)`);
    const shift = buttonsOf(extended);
    expect(shift.map(([l]) => l)).toEqual([`Geser ke ${id.fmt.shortDateTime(tuesday(11), tz)}`]);
    seq = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(extended), shift[0]![1]);
    expect(callText(await waitAfter(h.tg, seq, GOVERNOR.id, 'diperpanjang'))).toContain(id.fmt.dateTime(tuesday(11), tz));
    await waitAfter(h.tg, seq, a.group.id, `diperpanjang menjadi <b>${id.fmt.dateTime(tuesday(11), tz)}</b>`);
    seq = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(extended), shift[0]![1]);
    expect(callText(await waitAfter(h.tg, seq, GOVERNOR.id, /./))).toBe(id.extendShiftGone);
  });
});
