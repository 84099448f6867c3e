import { mayDecide } from '../../domain/permissions';
import { recordEvent } from '../../infra/db/events';
import { setInstructionState } from '../instruction/instructions.queries';
import { deliveredMessages } from '../instruction/assignments.queries';
import type { Instruction, Person } from '../../infra/db/schema';
import { parseDeadline, type DeadlineError } from '../../domain/deadline';
import { offWorkingDay, type OffDay } from '../../domain/working-time';
import { deadlineCalendar } from '../remind/calendar';
import type { AppDeps } from '../../infra/deps';
import { defaultMessages } from '../../infra/i18n';
import { effects, inTransaction, priorityRank } from '../../infra/queue/effects';
import { deliveredAssignmentIds } from '../instruction/group-message';
import { writeMessages } from '../notify/notify';
import { findInstruction } from '../status/status';
import { renderCancelledGroup, renderClosedGroup, renderDecisionTold, renderExtendedGroup, renderIssuerTold } from './manage.view';
import { decisionAudience } from '../organisation/recipients';
import { messagesFor } from '../../infra/i18n';
import type { Unit } from '../../infra/queue/effects';

/**
 * A decision on an instruction reaches everyone concerned (issue #15): the issuer when someone
 * else (the secretariat acting for the leadership) took it, the secretariat when the issuer
 * did; never the decider. Read before the transaction (`audienceOf`), written in it
 * (`tellDecision`), with the decision. The OPD groups hear of it through the feature's own
 * group notice.
 */
type Audience = Awaited<ReturnType<typeof decisionAudience>>;

function audienceOf(deps: AppDeps, who: Person, i: Instruction): Promise<Audience> {
  return decisionAudience(deps, who, i.issuer_id);
}

async function tellDecision(deps: AppDeps, u: Unit, told: Audience, who: Person, i: Instruction, what: 'closed' | 'cancelled' | 'extended', dueAt = i.due_at): Promise<void> {
  const tz = deps.config.timezone;
  await writeMessages(u, [
    ...told.issuer.map((p) => ({
      chat_id: p.chatId,
      text: renderIssuerTold(messagesFor(p.lang), tz, what, i.number, who.name, dueAt),
      kind: `issuer_told_${what}`,
      priority: 2,
    })),
    ...told.secretariat.map((p) => ({
      chat_id: p.chatId,
      text: renderDecisionTold(messagesFor(p.lang), tz, what, i.number, who.name, dueAt),
      kind: `secretariat_told_${what}`,
      priority: 2,
    })),
  ]);
}

export type ManageResult =
  /** `offDay`: the new due date falls on a day off (issue #15), with the next working day. */
  | { ok: true; instruction: Instruction; notified: number; dueAt?: number; offDay?: OffDay | null }
  | { ok: false; error: 'bad_number' | 'not_issuer' | 'usage' }
  | { ok: false; error: 'unknown'; number: string }
  | { ok: false; error: 'ended'; instruction: Instruction }
  | { ok: false; error: 'deadline_format'; deadline: DeadlineError }
  | { ok: false; error: 'not_future'; at: number };

async function openInstruction(deps: AppDeps, who: Person, raw: string | undefined): Promise<ManageResult | Instruction> {
  if (!raw) return { ok: false, error: 'usage' };
  const found = await findInstruction(deps, raw);
  if (!found.ok) return found.error === 'bad_number' ? { ok: false, error: 'bad_number' } : { ok: false, error: 'unknown', number: found.number };
  if (!mayDecide(who, found.value.issuer_id)) return { ok: false, error: 'not_issuer' };
  if (found.value.state !== 'open') return { ok: false, error: 'ended', instruction: found.value };
  return found.value;
}

