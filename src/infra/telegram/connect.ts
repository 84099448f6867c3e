import { setTimeout as sleep } from 'node:timers/promises';
import { type Api, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';

/** Why Telegram could not be reached, in a word (for the log's `reason`) and a sentence. */
export interface ConnectFailure {
  reason: 'dns' | 'refused' | 'timeout' | 'unauthorized' | 'network' | 'telegram';
  text: string;
}

/** The code of a network error, wherever undici (src/infra/telegram/http.ts) or Node put it. */
function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Reads a failed getMe as the person starting the bot needs it: never the URL (it carries the token). */
export function describeConnectFailure(err: unknown, apiRoot: string, timeoutMs: number): ConnectFailure {
  const url = new URL(apiRoot);
  const host = url.hostname;
  const port = url.port || (url.protocol === 'http:' ? '80' : '443');
  if (err instanceof GrammyError) {
    if (err.error_code === 401 || err.error_code === 404) {
      return {
        reason: 'unauthorized',
        text: `Telegram (${host}) rejected BOT_TOKEN (${err.error_code} ${err.description}): the token is wrong or was revoked; check it with @BotFather`,
      };
    }
    return { reason: 'telegram', text: `Telegram (${host}) answered ${err.error_code} ${err.description}` };
  }
  const code = networkCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: 'dns', text: `the name ${host} could not be resolved (DNS ${code}): check the network, DNS or proxy` };
  if (code === 'ECONNREFUSED') return { reason: 'refused', text: `${host}:${port} refused the connection (ECONNREFUSED)` };
  if (code === 'ETIMEDOUT' || code === 'TIMEOUT' || code === 'ABORT_ERR' || code === 'UND_ERR_CONNECT_TIMEOUT' || (err instanceof Error && err.name === 'TimeoutError')) {
    return { reason: 'timeout', text: `${host}:${port} did not answer within ${timeoutMs / 1000} s (a firewall or proxy may be in the way)` };
  }
  const what = code ?? (err instanceof HttpError ? 'network error' : err instanceof Error ? err.name : 'unknown error');
  return { reason: 'network', text: `${host}:${port} could not be reached (${what})` };
}

export interface ReachOptions {
  /** How long one getMe may take (default 10 s). */
  timeoutMs?: number;
  /** Pause before the first retry, doubled each time up to `maxRetryMs` (defaults 2 s and 60 s). */
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Gives up (rejects) once aborted: a stop during start-up. */
  signal?: AbortSignal;
}

/**
 * getMe until Telegram answers. grammY's own start-up retries network errors silently (and a
 * request may hang for 500 s), so whoever runs `npm start` behind a proxy saw nothing at all:
 * here each failed attempt is logged at warn, saying what is tried and why it fails (DNS,
 * refused, timeout, a rejected token), and tried again with a growing pause.
 */
export async function reachTelegram(api: Api, apiRoot: string, logger: Logger, opts: ReachOptions = {}): Promise<UserFromGetMe> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let pause = opts.firstRetryMs ?? 2_000;
  const maxPause = opts.maxRetryMs ?? 60_000;
  const target = new URL(apiRoot).host;
  for (let attempt = 1; ; attempt++) {
    opts.signal?.throwIfAborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      // grammY types its signal with the abort-controller package's class; Node's own works the same.
      const me = await api.getMe(controller.signal as Parameters<Api['getMe']>[0]);
      if (attempt > 1) logger.info({ target, attempt, bot: me.username }, 'Telegram reached');
      return me;
    } catch (err) {
      const failure = controller.signal.aborted
        ? describeConnectFailure(Object.assign(new Error('timeout'), { name: 'TimeoutError' }), apiRoot, timeoutMs)
        : describeConnectFailure(err, apiRoot, timeoutMs);
      logger.warn(
        { target, attempt, reason: failure.reason, retryInMs: pause },
        `cannot reach Telegram at start (getMe to ${target}): ${failure.text}; retrying in ${Math.round(pause / 1000)} s`,
      );
    } finally {
      clearTimeout(timer);
    }
    await sleep(pause, undefined, opts.signal ? { signal: opts.signal } : {});
    pause = Math.min(maxPause, pause * 2);
  }
}
