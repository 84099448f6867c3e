import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseQuietHours, parseWorkingDays, type QuietHours } from '../domain/calendar';
import { parseDuration } from '../domain/time';
import type { InviteApproval } from '../domain/invitation';
import { type ApelWindow, parseApelWindow } from '../domain/rollcall';

/** Thrown by parseConfig: `message` is one line naming the variable and what is expected. */
export class ConfigError extends Error {}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration such as 30s, 15m, 2h or 1d' });
        return z.NEVER;
      }
      return ms;
    });

const idList = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const parts = s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const ids: number[] = [];
    for (const p of parts) {
      if (!/^-?\d+$/.test(p)) {
        ctx.addIssue({ code: 'custom', message: `expected comma-separated Telegram ids, got "${p}"` });
        return z.NEVER;
      }
      ids.push(Number(p));
    }
    return ids;
  });

const optionalChatId = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s.trim() === '') return null;
    if (!/^-?\d+$/.test(s.trim())) {
      ctx.addIssue({ code: 'custom', message: 'expected a Telegram chat id such as -1001234567890' });
      return z.NEVER;
    }
    return Number(s.trim());
  });

const timezone = z
  .string()
  .default('Asia/Jakarta')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'expected an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura')
  // Intl accepts any case ("asia/jakarta"); keep the canonical name so zone labels (WIB) work.
  .transform((tz) => new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone);

const quietHours = z
  .string()
  .default('21.00-06.00')
  .transform((s, ctx) => {
    const q = parseQuietHours(s);
    if (q === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a range such as 21.00-06.00, or off' });
      return z.NEVER;
    }
    return q;
  });

const clockTime = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const m = /^(\d{1,2})[.:](\d{2})$/.exec(s.trim());
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
        ctx.addIssue({ code: 'custom', message: 'expected a time of day such as 07.00' });
        return z.NEVER;
      }
      return Number(m[1]) * 60 + Number(m[2]);
    });

const workingDays = z
  .string()
  .default('1-5')
  .transform((s, ctx) => {
    const d = parseWorkingDays(s);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: 'expected weekdays as numbers 0-6 (0 = Sunday), e.g. 1-5 or 1-6' });
      return z.NEVER;
    }
    return [...d].sort();
  });

const dateList = z
  .string()
  .default('')
  .refine(
    (s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
        .every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)),
    'expected comma-separated dates YYYY-MM-DD',
  )
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** An update still unanswered after this long is waiting on the network, not on us: it no longer holds back intake. */
const INTAKE_SLOT_MS = 100;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  BOT_TOKEN: z
    .string({ message: 'required: the token BotFather gave you, e.g. 123456:ABC-DEF...' })
    .regex(/^\d+:[\w-]+$/, 'expected a bot token from BotFather, e.g. 123456:ABC-DEF...'),
  BOT_API_ROOT: z.url({ message: 'expected a URL such as https://api.telegram.org' }).default('https://api.telegram.org'),
  ADMIN_IDS: idList,
  DATABASE_URL: z
    .string()
    .default('file:./data/arahan.db')
    .refine((u) => u.startsWith('file:') || /^postgres(ql)?:\/\//.test(u), 'expected file:PATH or postgres://...'),
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((u) => /^rediss?:\/\//.test(u), 'expected redis://HOST:PORT'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w{}-]+$/, 'expected letters, digits, - or _ (braces allowed for Redis Cluster)')
    .default('arahan'),
  TIMEZONE: timezone,
  FOREIGN_REDIS: z.enum(['clean', 'refuse'], { message: 'expected clean or refuse' }).optional(),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SECRETARIAT_CHAT_ID: optionalChatId,
  INVITE_TTL: duration('7d'),
  INVITE_MAX_USES: positiveInt(1),
  INVITE_APPROVAL: z.enum(['kepala', 'none'], { message: "expected kepala (a kepala link waits for an admin's approval) or none" }).default('kepala'),
  SUMMARY_EDIT_INTERVAL: duration('3s'),
  REMINDER_SEGERA: duration('15m'),
  REMINDER_PENTING: duration('30m'),
  REMINDER_BIASA: duration('2h'),
  ESCALATE_PIMPINAN_AFTER: duration('1h'),
  REMINDER_DAY_BEFORE: duration('1d'),
  OVERDUE_EVERY: duration('1d'),
  DUE_MORNING_TIME: clockTime('07.00'),
  QUIET_HOURS: quietHours,
  WORKING_DAYS: workingDays,
  // The shipped list, found from this file rather than the working directory (`npm run sandbox` or a
  // service manager may start the process elsewhere).
  HOLIDAYS_FILE: z.string().default(fileURLToPath(new URL('../data/hari-libur-2026.csv', import.meta.url))),
  HOLIDAYS: dateList,
  // Telegram's limit: the send gate keeps its own margin below it (gate.ts, slotInterval).
  RATE_GLOBAL_PER_SECOND: positiveInt(30),
  RATE_CHAT_PER_SECOND: positiveInt(1),
  RATE_GROUP_PER_MINUTE: positiveInt(20),
  SEND_CONCURRENCY: positiveInt(10),
  // Paid broadcast (README "Paid broadcast"): off unless on; per-instruction cap; target time.
  PAID_BROADCAST: z.enum(['on', 'off'], { message: 'expected on or off' }).default('off'),
  PAID_BROADCAST_MAX_PER_INSTRUCTION: z.coerce.number().int().min(0).default(1000),
  PAID_BROADCAST_TARGET: duration('1m'),
  ANSWER_BUDGET_MS: positiveInt(25),
  UPDATES_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  GUEST_UPDATES_PER_MINUTE: z.coerce.number().int().min(0).default(5),
  WORKER_LOCK: duration('10s'),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: z.url({ message: 'expected the public HTTPS URL Telegram posts to, e.g. https://arahan.example.go.id/telegram' }).optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16-256 characters A-Z, a-z, 0-9, _ or -')
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HTTP_HOST: z.string().default('0.0.0.0'),
  DASHBOARD_USER: z.string().min(1).default('admin'),
  DASHBOARD_PASSWORD: z.string().min(12, 'expected at least 12 characters (or leave it unset to keep the dashboard off)').optional(),
  VERIFY_SECRET: z.string().min(16, 'expected at least 16 characters (e.g. openssl rand -hex 32)').optional(),
  PUBLIC_URL: z.url({ message: 'expected the public origin the dashboard is opened at, e.g. https://arahan.example.go.id' }).optional(),
  MINIAPP_AUTH_MAX_AGE: duration('1h'),
  APEL_WINDOW: z
    .string()
    .default('off')
    .refine((w) => parseApelWindow(w) !== undefined, 'expected weekdays and a time range such as "Mon-Fri 19:00-22:00" (or Sen-Jum 19.00-22.00), or off'),
  APEL_DEADLINE: duration('30m'),
  APEL_ESCALATE_AFTER: duration('15m'),
  DIGEST_CRON: z
    .string()
    .default('0 7 * * 1')
    .refine((c) => c === 'off' || /^(\S+\s+){4,5}\S+$/.test(c.trim()), 'expected a cron pattern such as "0 7 * * 1" (Monday 07.00), or off'),
});

