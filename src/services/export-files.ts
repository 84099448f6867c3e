// Period exports for the secretariat: an Excel workbook (Arahan, Penugasan,
// Laporan, Kejadian) and the Penugasan sheet alone as CSV.
//
// Scope: everything hangs off the instructions *created* in [period.from,
// period.to); their assignments, reports and events are included whenever
// those happened, so a row never goes missing because the OPD answered after
// the period ended.
//
// Times are text "dd/mm/yyyy HH.MM" in the org's timezone, the zone label in
// the column header ("Dikonfirmasi (WIB)"): what people read in the bot, and
// no spreadsheet re-interprets it in the viewer's own zone.
//
// exceljs (~0.5 s to load) is imported on first use so the bot starts fast.

import { PassThrough } from 'node:stream';
import type { Db } from '../db/database';
import {
  listExportAssignments,
  listExportEvents,
  listExportInstructions,
  listExportReports,
  type ExportAssignmentRow,
} from '../db/exports';
import type { AssignmentState, DeliveryState } from '../db/schema';
import type { Period } from '../domain/recap-types';
import { localDateKey, zoneLabel } from '../domain/time';

export interface ExportOptions {
  /** "Now" for the "terlambat sekarang" column; defaults to the clock. */
  now?: number;
}

type Cell = string | number;

interface Column {
  header: string;
  /** Width bounds in characters; the actual width follows the content. */
  min: number;
  max: number;
  /** Long free text: wrapped in the workbook. */
  wrap?: boolean;
  /** Excel number format for numeric cells (e.g. '0' so Telegram ids never turn into 1,23E+09). */
  numFmt?: string;
}

interface Table {
  name: string;
  columns: Column[];
  rows: Cell[][];
}

const YES = 'Ya';
const NO = 'Tidak';
const NONE = '-';

/** Excel's limit for one cell's text. */
const MAX_CELL_CHARS = 32_767;

const PRIORITY: Record<string, string> = { biasa: 'Biasa', penting: 'Penting', segera: 'Segera' };
const INSTRUCTION_STATE: Record<string, string> = { open: 'Berjalan', closed: 'Ditutup', cancelled: 'Dibatalkan' };
const ASSIGNMENT_STATE: Record<AssignmentState, string> = {
  pending: 'Belum terkirim',
  delivered: 'Terkirim, belum konfirmasi',
  acknowledged: 'Diterima',
  in_progress: 'Dalam proses',
  reported: 'Dilaporkan selesai, menunggu pemeriksaan',
  done: 'Selesai',
  cancelled: 'Dibatalkan',
};
const DELIVERY_STATE: Record<DeliveryState, string> = {
  queued: 'Antre pengiriman',
  sending: 'Sedang dikirim',
  sent: 'Terkirim',
  failed: 'Gagal terkirim',
  no_chat: 'Grup belum terhubung',
};
const REPORT_KIND: Record<string, string> = { progress: 'Perkembangan', done: 'Selesai' };
const REVIEW_STATE: Record<string, string> = {
  none: NONE,
  pending: 'Menunggu pemeriksaan',
  accepted: 'Diterima',
  returned: 'Dikembalikan',
};

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

// One Intl formatter per zone. domain/time's localParts builds a new one per call
// (~0.25 ms): fine for a message, too slow for tens of thousands of cells.
const wallClock = new Map<string, Intl.DateTimeFormat>();
function wallClockFormat(tz: string): Intl.DateTimeFormat {
  let f = wallClock.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
    });
    wallClock.set(tz, f);
  }
  return f;
}

