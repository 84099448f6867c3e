import { describe, expect, it } from 'vitest';
import { extendedDue, nextObstacleStep, OBSTACLE_EXTENSION_MS, type ObstacleTimerState } from '../../src/domain/obstacle-policy';
import type { ReminderPolicy } from '../../src/domain/reminder-policy';
import { fromLocal } from '../../src/domain/time';
import { DAY, HOUR, JKT, MIN } from '../support/clock';

const POLICY: ReminderPolicy = {
  intervals: { segera: 15 * MIN, penting: 30 * MIN, biasa: 2 * HOUR },
  pimpinanDelay: HOUR,
  dayBefore: DAY,
  dueMorningMinute: 7 * 60,
  overdueEvery: DAY,
  calendar: { tz: JKT, workingDays: new Set([1, 2, 3, 4, 5]), holidays: new Set(), quiet: { start: 21 * 60, end: 6 * 60 } },
};
/** Jakarta wall clock in December 2026 (1 December is a Tuesday). */
const at = (day: number, hour: number, minute = 0) => fromLocal(JKT, 2026, 12, day, hour, minute);

const open = (o: Partial<ObstacleTimerState> = {}): ObstacleTimerState => ({
  priority: 'penting',
  instructionOpen: true,
  open: true,
  respondedAt: null,
  createdAt: at(1, 10),
  remindedAt: null,
  escalatedAt: null,
  ...o,
});

describe('the reminder chain of an obstacle', () => {
  it('reminds the issuer one interval after it was reported, then escalates one interval later', () => {
    expect(nextObstacleStep(open(), POLICY)).toEqual({ kind: 'obstacle_remind', at: at(1, 10, 30) });
    expect(nextObstacleStep(open({ remindedAt: at(1, 10, 30) }), POLICY)).toEqual({ kind: 'obstacle_escalate', at: at(1, 11) });
    // A reminder that fired late pushes the escalation one interval past it.
    expect(nextObstacleStep(open({ remindedAt: at(1, 12) }), POLICY)).toEqual({ kind: 'obstacle_escalate', at: at(1, 12, 30) });
    expect(nextObstacleStep(open({ remindedAt: at(1, 10, 30), escalatedAt: at(1, 11) }), POLICY)).toBeNull();
  });

  it('stops once answered, handled, or the instruction closed', () => {
    expect(nextObstacleStep(open({ respondedAt: at(1, 10, 5) }), POLICY)).toBeNull();
    expect(nextObstacleStep(open({ open: false }), POLICY)).toBeNull();
    expect(nextObstacleStep(open({ instructionOpen: false }), POLICY)).toBeNull();
  });

  it('waits for working time unless the instruction is segera', () => {
    // Reported Friday 4 December 20.50: the reminder falls in quiet hours, then the weekend.
    const late = open({ createdAt: at(4, 20, 50) });
    expect(nextObstacleStep(late, POLICY)).toEqual({ kind: 'obstacle_remind', at: at(7, 6) });
    expect(nextObstacleStep({ ...late, priority: 'segera' }, POLICY)).toEqual({ kind: 'obstacle_remind', at: at(4, 21, 5) });
  });

  it('a one-tap extension moves the due date three days past the later of the due date and now', () => {
    expect(OBSTACLE_EXTENSION_MS).toBe(3 * DAY);
    expect(extendedDue(at(5, 16), at(1, 10))).toBe(at(8, 16));
    expect(extendedDue(at(1, 9), at(1, 10))).toBe(at(4, 10));
  });
});
