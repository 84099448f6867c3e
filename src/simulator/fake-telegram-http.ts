/**
 * Request decoding for the fake Telegram Bot API server, plus the small text
 * helpers Telegram applies to message texts (parse_mode rendering, command
 * entities).
 *
 * Supported request bodies:
 * - `application/json` (what grammY sends for everything without a file);
 * - `multipart/form-data` (grammY file uploads): non-file fields are decoded as
 *   UTF-8 strings, fields that look like JSON objects/arrays are parsed, and
 *   numeric strings are turned into numbers for id-like keys (`chat_id`,
 *   `message_id`, `reply_to_message_id`, `offset`, ...). File parts are not
 *   kept: only their field name, file name, content type and size are reported;
 * - `application/x-www-form-urlencoded` and URL query parameters (handy for
 *   plain `fetch`/curl), decoded with the same coercion rules.
 */
import type { IncomingMessage } from 'node:http';
import type { MessageEntity } from 'grammy/types';

/** A file part of a multipart upload (the bytes themselves are discarded). */
export interface UploadedFile {
  /** Form field name; grammY uses a random id referenced as `attach://<id>`. */
  field: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface DecodedRequest {
  payload: Record<string, unknown>;
  files: UploadedFile[];
  contentType: string;
}

/** Upper bound on request bodies; Telegram allows 50 MB uploads. */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('Request Entity Too Large');
    chunks.push(buf);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** Decodes query string and body into one payload object. Throws on malformed JSON. */
export function decodeRequest(body: Buffer, contentType: string, query: URLSearchParams): DecodedRequest {
  const payload: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  for (const [key, value] of query) payload[key] = coerceField(key, value);

  const type = contentType.toLowerCase();
  if (body.length > 0) {
    if (type.startsWith('multipart/form-data')) {
      parseMultipart(body, contentType, payload, files);
    } else if (type.startsWith('application/x-www-form-urlencoded')) {
      for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
        payload[key] = coerceField(key, value);
      }
    } else {
      // JSON is the default, as with Telegram.
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        Object.assign(payload, parsed);
      }
    }
  }
  return { payload, files, contentType };
}

const ID_LIKE_KEY = /(^|_)(id|ids|offset|limit|timeout|date)$/;

/** Turns a form/query string field into the value a JSON client would have sent. */
function coerceField(key: string, value: string): unknown {
  const first = value[0];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (ID_LIKE_KEY.test(key) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** Minimal multipart/form-data parser, good enough for grammY's uploads. */
function parseMultipart(body: Buffer, contentType: string, payload: Record<string, unknown>, files: UploadedFile[]): void {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return;
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    let start = pos + delimiter.length;
    // `--boundary--` closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break;
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // The part ends with CRLF before the next delimiter.
    const end = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd !== -1 && headerEnd < end) {
      const headers = body.toString('utf8', start, headerEnd);
      const content = body.subarray(headerEnd + 4, end);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '';
      if (name !== undefined) {
        if (filename !== undefined) {
          files.push({ field: name, filename, contentType: partType, size: content.length });
        } else {
          payload[name] = coerceField(name, content.toString('utf8'));
        }
      }
    }
    pos = next;
  }
}

// --- Text helpers -------------------------------------------------------------

/**
 * Approximates what Telegram stores as message text for a given parse_mode:
 * markup is removed (HTML tags, MarkdownV2/Markdown markers and escapes) and
 * HTML entities are decoded. Formatting entities are not computed.
 */
export function renderText(text: string, parseMode: unknown): string {
  if (typeof parseMode !== 'string') return text;
  const mode = parseMode.toLowerCase();
  if (mode === 'html') return decodeHtml(text.replace(/<[^>]*>/g, ''));
  if (mode === 'markdownv2' || mode === 'markdown') return stripMarkdown(text);
  return text;
}

function decodeHtml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'amp') return '&';
    if (lower === 'quot') return '"';
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : entity;
  });
}

function stripMarkdown(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      out += text[++i];
    } else if (ch === ']' && text[i + 1] === '(') {
      // Skip the "(url)" part of a link; the "[" was already dropped.
      const close = text.indexOf(')', i + 2);
      i = close === -1 ? text.length : close;
    } else if ('*_~|`['.includes(ch)) {
      // Formatting marker: dropped.
    } else if (ch === '>' && (i === 0 || text[i - 1] === '\n')) {
      // Block quote marker at line start: dropped.
    } else {
      out += ch;
    }
  }
  return out;
}

const COMMAND_RE = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,64})?/;

/** The `bot_command` entity Telegram attaches to a text starting with "/cmd[@bot]". */
export function commandEntities(text: string): MessageEntity[] | undefined {
  const match = COMMAND_RE.exec(text);
  if (!match) return undefined;
  return [{ type: 'bot_command', offset: 0, length: match[0].length }];
}

// --- Bot API 9.4/9.5: date_time entities and button styles ---------------------

/** Telegram accepts a date_time entity's moment up to 1,098 days ahead of its own clock. */
export const DATE_TIME_MAX_AHEAD_SEC = 1098 * 86_400;
/** "r" alone, or optional weekday, then short or long date, then short or long time ("" = the text as written). */
const DATE_TIME_FORMAT = /^(?:r|w?[dD]?[tT]?)$/;
const BUTTON_STYLES: ReadonlySet<string> = new Set(['danger', 'success', 'primary']);

/** A rendered text and the entities Telegram would store for it, or the 400 it answers. */
export type Formatted = { ok: true; text: string; entities: MessageEntity[] } | { ok: false; description: string };

