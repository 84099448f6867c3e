import { loadAssignmentContext, type AssignmentContext } from '../instruction/assignments.queries';
import { endConversation, getConversation, saveConversation } from '../../infra/db/conversations';
import { recordEvent } from '../../infra/db/events';
import { decideExtensionRequest, findExtensionRequest, insertExtensionRequest, moveRequestedDue, setOutboxText } from './extensions.queries';
import { findDecisionCopies, findOutbox } from '../notify/outbox.queries';
import { classifySendError, isNotModified } from '../../infra/telegram/errors';
import { findPersonById, findPersonByTelegramId } from '../organisation/people.queries';
import type { Person } from '../../infra/db/schema';
import { isFollowUpOpen } from '../../domain/assignment';
import { parseDeadline, type DeadlineError } from '../../domain/deadline';
import { offWorkingDay, type OffDay } from '../../domain/working-time';
import { deadlineCalendar } from '../remind/calendar';
import { ackDenial, mayDecide } from '../../domain/permissions';
import type { AppDeps } from '../../infra/deps';
import { defaultMessages, messagesFor } from '../../infra/i18n';
import { effects, inTransaction, priorityRank } from '../../infra/queue/effects';
import { RateLimited, retireDecisionCopies, writeMessages } from '../notify/notify';
import { extensionButtons } from './extend.callbacks';
import type { NewOutboxMessage } from '../notify/outbox.queries';
import { findInstruction } from '../status/status';
import { decisionAudience, deciders as decidersOf } from '../organisation/recipients';
import { MAX_REASON_TEXT } from '../report/review';
import { renderExtDecisionLine, renderExtensionDecidedGroup, renderExtensionRequest, renderIssuerToldExtDecided } from './extend.view';

export type ExtensionProblem =
  | { error: 'usage' | 'bad_number' | 'not_member' | 'reason_missing' | 'reason_too_long' | 'pending' | 'closed' }
  | { error: 'unknown'; number: string }
  | { error: 'deadline_format'; deadline: DeadlineError }
  | { error: 'not_later'; due: number };

/**
 * Splits "Jumat 16.00 menunggu data" into the longest leading words that read as a deadline
 * and the reason that follows.
 */
export function splitDeadlineAndReason(words: string[], now: number, tz: string): { at: number; reason: string } | { error: DeadlineError } {
  let lastError: DeadlineError = { code: 'empty' };
  for (let n = Math.min(words.length, 6); n >= 1; n--) {
    const parsed = parseDeadline(words.slice(0, n).join(' '), now, tz);
    if (parsed.ok) return { at: parsed.at, reason: words.slice(n).join(' ').trim() };
    if (n === 1) lastError = parsed.error;
  }
  return { error: lastError };
}

