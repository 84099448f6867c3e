/**
 * `npm run bench`: Arahan's delivery engine against the fake Bot API server with Telegram's
 * limits (30 msg/s in total, 1/s per chat, 20/min per group) and its 5 s flood penalty
 * (bench/setup.ts BENCH_LIMITS).
 *
 *   1. Arahan broadcast: one instruction to 500 OPD groups (workers in-process).
 *   2. Naive loop: `for … await bot.api.sendMessage` with @grammyjs/auto-retry.
 *   3. Kill and restart: the same broadcast by a child `--role worker`, SIGKILLed half-way: at a
 *      moment half-way by the clock (3a), the instant the fake answered a send (3b, the forced
 *      worst case), and one of two workers by the clock (3c); the fake in its own process.
 *   4. Acknowledgement path, with the bot polling (runner): 20 ✅ presses one at a time, a burst
 *      of 1,000 presses from 500 groups injected at once, then 500 presses at 100 per second.
 *      (4b) ✅ presses injected while the broadcast is still going out (half the groups have it),
 *      twice: the workers in the bot's process (`--role all`), then in a `--role worker` child.
 *   5. Kirim, measured from the press (issue #14): the leader's letter, preview and Kirim through
 *      the polling bot, the fake in its own process; (5b) the same with groups at their 20 a minute
 *      and the leader writing commands meanwhile.
 * (The engine's ceiling with the limits lifted: bench/ceiling.ts.)
 *
 * Targets are printed next to the figures, not asserted; the exit code is 0 unless a part
 * crashed. In parts 1–2 the fake runs in this process (as does the app in parts 1 and 4), so
 * its CPU and HTTP handling count in the latencies. Parts 3, 4 and 5 start the fake in a child process
 * of its own (bench/fake-process.ts, driven over IPC by bench/fake-remote.ts) so that the
 * bot's event loop is not shared with the server answering it; there "fetched" is the moment
 * the fake answered the getUpdates call carrying the press and "answered" the arrival of
 * answerCallbackQuery at the fake — both read on the fake's clock, as Telegram would see them.
 * The part also reports the bot's CPU time per press, a figure less sensitive than latency to
 * other load on the machine.
 *
 * Environment:
 *   BENCH_OPDS         number of OPD groups (default 500)
 *   BENCH_PARTS        e.g. "1,4" or "4b" (default "1,2,3,4,4b,5")
 *   REDIS_URL          default redis://127.0.0.1:6379
 *   BENCH_DUMP_CALLS   diagnostic: part 3 writes every call the fake recorded to <value>-<moment>-<workers>.json
 *   BENCH_WORKER_LOCK  what-if: WORKER_LOCK for the part 3 children (default: Arahan's default)
 *   BENCH_ACK_RTT_MS   what-if for part 4: the fake delays every answer by this many ms, like the
 *                      round trip to Telegram (fetched times are shifted by it)
 *   BENCH_ACK_BUDGET_MS what-if for parts 4 and 4b: ANSWER_BUDGET_MS of the measured app (default:
 *                      Arahan's default)
 *   BENCH_ACK_PROFILE  diagnostic: write a V8 CPU profile of this process during part 4's burst
 *                      to this file (.cpuprofile; open in Chrome DevTools); part 4b's go beside it
 *                      (…-4b-in-process.cpuprofile, …-4b-worker-process.cpuprofile)
 */
import type { Dispatcher } from '../src/infra/queue/dispatcher';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { createApp, type App } from '../src/app';
import { messagesFor } from '../src/infra/i18n';
import { issueInstruction } from '../src/features/issue/issue';
import { FakeTelegram, TELEGRAM_LIMITS, type PressButtonOptions } from '../test/support/fake-telegram';
import { prepareWorkerChildren, startWorkerChild, type WorkerChild } from './child';
import { RemoteFake, type CompactCall } from './fake-remote';
import { deliveryFigures, deliveryFiguresCompact, fmtMs, fmtN, fmtS, groupSendsCompact, percentile, table, verdict, waitEveryGroup, type DeliveryFigures } from './measure';
import {
  allGroups,
  BENCH_LIMITS,
  benchDraft,
  configFor,
  countDeliveryStates,
  FLOOD_PENALTY_MS,
  ISSUER,
  issuerPerson,
  newSpace,
  N_OPD,
  seedOrg,
  silentLogger,
  sleep,
  waitAllSent,
  type Org,
  type Space,
} from './setup';

const LIMIT = TELEGRAM_LIMITS.globalPerSecond!;
const FLOOR_MS = (N_OPD / LIMIT) * 1000;
const TARGET_MS = FLOOR_MS * 1.05;
/** Part 3: bound on the wait after the kill (every group reached and every delivery recorded). */
const KILL_WAIT_MS = 120_000;

/**
 * Each answered press's latencies, sorted: fetched → answer at the fake (all, first presses, later
 * presses), injected → answer, and the breakdown (fetched → grammY, in the handler, answer → fake).
 */
function ackLatencies(
  answers: CompactCall[],
  presses: Map<string, { updateId: number; callbackId: string; second: boolean }>,
  injectedAt: number,
  fetchedAt: Map<number, number>,
  handlerStart: Map<number, number>,
  answerCalled: Map<string, number>,
) {
  const l = {
    lat: [] as number[],
    latFirst: [] as number[],
    latSecond: [] as number[],
    sinceInjection: [] as number[],
    toHandler: [] as number[],
    inHandler: [] as number[],
    toFake: [] as number[],
  };
  for (const a of answers) {
    const p = presses.get(a.callbackId!)!;
    l.sinceInjection.push(a.at - injectedAt);
    const f = fetchedAt.get(p.updateId);
    if (f === undefined) continue;
    l.lat.push(a.at - f);
    (p.second ? l.latSecond : l.latFirst).push(a.at - f);
    const h = handlerStart.get(p.updateId);
    const called = answerCalled.get(p.callbackId);
    if (h !== undefined && called !== undefined) {
      l.toHandler.push(h - f);
      l.inHandler.push(called - h);
      l.toFake.push(a.at - called);
    }
  }
  for (const list of Object.values(l)) list.sort((x, y) => x - y);
  return l;
}

/**
 * Observation only: when the runner hands an update to grammY (by update id), and when a handler
 * calls answerCallbackQuery (by callback id; an outer API transformer: the answer is not a
 * send-like call).
 */
function observeAckTimes(app: App): { handlerStart: Map<number, number>; answerCalled: Map<string, number> } {
  const handlerStart = new Map<number, number>();
  const answerCalled = new Map<string, number>();
  const bot = app.bot as unknown as { handleUpdate: (u: Update, w?: unknown) => Promise<void> };
  const handleUpdate = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (u, w) => {
    handlerStart.set(u.update_id, Date.now());
    return handleUpdate(u, w);
  };
  app.bot.api.config.use((prev, method, payload, signal) => {
    if (method === 'answerCallbackQuery') answerCalled.set(String((payload as { callback_query_id: string }).callback_query_id), Date.now());
    return prev(method, payload, signal);
  });
  return { handlerStart, answerCalled };
}

type Row = [string, string, string?, string?];
interface PartResult {
  title: string;
  rows: Row[];
  notes: string[];
  figures?: DeliveryFigures;
  /** Part 5: group messages per second, first → last. */
  rate?: number;
}

/** Fresh limiter windows and flood penalties, stats and call log at the fake: every part starts from zero. */
function resetFake(tg: FakeTelegram): void {
  tg.setLimits(BENCH_LIMITS);
  tg.resetStats();
  tg.clearCalls();
}

function deliveryRows(f: DeliveryFigures, withTargets: boolean): Row[] {
  return [
    [
      `Wall time (start → ${N_OPD}th group message)`,
      fmtS(f.wallMs),
      withTargets ? `≤ ${fmtS(TARGET_MS)} (floor ${fmtS(FLOOR_MS)} +5%)` : '',
      withTargets ? verdict(f.wallMs <= TARGET_MS) : '',
    ],
    ['Span first → last group message', fmtS(f.spanMs)],
    ['Messages per second', fmtN(f.perSecond, 2)],
    [`Ratio to the ${LIMIT}/s limit`, `${fmtN(f.ratioToLimit * 100, 1)} %`, withTargets ? '≥ 95.2 %' : '', withTargets ? verdict(f.wallMs <= TARGET_MS) : ''],
    ['429s answered by the fake', String(f.fake429), withTargets ? '0' : '', withTargets ? verdict(f.fake429 === 0) : ''],
    [
      'Duplicates (groups with >1 message)',
      `${f.duplicates}${f.extraCopies > f.duplicates ? ` (${f.extraCopies} extra copies)` : ''}`,
      withTargets ? '0' : '',
      withTargets ? verdict(f.duplicates === 0) : '',
    ],
    ['Missing (groups with 0 messages)', String(f.missing), withTargets ? '0' : '', withTargets ? verdict(f.missing === 0) : ''],
  ];
}

