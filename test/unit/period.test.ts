import { describe, expect, it } from 'vitest';
import { parsePeriod, periodLabel, previousPeriods, type Period } from '../../src/domain/period';
import { fromLocal } from '../../src/domain/time';

const WIB = 'Asia/Jakarta';
const WITA = 'Asia/Makassar';
const WIT = 'Asia/Jayapura';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Wall-clock time in WIB (UTC+7) as an exact instant, written out without the helper under test. */
const wibUtc = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h - 7, min);
/** Wednesday 25 November 2026, 14.30 WIB. */
const NOW = wibUtc(2026, 11, 25, 14, 30);

function parse(input: string, now = NOW, tz = WIB): Period {
  const p = parsePeriod(input, now, tz);
  if (!p) throw new Error(`«${input}» was not parsed`);
  return p;
}

describe('parsePeriod', () => {
  it('defaults to the last 30 days up to now', () => {
    const p = parse('');
    expect(p.from).toBe(NOW - 30 * DAY);
    expect(p.to).toBe(NOW);
    expect(p.label).toBe('26 Oktober – 25 November 2026');
    expect(parse('   ')).toEqual(p);
  });

  it('"minggu ini" starts on Monday 00.00 local time and runs until now', () => {
    const p = parse('minggu ini');
    expect(p.from).toBe(wibUtc(2026, 11, 23));
    expect(p.to).toBe(NOW);
    expect(p.label).toBe('23–25 November 2026');
    // On a Sunday evening the week still began on the Monday before.
    const sunday = wibUtc(2026, 11, 29, 20);
    expect(parse('minggu ini', sunday).from).toBe(wibUtc(2026, 11, 23));
    // Monday 00.30 WIB is still Sunday in UTC: the week is the local one.
    const mondayEarly = wibUtc(2026, 11, 30, 0, 30);
    expect(new Date(mondayEarly).getUTCDay()).toBe(0);
    expect(parse('minggu ini', mondayEarly).from).toBe(wibUtc(2026, 11, 30));
    // Case and spacing do not matter.
    expect(parse('  Minggu   INI ')).toEqual(p);
  });

  it('"minggu lalu" is the whole previous Monday–Sunday', () => {
    const p = parse('minggu lalu');
    expect(p.from).toBe(wibUtc(2026, 11, 16));
    expect(p.to).toBe(wibUtc(2026, 11, 23));
    expect(p.label).toBe('16–22 November 2026');
    // Across a year boundary: Friday 1 January 2027 → 21–27 December 2026.
    const q = parse('minggu lalu', wibUtc(2027, 1, 1, 9));
    expect([q.from, q.to]).toEqual([wibUtc(2026, 12, 21), wibUtc(2026, 12, 28)]);
    expect(q.label).toBe('21–27 Desember 2026');
  });

  it('"bulan ini" and "bulan lalu"', () => {
    const a = parse('bulan ini');
    expect([a.from, a.to]).toEqual([wibUtc(2026, 11, 1), NOW]);
    expect(a.label).toBe('1–25 November 2026');
    const b = parse('bulan lalu');
    expect([b.from, b.to]).toEqual([wibUtc(2026, 10, 1), wibUtc(2026, 11, 1)]);
    expect(b.label).toBe('1–31 Oktober 2026');
    // In January, last month is December of the year before.
    const c = parse('bulan lalu', wibUtc(2027, 1, 15, 10));
    expect([c.from, c.to]).toEqual([wibUtc(2026, 12, 1), wibUtc(2027, 1, 1)]);
    expect(c.label).toBe('1–31 Desember 2026');
  });

  it('"N hari" is the last N × 24 hours', () => {
    const p = parse('7 hari');
    expect([p.from, p.to]).toEqual([NOW - 7 * DAY, NOW]);
    expect(p.label).toBe('18–25 November 2026');
    expect(parse('30 hari')).toEqual(parse(''));
    expect(parsePeriod('0 hari', NOW, WIB)).toBeNull();
  });

  it('a month "2026-11" is 1–30 November, [from, to) in WIB', () => {
    const p = parse('2026-11');
    expect(p.from).toBe(Date.parse('2026-10-31T17:00:00.000Z'));
    expect(p.to).toBe(Date.parse('2026-11-30T17:00:00.000Z'));
    expect(p.label).toBe('1–30 November 2026');
    const feb = parse('2028-02');
    expect(feb.label).toBe('1–29 Februari 2028');
    const dec = parse('2026-12');
    expect(dec.to).toBe(Date.parse('2026-12-31T17:00:00.000Z'));
    expect(dec.label).toBe('1–31 Desember 2026');
  });

  it('two dates are inclusive: the end is the next midnight', () => {
    const p = parse('1/11/2026 30/11/2026');
    expect(p.from).toBe(Date.parse('2026-10-31T17:00:00.000Z'));
    expect(p.to).toBe(Date.parse('2026-11-30T17:00:00.000Z')); // 1 December 00.00 WIB
    expect(p.label).toBe('1–30 November 2026');
    expect(parse('2026-11-01 2026-11-30')).toEqual(p);
    expect(parse('01/11/2026 - 30/11/2026')).toEqual(p);
    expect(parse('1/11/2026 s.d. 30/11/2026')).toEqual(p);
    expect(parse('1/11/2026 sampai 30/11/2026')).toEqual(p);
    // One day.
    const one = parse('2026-11-17 2026-11-17');
    expect([one.from, one.to]).toEqual([wibUtc(2026, 11, 17), wibUtc(2026, 11, 18)]);
    expect(one.label).toBe('17 November 2026');
  });

  it('refuses what it does not understand', () => {
    for (const bad of ['kemarin', '2026-13', '2026-00', '30/11/2026 1/11/2026', '31/11/2026 1/12/2026', '2026-02-30 2026-03-01', 'bulan depan', '1/11/2026', 'minggu', '-3 hari']) {
      expect(parsePeriod(bad, NOW, WIB), bad).toBeNull();
    }
  });

  it('each timezone gives instants an hour apart (WIB, WITA, WIT)', () => {
    for (const input of ['2026-11', '1/11/2026 30/11/2026', 'bulan lalu', 'minggu lalu']) {
      const wib = parse(input, NOW, WIB);
      const wita = parse(input, NOW, WITA);
      const wit = parse(input, NOW, WIT);
      expect(wib.from - wita.from, input).toBe(HOUR);
      expect(wita.from - wit.from, input).toBe(HOUR);
      expect(wib.to - wita.to, input).toBe(HOUR);
      expect(wita.to - wit.to, input).toBe(HOUR);
      expect(wib.label).toBe(wit.label);
    }
    expect(parse('2026-11', NOW, WIT).from).toBe(Date.parse('2026-10-31T15:00:00.000Z'));
    expect(parse('2026-11', NOW, WITA).from).toBe(Date.parse('2026-10-31T16:00:00.000Z'));
    // Sunday 23.30 WIB is already Monday 01.30 WIT: "minggu ini" differs by a week.
    const late = wibUtc(2026, 11, 29, 23, 30);
    expect(parse('minggu ini', late, WIB).from).toBe(wibUtc(2026, 11, 23));
    expect(parse('minggu ini', late, WIT).from).toBe(fromLocal(WIT, 2026, 11, 30, 0, 0));
    expect(parse('minggu ini', late, WIT).from).toBe(Date.parse('2026-11-29T15:00:00.000Z'));
  });
});

