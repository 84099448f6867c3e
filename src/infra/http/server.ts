import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Redis } from 'ioredis';
import type { BotContext } from '../telegram/context';
import type { AppDeps } from '../deps';

/**
 * The process's HTTP port, in both modes: /healthz (alive), /readyz (database, Redis and
 * Telegram reachable), /metrics (Prometheus), and in webhook mode the webhook itself, which
 * refuses any request without the secret token Telegram was given.
 */
export interface HttpOptions {
  deps: AppDeps;
  redis: Redis;
  bot: Bot<BotContext>;
  /** Serve the webhook route (bot role in webhook mode). */
  webhook: boolean;
  /** How long Telegram's request is held while its update is handled (Telegram waits about 10 s). */
  webhookAnswerMs?: number;
  /**
   * Routes of a feature served on this port (the leaders' dashboard, src/features/dashboard):
   * true when the request was theirs and is answered. Passed in by the composition root, as
   * infra may not import a feature.
   */
  routes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** Where the operators' queue dashboard (./dashboard.ts) is served when DASHBOARD_PASSWORD is set. */
export const DASHBOARD_PATH = '/admin/queues';

/** The largest update body taken in: Telegram's updates are a few kilobytes. */
const MAX_UPDATE_BYTES = 1_000_000;

type Body = { ok: true; update: Update } | { ok: false; status: 400 | 413; error: string };

/** Keys whose value is always a Telegram chat or user, whatever the kind of update. */
const IDENTIFIED = ['chat', 'from', 'user', 'sender_chat'] as const;

/**
 * Whether a parsed body is an update: an object with a whole, non-negative update_id, in which
 * every chat and user has a whole-number id and every message a whole-number message_id.
 * Telegram sends nothing else. Such a body with the right secret used to be handled: an id
 * that is an object or a fraction failed when bound to SQL, a chat whose id is null failed in
 * the sequence key, each logged as an error (found by test/faults/fuzz.test.ts). Only the ids
 * are checked, which every handler relies on; the rest of an update is left to Telegram's word,
 * so a field Telegram adds later is never refused. Iterative, so a deeply nested body cannot
 * exhaust the stack.
 */
function isUpdate(value: unknown): value is Update {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const updateId = (value as { update_id?: unknown }).update_id;
  if (!Number.isSafeInteger(updateId) || (updateId as number) < 0) return false;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      // (A loop, not push(...node): an array of a million elements exceeds the arguments a call takes.)
      for (const v of node) if (v && typeof v === 'object') stack.push(v);
      continue;
    }
    const o = node as Record<string, unknown>;
    for (const key of IDENTIFIED) {
      const who = o[key];
      if (who !== undefined && !Number.isSafeInteger((who as { id?: unknown } | null)?.id)) return false;
    }
    if (o.message_id !== undefined && !Number.isSafeInteger(o.message_id)) return false;
    for (const v of Object.values(o)) if (v && typeof v === 'object') stack.push(v);
  }
  return true;
}

/** Reads and checks a webhook body: JSON, an update (`isUpdate`). */
async function readUpdate(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_UPDATE_BYTES) return { ok: false, status: 413, error: 'update too large' };
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { ok: false, status: 400, error: 'body is not JSON' };
  }
  if (!isUpdate(value)) return { ok: false, status: 400, error: 'not an update' };
  return { ok: true, update: value };
}

