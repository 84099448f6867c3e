import { loadAssignmentContext, type AssignmentContext } from '../instruction/assignments.queries';
import { findInstructionByNumber } from '../instruction/instructions.queries';
import { endConversation, getConversation, saveConversation } from '../../infra/db/conversations';
import { recordEvent } from '../../infra/db/events';
import { findPersonById, findPersonByTelegramId } from '../organisation/people.queries';
import {
  answerObstacle,
  claimObstacleStep,
  findObstacle,
  insertObstacle,
  listInstructionObstacles,
  listWaitingObstacleIds,
  loadObstacleTimerRow,
  markObstacleExtended,
  markObstacleHandled,
  type ObstacleTimerRow,
} from './obstacles.queries';
import type { Attachment, Obstacle, Person } from '../../infra/db/schema';
import { isFollowUpOpen } from '../../domain/assignment';
import { normalizeInstructionNumber } from '../../domain/numbering';
import { extendedDue, nextObstacleStep, type ObstacleStep } from '../../domain/obstacle-policy';
import { ackDenial, mayDecide } from '../../domain/permissions';
import type { ReminderPolicy } from '../../domain/reminder-policy';
import { localParts } from '../../domain/time';
import type { AppDeps } from '../../infra/deps';
import { defaultMessages, messagesFor } from '../../infra/i18n';
import { addJobs, requeue } from '../../infra/queue/queues';
import { asJob, effects, inTransaction, priorityRank, type QueuedJob, type Unit } from '../../infra/queue/effects';
import { retireDecisionCopies, writeMessages } from '../notify/notify';
import { decisionAudience, deciders as decidersOf, issuer as issuerOf, secretariat } from '../organisation/recipients';
import { obstacleButtons } from './obstacle.callbacks';
import { loadPolicy } from '../remind/calendar';
import { addToCollected, cancelCollecting, checkReporter, forwardedText, forwardWithFiles, startCollecting, type AddResult, type ReporterCheck } from '../report/reports';
import { MAX_REASON_TEXT } from '../report/review';
import {
  renderObstacleAnswerGroup,
  renderObstacleAttachment,
  renderObstacleExtendedGroup,
  renderObstacleForward,
  renderObstacleHandledGroup,
  renderObstacleHandledLine,
  renderObstacleStep,
  renderObstacleTold,
  type ObstacleTold,
} from './obstacle.view';

/** An obstacle's text: as long as a report's. */
export const MAX_OBSTACLE_TEXT = 3000;

export interface ObstacleDraft {
  text: string;
  attachments: Attachment[];
}

/** Only a member of the assignment's OPD (or its delegate) reports an obstacle, while the follow-up is open. */
export const checkObstacleReporter = (deps: AppDeps, assignmentId: number, telegramId: number): Promise<ReporterCheck> => checkReporter(deps, assignmentId, telegramId);

/** ⚠️ Kendala → the private chat collects text and files until the person sends it. */
export function startObstacle(deps: AppDeps, assignmentId: number, telegramId: number): Promise<ReporterCheck> {
  return startCollecting(deps, 'obstacle', assignmentId, telegramId);
}

export type ObstacleAddResult = AddResult;

export function addToObstacle(deps: AppDeps, telegramId: number, piece: { text?: string; attachment?: Attachment }): Promise<ObstacleAddResult> {
  return addToCollected(deps, 'obstacle', telegramId, piece, MAX_OBSTACLE_TEXT);
}

export type ObstacleResult =
  | { ok: true; obstacle: Obstacle; ctx: AssignmentContext }
  | { ok: false; reason: 'none' | 'empty' | 'too_long' | 'usage' | 'bad_number' | 'not_target' }
  | { ok: false; reason: 'unknown_number'; number: string }
  | Exclude<ReporterCheck, { ok: true }>;

export async function submitObstacle(deps: AppDeps, telegramId: number): Promise<ObstacleResult> {
  const conv = await getConversation<ObstacleDraft>(deps.db, telegramId);
  if (conv?.kind !== 'obstacle') return { ok: false, reason: 'none' };
  if (conv.data.text.trim() === '') return { ok: false, reason: 'empty' };
  const res = await createObstacle(deps, conv.refId, telegramId, conv.data);
  if (res.ok || res.reason !== 'empty') await endConversation(deps.db, telegramId);
  return res;
}

export function cancelObstacle(deps: AppDeps, telegramId: number): Promise<boolean> {
  return cancelCollecting(deps, 'obstacle', telegramId);
}

