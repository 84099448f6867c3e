import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentials, dataCheckString, signInitData, signSession, verifyInitData, verifySession } from '../../src/infra/http/initdata';
import { cellState } from '../../src/features/dashboard/dashboard.view';
import { parseConfig } from '../../src/infra/config';
import { miniAppUrl } from '../../src/infra/http/initdata';

const TOKEN = '123456:ABC-test-token';
const NOW = Date.UTC(2026, 11, 4, 3, 0);
const HOUR = 3_600_000;
const user = JSON.stringify({ id: 2002, first_name: 'Sari' });
const fields = (authMs = NOW) => ({ auth_date: String(Math.floor(authMs / 1000)), query_id: 'AAHq', user });

describe("Telegram's initData (the dashboard's sign-in)", () => {
  it("signs as Telegram documents it: HMAC over the sorted fields, keyed by HMAC('WebAppData', token)", () => {
    const raw = signInitData(fields(), TOKEN);
    const params = new URLSearchParams(raw);
    expect(dataCheckString(params)).toBe(`auth_date=${Math.floor(NOW / 1000)}\nquery_id=AAHq\nuser=${user}`);
    const key = createHmac('sha256', 'WebAppData').update(TOKEN).digest();
    expect(params.get('hash')).toBe(createHmac('sha256', key).update(dataCheckString(params)).digest('hex'));
    expect(verifyInitData(raw, TOKEN, NOW, HOUR)).toMatchObject({ ok: true, user: { id: 2002 } });
  });

  it('refuses each way it can be wrong, naming why', () => {
    const good = new URLSearchParams(signInitData(fields(), TOKEN));
    const tampered = new URLSearchParams(good);
    tampered.set('user', JSON.stringify({ id: 1001, first_name: 'Rina' }));
    expect(verifyInitData(undefined, TOKEN, NOW, HOUR)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyInitData('user=x', TOKEN, NOW, HOUR)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyInitData(tampered.toString(), TOKEN, NOW, HOUR)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyInitData(good.toString(), '999:other', NOW, HOUR)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyInitData(good.toString(), TOKEN, NOW + HOUR + 1000, HOUR)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyInitData(good.toString(), TOKEN, NOW - 5 * 60_000, HOUR)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyInitData(signInitData({ auth_date: String(NOW / 1000) }, TOKEN), TOKEN, NOW, HOUR)).toEqual({ ok: false, reason: 'no_user' });
  });

  it('gives session tokens any process with the bot token accepts until they expire', () => {
    const token = signSession(2002, NOW + 30 * 60_000, TOKEN);
    expect(verifySession(token, TOKEN, NOW)).toBe(2002);
    expect(verifySession(token, TOKEN, NOW + 30 * 60_000)).toBeNull();
    expect(verifySession(token, '999:other', NOW)).toBeNull();
    expect(verifySession(`${token}x`, TOKEN, NOW)).toBeNull();
    expect(verifySession(`${Buffer.from('{"t":1001,"e":9e15}').toString('base64url')}.${token.split('.')[1]}`, TOKEN, NOW)).toBeNull();
    expect(verifySession(undefined, TOKEN, NOW)).toBeNull();
  });

  it('reads the Authorization header', () => {
    expect(credentials('tma a=1&hash=2')).toEqual({ kind: 'tma', value: 'a=1&hash=2' });
    expect(credentials('Bearer x.y')).toEqual({ kind: 'bearer', value: 'x.y' });
    expect(credentials('Basic abc')).toBeNull();
    expect(credentials(undefined)).toBeNull();
  });
});

describe("the matrix's colours", () => {
  const a = (state: 'delivered' | 'acknowledged' | 'in_progress' | 'reported' | 'done' | 'cancelled' | 'pending', dueAt = NOW + HOUR) => ({ state, due_at: dueAt });
  it('shows the state, or late on either clock as /terlambat counts it', () => {
    expect(cellState(a('delivered'), NOW + HOUR, NOW)).toBe('delivered');
    expect(cellState(a('delivered'), NOW - 1, NOW)).toBe('late_ack');
    expect(cellState(a('acknowledged'), NOW - 1, NOW)).toBe('acknowledged');
    expect(cellState(a('acknowledged', NOW - 1), NOW - HOUR, NOW)).toBe('late_due');
    expect(cellState(a('delivered', NOW - 1), NOW - HOUR, NOW)).toBe('late_due');
    expect(cellState(a('reported', NOW - 1), NOW - HOUR, NOW)).toBe('reported');
    expect(cellState(a('done', NOW - 1), NOW - HOUR, NOW)).toBe('done');
    expect(cellState(a('cancelled'), NOW, NOW)).toBeNull();
  });
});

describe('the configuration of the Mini App', () => {
  const env = { BOT_TOKEN: TOKEN };
  it('is off without PUBLIC_URL, and opens <PUBLIC_URL>/dasbor with it', () => {
    expect(miniAppUrl(parseConfig(env))).toBeNull();
    expect(miniAppUrl(parseConfig({ ...env, PUBLIC_URL: 'https://arahan.example.go.id/' }))).toBe('https://arahan.example.go.id/dasbor');
    expect(parseConfig(env).miniApp.authMaxAgeMs).toBe(HOUR);
    expect(parseConfig({ ...env, MINIAPP_AUTH_MAX_AGE: '15m' }).miniApp.authMaxAgeMs).toBe(15 * 60_000);
    expect(() => parseConfig({ ...env, PUBLIC_URL: 'arahan.example.go.id' })).toThrow(/PUBLIC_URL/);
  });
});
