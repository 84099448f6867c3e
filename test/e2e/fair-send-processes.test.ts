import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_LIMITS } from '../support/fake-telegram';
import { ask, buttonsOf, callText, childEnv, freePort, GOVERNOR, lastSeq, sentMessageId, setupOrg, startHarness, until, type Harness, type OrgMember } from '../support/harness';
import { logScan } from '../support/log-scan';

/**
 * Issue #14: the fair gate is still one budget for every process. The bot (with its workers)
 * and a second worker process share Telegram's limits through Redis at the production rates
 * (29 a second in all, 1 a second into a chat, 20 a minute into a group): a leader's Kirim to
 * 60 groups, delivered by both processes while the leader's own chat waits for its 1 a second,
 * gets no 429 from the fake Bot API (Telegram's limits: 30 a second, sliding windows), and
 * every group has the instruction exactly once. Two processes each keeping 29 a second on
 * their own would send up to 58.
 */
const OPDS = 60;
const RATES = { RATE_GLOBAL_PER_SECOND: '29', RATE_CHAT_PER_SECOND: '1', RATE_GROUP_PER_MINUTE: '20' };

describe('fair sending across two processes', () => {
  let h: Harness;
  let org: OrgMember[];
  let worker: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    h = await startHarness(RATES);
    org = await setupOrg(h, OPDS, 500, 'database');
    port = await freePort();
    worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'worker'], {
      env: childEnv(h.config, { ...RATES, PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    logScan.watchStream('worker process', worker.stdout!);
    await until(
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        ),
      60_000,
    );
    h.tg.setLimits(TELEGRAM_LIMITS);
    h.tg.resetStats();
  }, 90_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = once(worker, 'exit');
      worker.kill('SIGTERM');
      const timer = setTimeout(() => worker?.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await h?.close();
  });

  /** How many messages the worker process sent (its /metrics). */
  async function sentByWorker(): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return Number(/^arahan_messages_sent_total\{method="sendMessage"\} (\d+)$/m.exec(text)?.[1] ?? 0);
  }

  it('a Kirim to 60 groups: no 429, each group once, the leader’s tap answered first, both processes sending', { timeout: 60_000 }, async () => {
    const preview = await ask(h.tg, GOVERNOR, '/arahan\nKepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\nMohon laporkan kesiapan posko siaga banjir.');
    const kirim = buttonsOf(preview).find(([label]) => label === 'Kirim')![1];
    const seq = lastSeq(h.tg);
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(preview), data: kirim });

    const summary = await h.tg.waitForMessage(GOVERNOR.id, /📊 <b>ARH-\d{4}-\d{4}<\/b>/);
    await Promise.all(org.map((m) => h.tg.waitForMessage(m.group.id, 'ARAHAN ARH-', { timeoutMs: 30_000 })));
    // A late duplicate (a job run twice) would show up by the time the summary is current.
    await h.tg.waitForMessage(GOVERNOR.id, `0/${OPDS} OPD sudah konfirmasi`, { includeEdits: true });

    expect(h.tg.stats.tooManyRequests).toBe(0);
    for (const m of org) expect(h.tg.sent(m.group.id).filter((c) => c.seq > seq && callText(c).includes('ARAHAN ARH-'))).toHaveLength(1);
    const mine = h.tg.calls.filter((c) => c.seq > seq && c.ok && Number(c.payload.chat_id) === GOVERNOR.id);
    expect(mine[0]!.method).toBe('editMessageText');
    expect(callText(mine[0]!)).toContain(`sedang dikirim ke ${OPDS} grup OPD`);
    expect(mine[1]!.seq).toBe(summary.seq);
    // The second process did take part in the broadcast (not one process sending alone).
    expect(await sentByWorker()).toBeGreaterThan(0);
  });
});
