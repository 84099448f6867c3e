import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { id } from '../../locales/id';
import { EXAMPLES, examplesOf, fillPage, htmlToMarkdown, PAGES, PANDUAN_DIR, renderExample } from '../../src/cli/panduan';

// The user guides in docs/panduan/ show the bot's real messages: their examples are written by
// `npm run panduan` from locales/id.ts and the views. A page that differs from what the script
// would write has drifted from the catalogue.

const read = (name: string) => readFileSync(join(PANDUAN_DIR, name), 'utf8');

describe('docs/panduan', () => {
  it.each(PAGES)('%s matches the catalogue (run npm run panduan after changing a text it shows)', (name) => {
    const page = read(name);
    expect(examplesOf(page).length, `${name} shows no example`).toBeGreaterThan(0);
    expect(page).toBe(fillPage(page));
  });

  it('uses every example at least once, and only known ones', () => {
    const used = new Set(PAGES.flatMap((name) => examplesOf(read(name))));
    expect([...used].filter((n) => !(n in EXAMPLES))).toEqual([]);
    expect(Object.keys(EXAMPLES).filter((n) => !used.has(n))).toEqual([]);
  });

  it('notices a change in the catalogue', () => {
    const page = read('opd.md');
    const stale = page.replace(htmlToMarkdown(id.ackThanks), 'Konfirmasi dicatat.');
    expect(stale).not.toBe(page);
    expect(fillPage(stale)).toBe(page);
  });

  it('renders HTML as Markdown and keeps no tag', () => {
    expect(htmlToMarkdown('<b>ARH-1</b> <i>x</i> <code>/cek</code> <tg-time unix="1" format="wDt">Senin</tg-time> &lt;a&gt; &amp;')).toBe('**ARH-1** _x_ `/cek` Senin <a> &');
    for (const name of Object.keys(EXAMPLES)) expect(renderExample(name), name).not.toMatch(/<\/?(b|i|code|tg-time)\b/);
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(PANDUAN_DIR, '../../README.md'), 'utf8')).toContain('docs/panduan/');
  });
});
