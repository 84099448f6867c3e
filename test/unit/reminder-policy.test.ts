import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import type { Priority } from '../../src/infra/db/schema';
import { parseHolidayCsv, type WorkCalendar } from '../../src/domain/calendar';
import { fuStageOf, nextAckStep, nextFollowUpStep, nextSteps, type ReminderPolicy, type Step, type TimerState } from '../../src/domain/reminder-policy';
import { fromLocal } from '../../src/domain/time';
import { id } from '../../locales/id';
import { DAY, HOUR, JKT, JYP as JAP, MIN, MKS } from '../support/clock';

const HOLIDAYS = parseHolidayCsv(readFileSync(new URL('../../src/data/hari-libur-2026.csv', import.meta.url), 'utf8'));

function policyFor(tz: string): ReminderPolicy {
  const calendar: WorkCalendar = {
    tz,
    workingDays: new Set([1, 2, 3, 4, 5]),
    holidays: HOLIDAYS,
    quiet: { start: 21 * 60, end: 6 * 60 },
  };
  return {
    intervals: { segera: 15 * MIN, penting: 30 * MIN, biasa: 2 * HOUR },
    pimpinanDelay: HOUR,
    dayBefore: DAY,
    dueMorningMinute: 7 * 60,
    overdueEvery: DAY,
    calendar,
  };
}
const POLICY = policyFor(JKT);

/** Jakarta wall clock → epoch ms. */
const at = (y: number, m: number, d: number, h: number, min = 0) => fromLocal(JKT, y, m, d, h, min);
const fmt = (ms: number, tz = JKT) => id.fmt.dateTime(ms, tz);
const show = (s: Step | null, tz = JKT) => (s ? `${s.kind} @ ${fmt(s.at, tz)}` : null);

// Rabu, 2 Desember 2026: an ordinary working Wednesday.
const DELIVERED = at(2026, 12, 2, 9, 0);

function state(over: Partial<TimerState> = {}): TimerState {
  return {
    priority: 'biasa',
    instructionOpen: true,
    awaitingAck: true,
    followUpOpen: true,
    deliveredAt: DELIVERED,
    ackDeadline: at(2026, 12, 2, 17, 0),
    dueAt: at(2026, 12, 10, 14, 0),
    lastReminderAt: null,
    secEscalatedAt: null,
    pimEscalatedAt: null,
    fuStage: 0,
    fuPlanFrom: at(2026, 12, 2, 8, 55),
    lastOverdueAt: null,
    ...over,
  };
}

/** Records a step as fired at `now`, the way the timer job claims it. */
function fire(s: TimerState, step: Step, now: number): TimerState {
  switch (step.kind) {
    case 'ack_reminder':
      return { ...s, lastReminderAt: now };
    case 'escalate_secretariat':
      return { ...s, secEscalatedAt: now };
    case 'escalate_pimpinan':
      return { ...s, pimEscalatedAt: now };
    case 'overdue_daily':
      return { ...s, lastOverdueAt: now };
    default: {
      const stage = fuStageOf(step.kind)!;
      return { ...s, fuStage: stage, ...(stage === 3 ? { lastOverdueAt: now } : {}) };
    }
  }
}

/** Runs one chain with a timer that fires every step exactly on time, `count` steps. */
function run(s: TimerState, next: (s: TimerState) => Step | null, count: number): string[] {
  const out: string[] = [];
  let cur = s;
  for (let i = 0; i < count; i++) {
    const step = next(cur);
    if (!step) break;
    out.push(show(step)!);
    cur = fire(cur, step, step.at);
  }
  return out;
}