export type Config = {
  botToken: string;
  botApiRoot: string;
  adminIds: number[];
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /**
   * A Redis holding another installation's queues under QUEUE_PREFIX (src/infra/queue/scope.ts):
   * cleaned (default) or, with NODE_ENV=production, refused unless FOREIGN_REDIS says otherwise.
   */
  foreignRedis: 'clean' | 'refuse';
  timezone: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  secretariatChatId: number | null;
  inviteTtlMs: number;
  inviteMaxUses: number;
  /** Which invitation links wait for an admin's approval before registering (src/domain/invitation.ts). */
  inviteApproval: InviteApproval;
  summaryEditIntervalMs: number;
  /** Sending limits shared by every process (just under Telegram's). */
  rate: { globalPerSecond: number; chatPerSecond: number; groupPerMinute: number; sendConcurrency: number };
  /**
   * Telegram's paid broadcast (`allow_paid_broadcast`, a fee in Stars a message): for a segera
   * instruction whose groups the free rate cannot reach within `targetMs`, up to
   * `maxPerInstruction` of its deliveries are sent paid (src/features/deliver/paid.ts).
   */
  paidBroadcast: { enabled: boolean; maxPerInstruction: number; targetMs: number };
  /** Long polling: updates taken in at once, waiting for their answer (src/telegram/intake.ts). */
  intake: { budgetMs: number; slotMs: number };
  /** Updates a minute each person may send before being ignored for a while (src/infra/telegram/flood.ts); 0: no limit. */
  flood: { registeredPerMinute: number; guestPerMinute: number };
  /** How long a job stays locked by a worker that stopped answering before another takes it over. */
  workerLockMs: number;
  mode: 'polling' | 'webhook';
  webhook: { url: string; path: string; secret: string } | null;
  http: { port: number; host: string };
  /** bull-board at /admin/queues behind basic auth; null (off) unless a password is set. */
  dashboard: { user: string; password: string } | null;
  /** Weekly digest schedule (cron, in the org's timezone); null when off. */
  digestCron: string | null;
  /** Roll-call (apel, src/features/rollcall): the default deadline, the escalation step, and the weekly window of the surprise roll-call (null: off). */
  rollcall: { deadlineMs: number; escalateAfterMs: number; window: ApelWindow | null };
  /** The secret every instruction's verification code is derived with (src/features/instruction/verification.ts). */
  verifySecret: string;
  /**
   * The leaders' dashboard (Telegram Mini App, src/features/dashboard): the origin its page is
   * opened at (null: not configured, /dasbor says so), and how old Telegram's initData may be.
   */
  miniApp: { publicUrl: string | null; authMaxAgeMs: number };
  reminders: {
    intervals: { segera: number; penting: number; biasa: number };
    pimpinanDelayMs: number;
    dayBeforeMs: number;
    overdueEveryMs: number;
    dueMorningMinute: number;
    /** Default quiet hours; an admin's /senyap setting in the database takes precedence. */
    quietHours: QuietHours | null;
    workingDays: number[];
    holidaysFile: string;
    extraHolidays: string[];
  };
};

