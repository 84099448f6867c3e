import { expect } from 'vitest';
import { createServer as createNetServer } from 'node:net';
import type { Update } from 'grammy/types';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createApp, type App } from '../../src/app';
import { parseConfig, type Config } from '../../src/infra/config';
import { main as adminCli } from '../../src/cli/admin';
import { createTestDatabaseUrl, dropTestDatabase } from './db';
import { FakeTelegram, type FakeUserInput, type RecordedCall } from './fake-telegram';
import { findOpdByCode, linkChat } from '../../src/features/organisation/opds.queries';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import type { Priority } from '../../src/infra/db/schema';
import { issueInstruction } from '../../src/features/issue/issue';
import { logScan, secretsOfEnv, testLogger } from './log-scan';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Harness {
  tg: FakeTelegram;
  app: App;
  config: Config;
  dir: string;
  /** Stops the app (not the fake server or the data): for restart tests. */
  restart(overrides?: Record<string, string>): Promise<App>;
  close(): Promise<void>;
}

/**
 * The real bot (long polling, real BullMQ on real Redis, a real SQLite file) against a
 * fake Bot API server. Each harness has its own queue prefix, database and fake server,
 * and removes all of them on close.
 */
export async function startHarness(env: Record<string, string> = {}, roles: { bot?: boolean; workers?: boolean } = {}): Promise<Harness> {
  const tg = await FakeTelegram.start();
  // Every log line of this app is scanned for the secrets below and for the texts of its
  // conversations (test/support/log-scan.ts).
  logScan.stats.harnesses++;
  logScan.watchFake(tg);
  const dir = mkdtempSync(join(tmpdir(), 'arahan-e2e-'));
  const prefix = `arahan-test-${randomBytes(6).toString('hex')}`;
  const databaseUrl = await createTestDatabaseUrl(dir);
  const makeConfig = (overrides: Record<string, string> = {}) =>
    parseConfig({
      BOT_TOKEN: tg.token,
      BOT_API_ROOT: tg.apiRoot,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      ADMIN_IDS: String(ADMIN.id),
      SUMMARY_EDIT_INTERVAL: '1s',
      // The fake enforces no limits unless a test asks it to; neither does the bot then.
      RATE_GLOBAL_PER_SECOND: '10000',
      RATE_CHAT_PER_SECOND: '10000',
      RATE_GROUP_PER_MINUTE: '100000',
      // Nor a per-person limit on updates: scenarios send many commands quickly on purpose
      // (test/e2e/flood.test.ts turns it on).
      UPDATES_PER_MINUTE: '0',
      GUEST_UPDATES_PER_MINUTE: '0',
      PORT: '0',
      HTTP_HOST: '127.0.0.1',
      // The dashboard on, with a password the log scan can recognise anywhere.
      DASHBOARD_PASSWORD: `sandi-dasbor-uji-${randomBytes(6).toString('hex')}`,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // Every day a working day and no holidays, unless a test says otherwise: the scenarios
      // run on whatever day it is, and a deadline on a day off changes the preview (issue #15).
      WORKING_DAYS: '0-6',
      HOLIDAYS_FILE: 'test/support/no-holidays.csv',
      ...env,
      ...overrides,
    });
  const config = makeConfig();
  let app = await createApp(config, { logger: testLogger(config), botInfo: tg.botInfo });
  await app.start(roles);
  const h: Harness = {
    tg,
    get app() {
      return app;
    },
    config,
    dir,
    async restart(overrides) {
      await app.stop();
      const next = makeConfig(overrides);
      app = await createApp(next, { logger: testLogger(next), botInfo: tg.botInfo });
      await app.start(roles);
      return app;
    },
    async close() {
      await app.stop().catch(() => undefined);
      await tg.stop();
      await removeRedisKeys(prefix);
      await dropTestDatabase(databaseUrl).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      logScan.check();
    },
  };
  return h;
}

export async function removeRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

// --- the cast of a scenario
export const ADMIN = { id: 1001, first_name: 'Rina', last_name: 'Admin', username: 'rina_admin' };
export const GOVERNOR = { id: 2001, first_name: 'Herman', last_name: 'Gubernur' };
export const SECRETARIAT = { id: 2002, first_name: 'Sari', last_name: 'Sekretariat' };
export const HEAD_DINKES = { id: 3001, first_name: 'Budi', last_name: 'Santoso' };
export const HEAD_BPBD = { id: 3002, first_name: 'Dewi', last_name: 'Lestari' };
export const HEAD_PUPR = { id: 3003, first_name: 'Agus', last_name: 'Pratama' };
export const OUTSIDER = { id: 9001, first_name: 'Orang', last_name: 'Luar' };

