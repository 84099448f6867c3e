// Pure arithmetic behind the per-OPD daily figures: local day numbers for a zone with a
// fixed UTC offset, splitting a period into whole days and partial edges, exact medians
// over many chunks, and the binary form the durations are stored in.

import type { RecapFigures } from './recap-types';

export const DAY_MS = 86_400_000;

export interface Range {
  from: number;
  to: number;
}

/** Days since 1970-01-01 in a zone `offset` ms ahead of UTC. */
export function dayNumber(ms: number, offset: number): number {
  return Math.floor((ms + offset) / DAY_MS);
}

/** The instant local day `day` starts. */
export function dayStart(day: number, offset: number): number {
  return day * DAY_MS - offset;
}

/**
 * [from, to) as whole local days [days.from, days.to) (day numbers) plus the partial
 * edges before and after them (instants). A period shorter than a day is all edge.
 */
export function splitPeriod(from: number, to: number, offset: number): { days: Range | null; edges: Range[] } {
  if (to <= from) return { days: null, edges: [] };
  const first = Math.ceil((from + offset) / DAY_MS);
  const end = Math.floor((to + offset) / DAY_MS);
  if (first >= end) return { days: null, edges: [{ from, to }] };
  const edges: Range[] = [];
  if (from < dayStart(first, offset)) edges.push({ from, to: dayStart(first, offset) });
  if (dayStart(end, offset) < to) edges.push({ from: dayStart(end, offset), to });
  return { days: { from: first, to: end }, edges };
}

/** Runs of consecutive day numbers: [3, 4, 5, 9] → [{3, 6}, {9, 10}]. */
export function dayRuns(days: readonly number[]): Range[] {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: Range[] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.to === d) last.to = d + 1;
    else runs.push({ from: d, to: d + 1 });
  }
  return runs;
}

/** One OPD's figures of one day, with its times to acknowledge (ms). */
export interface OpdDay extends RecapFigures {
  opdId: number;
  ackMs: Float64Array;
}

const FIELDS = ['received', 'ackOnTime', 'ackLate', 'ackNone', 'doneOnTime', 'doneLate', 'reminders'] as const;

/**
 * A day as stored (table recap_days): `figures` is JSON, one array per OPD
 * [opd_id, …the seven counts, number of durations]; `ackMs` every duration as
 * little-endian float64s, OPD after OPD in the same order (null when there is none).
 */
export function encodeDay(opds: readonly OpdDay[]): { figures: string; ackMs: Uint8Array | null } {
  const total = opds.reduce((n, o) => n + o.ackMs.length, 0);
  const bytes = new Uint8Array(total * 8);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const o of opds) for (const v of o.ackMs) view.setFloat64(8 * at++, v, true);
  const figures = JSON.stringify(opds.map((o) => [o.opdId, ...FIELDS.map((f) => o[f]), o.ackMs.length]));
  return { figures, ackMs: total ? bytes : null };
}

/** The inverse of encodeDay; with `only`, just that OPD (the other OPDs' durations are not copied). */
export function decodeDay(figures: string, ackMs: Uint8Array | null, only?: number): OpdDay[] {
  const rows = JSON.parse(figures) as number[][];
  const out: OpdDay[] = [];
  let at = 0;
  let all: Float64Array | null = null;
  for (const r of rows) {
    const acks = r[8]!;
    if (only === undefined || r[0] === only) {
      let ms: Float64Array;
      if (only === undefined) ms = (all ??= ackMs ? littleEndianFloats(ackMs) : new Float64Array(0)).subarray(at, at + acks);
      else ms = acks && ackMs ? littleEndianFloats(ackMs.subarray(at * 8, (at + acks) * 8)) : new Float64Array(0);
      out.push({ opdId: r[0]!, received: r[1]!, ackOnTime: r[2]!, ackLate: r[3]!, ackNone: r[4]!, doneOnTime: r[5]!, doneLate: r[6]!, reminders: r[7]!, ackMs: ms });
    }
    at += acks;
  }
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** Float64s from bytes (copied: a database buffer need not be 8-byte aligned). */
function littleEndianFloats(bytes: Uint8Array): Float64Array {
  const n = bytes.byteLength >> 3;
  if (LITTLE_ENDIAN) return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * 8));
  const out = new Float64Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 8);
  for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** Below this many values the median copies them once and selects; above, it never copies them all. */
const SMALL = 4_096;

/** Median of all values in the chunks (the mean of the two middle ones for an even count); null if none. */
export function medianOf(chunks: readonly ArrayLike<number>[]): number | null {
  let n = 0;
  for (const c of chunks) n += c.length;
  if (n === 0) return null;
  const mid = n >> 1;
  if (n < SMALL) {
    const all = collect(chunks, n, ALL);
    const upper = select(all, mid);
    return n % 2 ? upper : (maxBelow(all, mid) + upper) / 2;
  }
  // A year of a province is about a million durations. Count them into buckets, then copy
  // and select only the bucket(s) holding the middle rank(s): exact, a few passes, no sort.
  const hist = new Uint32Array(BUCKETS);
  for (const c of chunks) for (let i = 0; i < c.length; i++) hist[bucketOf(c[i]!)]!++;
  const kth = (rank: number): number => {
    let b = 0;
    let before = 0;
    while (before + hist[b]! <= rank) before += hist[b++]!;
    const inBucket = collect(chunks, hist[b]!, (v) => bucketOf(v) === b);
    return select(inBucket, rank - before);
  };
  const upper = kth(mid);
  return n % 2 ? upper : (kth(mid - 1) + upper) / 2;
}

/** Buckets ordered like the values: ~1 s wide up to 16 s, then 16 per doubling (up to ~139 years). */
const BUCKETS = 16 * 29;
function bucketOf(v: number): number {
  const x = v <= 0 ? 0 : Math.min(0xffffffff, Math.floor(v / 1024));
  if (x < 16) return x;
  const e = 31 - Math.clz32(x);
  return 16 * (e - 3) + ((x >>> (e - 4)) & 15);
}

const ALL = (): boolean => true;

/** The values passing `keep`, copied into one array of length n. */
function collect(chunks: readonly ArrayLike<number>[], n: number, keep: (v: number) => boolean): Float64Array {
  const out = new Float64Array(n);
  let at = 0;
  for (const c of chunks) {
    if (c instanceof Float64Array && at + c.length <= n && keep === ALL) {
      out.set(c, at);
      at += c.length;
      continue;
    }
    for (let i = 0; i < c.length; i++) if (keep(c[i]!)) out[at++] = c[i]!;
  }
  return out;
}

/** After select(a, k): the largest value left of k. */
function maxBelow(a: Float64Array, k: number): number {
  let m = -Infinity;
  for (let i = 0; i < k; i++) if (a[i]! > m) m = a[i]!;
  return m;
}

/** The k-th smallest (0-based) in place: Hoare's quickselect with a median-of-three pivot. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const m = (lo + hi) >> 1;
    if (a[m]! < a[lo]!) swap(a, m, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[m]!) swap(a, hi, m);
    const pivot = a[m]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
