// Read-only queries behind the period exports (workbook and CSV).
//
// Every query starts from the instructions created in [from, to) — a range on
// instructions_created_idx — and reaches the other tables through their
// instruction_id indexes (assignments: the (instruction_id, opd_id) unique
// constraint; reports: reports_instruction_idx; events: events_instruction_idx).
// So an export never scans whole assignments/reports/events tables, however
// long the history. The *Query builders are exported so tests can look at the
// plan (EXPLAIN QUERY PLAN).

import type { Db } from './database';

export interface PeriodRange {
  from: number; // inclusive, epoch ms
  to: number; // exclusive, epoch ms
}

export function exportInstructionsQuery(db: Db, p: PeriodRange) {
  return db
    .selectFrom('instructions as i')
    .innerJoin('people as p', 'p.id', 'i.issuer_id')
    .select([
      'i.id',
      'i.number',
      'i.text',
      'i.priority',
      'i.state',
      'i.target_label',
      'i.ack_deadline',
      'i.due_at',
      'i.created_at',
      'i.closed_at',
      'p.name as issuer_name',
    ])
    .where('i.created_at', '>=', p.from)
    .where('i.created_at', '<', p.to)
    .orderBy('i.created_at')
    .orderBy('i.id');
}

/** Instructions created in the period, oldest first, with the issuer's name. */
export function listExportInstructions(db: Db, p: PeriodRange) {
  return exportInstructionsQuery(db, p).execute();
}
export type ExportInstructionRow = Awaited<ReturnType<typeof listExportInstructions>>[number];

export function exportAssignmentsQuery(db: Db, p: PeriodRange) {
  return db
    .selectFrom('instructions as i')
    .innerJoin('assignments as a', 'a.instruction_id', 'i.id')
    .innerJoin('opds as o', 'o.id', 'a.opd_id')
    .leftJoin('people as ack', 'ack.id', 'a.acked_by')
    .select([
      'a.id',
      'a.instruction_id',
      'a.opd_id',
      'a.state',
      'a.delivery_state',
      'a.delivered_at',
      'a.acked_at',
      'a.due_at',
      'a.reported_at',
      'a.done_at',
      'a.reminder_count',
      'a.created_at',
      'i.number',
      'i.ack_deadline',
      'i.state as instruction_state',
      'i.created_at as instruction_created_at',
      'o.code as opd_code',
      'o.name as opd_name',
      'ack.name as acked_by_name',
    ])
    .where('i.created_at', '>=', p.from)
    .where('i.created_at', '<', p.to)
    .orderBy('i.created_at')
    .orderBy('i.id')
    .orderBy('o.code');
}

/** Assignments of the period's instructions (cancelled ones included), by instruction then OPD code. */
export function listExportAssignments(db: Db, p: PeriodRange) {
  return exportAssignmentsQuery(db, p).execute();
}
export type ExportAssignmentRow = Awaited<ReturnType<typeof listExportAssignments>>[number];

export function exportReportsQuery(db: Db, p: PeriodRange) {
  return db
    .selectFrom('instructions as i')
    .innerJoin('reports as r', 'r.instruction_id', 'i.id')
    .innerJoin('opds as o', 'o.id', 'r.opd_id')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select([
      'r.id',
      'r.kind',
      'r.text',
      'r.attachments',
      'r.review_state',
      'r.review_reason',
      'r.created_at',
      'i.number',
      'o.code as opd_code',
      'o.name as opd_name',
      'p.name as person_name',
    ])
    .where('i.created_at', '>=', p.from)
    .where('i.created_at', '<', p.to)
    .orderBy('r.created_at')
    .orderBy('r.id');
}

/** Reports on the period's instructions (whenever they were sent), oldest first. */
export function listExportReports(db: Db, p: PeriodRange) {
  return exportReportsQuery(db, p).execute();
}
export type ExportReportRow = Awaited<ReturnType<typeof listExportReports>>[number];

export function exportEventsQuery(db: Db, p: PeriodRange) {
  return db
    .selectFrom('instructions as i')
    .innerJoin('events as e', 'e.instruction_id', 'i.id')
    .leftJoin('opds as o', 'o.id', 'e.opd_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.actor_telegram_id', 'e.data', 'i.number', 'o.code as opd_code'])
    .where('i.created_at', '>=', p.from)
    .where('i.created_at', '<', p.to)
    .orderBy('e.at')
    .orderBy('e.id');
}

/**
 * Events about the period's instructions (whenever they happened), oldest first.
 * Events without an instruction (set-up, invitations, group changes) are not part
 * of an instruction export.
 */
export function listExportEvents(db: Db, p: PeriodRange) {
  return exportEventsQuery(db, p).execute();
}
export type ExportEventRow = Awaited<ReturnType<typeof listExportEvents>>[number];
