import { createHash } from 'node:crypto';
import { GrammyError } from 'grammy';
import { countDeliveries, countProgress } from './assignments.queries';
import {
  claimIssuePreviewEdit,
  countOpenObstacles,
  findInstructionById,
  findIssuePreview,
  insertIssuePreview,
  paidSendsOf,
  settleIssuePreviewEdit,
  swapSummaryDigest,
} from './instructions.queries';
import { findPersonById } from '../organisation/people.queries';
import type { AppDeps } from '../../infra/deps';
import type { Instruction } from '../../infra/db/schema';
import { messagesFor, type Messages } from '../../infra/i18n';
import { type EffectJob, inTransaction } from '../../infra/queue/effects';
import { QUEUE_NAMES } from '../../infra/queue/queues';
import { pendingKeyboard, renderPreviewCounter, renderSummary } from './instruction.view';
import { isNotModified } from '../../infra/telegram/errors';
import { verificationCode } from './verification';

/**
 * The preview's counter "(n/N)" is edited at most once in 5 s while the delivery runs. The
 * leader's private chat takes one message a second (Telegram), and that second is shared with
 * the summary (edited at most every SUMMARY_EDIT_INTERVAL, 3 s) and whatever the leader asks
 * meanwhile: 1/5 + 1/3 of the chat's budget leaves about half of it for the leader's own
 * commands and the bot's other messages to them. At the measured 29 groups a second
 * (bench/RESULTS.md) 500 groups take ~17 s: the counter moves 3 times before its final form,
 * enough to see it going; 22,000 groups (~13 min) cost ~150 edits.
 */
export const PREVIEW_EDIT_INTERVAL_MS = 5_000;
/**
 * Claimed this much before the interval is up: a tick runs a few ms after its second, and the
 * next edit waiting one more tick for that would space the edits 6 s. Edits are therefore
 * never closer than 4.5 s (each spaced from the moment Telegram took the last one).
 */
const PREVIEW_EDIT_SLACK_MS = 500;
/**
 * While a counter edit is on its way, the row says it was edited this far ahead, so no other
 * refresh claims the next edit before this one has landed and been settled. The edit may wait
 * seconds for the leader's chat (one message a second, shared with the summary and whatever else
 * the leader is sent): claimed on the claim's moment alone, an edit that waited in the gate
 * landed 2.2 s before the next one (CI on PostgreSQL, three test files at a time). A process
 * that dies mid-edit holds the counter back this long, no longer; the ticks then go on.
 */
const PREVIEW_EDIT_LEASE_MS = 30_000;
/**
 * While its delivery runs, an instruction's summary job is looked at once a second (the
 * deliveries do not trigger it: only failures, paid sends, acknowledgements do), so the last
 * edit follows the last delivery within about a second (once 4.5 s have passed since the one
 * before). A tick that changes nothing costs the database a few reads and the next tick's
 * effect row, and Telegram nothing (the summary's digest, the counter's claim).
 */
const PREVIEW_TICK_MS = 1_000;
/** Ticks stop after an hour (a stuck delivery must not tick forever); a later refresh still finishes the preview. */
const PREVIEW_TICK_FOR_MS = 3_600_000;

/** The next look at an instruction's preview; one job a second however many refreshes ask for it. */
export function previewTick(instructionId: number, now: number): EffectJob {
  const bucket = Math.floor(now / PREVIEW_TICK_MS) + 1;
  return { queue: QUEUE_NAMES.summary, name: 'preview', jobId: `preview-${instructionId}-${bucket}`, data: { instructionId }, runAt: bucket * PREVIEW_TICK_MS };
}

export async function renderSummaryFor(deps: AppDeps, instructionId: number) {
  const instruction = await findInstructionById(deps.db, instructionId);
  if (!instruction) return null;
  const issuer = await findPersonById(deps.db, instruction.issuer_id);
  const t = messagesFor(issuer?.lang);
  const counts = await countProgress(deps.db, instructionId, deps.now());
  const obstacles = await countOpenObstacles(deps.db, instructionId);
  const paid = await paidSendsOf(deps.db, instructionId);
  const verification_code = verificationCode(deps.config.verifySecret, instruction);
  const text = renderSummary(t, deps.config.timezone, { ...instruction, ...counts, state: instruction.state, verification_code, obstacles, paid });
  // An edit without reply_markup would drop the button: it is sent with every edit.
  const keyboard = pendingKeyboard(t, instruction.id);
  return { instruction, t, text, keyboard, digest: summaryDigest(text, keyboard) };
}

function summaryDigest(text: string, keyboard: unknown): string {
  return createHash('sha1').update(text).update(JSON.stringify(keyboard)).digest('base64');
}

