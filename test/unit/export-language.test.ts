import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { InputFile } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../locales/en';
import { id } from '../../locales/id';
import type { Period } from '../../src/domain/recap-types';
import { fromLocal } from '../../src/domain/time';
import { buildExportFiles, type ExportBuild } from '../../src/features/export/export-files';
import { runExport } from '../../src/features/export/export-job';
import { createDatabase, migrateToLatest, type Db } from '../../src/infra/db/database';
import type { AppDeps } from '../../src/infra/deps';
import { createTestDatabaseUrl, dropTestDatabase } from '../support/db';

/**
 * Issue #15: an English requester's /ekspor files carry English sheet names, column headers and
 * coded values (states, priorities, yes/no, the row kinds and roles of the roll-call sheet),
 * with the same format rules (';', the UTF-8 BOM, CRLF); the Indonesian files stay as they were.
 */
const TZ = 'Asia/Jakarta';
const wib = (month: number, day: number, hour: number, minute = 0) => fromLocal(TZ, 2026, month, day, hour, minute);
const PERIOD: Period = { from: wib(11, 1, 0), to: wib(12, 1, 0), label: '1–30 November 2026' };
const NOW = wib(11, 10, 9);

/** The Indonesian words the files used to carry in headers and coded values (the data itself is English here). */
const INDONESIAN =
  /\b(Ya|Tidak|Nomor|Isi|Pemberi|Tujuan|Sifat|Dibuat|Batas|Terkirim|Dikonfirmasi|Oleh|Konfirmasi|Selesai|Terlambat|Jumlah|Pelapor|Jenis|Uraian|Waktu|Tanggapan|Ditanggapi|Diperpanjang|Ditangani|Pelaku|Baris|Nama|Peran|Dipanggil|Menjawab|Tepat|Keterjangkauan|Segera|Berjalan|Diterima|Perkembangan|terbuka|ditangani|Orang|Kepala|Staf|menit|Grup|Dalam proses|Arahan|Penugasan|Laporan|Kendala|Kejadian|Apel)\b/;

