import { UnrecoverableError } from 'bullmq';
import { recordEvent } from '../../infra/db/events';
import { findOpdByChat, moveChat, setChatStatusByChat } from '../organisation/opds.queries';
import {
  findDecisionCopies,
  findOutbox,
  insertOutbox,
  listPendingOutbox,
  markOutboxAttempt,
  markOutboxFailed,
  markOutboxSent,
  setOutboxChat,
  type NewOutboxMessage,
} from './outbox.queries';
import { findPersonByTelegramId } from '../organisation/people.queries';
import type { Attachment, OutboxMessage } from '../../infra/db/schema';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { isAwaitingAck, isFollowUpOpen } from '../../domain/assignment';
import type { AppDeps } from '../../infra/deps';
import { messagesFor, type Messages } from '../../infra/i18n';
import { requeue } from '../../infra/queue/queues';
import { asJob, effects, inTransaction, priorityRank, type Unit } from '../../infra/queue/effects';
import { secretariat, unique, type Recipient } from '../organisation/recipients';
import { classifySendError, isNotModified } from '../../infra/telegram/errors';
import { renderDecidedCopy, renderOpdUnreachable } from './notify.view';

export { priorityRank };

/**
 * Writes messages to the outbox inside the unit's transaction, each with the effect that
 * sends it: committed together, sent once (the worker checks the row's state).
 */
export async function writeMessages(u: Unit, rows: NewOutboxMessage[]): Promise<number[]> {
  const ids = await insertOutbox(u.trx, rows, u.now);
  for (const [i, id] of ids.entries()) u.effect(effects.notify(id, rows[i]!.priority ?? 3));
  return ids;
}

/** Messages that follow no other state change of their own. */
export function notify(deps: AppDeps, rows: NewOutboxMessage[]): Promise<number[]> {
  return inTransaction(deps, (u) => writeMessages(u, rows));
}

export class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`429: retry after ${retryAfterMs} ms`);
  }
}

/**
 * Sends one outbox message. A message already sent is not sent again. Telegram's answers:
 * 429 → RateLimited (the worker pauses the queue); migrated group → follow it and retry;
 * 403 / chat gone → failed at once, an OPD group is marked unreachable and the secretariat
 * told once; other 400 → failed with the reason; network and 5xx → retried with backoff.
 */
export async function sendOutboxMessage(deps: AppDeps, outboxId: number): Promise<void> {
  const row = await findOutbox(deps.db, outboxId);
  if (row?.state !== 'pending') return;
  if (!(await stillRelevant(deps, row.kind, row.assignment_id))) {
    await markOutboxFailed(deps.db, outboxId, 'obsolete: the assignment changed before sending');
    return;
  }
  await markOutboxAttempt(deps.db, outboxId);
  try {
    const msg = await sendRow(deps, row);
    await markOutboxSent(deps.db, outboxId, msg.message_id, deps.now());
  } catch (err) {
    const f = classifySendError(err);
    const now = deps.now();
    switch (f.kind) {
      case 'rate_limited':
        throw new RateLimited(f.retryAfterSec * 1000);
      case 'migrated':
        await moveChat(deps.db, row.chat_id, f.newChatId, now);
        await setOutboxChat(deps.db, outboxId, f.newChatId);
        throw new Error(`chat ${row.chat_id} migrated to ${f.newChatId}`);
      case 'chat_gone':
        await markOutboxFailed(deps.db, outboxId, f.description);
        await chatUnreachable(deps, row.chat_id, f.description);
        throw new UnrecoverableError(f.description);
      case 'bad_request':
        await markOutboxFailed(deps.db, outboxId, f.description);
        await recordEvent(deps.db, { kind: 'notification_failed', assignment_id: row.assignment_id, opd_id: row.opd_id, data: { outbox: outboxId, reason: f.description } }, now);
        throw new UnrecoverableError(f.description);
      default:
        throw err;
    }
  }
}

async function sendRow(deps: AppDeps, row: OutboxMessage) {
  const common = {
    parse_mode: 'HTML' as const,
    ...(row.reply_to !== null ? { reply_parameters: { message_id: row.reply_to, allow_sending_without_reply: true } } : {}),
    ...(row.buttons !== null ? { reply_markup: JSON.parse(row.buttons) as InlineKeyboardMarkup } : {}),
  };
  if (row.media !== null) {
    const media = JSON.parse(row.media) as Attachment;
    if (media.kind === 'photo') return deps.api.sendPhoto(row.chat_id, media.file_id, { caption: row.text, ...common });
    return deps.api.sendDocument(row.chat_id, media.file_id, { caption: row.text, ...common });
  }
  return deps.api.sendMessage(row.chat_id, row.text, { ...common, link_preview_options: { is_disabled: true } });
}

