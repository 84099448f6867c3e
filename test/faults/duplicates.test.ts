import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { parseConfig } from '../../src/infra/config';
import { callText, childEnv, GOVERNOR, issueTo, setupOrgWithoutPolling, startHarness, until, type Harness, type IssuedInstruction, type OrgMember } from '../support/harness';
import { testLogger } from '../support/log-scan';
import { figure } from './figures';

/**
 * Duplicate and out-of-order updates in production shape: two webhook processes on one
 * database and one Redis. Telegram redelivers an update after any non-2xx or timeout, to
 * whichever process answers; here every update — ✅ presses and reports replied in the
 * groups — is delivered three times, shuffled, to both processes at once. Each has its
 * effect once: one acknowledgement per OPD, one report per reply, one forward to the issuer.
 */
const SECRET = 'rahasia_webhook_duplikat_2026';
const OPDS = 6;

describe('duplicate and out-of-order updates across two webhook processes', () => {
  let h: Harness;
  let apps: App[];
  let org: OrgMember[];
  let issued: IssuedInstruction;

  beforeAll(async () => {
    h = await startHarness({ DIGEST_CRON: 'off' }, { bot: false, workers: true });
    org = await setupOrgWithoutPolling(h, OPDS);
    const config = parseConfig({
      ...childEnv(h.config),
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://arahan.example.go.id/telegram',
      WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'info',
      DIGEST_CRON: 'off',
    });
    apps = [];
    for (const name of ['webhook A', 'webhook B']) {
      const app = await createApp(config, { logger: testLogger(config, { source: name }), botInfo: h.tg.botInfo });
      await app.start({ bot: true, workers: false });
      apps.push(app);
    }
    issued = await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 7_200_000 });
  }, 60_000);
  afterAll(async () => {
    for (const app of apps ?? []) await app.stop();
    await h?.close();
  });

  const post = (app: App, update: Update) =>
    fetch(`http://127.0.0.1:${app.httpPort()}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });

  it('every update three times, shuffled, to both processes at once: each effect once', { timeout: 60_000 }, async () => {
    const updates: Update[] = [];
    for (const o of org) {
      updates.push(h.tg.pressButton({ from: o.head, chatId: o.group.id, messageId: issued.message[o.code]!, data: `ack:${issued.assignment[o.code]}` }));
    }
    const reporters = org.slice(0, 3);
    for (const o of reporters) {
      updates.push(h.tg.sendText({ from: o.head, chat: o.group, text: `Laporan ${o.code}: posko siaga sudah aktif sejak pagi.`, replyToMessageId: issued.message[o.code] }));
    }
    // Three copies of each, in a shuffled order (a fixed permutation: reproducible).
    const copies = [...updates, ...updates, ...updates];
    const order = copies.map((_, i) => (i * 7 + 3) % copies.length);
    const answers = await Promise.all(order.map((i, k) => post(apps[k % 2]!, copies[i]!)));
    expect(answers.map((r) => r.status)).toEqual(order.map(() => 200));

    const db = h.app.deps.db;
    await until(async () => (await db.selectFrom('reports').select('id').where('instruction_id', '=', issued.instructionId).execute()).length >= reporters.length);
    const forwarded = (o: OrgMember) => h.tg.calls.filter((c) => c.ok && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes(`Laporan ${o.code}:`)).length;
    await until(() => reporters.every((o) => forwarded(o) >= 1), 30_000);
    const acks = await db.selectFrom('events').select('assignment_id').where('instruction_id', '=', issued.instructionId).where('kind', '=', 'acknowledged').execute();
    const reports = await db.selectFrom('reports').select('assignment_id').where('instruction_id', '=', issued.instructionId).execute();
    const perOpdAcks = org.map((o) => acks.filter((a) => a.assignment_id === issued.assignment[o.code]).length);
    const perOpdReports = reporters.map((o) => reports.filter((r) => r.assignment_id === issued.assignment[o.code]).length);
    const perOpdForwards = reporters.map(forwarded);
    figure('duplicate deliveries of an update tried', copies.length - updates.length);
    figure('double effects from duplicate updates', [...perOpdAcks, ...perOpdReports, ...perOpdForwards].filter((n) => n > 1).length);
    expect(perOpdAcks).toEqual(org.map(() => 1));
    expect(perOpdReports).toEqual(reporters.map(() => 1));
    expect(perOpdForwards).toEqual(reporters.map(() => 1));
    // Each ✅ press is answered once, by whichever process claimed it.
    for (const u of updates.filter((x) => x.callback_query)) {
      expect(h.tg.calls.filter((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === u.callback_query!.id)).toHaveLength(1);
    }
  });
});