describe('nextAckStep: reminders until acknowledged', () => {
  it.each<[Priority, string]>([
    ['segera', 'Rabu, 2 Desember 2026 pukul 09.15 WIB'],
    ['penting', 'Rabu, 2 Desember 2026 pukul 09.30 WIB'],
    ['biasa', 'Rabu, 2 Desember 2026 pukul 11.00 WIB'],
  ])('%s: the first reminder is one interval after delivery', (priority, expected) => {
    const step = nextAckStep(state({ priority }), POLICY);
    expect(step?.kind).toBe('ack_reminder');
    expect(step?.chain).toBe('ack');
    expect(fmt(step!.at)).toBe(expected);
  });

  it.each<[Priority, string]>([
    ['segera', 'Rabu, 2 Desember 2026 pukul 11.20 WIB'],
    ['penting', 'Rabu, 2 Desember 2026 pukul 11.35 WIB'],
    ['biasa', 'Rabu, 2 Desember 2026 pukul 13.05 WIB'],
  ])('%s: after a reminder the next is counted from lastReminderAt', (priority, expected) => {
    const step = nextAckStep(state({ priority, lastReminderAt: at(2026, 12, 2, 11, 5) }), POLICY);
    expect(show(step)).toBe(`ack_reminder @ ${expected}`);
  });

  it('escalates to the secretariat at the deadline when it comes before the next reminder', () => {
    const s = state({ priority: 'biasa', ackDeadline: at(2026, 12, 2, 10, 0) });
    expect(show(nextAckStep(s, POLICY))).toBe('escalate_secretariat @ Rabu, 2 Desember 2026 pukul 10.00 WIB');
  });

  it('on a tie between reminder and escalation the escalation comes first', () => {
    const s = state({ priority: 'biasa', ackDeadline: at(2026, 12, 2, 11, 0) });
    expect(show(nextAckStep(s, POLICY))).toBe('escalate_secretariat @ Rabu, 2 Desember 2026 pukul 11.00 WIB');
  });

  it('the reminder comes first while the deadline is later', () => {
    const s = state({ priority: 'biasa', ackDeadline: at(2026, 12, 2, 11, 1) });
    expect(show(nextAckStep(s, POLICY))).toBe('ack_reminder @ Rabu, 2 Desember 2026 pukul 11.00 WIB');
  });

  it('after the secretariat, escalates to pimpinan one hour after the deadline', () => {
    const deadline = at(2026, 12, 2, 10, 0);
    const s = state({ priority: 'biasa', ackDeadline: deadline, secEscalatedAt: deadline, lastReminderAt: at(2026, 12, 2, 10, 30) });
    expect(show(nextAckStep(s, POLICY))).toBe('escalate_pimpinan @ Rabu, 2 Desember 2026 pukul 11.00 WIB');
  });

  it('after both escalations only reminders remain', () => {
    const deadline = at(2026, 12, 2, 10, 0);
    const s = state({
      priority: 'biasa',
      ackDeadline: deadline,
      secEscalatedAt: deadline,
      pimEscalatedAt: deadline + HOUR,
      lastReminderAt: at(2026, 12, 2, 11, 0),
    });
    expect(show(nextAckStep(s, POLICY))).toBe('ack_reminder @ Rabu, 2 Desember 2026 pukul 13.00 WIB');
  });

  it('a penting timeline, every step fired on time', () => {
    const s = state({ priority: 'penting', ackDeadline: at(2026, 12, 2, 10, 0) });
    expect(run(s, (x) => nextAckStep(x, POLICY), 7)).toEqual([
      'ack_reminder @ Rabu, 2 Desember 2026 pukul 09.30 WIB',
      'escalate_secretariat @ Rabu, 2 Desember 2026 pukul 10.00 WIB', // tie with a reminder: escalation first
      'ack_reminder @ Rabu, 2 Desember 2026 pukul 10.00 WIB', // the reminder of the tie (to the OPD, not the secretariat)
      'ack_reminder @ Rabu, 2 Desember 2026 pukul 10.30 WIB',
      'escalate_pimpinan @ Rabu, 2 Desember 2026 pukul 11.00 WIB',
      'ack_reminder @ Rabu, 2 Desember 2026 pukul 11.00 WIB',
      'ack_reminder @ Rabu, 2 Desember 2026 pukul 11.30 WIB',
    ]);
  });

  it('no step once acknowledged, when the instruction is closed, or before delivery', () => {
    expect(nextAckStep(state({ awaitingAck: false }), POLICY)).toBeNull();
    expect(nextAckStep(state({ instructionOpen: false }), POLICY)).toBeNull();
    expect(nextAckStep(state({ deliveredAt: null }), POLICY)).toBeNull();
    expect(nextAckStep(state({ priority: 'segera', awaitingAck: false, ackDeadline: DELIVERED - HOUR }), POLICY)).toBeNull();
  });
});

