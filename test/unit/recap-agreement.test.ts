import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/infra/config';
import { createDatabase, migrateToLatest, type Db } from '../../src/infra/db/database';
import { createTestDatabaseUrl, dropTestDatabase } from '../support/db';
import { testLogger } from '../support/log-scan';
import type { AssignmentState, InstructionState } from '../../src/infra/db/schema';
import type { AppDeps } from '../../src/infra/deps';
import { parseCsv } from '../../src/domain/csv';
import { periodLabel, type Period } from '../../src/domain/period';
import { ackOnTime, doneOnTime, recapShares, sharePercent, type Share } from '../../src/domain/recap-shares';
import type { OpdRecap } from '../../src/domain/recap-types';
import { fromLocal } from '../../src/domain/time';
import { messagesFor } from '../../src/infra/i18n';
import { buildRecap } from '../../src/features/recap/recap';
import { recapLine } from '../../src/features/recap/recap.view';
import { recapChartModel } from '../../src/features/recap/chart';
import { runDigest } from '../../src/features/digest/digest';
import { exportAssignmentsCsv, exportWorkbook } from '../../src/features/export/export-files';
import ExcelJS from 'exceljs';

/**
 * Issue #15: /rekap, /grafik, the weekly digest and the exports give the same shares out of
 * the same denominators, on one data set. An acknowledgement whose deadline has not passed
 * is neither on time nor late: two hours before the deadline, with nobody late, DISHUB has
 * no share at all (it showed "konfirmasi tepat waktu 0%", and the organisation 43%).
 */
const TZ = 'Asia/Jakarta';
const MIN = 60_000;
const HOUR = 60 * MIN;
const wib = (month: number, day: number, hour = 0, minute = 0) => fromLocal(TZ, 2026, month, day, hour, minute);
/** Friday 4 December 2026, 10.00 WIB: two hours before I2's acknowledgement deadline. */
const NOW = wib(12, 4, 10);
/** The digest's week: the seven days before today (27 November – 3 December). */
const WEEK: Period = { from: wib(11, 27), to: wib(12, 4), label: periodLabel(wib(11, 27), wib(12, 4), TZ) };
const SECRETARIAT_CHAT = -1001;