describe('periodLabel', () => {
  it('within a month, across months, across years, one day', () => {
    expect(periodLabel(wibUtc(2026, 11, 1), wibUtc(2026, 12, 1), WIB)).toBe('1–30 November 2026');
    expect(periodLabel(wibUtc(2026, 10, 26), wibUtc(2026, 11, 26), WIB)).toBe('26 Oktober – 25 November 2026');
    expect(periodLabel(wibUtc(2026, 12, 28), wibUtc(2027, 1, 4), WIB)).toBe('28 Desember 2026 – 3 Januari 2027');
    expect(periodLabel(wibUtc(2026, 11, 17), wibUtc(2026, 11, 18), WIB)).toBe('17 November 2026');
    // The end is exclusive: a period ending at 09.00 includes that day.
    expect(periodLabel(wibUtc(2026, 11, 17, 8), wibUtc(2026, 11, 19, 9), WIB)).toBe('17–19 November 2026');
  });

  it('is told in the given timezone', () => {
    // 1 November 00.00 WIB is 01.00 WITA; November in WIT starts 31 October 22.00 WIB.
    expect(periodLabel(wibUtc(2026, 11, 1), wibUtc(2026, 12, 1), WITA)).toBe('1 November – 1 Desember 2026');
    expect(periodLabel(fromLocal(WIT, 2026, 11, 1, 0, 0), fromLocal(WIT, 2026, 12, 1, 0, 0), WIB)).toBe('31 Oktober – 30 November 2026');
  });
});

describe('previousPeriods', () => {
  it('gives the periods of the same length just before, oldest first', () => {
    const p = parse('2026-11');
    const prev = previousPeriods(p, 3, WIB);
    const len = 30 * DAY;
    expect(prev.map((x) => [x.from, x.to])).toEqual([
      [p.from - 3 * len, p.from - 2 * len],
      [p.from - 2 * len, p.from - len],
      [p.from - len, p.from],
    ]);
    expect(prev.map((x) => x.label)).toEqual(['3 Agustus – 1 September 2026', '2 September – 1 Oktober 2026', '2–31 Oktober 2026']);
    // They tile: each ends where the next begins, the last where p begins.
    for (let i = 1; i < prev.length; i++) expect(prev[i]!.from).toBe(prev[i - 1]!.to);
    expect(previousPeriods(p, 0, WIB)).toEqual([]);
  });

  it('weeks before a week', () => {
    const week = parse('minggu lalu');
    const prev = previousPeriods(week, 2, WIB);
    expect(prev.map((x) => x.label)).toEqual(['2–8 November 2026', '9–15 November 2026']);
    expect(prev[1]!.to).toBe(week.from);
  });
});
