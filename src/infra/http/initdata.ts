import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Telegram Mini App authentication (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app):
 * the page is given `initData`, a query string signed with a key derived from the bot token.
 * The server checks the signature and its age, then exchanges it once for a short session
 * token of its own (signed with another key derived from the bot token, so every process of
 * the installation accepts it and none has to share state but the replay set in Redis).
 */

export interface InitDataUser {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type InitDataCheck =
  | { ok: true; user: InitDataUser; authDate: number; hash: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'no_user' };

/** The data-check string: every field but `hash`, sorted by key, `key=value` joined by "\n". */
export function dataCheckString(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([k]) => k !== 'hash')
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('\n');
}

/** hex HMAC-SHA256(key = HMAC-SHA256(key = "WebAppData", msg = botToken), msg = data-check string). */
export function initDataHash(params: URLSearchParams, botToken: string): string {
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  return createHmac('sha256', secret).update(dataCheckString(params)).digest('hex');
}

/** Signs initData fields as Telegram does (the tests and the sandbox open the page with it). */
export function signInitData(fields: Record<string, string>, botToken: string): string {
  const params = new URLSearchParams(fields);
  params.set('hash', initDataHash(params, botToken));
  return params.toString();
}

/**
 * Checks initData: Telegram's signature (compared in constant time), then its age against
 * `maxAgeMs` (an `auth_date` in the future by more than a minute of clock skew is refused too),
 * then the user it names.
 */
export function verifyInitData(raw: string | undefined, botToken: string, now: number, maxAgeMs: number): InitDataCheck {
  if (!raw) return { ok: false, reason: 'missing' };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(raw);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const hash = params.get('hash');
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(initDataHash(params, botToken), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) return { ok: false, reason: 'bad_signature' };
  const authDate = Number(params.get('auth_date'));
  if (!Number.isSafeInteger(authDate) || authDate <= 0) return { ok: false, reason: 'malformed' };
  const age = now - authDate * 1000;
  if (age > maxAgeMs || age < -60_000) return { ok: false, reason: 'expired' };
  let user: InitDataUser;
  try {
    user = JSON.parse(params.get('user') ?? 'null') as InitDataUser;
  } catch {
    return { ok: false, reason: 'no_user' };
  }
  if (!user || typeof user !== 'object' || !Number.isSafeInteger(user.id)) return { ok: false, reason: 'no_user' };
  return { ok: true, user, authDate, hash };
}

/** The key session tokens are signed with: derived from the bot token, never the token itself. */
function sessionKey(botToken: string): Buffer {
  return createHmac('sha256', 'ArahanDashboardSession').update(botToken).digest();
}

/** A session token: base64url({"t": telegram id, "e": expiry ms}) "." base64url(HMAC). */
export function signSession(telegramId: number, expiresAt: number, botToken: string): string {
  const body = Buffer.from(JSON.stringify({ t: telegramId, e: expiresAt })).toString('base64url');
  const mac = createHmac('sha256', sessionKey(botToken)).update(body).digest('base64url');
  return `${body}.${mac}`;
}

/** The Telegram id a session token was given to, or null (forged, altered, expired). */
export function verifySession(token: string | undefined, botToken: string, now: number): number | null {
  if (!token) return null;
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const expected = createHmac('sha256', sessionKey(botToken)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { t, e } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { t: unknown; e: unknown };
    if (!Number.isSafeInteger(t) || typeof e !== 'number' || e <= now) return null;
    return t as number;
  } catch {
    return null;
  }
}

/** The Redis key under which an exchanged initData is remembered (its hash, hashed again: no secret in Redis). */
export function replayKey(prefix: string, hash: string): string {
  return `${prefix}:miniapp:used:${createHash('sha256').update(hash).digest('hex').slice(0, 32)}`;
}

/** The credentials a request carries: `Authorization: tma <initData>` or `Authorization: Bearer <session>`. */
export function credentials(header: string | string[] | undefined): { kind: 'tma' | 'bearer'; value: string } | null {
  if (typeof header !== 'string') return null;
  const m = /^(tma|Bearer) (.+)$/.exec(header.trim());
  if (!m) return null;
  return { kind: m[1] === 'tma' ? 'tma' : 'bearer', value: m[2]! };
}

/** Where the dashboard's page is served on the HTTP port (src/features/dashboard/dashboard.routes.ts). */
export const MINI_APP_PATH = '/dasbor';

/** The page's address as a Mini App button opens it (PUBLIC_URL + /dasbor), or null while PUBLIC_URL is not set. */
export function miniAppUrl(config: { miniApp: { publicUrl: string | null } }): string | null {
  return config.miniApp.publicUrl === null ? null : `${config.miniApp.publicUrl}${MINI_APP_PATH}`;
}
