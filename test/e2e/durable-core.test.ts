import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { acknowledge } from '../../src/features/acknowledge/acknowledge';
import { issueInstruction } from '../../src/features/issue/issue';
import { extendInstruction } from '../../src/features/manage/manage';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import type { AppDeps } from '../../src/infra/deps';
import { dropTestDatabase, usePostgres } from '../support/db';
import { callText, GOVERNOR, issueTo, lastSeq, setupOrg, startHarness, waitForValue, type Harness, type OrgMember } from '../support/harness';
import { testLogger } from '../support/log-scan';

/**
 * Issue #12, one durable core. Effects are committed with the state change that causes them
 * and moved into Redis by a dispatcher; queues live under the database's installation id.
 *
 * "A process that dies between the commit and the queue add" is an app whose dispatcher
 * holds every effect (`holdEffects`): its use cases commit, nothing reaches Redis, exactly
 * the state a SIGKILL right after each commit leaves. Another process's dispatcher (its poll)
 * or the next start (its drain) must then cause each effect exactly once.
 */
describe('one durable core', () => {
  let h: Harness;
  const extra: App[] = [];

  afterEach(async () => {
    for (const app of extra.splice(0)) await app.stop().catch(() => undefined);
    await h.close();
  });

  /** A second process on the same database and Redis that commits effects and dies before moving them. */
  async function dyingProcess(): Promise<App> {
    const app = await createApp(h.config, { logger: testLogger(h.config), botInfo: h.tg.botInfo, holdEffects: true });
    await app.start({ bot: false, workers: false });
    extra.push(app);
    return app;
  }

  async function issue(deps: AppDeps, org: OrgMember[]): Promise<string> {
    const governor = (await findPersonByTelegramId(deps.db, GOVERNOR.id))!;
    const now = Date.now();
    const res = await issueInstruction(deps, governor, {
      text: 'Mohon pastikan posko siaga bencana aktif.',
      target: { kind: 'codes', codes: org.map((o) => o.code) },
      ackDeadline: now + 3 * 3_600_000,
      dueAt: now + 48 * 3_600_000,
      priority: 'penting',
    });
    if (!res.ok) throw new Error(`issue failed: ${JSON.stringify(res)}`);
    return res.number;
  }

  const instructionMessages = (org: OrgMember[], number: string, after: number) =>
    org.map((o) => h.tg.sent(o.group.id).filter((c) => c.seq > after && c.method === 'sendMessage' && callText(c).includes(`ARAHAN ${number}</b>`)).length);
  const pendingEffects = async () =>
    Number(
      (
        await h.app.deps.db
          .selectFrom('effects')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a fresh database on the old Redis: the next instruction is delivered, not swallowed by the old jobs', async () => {
    h = await startHarness();
    const org = await setupOrg(h, 3);
    const first = await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const oldPrefix = h.app.deps.queues.prefix;
    // "Start over": the database goes, Redis (with finished jobs deliver-1… of the old one) stays.
    await h.app.stop();
    if (usePostgres) await dropTestDatabase(h.config.databaseUrl);
    else for (const suffix of ['', '-wal', '-shm']) rmSync(`${h.config.databaseUrl.slice('file:'.length)}${suffix}`, { force: true });
    const app = await h.restart();
    expect(app.deps.queues.prefix).not.toBe(oldPrefix);
    const again = await setupOrg(h, 3);
    const before = lastSeq(h.tg);
    const number = await issue(app.deps, again);
    // The same number as before (a new database numbers from 0001 again), a new message in every group.
    expect(number).toBe(first.number);
    await waitForValue(
      () => instructionMessages(again, number, before),
      (n) => n.every((x) => x === 1),
      'the instruction in every group',
    );
    // The bot records each delivery a moment after the fake has it.
    await waitForValue(
      async () => (await app.deps.db.selectFrom('assignments').select('delivery_state').execute()).map((s) => s.delivery_state).join(),
      (states) => states === 'sent,sent,sent',
      'every delivery recorded as sent',
    );
  });

  it("with FOREIGN_REDIS=refuse, a Redis holding another installation's queues stops the start with one clear line", async () => {
    h = await startHarness();
    await h.app.stop();
    if (usePostgres) await dropTestDatabase(h.config.databaseUrl);
    else for (const suffix of ['', '-wal', '-shm']) rmSync(`${h.config.databaseUrl.slice('file:'.length)}${suffix}`, { force: true });
    await expect(h.restart({ FOREIGN_REDIS: 'refuse' })).rejects.toThrow(/Redis holds the queues of another Arahan installation under QUEUE_PREFIX "arahan-test-\w+"/);
  });

  it('effects a dead process committed are moved by another process: deliveries, messages, summary and group edits, timers — each once', async () => {
    // Every hour a working hour, so that timers land where the policy alone puts them (not all
    // on the next working morning, whatever the due date).
    h = await startHarness({ QUIET_HOURS: 'off', WORKING_DAYS: '0-6' });
    const org = await setupOrg(h, 2);
    const dying = await dyingProcess();

    // Delivery: committed by the dying process; the running one delivers it.
    const before = lastSeq(h.tg);
    const number = await issue(dying.deps, org);
    expect(await dying.deps.queues.send.count()).toBe(0); // nothing reached Redis from the dying process
    await waitForValue(
      () => instructionMessages(org, number, before),
      (n) => n.every((x) => x === 1),
      'the instruction in both groups',
    );
    const assignments = await h.app.deps.db.selectFrom('assignments').select(['id', 'opd_id', 'message_id']).orderBy('id').execute();
    const summary = await waitForValue(
      () => h.app.deps.db.selectFrom('instructions').select(['id', 'summary_message_id']).executeTakeFirstOrThrow(),
      (i) => i.summary_message_id !== null,
      'the summary recorded',
    );

    // Summary and group message refresh: an acknowledgement committed by the dying process.
    const [a] = org as [OrgMember];
    const afterAck = lastSeq(h.tg);
    const res = await acknowledge(dying.deps, assignments[0]!.id, a.head.id);
    expect(res.ok).toBe(true);
    const groupEdit = await h.tg.waitFor(
      (c) => c.seq > afterAck && c.method === 'editMessageText' && Number(c.payload.chat_id) === a.group.id && callText(c).includes('✅ Diterima oleh'),
      { description: 'the group message edited to show who acknowledged' },
    );
    expect(groupEdit).toHaveLength(1);
    await h.tg.waitFor(
      (c) =>
        c.seq > afterAck &&
        c.method === 'editMessageText' &&
        Number(c.payload.chat_id) === GOVERNOR.id &&
        Number(c.payload.message_id) === summary.summary_message_id &&
        callText(c).includes('1/2 OPD sudah konfirmasi'),
      { description: 'the summary edited to 1/2' },
    );

    // Outbox messages and timers: a new due date committed by the dying process.
    const timerIds = async () => new Set((await h.app.deps.queues.timers.getJobs(['delayed', 'waiting'])).map((j) => j.id!));
    const timersBefore = await timerIds();
    const afterExtend = lastSeq(h.tg);
    const governor = (await findPersonByTelegramId(dying.deps.db, GOVERNOR.id))!;
    const ext = await extendInstruction(dying.deps, governor, number, 'besok 16.00');
    expect(ext.ok).toBe(true);
    for (const o of org) {
      await h.tg.waitFor((c) => c.seq > afterExtend && c.method === 'sendMessage' && Number(c.payload.chat_id) === o.group.id && callText(c).includes('diperpanjang'), {
        description: `the extension notice in ${o.code}`,
      });
    }
    // The follow-up chains are re-planned from the new due date: new timer jobs.
    await waitForValue(timerIds, (ids) => [...ids].some((id) => !timersBefore.has(id) && id.includes('-fu-')), 'a re-planned follow-up timer');
    await waitForValue(pendingEffects, (n) => n === 0, 'every effect moved');

    // Exactly once: one instruction message per group, one extension notice per group.
    expect(instructionMessages(org, number, before)).toEqual([1, 1]);
    for (const o of org) {
      expect(h.tg.sent(o.group.id).filter((c) => c.seq > afterExtend && c.method === 'sendMessage' && callText(c).includes('diperpanjang'))).toHaveLength(1);
    }
  });

  it('effects a dead process committed are moved at the next start', async () => {
    h = await startHarness();
    const org = await setupOrg(h, 3);
    // The only process stops; the one that commits dies before moving anything.
    await h.app.stop();
    const dying = await dyingProcess();
    const before = lastSeq(h.tg);
    const number = await issue(dying.deps, org);
    expect(
      Number(
        (
          await dying.deps.db
            .selectFrom('effects')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(3);
    await dying.stop();
    await h.restart();
    await waitForValue(
      () => instructionMessages(org, number, before),
      (n) => n.every((x) => x === 1),
      'the instruction in every group',
    );
    // The deliveries cause effects of their own (their timers): all moved in their turn.
    await waitForValue(pendingEffects, (n) => n === 0, 'every effect moved');
    expect(instructionMessages(org, number, before)).toEqual([1, 1, 1]);
  });
});