let dir: string;
let db: Db;
let dbUrl: string;
let deps: AppDeps;
const sent: { text?: string; caption?: string }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arahan-agree-'));
  dbUrl = await createTestDatabaseUrl(dir);
  db = createDatabase(dbUrl);
  await migrateToLatest(db);
  // What the recap, the digest and the export read; the digest's Telegram is a recorder.
  const api = {
    sendMessage: async (_chat: number, text: string) => void sent.push({ text }),
    sendPhoto: async (_chat: number, _photo: unknown, o: { caption?: string }) => void sent.push({ caption: o.caption }),
  };
  const partial: Partial<AppDeps> = {
    config: parseConfig({ BOT_TOKEN: '123456:test-token', TIMEZONE: TZ, SECRETARIAT_CHAT_ID: String(SECRETARIAT_CHAT) }),
    db,
    api: api as unknown as AppDeps['api'],
    queues: {} as AppDeps['queues'],
    logger: testLogger(),
    now: () => NOW,
    botUsername: 'arahan_test_bot',
    holidays: new Set(),
  };
  deps = partial as AppDeps;
  const t0 = wib(11, 1);
  const opd: Record<string, number> = {};
  for (const [code, name] of [
    ['BPBD', 'Badan Penanggulangan Bencana Daerah'],
    ['DINKES', 'Dinas Kesehatan'],
    ['DISHUB', 'Dinas Perhubungan'],
  ] as const) {
    opd[code] = (
      await db.insertInto('opds').values({ code, name, cluster: null, chat_id: null, chat_title: null, created_at: t0, updated_at: t0 }).returning('id').executeTakeFirstOrThrow()
    ).id;
  }
  const issuer = (
    await db
      .insertInto('people')
      .values({ telegram_id: 1001, name: 'Gubernur', username: null, role: 'pimpinan', opd_id: null, created_at: t0, updated_at: t0 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const ins: Record<string, { id: number; created: number; due: number }> = {};
  const instruction = async (key: string, created: number, ack: number, due: number, state: InstructionState = 'open') => {
    const row = await db
      .insertInto('instructions')
      .values({
        number: `ARH-2026-000${key.slice(1)}`,
        text: `Arahan ${key}`,
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
  const assignment = async (i: string, code: string, state: AssignmentState, v: { acked?: number; reported?: number; done?: number } = {}) => {
    const inst = ins[i]!;
    await db
      .insertInto('assignments')
      .values({
        instruction_id: inst.id,
        opd_id: opd[code]!,
        state,
        delivery_state: 'sent',
        delivery_error: null,
        chat_id: null,
        message_id: null,
        delivered_at: inst.created + MIN,
        acked_at: v.acked ?? null,
        acked_by: null,
        due_at: inst.due,
        reminder_count: 0,
        created_at: inst.created,
        updated_at: inst.created,
        reported_at: v.reported ?? null,
        done_at: v.done ?? null,
      })
      .execute();
  };
  await instruction('I1', wib(11, 27, 9), wib(11, 27, 12), wib(11, 30, 16));
  await instruction('I2', wib(12, 3, 9), wib(12, 4, 12), wib(12, 10, 16)); // deadline two hours after NOW
  await instruction('I3', wib(11, 28, 9), wib(11, 28, 12), wib(12, 2, 16));
  await instruction('I4', wib(11, 29, 9), wib(11, 29, 12), wib(12, 1, 16), 'cancelled');
  // BPBD: on time and done on time; on time, not due yet; silent past the deadline and overdue.
  await assignment('I1', 'BPBD', 'done', { acked: wib(11, 27, 10), reported: wib(11, 30, 10), done: wib(11, 30, 12) });
  await assignment('I2', 'BPBD', 'acknowledged', { acked: wib(12, 3, 10) });
  await assignment('I3', 'BPBD', 'delivered');
  // DINKES: late and overdue; pending; on time and done on time.
  await assignment('I1', 'DINKES', 'in_progress', { acked: wib(11, 27, 13) });
  await assignment('I2', 'DINKES', 'delivered');
  await assignment('I3', 'DINKES', 'done', { acked: wib(11, 28, 11), reported: wib(12, 1, 9), done: wib(12, 2, 9) });
  // DISHUB: only I2, two hours before its deadline: nothing can be judged yet.
  await assignment('I2', 'DISHUB', 'delivered');
  // A withdrawn instruction counts nowhere.
  await assignment('I4', 'BPBD', 'cancelled', { acked: wib(11, 29, 10) });
});

afterAll(async () => {
  await db.destroy();
  await dropTestDatabase(dbUrl);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** "Ya" out of "Ya" and "Tidak" in one column, per OPD code and for all ('TOTAL'). */
function columnShares(header: string[], rows: string[][], column: string): Map<string, Share> {
  const k = header.indexOf(column);
  const code = header.indexOf('Kode OPD');
  expect(k).toBeGreaterThan(-1);
  const out = new Map<string, Share>([['TOTAL', { part: 0, whole: 0 }]]);
  for (const r of rows) {
    for (const key of [r[code]!, 'TOTAL']) {
      const s = out.get(key) ?? { part: 0, whole: 0 };
      if (r[k] === 'Ya' || r[k] === 'Tidak') s.whole++;
      if (r[k] === 'Ya') s.part++;
      out.set(key, s);
    }
  }
  return out;
}

/** The two percentages written in a recap line. */
function linePercents(line: string): { ack: string; done: string } {
  const ack = /konfirmasi tepat waktu (\S+)/.exec(line)?.[1];
  const done = /selesai tepat waktu (\S+)/.exec(line)?.[1];
  expect(ack, line).toBeDefined();
  expect(done, line).toBeDefined();
  return { ack: ack!, done: done! };
}

describe('the recap, the chart, the digest and the exports agree (issue #15)', () => {
  it('on the rule for one assignment: a deadline not yet passed is neither on time nor late', () => {
    const a = { state: 'delivered', instruction_state: 'open', acked_at: null, ack_deadline: wib(12, 4, 12), due_at: wib(12, 10, 16) };
    expect(ackOnTime(a, wib(12, 4, 10))).toBeNull();
    expect(ackOnTime(a, wib(12, 4, 12))).toBeNull(); // the deadline itself is still on time
    expect(ackOnTime(a, wib(12, 4, 12) + 1)).toBe(false);
    expect(ackOnTime({ ...a, acked_at: wib(12, 4, 12) }, NOW)).toBe(true);
    expect(ackOnTime({ ...a, acked_at: wib(12, 4, 12) + 1 }, NOW)).toBe(false);
    expect(ackOnTime({ ...a, state: 'cancelled', acked_at: wib(12, 4, 9) }, NOW)).toBeNull();
    expect(doneOnTime(a, null, NOW)).toBeNull();
    expect(doneOnTime(a, null, wib(12, 10, 17))).toBe(false);
    expect(doneOnTime({ ...a, instruction_state: 'closed' }, null, wib(12, 10, 17))).toBeNull();
    expect(doneOnTime({ ...a, state: 'reported' }, wib(12, 10, 17), wib(12, 11))).toBeNull();
    expect(doneOnTime({ ...a, state: 'done' }, wib(12, 10, 16), wib(12, 11))).toBe(true);
    expect(sharePercent({ part: 0, whole: 0 })).toBe('-');
  });

  it('two hours before its deadline, nobody late: DISHUB has no share, and the pending ones are out of every denominator', async () => {
    const recap = await buildRecap(deps, WEEK);
    const by = Object.fromEntries(recap.opds.map((r) => [r.code, r])) as Record<string, OpdRecap>;
    expect(by.DISHUB).toMatchObject({ received: 1, ackOnTime: 0, ackLate: 0, ackNone: 0, ackPending: 1 });
    expect(recapShares(by.DISHUB!)).toEqual({ ack: { part: 0, whole: 0 }, done: { part: 0, whole: 0 } });
    expect(recapShares(by.BPBD!)).toEqual({ ack: { part: 2, whole: 3 }, done: { part: 1, whole: 2 } });
    expect(recapShares(by.DINKES!)).toEqual({ ack: { part: 1, whole: 2 }, done: { part: 1, whole: 2 } });
    expect(recapShares(recap.total)).toEqual({ ack: { part: 3, whole: 5 }, done: { part: 2, whole: 4 } });
    expect(recap.total).toMatchObject({ received: 7, ackPending: 2 });

    const id = messagesFor('id');
    const dishub = recapLine(id, by.DISHUB!);
    expect(dishub).toContain('konfirmasi tepat waktu - (1 masih dalam batas waktu)');
    expect(dishub).not.toContain('0%');
    expect(recapLine(messagesFor('en'), by.DISHUB!)).toContain('acknowledged on time - (1 still within the deadline)');
    expect(recapLine(id, recap.total)).toContain('konfirmasi tepat waktu 60% (2 masih dalam batas waktu)');

    // A period that starts and ends mid-day (read from the assignments, not the daily figures) agrees.
    const ragged = await buildRecap(deps, { from: wib(11, 26, 20), to: NOW, label: 'x' });
    expect(recapShares(ragged.total)).toEqual(recapShares(recap.total));
    expect(ragged.total.ackPending).toBe(2);

    // Once the deadline has passed without an acknowledgement, the silent ones count as not on time.
    const later = await buildRecap({ ...deps, now: () => wib(12, 4, 13) }, WEEK);
    expect(recapShares(later.total).ack).toEqual({ part: 3, whole: 7 });
    expect(later.total.ackPending).toBe(0);
  });

  it('the four give the same shares out of the same denominators', async () => {
    const t = messagesFor('id');
    const recap = await buildRecap(deps, WEEK);

    // The exports: "Ya" out of "Ya" and "Tidak", in the CSV and in the workbook's Penugasan sheet.
    const parsed = parseCsv((await exportAssignmentsCsv(db, WEEK, TZ, { now: NOW })).toString('utf8'), ';');
    if (!parsed.ok) throw new Error('CSV did not parse');
    const [header, ...rows] = parsed.rows.map((r) => r.fields);
    expect(rows).toHaveLength(8); // the cancelled assignment is listed, with "-"
    const ackCsv = columnShares(header!, rows, 'Konfirmasi tepat waktu');
    const doneCsv = columnShares(header!, rows, 'Selesai tepat waktu');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportWorkbook(db, WEEK, TZ, { now: NOW })) as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('Penugasan')!;
    const xlsxRows: string[][] = [];
    sheet.eachRow((row) => xlsxRows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    const [xHeader, ...xRows] = xlsxRows;
    expect(columnShares(xHeader!, xRows, 'Konfirmasi tepat waktu')).toEqual(ackCsv);
    expect(columnShares(xHeader!, xRows, 'Selesai tepat waktu')).toEqual(doneCsv);
    // DISHUB's only row: "-" in both columns, as its recap line has no share.
    const dishub = rows.filter((r) => r[header!.indexOf('Kode OPD')] === 'DISHUB');
    expect(dishub.map((r) => [r[header!.indexOf('Konfirmasi tepat waktu')], r[header!.indexOf('Selesai tepat waktu')]])).toEqual([['-', '-']]);

    // The recap: the same parts and wholes, per OPD and for all.
    for (const r of [...recap.opds, recap.total]) {
      const s = recapShares(r);
      expect(s.ack, `${r.code} ack`).toEqual(ackCsv.get(r.code) ?? { part: 0, whole: 0 });
      expect(s.done, `${r.code} done`).toEqual(doneCsv.get(r.code) ?? { part: 0, whole: 0 });
    }
    const expected = (code: string) => ({ ack: sharePercent(ackCsv.get(code)!), done: sharePercent(doneCsv.get(code)!) });
    expect(expected('TOTAL')).toEqual({ ack: '60%', done: '50%' });
    expect(expected('DISHUB')).toEqual({ ack: '-', done: '-' });

    // /rekap's lines.
    for (const r of [...recap.opds, recap.total]) expect(linePercents(recapLine(t, r)), r.code).toEqual(expected(r.code));

    // /grafik's subtitle (and the digest's picture, drawn from the same recap).
    const subtitle = recapChartModel(recap).subtitle[0]!;
    expect(subtitle).toContain('7 penugasan');
    expect(linePercents(subtitle)).toEqual(expected('TOTAL'));

    // The weekly digest, as sent.
    sent.length = 0;
    const run = await runDigest(deps);
    expect(run.sent).toBe(2); // the pimpinan and the secretariat's group
    const texts = sent.flatMap((m) => (m.text ? [m.text] : []));
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      const lines = text.split('\n');
      const totalLine = lines.find((l) => l.startsWith(`<b>${t.recapTotal}</b>`))!;
      expect(linePercents(totalLine)).toEqual(expected('TOTAL'));
      for (const code of ['BPBD', 'DINKES', 'DISHUB']) {
        const at = lines.findIndex((l) => l.includes(`<b>${code}</b>`));
        expect(at, code).toBeGreaterThan(-1);
        expect(linePercents(lines[at + 1]!), code).toEqual(expected(code));
      }
    }
  });
});
