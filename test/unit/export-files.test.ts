import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrateToLatest, type Db } from '../../src/infra/db/database';
import { createTestDatabaseUrl, dropTestDatabase, usePostgres } from '../support/db';
import {
  countExportRows,
  exportAssignmentsQuery,
  exportEventsQuery,
  exportInstructionsQuery,
  exportReportsQuery,
  listExportAssignments,
  listExportEvents,
  listExportReports,
} from '../../src/features/export/exports.queries';
import { parseCsv } from '../../src/domain/csv';
import type { Period } from '../../src/domain/recap-types';
import { fromLocal } from '../../src/domain/time';
import { buildExportFiles, exportAssignmentsCsv, exportFileName, exportRollcallCsv, exportWorkbook, formatExportTime, guardFormula } from '../../src/features/export/export-files';
import { rollcallRecap } from '../../src/features/rollcall/rollcall';
import { reachShare } from '../../src/features/rollcall/rollcall.view';
import { defaultMessages } from '../../src/infra/i18n';
import type { AppDeps } from '../../src/infra/deps';
import { exportJobId, exportProgress, shorterPeriod } from '../../src/features/export/export-job';
import { mulberry32 } from '../support/fake-telegram-limits';

const TZ = 'Asia/Jakarta';
const wib = (month: number, day: number, hour: number, minute = 0) => fromLocal(TZ, 2026, month, day, hour, minute);
const PERIOD: Period = { from: wib(11, 1, 0), to: wib(12, 1, 0), label: '1–30 November 2026' };
const NOW = wib(11, 10, 9);

const DISDIK_NAME = 'Dinas "Pendidikan"; Kebudayaan';
const TRICKY_ACKER = '=HYPERLINK("http://x")';
const INSTRUCTION_TEXT = 'Mohon data stunting; sertakan "rincian" per kabupaten.\nBaris kedua.';
const REPORT_TEXT = 'Progres 50%; menunggu "data" kecamatan';

