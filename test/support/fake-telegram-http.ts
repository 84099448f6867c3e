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
