import type { MiddlewareFn } from 'grammy';
import type { Message, MessageEntity } from 'grammy/types';
import type { BotContext } from './context';

/** The "/command[@bot]" a text or caption starts with, from its bot_command entity. */
function leadingEntity(msg: Message): { text: string; entity: MessageEntity; field: 'text' | 'caption' } | null {
  for (const field of ['text', 'caption'] as const) {
    const text = msg[field];
    const entities = field === 'text' ? msg.entities : msg.caption_entities;
    const entity = entities?.find((e) => e.type === 'bot_command' && e.offset === 0);
    if (text !== undefined && entity) return { text, entity, field };
  }
  return null;
}

/** The command a message starts with, lower-cased, and the bot it names after "@" (if any). */
export function leadingCommand(msg: Message): { name: string; target: string | undefined } | null {
  const found = leadingEntity(msg);
  if (!found) return null;
  const [name = '', target] = found.text.slice(1, found.entity.length).split('@', 2);
  return { name: name.toLowerCase(), target };
}

/**
 * Commands are matched whatever their case: a phone capitalises the first letter ("/Belum"),
 * and grammY's command matching is case-sensitive. The command word (and the bot's name after
 * "@", which grammY compares in lower case anyway) is lower-cased in place before any handler
 * sees the message; the arguments are left as they were typed.
 */
export const lowerCaseCommands: MiddlewareFn<BotContext> = (ctx, next) => {
  const msg = ctx.message ?? ctx.editedMessage;
  const found = msg ? leadingEntity(msg) : null;
  if (msg && found) {
    const head = found.text.slice(0, found.entity.length);
    const lower = head.toLowerCase();
    // Only when lower-casing keeps the length (it always does for the ASCII of real commands),
    // so the entities still point at the same characters.
    if (lower !== head && lower.length === head.length) msg[found.field] = lower + found.text.slice(head.length);
  }
  return next();
};
