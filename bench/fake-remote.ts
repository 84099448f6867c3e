/**
 * Bench side of the out-of-process fake Bot API server (bench/fake-process.ts): starts the
 * child (`node --import tsx bench/fake-process.ts`, IPC channel) and offers the few controls
 * part 4 needs — limits, button presses, recorded calls (compact, with the fake's
 * timestamps), waits, and the fake's own event-loop delay.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { UserFromGetMe } from 'grammy/types';
import type { FakeTelegramStats, PressButtonOptions, RateLimits, SendTextOptions } from '../test/support/fake-telegram';

/** A recorded call reduced to what the bench reads (no payloads over IPC). */
export interface CompactCall {
  seq: number;
  method: string;
  /** Arrival at the fake, `Date.now()` in the fake's process. */
  at: number;
  /**
   * `Date.now()` after the answer was written (for getUpdates: the moment its updates were
   * handed to the bot). Can be milliseconds late when the fake's process loses the CPU right
   * after the write: use `writtenAt` for when the answer left.
   */
  answeredAt: number;
  /** `Date.now()` just before the answer was handed to the socket (absent with a response delay or for a dropped call). */
  writtenAt?: number;
  status: number;
  ok: boolean;
  chatId?: number;
  messageId?: number;
  callbackId?: string;
  /** answerCallbackQuery only: the text shown to the presser. */
  text?: string;
  /** getUpdates only: the update ids it carried. */
  updateIds?: number[];
  /** sendMessage only: the id of the message it created. */
  sentMessageId?: number;
}

/** Calls to `method`, optionally only ok ones, into some chats or for some callback ids, or since a moment. */
export interface CallFilter {
  method: string;
  okOnly?: boolean;
  chatIds?: number[];
  callbackIds?: string[];
  /** Only calls that arrived at or after this `Date.now()` (e.g. a child process's start). */
  since?: number;
}

/** killOnAnswer's reply: when the kill was sent, and the group whose answer triggered it. */
export interface KillResult {
  killedAt: number;
  chatId: number;
}

export type FakeRequest =
  | { op: 'reset'; limits: RateLimits | null }
  | { op: 'setLimits'; limits: RateLimits | null }
  | { op: 'stats' }
  | { op: 'press'; presses: PressButtonOptions[] }
  | { op: 'text'; message: SendTextOptions }
  | { op: 'buttons'; chatId: number; messageId: number }
  | { op: 'pressPaced'; presses: PressButtonOptions[]; perSecond: number }
  | { op: 'calls'; filter?: CallFilter }
  | { op: 'waitFor'; filter: CallFilter; count: number; timeoutMs: number }
  | { op: 'eldStart' }
  | { op: 'eldStop' }
  | { op: 'killOnAnswer'; chatIds: number[]; count: number; pid: number; timeoutMs: number };

export interface PressResult {
  /** `Date.now()` in the fake before the first press was queued. */
  injectedAt: number;
  injectMs: number;
  /** `at`: when each press was queued (paced injection only). */
  pressed: Array<{ updateId: number; callbackId: string; at?: number }>;
}

/** Event-loop delay in ms, and the CPU time (user + system) the fake process used meanwhile. */
export interface EldFigures {
  p50: number;
  p99: number;
  max: number;
  cpuMs: number;
}

export type FakeMessage =
  | { type: 'ready'; token: string; apiRoot: string; botInfo: UserFromGetMe }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

export class RemoteFake {
  private seq = 0;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: Promise<void>;

