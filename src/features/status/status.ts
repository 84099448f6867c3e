import { obstaclesOf } from '../obstacle/obstacles';
import { listAwaitingAck, listInstructionAssignments } from '../instruction/assignments.queries';
import { findInstructionById, findInstructionByNumber } from '../instruction/instructions.queries';
import { opdHeads } from '../organisation/recipients';
import { isAwaitingAck } from '../../domain/assignment';
import { mayDecide } from '../../domain/permissions';
import type { Person } from '../../infra/db/schema';
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

export interface PendingOpd {
  code: string;
  name: string;
  /** The head(s) and acting heads (Plt/Plh) today; empty when the OPD has none active. */
  heads: string[];
}

export type PendingList = { ok: true; number: string; notAcked: PendingOpd[]; notDone: PendingOpd[] } | { ok: false; reason: 'unknown' | 'not_decider' };

/**
 * 📋 under the summary and /status (issue #15): the OPDs that have not acknowledged, and those
 * that have but are not finished, each with its head's name. For the issuer and the
 * secretariat only (`mayDecide`), checked on each press.
 */
export async function pendingOpds(deps: AppDeps, who: Person | null | undefined, instructionId: number): Promise<PendingList> {
  const instruction = await findInstructionById(deps.db, instructionId);
  if (!instruction) return { ok: false, reason: 'unknown' };
  if (!mayDecide(who, instruction.issuer_id)) return { ok: false, reason: 'not_decider' };
  const rows = await listInstructionAssignments(deps.db, instructionId);
  const entry = async (r: (typeof rows)[number]): Promise<PendingOpd> => ({
    code: r.opd_code,
    name: r.opd_name,
    heads: (await opdHeads(deps, r.opd_id)).map((h) => h.name),
  });
  const notAcked: PendingOpd[] = [];
  const notDone: PendingOpd[] = [];
  for (const r of rows) {
    if (r.state === 'cancelled' || r.state === 'done') continue;
    if (isAwaitingAck(r.state)) notAcked.push(await entry(r));
    else notDone.push(await entry(r));
  }
  return { ok: true, number: instruction.number, notAcked, notDone };
}
