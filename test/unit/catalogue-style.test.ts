import { describe, it, expect } from 'vitest';
import { en } from '../../locales/en';
import { id } from '../../locales/id';
import type { Messages } from '../../src/infra/i18n';

// The mechanical rules of locales/STYLE.md, over every entry of both catalogues. The rules that
// need judgement (one idea per line, what to bold, the order of a message) are for review.

/** Every leaf of a catalogue as [key path, rendered text]; functions get sample arguments. */
function entries(cat: Messages): [string, string][] {
  const out: [string, string][] = [];
  const at = Date.UTC(2026, 11, 4, 4, 40);
  const f = cat.fmt;
  out.push(['fmt.dateTime', f.dateTime(at, 'Asia/Jakarta')]);
  out.push(['fmt.shortDateTime', f.shortDateTime(at, 'Asia/Makassar')]);
  out.push(['fmt.duration', f.duration(2 * 3_600_000 + 5 * 60_000)]);
  out.push(['fmt.weekday', f.weekday(5)]);
  out.push(['fmt.period', f.period(Date.UTC(2026, 10, 1) - 7 * 3_600_000, Date.UTC(2026, 11, 1) - 7 * 3_600_000, 'Asia/Jakarta')]);
  const walk = (path: string, v: unknown) => {
    if (typeof v === 'string') out.push([path, v]);
    else if (typeof v === 'function') {
      const fn = v as (...a: unknown[]) => unknown;
      // Strings work for every parameter (as in i18n.test.ts); render both branches of a count.
      for (const n of ['P', '1', '2']) {
        const r = fn(...Array.from({ length: fn.length }, (_, i) => (n === 'P' ? `P${i}` : n)));
        if (typeof r === 'string') out.push([path, r]);
      }
    } else if (v && typeof v === 'object') for (const [k, w] of Object.entries(v)) walk(`${path}.${k}`, w);
  };
  for (const [k, v] of Object.entries(cat)) if (k !== 'fmt') walk(k, v);
  return out;
}

const ID = entries(id);
const EN = entries(en);
const offenders = (list: [string, string][], bad: (s: string) => boolean) => [...new Set(list.filter(([, s]) => bad(s)).map(([k]) => k))];

/**
 * The only entries that may thank the reader: where the reader did something for someone else
 * (acknowledged, reported, answered the roll-call, asked to join). Keep it short; a new entry
 * here needs a reason that STYLE.md's rule accepts.
 */
const MAY_THANK = new Set(['ackThanks', 'reportSent', 'obsSent', 'reviewAcceptedGroup', 'apel.thanks', 'apel.thanksLate']);

describe('the catalogue style (locales/STYLE.md)', () => {
  it('finds every entry', () => {
    expect(ID.length).toBeGreaterThan(300);
    expect(new Set(EN.map(([k]) => k))).toEqual(new Set(ID.map(([k]) => k)));
  });

  it('never says "Anda" in Indonesian: the reader is Bapak/Ibu', () => {
    expect(offenders(ID, (s) => /\b[Aa]nda\b/.test(s))).toEqual([]);
  });

  it('never mixes "Anda" and "Bapak/Ibu" in one message', () => {
    expect(offenders(ID, (s) => /\b[Aa]nda\b/.test(s) && /Bapak\/Ibu/.test(s))).toEqual([]);
  });

  it('keeps "Bapak/Ibu" out of English', () => {
    expect(offenders(EN, (s) => /Bapak|Ibu\b/.test(s))).toEqual([]);
  });

  it('quotes with “…”, never «…» or straight double quotes', () => {
    expect(offenders(ID, (s) => /[«»]/.test(s))).toEqual([]);
    expect(offenders(EN, (s) => /[«»]/.test(s))).toEqual([]);
    // Attribute values (<a href="…">) are HTML, not quotes.
    const straight = (s: string) => /"/.test(s.replace(/<[^>]*>/g, ''));
    expect(offenders(ID, straight)).toEqual([]);
    expect(offenders(EN, straight)).toEqual([]);
  });

  it('thanks only where the reader did something for someone else', () => {
    expect(offenders(ID, (s) => /terima kasih/i.test(s)).filter((k) => !MAY_THANK.has(k))).toEqual([]);
    expect(offenders(EN, (s) => /thank you|thanks/i.test(s)).filter((k) => !MAY_THANK.has(k))).toEqual([]);
  });

  it('keeps the allow-list honest: every key on it exists and still thanks', () => {
    const thanking = new Set(offenders(ID, (s) => /terima kasih/i.test(s)));
    for (const k of MAY_THANK) expect(thanking.has(k), k).toBe(true);
  });

  it('uses only the HTML Telegram accepts, with every tag closed', () => {
    for (const [k, s] of [...ID, ...EN]) {
      const open: string[] = [];
      for (const m of s.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
        const [, close, tag] = m;
        expect(['b', 'i', 'u', 's', 'code', 'pre', 'a', 'blockquote', 'tg-spoiler'], `${k}: <${tag}>`).toContain(tag);
        if (!close) open.push(tag!);
        else expect(open.pop(), `${k}: </${tag}>`).toBe(tag);
      }
      expect(open, `${k}: unclosed`).toEqual([]);
    }
  });

  it('writes times with a dot in Indonesian (10.00) and a colon in English (10:00)', () => {
    expect(offenders(ID, (s) => /\b\d{1,2}:\d{2}\b/.test(s))).toEqual([]);
    expect(
      offenders(
        EN.filter(([k]) => k.startsWith('fmt.')),
        (s) => /\b\d{2}\.\d{2}\b/.test(s),
      ),
    ).toEqual([]);
  });

  it('has no doubled spaces and no space before punctuation', () => {
    // Indenting a continuation line ("\n  text") is layout, not a doubled space.
    const sloppy = (s: string) => /\S {2}| [.,;:!?](?!\w)/.test(s.replace(/<(pre|code)>[\s\S]*?<\/\1>/g, 'CODE'));
    expect(offenders(ID, sloppy)).toEqual([]);
    expect(offenders(EN, sloppy)).toEqual([]);
  });
});
