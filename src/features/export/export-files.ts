// Period exports for the secretariat: an Excel workbook (Arahan, Penugasan,
// Laporan, Kendala, Kejadian, Apel), the Penugasan sheet alone as CSV and, when the
// period had roll-calls, the Apel sheet alone as a second CSV.
//
// Scope: everything hangs off the instructions *created* in [period.from,
// period.to); their assignments, reports and events are included whenever
// those happened, so a row never goes missing because the OPD answered after
// the period ended.
//
// Times are text in the org's timezone, "dd/mm/yyyy HH.MM" in Indonesian and
// "dd/mm/yyyy HH:MM" in English (`exportFile.time`), the zone label in the column
// header ("Dikonfirmasi (WIB)"): what people read in the bot, and no spreadsheet
// re-interprets it in the viewer's own zone.
//
// Built in the background (src/services/export-job.ts), so the builder is made
// to share the process with the bot: it reads the database a batch of
// instructions at a time, writes both files in one pass over the assignments,
// yields to the event loop every ~15 ms, and keeps at most `maxBytes` of each
// file in memory: a file that outgrows the limit (Telegram takes 50 MB from a
// bot) is dropped as soon as it does, and reported as too big.
//
// The Apel sheet is the roll-calls *started* in the period (issue #16), per OPD and per
// person, read through the same figures as /rekap (src/features/rollcall/figures.ts).
//
// The words in the files (sheet names, column headers, states, priorities, yes/no, "-")
// and the shape of a time come from the requester's catalogue (`exportFile` in locales/),
// Indonesian by default; the format rules (';', the BOM, CRLF) are the same in every language.
//
// exceljs (~0.5 s to load) is imported on first use so the bot starts fast.

import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Style, Worksheet } from 'exceljs';
import type { Db } from '../../infra/db/database';
import {
  countExportRows,
  exportAssignmentBatches,
  exportNames,
  listEventsOf,
  listExportInstructions,
  listObstaclesOf,
  listReportsOf,
  type ExportAssignmentRow,
  type ExportCounts,
  type ExportEventRow,
  type ExportInstructionRow,
  type ExportObstacleRow,
  type ExportReportRow,
} from './exports.queries';
import type { Period } from '../../domain/recap-types';
import { ackOnTime as recapAckOnTime, doneOnTime as recapDoneOnTime } from '../../domain/recap-shares';
import { localDateKey, zoneLabel } from '../../domain/time';
import { defaultMessages, type Messages } from '../../infra/i18n';
import { rollcallFigures, type RollcallOpdFigures, type RollcallPeriodFigures, type RollcallPersonFigures } from '../rollcall/figures';
import { reachShare } from '../rollcall/rollcall.view';

export interface ExportOptions {
  /** "Now" for the "terlambat sekarang" column; defaults to the clock. */
  now?: number;
  /** The requester's catalogue: the files' words (default Indonesian). */
  t?: Messages;
}

/** The catalogue's words for the files. */
type Words = Messages['exportFile'];

/** The workbook, the Penugasan CSV, and the Apel (roll-call) CSV. */
export type ExportKind = 'xlsx' | 'csv' | 'apel';

/** Telegram accepts files up to 50 MB from a bot; this leaves room for the upload's envelope. */
export const EXPORT_MAX_BYTES = 49_000_000;

/** Excel's rows per sheet (1,048,576) less the header row. */
export const EXCEL_MAX_ROWS = 1_048_575;

export interface BuildOptions extends ExportOptions {
  /** Which files to build (default all; the Apel CSV only when the period had roll-calls). */
  kinds?: readonly ExportKind[];
  /** A file larger than this is dropped and reported as too big (default EXPORT_MAX_BYTES). */
  maxBytes?: number;
}

export interface BuiltFile {
  name: string;
  /** The file; null when it is too big. */
  data: Buffer | null;
  /** Its size; when too big, what had been written when it was dropped (more than maxBytes). */
  bytes: number;
  tooBig: boolean;
  /** Data rows (the Apel CSV, whose rows ExportCounts does not count). */
  rows?: number;
}

