import { Composer } from 'grammy';
import { formatQuietHours } from '../src/domain/calendar';
import { parseApel } from '../src/domain/rollcall';
import { escapeHtml } from '../src/domain/text';
import type { Messages } from '../src/infra/i18n';
import { manageOnCall, type OnCallResult } from '../src/features/rollcall/on-call';
import { answerRollcall, rollcallHistory, startRollcall, type StartResult } from '../src/features/rollcall/rollcall';
import { apelButtons } from '../src/features/rollcall/rollcall.callbacks';
import { renderHistory, renderOnCall } from '../src/features/rollcall/rollcall.view';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** /apel (roll-call "HP aktif 24 jam"), its Hadir button, and /piket (who is on call). */
export const rollcallHandler = new Composer<BotContext>();

function startError(t: Messages, res: Exclude<StartResult, { ok: true }>): string {
  switch (res.error) {
    case 'unknown_codes':
      return t.apel.unknownCodes(escapeHtml(res.codes.join(', ')));
    case 'unknown_cluster':
      return t.apel.unknownCluster(escapeHtml(res.name), escapeHtml(res.known.join(', ') || '-'));
    case 'empty':
      return t.apel.noOpds;
    case 'nobody':
      return t.apel.nobody(escapeHtml(res.scope));
    case 'quiet':
      return t.apel.quiet(formatQuietHours(res.quiet));
  }
}

rollcallHandler.command('apel', guard('apel'), async (ctx) => {
  const t = ctx.t;
  const tz = ctx.deps.config.timezone;
  const req = parseApel(ctx.match, ctx.deps.now(), tz);
  switch (req.kind) {
    case 'usage':
      return replyHtml(ctx, t.apel.usage);
    case 'history':
      return replyHtml(ctx, renderHistory(t, tz, await rollcallHistory(ctx.deps)));
    case 'bad_target':
      return replyHtml(ctx, t.apel.badTarget(escapeHtml(req.raw)));
    case 'bad_deadline':
      return replyHtml(ctx, t.apel.badDeadline(escapeHtml(req.raw)));
    case 'deadline_range':
      return replyHtml(ctx, t.apel.deadlineRange(escapeHtml(req.raw)));
  }
  const res = await startRollcall(ctx.deps, ctx.person!, {
    target: req.target,
    deadlineAt: req.deadlineAt,
    emergency: req.emergency,
    tally: { chatId: ctx.chat.id, lang: ctx.person!.lang },
  });
  if (!res.ok) return replyHtml(ctx, startError(t, res));
  ctx.log.info({ rollcall: res.rollcallId, called: res.called, emergency: req.emergency }, 'roll-call started');
});

rollcallHandler.callbackQuery(apelButtons.present.filter, async (ctx) => {
  const rollcallId = apelButtons.present.unpack(ctx.callbackQuery.data)!.rollcall;
  const t = ctx.t;
  const tz = ctx.deps.config.timezone;
  const res = await answerRollcall(ctx.deps, rollcallId, ctx.from.id);
  if (!res.ok) {
    const text =
      res.reason === 'already'
        ? t.apel.already(t.fmt.dateTime(res.at, tz))
        : res.reason === 'not_called'
          ? t.apel.notCalled
          : res.reason === 'closed'
            ? t.apel.closed
            : t.apel.unknown;
    await ctx.answerCallbackQuery({ text, show_alert: res.reason !== 'already' });
    if (res.reason === 'already' || res.reason === 'closed') await dropButton(ctx);
    return;
  }
  // Recorded in the database: only now is the person thanked, and the button goes.
  await ctx.answerCallbackQuery({ text: res.late ? t.apel.thanksLate(t.fmt.dateTime(res.at, tz)) : t.apel.thanks(t.fmt.dateTime(res.at, tz)) });
  ctx.log.info({ rollcall: rollcallId, late: res.late }, 'roll-call answered');
  await dropButton(ctx);
});

/** The pressed message loses its button (only the person's own message: a refused press changes nothing). */
async function dropButton(ctx: BotContext): Promise<void> {
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch((err: unknown) => ctx.log.debug({ err }, 'could not remove the Hadir button'));
}

function onCallReply(t: Messages, res: OnCallResult): string {
  if (!res.ok) {
    switch (res.error) {
      case 'usage':
        return t.apel.piketUsage;
      case 'unknown_person':
        return t.rolePersonUnknown(escapeHtml(res.id));
      case 'not_member':
        return t.apel.piketNotMember(escapeHtml(res.name));
    }
  }
  if (res.action === 'list') return renderOnCall(t, res.rows);
  if (res.action === 'on') return t.apel.piketSet(escapeHtml(res.name), escapeHtml(res.opdCode));
  return t.apel.piketOff(escapeHtml(res.name));
}

rollcallHandler.command('piket', guard('piket'), async (ctx) => {
  await replyHtml(ctx, onCallReply(ctx.t, await manageOnCall(ctx.deps, ctx.person!, args(ctx.match))));
});