/** "dd/mm/yyyy HH.MM" in tz; empty for null. */
export function formatExportTime(ms: number | null, tz: string): string {
  if (ms === null) return '';
  const p: Record<string, number> = {};
  for (const part of wallClockFormat(tz).formatToParts(ms)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return `${pad2(p.day ?? 0)}/${pad2(p.month ?? 0)}/${p.year ?? 0} ${pad2(p.hour ?? 0)}.${pad2(p.minute ?? 0)}`;
}

function yesNo(v: boolean | null): string {
  return v === null ? NONE : v ? YES : NO;
}

/** When the OPD finished: the earlier of its "done" report and the acceptance (so review delay never counts against it). */
export function finishedAt(a: Pick<ExportAssignmentRow, 'reported_at' | 'done_at'>): number | null {
  if (a.reported_at !== null && a.done_at !== null) return Math.min(a.reported_at, a.done_at);
  return a.reported_at ?? a.done_at;
}

function assignmentStatus(a: ExportAssignmentRow): string {
  if (a.state === 'pending') return DELIVERY_STATE[a.delivery_state] ?? ASSIGNMENT_STATE.pending;
  return ASSIGNMENT_STATE[a.state] ?? a.state;
}

function clip(s: string): string {
  return s.length > MAX_CELL_CHARS ? s.slice(0, MAX_CELL_CHARS - 1) + '…' : s;
}

// --- tables ------------------------------------------------------------------

function penugasanTable(rows: ExportAssignmentRow[], tz: string, now: number): Table {
  const z = zoneLabel(tz);
  return {
    name: 'Penugasan',
    columns: [
      { header: 'Nomor', min: 10, max: 18 },
      { header: 'Kode OPD', min: 8, max: 14 },
      { header: 'Nama OPD', min: 12, max: 40 },
      { header: 'Status', min: 10, max: 30 },
      { header: `Terkirim (${z})`, min: 16, max: 16 },
      { header: `Batas konfirmasi (${z})`, min: 16, max: 16 },
      { header: `Dikonfirmasi (${z})`, min: 16, max: 16 },
      { header: 'Oleh', min: 10, max: 30 },
      { header: 'Konfirmasi tepat waktu', min: 10, max: 12 },
      { header: `Batas selesai (${z})`, min: 16, max: 16 },
      { header: `Selesai (${z})`, min: 16, max: 16 },
      { header: 'Selesai tepat waktu', min: 10, max: 12 },
      { header: 'Terlambat sekarang', min: 10, max: 12 },
      { header: 'Jumlah pengingat', min: 8, max: 10, numFmt: '0' },
    ],
    rows: rows.map((a) => {
      // Same rules as the recap (src/db/recap.ts), so counting "Ya" in a column gives the chart's numbers:
      // follow-up timeliness once the report is accepted (state done), judged on when the OPD reported;
      // overdue = still open (not reported/done) on an open instruction, past due.
      const done = finishedAt(a);
      const ackOnTime = a.acked_at === null ? null : a.acked_at <= a.ack_deadline;
      const doneOnTime = a.state === 'done' && done !== null ? done <= a.due_at : null;
      const overdueNow = a.state === 'cancelled'
        ? null
        : a.state !== 'reported' && a.state !== 'done' && a.instruction_state === 'open' && a.due_at < now;
      return [
        a.number,
        a.opd_code,
        a.opd_name,
        assignmentStatus(a),
        formatExportTime(a.delivered_at, tz),
        formatExportTime(a.ack_deadline, tz),
        formatExportTime(a.acked_at, tz),
        a.acked_at === null ? '' : (a.acked_by_name ?? NONE),
        yesNo(ackOnTime),
        formatExportTime(a.due_at, tz),
        formatExportTime(done, tz),
        yesNo(doneOnTime),
        yesNo(overdueNow),
        Number(a.reminder_count),
      ];
    }),
  };
}

async function loadTables(db: Db, period: Period, tz: string, now: number): Promise<Table[]> {
  const z = zoneLabel(tz);
  const [instructions, assignments, reports, events] = await Promise.all([
    listExportInstructions(db, period),
    listExportAssignments(db, period),
    listExportReports(db, period),
    listExportEvents(db, period),
  ]);
  return [
    {
      name: 'Arahan',
      columns: [
        { header: 'Nomor', min: 10, max: 18 },
        { header: 'Isi', min: 30, max: 70, wrap: true },
        { header: 'Pemberi', min: 10, max: 30 },
        { header: 'Tujuan', min: 10, max: 30, wrap: true },
        { header: 'Sifat', min: 8, max: 10 },
        { header: 'Status', min: 8, max: 12 },
        { header: `Dibuat (${z})`, min: 16, max: 16 },
        { header: `Batas konfirmasi (${z})`, min: 16, max: 16 },
        { header: `Batas selesai (${z})`, min: 16, max: 16 },
      ],
      rows: instructions.map((i) => [
        i.number,
        clip(i.text),
        i.issuer_name,
        i.target_label,
        PRIORITY[i.priority] ?? i.priority,
        INSTRUCTION_STATE[i.state] ?? i.state,
        formatExportTime(i.created_at, tz),
        formatExportTime(i.ack_deadline, tz),
        formatExportTime(i.due_at, tz),
      ]),
    },
    penugasanTable(assignments, tz, now),
    {
      name: 'Laporan',
      columns: [
        { header: 'Nomor', min: 10, max: 18 },
        { header: 'OPD', min: 8, max: 14 },
        { header: 'Pelapor', min: 10, max: 30 },
        { header: 'Jenis', min: 8, max: 14 },
        { header: 'Uraian', min: 30, max: 70, wrap: true },
        { header: 'Jumlah lampiran', min: 8, max: 10, numFmt: '0' },
        { header: 'Status pemeriksaan', min: 12, max: 40, wrap: true },
        { header: `Waktu (${z})`, min: 16, max: 16 },
      ],
      rows: reports.map((r) => [
        r.number,
        r.opd_code,
        r.person_name,
        REPORT_KIND[r.kind] ?? r.kind,
        clip(r.text),
        attachmentCount(r.attachments),
        (REVIEW_STATE[r.review_state] ?? r.review_state) +
          (r.review_state === 'returned' && r.review_reason ? `: ${r.review_reason}` : ''),
        formatExportTime(r.created_at, tz),
      ]),
    },
    {
      name: 'Kejadian',
      columns: [
        { header: `Waktu (${z})`, min: 16, max: 16 },
        { header: 'Jenis', min: 12, max: 26 },
        { header: 'Nomor', min: 10, max: 18 },
        { header: 'OPD', min: 8, max: 14 },
        { header: 'Pelaku (ID Telegram)', min: 12, max: 16, numFmt: '0' },
        { header: 'Data', min: 20, max: 80 },
      ],
      rows: events.map((e) => [
        formatExportTime(e.at, tz),
        e.kind,
        e.number,
        e.opd_code ?? '',
        e.actor_telegram_id === null ? '' : Number(e.actor_telegram_id),
        clip(e.data ?? ''),
      ]),
    },
  ];
}

function attachmentCount(json: string): number {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.length : 0;
  } catch {
    return 0;
  }
}