const ACK_CHAIN = new Set(['ack_reminder', 'escalate_secretariat', 'escalate_pimpinan']);
const FU_CHAIN = new Set(['due_day_before', 'due_morning', 'overdue', 'overdue_daily']);

/** A reminder written just before the OPD acted (or the instruction closed) is not sent. */
async function stillRelevant(deps: AppDeps, kind: string, assignmentId: number | null): Promise<boolean> {
  if (assignmentId === null || (!ACK_CHAIN.has(kind) && !FU_CHAIN.has(kind))) return true;
  const row = await deps.db
    .selectFrom('assignments as a')
    .innerJoin('instructions as i', 'i.id', 'a.instruction_id')
    .select(['a.state', 'i.state as instruction_state'])
    .where('a.id', '=', assignmentId)
    .executeTakeFirst();
  if (row?.instruction_state !== 'open') return false;
  return ACK_CHAIN.has(kind) ? isAwaitingAck(row.state) : isFollowUpOpen(row.state);
}

/** When an OPD's group can no longer be reached: mark it and tell the secretariat, once. */
export async function chatUnreachable(deps: AppDeps, chatId: number, reason: string, alsoTell: Recipient[] = []): Promise<void> {
  const opd = await findOpdByChat(deps.db, chatId);
  if (!opd || opd.chat_status === 'unreachable') return;
  const people = unique([...(await secretariat(deps)), ...alsoTell]);
  await inTransaction(deps, async (u) => {
    await setChatStatusByChat(u.trx, chatId, 'unreachable', u.now);
    await recordEvent(u.trx, { kind: 'opd_unreachable', opd_id: opd.id, data: { chat_id: chatId, reason } }, u.now);
    const rows = people.map((r) => ({
      chat_id: r.chatId,
      text: renderOpdUnreachable(messagesFor(r.lang), opd.code, opd.name, reason),
      kind: 'opd_unreachable',
      opd_id: opd.id,
      priority: 1,
    }));
    await writeMessages(u, rows);
  });
}

/** Called when the queue gives up on a message after its last attempt. */
export async function recordOutboxGaveUp(deps: AppDeps, outboxId: number, reason: string): Promise<void> {
  const row = await findOutbox(deps.db, outboxId);
  if (row?.state !== 'pending') return;
  await markOutboxFailed(deps.db, outboxId, reason);
  await recordEvent(deps.db, { kind: 'notification_failed', assignment_id: row.assignment_id, opd_id: row.opd_id, data: { outbox: outboxId, reason } }, deps.now());
}

/** On start: every message still pending in the database is queued again. */
export async function resumeOutbox(deps: AppDeps): Promise<number> {
  const rows = await listPendingOutbox(deps.db);
  await requeue(
    deps.queues.send,
    rows.map((r) => asJob(effects.notify(r.id, r.priority), deps.now())),
  );
  return rows.length;
}

/**
 * Every copy of a decision's message — the outbox rows of `kind` whose buttons carry
 * `callbackData`, one per decider — is edited once the decision commits: its text followed by
 * who decided what and when (`line`, in each reader's language), and no buttons. Called in the
 * decision's transaction, so the edits are effects of it.
 */
export async function retireDecisionCopies(u: Unit, kind: string, callbackData: string, line: (t: Messages) => string): Promise<number> {
  const copies = await findDecisionCopies(u.trx, kind, callbackData);
  for (const c of copies) {
    // A person's copy is in their language; the secretariat's group reads the default one.
    const t = messagesFor((await findPersonByTelegramId(u.trx, c.chat_id))?.lang);
    u.effect(effects.retireCopy(c.id, renderDecidedCopy(t, c.text, line(t))));
  }
  return copies.length;
}

/** The job of `retireDecisionCopies`: edits one sent copy (a copy not sent yet is retried until it is). */
export async function retireCopy(deps: AppDeps, outboxId: number, text: string): Promise<void> {
  const row = await findOutbox(deps.db, outboxId);
  if (!row || row.state === 'failed') return;
  if (row.state !== 'sent' || row.message_id === null) throw new Error(`outbox ${outboxId} not sent yet: its copy is edited once it is`);
  try {
    await deps.api.editMessageText(row.chat_id, row.message_id, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  } catch (err) {
    if (isNotModified(err)) return;
    const f = classifySendError(err);
    if (f.kind === 'rate_limited') throw new RateLimited(f.retryAfterSec * 1000);
    // The message was deleted, or the chat is gone: nothing left to correct.
    if (f.kind === 'bad_request' || f.kind === 'chat_gone') {
      deps.logger.info({ outboxId, reason: f.description }, 'a decision copy could not be edited');
      return;
    }
    throw err;
  }
}