/**
 * /kendala NOMOR uraian (private or group), or /kendala uraian as a reply to the bot's
 * instruction message in the group. Nothing is recorded unless everything is right.
 */
export async function obstacleByCommand(
  deps: AppDeps,
  telegramId: number,
  words: string[],
  where: { chatId: number; repliedMessageId: number | null } | null,
  attachment: Attachment | undefined,
): Promise<ObstacleResult> {
  let assignmentId: number | null = null;
  let rest = words;
  if (where?.repliedMessageId != null) {
    const row = await deps.db.selectFrom('assignments').select('id').where('chat_id', '=', where.chatId).where('message_id', '=', where.repliedMessageId).executeTakeFirst();
    if (row) assignmentId = Number(row.id);
  }
  if (assignmentId === null) {
    const [raw, ...more] = words;
    if (!raw) return { ok: false, reason: 'usage' };
    const number = normalizeInstructionNumber(raw, localParts(deps.now(), deps.config.timezone).year);
    if (!number) return { ok: false, reason: 'bad_number' };
    const instruction = await findInstructionByNumber(deps.db, number);
    if (!instruction) return { ok: false, reason: 'unknown_number', number };
    const person = await findPersonByTelegramId(deps.db, telegramId);
    const denial = ackDenial(person, person?.opd_id ?? -1);
    if (denial || !person) return { ok: false, reason: denial ?? 'not_registered', opdName: '' };
    const row = await deps.db.selectFrom('assignments').select('id').where('instruction_id', '=', instruction.id).where('opd_id', '=', person.opd_id!).executeTakeFirst();
    if (!row) return { ok: false, reason: 'not_target' };
    assignmentId = Number(row.id);
    rest = more;
  }
  const text = rest.join(' ').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  return createObstacle(deps, assignmentId, telegramId, { text, attachments: attachment ? [attachment] : [] });
}

/**
 * Records an obstacle and sends it at once to the issuer and the secretariat, with its files
 * and the buttons to answer, extend or mark it handled; its reminder chain starts.
 */
export async function createObstacle(deps: AppDeps, assignmentId: number, telegramId: number, draft: ObstacleDraft): Promise<ObstacleResult> {
  if (draft.text.trim() === '') return { ok: false, reason: 'empty' };
  if (draft.text.trim().length > MAX_OBSTACLE_TEXT) return { ok: false, reason: 'too_long' };
  const check = await checkReporter(deps, assignmentId, telegramId);
  if (!check.ok) return check;
  const { person, ctx } = check;
  const now = deps.now();
  const recipients = await decidersOf(deps, ctx.issuer_id);
  const policy = await loadPolicy(deps);
  const obstacle = await inTransaction(
    deps,
    async (u) => {
      const { trx } = u;
      const o = await insertObstacle(
        trx,
        { assignment_id: ctx.id, instruction_id: ctx.instruction_id, opd_id: ctx.opd_id, person_id: person.id, text: draft.text.trim(), attachments: draft.attachments },
        now,
      );
      await recordEvent(
        trx,
        {
          kind: 'obstacle_reported',
          instruction_id: ctx.instruction_id,
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          actor_telegram_id: telegramId,
          data: { obstacle: o.id, files: draft.attachments.length },
        },
        now,
      );
      const rows = forwardWithFiles(recipients, ctx, 'obstacle', draft.attachments, (t) => ({
        ...renderObstacleForward(t, { obstacleId: o.id, ...forwardedText(ctx, person.name, o.text, draft.attachments.length) }),
        caption: (index, count) => renderObstacleAttachment(t, ctx.number, ctx.opd_code, index, count),
      }));
      await writeMessages(u, rows);
      u.effect(effects.summary(ctx.instruction_id, now, deps.config.summaryEditIntervalMs));
      const step = nextObstacleStep(obstacleTimerState({ ...o, priority: ctx.priority, instruction_state: ctx.instruction_state }), policy);
      if (step) u.effect(effects.obstacleStep(o.id, step.at));
      return o;
    },
    now,
  );
  return { ok: true, obstacle, ctx };
}

// --- the issuer's or secretariat's response

export type ObstacleDecision =
  | { ok: true; number: string; opd: string; due?: number }
  | { ok: false; reason: 'unknown' | 'not_decider' | 'closed' | 'answer_empty' | 'answer_too_long' }
  | { ok: false; reason: 'already_handled' | 'already_extended'; by: string; at: number };