async function memberAssignment(deps: AppDeps, person: Person | undefined, instructionId: number) {
  if (!person || ackDenial(person, person.opd_id ?? -1)) return null;
  const row = await deps.db.selectFrom('assignments').select('id').where('instruction_id', '=', instructionId).where('opd_id', '=', person.opd_id!).executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** /minta_perpanjangan NOMOR BATAS_BARU ALASAN by a member of a target OPD. */
export async function requestExtensionByCommand(
  deps: AppDeps,
  telegramId: number,
  args: string[],
): Promise<{ ok: true; number: string; due: number; requestId: number; offDay: OffDay | null } | ({ ok: false } & ExtensionProblem)> {
  const [raw, ...rest] = args;
  if (!raw || rest.length === 0) return { ok: false, error: 'usage' };
  const found = await findInstruction(deps, raw);
  if (!found.ok) return found.error === 'bad_number' ? { ok: false, error: 'bad_number' } : { ok: false, error: 'unknown', number: found.number };
  const person = await findPersonByTelegramId(deps.db, telegramId);
  const assignmentId = await memberAssignment(deps, person, found.value.id);
  if (assignmentId === null || !person) return { ok: false, error: 'not_member' };
  const split = splitDeadlineAndReason(rest, deps.now(), deps.config.timezone);
  if ('error' in split) return { ok: false, error: 'deadline_format', deadline: split.error };
  const res = await submitExtension(deps, person, assignmentId, split.at, split.reason);
  // Sent as typed; the answer says when that is a day off (issue #15).
  return res.ok ? { ...res, offDay: offWorkingDay(deadlineCalendar(deps), split.at) } : res;
}

export async function submitExtension(
  deps: AppDeps,
  person: Person,
  assignmentId: number,
  at: number,
  reason: string,
): Promise<{ ok: true; number: string; due: number; requestId: number } | ({ ok: false } & ExtensionProblem)> {
  // Deactivated while the request was being written: refused like any other request of theirs.
  if (person.active !== 1) return { ok: false, error: 'not_member' };
  const ctx = (await loadAssignmentContext(deps.db, assignmentId))!;
  const now = deps.now();
  if (ctx.instruction_state !== 'open' || !isFollowUpOpen(ctx.state)) return { ok: false, error: 'closed' };
  if (at <= now || at <= ctx.due_at) return { ok: false, error: 'not_later', due: ctx.due_at };
  if (reason.trim() === '') return { ok: false, error: 'reason_missing' };
  if (reason.trim().length > MAX_REASON_TEXT) return { ok: false, error: 'reason_too_long' };
  const pending = await deps.db.selectFrom('extension_requests').select('id').where('assignment_id', '=', assignmentId).where('state', '=', 'pending').executeTakeFirst();
  if (pending) return { ok: false, error: 'pending' };
  const deciders = await decidersOf(deps, ctx.issuer_id);
  const requestId = await inTransaction(
    deps,
    async (u) => {
      const { trx } = u;
      const req = await insertExtensionRequest(trx, { assignment_id: assignmentId, requested_by: person.id, requested_due: at, reason: reason.trim() }, now);
      await recordEvent(
        trx,
        {
          kind: 'extension_requested',
          instruction_id: ctx.instruction_id,
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          actor_telegram_id: person.telegram_id,
          data: { request: req.id, to: at, reason },
        },
        now,
      );
      const tz = deps.config.timezone;
      await writeMessages(
        u,
        deciders.map((d) => {
          const { text, buttons } = renderExtensionRequest(
            messagesFor(d.lang),
            tz,
            {
              requestId: req.id,
              number: ctx.number,
              opdCode: ctx.opd_code,
              opdName: ctx.opd_name,
              requester: person.name,
              currentDue: ctx.due_at,
              requestedDue: at,
              reason: reason.trim(),
            },
            now,
          );
          return { chat_id: d.chatId, text, kind: 'extension_request', assignment_id: ctx.id, opd_id: ctx.opd_id, priority: priorityRank(ctx.priority), buttons };
        }),
      );
      return req.id;
    },
    now,
  );
  return { ok: true, number: ctx.number, due: at, requestId };
}

/** ⏳ button → a short exchange in the private chat: the new date, then the reason. */
export async function startExtensionConversation(
  deps: AppDeps,
  assignmentId: number,
  telegramId: number,
): Promise<{ ok: true; ctx: AssignmentContext } | { ok: false; error: 'not_member' | 'closed' }> {
  const ctx = await loadAssignmentContext(deps.db, assignmentId);
  const person = await findPersonByTelegramId(deps.db, telegramId);
  if (!ctx || !person || ackDenial(person, ctx.opd_id)) return { ok: false, error: 'not_member' };
  if (ctx.instruction_state !== 'open' || !isFollowUpOpen(ctx.state)) return { ok: false, error: 'closed' };
  await saveConversation(deps.db, telegramId, { kind: 'extension', refId: assignmentId, step: 'date', data: {} }, deps.now());
  return { ok: true, ctx };
}

export type ExtensionStep = { step: 'ask_reason'; offDay: OffDay | null } | { step: 'sent'; number: string; due: number } | ({ step: 'problem' } & ExtensionProblem);

export async function continueExtension(deps: AppDeps, telegramId: number, text: string): Promise<ExtensionStep | null> {
  const conv = await getConversation<{ at?: number }>(deps.db, telegramId);
  if (conv?.kind !== 'extension') return null;
  const person = (await findPersonByTelegramId(deps.db, telegramId))!;
  if (conv.step === 'date') {
    const parsed = parseDeadline(text, deps.now(), deps.config.timezone);
    if (!parsed.ok) return { step: 'problem', error: 'deadline_format', deadline: parsed.error };
    const ctx = (await loadAssignmentContext(deps.db, conv.refId))!;
    if (parsed.at <= deps.now() || parsed.at <= ctx.due_at) return { step: 'problem', error: 'not_later', due: ctx.due_at };
    await saveConversation(deps.db, telegramId, { ...conv, step: 'reason', data: { at: parsed.at } }, deps.now());
    return { step: 'ask_reason', offDay: offWorkingDay(deadlineCalendar(deps), parsed.at) };
  }
  if (text.trim() === '') return { step: 'problem', error: 'reason_missing' };
  if (text.trim().length > MAX_REASON_TEXT) return { step: 'problem', error: 'reason_too_long' };
  await endConversation(deps.db, telegramId);
  const res = await submitExtension(deps, person, conv.refId, conv.data.at!, text);
  return res.ok ? { step: 'sent', number: res.number, due: res.due } : { step: 'problem', ...res };
}

/**
 * "Geser ke …" while the reason is being asked: the date typed falls on a day off, and the
 * request will ask for the next working day at the same time instead (issue #15).
 */
export async function shiftExtensionDate(deps: AppDeps, telegramId: number): Promise<{ ok: true; at: number } | { ok: false }> {
  const conv = await getConversation<{ at?: number }>(deps.db, telegramId);
  if (conv?.kind !== 'extension' || conv.step !== 'reason' || conv.data.at === undefined) return { ok: false };
  const off = offWorkingDay(deadlineCalendar(deps), conv.data.at);
  if (!off) return { ok: true, at: conv.data.at };
  await saveConversation(deps.db, telegramId, { ...conv, data: { ...conv.data, at: off.next } }, deps.now());
  return { ok: true, at: off.next };
}

export type ShiftRequestResult =
  | { ok: true; number: string; due: number }
  | { ok: false; reason: 'unknown' | 'not_member' | 'not_off_day' }
  | { ok: false; reason: 'decided'; decided: DecisionResult };

/**
 * "Geser ke …" under the answer to /minta_perpanjangan (issue #15): the request was sent for
 * a day off and, while no one has decided it, its date moves to the next working day at the
 * same time. Every decider's copy is amended (its text in the outbox, so a copy not sent yet
 * goes out with the new date, and an edit of each copy already sent, its buttons kept).
 * Pressed after the decision, or a second time, nothing moves.
 */
export async function shiftPendingRequest(deps: AppDeps, requestId: number, telegramId: number): Promise<ShiftRequestResult> {
  const req = await findExtensionRequest(deps.db, requestId);
  if (!req) return { ok: false, reason: 'unknown' };
  const ctx = (await loadAssignmentContext(deps.db, req.assignment_id))!;
  const person = await findPersonByTelegramId(deps.db, telegramId);
  if (!person || ackDenial(person, ctx.opd_id)) return { ok: false, reason: 'not_member' };
  if (req.state !== 'pending') return { ok: false, reason: 'decided', decided: await alreadyDecided(deps, requestId) };
  const off = offWorkingDay(deadlineCalendar(deps), req.requested_due);
  if (!off) return { ok: false, reason: 'not_off_day' };
  const requester = (await findPersonById(deps.db, req.requested_by))?.name ?? person.name;
  const tz = deps.config.timezone;
  const now = deps.now();
  const moved = await inTransaction(
    deps,
    async (u) => {
      const { trx } = u;
      if (!(await moveRequestedDue(trx, requestId, req.requested_due, off.next))) return false;
      await recordEvent(
        trx,
        {
          kind: 'extension_request_shifted',
          instruction_id: ctx.instruction_id,
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          actor_telegram_id: telegramId,
          data: { request: requestId, from: req.requested_due, to: off.next },
        },
        now,
      );
      const copies = await findDecisionCopies(trx, 'extension_request', extensionButtons.decide.pack({ decision: 'ok', request: requestId }));
      for (const c of copies) {
        const t = messagesFor((await findPersonByTelegramId(trx, c.chat_id))?.lang);
        const { text } = renderExtensionRequest(
          t,
          tz,
          {
            requestId,
            number: ctx.number,
            opdCode: ctx.opd_code,
            opdName: ctx.opd_name,
            requester,
            currentDue: ctx.due_at,
            requestedDue: off.next,
            reason: req.reason,
          },
          now,
        );
        await setOutboxText(trx, c.id, text);
        u.effect(effects.amendCopy(c.id, requestId, now));
      }
      return true;
    },
    now,
  );
  if (!moved) return shiftPendingRequest(deps, requestId, telegramId);
  return { ok: true, number: ctx.number, due: off.next };
}

/**
 * The job of `shiftPendingRequest`: a decider's sent copy shows the amended text (from its
 * outbox row), its Setujui / Tolak kept. Once the request is decided it does nothing: the
 * decision's own edit (who decided what, and when) is the copy's last word.
 */
export async function amendRequestCopy(deps: AppDeps, outboxId: number, requestId: number): Promise<void> {
  const req = await findExtensionRequest(deps.db, requestId);
  if (req?.state !== 'pending') return;
  const row = await findOutbox(deps.db, outboxId);
  if (!row || row.state === 'failed') return;
  if (row.state !== 'sent' || row.message_id === null) throw new Error(`outbox ${outboxId} not sent yet: its copy is amended once it is`);
  try {
    await deps.api.editMessageText(row.chat_id, row.message_id, row.text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(row.buttons ? { reply_markup: JSON.parse(row.buttons) } : {}),
    });
  } catch (err) {
    if (isNotModified(err)) return;
    const f = classifySendError(err);
    if (f.kind === 'rate_limited') throw new RateLimited(f.retryAfterSec * 1000);
    if (f.kind === 'bad_request' || f.kind === 'chat_gone') {
      deps.logger.info({ outboxId, reason: f.description }, 'an extension request copy could not be amended');
      return;
    }
    throw err;
  }
}