const cantParse = (why: string): Formatted => ({ ok: false, description: `Bad Request: can't parse entities: ${why}` });

function dateTimeError(unix: unknown, format: unknown, nowSec: number): string | null {
  if (typeof unix !== 'number' || !Number.isInteger(unix)) return 'date_time entity must have an integer unix_time';
  if (unix < 0 || unix > nowSec + DATE_TIME_MAX_AHEAD_SEC) return `date_time unix_time ${unix} is out of range`;
  if (format !== undefined && (typeof format !== 'string' || !DATE_TIME_FORMAT.test(format))) return `unsupported date_time format "${String(format)}"`;
  return null;
}

/**
 * Like `renderText`, plus the `date_time` entities (Bot API 9.5) as Telegram computes them:
 * from `<tg-time unix="…" format="…">…</tg-time>` in HTML, or validated from the explicit
 * `entities` (offsets and lengths in UTF-16 code units within the rendered text). Other
 * entities from markup are not computed; explicit ones are kept as given once in range.
 */
export function renderFormatted(text: string, parseMode: unknown, explicit: unknown, nowSec: number): Formatted {
  const html = typeof parseMode === 'string' && parseMode.toLowerCase() === 'html';
  if (explicit !== undefined && !html) {
    if (!Array.isArray(explicit)) return cantParse('entities must be an array');
    const rendered = renderText(text, parseMode);
    for (const e of explicit as Array<Record<string, unknown>>) {
      const { offset, length } = e;
      if (typeof offset !== 'number' || typeof length !== 'number' || !Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length <= 0) {
        return cantParse('entity offset and length must be integers, the length positive');
      }
      if (offset + length > rendered.length)
        return cantParse(`entity ${String(e.type)} at ${offset}+${length} is beyond the end of the text (${rendered.length} UTF-16 code units)`);
      if (e.type === 'date_time') {
        const why = dateTimeError(e.unix_time, e.date_time_format, nowSec);
        if (why) return cantParse(why);
      }
    }
    return { ok: true, text: rendered, entities: explicit as MessageEntity[] };
  }
  if (!html) return { ok: true, text: renderText(text, parseMode), entities: [] };

  const entities: MessageEntity[] = [];
  let out = '';
  let open: { unix: number; format: string | undefined; offset: number } | null = null;
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>/g;
  let last = 0;
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    out += decodeHtml(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2]!.toLowerCase() !== 'tg-time') continue;
    if (m[1] === '/') {
      if (!open) return cantParse(`unmatched end tag at byte offset ${m.index}, expected "</tg-time>"`);
      if (out.length > open.offset) {
        const entity = { type: 'date_time', offset: open.offset, length: out.length - open.offset, unix_time: open.unix } as MessageEntity.DateTimeMessageEntity;
        if (open.format !== undefined) entity.date_time_format = open.format as MessageEntity.DateTimeMessageEntity['date_time_format'];
        entities.push(entity);
      }
      open = null;
      continue;
    }
    if (open) return cantParse("tg-time entities can't be nested");
    const attrs = m[3] ?? '';
    const unixAttr = /\sunix="([^"]*)"/.exec(attrs)?.[1];
    const formatAttr = /\sformat="([^"]*)"/.exec(attrs)?.[1];
    if (unixAttr === undefined) return cantParse(`tag "tg-time" must have attribute "unix" at byte offset ${m.index}`);
    const unix = /^\d+$/.test(unixAttr) ? Number(unixAttr) : Number.NaN;
    const why = dateTimeError(Number.isNaN(unix) ? unixAttr : unix, formatAttr, nowSec);
    if (why) return cantParse(why);
    open = { unix, format: formatAttr, offset: out.length };
  }
  if (open) return cantParse('unclosed start tag "tg-time"');
  out += decodeHtml(text.slice(last));
  return { ok: true, text: out, entities };
}

/**
 * A Mini App's address as Telegram accepts it: HTTPS, or plain HTTP on this machine (Telegram's
 * test environment accepts HTTP links for Mini Apps; the sandbox's page is http://127.0.0.1).
 */
export function webAppUrlAllowed(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
}

/** The buttons of an inline keyboard (a reply_markup as sent: an object or its JSON text). */
function* inlineButtons(markup: unknown): Generator<Record<string, unknown>> {
  let value = markup;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return;
    }
  }
  const rows = (value as { inline_keyboard?: unknown } | null)?.inline_keyboard;
  if (!Array.isArray(rows)) return;
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    for (const button of row as Array<Record<string, unknown> | null>) if (button) yield button;
  }
}

/**
 * The 400 Telegram answers for web_app buttons it refuses, or null: only private chats may
 * carry them (a group's member would open the page as whom?), and only at an allowed address.
 */
export function webAppButtonError(markup: unknown, chatId: number | undefined): string | null {
  for (const button of inlineButtons(markup)) {
    if (!('web_app' in button)) continue;
    if (chatId !== undefined && chatId < 0) return 'Bad Request: BUTTON_TYPE_INVALID';
    const url = (button.web_app as { url?: unknown } | null)?.url;
    if (!webAppUrlAllowed(url)) return `Bad Request: inline keyboard button Web App URL '${String(url)}' is invalid: Only HTTPS links are allowed`;
  }
  return null;
}

/** The 400 Telegram answers for an inline keyboard button with a style it does not know, or null. */
export function buttonStyleError(markup: unknown): string | null {
  for (const button of inlineButtons(markup)) {
    if ('style' in button && (typeof button.style !== 'string' || !BUTTON_STYLES.has(button.style))) {
      return `Bad Request: invalid button style "${String(button.style)}"`;
    }
  }
  return null;
}