// --- 1. Arahan broadcast ------------------------------------------------------------------

async function partBroadcast(tg: FakeTelegram): Promise<PartResult> {
  const space = newSpace('broadcast', tg);
  let app: App | null = null;
  try {
    app = await createApp(configFor(space), { logger: silentLogger, botInfo: tg.botInfo });
    const org = await seedOrg(app.deps.db);
    const issuer = await issuerPerson(app.deps.db);
    await app.start({ bot: false, workers: true });
    await sleep(300); // let the workers connect before the clock starts
    resetFake(tg);
    const t0 = Date.now();
    const res = await issueInstruction(app.deps, issuer, benchDraft('siaran'));
    const issuedMs = Date.now() - t0;
    if (!res.ok) throw new Error(`issueInstruction failed: ${JSON.stringify(res)}`);
    await waitEveryGroup(tg, org.groups, org.groups.length, 90_000).catch(() => undefined);
    const states = await waitAllSent(app.deps.db, org.groups.length, 10_000);
    await sleep(1000); // a late duplicate would arrive now
    const f = deliveryFigures(tg, org.groups, t0, LIMIT);
    const rows = deliveryRows(f, true);
    rows.push(
      ['issueInstruction() itself (DB + enqueue + summary)', fmtMs(issuedMs)],
      ['Gate wait summed over sends / 429s seen by Arahan', `${fmtS(app.sendStats.waitedMs)} / ${app.sendStats.tooManyRequests}`],
      ['Slots given up because the process reached them late', String(app.sendStats.lateSlots ?? 0)],
      ['Delivery states in the DB afterwards', JSON.stringify(states)],
    );
    return { title: `1. Arahan broadcast — 1 instruction (segera) to ${N_OPD} groups, workers in-process`, rows, notes: [], figures: f };
  } finally {
    await app?.stop().catch(() => undefined);
    await space.cleanup();
  }
}

// --- 2. Naive loop ------------------------------------------------------------------------

async function partNaive(tg: FakeTelegram): Promise<PartResult> {
  const groups = allGroups();
  const bot = new Bot(tg.token, { botInfo: tg.botInfo, client: { apiRoot: tg.apiRoot } });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 10, maxDelaySeconds: 60 }));
  resetFake(tg);
  let failures = 0;
  const t0 = Date.now();
  for (const chat of groups) {
    try {
      await bot.api.sendMessage(chat, 'Benchmark naive: mohon seluruh OPD segera melaporkan kesiapan posko siaga bencana.');
    } catch {
      failures++;
    }
  }
  const loopMs = Date.now() - t0;
  await sleep(200);
  const f = deliveryFigures(tg, groups, t0, LIMIT);
  const rows = deliveryRows(f, false);
  rows.push(['Calls that failed after auto-retry', String(failures)], ['Loop duration', fmtS(loopMs)]);
  return { title: `2. Naive loop — for … await sendMessage, @grammyjs/auto-retry (10 attempts, ≤60 s)`, rows, notes: [], figures: f };
}

// --- 3. Kill and restart ------------------------------------------------------------------

async function waitChildReady(tg: RemoteFake, child: WorkerChild, timeoutMs: number): Promise<number> {
  // start() ends with the two default command menus (syncDefaultCommands in
  // src/features/organisation/commands-menu.ts: all_private_chats, then all_group_chats; the
  // bench sets no ADMIN_IDS, so no per-person menu follows): by the second the workers run.
  const ready = tg.waitFor({ method: 'setMyCommands', since: child.startedAt }, 2, timeoutMs).then((calls) => calls.at(-1)!.at);
  const died = child.exited.then(({ code, signal }) => {
    throw new Error(`worker child exited early (code ${code}, signal ${signal}): ${child.stderr().slice(-2000)}`);
  });
  return Promise.race([ready, died]);
}

/**
 * Resolves when every group has at least one ok sendMessage (a duplicate counts once), with the
 * moment the fake answered the last group's first one; rejects after `timeoutMs`.
 */
