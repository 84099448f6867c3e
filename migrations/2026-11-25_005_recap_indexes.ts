import type { Kysely } from 'kysely';

// Frozen in time. Indexes found by bench/recap.ts (1,000,000 assignments, EXPLAIN QUERY PLAN):
//
// - /rekap KODE and its trend (4 periods × recapRows + ackDurations for one OPD) used
//   assignments_opd_state_idx (opd_id=?) and read every assignment the OPD ever had
//   (~17,000 rows per query); (opd_id, created_at) reads only the period's.
// - /terlambat walks the open instructions (lateItems, CROSS JOIN from instructions) and,
//   per instruction, the unfinished states only; with state, due_at and opd_id in the index
//   that walk never touches the assignments table (covering index; the id is the rowid).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('assignments_opd_created_idx').on('assignments').columns(['opd_id', 'created_at']).execute();
  await db.schema.createIndex('assignments_late_idx').on('assignments').columns(['instruction_id', 'state', 'due_at', 'opd_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['assignments_opd_created_idx', 'assignments_late_idx']) await db.schema.dropIndex(i).execute();
}
