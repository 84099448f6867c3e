// /ekspor in the background. The command only checks the period, answers that the
// files are on their way and queues a job (src/jobs/queues.ts, queue `export`); a
// worker (one export at a time per process) builds the files (the workbook, the CSV, and
// the roll-call CSV when the period had roll-calls) and sends them to the
// chat that asked, through the bot's API client, so the shared send gate applies.
//
// - One job per chat, requester and period (jobIds.export: the period's first and
//   last day, as in the file names): a second /ekspor while the first is waiting or
//   being built is answered "still being prepared" and builds nothing.
// - A file over Telegram's 50 MB upload limit for bots is not sent; the chat is told
//   how many rows it had and asked for a shorter period.
// - Each file sent is recorded on the job (its progress), so a retry after a failed
//   upload sends only what is missing.
// - When the last attempt fails, or Telegram refuses the upload outright (a 400), the
//   chat is told that the export failed and to try again. Only a chat the bot can no
//   longer write to (blocked, removed) is left untold; that is logged.

import { UnrecoverableError } from 'bullmq';
import { InputFile } from 'grammy';
import type { AppDeps } from '../../infra/deps';
import { localDateKey, localParts } from '../../domain/time';
import { messagesFor, type Messages } from '../../infra/i18n';
import { jobIds, type ExportJob } from '../../infra/queue/queues';
import { buildExportFiles, EXPORT_MAX_BYTES, type BuiltFile, type ExportBuild, type ExportKind } from './export-files';
import { classifySendError } from '../../infra/telegram/errors';

/** The limit as Telegram states it, for the message to the user. */
const TELEGRAM_LIMIT_MB = 50;
const KINDS: readonly ExportKind[] = ['xlsx', 'csv', 'apel'];

export function exportJobId(job: Pick<ExportJob, 'chatId' | 'requesterId' | 'from' | 'to'>, tz: string): string {
  return jobIds.export(job.chatId, job.requesterId, localDateKey(job.from, tz), localDateKey(Math.max(job.from, job.to - 1), tz));
}

/**
 * Queues an export unless the same one is already waiting or being built. `answer` is
 * called first (with whether it was already pending), so the chat reads "being
 * prepared" before any file can arrive. Returns whether a job was added.
 */
export async function requestExport(deps: AppDeps, job: ExportJob, answer: (pending: boolean) => Promise<unknown>): Promise<boolean> {
  const id = exportJobId(job, deps.config.timezone);
  const existing = await deps.queues.export.getJob(id);
  const state = existing ? await existing.getState() : null;
  const pending = state !== null && state !== 'completed' && state !== 'failed' && state !== 'unknown';
  // A failed run keeps its id (kept for inspection) until the period is asked for again.
  if (existing && (state === 'completed' || state === 'failed')) await existing.remove();
  await answer(pending);
  if (pending) return false;
  await deps.queues.export.add('export', job, { jobId: id });
  return true;
}

/** One attempt at a job, as the worker sees it. */
export interface ExportAttempt {
  /** No retry follows if this attempt fails. */
  final: boolean;
  /** Files an earlier attempt already delivered (or reported as too big). */
  done: readonly ExportKind[];
  /** Records progress on the job, so that a retry does not send a file twice. */
  record(done: ExportKind[]): Promise<unknown>;
}

/** The files an earlier attempt recorded (the job's progress). */
export function exportProgress(progress: unknown): ExportKind[] {
  const done = (progress as { done?: unknown } | null)?.done;
  return Array.isArray(done) ? KINDS.filter((k) => done.includes(k)) : [];
}

export interface ExportOutcome {
  sent: ExportKind[];
  tooBig: ExportKind[];
  counts?: ExportBuild['counts'];
}

