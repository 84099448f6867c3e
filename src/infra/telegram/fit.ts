import type { Transformer } from 'grammy';
import type { Logger } from 'pino';
import { fitHtml, fitPlain, TELEGRAM_ALERT_LIMIT, TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from '../../domain/text';

/** Where each method carries text that Telegram limits, and the limit. */
const TEXT_METHODS = new Set(['sendMessage', 'editMessageText']);
const CAPTION_METHODS = new Set(['sendPhoto', 'sendDocument', 'sendVideo', 'sendAnimation', 'sendAudio', 'sendVoice', 'copyMessage', 'editMessageCaption']);

type Payload = Record<string, unknown>;

/**
 * The payload of a call with its text, caption or alert cut to Telegram's limit (4,096
 * characters of text, 1,024 of caption, 200 of alert, counted after entity parsing), the
 * same object when everything already fits. HTML is cut with fitHtml (never inside a tag or
 * an entity, tags closed), plain text at a character boundary; `marker` ends what was cut.
 */
export function fitPayload(method: string, payload: Payload, marker = '…'): Payload {
  const cut = (text: unknown, limit: number, html: boolean): unknown => (typeof text === 'string' ? (html ? fitHtml(text, limit, marker) : fitPlain(text, limit, marker)) : text);
  const html = typeof payload.parse_mode === 'string' && payload.parse_mode.toUpperCase() === 'HTML';
  let out = payload;
  if (TEXT_METHODS.has(method)) out = { ...payload, text: cut(payload.text, TELEGRAM_TEXT_LIMIT, html) };
  else if (CAPTION_METHODS.has(method)) out = { ...payload, caption: cut(payload.caption, TELEGRAM_CAPTION_LIMIT, html) };
  else if (method === 'answerCallbackQuery') out = { ...payload, text: cut(payload.text, TELEGRAM_ALERT_LIMIT, false) };
  else if (method === 'sendMediaGroup' && Array.isArray(payload.media)) {
    const media = (payload.media as Payload[]).map((m) => {
      const mediaHtml = typeof m.parse_mode === 'string' && m.parse_mode.toUpperCase() === 'HTML';
      const caption = cut(m.caption, TELEGRAM_CAPTION_LIMIT, mediaHtml);
      return caption === m.caption ? m : { ...m, caption };
    });
    out = media.some((m, i) => m !== (payload.media as Payload[])[i]) ? { ...payload, media } : payload;
  }
  if (out === payload) return payload;
  const changed = Object.keys(out).some((k) => out[k] !== payload[k]);
  return changed ? out : payload;
}

/**
 * A grammY API transformer, the last guard before Telegram: whatever the data, a message is
 * never refused as too long. The views already fit what they build (an instruction's group
 * message, a forwarded report, a reminder: their long part is shortened first, ending in the
 * catalogue's "(terpotong)"), and long answers are split (replyHtml); a cut here means a
 * builder missed a case, so it is logged.
 */
export function fitTransformer(logger: Logger): Transformer {
  return (prev, method, payload, signal) => {
    const fitted = fitPayload(method, payload as unknown as Payload);
    if (fitted !== (payload as unknown)) logger.warn({ method }, "a message over Telegram's length limit was cut to fit");
    return prev(method, fitted as unknown as typeof payload, signal);
  };
}
