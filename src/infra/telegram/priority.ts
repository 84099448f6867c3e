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