/** Pure: reads only the given env object. Throws ConfigError with one clear line. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Treat empty strings as "not set" so .env files with `FOO=` fall back to defaults.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${variable}: ${issue.message}`);
  }
  const e = result.data;
  if (e.BOT_MODE === 'webhook' && !e.WEBHOOK_URL) throw new ConfigError('Invalid configuration: WEBHOOK_URL: required when BOT_MODE=webhook');
  if (e.BOT_MODE === 'webhook' && !e.WEBHOOK_SECRET)
    throw new ConfigError('Invalid configuration: WEBHOOK_SECRET: required when BOT_MODE=webhook (16-256 characters A-Z, a-z, 0-9, _ or -)');
  if (e.NODE_ENV === 'production' && !e.VERIFY_SECRET)
    throw new ConfigError('Invalid configuration: VERIFY_SECRET: required when NODE_ENV=production (at least 16 characters, e.g. openssl rand -hex 32)');
  return {
    botToken: e.BOT_TOKEN,
    botApiRoot: e.BOT_API_ROOT.replace(/\/+$/, ''),
    adminIds: e.ADMIN_IDS,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    foreignRedis: e.FOREIGN_REDIS ?? (e.NODE_ENV === 'production' ? 'refuse' : 'clean'),
    timezone: e.TIMEZONE,
    logLevel: e.LOG_LEVEL,
    secretariatChatId: e.SECRETARIAT_CHAT_ID,
    inviteTtlMs: e.INVITE_TTL,
    inviteMaxUses: e.INVITE_MAX_USES,
    inviteApproval: e.INVITE_APPROVAL,
    summaryEditIntervalMs: e.SUMMARY_EDIT_INTERVAL,
    rate: {
      globalPerSecond: e.RATE_GLOBAL_PER_SECOND,
      chatPerSecond: e.RATE_CHAT_PER_SECOND,
      groupPerMinute: e.RATE_GROUP_PER_MINUTE,
      sendConcurrency: e.SEND_CONCURRENCY,
    },
    paidBroadcast: { enabled: e.PAID_BROADCAST === 'on', maxPerInstruction: e.PAID_BROADCAST_MAX_PER_INSTRUCTION, targetMs: e.PAID_BROADCAST_TARGET },
    workerLockMs: e.WORKER_LOCK,
    intake: { budgetMs: e.ANSWER_BUDGET_MS, slotMs: INTAKE_SLOT_MS },
    flood: { registeredPerMinute: e.UPDATES_PER_MINUTE, guestPerMinute: e.GUEST_UPDATES_PER_MINUTE },
    digestCron: e.DIGEST_CRON === 'off' ? null : e.DIGEST_CRON.trim(),
    rollcall: { deadlineMs: e.APEL_DEADLINE, escalateAfterMs: e.APEL_ESCALATE_AFTER, window: parseApelWindow(e.APEL_WINDOW) ?? null },
    // Outside production a missing VERIFY_SECRET is derived from the bot token: stable across
    // restarts and shared by every process of the installation (so a code printed by one is
    // checked by another), and still unknown to anyone without the token. Not good enough for
    // production: rotating a leaked token would change every code already given out, and the
    // token would then be a second key to forging them, hence required there.
    verifySecret: e.VERIFY_SECRET ?? createHash('sha256').update(`arahan-verify:${e.BOT_TOKEN}`).digest('hex'),
    miniApp: { publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null, authMaxAgeMs: e.MINIAPP_AUTH_MAX_AGE },
    mode: e.BOT_MODE,
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, path: new URL(e.WEBHOOK_URL).pathname || '/', secret: e.WEBHOOK_SECRET } : null,
    http: { port: e.PORT, host: e.HTTP_HOST },
    dashboard: e.DASHBOARD_PASSWORD ? { user: e.DASHBOARD_USER, password: e.DASHBOARD_PASSWORD } : null,
    reminders: {
      intervals: { segera: e.REMINDER_SEGERA, penting: e.REMINDER_PENTING, biasa: e.REMINDER_BIASA },
      pimpinanDelayMs: e.ESCALATE_PIMPINAN_AFTER,
      dayBeforeMs: e.REMINDER_DAY_BEFORE,
      overdueEveryMs: e.OVERDUE_EVERY,
      dueMorningMinute: e.DUE_MORNING_TIME,
      quietHours: e.QUIET_HOURS,
      workingDays: e.WORKING_DAYS,
      holidaysFile: e.HOLIDAYS_FILE,
      extraHolidays: e.HOLIDAYS,
    },
  };
}