let dir: string;
let db: Db;
let dbUrl: string;
let ids: { dinkes: number; disdik: number; bappeda: number; i1: number; i2: number; i3: number; aDinkes: number; aDisdik: number; aBappeda: number };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arahan-export-'));
  dbUrl = await createTestDatabaseUrl(dir);
  db = createDatabase(dbUrl);
  await migrateToLatest(db);
  const t0 = wib(10, 1, 8);

  const opd = async (code: string, name: string) =>
    (await db.insertInto('opds').values({ code, name, cluster: null, chat_id: null, chat_title: null, created_at: t0, updated_at: t0 }).returning('id').executeTakeFirstOrThrow())
      .id;
  const dinkes = await opd('DINKES', 'Dinas Kesehatan');
  const disdik = await opd('DISDIK', DISDIK_NAME);
  const bappeda = await opd('BAPPEDA', 'Badan Perencanaan Pembangunan Daerah');
  const dishub = await opd('DISHUB', 'Dinas Perhubungan');

  const person = async (telegram_id: number, name: string, role: 'pimpinan' | 'kepala' | 'staf', opd_id: number | null) =>
    (await db.insertInto('people').values({ telegram_id, name, username: null, role, opd_id, created_at: t0, updated_at: t0 }).returning('id').executeTakeFirstOrThrow()).id;
  const gub = await person(1001, 'Gubernur', 'pimpinan', null);
  const budi = await person(2001, 'Budi Santoso', 'kepala', dinkes);
  const tricky = await person(2002, TRICKY_ACKER, 'staf', disdik);

  const instruction = async (number: string, created_at: number, text = 'Arahan uji') =>
    (
      await db
        .insertInto('instructions')
        .values({
          number,
          text,
          issuer_id: gub,
          priority: 'segera',
          ack_deadline: created_at + 2 * 3600_000,
          due_at: wib(11, 6, 16),
          target_label: 'Semua OPD',
          summary_chat_id: null,
          summary_message_id: null,
          created_at,
          closed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const i1 = await instruction('ARH-2026-0001', wib(11, 2, 9), INSTRUCTION_TEXT); // ack deadline 2 Nov 11.00 WIB
  const i2 = await instruction('ARH-2026-0002', wib(10, 31, 23, 59)); // before the period
  const i3 = await instruction('ARH-2026-0003', wib(12, 1, 0)); // at `to`: excluded

  const assignment = async (v: Record<string, unknown> & { instruction_id: number; opd_id: number }) =>
    (
      await db
        .insertInto('assignments')
        .values({
          chat_id: null,
          message_id: null,
          delivered_at: null,
          acked_at: null,
          acked_by: null,
          delivery_error: null,
          due_at: wib(11, 6, 16),
          created_at: wib(11, 2, 9),
          updated_at: wib(11, 2, 9),
          ...v,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  // On time both ways: acknowledged 10.30, reported done 5 Nov, accepted 7 Nov (after due: review delay must not count).
  const aDinkes = await assignment({
    instruction_id: i1,
    opd_id: dinkes,
    state: 'done',
    delivery_state: 'sent',
    delivered_at: wib(11, 2, 9, 1),
    acked_at: wib(11, 2, 10, 30),
    acked_by: budi,
    reported_at: wib(11, 5, 10),
    done_at: wib(11, 7, 8),
    reminder_count: 0,
  });
  // Late acknowledgement (12.15 > 11.00), still open after the 6 Nov due: overdue now.
  const aDisdik = await assignment({
    instruction_id: i1,
    opd_id: disdik,
    state: 'in_progress',
    delivery_state: 'sent',
    delivered_at: wib(11, 2, 9, 1),
    acked_at: wib(11, 2, 12, 15),
    acked_by: tricky,
    reminder_count: 3,
  });
  // Never delivered: the group is not linked.
  const aBappeda = await assignment({ instruction_id: i1, opd_id: bappeda, state: 'pending', delivery_state: 'no_chat', reminder_count: 1 });
  // Reported done after the due date, not reviewed yet: neither "selesai" in the recap's sense nor overdue.
  await assignment({
    instruction_id: i1,
    opd_id: dishub,
    state: 'reported',
    delivery_state: 'sent',
    delivered_at: wib(11, 2, 9, 1),
    acked_at: wib(11, 2, 9, 30),
    acked_by: budi,
    reported_at: wib(11, 7, 9),
  });
  await assignment({ instruction_id: i2, opd_id: dinkes, state: 'delivered', delivery_state: 'sent', created_at: wib(10, 31, 23, 59) });
  await assignment({ instruction_id: i3, opd_id: dinkes, state: 'delivered', delivery_state: 'sent', created_at: wib(12, 1, 0) });

  await db
    .insertInto('reports')
    .values([
      {
        assignment_id: aDisdik,
        instruction_id: i1,
        opd_id: disdik,
        person_id: tricky,
        kind: 'progress',
        text: REPORT_TEXT,
        attachments: '[]',
        review_state: 'none',
        created_at: wib(11, 4, 14),
      },
      {
        assignment_id: aDinkes,
        instruction_id: i1,
        opd_id: dinkes,
        person_id: budi,
        kind: 'done',
        text: 'Sudah selesai.',
        attachments: JSON.stringify([
          { kind: 'photo', file_id: 'a' },
          { kind: 'document', file_id: 'b', file_name: 'x.pdf' },
        ]),
        review_state: 'accepted',
        reviewed_by: gub,
        reviewed_at: wib(11, 7, 8),
        created_at: wib(11, 5, 10),
      },
    ])
    .execute();

  // Obstacles (kendala): one handled after an answer and a one-tap extension, one still open with a photo, one of an instruction outside the period.
  await db
    .insertInto('obstacles')
    .values([
      {
        assignment_id: aDinkes,
        instruction_id: i1,
        opd_id: dinkes,
        person_id: budi,
        text: 'Anggaran belum cair; "mohon" arahan',
        attachments: '[]',
        state: 'handled',
        response: 'Gunakan dana talangan.',
        responded_by: gub,
        responded_at: wib(11, 3, 10),
        extended_by: gub,
        extended_at: wib(11, 3, 10, 5),
        handled_by: gub,
        handled_at: wib(11, 3, 11),
        created_at: wib(11, 3, 9),
      },
      {
        assignment_id: aDisdik,
        instruction_id: i1,
        opd_id: disdik,
        person_id: tricky,
        text: 'Data sekolah belum lengkap.',
        attachments: JSON.stringify([{ kind: 'photo', file_id: 'c' }]),
        state: 'open',
        created_at: wib(11, 4, 8),
      },
    ])
    .execute();

  await db
    .insertInto('events')
    .values([
      { at: wib(11, 2, 9), kind: 'instruction_issued', instruction_id: i1, assignment_id: null, opd_id: null, actor_telegram_id: 1001, data: '{"targets":3}' },
      { at: wib(11, 2, 10, 30), kind: 'acknowledged', instruction_id: i1, assignment_id: aDinkes, opd_id: dinkes, actor_telegram_id: 2001, data: null },
      { at: wib(10, 31, 23, 59), kind: 'instruction_issued', instruction_id: i2, assignment_id: null, opd_id: null, actor_telegram_id: 1001, data: null },
      { at: wib(11, 3, 8), kind: 'opd_import', instruction_id: null, assignment_id: null, opd_id: null, actor_telegram_id: 1001, data: null },
    ])
    .execute();

  // Roll-calls (issue #16): R1 and R2 in the period, R3 with Budi acting for BAPPEDA, R0 before the period.
  const rollcall = async (started_at: number, deadlineMin: number, entries: Array<[number, number, number | null]>) => {
    const id = (
      await db
        .insertInto('rollcalls')
        .values({
          caller_id: gub,
          scope_label: 'uji',
          emergency: 0,
          scheduled: 0,
          started_at,
          deadline_at: started_at + deadlineMin * 60_000,
          tally_chat_id: null,
          tally_message_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    for (const [person_id, opd_id, afterMin] of entries)
      await db
        .insertInto('rollcall_entries')
        .values({ rollcall_id: id, person_id, opd_id, telegram_id: person_id === budi ? 2001 : 2002, answered_at: afterMin === null ? null : started_at + afterMin * 60_000 })
        .execute();
  };
  await rollcall(wib(10, 31, 20), 30, [[budi, dinkes, null]]);
  await rollcall(wib(11, 3, 19), 30, [
    [budi, dinkes, 5],
    [tricky, disdik, 40], // late
  ]);
  await rollcall(wib(11, 4, 20), 30, [
    [budi, dinkes, 15],
    [tricky, disdik, null],
  ]);
  await rollcall(wib(11, 5, 8), 60, [[budi, bappeda, 2]]);

  ids = { dinkes, disdik, bappeda, i1, i2, i3, aDinkes, aDisdik, aBappeda };
});

/** The Apel sheet's expected rows: each OPD, then its people (the acting head under the OPD acted for). */
const APEL_HEADER = ['Baris', 'Kode OPD', 'Nama OPD', 'Nama', 'Peran', 'Jumlah apel', 'Dipanggil', 'Menjawab', 'Tepat waktu', 'Keterjangkauan', 'Median waktu menjawab'];
const APEL_ROWS: unknown[][] = [
  ['OPD', 'BAPPEDA', 'Badan Perencanaan Pembangunan Daerah', null, null, 1, 1, 1, 1, '100%', '2 menit'],
  ['Orang', 'BAPPEDA', 'Badan Perencanaan Pembangunan Daerah', 'Budi Santoso', 'Kepala OPD', 1, 1, 1, 1, '100%', '2 menit'],
  ['OPD', 'DINKES', 'Dinas Kesehatan', null, null, 2, 2, 2, 2, '100%', '10 menit'],
  ['Orang', 'DINKES', 'Dinas Kesehatan', 'Budi Santoso', 'Kepala OPD', 2, 2, 2, 2, '100%', '10 menit'],
  ['OPD', 'DISDIK', DISDIK_NAME, null, null, 2, 2, 1, 0, '0%', '40 menit'],
  ['Orang', 'DISDIK', DISDIK_NAME, TRICKY_ACKER, 'Staf OPD', 2, 2, 1, 0, '0%', '40 menit'],
];

afterAll(async () => {
  await db?.destroy();
  await dropTestDatabase(dbUrl);
  fs.rmSync(dir, { recursive: true, force: true });
});

type Sheet = { header: string[]; rows: Record<string, unknown>[] };

function readSheet(ws: ExcelJS.Worksheet): Sheet {
  const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1); // exceljs rows are 1-based
  const header = values(1).map(String);
  const rows: Record<string, unknown>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const v = values(r);
    rows.push(Object.fromEntries(header.map((h, k) => [h, v[k] ?? null])));
  }
  return { header, rows };
}

describe('exportWorkbook', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const buf = await exportWorkbook(db, PERIOD, TZ, { now: NOW });
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip container
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  });

  it('has the six sheets, bold frozen headers with the zone label', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Arahan', 'Penugasan', 'Laporan', 'Kendala', 'Kejadian', 'Apel']);
    for (const ws of wb.worksheets) {
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      for (let c = 1; c <= ws.columnCount; c++) expect(ws.getColumn(c).width ?? 0).toBeGreaterThanOrEqual(8);
    }
    expect(readSheet(wb.getWorksheet('Penugasan')!).header).toEqual([
      'Nomor',
      'Kode OPD',
      'Nama OPD',
      'Status',
      'Terkirim (WIB)',
      'Batas konfirmasi (WIB)',
      'Dikonfirmasi (WIB)',
      'Oleh',
      'Konfirmasi tepat waktu',
      'Batas selesai (WIB)',
      'Selesai (WIB)',
      'Selesai tepat waktu',
      'Terlambat sekarang',
      'Jumlah pengingat',
    ]);
  });

  it('Arahan: only instructions created in [from, to), times as WIB text', () => {
    const s = readSheet(wb.getWorksheet('Arahan')!);
    expect(s.rows).toEqual([
      {
        Nomor: 'ARH-2026-0001',
        Isi: INSTRUCTION_TEXT,
        Pemberi: 'Gubernur',
        Tujuan: 'Semua OPD',
        Sifat: 'Segera',
        Status: 'Berjalan',
        'Dibuat (WIB)': '02/11/2026 09.00',
        'Batas konfirmasi (WIB)': '02/11/2026 11.00',
        'Batas selesai (WIB)': '06/11/2026 16.00',
      },
    ]);
  });

  it('Penugasan: both clocks per OPD', () => {
    const s = readSheet(wb.getWorksheet('Penugasan')!);
    expect(s.rows.map((r) => r['Kode OPD'])).toEqual(['BAPPEDA', 'DINKES', 'DISDIK', 'DISHUB']);
    const by = (code: string) => s.rows.find((r) => r['Kode OPD'] === code)!;
    expect(by('DINKES')).toMatchObject({
      Nomor: 'ARH-2026-0001',
      Status: 'Selesai',
      'Terkirim (WIB)': '02/11/2026 09.01',
      'Dikonfirmasi (WIB)': '02/11/2026 10.30',
      Oleh: 'Budi Santoso',
      'Konfirmasi tepat waktu': 'Ya',
      'Batas selesai (WIB)': '06/11/2026 16.00',
      'Selesai (WIB)': '05/11/2026 10.00',
      'Selesai tepat waktu': 'Ya',
      'Terlambat sekarang': 'Tidak',
      'Jumlah pengingat': 0,
    });
    expect(by('DISDIK')).toMatchObject({
      'Nama OPD': DISDIK_NAME,
      Status: 'Dalam proses',
      'Dikonfirmasi (WIB)': '02/11/2026 12.15',
      Oleh: TRICKY_ACKER,
      'Konfirmasi tepat waktu': 'Tidak',
      'Selesai (WIB)': null,
      // Open past due: not done on time, as /rekap counts it (src/domain/recap-shares.ts).
      'Selesai tepat waktu': 'Tidak',
      'Terlambat sekarang': 'Ya',
      'Jumlah pengingat': 3,
    });
    expect(by('BAPPEDA')).toMatchObject({
      Status: 'Grup belum terhubung',
      'Terkirim (WIB)': null,
      'Dikonfirmasi (WIB)': null,
      // Never acknowledged and the deadline has passed: not on time, as /rekap counts it.
      'Konfirmasi tepat waktu': 'Tidak',
      'Terlambat sekarang': 'Ya',
      'Jumlah pengingat': 1,
    });
    expect(by('DISHUB')).toMatchObject({
      Status: 'Dilaporkan selesai, menunggu pemeriksaan',
      'Konfirmasi tepat waktu': 'Ya',
      'Selesai (WIB)': '07/11/2026 09.00',
      'Selesai tepat waktu': '-',
      'Terlambat sekarang': 'Tidak',
    });
  });

  it('Kendala: the obstacles of the period instructions, open and handled', () => {
    const sheet = readSheet(wb.getWorksheet('Kendala')!);
    expect(sheet.header).toEqual([
      'Nomor',
      'OPD',
      'Pelapor',
      'Uraian kendala',
      'Jumlah lampiran',
      'Status',
      'Tanggapan',
      'Ditanggapi oleh',
      'Ditanggapi (WIB)',
      'Diperpanjang (WIB)',
      'Ditangani oleh',
      'Selesai ditangani (WIB)',
      'Waktu (WIB)',
    ]);
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.rows[0]).toMatchObject({
      Nomor: 'ARH-2026-0001',
      OPD: 'DINKES',
      Pelapor: 'Budi Santoso',
      'Uraian kendala': 'Anggaran belum cair; "mohon" arahan',
      'Jumlah lampiran': 0,
      Status: 'selesai ditangani',
      Tanggapan: 'Gunakan dana talangan.',
      'Ditanggapi oleh': 'Gubernur',
      'Ditanggapi (WIB)': '03/11/2026 10.00',
      'Diperpanjang (WIB)': '03/11/2026 10.05',
      'Ditangani oleh': 'Gubernur',
      'Selesai ditangani (WIB)': '03/11/2026 11.00',
      'Waktu (WIB)': '03/11/2026 09.00',
    });
    // The reporter's name starts with "=": written as text, never as a formula.
    expect(sheet.rows[1]).toMatchObject({ OPD: 'DISDIK', Pelapor: TRICKY_ACKER, 'Jumlah lampiran': 1, Status: 'terbuka, belum ditanggapi', 'Waktu (WIB)': '04/11/2026 08.00' });
  });

  it('Laporan and Kejadian: rows of the period instructions only', () => {
    const rep = readSheet(wb.getWorksheet('Laporan')!);
    expect(rep.header).toEqual(['Nomor', 'OPD', 'Pelapor', 'Jenis', 'Uraian', 'Jumlah lampiran', 'Status pemeriksaan', 'Waktu (WIB)']);
    expect(rep.rows).toEqual([
      {
        Nomor: 'ARH-2026-0001',
        OPD: 'DISDIK',
        Pelapor: TRICKY_ACKER,
        Jenis: 'Perkembangan',
        Uraian: REPORT_TEXT,
        'Jumlah lampiran': 0,
        'Status pemeriksaan': '-',
        'Waktu (WIB)': '04/11/2026 14.00',
      },
      {
        Nomor: 'ARH-2026-0001',
        OPD: 'DINKES',
        Pelapor: 'Budi Santoso',
        Jenis: 'Selesai',
        Uraian: 'Sudah selesai.',
        'Jumlah lampiran': 2,
        'Status pemeriksaan': 'Diterima',
        'Waktu (WIB)': '05/11/2026 10.00',
      },
    ]);
    const ev = readSheet(wb.getWorksheet('Kejadian')!);
    expect(ev.header).toEqual(['Waktu (WIB)', 'Jenis', 'Nomor', 'OPD', 'Pelaku (ID Telegram)', 'Data']);
    expect(ev.rows).toEqual([
      { 'Waktu (WIB)': '02/11/2026 09.00', Jenis: 'instruction_issued', Nomor: 'ARH-2026-0001', OPD: null, 'Pelaku (ID Telegram)': 1001, Data: '{"targets":3}' },
      { 'Waktu (WIB)': '02/11/2026 10.30', Jenis: 'acknowledged', Nomor: 'ARH-2026-0001', OPD: 'DINKES', 'Pelaku (ID Telegram)': 2001, Data: null },
    ]);
  });

  it('Apel: the roll-calls started in the period, per OPD then its people, figures as /rekap counts them', async () => {
    const ws = wb.getWorksheet('Apel')!;
    const sheet = readSheet(ws);
    expect(sheet.header).toEqual(APEL_HEADER);
    expect(sheet.rows.map((r) => APEL_HEADER.map((h) => r[h]))).toEqual(APEL_ROWS);
    // Counts are numbers; the name starting with "=" is a typed string, never a formula.
    expect(ws.getRow(7).getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(ws.getRow(2).getCell(7).type).toBe(ExcelJS.ValueType.Number);
    // /rekap reads the same figures: the same calls, answers in time, share and median per OPD.
    const recap = await rollcallRecap({ db } as unknown as AppDeps, PERIOD.from, PERIOD.to);
    const opdRows = sheet.rows.filter((r) => r.Baris === 'OPD');
    expect(recap.map((f) => [f.opdCode, f.called, f.onTime, reachShare(f.onTime, f.called), f.medianMs === null ? '-' : defaultMessages.fmt.duration(f.medianMs)])).toEqual(
      opdRows.map((r) => [r['Kode OPD'], r.Dipanggil, r['Tepat waktu'], r.Keterjangkauan, r['Median waktu menjawab']]),
    );
  });

  it('an empty period still gives the six sheets with headers', async () => {
    const empty: Period = { from: wib(1, 1, 0), to: wib(2, 1, 0), label: 'Januari 2026' };
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load((await exportWorkbook(db, empty, TZ, { now: NOW })) as unknown as ExcelJS.Buffer);
    expect(wb2.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ['Arahan', 1],
      ['Penugasan', 1],
      ['Laporan', 1],
      ['Kendala', 1],
      ['Kejadian', 1],
      ['Apel', 1],
    ]);
  });
});

