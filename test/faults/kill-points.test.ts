import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInstruction } from '../../src/features/issue/issue';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import type { RecordedCall } from '../support/fake-telegram';
import { callText, childEnv, GOVERNOR, lastSeq, sentMessageId, setupOrgWithoutPolling, startHarness, until, type Harness, type OrgMember } from '../support/harness';
import { logScan } from '../support/log-scan';
import { figure } from './figures';

/**
 * Kill points: an Arahan process (`src/main.ts`, bot and workers, long polling) killed with
 * SIGKILL in the middle of each flow — a broadcast, acknowledgements and the edits they cause,
 * a report and its forward to the issuer, a reminder chain, the weekly digest — then started
 * again. After each restart: nothing that was committed is lost (every group gets the
 * instruction, every thanked acknowledgement is recorded and shown, the report reaches the
 * issuer, the reminders go on, the digest goes out) and nothing is done twice.
 *
 * The moment of death is frozen outside the one window no software can close: Telegram
 * accepted a message that the dying process had not recorded yet (the Bot API has no
 * idempotency key). The fake drops new sends unexecuted, the test waits until the database
 * has caught up with what the fake delivered, then kills — so every other point (between a
 * commit and its jobs, inside a job, between a job and its edits) is exercised.
 */
const SENDS = ['sendMessage', 'sendPhoto', 'sendDocument', 'copyMessage', 'editMessageText', 'editMessageReplyMarkup', 'answerCallbackQuery'];
const FAST = { REMINDER_SEGERA: '2s', WORKER_LOCK: '2s', SUMMARY_EDIT_INTERVAL: '1s', HOLIDAYS_FILE: 'test/support/no-holidays.csv' };