export type DecisionResult =
  | { ok: true; approved: boolean; number: string; opd: string; due: number }
  | { ok: false; reason: 'unknown' | 'not_decider' | 'closed' }
  /** `by`: who decided first, what and when (absent for a request decided by someone since removed). */
  | { ok: false; reason: 'already_decided'; by?: { name: string; approved: boolean; at: number } }
  | { ok: false; reason: 'superseded'; due: number };

/** The refusal of a second decision names the first one: a deputy pressing an old copy learns who decided. */
async function alreadyDecided(deps: AppDeps, requestId: number): Promise<DecisionResult> {
  const req = await findExtensionRequest(deps.db, requestId);
  const who = req?.decided_by != null ? await findPersonById(deps.db, req.decided_by) : undefined;
  if (!req || !who || req.decided_at === null) return { ok: false, reason: 'already_decided' };
  return { ok: false, reason: 'already_decided', by: { name: who.name, approved: req.state === 'approved', at: req.decided_at } };
}

/** Setujui / Tolak by the issuer or the secretariat, once. Approval moves that OPD's due date. */
export async function decideExtension(deps: AppDeps, requestId: number, deciderTelegramId: number, approve: boolean): Promise<DecisionResult> {
  const req = await findExtensionRequest(deps.db, requestId);
  if (!req) return { ok: false, reason: 'unknown' };
  const ctx = (await loadAssignmentContext(deps.db, req.assignment_id))!;
  const decider = await findPersonByTelegramId(deps.db, deciderTelegramId);
  if (!decider || !mayDecide(decider, ctx.issuer_id)) return { ok: false, reason: 'not_decider' };
  if (req.state !== 'pending') return alreadyDecided(deps, requestId);
  if (approve && (ctx.instruction_state !== 'open' || !isFollowUpOpen(ctx.state))) return { ok: false, reason: 'closed' };
  // The due date moved past the requested one meanwhile (/perpanjang): approving would shorten it.
  if (approve && req.requested_due <= ctx.due_at) return { ok: false, reason: 'superseded', due: ctx.due_at };
  const now = deps.now();
  const tz = deps.config.timezone;
  // Decided by someone else (the secretariat): the issuer is told; by the issuer: the secretariat (issue #15).
  const told = await decisionAudience(deps, decider, ctx.issuer_id);
  const dueNow = approve ? req.requested_due : ctx.due_at;
  const decided = await inTransaction(
    deps,
    async (u) => {
      const { trx } = u;
      if (!(await decideExtensionRequest(trx, requestId, approve, decider.id, now))) return false;
      if (approve) {
        await trx
          .updateTable('assignments')
          .set({ due_at: req.requested_due, fu_stage: 0, fu_plan_from: now, last_overdue_at: null, updated_at: now })
          .where('id', '=', ctx.id)
          .execute();
      }
      await recordEvent(
        trx,
        {
          kind: approve ? 'extension_approved' : 'extension_refused',
          instruction_id: ctx.instruction_id,
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          actor_telegram_id: deciderTelegramId,
          data: { request: requestId, to: req.requested_due },
        },
        now,
      );
      // The group's instruction message states the due date: show the new one.
      if (approve) u.effect(effects.planTimers([ctx.id]), effects.groupRefresh(ctx.id));
      u.effect(effects.summary(ctx.instruction_id, now, deps.config.summaryEditIntervalMs));
      // Every decider's copy of the request loses its buttons: who decided what, and when.
      await retireDecisionCopies(u, 'extension_request', extensionButtons.decide.pack({ decision: 'ok', request: requestId }), (t) =>
        renderExtDecisionLine(t, tz, approve, decider.name, now),
      );
      const rows: NewOutboxMessage[] = [
        ...told.issuer.map((p) => ({ p, kind: 'issuer_told_extension' })),
        ...told.secretariat.map((p) => ({ p, kind: 'secretariat_told_extension' })),
      ].map(({ p, kind }) => ({
        chat_id: p.chatId,
        text: renderIssuerToldExtDecided(messagesFor(p.lang), tz, approve, ctx.number, ctx.opd_code, decider.name, dueNow, now),
        kind,
        assignment_id: ctx.id,
        opd_id: ctx.opd_id,
        priority: 2,
      }));
      if (ctx.chat_id !== null) {
        const text = renderExtensionDecidedGroup(defaultMessages, tz, approve, ctx.number, dueNow, now);
        rows.push({
          chat_id: ctx.chat_id,
          text,
          kind: 'extension_decided',
          assignment_id: ctx.id,
          opd_id: ctx.opd_id,
          priority: priorityRank(ctx.priority),
          reply_to: ctx.message_id,
        });
      }
      await writeMessages(u, rows);
      return true;
    },
    now,
  );
  if (!decided) return alreadyDecided(deps, requestId);
  return { ok: true, approved: approve, number: ctx.number, opd: ctx.opd_code, due: approve ? req.requested_due : ctx.due_at };
}
