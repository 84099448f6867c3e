/**
 * `npm run bench`: Arahan's delivery engine against the fake Bot API server with Telegram's
 * limits (30 msg/s in total, 1/s per chat, 20/min per group).
 *
 *   1. Arahan broadcast: one instruction to 500 OPD groups (workers in-process).
 *   2. Naive loop: `for … await bot.api.sendMessage` with @grammyjs/auto-retry.
 *   3. Kill and restart: the same broadcast by a child `--role worker`, SIGKILLed half-way.
 *   4. Acknowledgement path: 1,000 ✅ presses with the bot polling.
 *
 * Targets are printed next to the figures, not asserted; the exit code is 0 unless a part
 * crashed. The fake runs in this process (as do the app in parts 1 and 4), so its CPU and
 * HTTP handling count in the latencies.
 *
 * Environment:
 *   BENCH_OPDS         number of OPD groups (default 500)
 *   BENCH_PARTS        e.g. "1,4" (default "1,2,3,4")
 *   REDIS_URL          default redis://127.0.0.1:6379
 *   BENCH_WORKER_LOCK  what-if: WORKER_LOCK for the part 3 children (default: Arahan's default)
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { createApp, type App } from '../src/app';
import { issueInstruction } from '../src/services/issue-instruction';
import { FakeTelegram, TELEGRAM_LIMITS, type RecordedCall } from '../test/support/fake-telegram';
import { toChatId } from '../test/support/fake-telegram-state';
import { startWorkerChild, type WorkerChild } from './child';
import {
  deliveryFigures,
  fmtMs,
  fmtN,
  fmtS,
  groupSends,
  percentile,
  table,
  verdict,
  waitEveryGroup,
  type DeliveryFigures,
} from './measure';
import {
  allGroups,
  benchDraft,
  configFor,
  countDeliveryStates,
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

type Row = [string, string, string?, string?];
interface PartResult {
  title: string;
  rows: Row[];
  notes: string[];
  figures?: DeliveryFigures;
}

/** Fresh limiter windows, stats and call log at the fake: every part starts from zero. */
function resetFake(tg: FakeTelegram): void {
  tg.setLimits(TELEGRAM_LIMITS);
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
    ['Duplicates (groups with >1 message)', `${f.duplicates}${f.extraCopies > f.duplicates ? ` (${f.extraCopies} extra copies)` : ''}`, withTargets ? '0' : '', withTargets ? verdict(f.duplicates === 0) : ''],
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

async function waitChildReady(tg: FakeTelegram, child: WorkerChild, timeoutMs: number): Promise<number> {
  // start() ends with the command menus; by then the workers are running.
  const ready = tg
    .waitFor(
      (c) =>
        c.method === 'setMyCommands' &&
        c.at >= child.startedAt &&
        (c.payload.scope as { type?: string } | undefined)?.type === 'all_group_chats',
      { timeoutMs, description: 'the worker child to start' },
    )
    .then(([c]) => c!.at);
  const died = child.exited.then(({ code, signal }) => {
    throw new Error(`worker child exited early (code ${code}, signal ${signal}): ${child.stderr().slice(-2000)}`);
  });
  return Promise.race([ready, died]);
}

async function partKill(tg: FakeTelegram): Promise<PartResult> {
  const space: Space = newSpace('kill', tg);
  let app: App | null = null;
  const children: WorkerChild[] = [];
  const notes: string[] = [];
  try {
    app = await createApp(configFor(space), { logger: silentLogger, botInfo: tg.botInfo });
    const org = await seedOrg(app.deps.db);
    const issuer = await issuerPerson(app.deps.db);
    const n = org.groups.length;

    resetFake(tg);
    const childEnv = process.env.BENCH_WORKER_LOCK ? { ...space.env, WORKER_LOCK: process.env.BENCH_WORKER_LOCK } : space.env;
    const child1 = startWorkerChild(childEnv);
    children.push(child1);
    const ready1 = await waitChildReady(tg, child1, 60_000);
    resetFake(tg);

    const t0 = Date.now();
    const res = await issueInstruction(app.deps, issuer, benchDraft('kill'));
    if (!res.ok) throw new Error(`issueInstruction failed: ${JSON.stringify(res)}`);
    await waitEveryGroup(tg, org.groups, Math.floor(n / 2), 60_000);
    child1.kill();
    const killAt = Date.now();
    await child1.exited;
    const atKill = groupSends(tg, new Set(org.groups)).size;
    const statesAtKill = await countDeliveryStates(app.deps.db);

    const child2 = startWorkerChild(childEnv);
    children.push(child2);
    const ready2 = waitChildReady(tg, child2, 60_000).catch(() => NaN);
    // Every group has a message, and the database says every delivery is 'sent': the jobs the
    // dead worker held (state 'sending') are re-run only once their lock expires, and if
    // their send had been accepted just before the kill, that re-run is a duplicate. Stopping
    // at "every group has a message" alone would hide those duplicates. One bound for both.
    const deadline = killAt + KILL_WAIT_MS;
    let complete = true;
    await waitEveryGroup(tg, org.groups, n, Math.max(1, deadline - Date.now())).catch(() => {
      complete = false;
    });
    const doneAt = Date.now();
    const states = await waitAllSent(app.deps.db, n, Math.max(1, deadline - Date.now()));
    const allSentAt = Date.now();
    await sleep(1000); // a late duplicate would arrive now
    const term = await child2.terminate(25_000);
    const f = deliveryFigures(tg, org.groups, t0, LIMIT);

    // The first message after the kill that was not already on its way.
    const afterKill = tg
      .callsTo('sendMessage')
      .filter((c) => c.ok && c.at > killAt + 50 && org.groups.includes(toChatId(c.payload.chat_id) ?? 0))
      .map((c) => c.at)
      .sort((a, b) => a - b);
    const lastBeforeRecovery = longestGap(afterKill);
    const r2 = await ready2;

    const rows = deliveryRows(f, true);
    rows[0] = [`Wall time (issue → every group has a message)`, fmtS(f.wallMs), complete ? '' : `bounded wait of ${KILL_WAIT_MS / 1000} s ran out`, ''];
    rows[3] = [rows[3]![0], rows[3]![1]];
    rows.push(
      ['Child 1: spawn → ready (npx tsx cold start)', fmtS(ready1 - child1.startedAt)],
      ['Killed (SIGKILL) at', `${fmtS(killAt - t0)} after issuing, ${atKill} groups reached`],
      ['DB states at the kill', JSON.stringify(statesAtKill)],
      ['Accepted by the fake but not yet recorded at the kill', String(atKill - (statesAtKill.sent ?? 0))],
      ['Child 2: spawn → ready', fmtS(r2 - child2.startedAt)],
      ['Child 2: first new message after the kill', afterKill.length ? `${fmtS(afterKill[0]! - killAt)} after the kill` : 'none'],
      ['Longest pause in deliveries after the kill', lastBeforeRecovery ? `${fmtS(lastBeforeRecovery.gap)} (from ${fmtS(lastBeforeRecovery.from - killAt)} after the kill)` : 'n/a'],
      ['Every group reached', `${fmtS(doneAt - killAt)} after the kill`],
      [
        'Every delivery recorded as sent (interrupted jobs re-run)',
        (states.sent ?? 0) >= n ? `${fmtS(allSentAt - killAt)} after the kill` : `not within ${KILL_WAIT_MS / 1000} s of the kill: ${JSON.stringify(states)}`,
      ],
      ['Child 2 stopped with SIGTERM', term.graceful ? `gracefully in ${fmtS(term.ms)}` : `NOT graceful (killed after ${fmtS(term.ms)})`],
    );
    return { title: `3. Kill and restart — child \`npx tsx src/main.ts --role worker\`, SIGKILL at ~${Math.floor(n / 2)} groups`, rows, notes, figures: f };
  } finally {
    for (const c of children) c.kill();
    await app?.stop().catch(() => undefined);
    await space.cleanup();
  }
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
  const rows = await app.deps.db
    .selectFrom('assignments')
    .select(['id', 'opd_id', 'chat_id', 'message_id'])
    .where('instruction_id', '=', instructionId)
    .execute();
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
/** How long after the last answer the bench waits for the group edits (keeps the bench near 3 min). */
const EDIT_DRAIN_MS = 20_000;

async function partAck(tg: FakeTelegram): Promise<PartResult> {
  const space = newSpace('ack', tg);
  let setup: App | null = null;
  let app: App | null = null;
  try {
    // Set-up, not measured: deliver the instruction quickly with the fake's limits off, plus a
    // small second instruction to PROBE_PRESSES OPDs for the unloaded (one press at a time) probe.
    tg.setLimits(null);
    tg.resetStats();
    tg.clearCalls();
    setup = await createApp(
      configFor(space, { RATE_GLOBAL_PER_SECOND: '100000', RATE_CHAT_PER_SECOND: '100000', RATE_GROUP_PER_MINUTE: '100000', SEND_CONCURRENCY: '50' }),
      { logger: silentLogger, botInfo: tg.botInfo },
    );
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
    const targets = await ackTargets(setup, main.instructionId, org);
    const probeTargets = await ackTargets(setup, probeIssue.instructionId, org);
    if (targets.length !== n) throw new Error(`only ${targets.length}/${n} group messages were delivered in the set-up`);
    await setup.stop();
    setup = null;

    // The measured app: production rates, bot polling (runner) and workers, fake limits on.
    app = await createApp(configFor(space), { logger: silentLogger, botInfo: tg.botInfo });
    const handlerStart = new Map<number, number>();
    const answerCalled = new Map<string, number>();
    // Observation only: when the runner hands an update to grammY, and when a handler calls
    // answerCallbackQuery (an outer API transformer; the answer is not a send-like call).
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
    resetFake(tg);
    await app.start({ bot: true, workers: true });
    await tg.waitFor((c) => c.method === 'getUpdates', { timeoutMs: 10_000, description: 'the runner to poll' });
    await sleep(300);
    resetFake(tg);

    // Unloaded probe: one press at a time.
    const probeLat: number[] = [];
    for (const t of probeTargets) {
      const u = tg.pressButton({ from: t.head, chatId: t.group, messageId: t.messageId, data: `ack:${t.assignmentId}` });
      const id = u.callback_query!.id;
      const [answer] = await tg.waitFor((c) => c.method === 'answerCallbackQuery' && String(c.payload.callback_query_id) === id, { timeoutMs: 10_000 });
      const fetched = tg.callsTo('getUpdates').find((c) => c.response?.ok && (c.response.result as Update[]).some((x) => x.update_id === u.update_id));
      if (fetched) probeLat.push(answer!.at - fetched.answeredAt);
      await sleep(50);
    }
    probeLat.sort((a, b) => a - b);

    // Harness calibration: the fake shares this process's event loop, so many concurrent HTTP
    // calls are slow to arrive whatever the bot does. n concurrent getChat calls from a plain
    // grammY Api (no handlers, no gate): call → arrival at the fake.
    const calib = await calibrateHttp(tg, n);
    await sleep(1100); // the probe's edits leave the per-chat windows
    resetFake(tg);

    // The burst: every head presses ✅, then a second press per group (head again or a staf member).
    const presses = new Map<string, Press>();
    const eld = monitorEventLoopDelay({ resolution: 10 });
    eld.enable();
    const injectedAt = Date.now();
    for (const second of [false, true]) {
      targets.forEach((t, i) => {
        const from = !second || i % 2 === 0 ? t.head : t.staf;
        const u = tg.pressButton({ from, chatId: t.group, messageId: t.messageId, data: `ack:${t.assignmentId}` });
        const id = u.callback_query!.id;
        presses.set(id, { updateId: u.update_id, callbackId: id, group: t.group, second });
      });
    }
    const injectMs = Date.now() - injectedAt;
    let answeredAll = true;
    await tg
      .waitFor((c) => c.method === 'answerCallbackQuery' && presses.has(String(c.payload.callback_query_id)), {
        count: presses.size,
        timeoutMs: 60_000,
        description: 'every press answered',
      })
      .catch(() => {
        answeredAll = false;
      });
    eld.disable();
    const groupSet = new Set(org.groups);
    const isGroupEdit = (c: RecordedCall) => c.method === 'editMessageText' && c.ok && groupSet.has(toChatId(c.payload.chat_id) ?? 0);
    const editsDone = await tg
      .waitFor(isGroupEdit, { count: n, timeoutMs: EDIT_DRAIN_MS, description: 'every group message edited' })
      .then((calls) => Math.max(...calls.map((c) => c.at)))
      .catch(() => NaN);
    const editedCount = tg.calls.filter(isGroupEdit).length;
    const editedBy = Date.now();

    // Fetched = the moment the fake answered the getUpdates call that carried the update.
    const fetchedAt = new Map<number, number>();
    const carriers = new Set<number>();
    const wantedUpdates = new Set([...presses.values()].map((p) => p.updateId));
    for (const c of tg.callsTo('getUpdates')) {
      const r = c.response;
      if (!r?.ok) continue;
      for (const u of r.result as Update[]) {
        if (fetchedAt.has(u.update_id) || !wantedUpdates.has(u.update_id)) continue;
        fetchedAt.set(u.update_id, c.answeredAt);
        carriers.add(c.seq);
      }
    }
    const answers = tg.callsTo('answerCallbackQuery').filter((c) => presses.has(String(c.payload.callback_query_id)));
    const lat: number[] = [];
    const latFirst: number[] = [];
    const latSecond: number[] = [];
    const toHandler: number[] = [];
    const inHandler: number[] = [];
    const toFake: number[] = [];
    for (const a of answers) {
      const p = presses.get(String(a.payload.callback_query_id))!;
      const f = fetchedAt.get(p.updateId);
      if (f === undefined) continue;
      const ms = a.at - f;
      lat.push(ms);
      (p.second ? latSecond : latFirst).push(ms);
      const h = handlerStart.get(p.updateId);
      const called = answerCalled.get(p.callbackId);
      if (h !== undefined && called !== undefined) {
        toHandler.push(h - f);
        inHandler.push(called - h);
        toFake.push(a.at - called);
      }
    }
    for (const l of [lat, latFirst, latSecond, toHandler, inHandler, toFake]) l.sort((x, y) => x - y);
    const lastAnswer = Math.max(...answers.map((a) => a.at));
    const perSecond = answers.length / ((lastAnswer - injectedAt) / 1000);
    const acked = await app.deps.db
      .selectFrom('assignments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('instruction_id', '=', main.instructionId)
      .where('acked_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const p99 = percentile(lat, 99);
    const pp = (l: number[]) => `${fmtMs(percentile(l, 50))} / ${fmtMs(percentile(l, 99))}`;

    const rows: Row[] = [
      ['Presses injected', `${presses.size} (in ${fmtMs(injectMs)})`],
      ['Presses answered', `${answers.length}${answeredAll ? '' : ' (wait of 90 s ran out)'}`, String(presses.size), verdict(answers.length === presses.size)],
      ['Presses handled per second (1st injection → last answer)', fmtN(perSecond, 1)],
      ['Fetched → answerCallbackQuery p50', fmtMs(percentile(lat, 50))],
      ['Fetched → answerCallbackQuery p99', fmtMs(p99), '< 50 ms', verdict(p99 < 50)],
      ['  max', fmtMs(lat.at(-1) ?? NaN)],
      ['  first presses p50 / p99', pp(latFirst)],
      ['  second presses (same group) p50 / p99', pp(latSecond)],
      ['  breakdown: fetched → runner hands it to grammY p50 / p99', pp(toHandler)],
      ['  breakdown: in the middleware/handler until answer is called', pp(inHandler)],
      ['  breakdown: answer called → arrives at the fake', pp(toFake)],
      [`  harness alone: ${n} concurrent plain calls, call → arrival p50 / p99`, pp(calib)],
      ['  event-loop delay during the burst p50 / p99 / max', `${fmtMs(eld.percentile(50) / 1e6)} / ${fmtMs(eld.percentile(99) / 1e6)} / ${fmtMs(eld.max / 1e6)}`],
      [`Unloaded probe (${probeLat.length} presses one at a time) p50 / max`, `${fmtMs(percentile(probeLat, 50))} / ${fmtMs(probeLat.at(-1) ?? NaN)}`, '< 50 ms', verdict((probeLat.at(-1) ?? Infinity) < 50)],
      ['Assignments acknowledged in the DB', String(Number(acked.n)), String(n), verdict(Number(acked.n) === n)],
      ['getUpdates calls that carried the presses', String(carriers.size)],
      [
        'Group messages edited (✅ removed)',
        Number.isFinite(editsDone)
          ? `${n}, the last ${fmtS(editsDone - injectedAt)} after the 1st injection`
          : `${editedCount}/${n} by ${fmtS(editedBy - injectedAt)} after the 1st injection (wait bounded)`,
      ],
      ['429s answered by the fake (edits)', String(tg.stats.tooManyRequests), '0', verdict(tg.stats.tooManyRequests === 0)],
    ];
    return { title: `4. Acknowledgement path — ${presses.size} ✅ presses over ${n} groups, bot polling (runner) in-process`, rows, notes: [] };
  } finally {
    await setup?.stop().catch(() => undefined);
    if (app) await stopBounded(app, 15_000);
    await space.cleanup();
  }
}

async function calibrateHttp(tg: FakeTelegram, n: number): Promise<number[]> {
  const plain = new Bot(tg.token, { botInfo: tg.botInfo, client: { apiRoot: tg.apiRoot } });
  const calledAt: number[] = [];
  const base = -9_000_000_000;
  const since = tg.calls.at(-1)?.seq ?? 0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      calledAt[i] = Date.now();
      await plain.api.getChat(base - i).catch(() => undefined);
    }),
  );
  const arrived = new Map(tg.calls.filter((c) => c.seq > since && c.method === 'getChat').map((c) => [Number(c.payload.chat_id), c.at]));
  return calledAt.map((t, i) => (arrived.get(base - i) ?? NaN) - t).sort((a, b) => a - b);
}

/**
 * app.stop() lets in-flight updates finish, and an acknowledgement's update is in flight until
 * its group edit has passed the gate. If that takes longer than `ms`, the app's Redis
 * connection is cut so that the waiting edits fail and the stop can complete.
 */
async function stopBounded(app: App, ms: number): Promise<void> {
  const stopping = app.stop().catch(() => undefined);
  if ((await Promise.race([stopping.then(() => 'stopped' as const), sleep(ms).then(() => 'timeout' as const)])) === 'stopped') return;
  process.stderr.write(`part 4: app.stop() still waiting after ${ms / 1000} s (edits queued in the gate); cutting its Redis connection\n`);
  (app.deps.queues.connection as unknown as { disconnect(): void }).disconnect();
  await Promise.race([stopping, sleep(10_000)]);
}

// --- main ---------------------------------------------------------------------------------

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const started = Date.now();
  const wanted = new Set((process.env.BENCH_PARTS ?? '1,2,3,4').split(',').map((s) => s.trim()));
  const tg = await FakeTelegram.start();
  console.log(`# Arahan delivery benchmark`);
  console.log('');
  console.log(
    `Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(`Load average (1/5/15 min) at the start: ${load()} — other processes on this machine skew the figures.`);
  if (process.env.BENCH_WORKER_LOCK) console.log(`EXPERIMENT: the part 3 children run with WORKER_LOCK=${process.env.BENCH_WORKER_LOCK}.`);
  console.log(`Fake Bot API with Telegram's limits: ${LIMIT}/s global, 1/s per chat, 20/min per group. ${N_OPD} OPD groups.`);
  console.log('');

  const results: PartResult[] = [];
  const failures: string[] = [];
  const parts: Array<[string, string, (tg: FakeTelegram) => Promise<PartResult>]> = [
    ['1', 'Arahan broadcast', partBroadcast],
    ['2', 'Naive loop', partNaive],
    ['3', 'Kill and restart', partKill],
    ['4', 'Acknowledgement path', partAck],
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
