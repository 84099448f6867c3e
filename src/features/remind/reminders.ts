import { recordEvent } from '../../infra/db/events';
import { listOpenAssignmentIds, loadTimerRow, type TimerRow } from './timers.queries';
import type { Db } from '../../infra/db/database';
import type { NewOutboxMessage } from '../notify/outbox.queries';
import { isAwaitingAck, isFollowUpOpen } from '../../domain/assignment';
import { fuStageOf, nextAckStep, nextFollowUpStep, nextSteps, type Chain, type ReminderPolicy, type Step, type TimerState } from '../../domain/reminder-policy';
import type { AppDeps } from '../../infra/deps';
import { messagesFor } from '../../infra/i18n';
import { addJobs, requeue } from '../../infra/queue/queues';
import { loadPolicy } from './calendar';
import { asJob, effects, inTransaction, priorityRank, type QueuedJob } from '../../infra/queue/effects';
import { writeMessages } from '../notify/notify';
import { delegateRecipient, issuer, opdHeads, secretariat, type Recipient } from '../organisation/recipients';
import { type ReminderModel, type ReminderText, renderReminder } from './remind.view';

/** A job may fire a little early or late; within this window the step is due. */
const FIRE_TOLERANCE_MS = 500;

export function timerState(row: TimerRow): TimerState {
  return {
    priority: row.priority,
    instructionOpen: row.instruction_state === 'open',
    awaitingAck: isAwaitingAck(row.state),
    followUpOpen: isFollowUpOpen(row.state),
    deliveredAt: row.delivered_at,
    ackDeadline: row.ack_deadline,
    dueAt: row.due_at,
    lastReminderAt: row.last_reminder_at,
    secEscalatedAt: row.sec_escalated_at,
    pimEscalatedAt: row.pim_escalated_at,
    fuStage: row.fu_stage,
    fuPlanFrom: row.fu_plan_from ?? row.created_at,
    lastOverdueAt: row.last_overdue_at,
  };
}

/** The timer job of one step: its id names the step, so adding it again changes nothing. */
function stepJob(deps: AppDeps, assignmentId: number, step: Step): QueuedJob {
  return asJob(effects.timerStep(assignmentId, step.chain, step.at), deps.now());
}

async function scheduleStep(deps: AppDeps, assignmentId: number, step: Step): Promise<void> {
  await addJobs(deps.queues.timers, [stepJob(deps, assignmentId, step)]);
}

/** The next step of both chains of these assignments, as timer jobs, from the database. */
async function stepJobs(deps: AppDeps, assignmentIds: number[], policy: ReminderPolicy): Promise<QueuedJob[]> {
  const jobs: QueuedJob[] = [];
  for (const id of assignmentIds) {
    const row = await loadTimerRow(deps.db, id);
    if (!row) continue;
    for (const step of nextSteps(timerState(row), policy)) jobs.push(stepJob(deps, id, step));
  }
  return jobs;
}

/** (Re)plans both chains of these assignments from the database, in one Redis call. Idempotent: ids are per step. */
export async function scheduleTimers(deps: AppDeps, assignmentIds: number[], policy?: ReminderPolicy): Promise<number> {
  const jobs = await stepJobs(deps, assignmentIds, policy ?? (await loadPolicy(deps)));
  await addJobs(deps.queues.timers, jobs);
  return jobs.length;
}

/**
 * On start (and after quiet hours change): every open assignment's next reminder or
 * escalation is created again from the database. A job Redis still has keeps its id and is
 * not doubled; one whose time passed while the bot was down fires once, now; one Redis kept
 * as failed or completed is replaced (requeue).
 */
export async function reconcileTimers(deps: AppDeps): Promise<number> {
  const policy = await loadPolicy(deps);
  const jobs: QueuedJob[] = [];
  let after = 0;
  for (;;) {
    const ids = await listOpenAssignmentIds(deps.db, after, 500);
    if (ids.length === 0) break;
    jobs.push(...(await stepJobs(deps, ids, policy)));
    after = ids[ids.length - 1]!;
  }
  await requeue(deps.queues.timers, jobs);
  return jobs.length;
}

/**
 * A timer job fired. The state is checked now, not trusted from when the job was planned:
 * if the step is no longer due (acknowledged, closed, moved) nothing is sent. The step is
 * claimed with a conditional update so two workers never send it twice.
 */
export async function runTimer(deps: AppDeps, assignmentId: number, chain: Chain): Promise<StepResult> {
  const row = await loadTimerRow(deps.db, assignmentId);
  if (!row) return 'gone';
  const policy = await loadPolicy(deps);
  const state = timerState(row);
  const step = chain === 'ack' ? nextAckStep(state, policy) : nextFollowUpStep(state, policy);
  if (!step) return 'stopped';
  const now = deps.now();
  if (step.at > now + FIRE_TOLERANCE_MS) {
    await scheduleStep(deps, assignmentId, step);
    return 'rescheduled';
  }
  const messages = await composeStep(deps, row, step, now);
  // The step, its messages and the chain's next step commit together: a worker dying after
  // the commit leaves nothing half done (its retry finds the step taken, the next planned).
  const fired = await inTransaction(
    deps,
    async (u) => {
      if (!(await claimStep(u.trx, row, step, now))) return false;
      await recordEvent(
        u.trx,
        { kind: step.kind, instruction_id: row.instruction_id, assignment_id: row.id, opd_id: row.opd_id, data: { planned_at: step.at, recipients: messages.length } },
        now,
      );
      await writeMessages(u, messages);
      const fresh = await loadTimerRow(u.trx, assignmentId);
      const next = fresh && (chain === 'ack' ? nextAckStep(timerState(fresh), policy) : nextFollowUpStep(timerState(fresh), policy));
      if (next) u.effect(effects.timerStep(assignmentId, next.chain, next.at));
      return true;
    },
    now,
  );
  if (!fired) return 'taken';
  deps.metrics.reminderLateness.observe({ kind: step.kind }, Math.max(0, now - step.at) / 1000);
  return 'fired';
}
export type StepResult = 'gone' | 'stopped' | 'rescheduled' | 'taken' | 'fired';

