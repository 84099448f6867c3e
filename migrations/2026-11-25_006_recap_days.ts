import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time. Per-OPD daily figures for /rekap, /grafik and the digest (issue #5):
// aggregating raw assignments per request costs ~0.3 s for 30 days and ~3–5 s for a year
// at a million assignments; summing a row per OPD per day does not.
//
// - recap_days: one row per local day in the org's zone, over the assignments created
//   that day (cancelled ones left out), rebuilt from the assignments whenever any of them
//   changes (src/services/recap-days.ts). `figures` holds each OPD's counts; `ack_ms` every
//   time to acknowledge of that day as little-endian float64s, OPD after OPD in the order
//   of `figures` (`acks` of them each), so medians stay exact. One row per day, not per
//   OPD-day: a year is 365 rows to read, not 20,000 (measured: the per-row cost dominated).
// - assignments_updated_idx: finds the assignments changed since the last rebuild.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('assignments_updated_idx').on('assignments').column('updated_at').execute();
  await db.schema
    .createTable('recap_days')
    .addColumn('day', 'integer', (c) => c.primaryKey())
    // JSON: [[opd_id, received, ack_on_time, ack_late, ack_none, done_on_time, done_late, reminders, acks], …]
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('ack_ms', isPostgres(db) ? 'bytea' : 'blob')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recap_days').execute();
  await db.schema.dropIndex('assignments_updated_idx').execute();
}
