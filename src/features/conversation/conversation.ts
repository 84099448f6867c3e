import type { AppDeps } from '../../infra/deps';
import { getConversation } from '../../infra/db/conversations';

/** The multi-step exchange (extension reason, report text…) a person is in, if any. */
export const currentConversation = <T>(deps: AppDeps, telegramId: number) => getConversation<T>(deps.db, telegramId);