describe('exportRollcallCsv', () => {
  it('has the Apel rows, quoted and guarded like the Penugasan CSV', async () => {
    const buf = (await exportRollcallCsv(db, PERIOD, TZ, { now: NOW }))!;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const parsed = parseCsv(text, ';');
    if (!parsed.ok) throw new Error('CSV did not parse');
    const [header, ...rows] = parsed.rows.map((r) => r.fields);
    expect(header).toEqual(APEL_HEADER);
    // Every field is text in a CSV; a formula-looking name gets its apostrophe.
    expect(rows).toEqual(APEL_ROWS.map((r) => r.map((v) => (v === null ? '' : v === TRICKY_ACKER ? `'${TRICKY_ACKER}` : String(v)))));
    expect(text).toContain('"Dinas ""Pendidikan""; Kebudayaan"');
  });

  it('is not built for a period without roll-calls', async () => {
    const empty: Period = { from: wib(1, 1, 0), to: wib(2, 1, 0), label: 'Januari 2026' };
    expect(await exportRollcallCsv(db, empty, TZ)).toBeNull();
    expect(Object.keys((await buildExportFiles(db, empty, TZ, { now: NOW })).files)).toEqual(['xlsx', 'csv']);
  });
});

describe('exportAssignmentsCsv', () => {
  it("is ';'-separated UTF-8 with BOM and CRLF, and parses back", async () => {
    const buf = await exportAssignmentsCsv(db, PERIOD, TZ, { now: NOW });
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line end is CRLF

    const parsed = parseCsv(text, ';');
    if (!parsed.ok) throw new Error('CSV did not parse');
    const [header, ...rows] = parsed.rows.map((r) => r.fields);
    expect(header).toEqual([
      'Nomor',
      'Kode OPD',
      'Nama OPD',
      'Status',
      'Terkirim (WIB)',
      'Batas konfirmasi (WIB)',
      'Dikonfirmasi (WIB)',
      'Oleh',
      'Konfirmasi tepat waktu',
      'Batas selesai (WIB)',
      'Selesai (WIB)',
      'Selesai tepat waktu',
      'Terlambat sekarang',
      'Jumlah pengingat',
    ]);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    const disdik = rows.find((r) => r[1] === 'DISDIK')!;
    expect(disdik[2]).toBe(DISDIK_NAME); // ';' and quotes round-trip
    expect(disdik[7]).toBe(`'${TRICKY_ACKER}`); // a formula-looking name stays text in Excel
    expect(disdik[6]).toBe('02/11/2026 12.15');
    expect(disdik[8]).toBe('Tidak');
    expect(disdik[13]).toBe('3');
    expect(text).toContain('"Dinas ""Pendidikan""; Kebudayaan"');
  });

  it('guards formula-looking text only', () => {
    expect(guardFormula('=1+1')).toBe("'=1+1");
    expect(guardFormula('+62 812')).toBe("'+62 812");
    expect(guardFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(guardFormula('-cmd')).toBe("'-cmd");
    expect(guardFormula('-')).toBe('-');
    expect(guardFormula('-12,5')).toBe('-12,5');
    expect(guardFormula('Dinas Kesehatan')).toBe('Dinas Kesehatan');
  });
});

describe('exportFileName', () => {
  it('names the first and last day of the period in the org timezone', () => {
    expect(exportFileName('xlsx', PERIOD, TZ)).toBe('arahan-2026-11-01_2026-11-30.xlsx');
    expect(exportFileName('csv', PERIOD, TZ)).toBe('arahan-2026-11-01_2026-11-30.csv');
    const day: Period = { from: wib(11, 5, 0), to: wib(11, 6, 0), label: '5 November 2026' };
    expect(exportFileName('csv', day, TZ)).toBe('arahan-2026-11-05_2026-11-05.csv');
    expect(exportFileName('apel', PERIOD, TZ)).toBe('arahan-apel-2026-11-01_2026-11-30.csv');
  });
});

describe('export queries', () => {
  it('start from instructions_created_idx and reach the other tables by instruction_id indexes', async () => {
    const plan = async (q: { compile(): CompiledQuery }) => {
      const c = q.compile();
      if (usePostgres) {
        // PostgreSQL's planner prefers sequential scans on tables this small; check the index
        // can be used when scans are discouraged.
        await db.executeQuery(CompiledQuery.raw('SET enable_seqscan = off'));
        const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${c.sql}`, [...c.parameters]));
        await db.executeQuery(CompiledQuery.raw('SET enable_seqscan = on'));
        return r.rows.map((x) => x['QUERY PLAN']);
      }
      const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${c.sql}`, [...c.parameters]));
      return r.rows.map((x) => x.detail);
    };
    const instructions = await plan(exportInstructionsQuery(db, PERIOD));
    if (usePostgres) expect(instructions.join(' | ')).toMatch(/instructions_created_idx/);
    else
      expect(
        instructions.some((d) => /SEARCH i USING (COVERING )?INDEX instructions_created_idx/.test(d)),
        instructions.join(' | '),
      ).toBe(true);
    // The rest go by batches of instruction ids, each through its table's instruction_id index.
    const byIds: Array<[string, { compile(): CompiledQuery }, RegExp]> = [
      [
        'assignments',
        exportAssignmentsQuery(db, [ids.i1, ids.i2]),
        usePostgres
          ? /assignments_instruction_opd_uq|assignments_late_idx/
          : /SEARCH a USING (COVERING )?INDEX (sqlite_autoindex_assignments_1|assignments_late_idx) \(instruction_id=\?\)/,
      ],
      [
        'reports',
        exportReportsQuery(db, [ids.i1, ids.i2]),
        usePostgres ? /reports_instruction_idx/ : /SEARCH r USING (COVERING )?INDEX reports_instruction_idx \(instruction_id=\?\)/,
      ],
      ['events', exportEventsQuery(db, [ids.i1, ids.i2]), usePostgres ? /events_instruction_idx/ : /SEARCH e USING (COVERING )?INDEX events_instruction_idx \(instruction_id=\?\)/],
    ];
    for (const [name, q, index] of byIds) {
      const details = await plan(q);
      expect(details.join(' | '), name).toMatch(index);
      // No full scan, and no sort: order comes from the instruction list and JavaScript.
      expect(
        details.filter((d) => /^SCAN |Seq Scan/.test(d)),
        `${name}: ${details.join(' | ')}`,
      ).toEqual([]);
    }
  });

  it('count the rows of the period', async () => {
    expect(await countExportRows(db, PERIOD)).toEqual({ instructions: 1, assignments: 4, reports: 2, events: 2 });
  });

  it('list the period the same as the sheets read it', async () => {
    expect((await listExportAssignments(db, PERIOD)).map((a) => [a.number, a.opd_code])).toEqual([
      ['ARH-2026-0001', 'BAPPEDA'],
      ['ARH-2026-0001', 'DINKES'],
      ['ARH-2026-0001', 'DISDIK'],
      ['ARH-2026-0001', 'DISHUB'],
    ]);
    expect((await listExportReports(db, PERIOD)).map((r) => [r.opd_code, r.person_name])).toEqual([
      ['DISDIK', TRICKY_ACKER],
      ['DINKES', 'Budi Santoso'],
    ]);
    expect((await listExportEvents(db, PERIOD)).map((e) => [e.kind, e.opd_code, e.actor_telegram_id])).toEqual([
      ['instruction_issued', null, 1001],
      ['acknowledged', 'DINKES', 2001],
    ]);
  });
});

