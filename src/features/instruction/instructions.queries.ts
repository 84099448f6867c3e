import type { Db } from '../../infra/db/database';
import type { Instruction, InstructionState, Priority } from '../../infra/db/schema';

/** Next sequence number of the year, atomically (safe across processes sharing the DB). */
export async function nextSequence(db: Db, year: number): Promise<number> {
  const row = await db
    .insertInto('number_sequences')
    .values({ year, last_seq: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last_seq: eb(eb.ref('number_sequences.last_seq'), '+', 1) })))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

export interface NewInstruction {
  number: string;
  text: string;
  issuer_id: number;
  priority: Priority;
  ack_deadline: number;
  due_at: number;
  target_label: string;
  /** The pimpinan a secretariat member issued it on behalf of (migration 012). */
  on_behalf_of_person_id?: number | null;
}

export async function insertInstruction(db: Db, i: NewInstruction, now: number): Promise<Instruction> {
  return db
    .insertInto('instructions')
    .values({ ...i, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findInstructionByNumber(db: Db, number: string): Promise<Instruction | undefined> {
  return db.selectFrom('instructions').selectAll().where('number', '=', number).executeTakeFirst();
}

export function findInstructionById(db: Db, id: number): Promise<Instruction | undefined> {
  return db.selectFrom('instructions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setSummaryMessage(db: Db, id: number, chatId: number, messageId: number): Promise<void> {
  await db.updateTable('instructions').set({ summary_chat_id: chatId, summary_message_id: messageId }).where('id', '=', id).execute();
}

export async function setInstructionState(db: Db, id: number, state: InstructionState, now: number): Promise<void> {
  await db
    .updateTable('instructions')
    .set({ state, closed_at: state === 'open' ? null : now })
    .where('id', '=', id)
    .execute();
}

/** Obstacles (kendala) of an instruction not yet marked handled, for its summary. */
export async function countOpenObstacles(db: Db, instructionId: number): Promise<number> {
  const row = await db
    .selectFrom('obstacles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('instruction_id', '=', instructionId)
    .where('state', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many of an instruction's deliveries went with a paid broadcast (0 if none; src/features/deliver/paid.ts). */
export async function paidSendsOf(db: Db, instructionId: number): Promise<number> {
  const r = await db.selectFrom('paid_broadcasts').select('sends').where('instruction_id', '=', instructionId).executeTakeFirst();
  return r?.sends ?? 0;
}

/** The preview a leader pressed Kirim on, kept showing the delivery's progress (issue #14; ./summary.ts). */
export function findIssuePreview(db: Db, instructionId: number) {
  return db.selectFrom('issue_previews').selectAll().where('instruction_id', '=', instructionId).executeTakeFirst();
}

export async function insertIssuePreview(
  db: Db,
  p: { instruction_id: number; chat_id: number; message_id: number; total: number; edited_at: number; summary_digest: string | null },
): Promise<void> {
  await db
    .insertInto('issue_previews')
    .values(p)
    .onConflict((oc) => oc.column('instruction_id').doNothing())
    .execute();
}

/**
 * Takes the right to edit the preview now: one conditional UPDATE, so of two workers refreshing
 * at once only one edits. `notAfter`: the last edit must be no later than this; `leaseUntil`: held
 * as the last edit's moment until the edit is settled (no other claim meanwhile); `done`: the
 * final form is being shown.
 */
export async function claimIssuePreviewEdit(db: Db, instructionId: number, notAfter: number, leaseUntil: number, shown: number, done: boolean): Promise<boolean> {
  const r = await db
    .updateTable('issue_previews')
    .set({ edited_at: leaseUntil, shown, done: done ? 1 : 0 })
    .where('instruction_id', '=', instructionId)
    .where('done', '=', 0)
    .where('edited_at', '<=', notAfter)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** After an edit: when Telegram took it (the next one is spaced from this), or a failed edit given back. */
export async function settleIssuePreviewEdit(db: Db, instructionId: number, set: { edited_at: number; done?: number; shown?: number }): Promise<void> {
  await db.updateTable('issue_previews').set(set).where('instruction_id', '=', instructionId).execute();
}

/**
 * Compare-and-set of the summary's digest: of several refreshes that rendered the same change at
 * once, one edits the summary (the others would each spend a send in the leader's chat on
 * Telegram's "message is not modified").
 */
export async function swapSummaryDigest(db: Db, instructionId: number, from: string | null, to: string | null): Promise<boolean> {
  const r = await db
    .updateTable('issue_previews')
    .set({ summary_digest: to })
    .where('instruction_id', '=', instructionId)
    .where((eb) => (from === null ? eb('summary_digest', 'is', null) : eb('summary_digest', '=', from)))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
