// Pure time helpers for the org's timezone. No clock access here: callers
// pass epoch milliseconds. Offsets always come from the IANA database via
// dayjs' timezone plugin (Indonesia has no DST today, but nothing relies on it).
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Indonesian names for reading what people type (deadline parsing) and for period labels.
export const DAY_NAMES = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'] as const;
export const MONTH_NAMES = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;

const ZONE_LABELS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** 'WIB' | 'WITA' | 'WIT' for Indonesian zones, otherwise the tz name itself. */
export function zoneLabel(tz: string): string {
  return ZONE_LABELS[tz] ?? tz;
}

/** Inverse of zoneLabel for the three Indonesian labels (case-insensitive). */
export function zoneFromLabel(label: string): string | null {
  switch (label.toUpperCase()) {
    case 'WIB':
      return 'Asia/Jakarta';
    case 'WITA':
      return 'Asia/Makassar';
    case 'WIT':
      return 'Asia/Jayapura';
    default:
      return null;
  }
}

/** True if tz is an IANA zone name the runtime knows (for config validation). */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

/**
 * Offsets by zone and UTC quarter hour. Every zone's offset changes only at a quarter hour
 * (transitions happen at local :00 or :30 and offsets are whole quarter hours), so a bucket
 * never straddles a change; asking the zone database costs ~0.25 ms, a lookup ~1 µs.
 */
const offsetCache = new Map<string, number>();
const QUARTER_HOUR = 15 * MINUTE;

/** UTC offset of tz at instant ms, in milliseconds. */
function offsetMs(ms: number, tz: string): number {
  const key = `${tz}|${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = dayjs(ms).tz(tz).utcOffset() * MINUTE;
    if (offsetCache.size >= 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/**
 * The zone's UTC offset in ms if it never changes (no daylight saving: WIB, WITA, WIT),
 * judged over the year of instant ms; null for zones with daylight saving.
 */
export function fixedUtcOffset(tz: string, ms: number): number | null {
  const year = new Date(ms).getUTCFullYear();
  const offsets = [0, 3, 6, 9].map((m) => offsetMs(Date.UTC(year, m, 1), tz));
  return offsets.every((o) => o === offsets[0]) ? offsets[0]! : null;
}

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
  hour: number; // 0-23
  minute: number; // 0-59
  weekday: number; // 0 = Sunday (Minggu) ... 6 = Saturday (Sabtu)
}

/** Wall-clock fields of instant ms in tz. Independent of the process TZ. */
export function localParts(ms: number, tz: string): LocalParts {
  const shifted = new Date(ms + offsetMs(ms, tz));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
  };
}

/**
 * Epoch ms of the wall-clock time year-month-day hour:minute in tz.
 * Out-of-range fields are normalised like Date.UTC (day 32 rolls into the
 * next month, hour 24 into the next day), which makes "day + n" arithmetic
 * easy; validate user input before calling if that is not wanted.
 */
export function fromLocal(tz: string, year: number, month: number, day: number, hour: number, minute: number): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Two-pass offset fix (same approach as luxon/dayjs): guess, then correct
  // if the offset at the guessed instant differs.
  const first = offsetMs(wall, tz);
  const guess = wall - first;
  const second = offsetMs(guess, tz);
  return second === first ? guess : wall - second;
}

/** 'YYYY-MM-DD' of instant ms in tz. */
export function localDateKey(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

// Dates and durations for people to read are written by the message catalogues
// (`t.fmt.dateTime`, `t.fmt.shortDateTime`, `t.fmt.duration` in locales/), so that each
// language owns its presentation; this module keeps only the zone arithmetic they build on.

const DURATION_UNITS: Record<string, number> = { d: DAY, h: HOUR, m: MINUTE, s: 1000 };

/**
 * Configuration durations: '30s', '15m', '2h', '1d', '1h30m', '1d12h'.
 * Units d/h/m/s, each at most once, largest first, no spaces inside.
 * Surrounding whitespace and upper case are tolerated. Null if malformed.
 */
export function parseDuration(s: string): number | null {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s.trim().toLowerCase());
  if (!m || m[0] === '') return null;
  let total = 0;
  const units = ['d', 'h', 'm', 's'];
  for (let i = 0; i < units.length; i++) {
    const v = m[i + 1];
    if (v !== undefined) total += Number(v) * (DURATION_UNITS[units[i]!] ?? 0);
  }
  return Number.isSafeInteger(total) ? total : null;
}