async function decidable(deps: AppDeps, obstacleId: number, telegramId: number) {
  const obstacle = await findObstacle(deps.db, obstacleId);
  if (!obstacle) return { ok: false as const, reason: 'unknown' as const };
  const ctx = (await loadAssignmentContext(deps.db, obstacle.assignment_id))!;
  const decider = await findPersonByTelegramId(deps.db, telegramId);
  if (!decider || !mayDecide(decider, ctx.issuer_id)) return { ok: false as const, reason: 'not_decider' as const };
  return { ok: true as const, obstacle, ctx, decider };
}

async function handledRefusal(deps: AppDeps, o: Obstacle): Promise<ObstacleDecision> {
  const by = o.handled_by !== null ? await findPersonById(deps.db, o.handled_by) : undefined;
  return { ok: false, reason: 'already_handled', by: by?.name ?? '-', at: o.handled_at ?? 0 };
}

/** `at` when the obstacle carries no extension time. */
async function extendedRefusal(deps: AppDeps, o: Obstacle, at: number): Promise<ObstacleDecision> {
  const by = o.extended_by !== null ? await findPersonById(deps.db, o.extended_by) : undefined;
  return { ok: false, reason: 'already_extended', by: by?.name ?? '-', at: o.extended_at ?? at };
}

/**
 * Everyone else concerned hears of an obstacle decision (issue #15): the issuer when the
 * secretariat decided, every secretariat member but the decider (decisionAudience, the one
 * list every decision uses). Once handled, every copy of the obstacle (forwarded, reminder,
 * escalation) loses its buttons: who handled it, and when.
 */
async function tellOthers(deps: AppDeps, u: Unit, told: Audience, ctx: AssignmentContext, who: Person, obstacleId: number, what: ObstacleTold, now: number): Promise<void> {
  const tz = deps.config.timezone;
  await writeMessages(
    u,
    [...told.issuer.map((p) => ({ p, kind: 'issuer_told_obstacle' })), ...told.secretariat.map((p) => ({ p, kind: 'secretariat_told_obstacle' }))].map(({ p, kind }) => ({
      chat_id: p.chatId,
      text: renderObstacleTold(messagesFor(p.lang), tz, ctx.number, ctx.opd_code, who.name, what),
      kind,
      assignment_id: ctx.id,
      opd_id: ctx.opd_id,
      priority: 2,
    })),
  );
  if (what.what !== 'handled') return;
  const data = obstacleButtons.handled.pack({ obstacle: obstacleId });
  for (const kind of ['obstacle', 'obstacle_remind', 'obstacle_escalate']) await retireDecisionCopies(u, kind, data, (t) => renderObstacleHandledLine(t, tz, who.name, now));
}

type Audience = Awaited<ReturnType<typeof decisionAudience>>;

/** The OPD group of the assignment hears `text`, as a reply to its instruction message (nothing when it has no group). */
async function tellGroup(u: Unit, ctx: AssignmentContext, kind: string, text: string): Promise<void> {
  if (ctx.chat_id === null) return;
  await writeMessages(u, [{ chat_id: ctx.chat_id, text, kind, assignment_id: ctx.id, opd_id: ctx.opd_id, priority: priorityRank(ctx.priority), reply_to: ctx.message_id }]);
}

/**
 * An answer or "handled": `mark` records it only while the obstacle is open; in the same
 * transaction the event, the OPD group's message and the summary refresh. Refused when
 * the obstacle was handled first.
 */
async function decideAndTellGroup(
  deps: AppDeps,
  d: Extract<Awaited<ReturnType<typeof decidable>>, { ok: true }>,
  telegramId: number,
  decision: { mark: (trx: Unit['trx'], by: number, now: number) => Promise<boolean>; event: string; kind: string; groupText: string; told: ObstacleTold },
): Promise<ObstacleDecision> {
  const { obstacle, ctx, decider } = d;
  const now = deps.now();
  const told = await decisionAudience(deps, decider, ctx.issuer_id);
  const done = await inTransaction(
    deps,
    async (u) => {
      if (!(await decision.mark(u.trx, decider.id, now))) return false;
      await recordEvent(
        u.trx,
        { kind: decision.event, instruction_id: ctx.instruction_id, assignment_id: ctx.id, opd_id: ctx.opd_id, actor_telegram_id: telegramId, data: { obstacle: obstacle.id } },
        now,
      );
      await tellGroup(u, ctx, decision.kind, decision.groupText);
      await tellOthers(deps, u, told, ctx, decider, obstacle.id, decision.told, now);
      u.effect(effects.summary(ctx.instruction_id, now, deps.config.summaryEditIntervalMs));
      return true;
    },
    now,
  );
  if (!done) return handledRefusal(deps, (await findObstacle(deps.db, obstacle.id))!);
  return { ok: true, number: ctx.number, opd: ctx.opd_code };
}

