// Roll-call (apel "HP aktif 24 jam"): the pure rules. Pure: the clock and randomness are
// arguments.
import type { QuietHours } from './calendar';
import { parseDeadline } from './deadline';
import { parseTargets, type TargetSpec } from './instruction-form';
import { fromLocal, localDateKey, localParts } from './time';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The longest a roll-call may run before its deadline. */
export const MAX_ROLLCALL_MS = DAY;

/** What `/apel …` asked for. */
export type ApelRequest =
  | { kind: 'usage' }
  | { kind: 'history' }
  | { kind: 'call'; target: TargetSpec; deadlineAt: number | null; emergency: boolean }
  | { kind: 'bad_target'; raw: string }
  | { kind: 'bad_deadline'; raw: string }
  | { kind: 'deadline_range'; raw: string };

const EMERGENCY = new Set(['darurat', 'emergency']);

/**
 * `/apel [KODE…|klaster NAMA|semua] [batas] [darurat]`. The deadline is the shortest tail of
 * the words that reads as a deadline (so "klaster Umum 45 menit" is the cluster "Umum" and
 * 45 minutes); without one, `deadlineAt` is null (the configured default applies).
 */
export function parseApel(input: string, now: number, tz: string): ApelRequest {
  const all = input.trim().split(/\s+/).filter(Boolean);
  if (all.length === 0) return { kind: 'usage' };
  if (all.length === 1 && /^(riwayat|history)$/i.test(all[0]!)) return { kind: 'history' };
  const emergency = all.some((w) => EMERGENCY.has(w.toLowerCase()));
  const words = all.filter((w) => !EMERGENCY.has(w.toLowerCase()));
  if (words.length === 0) return { kind: 'usage' };
  for (let k = 1; k < words.length; k++) {
    const target = parseTargets(words.slice(0, k).join(' '));
    const rest = words.slice(k).join(' ');
    const d = parseDeadline(rest, now, tz);
    if (target && d.ok) {
      if (d.at <= now || d.at > now + MAX_ROLLCALL_MS) return { kind: 'deadline_range', raw: rest };
      return { kind: 'call', target, deadlineAt: d.at, emergency };
    }
  }
  // No tail reads as a deadline. A word starting with a digit after the first is a
  // deadline typed wrong rather than an OPD code.
  const firstDigit = words.findIndex((w, i) => i > 0 && /^\d/.test(w));
  if (firstDigit > 0) return { kind: 'bad_deadline', raw: words.slice(firstDigit).join(' ') };
  const target = parseTargets(words.join(' '));
  if (!target) return { kind: 'bad_target', raw: words.join(' ') };
  return { kind: 'call', target, deadlineAt: null, emergency };
}

/** A weekly window for the surprise roll-call: these weekdays, from `start` to `end` (minutes after local midnight). */
export interface ApelWindow {
  /** 0 = Sunday … 6 = Saturday. */
  days: ReadonlySet<number>;
  start: number;
  end: number;
}

const DAY_WORDS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  min: 0,
  minggu: 0,
  ahad: 0,
  mon: 1,
  monday: 1,
  sen: 1,
  senin: 1,
  tue: 2,
  tuesday: 2,
  sel: 2,
  selasa: 2,
  wed: 3,
  wednesday: 3,
  rab: 3,
  rabu: 3,
  thu: 4,
  thursday: 4,
  kam: 4,
  kamis: 4,
  fri: 5,
  friday: 5,
  jum: 5,
  jumat: 5,
  sat: 6,
  saturday: 6,
  sab: 6,
  sabtu: 6,
};

function dayOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/'/g, '');
  if (/^[0-6]$/.test(w)) return Number(w);
  return DAY_WORDS[w];
}

function clock(s: string): number | undefined {
  const m = /^(\d{1,2})[.:](\d{2})$/.exec(s);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) return undefined;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 24 * 60 ? v : undefined;
}

/**
 * "Mon-Fri 19:00-22:00", "Sen-Jum 19.00-22.00", "1-5 19:00-22:00", "Sat,Sun 08:00-10:00" →
 * the window; "off" (or empty) → null; anything else → undefined (malformed). The window
 * stays within one day (start before end).
 */
export function parseApelWindow(input: string): ApelWindow | null | undefined {
  const s = input.trim();
  if (s === '' || /^(off|mati)$/i.test(s)) return null;
  const m = /^(\S+)\s+(\d{1,2}[.:]\d{2})\s*-\s*(\d{1,2}[.:]\d{2})$/.exec(s);
  if (!m) return undefined;
  const days = new Set<number>();
  for (const part of m[1]!.split(',').filter(Boolean)) {
    const [a, b, extra] = part.split('-');
    if (extra !== undefined || a === undefined) return undefined;
    const from = dayOf(a);
    const to = b === undefined ? from : dayOf(b);
    if (from === undefined || to === undefined) return undefined;
    // "Fri-Mon" wraps round the week.
    for (let d = from, n = 0; n < 7; d = (d + 1) % 7, n++) {
      days.add(d);
      if (d === to) break;
    }
  }
  const start = clock(m[2]!);
  const end = clock(m[3]!);
  if (start === undefined || end === undefined || start >= end || days.size === 0) return undefined;
  return { days, start, end };
}