export interface ExportBuild {
  /** The files asked for; the Apel CSV is left out when the period had no roll-call. */
  files: Partial<Record<ExportKind, BuiltFile>>;
  /** Rows in the period: what the sheets hold (or would have held). */
  counts: ExportCounts;
  ms: number;
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

/** Excel's limit for one cell's text. */
const MAX_CELL_CHARS = 32_767;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// --- time cells ------------------------------------------------------------------
//
// An export formats up to a million times. Intl's formatToParts costs ~7 µs a call
// (6 s for the 1M bench's 30 days); the zone's UTC offset, though, changes only at a
// transition, at most a few times a year. So the offset is asked of Intl once per
// 6-hour stretch of UTC, at both ends of the stretch, and the wall clock is then plain
// arithmetic on a Date. A stretch whose ends disagree holds a transition: its times are
// formatted through Intl, one by one.

const STRETCH = 6 * 3_600_000;

interface Zone {
  parts: Intl.DateTimeFormat;
  /** UTC offset in ms by stretch start; null when a transition falls inside the stretch. */
  offsets: Map<number, number | null>;
}
const zones = new Map<string, Zone>();

function zone(tz: string): Zone {
  let z = zones.get(tz);
  if (!z) {
    z = {
      parts: new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      }),
      offsets: new Map(),
    };
    zones.set(tz, z);
  }
  return z;
}

function wallParts(z: Zone, ms: number): Record<string, number> {
  const p: Record<string, number> = {};
  for (const part of z.parts.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return p;
}

/** Offset (local − UTC) at a whole second. */
function offsetAt(z: Zone, ms: number): number {
  const p = wallParts(z, ms);
  return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - ms;
}

function stretchOffset(z: Zone, ms: number): number | null {
  const start = Math.floor(ms / STRETCH) * STRETCH;
  let off = z.offsets.get(start);
  if (off === undefined) {
    const a = offsetAt(z, start);
    off = a === offsetAt(z, start + STRETCH - 1000) ? a : null;
    if (z.offsets.size > 100_000) z.offsets.clear();
    z.offsets.set(start, off);
  }
  return off;
}

/** A time cell in tz, shaped by the catalogue ("dd/mm/yyyy HH.MM" in Indonesian, the default); empty for null. */
export function formatExportTime(ms: number | null, tz: string, w: Pick<Words, 'time'> = defaultMessages.exportFile): string {
  if (ms === null) return '';
  const z = zone(tz);
  const off = stretchOffset(z, ms);
  if (off === null) {
    const p = wallParts(z, ms);
    return w.time(pad2(p.day ?? 0), pad2(p.month ?? 0), p.year ?? 0, pad2(p.hour ?? 0), pad2(p.minute ?? 0));
  }
  const d = new Date(ms + off);
  return w.time(pad2(d.getUTCDate()), pad2(d.getUTCMonth() + 1), d.getUTCFullYear(), pad2(d.getUTCHours()), pad2(d.getUTCMinutes()));
}

// --- rows ----------------------------------------------------------------------

function yesNo(w: Words, v: boolean | null): string {
  return v === null ? w.none : v ? w.yes : w.no;
}

/** When the OPD finished: the earlier of its "done" report and the acceptance (so review delay never counts against it). */
export function finishedAt(a: Pick<ExportAssignmentRow, 'reported_at' | 'done_at'>): number | null {
  if (a.reported_at !== null && a.done_at !== null) return Math.min(a.reported_at, a.done_at);
  return a.reported_at ?? a.done_at;
}

function assignmentStatus(w: Words, a: ExportAssignmentRow): string {
  if (a.state === 'pending') return w.deliveryState[a.delivery_state] ?? w.assignmentState.pending!;
  return w.assignmentState[a.state] ?? a.state;
}

function clip(s: string): string {
  return s.length > MAX_CELL_CHARS ? `${s.slice(0, MAX_CELL_CHARS - 1)}…` : s;
}

function attachmentCount(json: string): number {
  if (json === '[]') return 0;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.length : 0;
  } catch {
    return 0;
  }
}

function arahanColumns(w: Words, z: string): Column[] {
  const c = w.col;
  return [
    { header: c.number, min: 10, max: 18 },
    { header: c.text, min: 30, max: 70, wrap: true },
    { header: c.issuer, min: 10, max: 30 },
    { header: c.targets, min: 10, max: 30, wrap: true },
    { header: c.priority, min: 8, max: 10 },
    { header: c.status, min: 8, max: 12 },
    { header: c.created(z), min: 16, max: 16 },
    { header: c.ackDeadline(z), min: 16, max: 16 },
    { header: c.dueAt(z), min: 16, max: 16 },
  ];
}

