/**
 * Call recording for the fake Telegram Bot API server: the list of calls, an
 * index by method, cumulative stats, and `waitFor` waiters that are checked
 * as each call is recorded (O(waiters) per call, no rescans).
 */
import type { ApiResponse } from './fake-telegram-limits';
import type { UploadedFile } from './fake-telegram-http';
import type { FakeTelegramStats, RecordedCall, WaitForOptions } from './fake-telegram-types';
import { toChatId } from './fake-telegram-state';

export const lowerSet = (names: Iterable<string>): Set<string> => new Set([...names].map((n) => n.toLowerCase()));
const SENT_METHODS = lowerSet(['sendMessage', 'sendPhoto', 'sendDocument']);
const EDIT_METHODS = lowerSet(['editMessageText', 'editMessageCaption']);

/** What the server knows about a finished call. */
export interface CallFields {
  method: string;
  payload: Record<string, unknown>;
  at: number;
  /** When the answer was written or the connection destroyed; defaults to `at`. */
  answeredAt?: number;
  status: number;
  /** JSON answered (or computed, for drop_after); null if dropped before executing. */
  json: string | null;
  ok: boolean;
  dropped: boolean;
  contentType: string;
  files: readonly UploadedFile[];
}

/** RecordedCall whose response is kept as the JSON that was sent and parsed on demand. */
class Recorded implements RecordedCall {
  readonly seq: number;
  readonly method: string;
  readonly payload: Record<string, unknown>;
  readonly at: number;
  readonly answeredAt: number;
  readonly status: number;
  readonly ok: boolean;
  readonly dropped: boolean;
  readonly contentType: string;
  readonly files: readonly UploadedFile[];
  private readonly json: string | null;
  private parsed: ApiResponse | null | undefined;

  constructor(seq: number, f: CallFields) {
    this.seq = seq;
    this.method = f.method;
    this.payload = f.payload;
    this.at = f.at;
    this.answeredAt = f.answeredAt ?? f.at;
    this.status = f.status;
    this.json = f.json;
    this.ok = f.ok;
    this.dropped = f.dropped;
    this.contentType = f.contentType;
    this.files = f.files;
  }

  get response(): ApiResponse | null {
    if (this.parsed === undefined) this.parsed = this.json === null ? null : (JSON.parse(this.json) as ApiResponse);
    return this.parsed;
  }
}

