import { recordEvent } from '../../infra/db/events';
import type { Person } from '../../infra/db/schema';
import { isQuietAt, nextRollcallStep, type RollcallStepKind } from '../../domain/rollcall';
import type { QuietHours } from '../../domain/calendar';
import type { TargetSpec } from '../../domain/instruction-form';
import { localDateKey } from '../../domain/time';
import type { AppDeps } from '../../infra/deps';
import { messagesFor } from '../../infra/i18n';
import { addJobs, requeue } from '../../infra/queue/queues';
import { asJob, effects, inTransaction, type QueuedJob } from '../../infra/queue/effects';
import { isNotModified } from '../../infra/telegram/errors';
import { resolveTargets } from '../issue/targets';
import type { NewOutboxMessage } from '../notify/outbox.queries';
import { writeMessages } from '../notify/notify';
import { findPersonById } from '../organisation/people.queries';
import { issuer, opdHeads, secretariat, type Recipient } from '../organisation/recipients';
import { getQuietHours } from '../remind/calendar';
import {
  claimRollcallStep,
  findEntry,
  findRollcall,
  insertEntries,
  insertRollcall,
  listCallable,
  listEntries,
  listOpenRollcallIds,
  listRecentRollcalls,
  markAnswered,
  setTallyMessage,
  type EntryRow,
} from './rollcalls.queries';
import { type EntryView, type RecapFigure, renderCall, renderNotice, renderTally } from './rollcall.view';
import { rollcallFigures } from './figures';

/** A job may fire a little early; within this window the step is due. */
const FIRE_TOLERANCE_MS = 500;
/** Rows per outbox insert. */
const CHUNK = 500;

export interface StartRequest {
  target: TargetSpec;
  /** null: the configured default (APEL_DEADLINE) from now. */
  deadlineAt: number | null;
  emergency: boolean;
  scheduled?: boolean;
  /** Where the live tally goes (the caller's private chat, or the secretariat's chat), and in which language. */
  tally: { chatId: number; lang: string } | null;
}

export type StartResult =
  | { ok: true; rollcallId: number; called: number; deadlineAt: number; tallySent: boolean }
  | { ok: false; error: 'unknown_codes'; codes: string[] }
  | { ok: false; error: 'unknown_cluster'; name: string; known: string[] }
  | { ok: false; error: 'empty' }
  | { ok: false; error: 'nobody'; scope: string }
  | { ok: false; error: 'quiet'; quiet: QuietHours };

const toView = (e: EntryRow): EntryView => ({ name: e.name, opdCode: e.opd_code, opdName: e.opd_name, answeredAt: e.answered_at });

/**
 * Starts a roll-call: every active head, acting head (today) and on-call member of the OPDs in
 * scope gets a private message with the Hadir button (outbox rows written with the roll-call),
 * the chain's first step (the deadline) is planned in the same transaction, and the live
 * tally is sent. Inside quiet hours only an emergency (`darurat`) goes out.
 */