function arahanCells(w: Words, i: ExportInstructionRow, tz: string): Cell[] {
  return [
    i.number,
    clip(i.text),
    i.issuer_name,
    i.target_label,
    w.priority[i.priority] ?? i.priority,
    w.instructionState[i.state] ?? i.state,
    formatExportTime(i.created_at, tz, w),
    formatExportTime(i.ack_deadline, tz, w),
    formatExportTime(i.due_at, tz, w),
  ];
}

function penugasanColumns(w: Words, z: string): Column[] {
  const c = w.col;
  return [
    { header: c.number, min: 10, max: 18 },
    { header: c.opdCode, min: 8, max: 14 },
    { header: c.opdName, min: 12, max: 40 },
    { header: c.status, min: 10, max: 30 },
    { header: c.delivered(z), min: 16, max: 16 },
    { header: c.ackDeadline(z), min: 16, max: 16 },
    { header: c.acked(z), min: 16, max: 16 },
    { header: c.ackedBy, min: 10, max: 30 },
    { header: c.ackOnTime, min: 10, max: 12 },
    { header: c.dueAt(z), min: 16, max: 16 },
    { header: c.done(z), min: 16, max: 16 },
    { header: c.doneOnTime, min: 10, max: 12 },
    { header: c.lateNow, min: 10, max: 12 },
    { header: c.reminders, min: 8, max: 10, numFmt: '0' },
  ];
}

function penugasanCells(w: Words, a: ExportAssignmentRow, tz: string, now: number): Cell[] {
  // The recap's rules (src/domain/recap-shares.ts), so "Ya" out of "Ya" and "Tidak" in a
  // column is the share /rekap, /grafik and the digest give: "-" for what cannot be judged
  // yet (an acknowledgement before its deadline, a follow-up before its due date or awaiting
  // review) and for cancelled assignments, which the recap leaves out.
  const done = finishedAt(a);
  const ackOnTime = recapAckOnTime(a, now);
  const doneOnTime = recapDoneOnTime(a, done, now);
  const overdueNow = a.state === 'cancelled' ? null : a.state !== 'reported' && a.state !== 'done' && a.instruction_state === 'open' && a.due_at < now;
  return [
    a.number,
    a.opd_code,
    a.opd_name,
    assignmentStatus(w, a),
    formatExportTime(a.delivered_at, tz, w),
    formatExportTime(a.ack_deadline, tz, w),
    formatExportTime(a.acked_at, tz, w),
    a.acked_at === null ? '' : (a.acked_by_name ?? w.none),
    yesNo(w, ackOnTime),
    formatExportTime(a.due_at, tz, w),
    formatExportTime(done, tz, w),
    yesNo(w, doneOnTime),
    yesNo(w, overdueNow),
    a.reminder_count,
  ];
}

function laporanColumns(w: Words, z: string): Column[] {
  const c = w.col;
  return [
    { header: c.number, min: 10, max: 18 },
    { header: c.opd, min: 8, max: 14 },
    { header: c.reporter, min: 10, max: 30 },
    { header: c.kind, min: 8, max: 14 },
    { header: c.description, min: 30, max: 70, wrap: true },
    { header: c.attachments, min: 8, max: 10, numFmt: '0' },
    { header: c.reviewState, min: 12, max: 40, wrap: true },
    { header: c.at(z), min: 16, max: 16 },
  ];
}

function laporanCells(w: Words, r: ExportReportRow, tz: string): Cell[] {
  return [
    r.number,
    r.opd_code,
    r.person_name,
    w.reportKind[r.kind] ?? r.kind,
    clip(r.text),
    attachmentCount(r.attachments),
    (w.reviewState[r.review_state] ?? r.review_state) + (r.review_state === 'returned' && r.review_reason ? `: ${r.review_reason}` : ''),
    formatExportTime(r.created_at, tz, w),
  ];
}