describe('nextAckStep: quiet hours and non-working days', () => {
  const evening = at(2026, 12, 2, 20, 0); // Rabu 20.00: the 2h reminder would fall at 22.00

  it('a biasa reminder due at 22.00 is held to 06.00 of the next working day', () => {
    expect(show(nextAckStep(state({ priority: 'biasa', deliveredAt: evening, ackDeadline: evening + DAY }), POLICY))).toBe('ack_reminder @ Kamis, 3 Desember 2026 pukul 06.00 WIB');
  });

  it('a penting reminder in quiet hours is held too', () => {
    const s = state({ priority: 'penting', deliveredAt: at(2026, 12, 2, 20, 45), ackDeadline: evening + DAY });
    expect(show(nextAckStep(s, POLICY))).toBe('ack_reminder @ Kamis, 3 Desember 2026 pukul 06.00 WIB');
  });

  it('segera goes out at any hour', () => {
    const s = state({ priority: 'segera', deliveredAt: at(2026, 12, 2, 21, 50), ackDeadline: evening + DAY });
    expect(show(nextAckStep(s, POLICY))).toBe('ack_reminder @ Rabu, 2 Desember 2026 pukul 22.05 WIB');
    const sat = state({ priority: 'segera', deliveredAt: at(2026, 12, 5, 2, 0), ackDeadline: evening + 7 * DAY });
    expect(show(nextAckStep(sat, POLICY))).toBe('ack_reminder @ Sabtu, 5 Desember 2026 pukul 02.15 WIB');
  });

  it('across a weekend: Friday evening → Monday 06.00', () => {
    const fri = at(2026, 12, 4, 20, 0);
    expect(show(nextAckStep(state({ priority: 'biasa', deliveredAt: fri, ackDeadline: fri + 7 * DAY }), POLICY))).toBe('ack_reminder @ Senin, 7 Desember 2026 pukul 06.00 WIB');
  });

  it('across the Christmas holidays (24 Dec cuti bersama, 25 Dec holiday): held to Monday 28 Dec', () => {
    const s = state({
      priority: 'biasa',
      deliveredAt: at(2026, 12, 23, 15, 0),
      lastReminderAt: at(2026, 12, 23, 19, 0),
      ackDeadline: at(2026, 12, 24, 10, 0),
    });
    // Reminder (21.00 Wed) and escalation (10.00 Thu, a holiday) are both held to the same instant: escalation first.
    expect(show(nextAckStep(s, POLICY))).toBe('escalate_secretariat @ Senin, 28 Desember 2026 pukul 06.00 WIB');
    const segera = { ...s, priority: 'segera' as const, lastReminderAt: at(2026, 12, 24, 10, 0), ackDeadline: at(2026, 12, 25, 10, 0) };
    expect(show(nextAckStep(segera, POLICY))).toBe('ack_reminder @ Kamis, 24 Desember 2026 pukul 10.15 WIB');
  });

  it('the pimpinan escalation still comes a full delay after a held secretariat escalation', () => {
    // biasa, deadline Rabu 22.00 (quiet): the secretariat is told Kamis 06.00; pimpinan one hour later.
    const deadline = at(2026, 12, 2, 22, 0);
    const s = state({ priority: 'biasa', deliveredAt: at(2026, 12, 2, 19, 30), lastReminderAt: at(2026, 12, 2, 20, 30), ackDeadline: deadline });
    const sec = nextAckStep(s, POLICY)!;
    expect(show(sec)).toBe('escalate_secretariat @ Kamis, 3 Desember 2026 pukul 06.00 WIB');
    const afterSec = fire(fire(s, sec, sec.at), { chain: 'ack', kind: 'ack_reminder', at: sec.at }, sec.at);
    expect(show(nextAckStep(afterSec, POLICY))).toBe('escalate_pimpinan @ Kamis, 3 Desember 2026 pukul 07.00 WIB');
  });
});

