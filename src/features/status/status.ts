import { obstaclesOf } from '../obstacle/obstacles';
import { listAwaitingAck, listInstructionAssignments } from '../instruction/assignments.queries';
import { findInstructionByNumber } from '../instruction/instructions.queries';
import { normalizeInstructionNumber } from '../../domain/numbering';
import { localParts } from '../../domain/time';
import type { AppDeps } from '../../infra/deps';

export type NumberLookup<T> = { ok: true; value: T } | { ok: false; error: 'bad_number' } | { ok: false; error: 'unknown'; number: string };

export async function findInstruction(deps: AppDeps, raw: string) {
  const number = normalizeInstructionNumber(raw, localParts(deps.now(), deps.config.timezone).year);
  if (!number) return { ok: false as const, error: 'bad_number' as const };
  const instruction = await findInstructionByNumber(deps.db, number);
  if (!instruction) return { ok: false as const, error: 'unknown' as const, number };
  return { ok: true as const, value: instruction };
}

/** /belum [nomor]: OPDs that have not acknowledged, per instruction. */
export async function notAcknowledged(deps: AppDeps, rawNumber?: string) {
  if (rawNumber === undefined) return { ok: true as const, rows: await listAwaitingAck(deps.db) };
  const found = await findInstruction(deps, rawNumber);
  if (!found.ok) return found;
  return { ok: true as const, rows: await listAwaitingAck(deps.db, { instructionId: found.value.id }) };
}

/** /status nomor: every target OPD's state for one instruction. */
export async function instructionStatus(deps: AppDeps, rawNumber: string) {
  const found = await findInstruction(deps, rawNumber);
  if (!found.ok) return found;
  const rows = await listInstructionAssignments(deps.db, found.value.id);
  const obstacles = await obstaclesOf(deps, found.value.id);
  return { ok: true as const, instruction: found.value, rows, obstacles };
}
