import { Agent, request } from 'undici';

/**
 * The HTTP client of every Bot API call (grammY's `client.fetch`): undici's `request` on one
 * keep-alive connection pool per process, instead of grammY's default node-fetch over
 * node:http.
 *
 * Why: a button press costs one answerCallbackQuery, a delivery one sendMessage, and during a
 * broadcast the bot process answers presses at several hundred a second on two cores shared
 * with the workers and Redis (bench part 4b). Measured on this machine (2026-12-05, a local
 * HTTP server in its own process answering `{"ok":true}`, 3,000 calls of a press's answer,
 * 1–10 in flight): node-fetch spent 87–162 µs of the client's CPU per call, undici's
 * `request` 37–78 µs, Node's own fetch (undici's WHATWG fetch) 220–373 µs. Less allocated per
 * call also means fewer young-generation collections, whose pauses are the tail of 4b.
 *
 * grammY reads nothing of the response but its JSON body. The request body is a string (JSON)
 * or, for uploads, a Node stream of the multipart body; both are what undici sends as they
 * are. grammY's abort signal (its timeout, or a stop) is passed on.
 */
export type BotApiFetch = (url: string, init: BotApiRequestInit) => Promise<BotApiResponse>;

interface BotApiRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: unknown;
}

interface BotApiResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** Connections to Telegram are kept this long when idle (Telegram's own keep-alive is longer). */
const KEEP_ALIVE_MS = 30_000;

/** The connection pool of one process's Bot API calls; closed when the process stops. */
export function botApiAgent(): Agent {
  return new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: 10 * KEEP_ALIVE_MS });
}

export function botApiFetch(dispatcher: Agent): BotApiFetch {
  return async (url, init) => {
    const headers = { ...init.headers };
    // undici manages the connection itself and refuses to be told (grammY sets keep-alive).
    delete headers.connection;
    const res = await request(url, {
      method: (init.method ?? 'GET') as 'POST',
      headers,
      body: init.body as string | undefined,
      signal: init.signal as AbortSignal | undefined,
      dispatcher,
      // A long poll (getUpdates, up to 30 s) and an upload may both take a while before the
      // first byte: grammY's own timeout (its abort signal) decides, not undici's defaults.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      json: () => res.body.json(),
      text: () => res.body.text(),
    };
  };
}