function kendalaColumns(w: Words, z: string): Column[] {
  const c = w.col;
  return [
    { header: c.number, min: 10, max: 18 },
    { header: c.opd, min: 8, max: 14 },
    { header: c.reporter, min: 10, max: 30 },
    { header: c.obstacle, min: 30, max: 70, wrap: true },
    { header: c.attachments, min: 8, max: 10, numFmt: '0' },
    { header: c.status, min: 12, max: 22 },
    { header: c.response, min: 20, max: 70, wrap: true },
    { header: c.respondedBy, min: 10, max: 30 },
    { header: c.responded(z), min: 16, max: 16 },
    { header: c.extended(z), min: 16, max: 16 },
    { header: c.handledBy, min: 10, max: 30 },
    { header: c.handled(z), min: 16, max: 16 },
    { header: c.at(z), min: 16, max: 16 },
  ];
}

function kendalaCells(w: Words, o: ExportObstacleRow, tz: string): Cell[] {
  const state = w.obstacleState;
  return [
    o.number,
    o.opd_code,
    o.person_name,
    clip(o.text),
    attachmentCount(o.attachments),
    o.state === 'handled' ? state.handled : o.responded_at !== null ? state.responded : state.open,
    clip(o.response ?? ''),
    o.responder_name,
    formatExportTime(o.responded_at, tz, w),
    formatExportTime(o.extended_at, tz, w),
    o.handler_name,
    formatExportTime(o.handled_at, tz, w),
    formatExportTime(o.created_at, tz, w),
  ];
}

function kejadianColumns(w: Words, z: string): Column[] {
  const c = w.col;
  return [
    { header: c.at(z), min: 16, max: 16 },
    { header: c.kind, min: 12, max: 26 },
    { header: c.number, min: 10, max: 18 },
    { header: c.opd, min: 8, max: 14 },
    { header: c.actor, min: 12, max: 16, numFmt: '0' },
    { header: c.data, min: 20, max: 80 },
  ];
}

function kejadianCells(w: Words, e: ExportEventRow, tz: string): Cell[] {
  return [formatExportTime(e.at, tz, w), e.kind, e.number, e.opd_code ?? '', e.actor_telegram_id === null ? '' : e.actor_telegram_id, clip(e.data ?? '')];
}

// --- the Apel sheet (roll-calls) ------------------------------------------------------

function apelColumns(w: Words): Column[] {
  const c = w.col;
  return [
    { header: c.row, min: 6, max: 8 },
    { header: c.opdCode, min: 8, max: 14 },
    { header: c.opdName, min: 12, max: 40 },
    { header: c.name, min: 10, max: 30 },
    { header: c.role, min: 8, max: 14 },
    { header: c.rollcalls, min: 8, max: 10, numFmt: '0' },
    // Calls: a person called in two roll-calls counts twice, so an OPD's row is the sum of its people's.
    { header: c.called, min: 8, max: 10, numFmt: '0' },
    { header: c.answered, min: 8, max: 10, numFmt: '0' },
    { header: c.onTime, min: 8, max: 10, numFmt: '0' },
    { header: c.reach, min: 10, max: 14 },
    { header: c.median, min: 12, max: 24 },
  ];
}

/** The median as the bot writes durations (the catalogue of the headers); '-' when nobody answered. */
function apelMedian(t: Messages, ms: number | null): string {
  return ms === null ? t.exportFile.none : t.fmt.duration(ms);
}

type ApelRow = { kind: 'opd'; f: RollcallOpdFigures } | { kind: 'person'; f: RollcallPersonFigures };

/** Each OPD's row followed by its people's rows, by OPD code then name. */
export function apelRows(figures: RollcallPeriodFigures): ApelRow[] {
  const rows: ApelRow[] = [];
  for (const f of figures.opds) {
    rows.push({ kind: 'opd', f });
    for (const p of figures.people) if (p.opdId === f.opdId) rows.push({ kind: 'person', f: p });
  }
  return rows;
}

export function apelCells(r: ApelRow, t: Messages = defaultMessages): Cell[] {
  const f = r.f;
  const figures: Cell[] = [f.rollcalls, f.called, f.answered, f.onTime, reachShare(f.onTime, f.called), apelMedian(t, f.medianMs)];
  if (r.kind === 'opd') return [t.exportFile.apelRow.opd, f.opdCode, f.opdName, '', '', ...figures];
  return [t.exportFile.apelRow.person, f.opdCode, f.opdName, clip(r.f.name), t.roleName[r.f.role] ?? r.f.role, ...figures];
}

