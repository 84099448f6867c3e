import { fromLocal, localDateKey, localParts } from './time';

/**
 * The organisation's working calendar: working weekdays, holidays (national holidays and
 * cuti bersama) and quiet hours. Pure: the clock is always an argument.
 */
export interface QuietHours {
  /** Minutes after local midnight when quiet starts (e.g. 21:00 → 1260). */
  start: number;
  /** Minutes after local midnight when quiet ends (e.g. 06:00 → 360). */
  end: number;
}

export interface WorkCalendar {
  tz: string;
  /** 0 = Sunday … 6 = Saturday. */
  workingDays: ReadonlySet<number>;
  /** Local dates YYYY-MM-DD. */
  holidays: ReadonlySet<string>;
  quiet: QuietHours | null;
}

/** "21:00-06:00", "21.00-06.00" → minutes; "off"/"mati" → null; otherwise undefined (malformed). */
export function parseQuietHours(s: string): QuietHours | null | undefined {
  const v = s.trim().toLowerCase();
  if (v === 'off' || v === 'mati' || v === 'tidak ada') return null;
  const m = /^(\d{1,2})[.:](\d{2})\s*-\s*(\d{1,2})[.:](\d{2})$/.exec(v);
  if (!m) return undefined;
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) return undefined;
  const q = { start: h1 * 60 + m1, end: h2 * 60 + m2 };
  return q.start === q.end ? undefined : q;
}

export function formatQuietHours(q: QuietHours | null): string {
  if (!q) return 'tidak ada';
  const f = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}.${String(min % 60).padStart(2, '0')}`;
  return `${f(q.start)}–${f(q.end)}`;
}

/** "1-5" or "1,2,3,4,5,6" → weekday set (0 = Sunday); undefined when malformed. */
export function parseWorkingDays(s: string): Set<number> | undefined {
  const days = new Set<number>();
  for (const part of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([0-6])(?:-([0-6]))?$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return undefined;
    for (let d = a; d <= b; d++) days.add(d);
  }
  return days.size ? days : undefined;
}

/** Holiday CSV (`tanggal,jenis,keterangan`) → set of YYYY-MM-DD. */
export function parseHolidayCsv(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const date = line.split(',')[0]?.trim();
    if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) out.add(date);
  }
  return out;
}

export function isWorkingDay(cal: WorkCalendar, ms: number): boolean {
  const p = localParts(ms, cal.tz);
  return cal.workingDays.has(p.weekday) && !cal.holidays.has(localDateKey(ms, cal.tz));
}

function inQuiet(q: QuietHours, minute: number): boolean {
  return q.start < q.end ? minute >= q.start && minute < q.end : minute >= q.start || minute < q.end;
}

/**
 * Holds a time that falls in quiet hours or on a non-working day to the start of the next
 * working period (the end of quiet hours, or local midnight when there are none or they do
 * not cover midnight, on the next working day). A time already inside a working period is returned unchanged.
 */
export function holdToWorkingTime(cal: WorkCalendar, at: number): number {
  let t = at;
  // A day's working time starts at the end of quiet hours only when they cover midnight
  // (21.00–06.00); with a daytime window (12.00–13.00) it starts at local midnight.
  const startMinute = cal.quiet && inQuiet(cal.quiet, 0) ? cal.quiet.end : 0;
  for (let guard = 0; guard < 400; guard++) {
    const p = localParts(t, cal.tz);
    const minute = p.hour * 60 + p.minute;
    if (!isWorkingDay(cal, t)) {
      t = fromLocal(cal.tz, p.year, p.month, p.day + 1, Math.floor(startMinute / 60), startMinute % 60);
      continue;
    }
    if (cal.quiet && inQuiet(cal.quiet, minute)) {
      const wraps = cal.quiet.start > cal.quiet.end;
      const nextDay = wraps && minute >= cal.quiet.start ? 1 : 0;
      t = fromLocal(cal.tz, p.year, p.month, p.day + nextDay, Math.floor(cal.quiet.end / 60), cal.quiet.end % 60);
      continue;
    }
    return t;
  }
  return t; // a calendar without any working time: give up holding rather than loop
}
