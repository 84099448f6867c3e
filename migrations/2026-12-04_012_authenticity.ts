import type { Kysely } from 'kysely';

// Frozen in time. Issue #16, "Authenticity: nobody can speak for the leader": a secretariat
// member issues an instruction on behalf of a named leader (pimpinan), and the instruction
// records whom. Null: the issuer is the leader who issued it in their own name (every
// instruction before this migration). The verification code is derived, not stored.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('instructions')
    .addColumn('on_behalf_of_person_id', 'bigint', (c) => c.references('people.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('instructions').dropColumn('on_behalf_of_person_id').execute();
}