/** Column width in characters: the longest line among header and cells, within [min, max]. */
export function columnWidth(col: Column, rows: readonly Cell[][], k: number): number {
  let longest = col.header.length;
  for (const r of rows) {
    const v = r[k];
    if (v === undefined) continue;
    const s = String(v);
    if (s.length <= longest) continue;
    for (const line of s.split('\n')) longest = Math.max(longest, line.length);
    if (longest >= col.max) break;
  }
  return Math.min(col.max, Math.max(col.min, longest)) + 2;
}

/** Widths follow the first rows of a sheet; later rows rarely change them and are not read twice. */
const WIDTH_SAMPLE = 5_000;

// --- sinks -----------------------------------------------------------------------

/** The workbook, written as it goes (exceljs's streaming writer), held in memory up to the limit. */
class XlsxSink {
  tooBig = false;
  bytes = 0;
  private chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  private constructor(
    private readonly wb: InstanceType<typeof import('exceljs')['stream']['xlsx']['WorkbookWriter']>,
    out: PassThrough,
    readonly max: number,
  ) {
    out.on('data', (c: Buffer) => {
      this.bytes += c.length;
      if (this.tooBig) return;
      if (this.bytes > max) this.drop();
      else this.chunks.push(c);
    });
    this.ended = new Promise<void>((resolve, reject) => {
      out.on('end', resolve);
      out.on('error', reject);
    });
    this.ended.catch(() => undefined); // awaited in finish(); never unhandled when dropped
  }

  static async open(title: string, created: number, max: number): Promise<XlsxSink> {
    const { default: ExcelJS } = await import('exceljs');
    const out = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
    wb.creator = 'Arahan';
    wb.created = new Date(created);
    wb.title = title;
    return new XlsxSink(wb, out, max);
  }

  drop(): void {
    this.tooBig = true;
    this.chunks = [];
  }

  /** A sheet with a bold, frozen, filterable header; widths from `sample` (its first rows). */
  sheet(name: string, columns: Column[], sample: readonly Cell[][]): SheetWriter {
    const ws = this.wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    // One style object per column, given to every cell: exceljs caches a style by object
    // identity, so a shared object is looked up once instead of rendered per cell (that
    // rendering was a third of the workbook's time).
    const styles: Partial<Style>[] = columns.map((c) => ({
      alignment: { vertical: 'top', wrapText: c.wrap === true },
      ...(c.numFmt ? { numFmt: c.numFmt } : {}),
    }));
    ws.columns = columns.map((c, k) => ({ key: `c${k}`, width: columnWidth(c, sample, k), style: styles[k]! }));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const header = ws.addRow(columns.map((c) => c.header));
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.alignment = { vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
    });
    header.commit();
    return new SheetWriter(ws, styles);
  }

  async finish(): Promise<Buffer | null> {
    if (this.tooBig) return null;
    await this.wb.commit();
    await this.ended;
    return this.tooBig ? null : Buffer.concat(this.chunks);
  }
}

/** Every data row's (empty) style: one object, so exceljs looks it up once (see XlsxSink.sheet). */
const ROW_STYLE: Partial<Style> = {};

class SheetWriter {
  constructor(
    private readonly ws: Worksheet,
    private readonly styles: Partial<Style>[],
  ) {}

  row(cells: readonly Cell[]): void {
    // Empty text becomes a blank cell, not an empty string ("(Kosong)" in filters).
    const row = this.ws.addRow(cells.map((v) => (v === '' ? null : v)));
    (row as unknown as { style: Partial<Style> }).style = ROW_STYLE; // a plain field, missing from exceljs's types
    for (let k = 0; k < cells.length; k++) row.getCell(k + 1).style = this.styles[k]!;
    row.commit();
  }

  done(): void {
    this.ws.commit();
  }
}

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
  if (/^[=+@\t\r]/.test(s)) return `'${s}`;
  if (s.startsWith('-') && !/^-\d*([.,]\d+)?$/.test(s)) return `'${s}`;
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

/** The CSV, encoded a thousand lines at a time, held in memory up to the limit. */
class CsvSink {
  tooBig = false;
  bytes = 0;
  private parts: Buffer[] = [];
  private lines: string[] = [];