  private constructor(
    private readonly proc: ChildProcess,
    readonly token: string,
    readonly apiRoot: string,
    readonly botInfo: UserFromGetMe,
    /** The what-if response delay, ms (0: none). */
    readonly responseDelayMs: number,
  ) {
    proc.on('message', (raw) => {
      const m = raw as FakeMessage;
      if (m.type !== 'reply') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`fake process: ${m.error}`));
    });
    this.exited = new Promise((resolve) =>
      proc.once('exit', (code, signal) => {
        for (const p of this.pending.values()) p.reject(new Error(`fake process exited (${code ?? signal})`));
        this.pending.clear();
        resolve();
      }),
    );
  }

  /**
   * Spawns the fake and resolves once it listens. `responseDelayMs` (what-if): every answer
   * leaves that much later, like a network round trip to Telegram.
   */
  static async start(opts: { responseDelayMs?: number; timeoutMs?: number } = {}): Promise<RemoteFake> {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/fake-process.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, FAKE_RESPONSE_DELAY_MS: String(opts.responseDelayMs ?? 0) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await new Promise<Extract<FakeMessage, { type: 'ready' }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the fake process was not ready within ${timeoutMs} ms`)), timeoutMs);
      proc.on('message', (m: FakeMessage) => {
        if (m.type !== 'ready') return;
        clearTimeout(timer);
        resolve(m);
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the fake process exited with ${code} before it was ready`));
      });
    });
    return new RemoteFake(proc, ready.token, ready.apiRoot, ready.botInfo, opts.responseDelayMs ?? 0);
  }

  get pid(): number {
    return this.proc.pid!;
  }

  private call<T>(req: FakeRequest): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.proc.send({ id, req }, (err) => {
        if (!err) return;
        this.pending.delete(id);
        reject(err);
      });
    });
  }

  /** Limits on (or off with null), stats and call log emptied. */
  reset(limits: RateLimits | null): Promise<void> {
    return this.call({ op: 'reset', limits });
  }

  setLimits(limits: RateLimits | null): Promise<void> {
    return this.call({ op: 'setLimits', limits });
  }

  stats(): Promise<FakeTelegramStats> {
    return this.call({ op: 'stats' });
  }

  /** Injects the presses in one go inside the fake (no IPC between them). */
  press(presses: PressButtonOptions[]): Promise<PressResult> {
    return this.call({ op: 'press', presses });
  }

  /** A person writes to the bot; resolves with `Date.now()` in the fake when it was queued. */
  text(message: SendTextOptions): Promise<number> {
    return this.call({ op: 'text', message });
  }

  /** The inline buttons of a message as it is now: [label, callback data]. */
  buttons(chatId: number, messageId: number): Promise<Array<[string, string]>> {
    return this.call({ op: 'buttons', chatId, messageId });
  }

  /** Injects the presses evenly spaced, `perSecond` of them a second; resolves after the last. */
  pressPaced(presses: PressButtonOptions[], perSecond: number): Promise<PressResult> {
    return this.call({ op: 'pressPaced', presses, perSecond });
  }

  calls(filter?: CallFilter): Promise<CompactCall[]> {
    return this.call({ op: 'calls', filter });
  }

  /** The first `count` matching calls (recorded ones included); rejects after `timeoutMs`. */
  waitFor(filter: CallFilter, count: number, timeoutMs: number): Promise<CompactCall[]> {
    return this.call({ op: 'waitFor', filter, count, timeoutMs });
  }

  /**
   * SIGKILL to process group `pid`, sent by the fake itself the instant it answers the first ok
   * sendMessage into the `count`-th distinct chat of `chatIds` (answers already given count
   * too): after it accepted the message, just before the answer is handed to the socket. Done
   * inside the fake because over IPC the bench would learn of the answer only milliseconds
   * later, when the worker has usually recorded the send: the kill would no longer land inside
   * the at-least-once window. Rejects after `timeoutMs` without killing.
   */
  killOnAnswer(chatIds: number[], count: number, pid: number, timeoutMs: number): Promise<KillResult> {
    return this.call({ op: 'killOnAnswer', chatIds, count, pid, timeoutMs });
  }

  eldStart(): Promise<void> {
    return this.call({ op: 'eldStart' });
  }

  eldStop(): Promise<EldFigures | null> {
    return this.call({ op: 'eldStop' });
  }

  /** Closes the IPC channel (the fake stops and exits); SIGKILL to its pid after 5 s. */
  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.disconnect();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}
