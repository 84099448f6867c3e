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
 * Paid broadcast (src/features/deliver/paid.ts): a send carrying `allow_paid_broadcast` takes
 * its global slot from a budget of its own (1,000 a second, Telegram's paid limit) instead of
 * the free one, and its own line in each process; its chat's and group's limits are the same.
 *
 * A send at low priority (an answer to someone unregistered, or to someone sending too much:
 * src/infra/telegram/priority.ts) takes a slot only when it can leave at once: nobody is
 * waiting for the global budget, its group's or its chat's, and no pause holds. Otherwise it
 * reserves nothing and asks again a moment later, so deliveries go first.
 */
export interface GateLimits {
  /** Telegram's limit for the whole bot (30); the gate spaces its slots a little wider (slotInterval). */
  globalPerSecond: number;
  chatPerSecond: number;
  groupPerMinute: number;
  /**
   * The paid-broadcast budget (sends carrying `allow_paid_broadcast`: up to 1,000 a second on
   * Telegram), a budget of its own beside the free one; default PAID_PER_SECOND.
   */
  paidPerSecond?: number;
}

/** Telegram's paid-broadcast limit: "up to 1000 messages per second" (Bot API, allow_paid_broadcast). */
export const PAID_PER_SECOND = 1000;

// KEYS: global (or the paid budget's), chat ('' if none), group window ('' if none), pause
// ARGV: global interval ms, chat interval ms, group window ms, group count, class (0 first,
// 1 queued, 2 low), horizon ms, chat held (1/0), chat pad ms, this send's token
// Returns {kind, ms[, Redis's now, the slot's time]} (the times as strings: a Lua number
// returned is cut to an integer): kind 1 — a global slot is reserved, send in ms; kind 2 — only the chat's
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
-- Stored to the microsecond: tostring keeps 14 digits, 0.1 ms of a time since the epoch, which
-- turned a 1.03 ms interval (1,000 a second with its margin) into 1.0 ms.
local function put(key, tat) redis.call('SET', key, string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1000) end
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
  return {2, math.ceil(own - now), string.format('%.3f', now), string.format('%.3f', own)}
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
return {1, math.ceil(g - now), string.format('%.3f', now), string.format('%.3f', g)}
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

/**
 * What one question to the gate answered (see SCRIPT); `due`: when the slot comes, on this
 * process's performance.now() clock (see RedisClock), never before it does on Redis's.
 */
export type GateAnswer = { kind: 'slot' | 'chat' | 'wait'; ms: number; due: number };
const KINDS = ['wait', 'slot', 'chat'] as const;

/**
 * How far ahead queued sends may reserve global slots. An answer that goes first waits behind
 * at most this much; a queued send asks again when the next slot comes within it, so a slot is
 * only left unused if a waiting process's event loop is late by more than this. 100 ms is three
 * slots at 29 a second (at lifted limits, thousands).
 */
const HORIZON_MS = 100;

/**
 * How late a slot may still be used: under load a process reaches its slot a few milliseconds
 * late, and giving up every such slot wastes the budget (see slotInterval for the margin that
 * makes using it safe). 20 until 2026-12-05; 10 leaves SPREAD_MS more of the same 30 ms margin
 * (see there). Bench parts 1, 5a and 5b gave up no slot at 10 either (bench/RESULTS.md, the run
 * of 2026-12-05 05:00 UTC).
 */
const LATE_SLOT_MS = 10;
/**
 * How much the way from the gate to Telegram may spread two sends' arrivals (the HTTP request
 * is written an event-loop turn or more after the slot; a synchronous SQLite commit in between
 * delays some and not others). A send never leaves before its slot (RedisClock). With 5 ms
 * here (and sends then still up to a Redis round trip early), the e2e test of paid broadcast
 * at Telegram's 30 a second had one 429 in four runs at load average 5.9; with 10, bench
 * part 1 at 30 a second had none in 2 runs (29.0 and 28.0 a second, load 0.7–1.9), and
 * bench/ceiling.ts at 1,000 a second none in 2 (bench/RESULTS.md). With 10, a worker process
 * in its first seconds (just restarted: code not yet optimised, bench part 3 with the fake in
 * its own process) sent a message ~30 ms after its slot although it had reached the slot in
 * time (gaps of 64 then 6 ms between arrivals), and the second after it held 31: three 429s
 * in 18 runs of part 3 variants, each costing 5 s of flood penalty. Hence 20, taken from
 * LATE_SLOT_MS: the rate stays 29.1 a second.
 */
const SPREAD_MS = 20;

/**
 * The spacing of the slots for Telegram's limit of `perSecond` in any one second, so that sends
 * that arrive up to LATE_SLOT_MS + SPREAD_MS late never put more than the limit into one
 * second: they come from slots within 1,000 + 30 ms, of which there are at most
 * ⌈1,030 / interval⌉ = perSecond. The margin is a fixed 30 ms of every second, 3 % of the
 * rate whatever the rate: at 30 a second, slots 34.3 ms apart (29.1 a second; the 29
 * configured before spaced them 34.5 ms); at 1,000 a second, 1.03 ms apart (971 a second).
 * Before, the interval was 1,000 / the configured rate and the margin was left to the figure
 * (29 for Telegram's 30): right at 29, but with the gate and a fake Bot API both at 1,000 a
 * second it gave 43–123 × 429 a run (bench/RESULTS.md), as 20 ms late at slots 1 ms apart is
 * 20 too many in a second.
 */
export function slotInterval(perSecond: number): number {
  return (1000 + LATE_SLOT_MS + SPREAD_MS) / perSecond;
}
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

  /**
   * One question to the gate for a send into `chatId` (see SCRIPT); `held`: its chat slot is
   * already reserved; `paid`: the send carries `allow_paid_broadcast` and takes its slot from the
   * paid budget instead of the free one (a chat's and a group's limits are the same for both).
   */
  async ask(chatId: number | undefined, priority: SendPriority, held = false, token = newSendToken(), paid = false): Promise<GateAnswer> {
    const k = `${this.prefix}:gate`;
    // (groupwin: a sorted set; the cell-rate string of older versions lived under group:.)
    const keys = [
      paid ? `${k}:paid` : `${k}:global`,
      chatId === undefined ? '' : `${k}:chat:${chatId}`,
      chatId !== undefined && chatId < 0 ? `${k}:groupwin:${chatId}` : '',
      `${k}:pause`,
    ];
    const gi = slotInterval(paid ? (this.limits.paidPerSecond ?? PAID_PER_SECOND) : this.limits.globalPerSecond);
    if (!this.clock.sampled) {
      // One warm-up for the questions asked meanwhile; a failed one (Redis away) is tried again.
      this.warming ??= this.warmClock().finally(() => {
        this.warming = null;
      });
      await this.warming;
    }
    const asked = performance.now();
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
    )) as [number, number, string?, string?];
    const received = performance.now();
    const ms = Math.max(0, Number(res[1]));
    if (res[2] === undefined || res[3] === undefined) return { kind: 'wait', ms, due: asked + ms };
    this.clock.sample(Number(res[2]), received);
    return { kind: KINDS[Number(res[0])] ?? 'wait', ms, due: this.clock.local(Number(res[3])) };
  }

  /**
   * Before this process's first question: a few quick TIME round trips bound the clock offset.
   * Learned from the first question alone — a cold round trip (the script sent and compiled, the
   * code paths not yet optimised) — the bound was low by that round trip and every slot of the
   * first seconds came that much late: in bench part 3c (two fresh worker processes) each one's
   * first sends reached the fake about 20 ms after their slots, so 31 arrivals spanned 1,005 ms
   * where the slots give 1,030, and in 2 of 8 runs a second held 31 (429, 5 s flood penalty).
   */
  private async warmClock(): Promise<void> {
    for (let i = 0; i < CLOCK_WARM_SAMPLES; i++) {
      const [sec, micro] = await this.redis.time();
      this.clock.sample(Number(sec) * 1000 + Number(micro) / 1000, performance.now());
    }
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
  async acquire(chatId: number | undefined, signal?: Abortable, priority: SendPriority = 'normal', token = newSendToken(), paid = false): Promise<number> {
    const since = performance.now();
    let held = false;
    for (let attempt = 1; ; attempt++) {
      // A held chat has waited its turn: its global slot is the next free one. A low send
      // stops yielding after LOW_MAX_WAIT_MS and is served in turn like any other.
      const cls: SendPriority = held ? 'first' : priority === 'low' && performance.now() - since >= LOW_MAX_WAIT_MS ? 'normal' : priority;
      const { a } = cls === 'normal' ? await this.askQueued(chatId, token, paid, signal) : await this.askOnce(chatId, cls, held, token, paid);
      if (a.kind === 'wait') {
        // A low send: no slot taken while others wait. Ask again soon.
        await sleep(Math.min(a.ms, LOW_POLL_MS), signal);
        attempt--;
        continue;
      }
      // On Redis's clock, so a reply this process was too busy to read counts as late, and a
      // question that waited in this process before reaching Redis does not make it early.
      const due = a.due;
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

  private async askOnce(chatId: number | undefined, cls: SendPriority, held: boolean, token: string, paid: boolean): Promise<{ asked: number; a: GateAnswer }> {
    const asked = performance.now();
    return { asked, a: await this.ask(chatId, cls, held, token, paid) };
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
  private async askQueued(chatId: number | undefined, token: string, paid: boolean, signal?: Abortable): Promise<{ asked: number; a: GateAnswer }> {
    // One line per budget: a paid send never waits behind free ones waiting for the 30 a second.
    const line = paid ? this.paidLine : this.freeLine;
    if (line.waiting === 0) {
      const r = await this.askOnce(chatId, 'normal', false, token, paid);
      if (r.a.kind !== 'wait') return r;
    }
    return inTurn(line, lineWidth(paid ? (this.limits.paidPerSecond ?? PAID_PER_SECOND) : this.limits.globalPerSecond), async () => {
      for (;;) {
        const r = await this.askOnce(chatId, 'normal', false, token, paid);
        if (r.a.kind !== 'wait') return r;
        await sleep(r.a.ms, signal);
      }
    });
  }

  private readonly clock = new RedisClock();
  private warming: Promise<void> | null = null;
  private readonly freeLine: Line = { active: 0, waiting: 0, next: [] };
  private readonly paidLine: Line = { active: 0, waiting: 0, next: [] };

  /** Slots given up because this process reached them late (see acquire). */
  lateSlots = 0;

  /** Telegram said 429: every process holds its sends for retry_after. */
  async pause(ms: number): Promise<void> {
    await this.redis.set(`${this.prefix}:gate:pause`, '1', 'PX', Math.max(1, ms));
  }
}

/**
 * Redis's clock (TIME, milliseconds since the epoch) seen from this process's performance.now().
 * The slots are times on Redis's clock. Counting a slot's wait from the moment the question was
 * asked made a send early by however long the question waited before Redis read it: nothing
 * when idle, but at 1,000 a second on a busy worker (a question queued behind a synchronous
 * SQLite commit), enough to put more than the limit into one second (bench/RESULTS.md).
 *
 * Each answer bounds the offset between the two clocks: Redis read its TIME after the question
 * was sent and before its answer was read here, so offset ≥ redisNow − received. The largest
 * such bound of the last few seconds is kept; with it a slot's local time is never earlier than the slot, and later by at most
 * the quickest round trip seen (well under a millisecond). Kept for two windows of
 * CLOCK_WINDOW_MS, so a Redis clock stepped back by NTP can make sends early for 10 s at most.
 */
class RedisClock {
  /** Sampled at least once: a process's first question warms the clock first (SendGate.warmClock). */
  sampled = false;
  private bound = Number.NEGATIVE_INFINITY;
  private previous = Number.NEGATIVE_INFINITY;
  private since = 0;

  /** An answer read at `received` that Redis gave at `redisNow`. */
  sample(redisNow: number, received: number): void {
    this.sampled = true;
    if (received - this.since > CLOCK_WINDOW_MS) {
      this.previous = this.bound;
      this.bound = Number.NEGATIVE_INFINITY;
      this.since = received;
    }
    this.bound = Math.max(this.bound, redisNow - received);
  }

  /** The local time of `redisTime`: no earlier than it really is (call after a sample). */
  local(redisTime: number): number {
    return redisTime - Math.max(this.bound, this.previous);
  }
}
/** TIME round trips taken before a process's first question (SendGate.warmClock). */
const CLOCK_WARM_SAMPLES = 5;
/** How long a clock bound is kept (see RedisClock). */
const CLOCK_WINDOW_MS = 5_000;

/** The queued sends of one process waiting for one budget, in the order they asked. */
interface Line {
  /** Sends asking now (at most the line's width). */
  active: number;
  /** Sends in the line, asking or not. */
  waiting: number;
  /** Those not yet asking, first first. */
  next: Array<() => void>;
}

/**
 * How many sends of one line ask side by side: one at Telegram's 30 a second (slots 34 ms
 * apart: one asker wakes for each), one more for every 250 a second beyond (4 at 1,000). One
 * asker gets one slot per Redis answer it reads, and a busy process reads about one every 2 ms:
 * at 1,000 a second (gate and fake Bot API both) a line of one gave exactly 500 a second
 * (125 per 250 ms, bench/ceiling.ts); a few askers side by side lift that cap, while at low
 * rates the line stays one, as it was made for (see askQueued).
 */
function lineWidth(perSecond: number): number {
  return Math.max(1, Math.ceil(perSecond / 250));
}

/**
 * Runs `fn` once fewer than `width` sends of `line` that asked before it are still waiting for
 * their answer, in the order they came. With room, at once (not a microtask later): the asking
 * is then timed from here.
 */
async function inTurn<T>(line: Line, width: number, fn: () => Promise<T>): Promise<T> {
  line.waiting++;
  // A send woken from `next` takes over the place of the one that finished: active stays.
  if (line.active >= width || line.next.length > 0) await new Promise<void>((r) => line.next.push(r));
  else line.active++;
  try {
    return await fn();
  } finally {
    line.waiting--;
    const next = line.next.shift();
    if (next) next();
    else line.active--;
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
