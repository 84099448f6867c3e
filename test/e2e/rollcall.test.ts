import ExcelJS from 'exceljs';
import { InputFile, type Transformer } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/csv';
import { parsePeriod } from '../../src/domain/period';
import { exportFileName } from '../../src/features/export/export-files';
import { fromLocal, localDateKey, localParts } from '../../src/domain/time';
import { getSetting, setSetting } from '../../src/infra/db/settings';
import { runScheduledApel } from '../../src/features/rollcall/schedule';
import { APEL_NEXT_KEY } from '../../src/features/rollcall/rollcalls.queries';
import {
  ADMIN,
  ask,
  buttonsOf,
  callText,
  GOVERNOR,
  importCsv,
  lastSeq,
  OUTSIDER,
  press,
  SECRETARIAT,
  say,
  sentMessageId,
  startWithOrg,
  waitAfter,
  type Harness,
  type OrgMember,
} from '../support/harness';
import type { RecordedCall } from '../support/fake-telegram';

/**
 * Issue #16, roll-call (apel "HP aktif 24 jam"): every head and on-call member in scope gets
 * a private Hadir button, the caller's tally edits itself, the deadline lists who is silent
 * per OPD and escalates (heads → secretariat → caller), answers feed /rekap and /apel
 * riwayat, a press by someone not called is refused, bad input changes nothing, and the
 * surprise roll-call is skipped on a holiday.
 */
const SECRETARIAT_GROUP = -100910;
const PIKET = { id: 61010, first_name: 'Piket', last_name: 'Satu' };
const TZ = 'Asia/Jakarta';

// The surprise roll-call's window: only the weekday two days from now, which is made a holiday.
const inTwoDays = (() => {
  const p = localParts(Date.now(), TZ);
  return fromLocal(TZ, p.year, p.month, p.day + 2, 12, 0);
})();
const HOLIDAY = localDateKey(inTwoDays, TZ);
const WINDOW_DAY = localParts(inTwoDays, TZ).weekday;

