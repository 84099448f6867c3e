import type { AppDeps } from '../../infra/deps';
import { listInstructionAssignments } from './assignments.queries';

/** Every OPD's assignment of one instruction, for the commands that list them. */
export const assignmentsOf = (deps: AppDeps, instructionId: number) => listInstructionAssignments(deps.db, instructionId);
