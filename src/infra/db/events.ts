import type { Db } from './database';
import { prepared } from './prepared';
import type { Event } from './schema';

export interface EventInput {
  kind: string;
  instruction_id?: number | null;
  assignment_id?: number | null;
  opd_id?: number | null;
  actor_telegram_id?: number | null;
  data?: Record<string, unknown>;
}

/** The append-only log of everything that happened. */
export async function recordEvent(db: Db, e: EventInput, now: number): Promise<void> {
  await insertEvent(db, {
    at: now,
    kind: e.kind,
    instruction_id: e.instruction_id ?? null,
    assignment_id: e.assignment_id ?? null,
    opd_id: e.opd_id ?? null,
    actor_telegram_id: e.actor_telegram_id ?? null,
    data: e.data ? JSON.stringify(e.data) : null,
  });
}

/** Every use case records events, a ✅ press among them: prepared (src/infra/db/prepared.ts). */
const insertEvent = prepared((db, v: Omit<Event, 'id'>) =>
  db.insertInto('events').values({
    at: v.at,
    kind: v.kind,
    instruction_id: v.instruction_id,
    assignment_id: v.assignment_id,
    opd_id: v.opd_id,
    actor_telegram_id: v.actor_telegram_id,
    data: v.data,
  }),
);

export function listEvents(db: Db, filter: { instructionId?: number; kind?: string } = {}): Promise<Event[]> {
  let q = db.selectFrom('events').selectAll();
  if (filter.instructionId !== undefined) q = q.where('instruction_id', '=', filter.instructionId);
  if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
  return q.orderBy('id').execute();
}