let dir: string;
let db: Db;
let dbUrl: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arahan-export-lang-'));
  dbUrl = await createTestDatabaseUrl(dir);
  db = createDatabase(dbUrl);
  await migrateToLatest(db);
  const t0 = wib(10, 1, 8);
  const opd = async (code: string, name: string) =>
    (await db.insertInto('opds').values({ code, name, cluster: null, chat_id: null, chat_title: null, created_at: t0, updated_at: t0 }).returning('id').executeTakeFirstOrThrow())
      .id;
  const health = await opd('HEALTH', 'Health Office');
  const roads = await opd('ROADS', 'Roads Office');
  const water = await opd('WATER', 'Water Office');
  const person = async (telegram_id: number, name: string, role: 'pimpinan' | 'kepala' | 'staf', opd_id: number | null) =>
    (await db.insertInto('people').values({ telegram_id, name, username: null, role, opd_id, created_at: t0, updated_at: t0 }).returning('id').executeTakeFirstOrThrow()).id;
  const governor = await person(1001, 'The Governor', 'pimpinan', null);
  const head = await person(2001, 'Budi Santoso', 'kepala', health);
  const staff = await person(2002, 'Rudi Hartono', 'staf', roads);

  const instruction = (
    await db
      .insertInto('instructions')
      .values({
        number: 'ARH-2026-0001',
        text: 'Prepare the flood posts.',
        issuer_id: governor,
        priority: 'segera',
        ack_deadline: wib(11, 2, 11),
        due_at: wib(11, 6, 16),
        target_label: 'All OPDs',
        summary_chat_id: null,
        summary_message_id: null,
        created_at: wib(11, 2, 9),
        closed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const assignment = async (v: Record<string, unknown> & { opd_id: number }) =>
    (
      await db
        .insertInto('assignments')
        .values({
          instruction_id: instruction,
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
  // Done on time; acknowledged late and overdue now; never delivered (no group).
  const aHealth = await assignment({
    opd_id: health,
    state: 'done',
    delivery_state: 'sent',
    delivered_at: wib(11, 2, 9, 1),
    acked_at: wib(11, 2, 10),
    acked_by: head,
    reported_at: wib(11, 5, 10),
    done_at: wib(11, 5, 12),
    reminder_count: 0,
  });
  const aRoads = await assignment({
    opd_id: roads,
    state: 'in_progress',
    delivery_state: 'sent',
    delivered_at: wib(11, 2, 9, 1),
    acked_at: wib(11, 2, 12),
    acked_by: staff,
    reminder_count: 2,
  });
  await assignment({ opd_id: water, state: 'pending', delivery_state: 'no_chat', reminder_count: 0 });

  await db
    .insertInto('reports')
    .values([
      {
        assignment_id: aRoads,
        instruction_id: instruction,
        opd_id: roads,
        person_id: staff,
        kind: 'progress',
        text: 'Half done.',
        attachments: '[]',
        review_state: 'none',
        created_at: wib(11, 4, 14),
      },
      {
        assignment_id: aHealth,
        instruction_id: instruction,
        opd_id: health,
        person_id: head,
        kind: 'done',
        text: 'All done.',
        attachments: '[]',
        review_state: 'accepted',
        reviewed_by: governor,
        reviewed_at: wib(11, 5, 12),
        created_at: wib(11, 5, 10),
      },
    ])
    .execute();
  await db
    .insertInto('obstacles')
    .values([
      {
        assignment_id: aHealth,
        instruction_id: instruction,
        opd_id: health,
        person_id: head,
        text: 'No budget yet.',
        attachments: '[]',
        state: 'handled',
        response: 'Use the reserve.',
        responded_by: governor,
        responded_at: wib(11, 3, 10),
        handled_by: governor,
        handled_at: wib(11, 3, 11),
        created_at: wib(11, 3, 9),
      },
      { assignment_id: aRoads, instruction_id: instruction, opd_id: roads, person_id: staff, text: 'Road closed.', attachments: '[]', state: 'open', created_at: wib(11, 4, 8) },
    ])
    .execute();
  await db
    .insertInto('events')
    .values({ at: wib(11, 2, 9), kind: 'instruction_issued', instruction_id: instruction, assignment_id: null, opd_id: null, actor_telegram_id: 1001, data: null })
    .execute();
  // One roll-call: the head answers after 5 minutes, the staff member does not.
  const started = wib(11, 3, 19);
  const rollcall = (
    await db
      .insertInto('rollcalls')
      .values({
        caller_id: governor,
        scope_label: 'test',
        emergency: 0,
        scheduled: 0,
        started_at: started,
        deadline_at: started + 30 * 60_000,
        tally_chat_id: null,
        tally_message_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('rollcall_entries')
    .values([
      { rollcall_id: rollcall, person_id: head, opd_id: health, telegram_id: 2001, answered_at: started + 5 * 60_000 },
      { rollcall_id: rollcall, person_id: staff, opd_id: roads, telegram_id: 2002, answered_at: null },
    ])
    .execute();
});

afterAll(async () => {
  await db?.destroy();
  await dropTestDatabase(dbUrl);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every sheet as its rows of cell texts (the header first; an empty cell is ''). */
async function readWorkbook(buf: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const sheets = new Map<string, string[][]>();
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) rows.push(Array.from((ws.getRow(r).values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v))));
    sheets.set(ws.name, rows);
  }
  return sheets;
}

/** Rows of a CSV file, after checking its format: BOM, CRLF line ends, ';' between fields. */
function csvRows(buf: Buffer): string[][] {
  const text = buf.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return text
    .slice(1)
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.split(';'));
}

const column = (rows: string[][], header: string) => rows.slice(1).map((r) => r[rows[0]!.indexOf(header)]);

describe('the export in the requester’s language (issue #15)', () => {
  let english: ExportBuild;
  beforeAll(async () => {
    english = await buildExportFiles(db, PERIOD, TZ, { now: NOW, t: en });
  });

  it('names the sheets and heads the columns in English', async () => {
    const wb = await readWorkbook(english.files.xlsx!.data!);
    expect([...wb.keys()]).toEqual(['Instructions', 'Assignments', 'Reports', 'Obstacles', 'Events', 'Roll-calls']);
    expect(wb.get('Assignments')![0]).toEqual([
      'Number',
      'OPD code',
      'OPD name',
      'Status',
      'Sent (WIB)',
      'Acknowledgement deadline (WIB)',
      'Acknowledged (WIB)',
      'By',
      'Acknowledged on time',
      'Completion deadline (WIB)',
      'Completed (WIB)',
      'Completed on time',
      'Late now',
      'Reminders',
    ]);
    expect(wb.get('Instructions')![0]).toEqual([
      'Number',
      'Text',
      'Issued by',
      'To',
      'Priority',
      'Status',
      'Created (WIB)',
      'Acknowledgement deadline (WIB)',
      'Completion deadline (WIB)',
    ]);
    expect(wb.get('Roll-calls')![0]).toEqual(['Row', 'OPD code', 'OPD name', 'Name', 'Role', 'Roll-calls', 'Called', 'Answered', 'On time', 'Reach', 'Median time to answer']);
    for (const [name, rows] of wb) for (const cell of rows.flat()) expect(INDONESIAN.exec(cell)?.[0], `${name}: ${cell}`).toBeUndefined();
  });

  it('writes the coded values in English', async () => {
    const wb = await readWorkbook(english.files.xlsx!.data!);
    const arahan = wb.get('Instructions')!;
    expect(column(arahan, 'Priority')).toEqual(['Urgent']);
    expect(column(arahan, 'Status')).toEqual(['Open']);
    const tasks = wb.get('Assignments')!;
    expect(column(tasks, 'OPD code')).toEqual(['HEALTH', 'ROADS', 'WATER']);
    expect(column(tasks, 'Status')).toEqual(['Done', 'In progress', 'Group not linked yet']);
    expect(column(tasks, 'Acknowledged on time')).toEqual(['Yes', 'No', 'No']);
    expect(column(tasks, 'Late now')).toEqual(['No', 'Yes', 'Yes']);
    const reports = wb.get('Reports')!;
    expect(column(reports, 'Kind').sort()).toEqual(['Done', 'Progress']);
    expect(column(reports, 'Review status').sort()).toEqual(['-', 'Accepted']);
    expect(column(wb.get('Obstacles')!, 'Status').sort()).toEqual(['handled', 'open, not answered yet']);
    const apel = wb.get('Roll-calls')!;
    expect(apel.slice(1).map((r) => [r[0], r[4], r[10]])).toEqual([
      ['OPD', '', '5 minutes'],
      ['Person', 'OPD head', '5 minutes'],
      ['OPD', '', '-'],
      ['Person', 'OPD staff', '-'],
    ]);
  });

  it('keeps the CSV format and puts English in it', () => {
    const rows = csvRows(english.files.csv!.data!);
    expect(rows[0]![0]).toBe('Number');
    expect(rows[0]).toContain('Acknowledged on time');
    expect(column(rows, 'Acknowledged on time')).toEqual(['Yes', 'No', 'No']);
    const apel = csvRows(english.files.apel!.data!);
    expect(apel[0]).toEqual(['Row', 'OPD code', 'OPD name', 'Name', 'Role', 'Roll-calls', 'Called', 'Answered', 'On time', 'Reach', 'Median time to answer']);
    for (const cell of [...rows, ...apel].flat()) expect(INDONESIAN.exec(cell)?.[0], cell).toBeUndefined();
  });

  it('writes the times the English way (HH:MM, as the English messages do); Indonesian keeps HH.MM', async () => {
    const wb = await readWorkbook(english.files.xlsx!.data!);
    expect(column(wb.get('Instructions')!, 'Created (WIB)')).toEqual(['02/11/2026 09:00']);
    expect(column(wb.get('Instructions')!, 'Completion deadline (WIB)')).toEqual(['06/11/2026 16:00']);
    expect(column(wb.get('Events')!, `Time (WIB)`)).toEqual(['02/11/2026 09:00']);
    const rows = csvRows(english.files.csv!.data!);
    expect(column(rows, 'Sent (WIB)')).toEqual(['02/11/2026 09:01', '02/11/2026 09:01', '']);
    expect(column(rows, 'Completed (WIB)')).toEqual(['05/11/2026 10:00', '', '']);
    // No cell of the English files keeps the Indonesian "HH.MM" time.
    for (const cell of [...[...wb.values()].flat(2), ...rows.flat()]) expect(cell, cell).not.toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}\.\d{2}/);

    const indonesian = csvRows((await buildExportFiles(db, PERIOD, TZ, { now: NOW, t: id })).files.csv!.data!);
    expect(column(indonesian, 'Terkirim (WIB)')).toEqual(['02/11/2026 09.01', '02/11/2026 09.01', '']);
    expect(column(indonesian, 'Selesai (WIB)')).toEqual(['05/11/2026 10.00', '', '']);
  });

  it('keeps Indonesian by default and for an Indonesian requester', async () => {
    const byDefault = await buildExportFiles(db, PERIOD, TZ, { now: NOW });
    const indonesian = await buildExportFiles(db, PERIOD, TZ, { now: NOW, t: id });
    expect(indonesian.files.csv!.data!.equals(byDefault.files.csv!.data!)).toBe(true);
    expect(indonesian.files.apel!.data!.equals(byDefault.files.apel!.data!)).toBe(true);
    const rows = csvRows(byDefault.files.csv!.data!);
    expect(rows[0]).toEqual([
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
    expect(column(rows, 'Status')).toEqual(['Selesai', 'Dalam proses', 'Grup belum terhubung']);
    expect(column(rows, 'Konfirmasi tepat waktu')).toEqual(['Ya', 'Tidak', 'Tidak']);
    const wb = await readWorkbook(indonesian.files.xlsx!.data!);
    expect([...wb.keys()]).toEqual(['Arahan', 'Penugasan', 'Laporan', 'Kendala', 'Kejadian', 'Apel']);
    expect(
      wb
        .get('Apel')!
        .slice(1)
        .map((r) => [r[0], r[4], r[10]]),
    ).toEqual([
      ['OPD', '', '5 menit'],
      ['Orang', 'Kepala OPD', '5 menit'],
      ['OPD', '', '-'],
      ['Orang', 'Staf OPD', '-'],
    ]);
  });

  it('the /ekspor job builds the files in the language of whoever asked', async () => {
    const sent: { name: string; data: Buffer }[] = [];
    const deps = {
      db,
      config: { timezone: TZ },
      logger: { info() {}, warn() {}, error() {} },
      api: {
        sendChatAction: async () => true,
        sendMessage: async () => ({}),
        sendDocument: async (_chat: number, file: InputFile) => {
          // grammY keeps what it was given (here a Buffer) and the file name.
          const f = file as unknown as { fileData: Buffer; filename: string };
          sent.push({ name: f.filename, data: f.fileData });
          return {};
        },
      },
    } as unknown as AppDeps;
    const job = { chatId: 7, requesterId: 7, lang: 'en', from: PERIOD.from, to: PERIOD.to, label: PERIOD.label, requestedAt: NOW };
    const outcome = await runExport(deps, job, { final: true, done: [], record: async () => undefined });
    expect(outcome.sent).toEqual(['xlsx', 'csv', 'apel']);
    const wb = await readWorkbook(sent.find((f) => f.name.endsWith('.xlsx'))!.data);
    expect([...wb.keys()]).toContain('Assignments');
    expect(csvRows(sent.find((f) => f.name === 'arahan-2026-11-01_2026-11-30.csv')!.data)[0]![0]).toBe('Number');
  });
});
