import type { AssignmentState } from '../../domain/types';
import { recapShares, sharePercent, type Share } from '../../domain/recap-shares';
import type { OpdRecap } from '../../domain/recap-types';
import type { Messages } from '../../infra/i18n';

/** What one matrix cell shows: the assignment's state, or late on either clock. */
export type CellState = 'pending' | 'delivered' | 'acknowledged' | 'in_progress' | 'reported' | 'done' | 'late_ack' | 'late_due';

/**
 * One assignment of an open instruction as the matrix colours it at `now`. Late follows
 * /terlambat (lateItems in src/features/recap/recap.queries.ts): a follow-up still unfinished
 * past its due date, or an acknowledgement still missing past its deadline; the follow-up's
 * lateness is shown first, being the later and graver of the two.
 */
export function cellState(a: { state: AssignmentState; due_at: number }, ackDeadline: number, now: number): CellState | null {
  if (a.state === 'cancelled') return null;
  if (a.state === 'done' || a.state === 'reported') return a.state;
  if (a.due_at < now) return 'late_due';
  if ((a.state === 'pending' || a.state === 'delivered') && ackDeadline < now) return 'late_ack';
  return a.state;
}

/** The order of the legend. */
export const CELL_STATES: readonly CellState[] = ['pending', 'delivered', 'acknowledged', 'in_progress', 'reported', 'done', 'late_ack', 'late_due'];

export interface ScoreJson {
  opdId: number;
  code: string;
  name: string;
  cluster: string | null;
  received: number;
  ackPending: number;
  overdueNow: number;
  reminders: number;
  ack: Share & { text: string };
  done: Share & { text: string };
  medianAckMs: number | null;
  medianAck: string;
  open: number;
  late: number;
}

/** One recap line as the page shows it: the same shares and words as /rekap's (recap.view.ts). */
export function scoreJson(t: Messages, r: OpdRecap, open: number, late: number): ScoreJson {
  const s = recapShares(r);
  return {
    opdId: r.opdId,
    code: r.code,
    name: r.name,
    cluster: r.cluster,
    received: r.received,
    ackPending: r.ackPending,
    overdueNow: r.overdueNow,
    reminders: r.reminders,
    ack: { ...s.ack, text: sharePercent(s.ack) },
    done: { ...s.done, text: sharePercent(s.done) },
    medianAckMs: r.medianAckMs,
    medianAck: r.medianAckMs === null ? '-' : t.fmt.duration(r.medianAckMs),
    open,
    late,
  };
}
