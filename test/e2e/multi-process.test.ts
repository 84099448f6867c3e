import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Update } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { localParts } from '../../src/domain/time';
import type { RecordedCall } from '../support/fake-telegram';
import {
  freePort,
  buttonData,
  callText,
  GOVERNOR,
  childEnv,
  importCsv,
  SECRETARIAT,
  sentMessageId,
  setupOrgWithoutPolling,
  startHarness,
  type Harness,
  type OrgMember,
  waitForValue as until,
} from '../support/harness';
import { logScan } from '../support/log-scan';

/**
 * Issue: two bot processes (webhook mode) and two worker processes against one Redis and one
 * database. Eight issuers press Kirim at about the same time on alternating bots: the
 * instructions are numbered ARH-<year>-0001…0008 without gaps or clashes, every OPD group gets
 * each instruction exactly once (sent by the worker processes), each issuer gets one summary,
 * and the weekly digest (its job scheduler firing every second, raced by both workers) reaches
 * each pimpinan and the secretariat group once.
 */
const SECRET = 'rahasia_webhook_multi_proses_2026';
const WEBHOOK_URL = 'https://x.example/telegram';
const SECRETARIAT_GROUP = -100990;
const OPDS = 20;

type Issuer = { id: number; first_name: string; last_name: string; role: 'pimpinan' | 'sekretariat' };
const ISSUERS: Issuer[] = [
  { ...GOVERNOR, role: 'pimpinan' },
  { ...SECRETARIAT, role: 'sekretariat' },
  ...[1, 2, 3].map((i) => ({ id: 2100 + i, first_name: `Wakil${i}`, last_name: 'Pimpinan', role: 'pimpinan' as const })),
  ...[1, 2, 3].map((i) => ({ id: 2200 + i, first_name: `Staf${i}`, last_name: 'Sekretariat', role: 'sekretariat' as const })),
];
const PIMPINAN = ISSUERS.filter((i) => i.role === 'pimpinan');

interface Child {
  role: 'bot' | 'worker';
  port: number;
  proc: ChildProcess;
}

/** A port nobody listens on right now (the child binds it moments later). */

