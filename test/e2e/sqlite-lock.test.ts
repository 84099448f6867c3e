import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonData, issueTo, setupOrg, startHarness, type Harness } from '../support/harness';

/**
 * Issue #13, finding 8: another process holding the SQLite file's write lock (the admin CLI
 * importing) froze the bot's whole event loop, up to 5 s per blocked write (SQLite's busy
 * wait is synchronous). Now a write that finds the file locked waits on a timer, so the
 * process keeps answering, and goes through once the lock is released.
 *
 * No clock decides the outcome: the other process lets go of the lock only after the bot has
 * answered an HTTP request it sent while holding it, and it sends that request only once the
 * bot has taken in a ✅ press (whose first write, claiming the update, then waits for the
 * lock). With a synchronous busy wait that request could only be answered after the wait
 * gave up, so the press failed ("database is locked") and was never recorded.
 */
type Reply = { locked?: true; released?: true; probe?: { status?: number; body?: { checks?: Record<string, string> }; error?: string } };

describe('a SQLite file locked by another process', () => {
  let h: Harness;
  let holder: ChildProcess | undefined;

  afterEach(async () => {
    if (holder && holder.exitCode === null) holder.kill('SIGKILL');
    await h.close();
  });

  function ask(child: ChildProcess, msg: unknown): Promise<Reply> {
    const reply = once(child, 'message') as Promise<[Reply]>;
    child.send(msg as never);
    return reply.then(([r]) => r);
  }

  it('a ✅ press while the lock is held: the bot keeps answering, and records and answers the press once it is released', async () => {
    h = await startHarness();
    const [opd] = await setupOrg(h, 1);
    const issued = await issueTo(h, [opd!], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const messageId = issued.message[opd!.code]!;
    const data = buttonData(h.tg, opd!.group.id, messageId, '✅');

    holder = fork('test/support/lock-holder.ts', [h.config.databaseUrl.slice('file:'.length)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const [locked] = (await once(holder, 'message')) as [Reply];
    expect(locked.locked).toBe(true);

    const update = h.tg.pressButton({ from: opd!.head, chatId: opd!.group.id, messageId, data });
    const queryId = update.callback_query!.id;
    const pressAnswered = () => h.tg.callsTo('answerCallbackQuery').some((c) => String(c.payload.callback_query_id) === queryId);
    // The bot has taken the press in: its claim of the update now waits for the lock.
    await h.tg.waitFor((c) => c.method === 'getUpdates' && JSON.stringify((c.response as { result?: unknown } | null)?.result ?? []).includes(`"update_id":${update.update_id}`), {
      description: 'the press handed to the bot',
    });

    // While the other process still holds the lock, the bot answers it: /readyz, which also
    // reads the database through the bot's own connection.
    const { probe } = await ask(holder, { cmd: 'probe', url: `http://127.0.0.1:${h.app.httpPort()}/readyz` });
    expect(probe).toMatchObject({ status: 200, body: { checks: { database: 'ok' } } });
    // …and the press is still waiting for the lock, neither recorded nor answered.
    expect(pressAnswered()).toBe(false);

    expect((await ask(holder, { cmd: 'release' })).released).toBe(true);
    const [thanks] = await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && String(c.payload.callback_query_id) === queryId, {
      description: 'the answer to ✅',
      timeoutMs: 20_000,
    });
    expect(String(thanks!.payload.text)).toContain('Terima kasih');
    const row = await h.app.deps.db.selectFrom('assignments').select(['state', 'acked_by']).where('id', '=', issued.assignment[opd!.code]!).executeTakeFirstOrThrow();
    expect(row.state).toBe('acknowledged');
    expect(row.acked_by).not.toBeNull();
  });
});
