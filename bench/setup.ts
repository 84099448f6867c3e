/**
 * Shared set-up for the benchmark parts: environment, configuration, the organisation
 * (OPDs, groups, people written straight into the database through the repositories),
 * the instruction draft, and clean-up of Redis keys and temp dirs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { parseConfig, type Config } from '../src/infra/config';
import type { Db } from '../src/infra/db/database';
import { linkChat, upsertOpd } from '../src/features/organisation/opds.queries';
import { findPersonByTelegramId, upsertPerson } from '../src/features/organisation/people.queries';
import type { Person } from '../src/infra/db/schema';
import type { CompleteDraft } from '../src/features/issue/issue';
import { TELEGRAM_FLOOD_PENALTY_MS, TELEGRAM_LIMITS, type FakeTelegram, type RateLimits } from '../test/support/fake-telegram';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const N_OPD = Number(process.env.BENCH_OPDS ?? 500);
export const silentLogger = pino({ level: 'silent' });

/**
 * The fake playing Telegram: its limits (30/s in total, 1/s per chat, 20/min per group) and its
 * 5 s flood penalty — a send over a limit is answered retry_after 5 and the chat (or, over the
 * 30/s, every chat) is refused until then. Issue #14 measured against this; with the window's
 * ≈1 s remainder instead, the naive loop with auto-retry looked faster than pacing (16.36 s for
 * 500 groups with 16 × 429, against Arahan's 17.31 s with none).
 */
export const FLOOD_PENALTY_MS = TELEGRAM_FLOOD_PENALTY_MS;
export const BENCH_LIMITS: RateLimits = { ...TELEGRAM_LIMITS, floodPenaltyMs: FLOOD_PENALTY_MS };

export const ISSUER = { id: 2001, first_name: 'Herman', last_name: 'Gubernur' };

export interface Org {
  opdIds: number[];
  /** Group chat id per OPD (same order as opdIds). */
  groups: number[];
  heads: Array<{ id: number; first_name: string; last_name: string }>;
  staff: Array<{ id: number; first_name: string; last_name: string }>;
}

export const groupId = (i: number): number => -1002000000000 - i;
export const headUser = (i: number) => ({ id: 600000 + i, first_name: `Kepala${i + 1}`, last_name: 'OPD' });
export const staffUser = (i: number) => ({ id: 700000 + i, first_name: `Staf${i + 1}`, last_name: 'OPD' });
export const allGroups = (n = N_OPD): number[] => Array.from({ length: n }, (_, i) => groupId(i));

