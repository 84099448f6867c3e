import type { AssignmentState, InstructionState } from '../db/schema';

/** Pure state rules of one OPD's assignment. */

export type AckDecision =
  | { ok: true; from: AssignmentState }
  | { ok: false; reason: 'already' | 'instruction_closed' | 'cancelled' };

export function decideAcknowledge(state: AssignmentState, instruction: InstructionState): AckDecision {
  if (instruction !== 'open') return { ok: false, reason: 'instruction_closed' };
  switch (state) {
    // 'pending' too: the message may have reached the group just before the crash that
    // kept its delivery from being recorded; the press proves it arrived.
    case 'pending':
    case 'delivered':
      return { ok: true, from: state };
    case 'acknowledged':
      return { ok: false, reason: 'already' };
    case 'cancelled':
      return { ok: false, reason: 'cancelled' };
  }
}

export function isAwaitingAck(state: AssignmentState): boolean {
  return state === 'pending' || state === 'delivered';
}

export function isAckLate(ackedAt: number | null, ackDeadline: number, now: number): boolean {
  return ackedAt === null ? now > ackDeadline : ackedAt > ackDeadline;
}

/** Follow-up reminders continue until the OPD's work is finished or the assignment cancelled. */
export function isFollowUpOpen(state: AssignmentState): boolean {
  return state !== 'cancelled';
}