/** Builds the files a job still owes its chat and sends them (the worker's one call). */
export async function runExport(deps: AppDeps, job: ExportJob, attempt: ExportAttempt, opts: { maxBytes?: number } = {}): Promise<ExportOutcome> {
  const t = messagesFor(job.lang);
  const tz = deps.config.timezone;
  const period = { from: job.from, to: job.to, label: job.label };
  const done = [...attempt.done];
  const outcome: ExportOutcome = { sent: [], tooBig: [] };
  try {
    const kinds = KINDS.filter((k) => !done.includes(k));
    if (kinds.length === 0) return outcome;
    await deps.api.sendChatAction(job.chatId, 'upload_document').catch(() => undefined);
    const build = await buildExportFiles(deps.db, period, tz, { now: job.requestedAt, t, kinds, maxBytes: opts.maxBytes ?? EXPORT_MAX_BYTES });
    outcome.counts = build.counts;
    deps.logger.info(
      { chatId: job.chatId, from: job.from, to: job.to, ms: Math.round(build.ms), ...build.counts, bytes: Object.fromEntries(kinds.map((k) => [k, build.files[k]?.bytes])) },
      'export built',
    );
    // The period goes with the first file; on a retry that sends only the CSV, with that.
    let caption = done.length === 0;
    for (const kind of kinds) {
      const file = build.files[kind];
      if (!file) {
        // The Apel CSV of a period without roll-calls: nothing to send.
      } else if (file.data === null) {
        await deps.api.sendMessage(job.chatId, tooBigText(t, kind, file, build, job, tz), { parse_mode: 'HTML' });
        outcome.tooBig.push(kind);
        deps.logger.warn({ chatId: job.chatId, file: file.name, bytes: file.bytes }, 'export file over the upload limit: not sent');
      } else {
        await deps.api.sendDocument(job.chatId, new InputFile(file.data, file.name), caption ? { caption: t.exportSent(t.fmt.period(job.from, job.to, tz)) } : {});
        caption = false;
        outcome.sent.push(kind);
      }
      done.push(kind);
      await attempt.record(done);
    }
    return outcome;
  } catch (err) {
    const failure = classifySendError(err);
    // 403 (blocked, removed) or a 400 about the chat: nobody to tell. Another 400 (the
    // upload refused): retrying would not help, so this is the last attempt.
    const gone = failure.kind === 'chat_gone';
    const hopeless = gone || failure.kind === 'bad_request';
    deps.logger.warn({ err, chatId: job.chatId, from: job.from, to: job.to, final: attempt.final || hopeless }, 'export attempt failed');
    if (!gone && (attempt.final || hopeless)) {
      await deps.api
        .sendMessage(job.chatId, t.exportFailed(t.fmt.period(job.from, job.to, tz)))
        .catch((e: unknown) => deps.logger.error({ err: e, chatId: job.chatId }, 'could not tell the chat that its export failed'));
    }
    if (hopeless) throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
    throw err;
  }
}

function tooBigText(t: Messages, kind: ExportKind, file: BuiltFile, build: ExportBuild, job: ExportJob, tz: string): string {
  const c = build.counts;
  const rows =
    kind === 'apel'
      ? t.exportRowsApel(file.rows ?? 0)
      : kind === 'csv'
        ? t.exportRowsCsv(c.assignments)
        : t.exportRowsXlsx(c.instructions + c.assignments + c.reports + c.events, c.instructions, c.assignments, c.reports, c.events);
  return t.exportTooBig(file.name, t.fmt.period(job.from, job.to, tz), rows, TELEGRAM_LIMIT_MB, shorterPeriod(job.from, job.to, tz));
}

/** A shorter period to suggest: the month the period ends in, or, for a month or less, its first half. */
export function shorterPeriod(from: number, to: number, tz: string): string {
  const last = localParts(Math.max(from, to - 1), tz);
  if (to - from > 32 * 86_400_000) return `${last.year}-${String(last.month).padStart(2, '0')}`;
  const day = (ms: number) => {
    const p = localParts(ms, tz);
    return `${p.day}/${p.month}/${p.year}`;
  };
  const halfDays = Math.max(1, Math.floor((to - from) / 86_400_000 / 2));
  return `${day(from)} ${day(from + (halfDays - 1) * 86_400_000)}`;
}