export async function startRollcall(deps: AppDeps, caller: Person | null, req: StartRequest): Promise<StartResult> {
  const resolved = await resolveTargets(deps.db, req.target);
  if (!resolved.ok) return resolved;
  const now = deps.now();
  const tz = deps.config.timezone;
  const quiet = await getQuietHours(deps);
  if (!req.emergency && quiet && isQuietAt(quiet, now, tz)) return { ok: false, error: 'quiet', quiet };
  const deadlineAt = req.deadlineAt ?? now + deps.config.rollcall.deadlineMs;
  const people = await listCallable(
    deps.db,
    resolved.opds.map((o) => o.id),
    localDateKey(now, tz),
  );
  if (people.length === 0) return { ok: false, error: 'nobody', scope: resolved.label };
  const rollcallId = await inTransaction(
    deps,
    async (u) => {
      const id = await insertRollcall(u.trx, {
        caller_id: caller?.id ?? null,
        scope_label: resolved.label,
        emergency: req.emergency ? 1 : 0,
        scheduled: req.scheduled ? 1 : 0,
        started_at: now,
        deadline_at: deadlineAt,
        tally_chat_id: null,
        tally_message_id: null,
      });
      await insertEntries(u.trx, id, people);
      const rows: NewOutboxMessage[] = people.map((p) => {
        const t = messagesFor(p.lang);
        const call = renderCall(t, tz, deadlineAt, caller?.name ?? t.apel.scheduledBy, req.emergency, id);
        return { chat_id: p.telegram_id, text: call.text, kind: 'rollcall', priority: req.emergency ? 1 : 2, opd_id: p.opd_id, buttons: JSON.stringify(call.buttons) };
      });
      for (let i = 0; i < rows.length; i += CHUNK) await writeMessages(u, rows.slice(i, i + CHUNK));
      await recordEvent(
        u.trx,
        {
          kind: 'rollcall_started',
          actor_telegram_id: caller?.telegram_id ?? null,
          data: { rollcall: id, called: people.length, scheduled: !!req.scheduled, emergency: req.emergency },
        },
        now,
      );
      u.effect(effects.rollcallStep(id, deadlineAt));
      return id;
    },
    now,
  );
  let tallySent = false;
  if (req.tally) {
    // The answer to the caller, sent now (like an instruction's first summary); later changes edit it.
    try {
      const text = await tallyText(deps, rollcallId, req.tally.lang);
      const msg = await deps.api.sendMessage(req.tally.chatId, text ?? '', { parse_mode: 'HTML' });
      await setTallyMessage(deps.db, rollcallId, req.tally.chatId, msg.message_id);
      // An answer that came in before the message id was stored is shown by this edit.
      await inTransaction(deps, async (u) => u.effect(effects.rollcallTally(rollcallId, deps.now(), deps.config.summaryEditIntervalMs)));
      tallySent = true;
    } catch (err) {
      deps.logger.warn({ err, rollcallId }, 'could not send the roll-call tally');
    }
  }
  return { ok: true, rollcallId, called: people.length, deadlineAt, tallySent };
}

async function tallyText(deps: AppDeps, rollcallId: number, lang: string): Promise<string | null> {
  const r = await findRollcall(deps.db, rollcallId);
  if (!r) return null;
  const entries = await listEntries(deps.db, rollcallId);
  return renderTally(messagesFor(lang), deps.config.timezone, deps.now(), {
    scope: r.scope_label,
    emergency: r.emergency === 1,
    startedAt: Number(r.started_at),
    deadlineAt: Number(r.deadline_at),
    closed: r.closed_at !== null,
    entries: entries.map(toView),
  });
}

/** The tally's reader's language: the caller's, or the organisation's for a scheduled roll-call. */
async function tallyLang(deps: AppDeps, callerId: number | null): Promise<string> {
  if (callerId === null) return 'id';
  return (await findPersonById(deps.db, callerId))?.lang ?? 'id';
}

/** The summary job of a roll-call: edits the live tally to the state now. */
export async function refreshRollcallTally(deps: AppDeps, rollcallId: number): Promise<void> {
  const r = await findRollcall(deps.db, rollcallId);
  if (!r || r.tally_chat_id === null || r.tally_message_id === null) return;
  const text = await tallyText(deps, rollcallId, await tallyLang(deps, r.caller_id === null ? null : Number(r.caller_id)));
  if (text === null) return;
  try {
    await deps.api.editMessageText(Number(r.tally_chat_id), Number(r.tally_message_id), text, { parse_mode: 'HTML' });
  } catch (err) {
    if (!isNotModified(err)) throw err;
  }
}

export type AnswerResult = { ok: true; at: number; late: boolean } | { ok: false; reason: 'unknown' | 'not_called' | 'closed' } | { ok: false; reason: 'already'; at: number };

