import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLocal, localDateKey, localParts } from '../../src/domain/time';
import { id } from '../../locales/id';
import {
  buttonData,
  buttonsOf,
  callText,
  GOVERNOR,
  issueTo,
  lastSeq,
  messageWithButtons,
  press,
  SECRETARIAT,
  say,
  sentMessageId,
  setupOrg,
  startHarness,
  waitAfter,
  type Harness,
  type OrgMember,
} from '../support/harness';

const TZ = 'Asia/Jakarta';

/**
 * Issue #15, "Geser" on /minta_perpanjangan: an OPD asks for a date on a day off; the answer
 * warns and offers "Geser ke <next working day>". Pressed before anyone decides, the pending
 * request (and every decider's copy, already sent) moves to the next working day at the same
 * time, past the weekend and a holiday; pressed after the decision, nothing moves and the
 * answer says who decided.
 */
describe('"Geser" on an extension request', () => {
  let h: Harness;
  let org: OrgMember[];
  let saturday: number; // the next Saturday, 09.00
  let tuesday: number; // the Tuesday after it, 09.00: Sunday is off and Monday a holiday in this test's calendar

  beforeAll(async () => {
    const p = localParts(Date.now(), TZ);
    const ahead = (6 - p.weekday + 7) % 7 || 7;
    saturday = fromLocal(TZ, p.year, p.month, p.day + ahead, 9, 0);
    tuesday = fromLocal(TZ, p.year, p.month, p.day + ahead + 3, 9, 0);
    const monday = fromLocal(TZ, p.year, p.month, p.day + ahead + 2, 9, 0);
    const file = join(mkdtempSync(join(tmpdir(), 'arahan-geser-')), 'libur.csv');
    writeFileSync(file, `tanggal,jenis,keterangan\n${localDateKey(monday, TZ)},libur_nasional,Hari Libur Uji Coba\n`);
    h = await startHarness({ QUIET_HOURS: 'off', WORKING_DAYS: '1-5', HOLIDAYS_FILE: file });
    org = await setupOrg(h, 1, 960);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A date as the extension messages write it: a date_time entity over the WIB text (Bot API 9.5). */
  const at = (ms: number) => `<tg-time unix="${Math.floor(ms / 1000)}" format="wDt">${id.fmt.dateTime(ms, TZ)}</tg-time>`;
  const day = (ms: number) => {
    const p = localParts(ms, TZ);
    return `${p.day}/${p.month}/${p.year}`;
  };
  const requestedDue = async (number: string) =>
    Number(
      (
        await h.app.deps.db
          .selectFrom('extension_requests as r')
          .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
          .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
          .select('r.requested_due')
          .where('i.number', '=', number)
          .executeTakeFirstOrThrow()
      ).requested_due,
    );

  it('pressed before the decision: the request and the deciders’ copies move to the next working day; pressed after it, nothing moves', async () => {
    const a = org[0]!;
    const x = await issueTo(h, [a], { ackInMs: 30 * 60_000, dueInMs: 60 * 60_000 });
    const seq = lastSeq(h.tg);
    const answer = await say(h.tg, a.head, `/minta_perpanjangan ${x.number} ${day(saturday)} 09.00 menunggu data kecamatan`, 'telah dikirim');
    expect(callText(answer)).toContain(`sampai <b>${at(saturday)}</b> telah dikirim`);
    expect(callText(answer)).toContain('jatuh pada hari Sabtu');
    expect(buttonsOf(answer).map(([l]) => l)).toEqual([`Geser ke ${id.fmt.shortDateTime(tuesday, TZ)}`]);
    const geser = buttonsOf(answer)[0]![1];

    // The deciders' copies went out with the date as typed.
    const governorCopy = await messageWithButtons(h.tg, GOVERNOR.id, seq, 'ex:ok:');
    const secretariatCopy = await messageWithButtons(h.tg, SECRETARIAT.id, seq, 'ex:ok:');
    expect(callText(governorCopy)).toContain(`Diminta: <b>${at(saturday)}</b>`);

    let before = lastSeq(h.tg);
    await press(h.tg, a.head, a.head.id, sentMessageId(answer), geser);
    expect(callText(await waitAfter(h.tg, before, a.head.id, 'digeser'))).toBe(
      `Tanggal yang diminta untuk arahan <b>${x.number}</b> digeser ke <b>${id.fmt.dateTime(tuesday, TZ)}</b>. Pemberi arahan dan sekretariat melihat tanggal yang baru.`,
    );
    expect(await requestedDue(x.number)).toBe(tuesday);
    // Each decider's copy is edited to the new date, Setujui / Tolak kept.
    for (const copy of [governorCopy, secretariatCopy]) {
      const chat = Number(copy.payload.chat_id);
      await h.tg.waitFor(
        (c) =>
          c.ok &&
          c.method === 'editMessageText' &&
          Number(c.payload.chat_id) === chat &&
          Number(c.payload.message_id) === sentMessageId(copy) &&
          callText(c).includes(`Diminta: <b>${at(tuesday)}</b>`),
        { description: `the copy in chat ${chat} showing the new date` },
      );
      const shown = h.tg.getMessage(chat, sentMessageId(copy))!;
      expect((shown.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text)).toEqual(['Setujui', 'Tolak']);
    }

    // Approved on the amended copy: the OPD's due date is the working day.
    before = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(governorCopy), buttonData(h.tg, GOVERNOR.id, sentMessageId(governorCopy), 'Setujui'));
    await waitAfter(h.tg, before, a.group.id, `Batas waktu tindak lanjut kini <b>${at(tuesday)}</b>`);

    // "Geser" again, after the decision: nothing moves, and the answer says who decided.
    before = lastSeq(h.tg);
    await press(h.tg, a.head, a.head.id, sentMessageId(answer), geser);
    expect(callText(await waitAfter(h.tg, before, a.head.id, /./))).toMatch(
      /^Permintaan ini sudah diputuskan \(✅ Disetujui oleh Herman Gubernur pada .+\), sehingga tanggalnya tidak digeser\.$/,
    );
    expect(await requestedDue(x.number)).toBe(tuesday);
  });

  it('refused before any press: "Geser" afterwards moves nothing', async () => {
    const a = org[0]!;
    const x = await issueTo(h, [a], { ackInMs: 30 * 60_000, dueInMs: 60 * 60_000 });
    const seq = lastSeq(h.tg);
    const answer = await say(h.tg, a.head, `/minta_perpanjangan ${x.number} ${day(saturday)} 09.00 menunggu data kecamatan`, 'telah dikirim');
    const governorCopy = await messageWithButtons(h.tg, GOVERNOR.id, seq, 'ex:no:');
    let before = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(governorCopy), buttonData(h.tg, GOVERNOR.id, sentMessageId(governorCopy), 'Tolak'));
    await waitAfter(h.tg, before, a.group.id, 'tidak disetujui');

    before = lastSeq(h.tg);
    await press(h.tg, a.head, a.head.id, sentMessageId(answer), buttonsOf(answer)[0]![1]);
    expect(callText(await waitAfter(h.tg, before, a.head.id, /./))).toMatch(/^Permintaan ini sudah diputuskan \(❌ Ditolak oleh Herman Gubernur pada /);
    expect(await requestedDue(x.number)).toBe(saturday);
  });
});