describe('roll-call (apel HP aktif)', () => {
  let h: Harness;
  let org: OrgMember[];
  /** The bytes of every document the bot uploads, by file name (the fake keeps only sizes). */
  const uploads = new Map<string, Buffer>();

  beforeAll(async () => {
    ({ h, org } = await startWithOrg(
      {
        HOLIDAYS: HOLIDAY,
        SECRETARIAT_CHAT_ID: String(SECRETARIAT_GROUP),
        APEL_DEADLINE: '4s',
        APEL_ESCALATE_AFTER: '2s',
        APEL_WINDOW: `${WINDOW_DAY} 19:00-22:00`,
        TIMEZONE: TZ,
      },
      3,
      610,
    ));
    const keepUploads: Transformer = async (prev, method, payload, signal) => {
      const doc = (payload as { document?: unknown }).document;
      if (method === 'sendDocument' && doc instanceof InputFile) {
        const raw = await doc.toRaw();
        if (raw instanceof Uint8Array) uploads.set(doc.filename ?? '', Buffer.from(raw));
      }
      return prev(method, payload, signal);
    };
    h.app.bot.api.config.use(keepUploads);
    await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${PIKET.id},Piket Satu,staf,${org[0]!.code}`);
    expect(callText(await ask(h.tg, ADMIN, `/piket ${PIKET.id} on`))).toContain('petugas piket');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const rollcallCount = async () =>
    Number(
      (
        await h.app.deps.db
          .selectFrom('rollcalls')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** The private call a person got after `seq`, with its Hadir button's data. */
  async function callOf(seq: number, user: { id: number }): Promise<{ message: number; data: string; call: RecordedCall }> {
    const call = await waitAfter(h.tg, seq, user.id, 'HP aktif 24 jam');
    const button = buttonsOf(call).find(([text]) => text.includes('Hadir'));
    if (!button) throw new Error('no Hadir button');
    return { message: sentMessageId(call), data: button[1], call };
  }

  function tallyEdit(messageId: number, match: string) {
    return h.tg.waitFor(
      (c) => c.method === 'editMessageText' && c.ok && Number(c.payload.chat_id) === GOVERNOR.id && Number(c.payload.message_id) === messageId && callText(c).includes(match),
      { description: `the tally showing «${match}»` },
    );
  }

  it('some answer in time, one late, some never: the tally edits itself, the deadline lists who is silent per OPD, escalation climbs to the caller', async () => {
    const [a, b, c] = org as [OrgMember, OrgMember, OrgMember];
    const seq = lastSeq(h.tg);
    const tally = await say(h.tg, GOVERNOR, `/apel ${a.code} ${b.code} ${c.code}`, 'Apel HP aktif</b>');
    const tallyId = sentMessageId(tally);
    expect(callText(tally)).toContain('Hadir: <b>0</b> dari 4');
    const [callA, callB, callC, callPiket] = await Promise.all([callOf(seq, a.head), callOf(seq, b.head), callOf(seq, c.head), callOf(seq, PIKET)]);
    expect(callText(callA.call)).toContain('Herman Gubernur');

    // A's head answers in time.
    const thanks = await press(h.tg, a.head, a.head.id, callA.message, callA.data);
    expect(String(thanks.payload.text)).toContain('tercatat pukul');
    expect(String(thanks.payload.text)).not.toContain('melewati');
    await tallyEdit(tallyId, 'Hadir: <b>1</b> dari 4');

    // The deadline: the caller gets who is silent, per OPD; each OPD's heads are told who of theirs.
    const [atDeadline] = await h.tg.waitFor(
      (x) => x.seq > seq && x.method === 'sendMessage' && Number(x.payload.chat_id) === GOVERNOR.id && callText(x).includes('Yang belum menjawab'),
      {
        timeoutMs: 15_000,
      },
    );
    const list = callText(atDeadline!);
    expect(list).toContain(`<b>${a.code}</b>`);
    expect(list).toContain('Piket Satu');
    expect(list).toContain(`<b>${b.code}</b>`);
    expect(list).toContain(`<b>${c.code}</b>`);
    expect(list).not.toContain(`${a.head.first_name} ${a.head.last_name}`);
    const headNotice = await waitAfter(h.tg, seq, a.head.id, 'Anggota OPD Bapak/Ibu berikut belum menjawab');
    expect(callText(headNotice)).toContain('Piket Satu');
    await waitAfter(h.tg, seq, b.head.id, 'belum menjawab');
    await tallyEdit(tallyId, 'Batas waktu telah lewat');

    // B's head answers late.
    const late = await press(h.tg, b.head, b.head.id, callB.message, callB.data);
    expect(String(late.payload.text)).toContain('melewati batas waktu');
    await tallyEdit(tallyId, '(1 terlambat)');

    // The secretariat hears of those still silent (not B any more), then the caller's final list closes it.
    const toSecretariat = await waitAfter(h.tg, seq, SECRETARIAT.id, 'Eskalasi apel');
    expect(callText(toSecretariat)).toContain(`<b>${c.code}</b>`);
    expect(callText(toSecretariat)).not.toContain(`<b>${b.code}</b>`);
    await waitAfter(h.tg, seq, SECRETARIAT_GROUP, 'Eskalasi apel');
    const final = await waitAfter(h.tg, seq, GOVERNOR.id, 'Apel HP aktif ditutup');
    expect(final.seq).toBeGreaterThan(toSecretariat.seq);
    expect(callText(final)).toContain(`${c.head.first_name} ${c.head.last_name}`);
    expect(callText(final)).toContain('Piket Satu');
    await tallyEdit(tallyId, 'Apel ditutup');

    // Closed: a press now is refused and records nothing.
    const closed = await press(h.tg, c.head, c.head.id, callC.message, callC.data);
    expect(String(closed.payload.text)).toContain('sudah ditutup');
    const piket = await press(h.tg, PIKET, PIKET.id, callPiket.message, callPiket.data);
    expect(String(piket.payload.text)).toContain('sudah ditutup');

    // Each step once.
    const kinds = await h.app.deps.db.selectFrom('events').select('kind').where('kind', 'like', 'rollcall_%').execute();
    const count = (k: string) => kinds.filter((e) => e.kind === k).length;
    expect([count('rollcall_deadline'), count('rollcall_secretariat'), count('rollcall_close')]).toEqual([1, 1, 1]);

    // /rekap: reachability and how fast half the answers came, per OPD (plain words, no "median"); /rekap KODE has its line.
    const recap = callText(await say(h.tg, SECRETARIAT, '/rekap', 'Apel HP aktif'));
    expect(recap).toContain(`<b>${a.code}</b>: 1/2 tepat waktu (50%)`);
    expect(recap).toContain(`<b>${b.code}</b>: 0/1 tepat waktu (0%), separuh jawaban masuk dalam `);
    // Nobody of c answered: no time is given at all.
    expect(recap).toMatch(new RegExp(`<b>${c.code}</b>: 0/1 tepat waktu \\(0%\\)(\n|$)`));
    expect(recap).not.toContain('median');
    const detail = callText(await say(h.tg, SECRETARIAT, `/rekap ${a.code}`, 'Apel HP aktif'));
    expect(detail).toContain('Apel HP aktif: 1/2 tepat waktu (50%), separuh jawaban masuk dalam ');

    // /apel riwayat lists it.
    const history = callText(await say(h.tg, GOVERNOR, '/apel riwayat', 'Riwayat apel'));
    expect(history).toContain(`${a.code}, ${b.code}, ${c.code}: 2/4 hadir (1 tepat waktu), selesai`);
  });

  it('/ekspor after the roll-call: the Apel sheet and the roll-call CSV carry the figures /rekap shows', async () => {
    const [a, b, c] = org as [OrgMember, OrgMember, OrgMember];
    const recap = callText(await say(h.tg, SECRETARIAT, '/rekap', 'Apel HP aktif'));
    const seq = lastSeq(h.tg);
    await say(h.tg, SECRETARIAT, '/ekspor', 'sedang disiapkan');
    const docs = await h.tg.waitFor((x) => x.seq > seq && x.ok && x.method === 'sendDocument' && Number(x.payload.chat_id) === SECRETARIAT.id, {
      count: 3,
      timeoutMs: 20_000,
      description: 'the workbook, the CSV and the roll-call CSV',
    });
    const p = parsePeriod('', Date.now(), TZ)!;
    const names = docs.map((d) => d.files[0]!.filename);
    expect(names).toEqual([exportFileName('xlsx', p, TZ), exportFileName('csv', p, TZ), exportFileName('apel', p, TZ)]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(uploads.get(names[0]!)! as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Apel')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, k) => {
      const v = (ws.getRow(k + 2).values as unknown[]).slice(1);
      return Object.fromEntries(header.map((name, i) => [name, v[i] ?? null]));
    });
    const opd = (code: string) => rows.find((r) => r.Baris === 'OPD' && r['Kode OPD'] === code)!;
    // A: its head in time, the piket silent; B: its head late; C: silent.
    expect(opd(a.code)).toMatchObject({ 'Jumlah apel': 1, Dipanggil: 2, Menjawab: 1, 'Tepat waktu': 1, Keterjangkauan: '50%' });
    expect(opd(b.code)).toMatchObject({ 'Jumlah apel': 1, Dipanggil: 1, Menjawab: 1, 'Tepat waktu': 0, Keterjangkauan: '0%' });
    expect(opd(c.code)).toMatchObject({ Dipanggil: 1, Menjawab: 0, 'Tepat waktu': 0, Keterjangkauan: '0%', 'Median waktu menjawab': '-' });
    const people = rows.filter((r) => r.Baris === 'Orang' && r['Kode OPD'] === a.code);
    expect(people.map((r) => [r.Nama, r.Peran, r.Dipanggil, r.Menjawab, r['Tepat waktu']])).toEqual(
      [
        [`${a.head.first_name} ${a.head.last_name}`, 'Kepala OPD', 1, 1, 1],
        ['Piket Satu', 'Staf OPD', 1, 0, 0],
      ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
    );
    expect(people.find((r) => r.Nama === 'Piket Satu')!['Median waktu menjawab']).toBe('-');

    // /rekap's per-OPD line and the export's OPD row agree: in time, called, share, median.
    for (const code of [a.code, b.code, c.code]) {
      const r = opd(code);
      const median = r['Median waktu menjawab'] === '-' ? '' : `, separuh jawaban masuk dalam ${String(r['Median waktu menjawab'])}`;
      expect(`${recap}\n`).toContain(`<b>${code}</b>: ${r['Tepat waktu']}/${r.Dipanggil} tepat waktu (${r.Keterjangkauan})${median}\n`);
    }

    // The roll-call CSV: the same rows.
    const parsed = parseCsv(uploads.get(names[2]!)!.toString('utf8'), ';');
    if (!parsed.ok) throw new Error('the roll-call CSV did not parse');
    const [csvHeader, ...lines] = parsed.rows.map((r) => r.fields);
    expect(csvHeader).toEqual(header);
    expect(lines).toEqual(rows.map((r) => header.map((name) => (r[name] === null ? '' : String(r[name])))));
  });

  it('a person not called pressing the Hadir button is refused and nothing is recorded', async () => {
    const [a, b] = org as [OrgMember, OrgMember];
    const seq = lastSeq(h.tg);
    await say(h.tg, SECRETARIAT, `/apel ${a.code} 1 jam`, 'Apel HP aktif</b>');
    const callA = await callOf(seq, a.head);
    const rollcallId = Number(callA.data.split(':')[1]);
    for (const presser of [b.head, OUTSIDER, GOVERNOR]) {
      const answer = await press(h.tg, presser, a.head.id, callA.message, callA.data);
      expect(String(answer.payload.text)).toContain('tidak termasuk dalam apel ini');
      expect(answer.payload.show_alert).toBe(true);
    }
    const answered = await h.app.deps.db.selectFrom('rollcall_entries').select('answered_at').where('rollcall_id', '=', rollcallId).where('answered_at', 'is not', null).execute();
    expect(answered).toHaveLength(0);
    // B's head was not called at all.
    expect(h.tg.sent(b.head.id).filter((x) => x.seq > seq && callText(x).includes('HP aktif 24 jam'))).toHaveLength(0);
    // The person called answers; a second press is told it was already recorded.
    expect(String((await press(h.tg, a.head, a.head.id, callA.message, callA.data)).payload.text)).toContain('tercatat pukul');
    expect(String((await press(h.tg, a.head, a.head.id, callA.message, callA.data)).payload.text)).toContain('sudah tercatat');
  });

  it('bad input gets a clear Indonesian answer and starts nothing; quiet hours need «darurat»', async () => {
    const before = await rollcallCount();
    const cases: Array<[string, string]> = [
      ['/apel', 'Format: <code>/apel KODE'],
      ['/apel OPD99', 'OPD dengan kode <b>OPD99</b> tidak ditemukan'],
      ['/apel klaster Antah', 'Klaster <b>Antah</b> tidak ditemukan'],
      ['/apel OPD1 30 mnt', 'Batas waktu “30 mnt” tidak dapat dibaca'],
      ['/apel OPD1 3 hari', 'paling lama 24 jam'],
      ['/apel !!', 'Sasaran apel “!!” tidak dikenali'],
    ];
    for (const [text, expected] of cases) {
      const answer = callText(await ask(h.tg, GOVERNOR, text));
      expect(answer, text).toContain(expected);
    }
    expect(callText(await ask(h.tg, ADMIN, '/piket abc on'))).toContain('Format: <code>/piket ID on</code>');
    expect(callText(await ask(h.tg, ADMIN, `/piket ${GOVERNOR.id} on`))).toContain('bukan anggota OPD');
    // Someone not allowed.
    expect(callText(await ask(h.tg, org[0]!.head, '/apel semua'))).toContain('hanya untuk');
    expect(await rollcallCount()).toBe(before);

    // Quiet hours all day: refused without «darurat», sent with it.
    await ask(h.tg, ADMIN, '/senyap 00.00-23.59');
    expect(callText(await ask(h.tg, GOVERNOR, `/apel ${org[2]!.code} 1 jam`))).toContain('jam senyap');
    expect(await rollcallCount()).toBe(before);
    const seq = lastSeq(h.tg);
    const tally = await say(h.tg, GOVERNOR, `/apel ${org[2]!.code} 1 jam darurat`, 'Apel darurat HP aktif');
    expect(callText(tally)).toContain('Hadir: <b>0</b> dari 1');
    expect(callText(await waitAfter(h.tg, seq, org[2]!.head.id, 'APEL DARURAT'))).toContain('Hadir / HP aktif');
    await ask(h.tg, ADMIN, '/senyap mati');
    expect(await rollcallCount()).toBe(before + 1);
  });

  it('the chain is rebuilt from the database: timers lost from Redis and a restart still escalate', async () => {
    const c = org[2]!;
    const seq = lastSeq(h.tg);
    await say(h.tg, GOVERNOR, `/apel ${c.code}`, 'Apel HP aktif</b>');
    await callOf(seq, c.head);
    // Redis forgets every timer (flushed, replaced), then the bot restarts.
    await h.app.deps.queues.timers.obliterate({ force: true });
    await h.restart();
    const final = await h.tg.waitFor(
      (x) =>
        x.seq > seq && x.method === 'sendMessage' && Number(x.payload.chat_id) === GOVERNOR.id && callText(x).includes('Apel HP aktif ditutup') && callText(x).includes(c.code),
      { timeoutMs: 20_000, description: 'the final list after the restart' },
    );
    expect(callText(final[0]!)).toContain(`${c.head.first_name} ${c.head.last_name}`);
    await waitAfter(h.tg, seq, c.head.id, 'Anggota OPD Bapak/Ibu berikut belum menjawab');
  });

  it('the surprise roll-call planned on a holiday is skipped and the next one planned; on another day it runs', async () => {
    const deps = h.app.deps;
    // Planned at start, from the window: the only window day ahead is the holiday.
    const planned = Number(await getSetting(deps.db, APEL_NEXT_KEY));
    expect(localDateKey(planned, TZ)).toBe(HOLIDAY);
    const hour = localParts(planned, TZ).hour;
    expect(hour >= 19 && hour < 22).toBe(true);

    const before = await rollcallCount();
    const seq = lastSeq(h.tg);
    // The scheduler's job for that moment, run now (its verdict is taken at the planned moment).
    const run = await runScheduledApel(deps, planned);
    expect(run.verdict).toBe('holiday');
    expect(await rollcallCount()).toBe(before);
    const skipped = await deps.db.selectFrom('events').select('data').where('kind', '=', 'rollcall_skipped').execute();
    expect(skipped).toHaveLength(1);
    expect(JSON.parse(skipped[0]!.data!)).toMatchObject({ planned_at: planned, reason: 'holiday' });
    // The next one: the same weekday a week later, stored.
    expect(run.next).not.toBeNull();
    expect(localDateKey(run.next!, TZ)).not.toBe(HOLIDAY);
    expect(localParts(run.next!, TZ).weekday).toBe(WINDOW_DAY);
    expect(await getSetting(deps.db, APEL_NEXT_KEY)).toBe(String(run.next));
    // Running the same plan again does nothing (claimed once).
    expect((await runScheduledApel(deps, planned)).verdict).toBe('stale');

    // The plan that comes due on a working day runs: every OPD is called, the tally goes to the secretariat's chat.
    const workday = run.next!;
    await setSetting(deps.db, APEL_NEXT_KEY, String(workday), Date.now());
    const ran = await runScheduledApel(deps, workday);
    expect(ran.verdict).toBe('run');
    expect(ran.rollcallId).toBeDefined();
    expect(await rollcallCount()).toBe(before + 1);
    expect(callText(await waitAfter(h.tg, seq, SECRETARIAT_GROUP, 'Apel HP aktif</b>'))).toContain('Semua OPD');
    expect(callText(await waitAfter(h.tg, seq, org[1]!.head.id, 'HP aktif 24 jam'))).toContain('Jadwal apel mendadak');
    const history = callText(await say(h.tg, GOVERNOR, '/apel riwayat', 'Riwayat apel'));
    expect(history).toContain('Semua OPD (terjadwal)');
  });
});
