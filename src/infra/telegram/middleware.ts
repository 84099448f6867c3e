import type { MiddlewareFn } from 'grammy';
import { audienceRoles, type ChatKind, COMMAND_RULES, type CommandName, mayUse, placeAllows } from '../../domain/permissions';
import { splitMessage } from '../../domain/text';
import type { BotContext } from './context';

/** The kind of chat an update comes from, as the command rules know it. */
export function chatKind(ctx: BotContext): ChatKind {
  if (!ctx.chat || ctx.chat.type === 'private') return 'private';
  return ctx.chat.id === ctx.deps.config.secretariatChatId ? 'secretariat' : 'group';
}

/**
 * Why the caller may not send `command` here (a message in their language), or null. Built
 * from COMMAND_RULES (src/domain/permissions.ts), the one declaration of who may do what.
 */
export function refusal(ctx: BotContext, command: CommandName): string | null {
  const rule = COMMAND_RULES[command];
  const name = `/${command}`;
  // Who first: telling someone who may not use a command where to use it would send them
  // to a second refusal.
  if (!mayUse(ctx.person, command)) {
    if (!ctx.person) return ctx.t.notRegistered;
    if (ctx.person.active !== 1) return ctx.t.accountInactive;
    return ctx.t.notAllowed(
      name,
      audienceRoles(rule.audience)
        .map((r) => ctx.t.roleName[r] ?? r)
        .join(', '),
    );
  }
  if (placeAllows(rule.place, chatKind(ctx))) return null;
  if (rule.place === 'private') return ctx.t.privateOnly(name);
  if (rule.place === 'group') return ctx.t.groupOnly(name);
  // The read commands show every OPD's figures: not in an OPD's group, where its members
  // would read the others' (a chat marked as the secretariat's is fine).
  return ctx.t.crossOpdPrivateOnly(name);
}

/**
 * Lets the update through only when COMMAND_RULES lets this caller send `command` in this
 * chat; otherwise answers why (a button press with an alert, a command with a message).
 */
export function guard(command: CommandName): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const why = refusal(ctx, command);
    if (why === null) return next();
    if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: why, show_alert: true }));
    await ctx.reply(why);
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
