import type { Redis } from 'ioredis';

/**
 * Telegram's limits are per bot, across every process: about 30 messages a second in total,
 * one a second into one chat, twenty a minute into one group. The gate hands out send slots
 * from Redis (a generic cell rate algorithm, atomically in one Lua script, on Redis's clock),
 * so several bot and worker processes share one budget and sends leave evenly spaced — a
 * burst of 29 in the first milliseconds of a second would reach Telegram bunched up and
 * trip its sliding window. A 429's retry_after is stored as a pause that every slot honours.
 */
export interface GateLimits {
  globalPerSecond: number;
  chatPerSecond: number;
  groupPerMinute: number;
}

// KEYS: global, chat ('' if none), group ('' if none), pause
// ARGV: global interval ms, chat interval ms, group interval ms, group burst
// Returns the milliseconds to wait before sending (the slot is reserved).
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
reserve(KEYS[1], gi)
reserve(KEYS[2], ci)
reserve(KEYS[3], gri)
return math.ceil(slot - now)
`;

export class SendGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: GateLimits,
  ) {}

  /** Reserves the next send slot for this chat; resolves with the milliseconds to wait for it. */
  async reserve(chatId: number | undefined): Promise<number> {
    const k = `${this.prefix}:gate`;
    const keys = [
      `${k}:global`,
      chatId === undefined ? '' : `${k}:chat:${chatId}`,
      chatId !== undefined && chatId < 0 ? `${k}:group:${chatId}` : '',
      `${k}:pause`,
    ];
    const res = await this.redis.eval(
      SCRIPT,
      4,
      ...keys,
      1000 / this.limits.globalPerSecond,
      1000 / this.limits.chatPerSecond,
      60_000 / this.limits.groupPerMinute,
      this.limits.groupPerMinute,
    );
    return Math.max(0, Number(res));
  }

  /** Waits for this chat's next slot; resolves with the milliseconds waited. */
  async acquire(chatId: number | undefined, signal?: { aborted: boolean }): Promise<number> {
    const wait = await this.reserve(chatId);
    if (wait > 0) {
      if (signal?.aborted) throw new Error('send aborted while waiting for the rate limit');
      await new Promise((r) => setTimeout(r, wait));
    }
    return wait;
  }

  /** Telegram said 429: every process holds its sends for retry_after. */
  async pause(ms: number): Promise<void> {
    await this.redis.set(`${this.prefix}:gate:pause`, '1', 'PX', Math.max(1, ms));
  }
}