describe('nextAckStep: catch-up after downtime', () => {
  it('a reminder missed many times over is due once, then counted from when it fired', () => {
    const now = at(2026, 12, 2, 14, 0);
    const s = state({ priority: 'penting', deliveredAt: at(2026, 12, 2, 8, 0), lastReminderAt: now - 10 * 30 * MIN, ackDeadline: at(2026, 12, 4, 17, 0) });
    const step = nextAckStep(s, POLICY)!;
    expect(step.kind).toBe('ack_reminder');
    expect(step.at).toBe(s.lastReminderAt! + 30 * MIN);
    expect(step.at).toBeLessThanOrEqual(now);
    expect(fmt(step.at)).toBe('Rabu, 2 Desember 2026 pukul 09.30 WIB');
    const after = fire(s, step, now);
    expect(show(nextAckStep(after, POLICY))).toBe('ack_reminder @ Rabu, 2 Desember 2026 pukul 14.30 WIB');
  });

  it('a first reminder missed since delivery is due once, then counted from when it fired', () => {
    const now = at(2026, 12, 2, 16, 0);
    const s = state({ priority: 'segera', deliveredAt: at(2026, 12, 2, 9, 0), ackDeadline: at(2026, 12, 4, 17, 0) });
    const step = nextAckStep(s, POLICY)!;
    expect(step.at).toBeLessThanOrEqual(now);
    expect(show(nextAckStep(fire(s, step, now), POLICY))).toBe('ack_reminder @ Rabu, 2 Desember 2026 pukul 16.15 WIB');
  });

  it('a biasa reminder missed overnight: held to 06.00 (already past), once, then +2h from firing', () => {
    const now = at(2026, 12, 3, 10, 0);
    const s = state({ priority: 'biasa', deliveredAt: at(2026, 12, 2, 18, 0), lastReminderAt: at(2026, 12, 2, 20, 0), ackDeadline: at(2026, 12, 4, 17, 0) });
    const step = nextAckStep(s, POLICY)!;
    expect(show(step)).toBe('ack_reminder @ Kamis, 3 Desember 2026 pukul 06.00 WIB');
    expect(step.at).toBeLessThanOrEqual(now);
    expect(show(nextAckStep(fire(s, step, now), POLICY))).toBe('ack_reminder @ Kamis, 3 Desember 2026 pukul 12.00 WIB');
  });

  it('both escalations missed during an outage: the secretariat now, pimpinan a full delay later', () => {
    const deadline = at(2026, 12, 2, 10, 0);
    const now = at(2026, 12, 2, 14, 0); // down from 09.59 to 14.00
    const s = state({ priority: 'segera', deliveredAt: at(2026, 12, 2, 9, 0), lastReminderAt: at(2026, 12, 2, 9, 45), ackDeadline: deadline });
    const sec = nextAckStep(s, POLICY)!;
    expect(show(sec)).toBe('escalate_secretariat @ Rabu, 2 Desember 2026 pukul 10.00 WIB'); // tie with the 10.00 reminder
    expect(sec.at).toBeLessThanOrEqual(now);
    const s1 = fire(s, sec, now);
    const reminder = nextAckStep(s1, POLICY)!;
    expect(show(reminder)).toBe('ack_reminder @ Rabu, 2 Desember 2026 pukul 10.00 WIB'); // missed too: due now, once
    const s2 = fire(s1, reminder, now);
    // Not a burst: the pimpinan escalation waits its delay from when the secretariat was actually told.
    expect(show(nextAckStep(s2, POLICY))).toBe('ack_reminder @ Rabu, 2 Desember 2026 pukul 14.15 WIB');
    const s3 = fire(s2, nextAckStep(s2, POLICY)!, at(2026, 12, 2, 14, 15));
    const s4 = fire(s3, nextAckStep(s3, POLICY)!, at(2026, 12, 2, 14, 30));
    const s5 = fire(s4, nextAckStep(s4, POLICY)!, at(2026, 12, 2, 14, 45));
    expect(show(nextAckStep(s5, POLICY))).toBe('escalate_pimpinan @ Rabu, 2 Desember 2026 pukul 15.00 WIB');
  });
});

