import { existsSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as adminCli } from '../../src/cli/admin';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { issueInstruction } from '../../src/features/issue/issue';
import { usePostgres } from '../support/db';
import { callText, GOVERNOR, privateMessageUpdate, setupOrgWithoutPolling, startHarness, type Harness } from '../support/harness';

/**
 * Issue #7, operations: webhook mode with its secret token, health and readiness, Prometheus
 * metrics after a broadcast, and a consistent SQLite backup while the bot runs.
 */
const SECRET = 'rahasia_webhook_arahan_2026';

describe('webhook mode and operations', () => {
  let h: Harness;
  let base: string;
  let updateId = 1;

  beforeAll(async () => {
    h = await startHarness({ BOT_MODE: 'webhook', WEBHOOK_URL: 'https://arahan.example.go.id/telegram', WEBHOOK_SECRET: SECRET, DASHBOARD_PASSWORD: 'sandi-operator-2026' });
    base = `http://127.0.0.1:${h.app.httpPort()}`;
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (body: unknown, secret?: string) =>
    fetch(`${base}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(body),
    });
  const startFrom = (id: number, text = '/start') => privateMessageUpdate(updateId++, id, text);

  it('processes an update that carries the right secret token', async () => {
    const res = await post(startFrom(60001), SECRET);
    expect(res.status).toBe(200);
    await h.tg.waitForMessage(60001, 'Selamat datang di <b>Arahan</b>');
  });

  it('refuses a wrong or missing secret with 401 and changes nothing', async () => {
    const wrong = await post(startFrom(60002), 'tebakan-yang-salah-sekali');
    expect(wrong.status).toBe(401);
    const missing = await post(startFrom(60003));
    expect(missing.status).toBe(401);
    // A correct call after them is answered; the refused ones never were.
    await post(startFrom(60004), SECRET);
    await h.tg.waitForMessage(60004, 'Selamat datang');
    expect(h.tg.sent(60002)).toHaveLength(0);
    expect(h.tg.sent(60003)).toHaveLength(0);
  });

  it('serves the queue dashboard only with the operator password', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const wrong = Buffer.from('admin:salah-sandi-sekali').toString('base64');
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${wrong}` } })).status).toBe(401);
    const right = Buffer.from('admin:sandi-operator-2026').toString('base64');
    const page = await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${right}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: `Basic ${right}` } });
    expect(JSON.stringify(await api.json())).toContain('"name":"send"');
  });

  it('answers liveness and readiness', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok', telegram: 'ok' } });
  });

  it('exposes metrics: updates handled, messages sent, queue depths', async () => {
    await setupOrgWithoutPolling(h, 3);
    const governor = (await findPersonByTelegramId(h.app.deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(h.app.deps, governor, {
      text: 'Uji metrik.',
      target: { kind: 'all' },
      ackDeadline: now + 3_600_000,
      dueAt: now + 7_200_000,
      priority: 'segera',
    });
    if (!res.ok) throw new Error('issue failed');
    await h.tg.waitFor((c) => c.method === 'sendMessage' && callText(c).includes(`ARAHAN ${res.number}`), { count: 3 });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/arahan_updates_total\{type="message"\} [1-9]/);
    const sent = /arahan_messages_sent_total\{method="sendMessage"\} (\d+)/.exec(text);
    expect(Number(sent?.[1])).toBeGreaterThanOrEqual(3);
    expect(text).toContain('arahan_queue_jobs{queue="send"');
    expect(text).toContain('arahan_telegram_429_total 0');
  });

  it('backs up the database while the bot runs (SQLite; PostgreSQL points to pg_dump)', async () => {
    if (usePostgres) {
      const lines: string[] = [];
      const code = await adminCli(['backup', join(h.dir, 'x.db')], { DATABASE_URL: h.config.databaseUrl }, { log: (l) => lines.push(l), error: (l) => lines.push(l) });
      expect(code).toBe(2);
      expect(lines.join('\n')).toContain('pg_dump');
      return;
    }
    const file = join(h.dir, 'cadangan', 'arahan-backup.db');
    const lines: string[] = [];
    const code = await adminCli(['backup', file], { DATABASE_URL: h.config.databaseUrl }, { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines.join('\n')).toContain('Cadangan tersimpan');
    expect(existsSync(file)).toBe(true);
    const copy = new SQLite(file, { readonly: true });
    const opds = copy.prepare('select count(*) as n from opds').get() as { n: number };
    copy.close();
    expect(opds.n).toBe(3);
    // Backing up onto an existing file is refused.
    expect(await adminCli(['backup', file], { DATABASE_URL: h.config.databaseUrl }, { log: () => undefined, error: () => undefined })).toBe(1);
  });
});
