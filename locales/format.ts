// Shared Intl helpers for the catalogues' `fmt` group. Each catalogue owns its sentence
// pattern (word order, "pukul", the time separator); Intl supplies the localised names and
// the wall-clock fields in the org's IANA time zone. Patterns are assembled from
// formatToParts rather than taken whole from Intl because ICU's literal patterns change
// between releases, and the Indonesian strings must stay byte-identical (tests, habits).
import { zoneLabel } from '../src/domain/time';

export { zoneLabel };

/** The wall-clock fields of one instant in one zone, named in one locale. */
export interface DateParts {
  weekday: string; // "Jumat", "Friday"
  day: string; // "4" (not padded)
  month: string; // "Desember", "December"
  monthShort: string; // "Des", "Dec"
  year: string; // "2026"
  hour: string; // "09" (two digits, 00-23)
  minute: string; // "05" (two digits)
}

// Building a DateTimeFormat costs far more than using one, and a /status or /belum answer
// formats hundreds of instants: one formatter per locale, zone and shape, kept for the
// life of the process (a handful of locales times the org's one or two zones).
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, tz: string, shape: 'long' | 'short'): Intl.DateTimeFormat {
  const key = `${locale}|${tz}|${shape}`;
  let f = dateFormats.get(key);
  if (!f) {
    f =
      shape === 'long'
        ? new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz })
        : new Intl.DateTimeFormat(locale, { month: 'short', timeZone: tz });
    dateFormats.set(key, f);
  }
  return f;
}

/** Fields of instant ms in tz, with names in `locale` (e.g. 'id-ID', 'en'). */
export function dateParts(locale: string, ms: number, tz: string): DateParts {
  const parts: Record<string, string> = {};
  for (const p of dateFormat(locale, tz, 'long').formatToParts(ms)) parts[p.type] = p.value;
  return {
    weekday: parts.weekday ?? '',
    day: parts.day ?? '',
    month: parts.month ?? '',
    monthShort: dateFormat(locale, tz, 'short').format(ms),
    year: parts.year ?? '',
    // hourCycle h23 already gives 00-23; padStart guards against an ICU that drops the zero.
    hour: (parts.hour ?? '').padStart(2, '0'),
    minute: (parts.minute ?? '').padStart(2, '0'),
  };
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();

/** The name of weekday d (0 = Sunday ... 6 = Saturday) in `locale`: "Minggu", "Sunday". */
export function weekdayName(locale: string, d: number): string {
  let f = weekdayFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
    weekdayFormats.set(locale, f);
  }
  // 29 November 2026 was a Sunday: day 29 + d is weekday d (mod 7 keeps bad input in range).
  return f.format(Date.UTC(2026, 10, 29 + (((d % 7) + 7) % 7), 12));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unitFormats = new Map<string, Intl.NumberFormat>();

/** "45 menit", "1 hour", "2 days": a count with its unit word, plural chosen by Intl. */
export function unit(locale: string, n: number, u: 'day' | 'hour' | 'minute'): string {
  const key = `${locale}|${u}`;
  let f = unitFormats.get(key);
  if (!f) {
    // No grouping: "1000 hari" as before, not "1.000 hari".
    f = new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long', useGrouping: false });
    unitFormats.set(key, f);
  }
  return f.format(n);
}

/**
 * A duration as the largest unit and the next smaller one (omitted when zero), rounded
 * down to whole minutes: "45 menit", "2 jam 15 menit", "3 days 4 hours", "2 days".
 * Under a minute (or not finite) it is `underAMinute`. Negative input uses the absolute value.
 */
export function duration(locale: string, ms: number, underAMinute: string): string {
  const abs = Math.abs(ms);
  if (!Number.isFinite(abs) || abs < MINUTE) return underAMinute;
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${unit(locale, days, 'day')} ${unit(locale, hours, 'hour')}` : unit(locale, days, 'day');
  if (hours > 0) return minutes > 0 ? `${unit(locale, hours, 'hour')} ${unit(locale, minutes, 'minute')}` : unit(locale, hours, 'hour');
  return unit(locale, minutes, 'minute');
}

/**
 * A period of whole days [from, to) with names in `locale`: "1–30 November 2026",
 * "26 Oktober – 25 November 2026", "28 December 2026 – 3 January 2027" (as
 * src/domain/period.ts's periodLabel, which the files keep in Indonesian).
 */
export function periodName(locale: string, from: number, to: number, tz: string): string {
  const a = dateParts(locale, from, tz);
  const b = dateParts(locale, to - 1, tz);
  if (a.year === b.year && a.month === b.month) return a.day === b.day ? `${a.day} ${a.month} ${a.year}` : `${a.day}–${b.day} ${b.month} ${b.year}`;
  if (a.year === b.year) return `${a.day} ${a.month} – ${b.day} ${b.month} ${b.year}`;
  return `${a.day} ${a.month} ${a.year} – ${b.day} ${b.month} ${b.year}`;
}