  constructor(
    columns: readonly Column[],
    private readonly max: number,
  ) {
    this.lines.push(BOM + columns.map((c) => csvField(c.header)).join(CSV_SEPARATOR));
  }

  row(cells: readonly Cell[]): void {
    if (this.tooBig) return;
    this.lines.push(cells.map(csvField).join(CSV_SEPARATOR));
    if (this.lines.length >= 1000) this.flush();
  }

  private flush(): void {
    if (this.lines.length === 0 || this.tooBig) return;
    const b = Buffer.from(this.lines.join(CSV_EOL) + CSV_EOL, 'utf8');
    this.lines = [];
    this.bytes += b.length;
    if (this.bytes > this.max) {
      this.tooBig = true;
      this.parts = [];
    } else this.parts.push(b);
  }

  finish(): Buffer | null {
    this.flush();
    return this.tooBig ? null : Buffer.concat(this.parts);
  }
}

// --- building --------------------------------------------------------------------

/** Writes a whole sheet, a row's cells made as it is written; stops if the workbook is dropped. */
async function writeSheet<R>(xlsx: XlsxSink, name: string, columns: Column[], rows: readonly R[], cells: (r: R) => Cell[], turn: () => boolean): Promise<void> {
  const sheet = xlsx.sheet(name, columns, rows.slice(0, WIDTH_SAMPLE).map(cells));
  for (const r of rows) {
    if (xlsx.tooBig) return;
    sheet.row(cells(r));
    if (turn()) await nextTurn();
  }
  sheet.done();
}

/** True about every 15 ms: the builder then awaits the next turn of the event loop. */
function turnTaker(sliceMs = 15): () => boolean {
  let last = performance.now();
  let n = 0;
  return () => {
    if (++n % 64 !== 0) return false;
    const t = performance.now();
    if (t - last < sliceMs) return false;
    last = t;
    return true;
  };
}

/**
 * Builds the period's files: the .xlsx (sheets Arahan, Penugasan, Laporan, Kendala, Kejadian, Apel),
 * the Penugasan sheet as CSV (';', UTF-8 with BOM, CRLF), in one pass over the
 * assignments, and the Apel sheet as CSV when the period had roll-calls. A file that grows past `maxBytes` (or, for the workbook, a sheet past
 * Excel's row limit) is dropped and marked too big; the build stops once nothing is left.
 */
