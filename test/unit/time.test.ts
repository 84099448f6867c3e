import { describe, it, expect } from 'vitest';
import { fromLocal, isValidTimeZone, localDateKey, localParts, parseDuration, zoneFromLabel, zoneLabel } from '../../src/domain/time';
import { DAY, HOUR, JKT, JYP, MIN, MKS, TUESDAY_10_WIB } from '../support/clock';

const T = TUESDAY_10_WIB;

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

// Formatting for people (Indonesian and English) is tested with the catalogues: catalogue-format.test.ts.

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
