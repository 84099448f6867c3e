import { fromLocal, localDateKey, localParts } from './time';

/**
 * Whether a typed deadline falls on a working day, and the next working day at the same
 * time (issue #15: "besok jam 9" typed on a Friday is a Saturday). Pure: the calendar and
 * the instant are arguments. Quiet hours play no part: a deadline at 21.00 on a working day
 * is the issuer's choice.
 */
export interface WorkingDays {
  tz: string;
  /** 0 = Sunday … 6 = Saturday. */
  workingDays: ReadonlySet<number>;
  /** Local dates YYYY-MM-DD, with the holiday's name where the calendar gives one. */
  holidays: ReadonlySet<string> | ReadonlyMap<string, string>;
}

/** A deadline on a day off: which weekday, the holiday (if it is one) and where it may move. */
export interface OffDay {
  /** 0 = Sunday … 6 = Saturday, local. */
  weekday: number;
  /** The holiday's name ('' when the calendar names none); null when it is only a day off of the week. */
  holiday: string | null;
  /** The next working day at the same local time. */
  next: number;
}

function holidayOf(cal: WorkingDays, key: string): string | null {
  if (!cal.holidays.has(key)) return null;
  return cal.holidays instanceof Map ? ((cal.holidays as ReadonlyMap<string, string>).get(key) ?? '') : '';
}

/** True when `at` falls on a working weekday that is not a holiday. */
export function isWorkingMoment(cal: WorkingDays, at: number): boolean {
  return cal.workingDays.has(localParts(at, cal.tz).weekday) && holidayOf(cal, localDateKey(at, cal.tz)) === null;
}

/**
 * The first working day after `at`'s local date, at the same local time (`at` itself when
 * it already is one). A calendar without working days gives `at` back rather than loop.
 */
export function nextWorkingDaySameTime(cal: WorkingDays, at: number): number {
  if (isWorkingMoment(cal, at)) return at;
  const p = localParts(at, cal.tz);
  for (let d = 1; d <= 400; d++) {
    const t = fromLocal(cal.tz, p.year, p.month, p.day + d, p.hour, p.minute);
    if (isWorkingMoment(cal, t)) return t;
  }
  return at;
}

/** null on a working day; otherwise why it is a day off and the next working day at the same time. */
export function offWorkingDay(cal: WorkingDays, at: number): OffDay | null {
  if (isWorkingMoment(cal, at)) return null;
  const next = nextWorkingDaySameTime(cal, at);
  if (next === at) return null;
  return { weekday: localParts(at, cal.tz).weekday, holiday: holidayOf(cal, localDateKey(at, cal.tz)), next };
}

/** Holiday CSV (`tanggal,jenis,keterangan`) → date → name (the keterangan, '' if none). */
export function parseHolidayNames(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [date, , ...rest] = line.split(',');
    const d = date?.trim();
    if (d && /^\d{4}-\d{2}-\d{2}$/.test(d)) out.set(d, rest.join(',').trim());
  }
  return out;
}
