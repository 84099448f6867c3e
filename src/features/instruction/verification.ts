import { createHmac, timingSafeEqual } from 'node:crypto';
import { displayCode, encodeCode, normalizeCode } from '../../domain/verification';

/** What a verification code is made from: nothing a forger can change without changing the code. */
export interface Verifiable {
  id: number;
  number: string;
  created_at: number;
}

function rawCode(secret: string, i: Verifiable): string {
  const mac = createHmac('sha256', secret).update(`arahan-instruction/v1|${i.id}|${i.number}|${i.created_at}`).digest();
  return encodeCode(mac);
}

/**
 * The instruction's verification code, as messages show it (K7QM-4XPA): an HMAC of its id,
 * number and issue time with VERIFY_SECRET, so it cannot be worked out from the number, and
 * it is the same whenever and wherever it is computed (it is not stored).
 */
export function verificationCode(secret: string, i: Verifiable): string {
  return displayCode(rawCode(secret, i));
}

/** Does `given` (as typed: any case, with or without the dash) match? Compared in constant time. */
export function codeMatches(secret: string, i: Verifiable, given: string): boolean {
  const g = normalizeCode(given);
  if (g === null) return false;
  return timingSafeEqual(Buffer.from(g), Buffer.from(rawCode(secret, i)));
}
