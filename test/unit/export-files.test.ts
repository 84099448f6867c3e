import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, migrateToLatest, type Db } from '../../src/db/database';
import { createTestDatabaseUrl, dropTestDatabase, usePostgres } from '../support/db';
import { exportAssignmentsQuery, exportEventsQuery, exportInstructionsQuery, exportReportsQuery } from '../../src/db/exports';
import { parseCsv } from '../../src/domain/csv';
import type { Period } from '../../src/domain/recap-types';
import { fromLocal } from '../../src/domain/time';
import { exportAssignmentsCsv, exportFileName, exportWorkbook, guardFormula } from '../../src/services/export-files';

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
    (await db.insertInto('opds').values({ code, name, cluster: null, chat_id: null, chat_title: null, created_at: t0, updated_at: t0 }).returning('id').executeTakeFirstOrThrow()).id;
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
        .values({ chat_id: null, message_id: null, delivered_at: null, acked_at: null, acked_by: null, delivery_error: null, due_at: wib(11, 6, 16), created_at: wib(11, 2, 9), updated_at: wib(11, 2, 9), ...v })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  // On time both ways: acknowledged 10.30, reported done 5 Nov, accepted 7 Nov (after due: review delay must not count).
  const aDinkes = await assignment({
    instruction_id: i1, opd_id: dinkes, state: 'done', delivery_state: 'sent', delivered_at: wib(11, 2, 9, 1),
    acked_at: wib(11, 2, 10, 30), acked_by: budi, reported_at: wib(11, 5, 10), done_at: wib(11, 7, 8), reminder_count: 0,
  });
  // Late acknowledgement (12.15 > 11.00), still open after the 6 Nov due: overdue now.
  const aDisdik = await assignment({
    instruction_id: i1, opd_id: disdik, state: 'in_progress', delivery_state: 'sent', delivered_at: wib(11, 2, 9, 1),
    acked_at: wib(11, 2, 12, 15), acked_by: tricky, reminder_count: 3,
  });
  // Never delivered: the group is not linked.
  const aBappeda = await assignment({ instruction_id: i1, opd_id: bappeda, state: 'pending', delivery_state: 'no_chat', reminder_count: 1 });
  // Reported done after the due date, not reviewed yet: neither "selesai" in the recap's sense nor overdue.
  await assignment({
    instruction_id: i1, opd_id: dishub, state: 'reported', delivery_state: 'sent', delivered_at: wib(11, 2, 9, 1),
    acked_at: wib(11, 2, 9, 30), acked_by: budi, reported_at: wib(11, 7, 9),
  });
  await assignment({ instruction_id: i2, opd_id: dinkes, state: 'delivered', delivery_state: 'sent', created_at: wib(10, 31, 23, 59) });
  await assignment({ instruction_id: i3, opd_id: dinkes, state: 'delivered', delivery_state: 'sent', created_at: wib(12, 1, 0) });

  await db
    .insertInto('reports')
    .values([
      { assignment_id: aDisdik, instruction_id: i1, opd_id: disdik, person_id: tricky, kind: 'progress', text: REPORT_TEXT, attachments: '[]', review_state: 'none', created_at: wib(11, 4, 14) },
      {
        assignment_id: aDinkes, instruction_id: i1, opd_id: dinkes, person_id: budi, kind: 'done', text: 'Sudah selesai.',
        attachments: JSON.stringify([{ kind: 'photo', file_id: 'a' }, { kind: 'document', file_id: 'b', file_name: 'x.pdf' }]),
        review_state: 'accepted', reviewed_by: gub, reviewed_at: wib(11, 7, 8), created_at: wib(11, 5, 10),
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

  ids = { dinkes, disdik, bappeda, i1, i2, i3, aDinkes, aDisdik, aBappeda };
});

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

  it('has the four sheets, bold frozen headers with the zone label', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Arahan', 'Penugasan', 'Laporan', 'Kejadian']);
    for (const ws of wb.worksheets) {
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      for (let c = 1; c <= ws.columnCount; c++) expect(ws.getColumn(c).width ?? 0).toBeGreaterThanOrEqual(8);
    }
    expect(readSheet(wb.getWorksheet('Penugasan')!).header).toEqual([
      'Nomor', 'Kode OPD', 'Nama OPD', 'Status', 'Terkirim (WIB)', 'Batas konfirmasi (WIB)', 'Dikonfirmasi (WIB)', 'Oleh',
      'Konfirmasi tepat waktu', 'Batas selesai (WIB)', 'Selesai (WIB)', 'Selesai tepat waktu', 'Terlambat sekarang', 'Jumlah pengingat',
    ]);
  });

  it('Arahan: only instructions created in [from, to), times as WIB text', () => {
    const s = readSheet(wb.getWorksheet('Arahan')!);
    expect(s.rows).toEqual([
      {
        Nomor: 'ARH-2026-0001', Isi: INSTRUCTION_TEXT, Pemberi: 'Gubernur', Tujuan: 'Semua OPD', Sifat: 'Segera', Status: 'Berjalan',
        'Dibuat (WIB)': '02/11/2026 09.00', 'Batas konfirmasi (WIB)': '02/11/2026 11.00', 'Batas selesai (WIB)': '06/11/2026 16.00',
      },
    ]);
  });

  it('Penugasan: both clocks per OPD', () => {
    const s = readSheet(wb.getWorksheet('Penugasan')!);
    expect(s.rows.map((r) => r['Kode OPD'])).toEqual(['BAPPEDA', 'DINKES', 'DISDIK', 'DISHUB']);
    const by = (code: string) => s.rows.find((r) => r['Kode OPD'] === code)!;
    expect(by('DINKES')).toMatchObject({
      Nomor: 'ARH-2026-0001', Status: 'Selesai', 'Terkirim (WIB)': '02/11/2026 09.01', 'Dikonfirmasi (WIB)': '02/11/2026 10.30',
      Oleh: 'Budi Santoso', 'Konfirmasi tepat waktu': 'Ya', 'Batas selesai (WIB)': '06/11/2026 16.00',
      'Selesai (WIB)': '05/11/2026 10.00', 'Selesai tepat waktu': 'Ya', 'Terlambat sekarang': 'Tidak', 'Jumlah pengingat': 0,
    });
    expect(by('DISDIK')).toMatchObject({
      'Nama OPD': DISDIK_NAME, Status: 'Dalam proses', 'Dikonfirmasi (WIB)': '02/11/2026 12.15', Oleh: TRICKY_ACKER,
      'Konfirmasi tepat waktu': 'Tidak', 'Selesai (WIB)': null, 'Selesai tepat waktu': '-', 'Terlambat sekarang': 'Ya', 'Jumlah pengingat': 3,
    });
    expect(by('BAPPEDA')).toMatchObject({
      Status: 'Grup belum terhubung', 'Terkirim (WIB)': null, 'Dikonfirmasi (WIB)': null, 'Konfirmasi tepat waktu': '-',
      'Terlambat sekarang': 'Ya', 'Jumlah pengingat': 1,
    });
    expect(by('DISHUB')).toMatchObject({
      Status: 'Dilaporkan selesai, menunggu pemeriksaan', 'Konfirmasi tepat waktu': 'Ya', 'Selesai (WIB)': '07/11/2026 09.00',
      'Selesai tepat waktu': '-', 'Terlambat sekarang': 'Tidak',
    });
  });

  it('Laporan and Kejadian: rows of the period instructions only', () => {
    const rep = readSheet(wb.getWorksheet('Laporan')!);
    expect(rep.header).toEqual(['Nomor', 'OPD', 'Pelapor', 'Jenis', 'Uraian', 'Jumlah lampiran', 'Status pemeriksaan', 'Waktu (WIB)']);
    expect(rep.rows).toEqual([
      { Nomor: 'ARH-2026-0001', OPD: 'DISDIK', Pelapor: TRICKY_ACKER, Jenis: 'Perkembangan', Uraian: REPORT_TEXT, 'Jumlah lampiran': 0, 'Status pemeriksaan': '-', 'Waktu (WIB)': '04/11/2026 14.00' },
      { Nomor: 'ARH-2026-0001', OPD: 'DINKES', Pelapor: 'Budi Santoso', Jenis: 'Selesai', Uraian: 'Sudah selesai.', 'Jumlah lampiran': 2, 'Status pemeriksaan': 'Diterima', 'Waktu (WIB)': '05/11/2026 10.00' },
    ]);
    const ev = readSheet(wb.getWorksheet('Kejadian')!);
    expect(ev.header).toEqual(['Waktu (WIB)', 'Jenis', 'Nomor', 'OPD', 'Pelaku (ID Telegram)', 'Data']);
    expect(ev.rows).toEqual([
      { 'Waktu (WIB)': '02/11/2026 09.00', Jenis: 'instruction_issued', Nomor: 'ARH-2026-0001', OPD: null, 'Pelaku (ID Telegram)': 1001, Data: '{"targets":3}' },
      { 'Waktu (WIB)': '02/11/2026 10.30', Jenis: 'acknowledged', Nomor: 'ARH-2026-0001', OPD: 'DINKES', 'Pelaku (ID Telegram)': 2001, Data: null },
    ]);
  });

  it('an empty period still gives the four sheets with headers', async () => {
    const empty: Period = { from: wib(1, 1, 0), to: wib(2, 1, 0), label: 'Januari 2026' };
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load((await exportWorkbook(db, empty, TZ, { now: NOW })) as unknown as ExcelJS.Buffer);
    expect(wb2.worksheets.map((w) => [w.name, w.rowCount])).toEqual([['Arahan', 1], ['Penugasan', 1], ['Laporan', 1], ['Kejadian', 1]]);
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
      'Nomor', 'Kode OPD', 'Nama OPD', 'Status', 'Terkirim (WIB)', 'Batas konfirmasi (WIB)', 'Dikonfirmasi (WIB)', 'Oleh',
      'Konfirmasi tepat waktu', 'Batas selesai (WIB)', 'Selesai (WIB)', 'Selesai tepat waktu', 'Terlambat sekarang', 'Jumlah pengingat',
    ]);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    const disdik = rows.find((r) => r[1] === 'DISDIK')!;
    expect(disdik[2]).toBe(DISDIK_NAME); // ';' and quotes round-trip
    expect(disdik[7]).toBe("'" + TRICKY_ACKER); // a formula-looking name stays text in Excel
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
        const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw('EXPLAIN ' + c.sql, [...c.parameters]));
        await db.executeQuery(CompiledQuery.raw('SET enable_seqscan = on'));
        return r.rows.map((x) => x['QUERY PLAN']);
      }
      const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw('EXPLAIN QUERY PLAN ' + c.sql, [...c.parameters]));
      return r.rows.map((x) => x.detail);
    };
    for (const q of [exportInstructionsQuery, exportAssignmentsQuery, exportReportsQuery, exportEventsQuery]) {
      if (usePostgres) {
        const details = await plan(q(db, PERIOD));
        expect(details.join(' | ')).toMatch(/instructions_created_idx/);
        continue;
      }
      const details = await plan(q(db, PERIOD));
      expect(details.some((d) => /SEARCH i USING (COVERING )?INDEX instructions_created_idx/.test(d)), details.join(' | ')).toBe(true);
      // No full scan of any table (SCAN of a temp b-tree for ORDER BY is fine).
      expect(details.filter((d) => /^SCAN (?!.*TEMP B-TREE)/.test(d)), details.join(' | ')).toEqual([]);
    }
  });
});
