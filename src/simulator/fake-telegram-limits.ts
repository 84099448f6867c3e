/**
 * Failure modelling for the fake Telegram Bot API server: the exact JSON error
 * bodies Telegram answers with, sliding-window rate limits (HTTP 429 with
 * `retry_after`) and a small seeded PRNG for reproducible random failures.
 *
 * Used by `fake-telegram.ts`; nothing here touches the network.
 */

/** Successful Bot API answer. */
export interface ApiSuccess<T = unknown> {
  ok: true;
  result: T;
}

/** Failed Bot API answer, shaped exactly like Telegram's. */
export interface ApiFailure {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export type ApiResponse<T = unknown> = ApiSuccess<T> | ApiFailure;

/** An HTTP status plus the JSON body to send. */
export interface HttpAnswer {
  status: number;
  body: ApiResponse;
}

export function ok(result: unknown): HttpAnswer {
  return { status: 200, body: { ok: true, result } };
}

export function apiError(code: number, description: string, parameters?: ApiFailure['parameters']): HttpAnswer {
  const body: ApiFailure = { ok: false, error_code: code, description };
  if (parameters) body.parameters = parameters;
  return { status: code, body };
}

/**
 * Per-chat failures that `failChat` can simulate:
 * - `blocked`: the user blocked the bot (private chats)
 * - `kicked`: the bot was removed from the group
 * - `not_member`: the bot left the group / was never in it
 * - `not_found`: the chat does not exist (anymore)
 * - `deactivated`: the user deleted their account
 */
export type ChatFailureKind = 'blocked' | 'kicked' | 'not_member' | 'not_found' | 'deactivated';

/** The error Telegram answers with for each `ChatFailureKind`. */
export function chatFailure(kind: ChatFailureKind): HttpAnswer {
  switch (kind) {
    case 'blocked':
      return apiError(403, 'Forbidden: bot was blocked by the user');
    case 'kicked':
      return apiError(403, 'Forbidden: bot was kicked from the group chat');
    case 'not_member':
      return apiError(403, 'Forbidden: bot is not a member of the group chat');
    case 'deactivated':
      return apiError(403, 'Forbidden: user is deactivated');
    case 'not_found':
      return apiError(400, 'Bad Request: chat not found');
  }
}

/** Telegram's answer when a basic group has been upgraded to a supergroup. */
export function migratedFailure(newChatId: number): HttpAnswer {
  return apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
    migrate_to_chat_id: newChatId,
  });
}

export function tooManyRequests(retryAfterSeconds: number): HttpAnswer {
  return apiError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, {
    retry_after: retryAfterSeconds,
  });
}

export const UNAUTHORIZED = (): HttpAnswer => apiError(401, 'Unauthorized');
export const INTERNAL_ERROR = (): HttpAnswer => apiError(500, 'Internal Server Error');

/**
 * Methods subject to rate limiting (these are the ones that make Telegram
 * answer 429 in practice for a bot that broadcasts).
 */
export const SEND_LIKE_METHODS: ReadonlySet<string> = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'copyMessage', 'forwardMessage', 'editMessageText']);

/** Rate limits; every field is optional and a missing field means "no limit". */
export interface RateLimits {
  /** Send-like calls per second, across all chats. */
  globalPerSecond?: number;
  /** Send-like calls per second into one chat. */
  perChatPerSecond?: number;
  /** Send-like calls per minute into one group (chat id < 0). */
  perGroupPerMinute?: number;
  /**
   * Send-like calls per second that carry `allow_paid_broadcast: true`: Telegram lets those
   * "up to 1000 messages per second, ignoring broadcasting limits" (Bot API), so they count
   * against this instead of `globalPerSecond` (default PAID_BROADCAST_PER_SECOND whenever any
   * limit is on). Per-chat and per-group limits count them like any other.
   */
  paidPerSecond?: number;
  /**
   * Fixed `retry_after` to answer with. When omitted, it is computed from the
   * window: the seconds until the oldest counted call leaves it (at least 1).
   * Ignored while `floodPenaltyMs` is on.
   */
  retryAfterSeconds?: number;
  /**
   * Telegram's flood penalty (off by default): a send over a limit is answered with
   * `retry_after` = this many ms rounded up to seconds, and the scope it exceeded stays
   * refused until then — the chat for the per-chat and per-group limits, every chat for the
   * global one (the paid limit: every paid send). Each refused call answers with the time
   * left (rounded up, at least 1 s) and is not counted. `true` means
   * TELEGRAM_FLOOD_PENALTY_MS. Without it the fake answers the window's remainder (≈1 s
   * for the 30/s limit), which made a naive loop with auto-retry look faster than pacing
   * (bench part 2: 16.36 s for 500 groups with 16 × 429); with a 5 s penalty the same loop
   * takes 80.87 s, still 16 × 429, each one a 5 s stop.
   */
  floodPenaltyMs?: number | true;
}

