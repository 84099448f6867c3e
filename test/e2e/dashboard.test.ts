import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInitData } from '../../src/infra/http/initdata';
import { initDataFor, makeOverdue, parseRekap } from '../support/dashboard';
import {
  ADMIN,
  callText,
  GOVERNOR,
  issueTo,
  OUTSIDER,
  press,
  say,
  SECRETARIAT,
  startWithOrg,
  type Harness,
  type IssuedInstruction,
  type OrgMember,
  waitForValue,
} from '../support/harness';

/**
 * The leaders' dashboard over HTTP (issue #17): who may open it (Telegram's initData, once,
 * fresh, for an active leader), its figures against /rekap's on the same data, and /dasbor.
 */
const PUBLIC_URL = 'https://arahan.example.go.id';
const HOUR = 3_600_000;

describe('the leaders dashboard (Mini App)', () => {
  let h: Harness;
  let org: OrgMember[];
  let base: string;
  let acked: IssuedInstruction;
  let late: IssuedInstruction;

  const post = (path: string, auth?: string) => fetch(`${base}${path}`, { method: 'POST', headers: auth ? { authorization: auth } : {} });
  const get = (path: string, auth?: string) => fetch(`${base}${path}`, { headers: auth ? { authorization: auth } : {} });
  /** Exchanges fresh initData of `user` for a session token. */
  async function session(user: { id: number; first_name: string }): Promise<string> {
    const res = await post('/dasbor/api/session', `tma ${initDataFor(h.config.botToken, user)}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  }
  /** A refusal carries no data, only why. */
  async function refused(res: Response, status: number): Promise<void> {
    expect(res.status).toBe(status);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'ok']);
  }

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({ PUBLIC_URL }, 3, 820));
    base = `http://127.0.0.1:${h.app.httpPort()}`;
    // Instruction 1: every OPD, OPD1 acknowledges. Instruction 2: two OPDs, both deadlines passed.
    acked = await issueTo(h, org, { ackInMs: HOUR, dueInMs: 2 * HOUR, priority: 'segera' });
    await press(h.tg, org[0]!.head, org[0]!.group.id, acked.message.OPD1!, `ack:${acked.assignment.OPD1}`);
    await waitForValue(
      () => h.app.deps.db.selectFrom('assignments').select('acked_at').where('id', '=', acked.assignment.OPD1!).executeTakeFirst(),
      (r) => r?.acked_at !== null,
      'OPD1 acknowledged',
    );
    late = await issueTo(h, org.slice(1), { ackInMs: HOUR, dueInMs: 2 * HOUR });
    // Both of its deadlines behind us, as if issued yesterday.
    await makeOverdue(h, late.instructionId);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('serves the page and its assets without credentials, and nothing else', async () => {
    const page = await get('/dasbor');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('dasbor/assets/dashboard.js');
    expect((await get('/dasbor/assets/dashboard.js')).status).toBe(200);
    const slash = await fetch(`${base}/dasbor/`, { redirect: 'manual' });
    expect([slash.status, new URL(slash.headers.get('location')!, `${base}/dasbor/`).pathname]).toEqual([301, '/dasbor']);
    expect((await get('/dasbor/assets/../../package.json')).status).toBe(404);
    await refused(await get('/dasbor/api/data'), 401);
    await refused(await get(`/dasbor/api/instructions/${acked.instructionId}`), 401);
  });

  it('gives the secretariat a session for fresh initData, once', async () => {
    const initData = initDataFor(h.config.botToken, SECRETARIAT);
    const first = await post('/dasbor/api/session', `tma ${initData}`);
    expect(first.status).toBe(200);
    const { token } = (await first.json()) as { token: string };
    expect((await get('/dasbor/api/data', `Bearer ${token}`)).status).toBe(200);
    // The same initData again (a copy from a log, a second tab): refused.
    await refused(await post('/dasbor/api/session', `tma ${initData}`), 401);
  });

  it('refuses forged, altered, foreign, expired and missing initData with 401', async () => {
    const token = h.config.botToken;
    const good = new URLSearchParams(initDataFor(token, SECRETARIAT));
    const forged = new URLSearchParams(good);
    forged.set('hash', 'ab'.repeat(32));
    const altered = new URLSearchParams(initDataFor(token, OUTSIDER));
    altered.set('user', good.get('user')!);
    const now = Math.floor(Date.now() / 1000);
    const cases: Record<string, string | undefined> = {
      forged: `tma ${forged}`,
      'altered user': `tma ${altered}`,
      'another bot': `tma ${initDataFor('999999:another-bots-token', SECRETARIAT)}`,
      expired: `tma ${initDataFor(token, SECRETARIAT, now - 2 * 3600)}`,
      'from the future': `tma ${initDataFor(token, SECRETARIAT, now + 3600)}`,
      'no hash': `tma ${signInitData({ auth_date: String(now), user: JSON.stringify({ id: SECRETARIAT.id }) }, token).replace(/&?hash=[0-9a-f]+/, '')}`,
      'no user': `tma ${signInitData({ auth_date: String(now) }, token)}`,
      'a bearer instead': 'Bearer abc.def',
      missing: undefined,
    };
    for (const [what, auth] of Object.entries(cases)) {
      const res = await post('/dasbor/api/session', auth);
      expect(res.status, what).toBe(401);
      await refused(res, 401);
    }
  });

  it('answers only leaders: 401 for a stranger, 403 for an OPD head and for a leader deactivated mid-session', async () => {
    await refused(await post('/dasbor/api/session', `tma ${initDataFor(h.config.botToken, OUTSIDER)}`), 401);
    await refused(await post('/dasbor/api/session', `tma ${initDataFor(h.config.botToken, org[0]!.head)}`), 403);
    // A session token altered or signed with another key is worth nothing.
    const token = await session(GOVERNOR);
    const [body, mac] = token.split('.');
    const other = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { t: number; e: number };
    const swapped = `${Buffer.from(JSON.stringify({ ...other, t: SECRETARIAT.id })).toString('base64url')}.${mac}`;
    await refused(await get('/dasbor/api/data', `Bearer ${swapped}`), 401);
    await refused(await get('/dasbor/api/data', `tma ${initDataFor(h.config.botToken, GOVERNOR)}`), 401);
    // Roles come from the database on every request.
    expect((await get('/dasbor/api/data', `Bearer ${token}`)).status).toBe(200);
    await h.app.deps.db.updateTable('people').set({ active: 0 }).where('telegram_id', '=', GOVERNOR.id).execute();
    try {
      await refused(await get('/dasbor/api/data', `Bearer ${token}`), 403);
    } finally {
      await h.app.deps.db.updateTable('people').set({ active: 1 }).where('telegram_id', '=', GOVERNOR.id).execute();
    }
  });

  it("shows /rekap's figures, OPD by OPD, and the open instructions coloured by state", async () => {
    const token = await session(SECRETARIAT);
    type Data = {
      scores: Array<{
        code: string;
        received: number;
        ack: { text: string };
        ackPending: number;
        medianAck: string;
        done: { text: string };
        overdueNow: number;
        reminders: number;
      }>;
      total: { received: number; ack: { text: string }; ackPending: number; medianAck: string; done: { text: string }; overdueNow: number; reminders: number };
      matrix: { instructions: Array<{ id: number; number: string }>; opds: Array<{ id: number; code: string }>; cells: Record<string, string> };
    };
    const data = async () => {
      const res = await get('/dasbor/api/data', `Bearer ${token}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Data;
    };
    const asRekap = (r: Data['total']) =>
      r.received === 0 && r.overdueNow === 0
        ? null
        : { received: r.received, ack: r.ack.text, ackPending: r.ackPending, median: r.medianAck, done: r.done.text, overdue: r.overdueNow, reminders: r.reminders };
    const lines = (x: Data) => [['TOTAL', asRekap(x.total)], ...x.scores.map((s) => [s.code, asRekap(s)])];
    // The reminder timers run meanwhile (the second instruction's deadlines were moved into the
    // past) and each figure only ever moves one way: when the page's figures are the same just
    // before and just after /rekap, /rekap's must be those too.
    let d: Data;
    let rekap: ReturnType<typeof parseRekap>;
    for (let attempt = 0; ; attempt++) {
      d = await data();
      rekap = parseRekap(callText(await say(h.tg, SECRETARIAT, '/rekap', 'Rekap arahan')));
      const after = await data();
      if (JSON.stringify(lines(after)) === JSON.stringify(lines(d)) || attempt === 5) break;
    }
    expect(lines(d)).toEqual(rekap);
    expect(rekap.find(([c]) => c === 'OPD2')![1]!.received).toBe(2);

    const cell = (i: IssuedInstruction, code: string) => d.matrix.cells[`${i.instructionId}:${d.matrix.opds.find((o) => o.code === code)!.id}`];
    expect(cell(acked, 'OPD1')).toBe('acknowledged');
    expect(cell(acked, 'OPD2')).toBe('delivered');
    expect(cell(late, 'OPD2')).toBe('late_due');
    expect(cell(late, 'OPD1')).toBeUndefined();
    expect(d.matrix.instructions.map((i) => i.number)).toEqual([late.number, acked.number]);
  });

  it('filters by priority and cluster, and refuses a period /rekap would not understand', async () => {
    const token = await session(SECRETARIAT);
    const urgent = (await (await get('/dasbor/api/data?priority=segera&period=minggu%20ini', `Bearer ${token}`)).json()) as { matrix: { instructions: Array<{ number: string }> } };
    expect(urgent.matrix.instructions.map((i) => i.number)).toEqual([acked.number]);
    const none = (await (await get('/dasbor/api/data?cluster=Tidak%20Ada', `Bearer ${token}`)).json()) as { scores: unknown[]; matrix: { opds: unknown[] } };
    expect(none.scores).toEqual([]);
    expect(none.matrix.opds).toEqual([]);
    expect((await get('/dasbor/api/data?period=kemarin%20dulu', `Bearer ${token}`)).status).toBe(400);
  });

  it("gives one instruction's history from its recorded events", async () => {
    const token = await session(GOVERNOR);
    const res = await get(`/dasbor/api/instructions/${acked.instructionId}`, `Bearer ${token}`);
    expect(res.status).toBe(200);
    const t = (await res.json()) as { number: string; events: Array<{ kind: string; what: string; opd: string | null }> };
    expect(t.number).toBe(acked.number);
    expect(t.events.map((e) => e.kind)).toContain('instruction_issued');
    expect(t.events.find((e) => e.kind === 'acknowledged')).toMatchObject({ what: 'Dikonfirmasi', opd: 'OPD1' });
    expect((await get('/dasbor/api/instructions/999999', `Bearer ${token}`)).status).toBe(404);
  });

  it('/dasbor offers the page behind a web_app button, and the leaders have it as their menu button', async () => {
    const answer = await say(h.tg, SECRETARIAT, '/dasbor', 'Dasbor pimpinan');
    const markup = answer.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string; web_app?: { url: string } }>> };
    const markupObj = typeof markup === 'string' ? (JSON.parse(markup) as typeof markup) : markup;
    expect(markupObj.inline_keyboard[0]![0]).toEqual({ text: '📊 Dasbor', web_app: { url: `${PUBLIC_URL}/dasbor` } });
    // Not for an OPD head (COMMAND_RULES).
    expect((await say(h.tg, org[0]!.head, '/dasbor', '/dasbor')).payload.reply_markup).toBeUndefined();
    await say(h.tg, SECRETARIAT, '/start', 'Selamat datang');
    expect(h.tg.menuButton(SECRETARIAT.id)).toEqual({ type: 'web_app', text: 'Dasbor', web_app: { url: `${PUBLIC_URL}/dasbor` } });
    await say(h.tg, org[0]!.head, '/start', 'Selamat datang');
    expect(h.tg.menuButton(org[0]!.head.id).type).not.toBe('web_app');
    // The admin may use /dasbor too.
    expect(JSON.stringify((await say(h.tg, ADMIN, '/dasbor', 'Dasbor pimpinan')).payload.reply_markup)).toContain(`${PUBLIC_URL}/dasbor`);
  });

  it('says in Indonesian that the dashboard is not configured while PUBLIC_URL is not set', async () => {
    const initData = initDataFor(h.config.botToken, SECRETARIAT);
    const { token } = (await (await post('/dasbor/api/session', `tma ${initData}`)).json()) as { token: string };
    await h.restart({ PUBLIC_URL: '' });
    // Another process (the restarted app) takes the token and remembers the exchange: nothing is kept in a process.
    base = `http://127.0.0.1:${h.app.httpPort()}`;
    expect((await get('/dasbor/api/data', `Bearer ${token}`)).status).toBe(200);
    await refused(await post('/dasbor/api/session', `tma ${initData}`), 401);
    const answer = await say(h.tg, SECRETARIAT, '/dasbor', /dasbor/);
    expect(callText(answer)).toContain('dasbor belum dikonfigurasi');
    expect(answer.payload.reply_markup).toBeUndefined();
  });
});
