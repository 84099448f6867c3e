import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  formatQuietHours,
  holdToWorkingTime,
  isWorkingDay,
  parseHolidayCsv,
  parseQuietHours,
  parseWorkingDays,
  type QuietHours,
  type WorkCalendar,
} from '../../src/domain/calendar';
import { fromLocal } from '../../src/domain/time';
import { id } from '../../locales/id';

const JKT = 'Asia/Jakarta';
const MKS = 'Asia/Makassar';
const JAP = 'Asia/Jayapura';
const HOUR = 3_600_000;

const HOLIDAYS = parseHolidayCsv(readFileSync(new URL('../../src/data/hari-libur-2026.csv', import.meta.url), 'utf8'));
const NIGHT: QuietHours = { start: 21 * 60, end: 6 * 60 };

function cal(over: Partial<WorkCalendar> = {}): WorkCalendar {
  return { tz: JKT, workingDays: new Set([1, 2, 3, 4, 5]), holidays: HOLIDAYS, quiet: NIGHT, ...over };
}

/** Holds a Jakarta wall-clock time and formats the result. */
function held(c: WorkCalendar, y: number, m: number, d: number, h: number, min = 0): string {
  return id.fmt.dateTime(holdToWorkingTime(c, fromLocal(c.tz, y, m, d, h, min)), c.tz);
}

describe('parseQuietHours', () => {
  it('reads dotted and colon times as minutes after midnight', () => {
    expect(parseQuietHours('21.00-06.00')).toEqual({ start: 1260, end: 360 });
    expect(parseQuietHours('21:00-06:00')).toEqual({ start: 1260, end: 360 });
    expect(parseQuietHours(' 22.30 - 5:15 ')).toEqual({ start: 22 * 60 + 30, end: 5 * 60 + 15 });
    expect(parseQuietHours('12.00-13.00')).toEqual({ start: 720, end: 780 });
  });

  it('reads "off" / "mati" / "tidak ada" as no quiet hours (null)', () => {
    expect(parseQuietHours('off')).toBeNull();
    expect(parseQuietHours('MATI')).toBeNull();
    expect(parseQuietHours('tidak ada')).toBeNull();
  });

  it('rejects malformed input with undefined', () => {
    for (const s of ['', '21-06', '21.00', '21.00-', '25.00-06.00', '21.60-06.00', '21.00-06.0', 'malam', '21.00–06.00x']) {
      expect(parseQuietHours(s), s).toBeUndefined();
    }
  });

  it('rejects an empty window (equal start and end)', () => {
    expect(parseQuietHours('06.00-06.00')).toBeUndefined();
    expect(parseQuietHours('00:00-00:00')).toBeUndefined();
  });
});

describe('formatQuietHours', () => {
  it('formats as HH.MM–HH.MM, and null as "tidak ada"', () => {
    expect(formatQuietHours({ start: 1260, end: 360 })).toBe('21.00–06.00');
    expect(formatQuietHours({ start: 5 * 60 + 5, end: 23 * 60 + 59 })).toBe('05.05–23.59');
    expect(formatQuietHours(null)).toBe('tidak ada');
  });

  it('round-trips through parseQuietHours', () => {
    const q = parseQuietHours('21:30-06:45')!;
    expect(parseQuietHours(formatQuietHours(q).replace('–', '-'))).toEqual(q);
  });
});

describe('parseWorkingDays', () => {
  it('reads ranges and lists (0 = Sunday)', () => {
    expect([...parseWorkingDays('1-5')!].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...parseWorkingDays('1-6')!].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...parseWorkingDays('0,6')!].sort()).toEqual([0, 6]);
    expect([...parseWorkingDays('1-3, 5')!].sort()).toEqual([1, 2, 3, 5]);
  });

  it('rejects malformed input with undefined', () => {
    for (const s of ['', '7', '1-7', '5-1', 'senin', '1-5-6', '1;2', ',']) {
      expect(parseWorkingDays(s), s).toBeUndefined();
    }
  });
});

