import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/infra/config';
import { createDatabase, migrateToLatest, type Db } from '../../src/infra/db/database';
import { createTestDatabaseUrl, dropTestDatabase } from '../support/db';
import { testLogger } from '../support/log-scan';
import { acknowledgeAssignment } from '../../src/features/instruction/assignments.queries';
import { lateItems, recapRows, searchInstructions } from '../../src/features/recap/recap.queries';
import { moveAssignment } from '../../src/features/report/reports.queries';
import type { AssignmentState, InstructionState } from '../../src/infra/db/schema';
import type { AppDeps } from '../../src/infra/deps';
import { parsePeriod, type Period } from '../../src/domain/period';
import type { OpdRecap } from '../../src/domain/recap-types';
import { fromLocal } from '../../src/domain/time';
import { messagesFor } from '../../src/infra/i18n';
import { attentionScore, buildRecap, opdDetail } from '../../src/features/recap/recap';
import { formatLateGroup, groupLate, lateBlocks, recapHeader, recapLine } from '../../src/features/recap/recap.view';

/**
 * The recap over a hand-built data set on a real SQLite file. Every expected figure below is
 * worked out by hand from the rows inserted in beforeAll (see the table there).
 */
const TZ = 'Asia/Jakarta';
const WIT = 'Asia/Jayapura';
const MIN = 60_000;
const HOUR = 60 * MIN;
const wib = (month: number, day: number, hour = 0, minute = 0) => fromLocal(TZ, 2026, month, day, hour, minute);
/** Wednesday 2 December 2026, 12.00 WIB. */
const NOW = wib(12, 2, 12);
const t = messagesFor('id');

let dir: string;
let db: Db;
let dbUrl: string;
let deps: AppDeps;
const opd: Record<string, number> = {};
const asg: Record<string, number> = {};
let november: Period;

