import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bot, GrammyError, HttpError, InlineKeyboard, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { FakeTelegram } from '../support/fake-telegram';

const alice = { id: 1001, first_name: 'Alice', username: 'alice' };
const group = { id: -2001, type: 'group' as const, title: 'OPD Dinas Kesehatan' };

let fake: FakeTelegram;
const cleanups: Array<() => Promise<void>> = [];

beforeEach(async () => {
  fake = await FakeTelegram.start();
});

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await fake.stop();
});

function makeBot(): Bot {
  return new Bot(fake.token, { botInfo: fake.botInfo, client: { apiRoot: fake.apiRoot } });
}

/** Starts long polling; resolves once polling runs. The returned stop is also registered for cleanup. */
async function run(bot: Bot): Promise<() => Promise<void>> {
  let onStart!: () => void;
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const done = bot.start({ drop_pending_updates: false, onStart: () => onStart() });
  await started;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await bot.stop();
    await done;
  };
  cleanups.push(stop);
  return stop;
}

/** Calls a method with plain fetch and returns HTTP status + parsed body. */
// biome-ignore lint/suspicious/noExplicitAny: Bot API answers of every shape, read field by field in the assertions
async function call(method: string, payload: object, token = fake.token): Promise<{ status: number; body: any }> {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: await res.json() };
}

