import { insertAssignments } from '../instruction/assignments.queries';
import { recordEvent } from '../../infra/db/events';
import { insertInstruction, nextSequence, setSummaryMessage } from '../instruction/instructions.queries';
import type { Person, Priority } from '../../infra/db/schema';
import { checkTimings, MAX_INSTRUCTION_TEXT, parsePriority, parseTargets, type InstructionForm } from '../../domain/instruction-form';
import { parseDeadline, type DeadlineError } from '../../domain/deadline';
import { formatInstructionNumber } from '../../domain/numbering';
import { localParts } from '../../domain/time';
import type { Db } from '../../infra/db/database';
import type { AppDeps } from '../../infra/deps';
import { effects, inTransaction } from '../../infra/queue/effects';
import { renderSummaryFor } from '../instruction/summary';
import { resolveTargets, type DraftTarget } from './targets';
import { findPersonById } from '../organisation/people.queries';
import { writeMessages } from '../notify/notify';
import { messagesFor } from '../../infra/i18n';
import { verificationCode } from '../instruction/verification';
import { renderBehalfNotice } from './draft.view';

/** What the guided flow or the letter form collects before the preview. */
export interface DraftData {
  text?: string;
  target?: DraftTarget;
  ackDeadline?: number;
  dueAt?: number;
  priority?: Priority;
}
/**
 * `onBehalfOf`: the pimpinan (person id) a secretariat member issues on behalf of; required
 * when the issuer is sekretariat, absent (or the issuer) when a pimpinan issues in their own name.
 */
export type CompleteDraft = Required<DraftData> & { onBehalfOf?: number | null };

export type DraftProblem =
  | { error: 'text_empty' }
  | { error: 'text_too_long'; max: number; got: number }
  | { error: 'targets_missing' }
  | { error: 'targets_bad'; raw: string }
  | { error: 'ack_missing' }
  | { error: 'due_missing' }
  | { error: 'deadline_format'; deadline: DeadlineError }
  | { error: 'priority_bad'; raw: string }
  | { error: 'ack_in_past'; at: number }
  | { error: 'due_in_past'; at: number }
  | { error: 'due_before_ack'; ack: number; due: number }
  | { error: 'behalf_missing' }
  | { error: 'behalf_not_allowed' }
  | { error: 'behalf_unknown'; raw: string; known: string[] }
  | { error: 'no_pimpinan' };

export function checkText(text: string): DraftProblem | null {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'text_empty' };
  if (trimmed.length > MAX_INSTRUCTION_TEXT) return { error: 'text_too_long', max: MAX_INSTRUCTION_TEXT, got: trimmed.length };
  return null;
}

export function checkDeadlines(ack: number, due: number, now: number): DraftProblem | null {
  const problem = checkTimings(ack, due, now);
  if (problem === 'ack_in_past') return { error: 'ack_in_past', at: ack };
  if (problem === 'due_in_past') return { error: 'due_in_past', at: due };
  if (problem === 'due_before_ack') return { error: 'due_before_ack', ack, due };
  return null;
}

/** Validates the letter form (header lines + text). Pure apart from the clock. */
export function draftFromForm(form: InstructionForm, now: number, tz: string): { ok: true; draft: CompleteDraft } | { ok: false; problem: DraftProblem } {
  const fail = (problem: DraftProblem) => ({ ok: false as const, problem });
  const textProblem = checkText(form.text);
  if (textProblem) return fail(textProblem);
  if (!form.kepada) return fail({ error: 'targets_missing' });
  const target = parseTargets(form.kepada);
  if (!target) return fail({ error: 'targets_bad', raw: form.kepada });
  if (!form.konfirmasi) return fail({ error: 'ack_missing' });
  if (!form.selesai) return fail({ error: 'due_missing' });
  const ack = parseDeadline(form.konfirmasi, now, tz);
  if (!ack.ok) return fail({ error: 'deadline_format', deadline: ack.error });
  const due = parseDeadline(form.selesai, now, tz);
  if (!due.ok) return fail({ error: 'deadline_format', deadline: due.error });
  const priority = parsePriority(form.sifat);
  if (!priority) return fail({ error: 'priority_bad', raw: form.sifat ?? '' });
  const timing = checkDeadlines(ack.at, due.at, now);
  if (timing) return fail(timing);
  return { ok: true, draft: { text: form.text.trim(), target, ackDeadline: ack.at, dueAt: due.at, priority } };
}

/** An instruction just issued: its number, how many OPD groups it is queued for, the OPDs without a group. */
export type Issued = { ok: true; number: string; instructionId: number; sentTo: number; noChat: string[] };

export type IssueResult = Issued | { ok: false; problem: DraftProblem } | { ok: false; targets: Exclude<Awaited<ReturnType<typeof resolveTargets>>, { ok: true }> };

/**
 * Issues an instruction: numbers it, records one assignment per target OPD and the events,
 * and one delivery per OPD (an effect), all in one transaction; then sends the issuer the
 * summary message that is kept current as OPDs acknowledge.
 */
/** Thrown inside the issue transaction when the draft was already consumed (Kirim pressed twice). */
export class DraftAlreadySent extends Error {}

/**
 * `consume`, when given, runs first in the issue transaction and must return true: the
 * preview's draft is taken there, so two presses of Kirim (reaching two processes at once)
 * issue one instruction; the other press finds the draft gone (DraftAlreadySent).
 * `announce`, when given, tells the issuer that it is going out, once the deliveries are
 * queued and before the summary (issue #14: the leader sees "sedang dikirim …" first).
 */
