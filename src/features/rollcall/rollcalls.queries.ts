import type { Db } from '../../infra/db/database';
import type { Insertable } from 'kysely';
import type { RollcallTable } from '../../infra/db/schema';

/** Someone a roll-call calls: a head, an acting head today, or a member on call (piket). */
export interface Callable {
  person_id: number;
  telegram_id: number;
  name: string;
  lang: string;
  opd_id: number;
}

/**
 * The active heads, the members on call (piket) and today's acting heads (Plt/Plh) of these
 * OPDs, each person once (an acting head counts for the OPD they act for).
 */
export async function listCallable(db: Db, opdIds: number[], dateKey: string): Promise<Callable[]> {
  if (opdIds.length === 0) return [];
  const acting = await db
    .selectFrom('acting_heads as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['p.id as person_id', 'p.telegram_id', 'p.name', 'p.lang', 'a.opd_id'])
    .where('a.opd_id', 'in', opdIds)
    .where('a.from_date', '<=', dateKey)
    .where('a.to_date', '>=', dateKey)
    .where('p.active', '=', 1)
    .execute();
  const people = await db
    .selectFrom('people')
    .select(['id as person_id', 'telegram_id', 'name', 'lang', 'opd_id'])
    .where('opd_id', 'in', opdIds)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('role', '=', 'kepala'), eb('on_call', '=', 1)]))
    .orderBy('id')
    .execute();
  const seen = new Set<number>();
  const out: Callable[] = [];
  for (const r of [...people, ...acting]) {
    const id = Number(r.person_id);
    if (r.opd_id === null || seen.has(id)) continue;
    seen.add(id);
    out.push({ person_id: id, telegram_id: Number(r.telegram_id), name: r.name, lang: r.lang, opd_id: Number(r.opd_id) });
  }
  return out;
}

