import { describe, expect, it } from 'vitest';
import { median, nextRollcallStep, nextSurpriseAt, parseApel, parseApelWindow, scheduledVerdict } from '../../src/domain/rollcall';
import { localDateKey, localParts } from '../../src/domain/time';

const JKT = 'Asia/Jakarta';
/** 1 Dec 2026 03:00 UTC = 10.00 WIB, a Tuesday. */
const TUESDAY_10_WIB = Date.UTC(2026, 11, 1, 3, 0);
const MIN = 60_000;

describe('roll-call rules', () => {
  it('/apel arguments: targets, a deadline tail, darurat, history, and what is wrong', () => {
    const now = TUESDAY_10_WIB;
    expect(parseApel('', now, JKT)).toEqual({ kind: 'usage' });
    expect(parseApel('riwayat', now, JKT)).toEqual({ kind: 'history' });
    expect(parseApel('semua', now, JKT)).toEqual({ kind: 'call', target: { kind: 'all' }, deadlineAt: null, emergency: false });
    expect(parseApel('DINKES BPBD 30 menit', now, JKT)).toEqual({
      kind: 'call',
      target: { kind: 'codes', codes: ['DINKES', 'BPBD'] },
      deadlineAt: now + 30 * MIN,
      emergency: false,
    });
    expect(parseApel('klaster Umum 1 jam darurat', now, JKT)).toEqual({ kind: 'call', target: { kind: 'cluster', name: 'Umum' }, deadlineAt: now + 60 * MIN, emergency: true });
    expect(parseApel('semua 30 mnt', now, JKT)).toEqual({ kind: 'bad_deadline', raw: '30 mnt' });
    expect(parseApel('semua 2 hari', now, JKT)).toEqual({ kind: 'deadline_range', raw: '2 hari' });
    expect(parseApel('semua 08.00', now, JKT)).toEqual({ kind: 'deadline_range', raw: '08.00' });
    expect(parseApel('!!', now, JKT)).toEqual({ kind: 'bad_target', raw: '!!' });
  });

  it('the weekly window', () => {
    expect(parseApelWindow('off')).toBeNull();
    const w = parseApelWindow('Mon-Fri 19:00-22:00')!;
    expect([...w.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([w.start, w.end]).toEqual([19 * 60, 22 * 60]);
    expect([...parseApelWindow('Sen-Jum 19.00-22.00')!.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...parseApelWindow('Fri-Mon 08:00-09:00')!.days].sort()).toEqual([0, 1, 5, 6]);
    expect([...parseApelWindow('Sat,Sun 08:00-10:00')!.days].sort()).toEqual([0, 6]);
    expect(parseApelWindow('Mon-Fri 22:00-19:00')).toBeUndefined();
    expect(parseApelWindow('sometimes')).toBeUndefined();
  });

  it('the surprise moment falls inside the next open window; holidays and quiet hours are the run’s verdict', () => {
    const w = parseApelWindow('Mon-Fri 19:00-22:00')!;
    for (const r of [0, 0.5, 0.999]) {
      const at = nextSurpriseAt(w, JKT, TUESDAY_10_WIB, () => r)!;
      expect(localDateKey(at, JKT)).toBe('2026-12-01');
      const p = localParts(at, JKT);
      expect(p.hour >= 19 && p.hour < 22).toBe(true);
    }
    // Friday 23.00: the next window is Monday's.
    const friday23 = Date.UTC(2026, 11, 4, 16, 0);
    expect(localDateKey(nextSurpriseAt(w, JKT, friday23, () => 0)!, JKT)).toBe('2026-12-07');
    const at = Date.UTC(2026, 11, 25, 13, 0); // 25 Dec 20.00 WIB
    expect(scheduledVerdict(at, JKT, new Set(['2026-12-25']), null)).toBe('holiday');
    expect(scheduledVerdict(at, JKT, new Set(), { start: 19 * 60, end: 6 * 60 })).toBe('quiet');
    expect(scheduledVerdict(at, JKT, new Set(), { start: 21 * 60, end: 6 * 60 })).toBe('run');
  });

  it('the chain: deadline, secretariat, close', () => {
    const s = { deadlineAt: 1000, deadlineDoneAt: null, secEscalatedAt: null, closedAt: null };
    expect(nextRollcallStep(s, 100)).toEqual({ kind: 'deadline', at: 1000 });
    expect(nextRollcallStep({ ...s, deadlineDoneAt: 1000 }, 100)).toEqual({ kind: 'secretariat', at: 1100 });
    expect(nextRollcallStep({ ...s, deadlineDoneAt: 1000, secEscalatedAt: 1100 }, 100)).toEqual({ kind: 'close', at: 1200 });
    expect(nextRollcallStep({ ...s, closedAt: 1000 }, 100)).toBeNull();
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(3);
  });
});
