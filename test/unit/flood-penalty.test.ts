import { Bot, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../support/fake-telegram';

/**
 * The fake's flood penalty (issue #14): with `floodPenaltyMs`, a send over one of Telegram's
 * limits is answered 429 with a retry_after of the penalty, and the chat (per-chat and per-group
 * limits) or the whole bot (global limit) stays refused until it has passed — as real Telegram
 * does, instead of the ≈1 s left in the window. The limiter's clock is moved, not slept through.
 */
const T0 = Date.UTC(2026, 11, 5, 1, 0, 0);
let clock = T0;
let fake: FakeTelegram;

beforeEach(async () => {
  clock = T0;
  fake = await FakeTelegram.start({ limitsNow: () => clock });
});
afterEach(async () => {
  await fake.stop();
});

/** sendMessage with plain fetch: the HTTP status and, for a 429, the retry_after it carries. */
async function send(chatId: number): Promise<{ status: number; retryAfter?: number }> {
  const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text: 'Mohon segera dilaporkan.' }),
  });
  const body = (await res.json()) as { parameters?: { retry_after?: number } };
  return res.status === 429 ? { status: 429, retryAfter: body.parameters?.retry_after } : { status: res.status };
}

const at = (ms: number): void => {
  clock = T0 + ms;
};

describe('flood penalty on', () => {
  it('refuses a chat for 5 s after a second message within the second, and counts each refusal', async () => {
    fake.setLimits({ perChatPerSecond: 1, floodPenaltyMs: 5000 });
    expect(await send(-1001)).toEqual({ status: 200 });
    at(300);
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 5 });
    // The window has freed up after 1 s, the chat is still under penalty: the time left, rounded up.
    at(1_500);
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 4 });
    at(5_299);
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 1 });
    at(5_300);
    expect(await send(-1001)).toEqual({ status: 200 });
    expect(fake.stats.tooManyRequests).toBe(3);
    expect(fake.messagesIn(-1001)).toHaveLength(2);
  });

  it('leaves other chats alone after a per-chat violation', async () => {
    fake.setLimits({ perChatPerSecond: 1, floodPenaltyMs: 5000 });
    expect(await send(-1001)).toEqual({ status: 200 });
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 5 });
    at(100);
    expect(await send(-1002)).toEqual({ status: 200 });
    at(2_000);
    expect(await send(-1003)).toEqual({ status: 200 });
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 3 });
  });

  it('refuses every chat after a global violation, with Telegram’s 5 s when the option is just on', async () => {
    fake.setLimits({ globalPerSecond: 2, floodPenaltyMs: true });
    expect(await send(-1001)).toEqual({ status: 200 });
    expect(await send(-1002)).toEqual({ status: 200 });
    at(10);
    expect(await send(-1003)).toEqual({ status: 429, retryAfter: 5 });
    // Chats that were never written to are refused too, long after the second is over.
    at(1_200);
    expect(await send(-1004)).toEqual({ status: 429, retryAfter: 4 });
    at(4_500);
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 1 });
    at(5_010);
    expect(await send(-1004)).toEqual({ status: 200 });
    expect(await send(-1003)).toEqual({ status: 200 });
  });

  it('refuses a group for the penalty after its 20 a minute, other groups go on', async () => {
    fake.setLimits({ perGroupPerMinute: 20, floodPenaltyMs: 5000 });
    for (let i = 0; i < 20; i++) {
      at(i * 1_000);
      expect((await send(-1001)).status).toBe(200);
    }
    at(20_000);
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 5 });
    expect(await send(-1002)).toEqual({ status: 200 });
    at(23_000);
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 2 });
  });

  it('reaches grammY as a 429 GrammyError with retry_after 5', async () => {
    fake.setLimits({ perChatPerSecond: 1, floodPenaltyMs: 5000 });
    const bot = new Bot(fake.token, { botInfo: fake.botInfo, client: { apiRoot: fake.apiRoot } });
    await bot.api.sendMessage(-1001, 'Pertama');
    const err = await bot.api.sendMessage(-1001, 'Kedua').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(5);
  });

  it('forgets every penalty when the limits are set again (each bench part starts clean)', async () => {
    fake.setLimits({ globalPerSecond: 1, floodPenaltyMs: 5000 });
    expect(await send(-1001)).toEqual({ status: 200 });
    expect(await send(-1002)).toEqual({ status: 429, retryAfter: 5 });
    fake.setLimits({ globalPerSecond: 1, floodPenaltyMs: 5000 });
    expect(await send(-1002)).toEqual({ status: 200 });
  });
});

describe('flood penalty off (the default)', () => {
  it('answers the rest of the window and lets the chat through once it has passed', async () => {
    fake.setLimits({ perChatPerSecond: 1 });
    expect(await send(-1001)).toEqual({ status: 200 });
    at(300);
    expect(await send(-1001)).toEqual({ status: 429, retryAfter: 1 });
    expect(await send(-1002)).toEqual({ status: 200 });
    at(1_000);
    expect(await send(-1001)).toEqual({ status: 200 });
    expect(fake.stats.tooManyRequests).toBe(1);
  });

  it('lets other chats through a second after a global violation', async () => {
    fake.setLimits({ globalPerSecond: 2 });
    expect(await send(-1001)).toEqual({ status: 200 });
    expect(await send(-1002)).toEqual({ status: 200 });
    expect(await send(-1003)).toEqual({ status: 429, retryAfter: 1 });
    at(1_000);
    expect(await send(-1004)).toEqual({ status: 200 });
  });
});
