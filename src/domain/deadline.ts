// Parses deadlines typed by users in Indonesian, interpreted in the org's
// timezone. Pure: the current instant is passed in.
//
// Accepted forms (case-insensitive; time as HH.MM or HH:MM, optionally after
// "pukul"/"pkl"/"jam"; "pukul 9" / "jam 9" means 09.00; an optional trailing
// zone label WIB/WITA/WIT makes the whole input be read in that zone):
//   relative   "30 menit", "2 jam", "3 hari", "1 minggu", "1 jam 30 menit",
//              optionally "dalam ..." / "... lagi". Days/weeks keep the
//              current time of day.
//   named day  "hari ini 16.00", "besok 09.00", "lusa", "16.00" (= today)
//   weekday    "Senin 08:00", "jumat", "Jum'at", "hari Rabu": next occurrence;
//              today only if that time is still ahead, otherwise next week.
//   dates      "28/11", "28/11 17.00", "28/11/2026 17.00", "28-11-2026 17:00",
//              "28 November 2026 17:00", "28 Nov 17.00", "2026-11-28 17:00",
//              optionally prefixed by "tanggal"/"tgl" and/or a weekday
//              ("Sabtu, 28 November 2026 pukul 17.00"), which must match.
//              Without a year: this year unless that date is already before
//              today's date, then the next year in which the date exists.
//
// A day given without a time means 16.00 local time (end of the office day).
//
// The parser does not reject past instants (e.g. "hari ini 08.00" at 10.00,
// or an explicit past year); callers must check `at <= now` themselves.
//
// A failure is a code with the data its message needs (DeadlineError), never text: the
// catalogues word it in the reader's language (deadlineProblem in locales/, rendered by
// src/features/issue/deadline.view.ts), with the Indonesian examples people type.
import { fromLocal, localParts, zoneFromLabel } from './time';

/** Why a deadline could not be read. `input` is what the person typed (trimmed, cut to 60 characters where noted). */
export type DeadlineError =
  | { code: 'empty' }
  /** Not a form the parser knows; `input` cut to 60 characters. */
  | { code: 'unrecognised'; input: string }
  /** A date shape, but no such day (31/11, 29/2/2027). */
  | { code: 'bad_date'; input: string }
  /** A time beyond 23.59; `input` as "25.00" or "25". */
  | { code: 'bad_time'; input: string }
  /** "Jumat, 28 November 2026": the date falls on `actual`, not on `named` (0 = Sunday … 6 = Saturday). */
  | { code: 'weekday_mismatch'; year: number; month: number; day: number; actual: number; named: number };

export type DeadlineResult = { ok: true; at: number } | { ok: false; error: DeadlineError };

/** Time used when the user gives a day but no time (end of office day). */
export const DEFAULT_DEADLINE_HOUR = 16;
export const DEFAULT_DEADLINE_MINUTE = 0;

const WEEKDAYS: Record<string, number> = {
  minggu: 0,
  ahad: 0,
  senin: 1,
  selasa: 2,
  rabu: 3,
  kamis: 4,
  jumat: 5,
  "jum'at": 5,
  sabtu: 6,
};
const WEEKDAY_RE = "(minggu|ahad|senin|selasa|rabu|kamis|jumat|jum'at|sabtu)";

const MONTHS: Record<string, number> = {
  januari: 1,
  jan: 1,
  january: 1,
  februari: 2,
  pebruari: 2,
  feb: 2,
  peb: 2,
  february: 2,
  maret: 3,
  mar: 3,
  march: 3,
  april: 4,
  apr: 4,
  mei: 5,
  may: 5,
  juni: 6,
  jun: 6,
  june: 6,
  juli: 7,
  jul: 7,
  july: 7,
  agustus: 8,
  agu: 8,
  agt: 8,
  ags: 8,
  aug: 8,
  august: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  oct: 10,
  october: 10,
  november: 11,
  nov: 11,
  nop: 11,
  desember: 12,
  des: 12,
  dec: 12,
  december: 12,
};

const RELATIVE_UNIT_MS: Record<string, number> = { jam: 3_600_000, menit: 60_000 };
const RELATIVE_UNIT_DAYS: Record<string, number> = { minggu: 7, hari: 1 };

function fail(error: DeadlineError): DeadlineResult {
  return { ok: false, error };
}

function unrecognised(raw: string): DeadlineResult {
  return fail({ code: 'unrecognised', input: raw.length > 60 ? `${raw.slice(0, 57)}…` : raw });
}