describe('nextFollowUpStep: stages before and after the due time', () => {
  // Due Kamis 3 Desember 14.00; plan made Senin 30 November 09.00.
  const due = at(2026, 12, 3, 14, 0);
  const fu = (over: Partial<TimerState> = {}) => state({ dueAt: due, fuPlanFrom: at(2026, 11, 30, 9, 0), ...over });

  it('day before → morning → overdue → daily', () => {
    expect(run(fu(), (x) => nextFollowUpStep(x, POLICY), 5)).toEqual([
      'due_day_before @ Rabu, 2 Desember 2026 pukul 14.00 WIB',
      'due_morning @ Kamis, 3 Desember 2026 pukul 07.00 WIB',
      'overdue @ Kamis, 3 Desember 2026 pukul 14.00 WIB',
      'overdue_daily @ Jumat, 4 Desember 2026 pukul 14.00 WIB',
      // Sabtu 14.00 is not a working day: held to Senin 06.00.
      'overdue_daily @ Senin, 7 Desember 2026 pukul 06.00 WIB',
    ]);
  });

  it('each stage follows from fuStage', () => {
    expect(nextFollowUpStep(fu({ fuStage: 0 }), POLICY)).toEqual({ chain: 'fu', kind: 'due_day_before', at: due - DAY });
    expect(show(nextFollowUpStep(fu({ fuStage: 1 }), POLICY))).toBe('due_morning @ Kamis, 3 Desember 2026 pukul 07.00 WIB');
    expect(show(nextFollowUpStep(fu({ fuStage: 2 }), POLICY))).toBe('overdue @ Kamis, 3 Desember 2026 pukul 14.00 WIB');
  });

  it('skips stages already past when the plan was made', () => {
    // Planned Rabu 15.00, after the day-before moment: the morning reminder is next.
    expect(show(nextFollowUpStep(fu({ fuPlanFrom: at(2026, 12, 2, 15, 0) }), POLICY))).toBe('due_morning @ Kamis, 3 Desember 2026 pukul 07.00 WIB');
    // Planned exactly at the day-before moment: skipped too.
    expect(show(nextFollowUpStep(fu({ fuPlanFrom: due - DAY }), POLICY))).toBe('due_morning @ Kamis, 3 Desember 2026 pukul 07.00 WIB');
    // Planned Kamis 08.00: only the overdue notice remains.
    expect(show(nextFollowUpStep(fu({ fuPlanFrom: at(2026, 12, 3, 8, 0) }), POLICY))).toBe('overdue @ Kamis, 3 Desember 2026 pukul 14.00 WIB');
  });

  it('the overdue notice itself is never skipped: missed, it is due now (in the past)', () => {
    const step = nextFollowUpStep(fu({ fuPlanFrom: at(2026, 12, 3, 15, 0), fuStage: 0 }), POLICY)!;
    expect(show(step)).toBe('overdue @ Kamis, 3 Desember 2026 pukul 14.00 WIB');
  });

  it('a due time before 07.00 (or at 07.00) has no morning step', () => {
    const early = at(2026, 12, 3, 6, 30);
    expect(run(fu({ dueAt: early }), (x) => nextFollowUpStep(x, POLICY), 3)).toEqual([
      'due_day_before @ Rabu, 2 Desember 2026 pukul 06.30 WIB',
      'overdue @ Kamis, 3 Desember 2026 pukul 06.30 WIB',
      'overdue_daily @ Jumat, 4 Desember 2026 pukul 06.30 WIB',
    ]);
    expect(show(nextFollowUpStep(fu({ dueAt: at(2026, 12, 3, 7, 0), fuStage: 1 }), POLICY))).toBe('overdue @ Kamis, 3 Desember 2026 pukul 07.00 WIB');
    expect(show(nextFollowUpStep(fu({ dueAt: at(2026, 12, 3, 7, 1), fuStage: 1 }), POLICY))).toBe('due_morning @ Kamis, 3 Desember 2026 pukul 07.00 WIB');
  });

  it('after stage 3 a daily reminder counted from lastOverdueAt', () => {
    expect(show(nextFollowUpStep(fu({ fuStage: 3, lastOverdueAt: at(2026, 12, 8, 9, 17) }), POLICY))).toBe('overdue_daily @ Rabu, 9 Desember 2026 pukul 09.17 WIB');
    // Without lastOverdueAt it counts from the due time.
    expect(show(nextFollowUpStep(fu({ fuStage: 3, lastOverdueAt: null }), POLICY))).toBe('overdue_daily @ Jumat, 4 Desember 2026 pukul 14.00 WIB');
  });

  it('daily catch-up: missed for days, due once, then a day after it fired', () => {
    const now = at(2026, 12, 10, 10, 0);
    const s = fu({ fuStage: 3, lastOverdueAt: at(2026, 12, 3, 14, 0) });
    const step = nextFollowUpStep(s, POLICY)!;
    expect(step.at).toBeLessThanOrEqual(now);
    expect(show(nextFollowUpStep(fire(s, step, now), POLICY))).toBe('overdue_daily @ Jumat, 11 Desember 2026 pukul 10.00 WIB');
  });

  it('none when the follow-up is finished or the instruction closed', () => {
    expect(nextFollowUpStep(fu({ followUpOpen: false }), POLICY)).toBeNull();
    expect(nextFollowUpStep(fu({ instructionOpen: false }), POLICY)).toBeNull();
    expect(nextFollowUpStep(fu({ followUpOpen: false, fuStage: 3 }), POLICY)).toBeNull();
    expect(nextFollowUpStep(fu({ instructionOpen: false, fuStage: 3 }), POLICY)).toBeNull();
  });

  it('does not depend on acknowledgement: runs before delivery and after acknowledgement', () => {
    expect(nextFollowUpStep(fu({ deliveredAt: null }), POLICY)?.kind).toBe('due_day_before');
    expect(nextFollowUpStep(fu({ awaitingAck: false }), POLICY)?.kind).toBe('due_day_before');
  });
});

