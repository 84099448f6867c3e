import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { Config } from '../../src/infra/config';
import { createLogger, secretsOf } from '../../src/infra/logger';

/**
 * The log scan (issue #13): every log line a test produces above debug level — the harness's
 * app, an app a test builds itself, a child process running src/main.ts — is checked against
 * the test file's secrets (the bot token, the webhook secret, the dashboard password, passwords
 * in the database and Redis URLs) and against the message texts of its conversations: what the
 * fake Telegram's users wrote and what the bot sent them. Debug lines may carry message texts
 * (the logger's promise: "message texts are logged at debug level only"); nothing else may.
 *
 * One scanner per test file (Vitest gives every file its own modules): lines are collected as
 * they are written and checked when a harness closes and after the file's last test
 * (log-scan-setup.ts), when every text of the file is known — a line may be written before the
 * fake has recorded the message it quotes. A hit fails the file and, through the report it
 * leaves, the run (log-scan-global.ts).
 */

/** pino's numeric levels; lines above DEBUG are scanned. */
export const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Number.POSITIVE_INFINITY };
const DEBUG = 20;

/**
 * Texts shorter than this are not looked for: "Ya", "/status", "/daftar OPD1" or a date would
 * match innocent lines (an OPD code, an instruction number is logged on purpose), and leaking
 * them says little.
 */
export const MIN_TEXT = 12;
/**
 * Identifiers a command carries that the code logs on purpose, not message texts: an
 * instruction number (`/tutup ARH-2026-0042` is logged as `number: "ARH-2026-0042"`).
 */
const IDENTIFIER = /^ARH-\d{4}-\d+$/i;
/** A long text is also looked for by its start, so a log that cuts a text short is caught. */
const PREFIX = 32;
/** Secrets shorter than this are ignored (createLogger ignores them too; they would match anywhere). */
const MIN_SECRET = 6;
/** Hits kept per file: enough to see the pattern. */
const MAX_HITS = 50;
/** Bot API methods whose payload carries a text the bot shows someone. */
const SHOWN = /^(send(Message|Photo|Document|MediaGroup)|edit(MessageText|MessageCaption)|answerCallbackQuery)$/;

export interface LogHit {
  /** Which logger or process wrote the line. */
  source: string;
  /** What it leaked: a secret's name, or "message text «…»". */
  what: string;
  line: string;
}

export interface LogScanReport {
  file: string;
  /** Lines received, and of them lines above debug (checked). */
  lines: number;
  scanned: number;
  harnesses: number;
  /** Child processes whose output was scanned, and their lines. */
  children: number;
  childLines: number;
  hits: LogHit[];
}

/** The ways a value appears in a JSON line: as is, and as a JSON string escapes it. */
export function forms(value: string): string[] {
  const escaped = JSON.stringify(value).slice(1, -1);
  return escaped === value ? [value] : [value, escaped];
}

/**
 * What is looked for of one message text: the text without a leading command, each of its
 * lines, and the start of each long one; only pieces of at least MIN_TEXT characters.
 */
export function textNeedles(text: string): string[] {
  const body = text.trim().startsWith('/') ? text.trim().replace(/^\/\S+\s*/, '') : text;
  const pieces = new Set<string>();
  for (const piece of [body, ...body.split('\n')]) {
    const p = piece.trim();
    if (p.length < MIN_TEXT || IDENTIFIER.test(p)) continue;
    pieces.add(p);
    if (p.length > PREFIX + 8) pieces.add(p.slice(0, PREFIX));
  }
  return [...pieces];
}

/** The secrets in an environment (as src/infra/config.ts reads it), by name. */
export function secretsOfEnv(env: Record<string, string | undefined>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of ['BOT_TOKEN', 'WEBHOOK_SECRET', 'DASHBOARD_PASSWORD', 'VERIFY_SECRET']) {
    const value = env[name];
    if (value) out.push([name, value]);
  }
  // The token's part after the bot id is the secret: found alone too.
  const tokenSecret = env.BOT_TOKEN?.split(':')[1];
  if (tokenSecret) out.push(['BOT_TOKEN (its secret part)', tokenSecret]);
  for (const name of ['DATABASE_URL', 'REDIS_URL']) {
    for (const password of passwordsOf(env[name])) out.push([`${name} password`, password]);
  }
  return out;
}

/** The secrets a parsed configuration holds, by name. */
export function secretsOfConfig(config: Config): Array<[string, string]> {
  return secretsOfEnv({
    BOT_TOKEN: config.botToken,
    WEBHOOK_SECRET: config.webhook?.secret,
    DASHBOARD_PASSWORD: config.dashboard?.password,
    VERIFY_SECRET: config.verifySecret,
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
  });
}

function passwordsOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const raw = new URL(url).password;
    return raw ? [...new Set([raw, decodeURIComponent(raw)])] : [];
  } catch {
    return [];
  }
}

/** A source of text that arrives in chunks (a child's stdout): split into whole lines. */
class LineSplitter {
  private rest = '';
  constructor(private readonly emit: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) this.emit(line);
  }
  end(): void {
    if (this.rest.trim()) this.emit(this.rest);
    this.rest = '';
  }
}

/** What the scanner needs of the fake Telegram: it tells who wrote what and what was sent. */
export interface ObservableFake {
  observe(observer: { update(update: Update): void; call(method: string, payload: Record<string, unknown>): void }): void;
}

