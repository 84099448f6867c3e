/** Instruction numbers look like ARH-2026-0042: a sequence per year, at least 4 digits. */
export function formatInstructionNumber(year: number, seq: number): string {
  return `ARH-${year}-${String(seq).padStart(4, '0')}`;
}

/** Accepts "ARH-2026-0042", "arh-2026-42", or just "42" / "0042" (this year). */
export function normalizeInstructionNumber(input: string, currentYear: number): string | null {
  const s = input.trim().toUpperCase();
  let m = /^ARH-(\d{4})-(\d{1,6})$/.exec(s);
  if (m) return Number(m[2]) > 0 ? formatInstructionNumber(Number(m[1]), Number(m[2])) : null;
  m = /^(\d{1,6})$/.exec(s);
  if (m && Number(m[1]) > 0) return formatInstructionNumber(currentYear, Number(m[1]));
  return null;
}
