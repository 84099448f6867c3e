import { createHmac } from 'node:crypto';
import { Api, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegram, type SimulatorEvent } from '../../src/simulator/fake-telegram';
import { SandboxClock } from '../../src/sandbox/clock';
import { dueTime } from '../../src/sandbox/timers';

/**
 * What the simulator gained for the sandbox (src/simulator/): the event stream a chat page
 * shows, chats and users made known up front, uploads with real bytes, the menu button, and
 * Mini App launch data signed as Telegram signs it. Plus the sandbox clock and due times.
 */
const budi = { id: 3001, first_name: 'Budi', last_name: 'Santoso' };
const group = { id: -1001000000101, type: 'supergroup' as const, title: 'Dinas Kesehatan (DINKES)' };

let sim: FakeTelegram;
let api: Api;
let events: SimulatorEvent[];

beforeEach(async () => {
  sim = await FakeTelegram.start();
  api = new Api(sim.token, { apiRoot: sim.apiRoot });
  events = [];
  sim.subscribe((e) => events.push(e));
});
afterEach(async () => {
  await sim.stop();
});

describe('the event stream', () => {
  it('tells of sends (with the HTML as sent), edits in place, deletions and of who sees a callback answer', async () => {
    sim.createChat(group);
    const sent = await api.sendMessage(group.id, '<b>ARAHAN</b> <tg-time unix="1796422045" format="wDT">Sabtu</tg-time> &amp; lainnya', {
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: '✅ Siap, diterima', callback_data: 'ack:1' }]] },
    });
    expect(events[0]).toMatchObject({
      type: 'message',
      chatId: group.id,
      edited: false,
      html: '<b>ARAHAN</b> <tg-time unix="1796422045" format="wDT">Sabtu</tg-time> &amp; lainnya',
    });
    expect((events[0] as { message: { text: string; chat: { title: string } } }).message).toMatchObject({ text: 'ARAHAN Sabtu & lainnya', chat: { title: group.title } });

    const press = sim.pressButton({ from: budi, chatId: group.id, messageId: sent.message_id, data: 'ack:1' });
    await api.answerCallbackQuery(press.callback_query!.id, { text: 'Terima kasih.' });
    expect(events.at(-1)).toEqual({ type: 'callback_answer', userId: budi.id, chatId: group.id, messageId: sent.message_id, text: 'Terima kasih.', showAlert: false, url: null });

    await api.editMessageText(group.id, sent.message_id, '<b>ARAHAN</b> diterima', { parse_mode: 'HTML' });
    expect(events.at(-1)).toMatchObject({ type: 'message', edited: true, html: '<b>ARAHAN</b> diterima', message: { message_id: sent.message_id, text: 'ARAHAN diterima' } });
    // The keyboard went with the edit, as on Telegram; the history shows the message as it is now.
    expect(sim.history(group.id)).toEqual([{ message: expect.objectContaining({ text: 'ARAHAN diterima' }), html: '<b>ARAHAN</b> diterima' }]);
    expect(sim.history(group.id)[0]!.message.reply_markup).toBeUndefined();

    await api.deleteMessage(group.id, sent.message_id);
    expect(events.at(-1)).toEqual({ type: 'deleted', chatId: group.id, messageIds: [sent.message_id] });
    expect(sim.history(group.id)).toEqual([]);
  });

  it("tells of the users' own messages, and of nothing that failed", async () => {
    sim.sendText({ from: budi, text: '/mulai' });
    expect(events).toEqual([expect.objectContaining({ type: 'message', chatId: budi.id, html: null, message: expect.objectContaining({ text: '/mulai' }) })]);
    await expect(api.editMessageText(budi.id, 999, 'x')).rejects.toBeInstanceOf(GrammyError);
    expect(events).toHaveLength(1);
  });
});

