import { describe, it, expect } from 'vitest';
import { checkTimings, hasHeaders, MAX_INSTRUCTION_TEXT, parseInstructionForm, parsePriority, parseTargets } from '../../src/domain/instruction-form';

const LETTER = ['Kepada: semua', 'Konfirmasi: 2 jam', 'Selesai: Jumat 16.00', 'Sifat: segera', '', 'Mohon seluruh OPD menyiapkan laporan kesiapsiagaan bencana.'].join('\n');

describe('parseInstructionForm', () => {
  it('reads the four header lines and the text of a complete letter', () => {
    expect(parseInstructionForm(LETTER)).toEqual({
      kepada: 'semua',
      konfirmasi: '2 jam',
      selesai: 'Jumat 16.00',
      sifat: 'segera',
      text: 'Mohon seluruh OPD menyiapkan laporan kesiapsiagaan bencana.',
    });
  });

  it('accepts header keys in any case', () => {
    const f = parseInstructionForm('KEPADA: DINKES\nkonfirmasi: 1 jam\nSeLeSaI: besok 09.00\nSIFAT: penting\n\nIsi.');
    expect(f).toEqual({ kepada: 'DINKES', konfirmasi: '1 jam', selesai: 'besok 09.00', sifat: 'penting', text: 'Isi.' });
  });

  it('understands the synonyms Tujuan, Batas konfirmasi, Tindak lanjut and Prioritas', () => {
    const f = parseInstructionForm('Tujuan: klaster Ekonomi\nBatas konfirmasi: 30 menit\nTindak lanjut: 28/11 17.00\nPrioritas: penting\n\nTeks.');
    expect(f).toEqual({
      kepada: 'klaster Ekonomi',
      konfirmasi: '30 menit',
      selesai: '28/11 17.00',
      sifat: 'penting',
      text: 'Teks.',
    });
  });

  it('understands Tenggat konfirmasi, Batas waktu and Tenggat', () => {
    expect(parseInstructionForm('Tenggat konfirmasi: 2 jam\nBatas waktu: lusa\n\nA').konfirmasi).toBe('2 jam');
    expect(parseInstructionForm('Tenggat konfirmasi: 2 jam\nBatas waktu: lusa\n\nA').selesai).toBe('lusa');
    expect(parseInstructionForm('Tenggat: besok\n\nA').selesai).toBe('besok');
  });

  it('tolerates spaces around the colon and trims values', () => {
    const f = parseInstructionForm('Kepada :   DINKES, BPBD  \nSifat:segera\n\nTeks');
    expect(f.kepada).toBe('DINKES, BPBD');
    expect(f.sifat).toBe('segera');
    expect(f.text).toBe('Teks');
  });

  it('keeps blank lines and indentation inside the text, trimming only its ends', () => {
    const body = 'Kepada: semua\n\n\nParagraf satu.\n\n  - butir a\n  - butir b\n\nParagraf tiga.\n\n';
    expect(parseInstructionForm(body).text).toBe('Paragraf satu.\n\n  - butir a\n  - butir b\n\nParagraf tiga.');
  });

  it('starts the text at the first line that is not a header even without a blank line', () => {
    const f = parseInstructionForm('Kepada: BPBD\nSegera kirim tim ke lokasi.\nSifat: segera');
    expect(f.kepada).toBe('BPBD');
    expect(f.sifat).toBeUndefined();
    expect(f.text).toBe('Segera kirim tim ke lokasi.\nSifat: segera');
  });

  it('treats an unknown "Key: value" line as the start of the text', () => {
    const f = parseInstructionForm('Kepada: semua\nCatatan: rapat pukul 09.00\n\nLain.');
    expect(f.kepada).toBe('semua');
    expect(f.text).toBe('Catatan: rapat pukul 09.00\n\nLain.');
  });

  it('with no headers, the whole body is the text', () => {
    const body = 'Mohon laporan harian dikirim.\n\nTerima kasih.';
    const f = parseInstructionForm(body);
    expect(f).toEqual({ text: body });
    expect(hasHeaders(f)).toBe(false);
  });

  it('skips blank lines before the headers', () => {
    const f = parseInstructionForm('\n\nKepada: semua\n\nTeks');
    expect(f.kepada).toBe('semua');
    expect(f.text).toBe('Teks');
  });

  it('handles CRLF line endings like LF', () => {
    const crlf = `${LETTER.replace(/\n/g, '\r\n')}\r\n\r\nBaris kedua.`;
    const f = parseInstructionForm(crlf);
    expect(f.kepada).toBe('semua');
    expect(f.konfirmasi).toBe('2 jam');
    expect(f.selesai).toBe('Jumat 16.00');
    expect(f.sifat).toBe('segera');
    expect(f.text).toBe('Mohon seluruh OPD menyiapkan laporan kesiapsiagaan bencana.\n\nBaris kedua.');
    expect(f.text).not.toContain('\r');
  });

  it('gives an empty text when there are only headers', () => {
    const f = parseInstructionForm('Kepada: semua\nKonfirmasi: 2 jam');
    expect(f.text).toBe('');
    expect(hasHeaders(f)).toBe(true);
  });

  it('records an empty header value as empty string', () => {
    expect(parseInstructionForm('Sifat:\n\nTeks').sifat).toBe('');
  });

  it('lets a repeated header override the earlier one', () => {
    expect(parseInstructionForm('Kepada: DINKES\nKepada: BPBD\n\nT').kepada).toBe('BPBD');
  });
});

