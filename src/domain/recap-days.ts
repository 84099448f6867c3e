// Pure arithmetic behind the per-OPD daily figures: local day numbers for a zone with a
// fixed UTC offset, splitting a period into whole days and partial edges, exact medians
// over many chunks, and the binary form the durations are stored in.

import { FIGURE_KEYS, type RecapFigures } from './recap-types';

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
  const figures = JSON.stringify(opds.map((o) => [o.opdId, ...FIGURE_KEYS.map((f) => o[f]), o.ackMs.length]));
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

/** Below this many values a median copies them once and selects; above, it never copies them all. */
const SMALL = 4_096;

/**
 * The median of each group's values and of all values together, exact. A year of a
 * province is about a million durations: they are counted into buckets once (pass 1),
 * then only the values in the bucket(s) holding a middle rank are copied and selected
 * from (pass 2) — for every group and the whole at the same time, no sort.
 */
export function mediansOf(groups: ReadonlyMap<number, readonly ArrayLike<number>[]>): { byGroup: Map<number, number | null>; all: number | null } {
  const byGroup = new Map<number, number | null>();
  const sizes = new Map<number, number>();
  let total = 0;
  for (const [g, chunks] of groups) {
    const n = chunks.reduce((s, c) => s + c.length, 0);
    sizes.set(g, n);
    total += n;
  }
  if (total < SMALL) {
    const all: number[] = [];
    for (const [g, chunks] of groups) {
      const values = chunks.flatMap((c) => Array.from(c));
      byGroup.set(g, middle(Float64Array.from(values)));
      all.push(...values);
    }
    return { byGroup, all: middle(Float64Array.from(all)) };
  }
  // Pass 1: a histogram per group; the whole is their sum.
  const hists = new Map<number, Uint32Array>();
  const whole = new Uint32Array(BUCKETS);
  for (const [g, chunks] of groups) {
    const h = new Uint32Array(BUCKETS);
    for (const c of chunks) for (let i = 0; i < c.length; i++) h[bucketOf(c[i]!)]!++;
    for (let b = 0; b < BUCKETS; b++) whole[b]! += h[b]!;
    hists.set(g, h);
  }
  // The middle rank(s) of each: which bucket, and the rank within it.
  const wanted = (h: Uint32Array, n: number) => (n === 0 ? [] : n % 2 ? [n >> 1] : [(n >> 1) - 1, n >> 1]).map((rank) => locate(h, rank));
  const targets = new Map<number, Target[]>([...hists].map(([g, h]) => [g, wanted(h, sizes.get(g)!)]));
  const wholeTargets = wanted(whole, total);
  // Pass 2: copy the values of the wanted buckets (at most two per group, two for the whole).
  const w0 = wholeTargets[0]?.bucket ?? -1;
  const w1 = wholeTargets[1]?.bucket ?? -1;
  const wholeIn: [number[], number[]] = [[], []];
  for (const [g, chunks] of groups) {
    const mine = targets.get(g)!;
    const m0 = mine[0]?.bucket ?? -1;
    const m1 = mine[1]?.bucket ?? -1;
    const mineIn: [number[], number[]] = [[], []];
    for (const c of chunks) {
      for (let i = 0; i < c.length; i++) {
        const v = c[i]!;
        const b = bucketOf(v);
        if (b === m0) mineIn[0].push(v);
        else if (b === m1) mineIn[1].push(v);
        if (b === w0) wholeIn[0].push(v);
        else if (b === w1) wholeIn[1].push(v);
      }
    }
    byGroup.set(g, pick(mine, mineIn));
  }
  return { byGroup, all: pick(wholeTargets, wholeIn) };
}

interface Target {
  bucket: number;
  /** Rank within the bucket. */
  rank: number;
}

function locate(hist: Uint32Array, rank: number): Target {
  let b = 0;
  let before = 0;
  while (before + hist[b]! <= rank) before += hist[b++]!;
  return { bucket: b, rank: rank - before };
}

/**
 * The target ranks' values (one, or the mean of two) from the copied buckets: `copied[0]`
 * holds the first target's bucket, `copied[1]` the second's when it is another bucket.
 */
function pick(targets: Target[], copied: [number[], number[]]): number | null {
  if (targets.length === 0) return null;
  const values = targets.map((t, i) => select(Float64Array.from(i === 1 && t.bucket !== targets[0]!.bucket ? copied[1] : copied[0]), t.rank));
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Median of an array (reordered in place); null when empty. */
function middle(a: Float64Array): number | null {
  if (a.length === 0) return null;
  const mid = a.length >> 1;
  const upper = select(a, mid);
  if (a.length % 2) return upper;
  // After select(mid) everything left of mid is ≤ the upper middle: the lower one is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/** Buckets ordered like the values: ~1 s wide up to 16 s, then 16 per doubling (up to ~139 years). */
const BUCKETS = 16 * 29;
function bucketOf(v: number): number {
  const x = v <= 0 ? 0 : Math.min(0xffffffff, Math.floor(v / 1024));
  if (x < 16) return x;
  const e = 31 - Math.clz32(x);
  return 16 * (e - 3) + ((x >>> (e - 4)) & 15);
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
