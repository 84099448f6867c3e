import { describe, it, expect } from 'vitest';
import type { AssignmentState, InstructionState } from '../../src/infra/db/schema';
import { decideAcknowledge, isAckLate, isAwaitingAck } from '../../src/domain/assignment';

const ASSIGNMENT_STATES: AssignmentState[] = ['pending', 'delivered', 'acknowledged', 'cancelled'];

describe('decideAcknowledge on an open instruction', () => {
  it('accepts a pending assignment (the delivery may not have been recorded before a crash)', () => {
    expect(decideAcknowledge('pending', 'open')).toEqual({ ok: true, from: 'pending' });
  });

  it('accepts a delivered assignment', () => {
    expect(decideAcknowledge('delivered', 'open')).toEqual({ ok: true, from: 'delivered' });
  });

  it('refuses an already acknowledged assignment with "already"', () => {
    expect(decideAcknowledge('acknowledged', 'open')).toEqual({ ok: false, reason: 'already' });
  });

  it('refuses a cancelled assignment with "cancelled"', () => {
    expect(decideAcknowledge('cancelled', 'open')).toEqual({ ok: false, reason: 'cancelled' });
  });
});

describe('decideAcknowledge on a closed or cancelled instruction', () => {
  const closedStates: InstructionState[] = ['closed', 'cancelled'];
  for (const instruction of closedStates) {
    for (const state of ASSIGNMENT_STATES) {
      it(`refuses a ${state} assignment of a ${instruction} instruction as instruction_closed`, () => {
        expect(decideAcknowledge(state, instruction)).toEqual({ ok: false, reason: 'instruction_closed' });
      });
    }
  }
});

describe('isAwaitingAck', () => {
  it('is true for pending and delivered', () => {
    expect(isAwaitingAck('pending')).toBe(true);
    expect(isAwaitingAck('delivered')).toBe(true);
  });

  it('is false for acknowledged and cancelled', () => {
    expect(isAwaitingAck('acknowledged')).toBe(false);
    expect(isAwaitingAck('cancelled')).toBe(false);
  });

  it('agrees with decideAcknowledge on an open instruction', () => {
    for (const s of ASSIGNMENT_STATES) {
      expect(isAwaitingAck(s)).toBe(decideAcknowledge(s, 'open').ok);
    }
  });
});

describe('isAckLate', () => {
  const DEADLINE = Date.UTC(2026, 10, 25, 5, 0); // 25 Nov 2026 12.00 WIB
  const MIN = 60_000;

  describe('acknowledged', () => {
    it('is on time when acknowledged before the deadline', () => {
      expect(isAckLate(DEADLINE - 30 * MIN, DEADLINE, DEADLINE + 60 * MIN)).toBe(false);
    });

    it('is on time when acknowledged exactly at the deadline', () => {
      expect(isAckLate(DEADLINE, DEADLINE, DEADLINE + 60 * MIN)).toBe(false);
    });

    it('is late when acknowledged one millisecond after the deadline', () => {
      expect(isAckLate(DEADLINE + 1, DEADLINE, DEADLINE + 60 * MIN)).toBe(true);
    });

    it('is late when acknowledged after the deadline, whatever the current time', () => {
      expect(isAckLate(DEADLINE + 10 * MIN, DEADLINE, DEADLINE + 10 * MIN)).toBe(true);
    });

    it('judges by the acknowledgement time, not by now', () => {
      // Acknowledged on time, looked at long after the deadline.
      expect(isAckLate(DEADLINE - 1, DEADLINE, DEADLINE + 7 * 24 * 60 * MIN)).toBe(false);
    });
  });

  describe('not acknowledged', () => {
    it('is not late before the deadline', () => {
      expect(isAckLate(null, DEADLINE, DEADLINE - 1)).toBe(false);
    });

    it('is not late exactly at the deadline', () => {
      expect(isAckLate(null, DEADLINE, DEADLINE)).toBe(false);
    });

    it('is late after the deadline', () => {
      expect(isAckLate(null, DEADLINE, DEADLINE + 1)).toBe(true);
      expect(isAckLate(null, DEADLINE, DEADLINE + 3 * 60 * MIN)).toBe(true);
    });
  });

  it('treats an acknowledgement at epoch 0 as an acknowledgement, not as "none"', () => {
    expect(isAckLate(0, DEADLINE, DEADLINE + 1)).toBe(false);
  });
});
