import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { AppDeps } from '../../infra/deps';
import { messagesFor } from '../../infra/i18n';
import { credentials, MINI_APP_PATH, replayKey, signSession, verifyInitData, verifySession } from '../../infra/http/initdata';
import { dashboardData, dashboardViewer, instructionTimeline, type Viewer } from './dashboard';

/**
 * The dashboard's HTTP side, served by the process's own HTTP port (src/infra/http/server.ts):
 *   GET  /dasbor                   the page (assets/dashboard/index.html)
 *   GET  /dasbor/assets/<file>     its script and style sheet
 *   POST /dasbor/api/session       `Authorization: tma <initData>` → a session token, once per initData
 *   GET  /dasbor/api/data          `Authorization: Bearer <token>` → matrix, scorecards (?period, cluster, priority)
 *   GET  /dasbor/api/instructions/<id>   the same → one instruction's history
 * Nothing but the page and its assets is served without a valid token; the person behind it is
 * read from the database on every request. Neither initData nor a token is ever logged.
 */
const DASHBOARD_PREFIX = MINI_APP_PATH;

/** How long a session token lasts: a sitting, not a day (a new one needs a fresh opening from Telegram). */
export const SESSION_MS = 30 * 60_000;

const ASSETS_DIR = new URL('../../../assets/dashboard/', import.meta.url);
const ASSET_TYPES: Record<string, string> = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/**
 * The page may run only its own script and style: no inline script, nothing from elsewhere (the
 * machines it runs on may have no internet, and the data is not for third parties). Telegram
 * shows it in a frame, so framing is allowed.
 */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function dashboardRoutes(deps: AppDeps, redis: Redis): Handler {
  // Read once: a handful of kilobytes, and a missing file fails the start, not a leader's tap.
  const page = readFileSync(new URL('index.html', ASSETS_DIR));
  const assets = new Map(Object.keys(ASSET_TYPES).map((name) => [name, readFileSync(new URL(name, ASSETS_DIR))]));
  const { botToken, queuePrefix } = deps.config;
  const maxAgeMs = deps.config.miniApp.authMaxAgeMs;

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...PAGE_HEADERS, ...extra });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
  /** A refusal: no data, a reason for the log, and the words the page shows (Indonesian unless the person chose English). */
  const refuse = (req: IncomingMessage, res: ServerResponse, status: 401 | 403, reason: string, lang?: string) => {
    deps.logger.warn({ status, reason, ip: req.socket.remoteAddress }, 'dashboard request refused');
    const t = messagesFor(lang).dasbor.page;
    json(res, status, { ok: false, error: status === 401 ? 'unauthorized' : 'forbidden', message: status === 401 ? t.authFailed : t.forbidden });
  };

  /** Someone unknown gets 401 (who are you?); someone known without the right role or active account, 403 in their language. */
  const refuseViewer = (req: IncomingMessage, res: ServerResponse, v: Extract<Viewer, { ok: false }>) =>
    v.reason === 'unregistered' ? refuse(req, res, 401, v.reason) : refuse(req, res, 403, v.reason, v.lang);

  /** The person a request's session token stands for, re-checked against the database; null when refused (answered). */
  async function viewer(req: IncomingMessage, res: ServerResponse) {
    const cred = credentials(req.headers.authorization);
    const telegramId = cred?.kind === 'bearer' ? verifySession(cred.value, botToken, deps.now()) : null;
    if (telegramId === null) {
      refuse(req, res, 401, cred ? 'bad or expired session' : 'no session');
      return null;
    }
    const v = await dashboardViewer(deps, telegramId);
    if (v.ok) return v.person;
    refuseViewer(req, res, v);
    return null;
  }

  async function session(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cred = credentials(req.headers.authorization);
    if (cred?.kind !== 'tma') return refuse(req, res, 401, 'no initData');
    // The organisation's clock, which is the real one in production; in the sandbox the simulated
    // Telegram signs auth_date with the same clock the app runs on, moved or not.
    const now = deps.now();
    const check = verifyInitData(cred.value, botToken, now, maxAgeMs);
    if (!check.ok) return refuse(req, res, 401, check.reason);
    // Once only: a copied initData (a proxy's log, a shared screen) is worth nothing after the
    // page has used it. Kept as long as the initData would be fresh, in Redis so every process
    // agrees.
    const first = await redis.set(replayKey(queuePrefix, check.hash), '1', 'PX', maxAgeMs + 60_000, 'NX');
    if (first !== 'OK') return refuse(req, res, 401, 'initData already exchanged');
    const v = await dashboardViewer(deps, check.user.id);
    if (!v.ok) return refuseViewer(req, res, v);
    const expiresAt = now + SESSION_MS;
    deps.logger.info({ personId: v.person.id, role: v.person.role }, 'dashboard session opened');
    json(res, 200, { ok: true, token: signSession(check.user.id, expiresAt, botToken), expiresAt });
  }

  return async (req, res) => {
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    if (path !== DASHBOARD_PREFIX && !path.startsWith(`${DASHBOARD_PREFIX}/`)) return false;
    if (req.method === 'GET' && path === DASHBOARD_PREFIX) {
      send(res, 200, 'text/html; charset=utf-8', page);
      return true;
    }
    if (req.method === 'GET' && path === `${DASHBOARD_PREFIX}/`) {
      // The page's paths are relative to /dasbor (so PUBLIC_URL may carry a path of its own): a
      // trailing slash would break them. Relative, for the same reason; the browser keeps the hash.
      res.writeHead(301, { location: '../dasbor', 'cache-control': 'no-store' });
      res.end();
      return true;
    }
    const asset = /^\/dasbor\/assets\/([\w.-]+)$/.exec(path)?.[1];
    if (req.method === 'GET' && asset !== undefined) {
      const body = assets.get(asset);
      if (body) send(res, 200, ASSET_TYPES[asset]!, body);
      else json(res, 404, { ok: false, error: 'not found' });
      return true;
    }
    if (req.method === 'POST' && path === '/dasbor/api/session') {
      await session(req, res);
      return true;
    }
    if (req.method === 'GET' && path === '/dasbor/api/data') {
      const person = await viewer(req, res);
      if (!person) return true;
      const q = new URLSearchParams(query);
      const r = await dashboardData(deps, person, { period: q.get('period'), cluster: q.get('cluster'), priority: q.get('priority') });
      if (!r.ok) json(res, 400, { ok: false, error: r.reason });
      else json(res, 200, { ok: true, ...r.data });
      return true;
    }
    const id = /^\/dasbor\/api\/instructions\/(\d{1,15})$/.exec(path)?.[1];
    if (req.method === 'GET' && id !== undefined) {
      const person = await viewer(req, res);
      if (!person) return true;
      const r = await instructionTimeline(deps, person, Number(id));
      if (!r.ok) json(res, 404, { ok: false, error: r.reason });
      else json(res, 200, { ok: true, ...r.data });
      return true;
    }
    json(res, 404, { ok: false, error: 'not found' });
    return true;
  };
}
