import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sql } from 'kysely';
import { webhookCallback, type Bot } from 'grammy';
import type { Redis } from 'ioredis';
import type { BotContext } from '../telegram/context';
import type { AppDeps } from '../deps';
import { createDashboard, DASHBOARD_PATH } from './dashboard';

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
}

export function createHttpServer(o: HttpOptions): Server {
  const { deps } = o;
  const hook =
    o.webhook && deps.config.webhook ? webhookCallback(o.bot, 'http', { secretToken: deps.config.webhook.secret, onTimeout: 'return', timeoutMilliseconds: 9_000 }) : null;
  let telegramOkUntil = 0;
  const dashboard = deps.config.dashboard ? createDashboard(deps.queues, deps.config.dashboard.user, deps.config.dashboard.password) : null;

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
      if (dashboard && (path === DASHBOARD_PATH || path?.startsWith(`${DASHBOARD_PATH}/`))) return dashboard(req, res);
      if (hook && req.method === 'POST' && path === deps.config.webhook!.path) {
        if (req.headers['x-telegram-bot-api-secret-token'] !== deps.config.webhook!.secret) {
          deps.logger.warn({ ip: req.socket.remoteAddress }, 'webhook call without the right secret token refused');
          return json(res, 401, { ok: false, error: 'unauthorized' });
        }
        return await hook(req, res);
      }
      json(res, 404, { ok: false, error: 'not found' });
    } catch (err) {
      deps.logger.error({ err }, 'HTTP request failed');
      if (!res.headersSent) json(res, 500, { ok: false });
      else res.end();
    }
  });
}
