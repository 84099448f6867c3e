import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../src/domain/deadline';
import { fromLocal } from '../../src/domain/time';
import { isWorkingMoment, nextWorkingDaySameTime, offWorkingDay, parseHolidayNames, type WorkingDays } from '../../src/domain/working-time';
import { en } from '../../locales/en';
import { id } from '../../locales/id';

const JKT = 'Asia/Jakarta';
const NAMES = parseHolidayNames(readFileSync(new URL('../../src/data/hari-libur-2026.csv', import.meta.url), 'utf8'));
const cal = (over: Partial<WorkingDays> = {}): WorkingDays => ({ tz: JKT, workingDays: new Set([1, 2, 3, 4, 5]), holidays: NAMES, ...over });
const at = (m: number, d: number, h: number, min = 0) => fromLocal(JKT, 2026, m, d, h, min);

describe('working days for typed deadlines (issue #15)', () => {
  it('"besok jam 9" typed on a Friday is a Saturday: flagged, and Monday at 09.00 offered', () => {
    const friday = at(12, 4, 10, 30); // Friday 4 December 2026
    const parsed = parseDeadline('besok jam 9', friday, JKT);
    expect(parsed.ok).toBe(true);
    const deadline = (parsed as { at: number }).at;
    expect(isWorkingMoment(cal(), deadline)).toBe(false);
    const off = offWorkingDay(cal(), deadline);
    expect(off).toEqual({ weekday: 6, holiday: null, next: at(12, 7, 9) });
    expect(id.fmt.dateTime(off!.next, JKT)).toBe('Senin, 7 Desember 2026 pukul 09.00 WIB');
  });

  it('a holiday from the calendar is flagged with its name, and the days off after it skipped', () => {
    // Thursday 24 December (cuti bersama), Friday 25 (Christmas), then the weekend.
    const off = offWorkingDay(cal(), at(12, 25, 16));
    expect(off).toEqual({ weekday: 5, holiday: 'Kelahiran Yesus Kristus', next: at(12, 28, 16) });
    expect(nextWorkingDaySameTime(cal(), at(12, 24, 8, 15))).toBe(at(12, 28, 8, 15));
    // A plain set of dates (no names) still counts; the name is then empty.
    expect(offWorkingDay(cal({ holidays: new Set(['2026-12-09']) }), at(12, 9, 9))).toEqual({ weekday: 3, holiday: '', next: at(12, 10, 9) });
  });

  it('an ordinary working day: no warning, the same instant', () => {
    const wednesday = at(12, 9, 9);
    expect(isWorkingMoment(cal(), wednesday)).toBe(true);
    expect(offWorkingDay(cal(), wednesday)).toBeNull();
    expect(nextWorkingDaySameTime(cal(), wednesday)).toBe(wednesday);
    // WORKING_DAYS=1-6: a Saturday is a working day.
    expect(offWorkingDay(cal({ workingDays: new Set([1, 2, 3, 4, 5, 6]) }), at(12, 5, 9))).toBeNull();
  });

  it('a calendar without working days gives no warning rather than loop', () => {
    expect(offWorkingDay(cal({ workingDays: new Set() }), at(12, 9, 9))).toBeNull();
  });

  it('the catalogues say which day and offer the move', () => {
    expect(id.previewOffDay('due', 'Sabtu', null, 'Senin, 7 Desember 2026 pukul 09.00 WIB')).toContain('jatuh pada hari Sabtu');
    expect(id.previewOffDay('ack', 'Jumat', 'Kelahiran Yesus Kristus', 'x')).toContain('hari libur nasional: Kelahiran Yesus Kristus');
    expect(id.previewShiftButton('due', '7 Des 2026 09.00 WIB')).toBe('Geser selesai ke 7 Des 2026 09.00 WIB');
    expect(en.previewOffDay('due', 'Saturday', null, 'x')).toContain('falls on a Saturday');
  });
});
