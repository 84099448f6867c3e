import type { AppDeps } from '../../infra/deps';
import { attachmentsOf, findReport, listInstructionReports } from './reports.queries';

export { attachmentsOf };
/** /laporan: the reports of one instruction; a report's files on request. */
export const reportsOf = (deps: AppDeps, instructionId: number) => listInstructionReports(deps.db, instructionId);
export const reportById = (deps: AppDeps, id: number) => findReport(deps.db, id);