describe('nextFollowUpStep: quiet hours and non-working days', () => {
  it('biasa: the day-before reminder on a Sunday is held to Monday 06.00; segera is not', () => {
    const due = at(2026, 12, 7, 10, 0); // Senin
    const s = state({ dueAt: due, fuPlanFrom: at(2026, 12, 2, 9, 0) });
    expect(show(nextFollowUpStep({ ...s, priority: 'biasa' }, POLICY))).toBe('due_day_before @ Senin, 7 Desember 2026 pukul 06.00 WIB');
    expect(show(nextFollowUpStep({ ...s, priority: 'segera' }, POLICY))).toBe('due_day_before @ Minggu, 6 Desember 2026 pukul 10.00 WIB');
  });

  it('biasa: a due time on Saturday — the morning reminder held past the due time is skipped', () => {
    const due = at(2026, 12, 5, 10, 0); // Sabtu
    const s = state({ dueAt: due, fuPlanFrom: at(2026, 12, 2, 9, 0), fuStage: 1 });
    expect(show(nextFollowUpStep({ ...s, priority: 'biasa' }, POLICY))).toBe('overdue @ Senin, 7 Desember 2026 pukul 06.00 WIB');
    expect(show(nextFollowUpStep({ ...s, priority: 'penting' }, POLICY))).toBe('overdue @ Senin, 7 Desember 2026 pukul 06.00 WIB');
    expect(show(nextFollowUpStep({ ...s, priority: 'segera' }, POLICY))).toBe('due_morning @ Sabtu, 5 Desember 2026 pukul 07.00 WIB');
  });

  it('biasa: a due time in the evening — the day-before reminder is held to the due morning', () => {
    const due = at(2026, 12, 3, 22, 30); // Kamis 22.30 (quiet)
    const s = state({ dueAt: due, fuPlanFrom: at(2026, 11, 30, 9, 0) });
    expect(run(s, (x) => nextFollowUpStep(x, POLICY), 3)).toEqual([
      'due_day_before @ Kamis, 3 Desember 2026 pukul 06.00 WIB',
      'due_morning @ Kamis, 3 Desember 2026 pukul 07.00 WIB',
      'overdue @ Jumat, 4 Desember 2026 pukul 06.00 WIB',
    ]);
    expect(run({ ...s, priority: 'segera' }, (x) => nextFollowUpStep(x, POLICY), 4)).toEqual([
      'due_day_before @ Rabu, 2 Desember 2026 pukul 22.30 WIB',
      'due_morning @ Kamis, 3 Desember 2026 pukul 07.00 WIB',
      'overdue @ Kamis, 3 Desember 2026 pukul 22.30 WIB',
      'overdue_daily @ Jumat, 4 Desember 2026 pukul 22.30 WIB',
    ]);
  });

  it('biasa: daily overdue reminders skip the Christmas holidays and the weekend', () => {
    const s = state({ dueAt: at(2026, 12, 22, 10, 0), fuStage: 3, lastOverdueAt: at(2026, 12, 23, 10, 0) });
    expect(show(nextFollowUpStep(s, POLICY))).toBe('overdue_daily @ Senin, 28 Desember 2026 pukul 06.00 WIB');
    expect(show(nextFollowUpStep({ ...s, priority: 'segera' }, POLICY))).toBe('overdue_daily @ Kamis, 24 Desember 2026 pukul 10.00 WIB');
  });
});

