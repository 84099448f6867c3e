import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Telegram's limits are per bot, across every process: about 30 messages a second in total,
 * one a second into one chat, twenty a minute into one group. The gate hands out send slots
 * from Redis (a generic cell rate algorithm for the total and each chat, a sliding window for
 * each group's minute, atomically in one Lua script, on Redis's clock),
 * so several bot and worker processes share one budget and sends leave evenly spaced — a
 * burst of 29 in the first milliseconds of a second would reach Telegram bunched up and
 * trip its sliding window. A 429's retry_after is stored as a pause that every slot honours.
 *
 * Fair (issue #14): the global budget is never spent on waiting for one chat. A send whose
 * chat (or group) is not free by the next global slot reserves only its chat's own slot and
 * asks for a global one when that comes; meanwhile the global slots go to sends whose chats
 * are free. Before, such a send reserved the global slot at its chat's time and every send
 * after it queued behind: one `editMessageReplyMarkup` into the leader's private chat, waiting
 * for that chat's 1 a second, held the other four groups of a 5-OPD instruction back by 1.1 s.
 *
 * Priorities: queued sends (the workers') reserve a global slot only within a short horizon
 * (HORIZON_MS) of now and otherwise ask again when it comes, so at most a horizon's worth of
 * slots is ever promised ahead. An answer that goes first (./priority.ts: a registered
 * person's own private chat) reserves the next free slot whatever the horizon, so it leaves
 * within about one horizon of being asked however long the queue. Between queued sends, the
 * queue's own order (BullMQ priorities) decides who asks first.
 *
 * A send at low priority (an answer to someone unregistered, or to someone sending too much:
 * src/infra/telegram/priority.ts) takes a slot only when it can leave at once: nobody is
 * waiting for the global budget, its group's or its chat's, and no pause holds. Otherwise it
 * reserves nothing and asks again a moment later, so deliveries go first.
 */
export interface GateLimits {
  globalPerSecond: number;
  chatPerSecond: number;
  groupPerMinute: number;
}

// KEYS: global, chat ('' if none), group window ('' if none), pause
// ARGV: global interval ms, chat interval ms, group window ms, group count, class (0 first,
// 1 queued, 2 low), horizon ms, chat held (1/0), chat pad ms, this send's token
// Returns {kind, ms}: kind 1 — a global slot is reserved, send in ms; kind 2 — only the chat's
// (and group's) own slot is reserved, ask again in ms with the chat held; kind 0 — nothing is
// reserved, ask again in ms.
//
// The group limit is a sliding window (a sorted set of this group's send times, each under
// the token of its send, so a send that asks again moves its own entry instead of adding one):
// Telegram's "20 a minute" counts the last minute. A rate with a burst of 20 (the cell rate
// algorithm used before) let a group that had just had 20 take the 21st 3 s later, which a
// sliding window refuses for a minute; the fake Bot API answered that with a 429.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local gi, ci, win, gn = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local class, horizon, held, pad, token = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7] == '1', tonumber(ARGV[8]), ARGV[9]
local function get(key) return tonumber(redis.call('GET', key) or '0') end
local function put(key, tat) redis.call('SET', key, tostring(tat), 'PX', math.ceil(tat - now) + 1000) end
local function mark(at)
  redis.call('ZADD', KEYS[3], at, token)
  redis.call('PEXPIRE', KEYS[3], math.ceil(at - now + win) + 1000)
end
local chat = KEYS[2] ~= '' and ci > 0
local group = KEYS[3] ~= '' and win > 0 and gn > 0
-- The next free global slot (a 429's pause holds every slot).
local g = now
local pttl = redis.call('PTTL', KEYS[4])
if pttl > 0 then g = now + pttl end
if gi > 0 then g = math.max(g, get(KEYS[1])) end
-- The earliest moment this chat and group take another message (a held chat has its own).
local own = now
if group then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - win) end
if not held then
  if chat then own = math.max(own, get(KEYS[2])) end
  if group then
    redis.call('ZREM', KEYS[3], token)
    local n = redis.call('ZCARD', KEYS[3])
    if n >= gn then own = math.max(own, tonumber(redis.call('ZRANGE', KEYS[3], n - gn, n - gn, 'WITHSCORES')[2]) + win) end
  end
end
if class == 2 then
  local s = math.max(g, own)
  if s > now then return {0, math.max(1, math.ceil(s - now))} end
end
if own > g then
  -- Not free by the next global slot: hold the chat's own slot, not the global one. The pad
  -- covers how much later than that its global slot may come (the horizon and a slot).
  if chat then put(KEYS[2], math.max(get(KEYS[2]), own) + ci + pad) end
  if group then mark(own) end
  return {2, math.ceil(own - now)}
end
if class == 1 and g > now + horizon then return {0, math.max(1, math.ceil(g - horizon - now))} end
if gi > 0 then put(KEYS[1], g + gi) end
if held then
  -- Sent later than the chat's held slot: the next message into it waits from the real one.
  if chat then put(KEYS[2], math.max(get(KEYS[2]), g + ci)) end
else
  if chat then put(KEYS[2], math.max(get(KEYS[2]), g) + ci) end
end
if group then mark(g) end
return {1, math.ceil(g - now)}
`;

/**
 * Margin on the group window: a send may reach Telegram up to a Redis round trip before its
 * slot (see LATE_SLOT_MS), so a group's 21st message waits a minute and this much.
 */
const GROUP_WINDOW_MARGIN_MS = 100;

/**
 * Margin on a chat's interval (5 %: 1,050 ms at 1 a second). Telegram counts arrivals, and two
 * messages into one chat a gate's second apart can arrive closer: bench part 5b (the fake in
 * its own process, a loaded machine) had a group's message refused 994 ms after the one before.
 */
const CHAT_MARGIN = 0.05;

/** What one question to the gate answered (see SCRIPT). */
export type GateAnswer = { kind: 'slot' | 'chat' | 'wait'; ms: number };
const KINDS = ['wait', 'slot', 'chat'] as const;

/**
 * How far ahead queued sends may reserve global slots. An answer that goes first waits behind
 * at most this much; a queued send asks again when the next slot comes within it, so a slot is
 * only left unused if a waiting process's event loop is late by more than this. 100 ms is three
 * slots at 29 a second (at lifted limits, thousands).
 */
const HORIZON_MS = 100;

/**
 * How late a slot may still be used. At 29 a second (slots 34.5 ms apart), sends at most
 * 20 ms late (or a Redis round trip early) put at most ⌈1020 / 34.5⌉ = 30 into any second:
 * still within Telegram's 30.
 */
const LATE_SLOT_MS = 20;
/** Slots given up for one send at most: in a long stall the send goes anyway (a 429 is then honoured). */
const MAX_LATE_SLOTS = 5;
/** A low-priority send asks again after at most this long while others are waiting. */
const LOW_POLL_MS = 200;
/** …and stops yielding after this long: it is then served in turn like any other send. */
const LOW_MAX_WAIT_MS = 60_000;

/**
 * `first`: an answer that goes ahead of the queued sends; `normal`: a queued send (a
 * delivery, an outbox message); `low`: answers that must not take the budget deliveries need
 * (see the class comment).
 */
export type SendPriority = 'first' | 'normal' | 'low';
const CLASS: Record<SendPriority, number> = { first: 0, normal: 1, low: 2 };

export class SendGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: GateLimits,
  ) {}

  /** One question to the gate for a send into `chatId` (see SCRIPT); `held`: its chat slot is already reserved. */
  async ask(chatId: number | undefined, priority: SendPriority, held = false, token = newSendToken()): Promise<GateAnswer> {
    const k = `${this.prefix}:gate`;
    // (groupwin: a sorted set; the cell-rate string of older versions lived under group:.)
    const keys = [`${k}:global`, chatId === undefined ? '' : `${k}:chat:${chatId}`, chatId !== undefined && chatId < 0 ? `${k}:groupwin:${chatId}` : '', `${k}:pause`];
    const gi = 1000 / this.limits.globalPerSecond;
    const res = (await this.redis.eval(
      SCRIPT,
      4,
      ...keys,
      gi,
      (1000 / this.limits.chatPerSecond) * (1 + CHAT_MARGIN),
      60_000 + GROUP_WINDOW_MARGIN_MS,
      this.limits.groupPerMinute,
      CLASS[priority],
      HORIZON_MS,
      held ? 1 : 0,
      HORIZON_MS + 2 * gi,
      token,
    )) as [number, number];
    return { kind: KINDS[Number(res[0])] ?? 'wait', ms: Math.max(0, Number(res[1])) };
  }

  /**
   * Reserves a send slot for this chat ahead of the queue; resolves with the milliseconds to
   * wait for it (for a chat not yet free: for the chat's own slot). With `yielding` (low
   * priority), reserves nothing while others wait and resolves with minus how long.
   */
  async reserve(chatId: number | undefined, yielding = false): Promise<number> {
    const a = await this.ask(chatId, yielding ? 'low' : 'first');
    return a.kind === 'wait' ? -Math.max(1, a.ms) : a.ms;
  }

  /**
   * Waits for this chat's next slot; resolves with the milliseconds waited. `token` names the
   * send in its group's window: a send repeated after a 429 passes the same one, so the refused
   * attempt is not counted as one of the group's twenty.
   *
   * Telegram counts arrivals. A slot this process reached late — its event loop was busy
   * (a burst of button presses) when the slot came — is given up and a new one reserved:
   * sent late, the message would arrive together with the ones sent on time after it, and
   * 31 could land within one second although 29 a second were handed out.
   */
  async acquire(chatId: number | undefined, signal?: Abortable, priority: SendPriority = 'normal', token = newSendToken()): Promise<number> {
    const since = performance.now();
    let held = false;
    for (let attempt = 1; ; attempt++) {
      // A held chat has waited its turn: its global slot is the next free one. A low send
      // stops yielding after LOW_MAX_WAIT_MS and is served in turn like any other.
      const cls: SendPriority = held ? 'first' : priority === 'low' && performance.now() - since >= LOW_MAX_WAIT_MS ? 'normal' : priority;
      const { asked, a } = cls === 'normal' ? await this.askQueued(chatId, token, signal) : await this.askOnce(chatId, cls, held, token);
      if (a.kind === 'wait') {
        // A low send: no slot taken while others wait. Ask again soon.
        await sleep(Math.min(a.ms, LOW_POLL_MS), signal);
        attempt--;
        continue;
      }
      // Counted from the asking, so a reply this process was too busy to read counts as late.
      // (A send may so leave up to one Redis round trip early; see LATE_SLOT_MS for the margin.)
      const due = asked + a.ms;
      if (due > performance.now()) await sleep(due - performance.now(), signal);
      if (a.kind === 'chat') {
        held = true;
        attempt--;
        continue;
      }
      const late = performance.now() - due;
      if (late <= LATE_SLOT_MS || attempt >= MAX_LATE_SLOTS) return performance.now() - since;
      this.lateSlots++;
    }
  }

  private async askOnce(chatId: number | undefined, cls: SendPriority, held: boolean, token: string): Promise<{ asked: number; a: GateAnswer }> {
    const asked = performance.now();
    return { asked, a: await this.ask(chatId, cls, held, token) };
  }

  /**
   * A queued send asks until it has a global slot or its chat's own one. Sends that have to wait
   * for the budget line up in this process (inTurn) and only the first of them asks, in the
   * order they came: ten waiting workers would otherwise all wake for every slot and nine ask
   * in vain — about 290 extra scripts a second at the bench's ten parallel sends, whose
   * queueing in front of Redis can let a send leave early by as much (the first version of this
   * gate, without the line, had one 429 in a 500-group broadcast on a loaded machine; with it,
   * none in the runs since). While nobody waits, sends ask side by
   * side: with the limits lifted the line would put one Redis round trip between any two sends.
   */
  private async askQueued(chatId: number | undefined, token: string, signal?: Abortable): Promise<{ asked: number; a: GateAnswer }> {
    if (this.inLine === 0) {
      const r = await this.askOnce(chatId, 'normal', false, token);
      if (r.a.kind !== 'wait') return r;
    }
    return this.inTurn(async () => {
      for (;;) {
        const r = await this.askOnce(chatId, 'normal', false, token);
        if (r.a.kind !== 'wait') return r;
        await sleep(r.a.ms, signal);
      }
    });
  }

  private turn: Promise<void> = Promise.resolve();
  private inLine = 0;

  /**
   * Runs `fn` after every queued send of this process that asked before it has its answer.
   * With nobody in line, at once (not a microtask later): the asking is then timed from here.
   */
  private async inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.turn;
    let release = () => {};
    this.turn = new Promise<void>((r) => {
      release = r;
    });
    const wait = this.inLine > 0;
    this.inLine++;
    try {
      if (wait) await before;
      return await fn();
    } finally {
      this.inLine--;
      release();
    }
  }

  /** Slots given up because this process reached them late (see acquire). */
  lateSlots = 0;

  /** Telegram said 429: every process holds its sends for retry_after. */
  async pause(ms: number): Promise<void> {
    await this.redis.set(`${this.prefix}:gate:pause`, '1', 'PX', Math.max(1, ms));
  }
}

/** Names one send's entry in its group's window, unique across processes. */
export function newSendToken(): string {
  return randomUUID();
}

/** grammY's AbortSignal, or anything that only says whether the send was given up. */
interface Abortable {
  readonly aborted: boolean;
  addEventListener?(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
}

/** Waits `ms`; a send given up meanwhile stops waiting at once (a group's wait can last a minute). */
function sleep(ms: number, signal?: Abortable): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new Error('send aborted while waiting for the rate limit');
    if (signal?.aborted) return reject(aborted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener?.('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener?.('abort', onAbort, { once: true });
  });
}