export async function issueInstruction(
  deps: AppDeps,
  issuer: Person,
  draft: CompleteDraft,
  consume?: (trx: Db) => Promise<boolean>,
  announce?: (issued: Issued) => Promise<unknown>,
): Promise<IssueResult> {
  const now = deps.now();
  const problem = checkText(draft.text) ?? checkDeadlines(draft.ackDeadline, draft.dueAt, now);
  if (problem) return { ok: false, problem };
  const behalf = await onBehalfOf(deps, issuer, draft.onBehalfOf);
  if (!behalf.ok) return { ok: false, problem: behalf.problem };
  const leader = behalf.leader;
  const targets = await resolveTargets(deps.db, draft.target);
  if (!targets.ok) return { ok: false, targets };

  const year = localParts(now, deps.config.timezone).year;
  const { instruction, assignments } = await inTransaction(
    deps,
    async (u) => {
      const { trx, effect } = u;
      if (consume && !(await consume(trx))) throw new DraftAlreadySent();
      const seq = await nextSequence(trx, year);
      const instruction = await insertInstruction(
        trx,
        {
          number: formatInstructionNumber(year, seq),
          text: draft.text,
          issuer_id: issuer.id,
          priority: draft.priority,
          ack_deadline: draft.ackDeadline,
          due_at: draft.dueAt,
          target_label: targets.label,
          on_behalf_of_person_id: leader?.id ?? null,
        },
        now,
      );
      const assignments = await insertAssignments(trx, instruction, targets.opds, now);
      await recordEvent(
        trx,
        {
          kind: 'instruction_issued',
          instruction_id: instruction.id,
          actor_telegram_id: issuer.telegram_id,
          data: { number: instruction.number, targets: targets.opds.map((o) => o.code), priority: draft.priority, ...(leader ? { on_behalf_of: leader.id } : {}) },
        },
        now,
      );
      for (const a of assignments.filter((x) => x.delivery_state === 'no_chat')) {
        await recordEvent(trx, { kind: 'delivery_failed', instruction_id: instruction.id, assignment_id: a.id, opd_id: a.opd_id, data: { reason: 'no_chat' } }, now);
      }
      // One delivery per OPD group, committed with the instruction.
      effect(...assignments.filter((a) => a.delivery_state === 'queued').map((a) => effects.deliver(a.id, draft.priority)));
      // The leader it speaks for is told, with its number and code, in the same transaction.
      if (leader) {
        const code = verificationCode(deps.config.verifySecret, instruction);
        const text = renderBehalfNotice(messagesFor(leader.lang), {
          number: instruction.number,
          sender: issuer.name,
          label: targets.label,
          opds: targets.opds.length,
          code,
          text: draft.text,
        });
        await writeMessages(u, [{ chat_id: leader.telegram_id, text, kind: 'issued_on_behalf', priority: 3 }]);
      }
      return { instruction, assignments };
    },
    now,
  );

  // The deliveries reach the send queue before the summary asks the gate for a slot, so the
  // groups are not queued behind the issuer's chat (measured: first group 1 s later without).
  await deps.dispatcher.flush();
  const queued = assignments.filter((a) => a.delivery_state === 'queued').map((a) => a.id);

  const byId = new Map(targets.opds.map((o) => [o.id, o.code]));
  const noChat = assignments.filter((a) => a.delivery_state === 'no_chat').map((a) => byId.get(a.opd_id) ?? '?');
  const issued: Issued = { ok: true, number: instruction.number, instructionId: instruction.id, sentTo: queued.length, noChat };
  // The instruction is out whatever the announcement does; a failed one is logged, not thrown.
  await announce?.(issued).catch((err: unknown) => deps.logger.warn({ err, instructionId: instruction.id }, 'could not tell the issuer the instruction is going out'));
  await sendSummary(deps, issuer, instruction.id);
  return issued;
}

async function sendSummary(deps: AppDeps, issuer: Person, instructionId: number): Promise<void> {
  const rendered = await renderSummaryFor(deps, instructionId);
  if (!rendered) return;
  try {
    const msg = await deps.api.sendMessage(issuer.telegram_id, rendered.text, { parse_mode: 'HTML', reply_markup: rendered.keyboard });
    await setSummaryMessage(deps.db, instructionId, issuer.telegram_id, msg.message_id);
  } catch (err) {
    // The instruction is out; a missing summary must not undo that. Logged and surfaced by /status.
    deps.logger.warn({ err, instructionId }, 'could not send the issuer summary');
  }
}

/**
 * Nobody speaks for a leader unasked (issue #16): a pimpinan issues in their own name only; a
 * secretariat member must name the active pimpinan the instruction is sent on behalf of.
 */
export async function onBehalfOf(
  deps: AppDeps,
  issuer: Person,
  personId: number | null | undefined,
): Promise<{ ok: true; leader: Person | null } | { ok: false; problem: DraftProblem }> {
  if (issuer.role !== 'sekretariat') {
    if (personId !== undefined && personId !== null && personId !== issuer.id) return { ok: false, problem: { error: 'behalf_not_allowed' } };
    return { ok: true, leader: null };
  }
  if (personId === undefined || personId === null) return { ok: false, problem: { error: 'behalf_missing' } };
  const leader = await findPersonById(deps.db, personId);
  if (leader?.role !== 'pimpinan' || leader.active !== 1) return { ok: false, problem: { error: 'behalf_missing' } };
  return { ok: true, leader };
}
