import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { parseConfig } from '../../src/infra/config';
import {
  callText,
  childEnv,
  privateMessageUpdate,
  GOVERNOR,
  issueTo,
  lastSeq,
  type OrgMember,
  setupOrgWithoutPolling,
  startHarness,
  type Harness,
  waitAfter,
  waitForValue,
} from '../support/harness';
import { testLogger } from '../support/log-scan';

/**
 * Issue #13 (part): webhook mode under failure. A handler that fails is answered like long
 * polling answers it (the person is told, Telegram gets 200 and does not redeliver); an
 * update that fails after the webhook was answered does not end the process; a body that is
 * not an update is a 400; and none of it puts a secret or a message text in the log.
 */
const SECRET = 'rahasia_webhook_gangguan_2026';
const PASSWORD = 'sandi-dasbor-rahasia-2026';
const TEXT = 'Pesan pribadi yang tidak boleh masuk log';

describe('webhook mode under failure', () => {
  let h: Harness;
  let app: App;
  let base: string;
  const lines: string[] = [];
  let updateId = 1;

  beforeAll(async () => {
    h = await startHarness({}, { bot: false, workers: false });
    const config = parseConfig({
      ...childEnv(h.config),
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://arahan.example.go.id/telegram',
      WEBHOOK_SECRET: SECRET,
      DASHBOARD_PASSWORD: PASSWORD,
      LOG_LEVEL: 'info',
    });
    const out = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await createApp(config, { logger: testLogger(config, { also: out }), botInfo: h.tg.botInfo, webhookAnswerMs: 300 });
    await app.start({ bot: true, workers: false });
    base = `http://127.0.0.1:${app.httpPort()}`;
  });
  afterAll(async () => {
    await app.stop();
    await h.close();
  });

  const post = (body: string) => fetch(`${base}/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
  const message = (chatId: number, text: string) => privateMessageUpdate(updateId++, chatId, text);

  it('a body that is not an update is answered 400 and changes nothing', async () => {
    for (const body of ['bukan json', 'null', '', '[]', '{"message":{}}']) {
      const res = await post(body);
      expect(res.status, `body ${JSON.stringify(body)}`).toBe(400);
    }
    expect(h.tg.sent()).toHaveLength(0);
  });

  it('a handler that fails: the person is told, Telegram gets 200 (no redelivery)', async () => {
    // The welcome cannot be sent (Telegram refuses it once); the error handler's apology can.
    h.tg.failNext('sendMessage', { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message is too long' } }, 1, 61001);
    const res = await post(JSON.stringify(message(61001, '/start')));
    expect(res.status).toBe(200);
    await h.tg.waitForMessage(61001, 'gangguan');
  });

  it('an update that fails after the webhook was answered does not end the process', async () => {
    // The reply meets a 429 (the limiter waits a second, past the 300 ms the webhook is
    // held), then the person has blocked the bot: the failure comes after the answer.
    h.tg.failNext('sendMessage', { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } }, 1, 61002);
    h.tg.failNext('sendMessage', { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } }, 2, 61002);
    const started = Date.now();
    const res = await post(JSON.stringify(message(61002, '/start')));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    // The handler's send and the error handler's apology both met the 403.
    await h.tg.waitFor((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === 61002 && c.status === 403, { count: 2, timeoutMs: 10_000 });
    await expect.poll(() => lines.some((l) => l.includes('"update failed"'))).toBe(true);
    // Still serving.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const next = await post(JSON.stringify(message(61003, '/start')));
    expect(next.status).toBe(200);
    await h.tg.waitForMessage(61003, 'Selamat datang');
  });

  it('no secret and no message text in any log line at info level or above', async () => {
    await post(JSON.stringify(message(61004, TEXT)));
    h.tg.failNext('sendMessage', { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } }, 1, 61005);
    await post(JSON.stringify(message(61005, `/start ${TEXT}`)));
    await h.tg.waitForMessage(61005, 'gangguan');
    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [SECRET, PASSWORD, h.config.botToken]) expect(all).not.toContain(secret);
    expect(all).not.toContain(TEXT);
    expect(all).not.toContain('Selamat datang');
  });
});

describe('the same update delivered twice (Telegram redelivers after a non-2xx or a timeout)', () => {
  let h: Harness;
  let base: string;
  const WEBHOOK_SECRET = 'rahasia_webhook_ganda_2026';

  beforeAll(async () => {
    h = await startHarness({ BOT_MODE: 'webhook', WEBHOOK_URL: 'https://arahan.example.go.id/telegram', WEBHOOK_SECRET });
    base = `http://127.0.0.1:${h.app.httpPort()}`;
  });
  afterAll(async () => {
    await h.close();
  });

  const deliver = (update: unknown) =>
    fetch(`${base}/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: JSON.stringify(update) });

  it('a reply-in-group report delivered twice at once and once more later is stored and forwarded once', async () => {
    const [g] = (await setupOrgWithoutPolling(h, 1)) as [OrgMember];
    const z = await issueTo(h, [g], { ackInMs: 3_600_000, dueInMs: 86_400_000 });
    const since = lastSeq(h.tg);
    const update = h.tg.sendText({ from: g.head, chat: g.group, text: 'Posko sudah aktif sejak pagi.', replyToMessageId: z.message[g.code] });
    const answers = await Promise.all([deliver(update), deliver(update)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect((await deliver(update)).status).toBe(200);
    await waitAfter(h.tg, since, GOVERNOR.id, 'Posko sudah aktif sejak pagi.');
    // Everything the first handling caused has gone out; nothing from the doubles follows.
    await waitForValue(
      () => h.app.deps.queues.send.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
      'the send queue empty',
    );
    const reports = await h.app.deps.db.selectFrom('reports').select('id').execute();
    expect(reports).toHaveLength(1);
    const thanks = h.tg.sent(g.group.id).filter((c) => c.seq > since && callText(c).includes('Laporan progres dari'));
    expect(thanks).toHaveLength(1);
    const forwards = h.tg.sent(GOVERNOR.id).filter((c) => c.seq > since && callText(c).includes('Posko sudah aktif sejak pagi.'));
    expect(forwards).toHaveLength(1);
  });
});
