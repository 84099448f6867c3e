import { describe, it, expect } from 'vitest';
import { en } from '../../locales/en';
import { id } from '../../locales/id';
import { DAY_NAMES, localParts, MONTH_NAMES, zoneLabel } from '../../src/domain/time';
import { periodLabel } from '../../src/domain/period';
import { messagesFor } from '../../src/infra/i18n';
import { DAY, HOUR, JKT, JYP, MIN, MKS, TUESDAY_10_WIB } from '../support/clock';

// The catalogues own how dates and durations read (`t.fmt`). The Indonesian shapes are the
// ones src/domain/time.ts printed before, byte for byte; English says the same in English.

const T = TUESDAY_10_WIB;
// 4 Dec 2026 04:40 UTC = 11.40 WIB (a Friday).
const FRI = Date.UTC(2026, 11, 4, 4, 40);

describe('fmt.dateTime / fmt.shortDateTime in Indonesian', () => {
  it('formats in each Indonesian zone', () => {
    expect(id.fmt.dateTime(T, JKT)).toBe('Selasa, 1 Desember 2026 pukul 10.00 WIB');
    expect(id.fmt.dateTime(T, MKS)).toBe('Selasa, 1 Desember 2026 pukul 11.00 WITA');
    expect(id.fmt.dateTime(T, JYP)).toBe('Selasa, 1 Desember 2026 pukul 12.00 WIT');
    expect(id.fmt.shortDateTime(T, JKT)).toBe('1 Des 2026 10.00 WIB');
    expect(id.fmt.shortDateTime(T, MKS)).toBe('1 Des 2026 11.00 WITA');
    expect(id.fmt.shortDateTime(T, JYP)).toBe('1 Des 2026 12.00 WIT');
    expect(id.fmt.dateTime(FRI, JKT)).toBe('Jumat, 4 Desember 2026 pukul 11.40 WIB');
    expect(id.fmt.shortDateTime(FRI, JKT)).toBe('4 Des 2026 11.40 WIB');
  });

  it('uses the local date, not the UTC date', () => {
    // 30 Nov 2026 17:30 UTC is already 1 Dec 00.30 WIB.
    const ms = Date.UTC(2026, 10, 30, 17, 30);
    expect(id.fmt.dateTime(ms, JKT)).toBe('Selasa, 1 Desember 2026 pukul 00.30 WIB');
    // 31 Dec 2026 15:05 UTC = 1 Jan 2027 00.05 WIT.
    const ny = Date.UTC(2026, 11, 31, 15, 5);
    expect(id.fmt.dateTime(ny, JYP)).toBe('Jumat, 1 Januari 2027 pukul 00.05 WIT');
    expect(id.fmt.dateTime(ny, JKT)).toBe('Kamis, 31 Desember 2026 pukul 22.05 WIB');
  });

  it('has the right weekday and month names', () => {
    expect(id.fmt.dateTime(Date.UTC(2026, 10, 25, 2, 0), JKT)).toBe('Rabu, 25 November 2026 pukul 09.00 WIB');
    expect(id.fmt.dateTime(Date.UTC(2026, 10, 29, 2, 0), JKT)).toBe('Minggu, 29 November 2026 pukul 09.00 WIB');
    expect(id.fmt.dateTime(Date.UTC(2026, 10, 27, 2, 0), JKT)).toBe('Jumat, 27 November 2026 pukul 09.00 WIB');
    expect(id.fmt.dateTime(Date.UTC(2026, 10, 28, 2, 0), JKT)).toBe('Sabtu, 28 November 2026 pukul 09.00 WIB');
    expect(id.fmt.shortDateTime(Date.UTC(2026, 7, 17, 1, 5), JKT)).toBe('17 Agu 2026 08.05 WIB');
    expect(id.fmt.shortDateTime(Date.UTC(2026, 4, 5, 1, 5), JKT)).toBe('5 Mei 2026 08.05 WIB');
    expect(id.fmt.shortDateTime(Date.UTC(2026, 9, 5, 1, 5), JKT)).toBe('5 Okt 2026 08.05 WIB');
  });

  it('shows the tz name for other zones', () => {
    expect(id.fmt.dateTime(T, 'UTC')).toBe('Selasa, 1 Desember 2026 pukul 03.00 UTC');
  });

  it('prints exactly what the former domain formatters printed, over a year in four zones', () => {
    // The removed src/domain/time.ts formatters, kept here as the reference for the Indonesian shape.
    const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
    const pad2 = (n: number) => String(n).padStart(2, '0');
    const oldLong = (ms: number, tz: string) => {
      const p = localParts(ms, tz);
      return `${DAY_NAMES[p.weekday]}, ${p.day} ${MONTH_NAMES[p.month - 1]} ${p.year} pukul ${pad2(p.hour)}.${pad2(p.minute)} ${zoneLabel(tz)}`;
    };
    const oldShort = (ms: number, tz: string) => {
      const p = localParts(ms, tz);
      return `${p.day} ${SHORT[p.month - 1]} ${p.year} ${pad2(p.hour)}.${pad2(p.minute)} ${zoneLabel(tz)}`;
    };
    // Every 11 h 7 min through 2026 and into 2027: every weekday, month, hour and many minutes.
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 15); ms += 11 * HOUR + 7 * MIN) {
      for (const tz of [JKT, MKS, JYP, 'Asia/Pontianak']) {
        expect(id.fmt.dateTime(ms, tz)).toBe(oldLong(ms, tz));
        expect(id.fmt.shortDateTime(ms, tz)).toBe(oldShort(ms, tz));
      }
    }
  });
});