/**
 * "Hadir / HP aktif" pressed. Only a person the roll-call called may answer (the button's data
 * names the roll-call, the presser is who Telegram says pressed); recorded once, with the
 * tally's edit as an effect. An answer after the deadline counts (as late) until the roll-call closes.
 */
export async function answerRollcall(deps: AppDeps, rollcallId: number, telegramId: number): Promise<AnswerResult> {
  const r = await findRollcall(deps.db, rollcallId);
  if (!r) return { ok: false, reason: 'unknown' };
  const entry = await findEntry(deps.db, rollcallId, telegramId);
  // A person deactivated since the call no longer answers for the OPD.
  const active = entry && (await findPersonById(deps.db, Number(entry.person_id)))?.active === 1;
  if (!entry || !active) {
    await recordEvent(deps.db, { kind: 'rollcall_refused', actor_telegram_id: telegramId, data: { rollcall: rollcallId } }, deps.now());
    return { ok: false, reason: 'not_called' };
  }
  if (entry.answered_at !== null) return { ok: false, reason: 'already', at: Number(entry.answered_at) };
  if (r.closed_at !== null) return { ok: false, reason: 'closed' };
  const now = deps.now();
  const late = now > Number(r.deadline_at);
  const won = await inTransaction(
    deps,
    async (u) => {
      if (!(await markAnswered(u.trx, Number(entry.id), now))) return false;
      await recordEvent(u.trx, { kind: 'rollcall_answered', opd_id: Number(entry.opd_id), actor_telegram_id: telegramId, data: { rollcall: rollcallId, late } }, now);
      u.effect(effects.rollcallTally(rollcallId, now, deps.config.summaryEditIntervalMs));
      return true;
    },
    now,
  );
  if (!won) {
    const fresh = await findEntry(deps.db, rollcallId, telegramId);
    return { ok: false, reason: 'already', at: Number(fresh?.answered_at ?? now) };
  }
  return { ok: true, at: now, late };
}

const stateOf = (r: NonNullable<Awaited<ReturnType<typeof findRollcall>>>) => ({
  deadlineAt: Number(r.deadline_at),
  deadlineDoneAt: r.deadline_done_at === null ? null : Number(r.deadline_done_at),
  secEscalatedAt: r.sec_escalated_at === null ? null : Number(r.sec_escalated_at),
  closedAt: r.closed_at === null ? null : Number(r.closed_at),
});

/** Who the last word goes to: the caller, or the secretariat for a scheduled roll-call. */
async function callerSide(deps: AppDeps, callerId: number | null): Promise<Recipient[]> {
  return callerId === null ? secretariat(deps) : issuer(deps, callerId);
}

export type RollcallStepResult = 'gone' | 'stopped' | 'rescheduled' | 'taken' | RollcallStepKind;

/**
 * A step of a roll-call's chain fired. At the deadline the heads of every OPD with someone
 * silent are told who, and the caller gets the list per OPD; after APEL_ESCALATE_AFTER the
 * secretariat gets who is still silent; after twice that the caller gets the final list and
 * the roll-call closes. Nobody silent at the deadline: the caller is told and it closes at
 * once. Each step is claimed with a conditional update and commits with its messages and the
 * next step, as the reminders do.
 */
