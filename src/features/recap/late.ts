import type { AppDeps } from '../../infra/deps';
import { lateItems, searchInstructions } from './recap.queries';

/** /terlambat: what is late now, for every OPD or one. */
export const lateNow = (deps: AppDeps, now: number, opdId?: number) => lateItems(deps.db, now, opdId);
export type LateItems = Awaited<ReturnType<typeof lateNow>>;

/** /cari: instructions by words or number, one page. */
export const findInstructions = (deps: AppDeps, words: string[], number: string | null, offset: number, limit: number) => searchInstructions(deps.db, words, number, offset, limit);