describe('buildExportFiles', () => {
  it('builds the files in one pass, the same as the single-file functions', async () => {
    const build = await buildExportFiles(db, PERIOD, TZ, { now: NOW });
    expect(build.counts).toEqual({ instructions: 1, assignments: 4, reports: 2, events: 2 });
    expect(build.files.xlsx).toMatchObject({ name: 'arahan-2026-11-01_2026-11-30.xlsx', tooBig: false });
    expect(build.files.csv).toMatchObject({ name: 'arahan-2026-11-01_2026-11-30.csv', tooBig: false });
    expect(build.files.apel).toMatchObject({ name: 'arahan-apel-2026-11-01_2026-11-30.csv', tooBig: false, rows: 6 });
    expect(build.files.csv!.data!.equals(await exportAssignmentsCsv(db, PERIOD, TZ, { now: NOW }))).toBe(true);
    expect(build.files.apel!.data!.equals((await exportRollcallCsv(db, PERIOD, TZ, { now: NOW }))!)).toBe(true);
    expect(build.files.csv!.bytes).toBe(build.files.csv!.data!.length);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(build.files.xlsx!.data! as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ['Arahan', 2],
      ['Penugasan', 5],
      ['Laporan', 3],
      ['Kendala', 3],
      ['Kejadian', 3],
      ['Apel', 7],
    ]);
  });

  it('builds only the files asked for', async () => {
    const build = await buildExportFiles(db, PERIOD, TZ, { now: NOW, kinds: ['csv'] });
    expect(Object.keys(build.files)).toEqual(['csv']);
  });

  it('drops a file over the size limit and says so', async () => {
    const build = await buildExportFiles(db, PERIOD, TZ, { now: NOW, maxBytes: 1500 });
    // The CSV (4 rows) is under 1,500 bytes; the workbook (a zip of a dozen parts) is not.
    expect(build.files.csv!.tooBig).toBe(false);
    expect(build.files.xlsx).toMatchObject({ data: null, tooBig: true });
    expect(build.files.xlsx!.bytes).toBeGreaterThan(1500);
    const tiny = await buildExportFiles(db, PERIOD, TZ, { now: NOW, maxBytes: 100 });
    expect(tiny.files.csv).toMatchObject({ data: null, tooBig: true });
    expect(tiny.counts.assignments).toBe(4);
  });
});

