import { describe, it, expect } from 'vitest';
import {
  formatDateTime,
  formatDuration,
  formatShortDateTime,
  fromLocal,
  isValidTimeZone,
  localDateKey,
  localParts,
  parseDuration,
  zoneFromLabel,
  zoneLabel,
} from '../../src/domain/time';

const JKT = 'Asia/Jakarta';
const MKS = 'Asia/Makassar';
const JYP = 'Asia/Jayapura';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// 1 Dec 2026 03:00 UTC = 10.00 WIB = 11.00 WITA = 12.00 WIT (a Tuesday).
const T = Date.UTC(2026, 11, 1, 3, 0);

describe('zoneLabel', () => {
  it('labels the Indonesian zones', () => {
    expect(zoneLabel(JKT)).toBe('WIB');
    expect(zoneLabel(MKS)).toBe('WITA');
    expect(zoneLabel(JYP)).toBe('WIT');
    expect(zoneLabel('Asia/Pontianak')).toBe('WIB');
  });
  it('falls back to the tz name', () => {
    expect(zoneLabel('Europe/Amsterdam')).toBe('Europe/Amsterdam');
    expect(zoneLabel('UTC')).toBe('UTC');
  });
  it('maps labels back to zones', () => {
    expect(zoneFromLabel('wib')).toBe(JKT);
    expect(zoneFromLabel('WITA')).toBe(MKS);
    expect(zoneFromLabel('WIT')).toBe(JYP);
    expect(zoneFromLabel('CET')).toBeNull();
  });
  it('validates tz names', () => {
    expect(isValidTimeZone(JKT)).toBe(true);
    expect(isValidTimeZone('Asia/Nowhere')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('formatDateTime / formatShortDateTime', () => {
  it('formats in each Indonesian zone', () => {
    expect(formatDateTime(T, JKT)).toBe('Selasa, 1 Desember 2026 pukul 10.00 WIB');
    expect(formatDateTime(T, MKS)).toBe('Selasa, 1 Desember 2026 pukul 11.00 WITA');
    expect(formatDateTime(T, JYP)).toBe('Selasa, 1 Desember 2026 pukul 12.00 WIT');
    expect(formatShortDateTime(T, JKT)).toBe('1 Des 2026 10.00 WIB');
    expect(formatShortDateTime(T, MKS)).toBe('1 Des 2026 11.00 WITA');
    expect(formatShortDateTime(T, JYP)).toBe('1 Des 2026 12.00 WIT');
  });

  it('uses the local date, not the UTC date', () => {
    // 30 Nov 2026 17:30 UTC is already 1 Dec 00.30 WIB.
    const ms = Date.UTC(2026, 10, 30, 17, 30);
    expect(formatDateTime(ms, JKT)).toBe('Selasa, 1 Desember 2026 pukul 00.30 WIB');
    // 31 Dec 2026 15:05 UTC = 1 Jan 2027 00.05 WIT.
    const ny = Date.UTC(2026, 11, 31, 15, 5);
    expect(formatDateTime(ny, JYP)).toBe('Jumat, 1 Januari 2027 pukul 00.05 WIT');
    expect(formatDateTime(ny, JKT)).toBe('Kamis, 31 Desember 2026 pukul 22.05 WIB');
  });

  it('has the right weekday and month names', () => {
    expect(formatDateTime(Date.UTC(2026, 10, 25, 2, 0), JKT)).toBe('Rabu, 25 November 2026 pukul 09.00 WIB');
    expect(formatDateTime(Date.UTC(2026, 10, 29, 2, 0), JKT)).toBe('Minggu, 29 November 2026 pukul 09.00 WIB');
    expect(formatDateTime(Date.UTC(2026, 10, 27, 2, 0), JKT)).toBe('Jumat, 27 November 2026 pukul 09.00 WIB');
    expect(formatDateTime(Date.UTC(2026, 10, 28, 2, 0), JKT)).toBe('Sabtu, 28 November 2026 pukul 09.00 WIB');
    expect(formatShortDateTime(Date.UTC(2026, 7, 17, 1, 5), JKT)).toBe('17 Agu 2026 08.05 WIB');
    expect(formatShortDateTime(Date.UTC(2026, 4, 5, 1, 5), JKT)).toBe('5 Mei 2026 08.05 WIB');
    expect(formatShortDateTime(Date.UTC(2026, 9, 5, 1, 5), JKT)).toBe('5 Okt 2026 08.05 WIB');
  });

  it('shows the tz name for other zones', () => {
    expect(formatDateTime(T, 'UTC')).toBe('Selasa, 1 Desember 2026 pukul 03.00 UTC');
  });
});

describe('localParts / localDateKey / fromLocal', () => {
  it('splits an instant into wall-clock fields', () => {
    expect(localParts(T, JKT)).toEqual({ year: 2026, month: 12, day: 1, hour: 10, minute: 0, weekday: 2 });
    expect(localParts(Date.UTC(2026, 11, 31, 16, 59), JKT)).toEqual({ year: 2026, month: 12, day: 31, hour: 23, minute: 59, weekday: 4 });
    expect(localParts(Date.UTC(2026, 11, 31, 17, 0), JKT)).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 0, weekday: 5 });
  });

  it('gives the local date key', () => {
    const ms = Date.UTC(2026, 10, 30, 16, 30); // 23.30 WIB, 00.30 WITA
    expect(localDateKey(ms, JKT)).toBe('2026-11-30');
    expect(localDateKey(ms, MKS)).toBe('2026-12-01');
    expect(localDateKey(ms, JYP)).toBe('2026-12-01');
    expect(localDateKey(Date.UTC(2026, 0, 5, 0, 0), JKT)).toBe('2026-01-05');
  });

  it('converts wall-clock time to an instant in each zone', () => {
    expect(fromLocal(JKT, 2026, 12, 1, 10, 0)).toBe(T);
    expect(fromLocal(MKS, 2026, 12, 1, 11, 0)).toBe(T);
    expect(fromLocal(JYP, 2026, 12, 1, 12, 0)).toBe(T);
    // Same wall clock: one hour apart between zones.
    expect(fromLocal(JKT, 2026, 12, 1, 9, 0) - fromLocal(MKS, 2026, 12, 1, 9, 0)).toBe(HOUR);
    expect(fromLocal(MKS, 2026, 12, 1, 9, 0) - fromLocal(JYP, 2026, 12, 1, 9, 0)).toBe(HOUR);
  });

  it('normalises overflowing fields like Date.UTC', () => {
    expect(fromLocal(JKT, 2026, 11, 31, 9, 0)).toBe(fromLocal(JKT, 2026, 12, 1, 9, 0));
    expect(fromLocal(JKT, 2026, 12, 32, 9, 0)).toBe(fromLocal(JKT, 2027, 1, 1, 9, 0));
    expect(fromLocal(JKT, 2026, 12, 1, 24, 0)).toBe(fromLocal(JKT, 2026, 12, 2, 0, 0));
  });

  it('round-trips', () => {
    for (const tz of [JKT, MKS, JYP, 'Europe/Amsterdam']) {
      const p = localParts(T + 12_345 * MIN, tz);
      expect(fromLocal(tz, p.year, p.month, p.day, p.hour, p.minute)).toBe(T + 12_345 * MIN);
    }
  });

  it('handles a DST zone (not hardcoded offsets)', () => {
    // Amsterdam: CET (+1) in winter, CEST (+2) in summer.
    expect(fromLocal('Europe/Amsterdam', 2026, 1, 15, 12, 0)).toBe(Date.UTC(2026, 0, 15, 11, 0));
    expect(fromLocal('Europe/Amsterdam', 2026, 7, 15, 12, 0)).toBe(Date.UTC(2026, 6, 15, 10, 0));
    expect(localParts(Date.UTC(2026, 6, 15, 10, 0), 'Europe/Amsterdam').hour).toBe(12);
  });
});

describe('formatDuration', () => {
  it('says less than a minute below 60 s', () => {
    expect(formatDuration(0)).toBe('kurang dari 1 menit');
    expect(formatDuration(59_999)).toBe('kurang dari 1 menit');
  });
  it('uses minutes, hours and days with the two largest units', () => {
    expect(formatDuration(MIN)).toBe('1 menit');
    expect(formatDuration(45 * MIN)).toBe('45 menit');
    expect(formatDuration(HOUR - 1)).toBe('59 menit');
    expect(formatDuration(HOUR)).toBe('1 jam');
    expect(formatDuration(2 * HOUR + 15 * MIN + 30_000)).toBe('2 jam 15 menit');
    expect(formatDuration(DAY - 1)).toBe('23 jam 59 menit');
    expect(formatDuration(DAY)).toBe('1 hari');
    expect(formatDuration(3 * DAY + 4 * HOUR + 59 * MIN)).toBe('3 hari 4 jam');
    expect(formatDuration(2 * DAY + 5 * MIN)).toBe('2 hari');
    expect(formatDuration(40 * DAY)).toBe('40 hari');
  });
  it('uses the absolute value of negative durations', () => {
    expect(formatDuration(-90 * MIN)).toBe('1 jam 30 menit');
    expect(formatDuration(-30_000)).toBe('kurang dari 1 menit');
  });
});

describe('parseDuration', () => {
  it('parses single units', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(15 * MIN);
    expect(parseDuration('2h')).toBe(2 * HOUR);
    expect(parseDuration('1d')).toBe(DAY);
    expect(parseDuration('0m')).toBe(0);
  });
  it('parses combinations, tolerating case and surrounding spaces', () => {
    expect(parseDuration('1h30m')).toBe(90 * MIN);
    expect(parseDuration('1d12h')).toBe(DAY + 12 * HOUR);
    expect(parseDuration('1d2h3m4s')).toBe(DAY + 2 * HOUR + 3 * MIN + 4000);
    expect(parseDuration(' 2H ')).toBe(2 * HOUR);
  });
  it('rejects malformed strings', () => {
    for (const bad of ['', '15', 'm', '1.5h', '-5m', '30m1h', '1h 30m', '1w', '2 jam', 'abc', '1h1h']) {
      expect(parseDuration(bad), bad).toBeNull();
    }
  });
});
