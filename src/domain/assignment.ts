import type { AssignmentState, InstructionState, ReportKind, ReviewState } from './types';

/**
 * Pure state rules of one OPD's assignment:
 * pending → delivered → acknowledged → in_progress (any report) → reported (done, awaiting
 * review) → done (accepted), or back to in_progress when the issuer returns it.
 * Reporting before acknowledging counts as acknowledging too.
 */

export type AckDecision = { ok: true; from: AssignmentState } | { ok: false; reason: 'already' | 'instruction_closed' | 'cancelled' };

export function decideAcknowledge(state: AssignmentState, instruction: InstructionState): AckDecision {
  if (instruction !== 'open') return { ok: false, reason: 'instruction_closed' };
  switch (state) {
    // 'pending' too: the message may have reached the group just before the crash that
    // kept its delivery from being recorded; the press proves it arrived.
    case 'pending':
    case 'delivered':
      return { ok: true, from: state };
    case 'cancelled':
      return { ok: false, reason: 'cancelled' };
    default:
      return { ok: false, reason: 'already' };
  }
}

export function isAwaitingAck(state: AssignmentState): boolean {
  return state === 'pending' || state === 'delivered';
}

export function isAckLate(ackedAt: number | null, ackDeadline: number, now: number): boolean {
  return ackedAt === null ? now > ackDeadline : ackedAt > ackDeadline;
}

/** Follow-up reminders continue until the OPD has reported done (or it was cancelled). */
export function isFollowUpOpen(state: AssignmentState): boolean {
  return state !== 'reported' && state !== 'done' && state !== 'cancelled';
}

export type ReportDecision =
  | { ok: true; next: AssignmentState; acknowledges: boolean }
  | { ok: false; reason: 'instruction_closed' | 'cancelled' | 'awaiting_review' | 'already_done' };

export function decideReport(state: AssignmentState, instruction: InstructionState, kind: ReportKind): ReportDecision {
  if (instruction !== 'open') return { ok: false, reason: 'instruction_closed' };
  switch (state) {
    case 'cancelled':
      return { ok: false, reason: 'cancelled' };
    case 'reported':
      return { ok: false, reason: 'awaiting_review' };
    case 'done':
      return { ok: false, reason: 'already_done' };
    default:
      return { ok: true, next: kind === 'done' ? 'reported' : 'in_progress', acknowledges: isAwaitingAck(state) };
  }
}

export type ReviewDecision = { ok: true; next: AssignmentState } | { ok: false; reason: 'already_decided' | 'not_awaiting' | 'instruction_closed' };

/** ✔ Terima / ↩ Kembalikan on a "done" report: only once, only while it awaits review. */
export function decideReview(state: AssignmentState, review: ReviewState, instruction: InstructionState, accept: boolean): ReviewDecision {
  if (review === 'accepted' || review === 'returned') return { ok: false, reason: 'already_decided' };
  if (instruction === 'cancelled') return { ok: false, reason: 'instruction_closed' };
  if (review !== 'pending' || state !== 'reported') return { ok: false, reason: 'not_awaiting' };
  return { ok: true, next: accept ? 'done' : 'in_progress' };
}

export function isDone(state: AssignmentState): boolean {
  return state === 'done';
}