describe('FakeTelegram', () => {
  it('answers sendMessage with a Message and records the call', async () => {
    const bot = makeBot();
    const keyboard = new InlineKeyboard().text('Terima', 'ack:1');
    const message = await bot.api.sendMessage(alice.id, 'Halo <b>Alice</b> &amp; tim', {
      parse_mode: 'HTML',
      reply_markup: keyboard,
    });

    expect(message.message_id).toBe(1);
    expect(message.chat).toMatchObject({ id: alice.id, type: 'private' });
    expect(message.from?.id).toBe(fake.botInfo.id);
    expect(message.text).toBe('Halo Alice & tim');
    expect(message.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Terima', callback_data: 'ack:1' }]] });

    const [sent] = fake.sent(alice.id);
    expect(sent?.method).toBe('sendMessage');
    expect(sent?.payload.text).toBe('Halo <b>Alice</b> &amp; tim');
    expect(sent?.status).toBe(200);
    expect(fake.callsTo('sendMessage')).toHaveLength(1);
    expect(fake.messagesIn(alice.id).map((m) => m.text)).toEqual(['Halo Alice & tim']);
    expect(fake.stats.byMethod.sendMessage).toBe(1);

    // Message ids are per chat, and shared with user messages.
    fake.sendText({ from: alice, text: 'hi' });
    const second = await bot.api.sendMessage(alice.id, 'again');
    expect(second.message_id).toBe(3);
    expect((await bot.api.sendMessage(group.id, 'group')).message_id).toBe(1);
  });

  it('simulates edits, not-modified errors, deletes and the recorded response stays frozen', async () => {
    const bot = makeBot();
    const sent = await bot.api.sendMessage(alice.id, 'v1', { reply_markup: new InlineKeyboard().text('x', 'x') });
    const edited = await bot.api.editMessageText(alice.id, sent.message_id, 'v2');
    expect((edited as Message).text).toBe('v2');
    // No reply_markup in the edit: the keyboard is gone, like on Telegram.
    expect(fake.messagesIn(alice.id)[0]).toMatchObject({ text: 'v2' });
    expect(fake.messagesIn(alice.id)[0]?.reply_markup).toBeUndefined();
    expect((fake.sent()[0]!.response as { result: Message }).result.text).toBe('v1');

    const err = await bot.api.editMessageText(alice.id, sent.message_id, 'v2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(400);
    expect((err as GrammyError).description).toMatch(/^Bad Request: message is not modified/);

    await bot.api.editMessageReplyMarkup(alice.id, sent.message_id, {
      reply_markup: new InlineKeyboard().text('y', 'y'),
    });
    expect(fake.messagesIn(alice.id)[0]?.reply_markup?.inline_keyboard[0]?.[0]?.text).toBe('y');

    expect(await bot.api.deleteMessage(alice.id, sent.message_id)).toBe(true);
    expect(fake.messagesIn(alice.id)).toEqual([]);
    await expect(bot.api.deleteMessage(alice.id, sent.message_id)).rejects.toThrow('message to delete not found');
  });

  it('delivers an injected /start to a polling grammY bot and waitFor resolves on the reply', async () => {
    const bot = makeBot();
    const seen: Array<{ match: string; entities: unknown }> = [];
    bot.command('start', async (ctx) => {
      seen.push({ match: ctx.match, entities: ctx.message?.entities });
      await ctx.reply(`Selamat datang, ${ctx.from?.first_name}`);
    });
    await run(bot);

    const update = fake.sendText({ from: alice, text: '/start@arahan_test_bot token123' });
    expect(update.update_id).toBe(1);
    const reply = await fake.waitForMessage(alice.id, 'Selamat datang, Alice');
    expect(reply.payload.chat_id).toBe(alice.id);
    expect(seen).toEqual([{ match: 'token123', entities: [{ type: 'bot_command', offset: 0, length: '/start@arahan_test_bot'.length }] }]);

    // The update is confirmed by the next getUpdates offset.
    await fake.waitForConfirmed();
    expect(fake.pendingUpdates).toBe(0);

    // Already-recorded calls count towards waitFor.
    const calls = await fake.waitFor((c) => c.method === 'sendMessage', { count: 1, timeoutMs: 10 });
    expect(calls).toHaveLength(1);
  });

  it('pressButton delivers a callback_query carrying the stored message', async () => {
    const bot = makeBot();
    const received: Array<{ data?: string; text?: string; markup: unknown }> = [];
    bot.on('callback_query:data', async (ctx) => {
      const message = ctx.callbackQuery.message as Message | undefined;
      received.push({ data: ctx.callbackQuery.data, text: message?.text, markup: message?.reply_markup });
      await ctx.answerCallbackQuery({ text: 'Diterima' });
      await ctx.editMessageText('Sudah diterima');
    });
    await run(bot);

    const keyboard = new InlineKeyboard().text('Terima', 'ack:7');
    const sent = await bot.api.sendMessage(group.id, 'Instruksi #7', { reply_markup: keyboard });
    fake.pressButton({ from: alice, chatId: group.id, messageId: sent.message_id, data: 'ack:7' });

    await fake.waitFor((c) => c.method === 'editMessageText' && c.ok);
    expect(received).toEqual([{ data: 'ack:7', text: 'Instruksi #7', markup: { inline_keyboard: [[{ text: 'Terima', callback_data: 'ack:7' }]] } }]);
    const [answer] = fake.callsTo('answerCallbackQuery');
    expect(answer?.response).toEqual({ ok: true, result: true });
    expect(fake.messagesIn(group.id)[0]?.text).toBe('Sudah diterima');

    expect(() => fake.pressButton({ from: alice, chatId: group.id, messageId: 99, data: 'x' })).toThrow(/no message 99/);
  });

  it('answers 429 with retry_after when rate limits are exceeded', async () => {
    fake.setLimits({ perChatPerSecond: 2, retryAfterSeconds: 7 });
    expect((await call('sendMessage', { chat_id: alice.id, text: 'a' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: alice.id, text: 'b' })).status).toBe(200);
    const limited = await call('sendMessage', { chat_id: alice.id, text: 'c' });
    expect(limited).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
    });
    // Other chats and non-send methods are unaffected.
    expect((await call('sendMessage', { chat_id: 1002, text: 'a' })).status).toBe(200);
    expect((await call('sendChatAction', { chat_id: alice.id, action: 'typing' })).status).toBe(200);

    // Per-group-per-minute window; retry_after computed from the window.
    fake.setLimits({ perGroupPerMinute: 1 });
    expect((await call('sendMessage', { chat_id: group.id, text: 'a' })).status).toBe(200);
    const groupLimited = await call('sendMessage', { chat_id: group.id, text: 'b' });
    expect(groupLimited.status).toBe(429);
    expect(groupLimited.body.parameters.retry_after).toBeGreaterThanOrEqual(59);
    expect(groupLimited.body.parameters.retry_after).toBeLessThanOrEqual(60);
    expect(fake.stats.tooManyRequests).toBe(2);
    expect(fake.sent()).toHaveLength(4);

    // grammY surfaces it as a GrammyError with parameters.
    fake.setLimits({ globalPerSecond: 0 });
    const err = await makeBot()
      .api.sendMessage(alice.id, 'x')
      .catch((e: unknown) => e);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBeGreaterThanOrEqual(1);
  });

  it('counts sends with allow_paid_broadcast against the paid limit, not the 30 a second (per chat still applies)', async () => {
    fake.setLimits({ globalPerSecond: 2, perChatPerSecond: 1, paidPerSecond: 3 });
    // The free budget of this second: two sends, the third refused.
    expect((await call('sendMessage', { chat_id: 1, text: 'a' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 2, text: 'a' })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 3, text: 'a' })).status).toBe(429);
    // Paid sends go past it, up to their own limit…
    for (const chat of [4, 5, 6]) expect((await call('sendMessage', { chat_id: chat, text: 'a', allow_paid_broadcast: true })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 7, text: 'a', allow_paid_broadcast: true })).status).toBe(429);
    // …while a chat's own second still counts every message into it.
    fake.setLimits({ perChatPerSecond: 1 });
    expect((await call('sendMessage', { chat_id: 8, text: 'a', allow_paid_broadcast: true })).status).toBe(200);
    expect((await call('sendMessage', { chat_id: 8, text: 'b', allow_paid_broadcast: true })).status).toBe(429);
    // Telegram's paid limit when none is given: 1,000 a second.
    fake.setLimits({ globalPerSecond: 1 });
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => call('sendMessage', { chat_id: 100 + i, text: 'a', allow_paid_broadcast: true })));
    expect(many.every((r) => r.status === 200)).toBe(true);
    expect(fake.stats.tooManyRequests).toBe(3);
  });

  it('fails chats like Telegram: blocked, kicked, not found, migrated', async () => {
    fake.failChat(alice.id, 'blocked');
    expect(await call('sendMessage', { chat_id: alice.id, text: 'x' })).toEqual({
      status: 403,
      body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    });
    fake.failChat(group.id, 'kicked');
    expect((await call('sendMessage', { chat_id: group.id, text: 'x' })).body).toEqual({
      ok: false,
      error_code: 403,
      description: 'Forbidden: bot was kicked from the group chat',
    });
    fake.failChat(-5, 'not_found');
    expect((await call('sendMessage', { chat_id: -5, text: 'x' })).body.description).toBe('Bad Request: chat not found');
    fake.clearFailures();
    expect((await call('sendMessage', { chat_id: alice.id, text: 'x' })).status).toBe(200);

    const [toUpdate, fromUpdate] = fake.migrateGroup(group.id, -1009999);
    expect(toUpdate.message).toMatchObject({ chat: { id: group.id, type: 'group' }, migrate_to_chat_id: -1009999 });
    expect(fromUpdate.message).toMatchObject({ chat: { id: -1009999, type: 'supergroup' }, migrate_from_chat_id: group.id });
    expect(await call('sendMessage', { chat_id: group.id, text: 'x' })).toEqual({
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: -1009999 },
      },
    });
    const err = await makeBot()
      .api.sendMessage(group.id, 'x')
      .catch((e: unknown) => e);
    expect((err as GrammyError).parameters.migrate_to_chat_id).toBe(-1009999);
    expect((await call('sendMessage', { chat_id: -1009999, text: 'x' })).status).toBe(200);
  });

  it('memberUpdate delivers my_chat_member and makes a kicked group fail', async () => {
    const bot = makeBot();
    const statuses: string[] = [];
    bot.on('my_chat_member', (ctx) => {
      statuses.push(`${ctx.myChatMember.old_chat_member.status}->${ctx.myChatMember.new_chat_member.status}`);
    });
    await run(bot);
    fake.memberUpdate({ chat: group, from: alice, newStatus: 'administrator' });
    fake.memberUpdate({ chat: group, from: alice, newStatus: 'kicked', oldStatus: 'administrator' });
    await fake.waitForConfirmed();
    expect(statuses).toEqual(['left->administrator', 'administrator->kicked']);
    expect((await call('sendMessage', { chat_id: group.id, text: 'x' })).body.description).toBe('Forbidden: bot was kicked from the group chat');
  });

  it('rejects a wrong token with 401 and accepts unknown methods', async () => {
    expect(await call('getMe', {}, '123:wrong')).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    // setChatMenuButton is simulated now (the sandbox's Mini App button): another method stands for the unknown ones.
    expect(await call('setMyDescription', { description: 'x' })).toEqual({ status: 200, body: { ok: true, result: true } });
    expect(fake.stats.unknownMethods).toEqual({ setMyDescription: 1 });
    expect((await call('getMe', {})).body.result).toEqual(fake.botInfo);
  });

  it('getUpdates honours offset and limit', async () => {
    for (let i = 0; i < 3; i++) fake.sendText({ from: alice, text: `m${i}` });
    const first = await call('getUpdates', { limit: 2 });
    expect(first.body.result.map((u: { update_id: number }) => u.update_id)).toEqual([1, 2]);
    const second = await call('getUpdates', { offset: 2 });
    expect(second.body.result.map((u: { update_id: number }) => u.update_id)).toEqual([2, 3]);
    const third = await call('getUpdates', { offset: 4, timeout: 0 });
    expect(third.body.result).toEqual([]);
    expect(fake.pendingUpdates).toBe(0);
  });

  it('stop() is fast while a long poll is pending', async () => {
    const slow = await FakeTelegram.start({ pollTimeoutMs: 20_000 });
    const poll = fetch(`${slow.apiRoot}/bot${slow.token}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeout: 30 }),
    }).then(
      async (res) => (await res.json()) as unknown,
      (error: unknown) => error,
    );
    // Wait until the request is being held.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const t0 = Date.now();
    await slow.stop();
    await poll;
    expect(Date.now() - t0).toBeLessThan(500);
  });

  it('a long poll returns as soon as an update is injected', async () => {
    const slow = await FakeTelegram.start({ pollTimeoutMs: 20_000 });
    cleanups.push(() => slow.stop());
    const t0 = Date.now();
    const poll = fetch(`${slow.apiRoot}/bot${slow.token}/getUpdates?timeout=30`).then((r) => r.json());
    setTimeout(() => slow.sendText({ from: alice, text: 'ping' }), 30);
    const body = (await poll) as { result: Array<{ message: { text: string } }> };
    expect(body.result[0]?.message.text).toBe('ping');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('failNext and failRandomly inject 500s and dropped connections', async () => {
    const bot = makeBot();
    fake.failNext('sendMessage', { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } });
    fake.failNext('sendMessage', 'drop');
    await expect(bot.api.sendMessage(alice.id, 'a')).rejects.toBeInstanceOf(GrammyError);
    await expect(bot.api.sendMessage(alice.id, 'b')).rejects.toBeInstanceOf(HttpError);
    expect((await bot.api.sendMessage(alice.id, 'c')).text).toBe('c');

    // drop_after: the message is sent, but the answer is lost.
    fake.failNext('sendMessage', 'drop_after');
    await expect(bot.api.sendMessage(alice.id, 'd')).rejects.toBeInstanceOf(HttpError);
    expect(fake.sent(alice.id).map((c) => c.payload.text)).toEqual(['c', 'd']);
    expect(fake.stats.dropped).toBe(2);

    // Deterministic with a seed.
    const outcome = async (): Promise<string> => {
      fake.failRandomly({ share: 0.5, kind: '500', seed: 42, methods: ['sendChatAction'] });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call('sendChatAction', { chat_id: 1, action: 'typing' })).status);
      return statuses.join(',');
    };
    const a = await outcome();
    expect(a).toContain('500');
    expect(a).toContain('200');
    expect(await outcome()).toBe(a);
  });

  it('records multipart uploads and answers with a photo message', async () => {
    const bot = makeBot();
    const message = await bot.api.sendPhoto(group.id, new InputFile(Buffer.from('jpegbytes'), 'chart.jpg'), {
      caption: 'Laporan',
    });
    expect(message.photo?.length).toBe(2);
    expect(message.caption).toBe('Laporan');
    const [recorded] = fake.callsTo('sendPhoto');
    expect(recorded?.contentType).toMatch(/^multipart\/form-data/);
    expect(recorded?.payload).toMatchObject({ chat_id: group.id, caption: 'Laporan' });
    expect(recorded?.files).toEqual([expect.objectContaining({ filename: 'chart.jpg', size: 'jpegbytes'.length })]);
    const file = await bot.api.getFile(message.photo![1]!.file_id);
    expect(file.file_path).toBeTruthy();
    const download = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path}`);
    expect(download.status).toBe(200);
  });

  it('waitFor rejects with a helpful message listing recent calls', async () => {
    await call('sendMessage', { chat_id: alice.id, text: 'something else' });
    const err = await fake.waitForMessage(alice.id, 'never', { timeoutMs: 50 }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('waitFor timed out after 50 ms');
    expect((err as Error).message).toContain('sendMessage chat_id=1001 "something else" -> 200');
  });
});

