import { fromLocal, localParts, MONTH_NAMES } from './time';

/**
 * Report periods in the org's timezone, as the secretariat says them: `minggu ini`,
 * `minggu lalu`, `bulan ini`, `bulan lalu`, `30 hari`, `2026-11`, or two dates
 * (`1/11/2026 30/11/2026`, `2026-11-01 2026-11-30`, inclusive). Default: the last 30 days.
 * A period is [from, to) in epoch ms.
 */
export interface Period {
  from: number;
  to: number;
  label: string;
}

const DAY = 86_400_000;

export function formatDay(ms: number, tz: string, withYear = true): string {
  const p = localParts(ms, tz);
  return `${p.day} ${MONTH_NAMES[p.month - 1]}${withYear ? ` ${p.year}` : ''}`;
}

/** "1–30 November 2026", "26 Oktober – 25 November 2026", "28 Desember 2026 – 3 Januari 2027". */
export function periodLabel(from: number, to: number, tz: string): string {
  const a = localParts(from, tz);
  const last = to - 1;
  const b = localParts(last, tz);
  if (a.year === b.year && a.month === b.month) return a.day === b.day ? formatDay(from, tz) : `${a.day}–${b.day} ${MONTH_NAMES[b.month - 1]} ${b.year}`;
  if (a.year === b.year) return `${formatDay(from, tz, false)} – ${formatDay(last, tz)}`;
  return `${formatDay(from, tz)} – ${formatDay(last, tz)}`;
}

function make(from: number, to: number, tz: string): Period {
  return { from, to, label: periodLabel(from, to, tz) };
}

function startOfDay(ms: number, tz: string): number {
  const p = localParts(ms, tz);
  return fromLocal(tz, p.year, p.month, p.day, 0, 0);
}

function parseDate(s: string, tz: string): number | null {
  let y: number, m: number, d: number;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return fromLocal(tz, y, m, d, 0, 0);
}

export const PERIOD_EXAMPLES = 'minggu ini, bulan ini, 30 hari, 2026-11, 1/11/2026 30/11/2026';

export function parsePeriod(input: string, now: number, tz: string): Period | null {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (s === '') return make(now - 30 * DAY, now, tz);
  const today = startOfDay(now, tz);
  const p = localParts(now, tz);
  const monday = (() => {
    const back = (p.weekday + 6) % 7; // days since Monday
    return fromLocal(tz, p.year, p.month, p.day - back, 0, 0);
  })();
  if (s === 'minggu ini') return make(monday, now, tz);
  if (s === 'minggu lalu') return make(fromLocal(tz, p.year, p.month, p.day - ((p.weekday + 6) % 7) - 7, 0, 0), monday, tz);
  if (s === 'bulan ini') return make(fromLocal(tz, p.year, p.month, 1, 0, 0), now, tz);
  if (s === 'bulan lalu') return make(fromLocal(tz, p.year, p.month - 1, 1, 0, 0), fromLocal(tz, p.year, p.month, 1, 0, 0), tz);
  if (s === 'hari ini') return make(today, now, tz);
  const days = /^(\d{1,4}) hari$/.exec(s);
  if (days && Number(days[1]) > 0) return make(now - Number(days[1]) * DAY, now, tz);
  const month = /^(\d{4})-(\d{2})$/.exec(s);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    return make(fromLocal(tz, y, m, 1, 0, 0), fromLocal(tz, y, m + 1, 1, 0, 0), tz);
  }
  const two = /^(\S+)\s*(?:-|s\.?d\.?|sampai)?\s*(\S+)$/.exec(s);
  if (two) {
    const a = parseDate(two[1]!, tz);
    const b = parseDate(two[2]!, tz);
    if (a !== null && b !== null && b >= a) {
      const bp = localParts(b, tz);
      return make(a, fromLocal(tz, bp.year, bp.month, bp.day + 1, 0, 0), tz);
    }
  }
  return null;
}

/** The `n` periods of the same length just before `p` (oldest first), for a trend. */
export function previousPeriods(p: Period, n: number, tz: string): Period[] {
  const len = p.to - p.from;
  return Array.from({ length: n }, (_, i) => make(p.from - (n - i) * len, p.from - (n - i - 1) * len, tz));
}