export const GROUPS = {
  DINKES: { id: -100101, type: 'supergroup' as const, title: 'Dinas Kesehatan' },
  BPBD: { id: -100102, type: 'supergroup' as const, title: 'BPBD' },
  PUPR: { id: -100103, type: 'supergroup' as const, title: 'Dinas PUPR' },
};

export function privateChat(user: { id: number; first_name: string }) {
  return { id: user.id, type: 'private' as const, first_name: user.first_name };
}

/** The message id Telegram (the fake) gave a recorded send. */
export function sentMessageId(call: { response: unknown }): number {
  const r = call.response as { ok: boolean; result?: { message_id?: number } } | null;
  if (!r?.ok || r.result?.message_id === undefined) throw new Error('the call did not produce a message');
  return r.result.message_id;
}

/** The text of a recorded send or edit. */
export function callText(call: { payload: Record<string, unknown> }): string {
  return String(call.payload.text ?? call.payload.caption ?? '');
}

/** Inline buttons of a recorded send, as [text, callback_data] pairs. */
export function buttonsOf(call: { payload: Record<string, unknown> }): Array<[string, string]> {
  const raw = call.payload.reply_markup;
  const markup = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => [b.text, b.callback_data ?? '']);
}

// --- conversation helpers shared by the e2e scenarios

/** Sequence number of the newest recorded call (0 if none): "from here on" for `messagesSince`. */
export function lastSeq(tg: FakeTelegram): number {
  return tg.calls.at(-1)?.seq ?? 0;
}

/** Successful sends into `chatId` recorded after `seq`. */
export function messagesSince(tg: FakeTelegram, seq: number, chatId: number): RecordedCall[] {
  return tg.sent(chatId).filter((c) => c.seq > seq);
}

/**
 * `from` sends `text` (in their private chat unless `chat` is given) and this resolves with
 * the bot's next message into that chat: its answer, since updates of one chat are handled in order.
 */
export async function ask(
  tg: FakeTelegram,
  from: { id: number; first_name: string; last_name?: string },
  text: string,
  chat: { id: number; type: 'private' | 'group' | 'supergroup'; title?: string } = privateChat(from),
): Promise<RecordedCall> {
  const after = lastSeq(tg);
  tg.sendText({ from, chat, text });
  const [answer] = await tg.waitFor((c) => c.seq > after && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === chat.id, {
    description: `the answer to «${text.slice(0, 40)}» in chat ${chat.id}`,
  });
  return answer!;
}

/** Runs the admin CLI (`import-opd` / `import-people`) on CSV text against the harness database. */
export async function importCsv(h: Harness, command: 'import-opd' | 'import-people', csv: string): Promise<number> {
  const file = join(h.dir, `${command}-${randomBytes(4).toString('hex')}.csv`);
  writeFileSync(file, csv);
  const quiet = { log: () => undefined, error: () => undefined };
  return adminCli([command, file], { DATABASE_URL: h.config.databaseUrl }, quiet);
}

export interface OrgMember {
  code: string;
  group: { id: number; type: 'supergroup'; title: string };
  head: { id: number; first_name: string; last_name: string };
}

/**
 * Imports `n` OPDs (OPD1…OPDn) with the admin CLI, links each to its own group (with /daftar
 * in the group, or straight in the database for an app that does not poll) and registers a
 * head per OPD plus the governor and the secretariat.
 */
export async function setupOrg(h: Harness, n: number, base = 500, link: 'command' | 'database' = 'command'): Promise<OrgMember[]> {
  const members: OrgMember[] = Array.from({ length: n }, (_, i) => ({
    code: `OPD${i + 1}`,
    group: { id: -100000 - base - i, type: 'supergroup' as const, title: `Grup OPD${i + 1}` },
    head: { id: 50000 + base + i, first_name: `Kepala${i + 1}`, last_name: 'OPD' },
  }));
  const opdCsv = ['kode,nama,klaster', ...members.map((m) => `${m.code},Dinas Nomor ${m.code.slice(3)},Umum`)].join('\n');
  if ((await importCsv(h, 'import-opd', opdCsv)) !== 0) throw new Error('OPD import failed');
  const peopleCsv = [
    'telegram_id,nama,peran,kode_opd',
    `${GOVERNOR.id},Herman Gubernur,pimpinan,`,
    `${SECRETARIAT.id},Sari Sekretariat,sekretariat,`,
    ...members.map((m) => `${m.head.id},${m.head.first_name} ${m.head.last_name},kepala,${m.code}`),
  ].join('\n');
  if ((await importCsv(h, 'import-people', peopleCsv)) !== 0) throw new Error('people import failed');
  for (const m of members) {
    if (link === 'command') {
      await ask(h.tg, ADMIN, `/daftar ${m.code}`, m.group);
    } else {
      const opd = (await findOpdByCode(h.app.deps.db, m.code))!;
      await linkChat(h.app.deps.db, opd.id, m.group.id, m.group.title, Date.now());
    }
  }
  return members;
}

