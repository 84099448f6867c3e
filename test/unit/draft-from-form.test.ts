import { describe, it, expect } from 'vitest';
import type { InstructionForm } from '../../src/domain/instruction-form';
import { parseInstructionForm } from '../../src/domain/instruction-form';
import { id } from '../../locales/id';
import { checkText, draftFromForm, type DraftProblem } from '../../src/features/issue/issue';
import { renderDeadlineError } from '../../src/features/issue/deadline.view';

const JKT = 'Asia/Jakarta';
const MKS = 'Asia/Makassar';
const H = 3_600_000;

/** Rabu, 25 November 2026 10.00 WIB. */
const NOW = Date.UTC(2026, 10, 25, 3, 0);

const TEXT = 'Mohon seluruh OPD melaporkan kesiapan posko banjir.';

function form(overrides: Partial<InstructionForm> = {}): InstructionForm {
  return { kepada: 'semua', konfirmasi: '2 jam', selesai: 'Jumat 16.00', sifat: 'segera', text: TEXT, ...overrides };
}

function problem(f: InstructionForm, tz = JKT, now = NOW): DraftProblem {
  const r = draftFromForm(f, now, tz);
  if (r.ok) throw new Error(`expected a problem, got a draft: ${JSON.stringify(r.draft)}`);
  return r.problem;
}

describe('the fixed clock', () => {
  it('is Rabu 25 November 2026 10.00 WIB', () => {
    expect(id.fmt.dateTime(NOW, JKT)).toBe('Rabu, 25 November 2026 pukul 10.00 WIB');
  });
});