async function waitEveryGroupRemote(tg: RemoteFake, groups: number[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const filter = { method: 'sendMessage', okOnly: true, chatIds: groups };
  let want = groups.length;
  for (;;) {
    const calls = await tg.waitFor(filter, want, Math.max(1, deadline - Date.now()));
    const seen = new Set<number>();
    let last = 0;
    for (const c of calls) {
      if (seen.has(c.chatId!)) continue;
      seen.add(c.chatId!);
      last = Math.max(last, c.answeredAt);
    }
    if (seen.size >= groups.length) return last;
    want = calls.length + (groups.length - seen.size);
  }
}

/**
 * The at-least-once window of each group: from the moment the fake answered its first ok group
 * message (`writtenAt`: just before the answer was handed to the socket; the call's
 * `answeredAt`, read after the write, came 1–3 ms after the worker's record for 604 of 1,500
 * groups in a run on this 2-core machine) to the moment a worker recorded the delivery (the 'delivered' event's
 * `at`, taken at the start of the recording transaction: recordDelivered in
 * src/features/deliver/deliver.ts). A SIGKILL inside it loses the record of an accepted send,
 * and the re-run sends it again: the Bot API takes no idempotency key to close it. Windows that
 * span the kill (the killed worker's unrecorded sends, recorded by its successor) are left out.
 */
async function atLeastOnceWindows(app: App, instructionId: number, firstAnswers: Map<number, CompactCall>, killAt: number) {
  const rows = await app.deps.db
    .selectFrom('assignments')
    .innerJoin('events', 'events.assignment_id', 'assignments.id')
    .select(['assignments.chat_id as chatId', 'events.at as at'])
    .where('assignments.instruction_id', '=', instructionId)
    .where('events.kind', '=', 'delivered')
    .execute();
  const recorded = new Map<number, number>();
  for (const r of rows) if (r.chatId !== null) recorded.set(r.chatId, Math.min(recorded.get(r.chatId) ?? Infinity, r.at));
  const windows: number[] = [];
  let spanningKill = 0;
  for (const [chat, call] of firstAnswers) {
    const at = recorded.get(chat);
    if (at === undefined) continue;
    const written = call.writtenAt ?? call.answeredAt;
    if (written <= killAt && at > killAt) spanningKill++;
    else windows.push(at - written);
  }
  windows.sort((a, b) => a - b);
  const mean = windows.length ? windows.reduce((s, w) => s + w, 0) / windows.length : NaN;
  return { windows, mean, spanningKill };
}

/**
 * How the worker is killed half-way: `accepted` — the forced worst case: the fake process itself
 * sends the SIGKILL the instant it has accepted the message to the ⌊n/2⌋-th group, just before
 * its answer leaves (RemoteFake.killOnAnswer), so the kill lands inside that send's at-least-once
 * window on purpose and the re-run sends it again (one duplicate; a second send in flight at the
 * fake at that instant would make two); `clock` — at a moment
 * half-way through by the clock, unrelated to any send (what a crash or an OOM kill looks like:
 * the issue's "SIGKILL half-way").
 */
type KillMoment = 'accepted' | 'clock';

/**
 * `workers`: 1 — the broadcast's only worker process is killed and restarted (the restart's
 * start-up is a pause for everything); 2 — one of two is (production's shape, docs/operations.md
 * "several worker processes"): the other goes on sending at the shared rate, and the restarted one
 * takes over the jobs its predecessor held (src/infra/queue/succession.ts).
 *
 * The fake Bot API runs in its own process (bench/fake-process.ts), as the issue asks. Until
 * 2026-12-05 it ran in this one: this process's own work (issuing, its dispatcher, DB reads)
 * delayed the fake's HTTP handling, a delayed batch of arrivals now and then counted 31 in the
 * fake's sliding second, and the 429 with its 5 s flood penalty spoiled the run.
 */
async function partKill(moment: KillMoment, workers: 1 | 2 = 1): Promise<PartResult> {
  const tg = await RemoteFake.start();
  const space: Space = newSpace('kill', tg);
  let app: App | null = null;
  const children: WorkerChild[] = [];
  const notes: string[] = [];
  try {
    await tg.reset(BENCH_LIMITS);
    app = await createApp(configFor(space), { logger: silentLogger, botInfo: tg.botInfo });
    // This process issues the instruction as a `--role bot` process would, and moves its
    // effects into Redis at once as that process's dispatcher does. Until 2026-12-05 it did
    // not: the deliveries waited for a worker's dispatcher poll (every 1 s), and the first group
    // message came 1.07 s after the issue in 3a instead of ~0.05 s (part 5's press → group).
    (app.deps.dispatcher as Dispatcher).start();
    const org = await seedOrg(app.deps.db);
    const issuer = await issuerPerson(app.deps.db);
    const n = org.groups.length;
    const groupSet = new Set(org.groups);
    const groupFilter = { method: 'sendMessage', okOnly: true, chatIds: org.groups };

    const childEnv = process.env.BENCH_WORKER_LOCK ? { ...space.env, WORKER_LOCK: process.env.BENCH_WORKER_LOCK } : space.env;
    const child1 = startWorkerChild(childEnv);
    children.push(child1);
    const ready1 = await waitChildReady(tg, child1, 60_000);
    if (workers === 2) {
      const other = startWorkerChild(childEnv);
      children.push(other);
      await waitChildReady(tg, other, 60_000);
    }
    await tg.reset(BENCH_LIMITS);

    // Armed before the issue (the op counts answers already given too, so it cannot come late).
    const killing = moment === 'accepted' ? tg.killOnAnswer(org.groups, Math.floor(n / 2), child1.pid, 60_000) : null;
    killing?.catch(() => undefined); // awaited below; an early failure must not be unhandled meanwhile
    const t0 = Date.now();
    const res = await issueInstruction(app.deps, issuer, benchDraft('kill'));
    if (!res.ok) throw new Error(`issueInstruction failed: ${JSON.stringify(res)}`);
    let killAt: number;
    if (killing) {
      killAt = (await killing).killedAt;
    } else {
      await sleep(Math.round(((n / 2) * 1000) / LIMIT + Math.random() * (1000 / LIMIT)));
      child1.kill();
      killAt = Date.now();
    }
    child1.kill(); // 'accepted': a harmless second kill (the fake's went to the same process group)
    await child1.exited;
    const statesReadAt = Date.now();
    const statesAtKill = await countDeliveryStates(app.deps.db);
    const answeredByKill = await tg.calls(groupFilter);
    // Accepted = arrived at the fake by then (3b's last one is answered only after the kill).
    const atKill = groupSendsCompact(
      answeredByKill.filter((c) => c.at <= killAt),
      groupSet,
    ).size;
    // Compared with the DB's 'sent' read after the exit: with 2 workers the other one goes on meanwhile.
    const atStates = groupSendsCompact(
      answeredByKill.filter((c) => c.at <= statesReadAt),
      groupSet,
    ).size;

    const child2 = startWorkerChild(childEnv);
    children.push(child2);
    const ready2 = waitChildReady(tg, child2, 60_000).catch(() => NaN);
    // Every group has a message, and the database says every delivery is 'sent': the jobs the
    // dead worker held (state 'sending') are re-run only once their lock expires, and if
    // their send had been accepted just before the kill, that re-run is a duplicate. Stopping
    // at "every group has a message" alone would hide those duplicates. One bound for both.
    const deadline = killAt + KILL_WAIT_MS;
    let complete = true;
    const doneAt = await waitEveryGroupRemote(tg, org.groups, Math.max(1, deadline - Date.now())).catch(() => {
      complete = false;
      return Date.now();
    });
    const states = await waitAllSent(app.deps.db, n, Math.max(1, deadline - Date.now()));
    const allSentAt = Date.now();
    await sleep(1000); // a late duplicate would arrive now
    const term = await child2.terminate(25_000);
    if (workers === 2) await children[1]!.terminate(25_000);
    const calls = (await tg.calls()).sort((a, b) => a.at - b.at);
    if (process.env.BENCH_DUMP_CALLS) writeFileSync(`${process.env.BENCH_DUMP_CALLS}-${moment}-${workers}.json`, JSON.stringify({ t0, killAt, calls }));
    const stats = await tg.stats();
    const f = deliveryFiguresCompact(calls, org.groups, t0, stats.tooManyRequests, LIMIT);

    // The first message after the kill that was not already on its way.
    const afterKill = calls
      .filter((c) => c.method === 'sendMessage' && c.ok && c.at > killAt + 50 && groupSet.has(c.chatId ?? 0))
      .map((c) => c.at)
      .sort((a, b) => a - b);
    const lastBeforeRecovery = longestGap(afterKill);
    const r2 = await ready2;

    const firstAnswers = new Map([...groupSendsCompact(calls, groupSet)].map(([chat, list]) => [chat, list[0]!]));
    const win = await atLeastOnceWindows(app, res.instructionId, firstAnswers, killAt);
    const landsIn = (win.mean / 1000) * f.perSecond;

    const rows = deliveryRows(f, true);
    rows[0] = [`Wall time (issue → every group has a message)`, fmtS(f.wallMs), complete ? '' : `bounded wait of ${KILL_WAIT_MS / 1000} s ran out`, ''];
    rows[3] = [rows[3]![0], rows[3]![1]];
    // 3b forces the kill into a send's window: that one send may go out twice (at-least-once).
    if (moment === 'accepted') rows[5] = [rows[5]![0], rows[5]![1], '≤ 1 (forced window)', verdict(f.duplicates <= 1)];
    rows.push(
      [
        `At-least-once window: fake's answer written → delivery recorded (±1 ms), p50 / p99 / mean over ${win.windows.length} groups${win.spanningKill ? ` (${win.spanningKill} spanning the kill left out)` : ''}`,
        `${fmtN(percentile(win.windows, 50), 0)} / ${fmtN(percentile(win.windows, 99), 0)} / ${fmtN(win.mean, 2)} ms`,
      ],
      ['A kill at a random moment lands in one: ≈ mean window × send rate', `≈ ${fmtN(landsIn * 100, 1)} % (${fmtN(win.mean, 2)} ms × ${fmtN(f.perSecond, 1)}/s)`],
      ['Child 1: spawn → ready (node dist/main.mjs, cold start)', fmtS(ready1 - child1.startedAt)],
      ['Killed (SIGKILL) at', `${fmtS(killAt - t0)} after issuing, ${atKill} groups reached`],
      ['DB states at the kill', JSON.stringify(statesAtKill)],
      ['Accepted by the fake but not yet recorded at the kill', String(atStates - (statesAtKill.sent ?? 0))],
      ['Child 2: spawn → ready', fmtS(r2 - child2.startedAt)],
      ['Child 2: first new message after the kill', afterKill.length ? `${fmtS(afterKill[0]! - killAt)} after the kill` : 'none'],
      [
        'Longest pause in deliveries after the kill',
        lastBeforeRecovery ? `${fmtS(lastBeforeRecovery.gap)} (from ${fmtS(lastBeforeRecovery.from - killAt)} after the kill)` : 'n/a',
      ],
      ['Every group reached', `${fmtS(doneAt - killAt)} after the kill`],
      [
        'Every delivery recorded as sent (interrupted jobs re-run)',
        (states.sent ?? 0) >= n ? `${fmtS(allSentAt - killAt)} after the kill` : `not within ${KILL_WAIT_MS / 1000} s of the kill: ${JSON.stringify(states)}`,
      ],
      ['Child 2 stopped with SIGTERM', term.graceful ? `gracefully in ${fmtS(term.ms)}` : `NOT graceful (killed after ${fmtS(term.ms)})`],
    );
    rows.push(...refusedRows(calls, t0));
    const fakeHere = 'fake in its own process';
    if (workers === 2)
      return {
        title: `3c. Two worker processes, one killed and restarted — children \`node dist/main.mjs --role worker\`, SIGKILL half-way by the clock (a moment unrelated to any send), ${fakeHere}`,
        rows,
        notes,
        figures: f,
      };
    if (moment === 'accepted')
      return {
        title: `3b. Kill and restart, the forced worst case — child \`node dist/main.mjs --role worker\`, SIGKILL by the fake the instant it accepted the message to group ${Math.floor(n / 2)} (just before that answer left: inside the send's at-least-once window on purpose, so that one send goes out twice — at-least-once, as the Bot API takes no idempotency key), ${fakeHere}`,
        rows,
        notes,
        figures: f,
      };
    return {
      title: `3a. Kill and restart — child \`node dist/main.mjs --role worker\`, SIGKILL half-way by the clock (a moment unrelated to any send), ${fakeHere}`,
      rows,
      notes,
      figures: f,
    };
  } finally {
    for (const c of children) c.kill();
    await app?.stop().catch(() => undefined);
    await tg.stop();
    await space.cleanup();
  }
}

/**
 * A row for each call the fake refused with 429 (it then holds the chat, or every chat, for 5 s):
 * which call, how long after the previous call into that chat, how many calls in the second
 * before. `calls` sorted by arrival; times from `t0`.
 */
function refusedRows(calls: CompactCall[], t0: number): Row[] {
  return calls
    .filter((c) => c.status === 429)
    .map((r) => {
      const prev = calls.filter((c) => c.ok && c.chatId === r.chatId && c.at <= r.at).at(-1);
      const before = calls.filter((c) => c.ok && c.at > r.at - 1000 && c.at <= r.at).length;
      return [
        `429: ${r.method} into ${r.chatId} at ${fmtS(r.at - t0)}`,
        `${prev ? `${r.at - prev.at} ms after its previous call there (${prev.method})` : 'its first'}; ${before} calls in the second before`,
      ];
    });
}

function longestGap(times: number[]): { gap: number; from: number } | null {
  let best: { gap: number; from: number } | null = null;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (!best || gap > best.gap) best = { gap, from: times[i - 1]! };
  }
  return best;
}

