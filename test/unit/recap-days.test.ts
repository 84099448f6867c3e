import { describe, expect, it } from 'vitest';
import { DAY_MS, dayNumber, dayRuns, dayStart, decodeDay, encodeDay, mediansOf, splitPeriod } from '../../src/domain/recap-days';
import { fixedUtcOffset, fromLocal } from '../../src/domain/time';

const WIB = 7 * 3_600_000;
const wib = (month: number, day: number, hour = 0, minute = 0) => fromLocal('Asia/Jakarta', 2026, month, day, hour, minute);

describe('local day numbers', () => {
  it('change at local midnight, not at UTC midnight', () => {
    expect(dayNumber(wib(11, 25) - 1, WIB)).toBe(dayNumber(wib(11, 25), WIB) - 1);
    expect(dayNumber(wib(11, 25, 23, 59), WIB)).toBe(dayNumber(wib(11, 25), WIB));
    expect(dayStart(dayNumber(wib(11, 25, 15), WIB), WIB)).toBe(wib(11, 25));
  });

  it('fixed offsets for the Indonesian zones, none for a zone with daylight saving', () => {
    const now = wib(11, 25);
    expect(fixedUtcOffset('Asia/Jakarta', now)).toBe(WIB);
    expect(fixedUtcOffset('Asia/Makassar', now)).toBe(8 * 3_600_000);
    expect(fixedUtcOffset('Asia/Jayapura', now)).toBe(9 * 3_600_000);
    expect(fixedUtcOffset('Europe/Amsterdam', now)).toBeNull();
  });
});

describe('splitPeriod', () => {
  const day = (m: number, d: number) => dayNumber(wib(m, d), WIB);

  it('a month from midnight to midnight is whole days only', () => {
    expect(splitPeriod(wib(11, 1), wib(12, 1), WIB)).toEqual({ days: { from: day(11, 1), to: day(12, 1) }, edges: [] });
  });

  it('"30 hari" up to now: whole days in between, partial days at both ends', () => {
    const from = wib(10, 26, 10, 15);
    const to = wib(11, 25, 10, 15);
    expect(splitPeriod(from, to, WIB)).toEqual({
      days: { from: day(10, 27), to: day(11, 25) },
      edges: [
        { from, to: wib(10, 27) },
        { from: wib(11, 25), to },
      ],
    });
  });

  it('less than a whole day is one edge; an empty period is nothing', () => {
    expect(splitPeriod(wib(11, 5, 8), wib(11, 6, 7), WIB)).toEqual({ days: null, edges: [{ from: wib(11, 5, 8), to: wib(11, 6, 7) }] });
    expect(splitPeriod(wib(11, 5), wib(11, 5), WIB)).toEqual({ days: null, edges: [] });
  });

  it('the pieces cover the period exactly', () => {
    for (const [from, to] of [
      [wib(1, 1, 3), wib(12, 31, 22)],
      [wib(11, 1, 0, 1), wib(11, 3)],
      [wib(11, 1), wib(11, 2, 0, 1)],
    ] as const) {
      const { days, edges } = splitPeriod(from, to, WIB);
      const pieces = [...edges, ...(days ? [{ from: dayStart(days.from, WIB), to: dayStart(days.to, WIB) }] : [])].sort((a, b) => a.from - b.from);
      expect(pieces[0]!.from).toBe(from);
      expect(pieces[pieces.length - 1]!.to).toBe(to);
      for (let i = 1; i < pieces.length; i++) expect(pieces[i]!.from).toBe(pieces[i - 1]!.to);
      for (const e of edges) expect(e.to - e.from).toBeLessThan(DAY_MS);
    }
  });
});

describe('dayRuns', () => {
  it('groups consecutive days, in order, once each', () => {
    expect(dayRuns([9, 3, 5, 4, 4, 12, 11])).toEqual([
      { from: 3, to: 6 },
      { from: 9, to: 10 },
      { from: 11, to: 13 },
    ]);
    expect(dayRuns([])).toEqual([]);
  });
});

/** The median of all values in the chunks, as one group. */
const medianOf = (chunks: readonly ArrayLike<number>[]) => mediansOf(new Map([[0, chunks]])).all;