/** 💬 Tanggapi: the answer is asked for in the presser's private chat. */
export async function askObstacleAnswer(deps: AppDeps, obstacleId: number, telegramId: number): Promise<ObstacleDecision> {
  const d = await decidable(deps, obstacleId, telegramId);
  if (!d.ok) return d;
  if (d.obstacle.state !== 'open') return handledRefusal(deps, d.obstacle);
  await saveConversation(deps.db, telegramId, { kind: 'obstacle_answer', refId: obstacleId, step: 'answer', data: {} }, deps.now());
  return { ok: true, number: d.ctx.number, opd: d.ctx.opd_code };
}

/** The decider's next text while an answer is awaited: sent to the OPD group. Null when none is awaited. */
export async function giveObstacleAnswer(deps: AppDeps, telegramId: number, text: string): Promise<ObstacleDecision | null> {
  const conv = await getConversation(deps.db, telegramId);
  if (conv?.kind !== 'obstacle_answer') return null;
  const answer = text.trim();
  if (answer === '') return { ok: false, reason: 'answer_empty' };
  if (answer.length > MAX_REASON_TEXT) return { ok: false, reason: 'answer_too_long' };
  const d = await decidable(deps, conv.refId, telegramId);
  await endConversation(deps.db, telegramId);
  if (!d.ok) return d;
  return decideAndTellGroup(deps, d, telegramId, {
    mark: (trx, by, now) => answerObstacle(trx, d.obstacle.id, answer, by, now),
    event: 'obstacle_answered',
    kind: 'obstacle_answer',
    groupText: renderObstacleAnswerGroup(defaultMessages, d.ctx.number, d.decider.name, answer),
    told: { what: 'answered', answer },
  });
}

/** ✔ Selesai ditangani: once; the reminders stop and the OPD group is told. */
export async function handleObstacle(deps: AppDeps, obstacleId: number, telegramId: number): Promise<ObstacleDecision> {
  const d = await decidable(deps, obstacleId, telegramId);
  if (!d.ok) return d;
  return decideAndTellGroup(deps, d, telegramId, {
    mark: (trx, by, now) => markObstacleHandled(trx, d.obstacle.id, by, now),
    event: 'obstacle_handled',
    kind: 'obstacle_handled',
    groupText: renderObstacleHandledGroup(defaultMessages, d.ctx.number, d.decider.name),
    told: { what: 'handled' },
  });
}

/**
 * 📅 Perpanjang: that OPD's due date moves, in one tap, OBSTACLE_EXTENSION_MS past the later
 * of the current due date and now (as an approved extension request moves it: the follow-up
 * reminders start again from the new date). Once per obstacle.
 */
export async function extendFromObstacle(deps: AppDeps, obstacleId: number, telegramId: number): Promise<ObstacleDecision> {
  const d = await decidable(deps, obstacleId, telegramId);
  if (!d.ok) return d;
  const { obstacle, ctx, decider } = d;
  if (obstacle.extended_at !== null) return extendedRefusal(deps, obstacle, obstacle.extended_at);
  if (ctx.instruction_state !== 'open' || !isFollowUpOpen(ctx.state)) return { ok: false, reason: 'closed' };
  const now = deps.now();
  const due = extendedDue(ctx.due_at, now);
  const tz = deps.config.timezone;
  const told = await decisionAudience(deps, decider, ctx.issuer_id);
  const done = await inTransaction(
    deps,
    async (u) => {
      const { trx } = u;
      if (!(await markObstacleExtended(trx, obstacle.id, decider.id, now))) return false;
      await trx.updateTable('assignments').set({ due_at: due, fu_stage: 0, fu_plan_from: now, last_overdue_at: null, updated_at: now }).where('id', '=', ctx.id).execute();
      await recordEvent(
        trx,
        {
          kind: 'obstacle_extended',
          instruction_id: ctx.instruction_id,
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          actor_telegram_id: telegramId,
          data: { obstacle: obstacle.id, from: ctx.due_at, to: due },
        },
        now,
      );
      u.effect(effects.planTimers([ctx.id]), effects.groupRefresh(ctx.id), effects.summary(ctx.instruction_id, now, deps.config.summaryEditIntervalMs));
      await tellGroup(u, ctx, 'obstacle_extended', renderObstacleExtendedGroup(defaultMessages, tz, ctx.number, due));
      await tellOthers(deps, u, told, ctx, decider, obstacle.id, { what: 'extended', due, now }, now);
      return true;
    },
    now,
  );
  if (!done) return extendedRefusal(deps, (await findObstacle(deps.db, obstacle.id))!, now);
  return { ok: true, number: ctx.number, opd: ctx.opd_code, due };
}