/**
 * The moment of the next surprise roll-call: a random moment (`random()` in [0, 1)) inside the
 * first window that is still open at least a minute after `after`, within the next two weeks.
 * Holidays and quiet hours are not looked at here: the run decides (`scheduledVerdict`), so a
 * roll-call planned on a holiday is skipped and recorded as such, and the next one planned.
 */
export function nextSurpriseAt(w: ApelWindow, tz: string, after: number, random: () => number): number | null {
  const p = localParts(after, tz);
  for (let i = 0; i < 15; i++) {
    const dayStart = fromLocal(tz, p.year, p.month, p.day + i, 0, 0);
    if (!w.days.has(localParts(dayStart + 12 * 3_600_000, tz).weekday)) continue;
    const lo = Math.max(dayStart + w.start * MINUTE, after + MINUTE);
    const hi = dayStart + w.end * MINUTE;
    if (lo >= hi) continue;
    return lo + Math.floor(Math.min(Math.max(random(), 0), 0.999_999) * (hi - lo));
  }
  return null;
}

function inQuietMinute(q: QuietHours, minute: number): boolean {
  return q.start < q.end ? minute >= q.start && minute < q.end : minute >= q.start || minute < q.end;
}

/** Is this moment inside the quiet hours? */
export function isQuietAt(q: QuietHours | null, at: number, tz: string): boolean {
  if (!q) return false;
  const p = localParts(at, tz);
  return inQuietMinute(q, p.hour * 60 + p.minute);
}

export type ScheduledVerdict = 'run' | 'holiday' | 'quiet';

/** A scheduled roll-call never runs on a holiday nor inside quiet hours (only a caller's `darurat` does). */
export function scheduledVerdict(at: number, tz: string, holidays: ReadonlySet<string>, quiet: QuietHours | null): ScheduledVerdict {
  if (holidays.has(localDateKey(at, tz))) return 'holiday';
  if (isQuietAt(quiet, at, tz)) return 'quiet';
  return 'run';
}

/** The chain after a roll-call's deadline: heads told at the deadline, the secretariat after `escalateAfter`, the caller after twice that (and the roll-call closes). */
export type RollcallStepKind = 'deadline' | 'secretariat' | 'close';

export interface RollcallTimerState {
  deadlineAt: number;
  deadlineDoneAt: number | null;
  secEscalatedAt: number | null;
  closedAt: number | null;
}

export function nextRollcallStep(s: RollcallTimerState, escalateAfter: number): { kind: RollcallStepKind; at: number } | null {
  if (s.closedAt !== null) return null;
  if (s.deadlineDoneAt === null) return { kind: 'deadline', at: s.deadlineAt };
  if (s.secEscalatedAt === null) return { kind: 'secretariat', at: s.deadlineAt + escalateAfter };
  return { kind: 'close', at: s.deadlineAt + 2 * escalateAfter };
}

/** The median of some numbers (null when there are none). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : Math.round((v[mid - 1]! + v[mid]!) / 2);
}

/** One call of one person in a roll-call, as the recap and the export count it. */
export interface RollcallCall {
  rollcallId: number;
  personId: number;
  opdId: number;
  startedAt: number;
  deadlineAt: number;
  answeredAt: number | null;
}

/** What a set of calls adds up to: answered at all, answered by the deadline, the median time from the call to the answer (late answers included). */
export interface RollcallTotals {
  /** Distinct roll-calls among the calls. */
  rollcalls: number;
  /** Calls (a person called in two roll-calls counts twice). */
  called: number;
  answered: number;
  onTime: number;
  medianMs: number | null;
}

/** Adds up calls: the one rule behind /rekap's roll-call figures and the export's roll-call sheet. */
export function rollcallTotals(calls: readonly RollcallCall[]): RollcallTotals {
  const rollcalls = new Set<number>();
  const times: number[] = [];
  let onTime = 0;
  for (const c of calls) {
    rollcalls.add(c.rollcallId);
    if (c.answeredAt === null) continue;
    times.push(c.answeredAt - c.startedAt);
    if (c.answeredAt <= c.deadlineAt) onTime++;
  }
  return { rollcalls: rollcalls.size, called: calls.length, answered: times.length, onTime, medianMs: median(times) };
}
