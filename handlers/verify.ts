import { Composer } from 'grammy';
import { checkAuthenticity, verificationIn, type CheckVia } from '../src/features/verify/verify';
import { renderCheck } from '../src/features/verify/verify.view';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, refusal, replyHtml } from '../src/infra/telegram/middleware';

/**
 * Is this instruction genuine? `/cek NOMOR KODE`; or, in the private chat, a forwarded message
 * of the bot's, or a pasted text holding an instruction number and a verification code.
 */
export const verifyHandler = new Composer<BotContext>();

async function answer(ctx: BotContext, number: string, code: string, via: CheckVia): Promise<void> {
  const outcome = await checkAuthenticity(ctx.deps, ctx.person!, number, code, via);
  ctx.log.info({ via, outcome: outcome.kind }, 'authenticity checked');
  await replyHtml(ctx, renderCheck(ctx.t, ctx.deps.config.timezone, outcome));
}

verifyHandler.command('cek', guard('cek'), async (ctx) => {
  const [number, ...code] = args(ctx.match);
  if (!number) return void (await replyHtml(ctx, ctx.t.cekUsage));
  // "K7QM-4XPA" or "K7QM 4XPA": the rest of the line is the code.
  if (code.length === 0) {
    const res = await checkAuthenticity(ctx.deps, ctx.person!, number, '', 'command');
    // A malformed number is said first; a good number without its code gets the usage.
    return void (await replyHtml(ctx, res.kind === 'bad_number' ? renderCheck(ctx.t, ctx.deps.config.timezone, res) : ctx.t.cekUsage));
  }
  await answer(ctx, number, code.join(''), 'command');
});

// A forwarded message of the bot's, or a text holding a number and a code, in the private
// chat: checked directly. Installed before the conversations, which would take it as an answer.
verifyHandler.chatType('private').on('message', async (ctx, next) => {
  const msg = ctx.message;
  const text = msg.text ?? msg.caption;
  if (text === undefined || msg.text?.startsWith('/')) return next();
  const origin = msg.forward_origin;
  const fromBot = origin?.type === 'user' && origin.sender_user.id === ctx.me.id;
  const found = verificationIn(text);
  if (!found && !fromBot) return next();
  const why = refusal(ctx, 'cek');
  if (why !== null) return void (await ctx.reply(why));
  if (!found) return void (await replyHtml(ctx, ctx.t.cekForwardNoCode));
  await answer(ctx, found.number, found.code, fromBot ? 'forward' : 'text');
});