export async function refreshSummary(deps: AppDeps, instructionId: number): Promise<void> {
  const rendered = await renderSummaryFor(deps, instructionId);
  if (!rendered) return;
  const { instruction, text, keyboard, digest, t } = rendered;
  if (instruction.summary_chat_id !== null && instruction.summary_message_id !== null) {
    // With a preview being counted this job runs every second: a summary that has not changed
    // is not edited, and of refreshes that rendered the same change at once one edits it.
    const shown = await takeSummaryEdit(deps, instructionId, digest);
    if (shown !== false) {
      try {
        await deps.api.editMessageText(instruction.summary_chat_id, instruction.summary_message_id, text, { parse_mode: 'HTML', reply_markup: keyboard });
      } catch (err) {
        if (!isNotModified(err)) {
          if (shown !== null) await swapSummaryDigest(deps.db, instructionId, digest, shown.before);
          throw err;
        }
      }
    }
  }
  const preview = await findIssuePreview(deps.db, instructionId);
  if (preview && preview.done === 0) await refreshPreview(deps, t, instruction, preview);
}

/**
 * Whether this refresh edits the summary: false if it shows `digest` already (or another
 * refresh has just taken that edit); null when no preview row records it (edited, as always).
 */
async function takeSummaryEdit(deps: AppDeps, instructionId: number, digest: string): Promise<false | null | { before: string | null }> {
  // Two tries: a swap lost to a refresh that rendered an older state is tried again.
  for (let i = 0; i < 2; i++) {
    const row = await findIssuePreview(deps.db, instructionId);
    if (!row) return null;
    if (row.summary_digest === digest) return false;
    if (await swapSummaryDigest(deps.db, instructionId, row.summary_digest, digest)) return { before: row.summary_digest };
  }
  return false;
}

type Preview = NonNullable<Awaited<ReturnType<typeof findIssuePreview>>>;

/** The preview's "(n/N)", edited at most every PREVIEW_EDIT_INTERVAL_MS, and its final form once every group was attempted. */
async function refreshPreview(deps: AppDeps, t: Messages, instruction: Instruction, preview: Preview): Promise<void> {
  const now = deps.now();
  const { sent, pending } = await countDeliveries(deps.db, instruction.id);
  const done = pending === 0 || instruction.state !== 'open';
  if (
    (done || sent !== preview.shown) &&
    (await claimIssuePreviewEdit(deps.db, instruction.id, now - PREVIEW_EDIT_INTERVAL_MS + PREVIEW_EDIT_SLACK_MS, now + PREVIEW_EDIT_LEASE_MS, sent, done))
  ) {
    const text = renderPreviewCounter(t, { number: instruction.number, sent, total: preview.total, done });
    try {
      await deps.api.editMessageText(preview.chat_id, preview.message_id, text, { parse_mode: 'HTML' });
    } catch (err) {
      if (err instanceof GrammyError && err.error_code === 400 && !isNotModified(err)) {
        // The preview is gone (deleted by the leader) or no longer editable: nothing more to show there.
        deps.logger.info({ err: err.description, instructionId: instruction.id }, 'the preview can no longer be edited: its counter stops');
        await settleIssuePreviewEdit(deps.db, instruction.id, { edited_at: deps.now(), done: 1 });
        return;
      }
      if (!isNotModified(err)) {
        // Given back (a 429, a network error): the job is retried and the next tick may edit.
        await settleIssuePreviewEdit(deps.db, instruction.id, { edited_at: preview.edited_at, done: 0, shown: preview.shown });
        throw err;
      }
    }
    // The next edit is spaced from the moment Telegram took this one (it may have waited for the chat's second).
    await settleIssuePreviewEdit(deps.db, instruction.id, { edited_at: deps.now() });
    if (done) return;
  }
  if (now - instruction.created_at < PREVIEW_TICK_FOR_MS) await inTransaction(deps, async (u) => u.effect(previewTick(instruction.id, now)), now);
}

/**
 * The preview the leader pressed Kirim on now says "(0/N)": recorded, with the summary's digest
 * as it is being sent, and its first tick queued in the same transaction, so whichever worker
 * takes the summary's jobs keeps it current.
 */
export async function startPreviewCounter(
  deps: AppDeps,
  p: { instructionId: number; chatId: number; messageId: number; total: number; summaryDigest: string | null },
): Promise<void> {
  const now = deps.now();
  await inTransaction(
    deps,
    async (u) => {
      await insertIssuePreview(u.trx, {
        instruction_id: p.instructionId,
        chat_id: p.chatId,
        message_id: p.messageId,
        total: p.total,
        edited_at: now,
        summary_digest: p.summaryDigest,
      });
      u.effect(previewTick(p.instructionId, now));
    },
    now,
  );
}
