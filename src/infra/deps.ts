import type { Api } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Db } from './db/database';
import type { Queues } from './queue/queues';
import type { Metrics } from './metrics';

/** Everything a service needs, wired once in src/main.ts (or by a test). */
export interface AppDeps {
  config: Config;
  db: Db;
  api: Api;
  queues: Queues;
  logger: Logger;
  /** The clock: epoch milliseconds. Tests may pass a fixed one. */
  now: () => number;
  botUsername: string;
  /** Holiday dates (YYYY-MM-DD): the shipped list plus HOLIDAYS, read once at start. */
  holidays: ReadonlySet<string>;
  metrics: Metrics;
  /** Moves committed effects into the queues; use cases nudge it after a commit (src/infra/queue/effects.ts). */
  dispatcher: { kick(): void; flush(): Promise<void> };
}