/** The reminder clock runs at any hour of any day, whatever the day a test runs: no quiet hours, every day a working day, no holidays. */
export const ANY_DAY_ENV: Readonly<Record<string, string>> = { QUIET_HOURS: 'off', WORKING_DAYS: '0-6', HOLIDAYS_FILE: 'test/support/no-holidays.csv' };

/**
 * The start of most scenarios: a harness with ANY_DAY_ENV (and `env` over it) and `opds` OPDs
 * set up by setupOrg. A harness whose set-up fails is closed before the error is passed on.
 */
export async function startWithOrg(env: Record<string, string>, opds: number, base?: number): Promise<{ h: Harness; org: OrgMember[] }> {
  const h = await startHarness({ ...ANY_DAY_ENV, ...env });
  try {
    return { h, org: await setupOrg(h, opds, base) };
  } catch (err) {
    await h.close().catch(() => undefined);
    throw err;
  }
}

// --- helpers for the report, review and extension scenarios

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);

function matches(text: string, match: string | RegExp): boolean {
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

/** The first successful send into `chatId` after `seq` whose text/caption (as sent, HTML) matches. */
export async function waitAfter(tg: FakeTelegram, seq: number, chatId: number, match: string | RegExp, description?: string): Promise<RecordedCall> {
  const [call] = await tg.waitFor((c) => c.seq > seq && c.ok && SENDS.has(c.method) && Number(c.payload.chat_id) === chatId && matches(callText(c), match), {
    description: description ?? `a message matching ${String(match)} in chat ${chatId}`,
  });
  return call!;
}

/**
 * Like `ask`, but waits for the answer that matches: for chats that also receive messages
 * on their own (reminders, forwarded reports) while the scenario runs.
 */
export async function say(
  tg: FakeTelegram,
  from: FakeUserInput,
  text: string,
  match: string | RegExp,
  chat: { id: number; type: 'private' | 'group' | 'supergroup'; title?: string } = privateChat(from),
): Promise<RecordedCall> {
  const after = lastSeq(tg);
  tg.sendText({ from, chat, text });
  return waitAfter(tg, after, chat.id, match, `the answer to «${text.slice(0, 40)}» matching ${String(match)} in chat ${chat.id}`);
}

/** `from` presses a button; resolves with the bot's answerCallbackQuery call (text, show_alert, url). */
export async function press(tg: FakeTelegram, from: FakeUserInput, chatId: number, messageId: number, data: string): Promise<RecordedCall> {
  const update = tg.pressButton({ from, chatId, messageId, data });
  const [answer] = await tg.waitFor((c) => c.method === 'answerCallbackQuery' && String(c.payload.callback_query_id) === update.callback_query!.id, {
    description: `the answer to the button ${data}`,
  });
  return answer!;
}

export interface IssuedInstruction {
  number: string;
  instructionId: number;
  /** The instruction message in each target OPD's group, by OPD code. */
  message: Record<string, number>;
  /** Each target OPD's assignment id (from the group message's buttons), by OPD code. */
  assignment: Record<string, number>;
  /** The issuer's summary message. */
  summary: number;
}

/** Issues an instruction from the governor with the service and waits until every target group has it. */
export async function issueTo(h: Harness, targets: OrgMember[], opts: { ackInMs: number; dueInMs: number; priority?: Priority; text?: string }): Promise<IssuedInstruction> {
  const deps = h.app.deps;
  const governor = (await findPersonByTelegramId(deps.db, GOVERNOR.id))!;
  const now = Date.now();
  const res = await issueInstruction(deps, governor, {
    text: opts.text ?? 'Mohon laporkan kesiapan posko siaga bencana.',
    target: { kind: 'codes', codes: targets.map((t) => t.code) },
    ackDeadline: now + opts.ackInMs,
    dueAt: now + opts.dueInMs,
    priority: opts.priority ?? 'biasa',
  });
  if (!res.ok) throw new Error(`issue failed: ${JSON.stringify(res)}`);
  const issued: IssuedInstruction = { number: res.number, instructionId: res.instructionId, message: {}, assignment: {}, summary: 0 };
  for (const t of targets) {
    const call = await h.tg.waitForMessage(t.group.id, `ARAHAN ${res.number}</b>`);
    issued.message[t.code] = sentMessageId(call);
    const report = buttonsOf(call).find(([, data]) => data.startsWith('rep:'));
    if (!report) throw new Error(`no 📝 button on the message to ${t.code}`);
    issued.assignment[t.code] = Number(report[1].slice('rep:'.length));
  }
  issued.summary = sentMessageId(await h.tg.waitForMessage(GOVERNOR.id, `📊 <b>${res.number}</b>`));
  // The fake records a message when it answers; the bot records it as delivered (with the
  // message id a reply or a press is matched against) a moment later. A scenario that acts on
  // the message at once must wait for the bot's record, not the fake's (the cause of a rare
  // failure on PostgreSQL: a reply sent in that moment was not yet known as a reply to an
  // instruction).
  await waitForValue(
    () => deps.db.selectFrom('assignments').select('delivery_state').where('instruction_id', '=', res.instructionId).execute(),
    (rows) => rows.every((r) => r.delivery_state === 'sent'),
    `${res.number} recorded as delivered`,
  );
  return issued;
}

/** The callback data of a button on a message as it currently is, found by the start of its text. */
export function buttonData(tg: FakeTelegram, chatId: number, messageId: number, textStart: string): string {
  const msg = tg.getMessage(chatId, messageId);
  const button = (msg?.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text.startsWith(textStart)) as { callback_data?: string } | undefined;
  if (!button?.callback_data) throw new Error(`no button «${textStart}» on message ${messageId} in chat ${chatId}`);
  return button.callback_data;
}

/** A staff member joins `code` through an invitation link; their Telegram username comes with them. */
export async function joinAsStaff(h: Harness, code: string, user: FakeUserInput & { username: string }): Promise<void> {
  const invite = await say(h.tg, ADMIN, `/undang ${code} staf`, 'start=');
  const token = /start=([\w-]+)/.exec(callText(invite))![1]!;
  await say(h.tg, user, `/start ${token}`, `Staf OPD</b> pada <b>${code}`);
}

/** Like setupOrg, for an app that does not poll (webhook mode): links groups in the database. */
export function setupOrgWithoutPolling(h: Harness, n: number, base = 700): Promise<OrgMember[]> {
  return setupOrg(h, n, base, 'database');
}

/**
 * Environment for a child `src/main.ts` process sharing this harness's fake, database and Redis.
 * The child logs at info on its stdout: pipe it to the log scan (`logScan.watchStream`).
 */
export function childEnv(config: Config, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = {
    PATH: process.env.PATH,
    BOT_TOKEN: config.botToken,
    BOT_API_ROOT: config.botApiRoot,
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    QUEUE_PREFIX: config.queuePrefix,
    LOG_LEVEL: 'info',
    QUIET_HOURS: 'off',
    WORKING_DAYS: '0-6',
    PORT: '0',
    HTTP_HOST: '127.0.0.1',
    ...extra,
  };
  logScan.addSecrets(secretsOfEnv(env));
  return env;
}

/**
 * Polls `read` until `ok` holds for its value, for effects that have no event to await (a
 * database row), bounded in time; the failure names what was awaited and the last value.
 */
export async function waitForValue<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, description: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${description} (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** waitForValue for a plain condition. */
export async function until(cond: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  await waitForValue(cond, (v) => v, 'the condition', timeoutMs);
}

/** A private-chat text message as Telegram posts it to a webhook (commands carry their entity). */
export function privateMessageUpdate(updateId: number, chatId: number, text: string): Update {
  // Posted to a webhook, past the fake: the log scan must know the text all the same.
  logScan.addText(text);
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Tamu' },
      from: { id: chatId, is_bot: false, first_name: 'Tamu' },
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command' as const, offset: 0, length: text.split(' ')[0]!.length }] } : {}),
    },
  } as Update;
}

