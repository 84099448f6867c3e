import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPersonByTelegramId } from '../../src/db/people';
import { exportFileName } from '../../src/services/export-files';
import { parsePeriod } from '../../src/domain/period';
import type { RecordedCall } from '../support/fake-telegram';
import {
  buttonData,
  buttonsOf,
  callText,
  GOVERNOR,
  issueTo,
  lastSeq,
  press,
  say,
  SECRETARIAT,
  sentMessageId,
  setupOrg,
  startHarness,
  type Harness,
  type IssuedInstruction,
  type OrgMember,
} from '../support/harness';

/**
 * The secretariat's picture end to end (fake Bot API, real Redis and SQLite): /rekap with
 * paging buttons, /rekap KODE, /terlambat, /cari, /ekspor and /grafik, and who may use them.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('recap commands', () => {
  let h: Harness;
  let org: OrgMember[];
  let flood: IssuedInstruction;
  let bridge: IssuedInstruction;

  beforeAll(async () => {
    h = await startHarness({ QUIET_HOURS: 'off', WORKING_DAYS: '0-6', HOLIDAYS_FILE: 'test/support/no-holidays.csv' });
    org = await setupOrg(h, 12);
    const [o1, o2, o3, o4] = org as [OrgMember, OrgMember, OrgMember, OrgMember];
    // Deadlines far ahead: no reminder or escalation interrupts the conversation.
    flood = await issueTo(h, [o1, o2, o3], { ackInMs: DAY, dueInMs: 3 * DAY, text: 'Siaga banjir di wilayah pesisir utara' });
    bridge = await issueTo(h, [o2, o4], { ackInMs: DAY, dueInMs: 3 * DAY, text: 'Pendataan jembatan rusak' });
    // OPD1 acknowledges with the button.
    const ack = await press(h.tg, o1.head, o1.group.id, flood.message[o1.code]!, buttonData(h.tg, o1.group.id, flood.message[o1.code]!, '✅'));
    expect(ack.payload.show_alert).toBeFalsy();
    const db = h.app.deps.db;
    await waitUntil(async () => (await db.selectFrom('assignments').select('acked_at').where('id', '=', flood.assignment[o1.code]!).executeTakeFirstOrThrow()).acked_at !== null);
    // The bridge instruction is late on both clocks: OPD2 never acknowledged, OPD4 acknowledged but did not report.
    const now = Date.now();
    await db.updateTable('instructions').set({ ack_deadline: now - 2 * HOUR, due_at: now - HOUR }).where('id', '=', bridge.instructionId).execute();
    await db.updateTable('assignments').set({ due_at: now - HOUR }).where('instruction_id', '=', bridge.instructionId).execute();
    await db.updateTable('assignments').set({ state: 'acknowledged', acked_at: now - 3 * HOUR }).where('id', '=', bridge.assignment[o4.code]!).execute();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Polls `cond` until it holds (bounded). */
  async function waitUntil(cond: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await cond())) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The secretariat presses a button on its message; resolves with the edit the bot made. */
  async function pressAndEdit(message: number, data: string): Promise<RecordedCall> {
    const answer = await press(h.tg, SECRETARIAT, SECRETARIAT.id, message, data);
    const [edit] = await h.tg.waitFor(
      (c) => c.seq > answer.seq && c.method === 'editMessageText' && Number(c.payload.chat_id) === SECRETARIAT.id && Number(c.payload.message_id) === message,
      { description: `the edit after ${data}` },
    );
    expect(edit!.ok).toBe(true);
    return edit!;
  }

  it('/rekap: the header, the whole organisation, the OPDs needing attention first, paged by 10', async () => {
    const first = await say(h.tg, SECRETARIAT, '/rekap', 'Rekap arahan');
    const text = callText(first);
    expect(text).toContain('📊 <b>Rekap arahan</b> — ');
    // 5 assignments: OPD1 acknowledged; OPD2 ×2, OPD3 silent; OPD4 acknowledged (late on follow-up, overdue now).
    expect(text).toContain('<b>Seluruh OPD</b>: 5 arahan · konfirmasi tepat waktu 40% · median konfirmasi ');
    expect(text).toContain('terlambat kini 2 · pengingat 0');
    // OPD2 (overdue + 2 silent) first, then OPD4 (overdue), OPD3 (silent), OPD1.
    expect(text).toContain('1. <b>OPD2</b> — Dinas Nomor 2\n   2 arahan');
    expect(text).toContain('2. <b>OPD4</b> — Dinas Nomor 4');
    expect(text).toContain('3. <b>OPD3</b> — Dinas Nomor 3');
    expect(text).toContain('4. <b>OPD1</b> — Dinas Nomor 1');
    expect(text).toContain('tidak ada arahan pada periode ini');
    expect(text).toContain('10. <b>');
    expect(text).not.toContain('11. <b>');
    expect(text).toContain('Halaman 1 dari 2');
    expect(buttonsOf(first)).toEqual([['Berikutnya ›', 'pg:r:1:']]);

    const message = sentMessageId(first);
    const second = await pressAndEdit(message, 'pg:r:1:');
    expect(callText(second)).toContain('<b>Seluruh OPD</b>: 5 arahan');
    expect(callText(second)).toContain('Halaman 2 dari 2');
    expect(callText(second)).toMatch(/11\. <b>OPD\d+<\/b>/);
    expect(callText(second)).toMatch(/12\. <b>OPD\d+<\/b>/);
    expect(callText(second)).not.toContain('10. <b>');
    expect(buttonsOf(second)).toEqual([['‹ Sebelumnya', 'pg:r:0:']]);
    // The message itself now shows page 2.
    expect(h.tg.getMessage(SECRETARIAT.id, message)?.text).toContain('Halaman 2 dari 2');

    const back = await pressAndEdit(message, buttonsOf(second)[0]![1]);
    expect(callText(back)).toContain('Halaman 1 dari 2');
    expect(callText(back)).toContain('1. <b>OPD2</b>');
    expect(buttonsOf(back)).toEqual([['Berikutnya ›', 'pg:r:1:']]);
  });

  it('/rekap with a period keeps the period on the page buttons', async () => {
    const answer = await say(h.tg, SECRETARIAT, '/rekap 7 hari', 'Rekap arahan');
    expect(buttonsOf(answer)).toEqual([['Berikutnya ›', 'pg:r:1:7 hari']]);
    const page2 = await pressAndEdit(sentMessageId(answer), 'pg:r:1:7 hari');
    expect(callText(page2)).toContain('Halaman 2 dari 2');
    expect(callText(page2)).toContain(parsePeriod('7 hari', Date.now(), h.config.timezone)!.label);
  });

  it('/rekap KODE: the OPD in detail, its open items, late items and trend', async () => {
    const answer = await say(h.tg, SECRETARIAT, '/rekap opd2', 'Dinas Nomor 2');
    const text = callText(answer);
    expect(text).toContain('📋 <b>OPD2</b> — Dinas Nomor 2\nPeriode: ');
    expect(text).toContain('2 arahan · konfirmasi tepat waktu 0%');
    expect(text).toContain('terlambat kini 1');
    expect(text).toContain('<b>Arahan berjalan</b> (2):');
    expect(text).toContain(`• <b>${flood.number}</b> — belum konfirmasi, batas selesai `);
    expect(text).toContain(`• <b>${bridge.number}</b> — belum konfirmasi, batas selesai `);
    expect(text).toContain('<b>Terlambat</b> (1):');
    expect(text).toContain(`• <b>${bridge.number}</b>: belum konfirmasi, terlambat 2 jam`);
    expect(text).toContain(`• <b>${bridge.number}</b>: tindak lanjut lewat batas 1 jam`);
    expect(text).toContain('<b>Tren</b>');
    const trend = text.split('<b>Tren</b>')[1]!.split('\n').filter((l) => l.startsWith('• '));
    expect(trend).toHaveLength(4);
    expect(trend.slice(0, 3).every((l) => l.includes(': 0 arahan · - · -'))).toBe(true);
    expect(trend[3]).toContain(': 2 arahan · 0% · 0%');
    expect(buttonsOf(answer)).toEqual([]);

    // An OPD with nothing.
    const quiet = callText(await say(h.tg, SECRETARIAT, '/rekap OPD9 bulan ini', 'Dinas Nomor 9'));
    expect(quiet).toContain('tidak ada arahan pada periode ini');
    expect(quiet).toContain('<b>Arahan berjalan</b> (0):\n• (tidak ada)');
    expect(quiet).toContain('<b>Terlambat</b> (0):\n• (tidak ada)');
  });

  it('/rekap with a bad period says so', async () => {
    const bad = await say(h.tg, SECRETARIAT, '/rekap kemarin', 'tidak dikenali');
    expect(callText(bad)).toContain('Periode «kemarin» tidak dikenali. Contoh: minggu ini, bulan ini');
    const badForOpd = await say(h.tg, SECRETARIAT, '/rekap OPD2 2026-13', 'tidak dikenali');
    expect(callText(badForOpd)).toContain('Periode «2026-13» tidak dikenali');
    const escaped = await say(h.tg, SECRETARIAT, '/rekap <b>', 'tidak dikenali');
    expect(callText(escaped)).toContain('Periode «&lt;b&gt;» tidak dikenali');
    // A mistyped OPD code before a good period is named as an unknown OPD.
    const typo = await say(h.tg, SECRETARIAT, '/rekap OPDX bulan ini', 'tidak ditemukan');
    expect(callText(typo)).toContain('OPD dengan kode <b>OPDX</b> tidak ditemukan');
  });

  it('/terlambat: late acknowledgements and overdue follow-ups, grouped by OPD', async () => {
    const text = callText(await say(h.tg, SECRETARIAT, '/terlambat', 'Terlambat'));
    expect(text).toContain('<b>Terlambat</b> (2): konfirmasi dan tindak lanjut, per OPD');
    const opd2 = text.indexOf('<b>OPD2</b> — Dinas Nomor 2');
    const opd4 = text.indexOf('<b>OPD4</b> — Dinas Nomor 4');
    expect(opd2).toBeGreaterThan(-1);
    // OPD2's oldest item (the acknowledgement deadline, 2 h ago) is older than OPD4's (the due date, 1 h ago).
    expect(opd4).toBeGreaterThan(opd2);
    const [, opd2Block, opd4Block] = text.split(/\n\n<b>OPD\d<\/b>/);
    expect(opd2Block).toContain(`• <b>${bridge.number}</b>: belum konfirmasi, terlambat 2 jam`);
    expect(opd2Block).toContain(`• <b>${bridge.number}</b>: tindak lanjut lewat batas 1 jam`);
    expect(opd4Block).toContain(`• <b>${bridge.number}</b>: tindak lanjut lewat batas 1 jam`);
    expect(opd4Block).not.toContain('belum konfirmasi');
    expect(text).not.toContain(flood.number);

    const only4 = callText(await say(h.tg, SECRETARIAT, '/terlambat opd4', 'Terlambat'));
    expect(only4).toContain('<b>Terlambat</b> (1)');
    expect(only4).toContain('<b>OPD4</b>');
    expect(only4).not.toContain('<b>OPD2</b>');

    const none = await say(h.tg, SECRETARIAT, '/terlambat OPD1', 'Tidak ada');
    expect(callText(none)).toBe('Tidak ada konfirmasi maupun tindak lanjut yang terlambat. Terima kasih.');
    const unknown = await say(h.tg, SECRETARIAT, '/terlambat xxx', 'tidak ditemukan');
    expect(callText(unknown)).toContain('OPD dengan kode <b>XXX</b> tidak ditemukan');
  });

  it('/cari by word, by number, paged, and without words', async () => {
    const byWord = callText(await say(h.tg, SECRETARIAT, '/cari Banjir', 'Hasil pencarian'));
    expect(byWord).toContain('🔎 Hasil pencarian «Banjir»:');
    expect(byWord).toContain(`• <b>${flood.number}</b> (`);
    expect(byWord).toContain('Siaga banjir di wilayah pesisir utara');
    expect(byWord).not.toContain(bridge.number);

    const byNumber = callText(await say(h.tg, SECRETARIAT, `/cari ${bridge.number}`, 'Hasil pencarian'));
    expect(byNumber).toContain(`• <b>${bridge.number}</b>`);
    expect(byNumber).toContain('Pendataan jembatan rusak');
    expect(byNumber).not.toContain(flood.number);
    // Lower case, without the leading zeros, or without the prefix: the same instruction.
    const [, year, seq] = /^ARH-(\d{4})-(\d+)$/.exec(bridge.number)!;
    for (const q of [`arh-${year}-${Number(seq)}`, `${year}-${seq}`]) {
      const again = callText(await say(h.tg, SECRETARIAT, `/cari ${q}`, /Hasil pencarian|Tidak ditemukan/));
      expect(again, q).toContain(`• <b>${bridge.number}</b>`);
    }

    expect(callText(await say(h.tg, SECRETARIAT, '/cari gempa bumi', /Hasil pencarian|Tidak ditemukan/))).toBe('Tidak ditemukan arahan untuk «gempa bumi».');
    expect(callText(await say(h.tg, SECRETARIAT, '/cari', 'Format'))).toContain('<code>/cari KATA</code>');
    expect(callText(await say(h.tg, SECRETARIAT, '/cari x', 'Format'))).toContain('<code>/cari KATA</code>');

    // Eleven older instructions about the archive: ten on the first page, one on the next.
    const db = h.app.deps.db;
    const governor = (await findPersonByTelegramId(db, GOVERNOR.id))!;
    const base = Date.now() - 10 * DAY;
    for (let i = 1; i <= 11; i++) {
      await db
        .insertInto('instructions')
        .values({ number: `ARH-1999-${String(i).padStart(4, '0')}`, text: `Pemeliharaan arsip gedung ${i}`, issuer_id: governor.id, priority: 'biasa', ack_deadline: base + i * HOUR + 1, due_at: base + i * HOUR + 2, state: 'closed', target_label: 'uji', summary_chat_id: null, summary_message_id: null, created_at: base + i * HOUR, closed_at: base + i * HOUR + 3 })
        .execute();
    }
    const page1 = await say(h.tg, SECRETARIAT, '/cari arsip', 'Hasil pencarian');
    const lines1 = callText(page1).split('\n').filter((l) => l.startsWith('• '));
    expect(lines1).toHaveLength(10);
    expect(lines1[0]).toContain('ARH-1999-0011'); // newest first
    expect(lines1[9]).toContain('ARH-1999-0002');
    expect(lines1[0]).toContain(', ditutup)');
    expect(buttonsOf(page1)).toEqual([['Berikutnya ›', 'pg:c:1:arsip']]);
    const page2 = await pressAndEdit(sentMessageId(page1), 'pg:c:1:arsip');
    const lines2 = callText(page2).split('\n').filter((l) => l.startsWith('• '));
    expect(lines2).toHaveLength(1);
    expect(lines2[0]).toContain('ARH-1999-0001');
    expect(buttonsOf(page2)).toEqual([['‹ Sebelumnya', 'pg:c:0:arsip']]);
  });

  it('/ekspor sends an XLSX and a CSV', async () => {
    const after = lastSeq(h.tg);
    h.tg.sendText({ from: SECRETARIAT, chat: { id: SECRETARIAT.id, type: 'private' }, text: '/ekspor 1/11/2026 30/11/2026' });
    const docs = await h.tg.waitFor((c) => c.seq > after && c.ok && c.method === 'sendDocument' && Number(c.payload.chat_id) === SECRETARIAT.id, { count: 2, description: 'two documents' });
    expect(docs.map((d) => d.files.map((f) => f.filename))).toEqual([['arahan-2026-11-01_2026-11-30.xlsx'], ['arahan-2026-11-01_2026-11-30.csv']]);
    for (const d of docs) expect(d.files[0]!.size).toBeGreaterThan(0);
    expect(callText(docs[0]!)).toContain('Ekspor arahan periode 1–30 November 2026');
    // An XLSX is a zip.
    expect(docs[0]!.files[0]!.size).toBeGreaterThan(1000);

    // The default period: the last 30 days, named by its dates.
    const since = lastSeq(h.tg);
    const now = Date.now();
    h.tg.sendText({ from: SECRETARIAT, chat: { id: SECRETARIAT.id, type: 'private' }, text: '/ekspor' });
    const [xlsx, csv] = await h.tg.waitFor((c) => c.seq > since && c.ok && c.method === 'sendDocument' && Number(c.payload.chat_id) === SECRETARIAT.id, { count: 2 });
    const p = parsePeriod('', now, h.config.timezone)!;
    expect(xlsx!.files[0]!.filename).toBe(exportFileName('xlsx', p, h.config.timezone));
    expect(csv!.files[0]!.filename).toBe(exportFileName('csv', p, h.config.timezone));

    const bad = await say(h.tg, SECRETARIAT, '/ekspor kemarin', 'tidak dikenali');
    expect(callText(bad)).toContain('Periode «kemarin» tidak dikenali');
  });

  it('/grafik sends a PNG', async () => {
    const photo = await say(h.tg, SECRETARIAT, '/grafik bulan ini', 'Grafik rekap arahan');
    expect(photo.method).toBe('sendPhoto');
    expect(photo.files).toHaveLength(1);
    expect(photo.files[0]!.filename).toBe('rekap.png');
    expect(photo.files[0]!.size).toBeGreaterThan(1000);
    expect(callText(photo)).toBe(`Grafik rekap arahan — ${parsePeriod('bulan ini', Date.now(), h.config.timezone)!.label}`);
  });

  it('a kepala may not use them', async () => {
    const head = org[11]!.head;
    for (const command of ['/rekap', '/ekspor', '/grafik', '/cari banjir', '/terlambat']) {
      const answer = await say(h.tg, head, command, 'hanya untuk');
      expect(callText(answer), command).toMatch(new RegExp(`^Mohon maaf, perintah ${command.split(' ')[0]} hanya untuk `));
    }
    const documents = h.tg.calls.filter((c) => c.method === 'sendDocument' || c.method === 'sendPhoto').filter((c) => Number(c.payload.chat_id) === head.id);
    expect(documents).toHaveLength(0);
    // A page button pressed by a kepala (on a message in their own chat) is refused with an alert.
    const refusal = h.tg.sent(head.id).at(-1)!;
    const alert = await press(h.tg, head, head.id, sentMessageId(refusal), 'pg:r:1:');
    expect(alert.payload.show_alert).toBe(true);
    expect(String(alert.payload.text)).toContain('hanya untuk');
  });
});
