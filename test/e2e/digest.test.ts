import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekKey } from '../../src/features/digest/digest';
import type { RecordedCall } from '../support/fake-telegram';
import { callText, GOVERNOR, importCsv, startHarness, waitForValue as until, type Harness } from '../support/harness';

const WIB = 'Asia/Jakarta';
const WIT = 'Asia/Jayapura';
const DAY = 86_400_000;
/** Midday WIB of a date, so the local date is the same in every Indonesian zone. */
const noonWib = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 5);

/** ISO 8601 week of a calendar date, computed independently: the week belongs to the year of its Thursday. */
function isoWeek(y: number, m: number, d: number): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  const mondayBased = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(date.getTime() + (3 - mondayBased) * DAY);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY);
  return `${year}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, '0')}`;
}

describe('weekKey', () => {
  it('known dates', () => {
    expect(weekKey(noonWib(2026, 11, 30), WIB)).toBe('2026-W49'); // a Monday
    expect(weekKey(noonWib(2026, 11, 29), WIB)).toBe('2026-W48'); // the Sunday before
    expect(weekKey(noonWib(2027, 1, 1), WIB)).toBe('2026-W53'); // Friday: 2026 has 53 weeks
    expect(weekKey(noonWib(2027, 1, 3), WIB)).toBe('2026-W53');
    expect(weekKey(noonWib(2027, 1, 4), WIB)).toBe('2027-W01');
    expect(weekKey(noonWib(2026, 1, 1), WIB)).toBe('2026-W01'); // Thursday
    expect(weekKey(noonWib(2025, 12, 29), WIB)).toBe('2026-W01'); // Monday of 2026's first week
    expect(weekKey(noonWib(2024, 12, 30), WIB)).toBe('2025-W01');
    expect(weekKey(noonWib(2021, 1, 3), WIB)).toBe('2020-W53');
    expect(weekKey(noonWib(2026, 3, 2), WIB)).toBe('2026-W10');
  });

  it('agrees with an independent ISO week count every day of 2020–2028', () => {
    for (let ms = Date.UTC(2020, 0, 1); ms < Date.UTC(2029, 0, 1); ms += DAY) {
      const d = new Date(ms);
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      expect(weekKey(noonWib(y, m, day), WIB), d.toISOString().slice(0, 10)).toBe(isoWeek(y, m, day));
    }
  });

  it('uses the local date in the org timezone', () => {
    // Sunday 29 Nov 23.30 WIB is Monday 30 Nov 01.30 WIT.
    const ms = Date.UTC(2026, 10, 29, 16, 30);
    expect(weekKey(ms, WIB)).toBe('2026-W48');
    expect(weekKey(ms, WIT)).toBe('2026-W49');
    // Sunday 29 Nov 18.00 UTC is already Monday in WIB.
    expect(weekKey(Date.UTC(2026, 10, 29, 18), WIB)).toBe('2026-W49');
  });
});

/**
 * The weekly digest against real Redis: the BullMQ job scheduler fires every second here, the
 * digest goes to pimpinan and the secretariat group once per week however often it fires, and
 * a failed send is tried again until it gets through — once.
 */
const SECRETARIAT_GROUP = -100950;
const DEPUTY = { id: 2003, first_name: 'Wakil', last_name: 'Gubernur' };

