import { describe, it, expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/infra/config';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-_x';
const base = { BOT_TOKEN: TOKEN };

/** The ConfigError thrown for env, failing the test if none is thrown. */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

function expectOneLineNaming(err: ConfigError, variable: string): void {
  expect(err.message).not.toMatch(/[\r\n]/);
  expect(err.message).toContain(variable);
  expect(err.message).toMatch(new RegExp(`^Invalid configuration: ${variable}: \\S`));
}

describe('parseConfig defaults', () => {
  const c = parseConfig(base);

  it('keeps the bot token', () => {
    expect(c.botToken).toBe(TOKEN);
  });

  it('uses the public Bot API', () => {
    expect(c.botApiRoot).toBe('https://api.telegram.org');
  });

  it('uses a local SQLite file', () => {
    expect(c.databaseUrl).toBe('file:./data/arahan.db');
  });

  it('uses local Redis', () => {
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('uses Asia/Jakarta (WIB)', () => {
    expect(c.timezone).toBe('Asia/Jakarta');
  });

  it('has no admins, no secretariat chat, and sensible intervals', () => {
    expect(c.adminIds).toEqual([]);
    expect(c.secretariatChatId).toBeNull();
    expect(c.queuePrefix).toBe('arahan');
    expect(c.logLevel).toBe('info');
    expect(c.inviteTtlMs).toBe(7 * 24 * 3_600_000);
    expect(c.inviteMaxUses).toBe(1);
    expect(c.inviteApproval).toBe('kepala');
    expect(c.summaryEditIntervalMs).toBe(3_000);
  });

  it('takes in only what it can answer within 25 ms; ANSWER_BUDGET_MS changes that', () => {
    expect(c.intake).toEqual({ budgetMs: 25, slotMs: 100 });
    expect(parseConfig({ ...base, ANSWER_BUDGET_MS: '40' }).intake.budgetMs).toBe(40);
    expectOneLineNaming(configError({ ...base, ANSWER_BUDGET_MS: '0' }), 'ANSWER_BUDGET_MS');
    expectOneLineNaming(configError({ ...base, ANSWER_BUDGET_MS: 'cepat' }), 'ANSWER_BUDGET_MS');
  });
});

describe('parseConfig with values', () => {
  it('reads every basic setting', () => {
    const c = parseConfig({
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: 'http://127.0.0.1:8081',
      ADMIN_IDS: '111,222',
      DATABASE_URL: 'postgres://arahan:secret@db:5432/arahan',
      REDIS_URL: 'rediss://cache.example:6380',
      QUEUE_PREFIX: '{arahan}',
      TIMEZONE: 'Asia/Makassar',
      LOG_LEVEL: 'debug',
      SECRETARIAT_CHAT_ID: '-1001234567890',
      INVITE_TTL: '2d',
      INVITE_MAX_USES: '10',
      SUMMARY_EDIT_INTERVAL: '500s',
    });
    expect(c.botApiRoot).toBe('http://127.0.0.1:8081');
    expect(c.adminIds).toEqual([111, 222]);
    expect(c.databaseUrl).toBe('postgres://arahan:secret@db:5432/arahan');
    expect(c.redisUrl).toBe('rediss://cache.example:6380');
    expect(c.queuePrefix).toBe('{arahan}');
    expect(c.timezone).toBe('Asia/Makassar');
    expect(c.logLevel).toBe('debug');
    expect(c.secretariatChatId).toBe(-1001234567890);
    expect(c.inviteTtlMs).toBe(2 * 24 * 3_600_000);
    expect(c.inviteMaxUses).toBe(10);
    expect(c.summaryEditIntervalMs).toBe(500_000);
  });

  it('accepts postgresql:// as well as postgres://', () => {
    expect(parseConfig({ ...base, DATABASE_URL: 'postgresql://u@h/db' }).databaseUrl).toBe('postgresql://u@h/db');
  });

  it('strips trailing slashes from BOT_API_ROOT', () => {
    expect(parseConfig({ ...base, BOT_API_ROOT: 'https://bot-api.example.go.id//' }).botApiRoot).toBe('https://bot-api.example.go.id');
  });

  it('reads ADMIN_IDS "1, 2,3" as [1, 2, 3]', () => {
    expect(parseConfig({ ...base, ADMIN_IDS: '1, 2,3' }).adminIds).toEqual([1, 2, 3]);
  });

  it('ignores empty items and a trailing comma in ADMIN_IDS', () => {
    expect(parseConfig({ ...base, ADMIN_IDS: ' 42 ,, 7, ' }).adminIds).toEqual([42, 7]);
  });

  it('reads durations: 2s, 15m, 1h30m', () => {
    expect(parseConfig({ ...base, SUMMARY_EDIT_INTERVAL: '2s' }).summaryEditIntervalMs).toBe(2_000);
    expect(parseConfig({ ...base, SUMMARY_EDIT_INTERVAL: '15m' }).summaryEditIntervalMs).toBe(900_000);
    expect(parseConfig({ ...base, INVITE_TTL: '1h30m' }).inviteTtlMs).toBe(5_400_000);
  });

  it('falls back to defaults for empty strings and undefined', () => {
    const c = parseConfig({
      ...base,
      BOT_API_ROOT: '',
      ADMIN_IDS: '',
      DATABASE_URL: '',
      REDIS_URL: '',
      TIMEZONE: '',
      LOG_LEVEL: undefined,
      SECRETARIAT_CHAT_ID: '',
      SUMMARY_EDIT_INTERVAL: '',
      INVITE_MAX_USES: '',
    });
    expect(c.botApiRoot).toBe('https://api.telegram.org');
    expect(c.adminIds).toEqual([]);
    expect(c.databaseUrl).toBe('file:./data/arahan.db');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.timezone).toBe('Asia/Jakarta');
    expect(c.logLevel).toBe('info');
    expect(c.secretariatChatId).toBeNull();
    expect(c.summaryEditIntervalMs).toBe(3_000);
    expect(c.inviteMaxUses).toBe(1);
  });

  it('canonicalises the case of TIMEZONE so the WIB/WITA/WIT labels apply', () => {
    expect(parseConfig({ ...base, TIMEZONE: 'asia/jakarta' }).timezone).toBe('Asia/Jakarta');
    expect(parseConfig({ ...base, TIMEZONE: 'ASIA/MAKASSAR' }).timezone).toBe('Asia/Makassar');
    expect(parseConfig({ ...base, TIMEZONE: 'Asia/Jayapura' }).timezone).toBe('Asia/Jayapura');
  });

  it('ignores unrelated environment variables', () => {
    expect(parseConfig({ ...base, PATH: '/usr/bin', HOME: '/root' }).botToken).toBe(TOKEN);
  });
});

describe('parseConfig errors', () => {
  it('refuses a missing BOT_TOKEN with one line naming it', () => {
    const err = configError({});
    expectOneLineNaming(err, 'BOT_TOKEN');
  });

  it('refuses an empty BOT_TOKEN as missing', () => {
    expectOneLineNaming(configError({ BOT_TOKEN: '' }), 'BOT_TOKEN');
  });

  it('names BOT_TOKEN first even when other variables are wrong too', () => {
    expectOneLineNaming(configError({ ADMIN_IDS: 'x', TIMEZONE: 'Mars/Base' }), 'BOT_TOKEN');
  });

  it('refuses malformed bot tokens', () => {
    for (const t of ['abc', '123456', ':ABC', '123456:', 'abc:DEF', '123456:ABC DEF', 'bot123456:ABC']) {
      expectOneLineNaming(configError({ BOT_TOKEN: t }), 'BOT_TOKEN');
    }
  });

  it('refuses ADMIN_IDS "12,abc", quoting the bad item', () => {
    const err = configError({ ...base, ADMIN_IDS: '12,abc' });
    expectOneLineNaming(err, 'ADMIN_IDS');
    expect(err.message).toContain('"abc"');
  });

  it('refuses space-separated ADMIN_IDS', () => {
    expectOneLineNaming(configError({ ...base, ADMIN_IDS: '12 34' }), 'ADMIN_IDS');
  });

  it('refuses an unknown TIMEZONE', () => {
    expectOneLineNaming(configError({ ...base, TIMEZONE: 'Mars/Base' }), 'TIMEZONE');
    expectOneLineNaming(configError({ ...base, TIMEZONE: 'WIB' }), 'TIMEZONE');
  });

  it('refuses a MySQL DATABASE_URL and a bare path', () => {
    expectOneLineNaming(configError({ ...base, DATABASE_URL: 'mysql://x' }), 'DATABASE_URL');
    expectOneLineNaming(configError({ ...base, DATABASE_URL: './data/arahan.db' }), 'DATABASE_URL');
  });

  it('refuses a REDIS_URL without the redis scheme', () => {
    expectOneLineNaming(configError({ ...base, REDIS_URL: '127.0.0.1:6379' }), 'REDIS_URL');
  });

  it('refuses a BOT_API_ROOT that is not a URL', () => {
    expectOneLineNaming(configError({ ...base, BOT_API_ROOT: 'api.telegram.org' }), 'BOT_API_ROOT');
  });

  it('refuses durations written in words or without a unit', () => {
    expectOneLineNaming(configError({ ...base, SUMMARY_EDIT_INTERVAL: '2 hours' }), 'SUMMARY_EDIT_INTERVAL');
    expectOneLineNaming(configError({ ...base, SUMMARY_EDIT_INTERVAL: '2000' }), 'SUMMARY_EDIT_INTERVAL');
    expectOneLineNaming(configError({ ...base, INVITE_TTL: '1 d' }), 'INVITE_TTL');
  });

  it('refuses a zero duration', () => {
    expectOneLineNaming(configError({ ...base, SUMMARY_EDIT_INTERVAL: '0s' }), 'SUMMARY_EDIT_INTERVAL');
  });

  it('refuses an unknown LOG_LEVEL', () => {
    expectOneLineNaming(configError({ ...base, LOG_LEVEL: 'verbose' }), 'LOG_LEVEL');
  });

  it('refuses a non-numeric SECRETARIAT_CHAT_ID', () => {
    expectOneLineNaming(configError({ ...base, SECRETARIAT_CHAT_ID: '@sekretariat' }), 'SECRETARIAT_CHAT_ID');
  });

  it('refuses INVITE_MAX_USES of 0 or a non-number', () => {
    expectOneLineNaming(configError({ ...base, INVITE_MAX_USES: '0' }), 'INVITE_MAX_USES');
    expectOneLineNaming(configError({ ...base, INVITE_MAX_USES: 'lima' }), 'INVITE_MAX_USES');
  });

  it('reads INVITE_APPROVAL kepala or none, and refuses anything else', () => {
    expect(parseConfig({ ...base, INVITE_APPROVAL: 'none' }).inviteApproval).toBe('none');
    expectOneLineNaming(configError({ ...base, INVITE_APPROVAL: 'semua' }), 'INVITE_APPROVAL');
  });

  it('refuses a QUEUE_PREFIX with a colon', () => {
    expectOneLineNaming(configError({ ...base, QUEUE_PREFIX: 'arahan:prod' }), 'QUEUE_PREFIX');
  });

  it('is an Error subclass so generic handlers still catch it', () => {
    expect(configError({})).toBeInstanceOf(Error);
  });
});