describe('nextFollowUpStep: the morning reminder in WIB, WITA and WIT', () => {
  it('07.00 local is a different instant in each zone', () => {
    const steps = (
      [
        [JKT, 'WIB'],
        [MKS, 'WITA'],
        [JAP, 'WIT'],
      ] as const
    ).map(([tz, label]) => {
      const due = fromLocal(tz, 2026, 12, 3, 14, 0);
      const s = state({ dueAt: due, fuStage: 1, fuPlanFrom: fromLocal(tz, 2026, 11, 30, 9, 0) });
      const step = nextFollowUpStep(s, policyFor(tz))!;
      expect(step.kind).toBe('due_morning');
      expect(fmt(step.at, tz)).toBe(`Kamis, 3 Desember 2026 pukul 07.00 ${label}`);
      return step.at;
    });
    expect(steps[0]! - steps[1]!).toBe(HOUR);
    expect(steps[1]! - steps[2]!).toBe(HOUR);
    expect(fmt(steps[2]!)).toBe('Kamis, 3 Desember 2026 pukul 05.00 WIB');
  });

  it('a due time of 06.30 WIB is 08.30 WIT: a morning reminder exists only in WIT', () => {
    const due = at(2026, 12, 3, 6, 30);
    const s = state({ dueAt: due, fuStage: 1, fuPlanFrom: at(2026, 11, 30, 9, 0) });
    expect(nextFollowUpStep(s, policyFor(JKT))?.kind).toBe('overdue');
    expect(show(nextFollowUpStep(s, policyFor(JAP)), JAP)).toBe('due_morning @ Kamis, 3 Desember 2026 pukul 07.00 WIT');
  });
});

describe('nextSteps and fuStageOf', () => {
  it('nextSteps gives one step per live chain', () => {
    const s = state({ priority: 'penting', dueAt: at(2026, 12, 3, 14, 0), fuPlanFrom: at(2026, 12, 2, 8, 55) });
    expect(nextSteps(s, POLICY).map((x) => show(x))).toEqual(['ack_reminder @ Rabu, 2 Desember 2026 pukul 09.30 WIB', 'due_day_before @ Rabu, 2 Desember 2026 pukul 14.00 WIB']);
    expect(nextSteps({ ...s, awaitingAck: false }, POLICY).map((x) => x.chain)).toEqual(['fu']);
    expect(nextSteps({ ...s, instructionOpen: false }, POLICY)).toEqual([]);
  });

  it('fuStageOf maps the three staged kinds to 1, 2, 3 and the others to null', () => {
    expect(fuStageOf('due_day_before')).toBe(1);
    expect(fuStageOf('due_morning')).toBe(2);
    expect(fuStageOf('overdue')).toBe(3);
    expect(fuStageOf('overdue_daily')).toBeNull();
    expect(fuStageOf('ack_reminder')).toBeNull();
    expect(fuStageOf('escalate_secretariat')).toBeNull();
    expect(fuStageOf('escalate_pimpinan')).toBeNull();
  });
});
