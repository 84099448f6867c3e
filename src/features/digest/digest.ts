import { InputFile } from 'grammy';
import { recordEvent } from '../../infra/db/events';
import { listPeopleByRole } from '../organisation/people.queries';
import { oldestOpenInstructions } from '../recap/recap.queries';
import { periodLabel } from '../../domain/period';
import { fromLocal, localParts } from '../../domain/time';
import type { AppDeps } from '../../infra/deps';
import { messagesFor, type Messages } from '../../infra/i18n';
import { renderRecapChart } from '../recap/chart';
import { buildRecap } from '../recap/recap';
import { renderDigest } from './digest.view';

export const DIGEST_SCHEDULER_ID = 'weekly-digest';

/** The weekly digest's timer: a BullMQ job scheduler (cron in the org's timezone). */
export async function scheduleDigest(deps: AppDeps): Promise<void> {
  // Runs must never overlap, even in different worker processes: two runs that both read the
  // same recipients as pending would both send them the digest. One active job, queue-wide.
  await deps.queues.digest.setGlobalConcurrency(1);
  const cron = deps.config.digestCron;
  if (cron === null) {
    await deps.queues.digest.removeJobScheduler(DIGEST_SCHEDULER_ID);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.queues.digest.upsertJobScheduler(DIGEST_SCHEDULER_ID, { pattern: cron, tz: deps.config.timezone }, { name: 'digest', data: {} });
      return;
    } catch (err) {
      // BullMQ refuses the upsert when the iteration it would create already exists: another
      // process (or the scheduler's own worker) created it a moment before — with a digest
      // every second (test/e2e/multi-process.test.ts), a bot process failed to start on it once.
      // The scheduler as it should be is all that matters; a changed one is tried again.
      if (!(err instanceof Error) || !err.message.includes('job ID already exists') || attempt >= 3) throw err;
      const existing = await deps.queues.digest.getJobScheduler(DIGEST_SCHEDULER_ID);
      if (existing?.pattern === cron && existing.tz === deps.config.timezone) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** ISO week of a moment in the org's timezone, e.g. "2026-W48": the digest's once-only key. */
export function weekKey(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const day = (date.getUTCDay() + 6) % 7; // Monday 0
  date.setUTCDate(date.getUTCDate() - day + 3); // Thursday of this week
  const year = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Sends the week's digest to pimpinan and the secretariat group: totals, the five OPDs most
 * in need of attention, the instructions open longest, and the chart. Each recipient gets it
 * once per week: a run that finds the week already sent to someone skips them; a failure
 * leaves them pending and the job is retried.
 */
export async function runDigest(deps: AppDeps): Promise<{ week: string; sent: number; skipped: number }> {
  const now = deps.now();
  const tz = deps.config.timezone;
  const week = weekKey(now, tz);
  const p = localParts(now, tz);
  const to = fromLocal(tz, p.year, p.month, p.day, 0, 0);
  const period = { from: to - 7 * 86_400_000, to, label: periodLabel(to - 7 * 86_400_000, to, tz) };
  const recipients = [...(await listPeopleByRole(deps.db, ['pimpinan'])).map((x) => ({ chatId: x.telegram_id, lang: x.lang }))];
  if (deps.config.secretariatChatId !== null) recipients.push({ chatId: deps.config.secretariatChatId, lang: 'id' });

  for (const r of recipients) {
    await deps.db
      .insertInto('digest_deliveries')
      .values({ week_key: week, chat_id: r.chatId, state: 'pending', error: null, created_at: now })
      .onConflict((oc) => oc.columns(['week_key', 'chat_id']).doNothing())
      .execute();
  }
  const pendingRows = await deps.db.selectFrom('digest_deliveries').select(['chat_id', 'state']).where('week_key', '=', week).where('state', '!=', 'sent').execute();
  const pending = new Map(pendingRows.map((x) => [Number(x.chat_id), x.state]));
  const todo = recipients.filter((r) => pending.has(r.chatId));
  let sent = 0;
  let failure: unknown = null;
  if (todo.length) {
    const recap = await buildRecap(deps, period);
    const oldest = await oldestOpenInstructions(deps.db, 5);
    // The picture speaks the recipient's language too: one rendering per language (~80 ms each).
    const pngs = new Map<Messages, Promise<Buffer>>();
    for (const r of todo) {
      const t = messagesFor(r.lang);
      const { text, caption } = renderDigest(t, tz, recap, oldest);
      try {
        // Each part is recorded as it goes, so a retry sends only what is missing.
        if (pending.get(r.chatId) !== 'text_sent') {
          await deps.api.sendMessage(r.chatId, text, { parse_mode: 'HTML' });
          await deps.db.updateTable('digest_deliveries').set({ state: 'text_sent' }).where('week_key', '=', week).where('chat_id', '=', r.chatId).execute();
        }
        if (!pngs.has(t)) pngs.set(t, renderRecapChart(recap, { t, tz }));
        await deps.api.sendPhoto(r.chatId, new InputFile(await pngs.get(t)!, 'rekap-mingguan.png'), { caption });
        await deps.db
          .updateTable('digest_deliveries')
          .set({ state: 'sent', sent_at: deps.now(), error: null })
          .where('week_key', '=', week)
          .where('chat_id', '=', r.chatId)
          .execute();
        sent++;
      } catch (err) {
        failure = err;
        deps.logger.warn({ err, chatId: r.chatId, week }, 'digest could not be sent');
        await deps.db
          .updateTable('digest_deliveries')
          .set({ error: err instanceof Error ? err.message : String(err) })
          .where('week_key', '=', week)
          .where('chat_id', '=', r.chatId)
          .execute();
      }
    }
  }
  await recordEvent(deps.db, { kind: 'digest_run', data: { week, sent, skipped: recipients.length - todo.length } }, deps.now());
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return { week, sent, skipped: recipients.length - todo.length };
}