interface Waiter {
  predicate: (call: RecordedCall) => boolean;
  count: number;
  matched: RecordedCall[];
  resolve: (calls: RecordedCall[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  description: string;
}

export function emptyStats(): FakeTelegramStats {
  return { requests: 0, byMethod: {}, unknownMethods: {}, tooManyRequests: 0, errors: 0, dropped: 0, updatesInjected: 0 };
}

export class CallRecorder {
  readonly calls: RecordedCall[] = [];
  readonly stats: FakeTelegramStats = emptyStats();
  private seq = 0;
  private byMethod = new Map<string, RecordedCall[]>();
  private waiters = new Set<Waiter>();
  private closedReason: string | null = null;

  record(fields: CallFields): RecordedCall {
    const call = new Recorded(++this.seq, fields);
    this.calls.push(call);
    const key = call.method.toLowerCase();
    let list = this.byMethod.get(key);
    if (!list) this.byMethod.set(key, (list = []));
    list.push(call);

    const stats = this.stats;
    stats.requests++;
    stats.byMethod[call.method] = (stats.byMethod[call.method] ?? 0) + 1;
    if (call.status === 429) stats.tooManyRequests++;
    if (call.dropped) stats.dropped++;
    else if (!call.ok) stats.errors++;

    for (const waiter of this.waiters) {
      let hit: boolean;
      try {
        hit = waiter.predicate(call);
      } catch (error) {
        this.settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (!hit) continue;
      waiter.matched.push(call);
      if (waiter.matched.length >= waiter.count) {
        this.settle(waiter);
        waiter.resolve(waiter.matched);
      }
    }
    return call;
  }

  callsTo(method: string): RecordedCall[] {
    return [...(this.byMethod.get(method.toLowerCase()) ?? [])];
  }

  sent(chatId?: number): RecordedCall[] {
    return this.calls.filter((c) => isSent(c) && (chatId === undefined || sameChat(c, chatId)));
  }

  clear(): void {
    this.calls.length = 0;
    this.byMethod.clear();
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats());
  }

  /** Rejects all pending waits; later waits reject at once. */
  close(reason: string): void {
    this.closedReason = reason;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`${reason} while waiting for ${waiter.description}`));
    }
    this.waiters.clear();
  }

  waitFor(predicate: (call: RecordedCall) => boolean, opts: WaitForOptions = {}): Promise<RecordedCall[]> {
    const count = opts.count ?? 1;
    const timeoutMs = opts.timeoutMs ?? 5000;
    const description = opts.description ?? `${count} matching call(s)`;
    const matched: RecordedCall[] = [];
    try {
      for (const call of this.calls) {
        if (predicate(call)) matched.push(call);
        if (matched.length >= count) return Promise.resolve(matched);
      }
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.closedReason) return Promise.reject(new Error(`${this.closedReason}; cannot wait for ${description}`));
    return new Promise<RecordedCall[]>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        count,
        matched,
        resolve,
        reject,
        description,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`waitFor timed out after ${timeoutMs} ms: ${description} (matched ${matched.length}/${count}).\n${this.describeRecent()}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  async waitForMessage(chatId: number, textIncludes: string | RegExp, opts: WaitForOptions & { includeEdits?: boolean } = {}): Promise<RecordedCall> {
    const matches = (text: string): boolean => (typeof textIncludes === 'string' ? text.includes(textIncludes) : textIncludes.test(text));
    const [call] = await this.waitFor(
      (c) => (isSent(c) || (opts.includeEdits === true && c.ok && EDIT_METHODS.has(c.method.toLowerCase()))) && sameChat(c, chatId) && textsOf(c).some(matches),
      { ...opts, count: 1, description: opts.description ?? `a message in chat ${chatId} matching ${String(textIncludes)}` },
    );
    return call!;
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }

  /** The last 25 calls other than getUpdates, one per line, for error messages. */
  private describeRecent(): string {
    const recent: string[] = [];
    for (let i = this.calls.length - 1; i >= 0 && recent.length < 25; i--) {
      const call = this.calls[i]!;
      if (call.method.toLowerCase() !== 'getupdates') recent.push(describeCall(call));
    }
    if (recent.length === 0) return 'No calls recorded (getUpdates aside).';
    return `Recent calls (newest last, getUpdates omitted):\n${recent.reverse().join('\n')}`;
  }
}

const isSent = (call: RecordedCall): boolean => call.ok && SENT_METHODS.has(call.method.toLowerCase());

const sameChat = (call: RecordedCall, chatId: number): boolean => toChatId(call.payload.chat_id) === chatId;

/** Text/caption as sent in the payload and as stored in the answered message. */
function textsOf(call: RecordedCall): string[] {
  const texts: string[] = [];
  for (const source of [call.payload, (call.response as { result?: unknown } | null)?.result]) {
    if (!source || typeof source !== 'object') continue;
    const { text, caption } = source as { text?: unknown; caption?: unknown };
    if (typeof text === 'string') texts.push(text);
    if (typeof caption === 'string') texts.push(caption);
  }
  return texts;
}

export function describeCall(call: RecordedCall): string {
  const p = call.payload;
  const parts = [`#${call.seq} ${call.method}`];
  if (p.chat_id !== undefined) parts.push(`chat_id=${String(p.chat_id)}`);
  if (p.message_id !== undefined) parts.push(`message_id=${String(p.message_id)}`);
  const text = p.text ?? p.caption ?? p.data;
  if (typeof text === 'string') parts.push(JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text));
  const response = call.response;
  const outcome = call.dropped ? 'dropped' : response && !response.ok ? `${call.status} ${response.description}` : String(call.status);
  return `  ${parts.join(' ')} -> ${outcome}`;
}