/** One bench part's private space: queue prefix, temp dir with the SQLite file. */
export interface Space {
  name: string;
  prefix: string;
  dir: string;
  dbFile: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export function newSpace(name: string, tg: Pick<FakeTelegram, 'token' | 'apiRoot'>): Space {
  const dir = mkdtempSync(join(tmpdir(), `arahan-bench-${name}-`));
  const prefix = `arahan-bench-${name}-${randomBytes(4).toString('hex')}`;
  const dbFile = join(dir, 'arahan.db');
  const env: Record<string, string> = {
    BOT_TOKEN: tg.token,
    BOT_API_ROOT: tg.apiRoot,
    DATABASE_URL: `file:${dbFile}`,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    QUIET_HOURS: 'off',
    WORKING_DAYS: '0-6',
    // Any free port for /healthz and /metrics: two benches (or a bench and a running bot) on one
    // machine would otherwise both want 8080.
    PORT: '0',
    HTTP_HOST: '127.0.0.1',
  };
  return {
    name,
    prefix,
    dir,
    dbFile,
    env,
    async cleanup() {
      await removeRedisKeys(prefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The configuration the bench runs with: production defaults (Telegram's limits 30/s, 1/s, 20/min, which the gate spaces with its margin: 29.1/s; 10 parallel sends). */
export function configFor(space: Space, overrides: Record<string, string> = {}): Config {
  return parseConfig({ ...space.env, ...overrides });
}

/** N OPDs, each with its own linked group, one kepala and one staf; one pimpinan (the issuer). */
export async function seedOrg(db: Db, n = N_OPD): Promise<Org> {
  const now = Date.now();
  const org: Org = { opdIds: [], groups: [], heads: [], staff: [] };
  await db.transaction().execute(async (trx) => {
    await upsertPerson(trx, { telegram_id: ISSUER.id, name: 'Herman Gubernur', role: 'pimpinan', opd_id: null }, now);
    for (let i = 0; i < n; i++) {
      const code = `OPD${String(i + 1).padStart(3, '0')}`;
      const { id } = await upsertOpd(trx, { code, name: `Dinas Nomor ${i + 1}`, cluster: `Klaster ${(i % 10) + 1}` }, now);
      await linkChat(trx, id, groupId(i), `Grup ${code}`, now);
      const head = headUser(i);
      const staf = staffUser(i);
      await upsertPerson(trx, { telegram_id: head.id, name: `${head.first_name} ${head.last_name}`, role: 'kepala', opd_id: id }, now);
      await upsertPerson(trx, { telegram_id: staf.id, name: `${staf.first_name} ${staf.last_name}`, role: 'staf', opd_id: id }, now);
      org.opdIds.push(id);
      org.groups.push(groupId(i));
      org.heads.push(head);
      org.staff.push(staf);
    }
  });
  return org;
}

export async function issuerPerson(db: Db): Promise<Person> {
  const p = await findPersonByTelegramId(db, ISSUER.id);
  if (!p) throw new Error('the issuer is not in the database');
  return p;
}

export function benchDraft(label: string): CompleteDraft {
  const now = Date.now();
  return {
    text: `Benchmark ${label}: mohon seluruh OPD segera melaporkan kesiapan posko siaga bencana.`,
    target: { kind: 'all' },
    ackDeadline: now + 2 * 3600_000,
    dueAt: now + 24 * 3600_000,
    priority: 'segera',
  };
}

export async function removeRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function countDeliveryStates(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('assignments')
    .select(['delivery_state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('delivery_state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.delivery_state, Number(r.n)]));
}

/** Polls until every assignment is 'sent' (or the deadline passes); returns the final counts. */
export async function waitAllSent(db: Db, expected: number, timeoutMs: number): Promise<Record<string, number>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const counts = await countDeliveryStates(db);
    if ((counts.sent ?? 0) >= expected || Date.now() > until) return counts;
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rows per INSERT when seeding in bulk: 8 columns each stays far below SQLite's 32,766 parameters. */
const SEED_CHUNK = 1000;

/**
 * `seedOrg` for tens of thousands of OPDs (bench/ceiling.ts): the same organisation, written
 * with a few multi-row INSERTs in one transaction instead of five statements per OPD (22,000
 * OPDs: about a second instead of a minute). Group ids and people match `seedOrg`.
 */
export async function seedOrgBulk(db: Db, n: number): Promise<Org> {
  const now = Date.now();
  const org: Org = { opdIds: [], groups: [], heads: [], staff: [] };
  const codeOf = (i: number) => `OPD${String(i + 1).padStart(5, '0')}`;
  await db.transaction().execute(async (trx) => {
    await upsertPerson(trx, { telegram_id: ISSUER.id, name: 'Herman Gubernur', role: 'pimpinan', opd_id: null }, now);
    for (let from = 0; from < n; from += SEED_CHUNK) {
      const idx = Array.from({ length: Math.min(SEED_CHUNK, n - from) }, (_, k) => from + k);
      const rows = await trx
        .insertInto('opds')
        .values(
          idx.map((i) => ({
            code: codeOf(i),
            name: `Dinas Nomor ${i + 1}`,
            cluster: `Klaster ${(i % 10) + 1}`,
            chat_id: groupId(i),
            chat_title: `Grup ${codeOf(i)}`,
            chat_status: 'linked' as const,
            created_at: now,
            updated_at: now,
          })),
        )
        .returning(['id', 'code'])
        .execute();
      const idByCode = new Map(rows.map((r) => [r.code, Number(r.id)]));
      const people = idx.flatMap((i) => {
        const opdId = idByCode.get(codeOf(i))!;
        const head = headUser(i);
        const staf = staffUser(i);
        org.opdIds.push(opdId);
        org.groups.push(groupId(i));
        org.heads.push(head);
        org.staff.push(staf);
        return [
          { telegram_id: head.id, name: `${head.first_name} ${head.last_name}`, username: null, role: 'kepala' as const, opd_id: opdId, created_at: now, updated_at: now },
          { telegram_id: staf.id, name: `${staf.first_name} ${staf.last_name}`, username: null, role: 'staf' as const, opd_id: opdId, created_at: now, updated_at: now },
        ];
      });
      for (let p = 0; p < people.length; p += SEED_CHUNK)
        await trx
          .insertInto('people')
          .values(people.slice(p, p + SEED_CHUNK))
          .execute();
    }
  });
  return org;
}