describe('hasHeaders', () => {
  it('is true as soon as any one header is present', () => {
    expect(hasHeaders({ text: 'x', kepada: 'semua' })).toBe(true);
    expect(hasHeaders({ text: 'x', konfirmasi: '2 jam' })).toBe(true);
    expect(hasHeaders({ text: 'x', selesai: 'besok' })).toBe(true);
    expect(hasHeaders({ text: 'x', sifat: 'segera' })).toBe(true);
    expect(hasHeaders({ text: 'x' })).toBe(false);
  });
});

describe('parseTargets', () => {
  it('reads "semua" (any case, also "semua OPD" and "all") as all OPDs', () => {
    expect(parseTargets('semua')).toEqual({ kind: 'all' });
    expect(parseTargets('  Semua ')).toEqual({ kind: 'all' });
    expect(parseTargets('SEMUA OPD')).toEqual({ kind: 'all' });
    expect(parseTargets('all')).toEqual({ kind: 'all' });
  });

  it('reads "klaster Ekonomi" as a cluster, keeping the name as written', () => {
    expect(parseTargets('klaster Ekonomi')).toEqual({ kind: 'cluster', name: 'Ekonomi' });
    expect(parseTargets('Klaster  Sosial Budaya ')).toEqual({ kind: 'cluster', name: 'Sosial Budaya' });
    expect(parseTargets('bidang Infrastruktur')).toEqual({ kind: 'cluster', name: 'Infrastruktur' });
  });

  it('reads a comma-separated list of codes', () => {
    expect(parseTargets('DINKES, BPBD')).toEqual({ kind: 'codes', codes: ['DINKES', 'BPBD'] });
  });

  it('upper-cases codes and accepts spaces and semicolons as separators', () => {
    expect(parseTargets('dinkes bpbd')).toEqual({ kind: 'codes', codes: ['DINKES', 'BPBD'] });
    expect(parseTargets('dinkes;bpbd ; dishub')).toEqual({ kind: 'codes', codes: ['DINKES', 'BPBD', 'DISHUB'] });
  });

  it('removes duplicates, keeping first-seen order', () => {
    expect(parseTargets('BPBD, dinkes, bpbd, DINKES')).toEqual({ kind: 'codes', codes: ['BPBD', 'DINKES'] });
  });

  it('accepts a single code and codes with digits, dots, dashes and underscores', () => {
    expect(parseTargets('bappeda')).toEqual({ kind: 'codes', codes: ['BAPPEDA'] });
    expect(parseTargets('DISPORA-2, RSUD_A, BPKAD.1')).toEqual({ kind: 'codes', codes: ['DISPORA-2', 'RSUD_A', 'BPKAD.1'] });
  });

  it('rejects a list containing an invalid code', () => {
    expect(parseTargets('DINKES, !!!')).toBeNull();
    expect(parseTargets('DINKES, X')).toBeNull(); // one letter is too short
    expect(parseTargets('Dinas Kesehatan (DINKES)')).toBeNull();
  });

  it('rejects empty or blank input', () => {
    expect(parseTargets('')).toBeNull();
    expect(parseTargets('   ')).toBeNull();
    expect(parseTargets(' , ; ')).toBeNull();
  });
});

describe('parsePriority', () => {
  it('defaults to biasa when Sifat is absent or blank', () => {
    expect(parsePriority(undefined)).toBe('biasa');
    expect(parsePriority('')).toBe('biasa');
    expect(parsePriority('   ')).toBe('biasa');
  });

  it('reads the three priorities in any case', () => {
    expect(parsePriority('biasa')).toBe('biasa');
    expect(parsePriority('Penting')).toBe('penting');
    expect(parsePriority(' SEGERA ')).toBe('segera');
  });

  it('maps "sangat segera" and "mendesak" to segera', () => {
    expect(parsePriority('sangat segera')).toBe('segera');
    expect(parsePriority('Sangat Segera')).toBe('segera');
    expect(parsePriority('mendesak')).toBe('segera');
  });

  it('rejects unknown priorities', () => {
    expect(parsePriority('kilat')).toBeNull();
    expect(parsePriority('rahasia')).toBeNull();
    expect(parsePriority('segera sekali')).toBeNull();
  });
});

describe('checkTimings', () => {
  const NOW = Date.UTC(2026, 10, 25, 3, 0);
  const H = 3_600_000;

  it('accepts deadlines ahead with the follow-up after the acknowledgement', () => {
    expect(checkTimings(NOW + 2 * H, NOW + 48 * H, NOW)).toBeNull();
  });

  it('accepts a follow-up due at the same instant as the acknowledgement', () => {
    expect(checkTimings(NOW + 2 * H, NOW + 2 * H, NOW)).toBeNull();
  });

  it('refuses an acknowledgement deadline in the past or exactly now', () => {
    expect(checkTimings(NOW - 2 * H, NOW + 48 * H, NOW)).toBe('ack_in_past');
    expect(checkTimings(NOW, NOW + 48 * H, NOW)).toBe('ack_in_past');
  });

  it('refuses a follow-up deadline in the past', () => {
    expect(checkTimings(NOW + 2 * H, NOW - 1, NOW)).toBe('due_in_past');
    expect(checkTimings(NOW + 2 * H, NOW, NOW)).toBe('due_in_past');
  });

  it('refuses a follow-up due before the acknowledgement', () => {
    expect(checkTimings(NOW + 5 * H, NOW + 2 * H, NOW)).toBe('due_before_ack');
  });

  it('reports the acknowledgement problem first when both lie in the past', () => {
    expect(checkTimings(NOW - H, NOW - 2 * H, NOW)).toBe('ack_in_past');
  });
});

describe('MAX_INSTRUCTION_TEXT', () => {
  it('is 3500 characters', () => {
    expect(MAX_INSTRUCTION_TEXT).toBe(3500);
  });
});