describe('formatExportTime', () => {
  const references = new Map<string, Intl.DateTimeFormat>();
  /** What Intl says, minute precision: the reference the fast path must match. */
  function reference(ms: number, tz: string): string {
    let f = references.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      references.set(tz, f);
    }
    const p: Record<string, string> = {};
    for (const part of f.formatToParts(ms)) p[part.type] = part.value;
    return `${p.day}/${p.month}/${p.year} ${p.hour}.${p.minute}`;
  }

  /** The moments in 2026 when tz's UTC offset changes (to the hour). */
  function transitions(tz: string): number[] {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
    const offset = (ms: number) => f.formatToParts(ms).find((x) => x.type === 'timeZoneName')!.value;
    const out: number[] = [];
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000) if (offset(ms) !== offset(ms + 3_600_000)) out.push(ms + 3_600_000);
    return out;
  }

  it('formats in the zone, empty for null', () => {
    expect(formatExportTime(null, TZ)).toBe('');
    expect(formatExportTime(wib(11, 2, 9, 5), TZ)).toBe('02/11/2026 09.05');
    expect(formatExportTime(wib(1, 1, 0, 0), 'Asia/Jayapura')).toBe('01/01/2026 02.00');
  });

  it('matches Intl everywhere, across daylight-saving changes and odd offsets', () => {
    const rnd = mulberry32(5);
    const zones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Kathmandu', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham'];
    let changes = 0;
    for (const tz of zones) {
      // Every minute around each change of offset, then random moments over three years (and one in 1920).
      for (const at of transitions(tz)) {
        changes++;
        for (let m = -90; m <= 90; m++) expect(formatExportTime(at + m * 60_000 + 17_123, tz), `${tz} ${at + m * 60_000}`).toBe(reference(at + m * 60_000 + 17_123, tz));
      }
      for (let k = 0; k < 1000; k++) {
        const ms = Date.UTC(2025, 0, 1) + Math.floor(rnd() * 3 * 365 * 86_400_000);
        expect(formatExportTime(ms, tz), `${tz} ${ms}`).toBe(reference(ms, tz));
      }
      expect(formatExportTime(Date.UTC(1920, 5, 1, 3, 4, 5), tz)).toBe(reference(Date.UTC(1920, 5, 1, 3, 4, 5), tz));
    }
    expect(changes).toBe(10); // two a year in New York, Berlin, Lord Howe, St John's and the Chathams
  });
});