describe('two bot and two worker processes on one Redis and one database', () => {
  let h: Harness | undefined;
  const children: Child[] = [];

  async function stopChildren(): Promise<void> {
    await Promise.all(
      children.splice(0).map(async ({ proc }) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return;
        const exited = once(proc, 'exit');
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  afterAll(async () => {
    // Children first: a live worker would recreate the Redis keys the harness removes.
    await stopChildren();
    await h?.close();
  });

  async function spawnRole(role: 'bot' | 'worker'): Promise<Child> {
    const c = h!.config;
    const port = await freePort();
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', role], {
      env: childEnv(c, {
        RATE_GLOBAL_PER_SECOND: '10000',
        RATE_CHAT_PER_SECOND: '10000',
        RATE_GROUP_PER_MINUTE: '100000',
        SUMMARY_EDIT_INTERVAL: '1s',
        DIGEST_CRON: '* * * * * *',
        SECRETARIAT_CHAT_ID: String(SECRETARIAT_GROUP),
        PORT: String(port),
        ...(role === 'bot' ? { BOT_MODE: 'webhook', WEBHOOK_URL, WEBHOOK_SECRET: SECRET } : {}),
      }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    logScan.watchStream(`${role} process`, proc.stdout!);
    const child = { role, port, proc };
    children.push(child);
    return child;
  }

  /** Resolves once the child's /healthz answers; fails at once if the child exits. */
  async function healthy(child: Child): Promise<void> {
    await until(
      async () => {
        if (child.proc.exitCode !== null || child.proc.signalCode !== null)
          throw new Error(`the ${child.role} process on port ${child.port} exited (${child.proc.exitCode ?? child.proc.signalCode})`);
        return fetch(`http://127.0.0.1:${child.port}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
      },
      (status) => status === 200,
      `/healthz of the ${child.role} process on port ${child.port}`,
      60_000,
    );
  }

  /** Posts an update (as Telegram would) to one bot process's webhook; resolves when it was handled. */
  async function post(bot: Child, update: Update): Promise<void> {
    const res = await fetch(`http://127.0.0.1:${bot.port}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status, `webhook answer to update ${update.update_id}`).toBe(200);
  }

  /** `arahan_messages_sent_total{method=…}` of one process. */
  async function sentBy(child: Child, method = 'sendMessage'): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${child.port}/metrics`)).text();
    const m = new RegExp(`^arahan_messages_sent_total\\{method="${method}"\\} (\\d+)$`, 'm').exec(text);
    return Number(m?.[1] ?? 0);
  }

  it('deliver each broadcast once per OPD, number without gaps or clashes, and send one digest', { timeout: 120_000 }, async () => {
    const t0 = Date.now();
    // The test process itself runs neither the bot nor the workers, and leaves the digest to the children.
    h = await startHarness({ DIGEST_CRON: 'off', SECRETARIAT_CHAT_ID: String(SECRETARIAT_GROUP) }, { bot: false, workers: false });
    const tg = h.tg;
    const db = h.app.deps.db;
    const org: OrgMember[] = await setupOrgWithoutPolling(h, OPDS);
    const peopleCsv = ['telegram_id,nama,peran,kode_opd', ...ISSUERS.slice(2).map((i) => `${i.id},${i.first_name} ${i.last_name},${i.role},`)].join('\n');
    expect(await importCsv(h, 'import-people', peopleCsv)).toBe(0);

    const workers = [await spawnRole('worker'), await spawnRole('worker')];
    const bots = [await spawnRole('bot'), await spawnRole('bot')];
    await Promise.all([...workers, ...bots].map(healthy));
    const tReady = Date.now();

    // Each issuer writes the letter form to one of the two bots (alternating) and gets a preview.
    // The secretariat issues on a named leader's behalf ("atas nama").
    const letter = (i: number) =>
      `/arahan\nKepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\nSifat: segera\n${ISSUERS[i]!.role === 'sekretariat' ? 'Atas nama: Herman Gubernur\n' : ''}\nArahan uji banyak proses nomor ${i + 1}: mohon laporkan kesiapan posko.`;
    const previews = await Promise.all(
      ISSUERS.map(async (issuer, i) => {
        await post(bots[i % 2]!, tg.sendText({ from: issuer, text: letter(i) }));
        const [preview] = await tg.waitFor((c) => c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === issuer.id && callText(c).includes('Pratinjau arahan'), {
          description: `the preview for ${issuer.first_name}`,
        });
        return sentMessageId(preview!);
      }),
    );
    // Kirim's callback data as it is on each preview (`dr:send`, with the preview's revision if any).
    const kirim = ISSUERS.map((issuer, i) => buttonData(tg, issuer.id, previews[i]!, 'Kirim'));
    for (const data of kirim) expect(data).toMatch(/^dr:send(:\w+)?$/);

    // All press Kirim at about the same time, on alternating bots (the other bot than the preview's).
    const tSend = Date.now();
    const presses = ISSUERS.map((issuer, i) => tg.pressButton({ from: issuer, chatId: issuer.id, messageId: previews[i]!, data: kirim[i]! }));
    await Promise.all(presses.map((u, i) => post(bots[(i + 1) % 2]!, u)));
    // (The webhook answers when the update was handled, or after 9 s regardless: wait for the answers.)
    // (The preview itself turns into "sedang dikirim …": an edit, issue #14.)
    const isIssued = (c: RecordedCall) => c.ok && c.method === 'editMessageText' && callText(c).includes('sedang dikirim');
    await tg.waitFor(isIssued, { count: ISSUERS.length, timeoutMs: 30_000, description: 'every issuer\'s "sedang dikirim"' });

    // Numbers: exactly ARH-<year>-0001…0008, one per issuer, in the database and in the answers.
    const year = localParts(Date.now(), h.config.timezone).year;
    const expected = ISSUERS.map((_, i) => `ARH-${year}-${String(i + 1).padStart(4, '0')}`);
    const rows = await db
      .selectFrom('instructions as i')
      .innerJoin('people as p', 'p.id', 'i.issuer_id')
      .select(['i.number', 'i.id', 'p.telegram_id'])
      .orderBy('i.number')
      .execute();
    expect(rows.map((r) => r.number)).toEqual(expected);
    expect(rows.map((r) => Number(r.telegram_id)).sort()).toEqual(ISSUERS.map((i) => i.id).sort());
    const numberOf = new Map(rows.map((r) => [Number(r.telegram_id), r.number]));
    const seq = await db.selectFrom('number_sequences').selectAll().execute();
    expect(seq.map((s) => [Number(s.year), Number(s.last_seq)])).toEqual([[year, ISSUERS.length]]);
    for (const issuer of ISSUERS) {
      const answers = tg.callsTo('editMessageText').filter((c) => isIssued(c) && Number(c.payload.chat_id) === issuer.id);
      // Told once that it goes out (the preview's later counter edits say (n/N) with n > 0, issue #14).
      expect(
        answers.map(callText).filter((t) => t.includes(`(0/${OPDS})`)),
        issuer.first_name,
      ).toEqual([`Arahan <b>${numberOf.get(issuer.id)}</b> sedang dikirim ke ${OPDS} grup OPD (0/${OPDS}).`]);
    }
    const answered = presses.map((u) => tg.callsTo('answerCallbackQuery').filter((c) => c.ok && String(c.payload.callback_query_id) === u.callback_query!.id).length);
    expect(answered).toEqual(ISSUERS.map(() => 1));

    // Every group gets every instruction once.
    const isDelivery = (c: RecordedCall) => c.ok && c.method === 'sendMessage' && /ARAHAN ARH-\d{4}-\d{4}<\/b>/.test(callText(c));
    await tg.waitFor(isDelivery, { count: OPDS * ISSUERS.length, timeoutMs: 60_000, description: 'every delivery' });
    await until(
      () => db.selectFrom('assignments').select(['delivery_state']).execute(),
      (a) => a.length === OPDS * ISSUERS.length && a.every((x) => x.delivery_state === 'sent'),
      'every assignment recorded as sent',
    );
    const tDelivered = Date.now();
    for (const o of org) {
      const got = tg.sent(o.group.id).map((c) => /ARAHAN (ARH-\d{4}-\d{4})<\/b>/.exec(callText(c))?.[1]);
      expect(got.sort(), o.code).toEqual(expected);
    }

    // One summary message per issuer, the one recorded on their instruction.
    for (const issuer of ISSUERS) {
      const number = numberOf.get(issuer.id)!;
      const summaries = tg.sent(issuer.id).filter((c) => callText(c).includes(`📊 <b>${number}</b>`));
      expect(summaries, issuer.first_name).toHaveLength(1);
      expect(tg.sent(issuer.id).filter((c) => callText(c).includes('📊 <b>ARH-'))).toHaveLength(1);
      const stored = await db.selectFrom('instructions').select(['summary_chat_id', 'summary_message_id']).where('number', '=', number).executeTakeFirstOrThrow();
      expect([Number(stored.summary_chat_id), Number(stored.summary_message_id)]).toEqual([issuer.id, sentMessageId(summaries[0]!)]);
    }

    // The digest: the scheduler has fired several times, raced by both workers; one each.
    const runs = await until(
      async () =>
        Number(
          (
            await db
              .selectFrom('events')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('kind', '=', 'digest_run')
              .executeTakeFirstOrThrow()
          ).n,
        ),
      (n) => n >= 3,
      'three digest runs',
      30_000,
    );
    const tDigest = Date.now();
    const isDigest = (chatId: number) => (c: RecordedCall) =>
      c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === chatId && callText(c).includes('Ringkasan mingguan arahan');
    const isChart = (chatId: number) => (c: RecordedCall) => c.ok && c.method === 'sendPhoto' && Number(c.payload.chat_id) === chatId;
    for (const chat of [...PIMPINAN.map((p) => p.id), SECRETARIAT_GROUP]) {
      expect(tg.calls.filter(isDigest(chat)), `digests to ${chat}`).toHaveLength(1);
      expect(tg.calls.filter(isChart(chat)), `charts to ${chat}`).toHaveLength(1);
    }
    for (const staff of ISSUERS.filter((i) => i.role === 'sekretariat')) expect(tg.calls.filter(isDigest(staff.id))).toHaveLength(0);

    // Sent by the worker processes, both of them (deliveries and digests); the bots sent only
    // the previews and the summaries, and edited the previews into "sedang dikirim".
    const digestTexts = tg.calls.filter((c) => c.ok && c.method === 'sendMessage' && callText(c).includes('Ringkasan mingguan arahan')).length;
    expect(digestTexts).toBe(PIMPINAN.length + 1);
    const byWorker = await until(
      () => Promise.all(workers.map((w) => sentBy(w))),
      // … and the notices telling the named leader of each "atas nama" instruction.
      (n) => n[0]! + n[1]! === OPDS * ISSUERS.length + digestTexts + ISSUERS.filter((i) => i.role === 'sekretariat').length,
      "the workers' sendMessage counters",
      5_000,
    );
    for (const n of byWorker) expect(n, `sendMessage per worker ${JSON.stringify(byWorker)}`).toBeGreaterThan(0);
    // Each bot took half the letters and half the presses: a preview and a summary each (the
    // answer to Kirim turns the preview into "sedang dikirim": an edit, issue #14).
    const byBot = await Promise.all(bots.map((b) => sentBy(b)));
    expect(byBot).toEqual([(2 * ISSUERS.length) / 2, (2 * ISSUERS.length) / 2]);
    expect(await Promise.all(bots.map((b) => sentBy(b, 'editMessageText')))).toEqual([ISSUERS.length / 2, ISSUERS.length / 2]);

    if (process.env.TEST_TIMINGS) {
      console.info(
        `multi-process: setup ${tReady - t0} ms (children healthy), previews+send ${tSend - tReady} ms, ` +
          `delivered ${OPDS * ISSUERS.length} in ${tDelivered - tSend} ms, digest runs=${runs} after ${tDigest - tDelivered} ms more; ` +
          `sendMessage by worker ${JSON.stringify(byWorker)}, by bot ${JSON.stringify(byBot)}`,
      );
    }
  });
});
