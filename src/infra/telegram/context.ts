import type { Context } from 'grammy';
import type { Logger } from 'pino';
import type { Person } from '../db/schema';
import type { AppDeps } from '../deps';
import type { Messages } from '../i18n';

/** What every handler sees: the services' dependencies, the caller (if registered), their language. */
export type BotContext = Context & {
  deps: AppDeps;
  person: Person | null;
  t: Messages;
  log: Logger;
};
