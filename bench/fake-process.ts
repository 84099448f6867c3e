/**
 * The fake Bot API server (test/support/fake-telegram.ts) in a process of its own, for bench
 * part 4: the bot's event loop and the fake's no longer share one thread, so a burst of
 * presses measures the bot, not the harness. Started by bench/fake-remote.ts as
 * `node --import tsx bench/fake-process.ts` with an IPC channel; controlled through
 * `process.send` messages (see `FakeRequest`). Every timestamp it returns is `Date.now()`
 * in this process (the machine's wall clock, the same one the bench reads).
 *
 * Not meant to be run by hand: it exits when the IPC channel closes (the bench ended).
 */
import { ServerResponse } from 'node:http';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { Update } from 'grammy/types';
import { FakeTelegram, type RecordedCall } from '../test/support/fake-telegram';
import { toChatId } from '../test/support/fake-telegram-state';
import type { CallFilter, CompactCall, EldFigures, FakeMessage, FakeRequest, KillResult, PressResult } from './fake-remote';

/** When each call's answer was handed to the socket, by the call's payload object (see stampResponses). */
const writtenAt = new WeakMap<object, number>();

function compact(c: RecordedCall): CompactCall {
  const out: CompactCall = { seq: c.seq, method: c.method, at: c.at, answeredAt: c.answeredAt, status: c.status, ok: c.ok };
  const written = writtenAt.get(c.payload);
  if (written !== undefined) out.writtenAt = written;
  const chat = toChatId(c.payload.chat_id);
  if (chat !== undefined) out.chatId = chat;
  if (typeof c.payload.message_id === 'number') out.messageId = c.payload.message_id;
  if (c.payload.callback_query_id !== undefined) out.callbackId = String(c.payload.callback_query_id);
  if (c.method === 'answerCallbackQuery' && typeof c.payload.text === 'string') out.text = c.payload.text;
  if (c.method === 'sendMessage' && c.ok) {
    const id = (c.response as { result?: { message_id?: number } } | null)?.result?.message_id;
    if (typeof id === 'number') out.sentMessageId = id;
  }
  if (c.method.toLowerCase() === 'getupdates' && c.ok) {
    out.updateIds = ((c.response as { result?: Update[] } | null)?.result ?? []).map((u) => u.update_id);
  }
  return out;
}

function matcher(f: CallFilter): (c: RecordedCall) => boolean {
  const method = f.method.toLowerCase();
  const chats = f.chatIds ? new Set(f.chatIds) : null;
  const ids = f.callbackIds ? new Set(f.callbackIds) : null;
  return (c) =>
    c.method.toLowerCase() === method &&
    (!f.okOnly || c.ok) &&
    (f.since === undefined || c.at >= f.since) &&
    (!chats || chats.has(toChatId(c.payload.chat_id) ?? NaN)) &&
    (!ids || ids.has(String(c.payload.callback_query_id)));
}

/** Armed by killOnAnswer: sees every answer just before it is handed to the socket. */
let beforeEnd: ((res: ServerResponse, body: string) => void) | null = null;
/** `Date.now()` just before the last answer was handed to the socket; taken by the observer. */
let lastWrittenAt: number | null = null;

/**
 * Stamps each answer the moment before res.end hands it to the socket. The recorder's
 * `answeredAt` is read after res.end, and on this 2-core machine the worker often reads the
 * answer and records the delivery before the fake's process runs again: in the first part-3
 * run with the fake in its own process, 604 of 1,500 groups had their delivery recorded 1–3 ms
 * before the fake's `answeredAt`. The observer (called synchronously right after the write,
 * before the call is recorded) ties the stamp to the call's payload.
 */