// --- 4. Acknowledgement path ----------------------------------------------------------------

interface Press {
  updateId: number;
  callbackId: string;
  group: number;
  second: boolean;
}

interface AckTarget {
  group: number;
  messageId: number;
  assignmentId: number;
  head: { id: number; first_name: string; last_name: string };
  staf: { id: number; first_name: string; last_name: string };
}

/** Group message (chat, message id, assignment) of every assignment of one instruction, in OPD order. */
async function ackTargets(app: App, instructionId: number, org: Org): Promise<AckTarget[]> {
  const rows = await app.deps.db.selectFrom('assignments').select(['id', 'opd_id', 'chat_id', 'message_id']).where('instruction_id', '=', instructionId).execute();
  const byOpd = new Map(rows.map((r) => [r.opd_id, r]));
  const out: AckTarget[] = [];
  org.opdIds.forEach((opdId, i) => {
    const r = byOpd.get(opdId);
    if (!r || r.chat_id === null || r.message_id === null) return;
    out.push({ group: r.chat_id, messageId: r.message_id, assignmentId: r.id, head: org.heads[i]!, staf: org.staff[i]! });
  });
  return out;
}

const PROBE_PRESSES = 20;
/** Paced phase: presses per second (about 3 × the rate at which groups can receive an instruction). */
const PACED_PER_SECOND = 100;
/** How long after the last answer the bench waits for the group edits (keeps the bench near 3 min). */
const EDIT_DRAIN_MS = 20_000;

