import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, dropTestDatabase } from '../support/db';
import { FakeTelegram } from '../support/fake-telegram';
import { logScan, secretsOfEnv } from '../support/log-scan';

/**
 * Issue #15: when Redis is down, `npm start` names Redis — where it tried and why it failed —
 * at warn level, once, and keeps trying; before, ioredis printed "[ioredis] Unhandled error
 * event" with a stack trace on every reconnection attempt.
 */
describe('npm start when Redis cannot be reached', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arahan-redis-down-'));
  let child: ChildProcess | null = null;
  let tg: FakeTelegram | null = null;
  let databaseUrl = '';

  afterAll(async () => {
    child?.kill('SIGKILL');
    await tg?.stop();
    if (databaseUrl) await dropTestDatabase(databaseUrl).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says once, at warn level, that Redis at host:port refused the connection; no stack traces; keeps running', async () => {
    tg = await FakeTelegram.start();
    databaseUrl = await createTestDatabaseUrl(dir);
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const env = {
      PATH: process.env.PATH ?? '',
      BOT_TOKEN: tg.token,
      BOT_API_ROOT: tg.apiRoot,
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      QUEUE_PREFIX: `arahan-test-${randomBytes(6).toString('hex')}`,
      LOG_LEVEL: 'info',
      PORT: '0',
      HTTP_HOST: '127.0.0.1',
    };
    logScan.addSecrets(secretsOfEnv(env));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    logScan.watchStream('start without Redis', child.stdout!);
    const lines: Array<{ level: number; msg: string; redis?: string; reason?: string }> = [];
    let stderr = '';
    let rest = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      rest += chunk.toString();
      const parts = rest.split('\n');
      rest = parts.pop()!;
      for (const p of parts) {
        try {
          lines.push(JSON.parse(p));
        } catch {
          lines.push({ level: 0, msg: p });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const warned = () => lines.filter((l) => l.level === 40 && l.msg.includes('Redis is unreachable'));
    const end = Date.now() + 60_000;
    while (warned().length === 0 && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(warned(), JSON.stringify(lines)).toHaveLength(1);
    expect(warned()[0]!.redis).toBe(`127.0.0.1:${port}`);
    expect(warned()[0]!.reason).toBe('ECONNREFUSED');
    // Several reconnection attempts later: still one warning, no stack trace, still running.
    const seen = lines.length;
    const later = Date.now() + 3_000;
    while (Date.now() < later) await new Promise((r) => setTimeout(r, 100));
    expect(warned()).toHaveLength(1);
    expect(lines.length - seen).toBeLessThan(5);
    expect(stderr).not.toContain('Unhandled error event');
    expect(child.exitCode).toBeNull();
  }, 90_000);
});