describe('parseHolidayCsv on the shipped 2026 file', () => {
  it('has the 25 national holidays and cuti bersama dates', () => {
    expect(HOLIDAYS.size).toBe(25);
    expect(HOLIDAYS.has('2026-12-25')).toBe(true);
    expect(HOLIDAYS.has('2026-12-24')).toBe(true);
    expect(HOLIDAYS.has('2026-03-20')).toBe(true);
    expect(HOLIDAYS.has('2026-01-01')).toBe(true);
    expect(HOLIDAYS.has('tanggal')).toBe(false);
    expect(HOLIDAYS.has('2026-12-23')).toBe(false);
  });

  it('skips the header, blank and malformed lines and accepts CRLF', () => {
    const set = parseHolidayCsv('tanggal,jenis,keterangan\r\n2026-01-01,libur_nasional,X\r\n\r\nbukan,tanggal\r\n 2026-08-17 ,libur_nasional,Y\r\n');
    expect([...set]).toEqual(['2026-01-01', '2026-08-17']);
  });
});

describe('isWorkingDay', () => {
  const c = cal();
  it('a plain weekday is a working day', () => {
    expect(isWorkingDay(c, fromLocal(JKT, 2026, 12, 2, 10, 0))).toBe(true); // Rabu
  });
  it('Saturday and Sunday are not', () => {
    expect(isWorkingDay(c, fromLocal(JKT, 2026, 12, 5, 10, 0))).toBe(false);
    expect(isWorkingDay(c, fromLocal(JKT, 2026, 12, 6, 10, 0))).toBe(false);
  });
  it('a holiday on a Friday (2026-12-25) and a cuti bersama Thursday (2026-12-24) are not', () => {
    expect(isWorkingDay(c, fromLocal(JKT, 2026, 12, 25, 10, 0))).toBe(false);
    expect(isWorkingDay(c, fromLocal(JKT, 2026, 12, 24, 10, 0))).toBe(false);
  });
  it('Saturday counts when the working days are 1-6', () => {
    expect(isWorkingDay(cal({ workingDays: parseWorkingDays('1-6')! }), fromLocal(JKT, 2026, 12, 5, 10, 0))).toBe(true);
  });
  it('uses the calendar timezone for the local date', () => {
    // 2026-12-24 23:30 WIB is already 2026-12-25 01:30 WIT.
    const at = fromLocal(JKT, 2026, 12, 23, 23, 30); // Rabu 23.30 WIB = Kamis 01.30 WIT (cuti bersama)
    expect(isWorkingDay(cal(), at)).toBe(true);
    expect(isWorkingDay(cal({ tz: JAP }), at)).toBe(false);
  });
});

