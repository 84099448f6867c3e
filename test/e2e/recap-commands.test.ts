import ExcelJS from 'exceljs';
import { InputFile, type Transformer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpdByCode } from '../../src/features/organisation/opds.queries';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { exportFileName } from '../../src/features/export/export-files';
import { parseCsv } from '../../src/domain/csv';
import { parsePeriod } from '../../src/domain/period';
import { DAY_NAMES, localParts, MONTH_NAMES } from '../../src/domain/time';
import { en } from '../../locales/en';
import { runExport } from '../../src/features/export/export-job';
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
  until,
  waitAfter,
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
  /** The bytes of every document the bot uploads, by file name (the fake keeps only sizes). */
  const uploads = new Map<string, Buffer>();
  /** When set and true for a file name, its upload fails as a 500 from Telegram would. */
  let failUpload: ((name: string) => boolean) | null = null;

  beforeAll(async () => {
    h = await startHarness({ QUIET_HOURS: 'off', WORKING_DAYS: '0-6', HOLIDAYS_FILE: 'test/support/no-holidays.csv' });
    const keepUploads: Transformer = async (prev, method, payload, signal) => {
      const doc = (payload as { document?: unknown }).document;
      if (method === 'sendDocument' && doc instanceof InputFile) {
        const raw = await doc.toRaw(); // a Buffer is returned as is, not consumed
        if (raw instanceof Uint8Array) uploads.set(doc.filename ?? '', Buffer.from(raw));
        if (failUpload?.(doc.filename ?? '')) return { ok: false, error_code: 500, description: 'Internal Server Error: simulated' } as Awaited<ReturnType<typeof prev>>;
      }
      return prev(method, payload, signal);
    };
    h.app.bot.api.config.use(keepUploads);
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
    await db
      .updateTable('instructions')
      .set({ ack_deadline: now - 2 * HOUR, due_at: now - HOUR })
      .where('id', '=', bridge.instructionId)
      .execute();
    await db
      .updateTable('assignments')
      .set({ due_at: now - HOUR })
      .where('instruction_id', '=', bridge.instructionId)
      .execute();
    await db
      .updateTable('assignments')
      .set({ state: 'acknowledged', acked_at: now - 3 * HOUR })
      .where('id', '=', bridge.assignment[o4.code]!)
      .execute();
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
    // The flood's deadline is a day ahead: OPD2 and OPD3 have not acknowledged it yet, which is
    // neither on time nor late (issue #15: this read 40%, and OPD3 0%). 2 of the 3 judged are on time.
    expect(text).toContain('<b>Seluruh OPD</b>: 5 arahan · konfirmasi tepat waktu 67% (2 masih dalam batas waktu) · separuh konfirmasi masuk dalam ');
    expect(text).toContain('4. <b>OPD3</b> — Dinas Nomor 3\n   1 arahan · konfirmasi tepat waktu - (1 masih dalam batas waktu) · selesai tepat waktu -');
    expect(text).toContain('saat ini terlambat 2 · pengingat 0');
    expect(text).not.toContain('median');
    // OPD2 (overdue + silent past its deadline) first, then OPD4 (overdue), then OPD1 and OPD3
    // (nothing late: OPD3 has not acknowledged, but its deadline is still ahead), by code.
    expect(text).toContain('1. <b>OPD2</b> — Dinas Nomor 2\n   2 arahan');
    expect(text).toContain('2. <b>OPD4</b> — Dinas Nomor 4');
    expect(text).toContain('3. <b>OPD1</b> — Dinas Nomor 1');
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
    expect(text).toContain('saat ini terlambat 1');
    expect(text).toContain('<b>Arahan berjalan</b> (2):');
    expect(text).toContain(`• <b>${flood.number}</b> — belum konfirmasi, batas selesai `);
    expect(text).toContain(`• <b>${bridge.number}</b> — belum konfirmasi, batas selesai `);
    expect(text).toContain('<b>Terlambat</b> (1):');
    expect(text).toContain(`• <b>${bridge.number}</b>: belum konfirmasi, terlambat 2 jam`);
    expect(text).toContain(`• <b>${bridge.number}</b>: tindak lanjut lewat batas 1 jam`);
    expect(text).toContain('<b>Tren</b>');
    const trend = text
      .split('<b>Tren</b>')[1]!
      .split('\n')
      .filter((l) => l.startsWith('• '));
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
    expect(callText(bad)).toContain('Periode “kemarin” tidak dikenali. Contoh: minggu ini, bulan ini');
    const badForOpd = await say(h.tg, SECRETARIAT, '/rekap OPD2 2026-13', 'tidak dikenali');
    expect(callText(badForOpd)).toContain('Periode “2026-13” tidak dikenali');
    const escaped = await say(h.tg, SECRETARIAT, '/rekap <b>', 'tidak dikenali');
    expect(callText(escaped)).toContain('Periode “&lt;b&gt;” tidak dikenali');
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
    expect(callText(none)).toBe('Tidak ada konfirmasi maupun tindak lanjut yang terlambat.');
    const unknown = await say(h.tg, SECRETARIAT, '/terlambat xxx', 'tidak ditemukan');
    expect(callText(unknown)).toContain('OPD dengan kode <b>XXX</b> tidak ditemukan');
  });

  it('/cari by word, by number, paged, and without words', async () => {
    const byWord = callText(await say(h.tg, SECRETARIAT, '/cari Banjir', 'Hasil pencarian'));
    expect(byWord).toContain('🔎 Hasil pencarian “Banjir”:');
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

    expect(callText(await say(h.tg, SECRETARIAT, '/cari gempa bumi', /Hasil pencarian|Tidak ditemukan/))).toBe('Tidak ditemukan arahan untuk “gempa bumi”.');
    expect(callText(await say(h.tg, SECRETARIAT, '/cari', 'Format'))).toContain('<code>/cari KATA</code>');
    expect(callText(await say(h.tg, SECRETARIAT, '/cari x', 'Format'))).toContain('<code>/cari KATA</code>');

    // Eleven older instructions about the archive: ten on the first page, one on the next.
    const db = h.app.deps.db;
    const governor = (await findPersonByTelegramId(db, GOVERNOR.id))!;
    const base = Date.now() - 10 * DAY;
    for (let i = 1; i <= 11; i++) {
      await db
        .insertInto('instructions')
        .values({
          number: `ARH-1999-${String(i).padStart(4, '0')}`,
          text: `Pemeliharaan arsip gedung ${i}`,
          issuer_id: governor.id,
          priority: 'biasa',
          ack_deadline: base + i * HOUR + 1,
          due_at: base + i * HOUR + 2,
          state: 'closed',
          target_label: 'uji',
          summary_chat_id: null,
          summary_message_id: null,
          created_at: base + i * HOUR,
          closed_at: base + i * HOUR + 3,
        })
        .execute();
    }
    const page1 = await say(h.tg, SECRETARIAT, '/cari arsip', 'Hasil pencarian');
    const lines1 = callText(page1)
      .split('\n')
      .filter((l) => l.startsWith('• '));
    expect(lines1).toHaveLength(10);
    expect(lines1[0]).toContain('ARH-1999-0011'); // newest first
    expect(lines1[9]).toContain('ARH-1999-0002');
    expect(lines1[0]).toContain(', ditutup)');
    expect(buttonsOf(page1)).toEqual([['Berikutnya ›', 'pg:c:1:arsip']]);
    const page2 = await pressAndEdit(sentMessageId(page1), 'pg:c:1:arsip');
    const lines2 = callText(page2)
      .split('\n')
      .filter((l) => l.startsWith('• '));
    expect(lines2).toHaveLength(1);
    expect(lines2[0]).toContain('ARH-1999-0001');
    expect(buttonsOf(page2)).toEqual([['‹ Sebelumnya', 'pg:c:0:arsip']]);
  });

  /** The secretariat's successful document sends after `seq`. */
  const documentsSince = (seq: number) => h.tg.calls.filter((c) => c.seq > seq && c.ok && c.method === 'sendDocument' && Number(c.payload.chat_id) === SECRETARIAT.id);
  const waitForDocuments = (seq: number, count: number) =>
    h.tg.waitFor((c) => c.seq > seq && c.ok && c.method === 'sendDocument' && Number(c.payload.chat_id) === SECRETARIAT.id, {
      count,
      timeoutMs: 20_000,
      description: `${count} documents`,
    });
  /** Nothing waiting, delayed or being built in the export queue. */
  const exportQueueIdle = async () => {
    const counts = await h.app.deps.queues.export.getJobCounts('active', 'wait', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  };

  it('/ekspor answers at once, then sends the XLSX and the CSV built in the background', async () => {
    const after = lastSeq(h.tg);
    const answer = await say(h.tg, SECRETARIAT, '/ekspor 1/11/2026 30/11/2026', 'sedang disiapkan');
    expect(callText(answer)).toBe(
      '⏳ Baik, berkas ekspor arahan periode 1–30 November 2026 (XLSX dan CSV) sedang disiapkan dan akan dikirim ke obrolan ini sesaat lagi. Mohon ditunggu.',
    );
    const docs = await waitForDocuments(after, 2);
    // The answer comes first; the files follow.
    expect(docs[0]!.seq).toBeGreaterThan(answer.seq);
    expect(docs.map((d) => d.files.map((f) => f.filename))).toEqual([['arahan-2026-11-01_2026-11-30.xlsx'], ['arahan-2026-11-01_2026-11-30.csv']]);
    expect(callText(docs[0]!)).toBe('Ekspor arahan periode 1–30 November 2026: berkas XLSX (6 lembar) dan CSV penugasan (pemisah titik koma, UTF-8).');
    expect(callText(docs[1]!)).toBe('');
    for (const d of docs) expect(d.files[0]!.size).toBeGreaterThan(0);
    await until(exportQueueIdle);
  });

  it("/ekspor: the workbook opens and the CSV parses back, with the period's rows", async () => {
    const since = lastSeq(h.tg);
    const now = Date.now();
    await say(h.tg, SECRETARIAT, '/ekspor', 'sedang disiapkan');
    const [xlsxDoc, csvDoc] = await waitForDocuments(since, 2);
    // The default period: the last 30 days, named by its dates.
    const p = parsePeriod('', now, h.config.timezone)!;
    expect(xlsxDoc!.files[0]!.filename).toBe(exportFileName('xlsx', p, h.config.timezone));
    expect(csvDoc!.files[0]!.filename).toBe(exportFileName('csv', p, h.config.timezone));
    expect(callText(xlsxDoc!)).toContain(`Ekspor arahan periode ${p.label}`);

    const xlsx = uploads.get(xlsxDoc!.files[0]!.filename)!;
    expect(xlsx.length).toBe(xlsxDoc!.files[0]!.size);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Arahan', 'Penugasan', 'Laporan', 'Kendala', 'Kejadian', 'Apel']);
    expect(wb.getWorksheet('Apel')!.rowCount).toBe(1); // no roll-call in the period: the header only, and no roll-call CSV
    const numbers = (ws: ExcelJS.Worksheet, col: number) => Array.from({ length: ws.rowCount - 1 }, (_, k) => String(ws.getRow(k + 2).getCell(col).value));
    expect(numbers(wb.getWorksheet('Arahan')!, 1)).toEqual(expect.arrayContaining([flood.number, bridge.number]));
    const penugasan = wb.getWorksheet('Penugasan')!;
    const rows = Array.from({ length: penugasan.rowCount - 1 }, (_, k) => (penugasan.getRow(k + 2).values as unknown[]).slice(1));
    // Flood to OPD1-3, bridge to OPD2 and OPD4: by instruction, then OPD code.
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      [flood.number, 'OPD1'],
      [flood.number, 'OPD2'],
      [flood.number, 'OPD3'],
      [bridge.number, 'OPD2'],
      [bridge.number, 'OPD4'],
    ]);
    expect(rows[0]![3]).toBe('Diterima'); // OPD1 acknowledged with the button
    expect(rows[0]![7]).toBe('Kepala1 OPD');
    expect(rows[0]![8]).toBe('Ya');
    expect(rows[3]![12]).toBe('Ya'); // the bridge instruction is overdue now
    expect(numbers(wb.getWorksheet('Kejadian')!, 2)).toEqual(expect.arrayContaining(['acknowledged']));

    const csv = uploads.get(csvDoc!.files[0]!.filename)!;
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv(csv.toString('utf8'), ';');
    if (!parsed.ok) throw new Error('the CSV did not parse');
    const [header, ...lines] = parsed.rows.map((r) => r.fields);
    expect(header!.slice(0, 4)).toEqual(['Nomor', 'Kode OPD', 'Nama OPD', 'Status']);
    expect(lines.map((l) => [l[0], l[1], l[8]])).toEqual(rows.map((r) => [r[0], r[1], r[8]]));
    await until(exportQueueIdle);
  });

  it('/ekspor twice for the same period while the first is still queued: one build, one pair of files', async () => {
    const queue = h.app.deps.queues.export;
    await queue.pause();
    try {
      const since = lastSeq(h.tg);
      await say(h.tg, SECRETARIAT, '/ekspor 2026-11', 'sedang disiapkan');
      // The same days written differently: the same export.
      const again = await say(h.tg, SECRETARIAT, '/ekspor 1/11/2026 30/11/2026', 'masih disiapkan');
      expect(callText(again)).toBe(
        '⏳ Ekspor arahan periode 1–30 November 2026 masih disiapkan. Berkasnya akan dikirim ke obrolan ini begitu siap; Bapak/Ibu tidak perlu memintanya lagi.',
      );
      const counts = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed');
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
      await queue.resume();
      await waitForDocuments(since, 2);
      await until(exportQueueIdle);
      expect(documentsSince(since)).toHaveLength(2);
    } finally {
      await queue.resume();
    }
  });

  it('/ekspor: a failed upload is reported in the chat', async () => {
    await until(exportQueueIdle);
    const since = lastSeq(h.tg);
    // Telegram refuses the workbook outright (a 400): retrying would not help.
    h.tg.failNext('sendDocument', { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: file is too big' } }, 1, SECRETARIAT.id);
    await say(h.tg, SECRETARIAT, '/ekspor 2026-10', 'sedang disiapkan');
    const failed = await waitAfter(h.tg, since, SECRETARIAT.id, 'gagal');
    expect(callText(failed)).toBe('⚠️ Mohon maaf, ekspor arahan periode 1–31 Oktober 2026 gagal disiapkan atau dikirim. Silakan coba lagi dengan /ekspor beberapa saat lagi.');
    await until(exportQueueIdle);
    expect(documentsSince(since)).toHaveLength(0);
    // Asking again after the failure builds again.
    const retry = lastSeq(h.tg);
    await say(h.tg, SECRETARIAT, '/ekspor 2026-10', 'sedang disiapkan');
    await waitForDocuments(retry, 2);
    await until(exportQueueIdle);
  });

  it('/ekspor: a retry sends only the file still missing; a failed last attempt is reported', async () => {
    await until(exportQueueIdle);
    const since = lastSeq(h.tg);
    const p = parsePeriod('2026-11', Date.now(), h.config.timezone)!;
    const job = { chatId: SECRETARIAT.id, requesterId: SECRETARIAT.id, lang: 'id', from: p.from, to: p.to, label: p.label, requestedAt: Date.now() };
    let done: Array<'xlsx' | 'csv'> = [];
    const attempt = (final: boolean) => ({ final, done, record: async (d: Array<'xlsx' | 'csv'>) => void (done = [...d]) });
    // First attempt (as the worker runs it): the workbook arrives, the CSV upload fails.
    failUpload = (name) => name.endsWith('.csv');
    await expect(runExport(h.app.deps, job, attempt(false))).rejects.toThrow(/simulated/);
    failUpload = null;
    expect(done).toEqual(['xlsx']);
    // The retry sends the CSV alone, now with the period in its caption.
    expect(await runExport(h.app.deps, job, attempt(false))).toMatchObject({ sent: ['csv'], tooBig: [] });
    const docs = documentsSince(since);
    expect(docs.map((d) => [d.files[0]!.filename, callText(d)])).toEqual([
      ['arahan-2026-11-01_2026-11-30.xlsx', `Ekspor arahan periode ${p.label}: berkas XLSX (6 lembar) dan CSV penugasan (pemisah titik koma, UTF-8).`],
      ['arahan-2026-11-01_2026-11-30.csv', ''],
    ]);
    // Not the last attempt: nobody was told of a failure.
    expect(h.tg.sent(SECRETARIAT.id).filter((c) => c.seq > since && callText(c).includes('gagal'))).toEqual([]);

    // The last attempt fails too: the chat is told.
    failUpload = () => true;
    done = [];
    try {
      await expect(runExport(h.app.deps, job, attempt(true))).rejects.toThrow(/simulated/);
    } finally {
      failUpload = null;
    }
    const told = await waitAfter(h.tg, since, SECRETARIAT.id, 'gagal');
    expect(callText(told)).toContain(`ekspor arahan periode ${p.label} gagal disiapkan atau dikirim`);
  });

  it('/ekspor: a file over the upload limit is not sent; the chat is asked for a shorter period', async () => {
    const since = lastSeq(h.tg);
    const p = parsePeriod('', Date.now(), h.config.timezone)!;
    const job = { chatId: SECRETARIAT.id, requesterId: SECRETARIAT.id, lang: 'id', from: p.from, to: p.to, label: p.label, requestedAt: Date.now() };
    // As the worker runs it, with a limit the (tiny) workbook is over and the CSV under.
    const outcome = await runExport(h.app.deps, job, { final: true, done: [], record: async () => undefined }, { maxBytes: 2500 });
    expect(outcome).toMatchObject({ sent: ['csv'], tooBig: ['xlsx'] });
    const refusal = await waitAfter(h.tg, since, SECRETARIAT.id, 'melebihi batas');
    const c = outcome.counts!;
    const first = localParts(p.from, h.config.timezone);
    const middle = localParts(p.from + 14 * 86_400_000, h.config.timezone); // 30 days: the first 15
    const example = `${first.day}/${first.month}/${first.year} ${middle.day}/${middle.month}/${middle.year}`;
    expect(callText(refusal)).toBe(
      `⚠️ Mohon maaf, berkas <b>${exportFileName('xlsx', p, h.config.timezone)}</b> (periode ${p.label}) tidak dapat dikirim karena ukurannya melebihi batas Telegram 50 MB untuk bot ` +
        `(${c.instructions + c.assignments + c.reports + c.events} baris: ${c.instructions} arahan, ${c.assignments} penugasan, ${c.reports} laporan, ${c.events} kejadian). ` +
        `Mohon ekspor periode yang lebih pendek, misalnya <code>/ekspor ${example}</code>.`,
    );
    const [csv] = await waitForDocuments(since, 1);
    expect(csv!.files[0]!.filename).toBe(exportFileName('csv', p, h.config.timezone));
    expect(callText(csv!)).toContain('Ekspor arahan periode'); // the first file sent carries the period
  });

  it('/ekspor in English for a person who chose English', async () => {
    await until(exportQueueIdle);
    await say(h.tg, SECRETARIAT, '/bahasa en', 'English');
    try {
      const since = lastSeq(h.tg);
      const answer = await say(h.tg, SECRETARIAT, '/ekspor 2026-09', 'being prepared');
      expect(callText(answer)).toBe(
        '⏳ Certainly. The export files for the period 1–30 September 2026 (XLSX and CSV) are being prepared and will be sent to this chat shortly. Please wait.',
      );
      const [xlsx] = await waitForDocuments(since, 2);
      expect(callText(xlsx!)).toContain('Export of instructions for the period 1–30 September 2026');
      await until(exportQueueIdle);
    } finally {
      await say(h.tg, SECRETARIAT, '/bahasa id', 'Indonesia');
    }
  });

  it('dates, durations and states in English for a person who chose English', async () => {
    // Indonesian day and month names (but April, September, November, spelled alike) and duration words.
    const months = MONTH_NAMES.filter((m) => !['April', 'September', 'November'].includes(m));
    const indonesian = new RegExp(`\\b(${[...DAY_NAMES, ...months, 'Agu', 'Okt', 'Des', 'pukul', 'menit', 'jam', 'hari'].join('|')})\\b`);
    const tz = h.config.timezone;
    const [o1] = org as [OrgMember];
    const acked = await h.app.deps.db.selectFrom('assignments').select('acked_at').where('id', '=', flood.assignment[o1.code]!).executeTakeFirstOrThrow();
    await say(h.tg, SECRETARIAT, '/bahasa en', 'English');
    try {
      const status = callText(await say(h.tg, SECRETARIAT, `/status ${flood.number}`, 'Status of'));
      expect(status).toContain(`✅ acknowledged by `);
      expect(status).toContain(`, ${en.fmt.shortDateTime(Number(acked.acked_at), tz)}`);
      expect(status).toMatch(/⏳ delivered \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2} WI(B|TA|T), not acknowledged yet/);
      expect(status).not.toMatch(indonesian);

      const late = callText(await say(h.tg, SECRETARIAT, '/terlambat', 'Late'));
      expect(late).toMatch(new RegExp(`• <b>${bridge.number}</b>: not acknowledged, late by 2 hours( \\d+ minutes?)?(\n|$)`, 'm'));
      expect(late).toMatch(new RegExp(`• <b>${bridge.number}</b>: follow-up past the deadline by 1 hour( \\d+ minutes?)?(\n|$)`, 'm'));
      expect(late).not.toMatch(indonesian);

      // /rekap KODE lists the OPD's open items with English state names and deadlines.
      // (Only those lines: the period label is still written by the domain, in Indonesian.)
      const detail = callText(await say(h.tg, SECRETARIAT, '/rekap OPD2', 'Dinas Nomor 2'));
      const open = detail.split('\n').filter((l) => l.startsWith('• <b>ARH-') && l.includes('completion deadline'));
      expect(open).toHaveLength(2);
      for (const line of open) {
        expect(line).toMatch(/ — not acknowledged yet, completion deadline \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} WI(B|TA|T)$/);
        expect(line).not.toMatch(indonesian);
      }
    } finally {
      await say(h.tg, SECRETARIAT, '/bahasa id', 'Indonesia');
    }
  });

  it('/ekspor with a bad period says so and queues nothing', async () => {
    const since = lastSeq(h.tg);
    const bad = await say(h.tg, SECRETARIAT, '/ekspor kemarin', 'tidak dikenali');
    expect(callText(bad)).toContain('Periode “kemarin” tidak dikenali');
    expect(await exportQueueIdle()).toBe(true);
    expect(
      h.tg
        .sent(SECRETARIAT.id)
        .filter((c) => c.seq > since)
        .map(callText),
    ).toEqual([callText(bad)]);
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

  it('/terlambat KODE lists every late item, 30 a page, oldest first', async () => {
    // 33 instructions OPD12 never acknowledged, their deadlines 1 to 33 hours ago.
    const db = h.app.deps.db;
    const governor = (await findPersonByTelegramId(db, GOVERNOR.id))!;
    const opd12 = (await findOpdByCode(db, 'OPD12'))!;
    const now = Date.now();
    for (let i = 1; i <= 33; i++) {
      const created = now - (i + 2) * HOUR;
      const inst = await db
        .insertInto('instructions')
        .values({
          number: `ARH-1998-${String(i).padStart(4, '0')}`,
          text: `Laporan pos ${i}`,
          issuer_id: governor.id,
          priority: 'biasa',
          ack_deadline: now - i * HOUR,
          due_at: now + DAY,
          state: 'open',
          target_label: 'uji',
          summary_chat_id: null,
          summary_message_id: null,
          created_at: created,
          closed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('assignments')
        .values({
          instruction_id: inst.id,
          opd_id: opd12.id,
          state: 'delivered',
          delivery_state: 'sent',
          delivery_error: null,
          chat_id: null,
          message_id: null,
          delivered_at: created,
          acked_at: null,
          acked_by: null,
          due_at: now + DAY,
          reminder_count: 0,
          created_at: created,
          updated_at: created,
          reported_at: null,
          done_at: null,
        })
        .execute();
    }
    const items = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('• '))
        .map((l) => /ARH-1998-(\d+)/.exec(l)?.[1]);

    const page1 = await say(h.tg, SECRETARIAT, '/terlambat OPD12', 'Terlambat');
    expect(callText(page1)).toContain('<b>Terlambat</b> (33)');
    // The oldest first: 33 hours late, then 32, …
    expect(items(callText(page1))).toEqual(Array.from({ length: 30 }, (_, i) => String(33 - i).padStart(4, '0')));
    expect(callText(page1)).toContain('Halaman 1 dari 2');
    expect(buttonsOf(page1)).toEqual([['Berikutnya ›', 'pg:t:1:OPD12']]);

    const page2 = await pressAndEdit(sentMessageId(page1), 'pg:t:1:OPD12');
    expect(items(callText(page2))).toEqual(['0003', '0002', '0001']);
    expect(callText(page2)).toContain('Halaman 2 dari 2');
    expect(buttonsOf(page2)).toEqual([['‹ Sebelumnya', 'pg:t:0:OPD12']]);
    // The overview still shows three lines for OPD12 and says how many more there are.
    const overview = callText(await say(h.tg, SECRETARIAT, '/terlambat', 'Terlambat'));
    const block = overview.split(/\n\n/).find((b) => b.includes('<b>OPD12</b>'))!;
    expect(items(block)).toEqual(['0033', '0032', '0031', undefined]);
    expect(block.split('\n').at(-1)).toContain('30 lainnya');
  });
});