/** Records that a step happened, only if nobody else recorded it first. */
async function claimStep(db: Db, row: TimerRow, step: Step, now: number): Promise<boolean> {
  let q = db.updateTable('assignments').where('id', '=', row.id);
  switch (step.kind) {
    case 'ack_reminder':
      q = q
        .set((eb) => ({ last_reminder_at: now, reminder_count: eb('reminder_count', '+', 1), updated_at: now }))
        .where('last_reminder_at', row.last_reminder_at === null ? 'is' : '=', row.last_reminder_at)
        .where('state', 'in', ['pending', 'delivered']);
      break;
    case 'escalate_secretariat':
      q = q
        .set((eb) => ({ sec_escalated_at: now, escalation_count: eb('escalation_count', '+', 1), updated_at: now }))
        .where('sec_escalated_at', 'is', null)
        .where('state', 'in', ['pending', 'delivered']);
      break;
    case 'escalate_pimpinan':
      q = q
        .set((eb) => ({ pim_escalated_at: now, escalation_count: eb('escalation_count', '+', 1), updated_at: now }))
        .where('pim_escalated_at', 'is', null)
        .where('state', 'in', ['pending', 'delivered']);
      break;
    case 'overdue_daily':
      q = q
        .set((eb) => ({ last_overdue_at: now, reminder_count: eb('reminder_count', '+', 1), updated_at: now }))
        .where('last_overdue_at', row.last_overdue_at === null ? 'is' : '=', row.last_overdue_at);
      break;
    default: {
      const stage = fuStageOf(step.kind)!;
      q = q
        .set((eb) => ({ fu_stage: stage, reminder_count: eb('reminder_count', '+', 1), updated_at: now, ...(stage === 3 ? { last_overdue_at: now } : {}) }))
        .where('fu_stage', '=', row.fu_stage);
    }
  }
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Who hears about a step, and what they read (in their language; groups in the org's). */
async function composeStep(deps: AppDeps, row: TimerRow, step: Step, now: number): Promise<NewOutboxMessage[]> {
  const tz = deps.config.timezone;
  const heads = await opdHeads(deps, row.opd_id);
  // The staff member the head delegated to hears the follow-up reminders too.
  const handlers = step.chain === 'fu' ? [...heads, ...(await delegateRecipient(deps, row.delegate_id, heads))] : heads;
  const group: Recipient[] = row.opd_chat_id !== null && row.chat_status === 'linked' ? [{ chatId: row.opd_chat_id, name: row.opd_code, lang: 'id' }] : [];
  const model: ReminderModel = {
    number: row.number,
    opdCode: row.opd_code,
    opdName: row.opd_name,
    ackDeadline: row.ack_deadline,
    dueAt: row.due_at,
    headNames: heads.map((h) => h.name),
  };
  const text = (r: Recipient, kind: ReminderText = step.kind) => renderReminder(messagesFor(r.lang), tz, now, kind, model);

  let recipients: Recipient[];
  switch (step.kind) {
    case 'ack_reminder':
      recipients = [...group, ...heads];
      break;
    case 'escalate_secretariat':
      recipients = await secretariat(deps);
      break;
    case 'escalate_pimpinan':
      recipients = await issuer(deps, row.issuer_id);
      break;
    case 'due_day_before':
    case 'due_morning':
    case 'overdue_daily':
      recipients = [...group, ...handlers];
      break;
    case 'overdue': {
      const sec = await secretariat(deps);
      const opdSide = [...group, ...handlers];
      return [...opdSide.map((r) => outboxRow(row, r, text(r), step, r === group[0])), ...sec.map((r) => outboxRow(row, r, text(r, 'overdue_secretariat'), step, false))];
    }
  }
  return recipients.map((r) => outboxRow(row, r, text(r), step, r === group[0]));
}

function outboxRow(row: TimerRow, r: Recipient, text: string, step: Step, inGroup: boolean): NewOutboxMessage {
  return {
    chat_id: r.chatId,
    text,
    kind: step.kind,
    priority: priorityRank(row.priority),
    assignment_id: row.id,
    opd_id: row.opd_id,
    // In the group, the reminder answers the instruction message itself.
    reply_to: inGroup ? row.message_id : null,
  };
}

/** /pengingat: what fires next for each OPD of an instruction. */
export async function reminderPlan(deps: AppDeps, assignmentIds: number[]) {
  const policy = await loadPolicy(deps);
  const out: Array<{ opdCode: string; step: Step }> = [];
  for (const id of assignmentIds) {
    const row = await loadTimerRow(deps.db, id);
    if (!row) continue;
    for (const step of nextSteps(timerState(row), policy)) out.push({ opdCode: row.opd_code, step });
  }
  return out.sort((a, b) => a.step.at - b.step.at);
}
