import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which chat's answers go at the lowest send priority while an update is handled: the chat of
 * someone unregistered, or of someone sending more than their share (src/bot.ts). Their
 * answers then wait in the send gate until nobody else does (src/infra/telegram/gate.ts), so
 * a flood of them never takes the budget that deliveries need.
 *
 * Carried by the handling itself (AsyncLocalStorage), not by a flag on the context: the send
 * gate sits in the API transformer, which sees a method and a payload, nothing else. Only
 * sends into that one chat are affected: a handler that writes to someone else while
 * answering (a notice to an admin) does so at normal priority.
 */
const lowPriorityChat = new AsyncLocalStorage<number>();

/** Runs `fn` (and everything it awaits) with its sends into `chatId` at low priority. */
export function answerAtLowPriority<T>(chatId: number, fn: () => T): T {
  return lowPriorityChat.run(chatId, fn);
}

/** Whether a send into `chatId` from here is an answer at low priority. */
export function isLowPriorityAnswer(chatId: number | undefined): boolean {
  return chatId !== undefined && lowPriorityChat.getStore() === chatId;
}

/**
 * The other end (issue #14): the answers to a registered person in their private chat — the
 * leader's Kirim turning the preview into "sedang dikirim …", a command's reply — take the
 * next free send slot ahead of the queued deliveries, which hold at most a short horizon of
 * slots (src/infra/telegram/gate.ts). One person answered in their own chat at 1 a second
 * costs a broadcast at most one slot in thirty; presses in groups stay at normal priority, so
 * a thousand ✅ cannot push the deliveries back.
 */
const firstChat = new AsyncLocalStorage<number>();

/** Runs `fn` (and everything it awaits) with its sends into `chatId` ahead of the queued ones. */
export function answerFirst<T>(chatId: number, fn: () => T): T {
  return firstChat.run(chatId, fn);
}

/** Whether a send into `chatId` from here is an answer that goes ahead of the queue. */
export function isAnswerFirst(chatId: number | undefined): boolean {
  return chatId !== undefined && firstChat.getStore() === chatId;
}
