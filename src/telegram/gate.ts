import type { Redis } from 'ioredis';

/**
 * Telegram's limits are per bot, across every process: about 30 messages a second in total,
 * one a second into one chat, twenty a minute into one group. The gate is a sliding-window
 * log in Redis (one sorted set per window), checked and taken atomically by a Lua script
 * with Redis's own clock, so several bot and worker processes share one budget. A 429's
 * retry_after is stored as a pause that every process honours.
 */
export interface GateLimits {
  globalPerSecond: number;
  chatPerSecond: number;
  groupPerMinute: number;
}

const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = redis.call('PTTL', KEYS[4])
if pause > 0 then return pause end
local wait = 0
local function check(key, window, max)
  if max <= 0 then return end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= max then
    local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    local w = tonumber(oldest[2]) + window - now
    if w > wait then wait = w end
  end
end
check(KEYS[1], 1000, tonumber(ARGV[1]))
if KEYS[2] ~= '' then check(KEYS[2], 1000, tonumber(ARGV[2])) end
if KEYS[3] ~= '' then check(KEYS[3], 60000, tonumber(ARGV[3])) end
if wait > 0 then return math.max(wait, 1) end
local member = ARGV[4]
redis.call('ZADD', KEYS[1], now, member)
redis.call('PEXPIRE', KEYS[1], 2000)
if KEYS[2] ~= '' then redis.call('ZADD', KEYS[2], now, member) redis.call('PEXPIRE', KEYS[2], 2000) end
if KEYS[3] ~= '' then redis.call('ZADD', KEYS[3], now, member) redis.call('PEXPIRE', KEYS[3], 61000) end
return 0
`;

export class SendGate {
  private seq = 0;
  private readonly id = Math.random().toString(36).slice(2);

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: GateLimits,
  ) {}

  /** 0 when the send may go now (and it is counted); otherwise milliseconds to wait. */
  async tryAcquire(chatId: number | undefined): Promise<number> {
    const k = `${this.prefix}:gate`;
    const keys = [
      `${k}:global`,
      chatId === undefined ? '' : `${k}:chat:${chatId}`,
      chatId !== undefined && chatId < 0 ? `${k}:group:${chatId}` : '',
      `${k}:pause`,
    ];
    const member = `${this.id}-${++this.seq}`;
    const res = await this.redis.eval(SCRIPT, 4, ...keys, this.limits.globalPerSecond, this.limits.chatPerSecond, this.limits.groupPerMinute, member);
    return Number(res);
  }

  /** Waits until the send may go, then counts it. */
  async acquire(chatId: number | undefined, signal?: { aborted: boolean }): Promise<number> {
    let waited = 0;
    for (;;) {
      const wait = await this.tryAcquire(chatId);
      if (wait === 0) return waited;
      if (signal?.aborted) throw new Error('send aborted while waiting for the rate limit');
      const ms = Math.min(wait, 1000);
      waited += ms;
      await new Promise((r) => setTimeout(r, ms));
    }
  }

  /** Telegram said 429: every process holds its sends for retry_after. */
  async pause(ms: number): Promise<void> {
    await this.redis.set(`${this.prefix}:gate:pause`, '1', 'PX', Math.max(1, ms));
  }
}
