/**
 * A worker child process, started as the supervisors in docs/operations.md start one (systemd's
 * ExecStart, the Docker image's command): `node dist/main.mjs --role worker`, the bundle of
 * `npm run build` (src/cli/build.ts), built once per bench run by prepareWorkerChildren().
 * Until 2026-12-05 the bench went through `npx tsx src/main.ts`: npm's own start-up, a second
 * node process and tsx's loader made spawn → ready 2.8–3.1 s, against 0.9–1.0 s to the
 * configuration with the bundle; part 3 counts all of it as the restart's pause in sending.
 * It runs in its own process group so that SIGKILL takes the whole tree down at once, like a
 * crashed machine. SIGTERM goes to the node process that runs the app only, so that its
 * graceful shutdown runs once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { BUNDLE, buildBundle } from '../src/cli/build';

/** Builds dist/main.mjs from the current sources: call once before starting children. */
export async function prepareWorkerChildren(): Promise<void> {
  await buildBundle();
}

export interface WorkerChild {
  proc: ChildProcess;
  pid: number;
  startedAt: number;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL to the whole process group. */
  kill(): void;
  /** SIGTERM to the node process running src/main.ts; SIGKILL to the group after `graceMs`. */
  terminate(graceMs: number): Promise<{ graceful: boolean; ms: number }>;
}

/** `nodeArgs`: flags for the node process running src/main.ts (tsx passes them on), e.g. `--cpu-prof`. */
export function startWorkerChild(env: Record<string, string>, nodeArgs: string[] = []): WorkerChild {
  const startedAt = Date.now();
  const proc = spawn(process.execPath, [...nodeArgs, BUNDLE, '--role', 'worker'], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 20_000) err = err.slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const pid = proc.pid!;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    proc,
    pid,
    startedAt,
    stderr: () => err,
    exited,
    kill: () => killGroup('SIGKILL'),
    async terminate(graceMs) {
      const t0 = Date.now();
      const target = findMainProcess(pid) ?? pid;
      try {
        process.kill(target, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs));
      const res = await Promise.race([exited.then(() => 'exited' as const), timer]);
      if (res === 'timeout') {
        killGroup('SIGKILL');
        await exited;
        return { graceful: false, ms: Date.now() - t0 };
      }
      // Leftovers of the group (e.g. esbuild's service) go with the group.
      killGroup('SIGKILL');
      return { graceful: true, ms: Date.now() - t0 };
    },
  };
}

/** The descendant of `root` whose command line runs src/main.ts through tsx's loader. */
export function findMainProcess(root: number): number | undefined {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // process vanished
    }
  }
  const stack = [root];
  let found: number | undefined;
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.endsWith('src/main.ts')) && cmd.some((a) => a.includes('loader.mjs'))) found = pid;
    } catch {
      // gone
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat (Linux; the
 * kernel counts in clock ticks, 100 a second on every common configuration). NaN if gone.
 */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the full line, 12 and 13 after the command.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