describe('kill points: SIGKILL anywhere in a flow, restart, nothing lost or doubled', () => {
  let h: Harness;
  let org: OrgMember[];
  let child: ChildProcess | null = null;
  let kills = 0;
  let losses = 0;
  let doubles = 0;

  beforeAll(async () => {
    h = await startHarness({ DIGEST_CRON: 'off' }, { bot: false, workers: false });
    org = await setupOrgWithoutPolling(h, 10);
  }, 60_000);
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    figure('kill points tried (SIGKILL mid-flow, then restart)', kills);
    figure('losses after a kill (committed state not carried out)', losses);
    figure('double effects after a kill', doubles);
    await h?.close();
  });

  function start(extra: Record<string, string> = {}): ChildProcess {
    const c = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'all'], {
      env: childEnv(h.config, { ...FAST, DIGEST_CRON: 'off', ...extra }),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    logScan.watchStream('killed process', c.stdout!);
    child = c;
    return c;
  }

  /** Freezes sending, lets the database catch up with what Telegram accepted, and kills. */
  async function killWhenCaughtUp(caughtUp: () => Promise<boolean>): Promise<void> {
    h.tg.failRandomly({ share: 1, kind: 'drop', methods: SENDS });
    await until(caughtUp);
    child!.kill('SIGKILL');
    await once(child!, 'exit');
    kills++;
    h.tg.clearFailures();
  }

  const count = (pred: (c: RecordedCall) => boolean) => h.tg.calls.filter((c) => c.ok && pred(c)).length;
  async function sentInDb(instructionId: number): Promise<number> {
    const rows = await h.app.deps.db.selectFrom('assignments').select('delivery_state').where('instruction_id', '=', instructionId).execute();
    return rows.filter((r) => r.delivery_state === 'sent').length;
  }
  async function issue(text: string, priority: 'biasa' | 'segera' = 'biasa', ackInMs = 3_600_000) {
    const governor = (await findPersonByTelegramId(h.app.deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(h.app.deps, governor, { text, target: { kind: 'all' }, ackDeadline: now + ackInMs, dueAt: now + 2 * ackInMs, priority });
    if (!res.ok) throw new Error('issue failed');
    return res;
  }
  const inGroup = (o: OrgMember, number: string) => (c: RecordedCall) =>
    c.method === 'sendMessage' && Number(c.payload.chat_id) === o.group.id && callText(c).includes(`ARAHAN ${number}`);

  for (const after of [1, 4, 8]) {
    it(`a broadcast killed after ${after} of ${10} groups: each group once, one summary`, { timeout: 90_000 }, async () => {
      start();
      const res = await issue(`Siaga banjir, titik ${after}.`);
      await h.tg.waitFor((c) => c.ok && org.some((o) => inGroup(o, res.number)(c)), { count: after, timeoutMs: 30_000 });
      await killWhenCaughtUp(async () => (await sentInDb(res.instructionId)) === org.filter((o) => count(inGroup(o, res.number)) > 0).length);
      start();
      await until(() => org.every((o) => count(inGroup(o, res.number)) > 0), 60_000);
      const perGroup = org.map((o) => count(inGroup(o, res.number)));
      losses += perGroup.filter((n) => n === 0).length;
      doubles += perGroup.filter((n) => n > 1).length;
      expect(perGroup).toEqual(org.map(() => 1));
      await until(() => count((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes(`📊 <b>${res.number}`)) === 1);
      child!.kill('SIGKILL');
      await once(child!, 'exit');
    });
  }

  it('acknowledgements killed mid-burst: every thanked press is recorded and shown; pressing again counts once', { timeout: 90_000 }, async () => {
    start();
    const res = await issue('Mohon konfirmasi kesiapan posko.');
    await until(async () => (await sentInDb(res.instructionId)) === org.length);
    const message = new Map(org.map((o) => [o.code, sentMessageId(h.tg.calls.find((c) => c.ok && inGroup(o, res.number)(c))!)]));
    const db = h.app.deps.db;
    const assignment = new Map(
      (
        await db
          .selectFrom('assignments')
          .innerJoin('opds', 'opds.id', 'assignments.opd_id')
          .select(['opds.code', 'assignments.id'])
          .where('instruction_id', '=', res.instructionId)
          .execute()
      ).map((r) => [r.code, r.id]),
    );
    const presses = org.map((o) => h.tg.pressButton({ from: o.head, chatId: o.group.id, messageId: message.get(o.code)!, data: `ack:${assignment.get(o.code)}` }));
    const answered = () => presses.filter((u) => count((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === u.callback_query!.id) > 0);
    await until(() => answered().length >= 3);
    const acked = async () =>
      (await db.selectFrom('assignments').select('state').where('instruction_id', '=', res.instructionId).execute()).filter((r) => r.state !== 'delivered').length;
    // Every press Telegram saw answered is in the database before the kill.
    await killWhenCaughtUp(async () => (await acked()) >= answered().length);
    const thanked = answered().length;
    start();
    // Those whose press was lost with the process saw no thanks, and press again.
    const unanswered = org.filter((_, i) => !answered().includes(presses[i]!));
    for (const o of unanswered) h.tg.pressButton({ from: o.head, chatId: o.group.id, messageId: message.get(o.code)!, data: `ack:${assignment.get(o.code)}` });
    await until(async () => (await acked()) === org.length, 60_000);
    const events = await db.selectFrom('events').select(['assignment_id']).where('instruction_id', '=', res.instructionId).where('kind', '=', 'acknowledged').execute();
    const perAssignment = org.map((o) => events.filter((e) => e.assignment_id === assignment.get(o.code)).length);
    losses += perAssignment.filter((n) => n === 0).length;
    doubles += perAssignment.filter((n) => n > 1).length;
    expect(perAssignment).toEqual(org.map(() => 1));
    expect(thanked).toBeGreaterThanOrEqual(3);
    // Each group's message ends up showing its acknowledgement, and the summary all of them.
    for (const o of org) {
      await until(() => String(h.tg.getMessage(o.group.id, message.get(o.code)!)?.text ?? '').includes('✅ Diterima oleh'));
    }
    await until(
      () =>
        h.tg.calls.some(
          (c) => c.ok && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes(res.number) && callText(c).includes(`${org.length}/${org.length} OPD sudah konfirmasi`),
        ),
      30_000,
    );
    child!.kill('SIGKILL');
    await once(child!, 'exit');
  });

  it('a report replied in the group, killed before its forward: the issuer gets it once', { timeout: 90_000 }, async () => {
    start();
    const res = await issue('Mohon kirim dokumentasi kegiatan.');
    await until(async () => (await sentInDb(res.instructionId)) === org.length);
    const o = org[0]!;
    const message = sentMessageId(h.tg.calls.find((c) => c.ok && inGroup(o, res.number)(c))!);
    // The forward to the issuer is dropped until the kill: the report is stored, its forward not yet sent.
    for (const method of ['sendPhoto', 'sendMessage', 'copyMessage']) h.tg.failNext(method, 'drop', 1_000, GOVERNOR.id);
    const caption = 'Dokumentasi rapat koordinasi siaga banjir.';
    h.tg.sendMedia({ from: o.head, chat: o.group, kind: 'photo', caption, replyToMessageId: message });
    const reports = async () => (await h.app.deps.db.selectFrom('reports').select('id').where('instruction_id', '=', res.instructionId).execute()).length;
    await until(async () => (await reports()) === 1);
    child!.kill('SIGKILL');
    await once(child!, 'exit');
    kills++;
    h.tg.clearFailures();
    start();
    const toIssuer = (c: RecordedCall) => Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes('Dokumentasi rapat koordinasi');
    await until(() => count(toIssuer) >= 1, 60_000);
    expect(await reports()).toBe(1);
    losses += count(toIssuer) === 0 ? 1 : 0;
    doubles += Math.max(0, count(toIssuer) - 1);
    expect(count(toIssuer)).toBe(1);
    child!.kill('SIGKILL');
    await once(child!, 'exit');
  });

  it('a reminder chain killed as a reminder fires: the reminders go on after the restart, without a burst', { timeout: 90_000 }, async () => {
    start();
    // Segera reminders every 2 s (FAST), acknowledgement due in a minute.
    const res = await issue('Mohon segera konfirmasi.', 'segera', 60_000);
    const o = org[1]!;
    const reminder = (c: RecordedCall) =>
      c.method === 'sendMessage' && Number(c.payload.chat_id) === o.group.id && callText(c).includes('Pengingat') && callText(c).includes(res.number);
    await h.tg.waitFor((c) => c.ok && reminder(c), { timeoutMs: 30_000 });
    child!.kill('SIGKILL');
    await once(child!, 'exit');
    kills++;
    const before = count(reminder);
    const restartedAt = Date.now();
    start();
    await h.tg.waitFor((c) => c.ok && reminder(c) && count(reminder) > before, { timeoutMs: 30_000 });
    losses += count(reminder) > before ? 0 : 1;
    // One catch-up at most, then the 2 s rhythm: never a burst for the time it was down.
    const window = (Date.now() - restartedAt) / 2_000 + 2;
    expect(count(reminder) - before).toBeLessThanOrEqual(window);
    child!.kill('SIGKILL');
    await once(child!, 'exit');
  });

  it('updates waiting behind a stalled one when the process dies are handled by the next process (as a webhook redelivers them)', { timeout: 90_000 }, async () => {
    start();
    // The answer to the first command stalls at Telegram; the next three, from the same chat,
    // wait behind it (one chat's updates are handled in order), taken in but not yet claimed.
    h.tg.failNext('sendMessage', 'hang', 1, GOVERNOR.id);
    const first = h.tg.sendText({ from: GOVERNOR, text: '/status' });
    const waiting = ['/belum', '/terlambat', '/pengingat'].map((text) => h.tg.sendText({ from: GOVERNOR, text }));
    const ids = new Set(waiting.map((u) => u.update_id));
    const taken = (c: RecordedCall) => c.method === 'getUpdates' && ((c.response as { result?: Array<{ update_id: number }> })?.result ?? []).some((u) => ids.has(u.update_id));
    const [fetched] = await h.tg.waitFor(taken, { timeoutMs: 20_000 });
    await until(() => h.tg.hungCalls === 1);
    // One more getUpdates after that: with offsets confirmed on fetch, it would confirm them.
    await h.tg.waitFor((c) => c.method === 'getUpdates' && c.seq > fetched!.seq, { timeoutMs: 20_000 });
    const seq = lastSeq(h.tg);
    child!.kill('SIGKILL');
    await once(child!, 'exit');
    kills++;
    expect(first.update_id).toBeLessThan(Math.min(...ids));
    start();
    const answered = () => h.tg.calls.filter((c) => c.ok && c.seq > seq && c.method === 'sendMessage' && Number(c.payload.chat_id) === GOVERNOR.id).length;
    await until(() => answered() >= waiting.length, 30_000).catch(() => undefined);
    if (answered() < waiting.length) {
      // What the fake saw, for the failure's reader.
      const result = (c: RecordedCall) => (c.response as { result?: unknown } | null)?.result;
      const line = (c: RecordedCall) =>
        `${c.seq} ${c.method} off=${c.payload.offset} ${Array.isArray(result(c)) ? (result(c) as Array<{ update_id: number }>).map((u) => u.update_id).join(',') : callText(c).slice(0, 40)}`;
      console.log(
        h.tg.calls
          .filter((c) => c.seq > seq - 10)
          .map(line)
          .join('\n'),
      );
    }
    losses += Math.max(0, waiting.length - answered());
    expect(answered()).toBe(waiting.length);
    child!.kill('SIGKILL');
    await once(child!, 'exit');
  });

  it('the weekly digest killed as it goes out: each recipient gets it once', { timeout: 90_000 }, async () => {
    // The digest's job scheduler fires every second; each week's digest is sent once.
    start({ DIGEST_CRON: '* * * * * *' });
    const digest = (c: RecordedCall) => c.method === 'sendMessage' && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes('Ringkasan mingguan arahan');
    await h.tg.waitFor((c) => c.ok && digest(c), { timeoutMs: 30_000 });
    await killWhenCaughtUp(async () => {
      const row = await h.app.deps.db.selectFrom('digest_deliveries').select('state').where('chat_id', '=', GOVERNOR.id).executeTakeFirst();
      return row?.state === 'text_sent' || row?.state === 'sent';
    });
    start({ DIGEST_CRON: '* * * * * *' });
    // Let the restarted scheduler fire a few times (each a chance to send again).
    const seq = lastSeq(h.tg);
    await h.tg.waitFor((c) => c.seq > seq && c.method === 'getUpdates', { count: 3, timeoutMs: 30_000 });
    await until(
      async () =>
        Number(
          (
            await h.app.deps.db
              .selectFrom('events')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('kind', '=', 'digest_run')
              .executeTakeFirstOrThrow()
          ).n,
        ) >= 2,
    );
    doubles += Math.max(0, count(digest) - 1);
    expect(count(digest)).toBe(1);
    child!.kill('SIGKILL');
    await once(child!, 'exit');
  });
});
