import type { Kysely } from 'kysely';

// Frozen in time. Issue #14, the leader's preview shows the delivery's progress: the preview
// the leader pressed Kirim on becomes "sedang dikirim ke N grup OPD (n/N)" and is kept current
// by the summary's refresh jobs, which any worker process runs, so where it is lives here.
//
// - issue_previews: one row per instruction issued from a preview. chat_id/message_id: the
//   preview message; total: the groups it was queued for (the N shown); shown: the n last
//   shown; edited_at: when it was last edited (epoch ms; the throttle's claim is a conditional
//   UPDATE on it, so two workers cannot both edit); done: 1 once the final "terkirim ke n/N"
//   is shown; summary_digest: a hash of the summary last shown, so a refresh that changes
//   nothing in it spends none of the leader's chat's 1 message a second.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issue_previews')
    .addColumn('instruction_id', 'bigint', (c) => c.primaryKey().references('instructions.id'))
    .addColumn('chat_id', 'bigint', (c) => c.notNull())
    .addColumn('message_id', 'bigint', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('shown', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edited_at', 'bigint', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('summary_digest', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('issue_previews').execute();
}
