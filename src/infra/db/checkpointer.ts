import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite's WAL checkpoints, off the event loop.
 *
 * In WAL mode a commit appends to the log; every 1,000 pages SQLite copies the log back into
 * the database inside the commit that crossed the mark, and with `synchronous = NORMAL` that
 * checkpoint waits for two fsyncs. better-sqlite3 is synchronous, so that commit froze the whole
 * process: measured on this machine, 6,000 small transactions committed in 0.01 ms at the
 * median and 0.05 ms at p99, but 11 of them took 3–12 ms (the checkpoints); with the automatic
 * checkpoint off, the longest took 0.44 ms. In bench part 4b (1,000 ✅ presses during a
 * 500-group broadcast) those stalls were the tail of fetched → answered: a V8 profile showed
 * COMMITs of 8–10 ms in the bot process.
 *
 * So the app's own connection does not checkpoint (`wal_autocheckpoint = 0`) and a worker
 * thread with a connection of its own runs `wal_checkpoint(PASSIVE)` every INTERVAL_MS:
 * PASSIVE waits for no reader or writer, and the writers of every process go on appending to
 * the log meanwhile. Each process that writes runs one; a checkpoint another process is
 * running makes this one's a no-op. Should the thread die, the connection checkpoints by
 * itself again (SQLite's default) and a warning says so: nothing stops, the stalls come back.
 */
const INTERVAL_MS = 1_000;

/** Runs in the worker thread (CommonJS, eval'd): a connection of its own, a timer, a stop message. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
const timer = setInterval(() => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r && r.log > 0) parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
  } catch {
    // Busy (another process checkpoints, or the file is being replaced): the next tick tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the thread and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Starts the checkpointing thread for the SQLite file at `file`; `fallBack` is called if the
 * thread ends without being stopped (the caller turns the automatic checkpoint back on);
 * `onCheckpoint` hears of each checkpoint that found frames in the log (frames in the log, frames
 * copied back).
 */
export function startCheckpointer(
  file: string,
  fallBack: (why: string) => void,
  options: { intervalMs?: number; onCheckpoint?: (r: { log: number; checkpointed: number }) => void } = {},
): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, { eval: true, workerData: { file, module, intervalMs: options.intervalMs ?? INTERVAL_MS } });
  if (options.onCheckpoint) worker.on('message', options.onCheckpoint);
  // The thread never keeps the process alive: a process that forgets to stop it still exits.
  worker.unref();
  let stopping = false;
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A thread that fails emits 'error' and then 'exit': the fallback is taken once.
  const fail = (why: string) => {
    if (stopping) return;
    stopping = true;
    fallBack(why);
  };
  worker.on('error', (err) => fail(err instanceof Error ? err.message : String(err)));
  worker.once('exit', (code) => fail(`checkpoint thread exited with code ${code}`));
  return {
    async stop() {
      if (stopping) return ended;
      stopping = true;
      worker.postMessage('stop');
      // A thread stuck in a checkpoint (a slow disk) is not waited for forever.
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await ended;
      clearTimeout(timer);
    },
  };
}