/** /tutup: no more reminders; the record stays as it is. */
export async function closeInstruction(deps: AppDeps, who: Person, raw: string | undefined): Promise<ManageResult> {
  const i = await openInstruction(deps, who, raw);
  if ('ok' in i) return i;
  const told = await audienceOf(deps, who, i);
  const notified = await inTransaction(deps, async (u) => {
    const { trx, now, effect } = u;
    await setInstructionState(trx, i.id, 'closed', now);
    await recordEvent(trx, { kind: 'instruction_closed', instruction_id: i.id, actor_telegram_id: who.telegram_id }, now);
    effect(...(await deliveredAssignmentIds(trx, i.id)).map(effects.groupRefresh), effects.summary(i.id, now, deps.config.summaryEditIntervalMs));
    // Each OPD group that received it hears it is closed (its message is edited too, silently).
    const delivered = await deliveredMessages(trx, i.id);
    const text = renderClosedGroup(defaultMessages, i.number);
    await writeMessages(
      u,
      delivered
        .filter((a) => a.chat_id !== null)
        .map((a) => ({ chat_id: a.chat_id!, text, kind: 'closed', priority: 2, assignment_id: a.id, opd_id: a.opd_id, reply_to: a.message_id })),
    );
    await tellDecision(deps, u, told, who, i, 'closed');
    return delivered.length;
  });
  return { ok: true, instruction: { ...i, state: 'closed' }, notified };
}

/** /batal: the instruction is withdrawn and every OPD group that received it is told. */
export async function cancelInstruction(deps: AppDeps, who: Person, raw: string | undefined): Promise<ManageResult> {
  const i = await openInstruction(deps, who, raw);
  if ('ok' in i) return i;
  const told = await audienceOf(deps, who, i);
  const notified = await inTransaction(deps, async (u) => {
    const { trx, now } = u;
    await setInstructionState(trx, i.id, 'cancelled', now);
    await trx.updateTable('assignments').set({ state: 'cancelled', updated_at: now }).where('instruction_id', '=', i.id).execute();
    await recordEvent(trx, { kind: 'instruction_cancelled', instruction_id: i.id, actor_telegram_id: who.telegram_id }, now);
    const delivered = await trx
      .selectFrom('assignments')
      .select(['id', 'opd_id', 'chat_id', 'message_id'])
      .where('instruction_id', '=', i.id)
      .where('delivery_state', '=', 'sent')
      .execute();
    const text = renderCancelledGroup(defaultMessages, i.number);
    const outbox = await writeMessages(
      u,
      delivered
        .filter((a) => a.chat_id !== null)
        .map((a) => ({ chat_id: a.chat_id!, text, kind: 'cancelled', priority: 1, assignment_id: a.id, opd_id: a.opd_id, reply_to: a.message_id })),
    );
    u.effect(...delivered.map((a) => effects.groupRefresh(a.id)), effects.summary(i.id, now, deps.config.summaryEditIntervalMs));
    await tellDecision(deps, u, told, who, i, 'cancelled');
    return outbox.length;
  });
  return { ok: true, instruction: { ...i, state: 'cancelled' }, notified };
}

/** /perpanjang nomor <batas baru>: a new follow-up due date for every OPD; reminders re-planned. */
export async function extendInstruction(deps: AppDeps, who: Person, raw: string | undefined, when: string): Promise<ManageResult> {
  const i = await openInstruction(deps, who, raw);
  if ('ok' in i) return i;
  if (when.trim() === '') return { ok: false, error: 'usage' };
  const now = deps.now();
  const parsed = parseDeadline(when, now, deps.config.timezone);
  if (!parsed.ok) return { ok: false, error: 'deadline_format', deadline: parsed.error };
  if (parsed.at <= now) return { ok: false, error: 'not_future', at: parsed.at };
  return extendTo(deps, who, i, parsed.at);
}

/**
 * "Geser ke …" under the answer to /perpanjang: the new due date fell on a day off and moves
 * to the next working day at the same time. `from` is the due date the button was made for:
 * if it changed meanwhile, nothing moves (`moved` says so).
 */