describe('uploads, menu button and Mini App data', () => {
  it('keeps the bytes of an uploaded photo: getFile, the download and a resend by file_id all serve them', async () => {
    const bytes = Buffer.from('\x89PNG the photo bytes');
    const update = sim.sendUpload({ from: budi, kind: 'photo', bytes, fileName: 'posko.png', mimeType: 'image/png', caption: 'Posko siap.' });
    const photo = update.message!.photo!.at(-1)!;
    expect(update.message!.caption).toBe('Posko siap.');
    expect(sim.fileContent(photo.file_id)).toEqual({ bytes, mimeType: 'image/png' });
    const file = await api.getFile(photo.file_id);
    expect(file.file_size).toBe(bytes.length);
    const download = await fetch(`${sim.apiRoot}/file/bot${sim.token}/${file.file_path}`);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    // The bot forwards the report's photo to the governor by file_id: the same picture arrives.
    const copy = await api.sendPhoto(2001, photo.file_id, { caption: 'Lampiran 1/1' });
    expect(copy.photo!.at(-1)!.file_id).toBe(photo.file_id);
  });

  it('keeps the menu button per chat and refuses one Telegram would refuse', async () => {
    expect(sim.menuButton(2001)).toEqual({ type: 'commands' });
    await api.setChatMenuButton({ chat_id: 2001, menu_button: { type: 'web_app', text: 'Dasbor', web_app: { url: 'http://127.0.0.1:8090/dasbor' } } });
    expect(sim.menuButton(2001)).toEqual({ type: 'web_app', text: 'Dasbor', web_app: { url: 'http://127.0.0.1:8090/dasbor' } });
    expect(await api.getChatMenuButton({ chat_id: 2001 })).toEqual(sim.menuButton(2001));
    expect(events.at(-1)).toMatchObject({ type: 'menu_button', chatId: 2001 });
    await expect(api.setChatMenuButton({ chat_id: 2001, menu_button: { type: 'web_app', text: '', web_app: { url: 'x' } } })).rejects.toThrow('menu button text is empty');
  });

  it('refuses web_app buttons in groups and at addresses Telegram would not open', async () => {
    const button = (url: string) => ({ reply_markup: { inline_keyboard: [[{ text: '📊 Dasbor', web_app: { url } }]] } });
    await expect(api.sendMessage(group.id, 'x', button('https://arahan.example.go.id/dasbor'))).rejects.toThrow('BUTTON_TYPE_INVALID');
    await expect(api.sendMessage(2001, 'x', button('http://arahan.example.go.id/dasbor'))).rejects.toThrow('Only HTTPS links are allowed');
    // HTTPS anywhere, plain HTTP on this machine only (as Telegram's test environment allows).
    await api.sendMessage(2001, 'x', button('https://arahan.example.go.id/dasbor'));
    await api.sendMessage(2001, 'x', button('http://127.0.0.1:8090/dasbor'));
    await expect(api.setChatMenuButton({ chat_id: 2001, menu_button: { type: 'web_app', text: 'Dasbor', web_app: { url: 'http://example.org/' } } })).rejects.toThrow(
      'BUTTON_URL_INVALID',
    );
  });

  it("signs initData as Telegram does: HMAC-SHA256 keyed by HMAC-SHA256('WebAppData', token) over the sorted fields", () => {
    const initData = sim.signInitData(budi, { authDate: 1796422045, queryId: 'AAHq' });
    const params = new URLSearchParams(initData);
    expect(JSON.parse(params.get('user')!)).toMatchObject({ id: budi.id, first_name: 'Budi', last_name: 'Santoso' });
    expect(params.get('auth_date')).toBe('1796422045');
    const hash = params.get('hash')!;
    params.delete('hash');
    const check = [...params.entries()]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('\n');
    const secret = createHmac('sha256', 'WebAppData').update(sim.token).digest();
    expect(createHmac('sha256', secret).update(check).digest('hex')).toBe(hash);
    // Signed with another token, it does not verify.
    const other = createHmac('sha256', createHmac('sha256', 'WebAppData').update('1:other').digest()).update(check).digest('hex');
    expect(other).not.toBe(hash);
  });
});

describe('the sandbox clock and due times', () => {
  it('runs at the chosen speed and only jumps forward', () => {
    let real = 1_000_000;
    const clock = new SandboxClock(() => real);
    real += 1000;
    expect(clock.now()).toBe(1_001_000);
    clock.setSpeed(600);
    real += 1000;
    expect(clock.now()).toBe(1_001_000 + 600_000);
    clock.advanceTo(5_000_000);
    expect(clock.now()).toBe(5_000_000);
    clock.advanceTo(10);
    expect(clock.now()).toBe(5_000_000);
  });

  it("reads a step's planned moment from its job id, other jobs' from timestamp and delay", () => {
    expect(dueTime({ id: 'timer-7-ack-1796423078131', timestamp: 1, delay: 5, opts: {} })).toBe(1796423078131);
    expect(dueTime({ id: 'apel-step-3-1796423078999', timestamp: 1, delay: 5, opts: {} })).toBe(1796423078999);
    expect(dueTime({ id: 'summary-4-59880769', timestamp: 1_000, delay: 500, opts: {} })).toBe(1_500);
  });
});