/** The penalty `floodPenaltyMs: true` stands for: the 5 s issue #14 measured against. */
export const TELEGRAM_FLOOD_PENALTY_MS = 5000;

/** Telegram's paid-broadcast limit (Bot API, `allow_paid_broadcast`). */
export const PAID_BROADCAST_PER_SECOND = 1000;

/** Telegram's documented broadcast limits, handy for realistic benchmarks. */
export const TELEGRAM_LIMITS: Readonly<RateLimits> = {
  globalPerSecond: 30,
  perChatPerSecond: 1,
  perGroupPerMinute: 20,
};

/**
 * Timestamps of accepted calls within a sliding window. Timestamps are pushed
 * in increasing order, so eviction pops from the head: amortised O(1).
 */
class SlidingWindow {
  private stamps: number[] = [];
  private head = 0;

  constructor(readonly windowMs: number) {}

  /** Number of calls within the window ending at `now`. */
  count(now: number): number {
    const cutoff = now - this.windowMs;
    while (this.head < this.stamps.length && this.stamps[this.head]! <= cutoff) this.head++;
    // Compact once the dead prefix dominates, to keep memory bounded.
    if (this.head > 256 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
    return this.stamps.length - this.head;
  }

  /** Milliseconds until a slot frees up (call after `count`). */
  waitMs(now: number): number {
    const oldest = this.stamps[this.head];
    return oldest === undefined ? 0 : oldest + this.windowMs - now;
  }

  add(now: number): void {
    this.stamps.push(now);
  }

  /** Flood penalty: calls counted against this window are refused until then (epoch ms). */
  blockedUntil = 0;
}

/**
 * Sliding-window limiter. Only calls that are let through are counted, so a
 * bot that honours `retry_after` gets through after waiting.
 */
export class RateLimiter {
  private limits: RateLimits | null = null;
  private global = new SlidingWindow(1000);
  private paid = new SlidingWindow(1000);
  private perChat = new Map<number, SlidingWindow>();
  private perGroup = new Map<number, SlidingWindow>();

  /** Replaces the limits and resets all windows; `null` disables limiting. */
  set(limits: RateLimits | null): void {
    const any = limits && (limits.globalPerSecond !== undefined || limits.perChatPerSecond !== undefined || limits.perGroupPerMinute !== undefined);
    this.limits = any ? { ...limits } : null;
    this.global = new SlidingWindow(1000);
    this.paid = new SlidingWindow(1000);
    this.perChat.clear();
    this.perGroup.clear();
  }

  get enabled(): boolean {
    return this.limits !== null;
  }

  /**
   * Checks one send-like call into `chatId` at time `now`. Returns 0 and
   * counts the call if it is allowed, otherwise the `retry_after` seconds to
   * answer with (the call is not counted). `paid`: the call carries
   * `allow_paid_broadcast`, counted against the paid limit instead of the global one.
   */
  check(chatId: number | undefined, now: number, paid = false): number {
    const limits = this.limits;
    if (!limits) return 0;
    const penaltyMs = limits.floodPenaltyMs === true ? TELEGRAM_FLOOD_PENALTY_MS : (limits.floodPenaltyMs ?? 0);
    const windows: Array<[SlidingWindow, number]> = [];
    if (paid) windows.push([this.paid, limits.paidPerSecond ?? PAID_BROADCAST_PER_SECOND]);
    else if (limits.globalPerSecond !== undefined) windows.push([this.global, limits.globalPerSecond]);
    if (chatId !== undefined) {
      if (limits.perChatPerSecond !== undefined) {
        windows.push([windowFor(this.perChat, chatId, 1000), limits.perChatPerSecond]);
      }
      if (limits.perGroupPerMinute !== undefined && chatId < 0) {
        windows.push([windowFor(this.perGroup, chatId, 60_000), limits.perGroupPerMinute]);
      }
    }
    if (penaltyMs > 0) {
      // A scope under penalty refuses without counting, whatever its window says.
      let blockedMs = 0;
      for (const [window] of windows) blockedMs = Math.max(blockedMs, window.blockedUntil - now);
      if (blockedMs > 0) return Math.max(1, Math.ceil(blockedMs / 1000));
    }
    let waitMs = -1;
    for (const [window, max] of windows) {
      if (window.count(now) >= max) {
        waitMs = Math.max(waitMs, window.waitMs(now));
        if (penaltyMs > 0) window.blockedUntil = now + penaltyMs;
      }
    }
    if (waitMs >= 0) {
      if (penaltyMs > 0) return Math.max(1, Math.ceil(penaltyMs / 1000));
      return limits.retryAfterSeconds ?? Math.max(1, Math.ceil(waitMs / 1000));
    }
    for (const [window] of windows) window.add(now);
    return 0;
  }
}

function windowFor(map: Map<number, SlidingWindow>, key: number, windowMs: number): SlidingWindow {
  let window = map.get(key);
  if (!window) {
    window = new SlidingWindow(windowMs);
    map.set(key, window);
  }
  return window;
}

/** mulberry32: tiny deterministic PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