describe('holdToWorkingTime (Mon–Fri, 2026 holidays, quiet 21.00–06.00)', () => {
  const c = cal();

  it('leaves a time inside working time unchanged', () => {
    const at = fromLocal(JKT, 2026, 12, 2, 14, 37);
    expect(holdToWorkingTime(c, at)).toBe(at);
    // Quiet ends at 06.00 and starts at 21.00: both edges are working time / quiet respectively.
    const six = fromLocal(JKT, 2026, 12, 2, 6, 0);
    expect(holdToWorkingTime(c, six)).toBe(six);
    const before21 = fromLocal(JKT, 2026, 12, 2, 20, 59);
    expect(holdToWorkingTime(c, before21)).toBe(before21);
    expect(held(c, 2026, 12, 2, 21, 0)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WIB');
  });

  it('22.00 Wednesday → Thursday 06.00', () => {
    expect(held(c, 2026, 12, 2, 22)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WIB');
  });

  it('03.00 Thursday → the same Thursday 06.00', () => {
    expect(held(c, 2026, 12, 3, 3)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WIB');
    expect(held(c, 2026, 12, 3, 5, 59)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WIB');
  });

  it('Friday 22.00 → Monday 06.00, across the weekend', () => {
    expect(held(c, 2026, 12, 4, 22)).toBe('Senin, 7 Desember 2026 pukul 06.00 WIB');
    expect(held(c, 2026, 12, 5, 10)).toBe('Senin, 7 Desember 2026 pukul 06.00 WIB');
    expect(held(c, 2026, 12, 6, 23, 59)).toBe('Senin, 7 Desember 2026 pukul 06.00 WIB');
    expect(held(c, 2026, 12, 7, 0, 30)).toBe('Senin, 7 Desember 2026 pukul 06.00 WIB');
  });

  it('across the Christmas holidays: 24 Dec cuti bersama, 25 Dec holiday, then the weekend', () => {
    expect(held(c, 2026, 12, 23, 23)).toBe('Senin, 28 Desember 2026 pukul 06.00 WIB');
    expect(held(c, 2026, 12, 24, 22)).toBe('Senin, 28 Desember 2026 pukul 06.00 WIB');
    expect(held(c, 2026, 12, 24, 10)).toBe('Senin, 28 Desember 2026 pukul 06.00 WIB');
    expect(held(c, 2026, 12, 25, 12)).toBe('Senin, 28 Desember 2026 pukul 06.00 WIB');
  });

  it('across the Idulfitri block (18–24 March 2026)', () => {
    expect(held(c, 2026, 3, 17, 21, 30)).toBe('Rabu, 25 Maret 2026 pukul 06.00 WIB');
  });

  it('quiet hours that do not wrap midnight (12.00–13.00)', () => {
    const lunch = cal({ quiet: parseQuietHours('12.00-13.00')! });
    expect(held(lunch, 2026, 12, 2, 12, 0)).toBe('Rabu, 2 Desember 2026 pukul 13.00 WIB');
    expect(held(lunch, 2026, 12, 2, 12, 59)).toBe('Rabu, 2 Desember 2026 pukul 13.00 WIB');
    const at13 = fromLocal(JKT, 2026, 12, 2, 13, 0);
    expect(holdToWorkingTime(lunch, at13)).toBe(at13);
    const late = fromLocal(JKT, 2026, 12, 2, 23, 0); // night is working time with this window
    expect(holdToWorkingTime(lunch, late)).toBe(late);
    const early = fromLocal(JKT, 2026, 12, 3, 3, 0);
    expect(holdToWorkingTime(lunch, early)).toBe(early);
    // On a weekend the next working period starts at Monday midnight, not at the end of Monday's lunch.
    expect(held(lunch, 2026, 12, 5, 10)).toBe('Senin, 7 Desember 2026 pukul 00.00 WIB');
    expect(held(lunch, 2026, 12, 4, 12, 30)).toBe('Jumat, 4 Desember 2026 pukul 13.00 WIB');
  });

  it('quiet hours 00.00–06.00 (start at midnight) hold a weekend to Monday 06.00', () => {
    const c2 = cal({ quiet: parseQuietHours('00.00-06.00')! });
    expect(held(c2, 2026, 12, 5, 10)).toBe('Senin, 7 Desember 2026 pukul 06.00 WIB');
    expect(held(c2, 2026, 12, 3, 2)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WIB');
  });

  it('without quiet hours only non-working days are held, to Monday 00.00', () => {
    const noQuiet = cal({ quiet: null });
    const night = fromLocal(JKT, 2026, 12, 2, 23, 0);
    expect(holdToWorkingTime(noQuiet, night)).toBe(night);
    expect(held(noQuiet, 2026, 12, 5, 10)).toBe('Senin, 7 Desember 2026 pukul 00.00 WIB');
    expect(held(noQuiet, 2026, 12, 24, 10)).toBe('Senin, 28 Desember 2026 pukul 00.00 WIB');
  });

  it('WIB, WITA and WIT: the same wall-clock hold gives instants an hour apart', () => {
    const wib = cal({ tz: JKT });
    const wita = cal({ tz: MKS });
    const wit = cal({ tz: JAP });
    const a = holdToWorkingTime(wib, fromLocal(JKT, 2026, 12, 2, 22, 0));
    const b = holdToWorkingTime(wita, fromLocal(MKS, 2026, 12, 2, 22, 0));
    const d = holdToWorkingTime(wit, fromLocal(JAP, 2026, 12, 2, 22, 0));
    expect(id.fmt.dateTime(a, JKT)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WIB');
    expect(id.fmt.dateTime(b, MKS)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WITA');
    expect(id.fmt.dateTime(d, JAP)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WIT');
    expect(a - b).toBe(HOUR);
    expect(b - d).toBe(HOUR);
    // The same instant can be quiet in one zone and working time in another:
    // 20.30 WIB is 22.30 WIT.
    const t = fromLocal(JKT, 2026, 12, 2, 20, 30);
    expect(holdToWorkingTime(wib, t)).toBe(t);
    expect(id.fmt.dateTime(holdToWorkingTime(wit, t), JAP)).toBe('Kamis, 3 Desember 2026 pukul 06.00 WIT');
  });

  it('gives up (returns the time) on a calendar without working days instead of looping', () => {
    const none = cal({ workingDays: new Set<number>() });
    const at = fromLocal(JKT, 2026, 12, 2, 10, 0);
    expect(Number.isFinite(holdToWorkingTime(none, at))).toBe(true);
  });
});
