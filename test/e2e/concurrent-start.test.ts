import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/infra/db/database';
import { createTestDatabaseUrl, dropTestDatabase } from '../support/db';
import { childEnv, REDIS_URL, startHarness, type Harness } from '../support/harness';
import { logScan } from '../support/log-scan';

/**
 * Issue #12: `docker compose up --scale` starts every process in the same instant. Start-up
 * races on a fresh database (migrations: "table opds already exists" on SQLite; the
 * installation id), on Redis (the weekly digest's job scheduler: "job ID already exists";
 * the requeue of pending work) and on the bootstrap admins. Any number of processes must
 * start together with none failing.
 *
 * Four processes each start Arahan at the same moment, twenty times over. They stay alive
 * between rounds (test/support/start-child.ts) so that a round costs a start, not loading
 * every module again (7 s for four cold processes on this 2-core machine).
 */
type Reply = { ready?: true; ok?: boolean; prefix?: string; error?: string; stopped?: true };

describe('processes starting in the same instant', () => {
  let h: Harness | undefined;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const urls: string[] = [];

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await h?.close();
    for (const url of urls) await dropTestDatabase(url).catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function freshDatabase(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'arahan-start-'));
    dirs.push(dir);
    const url = await createTestDatabaseUrl(dir);
    urls.push(url);
    return url;
  }

  function ask(child: ChildProcess, msg: unknown): Promise<Reply> {
    const reply = once(child, 'message') as Promise<[Reply]>;
    child.send(msg as never);
    return reply.then(([r]) => r);
  }

  it('four processes start Arahan together, twenty times over (a fresh database every fourth time): none fails', { timeout: 120_000 }, async () => {
    h = await startHarness({}, { bot: false, workers: false });
    await h.app.stop();
    for (let i = 0; i < 4; i++) {
      const child = fork('test/support/start-child.ts', [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
      logScan.watchStream(`start-child ${i}`, child.stdout!);
      children.push(child);
    }
    await Promise.all(children.map((c) => once(c, 'message')));

    let databaseUrl = h.config.databaseUrl;
    const failures: string[] = [];
    for (let round = 0; round < 20; round++) {
      if (round % 4 === 1) databaseUrl = await freshDatabase();
      const env = childEnv(h.config, {
        DATABASE_URL: databaseUrl,
        ADMIN_IDS: '1001,1002',
        BOT_MODE: 'webhook',
        WEBHOOK_URL: 'https://x.example/telegram',
        WEBHOOK_SECRET: 'rahasia_mulai_bersamaan_2026',
        DIGEST_CRON: '0 7 * * 1',
      });
      const replies = await Promise.all(children.map((c) => ask(c, { cmd: 'start', env, botInfo: h!.tg.botInfo })));
      replies.forEach((r, i) => {
        if (!r.ok) failures.push(`round ${round}, process ${i}: ${r.error}`);
      });
      const prefixes = new Set(replies.filter((r) => r.ok).map((r) => r.prefix));
      expect(prefixes.size, `round ${round}: one installation, one queue prefix`).toBeLessThanOrEqual(1);
      const [prefix] = [...prefixes];
      if (prefix) {
        const digest = new Queue('digest', { connection: { url: REDIS_URL }, prefix });
        expect(await digest.getJobSchedulersCount(), `round ${round}: one digest scheduler`).toBe(1);
        await digest.close();
      }
      await Promise.all(children.map((c) => ask(c, { cmd: 'stop' })));
    }
    expect(failures).toEqual([]);
    // Bootstrap admins raced four times: each exists once.
    const db = createDatabase(databaseUrl);
    const admins = await db.selectFrom('people').select('telegram_id').where('role', '=', 'admin').execute();
    await db.destroy();
    expect(admins.map((a) => Number(a.telegram_id)).sort()).toEqual([1001, 1002]);
  });
});