describe('export jobs', () => {
  it('one job id per chat, requester and period days', () => {
    const job = { chatId: -1001234, requesterId: 2002, from: PERIOD.from, to: PERIOD.to };
    expect(exportJobId(job, TZ)).toBe('export--1001234-2002-2026-11-01_2026-11-30');
    // The same days asked a few minutes later: the same job.
    expect(exportJobId({ ...job, from: PERIOD.from + 300_000, to: PERIOD.to - 300_000 }, TZ)).toBe(exportJobId(job, TZ));
    expect(exportJobId({ ...job, requesterId: 2003 }, TZ)).not.toBe(exportJobId(job, TZ));
    expect(exportJobId(job, TZ)).not.toContain(':'); // BullMQ refuses ':' in custom ids
  });

  it('suggests a shorter period', () => {
    expect(shorterPeriod(wib(1, 1, 0), wib(12, 1, 0), TZ)).toBe('2026-11'); // months: the last one
    expect(shorterPeriod(PERIOD.from, PERIOD.to, TZ)).toBe('1/11/2026 15/11/2026'); // a month: its first half
    expect(shorterPeriod(wib(11, 5, 0), wib(11, 6, 0), TZ)).toBe('5/11/2026 5/11/2026');
  });

  it('reads the files an earlier attempt recorded', () => {
    expect(exportProgress(0)).toEqual([]);
    expect(exportProgress(null)).toEqual([]);
    expect(exportProgress({ done: ['xlsx'] })).toEqual(['xlsx']);
    expect(exportProgress({ done: ['csv', 'xlsx', 'pdf'] })).toEqual(['xlsx', 'csv']);
    expect(exportProgress({ done: ['apel', 'xlsx'] })).toEqual(['xlsx', 'apel']);
  });
});
