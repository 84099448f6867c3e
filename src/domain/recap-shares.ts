// When an assignment counts as on time, and out of what a share is taken: one rule for
// the recap (/rekap), the chart (/grafik), the weekly digest and the exports, so the four
// never disagree (issue #15: "two hours before its deadline, DISHUB shows 0%").
//
// Each clock judges an assignment only once it can be judged: an acknowledgement whose
// deadline has not passed yet is neither on time nor late, and a follow-up is judged when
// it is done (accepted) or when it is still open past its due date on an open instruction.
// What cannot be judged yet is left out of the share's denominator, not counted as a miss.

/** A share: `part` of `whole`; no share can be given when `whole` is 0. */
export interface Share {
  part: number;
  whole: number;
}

/**
 * One assignment on the acknowledgement clock at `now`: true acknowledged by the deadline,
 * false acknowledged after it or not acknowledged once it has passed, null not judged yet
 * (no acknowledgement and the deadline still ahead, or the assignment was cancelled).
 * The deadline itself is still on time (the SQL in recap.queries.ts counts alike).
 */
export function ackOnTime(a: { state: string; acked_at: number | null; ack_deadline: number }, now: number): boolean | null {
  if (a.state === 'cancelled') return null;
  if (a.acked_at !== null) return a.acked_at <= a.ack_deadline;
  return now > a.ack_deadline ? false : null;
}

/**
 * One assignment on the follow-up clock at `now`: true finished by its due date, false
 * finished after it or still open past it (on an open instruction), null not judged yet
 * (before its due date, awaiting review, on a closed instruction, or cancelled).
 * `finished` is when the OPD reported it done (the review may come later).
 */
export function doneOnTime(a: { state: string; instruction_state: string; due_at: number }, finished: number | null, now: number): boolean | null {
  if (a.state === 'cancelled') return null;
  if (a.state === 'done') return finished === null ? null : finished <= a.due_at;
  if (a.state === 'reported') return null;
  return a.instruction_state === 'open' && a.due_at < now ? false : null;
}

/** The figures a recap keeps per OPD that the shares are taken from (see OpdRecap). */
export interface ShareFigures {
  ackOnTime: number;
  ackLate: number;
  ackNone: number;
  doneOnTime: number;
  doneLate: number;
  overdueNow: number;
}

/**
 * The two shares of a recap line: acknowledged on time out of the acknowledgements already
 * judged (on time, late, or missing past the deadline; the ones still before their deadline
 * are not in `ackNone`), and done on time out of the follow-ups already judged.
 */
export function recapShares(r: ShareFigures): { ack: Share; done: Share } {
  return {
    ack: { part: r.ackOnTime, whole: r.ackOnTime + r.ackLate + r.ackNone },
    done: { part: r.doneOnTime, whole: r.doneOnTime + r.doneLate + r.overdueNow },
  };
}

/** A share as the messages and the chart write it: "57%", or "-" when nothing can be judged yet. */
export function sharePercent(s: Share): string {
  return s.whole === 0 ? '-' : `${Math.round((s.part / s.whole) * 100)}%`;
}
