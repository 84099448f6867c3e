import { Composer } from 'grammy';
import { escapeHtml } from '../src/domain/text';
import { instructionStatus, notAcknowledged } from '../src/features/status/status';
import { renderNotAcknowledged, renderStatus } from '../src/features/status/status.view';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** The secretariat's questions: who has not acknowledged, one instruction's status, what is late. */
export const queriesHandler = new Composer<BotContext>();

function lookupError(ctx: BotContext, command: string, res: { error: 'bad_number' } | { error: 'unknown'; number: string }): string {
  return res.error === 'bad_number' ? ctx.t.badNumber(command) : ctx.t.unknownNumber(escapeHtml(res.number));
}

queriesHandler.command('belum', guard('belum'), async (ctx) => {
  const [raw] = args(ctx.match);
  const res = await notAcknowledged(ctx.deps, raw);
  if (!res.ok) return void (await replyHtml(ctx, lookupError(ctx, '/belum', res)));
  await replyHtml(ctx, renderNotAcknowledged(ctx.t, ctx.deps.config.timezone, ctx.deps.now(), res.rows));
});

queriesHandler.command('status', guard('status'), async (ctx) => {
  const [raw] = args(ctx.match);
  if (!raw) return void (await replyHtml(ctx, ctx.t.statusUsage));
  const res = await instructionStatus(ctx.deps, raw);
  if (!res.ok) return void (await replyHtml(ctx, lookupError(ctx, '/status', res)));
  await replyHtml(ctx, renderStatus(ctx.t, ctx.deps.config.timezone, res.instruction, res.rows, res.obstacles));
});