function stampResponses(tg: FakeTelegram): void {
  const end = ServerResponse.prototype.end;
  ServerResponse.prototype.end = function (this: ServerResponse, ...args: unknown[]) {
    if (beforeEnd && typeof args[0] === 'string') beforeEnd(this, args[0]);
    lastWrittenAt = Date.now();
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof ServerResponse.prototype.end;
  tg.observe({
    update() {},
    call(_method, payload) {
      if (lastWrittenAt !== null) writtenAt.set(payload, lastWrittenAt);
      lastWrittenAt = null;
    },
  });
}

/**
 * What-if (FAKE_RESPONSE_DELAY_MS): every answer leaves this many ms after it was computed,
 * like the network round trip to Telegram (the request itself arrives at once). Recorded
 * times are unchanged: `answeredAt` is when the answer was computed, not when it left.
 */
function delayResponses(ms: number): void {
  const end = ServerResponse.prototype.end;
  ServerResponse.prototype.end = function (this: ServerResponse, ...args: unknown[]) {
    setTimeout(() => (end as (...a: unknown[]) => ServerResponse).apply(this, args), ms);
    return this;
  } as typeof ServerResponse.prototype.end;
}

/** Calls the fake makes to itself before it is ready (see warmUp). */
const WARM_UP_CALLS = 3_000;

/**
 * Runs the fake's request path (reading, routing, recording, answering) a few thousand times
 * before the bench starts, then forgets those calls. Telegram is a server that has been
 * running for years; a fresh Node process runs its first calls in the interpreter. Measured
 * (2026-12-05, answerCallbackQuery from another process, 10 in flight): 191 µs of the fake's
 * CPU a call over its first 2,700 calls, 71 µs from then on. Cold, the fake spent 430–550 ms
 * of CPU on part 4b's 1,000 presses, on the two cores the bot shares with it, and queued the
 * bot's answers behind each other; warm, 300–350 ms.
 */
async function warmUp(tg: FakeTelegram): Promise<void> {
  const http = new Agent();
  const url = (method: string) => `${tg.apiRoot}/bot${tg.token}/${method}`;
  // A press's answer (an unknown query id: refused, by the same path) and a poll with nothing to take.
  const answer = JSON.stringify({ callback_query_id: 'warm-up', text: 'Terima kasih, konfirmasi Bapak/Ibu telah dicatat.' });
  const poll = JSON.stringify({ offset: 0, limit: 100, timeout: 0 });
  let i = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (i++ < WARM_UP_CALLS) {
        const [method, body] = i % 10 === 0 ? ['getUpdates', poll] : ['answerCallbackQuery', answer];
        const res = await request(url(method), { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: http });
        await res.body.text();
      }
    }),
  );
  await http.close();
  tg.clearCalls();
  tg.resetStats();
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/fake-process.ts must be started with an IPC channel');
  const delay = Number(process.env.FAKE_RESPONSE_DELAY_MS ?? 0);
  const send = (m: FakeMessage) => process.send!(m);
  const tg = await FakeTelegram.start();
  // With a delay the answers leave from timers, after the observer ran: no stamps then.
  if (delay > 0) delayResponses(delay);
  else stampResponses(tg);
  let eld: IntervalHistogram | null = null;
  let cpuFrom: NodeJS.CpuUsage | null = null;

  const handle = async (req: FakeRequest): Promise<unknown> => {
    switch (req.op) {
      case 'reset':
        tg.setLimits(req.limits);
        tg.resetStats();
        tg.clearCalls();
        return null;
      case 'setLimits':
        tg.setLimits(req.limits);
        return null;
      case 'stats':
        return tg.stats;
      case 'press': {
        // Injected synchronously, one after the other: the fake's long poll is released by
        // the first one and collects its batch after this loop.
        const injectedAt = Date.now();
        const pressed = req.presses.map((p) => {
          const u = tg.pressButton(p);
          return { updateId: u.update_id, callbackId: u.callback_query!.id };
        });
        return { injectedAt, injectMs: Date.now() - injectedAt, pressed } satisfies PressResult;
      }
      case 'text': {
        const at = Date.now();
        tg.sendText(req.message);
        return at;
      }
      case 'buttons': {
        const keyboard = tg.getMessage(req.chatId, req.messageId)?.reply_markup?.inline_keyboard ?? [];
        return keyboard.flat().map((b) => [b.text, 'callback_data' in b ? (b.callback_data ?? '') : '']);
      }
      case 'pressPaced': {
        // One press every 1000 / perSecond ms, on a schedule fixed at the start (no drift).
        const injectedAt = Date.now();
        const step = 1000 / req.perSecond;
        const pressed: PressResult['pressed'] = [];
        for (let i = 0; i < req.presses.length; i++) {
          const due = injectedAt + i * step;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
          const u = tg.pressButton(req.presses[i]!);
          pressed.push({ updateId: u.update_id, callbackId: u.callback_query!.id, at: Date.now() });
        }
        return { injectedAt, injectMs: Date.now() - injectedAt, pressed } satisfies PressResult;
      }
      case 'calls': {
        const pick = req.filter ? matcher(req.filter) : () => true;
        return tg.calls.filter(pick).map(compact);
      }
      case 'waitFor':
        return (await tg.waitFor(matcher(req.filter), { count: req.count, timeoutMs: req.timeoutMs, description: `${req.count} × ${req.filter.method}` })).map(compact);
      case 'killOnAnswer': {
        // The kill goes out just before the count-th group's answer is handed to the socket:
        // the fake has accepted the message (it is in the chat) and the worker can no longer
        // read the answer, so the kill lands inside that send's at-least-once window every
        // time. Killing after the write (from the recorder) missed it in one run of two: the
        // worker read the answer and recorded the delivery while the fake's process was off
        // the CPU (2 cores, three busy processes).
        const chats = new Set(req.chatIds);
        const seen = new Set<number>();
        for (const c of tg.calls) {
          const chat = toChatId(c.payload.chat_id);
          if (c.ok && c.method.toLowerCase() === 'sendmessage' && chat !== undefined && chats.has(chat)) seen.add(chat);
        }
        if (seen.size >= req.count) throw new Error(`${seen.size} groups were answered already`);
        return await new Promise<KillResult>((resolve, reject) => {
          const timer = setTimeout(() => {
            beforeEnd = null;
            reject(new Error(`killOnAnswer: only ${seen.size} of ${req.count} groups answered within ${req.timeoutMs} ms`));
          }, req.timeoutMs);
          beforeEnd = (res, body) => {
            if (!/\/sendMessage\/?$/i.test(res.req?.url ?? '')) return;
            let chat: number | undefined;
            try {
              const parsed = JSON.parse(body) as { ok?: boolean; result?: { chat?: { id?: number } } };
              if (parsed.ok === true) chat = parsed.result?.chat?.id;
            } catch {
              return;
            }
            if (chat === undefined || !chats.has(chat) || seen.has(chat)) return;
            seen.add(chat);
            if (seen.size < req.count) return;
            beforeEnd = null;
            clearTimeout(timer);
            try {
              process.kill(-req.pid, 'SIGKILL');
            } catch {
              // already gone
            }
            resolve({ killedAt: Date.now(), chatId: chat });
          };
        });
      }
      case 'eldStart':
        eld = monitorEventLoopDelay({ resolution: 10 });
        eld.enable();
        cpuFrom = process.cpuUsage();
        return null;
      case 'eldStop': {
        if (!eld) return null;
        eld.disable();
        const cpu = process.cpuUsage(cpuFrom ?? undefined);
        const out: EldFigures = { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
        eld = null;
        return out;
      }
    }
  };

  process.on('message', (raw) => {
    const { id, req } = raw as { id: number; req: FakeRequest };
    handle(req).then(
      (result) => send({ type: 'reply', id, ok: true, result: result ?? null }),
      (err: unknown) => send({ type: 'reply', id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  process.on('disconnect', () => {
    void tg.stop().finally(() => process.exit(0));
  });
  process.on('SIGTERM', () => {
    void tg.stop().finally(() => process.exit(0));
  });
  await warmUp(tg);
  send({ type: 'ready', token: tg.token, apiRoot: tg.apiRoot, botInfo: tg.botInfo });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
