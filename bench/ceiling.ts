/**
 * `npm run bench:ceiling` (issue #14, "the engine's own ceiling"): how many messages a second
 * Arahan's delivery engine pushes when Telegram's limits are not what holds it back — as with
 * several bot tokens, or Telegram's paid broadcast (up to 1,000 a second).
 *
 * The fake Bot API runs in a process of its own (bench/fake-process.ts) with its limits off;
 * Arahan's send gate is lifted by configuration the same way (RATE_* far above any real
 * limit: every send still asks the gate, so its Redis round trip is counted). The deliveries
 * are made by one or two worker children (`npx tsx src/main.ts --role worker`, bench/child.ts);
 * this process seeds the database, issues one instruction to N groups and runs the dispatcher
 * that moves the delivery jobs into BullMQ (as the bot process does in production).
 *
 * For each N and worker count it prints: wall time from the issue to the last group's first
 * message at the fake, messages a second, duplicates / missing groups, whether every delivery
 * is recorded as sent in the database, and CPU time per message of the worker processes, of
 * this process and of the fake. Figures are printed, not asserted; the exit code is 0 unless
 * a run crashed.
 *
 * Environment:
 *   BENCH_CEILING_SIZES        groups per run, e.g. "500,5000" (default "500,5000,22000")
 *   BENCH_CEILING_WORKERS      worker processes per run, e.g. "1" (default "1,2")
 *   BENCH_CEILING_RATE         the gate's global limit a second (default 100000: no limit in
 *                              effect; 1000 for the paid broadcast what-if); the fake then
 *                              enforces the same figure
 *   BENCH_CEILING_FAKE_RATE    what-if: the fake's global limit a second, if not the gate's
 *   BENCH_CEILING_CONCURRENCY  SEND_CONCURRENCY of each worker (default 100)
 *   BENCH_CEILING_TRACE        diagnostic: also print the messages the fake received per 250 ms
 *   BENCH_CEILING_PROFILE      diagnostic: a directory; the worker children write V8 CPU
 *                              profiles there (--cpu-prof; open in Chrome DevTools)
 *   REDIS_URL                  default redis://127.0.0.1:6379
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { createApp, type App } from '../src/app';
import { issueInstruction } from '../src/features/issue/issue';
import type { RateLimits } from '../test/support/fake-telegram';
import { findMainProcess, prepareWorkerChildren, processCpuMs, startWorkerChild, type WorkerChild } from './child';
import { RemoteFake } from './fake-remote';
import { fmtN, fmtS } from './measure';
import { benchDraft, configFor, issuerPerson, newSpace, seedOrgBulk, silentLogger, sleep } from './setup';

const SIZES = (process.env.BENCH_CEILING_SIZES ?? '500,5000,22000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const WORKERS = (process.env.BENCH_CEILING_WORKERS ?? '1,2')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const RATE = Number(process.env.BENCH_CEILING_RATE ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CEILING_CONCURRENCY ?? 100);
/** The target of issue #14. */
const TARGET_PER_SECOND = 1000;

/** The gate lifted by configuration: per chat and per group too, so only RATE could hold a send. */
const LIFTED: Record<string, string> = {
  RATE_GLOBAL_PER_SECOND: String(RATE),
  RATE_CHAT_PER_SECOND: String(RATE),
  RATE_GROUP_PER_MINUTE: String(RATE * 60),
  SEND_CONCURRENCY: String(CONCURRENCY),
  // Every process of a run would otherwise try to listen on 8080.
  PORT: '0',
};

/** The fake's limits: none, or the paid broadcast's global rate only (BENCH_CEILING_FAKE_RATE: another than the gate's). */
const FAKE_RATE = Number(process.env.BENCH_CEILING_FAKE_RATE ?? RATE);
const FAKE_LIMITS: RateLimits | null = FAKE_RATE < 100_000 ? { globalPerSecond: FAKE_RATE } : null;

interface RunResult {
  groups: number;
  workers: number;
  seedMs: number;
  issueMs: number;
  wallMs: number;
  /** Issue → the first group's message at the fake. */
  firstMs: number;
  perSecond: number;
  duplicates: number;
  missing: number;
  recordedSentMs: number;
  states: Record<string, number>;
  workerCpuPerMsg: number;
  benchCpuPerMsg: number;
  fakeCpuPerMsg: number;
  fake429: number;
}

