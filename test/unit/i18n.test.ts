import { describe, it, expect } from 'vitest';
import { en } from '../../locales/en';
import { id } from '../../locales/id';
import { messagesFor, type Messages } from '../../src/infra/i18n';

type Entry = Messages[keyof Messages];
const call = (v: Entry, args: unknown[]) => (v as (...a: unknown[]) => string)(...args);

/** The HTML tags of a message, sorted, so translations can reorder words but not drop markup. */
function tags(s: string): string[] {
  return (s.match(/<\/?[a-z]+>/g) ?? []).sort();
}

/** The emoji markers people recognise at a glance (✅ 📝 ⏰ ⚠️ …), sorted. */
function markers(s: string): string[] {
  return (s.match(/[\u2190-\u2BFF\u{1F300}-\u{1FAFF}]/gu) ?? []).filter((c) => c !== '›' && c !== '‹').sort();
}

/** The formatters take numbers, not placeholders: render one fixed instant, duration and day. */
function renderFmt(f: Messages['fmt']): string {
  const at = Date.UTC(2026, 11, 4, 4, 40);
  return [f.dateTime(at, 'Asia/Jakarta'), f.shortDateTime(at, 'Asia/Makassar'), f.duration(2 * 3_600_000 + 5 * 60_000), f.weekday(5)].join('\n');
}

/** Renders any catalogue entry with placeholder arguments: strings work for every parameter. */
function render(v: Entry): string {
  if (v === id.fmt || v === en.fmt) return renderFmt(v as Messages['fmt']);
  if (typeof v === 'function')
    return call(
      v,
      Array.from({ length: v.length }, (_, i) => `P${i}`),
    );
  if (typeof v === 'object') return Object.values(v).join('\n');
  return v;
}

describe('messagesFor', () => {
  it('returns English for en', () => {
    const t = messagesFor('en');
    expect(t).toBe(en);
    expect(t.notRegistered).toBe('Sorry, you are not registered in Arahan yet. Please ask an admin for an invitation link.');
    expect(t.notAllowed('/rekap', 'Secretariat')).toBe('Sorry, /rekap is only for Secretariat.');
    expect(t.roleName.pimpinan).toBe('Leader (pimpinan)');
    expect(t.priorityName.segera).toBe('Urgent (segera)');
    expect(t.commands.rekap).toBe('recap per OPD for a period');
    expect(t.issued('ARH-2026-0042', 3)).toBe('Instruction <b>ARH-2026-0042</b> is being sent to 3 OPD groups.');
    expect(t.issued('ARH-2026-0042', 1)).toContain('to 1 OPD group.');
    expect(t.stAcked('Budi', '28/11 09.00', true)).toBe('✅ acknowledged by Budi, 28/11 09.00 (late)');
  });

  it('returns Indonesian for id, unknown languages and nothing', () => {
    for (const lang of ['id', 'xx', '', null, undefined, 'toString', '__proto__']) {
      const t = messagesFor(lang);
      expect(t).toBe(id);
      expect(t.notRegistered).toMatch(/^Mohon maaf, Bapak\/Ibu belum terdaftar/);
      expect(t.notAllowed('/rekap', 'Sekretariat')).toBe('Mohon maaf, perintah /rekap hanya untuk Sekretariat.');
    }
  });
});

describe('the English catalogue', () => {
  const keys = Object.keys(id) as (keyof Messages)[];

  it('has exactly the keys of the Indonesian one', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
  });

  it.each(keys)('%s has the same kind, arity and nested keys', (key) => {
    const a = id[key];
    const b = en[key];
    expect(typeof b).toBe(typeof a);
    if (typeof a === 'function') expect((b as (...x: unknown[]) => string).length).toBe(a.length);
    if (typeof a === 'object') expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  });

  it.each(keys)('%s keeps the HTML tags and emoji markers', (key) => {
    const a = render(id[key]);
    const b = render(en[key]);
    expect(b.trim().length > 0 || a.trim().length === 0).toBe(true);
    expect(tags(b)).toEqual(tags(a));
    expect(markers(b)).toEqual(markers(a));
  });

  it('keeps every placeholder of every function', () => {
    for (const key of keys) {
      const f = id[key];
      if (typeof f !== 'function') continue;
      const args = Array.from({ length: f.length }, (_, i) => `«P${i}»`);
      const want = args.filter((p) => call(f, args).includes(p));
      for (const p of want) expect(call(en[key], args), `${key} loses ${p}`).toContain(p);
    }
  });

  it('is actually translated', () => {
    // Entries that are the same in both languages by nature (numbers, codes, names).
    const same = new Set<string>([
      'opdLine',
      'belumLine',
      'statusLine',
      'summaryTitle',
      'recapOpd',
      'reportsOpd',
      'lateOpd',
      'searchLine',
      'pltList',
      'languageUsage',
      'personLine',
    ]);
    const untranslated = keys.filter((k) => !same.has(k) && render(en[k]) === render(id[k]));
    expect(untranslated).toEqual([]);
  });
});
