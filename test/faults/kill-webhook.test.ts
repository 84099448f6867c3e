import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, childEnv, issueTo, setupOrgWithoutPolling, startHarness, until, type Harness, type IssuedInstruction, type OrgMember } from '../support/harness';
import { logScan } from '../support/log-scan';
import { figure } from './figures';

/**
 * The acknowledgement kill point of kill-points.test.ts, in webhook mode: a bot process
 * (`src/main.ts --role bot`, webhook) killed with SIGKILL in the middle of a burst of ✅
 * presses, then started again. The test plays Telegram: it posts each update to the webhook and
 * posts again, to the new process, every update that did not get its 200 (Telegram redelivers
 * until it does). As in long polling, a press whose handling had started when the process died
 * may be lost (its person saw no answer and presses again); no acknowledgement is recorded
 * twice, every group message ends up showing its acknowledgement.
 */
const SECRET = 'rahasia_webhook_kill_2026';
const OPDS = 10;

describe('kill points in webhook mode', () => {
  let h: Harness;
  let org: OrgMember[];
  let issued: IssuedInstruction;
  let bot: ChildProcess | null = null;
  let port = 0;
  let losses = 0;
  let doubles = 0;

  beforeAll(async () => {
    h = await startHarness({}, { bot: false, workers: true });
    org = await setupOrgWithoutPolling(h, OPDS);
    issued = await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 7_200_000 });
  }, 60_000);
  afterAll(async () => {
    if (bot && bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
    figure('kill points tried (SIGKILL mid-flow, then restart)', 1);
    figure('losses after a kill (committed state not carried out)', losses);
    figure('double effects after a kill', doubles);
    await h?.close();
  });

  async function startBot(): Promise<void> {
    port = await freePort();
    bot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'bot'], {
      env: childEnv(h.config, { BOT_MODE: 'webhook', WEBHOOK_URL: 'https://arahan.example.go.id/telegram', WEBHOOK_SECRET: SECRET, PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    logScan.watchStream('webhook bot process', bot.stdout!);
    // A cold start under load (tsx compiling) can take a while.
    await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok === true, 60_000);
  }

  /** Telegram's side: the webhook answered 200, or not (then the update is delivered again). */
  async function deliver(update: Update): Promise<boolean> {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/telegram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify(update),
      });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  it('a burst of ✅ presses, the bot process killed mid-way: redelivered updates are handled by the next process; each OPD acknowledged once and shown', {
    timeout: 180_000,
  }, async () => {
    await startBot();
    const press = (o: OrgMember) => h.tg.pressButton({ from: o.head, chatId: o.group.id, messageId: issued.message[o.code]!, data: `ack:${issued.assignment[o.code]}` });
    const updates = org.map(press);
    const answered = () => updates.filter((u) => h.tg.calls.some((c) => c.ok && c.method === 'answerCallbackQuery' && c.payload.callback_query_id === u.callback_query!.id));
    const results = updates.map((u) => deliver(u));
    await until(() => answered().length >= 3);
    bot!.kill('SIGKILL');
    await once(bot!, 'exit');
    const delivered = await Promise.all(results);
    await startBot();
    // Telegram redelivers what did not get a 200, to the new process.
    const again = updates.filter((_, i) => !delivered[i]);
    figure('updates redelivered after a kill (webhook, no 200)', again.length);
    expect((await Promise.all(again.map(deliver))).every(Boolean)).toBe(true);
    // A press lost with the process (no answer) is pressed again by its person.
    const db = h.app.deps.db;
    const acked = async () =>
      (await db.selectFrom('assignments').select('state').where('instruction_id', '=', issued.instructionId).execute()).filter((r) => r.state !== 'delivered').length;
    for (const [i, o] of org.entries()) if (!answered().includes(updates[i]!)) expect(await deliver(press(o))).toBe(true);
    await until(async () => (await acked()) === OPDS, 30_000);
    const events = await db.selectFrom('events').select('assignment_id').where('instruction_id', '=', issued.instructionId).where('kind', '=', 'acknowledged').execute();
    const perOpd = org.map((o) => events.filter((e) => e.assignment_id === issued.assignment[o.code]).length);
    losses += perOpd.filter((n) => n === 0).length;
    doubles += perOpd.filter((n) => n > 1).length;
    expect(perOpd).toEqual(org.map(() => 1));
    for (const o of org) await until(() => String(h.tg.getMessage(o.group.id, issued.message[o.code]!)?.text ?? '').includes('✅ Diterima oleh'), 30_000);
  });
});
