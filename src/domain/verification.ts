import { formatInstructionNumber } from './numbering';

/**
 * The verification code every instruction message carries (issue #16, "nobody can speak for
 * the leader"): 8 characters of Crockford's base32 (digits and capitals without I, L, O and
 * U, so it reads aloud without confusion), shown as two groups of four, e.g. K7QM-4XPA. The
 * code itself is an HMAC made with the server's secret (src/features/instruction/verification.ts);
 * here only its spelling: encoding, reading what people type, finding it in a text.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 8;

/** The first 5 bytes as 8 base32 characters (40 bits). */
export function encodeCode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes.subarray(0, 5)) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CODE_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** "K7QM4XPA" → "K7QM-4XPA", as messages show it. */
export function displayCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What someone typed, as the 8 characters of a code, or null: any case, spaces and dashes
 * ignored, and the letters Crockford reads as digits (O as 0, I and L as 1) accepted.
 */
export function normalizeCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

const NUMBER_IN_TEXT = /\bARH-(\d{4})-(\d{1,6})\b/i;
const LABELLED_CODE = /\b(?:kode\s+verifikasi|verification\s+code)\s*:?\s*([0-9A-Z]{4}-?[0-9A-Z]{4})\b/i;
const BARE_CODE = /\b([0-9A-Z]{4}-[0-9A-Z]{4})\b/gi;
/** A bare code counts only in a short text: "ARH-2026-0001 K7QM-4XPA", not a letter that mentions "JAWA-BALI". */
const BARE_TEXT_LIMIT = 40;

/**
 * The instruction number and verification code found in a message's text (a forwarded or
 * pasted instruction message): the code after its label ("Kode verifikasi: …"), or else, in a
 * short text, a bare XXXX-XXXX that holds a letter (a number's "2026-0001" is never taken for
 * a code). A longer text without the label (an instruction being drafted that mentions a
 * number) is left alone.
 */
export function findVerification(text: string): { number: string | null; code: string | null } {
  const n = NUMBER_IN_TEXT.exec(text);
  const number = n && Number(n[2]) > 0 ? formatInstructionNumber(Number(n[1]), Number(n[2])) : null;
  const labelled = LABELLED_CODE.exec(text);
  let code = labelled ? normalizeCode(labelled[1]!) : null;
  if (code === null) {
    const rest = text.replace(new RegExp(NUMBER_IN_TEXT.source, 'gi'), ' ');
    for (const m of rest.matchAll(BARE_CODE)) {
      if (!/[A-Z]/i.test(m[1]!)) continue;
      if (rest.replace(m[1]!, '').replace(/\s+/g, ' ').trim().length > BARE_TEXT_LIMIT) break;
      code = normalizeCode(m[1]!);
      if (code !== null) break;
    }
  }
  return { number, code };
}
