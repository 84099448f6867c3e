import { describe, it, expect } from 'vitest';
import { formatInstructionNumber, normalizeInstructionNumber } from '../../src/domain/numbering';
import { escapeHtml, splitMessage, TELEGRAM_TEXT_LIMIT } from '../../src/domain/text';

describe('formatInstructionNumber', () => {
  it('pads the sequence to four digits', () => {
    expect(formatInstructionNumber(2026, 42)).toBe('ARH-2026-0042');
    expect(formatInstructionNumber(2026, 1)).toBe('ARH-2026-0001');
    expect(formatInstructionNumber(2027, 9999)).toBe('ARH-2027-9999');
  });

  it('keeps sequences of five or more digits whole', () => {
    expect(formatInstructionNumber(2026, 12345)).toBe('ARH-2026-12345');
    expect(formatInstructionNumber(2026, 10000)).toBe('ARH-2026-10000');
  });
});

describe('normalizeInstructionNumber', () => {
  const YEAR = 2026;

  it('accepts the canonical form unchanged', () => {
    expect(normalizeInstructionNumber('ARH-2026-0042', YEAR)).toBe('ARH-2026-0042');
  });

  it('accepts lower case and an unpadded sequence', () => {
    expect(normalizeInstructionNumber('arh-2026-42', YEAR)).toBe('ARH-2026-0042');
  });

  it('keeps the year written in a full number even if it is not the current year', () => {
    expect(normalizeInstructionNumber('ARH-2025-7', YEAR)).toBe('ARH-2025-0007');
  });

  it('reads a bare sequence as this year', () => {
    expect(normalizeInstructionNumber('42', YEAR)).toBe('ARH-2026-0042');
    expect(normalizeInstructionNumber('0042', YEAR)).toBe('ARH-2026-0042');
    expect(normalizeInstructionNumber('42', 2027)).toBe('ARH-2027-0042');
    expect(normalizeInstructionNumber('12345', YEAR)).toBe('ARH-2026-12345');
  });

  it('ignores surrounding whitespace', () => {
    expect(normalizeInstructionNumber('  arh-2026-0042 \n', YEAR)).toBe('ARH-2026-0042');
    expect(normalizeInstructionNumber(' 7 ', YEAR)).toBe('ARH-2026-0007');
  });

  it('rejects empty, non-numeric and zero input', () => {
    expect(normalizeInstructionNumber('', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('   ', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('ABC', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('0', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('0000', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('-5', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('4 2', YEAR)).toBeNull();
  });

  it('rejects sequence zero in the full form too', () => {
    expect(normalizeInstructionNumber('ARH-2026-0', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('ARH-2026-0000', YEAR)).toBeNull();
  });

  it('rejects a two-digit year and other malformed full numbers', () => {
    expect(normalizeInstructionNumber('ARH-26-1', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('ARH-2026-', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('ARH2026-0042', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('XYZ-2026-0042', YEAR)).toBeNull();
    expect(normalizeInstructionNumber('ARH-2026-1234567', YEAR)).toBeNull();
  });
});

describe('escapeHtml', () => {
  it('escapes &, < and >', () => {
    expect(escapeHtml('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeHtml('<b>DINKES</b>')).toBe('&lt;b&gt;DINKES&lt;/b&gt;');
  });

  it('escapes & first so existing entities are not left half-escaped', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves ordinary text, quotes and newlines alone', () => {
    expect(escapeHtml('Rapat "penting" jam 09.00\nJum\'at')).toBe('Rapat "penting" jam 09.00\nJum\'at');
    expect(escapeHtml('')).toBe('');
  });
});

describe('splitMessage', () => {
  it('uses the Telegram limit of 4096 by default', () => {
    expect(TELEGRAM_TEXT_LIMIT).toBe(4096);
    const exact = 'x'.repeat(4096);
    expect(splitMessage(exact)).toEqual([exact]);
    expect(splitMessage(`${exact}y`)).toHaveLength(2);
  });

  it('returns text at or under the limit unchanged as one part', () => {
    expect(splitMessage('halo\ndunia', 20)).toEqual(['halo\ndunia']);
    expect(splitMessage('a'.repeat(20), 20)).toEqual(['a'.repeat(20)]);
    expect(splitMessage('', 20)).toEqual(['']);
  });

  it('splits at line breaks, filling each part as far as possible', () => {
    // 4 lines of 9 chars; two lines joined are 19 chars, three are 29.
    const lines = ['AAAAAAAAA', 'BBBBBBBBB', 'CCCCCCCCC', 'DDDDDDDDD'];
    expect(splitMessage(lines.join('\n'), 20)).toEqual(['AAAAAAAAA\nBBBBBBBBB', 'CCCCCCCCC\nDDDDDDDDD']);
  });

  it('never cuts a line that fits', () => {
    const parts = splitMessage('12345\n1234567890\n123', 12);
    expect(parts).toEqual(['12345', '1234567890', '123']);
  });

  it('keeps every part within the limit and the lines intact for line-based input', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i + 1}. DINKES-${i} belum konfirmasi ${'•'.repeat(i % 37)}`);
    const text = lines.join('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    for (const limit of [80, 100, 257, 1000, 4096]) {
      const parts = splitMessage(text, limit);
      expect(parts.length).toBeGreaterThan(1);
      for (const p of parts) {
        expect(p.length).toBeGreaterThan(0);
        expect(p.length).toBeLessThanOrEqual(limit);
      }
      expect(parts.join('\n')).toBe(text);
      // Every part starts at the beginning of a line.
      for (const p of parts) expect(lines).toContain(p.split('\n')[0]);
    }
  });

  it('chunks a single over-long line into pieces of at most the limit', () => {
    const line = 'x'.repeat(25);
    const parts = splitMessage(line, 10);
    expect(parts).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(parts.join('')).toBe(line);
  });

  it('chunks an over-long line between normal lines without losing any text', () => {
    const text = `awal\n${'y'.repeat(23)}\nakhir`;
    const parts = splitMessage(text, 10);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(10);
    expect(parts).toEqual(['awal', 'yyyyyyyyyy', 'yyyyyyyyyy', 'yyy\nakhir']);
    expect(parts.join('').replace(/\n/g, '')).toBe(text.replace(/\n/g, ''));
  });
});
