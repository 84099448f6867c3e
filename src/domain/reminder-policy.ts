import type { Priority } from './types';
import { holdToWorkingTime, type WorkCalendar } from './calendar';
import { fromLocal, localParts } from './time';

/**
 * Reminder and escalation policy: given an assignment's timer state, what fires next and
 * when. Pure, so the plan can be computed anywhere: when scheduling, when a job fires
 * (checking the state then, not only when it was scheduled) and when rebuilding the
 * timers from the database after Redis was lost.
 *
 * Two chains per assignment:
 * - ack: until acknowledged, remind the OPD every `interval[priority]`; at the ack deadline
 *   escalate to the secretariat; `pimpinanDelay` later escalate to the issuer.
 * - fu (follow-up): remind one day before the due date, on the morning of the due day, and
 *   at the due time (the assignment is then overdue: OPD and secretariat are told); then a
 *   daily overdue reminder until done or closed.
 * Catch-up: a step whose time passed while nothing ran is due now, once; the step after it
 * is counted from when it actually fired, so a long outage gives one reminder, not a burst.
 */
export interface ReminderPolicy {
  intervals: Record<Priority, number>;
  pimpinanDelay: number;
  dayBefore: number;
  /** Minutes after local midnight for the morning-of-due-day reminder. */
  dueMorningMinute: number;
  overdueEvery: number;
  calendar: WorkCalendar;
}

export interface TimerState {
  priority: Priority;
  instructionOpen: boolean;
  /** Still waiting for the OPD's acknowledgement. */
  awaitingAck: boolean;
  /** Follow-up not finished (no completion yet). */
  followUpOpen: boolean;
  deliveredAt: number | null;
  ackDeadline: number;
  dueAt: number;
  lastReminderAt: number | null;
  secEscalatedAt: number | null;
  pimEscalatedAt: number | null;
  fuStage: number;
  /** When the follow-up plan was made (assignment creation, or the last extension). */
  fuPlanFrom: number;
  lastOverdueAt: number | null;
}

export type Chain = 'ack' | 'fu';
export type StepKind = 'ack_reminder' | 'escalate_secretariat' | 'escalate_pimpinan' | 'due_day_before' | 'due_morning' | 'overdue' | 'overdue_daily';

export interface Step {
  chain: Chain;
  kind: StepKind;
  at: number;
}

function hold(policy: ReminderPolicy, priority: Priority, at: number): number {
  return priority === 'segera' ? at : holdToWorkingTime(policy.calendar, at);
}

export function nextAckStep(s: TimerState, policy: ReminderPolicy): Step | null {
  if (!s.instructionOpen || !s.awaitingAck || s.deliveredAt === null) return null;
  const base = s.lastReminderAt ?? s.deliveredAt;
  const candidates: Step[] = [{ chain: 'ack', kind: 'ack_reminder', at: hold(policy, s.priority, base + policy.intervals[s.priority]) }];
  if (s.secEscalatedAt === null) {
    candidates.push({ chain: 'ack', kind: 'escalate_secretariat', at: hold(policy, s.priority, s.ackDeadline) });
  } else if (s.pimEscalatedAt === null) {
    candidates.push({ chain: 'ack', kind: 'escalate_pimpinan', at: hold(policy, s.priority, Math.max(s.ackDeadline, s.secEscalatedAt) + policy.pimpinanDelay) });
  }
  // Earliest first; on a tie the escalation wins (it says more than a reminder).
  candidates.sort((a, b) => a.at - b.at || (a.kind === 'ack_reminder' ? 1 : -1));
  return candidates[0]!;
}

/** The morning of the due date's local day, or null when the due time is not after it. */
function dueMorning(policy: ReminderPolicy, dueAt: number): number | null {
  const p = localParts(dueAt, policy.calendar.tz);
  const morning = fromLocal(policy.calendar.tz, p.year, p.month, p.day, Math.floor(policy.dueMorningMinute / 60), policy.dueMorningMinute % 60);
  return morning < dueAt ? morning : null;
}

export function nextFollowUpStep(s: TimerState, policy: ReminderPolicy): Step | null {
  if (!s.instructionOpen || !s.followUpOpen) return null;
  if (s.fuStage >= 3) {
    const base = s.lastOverdueAt ?? s.dueAt;
    return { chain: 'fu', kind: 'overdue_daily', at: hold(policy, s.priority, base + policy.overdueEvery) };
  }
  const morning = dueMorning(policy, s.dueAt);
  const stages: Array<{ stage: number; kind: StepKind; raw: number | null }> = [
    { stage: 1, kind: 'due_day_before', raw: s.dueAt - policy.dayBefore },
    { stage: 2, kind: 'due_morning', raw: morning },
    { stage: 3, kind: 'overdue', raw: s.dueAt },
  ];
  for (const [i, st] of stages.entries()) {
    if (st.stage <= s.fuStage || st.raw === null) continue;
    // A reminder whose moment was already past when the plan was made is skipped, not sent late.
    if (st.stage < 3 && st.raw <= s.fuPlanFrom) continue;
    const at = hold(policy, s.priority, st.raw);
    // Held so long that the next stage comes first: skip it.
    const following = stages.slice(i + 1).find((x) => x.raw !== null);
    if (st.stage < 3 && following && at >= following.raw!) continue;
    return { chain: 'fu', kind: st.kind, at };
  }
  return null;
}

export function nextSteps(s: TimerState, policy: ReminderPolicy): Step[] {
  return [nextAckStep(s, policy), nextFollowUpStep(s, policy)].filter((x): x is Step => x !== null);
}

/** The stage number a follow-up step completes. */
export function fuStageOf(kind: StepKind): number | null {
  return kind === 'due_day_before' ? 1 : kind === 'due_morning' ? 2 : kind === 'overdue' ? 3 : null;
}