describe('medianOf', () => {
  const sorted = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };

  it('odd and even counts, across chunks, with repeats', () => {
    expect(medianOf([[3], [1, 2]])).toBe(2);
    expect(
      medianOf([
        [4, 1],
        [3, 2],
      ]),
    ).toBe(2.5);
    expect(medianOf([[5, 5, 5], [5]])).toBe(5);
    expect(medianOf([])).toBeNull();
    expect(medianOf([[], new Float64Array(0)])).toBeNull();
  });

  it('equals the median of the sorted values for random data', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 200; run++) {
      const chunks = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => Array.from({ length: Math.floor(rand() * 30) }, () => Math.floor(rand() * 50) * 60_000));
      const all = chunks.flat();
      expect(medianOf(chunks.map((c) => Float64Array.from(c)))).toBe(all.length ? sorted(all) : null);
    }
  });

  it('stays exact for large counts (the bucketed path), with ties, negatives and huge values', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const shapes: Array<() => number> = [
      () => Math.floor(rand() * 3 * 3_600_000), // up to 3 hours, to the ms
      () => Math.floor(rand() * 20) * 60_000, // whole minutes: many ties
      () => (rand() < 0.01 ? -5_000 : Math.floor(rand() ** 4 * 40 * 86_400_000)), // a few negatives (clock skew), a long tail
      () => (rand() < 0.5 ? 1_000 : 2 ** 45), // two values only, one beyond the last bucket
    ];
    for (const shape of shapes) {
      for (const n of [4_096, 4_097, 30_001, 50_000]) {
        const chunks = Array.from({ length: 8 }, (_, k) => Float64Array.from({ length: Math.floor(n / 8) + (k === 0 ? n % 8 : 0) }, shape));
        expect(medianOf(chunks)).toBe(sorted(chunks.flatMap((c) => [...c])));
      }
    }
  });
});

describe('mediansOf', () => {
  const sorted = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length === 0 ? null : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };

  it('each group and the whole at once, exact, small and large, with an empty group', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (const size of [3, 900, 9_000]) {
      const groups = new Map<number, Float64Array[]>();
      for (let g = 1; g <= 7; g++) {
        const n = g === 4 ? 0 : Math.floor(size * (0.5 + rand()));
        groups.set(g, [
          Float64Array.from({ length: n >> 1 }, () => Math.floor(rand() ** 3 * 10 * 86_400_000)),
          Float64Array.from({ length: n - (n >> 1) }, () => Math.floor(rand() * 20) * 60_000),
        ]);
      }
      const { byGroup, all } = mediansOf(groups);
      for (const [g, chunks] of groups) expect(byGroup.get(g), `group ${g} of ~${size}`).toBe(sorted(chunks.flatMap((c) => [...c])));
      expect(all).toBe(sorted([...groups.values()].flat().flatMap((c) => [...c])));
    }
    expect(mediansOf(new Map())).toEqual({ byGroup: new Map(), all: null });
  });
});

describe('encodeDay', () => {
  it('round-trips every OPD with its own durations, also from an unaligned buffer', () => {
    const opds = [
      { opdId: 7, received: 3, ackOnTime: 1, ackLate: 1, ackNone: 1, doneOnTime: 0, doneLate: 1, reminders: 9, ackMs: Float64Array.from([3 * 3_600_000, 4 * 3_600_000 + 1]) },
      { opdId: 2, received: 2, ackOnTime: 0, ackLate: 0, ackNone: 2, doneOnTime: 0, doneLate: 0, reminders: 0, ackMs: new Float64Array(0) },
      { opdId: 9, received: 1, ackOnTime: 1, ackLate: 0, ackNone: 0, doneOnTime: 1, doneLate: 0, reminders: 2, ackMs: Float64Array.from([1.5]) },
    ];
    const { figures, ackMs } = encodeDay(opds);
    expect(ackMs!.byteLength).toBe(24);
    const back = decodeDay(figures, ackMs);
    expect(back.map((o) => ({ ...o, ackMs: [...o.ackMs] }))).toEqual(opds.map((o) => ({ ...o, ackMs: [...o.ackMs] })));
    const shifted = new Uint8Array(ackMs!.byteLength + 3);
    shifted.set(ackMs!, 3);
    expect([...decodeDay(figures, shifted.subarray(3))[0]!.ackMs]).toEqual([3 * 3_600_000, 4 * 3_600_000 + 1]);
    // One OPD only: its own figures and durations.
    expect(decodeDay(figures, shifted.subarray(3), 9).map((o) => ({ ...o, ackMs: [...o.ackMs] }))).toEqual([{ ...opds[2]!, ackMs: [1.5] }]);
    expect(decodeDay(figures, ackMs, 2).map((o) => o.ackMs.length)).toEqual([0]);
    expect(decodeDay(figures, ackMs, 99)).toEqual([]);
  });

  it('a day without any acknowledgement stores no bytes', () => {
    const { figures, ackMs } = encodeDay([{ opdId: 1, received: 1, ackOnTime: 0, ackLate: 0, ackNone: 1, doneOnTime: 0, doneLate: 0, reminders: 0, ackMs: new Float64Array(0) }]);
    expect(ackMs).toBeNull();
    expect(decodeDay(figures, null)[0]).toMatchObject({ opdId: 1, ackNone: 1 });
  });
});
