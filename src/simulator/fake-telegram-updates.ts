/**
 * The update queue of the fake Telegram Bot API server and getUpdates long
 * polling: offset confirmation, limit, timeout (held up to `pollTimeoutMs`),
 * allowed_updates, the "one long poll at a time" conflict, and waiting until
 * the bot has confirmed everything injected.
 */
import type { ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { apiError, ok, type HttpAnswer } from './fake-telegram-limits';
import { toChatId } from './fake-telegram-state';

/** Update types Telegram delivers when allowed_updates is empty/unset. */
const DEFAULT_EXCLUDED_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

type PollEnd = 'wake' | 'timeout' | 'closed' | 'stop' | 'conflict';

export class UpdateQueue {
  /** Updates before `head` are confirmed; the prefix is compacted away from time to time. */
  private queue: Update[] = [];
  private head = 0;
  private nextId = 1;
  private lastConfirmedId = 0;
  private confirmWaiters = new Set<{ target: number; resolve: () => void; reject: (error: Error) => void }>();
  private allowed: Set<string> | null = null; // null = Telegram's default set
  private pendingPoll: { release: (reason: PollEnd) => void } | undefined;
  private stopped = false;

  constructor(private readonly pollTimeoutMs: number) {}

  /** Assigns the next update_id, queues the update and wakes a pending long poll. */
  push(partial: Omit<Update, 'update_id'>): Update {
    const update = { update_id: this.nextId++, ...partial } as Update;
    this.queue.push(update);
    this.pendingPoll?.release('wake');
    return update;
  }

  /** The next update gets an id above `updateId` (and above every id given so far). */
  continueAfter(updateId: number): void {
    this.nextId = Math.max(this.nextId, updateId + 1);
  }

  /** Number of unconfirmed updates. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Confirms everything queued (drop_pending_updates). */
  dropPending(): void {
    this.advance(this.queue.length);
  }

  /** Answers a pending long poll, refuses to hold new ones, rejects `waitForConfirmed` callers. */
  stop(): void {
    this.stopped = true;
    this.pendingPoll?.release('stop');
    for (const waiter of this.confirmWaiters) waiter.reject(new Error('FakeTelegram stopped while waiting for confirmation'));
    this.confirmWaiters.clear();
  }

  /** getUpdates: answers at once if updates are pending, else holds until one is injected. */
  async getUpdates(p: Record<string, unknown>, res: ServerResponse): Promise<HttpAnswer> {
    const offset = toChatId(p.offset);
    if (offset !== undefined && offset !== 0) this.confirm(offset);
    if (Array.isArray(p.allowed_updates)) {
      this.allowed = p.allowed_updates.length > 0 ? new Set(p.allowed_updates.map(String)) : null;
    }
    const limit = Math.min(100, Math.max(1, toChatId(p.limit) ?? 100));
    const timeoutSeconds = Number(p.timeout ?? 0) || 0;
    const batch = this.collect(limit);
    if (batch.length > 0 || timeoutSeconds <= 0 || this.stopped) return ok(batch);

    // Telegram allows one long poll per bot: a newer one terminates the older.
    this.pendingPoll?.release('conflict');
    const reason = await new Promise<PollEnd>((resolve) => {
      const poll = {
        release: (why: PollEnd): void => {
          clearTimeout(timer);
          res.off('close', onClose);
          if (this.pendingPoll === poll) this.pendingPoll = undefined;
          resolve(why);
        },
      };
      const onClose = (): void => poll.release('closed');
      const timer = setTimeout(() => poll.release('timeout'), Math.min(timeoutSeconds * 1000, this.pollTimeoutMs));
      res.on('close', onClose);
      this.pendingPoll = poll;
    });
    if (reason === 'conflict') {
      return apiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    }
    return ok(this.collect(limit));
  }

  /**
   * Resolves once every update pushed so far has been confirmed through a
   * later getUpdates offset.
   */
  waitForConfirmed(timeoutMs: number): Promise<void> {
    const target = this.nextId - 1;
    if (this.lastConfirmedId >= target) return Promise.resolve();
    if (this.stopped) return Promise.reject(new Error('FakeTelegram is stopped; updates will not be confirmed'));
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        target,
        resolve: (): void => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error): void => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.confirmWaiters.delete(waiter);
        reject(new Error(`waitForConfirmed timed out after ${timeoutMs} ms: confirmed up to update ${this.lastConfirmedId}, ` + `injected up to ${target} (is the bot polling?)`));
      }, timeoutMs);
      this.confirmWaiters.add(waiter);
    });
  }

  /** Confirms updates below `offset`; a negative offset keeps only the last -offset ones. */
  private confirm(offset: number): void {
    let head = this.head;
    if (offset < 0) {
      head = Math.max(head, this.queue.length + offset);
    } else {
      while (head < this.queue.length && this.queue[head]!.update_id < offset) head++;
    }
    this.advance(head);
  }

  /** Moves the confirmation point, wakes `waitForConfirmed` callers, compacts. */
  private advance(head: number): void {
    if (head <= this.head) return;
    this.head = head;
    this.lastConfirmedId = this.queue[head - 1]!.update_id;
    for (const waiter of this.confirmWaiters) {
      if (this.lastConfirmedId >= waiter.target) {
        this.confirmWaiters.delete(waiter);
        waiter.resolve();
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Up to `limit` unconfirmed updates of allowed types. */
  private collect(limit: number): Update[] {
    const batch: Update[] = [];
    for (let i = this.head; i < this.queue.length && batch.length < limit; i++) {
      const update = this.queue[i]!;
      const type = Object.keys(update).find((k) => k !== 'update_id') ?? '';
      const allowed = this.allowed ? this.allowed.has(type) : !DEFAULT_EXCLUDED_UPDATES.has(type);
      if (allowed) batch.push(update);
    }
    return batch;
  }
}
