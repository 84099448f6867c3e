/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Telegram's limits, in characters after entity parsing (UTF-16 code units, as Telegram counts). */
export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;
/** The text of a button's notification or alert (answerCallbackQuery). */
export const TELEGRAM_ALERT_LIMIT = 200;

/** An HTML message as plain text (for a button's alert, which Telegram shows unformatted): tags dropped, entities undone. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Splits a long answer into messages under Telegram's limit, at line breaks where
 * possible (never inside an HTML tag's line), so every part stays well-formed.
 */
export function splitMessage(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const pieces = line.length > limit ? chunk(line, limit) : [line];
    for (const piece of pieces) {
      const candidate = current === '' ? piece : `${current}\n${piece}`;
      if (candidate.length > limit) {
        if (current !== '') parts.push(current);
        current = piece;
      } else {
        current = candidate;
      }
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

/**
 * A line longer than `size` in pieces of at most `size`, never inside a tag, an entity or a
 * character; a tag open at a cut is closed at the end of its piece and opened again at the
 * start of the next, so each piece is well-formed HTML on its own.
 */
function chunk(s: string, size: number): string[] {
  const out: string[] = [];
  let open: OpenTag[] = [];
  let piece = '';
  for (const tok of tokenizeHtml(s)) {
    const next = track(open, tok);
    const fits = () => piece.length + tok.raw.length + closeTags(next).length <= size;
    if (!fits() && piece !== reopen(open)) {
      out.push(piece + closeTags(open));
      piece = reopen(open);
    }
    if (!fits() && tok.kind === 'text') {
      // Only when the tags open at this point leave no room (never in practice): cut as it is.
      out.push(piece + tok.raw);
      piece = '';
      open = [];
      continue;
    }
    piece += tok.raw;
    open = next;
  }
  if (piece !== '' && piece !== reopen(open)) out.push(piece + closeTags(open));
  return out;
}

// ---------------------------------------------------------------- fitting to Telegram's limits

/** One piece of Telegram HTML: a tag (no width), an entity or one character (its width once shown). */
type HtmlToken = { kind: 'open' | 'close'; name: string; raw: string } | { kind: 'text'; raw: string; width: number };
interface OpenTag {
  name: string;
  raw: string;
}

const TAG = /^<(\/?)([a-zA-Z][\w-]*)(?:\s[^<>]*)?>/;
const ENTITY = /^&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/;

/** Splits HTML as Telegram reads it: tags, entities and characters (a surrogate pair is one). */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '<') {
      const m = TAG.exec(html.slice(i, i + 1024));
      if (m) {
        tokens.push({ kind: m[1] ? 'close' : 'open', name: m[2]!.toLowerCase(), raw: m[0] });
        i += m[0].length;
        continue;
      }
    } else if (c === '&') {
      const m = ENTITY.exec(html.slice(i, i + 40));
      if (m) {
        tokens.push({ kind: 'text', raw: m[0], width: entityWidth(m[1]!) });
        i += m[0].length;
        continue;
      }
    }
    const code = html.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < html.length && html.charCodeAt(i + 1) >= 0xdc00 && html.charCodeAt(i + 1) <= 0xdfff;
    const raw = pair ? html.slice(i, i + 2) : c;
    tokens.push({ kind: 'text', raw, width: raw.length });
    i += raw.length;
  }
  return tokens;
}

function entityWidth(name: string): number {
  if (name[0] !== '#') return 1;
  const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  return code > 0xffff ? 2 : 1;
}

function track(open: OpenTag[], tok: HtmlToken): OpenTag[] {
  if (tok.kind === 'open') return [...open, { name: tok.name, raw: tok.raw }];
  if (tok.kind === 'close') {
    const at = open.map((t) => t.name).lastIndexOf(tok.name);
    return at === -1 ? open : open.slice(0, at);
  }
  return open;
}

function closeTags(open: OpenTag[]): string {
  return open
    .map((t) => `</${t.name}>`)
    .reverse()
    .join('');
}

function reopen(open: OpenTag[]): string {
  return open.map((t) => t.raw).join('');
}