async function partAck(): Promise<PartResult> {
  // The fake runs in a child process of its own (bench/fake-process.ts): the bot's event loop
  // is not shared with the HTTP server that answers it.
  const rtt = Number(process.env.BENCH_ACK_RTT_MS ?? 0);
  const tg = await RemoteFake.start({ responseDelayMs: rtt });
  const space = newSpace('ack', tg);
  let setup: App | null = null;
  let app: App | null = null;
  try {
    // Set-up, not measured: deliver the instruction quickly with the fake's limits off, plus a
    // small second instruction to PROBE_PRESSES OPDs for the unloaded (one press at a time) probe.
    await tg.reset(null);
    setup = await createApp(configFor(space, { RATE_GLOBAL_PER_SECOND: '100000', RATE_CHAT_PER_SECOND: '100000', RATE_GROUP_PER_MINUTE: '100000', SEND_CONCURRENCY: '50' }), {
      logger: silentLogger,
      botInfo: tg.botInfo,
    });
    const org = await seedOrg(setup.deps.db);
    const n = org.groups.length;
    await setup.start({ bot: false, workers: true });
    const issuer = await issuerPerson(setup.deps.db);
    const main = await issueInstruction(setup.deps, issuer, benchDraft('konfirmasi'));
    if (!main.ok) throw new Error(`issueInstruction failed: ${JSON.stringify(main)}`);
    await waitAllSent(setup.deps.db, n, 60_000);
    const probeCount = Math.min(PROBE_PRESSES, n);
    const codes = (await setup.deps.db.selectFrom('opds').select('code').orderBy('code').limit(probeCount).execute()).map((r) => r.code);
    const probeIssue = await issueInstruction(setup.deps, issuer, { ...benchDraft('probe'), target: { kind: 'codes', codes } });
    if (!probeIssue.ok) throw new Error(`issueInstruction (probe) failed: ${JSON.stringify(probeIssue)}`);
    await waitAllSent(setup.deps.db, n + probeCount, 30_000);
    // And a third instruction to every group for the paced phase (presses at a steady rate).
    const pacedIssue = await issueInstruction(setup.deps, issuer, benchDraft('paced'));
    if (!pacedIssue.ok) throw new Error(`issueInstruction (paced) failed: ${JSON.stringify(pacedIssue)}`);
    await waitAllSent(setup.deps.db, 2 * n + probeCount, 60_000);
    const targets = await ackTargets(setup, main.instructionId, org);
    const probeTargets = await ackTargets(setup, probeIssue.instructionId, org);
    const pacedTargets = await ackTargets(setup, pacedIssue.instructionId, org);
    if (targets.length !== n || pacedTargets.length !== n)
      throw new Error(`only ${targets.length} + ${pacedTargets.length} of 2 × ${n} group messages were delivered in the set-up`);
    await setup.stop();
    setup = null;

    // The measured app: production configuration, bot polling (runner) and workers, fake limits on.
    app = await createApp(configFor(space, ackWhatIf()), { logger: silentLogger, botInfo: tg.botInfo });
    const { handlerStart, answerCalled } = observeAckTimes(app);
    await tg.reset(BENCH_LIMITS);
    await app.start({ bot: true, workers: true });
    await tg.waitFor({ method: 'getUpdates' }, 1, 10_000);
    await sleep(300);
    await tg.reset(BENCH_LIMITS);

    // Unloaded probe: one press at a time.
    const probeLat: number[] = [];
    for (const t of probeTargets) {
      const { pressed } = await tg.press([{ from: t.head, chatId: t.group, messageId: t.messageId, data: `ack:${t.assignmentId}` }]);
      const { updateId, callbackId } = pressed[0]!;
      const [answer] = await tg.waitFor({ method: 'answerCallbackQuery', callbackIds: [callbackId] }, 1, 10_000);
      const fetched = (await tg.calls({ method: 'getUpdates', okOnly: true })).find((c) => c.updateIds?.includes(updateId));
      if (fetched) probeLat.push(answer!.at - fetched.answeredAt - rtt);
      await sleep(50);
    }
    probeLat.sort((a, b) => a - b);

    // Harness calibration: n concurrent getChat calls from a plain grammY Api in this process
    // (no handlers, no gate): call → arrival at the fake process.
    const calib = await calibrateHttp(tg, n);
    await sleep(1100); // the probe's edits leave the per-chat windows
    await tg.reset(BENCH_LIMITS);

    // The burst: every head presses ✅, then a second press per group (head again or a staf member),
    // all injected inside the fake process in one synchronous loop.
    const batch: PressButtonOptions[] = [];
    const meta: Array<{ group: number; second: boolean }> = [];
    for (const second of [false, true]) {
      targets.forEach((t, i) => {
        const from = !second || i % 2 === 0 ? t.head : t.staf;
        batch.push({ from, chatId: t.group, messageId: t.messageId, data: `ack:${t.assignmentId}` });
        meta.push({ group: t.group, second });
      });
    }
    const profile = process.env.BENCH_ACK_PROFILE ? await startProfile() : null;
    const eld = monitorEventLoopDelay({ resolution: 10 });
    eld.enable();
    const gc = watchGc();
    await tg.eldStart();
    const cpuFrom = process.cpuUsage();
    const burst = await tg.press(batch);
    const presses = new Map<string, Press>();
    for (const [i, p] of burst.pressed.entries()) presses.set(p.callbackId, { updateId: p.updateId, callbackId: p.callbackId, ...meta[i]! });
    const injectedAt = burst.injectedAt;
    let answeredAll = true;
    await tg.waitFor({ method: 'answerCallbackQuery', callbackIds: [...presses.keys()] }, presses.size, 60_000).catch(() => {
      answeredAll = false;
    });
    const cpu = process.cpuUsage(cpuFrom);
    const wallCpu = Date.now() - burst.injectedAt;
    eld.disable();
    const gcPauses = gc.stop();
    const fakeEld = await tg.eldStop();
    if (profile) await profile(process.env.BENCH_ACK_PROFILE!);
    const editFilter = { method: 'editMessageText', okOnly: true, chatIds: org.groups };
    const editsDone = await tg
      .waitFor(editFilter, n, EDIT_DRAIN_MS)
      .then((calls) => Math.max(...calls.map((c) => c.at)))
      .catch(() => NaN);
    const editedCount = (await tg.calls(editFilter)).length;
    const editedBy = Date.now();

    // Fetched = the moment the fake answered the getUpdates call that carried the update (plus
    // the what-if response delay, when the answer really left); answered = the arrival of
    // answerCallbackQuery at the fake. Both in the fake's clock.
    const fetchedAt = new Map<number, number>();
    const carriers: CompactCall[] = [];
    const wantedUpdates = new Set([...presses.values()].map((p) => p.updateId));
    for (const c of await tg.calls({ method: 'getUpdates', okOnly: true })) {
      let carried = false;
      for (const id of c.updateIds ?? []) {
        if (fetchedAt.has(id) || !wantedUpdates.has(id)) continue;
        fetchedAt.set(id, c.answeredAt + rtt);
        carried = true;
      }
      if (carried) carriers.push(c);
    }
    const answers = (await tg.calls({ method: 'answerCallbackQuery' })).filter((c) => presses.has(c.callbackId ?? ''));
    const { lat, latFirst, latSecond, sinceInjection, toHandler, inHandler, toFake } = ackLatencies(answers, presses, injectedAt, fetchedAt, handlerStart, answerCalled);
    const lastAnswer = Math.max(...answers.map((a) => a.at));
    const perSecond = answers.length / ((lastAnswer - injectedAt) / 1000);
    const acked = await app.deps.db
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('instruction_id', '=', main.instructionId)
      .where('acked_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const stats = await tg.stats();

    // Paced: one press per group (the head) at PACED_PER_SECOND, after the burst's edits.
    await tg.reset(BENCH_LIMITS);
    const pacedBatch = pacedTargets.map((t) => ({ from: t.head, chatId: t.group, messageId: t.messageId, data: `ack:${t.assignmentId}` }));
    const paced = await tg.pressPaced(pacedBatch, PACED_PER_SECOND);
    const pacedIds = paced.pressed.map((p) => p.callbackId);
    const pacedAnswers = await tg.waitFor({ method: 'answerCallbackQuery', callbackIds: pacedIds }, pacedIds.length, 30_000).catch(() => [] as CompactCall[]);
    const pacedFetched = new Map<number, number>();
    for (const c of await tg.calls({ method: 'getUpdates', okOnly: true })) for (const id of c.updateIds ?? []) if (!pacedFetched.has(id)) pacedFetched.set(id, c.answeredAt + rtt);
    const pacedUpdate = new Map(paced.pressed.map((p) => [p.callbackId, p]));
    const pacedLat: number[] = [];
    const pacedSinceInjection: number[] = [];
    for (const a of pacedAnswers) {
      const p = pacedUpdate.get(a.callbackId!)!;
      const f = pacedFetched.get(p.updateId);
      if (f !== undefined) pacedLat.push(a.at - f);
      if (p.at !== undefined) pacedSinceInjection.push(a.at - p.at);
    }
    pacedLat.sort((a, b) => a - b);
    pacedSinceInjection.sort((a, b) => a - b);
    const pacedAcked = await app.deps.db
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('instruction_id', '=', pacedIssue.instructionId)
      .where('acked_at', 'is not', null)
      .executeTakeFirstOrThrow();

    const p99 = percentile(lat, 99);
    const pp = (l: number[]) => `${fmtMs(percentile(l, 50))} / ${fmtMs(percentile(l, 99))}`;
    const batchSizes = carriers.map((c) => c.updateIds?.length ?? 0);

    const rows: Row[] = [
      ['Presses injected', `${presses.size} (in ${fmtMs(burst.injectMs)})`],
      ['Presses answered', `${answers.length}${answeredAll ? '' : ' (wait of 60 s ran out)'}`, String(presses.size), verdict(answers.length === presses.size)],
      ['Presses handled per second (injection → last answer)', fmtN(perSecond, 1)],
      ['Fetched → answerCallbackQuery p50', fmtMs(percentile(lat, 50))],
      ['Fetched → answerCallbackQuery p99', fmtMs(p99), '< 50 ms', verdict(p99 < 50)],
      ['  max', fmtMs(lat.at(-1) ?? NaN)],
      ['  first presses p50 / p99', pp(latFirst)],
      ['  second presses (same group) p50 / p99', pp(latSecond)],
      ['  injected → answerCallbackQuery p50 / p99 (includes waiting at the fake to be fetched)', pp(sinceInjection)],
      ['  breakdown: fetched → runner hands it to grammY p50 / p99', pp(toHandler)],
      ['  breakdown: in the middleware/handler until answer is called', pp(inHandler)],
      ['  breakdown: answer called → arrives at the fake', pp(toFake)],
      [`  harness alone: ${n} concurrent plain calls, call → arrival p50 / p99`, pp(calib)],
      ['  event-loop delay during the burst, bot process p50 / p99 / max', `${fmtMs(eld.percentile(50) / 1e6)} / ${fmtMs(eld.percentile(99) / 1e6)} / ${fmtMs(eld.max / 1e6)}`],
      ['  event-loop delay during the burst, fake process p50 / p99 / max', fakeEld ? `${fmtMs(fakeEld.p50)} / ${fmtMs(fakeEld.p99)} / ${fmtMs(fakeEld.max)}` : '-'],
      ['  garbage collection in the bot process: pauses / total / longest', `${gcPauses.count} / ${fmtMs(gcPauses.totalMs)} / ${fmtMs(gcPauses.maxMs)}`],
      [
        '  CPU time during the burst: bot process (per press) / fake process',
        `${fmtMs((cpu.user + cpu.system) / 1000)} (${fmtN((cpu.user + cpu.system) / 1000 / presses.size, 2)} ms) / ${fakeEld ? fmtMs(fakeEld.cpuMs) : '-'}, in ${fmtMs(wallCpu)} of wall time`,
      ],
      [
        `Paced: ${paced.pressed.length} presses at ${PACED_PER_SECOND}/s (one per group), fetched → answerCallbackQuery p50 / p99 / max`,
        `${fmtMs(percentile(pacedLat, 50))} / ${fmtMs(percentile(pacedLat, 99))} / ${fmtMs(pacedLat.at(-1) ?? NaN)}${pacedAnswers.length === pacedIds.length ? '' : ` (${pacedAnswers.length} answered)`}`,
        '< 50 ms',
        verdict(percentile(pacedLat, 99) < 50),
      ],
      ['  paced: injected → answerCallbackQuery p50 / p99', pp(pacedSinceInjection)],
      ['  paced: assignments acknowledged in the DB', String(Number(pacedAcked.n)), String(n), verdict(Number(pacedAcked.n) === n)],
      [
        `Unloaded probe (${probeLat.length} presses one at a time) p50 / max`,
        `${fmtMs(percentile(probeLat, 50))} / ${fmtMs(probeLat.at(-1) ?? NaN)}`,
        '< 50 ms',
        verdict((probeLat.at(-1) ?? Infinity) < 50),
      ],
      ['Assignments acknowledged in the DB', String(Number(acked.n)), String(n), verdict(Number(acked.n) === n)],
      [
        'getUpdates calls that carried the presses (updates per call: min / median / max)',
        `${carriers.length} (${Math.min(...batchSizes)} / ${percentile(
          [...batchSizes].sort((a, b) => a - b),
          50,
        )} / ${Math.max(...batchSizes)})`,
      ],
      [
        'Group messages edited (✅ removed)',
        Number.isFinite(editsDone)
          ? `${n}, the last ${fmtS(editsDone - injectedAt)} after the injection`
          : `${editedCount}/${n} by ${fmtS(editedBy - injectedAt)} after the injection (wait bounded)`,
      ],
      ['429s answered by the fake (edits)', String(stats.tooManyRequests), '0', verdict(stats.tooManyRequests === 0)],
    ];
    const whatIf =
      (rtt > 0 ? ` — WHAT-IF: every Bot API answer delayed ${rtt} ms (BENCH_ACK_RTT_MS)` : '') +
      (process.env.BENCH_ACK_BUDGET_MS ? ` — WHAT-IF: ANSWER_BUDGET_MS=${process.env.BENCH_ACK_BUDGET_MS}` : '');
    return { title: `4. Acknowledgement path — ${presses.size} ✅ presses over ${n} groups, bot polling (runner), fake Bot API in its own process${whatIf}`, rows, notes: [] };
  } finally {
    await setup?.stop().catch(() => undefined);
    if (app) await stopBounded(app, 15_000);
    await space.cleanup();
    await tg.stop();
  }
}

/** Configuration overrides of the what-ifs for parts 4 and 4b (BENCH_ACK_BUDGET_MS). */
function ackWhatIf(): Record<string, string> {
  return process.env.BENCH_ACK_BUDGET_MS ? { ANSWER_BUDGET_MS: process.env.BENCH_ACK_BUDGET_MS } : {};
}

/** Diagnostic (BENCH_ACK_PROFILE=file.cpuprofile): a V8 CPU profile of this process during the burst. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return async (file) => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

async function calibrateHttp(tg: RemoteFake, n: number): Promise<number[]> {
  const plain = new Bot(tg.token, { botInfo: tg.botInfo, client: { apiRoot: tg.apiRoot } });
  const calledAt: number[] = [];
  const base = -9_000_000_000;
  await tg.reset(BENCH_LIMITS);
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      calledAt[i] = Date.now();
      await plain.api.getChat(base - i).catch(() => undefined);
    }),
  );
  const arrived = new Map((await tg.calls({ method: 'getChat' })).map((c) => [c.chatId, c.at]));
  return calledAt.map((t, i) => (arrived.get(base - i) ?? NaN) - t).sort((a, b) => a - b);
}

/**
 * app.stop() lets in-flight updates and jobs finish; the group edits still waiting for the
 * gate (30/s, 20/min per group) can hold the workers' close. If the stop takes longer than
 * `ms`, the app's Redis connection is cut so that the waiting edits fail and the stop can
 * complete.
 */
async function stopBounded(app: App, ms: number): Promise<void> {
  const stopping = app.stop().catch(() => undefined);
  if ((await Promise.race([stopping.then(() => 'stopped' as const), sleep(ms).then(() => 'timeout' as const)])) === 'stopped') return;
  process.stderr.write(`part 4: app.stop() still waiting after ${ms / 1000} s (edits queued in the gate); cutting its Redis connection\n`);
  (app.deps.queues.connection as unknown as { disconnect(): void }).disconnect();
  await Promise.race([stopping, sleep(10_000)]);
}

/** Garbage-collection pauses of this process from now until stop() (perf_hooks 'gc' entries). */
function watchGc(): { stop(): { count: number; totalMs: number; maxMs: number } } {
  const pauses: number[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push(e.duration);
  });
  obs.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      obs.disconnect();
      return { count: pauses.length, totalMs: pauses.reduce((a, b) => a + b, 0), maxMs: pauses.length ? Math.max(...pauses) : 0 };
    },
  };
}