/** Column width in characters: the longest line among header and cells, within [min, max]. */
function columnWidth(col: Column, rows: Cell[][], k: number): number {
  let longest = col.header.length;
  for (const r of rows) {
    const v = r[k];
    if (v === undefined) continue;
    for (const line of String(v).split('\n')) longest = Math.max(longest, line.length);
    if (longest >= col.max) break;
  }
  return Math.min(col.max, Math.max(col.min, longest)) + 2;
}

// --- workbook ------------------------------------------------------------------

/**
 * The period's .xlsx: sheets Arahan, Penugasan, Laporan, Kejadian.
 * Written with exceljs's streaming writer: each row is serialised as it is added,
 * so a busy month (tens of thousands of event rows) costs the output's size in
 * memory, not a whole in-memory workbook model, and writes ~2x faster.
 */
export async function exportWorkbook(db: Db, period: Period, tz: string, opts: ExportOptions = {}): Promise<Buffer> {
  const now = opts.now ?? Date.now();
  const tables = await loadTables(db, period, tz, now);
  const { default: ExcelJS } = await import('exceljs');

  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'Arahan';
  wb.created = new Date(now);
  wb.title = `Rekap Arahan — ${period.label}`;

  for (const t of tables) {
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    ws.columns = t.columns.map((c, k) => ({
      key: `c${k}`,
      width: columnWidth(c, t.rows, k),
      style: {
        alignment: { vertical: 'top', wrapText: c.wrap === true },
        ...(c.numFmt ? { numFmt: c.numFmt } : {}),
      },
    }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
    const header = ws.addRow(t.columns.map((c) => c.header));
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.alignment = { vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    });
    header.commit();
    // Empty text becomes a blank cell, not an empty string ("(Kosong)" in filters).
    for (const r of t.rows) ws.addRow(r.map((v) => (v === '' ? null : v))).commit();
    ws.commit();
  }
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

// --- CSV -----------------------------------------------------------------------

// CSV for Excel with the Indonesian locale (id-ID): there ',' is the decimal
// separator, so Excel's list separator — the one it splits CSV fields on when a
// file is double-clicked — is ';'. A comma-separated file would open as one
// column. Likewise Excel only reads the file as UTF-8 (names with é, “quotes”,
// the em dash) when it starts with a BOM. Line ends are CRLF and quoting follows
// RFC 4180: a field holding ';', '"', CR or LF is wrapped in double quotes, with
// inner quotes doubled; line breaks inside a quoted field are kept.
// src/domain/csv.ts reads this format back.
const CSV_SEPARATOR = ';';
const CSV_EOL = '\r\n';
const BOM = '\uFEFF';

/**
 * Text that Excel would run as a formula (=, +, @, a tab/CR, or '-' not followed by
 * a plain number) gets a leading apostrophe: names come from Telegram profiles, so
 * "=HYPERLINK(…)" must stay text ("CSV injection"). The workbook needs no such guard:
 * its cells are typed strings.
 */
export function guardFormula(s: string): string {
  if (/^[=+@\t\r]/.test(s)) return "'" + s;
  if (s.startsWith('-') && !/^-\d*([.,]\d+)?$/.test(s)) return "'" + s;
  return s;
}

export function csvField(v: Cell): string {
  const s = typeof v === 'number' ? String(v) : guardFormula(v);
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly Column[], rows: readonly Cell[][]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(CSV_SEPARATOR)];
  for (const r of rows) lines.push(r.map(csvField).join(CSV_SEPARATOR));
  return BOM + lines.join(CSV_EOL) + CSV_EOL;
}

/** The Penugasan sheet as CSV (';', UTF-8 with BOM, CRLF). */
export async function exportAssignmentsCsv(db: Db, period: Period, tz: string, opts: ExportOptions = {}): Promise<Buffer> {
  const now = opts.now ?? Date.now();
  const t = penugasanTable(await listExportAssignments(db, period), tz, now);
  return Buffer.from(toCsv(t.columns, t.rows), 'utf8');
}

// --- file name -----------------------------------------------------------------

/** "arahan-2026-11-01_2026-11-30.xlsx": first and last day of [from, to) in tz. */
export function exportFileName(kind: 'xlsx' | 'csv', period: Pick<Period, 'from' | 'to'>, tz: string): string {
  const last = Math.max(period.from, period.to - 1);
  return `arahan-${localDateKey(period.from, tz)}_${localDateKey(last, tz)}.${kind}`;
}
