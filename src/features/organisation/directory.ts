import type { Role } from '../../domain/types';
import type { AppDeps } from '../../infra/deps';
import { findOpdByCode, listClusters, listOpds } from './opds.queries';
import { listPeopleByRole, setLanguage } from './people.queries';

/** Read side of the organisation for the bot's commands: what exists and who holds which role. */
export const allOpds = (deps: AppDeps) => listOpds(deps.db);
export const opdByCode = (deps: AppDeps, code: string) => findOpdByCode(deps.db, code);
export const clusters = (deps: AppDeps) => listClusters(deps.db);
export const peopleWithRoles = (deps: AppDeps, roles: Role[]) => listPeopleByRole(deps.db, roles);

/** /bahasa: the person's language for every later message. */
export const changeLanguage = (deps: AppDeps, personId: number, lang: string) => setLanguage(deps.db, personId, lang, deps.now());