export async function buildExportFiles(db: Db, period: Period, tz: string, opts: BuildOptions = {}): Promise<ExportBuild> {
  const t0 = performance.now();
  const now = opts.now ?? Date.now();
  const kinds = opts.kinds ?? ['xlsx', 'csv', 'apel'];
  const max = opts.maxBytes ?? EXPORT_MAX_BYTES;
  const t = opts.t ?? defaultMessages;
  const w = t.exportFile;
  const z = zoneLabel(tz);
  const turn = turnTaker();
  const between = async () => void (await nextTurn());

  const counts = await countExportRows(db, period, between);
  const xlsx = kinds.includes('xlsx') ? await XlsxSink.open(w.title(t === defaultMessages ? period.label : t.fmt.period(period.from, period.to, tz)), now, max) : null;
  if (xlsx && Math.max(counts.instructions, counts.assignments, counts.reports, counts.events) > EXCEL_MAX_ROWS) xlsx.drop();
  const penugasan = penugasanColumns(w, z);
  const csv = kinds.includes('csv') ? new CsvSink(penugasan, max) : null;
  const xlsxOn = () => xlsx !== null && !xlsx.tooBig;
  const csvOn = () => csv !== null && !csv.tooBig;

  if (xlsxOn() || csvOn()) {
    const instructions = await listExportInstructions(db, period);
    await between();
    const names = await exportNames(db);

    if (xlsxOn()) await writeSheet(xlsx!, w.sheet.arahan, arahanColumns(w, z), instructions, (i) => arahanCells(w, i, tz), turn);

    let sheet: SheetWriter | null = null;
    for await (const batch of exportAssignmentBatches(db, instructions, names)) {
      if (!xlsxOn() && !csvOn()) break;
      if (xlsxOn() && !sheet)
        sheet = xlsx!.sheet(
          w.sheet.penugasan,
          penugasan,
          batch.slice(0, WIDTH_SAMPLE).map((a) => penugasanCells(w, a, tz, now)),
        );
      for (const a of batch) {
        const cells = penugasanCells(w, a, tz, now);
        if (xlsxOn()) sheet!.row(cells);
        csv?.row(cells);
        if (turn()) await nextTurn();
      }
      await nextTurn();
    }
    if (xlsxOn()) (sheet ?? xlsx!.sheet(w.sheet.penugasan, penugasan, [])).done();

    if (xlsxOn()) await writeSheet(xlsx!, w.sheet.laporan, laporanColumns(w, z), await listReportsOf(db, instructions, names, between), (r) => laporanCells(w, r, tz), turn);
    if (xlsxOn()) await writeSheet(xlsx!, w.sheet.kendala, kendalaColumns(w, z), await listObstaclesOf(db, instructions, names, between), (o) => kendalaCells(w, o, tz), turn);
    if (xlsxOn()) await writeSheet(xlsx!, w.sheet.kejadian, kejadianColumns(w, z), await listEventsOf(db, instructions, names, between), (e) => kejadianCells(w, e, tz), turn);
  }

  // Roll-calls: a row per OPD and per person called, at most a few thousand.
  let apel: CsvSink | null = null;
  let apelCount = 0;
  if (xlsxOn() || kinds.includes('apel')) {
    await between();
    const rows = apelRows(await rollcallFigures(db, period.from, period.to));
    apelCount = rows.length;
    if (xlsxOn()) await writeSheet(xlsx!, w.sheet.apel, apelColumns(w), rows, (r) => apelCells(r, t), turn);
    if (kinds.includes('apel') && rows.length > 0) {
      apel = new CsvSink(apelColumns(w), max);
      for (const r of rows) apel.row(apelCells(r, t));
    }
  }

  const files: ExportBuild['files'] = {};
  if (xlsx) {
    const data = await xlsx.finish();
    files.xlsx = { name: exportFileName('xlsx', period, tz), data, bytes: data?.length ?? xlsx.bytes, tooBig: data === null };
  }
  if (csv) {
    const data = csv.finish();
    files.csv = { name: exportFileName('csv', period, tz), data, bytes: data?.length ?? csv.bytes, tooBig: data === null };
  }
  if (apel) {
    const data = apel.finish();
    files.apel = { name: exportFileName('apel', period, tz), data, bytes: data?.length ?? apel.bytes, tooBig: data === null, rows: apelCount };
  }
  return { files, counts, ms: performance.now() - t0 };
}

/** The period's .xlsx alone (no size limit). */
export async function exportWorkbook(db: Db, period: Period, tz: string, opts: ExportOptions = {}): Promise<Buffer> {
  const { files } = await buildExportFiles(db, period, tz, { ...opts, kinds: ['xlsx'], maxBytes: Infinity });
  if (!files.xlsx?.data) throw new Error(`the workbook has more rows than Excel allows in a sheet (${EXCEL_MAX_ROWS})`);
  return files.xlsx.data;
}

/** The Apel sheet as CSV (';', UTF-8 with BOM, CRLF), no size limit; null when the period had no roll-call. */
export async function exportRollcallCsv(db: Db, period: Period, tz: string, opts: ExportOptions = {}): Promise<Buffer | null> {
  const { files } = await buildExportFiles(db, period, tz, { ...opts, kinds: ['apel'], maxBytes: Infinity });
  return files.apel?.data ?? null;
}

/** The Penugasan sheet as CSV (';', UTF-8 with BOM, CRLF), no size limit. */
export async function exportAssignmentsCsv(db: Db, period: Period, tz: string, opts: ExportOptions = {}): Promise<Buffer> {
  const { files } = await buildExportFiles(db, period, tz, { ...opts, kinds: ['csv'], maxBytes: Infinity });
  return files.csv!.data!;
}

// --- file name -----------------------------------------------------------------

/** "arahan-2026-11-01_2026-11-30.xlsx" ("arahan-apel-….csv" for the roll-calls): first and last day of [from, to) in tz. */
export function exportFileName(kind: ExportKind, period: Pick<Period, 'from' | 'to'>, tz: string): string {
  const last = Math.max(period.from, period.to - 1);
  const days = `${localDateKey(period.from, tz)}_${localDateKey(last, tz)}`;
  return kind === 'apel' ? `arahan-apel-${days}.csv` : `arahan-${days}.${kind}`;
}