export async function insertRollcall(db: Db, r: Insertable<RollcallTable>): Promise<number> {
  const row = await db.insertInto('rollcalls').values(r).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertEntries(db: Db, rollcallId: number, people: Callable[]): Promise<void> {
  for (let i = 0; i < people.length; i += 500) {
    await db
      .insertInto('rollcall_entries')
      .values(people.slice(i, i + 500).map((p) => ({ rollcall_id: rollcallId, person_id: p.person_id, opd_id: p.opd_id, telegram_id: p.telegram_id })))
      .execute();
  }
}

export function findRollcall(db: Db, id: number) {
  return db.selectFrom('rollcalls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setTallyMessage(db: Db, id: number, chatId: number, messageId: number): Promise<void> {
  await db.updateTable('rollcalls').set({ tally_chat_id: chatId, tally_message_id: messageId }).where('id', '=', id).execute();
}

/** The entry of the person with this Telegram id in a roll-call. */
export function findEntry(db: Db, rollcallId: number, telegramId: number) {
  return db.selectFrom('rollcall_entries').selectAll().where('rollcall_id', '=', rollcallId).where('telegram_id', '=', telegramId).executeTakeFirst();
}

/** Records an answer once: false when it was already recorded. */
export async function markAnswered(db: Db, entryId: number, now: number): Promise<boolean> {
  const res = await db.updateTable('rollcall_entries').set({ answered_at: now }).where('id', '=', entryId).where('answered_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Every entry of a roll-call with the person's name and the OPD, by OPD code then name. */
export async function listEntries(db: Db, rollcallId: number) {
  const rows = await db
    .selectFrom('rollcall_entries as e')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .innerJoin('opds as o', 'o.id', 'e.opd_id')
    .select(['e.id', 'e.opd_id', 'e.telegram_id', 'e.answered_at', 'p.name', 'o.code as opd_code', 'o.name as opd_name'])
    .where('e.rollcall_id', '=', rollcallId)
    .orderBy('o.code')
    .orderBy('p.name')
    .execute();
  return rows.map((r) => ({ ...r, opd_id: Number(r.opd_id), telegram_id: Number(r.telegram_id), answered_at: r.answered_at === null ? null : Number(r.answered_at) }));
}
export type EntryRow = Awaited<ReturnType<typeof listEntries>>[number];

/** Roll-calls whose chain has steps left. */
export async function listOpenRollcallIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('rollcalls').select('id').where('closed_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}

/** Records a step of the chain, only if nobody recorded it first. */
export async function claimRollcallStep(db: Db, id: number, kind: 'deadline' | 'secretariat' | 'close', now: number): Promise<boolean> {
  const column = kind === 'deadline' ? 'deadline_done_at' : kind === 'secretariat' ? 'sec_escalated_at' : 'closed_at';
  const res = await db
    .updateTable('rollcalls')
    .set({ [column]: now })
    .where('id', '=', id)
    .where(column, 'is', null)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The latest roll-calls with their counts, newest first. */
export async function listRecentRollcalls(db: Db, limit: number) {
  const rows = await db
    .selectFrom('rollcalls as r')
    .leftJoin('people as p', 'p.id', 'r.caller_id')
    .select((eb) => [
      'r.id',
      'r.scope_label',
      'r.started_at',
      'r.deadline_at',
      'r.closed_at',
      'r.emergency',
      'r.scheduled',
      'p.name as caller_name',
      eb.selectFrom('rollcall_entries as e').select(eb.fn.countAll<number>().as('n')).whereRef('e.rollcall_id', '=', 'r.id').as('called'),
      eb
        .selectFrom('rollcall_entries as e')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('e.rollcall_id', '=', 'r.id')
        .where('e.answered_at', 'is not', null)
        .whereRef('e.answered_at', '<=', 'r.deadline_at')
        .as('on_time'),
      eb.selectFrom('rollcall_entries as e').select(eb.fn.countAll<number>().as('n')).whereRef('e.rollcall_id', '=', 'r.id').where('e.answered_at', 'is not', null).as('answered'),
    ])
    .orderBy('r.started_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    started_at: Number(r.started_at),
    deadline_at: Number(r.deadline_at),
    called: Number(r.called ?? 0),
    on_time: Number(r.on_time ?? 0),
    answered: Number(r.answered ?? 0),
  }));
}

/**
 * Every entry of the roll-calls started in [from, to), with the person and the OPD they were
 * called for: what /rekap and the export's roll-call sheet both count (rollcallFigures).
 */
export async function entriesInPeriod(db: Db, from: number, to: number) {
  const rows = await db
    .selectFrom('rollcall_entries as e')
    .innerJoin('rollcalls as r', 'r.id', 'e.rollcall_id')
    .innerJoin('opds as o', 'o.id', 'e.opd_id')
    .innerJoin('people as p', 'p.id', 'e.person_id')
    .select([
      'e.rollcall_id',
      'e.person_id',
      'p.name as person_name',
      'p.role',
      'e.opd_id',
      'o.code as opd_code',
      'o.name as opd_name',
      'e.answered_at',
      'r.started_at',
      'r.deadline_at',
    ])
    .where('r.started_at', '>=', from)
    .where('r.started_at', '<', to)
    .execute();
  return rows.map((r) => ({
    ...r,
    rollcall_id: Number(r.rollcall_id),
    person_id: Number(r.person_id),
    opd_id: Number(r.opd_id),
    answered_at: r.answered_at === null ? null : Number(r.answered_at),
    started_at: Number(r.started_at),
    deadline_at: Number(r.deadline_at),
  }));
}
export type PeriodEntryRow = Awaited<ReturnType<typeof entriesInPeriod>>[number];

/** Marks a person on call (piket) or not; false when no such person. */
export async function setOnCall(db: Db, personId: number, on: boolean, now: number): Promise<void> {
  await db
    .updateTable('people')
    .set({ on_call: on ? 1 : 0, updated_at: now })
    .where('id', '=', personId)
    .execute();
}

/** Everyone on call, with their OPD. */
export function listOnCall(db: Db) {
  return db
    .selectFrom('people as p')
    .innerJoin('opds as o', 'o.id', 'p.opd_id')
    .select(['p.telegram_id', 'p.name', 'p.active', 'o.code as opd_code'])
    .where('p.on_call', '=', 1)
    .orderBy('o.code')
    .orderBy('p.name')
    .execute();
}

/** The settings key holding the moment of the next surprise roll-call (epoch ms). */
export const APEL_NEXT_KEY = 'apel_next_at';

/** Stores the next surprise roll-call's moment, unless another process stored one first (`expected`: what was read). */
export async function planApel(db: Db, expected: string | null, value: string, now: number): Promise<void> {
  if (expected === null) {
    await db
      .insertInto('settings')
      .values({ key: APEL_NEXT_KEY, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return;
  }
  await db.updateTable('settings').set({ value, updated_at: now }).where('key', '=', APEL_NEXT_KEY).where('value', '=', expected).execute();
}

/** Moves the stored moment from `planned` to `next`; false when it no longer says `planned` (run already, or replanned). */
export async function claimPlannedApel(db: Db, planned: string, next: string, now: number): Promise<boolean> {
  const res = await db.updateTable('settings').set({ value: next, updated_at: now }).where('key', '=', APEL_NEXT_KEY).where('value', '=', planned).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