describe('draftFromForm with a complete valid form', () => {
  it('gives the target, instants, priority and text', () => {
    const r = draftFromForm(form(), NOW, JKT);
    expect(r).toEqual({
      ok: true,
      draft: {
        text: TEXT,
        target: { kind: 'all' },
        ackDeadline: NOW + 2 * H,
        dueAt: Date.UTC(2026, 10, 27, 9, 0),
        priority: 'segera',
      },
    });
  });

  it('puts "Selesai: Jumat 16.00" at Jumat 27 November 2026 16.00 WIB', () => {
    const r = draftFromForm(form(), NOW, JKT);
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    expect(new Date(r.draft.dueAt).toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(id.fmt.dateTime(r.draft.dueAt, JKT)).toBe('Jumat, 27 November 2026 pukul 16.00 WIB');
    expect(new Date(r.draft.ackDeadline).toISOString()).toBe('2026-11-25T05:00:00.000Z');
  });

  it('works straight from the letter text', () => {
    const f = parseInstructionForm(`Kepada: DINKES, bpbd\nKonfirmasi: 2 jam\nSelesai: Jumat 16.00\nSifat: segera\n\n${TEXT}`);
    const r = draftFromForm(f, NOW, JKT);
    expect(r).toEqual({
      ok: true,
      draft: {
        text: TEXT,
        target: { kind: 'codes', codes: ['DINKES', 'BPBD'] },
        ackDeadline: NOW + 2 * H,
        dueAt: Date.UTC(2026, 10, 27, 9, 0),
        priority: 'segera',
      },
    });
  });

  it('defaults the priority to biasa when Sifat is missing', () => {
    const r = draftFromForm(form({ sifat: undefined }), NOW, JKT);
    expect(r.ok && r.draft.priority).toBe('biasa');
  });

  it('maps "sangat segera" to segera', () => {
    const r = draftFromForm(form({ sifat: 'sangat segera' }), NOW, JKT);
    expect(r.ok && r.draft.priority).toBe('segera');
  });

  it('reads a cluster target', () => {
    const r = draftFromForm(form({ kepada: 'klaster Ekonomi' }), NOW, JKT);
    expect(r.ok && r.draft.target).toEqual({ kind: 'cluster', name: 'Ekonomi' });
  });

  it('trims the text', () => {
    const r = draftFromForm(form({ text: `\n  ${TEXT}  \n` }), NOW, JKT);
    expect(r.ok && r.draft.text).toBe(TEXT);
  });

  it('accepts a follow-up due at the same instant as the acknowledgement', () => {
    const r = draftFromForm(form({ konfirmasi: 'besok 09.00', selesai: 'besok 09.00' }), NOW, JKT);
    expect(r.ok).toBe(true);
  });
});

describe('draftFromForm problems', () => {
  it('empty text', () => {
    expect(problem(form({ text: '' }))).toEqual({ error: 'text_empty' });
    expect(problem(form({ text: ' \n\t ' }))).toEqual({ error: 'text_empty' });
  });

  it('text over 3500 characters', () => {
    expect(problem(form({ text: 'a'.repeat(3501) }))).toEqual({ error: 'text_too_long', max: 3500, got: 3501 });
  });

  it('text of exactly 3500 characters is fine', () => {
    expect(draftFromForm(form({ text: 'a'.repeat(3500) }), NOW, JKT).ok).toBe(true);
  });

  it('missing Kepada', () => {
    expect(problem(form({ kepada: undefined }))).toEqual({ error: 'targets_missing' });
    expect(problem(form({ kepada: '' }))).toEqual({ error: 'targets_missing' });
  });

  it('bad Kepada, quoting what was written', () => {
    expect(problem(form({ kepada: 'DINKES, !!!' }))).toEqual({ error: 'targets_bad', raw: 'DINKES, !!!' });
  });

  it('missing Konfirmasi', () => {
    expect(problem(form({ konfirmasi: undefined }))).toEqual({ error: 'ack_missing' });
  });

  it('missing Selesai', () => {
    expect(problem(form({ selesai: undefined }))).toEqual({ error: 'due_missing' });
  });

  it('unparseable Konfirmasi: an Indonesian message with examples', () => {
    const p = problem(form({ konfirmasi: 'secepatnya' }));
    expect(p.error).toBe('deadline_format');
    if (p.error !== 'deadline_format') return;
    const message = renderDeadlineError(id, p.deadline);
    expect(message).toContain('Format waktu tidak dikenali');
    expect(message).toContain('secepatnya');
    expect(message).toContain('Contoh');
    expect(message).toContain('Jumat 16.00');
  });

  it('unparseable Selesai: an Indonesian message with examples', () => {
    const p = problem(form({ selesai: 'akhir bulan' }));
    expect(p.error).toBe('deadline_format');
    if (p.error !== 'deadline_format') return;
    const message = renderDeadlineError(id, p.deadline);
    expect(message).toContain('akhir bulan');
    expect(message).toContain('Contoh');
  });

  it('impossible date in Selesai', () => {
    const p = problem(form({ selesai: '31/11 17.00' }));
    expect(p.error).toBe('deadline_format');
    if (p.error !== 'deadline_format') return;
    const message = renderDeadlineError(id, p.deadline);
    expect(message).toContain('Tanggal tidak valid');
    expect(message).toContain('Contoh');
  });

  it('bad Sifat, quoting what was written', () => {
    expect(problem(form({ sifat: 'kilat' }))).toEqual({ error: 'priority_bad', raw: 'kilat' });
  });

  it('acknowledgement deadline in the past ("hari ini 08.00" at 10.00)', () => {
    expect(problem(form({ konfirmasi: 'hari ini 08.00' }))).toEqual({
      error: 'ack_in_past',
      at: Date.UTC(2026, 10, 25, 1, 0),
    });
  });

  it('acknowledgement deadline exactly now', () => {
    expect(problem(form({ konfirmasi: 'hari ini 10.00' }))).toEqual({ error: 'ack_in_past', at: NOW });
  });

  it('follow-up deadline in the past', () => {
    expect(problem(form({ selesai: 'hari ini 09.00' }))).toEqual({
      error: 'due_in_past',
      at: Date.UTC(2026, 10, 25, 2, 0),
    });
  });

  it('follow-up due before the acknowledgement', () => {
    expect(problem(form({ konfirmasi: 'besok 09.00', selesai: 'hari ini 16.00' }))).toEqual({
      error: 'due_before_ack',
      ack: Date.UTC(2026, 10, 26, 2, 0),
      due: Date.UTC(2026, 10, 25, 9, 0),
    });
  });

  it('reports the text before anything else', () => {
    expect(problem({ text: '' })).toEqual({ error: 'text_empty' });
  });

  it('reports a missing Kepada before missing deadlines', () => {
    expect(problem({ text: TEXT })).toEqual({ error: 'targets_missing' });
  });
});

describe('draftFromForm time zones', () => {
  const absolute = form({ konfirmasi: 'besok 09.00', selesai: 'Jumat 16.00' });

  function draft(f: InstructionForm, tz: string) {
    const r = draftFromForm(f, NOW, tz);
    if (!r.ok) throw new Error(JSON.stringify(r.problem));
    return r.draft;
  }

  it('reads wall-clock deadlines in WITA one hour earlier than in WIB', () => {
    const wib = draft(absolute, JKT);
    const wita = draft(absolute, MKS);
    expect(wib.ackDeadline).toBe(Date.UTC(2026, 10, 26, 2, 0));
    expect(wib.dueAt).toBe(Date.UTC(2026, 10, 27, 9, 0));
    expect(wita.ackDeadline).toBe(wib.ackDeadline - H);
    expect(wita.dueAt).toBe(wib.dueAt - H);
    expect(id.fmt.dateTime(wita.dueAt, MKS)).toBe('Jumat, 27 November 2026 pukul 16.00 WITA');
  });

  it('keeps relative deadlines ("2 jam") the same instant in every zone', () => {
    expect(draft(form(), MKS).ackDeadline).toBe(NOW + 2 * H);
    expect(draft(form(), JKT).ackDeadline).toBe(NOW + 2 * H);
  });

  it('judges "hari ini 10.30" by the local clock: ahead in WIB (10.00), past in WITA (11.00)', () => {
    expect(draft(form({ konfirmasi: 'hari ini 10.30' }), JKT).ackDeadline).toBe(Date.UTC(2026, 10, 25, 3, 30));
    expect(problem(form({ konfirmasi: 'hari ini 10.30' }), MKS)).toEqual({
      error: 'ack_in_past',
      at: Date.UTC(2026, 10, 25, 2, 30),
    });
  });
});

describe('checkText', () => {
  it('accepts ordinary text', () => {
    expect(checkText(TEXT)).toBeNull();
  });

  it('refuses empty and blank text', () => {
    expect(checkText('')).toEqual({ error: 'text_empty' });
    expect(checkText('  \n ')).toEqual({ error: 'text_empty' });
  });

  it('accepts exactly 3500 characters and refuses 3501', () => {
    expect(checkText('b'.repeat(3500))).toBeNull();
    expect(checkText('b'.repeat(3501))).toEqual({ error: 'text_too_long', max: 3500, got: 3501 });
  });

  it('measures the trimmed text', () => {
    expect(checkText(`   ${'c'.repeat(3500)}\n\n`)).toBeNull();
    expect(checkText(`  ${'c'.repeat(4000)}  `)).toEqual({ error: 'text_too_long', max: 3500, got: 4000 });
  });
});
