import type { Message, MessageEntity } from 'grammy/types';

/** Telegram's date_time entity (Bot API 9.x), not yet in grammY's types. */
type DateTimeEntity = MessageEntity & { unix_time: number; date_time_format?: string };

/** The date_time entities of a message as the chat shows it, each with the text it covers. */
export function dateTimesOf(message: Message | undefined): Array<{ unix: number; format: string | undefined; shown: string }> {
  const text = message?.text ?? '';
  return ((message?.entities ?? []).filter((e) => (e.type as string) === 'date_time') as DateTimeEntity[]).map((e) => ({
    unix: e.unix_time,
    format: e.date_time_format,
    shown: text.slice(e.offset, e.offset + e.length),
  }));
}