export class LogScanner {
  /** value → name */
  private readonly secrets = new Map<string, string>();
  private readonly texts = new Set<string>();
  private pending: Array<{ source: string; line: string }> = [];
  private readonly open = new Set<Promise<void>>();
  private readonly seen = new Set<string>();
  readonly hits: LogHit[] = [];
  readonly stats = { lines: 0, scanned: 0, harnesses: 0, children: 0, childLines: 0 };

  addSecrets(named: Array<[string, string]>): void {
    for (const [name, value] of named) if (value.length >= MIN_SECRET && !this.secrets.has(value)) this.secrets.set(value, name);
  }

  /** A message text of this test (written by a user or sent by the bot). */
  addText(text: unknown): void {
    if (typeof text !== 'string') return;
    for (const needle of textNeedles(text)) this.texts.add(needle);
  }

  /** The texts of an update a user "sent". */
  addUpdate(update: Update): void {
    for (const m of [update.message, update.edited_message, update.channel_post, update.edited_channel_post]) {
      if (!m) continue;
      this.addText(m.text);
      this.addText(m.caption);
    }
  }

  /** Learns every text a fake Telegram's users write and its bot sends from now on. */
  watchFake(fake: ObservableFake): void {
    fake.observe({
      update: (u) => this.addUpdate(u),
      call: (method, payload) => {
        if (!SHOWN.test(method)) return;
        this.addText(payload.text);
        this.addText(payload.caption);
        // sendMediaGroup: the captions are in the media array (a JSON string when sent as a form).
        const media = typeof payload.media === 'string' ? safeParse(payload.media) : payload.media;
        if (Array.isArray(media)) for (const item of media) this.addText((item as { caption?: unknown } | null)?.caption);
      },
    });
  }

  /** Takes one written line (pino writes one line per write). */
  line(source: string, line: string): void {
    this.stats.lines++;
    const level = levelOf(line);
    // Not JSON (a stray print): checked, since nothing says it is only debug.
    if (level !== null && level <= DEBUG) return;
    this.stats.scanned++;
    this.pending.push({ source, line });
  }

  /** A destination for a pino logger: lines are scanned, and shown from `echoLevel` up. */
  destination(source: string, echoLevel = LEVELS[process.env.TEST_LOG_LEVEL ?? 'silent'] ?? Number.POSITIVE_INFINITY, also?: NodeJS.WritableStream): Writable {
    return new Writable({
      write: (chunk, _encoding, done) => {
        const text = String(chunk);
        for (const l of text.split('\n')) if (l.trim()) this.line(source, l);
        if ((levelOf(text) ?? Number.POSITIVE_INFINITY) >= echoLevel) process.stdout.write(text);
        if (also) also.write(text, () => done());
        else done();
      },
    });
  }

  /** Scans a child process's output (its stdout, where src/main.ts logs) until it ends. */
  watchStream(source: string, stream: Readable): void {
    this.stats.children++;
    const split = new LineSplitter((l) => {
      this.stats.childLines++;
      this.line(source, l);
    });
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => split.push(chunk));
    const ended = new Promise<void>((resolve) => {
      const finish = () => {
        split.end();
        resolve();
      };
      stream.once('end', finish);
      stream.once('close', finish);
      stream.once('error', finish);
    });
    this.open.add(ended);
    void ended.then(() => this.open.delete(ended));
  }

  /** Waits (bounded) for the output of watched child processes to end. */
  async settled(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...this.open]), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Checks the lines received so far against every secret and text known now; returns the new hits. */
  check(): LogHit[] {
    const found: LogHit[] = [];
    const needles: Array<[string, string]> = [];
    for (const [value, name] of this.secrets) for (const f of forms(value)) needles.push([f, name]);
    for (const text of this.texts) for (const f of forms(text)) needles.push([f, `message text «${text.slice(0, 60)}»`]);
    for (const { source, line } of this.pending.splice(0)) {
      for (const [needle, what] of needles) {
        if (!line.includes(needle)) continue;
        const key = `${what}\n${line}`;
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        const hit = { source, what, line: line.length > 600 ? `${line.slice(0, 600)}…` : line };
        found.push(hit);
        if (this.hits.length < MAX_HITS) this.hits.push(hit);
      }
    }
    return found;
  }

  report(file: string): LogScanReport {
    return { file, ...this.stats, hits: this.hits };
  }
}

function levelOf(line: string): number | null {
  const m = /"level":(\d+)/.exec(line);
  return m ? Number(m[1]) : null;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** This test file's scanner. */
export const logScan = new LogScanner();

/**
 * A logger as production builds it (createLogger: secrets scrubbed, errors without their
 * context), writing through the scan. Its level is info or lower whatever TEST_LOG_LEVEL says,
 * so that there is something to scan; lines from TEST_LOG_LEVEL up are also printed. With
 * `also`, every line is written there too (a test that reads its own logs).
 */
export function testLogger(config?: Config, opts: { source?: string; also?: NodeJS.WritableStream; level?: string } = {}): Logger {
  if (config) logScan.addSecrets(secretsOfConfig(config));
  const wanted = opts.level ?? process.env.TEST_LOG_LEVEL ?? 'info';
  const level = (LEVELS[wanted] ?? LEVELS.info!) < LEVELS.info! ? wanted : 'info';
  // The secrets production hides (src/main.ts): the scan checks what is left after that.
  return createLogger(level, config ? secretsOf(config) : [], logScan.destination(opts.source ?? 'app', undefined, opts.also));
}