// --- the reminder chain (the remind feature's pattern: steps rebuilt from the database)

function obstacleTimerState(row: Pick<ObstacleTimerRow, 'priority' | 'instruction_state' | 'state' | 'responded_at' | 'created_at' | 'reminded_at' | 'escalated_at'>) {
  return {
    priority: row.priority,
    instructionOpen: row.instruction_state === 'open',
    open: row.state === 'open',
    respondedAt: row.responded_at,
    createdAt: row.created_at,
    remindedAt: row.reminded_at,
    escalatedAt: row.escalated_at,
  };
}

const FIRE_TOLERANCE_MS = 500;

function stepJob(deps: AppDeps, obstacleId: number, step: ObstacleStep): QueuedJob {
  return asJob(effects.obstacleStep(obstacleId, step.at), deps.now());
}

/** On start: the next step of every open, unanswered obstacle is planned again from the database. */
export async function reconcileObstacleTimers(deps: AppDeps): Promise<number> {
  const policy = await loadPolicy(deps);
  const jobs: QueuedJob[] = [];
  let after = 0;
  for (;;) {
    const ids = await listWaitingObstacleIds(deps.db, after, 500);
    if (ids.length === 0) break;
    for (const id of ids) {
      const row = await loadObstacleTimerRow(deps.db, id);
      const step = row && nextObstacleStep(obstacleTimerState(row), policy);
      if (step) jobs.push(stepJob(deps, id, step));
    }
    after = ids[ids.length - 1]!;
  }
  await requeue(deps.queues.timers, jobs);
  return jobs.length;
}

export type ObstacleStepResult = 'gone' | 'stopped' | 'rescheduled' | 'taken' | 'fired';

/**
 * A step of an obstacle's chain fired: checked against the state now (answered or handled
 * meanwhile: nothing is sent), claimed with a conditional update, its messages and the next
 * step committed together.
 */
export async function runObstacleTimer(deps: AppDeps, obstacleId: number, policyIn?: ReminderPolicy): Promise<ObstacleStepResult> {
  const row = await loadObstacleTimerRow(deps.db, obstacleId);
  if (!row) return 'gone';
  const policy = policyIn ?? (await loadPolicy(deps));
  const step = nextObstacleStep(obstacleTimerState(row), policy);
  if (!step) return 'stopped';
  const now = deps.now();
  if (step.at > now + FIRE_TOLERANCE_MS) {
    await addJobs(deps.queues.timers, [stepJob(deps, obstacleId, step)]);
    return 'rescheduled';
  }
  const recipients = step.kind === 'obstacle_remind' ? await issuerOf(deps, row.issuer_id) : await secretariat(deps);
  const attachments = JSON.parse(row.attachments) as Attachment[];
  const fired = await inTransaction(
    deps,
    async (u) => {
      if (!(await claimObstacleStep(u.trx, row.id, step.kind, now))) return false;
      await recordEvent(
        u.trx,
        {
          kind: step.kind,
          instruction_id: row.instruction_id,
          assignment_id: row.assignment_id,
          opd_id: row.opd_id,
          data: { obstacle: row.id, planned_at: step.at, recipients: recipients.length },
        },
        now,
      );
      await writeMessages(
        u,
        recipients.map((r) => {
          const { text, buttons } = renderObstacleStep(messagesFor(r.lang), step.kind, {
            obstacleId: row.id,
            number: row.number,
            opdCode: row.opd_code,
            opdName: row.opd_name,
            reporter: row.reporter_name,
            text: row.text,
            files: attachments.length,
            waitedMs: now - row.created_at,
            issuer: row.issuer_name,
          });
          return { chat_id: r.chatId, text, kind: step.kind, assignment_id: row.assignment_id, opd_id: row.opd_id, priority: priorityRank(row.priority), buttons };
        }),
      );
      const fresh = await loadObstacleTimerRow(u.trx, row.id);
      const next = fresh && nextObstacleStep(obstacleTimerState(fresh), policy);
      if (next) u.effect(effects.obstacleStep(row.id, next.at));
      return true;
    },
    now,
  );
  return fired ? 'fired' : 'taken';
}

/** /status: the obstacles of one instruction. */
export const obstaclesOf = (deps: AppDeps, instructionId: number) => listInstructionObstacles(deps.db, instructionId);
