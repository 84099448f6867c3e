// The roll-call figures of a period (issue #16): per OPD and per person, how many calls were
// answered, how many by the deadline, and the median time to answer. /rekap (rollcallRecap)
// and the export's roll-call sheet (src/features/export/export-files.ts) both read them from
// here, so their numbers agree.
import { rollcallTotals, type RollcallCall, type RollcallTotals } from '../../domain/rollcall';
import type { Role } from '../../domain/types';
import type { Db } from '../../infra/db/database';
import { entriesInPeriod, type PeriodEntryRow } from './rollcalls.queries';

/** One OPD's roll-call figures over a period. */
export interface RollcallOpdFigures extends RollcallTotals {
  opdId: number;
  opdCode: string;
  opdName: string;
}

/** One person's roll-call figures over a period, for the OPD they were called for (an acting head counts for the OPD they act for). */
export interface RollcallPersonFigures extends RollcallTotals {
  personId: number;
  name: string;
  role: Role;
  opdId: number;
  opdCode: string;
  opdName: string;
}

export interface RollcallPeriodFigures {
  /** By OPD code. */
  opds: RollcallOpdFigures[];
  /** By OPD code, then name. */
  people: RollcallPersonFigures[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The roll-calls started in [from, to), per OPD and per person: calls, answers, answers by the
 * deadline and the median time to answer. One query and one rule (rollcallTotals) for both
 * /rekap and the export, so their figures agree.
 */
export async function rollcallFigures(db: Db, from: number, to: number): Promise<RollcallPeriodFigures> {
  const rows = await entriesInPeriod(db, from, to);
  const call = (e: PeriodEntryRow): RollcallCall => ({
    rollcallId: e.rollcall_id,
    personId: e.person_id,
    opdId: e.opd_id,
    startedAt: e.started_at,
    deadlineAt: e.deadline_at,
    answeredAt: e.answered_at,
  });
  const opds = new Map<number, { first: PeriodEntryRow; calls: RollcallCall[] }>();
  const people = new Map<string, { first: PeriodEntryRow; calls: RollcallCall[] }>();
  for (const e of rows) {
    const o = opds.get(e.opd_id) ?? { first: e, calls: [] };
    o.calls.push(call(e));
    opds.set(e.opd_id, o);
    const key = `${e.person_id}:${e.opd_id}`;
    const p = people.get(key) ?? { first: e, calls: [] };
    p.calls.push(call(e));
    people.set(key, p);
  }
  return {
    opds: [...opds.values()]
      .map(({ first, calls }) => ({ opdId: first.opd_id, opdCode: first.opd_code, opdName: first.opd_name, ...rollcallTotals(calls) }))
      .sort((a, b) => byText(a.opdCode, b.opdCode)),
    people: [...people.values()]
      .map(({ first, calls }) => ({
        personId: first.person_id,
        name: first.person_name,
        role: first.role,
        opdId: first.opd_id,
        opdCode: first.opd_code,
        opdName: first.opd_name,
        ...rollcallTotals(calls),
      }))
      .sort((a, b) => byText(a.opdCode, b.opdCode) || byText(a.name, b.name) || a.personId - b.personId),
  };
}