export async function runRollcallStep(deps: AppDeps, rollcallId: number): Promise<RollcallStepResult> {
  const r = await findRollcall(deps.db, rollcallId);
  if (!r) return 'gone';
  const escalateAfter = deps.config.rollcall.escalateAfterMs;
  const step = nextRollcallStep(stateOf(r), escalateAfter);
  if (!step) return 'stopped';
  const now = deps.now();
  if (step.at > now + FIRE_TOLERANCE_MS) {
    await addJobs(deps.queues.timers, [asJob(effects.rollcallStep(rollcallId, step.at), now)]);
    return 'rescheduled';
  }
  const tz = deps.config.timezone;
  const entries = (await listEntries(deps.db, rollcallId)).map((e) => ({ ...toView(e), opdId: e.opd_id }));
  const missing = entries.filter((e) => e.answeredAt === null);
  const callerId = r.caller_id === null ? null : Number(r.caller_id);
  const deadlineAt = Number(r.deadline_at);
  const messages: NewOutboxMessage[] = [];
  const say = (to: Recipient[], kind: Parameters<typeof renderNotice>[2], list: EntryView[]) => {
    for (const p of to)
      messages.push({ chat_id: p.chatId, text: renderNotice(messagesFor(p.lang), tz, kind, r.scope_label, deadlineAt, list), kind: `rollcall_${kind}`, priority: 2 });
  };
  // Nobody silent: nothing to escalate, the roll-call ends here.
  const closesNow = step.kind === 'close' || missing.length === 0;
  if (step.kind === 'deadline' && missing.length > 0) {
    const opdIds = [...new Set(missing.map((m) => m.opdId))];
    for (const opdId of opdIds)
      say(
        await opdHeads(deps, opdId),
        'head',
        missing.filter((m) => m.opdId === opdId),
      );
    say(await callerSide(deps, callerId), 'caller_deadline', missing);
  } else if (step.kind === 'secretariat' && missing.length > 0) {
    say(await secretariat(deps), 'secretariat', missing);
  } else if (step.kind === 'close' && missing.length > 0) {
    say(await callerSide(deps, callerId), 'caller_final', missing);
  } else {
    say(await callerSide(deps, callerId), 'caller_all_in', []);
  }
  const fired = await inTransaction(
    deps,
    async (u) => {
      if (!(await claimRollcallStep(u.trx, rollcallId, step.kind, now))) return false;
      if (closesNow && step.kind !== 'close') await claimRollcallStep(u.trx, rollcallId, 'close', now);
      await recordEvent(u.trx, { kind: `rollcall_${step.kind}`, data: { rollcall: rollcallId, planned_at: step.at, missing: missing.length, recipients: messages.length } }, now);
      await writeMessages(u, messages);
      u.effect(effects.rollcallTally(rollcallId, now, deps.config.summaryEditIntervalMs));
      const fresh = await findRollcall(u.trx, rollcallId);
      const next = fresh && nextRollcallStep(stateOf(fresh), escalateAfter);
      if (next) u.effect(effects.rollcallStep(rollcallId, next.at));
      return true;
    },
    now,
  );
  return fired ? step.kind : 'taken';
}

/** On start and after Redis lost its data: the next step of every open roll-call, from the database. */
export async function reconcileRollcalls(deps: AppDeps): Promise<number> {
  const now = deps.now();
  const jobs: QueuedJob[] = [];
  for (const id of await listOpenRollcallIds(deps.db)) {
    const r = await findRollcall(deps.db, id);
    const step = r && nextRollcallStep(stateOf(r), deps.config.rollcall.escalateAfterMs);
    if (step) jobs.push(asJob(effects.rollcallStep(id, step.at), now));
  }
  await requeue(deps.queues.timers, jobs);
  return jobs.length;
}

/** /apel riwayat: the latest roll-calls. */
export function rollcallHistory(deps: AppDeps, limit = 10) {
  return listRecentRollcalls(deps.db, limit);
}

/**
 * The /rekap figures of the roll-calls started in [from, to), per OPD: how many calls were
 * answered by the deadline, and the median time from the call to the answer (late answers
 * included). Empty when there was no roll-call. The export's roll-call sheet reads the same
 * figures (rollcallFigures).
 */
export async function rollcallRecap(deps: AppDeps, from: number, to: number): Promise<RecapFigure[]> {
  const { opds } = await rollcallFigures(deps.db, from, to);
  return opds.map((f) => ({ opdCode: f.opdCode, called: f.called, onTime: f.onTime, medianMs: f.medianMs }));
}
