import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAST, DEMO_OPDS, GOVERNOR, SECRETARIAT_GROUP } from '../../src/sandbox/seed';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { removeRedisKeys, waitForValue } from '../support/harness';
import { postSandbox, SANDBOX_TEST_ENV } from '../support/sandbox';

/**
 * `npm run sandbox` (issue #17): the real app against the simulator. The first start seeds the
 * demo province, a second start on the same data does not seed again, and "⏩ ke pengingat
 * berikutnya" moves the sandbox clock to the next timer, which fires — up to the overdue notice
 * and the weekly digest.
 */
const ENV = SANDBOX_TEST_ENV;
const DINKES = DEMO_OPDS[0]!;
const HEAD_DINKES = 3001; // Budi Santoso

describe('the sandbox', () => {
  let dir: string;
  let prefix: string;
  let sandbox: Sandbox | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'arahan-sandbox-e2e-'));
    prefix = `arahan-sandbox-test-${randomBytes(6).toString('hex')}`;
  });
  afterAll(async () => {
    await sandbox?.stop();
    await removeRedisKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) => postSandbox(sandbox!.url, path, body);

  it('seeds the demo province on first start, through the import and the group linking', async () => {
    sandbox = await startSandbox({ dir, port: 0, redisPrefix: prefix, env: ENV });
    expect(sandbox.seeded).toBe(true);
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const db = sandbox.app.deps.db;
    const opds = await db.selectFrom('opds').select(['code', 'cluster', 'chat_id', 'chat_status']).orderBy('code').execute();
    expect(opds).toHaveLength(10);
    expect(new Set(opds.map((o) => o.cluster)).size).toBe(3);
    expect(opds.every((o) => o.chat_status === 'linked' && o.chat_id !== null)).toBe(true);
    const people = await db.selectFrom('people').select(['role']).execute();
    expect(people).toHaveLength(CAST.length);
    expect(people.filter((p) => p.role === 'kepala')).toHaveLength(10);
    expect(people.filter((p) => p.role === 'staf')).toHaveLength(10);
    // The page is served, says what it is, and the app's own port answers through the sandbox.
    expect(await (await fetch(sandbox.url)).text()).toContain('tidak ada pesan yang dikirim ke Telegram');
    expect(await (await fetch(`${sandbox.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('a second start on the same data does not seed again', async () => {
    await sandbox!.stop();
    sandbox = await startSandbox({ dir, port: 0, redisPrefix: prefix, env: ENV });
    expect(sandbox.seeded).toBe(false);
    expect(await sandbox.app.deps.db.selectFrom('opds').select('id').execute()).toHaveLength(10);
    expect(await sandbox.app.deps.db.selectFrom('people').select('id').execute()).toHaveLength(CAST.length);
  });

  it('the time jump fires the next reminder, on the sandbox clock', async () => {
    const sim = sandbox!.sim;
    expect((await post('/sandbox/api/clock/jump', {})).body.jumpedTo).toBeNull();
    await post('/sandbox/api/send', {
      as: GOVERNOR.id,
      chat: GOVERNOR.id,
      text: `/arahan\nKepada: ${DINKES.code}\nKonfirmasi: 1 jam\nSelesai: 2 hari\nSifat: penting\n\nMohon data stok obat.`,
    });
    const preview = (await sim.waitForMessage(GOVERNOR.id, 'Pratinjau arahan')).response as {
      result: { message_id: number; reply_markup: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } };
    };
    const kirim = preview.result.reply_markup.inline_keyboard.flat().find((b) => b.text === 'Kirim')!;
    await post('/sandbox/api/press', { as: GOVERNOR.id, chat: GOVERNOR.id, message: preview.result.message_id, data: kirim.callback_data });
    await sim.waitForMessage(DINKES.group.id, 'ARAHAN ARH-');
    // The delivery is recorded, and its first timer planned, a moment after Telegram took the message.
    await waitForValue(
      () => sandbox!.timers.nextDue(),
      (due) => due !== null,
      'the first reminder planned',
    );
    const before = sandbox!.clock.now();
    // A reminder for PENTING comes after 30 minutes: far beyond this test, unless the clock jumps.
    const { body } = await post('/sandbox/api/clock/jump', {});
    expect(Number(body.jumpedTo)).toBeGreaterThan(before + 29 * 60_000);
    // Pressed again at once, before the reminder is out: the press waits for the step to settle and
    // lands on the escalation it planned (the confirmation deadline, half an hour on), not on the
    // follow-up's first reminder a day away, which is all Redis held while the step was running.
    const again = await post('/sandbox/api/clock/jump', {});
    expect(Number(again.body.jumpedTo) - Number(body.jumpedTo)).toBeLessThan(31 * 60_000);
    const reminder = await sim.waitForMessage(DINKES.group.id, '⏰ <b>Pengingat</b>');
    expect(String(reminder.payload.text)).toContain('belum dikonfirmasi');
    expect(sandbox!.clock.now()).toBeGreaterThanOrEqual(Number(body.jumpedTo));
    const escalation = await sim.waitForMessage(SECRETARIAT_GROUP.id, '⚠️ <b>Eskalasi</b>');
    expect(String(escalation.payload.text)).toContain(`${DINKES.code}</b>`);
  });

  it('at 600× the next timer comes by itself: the escalation to pimpinan an hour of sandbox time later', async () => {
    expect((await post('/sandbox/api/clock/speed', { speed: 600 })).body.clock).toMatchObject({ speed: 600 });
    try {
      // An hour of sandbox time is six real seconds at 600×: the periodic pass promotes the job.
      const escalation = await sandbox!.sim.waitForMessage(GOVERNOR.id, 'Eskalasi kepada Pimpinan', { timeoutMs: 20_000 });
      expect(String(escalation.payload.text)).toContain(`${DINKES.code}</b>`);
    } finally {
      await post('/sandbox/api/clock/speed', { speed: 1 });
    }
  });

  it('refuses what a person could not do in Telegram, and opens only its own Mini App', async () => {
    expect((await post('/sandbox/api/send', { as: GOVERNOR.id, chat: DINKES.group.id, text: 'halo' })).status).toBe(403);
    expect((await post('/sandbox/api/send', { as: 424242, chat: 424242, text: 'halo' })).status).toBe(400);
    expect((await post('/sandbox/api/clock/speed', { speed: 7 })).status).toBe(400);
    expect((await post('/sandbox/api/webapp', { as: GOVERNOR.id, url: 'https://example.org/dasbor' })).status).toBe(400);
    const { body } = await post('/sandbox/api/webapp', { as: GOVERNOR.id, url: `${sandbox!.url}/dasbor` });
    const hash = new URLSearchParams(String(body.url).split('#')[1]);
    expect(hash.get('tgWebAppVersion')).toBe('9.5');
    expect(JSON.parse(new URLSearchParams(hash.get('tgWebAppData')!).get('user')!).id).toBe(GOVERNOR.id);
  });
});

/**
 * Issue #17: the time control brings what would otherwise take days — the notice when a
 * follow-up is late, and the weekly digest to pimpinan — within a few presses of "⏩".
 */
describe('the sandbox clock brings the overdue notice and the weekly digest', () => {
  let dir: string;
  let prefix: string;
  let sandbox: Sandbox | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arahan-sandbox-e2e-'));
    prefix = `arahan-sandbox-test-${randomBytes(6).toString('hex')}`;
    // The digest on its default schedule (Monday 07.00): a timer up to a week away in real time.
    const { DIGEST_CRON: _off, ...env } = ENV;
    sandbox = await startSandbox({ dir, port: 0, redisPrefix: prefix, env });
  });
  afterAll(async () => {
    await sandbox?.stop();
    await removeRedisKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) => postSandbox(sandbox!.url, path, body);

  it('jumping past the follow-up deadline brings the overdue notice; jumping on brings the digest to pimpinan', async () => {
    const sim = sandbox!.sim;
    const start = sandbox!.clock.now();
    await post('/sandbox/api/send', {
      as: GOVERNOR.id,
      chat: GOVERNOR.id,
      text: `/arahan\nKepada: ${DINKES.code}\nKonfirmasi: 1 jam\nSelesai: 1 hari\nSifat: penting\n\nMohon laporan kesiapan puskesmas.`,
    });
    const preview = (await sim.waitForMessage(GOVERNOR.id, 'Pratinjau arahan')).response as {
      result: { message_id: number; reply_markup: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } };
    };
    const kirim = preview.result.reply_markup.inline_keyboard.flat().find((b) => b.text === 'Kirim')!;
    await post('/sandbox/api/press', { as: GOVERNOR.id, chat: GOVERNOR.id, message: preview.result.message_id, data: kirim.callback_data });
    const sent = await sim.waitForMessage(DINKES.group.id, 'ARAHAN ARH-');
    const number = /ARH-\d{4}-\d{4}/.exec(String(sent.payload.text))![0];
    // The head acknowledges at once, so only the follow-up's own timers remain (no reminders to confirm).
    const instruction = (sent.response as typeof preview).result;
    const ack = instruction.reply_markup.inline_keyboard.flat().find((b) => b.text.startsWith('✅'))!;
    await post('/sandbox/api/press', { as: HEAD_DINKES, chat: DINKES.group.id, message: instruction.message_id, data: ack.callback_data });
    await sim.waitForMessage(DINKES.group.id, /Diterima oleh/, { includeEdits: true });
    await waitForValue(
      () => sandbox!.timers.nextDue(),
      (due) => due !== null,
      'the first reminder planned',
    );

    const sentTo = (chatId: number, text: string) => sim.sent(chatId).some((c) => String(c.payload.text ?? '').includes(text));
    const overdueSeen = () => sentTo(DINKES.group.id, 'telah melewati batas waktu');
    const digestSeen = () => sentTo(GOVERNOR.id, 'Ringkasan mingguan arahan');
    // Each press moves the clock to the next timer (reminders, escalations, the deadline's
    // notices, the digest) and fires it; what it sends arrives a moment later.
    let overdueAt: number | null = null;
    for (let presses = 0; presses < 40 && (overdueAt === null || !digestSeen()); presses++) {
      const { body } = await post('/sandbox/api/clock/jump', {});
      const jumpedTo = body.jumpedTo as number | null;
      if (jumpedTo === null) break;
      // Let the promoted jobs run (and plan their successors) before the next press.
      const { timers, digest, send } = sandbox!.app.deps.queues;
      await waitForValue(
        async () => {
          let busy = 0;
          for (const q of [timers, digest, send]) busy += await q.getJobCountByTypes('waiting', 'active', 'prioritized');
          return busy;
        },
        (busy) => busy === 0,
        'the promoted timers processed',
      );
      if (overdueAt === null && overdueSeen()) overdueAt = jumpedTo;
    }
    expect(overdueAt, 'the overdue notice').not.toBeNull();
    const notice = await sim.waitForMessage(DINKES.group.id, 'telah melewati batas waktu');
    expect(String(notice.payload.text)).toContain(`Tindak lanjut arahan <b>${number}</b> oleh`);
    expect(String(notice.payload.text)).toContain(DINKES.code);
    // "Selesai: 1 hari": the notice came a day of sandbox time after the instruction, a few seconds of real time.
    expect(overdueAt!).toBeGreaterThan(start + 20 * 3_600_000);
    const digest = await sim.waitForMessage(GOVERNOR.id, 'Ringkasan mingguan arahan', { timeoutMs: 10_000 });
    expect(String(digest.payload.text)).toContain('🗓');
    // …and to the secretariat group, as on Monday mornings in production.
    await sim.waitForMessage(SECRETARIAT_GROUP.id, 'Ringkasan mingguan arahan');
  });
});
