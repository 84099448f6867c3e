// The shared model of a period recap (per-OPD acknowledgement and follow-up
// figures). Pure types: the recap query, the chart, the exports and the chat
// messages all speak this shape. Timestamps are epoch milliseconds.

/** [from, to) in epoch ms; label for people, e.g. "1–30 November 2026". */
export type { Period } from './period';
import type { Period } from './period';

/** The additive figures of a set of assignments (see OpdRecap for their meaning). */
export interface RecapFigures {
  received: number;
  ackOnTime: number;
  ackLate: number;
  ackNone: number;
  doneOnTime: number;
  doneLate: number;
  reminders: number;
}

/** The names of the additive figures, in their stored order (src/domain/recap-days.ts). */
export const FIGURE_KEYS = ['received', 'ackOnTime', 'ackLate', 'ackNone', 'doneOnTime', 'doneLate', 'reminders'] as const;

/** Every additive figure at zero. */
export function noFigures(): RecapFigures {
  return { received: 0, ackOnTime: 0, ackLate: 0, ackNone: 0, doneOnTime: 0, doneLate: 0, reminders: 0 };
}

/** Adds `more` into `into`, figure by figure. */
export function addFigures(into: RecapFigures, more: RecapFigures): void {
  for (const k of FIGURE_KEYS) into[k] += more[k];
}

export interface OpdRecap {
  opdId: number;
  code: string;
  name: string;
  cluster: string | null;
  /** Assignments created in the period (cancelled ones excluded). */
  received: number;
  /**
   * Acknowledged by instructions.ack_deadline / after it / not acknowledged and the deadline
   * has passed. (In the stored daily figures, RecapFigures, ackNone is every one not
   * acknowledged; the recap takes ackPending out of it when it is read.)
   */
  ackOnTime: number;
  ackLate: number;
  ackNone: number;
  /** Not acknowledged, the deadline still ahead: neither on time nor late yet (src/domain/recap-shares.ts). */
  ackPending: number;
  /** Median of acked_at − delivered_at (or created_at when never delivered) over acknowledged ones; null if none. */
  medianAckMs: number | null;
  /** Done (done_at or reported_at) <= assignments.due_at / after it / still open and past due now. */
  doneOnTime: number;
  doneLate: number;
  overdueNow: number;
  /** Sum of reminder_count. */
  reminders: number;
}

/** total: code 'TOTAL', name 'Seluruh OPD'. */
export interface Recap {
  period: Period;
  total: OpdRecap;
  opds: OpdRecap[];
}
