import { acknowledgeAssignment, loadAssignmentContext, type AssignmentContext } from '../db/assignments';
import { recordEvent } from '../db/events';
import { findPersonByTelegramId } from '../db/people';
import { decideAcknowledge } from '../domain/assignment';
import { ackDenial, type AckDenial } from '../domain/permissions';
import type { AppDeps } from '../deps';
import { scheduleSummaryRefresh } from './summary';

export type AckResult =
  | { ok: true; ctx: AssignmentContext; personName: string; at: number }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: AckDenial; opdName: string }
  | { ok: false; reason: 'already'; byName: string; at: number }
  | { ok: false; reason: 'instruction_closed' | 'cancelled' };

/**
 * "✅ Siap, diterima" pressed by a Telegram user. Recorded once: a second press, or the
 * same update delivered twice, finds the assignment already acknowledged and changes nothing.
 */
export async function acknowledge(deps: AppDeps, assignmentId: number, telegramUserId: number): Promise<AckResult> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  if (!ctx) return { ok: false, reason: 'unknown' };
  const person = await findPersonByTelegramId(deps.db, telegramUserId);
  const denial = ackDenial(person, ctx.opd_id);
  if (denial || !person) {
    await recordEvent(deps.db, { kind: 'ack_refused', instruction_id: ctx.instruction_id, assignment_id: ctx.id, opd_id: ctx.opd_id, actor_telegram_id: telegramUserId, data: { reason: denial } }, deps.now());
    return { ok: false, reason: denial ?? 'not_registered', opdName: ctx.opd_name };
  }
  const decision = decideAcknowledge(ctx.state, ctx.instruction_state);
  if (!decision.ok) {
    if (decision.reason === 'already') return { ok: false, reason: 'already', byName: ctx.acked_by_name ?? '-', at: ctx.acked_at ?? 0 };
    return { ok: false, reason: decision.reason };
  }
  const now = deps.now();
  const won = await deps.db.transaction().execute(async (trx) => {
    const updated = await acknowledgeAssignment(trx, assignmentId, person.id, now);
    if (updated) {
      await recordEvent(trx, { kind: 'acknowledged', instruction_id: ctx.instruction_id, assignment_id: ctx.id, opd_id: ctx.opd_id, actor_telegram_id: telegramUserId, data: { late: now > ctx.ack_deadline } }, now);
    }
    return updated;
  });
  if (!won) {
    // Another press won the race between our read and our write.
    const fresh = await loadAssignmentContext(deps.db, assignmentId);
    return { ok: false, reason: 'already', byName: fresh?.acked_by_name ?? '-', at: fresh?.acked_at ?? now };
  }
  await scheduleSummaryRefresh(deps, ctx.instruction_id);
  if (ctx.delivered_at !== null) deps.metrics.ackSeconds.observe(Math.max(0, now - ctx.delivered_at) / 1000);
  return { ok: true, ctx: { ...ctx, state: 'acknowledged', acked_at: now, acked_by: person.id, acked_by_name: person.name }, personName: person.name, at: now };
}
