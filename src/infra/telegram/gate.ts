import type { Redis } from 'ioredis';

/**
 * Telegram's limits are per bot, across every process: about 30 messages a second in total,
 * one a second into one chat, twenty a minute into one group. The gate hands out send slots
 * from Redis (a generic cell rate algorithm, atomically in one Lua script, on Redis's clock),
 * so several bot and worker processes share one budget and sends leave evenly spaced — a
 * burst of 29 in the first milliseconds of a second would reach Telegram bunched up and
 * trip its sliding window. A 429's retry_after is stored as a pause that every slot honours.
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

// KEYS: global, chat ('' if none), group ('' if none), pause
// ARGV: global interval ms, chat interval ms, group interval ms, group burst, low priority (1/0)
// Returns the milliseconds to wait before sending (the slot is reserved). At low priority only a
// slot free now is taken; otherwise nothing is reserved and it returns minus the wait: a low
// send never holds a future slot that a delivery queued meanwhile would have had.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local slot = now
local pttl = redis.call('PTTL', KEYS[4])
if pttl > 0 then slot = now + pttl end
local function earliest(key, interval, burst)
  if key == '' or interval <= 0 then return end
  local tat = tonumber(redis.call('GET', key) or '0')
  local e = tat - (burst - 1) * interval
  if e > slot then slot = e end
end
local function reserve(key, interval)
  if key == '' or interval <= 0 then return end
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < slot then tat = slot end
  tat = tat + interval
  redis.call('SET', key, tostring(tat), 'PX', math.ceil(tat - now) + 1000)
end
local gi, ci, gri, gb = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
earliest(KEYS[1], gi, 1)
earliest(KEYS[2], ci, 1)
earliest(KEYS[3], gri, gb)
if ARGV[5] == '1' and slot > now then return -math.max(1, math.ceil(slot - now)) end
reserve(KEYS[1], gi)
reserve(KEYS[2], ci)
reserve(KEYS[3], gri)
return math.ceil(slot - now)
`;

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

/** `low`: answers that must not take the budget deliveries need (see the class comment). */
export type SendPriority = 'normal' | 'low';

export class SendGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: GateLimits,
  ) {}

  /**
   * Reserves the next send slot for this chat; resolves with the milliseconds to wait for it.
   * With `yielding`, reserves nothing while others wait and resolves with minus how long.
   */
  async reserve(chatId: number | undefined, yielding = false): Promise<number> {
    const k = `${this.prefix}:gate`;
    const keys = [`${k}:global`, chatId === undefined ? '' : `${k}:chat:${chatId}`, chatId !== undefined && chatId < 0 ? `${k}:group:${chatId}` : '', `${k}:pause`];
    const res = await this.redis.eval(
      SCRIPT,
      4,
      ...keys,
      1000 / this.limits.globalPerSecond,
      1000 / this.limits.chatPerSecond,
      60_000 / this.limits.groupPerMinute,
      this.limits.groupPerMinute,
      yielding ? 1 : 0,
    );
    return yielding ? Number(res) : Math.max(0, Number(res));
  }

  /**
   * Waits for this chat's next slot; resolves with the milliseconds waited.
   *
   * Telegram counts arrivals. A slot this process reached late — its event loop was busy
   * (a burst of button presses) when the slot came — is given up and a new one reserved:
   * sent late, the message would arrive together with the ones sent on time after it, and
   * 31 could land within one second although 29 a second were handed out.
   */
  async acquire(chatId: number | undefined, signal?: { aborted: boolean }, priority: SendPriority = 'normal'): Promise<number> {
    let waited = 0;
    const since = performance.now();
    for (let attempt = 1; ; attempt++) {
      const asked = performance.now();
      const wait = await this.reserve(chatId, priority === 'low' && asked - since < LOW_MAX_WAIT_MS);
      if (wait < 0) {
        // Others are waiting: no slot taken. Ask again when they will have gone (or sooner).
        if (signal?.aborted) throw new Error('send aborted while waiting for the rate limit');
        await new Promise((r) => setTimeout(r, Math.min(-wait, LOW_POLL_MS)));
        waited += performance.now() - asked;
        attempt--;
        continue;
      }
      // Counted from the asking, so a reply this process was too busy to read counts as late.
      // (A send may so leave up to one Redis round trip early; see LATE_SLOT_MS for the margin.)
      const due = asked + wait;
      if (due > performance.now()) {
        if (signal?.aborted) throw new Error('send aborted while waiting for the rate limit');
        await new Promise((r) => setTimeout(r, due - performance.now()));
      }
      waited += wait;
      const late = performance.now() - due;
      if (late <= LATE_SLOT_MS || attempt >= MAX_LATE_SLOTS) return waited;
      this.lateSlots++;
    }
  }

  /** Slots given up because this process reached them late (see acquire). */
  lateSlots = 0;

  /** Telegram said 429: every process holds its sends for retry_after. */
  async pause(ms: number): Promise<void> {
    await this.redis.set(`${this.prefix}:gate:pause`, '1', 'PX', Math.max(1, ms));
  }
}