describe('weekly digest', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ DIGEST_CRON: '* * * * * *', SECRETARIAT_CHAT_ID: String(SECRETARIAT_GROUP) });
    expect(await importCsv(h, 'import-opd', 'kode,nama,klaster\nDINKES,Dinas Kesehatan,Sosial\nBPBD,Badan Penanggulangan Bencana Daerah,Bencana')).toBe(0);
    expect(await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${GOVERNOR.id},Herman Gubernur,pimpinan,`)).toBe(0);
  });
  afterAll(async () => {
    await h.close();
  });

  const digestRuns = async () =>
    (await h.app.deps.db.selectFrom('events').select(['data']).where('kind', '=', 'digest_run').orderBy('id').execute()).map(
      (e) => JSON.parse(e.data ?? '{}') as { week: string; sent: number; skipped: number },
    );

  const isDigest = (chatId: number) => (c: RecordedCall) =>
    c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === chatId && callText(c).includes('Ringkasan mingguan arahan');
  const isChart = (chatId: number) => (c: RecordedCall) => c.ok && c.method === 'sendPhoto' && Number(c.payload.chat_id) === chatId;

  it('fires from the scheduler and reaches the pimpinan and the secretariat group once per week', async () => {
    const [toGovernor] = await h.tg.waitFor(isDigest(GOVERNOR.id), { timeoutMs: 15_000, description: 'the digest to the governor' });
    const [toGroup] = await h.tg.waitFor(isDigest(SECRETARIAT_GROUP), { timeoutMs: 15_000, description: 'the digest to the secretariat group' });
    const [chart] = await h.tg.waitFor(isChart(GOVERNOR.id), { timeoutMs: 15_000, description: 'the chart to the governor' });
    await h.tg.waitFor(isChart(SECRETARIAT_GROUP), { timeoutMs: 15_000, description: 'the chart to the secretariat group' });

    for (const call of [toGovernor!, toGroup!]) {
      const text = callText(call);
      expect(text).toMatch(/^🗓 <b>Ringkasan mingguan arahan<\/b> — /);
      expect(text).toContain('<b>Seluruh OPD</b>: tidak ada arahan pada periode ini');
      expect(text).toContain('<b>OPD yang paling perlu perhatian</b>:');
      expect(text).toContain('<b>Arahan terbuka terlama</b>:\n• (tidak ada)');
      expect(call.payload.parse_mode).toBe('HTML');
    }
    // The OPDs were imported before the governor: the governor's digest lists them (the group's may predate them).
    expect(callText(toGovernor!)).toMatch(
      /<b>OPD yang paling perlu perhatian<\/b>:\n1\. <b>BPBD<\/b> — Badan Penanggulangan Bencana Daerah\n {3}tidak ada arahan pada periode ini\n2\. <b>DINKES<\/b>/,
    );
    expect(chart!.files).toHaveLength(1);
    expect(chart!.files[0]!.filename).toBe('rekap-mingguan.png');
    expect(chart!.files[0]!.size).toBeGreaterThan(1000);
    expect(callText(chart!)).toMatch(/^Grafik rekap arahan — /);

    // The scheduler goes on firing (at least twice more); nobody gets a second digest.
    const seen = (await digestRuns()).length;
    const runs = await until(digestRuns, (r) => r.length >= Math.max(3, seen + 2), 'two more digest runs');
    const week = weekKey(Date.now(), h.config.timezone);
    expect(runs.at(-1)).toEqual({ week, sent: 0, skipped: 2 });
    for (const chat of [GOVERNOR.id, SECRETARIAT_GROUP]) {
      expect(h.tg.calls.filter(isDigest(chat)), String(chat)).toHaveLength(1);
      expect(h.tg.calls.filter(isChart(chat)), String(chat)).toHaveLength(1);
    }
    const rows = await h.app.deps.db.selectFrom('digest_deliveries').selectAll().orderBy('chat_id').execute();
    expect(rows.map((r) => [Number(r.chat_id), r.week_key, r.state, r.error])).toEqual([
      [SECRETARIAT_GROUP, week, 'sent', null],
      [GOVERNOR.id, week, 'sent', null],
    ]);
  });

  it('a digest whose send fails is tried again and then arrives once', async () => {
    h.tg.failNext('sendMessage', { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } }, 1, DEPUTY.id);
    // A new pimpinan this week: the next run owes them the digest.
    expect(await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${DEPUTY.id},Wakil Gubernur,pimpinan,`)).toBe(0);

    const [failed] = await h.tg.waitFor((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === DEPUTY.id && c.status === 500, {
      timeoutMs: 15_000,
      description: 'the failed send',
    });
    expect(callText(failed!)).toContain('Ringkasan mingguan arahan');
    const [arrived] = await h.tg.waitFor(isDigest(DEPUTY.id), { timeoutMs: 15_000, description: 'the digest to the deputy' });
    expect(arrived!.seq).toBeGreaterThan(failed!.seq);
    await h.tg.waitFor(isChart(DEPUTY.id), { timeoutMs: 15_000, description: 'the chart to the deputy' });

    // A later run sent it (the two others skipped), and the runs after it have nothing left to send.
    const week = weekKey(Date.now(), h.config.timezone);
    const runs = await until(digestRuns, (r) => r.some((x) => x.sent === 1 && x.skipped === 2), 'the run that sent the deputy digest');
    const seen = runs.length;
    const later = await until(digestRuns, (r) => r.length >= seen + 2, 'two more digest runs');
    expect(later.at(-1)).toEqual({ week, sent: 0, skipped: 3 });
    for (const chat of [DEPUTY.id, GOVERNOR.id, SECRETARIAT_GROUP]) {
      expect(h.tg.calls.filter(isDigest(chat)), String(chat)).toHaveLength(1);
      expect(h.tg.calls.filter(isChart(chat)), String(chat)).toHaveLength(1);
    }
    expect(h.tg.calls.filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === DEPUTY.id)).toHaveLength(2);
    const row = await h.app.deps.db.selectFrom('digest_deliveries').selectAll().where('chat_id', '=', DEPUTY.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ week_key: week, state: 'sent', error: null });
    expect(row.sent_at).not.toBeNull();
  });
});