/** The first successful message into `chatId` after `seq` with a button whose data starts with `prefix`. */
export async function messageWithButtons(tg: FakeTelegram, chatId: number, seq: number, prefix: string): Promise<RecordedCall> {
  const [call] = await tg.waitFor(
    (c) => c.seq > seq && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === chatId && buttonsOf(c).some(([, d]) => d.startsWith(prefix)),
    { description: `a message with ${prefix} buttons in chat ${chatId}` },
  );
  return call!;
}

/** A TCP port free on 127.0.0.1 right now (for a child process's HTTP server or a Redis of a test's own). */
export async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * A decision's copy as the chat shows it now: edited to the line naming who decided (`decider`)
 * and when, its buttons gone.
 */
export async function expectRetiredCopy(h: Harness, chatId: number, messageId: number, line: RegExp, decider = 'Sari Sekretariat'): Promise<void> {
  await h.tg.waitFor(
    (c) => c.ok && c.method === 'editMessageText' && Number(c.payload.chat_id) === chatId && Number(c.payload.message_id) === messageId && line.test(callText(c)),
    { description: `the copy ${messageId} in chat ${chatId} edited to ${String(line)}` },
  );
  // As the chat shows it now (plain text, the tags read as entities): the line, no buttons.
  const shown = h.tg.getMessage(chatId, messageId)!;
  expect(shown.text).toContain(`oleh ${decider} pada`);
  expect(shown.reply_markup?.inline_keyboard?.flat() ?? []).toEqual([]);
}