// --- 4b. Acknowledgement path while a broadcast is still going out ---------------------------

/** Part 4b: presses per group that has the instruction (kepala, staf, kepala, staf): one thanked, three "already". */
const DURING_PRESSES_PER_GROUP = 4;

/**
 * Issue #14: the ✅ presses of part 4, injected while the instruction is still going out —
 * the moment about half of the groups have it (the fake has answered ⌊n/2⌋ group messages),
 * DURING_PRESSES_PER_GROUP presses in each of those groups in one synchronous loop inside the
 * fake's process. The app runs with the production configuration (29/s, 1/s, 20/min), the bot
 * polling (runner) and the fake Bot API in its own process, as in part 4; the workers either in
 * the bot's process (`--role all`) or in a child `--role worker` process (as production runs
 * them: the two share the send gate through Redis and the SQLite file). Times on the fake's
 * clock, as in part 4; the broadcast's own figures show whether the presses slowed it.
 */
async function partAckDuring(separateWorkers: boolean): Promise<PartResult> {
  const tg = await RemoteFake.start();
  const space = newSpace(separateWorkers ? 'ackw' : 'acki', tg);
  let app: App | null = null;
  let child: WorkerChild | null = null;
  try {
    await tg.reset(BENCH_LIMITS);
    app = await createApp(configFor(space, ackWhatIf()), { logger: silentLogger, botInfo: tg.botInfo });
    const org = await seedOrg(app.deps.db);
    const n = org.groups.length;
    const issuer = await issuerPerson(app.deps.db);
    const { handlerStart, answerCalled } = observeAckTimes(app);
    if (separateWorkers) {
      // The worker process sets the two default command menus once its workers run.
      child = startWorkerChild({ ...space.env, ...ackWhatIf() });
      let started = false;
      // Only an exit before it is ready is an error (its exit at the end must not reject unhandled).
      const exited = child.exited.then(({ code, signal }) => {
        if (!started) throw new Error(`worker child exited early (code ${code}, signal ${signal}): ${child?.stderr().slice(-2000)}`);
      });
      exited.catch(() => undefined);
      await Promise.race([tg.waitFor({ method: 'setMyCommands' }, 2, 60_000), exited]);
      started = true;
    }
    await app.start({ bot: true, workers: !separateWorkers });
    await tg.waitFor({ method: 'getUpdates' }, 1, 10_000);
    await sleep(300);
    await tg.reset(BENCH_LIMITS);

    const issuedAt = Date.now();
    const res = await issueInstruction(app.deps, issuer, benchDraft('during'));
    if (!res.ok) throw new Error(`issueInstruction failed: ${JSON.stringify(res)}`);
    const assignments = await app.deps.db.selectFrom('assignments').select(['id', 'opd_id']).where('instruction_id', '=', res.instructionId).execute();
    const byOpd = new Map(assignments.map((r) => [r.opd_id, r.id]));
    const groupIndex = new Map(org.groups.map((g, i) => [g, i]));
    const groupFilter = { method: 'sendMessage', okOnly: true, chatIds: org.groups };
    const half = Math.floor(n / 2);
    const sent = await tg.waitFor(groupFilter, half, 60_000);
    const batch: PressButtonOptions[] = [];
    const meta: Array<{ group: number; second: boolean }> = [];
    for (let k = 0; k < DURING_PRESSES_PER_GROUP; k++) {
      for (const c of sent) {
        const i = groupIndex.get(c.chatId!)!;
        const assignmentId = byOpd.get(org.opdIds[i]!)!;
        batch.push({ from: k % 2 === 0 ? org.heads[i]! : org.staff[i]!, chatId: c.chatId!, messageId: c.sentMessageId!, data: `ack:${assignmentId}` });
        meta.push({ group: c.chatId!, second: k > 0 });
      }
    }
    const profileFile = process.env.BENCH_ACK_PROFILE?.replace(/(\.cpuprofile)?$/, separateWorkers ? '-4b-worker-process.cpuprofile' : '-4b-in-process.cpuprofile');
    const profile = profileFile ? await startProfile() : null;
    const eld = monitorEventLoopDelay({ resolution: 10 });
    eld.enable();
    const gc = watchGc();
    await tg.eldStart();
    const cpuFrom = process.cpuUsage();
    const burst = await tg.press(batch);
    const sentBeforeInjection = (await tg.calls(groupFilter)).filter((c) => c.at <= burst.injectedAt).length;
    const presses = new Map<string, Press>();
    for (const [i, p] of burst.pressed.entries()) presses.set(p.callbackId, { updateId: p.updateId, callbackId: p.callbackId, ...meta[i]! });
    let answeredAll = true;
    const answers = await tg.waitFor({ method: 'answerCallbackQuery', callbackIds: [...presses.keys()] }, presses.size, 60_000).catch(async () => {
      answeredAll = false;
      return (await tg.calls({ method: 'answerCallbackQuery' })).filter((c) => presses.has(c.callbackId ?? ''));
    });
    const cpu = process.cpuUsage(cpuFrom);
    const wallCpu = Date.now() - burst.injectedAt;
    eld.disable();
    const gcPauses = gc.stop();
    const fakeEld = await tg.eldStop();
    if (profile && profileFile) await profile(profileFile);
    const sentWhenAnswered = (await tg.calls(groupFilter)).length;

    let broadcastDone = true;
    const allSent = await tg.waitFor(groupFilter, n, 90_000).catch(async () => {
      broadcastDone = false;
      return tg.calls(groupFilter);
    });
    const firstSend = Math.min(...allSent.map((c) => c.at));
    const lastSend = Math.max(...allSent.map((c) => c.at));

    const fetchedAt = new Map<number, number>();
    for (const c of await tg.calls({ method: 'getUpdates', okOnly: true })) for (const id of c.updateIds ?? []) if (!fetchedAt.has(id)) fetchedAt.set(id, c.answeredAt);
    const { lat, latFirst, latSecond, sinceInjection, toHandler, inHandler, toFake } = ackLatencies(answers, presses, burst.injectedAt, fetchedAt, handlerStart, answerCalled);
    const thanks = messagesFor('id').ackThanks;
    const thankedPerGroup = new Map<number, number>();
    for (const a of answers) {
      const p = presses.get(a.callbackId!)!;
      if (a.text === thanks) thankedPerGroup.set(p.group, (thankedPerGroup.get(p.group) ?? 0) + 1);
    }
    const groupsPressed = sent.length;
    const thankedOnce = [...thankedPerGroup.values()].filter((v) => v === 1).length;
    const thankedTwice = [...thankedPerGroup.values()].filter((v) => v > 1).length;
    const acked = await app.deps.db
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('instruction_id', '=', res.instructionId)
      .where('acked_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const stats = await tg.stats();
    const p99 = percentile(lat, 99);
    const pp = (l: number[]) => `${fmtMs(percentile(l, 50))} / ${fmtMs(percentile(l, 99))}`;
    const broadcastMs = lastSend - firstSend;
    const broadcastFloor = ((n - 1) / LIMIT) * 1000;
    const rows: Row[] = [
      ['Group messages delivered when the presses were injected', `${sentBeforeInjection} of ${n} (${fmtS(burst.injectedAt - issuedAt)} after Kirim)`],
      ['Presses injected', `${presses.size} (${DURING_PRESSES_PER_GROUP} in each of ${groupsPressed} groups, in ${fmtMs(burst.injectMs)})`],
      ['Presses answered', `${answers.length}${answeredAll ? '' : ' (wait of 60 s ran out)'}`, String(presses.size), verdict(answers.length === presses.size)],
      ['Fetched → answerCallbackQuery p50', fmtMs(percentile(lat, 50))],
      ['Fetched → answerCallbackQuery p99', fmtMs(p99), '≤ 30 ms', verdict(p99 <= 30)],
      ['  max', fmtMs(lat.at(-1) ?? NaN)],
      ['  first presses p50 / p99', pp(latFirst)],
      ['  later presses (same group) p50 / p99', pp(latSecond)],
      ['  injected → answerCallbackQuery p50 / p99', pp(sinceInjection)],
      ['  breakdown: fetched → runner hands it to grammY p50 / p99', pp(toHandler)],
      ['  breakdown: in the middleware/handler until answer is called', pp(inHandler)],
      ['  breakdown: answer called → arrives at the fake', pp(toFake)],
      ['  event-loop delay, bot process p50 / p99 / max', `${fmtMs(eld.percentile(50) / 1e6)} / ${fmtMs(eld.percentile(99) / 1e6)} / ${fmtMs(eld.max / 1e6)}`],
      ['  garbage collection in the bot process: pauses / total / longest', `${gcPauses.count} / ${fmtMs(gcPauses.totalMs)} / ${fmtMs(gcPauses.maxMs)}`],
      ['  event-loop delay, fake process p50 / p99 / max', fakeEld ? `${fmtMs(fakeEld.p50)} / ${fmtMs(fakeEld.p99)} / ${fmtMs(fakeEld.max)}` : '-'],
      [
        '  CPU time until the last answer: bot process (per press) / fake process',
        `${fmtMs((cpu.user + cpu.system) / 1000)} (${fmtN((cpu.user + cpu.system) / 1000 / presses.size, 2)} ms) / ${fakeEld ? fmtMs(fakeEld.cpuMs) : '-'}, in ${fmtMs(wallCpu)} of wall time`,
      ],
      ['Groups thanked exactly once', String(thankedOnce), String(groupsPressed), verdict(thankedOnce === groupsPressed && thankedTwice === 0)],
      ['Assignments acknowledged in the DB', String(Number(acked.n)), String(groupsPressed), verdict(Number(acked.n) === groupsPressed)],
      ['Group messages delivered when the last press was answered', `${sentWhenAnswered} of ${n}`],
      // Not a target here: the acknowledgements' group edits share the 30/s with the deliveries.
      [
        `Broadcast: first → last group message (the 30/s floor alone: ${fmtS(broadcastFloor)})`,
        `${fmtS(broadcastMs)}${broadcastDone ? '' : ` (only ${allSent.length} of ${n} within 90 s)`}`,
      ],
      ['429s answered by the fake', String(stats.tooManyRequests), '0', verdict(stats.tooManyRequests === 0)],
    ];
    const where =
      (separateWorkers ? 'workers in a separate `--role worker` process' : 'workers in the bot process (`--role all`)') +
      (process.env.BENCH_ACK_BUDGET_MS ? ` — WHAT-IF: ANSWER_BUDGET_MS=${process.env.BENCH_ACK_BUDGET_MS}` : '');
    return { title: `4b. Acknowledgement path during a broadcast — ${presses.size} ✅ presses half-way through, ${where}`, rows, notes: [] };
  } finally {
    if (app) await stopBounded(app, 15_000);
    if (child) await child.terminate(15_000).catch(() => undefined);
    await space.cleanup();
    await tg.stop();
  }
}

// --- 5. Kirim, measured from the press -------------------------------------------------------

/** Part 5, mixed run: groups that already had 20 messages this minute (their instruction waits for it). */
const FULL_GROUPS = 3;
/** Part 5, mixed run: commands the leader sends in the private chat while the broadcast goes out. */
const LEADER_COMMANDS = 5;
/** Part 5: the leader reads the preview this long before pressing Kirim (the chat's 1 a second has passed). */
const READ_MS = 1_500;

/**
 * Issue #14: the broadcast as the leader feels it, from the moment Kirim is pressed, with the
 * bot polling (runner) and the workers in this process and the fake Bot API in its own
 * (bench/fake-process.ts), Telegram's limits on and Arahan's production rates. The mixed run
 * adds what a busy morning adds: FULL_GROUPS groups that have had their 20 messages this minute
 * (sent through the bot before the letter, so its gate knows them), and the leader writing
 * LEADER_COMMANDS commands in the private chat during the broadcast. Every time is read on the
 * fake's clock: the press as injected, each call as it arrived.
 */
async function partKirim(mixed: boolean): Promise<PartResult> {
  const tg = await RemoteFake.start();
  const space = newSpace(mixed ? 'kirim-mixed' : 'kirim', tg);
  let app: App | null = null;
  try {
    await tg.reset(null);
    app = await createApp(configFor(space), { logger: silentLogger, botInfo: tg.botInfo });
    const org = await seedOrg(app.deps.db);
    const n = org.groups.length;
    await app.start({ bot: true, workers: true });
    await tg.waitFor({ method: 'getUpdates' }, 1, 10_000);
    await tg.reset(BENCH_LIMITS);
    const full = mixed ? org.groups.slice(-FULL_GROUPS) : [];
    const api = app.deps.api;
    const fillFrom = Date.now();
    const filling = Promise.all(
      full.map(async (g) => {
        for (let i = 0; i < 20; i++) await api.sendMessage(g, `Pengumuman rutin nomor ${i + 1}.`);
      }),
    );

    // The leader writes the letter, gets the preview, reads it.
    const leader = ISSUER;
    await tg.text({
      from: leader,
      text: '/arahan\nKepada: semua\nKonfirmasi: 2 jam\nSelesai: 1 hari\nSifat: segera\n\nBenchmark Kirim: mohon seluruh OPD segera melaporkan kesiapan posko siaga bencana.',
    });
    const [previewCall] = await tg.waitFor({ method: 'sendMessage', okOnly: true, chatIds: [leader.id] }, 1, 30_000);
    const previewId = previewCall!.sentMessageId!;
    const kirim = (await tg.buttons(leader.id, previewId)).find(([label]) => label === 'Kirim')?.[1];
    if (!kirim) throw new Error('no Kirim button on the preview');
    await filling;
    const fillMs = Date.now() - fillFrom;
    const fill429 = (await tg.stats()).tooManyRequests;
    await sleep(READ_MS);
    const before = (await tg.stats()).tooManyRequests;

    const { injectedAt: pressedAt, pressed } = await tg.press([{ from: leader, chatId: leader.id, messageId: previewId, data: kirim }]);
    const talking = mixed
      ? (async () => {
          for (let i = 0; i < LEADER_COMMANDS; i++) {
            await sleep(2_000);
            await tg.text({ from: leader, text: '/bantuan' });
          }
        })()
      : Promise.resolve();
    const others = org.groups.filter((g) => !full.includes(g));
    const groupFilter = { method: 'sendMessage', okOnly: true, chatIds: others };
    let complete = true;
    await tg.waitFor(groupFilter, others.length, 60_000).catch(() => {
      complete = false;
    });
    const fullDone = full.length ? await tg.waitFor({ method: 'sendMessage', okOnly: true, chatIds: full }, full.length * 21, 90_000).catch(() => null) : null;
    await talking;
    await sleep(1_000); // a late duplicate would arrive now

    const at = (c: CompactCall) => c.at - pressedAt;
    const groupCalls = (await tg.calls(groupFilter)).filter((c) => c.at >= pressedAt);
    const times = groupCalls.map((c) => c.at).sort((a, b) => a - b);
    const perGroup = new Map<number, number>();
    for (const c of groupCalls) perGroup.set(c.chatId!, (perGroup.get(c.chatId!) ?? 0) + 1);
    const duplicates = [...perGroup.values()].filter((k) => k > 1).length;
    const missing = others.length - perGroup.size;
    const mine = (await tg.calls({ method: 'editMessageText', okOnly: true, chatIds: [leader.id] })).filter((c) => c.at >= pressedAt && c.messageId === previewId);
    const summary = (await tg.calls({ method: 'sendMessage', okOnly: true, chatIds: [leader.id] })).find((c) => c.at >= pressedAt);
    const [answer] = await tg.calls({ method: 'answerCallbackQuery', callbackIds: [pressed[0]!.callbackId] });
    const fake429 = (await tg.stats()).tooManyRequests - before;
    const first = times[0] ?? NaN;
    const last = times.at(-1) ?? NaN;
    const wall = last - pressedAt;
    const rate = times.length > 1 ? ((times.length - 1) * 1000) / (last - first) : NaN;
    // Every message the bot sent meanwhile, as Telegram's 30 a second counts them: the groups',
    // and the leader's own (the preview's counter, the summary, the answers to the mixed run's
    // commands) which the issue asks for and which take their slots from the same second.
    const SENDS = new Set(['sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'sendPhoto', 'sendDocument']);
    let allSends = 0;
    for (const method of SENDS) allSends += (await tg.calls({ method, okOnly: true })).filter((c) => c.at >= first && c.at <= last).length;
    const engineRate = allSends > 1 ? ((allSends - 1) * 1000) / (last - first) : NaN;
    const floor = (others.length / LIMIT) * 1000;
    const rows: Row[] = [
      ['Kirim → answerCallbackQuery', answer ? fmtMs(at(answer)) : 'none'],
      ['Kirim → preview turned into "sedang dikirim"', mine[0] ? fmtMs(at(mine[0])) : 'none', '≤ 300 ms', verdict(mine[0] !== undefined && at(mine[0]) <= 300)],
      ['Kirim → summary', summary ? fmtMs(at(summary)) : 'none'],
      ['Kirim → first group message', fmtMs(first - pressedAt), '≤ 300 ms', verdict(first - pressedAt <= 300)],
      [
        `Kirim → ${others.length}th group message${mixed ? ' (the groups with room)' : ''}`,
        fmtS(wall),
        // The issue's target for the mixed run is its rate against the plain run's (below): the
        // leader's commands take their slots from the same 30 a second, so the plain floor is not its.
        mixed ? `(plain run's: ≤ ${fmtS(floor * 1.05)})` : `≤ ${fmtS(floor * 1.05)} (floor ${fmtS(floor)} +5%)`,
        mixed ? (complete ? '' : verdict(false)) : verdict(complete && wall <= floor * 1.05),
      ],
      ['Sustained rate, every message the bot sent, first → last group message', `${fmtN(engineRate, 2)} /s`, '≥ 29 /s', verdict(engineRate >= 29)],
      ['… of which group messages', `${fmtN(rate, 2)} /s`, '', ''],
      ['429s answered by the fake', String(fake429), '0', verdict(fake429 === 0)],
      ['Duplicates (groups with >1 message)', String(duplicates), '0', verdict(duplicates === 0)],
      ['Missing (groups with 0 messages)', String(missing), '0', verdict(missing === 0)],
    ];
    if (mixed) {
      const fullAt = fullDone ? Math.max(...fullDone.map((c) => c.at)) - pressedAt : NaN;
      rows.push([`The ${FULL_GROUPS} full groups have it (their minute ran out)`, fullDone ? `${fmtS(fullAt)} after Kirim` : 'not within 90 s']);
      rows.push([`Filling them (20 each, before the letter's Kirim) / 429s meanwhile`, `${fmtS(fillMs)} / ${fill429}`, '', '']);
      rows.push(
        ...refusedRows(
          (await tg.calls({ method: 'sendMessage' })).sort((a, b) => a.at - b.at),
          pressedAt,
        ),
      );
    }
    rows.push(['Slots given up because the process reached them late', String(app.sendStats.lateSlots ?? 0)]);
    const title = mixed
      ? `5b. Kirim, mixed — the press by the leader, ${FULL_GROUPS} groups at their 20 a minute, ${LEADER_COMMANDS} commands by the leader meanwhile, fake in its own process`
      : `5a. Kirim — the press by the leader to ${n} groups, bot polling + workers in-process, fake in its own process`;
    return { title, rows, notes: [], rate };
  } finally {
    if (app) await stopBounded(app, 20_000);
    await tg.stop();
    await space.cleanup();
  }
}

// --- main ---------------------------------------------------------------------------------

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const started = Date.now();
  const wanted = new Set((process.env.BENCH_PARTS ?? '1,2,3,4,4b,5').split(',').map((s) => s.trim()));
  const tg = await FakeTelegram.start();
  console.log(`# Arahan delivery benchmark`);
  console.log('');
  console.log(
    `Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(`Load average (1/5/15 min) at the start: ${load()} — other processes on this machine skew the figures.`);
  if (process.env.BENCH_WORKER_LOCK) console.log(`EXPERIMENT: the part 3 children run with WORKER_LOCK=${process.env.BENCH_WORKER_LOCK}.`);
  console.log(
    `Fake Bot API with Telegram's limits: ${LIMIT}/s global, 1/s per chat, 20/min per group; over a limit, a ${FLOOD_PENALTY_MS / 1000} s flood penalty (retry_after ${FLOOD_PENALTY_MS / 1000}, the chat — or every chat, over the ${LIMIT}/s — refused until then). ${N_OPD} OPD groups.`,
  );
  console.log('');

  // Parts 3 and 4b start worker processes as production does: from the bundle (bench/child.ts).
  if (wanted.has('3') || wanted.has('4b')) await prepareWorkerChildren();
  const results: PartResult[] = [];
  const failures: string[] = [];
  const parts: Array<[string, string, (tg: FakeTelegram) => Promise<PartResult>]> = [
    ['1', 'Arahan broadcast', partBroadcast],
    ['2', 'Naive loop', partNaive],
    ['3', 'Kill and restart at a moment half-way by the clock', () => partKill('clock')],
    ['3', 'Kill and restart the moment a send was answered', () => partKill('accepted')],
    ['3', 'Two workers, one killed half-way by the clock and restarted', () => partKill('clock', 2)],
    ['4', 'Acknowledgement path', () => partAck()],
    ['4b', 'Acknowledgement path during a broadcast, workers in-process', () => partAckDuring(false)],
    ['4b', 'Acknowledgement path during a broadcast, workers in their own process', () => partAckDuring(true)],
    ['5', 'Kirim from the press', () => partKirim(false)],
    ['5', 'Kirim from the press, mixed', () => partKirim(true)],
  ];
  for (const [id, name, fn] of parts) {
    if (!wanted.has(id)) continue;
    const t = Date.now();
    const loadBefore = load();
    process.stderr.write(`running part ${id}: ${name} …\n`);
    try {
      const r = await fn(tg);
      const arahanWall = results.find((x) => x.title.startsWith('1.'))?.figures?.wallMs;
      if (id === '2' && r.figures && arahanWall !== undefined) {
        r.rows.push(['Wall time ratio naive / Arahan', fmtN(r.figures.wallMs / arahanWall, 2), '', '']);
      }
      const plainRate = results.find((x) => x.title.startsWith('5a.'))?.rate;
      if (r.title.startsWith('5b.') && r.rate !== undefined && plainRate !== undefined) {
        const ratio = r.rate / plainRate;
        r.rows.push(['Rate of the mixed run / the plain run (5a)', `${fmtN(ratio * 100, 1)} %`, '≥ 98 %', verdict(ratio >= 0.98)]);
      }
      results.push(r);
      console.log(table(r.title, r.rows));
      for (const note of r.notes) console.log(`\n${note}`);
      console.log(`\n(part ${id} took ${fmtS(Date.now() - t)}; load average before/after ${loadBefore} / ${load()})\n`);
    } catch (err) {
      failures.push(`part ${id} (${name}): ${err instanceof Error ? err.message : String(err)}`);
      console.log(`### ${id}. ${name}\n\nFAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }

  const arahan = results.find((r) => r.title.startsWith('1.'))?.figures;
  const naive = results.find((r) => r.title.startsWith('2.'))?.figures;
  console.log('### Summary');
  console.log('');
  if (arahan && naive) {
    console.log(
      `Arahan ${fmtS(arahan.wallMs)} (${fmtN(arahan.perSecond, 1)} msg/s, ${arahan.fake429} × 429) vs naive loop ${fmtS(naive.wallMs)} (${fmtN(naive.perSecond, 1)} msg/s, ${naive.fake429} × 429): naive / Arahan wall time = ${fmtN(naive.wallMs / arahan.wallMs, 2)}.`,
    );
  }
  for (const r of results) {
    const missed = r.rows.filter((row) => row[3] === 'MISSED').map((row) => row[0].trim());
    console.log(`- ${r.title.split(' — ')[0]}: ${missed.length ? `missed ${missed.join('; ')}` : 'all targets met'}`);
  }
  for (const f of failures) console.log(`- FAILED ${f}`);
  console.log(`\nTotal bench time ${fmtS(Date.now() - started)}.`);
  await tg.stop();
  process.exit(failures.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