/** Resolves once `n` send workers are connected to the send queue (each child's start-up is done by then). */
async function waitWorkers(app: App, n: number, children: WorkerChild[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if ((await app.deps.queues.send.getWorkersCount()) >= n) return;
    for (const c of children) if (c.proc.exitCode !== null || c.proc.signalCode !== null) throw new Error(`a worker child exited early: ${c.stderr().slice(-2000)}`);
    if (Date.now() > until) throw new Error(`${n} worker(s) did not connect within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Delivery states of one instruction's assignments, counted. */
async function deliveryStates(app: App, instructionId: number): Promise<Record<string, number>> {
  const rows = await app.deps.db
    .selectFrom('assignments')
    .select(['delivery_state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('instruction_id', '=', instructionId)
    .groupBy('delivery_state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.delivery_state, Number(r.n)]));
}

/** Polls until `expected` assignments of the instruction are 'sent' (or the deadline passes); returns when, and the counts. */
async function waitRecorded(app: App, instructionId: number, expected: number, timeoutMs: number): Promise<{ at: number; states: Record<string, number> }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const states = await deliveryStates(app, instructionId);
    if ((states.sent ?? 0) >= expected || Date.now() > until) return { at: Date.now(), states };
    await sleep(50);
  }
}

async function run(fake: RemoteFake, n: number, workers: number): Promise<RunResult> {
  const space = newSpace(`ceiling-${n}-${workers}w`, fake);
  const profile = process.env.BENCH_CEILING_PROFILE;
  const env = { ...space.env, ...LIFTED };
  const children: WorkerChild[] = [];
  let app: App | null = null;
  try {
    app = await createApp(configFor(space, LIFTED), { logger: silentLogger, botInfo: fake.botInfo });
    const seed0 = Date.now();
    const org = await seedOrgBulk(app.deps.db, n);
    const seedMs = Date.now() - seed0;
    const issuer = await issuerPerson(app.deps.db);
    // This process: the dispatcher (as in the bot process), no workers.
    await app.start({ bot: false, workers: false });
    for (let i = 0; i < workers; i++) children.push(startWorkerChild(env, profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []));
    await waitWorkers(app, workers, children, 90_000);
    await sleep(1000); // let the children finish their start-up (command menus)
    const mains = children.map((c) => findMainProcess(c.pid) ?? c.pid);

    // Warm-up: a fresh worker runs its code cold (the rate climbed from 160/s to 700/s over
    // the first 10 s of a 5,000-group run); a deployed one has been running. One instruction
    // to a tenth of the groups first, then the measured one to all.
    await fake.reset(FAKE_LIMITS);
    const warm = await issueInstruction(app.deps, issuer, { ...benchDraft('pemanasan'), target: { kind: 'cluster', name: 'Klaster 1' } });
    if (!warm.ok) throw new Error(`warm-up issueInstruction failed: ${JSON.stringify(warm)}`);
    const warmed = await waitRecorded(app, warm.instructionId, warm.sentTo, 60_000 + warm.sentTo * 20);
    if ((warmed.states.sent ?? 0) < warm.sentTo) throw new Error(`warm-up not delivered: ${JSON.stringify(warmed.states)}`);
    await sleep(500);

    await fake.reset(FAKE_LIMITS);
    await fake.eldStart();
    const cpu0 = mains.map(processCpuMs);
    const bench0 = process.cpuUsage();
    const t0 = Date.now();
    const res = await issueInstruction(app.deps, issuer, benchDraft(`ceiling ${n}`));
    const issueMs = Date.now() - t0;
    if (!res.ok) throw new Error(`issueInstruction failed: ${JSON.stringify(res)}`);
    const timeoutMs = 60_000 + n * 20;
    const filter = { method: 'sendMessage', okOnly: true, chatIds: org.groups };
    await fake.waitFor(filter, n, timeoutMs).catch(() => undefined);
    const recorded = await waitRecorded(app, res.instructionId, n, 30_000);
    const cpu1 = mains.map(processCpuMs);
    const bench1 = process.cpuUsage(bench0);
    const fakeEld = await fake.eldStop();
    await sleep(1000); // a late duplicate would arrive now

    const firstAt = new Map<number, number>();
    let duplicates = 0;
    for (const c of await fake.calls(filter)) {
      if (c.chatId === undefined) continue;
      if (firstAt.has(c.chatId)) duplicates++;
      else firstAt.set(c.chatId, c.at);
    }
    const firsts = [...firstAt.values()].sort((a, b) => a - b);
    const last = firsts[firsts.length - 1] ?? NaN;
    if (process.env.BENCH_CEILING_TRACE) console.log(`  messages per 250 ms: ${perSlice(firsts, t0, 250).join(' ')}`);
    const wallMs = firstAt.size ? last - t0 : NaN;
    const workerCpu = cpu1.reduce((s, v, i) => s + (v - cpu0[i]!), 0);
    const stats = await fake.stats();
    return {
      groups: n,
      workers,
      seedMs,
      issueMs,
      wallMs,
      firstMs: (firsts[0] ?? NaN) - t0,
      perSecond: firstAt.size / (wallMs / 1000),
      duplicates,
      missing: n - firstAt.size,
      recordedSentMs: recorded.at - t0,
      states: recorded.states,
      workerCpuPerMsg: workerCpu / n,
      benchCpuPerMsg: (bench1.user + bench1.system) / 1000 / n,
      fakeCpuPerMsg: (fakeEld?.cpuMs ?? NaN) / n,
      fake429: stats.tooManyRequests,
    };
  } finally {
    await Promise.all(children.map((c) => c.terminate(15_000).catch(() => undefined)));
    await app?.stop().catch(() => undefined);
    await space.cleanup();
  }
}

/** How many of `times` fall in each `ms` slice from `from` on. */
function perSlice(times: number[], from: number, ms: number): number[] {
  const out: number[] = [];
  for (const t of times) {
    const i = Math.floor((t - from) / ms);
    while (out.length <= i) out.push(0);
    out[i]!++;
  }
  return out;
}

function markdownTable(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  await prepareWorkerChildren();
  const fake = await RemoteFake.start();
  const results: RunResult[] = [];
  let crashed = false;
  try {
    const cpu = cpus();
    console.log(`# Issue #14: the engine's ceiling — ${new Date().toISOString()}`);
    console.log(
      `Machine: ${cpu.length} cores (${cpu[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; Node ${process.version}`,
    );
    console.log(
      `Gate: ${RATE}/s global (per chat and group lifted too); fake: ${FAKE_LIMITS ? `${FAKE_RATE}/s global` : 'no limits'}; SEND_CONCURRENCY ${CONCURRENCY} per worker\n`,
    );
    for (const workers of WORKERS)
      for (const n of SIZES) {
        try {
          const r = await run(fake, n, workers);
          results.push(r);
          console.log(
            `${n} groups, ${workers} worker(s): ${fmtS(r.wallMs)}, ${fmtN(r.perSecond, 0)} msg/s, ${r.duplicates} dup, ${r.missing} missing, states ${JSON.stringify(r.states)}`,
          );
        } catch (err) {
          crashed = true;
          console.error(`${n} groups, ${workers} worker(s): crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
      }
  } finally {
    await fake.stop();
  }
  console.log('');
  console.log(
    markdownTable(
      [
        'Groups',
        'Workers',
        'Wall time (issue → last group)',
        'Issue → first group',
        'Msgs/s',
        `≥ ${TARGET_PER_SECOND}/s`,
        'Dup',
        'Missing',
        'All recorded sent',
        'issue() itself',
        'Worker CPU/msg',
        'Issuer+dispatcher CPU/msg',
        'Fake CPU/msg',
        'Seed',
      ],
      results.map((r) => [
        String(r.groups),
        String(r.workers),
        fmtS(r.wallMs),
        fmtS(r.firstMs),
        fmtN(r.perSecond, 0),
        r.perSecond >= TARGET_PER_SECOND ? 'ok' : 'MISSED',
        String(r.duplicates),
        String(r.missing),
        (r.states.sent ?? 0) >= r.groups ? `yes, at ${fmtS(r.recordedSentMs)}` : `NO: ${JSON.stringify(r.states)}`,
        fmtS(r.issueMs),
        `${fmtN(r.workerCpuPerMsg, 2)} ms`,
        `${fmtN(r.benchCpuPerMsg, 2)} ms`,
        `${fmtN(r.fakeCpuPerMsg, 2)} ms`,
        fmtS(r.seedMs),
      ]),
    ),
  );
  if (results.some((r) => r.fake429 > 0)) console.log(`\n429s answered by the fake: ${results.map((r) => r.fake429).join(', ')}`);
  process.exitCode = crashed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
