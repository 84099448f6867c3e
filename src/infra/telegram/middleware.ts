import type { MiddlewareFn } from 'grammy';
import { can, rolesFor, type Action } from '../../domain/permissions';
import { splitMessage } from '../../domain/text';
import type { BotContext } from './context';

/**
 * Lets the update through only for a registered caller whose role may do `action`, and, for
 * the read commands (`query`), only in a private chat or the secretariat's group.
 */
export function allow(action: Action, command: string): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    let refusal: string | null = null;
    if (!ctx.person) refusal = ctx.t.notRegistered;
    else if (!can(ctx.person, action))
      refusal = ctx.t.notAllowed(
        command,
        rolesFor(action)
          .map((r) => ctx.t.roleName[r] ?? r)
          .join(', '),
      );
    // The read commands show every OPD's figures: not in an OPD's group, where its members
    // would read the others' (a chat marked as the secretariat's is fine).
    else if (action === 'query' && ctx.chat && ctx.chat.type !== 'private' && ctx.chat.id !== ctx.deps.config.secretariatChatId) refusal = ctx.t.crossOpdPrivateOnly(command);
    if (refusal !== null) {
      // A button press is answered with an alert; a command with a message.
      if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: refusal, show_alert: true }));
      return void (await ctx.reply(refusal));
    }
    await next();
  };
}

export function privateOnly(command: string): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (ctx.chat?.type !== 'private') return void (await ctx.reply(ctx.t.privateOnly(command)));
    await next();
  };
}

/** Sends HTML that may exceed Telegram's 4096 characters as several clean messages. */
export async function replyHtml(ctx: BotContext, text: string, extra: Parameters<BotContext['reply']>[1] = {}): Promise<void> {
  const parts = splitMessage(text);
  for (const [i, part] of parts.entries()) {
    await ctx.reply(part, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(i === parts.length - 1 ? extra : {}) });
  }
}

/** Splits a command's argument string on whitespace. */
export function args(match: string | undefined): string[] {
  return (match ?? '').trim().split(/\s+/).filter(Boolean);
}