function invalidDate(text: string): DeadlineResult {
  return fail({ code: 'bad_date', input: text });
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Comparable number for a calendar date. */
function dateKey(year: number, month: number, day: number): number {
  return year * 10_000 + month * 100 + day;
}

export function parseDeadline(input: string, nowMs: number, tz: string): DeadlineResult {
  const raw = input.trim().replace(/\s+/g, ' ');
  if (raw === '') return fail({ code: 'empty' });

  let s = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019`´]/g, "'")
    .replace(/[.,;!]+$/, '')
    .trim();

  const relative = parseRelative(s, nowMs, tz);
  if (relative !== null) return { ok: true, at: relative };

  // Optional trailing zone label overrides the org zone for this input.
  let zone = tz;
  const zm = /\s*(?<![a-z])(wita|wib|wit)$/.exec(s);
  if (zm) {
    zone = zoneFromLabel(zm[1]!) ?? tz;
    s = s.slice(0, zm.index).trim();
  }

  // ISO "2026-11-28T17:00" -> "2026-11-28 17:00"
  s = s.replace(/^(\d{4}-\d{1,2}-\d{1,2})t(?=\d)/, '$1 ');

  // Trailing time.
  let hour = DEFAULT_DEADLINE_HOUR;
  let minute = DEFAULT_DEADLINE_MINUTE;
  let hasTime = false;
  const tm = /(?:^|\s)(?:(?:pukul|pkl\.?|jam)\s*)?(\d{1,2})[.:](\d{2})$/.exec(s) ?? /(?:^|\s)(?:pukul|pkl\.?|jam)\s*(\d{1,2})()$/.exec(s);
  if (tm) {
    hour = Number(tm[1]);
    minute = tm[2] ? Number(tm[2]) : 0;
    if (hour > 23 || minute > 59) {
      return fail({ code: 'bad_time', input: tm[2] ? `${tm[1]}.${tm[2]}` : tm[1]! });
    }
    hasTime = true;
    s = s.slice(0, tm.index).trim().replace(/,$/, '').trim();
  }

  const now = localParts(nowMs, zone);
  const at = (y: number, m: number, d: number) => fromLocal(zone, y, m, d, hour, minute);

  // Named days ("" = only a time was given: today).
  const offsets: Record<string, number> = { 'hari ini': 0, besok: 1, lusa: 2 };
  if (s === '' && hasTime) return { ok: true, at: at(now.year, now.month, now.day) };
  const offset = offsets[s];
  if (offset !== undefined) return { ok: true, at: at(now.year, now.month, now.day + offset) };

  // Weekday alone: next occurrence, today only if the time is still ahead.
  const wm = new RegExp(`^(?:hari )?${WEEKDAY_RE}$`).exec(s);
  if (wm) {
    const target = WEEKDAYS[wm[1]!]!;
    const delta = (target - now.weekday + 7) % 7;
    let result = at(now.year, now.month, now.day + delta);
    if (result <= nowMs) result = at(now.year, now.month, now.day + delta + 7);
    return { ok: true, at: result };
  }

  // Explicit date, optionally prefixed by a weekday that must match it.
  const em = new RegExp(`^(?:(?:hari )?${WEEKDAY_RE},? )?(?:(?:tanggal|tgl\\.?) ?)?(.+)$`).exec(s);
  const datePart = em?.[2];
  const parsed = datePart === undefined ? null : parseDateText(datePart);
  if (!parsed || datePart === undefined) return unrecognised(raw);
  const { day, month } = parsed;

  let year = parsed.year;
  if (year === undefined) {
    // Next occurrence not before today (same day counts as this year).
    const today = dateKey(now.year, now.month, now.day);
    for (let y = now.year; y <= now.year + 8; y++) {
      if (isValidDate(y, month, day) && dateKey(y, month, day) >= today) {
        year = y;
        break;
      }
    }
  }
  if (year === undefined || !isValidDate(year, month, day)) return invalidDate(datePart);

  const named = em?.[1];
  if (named !== undefined) {
    const actual = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (actual !== WEEKDAYS[named]) return fail({ code: 'weekday_mismatch', year, month, day, actual, named: WEEKDAYS[named]! });
  }
  return { ok: true, at: at(year, month, day) };
}

/** "30 menit", "2 jam", "1 jam 30 menit", "dalam 3 hari", "1 minggu lagi". */
function parseRelative(s: string, nowMs: number, tz: string): number | null {
  const body = s.replace(/^dalam /, '').replace(/ lagi$/, '');
  const unit = '\\d{1,4} ?(?:minggu|hari|jam|menit)';
  if (!new RegExp(`^${unit}(?: ${unit})*$`).test(body)) return null;
  let days = 0;
  let ms = 0;
  for (const m of body.matchAll(/(\d{1,4}) ?(minggu|hari|jam|menit)/g)) {
    const n = Number(m[1]);
    const u = m[2]!;
    days += n * (RELATIVE_UNIT_DAYS[u] ?? 0);
    ms += n * (RELATIVE_UNIT_MS[u] ?? 0);
  }
  // Whole days move the local calendar date and keep the time of day.
  const p = localParts(nowMs, tz);
  const sameMinute = fromLocal(tz, p.year, p.month, p.day, p.hour, p.minute);
  const shifted = fromLocal(tz, p.year, p.month, p.day + days, p.hour, p.minute) + (nowMs - sameMinute);
  return shifted + ms;
}

/** Day/month/optional year from the date part; null if not a date shape. */
function parseDateText(s: string): { day: number; month: number; year?: number } | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };

  m = /^(\d{1,2})([/-])(\d{1,2})(?:\2(\d{4}|\d{2}))?$/.exec(s);
  if (m) {
    const y = m[4];
    const year = y === undefined ? undefined : y.length === 2 ? 2000 + Number(y) : Number(y);
    return { day: Number(m[1]), month: Number(m[3]), ...(year === undefined ? {} : { year }) };
  }

  m = /^(\d{1,2})[ -]([a-z]+)\.?(?:[ -](\d{4}))?$/.exec(s);
  if (m) {
    const month = MONTHS[m[2]!];
    if (month === undefined) return null;
    return { day: Number(m[1]), month, ...(m[3] === undefined ? {} : { year: Number(m[3]) }) };
  }
  return null;
}
