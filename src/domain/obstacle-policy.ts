import { holdToWorkingTime } from './calendar';
import type { ReminderPolicy } from './reminder-policy';
import type { Priority } from './types';

/**
 * An obstacle (kendala) must not be left unanswered. While it is open and nobody has answered
 * it: the issuer is reminded one reminder interval (of the instruction's priority) after it
 * was reported, and the secretariat is told one interval after that. Answering it or marking
 * it handled stops the chain. Pure: the plan is computed when the obstacle is reported, when
 * a step fires (from the state then) and when the timers are rebuilt from the database.
 */
export interface ObstacleTimerState {
  priority: Priority;
  instructionOpen: boolean;
  open: boolean;
  respondedAt: number | null;
  createdAt: number;
  remindedAt: number | null;
  escalatedAt: number | null;
}

export type ObstacleStepKind = 'obstacle_remind' | 'obstacle_escalate';

export interface ObstacleStep {
  kind: ObstacleStepKind;
  at: number;
}

/** The one-tap extension from an obstacle: this long past the later of the due date and now. */
export const OBSTACLE_EXTENSION_MS = 3 * 24 * 60 * 60 * 1000;

/** The due date a one-tap extension gives. */
export function extendedDue(dueAt: number, now: number): number {
  return Math.max(dueAt, now) + OBSTACLE_EXTENSION_MS;
}

export function nextObstacleStep(s: ObstacleTimerState, policy: ReminderPolicy): ObstacleStep | null {
  if (!s.instructionOpen || !s.open || s.respondedAt !== null) return null;
  const hold = (at: number) => (s.priority === 'segera' ? at : holdToWorkingTime(policy.calendar, at));
  const interval = policy.intervals[s.priority];
  if (s.remindedAt === null) return { kind: 'obstacle_remind', at: hold(s.createdAt + interval) };
  if (s.escalatedAt === null) return { kind: 'obstacle_escalate', at: hold(Math.max(s.createdAt + 2 * interval, s.remindedAt + interval)) };
  return null;
}
