import { describe, expect, it } from 'vitest';
import { cleanName, cleanNameOf, NAME_LIMITS, shorten, telegramFullName } from '../../src/domain/names';
import { escapeHtml, fitAround, fitHtml, fitPlain, splitMessage, tokenizeHtml, visibleLength } from '../../src/domain/text';
import { fitPayload } from '../../src/infra/telegram/fit';
import { defaultMessages } from '../../src/infra/i18n';

const MARK = defaultMessages.truncated;

/** Every tag closed in the order opened: what Telegram's HTML parser demands. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const tok of tokenizeHtml(html)) {
    if (tok.kind === 'open') stack.push(tok.name);
    else if (tok.kind === 'close' && stack.pop() !== tok.name) return false;
  }
  return stack.length === 0;
}

/** No "&" that does not start a whole entity, no "<" that does not start a whole tag. */
function entitiesIntact(html: string): boolean {
  return !/&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)/i.test(html) && !/<(?![a-z/][^<>]*>)/i.test(html);
}

/** No lone surrogate: nothing was cut inside a character. */
function wholeCharacters(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

describe('cleanName', () => {
  it('removes NUL, ESC and the other C0/C1 controls, keeping the letters around them', () => {
    expect(cleanName('Dinas\u0000 Kese\u001bhatan\u007f\u0085', 120)).toEqual({ value: 'Dinas Kesehatan', shortened: false });
    expect(cleanName('\u001b[31mMerah\u001b[0m', 120).value).toBe('[31mMerah[0m');
  });

  it('turns tabs and line breaks into single spaces and trims', () => {
    expect(cleanName('  Dinas\t\tPekerjaan\r\nUmum \u2028 ', 120).value).toBe('Dinas Pekerjaan Umum');
    expect(cleanName('Badan\u00a0\u3000Pendapatan', 120).value).toBe('Badan Pendapatan');
  });

  it('removes bidi overrides, zero-width characters, the BOM and Hangul fillers that could spoof a name', () => {
    expect(cleanName('\u202eadmin\u202c', 120).value).toBe('admin');
    expect(cleanName('Bu\u200bdi\u200c \u2066Santoso\u2069\ufeff', 120).value).toBe('Budi Santoso');
    expect(cleanName('\u3164\u115f\u200d', 120).value).toBe('');
  });

  it('keeps emoji sequences joined by a zero-width joiner, and ordinary accents', () => {
    expect(cleanName('Tim 👨\u200d👩\u200d👧 Posko', 120).value).toBe('Tim 👨\u200d👩\u200d👧 Posko');
    expect(cleanName('Dinas Pariwisata Bali — Café Ñ', 120).value).toBe('Dinas Pariwisata Bali — Café Ñ');
  });

  it('bounds runs of stacked combining marks', () => {
    expect(cleanName(`q${'\u0301'.repeat(30)}algo`, 120).value).toBe(`q${'\u0301'.repeat(4)}algo`);
  });

  it('is empty for a name with nothing readable left', () => {
    expect(cleanName('\u0000\u001b\u200b \t', 120)).toEqual({ value: '', shortened: false });
    expect(cleanNameOf('opd', '').value).toBe('');
  });

  it('cuts a long name to its limit, ending in an ellipsis, and says so', () => {
    const r = cleanNameOf('opd', 'Dinas '.repeat(1000));
    expect(r.shortened).toBe(true);
    expect(r.value.length).toBeLessThanOrEqual(NAME_LIMITS.opd);
    expect(r.value.endsWith('…')).toBe(true);
    const ten = cleanName('x'.repeat(10_000_000), 64);
    expect(ten.value).toHaveLength(64);
  });

  it('never cuts inside a character', () => {
    const r = cleanName('😀'.repeat(100), 9);
    expect(r.value).toBe('😀😀😀😀…');
    expect(wholeCharacters(r.value)).toBe(true);
  });

  it('reads a Telegram user as first and last name, bounded as a person', () => {
    expect(telegramFullName({ first_name: 'Budi\u0000', last_name: ' Santoso ' }).value).toBe('Budi Santoso');
    expect(telegramFullName({ first_name: 'Budi' }).value).toBe('Budi');
    expect(telegramFullName({ first_name: 'a'.repeat(64), last_name: 'b'.repeat(64) }).value.length).toBeLessThanOrEqual(NAME_LIMITS.person);
    expect(telegramFullName({ first_name: '\u200b' }).value).toBe('');
  });

  it('shorten leaves what fits alone', () => {
    expect(shorten('Dinas Kesehatan', 120)).toBe('Dinas Kesehatan');
    expect(shorten('abcdef', 4)).toBe('abc…');
  });
});

describe('visibleLength', () => {
  it('counts the text Telegram shows: tags dropped, an entity one character', () => {
    expect(visibleLength('<b>Dinas</b> &amp; <a href="https://x.test/a?b=c&amp;d">Badan</a>')).toBe(13);
    expect(visibleLength('&#128512;&#x1F600;&lt;')).toBe(5);
    expect(visibleLength('')).toBe(0);
  });
});

describe('fitHtml', () => {
  const sample = `<b>ARAHAN ARH-2026-0042</b> — Sifat: <i>Segera</i>\n${'<b>kata</b> &amp; <i>kata &lt;lain&gt;</i> 😀 '.repeat(300)}\n<code>akhir</code>`;

  it('leaves HTML that fits unchanged', () => {
    expect(fitHtml('<b>a</b> &amp; b', 5, MARK)).toBe('<b>a</b> &amp; b');
    expect(fitHtml(sample, visibleLength(sample), MARK)).toBe(sample);
  });

  it('fits any limit: tags balanced, entities and characters intact, the marker at the end', () => {
    for (const limit of [20, 21, 22, 23, 50, 99, 100, 101, 257, 1024, 4096]) {
      const out = fitHtml(sample, limit, MARK);
      expect(visibleLength(out), `limit ${limit}`).toBeLessThanOrEqual(limit);
      expect(balanced(out), out).toBe(true);
      expect(entitiesIntact(out), out).toBe(true);
      expect(wholeCharacters(out)).toBe(true);
      expect(out.endsWith(MARK)).toBe(true);
      // Nothing is made up: what is kept is the start of the original text.
      const kept = out.slice(0, -MARK.length).replace(/<[^>]*>/g, '');
      expect(sample.replace(/<[^>]*>/g, '').startsWith(kept)).toBe(true);
    }
  });

  it('never cuts an entity in half, however long the run of entities', () => {
    const escaped = escapeHtml('<&>'.repeat(2000));
    for (const limit of [10, 11, 12, 1023, 1024]) {
      const out = fitHtml(`<b>${escaped}</b>`, limit, '…');
      expect(visibleLength(out)).toBeLessThanOrEqual(limit);
      expect(entitiesIntact(out)).toBe(true);
      expect(balanced(out)).toBe(true);
    }
  });

  it('cuts between words when a word boundary is near', () => {
    expect(fitHtml('satu dua tiga empat lima', 16, '…')).toBe('satu dua tiga…');
  });

  it('drops a tag opened just before the cut instead of leaving it empty', () => {
    expect(fitHtml('abc def <a href="x">link text here</a>', 9, '…')).toBe('abc def…');
    expect(fitHtml('<b>abc def</b> <i>ghi jkl mno</i>', 9, '…')).toBe('<b>abc def</b>…');
  });

  it('closes nested tags innermost first', () => {
    // A word longer than the back-off is cut inside.
    expect(fitHtml(`<b>tebal <i>${'x'.repeat(80)}</i></b>`, 50, '…')).toBe(`<b>tebal <i>${'x'.repeat(43)}</i></b>…`);
    // Cut back to the space before the long word: the inner tag still has text, so it stays.
    expect(fitHtml(`<b>tebal <i>miring ${'x'.repeat(50)}</i></b>`, 20, '…')).toBe('<b>tebal <i>miring</i></b>…');
  });

  it('gives up the marker only when the limit is smaller than it', () => {
    const out = fitHtml('abcdefghij', 3, MARK);
    expect(out).toBe('abc');
  });
});

describe('fitAround', () => {
  it('shortens the long part first so that what surrounds it stays whole', () => {
    const render = (body: string) => `<b>ARAHAN 1</b>\nDari: Gubernur\n\n${body}\n\n✅ Diterima oleh Budi`;
    const out = fitAround(render, escapeHtml('teks & arahan '.repeat(500)), 4096, MARK);
    expect(visibleLength(out)).toBeLessThanOrEqual(4096);
    expect(visibleLength(out)).toBeGreaterThan(4000);
    expect(out.startsWith('<b>ARAHAN 1</b>\nDari: Gubernur\n\n')).toBe(true);
    expect(out.endsWith('\n\n✅ Diterima oleh Budi')).toBe(true);
    expect(out).toContain('(terpotong)');
    expect(entitiesIntact(out)).toBe(true);
  });

  it('changes nothing when the whole fits', () => {
    expect(fitAround((b) => `<b>x</b> ${b}`, 'pendek', 100, MARK)).toBe('<b>x</b> pendek');
  });
});

describe('fitPlain', () => {
  it('cuts at a character boundary and ends in the marker', () => {
    expect(fitPlain('😀'.repeat(10), 7)).toBe('😀😀😀…');
    expect(fitPlain('pendek', 200)).toBe('pendek');
    expect(fitPlain('x'.repeat(500), 200)).toHaveLength(200);
  });
});

describe('splitMessage on long lines of HTML', () => {
  it('never cuts a tag or an entity, and each part is well-formed on its own', () => {
    const line = `<b>${escapeHtml('<&>'.repeat(3000))}</b> <i>${'kata '.repeat(2000)}</i>`;
    const parts = splitMessage(`judul\n${line}\npenutup`, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(balanced(p), p.slice(0, 80)).toBe(true);
      expect(entitiesIntact(p)).toBe(true);
    }
    // Nothing lost: the visible text is the same once the parts are put back together.
    const visible = (s: string) => s.replace(/<[^>]*>/g, '').replace(/\n/g, '');
    expect(visible(parts.join(''))).toBe(visible(`judul\n${line}\npenutup`));
  });
});

describe('fitPayload (the last guard before Telegram)', () => {
  it('cuts a text over 4,096, a caption over 1,024 and an alert over 200; leaves what fits as it is', () => {
    const long = `<b>${'a'.repeat(5000)}</b>`;
    const msg = fitPayload('editMessageText', { chat_id: 1, message_id: 2, text: long, parse_mode: 'HTML' });
    expect(visibleLength(String(msg.text))).toBeLessThanOrEqual(4096);
    expect(balanced(String(msg.text))).toBe(true);
    const cap = fitPayload('sendPhoto', { chat_id: 1, photo: 'x', caption: long, parse_mode: 'HTML' });
    expect(visibleLength(String(cap.caption))).toBeLessThanOrEqual(1024);
    const alert = fitPayload('answerCallbackQuery', { callback_query_id: '1', text: 'x'.repeat(500), show_alert: true });
    expect(String(alert.text)).toHaveLength(200);
    const plain = fitPayload('sendMessage', { chat_id: 1, text: '<'.repeat(5000) });
    expect(String(plain.text)).toHaveLength(4096);
    const fine = { chat_id: 1, text: '<b>halo</b>', parse_mode: 'HTML' };
    expect(fitPayload('sendMessage', fine)).toBe(fine);
    const other = { chat_id: 1, commands: [] };
    expect(fitPayload('setMyCommands', other)).toBe(other);
  });
});
