import type { Transformer } from 'grammy';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import { newSendToken, type SendGate } from './gate';
import { isAnswerFirst, isLowPriorityAnswer } from './priority';

/** Methods that count against Telegram's sending limits. */
export const SEND_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
  'editMessageText',
  'editMessageCaption',
  'editMessageReplyMarkup',
]);

export interface LimiterStats {
  tooManyRequests: number;
  waitedMs: number;
  /** Slots this process reached too late and gave up (SendGate.lateSlots), as of the last send. */
  lateSlots?: number;
}

/**
 * A grammY API transformer: every sending call first passes the shared gate (global, per
 * chat, per group). A 429 that still comes back pauses all sending for its retry_after and
 * the call is repeated, so it never counts as a failure (bounded: after `max429` answers in
 * a row the 429 is returned to the caller). An answer at low priority (./priority.ts) lets
 * every other waiting send go first; an answer to a registered person in their private chat
 * goes ahead of the queued ones.
 */
export function rateLimitTransformer(gate: SendGate, logger: Logger, stats: LimiterStats, metrics?: Metrics, max429 = 5): Transformer {
  return async (prev, method, payload, signal) => {
    if (!SEND_METHODS.has(method)) return prev(method, payload, signal);
    const chatId = chatIdOf(payload);
    const priority = isLowPriorityAnswer(chatId) ? 'low' : isAnswerFirst(chatId) ? 'first' : 'normal';
    // A paid broadcast (features/deliver): Telegram counts it against its paid limit, not the free 30 a second.
    const paid = (payload as { allow_paid_broadcast?: unknown } | undefined)?.allow_paid_broadcast === true;
    // One name for the call's place in its group's window, whatever the 429s (see SendGate.acquire).
    const token = newSendToken();
    for (let attempt = 0; ; attempt++) {
      stats.waitedMs += await gate.acquire(chatId, signal, priority, token, paid);
      stats.lateSlots = gate.lateSlots;
      const res = await prev(method, payload, signal);
      if (res.ok) metrics?.sent.inc({ method });
      else metrics?.failed.inc({ method, reason: String(res.error_code) });
      if (res.ok || res.error_code !== 429 || attempt >= max429) return res;
      const retryAfter = (res.parameters?.retry_after ?? 1) * 1000;
      stats.tooManyRequests++;
      metrics?.tooManyRequests.inc();
      logger.warn({ method, chatId, retryAfter }, 'Telegram answered 429: pausing all sends');
      await gate.pause(retryAfter);
    }
  };
}

function chatIdOf(payload: unknown): number | undefined {
  const id = (payload as { chat_id?: unknown } | undefined)?.chat_id;
  return typeof id === 'number' ? id : typeof id === 'string' && /^-?\d+$/.test(id) ? Number(id) : undefined;
}