export function createHttpServer(o: HttpOptions): Server {
  const { deps } = o;
  const hook = o.webhook && deps.config.webhook ? webhookHandler(o.bot, deps, o.webhookAnswerMs ?? 9_000) : null;
  let telegramOkUntil = 0;
  // bull-board and express are loaded when the dashboard is first asked for, not at start: they
  // are a quarter of the JavaScript a process loads (@bull-board/api, valibot, lodash, express…:
  // 1.3 of 4.5 MB measured with require.cache), paid by every bot and worker start and by every
  // test file, while operators open the dashboard rarely.
  const settings = deps.config.dashboard;
  let dashboard: Promise<(req: IncomingMessage, res: ServerResponse) => void> | null = null;
  const openDashboard = (s: NonNullable<typeof settings>) => (dashboard ??= import('./dashboard').then((m) => m.createDashboard(deps.queues, DASHBOARD_PATH, s.user, s.password)));

  async function ready(): Promise<Record<string, string>> {
    const checks: Record<string, string> = {};
    await Promise.all([
      sql`select 1`.execute(deps.db).then(
        () => (checks.database = 'ok'),
        (e: Error) => (checks.database = e.message),
      ),
      o.redis.ping().then(
        () => (checks.redis = 'ok'),
        (e: Error) => (checks.redis = e.message),
      ),
      (Date.now() < telegramOkUntil
        ? Promise.resolve()
        : deps.api.getMe().then(() => {
            telegramOkUntil = Date.now() + 30_000;
          })
      ).then(
        () => (checks.telegram = 'ok'),
        (e: Error) => (checks.telegram = e.message),
      ),
    ]);
    return checks;
  }

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/healthz') return json(res, 200, { status: 'ok' });
      if (req.method === 'GET' && path === '/readyz') {
        const checks = await ready();
        const ok = Object.values(checks).every((v) => v === 'ok');
        return json(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks });
      }
      if (req.method === 'GET' && path === '/metrics') {
        res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
        return res.end(await deps.metrics.registry.metrics());
      }
      if (o.routes && (await o.routes(req, res))) return;
      if (settings && (path === DASHBOARD_PATH || path?.startsWith(`${DASHBOARD_PATH}/`))) return (await openDashboard(settings))(req, res);
      if (hook && req.method === 'POST' && path === deps.config.webhook!.path) {
        if (!sameSecret(req.headers['x-telegram-bot-api-secret-token'], deps.config.webhook!.secret)) {
          deps.logger.warn({ ip: req.socket.remoteAddress }, 'webhook call without the right secret token refused');
          return json(res, 401, { ok: false, error: 'unauthorized' });
        }
        return await hook(req, res, json);
      }
      json(res, 404, { ok: false, error: 'not found' });
    } catch (err) {
      deps.logger.error({ err }, 'HTTP request failed');
      if (!res.headersSent) json(res, 500, { ok: false });
      else res.end();
    }
  });
}

/**
 * The webhook, handled as long polling handles an update: a handler's failure goes to the
 * bot's error handler (the person is told "terjadi gangguan", the failure is logged) and
 * Telegram is answered 200, so it does not deliver the update again and again (grammY's
 * webhookCallback answered 500 and bypassed bot.catch). An update still running when
 * Telegram's patience runs out is answered 200 and goes on; if it fails later, its failure
 * is handled the same way instead of becoming an unhandled rejection that ended the process.
 * A body that is not an update is answered 400 and changes nothing.
 */
function webhookHandler(bot: Bot<BotContext>, deps: AppDeps, answerMs: number) {
  return async (req: IncomingMessage, res: ServerResponse, json: (res: ServerResponse, status: number, body: unknown) => void): Promise<void> => {
    const body = await readUpdate(req);
    if (!body.ok) {
      deps.logger.warn({ status: body.status, error: body.error }, 'webhook body refused');
      // The rest of a body too large was not read, and the socket goes with it: the client must
      // not send its next update on this connection, which would fail (ECONNRESET; found by
      // test/faults/fuzz.test.ts).
      if (body.status === 413) res.setHeader('connection', 'close');
      return json(res, body.status, { ok: false, error: body.error });
    }
    const handled = bot.handleUpdate(body.update).catch(async (err: unknown) => {
      try {
        if (err instanceof BotError) await bot.errorHandler(err as BotError<BotContext>);
        else deps.logger.error({ err, update_id: body.update.update_id }, 'update failed');
      } catch (e) {
        deps.logger.error({ err: e, update_id: body.update.update_id }, 'the error handler failed');
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), answerMs);
    });
    const outcome = await Promise.race([handled.then(() => 'done' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') deps.logger.warn({ update_id: body.update.update_id, afterMs: answerMs }, 'update still running when the webhook was answered; it goes on');
    json(res, 200, { ok: true });
  };
}

/** Compares the webhook's secret header in constant time (no timing hint to a guesser). */
function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}