/** How long Telegram finds an HTML message: its text once tags are dropped and entities read. */
export function visibleLength(html: string): number {
  let n = 0;
  for (const tok of tokenizeHtml(html)) if (tok.kind === 'text') n += tok.width;
  return n;
}

/** How far back a cut may move to fall between two words instead of inside one. */
const WORD_BACKOFF = 30;

/**
 * HTML cut so that Telegram finds it at most `limit` characters long, for a message that
 * cannot be split (one that is edited in place, a caption, a message with buttons): unchanged
 * when it fits; otherwise cut between words where possible, never inside a tag, an entity or a
 * character, every tag still open closed (one opened just before the cut is dropped instead),
 * and `marker` (HTML, e.g. "… (terpotong)" from the catalogue) appended.
 */
export function fitHtml(html: string, limit: number, marker: string): string {
  // Shown text is never longer than its HTML (tags show nothing, an entity shows at most two
  // units): almost every message is short, and this runs on every send (the fit transformer).
  if (html.length <= limit) return html;
  const tokens = tokenizeHtml(html);
  let total = 0;
  for (const tok of tokens) if (tok.kind === 'text') total += tok.width;
  if (total <= limit) return html;
  const markerWidth = visibleLength(marker);
  const end = markerWidth <= limit ? marker : '';
  const budget = limit - (end === '' ? 0 : markerWidth);

  let out = '';
  let used = 0;
  let open: OpenTag[] = [];
  let atBreak: { length: number; used: number; open: OpenTag[] } | null = null;
  for (const tok of tokens) {
    if (tok.kind === 'text') {
      const space = /^\s$/.test(tok.raw);
      if (space) atBreak = { length: out.length, used, open };
      if (used + tok.width > budget) break;
      used += tok.width;
    }
    out += tok.raw;
    open = track(open, tok);
  }
  if (atBreak && used - atBreak.used <= WORD_BACKOFF) {
    out = out.slice(0, atBreak.length);
    open = atBreak.open;
  }
  // Close what is open, innermost first; a tag with nothing shown inside it goes.
  for (const tag of [...open].reverse()) {
    if (out.endsWith(tag.raw)) out = out.slice(0, -tag.raw.length);
    else out += `</${tag.name}>`;
    out = trimEndOutsideTags(out);
  }
  return `${trimEndOutsideTags(out)}${end}`;
}

/** Trailing whitespace of the text dropped (a tag at the end is kept). */
function trimEndOutsideTags(html: string): string {
  return html.replace(/\s+$/, '');
}

/**
 * Plain text cut to at most `limit` characters (UTF-16 code units), ending in `marker` when
 * cut, never inside a character (a surrogate pair, an emoji sequence, a letter and its accents).
 */
export function fitPlain(text: string, limit: number, marker = '…'): string {
  if (text.length <= limit) return text;
  const end = marker.length <= limit ? marker : '';
  let out = '';
  // Only the start is read: segmenting a very long text whole is slow, and what lies past the
  // limit cannot change where a character before it ends.
  for (const { segment } of graphemes(text.slice(0, limit + 64))) {
    if (out.length + segment.length > limit - end.length) break;
    out += segment;
  }
  return `${out.trimEnd()}${end}`;
}

let segmenter: Intl.Segmenter | undefined;

/** The user-perceived characters of `text`. */
export function graphemes(text: string): Iterable<{ segment: string }> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}

/**
 * A message built around one long part (an instruction's or a report's text): when the whole
 * is longer than `limit`, that part is shortened first (with `marker`) so that what surrounds
 * it (who sent it, who acknowledged, the deadlines) stays whole; if the rest alone is too
 * long, the whole is cut as a last resort.
 */
export function fitAround(render: (part: string) => string, partHtml: string, limit: number, marker: string): string {
  const whole = render(partHtml);
  const over = visibleLength(whole) - limit;
  if (over <= 0) return whole;
  const part = fitHtml(partHtml, Math.max(0, visibleLength(partHtml) - over), marker);
  return fitHtml(render(part), limit, marker);
}