describe('FakeTelegram: Bot API 9.4 button styles and 9.5 date_time entities', () => {
  it('keeps a valid button style and refuses an unknown one with a 400', async () => {
    const sent = await call('sendMessage', {
      chat_id: group.id,
      text: 'Arahan',
      reply_markup: new InlineKeyboard().text('✅ Siap', 'ack:1').success().text('Tolak', 'no:1').danger(),
    });
    expect(sent.status).toBe(200);
    expect(sent.body.result.reply_markup.inline_keyboard[0].map((b: { style?: string }) => b.style)).toEqual(['success', 'danger']);
    expect(fake.getMessage(group.id, sent.body.result.message_id)?.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ style: 'success' });

    const bad = await call('sendMessage', { chat_id: group.id, text: 'Arahan', reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'x', style: 'green' }]] } });
    expect(bad.status).toBe(400);
    expect(bad.body.description).toContain('button style');
    const badEdit = await call('editMessageReplyMarkup', {
      chat_id: group.id,
      message_id: sent.body.result.message_id,
      reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'x', style: 'red' }]] },
    });
    expect(badEdit.status).toBe(400);
  });

  it('reads <tg-time> in HTML into a date_time entity with UTF-16 offsets, and refuses a bad one', async () => {
    const unix = Math.floor(Date.now() / 1000) + 3600;
    const text = `✅ 👍 Sebelum <b><tg-time unix="${unix}" format="wDt">Jumat, 4 Desember 2026 pukul 10.00 WIB</tg-time></b> &amp; selesai.`;
    const sent = await call('sendMessage', { chat_id: group.id, text, parse_mode: 'HTML' });
    expect(sent.status).toBe(200);
    const message = sent.body.result as Message;
    expect(message.text).toBe('✅ 👍 Sebelum Jumat, 4 Desember 2026 pukul 10.00 WIB & selesai.');
    const [entity] = message.entities ?? [];
    // "👍" is two UTF-16 code units: the offset counts them as Telegram does.
    expect(entity).toEqual({ type: 'date_time', offset: 13, length: 'Jumat, 4 Desember 2026 pukul 10.00 WIB'.length, unix_time: unix, date_time_format: 'wDt' });
    expect(message.text!.slice(entity!.offset, entity!.offset + entity!.length)).toBe('Jumat, 4 Desember 2026 pukul 10.00 WIB');

    for (const broken of [
      `<tg-time format="wDt">x</tg-time>`,
      `<tg-time unix="${unix}" format="zz">x</tg-time>`,
      `<tg-time unix="${unix + 1100 * 86_400}">x</tg-time>`,
      `<tg-time unix="${unix}">x`,
    ]) {
      const res = await call('sendMessage', { chat_id: group.id, text: broken, parse_mode: 'HTML' });
      expect(res.status, broken).toBe(400);
      expect(res.body.description).toContain("can't parse entities");
    }
  });

  it('validates explicit date_time entities against the text in UTF-16 code units', async () => {
    const unix = Math.floor(Date.now() / 1000) + 60;
    const ok = await call('sendMessage', {
      chat_id: group.id,
      text: '👍 10.00 WIB',
      entities: [{ type: 'date_time', offset: 3, length: 9, unix_time: unix, date_time_format: 't' }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.result.entities).toEqual([{ type: 'date_time', offset: 3, length: 9, unix_time: unix, date_time_format: 't' }]);
    const beyond = await call('sendMessage', { chat_id: group.id, text: '👍 10.00 WIB', entities: [{ type: 'date_time', offset: 3, length: 10, unix_time: unix }] });
    expect(beyond.status).toBe(400);
    const noTime = await call('sendMessage', { chat_id: group.id, text: '10.00 WIB', entities: [{ type: 'date_time', offset: 0, length: 5 }] });
    expect(noTime.status).toBe(400);
  });
});
