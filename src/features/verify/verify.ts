import { listInstructionAssignments } from '../instruction/assignments.queries';
import { findInstructionByNumber } from '../instruction/instructions.queries';
import { codeMatches } from '../instruction/verification';
import { findPersonById } from '../organisation/people.queries';
import { recordEvent } from '../../infra/db/events';
import type { Instruction, Person } from '../../infra/db/schema';
import { normalizeInstructionNumber } from '../../domain/numbering';
import { localParts } from '../../domain/time';
import { findVerification, normalizeCode } from '../../domain/verification';
import type { AppDeps } from '../../infra/deps';

/** How the number and code reached the bot: typed after /cek, a forwarded message, a pasted text. */
export type CheckVia = 'command' | 'forward' | 'text';

export type CheckOutcome =
  | { kind: 'bad_number'; raw: string }
  | { kind: 'bad_code'; raw: string }
  /** No instruction has that number: whatever carries it is not genuine. */
  | { kind: 'unknown'; number: string }
  /** The instruction exists, the code is not its code. The right code is never told. */
  | { kind: 'forged'; number: string }
  | { kind: 'genuine'; instruction: Instruction; issuerName: string; onBehalfName: string | null; opdCodes: string[] };

/**
 * Is this instruction genuine (issue #16)? The code must be the instruction's HMAC code
 * (src/features/instruction/verification.ts). A failed check is recorded as an event
 * (`authenticity_failed`, who asked and for which number; never the code given), so the
 * secretariat can see forgery attempts in the export's event log.
 */
export async function checkAuthenticity(deps: AppDeps, who: Person, rawNumber: string, rawCode: string, via: CheckVia): Promise<CheckOutcome> {
  const number = normalizeInstructionNumber(rawNumber, localParts(deps.now(), deps.config.timezone).year);
  if (!number) return { kind: 'bad_number', raw: rawNumber };
  if (normalizeCode(rawCode) === null) return { kind: 'bad_code', raw: rawCode };
  const instruction = await findInstructionByNumber(deps.db, number);
  if (!instruction || !codeMatches(deps.config.verifySecret, instruction, rawCode)) {
    await recordEvent(
      deps.db,
      {
        kind: 'authenticity_failed',
        instruction_id: instruction?.id ?? null,
        actor_telegram_id: who.telegram_id,
        data: { number, via, reason: instruction ? 'wrong_code' : 'unknown_number' },
      },
      deps.now(),
    );
    return instruction ? { kind: 'forged', number } : { kind: 'unknown', number };
  }
  const issuer = await findPersonById(deps.db, instruction.issuer_id);
  const leader = instruction.on_behalf_of_person_id !== null ? await findPersonById(deps.db, instruction.on_behalf_of_person_id) : undefined;
  const assignments = await listInstructionAssignments(deps.db, instruction.id);
  return {
    kind: 'genuine',
    instruction,
    issuerName: issuer?.name ?? '-',
    onBehalfName: leader ? leader.name : null,
    opdCodes: assignments.map((a) => a.opd_code),
  };
}

/** The number and code in a forwarded or pasted message's text, if both are there. */
export function verificationIn(text: string): { number: string; code: string } | null {
  const found = findVerification(text);
  return found.number !== null && found.code !== null ? { number: found.number, code: found.code } : null;
}
