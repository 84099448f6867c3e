import type { Priority } from './types';

/**
 * Parses an instruction written as officials write letters:
 *
 *   /arahan
 *   Kepada: semua            (or: klaster Ekonomi | DINKES, BPBD)
 *   Konfirmasi: 2 jam
 *   Selesai: Jumat 16.00
 *   Sifat: segera
 *
 *   Text of the instruction ...
 *
 * Header lines come first (key: value); the first line that is not a known header
 * starts the text. Pure: deadlines are parsed later by the caller.
 */
export interface InstructionForm {
  kepada?: string;
  konfirmasi?: string;
  selesai?: string;
  sifat?: string;
  /** "Atas nama: NAMA": the pimpinan a secretariat member issues on behalf of. */
  atasNama?: string;
  text: string;
}

const HEADER_KEYS: Record<string, keyof Omit<InstructionForm, 'text'>> = {
  kepada: 'kepada',
  tujuan: 'kepada',
  konfirmasi: 'konfirmasi',
  'batas konfirmasi': 'konfirmasi',
  'tenggat konfirmasi': 'konfirmasi',
  selesai: 'selesai',
  'tindak lanjut': 'selesai',
  'batas waktu': 'selesai',
  tenggat: 'selesai',
  sifat: 'sifat',
  prioritas: 'sifat',
  'atas nama': 'atasNama',
};

export const MAX_INSTRUCTION_TEXT = 3500;

export function parseInstructionForm(body: string): InstructionForm {
  const lines = body.replace(/\r\n/g, '\n').split('\n');
  const form: InstructionForm = { text: '' };
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' && Object.keys(form).length === 1) continue; // blank lines before headers
    const m = /^([A-Za-z ]{3,25}?)\s*:\s*(.*)$/.exec(line);
    const key = m ? HEADER_KEYS[m[1]!.trim().toLowerCase()] : undefined;
    if (!m || !key) break;
    form[key] = m[2]!.trim();
  }
  form.text = lines.slice(i).join('\n').trim();
  return form;
}

export function hasHeaders(form: InstructionForm): boolean {
  return form.kepada !== undefined || form.konfirmasi !== undefined || form.selesai !== undefined || form.sifat !== undefined || form.atasNama !== undefined;
}

export type TargetSpec = { kind: 'all' } | { kind: 'cluster'; name: string } | { kind: 'codes'; codes: string[] };

/** "semua" | "klaster Ekonomi" | "DINKES, BPBD" (commas, semicolons or spaces). */
export function parseTargets(input: string): TargetSpec | null {
  const s = input.trim();
  if (s === '') return null;
  if (/^(semua|semua opd|all)$/i.test(s)) return { kind: 'all' };
  const cl = /^(klaster|cluster|bidang)\s+(.+)$/i.exec(s);
  if (cl) return { kind: 'cluster', name: cl[2]!.trim() };
  const codes = s
    .split(/[,;\s]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  if (codes.length === 0 || codes.some((c) => !/^[A-Z0-9_.-]{2,32}$/.test(c))) return null;
  return { kind: 'codes', codes: [...new Set(codes)] };
}

export const PRIORITIES: readonly Priority[] = ['biasa', 'penting', 'segera'];

export function parsePriority(input: string | undefined): Priority | null {
  if (input === undefined || input.trim() === '') return 'biasa';
  const s = input.trim().toLowerCase();
  if (s === 'sangat segera' || s === 'mendesak') return 'segera';
  return (PRIORITIES as readonly string[]).includes(s) ? (s as Priority) : null;
}

export type TimingProblem = 'ack_in_past' | 'due_in_past' | 'due_before_ack';

/** Deadlines must lie ahead, and the follow-up cannot be due before the acknowledgement. */
export function checkTimings(ackDeadline: number, dueAt: number, now: number): TimingProblem | null {
  if (ackDeadline <= now) return 'ack_in_past';
  if (dueAt <= now) return 'due_in_past';
  if (dueAt < ackDeadline) return 'due_before_ack';
  return null;
}
