import type { Kysely } from 'kysely';

// Frozen in time. Issue #14, paid broadcast as an option: a segera instruction to more groups
// than the free 30 a second reach in the configured time sends part of its deliveries with
// Telegram's `allow_paid_broadcast` (a fee in Stars per message), up to a cap per instruction.
//
// - paid_broadcasts: one row per instruction that sent paid; sends is how many of its
//   deliveries were claimed for a paid send (the counter the cap is checked against, in one
//   conditional upsert, so several workers cannot overrun it).
// - assignments.paid_broadcast: 1 if this delivery is sent paid; a retry sends it the same way
//   and is not counted again.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('paid_broadcasts')
    .addColumn('instruction_id', 'bigint', (c) => c.primaryKey().references('instructions.id'))
    .addColumn('sends', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('assignments')
    .addColumn('paid_broadcast', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('assignments').dropColumn('paid_broadcast').execute();
  await db.schema.dropTable('paid_broadcasts').execute();
}