describe('fmt.dateTime / fmt.shortDateTime in English', () => {
  it('formats in each Indonesian zone, with the local zone label', () => {
    expect(en.fmt.dateTime(T, JKT)).toBe('Tuesday, 1 December 2026 10:00 WIB');
    expect(en.fmt.dateTime(T, MKS)).toBe('Tuesday, 1 December 2026 11:00 WITA');
    expect(en.fmt.dateTime(T, JYP)).toBe('Tuesday, 1 December 2026 12:00 WIT');
    expect(en.fmt.shortDateTime(T, JKT)).toBe('1 Dec 2026 10:00 WIB');
    expect(en.fmt.shortDateTime(T, MKS)).toBe('1 Dec 2026 11:00 WITA');
    expect(en.fmt.shortDateTime(T, JYP)).toBe('1 Dec 2026 12:00 WIT');
    expect(en.fmt.dateTime(FRI, JKT)).toBe('Friday, 4 December 2026 11:40 WIB');
    expect(en.fmt.shortDateTime(FRI, JKT)).toBe('4 Dec 2026 11:40 WIB');
  });

  it('uses the local date, a 24-hour clock and English names', () => {
    const ny = Date.UTC(2026, 11, 31, 15, 5);
    expect(en.fmt.dateTime(ny, JYP)).toBe('Friday, 1 January 2027 00:05 WIT');
    expect(en.fmt.dateTime(ny, JKT)).toBe('Thursday, 31 December 2026 22:05 WIB');
    expect(en.fmt.dateTime(Date.UTC(2026, 10, 29, 2, 0), JKT)).toBe('Sunday, 29 November 2026 09:00 WIB');
    expect(en.fmt.shortDateTime(Date.UTC(2026, 7, 17, 1, 5), JKT)).toBe('17 Aug 2026 08:05 WIB');
    expect(en.fmt.shortDateTime(Date.UTC(2026, 4, 5, 1, 5), JKT)).toBe('5 May 2026 08:05 WIB');
    expect(en.fmt.shortDateTime(Date.UTC(2026, 8, 5, 1, 5), JKT)).toBe('5 Sep 2026 08:05 WIB');
    expect(en.fmt.shortDateTime(Date.UTC(2026, 9, 5, 1, 5), JKT)).toBe('5 Oct 2026 08:05 WIB');
    expect(en.fmt.dateTime(T, 'UTC')).toBe('Tuesday, 1 December 2026 03:00 UTC');
  });

  it('never uses an Indonesian month or day name', () => {
    // April, September and November are spelled the same in both languages.
    const words = [...DAY_NAMES, ...MONTH_NAMES, 'Agu', 'Okt', 'Des', 'pukul'].filter((w) => !['April', 'September', 'November'].includes(w));
    const indonesian = new RegExp(`\\b(${words.join('|')})\\b`);
    for (let m = 0; m < 12; m++) {
      for (let d = 1; d <= 7; d++) {
        const ms = Date.UTC(2026, m, d, 3, 0);
        expect(en.fmt.dateTime(ms, JKT)).not.toMatch(indonesian);
        expect(en.fmt.shortDateTime(ms, JKT)).not.toMatch(indonesian);
      }
    }
  });
});