function period(input: string, tz = TZ): Period {
  const p = parsePeriod(input, NOW, tz);
  if (!p) throw new Error(input);
  return p;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arahan-recap-'));
  dbUrl = await createTestDatabaseUrl(dir);
  db = createDatabase(dbUrl);
  await migrateToLatest(db);
  // Only what the recap reads (config, db, now); the rest of AppDeps is never touched here.
  const partial: Partial<AppDeps> = {
    config: parseConfig({ BOT_TOKEN: '123456:test-token', TIMEZONE: TZ }),
    db,
    api: {} as AppDeps['api'],
    queues: {} as AppDeps['queues'],
    logger: testLogger(),
    now: () => NOW,
    botUsername: 'arahan_test_bot',
    holidays: new Set(),
  };
  deps = partial as AppDeps;
  november = period('2026-11');
  const t0 = wib(10, 1, 8);

  // OPDs. BPBD, DINKES, DISDIK and BAPPEDA have work; ARSIP and DISHUB have none.
  for (const [code, name] of [
    ['BPBD', 'Badan Penanggulangan Bencana Daerah'],
    ['DINKES', 'Dinas Kesehatan'],
    ['DISDIK', 'Dinas Pendidikan'],
    ['BAPPEDA', 'Badan Perencanaan Pembangunan Daerah'],
    ['DISHUB', 'Dinas Perhubungan'],
    ['ARSIP', 'Dinas Kearsipan'],
  ] as const) {
    opd[code] = (
      await db.insertInto('opds').values({ code, name, cluster: 'Umum', chat_id: null, chat_title: null, created_at: t0, updated_at: t0 }).returning('id').executeTakeFirstOrThrow()
    ).id;
  }
  const issuer = (
    await db
      .insertInto('people')
      .values({ telegram_id: 1001, name: 'Gubernur', username: null, role: 'pimpinan', opd_id: null, created_at: t0, updated_at: t0 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // Instructions: number, text, created, ack deadline, due, state.
  const ins: Record<string, { id: number; created: number; due: number }> = {};
  const instruction = async (key: string, number: string, text: string, created: number, ack: number, due: number, state: InstructionState = 'open') => {
    const row = await db
      .insertInto('instructions')
      .values({
        number,
        text,
        issuer_id: issuer,
        priority: 'biasa',
        ack_deadline: ack,
        due_at: due,
        state,
        target_label: 'uji',
        summary_chat_id: null,
        summary_message_id: null,
        created_at: created,
        closed_at: state === 'open' ? null : NOW - HOUR,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ins[key] = { id: row.id, created, due };
  };
  await instruction('I1', 'ARH-2026-0001', 'Siaga banjir di wilayah pesisir utara', wib(11, 2, 9), wib(11, 2, 12), wib(11, 10, 16));
  await instruction('I2', 'ARH-2026-0002', 'Pendataan korban banjir susulan', wib(11, 3, 9), wib(11, 3, 11), wib(11, 5, 16), 'cancelled');
  await instruction('I3', 'ARH-2026-0003', 'Laporan serapan anggaran triwulan', wib(11, 4, 9), wib(11, 4, 12), wib(11, 6, 16), 'closed');
  await instruction('I4', 'ARH-2026-0004', 'Persiapan apel siaga bencana', wib(11, 15, 9), wib(11, 15, 12), wib(12, 10, 16));
  await instruction('I5', 'ARH-2026-0005', 'Inventarisasi aset daerah', wib(11, 1, 0), wib(11, 1, 3), wib(12, 20, 16));
  await instruction('I6', 'ARH-2026-0006', 'Rapat koordinasi akhir tahun', wib(12, 1, 0), wib(12, 1, 3), wib(12, 20, 16));
  await instruction('I7', 'ARH-2026-0007', 'Data stunting per kabupaten', wib(11, 30, 23, 30), wib(12, 1, 2, 30), wib(12, 20, 16));
  await instruction('I8', 'ARH-2026-0008', 'Evaluasi posko banjir', wib(11, 5, 9), wib(11, 5, 12), wib(11, 8, 16));
  await instruction('I9', 'ARH-2026-0009', 'Rekap bantuan sosial', wib(11, 6, 9), wib(11, 6, 11), wib(11, 7, 16));
  await instruction('I0', 'ARH-2026-0010', 'Kesiapan sekolah darurat', wib(10, 31, 23, 30), wib(11, 1, 2, 30), wib(11, 25, 16));

  const assignment = async (
    key: string,
    i: string,
    code: string,
    state: AssignmentState,
    v: { delivered?: number | null; acked?: number | null; reported?: number | null; done?: number | null; reminders?: number } = {},
  ) => {
    const inst = ins[i]!;
    const row = await db
      .insertInto('assignments')
      .values({
        instruction_id: inst.id,
        opd_id: opd[code]!,
        state,
        delivery_state: v.delivered === null ? 'queued' : 'sent',
        delivery_error: null,
        chat_id: null,
        message_id: null,
        delivered_at: v.delivered === undefined ? inst.created + MIN : v.delivered,
        acked_at: v.acked ?? null,
        acked_by: null,
        due_at: inst.due,
        reminder_count: v.reminders ?? 0,
        created_at: inst.created,
        updated_at: inst.created,
        reported_at: v.reported ?? null,
        done_at: v.done ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    asg[key] = row.id;
  };
  // BPBD: acked exactly at the deadline (on time, 3 h), open and past due (overdue now).
  await assignment('A1', 'I1', 'BPBD', 'acknowledged', { delivered: wib(11, 2, 9), acked: wib(11, 2, 12), reminders: 2 });
  // The cancelled instruction: neither of its assignments counts, nor their reminders.
  await assignment('A2', 'I2', 'BPBD', 'cancelled', { delivered: wib(11, 3, 9), acked: wib(11, 3, 9, 5), reminders: 50 });
  await assignment('B2', 'I2', 'DINKES', 'cancelled', { delivered: wib(11, 3, 9), acked: wib(11, 3, 12), reminders: 60 });
  // Closed instruction, past due, never finished: acked late (4 h) but not "overdue now".
  await assignment('A3', 'I3', 'BPBD', 'in_progress', { delivered: wib(11, 4, 9), acked: wib(11, 4, 13), reminders: 3 });
  // Silent, ack deadline passed, due date still ahead.
  await assignment('A4', 'I4', 'BPBD', 'delivered', { delivered: wib(11, 15, 9), reminders: 4 });
  // DINKES: acked 1 ms after the deadline (late, 3 h + 1 ms), reported exactly at due (on time; the review came later).
  await assignment('B1', 'I1', 'DINKES', 'done', { delivered: wib(11, 2, 9), acked: wib(11, 2, 12) + 1, reported: wib(11, 10, 16), done: wib(11, 12, 9), reminders: 1 });
  // Never delivered: the time to acknowledge counts from creation (1 h).
  await assignment('B4', 'I4', 'DINKES', 'acknowledged', { delivered: null, acked: wib(11, 15, 10) });
  // Acked in 10 min; reported an hour after due (late) although accepted on the following day.
  await assignment('B9', 'I9', 'DINKES', 'done', { delivered: wib(11, 6, 9), acked: wib(11, 6, 9, 10), reported: wib(11, 7, 17), done: wib(11, 8, 9) });
  // DISDIK: 30 min, reported 1 min after due (late).
  await assignment('D1', 'I1', 'DISDIK', 'done', { delivered: wib(11, 2, 9), acked: wib(11, 2, 9, 30), reported: wib(11, 10, 16, 1), done: wib(11, 11, 16) });
  // 1 h; reported (awaiting review) after due: neither done nor overdue now.
  await assignment('D8', 'I8', 'DISDIK', 'reported', { delivered: wib(11, 5, 9), acked: wib(11, 5, 10), reported: wib(11, 9, 9), reminders: 2 });
  // 2 h, acked exactly at the deadline; done with no report time, done_at exactly at due: on time.
  await assignment('D9', 'I9', 'DISDIK', 'done', { delivered: wib(11, 6, 9), acked: wib(11, 6, 11), done: wib(11, 7, 16) });
  // BAPPEDA: the period boundaries and the timezone.
  await assignment('E5', 'I5', 'BAPPEDA', 'delivered', {}); // created exactly at 1 Nov 00.00 WIB: in
  await assignment('E6', 'I6', 'BAPPEDA', 'delivered', { reminders: 1000 }); // created exactly at 1 Dec 00.00 WIB: out
  await assignment('E7', 'I7', 'BAPPEDA', 'delivered', { reminders: 7 }); // 30 Nov 23.30 WIB: in for WIB, out for WIT
  await assignment('E0', 'I0', 'BAPPEDA', 'delivered', { reminders: 100 }); // 31 Oct 23.30 WIB: out for WIB, in for WIT (and overdue)
});

afterAll(async () => {
  await db.destroy();
  await dropTestDatabase(dbUrl);
  fs.rmSync(dir, { recursive: true, force: true });
});

const byNumber = (a?: number, b?: number) => (a ?? 0) - (b ?? 0);
const zero = { received: 0, ackOnTime: 0, ackLate: 0, ackNone: 0, ackPending: 0, medianAckMs: null, doneOnTime: 0, doneLate: 0, overdueNow: 0, reminders: 0 };

describe('buildRecap', () => {
  it('computes every figure per OPD (November, WIB)', async () => {
    const recap = await buildRecap(deps, november);
    expect(recap.period).toEqual(november);
    const by = Object.fromEntries(recap.opds.map((r) => [r.code, r]));
    expect(by.BPBD).toMatchObject({
      opdId: opd.BPBD,
      name: 'Badan Penanggulangan Bencana Daerah',
      cluster: 'Umum',
      received: 3, // A1, A3, A4 (A2 cancelled)
      ackOnTime: 1, // A1: exactly at the deadline
      ackLate: 1, // A3
      ackNone: 1, // A4
      medianAckMs: 3.5 * HOUR, // even count: (3 h + 4 h) / 2
      doneOnTime: 0,
      doneLate: 0,
      overdueNow: 1, // A1; A3's instruction is closed
      reminders: 9, // 2 + 3 + 4 (not A2's 50)
    });
    expect(by.DINKES).toMatchObject({
      received: 3, // B1, B4, B9 (B2 cancelled)
      ackOnTime: 2, // B4, B9
      ackLate: 1, // B1: 1 ms late
      ackNone: 0,
      medianAckMs: HOUR, // odd count: 10 min, 1 h, 3 h + 1 ms
      doneOnTime: 1, // B1: reported exactly at due
      doneLate: 1, // B9
      overdueNow: 0,
      reminders: 1,
    });
    expect(by.DISDIK).toMatchObject({ received: 3, ackOnTime: 3, ackLate: 0, ackNone: 0, medianAckMs: HOUR, doneOnTime: 1, doneLate: 1, overdueNow: 0, reminders: 2 });
    expect(by.BAPPEDA).toMatchObject({ received: 2, ackOnTime: 0, ackLate: 0, ackNone: 2, medianAckMs: null, doneOnTime: 0, doneLate: 0, overdueNow: 0, reminders: 7 });
    // OPDs without instructions are listed with zeros.
    expect(by.DISHUB).toEqual({ opdId: opd.DISHUB, code: 'DISHUB', name: 'Dinas Perhubungan', cluster: 'Umum', ...zero });
    expect(by.ARSIP).toMatchObject(zero);
    expect(recap.opds).toHaveLength(6);
  });

  it('puts the OPD needing most attention first, then by received, then by code', async () => {
    const recap = await buildRecap(deps, november);
    // Scores: BPBD 1110 (overdue + silent + late), BAPPEDA 200 (two silent), DINKES 11, DISDIK 1, then the empty ones by code.
    expect(recap.opds.map((r) => r.code)).toEqual(['BPBD', 'BAPPEDA', 'DINKES', 'DISDIK', 'ARSIP', 'DISHUB']);
    expect(recap.opds.map(attentionScore)).toEqual([1110, 200, 11, 1, 0, 0]);
  });

  it('adds up the whole organisation (TOTAL), with the median over every OPD', async () => {
    const { total } = await buildRecap(deps, november);
    expect(total).toEqual({
      opdId: 0,
      code: 'TOTAL',
      name: 'Seluruh OPD',
      cluster: null,
      received: 11,
      ackOnTime: 6,
      ackLate: 2,
      ackNone: 3,
      ackPending: 0,
      // 10 min, 30 min, 1 h, 1 h, 2 h, 3 h, 3 h + 1 ms, 4 h → (1 h + 2 h) / 2
      medianAckMs: 1.5 * HOUR,
      doneOnTime: 2,
      doneLate: 2,
      overdueNow: 1,
      reminders: 19,
    });
  });

  it('includes an assignment created exactly at `from` and excludes one created exactly at `to`', async () => {
    const justE5 = await buildRecap(deps, { from: wib(11, 1), to: wib(11, 1, 0, 1), label: 'x' });
    expect(justE5.total.received).toBe(1);
    expect(justE5.opds[0]).toMatchObject({ code: 'BAPPEDA', received: 1, reminders: 0 });
    // [1 Dec 00.00, …): E6 only; [… , 1 Dec 00.00): not E6.
    const fromDec = await buildRecap(deps, { from: wib(12, 1), to: NOW, label: 'x' });
    expect(fromDec.total).toMatchObject({ received: 1, reminders: 1000 });
    const toDec = await buildRecap(deps, { from: wib(11, 30), to: wib(12, 1), label: 'x' });
    expect(toDec.total).toMatchObject({ received: 1, reminders: 7 });
  });

  it('follows the timezone: November in WIT starts and ends two hours earlier', async () => {
    const wit = period('2026-11', WIT);
    expect(wit.from).toBe(november.from - 2 * HOUR);
    const recap = await buildRecap(deps, wit);
    const bappeda = recap.opds.find((r) => r.code === 'BAPPEDA')!;
    // E5 (1 Nov 02.00 WIT) and E0 (1 Nov 01.30 WIT) are in; E7 (1 Dec 01.30 WIT) is out.
    expect(bappeda).toMatchObject({ received: 2, ackNone: 2, reminders: 100, overdueNow: 1 });
    expect(recap.total).toMatchObject({ received: 11, reminders: 112, overdueNow: 2 });
    // E0 is overdue now: BAPPEDA goes first.
    expect(recap.opds.map((r) => r.code).slice(0, 2)).toEqual(['BAPPEDA', 'BPBD']);
    // And the 30 Nov 23.30 WIB assignment: in for WIB, out for WIT.
    const e7 = { from: wib(11, 30, 23, 30), to: wib(11, 30, 23, 31), label: 'x' };
    expect((await buildRecap(deps, e7)).total.received).toBe(1);
    expect(e7.from).toBeGreaterThanOrEqual(november.from);
    expect(e7.from).toBeLessThan(november.to);
    expect(e7.from).toBeGreaterThanOrEqual(wit.to);
  });

  it('with one OPD: only that OPD, and the total is that OPD', async () => {
    const row = await db.selectFrom('opds').selectAll().where('code', '=', 'DINKES').executeTakeFirstOrThrow();
    const recap = await buildRecap(deps, november, row);
    expect(recap.opds.map((r) => r.code)).toEqual(['DINKES']);
    expect(recap.total).toMatchObject({ received: 3, ackOnTime: 2, ackLate: 1, medianAckMs: HOUR, doneOnTime: 1, doneLate: 1, reminders: 1 });
  });

  it('an empty period: every OPD listed with zeros', async () => {
    const recap = await buildRecap(deps, period('2026-03'));
    expect(recap.opds).toHaveLength(6);
    expect(recap.total).toMatchObject(zero);
    expect(recap.opds.map((r) => r.code)).toEqual(['ARSIP', 'BAPPEDA', 'BPBD', 'DINKES', 'DISDIK', 'DISHUB']);
  });
});

describe('the recap as text', () => {
  it('a line per OPD; no data says so', async () => {
    const recap = await buildRecap(deps, november);
    const by = Object.fromEntries(recap.opds.map((r) => [r.code, r])) as Record<string, OpdRecap>;
    expect(recapLine(t, by.BPBD!)).toBe(
      '3 arahan · konfirmasi tepat waktu 33% · separuh konfirmasi masuk dalam 3 jam 30 menit · selesai tepat waktu 0% · saat ini terlambat 1 · pengingat 9',
    );
    expect(recapLine(t, by.DINKES!)).toBe(
      '3 arahan · konfirmasi tepat waktu 67% · separuh konfirmasi masuk dalam 1 jam · selesai tepat waktu 50% · saat ini terlambat 0 · pengingat 1',
    );
    // Nobody acknowledged: no time to acknowledge is given at all (no "median -").
    expect(recapLine(t, by.BAPPEDA!)).toBe('2 arahan · konfirmasi tepat waktu 0% · selesai tepat waktu - · saat ini terlambat 0 · pengingat 7');
    expect(recapLine(messagesFor('en'), by.DINKES!)).toBe(
      '3 instructions · acknowledged on time 67% · half acknowledged within 1 hour · completed on time 50% · late now 0 · reminders 1',
    );
    expect(recapLine(t, by.DISHUB!)).toBe('tidak ada arahan pada periode ini');
    const header = recapHeader(t, recap, TZ);
    expect(header).toBe(
      `📊 <b>Rekap arahan</b> — 1–30 November 2026\n<b>Seluruh OPD</b>: 11 arahan · konfirmasi tepat waktu 55% · separuh konfirmasi masuk dalam 1 jam 30 menit · selesai tepat waktu 40% · saat ini terlambat 1 · pengingat 19`,
    );
  });
});

describe('opdDetail', () => {
  it('gives the OPD line, its open items, its late items and a trend of four periods', async () => {
    const bpbd = await db.selectFrom('opds').selectAll().where('code', '=', 'BPBD').executeTakeFirstOrThrow();
    const d = await opdDetail(deps, bpbd, november);
    expect(d.recap).toMatchObject({ code: 'BPBD', received: 3, overdueNow: 1, reminders: 9 });
    // Open instructions only (I3 is closed, I2 cancelled), oldest first.
    expect(d.open.map((o) => o.number)).toEqual(['ARH-2026-0001', 'ARH-2026-0004']);
    expect(d.late.map((o) => o.id).sort(byNumber)).toEqual([asg.A1, asg.A4].sort(byNumber));
    expect(d.trend.map((x) => x.period.label)).toEqual(['3 Agustus – 1 September 2026', '2 September – 1 Oktober 2026', '2–31 Oktober 2026', '1–30 November 2026']);
    expect(d.trend.map((x) => x.r.received)).toEqual([0, 0, 0, 3]);

    const bappeda = await db.selectFrom('opds').selectAll().where('code', '=', 'BAPPEDA').executeTakeFirstOrThrow();
    const e = await opdDetail(deps, bappeda, november);
    // E0 (31 Oct 23.30) falls in the window just before November.
    expect(e.trend.map((x) => x.r.received)).toEqual([0, 0, 1, 2]);
    expect(e.open.map((o) => o.number)).toEqual(['ARH-2026-0010', 'ARH-2026-0005', 'ARH-2026-0007', 'ARH-2026-0006']);
  });
});

describe('lateItems', () => {
  it('both clocks, open instructions only', async () => {
    const all = await lateItems(db, NOW);
    // A1: follow-up past due; A4, E5, E6, E7: acknowledgement past deadline; E0: both.
    expect(all.map((r) => r.id).sort(byNumber)).toEqual([asg.A1, asg.A4, asg.E5, asg.E6, asg.E7, asg.E0].sort(byNumber));
    const e0 = all.find((r) => r.id === asg.E0)!;
    expect(e0).toMatchObject({ number: 'ARH-2026-0010', opd_code: 'BAPPEDA', opd_name: 'Badan Perencanaan Pembangunan Daerah', state: 'delivered' });
    const bpbd = await lateItems(db, NOW, opd.BPBD);
    expect(bpbd.map((r) => r.id).sort(byNumber)).toEqual([asg.A1, asg.A4].sort(byNumber));
    expect(await lateItems(db, NOW, opd.DINKES)).toEqual([]);
    // An hour before the ack deadline of A4 nothing of BPBD but A1 is late… and before 10 Nov 16.00 not even A1.
    expect((await lateItems(db, wib(11, 15, 11), opd.BPBD)).map((r) => r.id)).toEqual([asg.A1]);
    expect(await lateItems(db, wib(11, 10, 16), opd.BPBD)).toEqual([]);
  });

  it('as text: grouped by OPD, the OPD with the oldest item first, oldest line first', async () => {
    const blocks = lateBlocks(t, NOW, await lateItems(db, NOW));
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toBe(
      [
        '\n<b>BAPPEDA</b> — Badan Perencanaan Pembangunan Daerah',
        '• <b>ARH-2026-0010</b>: belum konfirmasi, terlambat 31 hari 9 jam', // 1 Nov 02.30
        '• <b>ARH-2026-0005</b>: belum konfirmasi, terlambat 31 hari 9 jam', // 1 Nov 03.00
        '• <b>ARH-2026-0010</b>: tindak lanjut lewat batas 6 hari 20 jam', // 25 Nov 16.00
        '• <b>ARH-2026-0007</b>: belum konfirmasi, terlambat 1 hari 9 jam', // 1 Dec 02.30
        '• <b>ARH-2026-0006</b>: belum konfirmasi, terlambat 1 hari 9 jam', // 1 Dec 03.00
      ].join('\n'),
    );
    expect(blocks[1]).toBe(
      [
        '\n<b>BPBD</b> — Badan Penanggulangan Bencana Daerah',
        '• <b>ARH-2026-0001</b>: tindak lanjut lewat batas 21 hari 20 jam', // 10 Nov 16.00
        '• <b>ARH-2026-0004</b>: belum konfirmasi, terlambat 17 hari', // 15 Nov 12.00
      ].join('\n'),
    );
  });
});

describe('late items in a bounded message', () => {
  it('shows the oldest lines of an OPD and says how many more there are', async () => {
    const [bappeda] = groupLate(NOW, await lateItems(db, NOW, opd.BAPPEDA));
    expect(bappeda!.items).toHaveLength(5);
    expect(formatLateGroup(t, NOW, bappeda!, 2)).toBe(
      [
        '\n<b>BAPPEDA</b> — Badan Perencanaan Pembangunan Daerah',
        '• <b>ARH-2026-0010</b>: belum konfirmasi, terlambat 31 hari 9 jam',
        '• <b>ARH-2026-0005</b>: belum konfirmasi, terlambat 31 hari 9 jam',
        '• … dan 3 lainnya — <code>/terlambat BAPPEDA</code>',
      ].join('\n'),
    );
    expect(formatLateGroup(t, NOW, bappeda!, 5)).not.toContain('lainnya');
  });
});

describe('searchInstructions', () => {
  it('by words (all of them, any case), newest first', async () => {
    const banjir = await searchInstructions(db, ['banjir'], null, 0, 10);
    expect(banjir.rows.map((r) => r.number)).toEqual(['ARH-2026-0008', 'ARH-2026-0002', 'ARH-2026-0001']);
    expect(banjir.more).toBe(false);
    expect((await searchInstructions(db, ['BANJIR', 'Pesisir'], null, 0, 10)).rows.map((r) => r.number)).toEqual(['ARH-2026-0001']);
    expect((await searchInstructions(db, ['banjir', 'gempa'], null, 0, 10)).rows).toEqual([]);
    expect(banjir.rows[0]).toMatchObject({ text: 'Evaluasi posko banjir', state: 'open', priority: 'biasa', created_at: wib(11, 5, 9) });
    // LIKE wildcards typed by the user are not wildcards.
    expect((await searchInstructions(db, ['ban_ir'], null, 0, 10)).rows).toEqual([]);
  });

  it('by number: exactly that instruction', async () => {
    const r = await searchInstructions(db, ['banjir'], 'ARH-2026-0003', 0, 10);
    expect(r.rows.map((x) => [x.number, x.state])).toEqual([['ARH-2026-0003', 'closed']]);
    expect((await searchInstructions(db, [], 'ARH-2026-0999', 0, 10)).rows).toEqual([]);
  });

  it('pages: "more" tells whether another page exists', async () => {
    const newestFirst = ['0006', '0007', '0004', '0009', '0008', '0003', '0002', '0001', '0005', '0010'].map((n) => `ARH-2026-${n}`);
    const p1 = await searchInstructions(db, [], null, 0, 4);
    const p2 = await searchInstructions(db, [], null, 4, 4);
    const p3 = await searchInstructions(db, [], null, 8, 4);
    expect([p1.more, p2.more, p3.more]).toEqual([true, true, false]);
    expect([...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.number)).toEqual(newestFirst);
    // Exactly the remaining rows: no further page.
    const exact = await searchInstructions(db, [], null, 6, 4);
    expect(exact.rows).toHaveLength(4);
    expect(exact.more).toBe(false);
    const banjir = await searchInstructions(db, ['banjir'], null, 2, 2);
    expect(banjir.rows.map((r) => r.number)).toEqual(['ARH-2026-0001']);
    expect(banjir.more).toBe(false);
  });
});

// Last in this file: these change the data set.
describe('the daily figures (recap_days)', () => {
  const figures = (r: OpdRecap) => ({
    received: r.received,
    ackOnTime: r.ackOnTime,
    ackLate: r.ackLate,
    ackNone: r.ackNone,
    doneOnTime: r.doneOnTime,
    doneLate: r.doneLate,
    reminders: r.reminders,
  });

  it('whole days come from recap_days and agree with the assignments for any period boundaries', async () => {
    await buildRecap(deps, november);
    // One row per local day with assignments that count: 31 Oct; 1, 2, 4, 5, 6, 15, 30 Nov; 1 Dec
    // (3 Nov holds only the cancelled instruction's).
    const stored = await db
      .selectFrom('recap_days')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(9);
    // Periods that start and end mid-day, on midnight, shorter than a day, longer than a month.
    for (const [from, to] of [
      [wib(11, 2, 10), wib(11, 15, 9, 30)],
      [wib(10, 31, 23), wib(12, 1, 0, 30)],
      [wib(11, 4), wib(11, 7)],
      [wib(11, 6, 8), wib(11, 6, 20)],
      [wib(9, 1), NOW],
    ] as const) {
      const recap = await buildRecap(deps, { from, to, label: 'x' });
      const direct = await recapRows(db, from, to);
      for (const r of recap.opds) {
        const d = direct.find((x) => x.opdId === r.opdId);
        expect(figures(r), `${r.code} ${from}–${to}`).toEqual(d ? figures({ ...r, ...d }) : figures({ ...r, ...zero }));
      }
    }
  });

  it('follow an acknowledgement, a cancellation and a new assignment made after the last recap', async () => {
    const before = await buildRecap(deps, november);
    expect(before.opds.find((r) => r.code === 'BPBD')).toMatchObject({ ackNone: 1, ackLate: 1, medianAckMs: 3.5 * HOUR });
    // A4 (delivered 15 Nov 09.00, ack deadline 12.00) is acknowledged now: late, after 17 days 3 hours.
    expect(await acknowledgeAssignment(db, asg.A4!, 1, NOW)).toBe(true);
    // DISDIK's D9 is withdrawn.
    expect(await moveAssignment(db, asg.D9!, ['done'], 'cancelled', {}, NOW)).toBe(true);
    const after = await buildRecap(deps, november);
    const by = Object.fromEntries(after.opds.map((r) => [r.code, r]));
    expect(by.BPBD).toMatchObject({ received: 3, ackOnTime: 1, ackLate: 2, ackNone: 0, medianAckMs: 4 * HOUR });
    expect(by.DISDIK).toMatchObject({ received: 2, ackOnTime: 2, doneOnTime: 0, doneLate: 1, medianAckMs: 45 * MIN });
    expect(after.total).toMatchObject({ received: 10, ackNone: 2, ackLate: 3 });
  });

  it('are rebuilt when the organisation moves to another zone', async () => {
    const witDeps = { ...deps, config: parseConfig({ BOT_TOKEN: '123456:test-token', TIMEZONE: WIT }) } as AppDeps;
    const wit = period('2026-11', WIT);
    const recap = await buildRecap(witDeps, wit);
    // E5 and E0 are November in WIT, E7 is December (see the timezone test above).
    expect(recap.opds.find((r) => r.code === 'BAPPEDA')).toMatchObject({ received: 2, reminders: 100 });
    const back = await buildRecap(deps, november);
    expect(back.opds.find((r) => r.code === 'BAPPEDA')).toMatchObject({ received: 2, reminders: 7 });
  });
});