export async function shiftExtendedDue(deps: AppDeps, who: Person, raw: string, from: number): Promise<ManageResult | { ok: false; error: 'moved' }> {
  const i = await openInstruction(deps, who, raw);
  if ('ok' in i) return i;
  if (i.due_at !== from) return { ok: false, error: 'moved' };
  const off = offWorkingDay(deadlineCalendar(deps), from);
  if (!off) return { ok: false, error: 'moved' };
  return extendTo(deps, who, i, off.next);
}

async function extendTo(deps: AppDeps, who: Person, i: Instruction, dueAt: number): Promise<ManageResult> {
  const now = deps.now();
  const told = await audienceOf(deps, who, i);
  const notified = await inTransaction(
    deps,
    async (u) => {
      const { trx } = u;
      await trx.updateTable('instructions').set({ due_at: dueAt }).where('id', '=', i.id).execute();
      // The follow-up clock starts again from now: stages already past are skipped, not sent late.
      await trx
        .updateTable('assignments')
        .set({ due_at: dueAt, fu_stage: 0, fu_plan_from: now, last_overdue_at: null, updated_at: now })
        .where('instruction_id', '=', i.id)
        .where('state', '!=', 'cancelled')
        .execute();
      await recordEvent(trx, { kind: 'instruction_extended', instruction_id: i.id, actor_telegram_id: who.telegram_id, data: { from: i.due_at, to: dueAt } }, now);
      const delivered = await deliveredMessages(trx, i.id);
      const text = renderExtendedGroup(defaultMessages, deps.config.timezone, i.number, dueAt);
      const ids = await writeMessages(
        u,
        delivered
          .filter((a) => a.chat_id !== null)
          .map((a) => ({ chat_id: a.chat_id!, text, kind: 'extended', priority: priorityRank(i.priority), assignment_id: a.id, opd_id: a.opd_id, reply_to: a.message_id })),
      );
      const assignmentIds = delivered.map((a) => a.id);
      // The issuer's summary shows the due date: refreshed too.
      u.effect(effects.planTimers(assignmentIds), ...assignmentIds.map(effects.groupRefresh), effects.summary(i.id, now, deps.config.summaryEditIntervalMs));
      await tellDecision(deps, u, told, who, i, 'extended', dueAt);
      return ids.length;
    },
    now,
  );
  return { ok: true, instruction: { ...i, due_at: dueAt }, notified, dueAt, offDay: offWorkingDay(deadlineCalendar(deps), dueAt) };
}

/**
 * /kirim_ulang: deliveries that failed (or found no linked group) are queued again, to the
 * OPD's current group. Those already sent are never sent twice.
 */
export async function resendFailed(deps: AppDeps, who: Person, raw: string | undefined): Promise<ManageResult> {
  const i = await openInstruction(deps, who, raw);
  if ('ok' in i) return i;
  const ready = await inTransaction(deps, async ({ trx, now, effect }) => {
    const rows = await trx
      .selectFrom('assignments as a')
      .innerJoin('opds as o', 'o.id', 'a.opd_id')
      .select(['a.id', 'o.chat_id', 'o.chat_status'])
      .where('a.instruction_id', '=', i.id)
      .where('a.delivery_state', 'in', ['failed', 'no_chat'])
      .where('a.state', '!=', 'cancelled')
      .execute();
    const ready = rows.filter((r) => r.chat_id !== null && r.chat_status !== 'removed');
    for (const r of ready) {
      await trx.updateTable('assignments').set({ delivery_state: 'queued', delivery_error: null, chat_id: r.chat_id, updated_at: now }).where('id', '=', r.id).execute();
      // replace: the failed job kept under the same id would make the new one a no-op.
      effect(effects.deliver(r.id, i.priority, { replace: true }));
    }
    await recordEvent(trx, { kind: 'delivery_retried', instruction_id: i.id, actor_telegram_id: who.telegram_id, data: { count: ready.length } }, now);
    effect(effects.summary(i.id, now, deps.config.summaryEditIntervalMs));
    return ready;
  });
  return { ok: true, instruction: i, notified: ready.length };
}