describe('fmt.duration', () => {
  it('Indonesian: less than a minute below 60 s', () => {
    expect(id.fmt.duration(0)).toBe('kurang dari 1 menit');
    expect(id.fmt.duration(59_999)).toBe('kurang dari 1 menit');
    expect(id.fmt.duration(Number.NaN)).toBe('kurang dari 1 menit');
  });
  it('Indonesian: minutes, hours and days with the two largest units', () => {
    expect(id.fmt.duration(MIN)).toBe('1 menit');
    expect(id.fmt.duration(45 * MIN)).toBe('45 menit');
    expect(id.fmt.duration(HOUR - 1)).toBe('59 menit');
    expect(id.fmt.duration(HOUR)).toBe('1 jam');
    expect(id.fmt.duration(2 * HOUR + 15 * MIN + 30_000)).toBe('2 jam 15 menit');
    expect(id.fmt.duration(DAY - 1)).toBe('23 jam 59 menit');
    expect(id.fmt.duration(DAY)).toBe('1 hari');
    expect(id.fmt.duration(3 * DAY + 4 * HOUR + 59 * MIN)).toBe('3 hari 4 jam');
    expect(id.fmt.duration(2 * DAY + 5 * MIN)).toBe('2 hari');
    expect(id.fmt.duration(40 * DAY)).toBe('40 hari');
    expect(id.fmt.duration(1234 * DAY)).toBe('1234 hari');
  });
  it('Indonesian: uses the absolute value of negative durations', () => {
    expect(id.fmt.duration(-90 * MIN)).toBe('1 jam 30 menit');
    expect(id.fmt.duration(-30_000)).toBe('kurang dari 1 menit');
  });

  it('English: singular and plural units, same rounding', () => {
    expect(en.fmt.duration(0)).toBe('less than 1 minute');
    expect(en.fmt.duration(59_999)).toBe('less than 1 minute');
    expect(en.fmt.duration(MIN)).toBe('1 minute');
    expect(en.fmt.duration(45 * MIN)).toBe('45 minutes');
    expect(en.fmt.duration(HOUR)).toBe('1 hour');
    expect(en.fmt.duration(HOUR + MIN)).toBe('1 hour 1 minute');
    expect(en.fmt.duration(2 * HOUR + 5 * MIN)).toBe('2 hours 5 minutes');
    expect(en.fmt.duration(DAY - 1)).toBe('23 hours 59 minutes');
    expect(en.fmt.duration(DAY)).toBe('1 day');
    expect(en.fmt.duration(DAY + HOUR)).toBe('1 day 1 hour');
    expect(en.fmt.duration(3 * DAY + 4 * HOUR + 59 * MIN)).toBe('3 days 4 hours');
    expect(en.fmt.duration(-90 * MIN)).toBe('1 hour 30 minutes');
    expect(en.fmt.duration(1234 * DAY)).toBe('1234 days');
  });
});

describe('fmt.weekday', () => {
  it('names the working days in each language', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(id.fmt.weekday)).toEqual([...DAY_NAMES]);
    expect([1, 5].map(en.fmt.weekday)).toEqual(['Monday', 'Friday']);
    expect(en.fmt.weekday(0)).toBe('Sunday');
    expect(en.fmt.weekday(6)).toBe('Saturday');
  });
});

describe('messagesFor picks the formatter with the language', () => {
  it('English for en, Indonesian otherwise', () => {
    expect(messagesFor('en').fmt.shortDateTime(FRI, MKS)).toBe('4 Dec 2026 12:40 WITA');
    expect(messagesFor('id').fmt.shortDateTime(FRI, MKS)).toBe('4 Des 2026 12.40 WITA');
    expect(messagesFor(null).fmt.duration(2 * HOUR)).toBe('2 jam');
  });
});

describe('fmt.period', () => {
  const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) - 7 * 3_600_000; // local midnight WIB
  it('says in Indonesian what src/domain/period.ts labels the files with', () => {
    for (const [from, to] of [
      [day(2026, 11, 1), day(2026, 12, 1)],
      [day(2026, 10, 26), day(2026, 11, 26)],
      [day(2026, 12, 28), day(2027, 1, 4)],
      [day(2026, 12, 4), day(2026, 12, 5)],
    ] as const) {
      expect(id.fmt.period(from, to, 'Asia/Jakarta')).toBe(periodLabel(from, to, 'Asia/Jakarta'));
    }
  });
  it('says it in English for an English reader', () => {
    expect(en.fmt.period(day(2026, 11, 1), day(2026, 12, 1), 'Asia/Jakarta')).toBe('1–30 November 2026');
    expect(en.fmt.period(day(2026, 10, 26), day(2026, 11, 26), 'Asia/Jakarta')).toBe('26 October – 25 November 2026');
    expect(en.fmt.period(day(2026, 12, 28), day(2027, 1, 4), 'Asia/Jakarta')).toBe('28 December 2026 – 3 January 2027');
    expect(en.fmt.period(day(2026, 12, 4), day(2026, 12, 5), 'Asia/Jakarta')).toBe('4 December 2026');
  });
});
