/**
 * `npx tsx bench/recap.ts`: the secretariat's commands on a database holding 1,000,000
 * assignments. Requirement: each of /rekap, /rekap KODE, /terlambat, /cari, /ekspor,
 * /grafik answers within 200 ms of internal processing. The figures are printed (and
 * appended to bench/RESULTS.md), never asserted.
 *
 *   1. Fill a temp SQLite file (WAL, every migration) straight through better-sqlite3:
 *      60 OPDs in 4 clusters, ~130 people, ~17,000 instructions over the past 12 months,
 *      1,000,000 assignments, a "done" report per finished follow-up, ~1M events.
 *   2. Time each command's internal processing (parsing, queries, figures, text / file /
 *      picture), median of BENCH_RUNS (default 5) runs after one warm-up.
 *   3. EXPLAIN QUERY PLAN of every query those commands send, captured from Kysely as sent.
 *   4. Append the figures to bench/RESULTS.md under "Recap on 1,000,000 assignments".
 *
 * Environment: BENCH_ASSIGNMENTS (default 1000000), BENCH_RUNS (default 5),
 * BENCH_KEEP_DB=1 (keep the temp file and print its path), BENCH_NO_RESULTS=1 (do not
 * write bench/RESULTS.md), BENCH_ONLY=regex (time only the commands it matches),
 * BENCH_ANALYZE=1 (run ANALYZE after the fill; the bot never does, so by default the
 * planner has no statistics, as in production).
 *
 * From another script: `import { main } from './recap'; await main({ writeResults: false })`.
 */
import { execFileSync } from 'node:child_process';
import { mulberry32 } from '../test/support/fake-telegram-limits';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pino from 'pino';
import { parseConfig } from '../src/infra/config';
import { createDatabase, migrateToLatest, type Db } from '../src/infra/db/database';
import { listExportAssignments, listExportEvents, listExportInstructions, listExportReports } from '../src/features/export/exports.queries';
import { findOpdByCode } from '../src/features/organisation/opds.queries';
import { ackDurations, lateItems, openItems, recapRows, searchInstructions } from '../src/features/recap/recap.queries';
import type { Database } from '../src/infra/db/schema';
import type { AppDeps } from '../src/infra/deps';
import { formatInstructionNumber, normalizeInstructionNumber } from '../src/domain/numbering';
import { parsePeriod, previousPeriods, type Period } from '../src/domain/period';
import { fromLocal, localParts } from '../src/domain/time';
import { defaultMessages } from '../src/infra/i18n';
import { renderRecapChart, renderRecapSvg } from '../src/features/recap/chart';
import { buildExportFiles, formatExportTime } from '../src/features/export/export-files';
import { buildRecap, opdDetail } from '../src/features/recap/recap';
import { REFRESH_MARGIN_MS, refreshRecapDays } from '../src/features/recap/recap-days';
import { page } from '../src/infra/telegram/paging';
import { formatLateGroup, groupLate, lateBlocks, recapHeader, recapLine, recapOpdBlock } from '../src/features/recap/recap.view';

const TZ = 'Asia/Jakarta';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** The bench's fixed "now": Wednesday 25 November 2026, 10.00 WIB. */
export const BENCH_NOW = fromLocal(TZ, 2026, 11, 25, 10, 0);
const BUDGET_MS = 200;

export interface RecapBenchOptions {
  assignments?: number;
  runs?: number;
  keepDb?: boolean;
  writeResults?: boolean;
  analyze?: boolean;
  log?: (line: string) => void;
}

export interface TimedRow {
  command: string;
  /** Wall-clock median, ms. */
  ms: number;
  /** CPU time (user + system) median, ms: less sensitive than wall time to other load on the machine. */
  cpuMs: number;
  /** Timed runs (1 when the first one took over 10 s). */
  runs: number;
  rows: string;
  part?: boolean;
  note?: string;
}

export interface PlanRow {
  query: string;
  plan: string[];
  verdict: string;
}

export interface RecapBenchResult {
  fill: FillStats;
  /** 1-minute load average before and after the timed runs: other work on the machine. */
  load: [number, number];
  indexes: string[];
  /** The first build of the daily figures (recap_days) from every assignment. */
  daysBuild: { ms: number; rows: number };
  commands: TimedRow[];
  plans: PlanRow[];
}

// --- the organisation ----------------------------------------------------------------

const CLUSTERS: Array<[string, string[]]> = [
  [
    'Pemerintahan',
    ['SETDA', 'SETWAN', 'INSPEKTORAT', 'BKPSDM', 'BPKAD', 'BAPENDA', 'BAPPEDA', 'KESBANGPOL', 'SATPOLPP', 'DUKCAPIL', 'DPMD', 'DISKOMINFO', 'BIROHUKUM', 'BIROORG', 'BIROPEM'],
  ],
  [
    'Perekonomian',
    ['DISPERINDAG', 'DISKOPUKM', 'DPMPTSP', 'DISTAN', 'DISNAK', 'DKP', 'DISBUDPAR', 'DISNAKER', 'DISHUT', 'DISESDM', 'BIROEKON', 'BIROPBJ', 'DISPANGAN', 'BUMD', 'BPSDM'],
  ],
  ['Kesejahteraan Rakyat', ['DINKES', 'DISDIK', 'DINSOS', 'DP3A', 'DISPORA', 'DISPUSIP', 'RSUD', 'RSJ', 'BIROKESRA', 'DPPKB', 'DISBUD', 'BAZNAS', 'LABKES', 'UPTDPK', 'DISARPUS']],
  ['Infrastruktur', ['DPUPR', 'DISHUB', 'DISPERKIM', 'DLH', 'BPBD', 'DAMKAR', 'BPJN', 'DSDA', 'DISTARU', 'BAPPERUM', 'UPTDJALAN', 'UPTDAIR', 'PDAM', 'BIROADPEM', 'BIROUMUM']],
];

const VERBS = [
  'Mohon segera menyampaikan',
  'Agar menyiapkan',
  'Harap melaporkan',
  'Segera koordinasikan',
  'Mohon ditindaklanjuti',
  'Siapkan bahan rapat tentang',
  'Lakukan verifikasi lapangan atas',
  'Sampaikan data terbaru',
];
const TOPICS = [
  'penanganan stunting',
  'pengendalian inflasi daerah',
  'kesiapsiagaan banjir',
  'pengelolaan sampah',
  'perbaikan jalan rusak',
  'capaian pendapatan asli daerah',
  'pencegahan demam berdarah',
  'penghapusan kemiskinan ekstrem',
  'realisasi anggaran triwulan',
  'pelayanan perizinan',
  'ketersediaan pangan',
  'harga bahan pokok',
  'angka putus sekolah',
  'vaksinasi anak',
  'kebersihan pasar',
  'penertiban reklame',
  'keamanan menjelang hari raya',
  'penyaluran bantuan sosial',
  'rehabilitasi rumah tidak layak huni',
  'pengawasan tambang',
  'kebakaran hutan dan lahan',
  'air bersih',
  'penerangan jalan umum',
  'arus mudik',
  'pelayanan kependudukan',
  'pengaduan masyarakat',
  'reformasi birokrasi',
  'aset daerah',
  'investasi daerah',
  'tenaga kerja lokal',
  'pariwisata daerah',
  'UMKM binaan',
  'sekolah rusak',
  'puskesmas keliling',
  'ruang terbuka hijau',
  'tata ruang kawasan',
  'pengadaan barang dan jasa',
  'sistem pemerintahan berbasis elektronik',
  'kesiapan pemilu',
  'penanganan pengungsi',
];
const PLACES = ['di seluruh kecamatan', 'per kabupaten/kota', 'di wilayah kerja masing-masing', 'pada lokasi prioritas', 'di kawasan perbatasan', 'di sekolah dan puskesmas'];
const TAILS = [
  'paling lambat sesuai batas waktu, disertai foto dan dokumen pendukung.',
  'dan laporkan kendala yang dihadapi beserta usulan solusinya.',
  'untuk bahan rapat pimpinan; sertakan rincian anggaran dan jadwal.',
  'dengan melibatkan camat dan lurah setempat.',
  'secara tertulis melalui kanal resmi; tembuskan ke Sekretariat Daerah.',
];

export interface FillStats {
  opds: number;
  people: number;
  instructions: number;
  openInstructions: number;
  assignments: number;
  reports: number;
  events: number;
  seconds: number;
  fileMb: number;
  stateCounts: Record<string, number>;
  lateAck: number;
  overdueOpen: number;
}

interface OpdSeed {
  id: number;
  code: string;
  cluster: string;
  chatId: number | null;
  headId: number;
  staffId: number;
}

/**
 * Fills a freshly migrated SQLite file. Secondary indexes are dropped first and rebuilt
 * from their own SQL at the end (one sort each instead of a million B-tree inserts), so
 * the file ends up with exactly the migrations' schema.
 */
export function fillDatabase(path: string, totalAssignments: number, log: (s: string) => void): FillStats {
  const t0 = performance.now();
  const rnd = mulberry32(20261125);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (a: number, b: number) => a + rnd() * (b - a);

  const raw = new SQLite(path);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    raw.pragma('foreign_keys = OFF');
    raw.pragma('cache_size = -262144'); // 256 MB
    raw.pragma('temp_store = MEMORY');

    const indexes = raw
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('instructions', 'assignments', 'reports', 'events')`)
      .all() as Array<{ name: string; sql: string }>;
    for (const i of indexes) raw.exec(`DROP INDEX "${i.name}"`);

    const start = BENCH_NOW - 365 * DAY;
    const created0 = start - 30 * DAY;

    // OPDs and people.
    const insOpd = raw.prepare('INSERT INTO opds (id, code, name, cluster, chat_id, chat_title, chat_status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const insPerson = raw.prepare('INSERT INTO people (id, telegram_id, name, username, role, opd_id, lang, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const opds: OpdSeed[] = [];
    let personId = 0;
    const issuers: number[] = [];
    const reviewers: number[] = [];
    raw.transaction(() => {
      for (const [role, names] of [
        ['admin', ['Admin Sistem']],
        ['pimpinan', ['Gubernur', 'Wakil Gubernur', 'Sekretaris Daerah']],
        ['sekretariat', ['Kabag TU Pimpinan', 'Analis Sekretariat']],
      ] as const) {
        for (const name of names) {
          personId++;
          insPerson.run(personId, 100_000 + personId, name, null, role, null, 'id', 1, created0, created0);
          if (role === 'pimpinan') issuers.push(personId);
          if (role === 'sekretariat' || role === 'pimpinan') reviewers.push(personId);
        }
      }
      let opdId = 0;
      for (const [cluster, codes] of CLUSTERS) {
        for (const code of codes) {
          opdId++;
          // Two OPDs never linked a group: their assignments stay pending (no_chat).
          const chatId = code === 'BUMD' || code === 'UPTDAIR' ? null : -1_001_000_000_000 - opdId;
          insOpd.run(
            opdId,
            code,
            `Organisasi Perangkat Daerah ${code}`,
            cluster,
            chatId,
            chatId === null ? null : `Grup ${code}`,
            chatId === null ? 'none' : 'linked',
            created0,
            created0,
          );
          const headId = ++personId;
          insPerson.run(headId, 200_000 + headId, `Kepala ${code}`, null, 'kepala', opdId, 'id', 1, created0, created0);
          const staffId = ++personId;
          insPerson.run(staffId, 200_000 + staffId, `Staf ${code}`, null, 'staf', opdId, 'id', 1, created0, created0);
          opds.push({ id: opdId, code, cluster, chatId, headId, staffId });
        }
      }
    })();

    // How many instructions, and which go to fewer than all 60 OPDs, so the total is exact.
    const nOpd = opds.length;
    const clusterSize = nOpd / CLUSTERS.length;
    const nInstr = Math.max(1, Math.ceil(totalAssignments / (nOpd - 1.18))); // ≈58.8 per instruction at 60 OPDs
    let excess = nInstr * nOpd - totalAssignments;
    const targetCount = new Array<number>(nInstr).fill(nOpd);
    {
      const order = Array.from({ length: nInstr }, (_, k) => k);
      for (let k = order.length - 1; k > 0; k--) {
        const j = Math.floor(rnd() * (k + 1));
        [order[k], order[j]] = [order[j]!, order[k]!];
      }
      for (const k of order) {
        if (excess <= 0) break;
        const cut = Math.min(excess, nOpd - clusterSize, nOpd - 1);
        targetCount[k] = nOpd - cut;
        excess -= cut;
      }
    }

    // Creation times: working hours (07–17 WIB) on days of the last 12 months, oldest first.
    // Plain arithmetic on WIB's fixed UTC+7 (checked below): localParts/fromLocal cost ~0.1–0.5 ms
    // a call (dayjs' tz plugin), which alone made the fill 20 s slower.
    const WIB = 7 * HOUR;
    if (fromLocal(TZ, 2026, 1, 1, 0, 0) !== Date.UTC(2026, 0, 1) - WIB) throw new Error('bench fill assumes Asia/Jakarta = UTC+7');
    const localMidnight = (ms: number) => Math.floor((ms + WIB) / DAY) * DAY - WIB;
    const yearOf = (ms: number) => new Date(ms + WIB).getUTCFullYear();
    const times = Array.from({ length: nInstr }, () => {
      const day = Math.floor(rnd() * 365);
      return localMidnight(start + day * DAY) + 7 * HOUR + Math.floor(rnd() * 10 * HOUR);
    })
      .filter((t) => t < BENCH_NOW)
      .sort((a, b) => a - b);

    const insInstr = raw.prepare(
      'INSERT INTO instructions (id, number, text, issuer_id, priority, ack_deadline, due_at, state, target_label, summary_chat_id, summary_message_id, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insAssign = raw.prepare(
      `INSERT INTO assignments (id, instruction_id, opd_id, state, delivery_state, delivery_error, delivery_attempts, chat_id, message_id, delivered_at, acked_at, acked_by,
         due_at, reminder_count, escalation_count, created_at, updated_at, last_reminder_at, sec_escalated_at, pim_escalated_at, fu_stage, fu_plan_from, last_overdue_at,
         delegate_id, reported_at, done_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insReport = raw.prepare(
      'INSERT INTO reports (id, assignment_id, instruction_id, opd_id, person_id, kind, text, attachments, review_state, review_reason, reviewed_by, reviewed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insEvent = raw.prepare('INSERT INTO events (at, kind, instruction_id, assignment_id, opd_id, actor_telegram_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insSeq = raw.prepare('INSERT INTO number_sequences (year, last_seq) VALUES (?, ?)');

    const seqByYear = new Map<number, number>();
    const stateCounts: Record<string, number> = {};
    let assignmentId = 0;
    let reportId = 0;
    let messageId = 1000;
    let events = 0;
    let openInstructions = 0;
    let lateAck = 0;
    let overdueOpen = 0;
    const PHOTO = JSON.stringify([{ kind: 'photo', file_id: 'AgACAgUAAxkBAAIBbmZ0-bench-photo' }]);
    const NO_FILES = '[]';
    const LATE_TRUE = '{"late":true}';
    const LATE_FALSE = '{"late":false}';

    const BATCH = 400; // instructions per transaction (~24,000 assignments)
    const fillBatch = raw.transaction((from: number, to: number) => {
      for (let k = from; k < to; k++) {
        const instructionId = k + 1;
        const created = times[k]!;
        const year = yearOf(created);
        const seq = (seqByYear.get(year) ?? 0) + 1;
        seqByYear.set(year, seq);
        const r = rnd();
        const priority = r < 0.1 ? 'segera' : r < 0.3 ? 'penting' : 'biasa';
        const ackDeadline = created + (priority === 'segera' ? 2 * HOUR : priority === 'penting' ? 4 * HOUR : DAY);
        const dueAt = created + Math.round((priority === 'segera' ? between(1, 3) : priority === 'penting' ? between(3, 10) : between(5, 30)) * DAY);
        const cancelled = rnd() < 0.015;
        const cancelledAt = Math.min(BENCH_NOW - MIN, created + Math.round(between(0.2, 3) * DAY));
        const text = `${pick(VERBS)} ${pick(TOPICS)} ${pick(PLACES)} ${pick(TAILS)}`;

        // Targets: all OPDs, or one cluster (plus neighbours) — OPDs in id order, as the unique index wants.
        const count = targetCount[k]!;
        const first = count === nOpd ? 0 : Math.floor(rnd() * CLUSTERS.length) * clusterSize;
        const label = count === nOpd ? 'Semua OPD' : count === clusterSize ? `Klaster ${opds[first]!.cluster}` : `${count} OPD`;
        const targets: OpdSeed[] = [];
        for (let j = 0; j < count; j++) targets.push(opds[(first + j) % nOpd]!);
        targets.sort((a, b) => a.id - b.id);

        const issuer = pick(issuers);
        insEvent.run(created, 'instruction_issued', instructionId, null, null, 100_000 + issuer, `{"targets":${count}}`);
        events++;

        let allDone = true;
        let lastDone = 0;
        const rows: unknown[][] = [];
        for (const o of targets) {
          const id = ++assignmentId;
          let state: string;
          let deliveryState = 'sent';
          const chatId: number | null = o.chatId;
          let msgId: number | null = null;
          let deliveredAt: number | null = null;
          let ackedAt: number | null = null;
          let ackedBy: number | null = null;
          let reportedAt: number | null = null;
          let doneAt: number | null = null;
          let reminders = 0;
          let escalations = 0;
          let fuStage = 0;
          let lastReminder: number | null = null;
          let secEsc: number | null = null;
          let finish: number | null = null;
          if (o.chatId === null) {
            state = 'pending';
            deliveryState = 'no_chat';
          } else {
            deliveredAt = created + 2000 + Math.floor(rnd() * 120_000);
            msgId = ++messageId;
            state = 'delivered';
            if (rnd() < 0.94) {
              const q = rnd();
              const delay = q < 0.6 ? -Math.log(1 - rnd()) * 20 * MIN : q < 0.85 ? between(1, 8) * HOUR : between(8, 96) * HOUR;
              const at = deliveredAt + Math.round(delay);
              if (at < BENCH_NOW) {
                ackedAt = at;
                ackedBy = rnd() < 0.7 ? o.headId : o.staffId;
                state = 'acknowledged';
              }
            }
            if (ackedAt !== null) {
              if (rnd() < 0.88) {
                finish = Math.max(ackedAt + 10 * MIN, created + Math.round((dueAt - created) * between(0.2, 1.35)));
                if (finish < BENCH_NOW) {
                  reportedAt = finish;
                  const reviewed = finish + Math.round(between(1, 72) * HOUR);
                  if (reviewed < BENCH_NOW) {
                    doneAt = reviewed;
                    state = 'done';
                    lastDone = Math.max(lastDone, reviewed);
                  } else state = 'reported';
                } else {
                  finish = null;
                  state = rnd() < 0.5 ? 'in_progress' : 'acknowledged';
                }
              } else state = rnd() < 0.5 ? 'in_progress' : 'acknowledged';
            }
          }
          // Reminders: the acknowledgement clock, the day-before/morning/overdue follow-up notices.
          const ackLateOrNone = ackDeadline < BENCH_NOW && (ackedAt === null || ackedAt > ackDeadline);
          if (ackLateOrNone) {
            reminders += 1 + Math.floor(rnd() * 3);
            if (ackedAt === null || ackedAt - ackDeadline > 4 * HOUR) {
              escalations = 1 + (rnd() < 0.4 ? 1 : 0);
              secEsc = ackDeadline + 2 * HOUR;
            }
          }
          if (dueAt - DAY < BENCH_NOW && (finish === null || finish > dueAt - DAY)) {
            reminders += 1;
            fuStage = 1;
            if (dueAt < BENCH_NOW && (finish === null || finish > dueAt)) {
              reminders += 1 + Math.floor(rnd() * 2);
              fuStage = 3;
            }
          }
          if (reminders > 0) lastReminder = Math.min(BENCH_NOW - MIN, fuStage > 0 ? dueAt - DAY + 2 * HOUR : ackDeadline + HOUR);
          if (cancelled) state = 'cancelled';
          if (state !== 'done' && state !== 'cancelled') allDone = false;
          const updated = Math.max(created, deliveredAt ?? 0, ackedAt ?? 0, reportedAt ?? 0, doneAt ?? 0, cancelled ? cancelledAt : 0);
          rows.push([
            id,
            instructionId,
            o.id,
            state,
            deliveryState,
            deliveryState === 'no_chat' ? 'no_chat' : null,
            deliveryState === 'no_chat' ? 0 : 1,
            chatId,
            msgId,
            deliveredAt,
            ackedAt,
            ackedBy,
            dueAt,
            reminders,
            escalations,
            created,
            updated,
            lastReminder,
            secEsc,
            null,
            fuStage,
            fuStage > 0 ? dueAt - DAY : null,
            fuStage === 3 ? dueAt + 8 * HOUR : null,
            null,
            reportedAt,
            doneAt,
          ]);
          stateCounts[state] = (stateCounts[state] ?? 0) + 1;

          if (deliveryState === 'no_chat') {
            insEvent.run(created, 'delivery_failed', instructionId, id, o.id, null, '{"reason":"no_chat"}');
            events++;
          }
          if (ackedAt !== null) {
            insEvent.run(ackedAt, 'acknowledged', instructionId, id, o.id, 200_000 + ackedBy!, ackedAt > ackDeadline ? LATE_TRUE : LATE_FALSE);
            events++;
          }
          if (reportedAt !== null) {
            const rid = ++reportId;
            insReport.run(
              rid,
              id,
              instructionId,
              o.id,
              o.headId,
              'done',
              `Telah dilaksanakan sesuai arahan; rincian ${o.code} terlampir.`,
              rnd() < 0.6 ? PHOTO : NO_FILES,
              doneAt !== null ? 'accepted' : 'pending',
              null,
              doneAt !== null ? pick(reviewers) : null,
              doneAt,
              reportedAt,
            );
          } else if (state === 'in_progress') {
            const rid = ++reportId;
            const at = Math.min(BENCH_NOW - MIN, ackedAt! + Math.round(between(1, 48) * HOUR));
            insReport.run(
              rid,
              id,
              instructionId,
              o.id,
              o.staffId,
              'progress',
              `Progres sekitar ${10 + Math.floor(rnd() * 80)}%; menunggu data kecamatan.`,
              NO_FILES,
              'none',
              null,
              null,
              null,
              at,
            );
          }
        }
        for (const row of rows) insAssign.run(row);

        // The instruction's state: cancelled; closed when all done (completed) or by hand after
        // its due date; otherwise still open (recent ones, and some old ones nobody closed).
        let state = 'open';
        let closedAt: number | null = null;
        if (cancelled) {
          state = 'cancelled';
          closedAt = cancelledAt;
          insEvent.run(cancelledAt, 'instruction_cancelled', instructionId, null, null, 100_000 + issuer, null);
          events++;
        } else if (allDone && lastDone > 0) {
          state = 'closed';
          closedAt = lastDone;
          insEvent.run(lastDone, 'instruction_completed', instructionId, null, null, null, null);
          events++;
        } else if (dueAt < BENCH_NOW - 3 * DAY && rnd() < 0.93) {
          closedAt = Math.min(BENCH_NOW - HOUR, dueAt + Math.round(between(1, 21) * DAY));
          state = 'closed';
          insEvent.run(closedAt, 'instruction_closed', instructionId, null, null, 100_000 + issuer, null);
          events++;
        }
        if (state === 'open') {
          openInstructions++;
          for (const row of rows) {
            const s = row[3] as string;
            if ((s === 'pending' || s === 'delivered') && ackDeadline < BENCH_NOW) lateAck++;
            if (['pending', 'delivered', 'acknowledged', 'in_progress'].includes(s) && (row[12] as number) < BENCH_NOW) overdueOpen++;
          }
        }
        insInstr.run(instructionId, formatInstructionNumber(year, seq), text, issuer, priority, ackDeadline, dueAt, state, label, null, null, created, closedAt);
      }
    });
    for (let k = 0; k < times.length; k += BATCH) {
      fillBatch(k, Math.min(times.length, k + BATCH));
      if ((k / BATCH) % 10 === 9) log(`  … ${assignmentId.toLocaleString('en')} assignments (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }
    raw.transaction(() => {
      for (const [y, s] of seqByYear) insSeq.run(y, s);
    })();
    log(`  rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes`);
    for (const i of indexes) raw.exec(i.sql);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const seconds = (performance.now() - t0) / 1000;
    return {
      opds: opds.length,
      people: personId,
      instructions: times.length,
      openInstructions,
      assignments: assignmentId,
      reports: reportId,
      events,
      seconds,
      fileMb: statSync(path).size / 1024 / 1024,
      stateCounts,
      lateAck,
      overdueOpen,
    };
  } finally {
    if (raw.open) raw.close();
  }
}

// --- timing ------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A run longer than this is timed once: the figure is far over budget anyway. */
const SLOW_MS = 10_000;

async function timeIt(
  runs: number,
  fn: () => Promise<string>,
  warm: () => Promise<unknown> = fn,
  before?: () => Promise<unknown>,
): Promise<{ ms: number; cpuMs: number; rows: string; all: number[] }> {
  await before?.();
  await warm(); // warm-up: module loads (exceljs, resvg), page cache
  let rows = '';
  const all: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < runs; k++) {
    await before?.(); // not timed
    const c = process.cpuUsage();
    const t = performance.now();
    rows = await fn();
    all.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
    if (all[0]! > SLOW_MS) break;
  }
  return { ms: median(all), cpuMs: median(cpu), rows, all };
}

const n = (x: number) => x.toLocaleString('en');

// --- query plans ---------------------------------------------------------------------------

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

/** A Kysely over the same file that records every query it is sent. */
function capturingDb(path: string): { db: Db; take: () => Captured[]; close: () => Promise<void> } {
  // Writable: a recap records when it last refreshed the daily figures.
  const sqlite = new SQLite(path);
  let got: Captured[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (e) => {
      got.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  return {
    db,
    take: () => {
      const out = got;
      got = [];
      return out;
    },
    close: () => db.destroy(),
  };
}

function explain(raw: SQLite.Database, q: Captured): string[] {
  const rows = raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{ id: number; parent: number; detail: string }>;
  const depth = new Map<number, number>([[0, 0]]);
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? 0) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d - 1)}${r.detail}`;
  });
}

/** Whole-table scans of the big tables are what the requirement rules out. */
function planVerdict(plan: string[]): string {
  const big = /^(SCAN|SEARCH) (assignments|a|events|e|reports|r)\b/;
  const scans = plan.map((l) => l.trim()).filter((l) => /^SCAN /.test(l));
  const bigScan = scans.find((l) => big.test(l) && !/COVERING INDEX/.test(l));
  if (bigScan) return `FULL SCAN: ${bigScan}`;
  const anyScan = scans.filter((l) => !/^SCAN (o|opds|p|people|ack|CONSTANT ROW)\b/.test(l));
  if (anyScan.length) return `index ok; scans ${anyScan.join('; ')}`;
  return 'index ok';
}

// --- the commands ---------------------------------------------------------------------------

/**
 * What the recap services read: db, config, clock, logger. No Telegram API, no queues, no
 * metrics (the cast keeps the bench compiling when AppDeps grows fields these paths never use).
 */
function makeDeps(db: Db, url: string, now: () => number = () => BENCH_NOW): AppDeps {
  const deps: Pick<AppDeps, 'config' | 'db' | 'logger' | 'now' | 'botUsername' | 'holidays'> = {
    config: parseConfig({ BOT_TOKEN: '1:x', DATABASE_URL: url }),
    db,
    logger: pino({ level: 'silent' }) as unknown as AppDeps['logger'],
    now,
    botUsername: 'arahan_bench_bot',
    holidays: new Set(),
  };
  return deps as AppDeps;
}

export async function runRecapBench(opts: RecapBenchOptions = {}): Promise<RecapBenchResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const total = opts.assignments ?? Number(process.env.BENCH_ASSIGNMENTS ?? 1_000_000);
  const runs = opts.runs ?? Number(process.env.BENCH_RUNS ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'arahan-recap-bench-'));
  const path = join(dir, 'arahan.db');
  const url = `file:${path}`;
  let db: Db | undefined;
  try {
    log(`Recap bench: ${n(total)} assignments, temp DB ${path}`);
    {
      const m = createDatabase(url);
      await migrateToLatest(m);
      await m.destroy();
    }
    const fill = fillDatabase(path, total, log);
    log(
      `Filled in ${fill.seconds.toFixed(1)} s: ${fill.opds} OPDs, ${fill.people} people, ${n(fill.instructions)} instructions (${n(fill.openInstructions)} open), ` +
        `${n(fill.assignments)} assignments, ${n(fill.reports)} reports, ${n(fill.events)} events; ${fill.fileMb.toFixed(0)} MB`,
    );
    log(
      `  states: ${Object.entries(fill.stateCounts)
        .map(([k, v]) => `${k} ${n(v)}`)
        .join(', ')}; late now: ${n(fill.lateAck)} acknowledgements, ${n(fill.overdueOpen)} follow-ups`,
    );
    if (opts.analyze ?? process.env.BENCH_ANALYZE === '1') {
      const raw = new SQLite(path);
      const t = performance.now();
      raw.exec('ANALYZE');
      raw.close();
      log(`  ANALYZE in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }

    db = createDatabase(url);
    // The clock moves a minute per burst of changes below (so a burst is seen once, as in life).
    let clock = BENCH_NOW;
    const deps = makeDeps(db, url, () => clock);
    const tz = deps.config.timezone;
    // The first start after the upgrade builds the daily figures from every assignment
    // (src/services/recap-days.ts; the app does it in the background at start-up).
    const buildStart = performance.now();
    await refreshRecapDays(deps);
    const firstBuildMs = performance.now() - buildStart;
    const days = await db
      .selectFrom('recap_days')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    log(`  daily figures built in ${(firstBuildMs / 1000).toFixed(1)} s: ${n(Number(days.n))} day rows`);
    // Bursts of changes since the last refresh (a fresh updated_at; not timed): the next
    // recap first rebuilds the days those assignments were created on. "Recent": the 1,000
    // newest assignments (a broadcast being delivered and acknowledged: one or two days).
    // "Spread": 1,000 of the newest 100,000 (~5 weeks: reports and acknowledgements
    // across many instructions at once — the worst case for the rebuild).
    const recent = await db.selectFrom('assignments').select('id').where('created_at', '<', BENCH_NOW).orderBy('created_at', 'desc').limit(100_000).execute();
    let touchRound = 0;
    const touch = (spread: boolean) => async () => {
      touchRound++;
      clock += 60_000;
      const ids = Array.from({ length: 1_000 }, (_, k) => recent[spread ? (k * 97 + touchRound * 13) % recent.length : k]!.id);
      await db!.updateTable('assignments').set({ updated_at: clock }).where('id', 'in', ids).execute();
    };
    const t = defaultMessages;
    const period = (raw: string): Period => parsePeriod(raw, BENCH_NOW, tz)!;
    const opdCode = 'DINKES';

    // Each command as its handler runs it (handlers/recap.ts), minus Telegram I/O.
    const rekap = async (raw: string) => {
      const p = period(raw);
      const recap = await buildRecap(deps, p);
      const pg = page(t, recap.opds, 0, 'r', raw);
      const text = [recapHeader(t, recap, TZ), '', ...pg.slice.map((r, i) => recapOpdBlock(t, r, pg.offset + i + 1)), pg.footer].join('\n');
      return `${n(recap.total.received)} assignments aggregated (${text.length} chars)`;
    };
    const rekapOpd = async (code: string, raw: string) => {
      const opd = (await findOpdByCode(db!, code))!;
      const p = period(raw);
      const d = await opdDetail(deps, opd, p);
      const lines = [recapLine(t, d.recap), ...lateBlocks(t, BENCH_NOW, d.late), ...d.trend.map((x) => `${x.period.label} ${x.r.received}`)];
      return `${n(d.trend.reduce((s, x) => s + x.r.received, 0))} in 4 periods, ${n(d.open.length)} open, ${n(d.late.length)} late (${lines.length} lines)`;
    };
    const terlambat = async (code?: string) => {
      const opd = code ? await findOpdByCode(db!, code) : undefined;
      const items = await lateItems(db!, BENCH_NOW, opd?.id);
      // As handlers/recap.ts: group everything, format only the page that is shown.
      const groups = groupLate(BENCH_NOW, items);
      const pg = page(t, groups, 0, 't', code ?? '', 8);
      const text = code
        ? [t.lateHeader(items.length), formatLateGroup(t, BENCH_NOW, { ...groups[0]!, items: page(t, groups[0]!.items, 0, 't', code, 30).slice }), pg.footer].join('\n')
        : [t.lateHeader(items.length), ...pg.slice.map((g) => formatLateGroup(t, BENCH_NOW, g, 3)), pg.footer].join('\n');
      return `${n(items.length)} late items, ${groups.length} OPD blocks (${text.length} chars on the first page)`;
    };
    const cari = async (q: string, pageNo = 0) => {
      const number = /^(arh-)?\d{4}-\d+$|^arh-/i.test(q) ? normalizeInstructionNumber(/^arh-/i.test(q) ? q : `ARH-${q}`, localParts(BENCH_NOW, tz).year) : null;
      const words = q
        .split(/\s+/)
        .filter((w) => w.length >= 2)
        .slice(0, 5);
      const { rows, more } = await searchInstructions(db!, words, number, pageNo * 10, 10);
      return `${rows.length} found${more ? ', more' : ''}`;
    };
    // /ekspor answers at once and queues a job (src/services/export-job.ts); what takes time
    // is the background build measured here: both files, as the worker builds them.
    const ekspor = async (raw: string) => {
      const p = period(raw);
      const b = await buildExportFiles(db!, p, tz, { now: BENCH_NOW });
      const mb = (k: 'xlsx' | 'csv') => ((b.files[k]?.bytes ?? 0) / 1024 / 1024).toFixed(1);
      return `xlsx ${mb('xlsx')} MB + csv ${mb('csv')} MB (background job; the command itself only queues it)`;
    };
    const grafik = async (raw: string) => {
      const recap = await buildRecap(deps, period(raw));
      const png = await renderRecapChart(recap);
      return `${n(recap.total.received)} aggregated, PNG ${(png.length / 1024).toFixed(0)} KB`;
    };

    const p30 = period('');
    let exportTimeCells = 0;
    const exportCounts = async () => {
      const [i, a, r, e] = await Promise.all([listExportInstructions(db!, p30), listExportAssignments(db!, p30), listExportReports(db!, p30), listExportEvents(db!, p30)]);
      // formatExportTime calls that reach localParts (null times give '' without one): xlsx + csv.
      const nn = (x: number | null) => (x === null ? 0 : 1);
      const perAssignment = a.reduce((s2, x) => s2 + nn(x.delivered_at) + 1 + nn(x.acked_at) + 1 + nn(x.reported_at ?? x.done_at), 0);
      exportTimeCells = i.length * 3 + perAssignment * 2 + r.length + e.length;
      return `${n(i.length)} instructions, ${n(a.length)} assignments, ${n(r.length)} reports, ${n(e.length)} events`;
    };
    const sampleNumber = formatInstructionNumber(2026, 42);
    const recap30 = await buildRecap(deps, p30);
    const FORMAT_CALLS = 2_000;

    const refreshDaysCount = async () => {
      const mark = clock;
      const changed = await db!
        .selectFrom('assignments')
        .select('created_at')
        .distinct()
        .where('updated_at', '>=', mark - REFRESH_MARGIN_MS)
        .execute();
      await refreshRecapDays(deps);
      return new Set(changed.map((c) => Math.floor((Number(c.created_at) + 7 * 3_600_000) / 86_400_000))).size;
    };
    const cases: Array<{ command: string; fn: () => Promise<string>; warm?: () => Promise<unknown>; before?: () => Promise<unknown>; part?: boolean; note?: string }> = [
      { command: '/rekap (30 hari)', fn: () => rekap('') },
      { command: '/rekap bulan ini', fn: () => rekap('bulan ini') },
      { command: '/rekap 2026-11', fn: () => rekap('2026-11') },
      { command: '/rekap 2026-10', fn: () => rekap('2026-10') },
      { command: `/rekap ${opdCode}`, fn: () => rekapOpd(opdCode, '') },
      { command: `/rekap ${opdCode} 2026-10`, fn: () => rekapOpd(opdCode, '2026-10') },
      { command: '/terlambat', fn: () => terlambat() },
      { command: `/terlambat ${opdCode}`, fn: () => terlambat(opdCode) },
      { command: '/cari stunting', fn: () => cari('stunting') },
      { command: '/cari stunting kecamatan (p.3)', fn: () => cari('stunting kecamatan', 2) },
      { command: '/cari tsunami (no match)', fn: () => cari('tsunami') },
      { command: `/cari ${sampleNumber}`, fn: () => cari(sampleNumber) },
      { command: '/cari 2026-42', fn: () => cari('2026-42') },
      { command: '/grafik (30 hari)', fn: () => grafik('') },
      { command: '/grafik bulan ini', fn: () => grafik('bulan ini') },
      { command: '/ekspor (30 hari): background build', fn: () => ekspor(''), warm: () => ekspor('hari ini') },
      { command: '/rekap 365 hari', fn: () => rekap('365 hari'), note: 'the whole year: every assignment' },
      { command: '/rekap (30 hari) after 1,000 recent changes', fn: () => rekap(''), before: touch(false), note: 'includes rebuilding the changed days' },
      { command: '/rekap (30 hari) after 1,000 spread changes', fn: () => rekap(''), before: touch(true), note: 'includes rebuilding the changed days' },
      { command: '  refreshRecapDays after 1,000 recent changes', part: true, before: touch(false), fn: async () => `${await refreshDaysCount()} days rebuilt` },
      { command: '  refreshRecapDays after 1,000 spread changes', part: true, before: touch(true), fn: async () => `${await refreshDaysCount()} days rebuilt` },
      // The parts, to explain the figures above.
      {
        command: '  recapRows (30 hari, raw rows)',
        part: true,
        fn: async () => `${(await recapRows(db!, p30.from, p30.to)).length} groups (the query /rekap used before the daily figures)`,
      },
      { command: '  ackDurations (30 hari, raw rows)', part: true, fn: async () => `${n((await ackDurations(db!, p30.from, p30.to, 0)).length)} durations to JS (ditto)` },
      { command: '  lateItems (all)', part: true, fn: async () => `${n((await lateItems(db!, BENCH_NOW)).length)} rows` },
      { command: '  renderRecapSvg (layout to SVG)', part: true, fn: async () => `${n((await renderRecapSvg(recap30)).svg.length)} chars of SVG` },
      { command: '  renderRecapChart (SVG + resvg + PNG)', part: true, fn: async () => `${((await renderRecapChart(recap30)).length / 1024).toFixed(0)} KB PNG` },
      { command: '  export queries (30 hari)', part: true, fn: exportCounts },
      {
        command: `  formatExportTime × ${n(FORMAT_CALLS)}`,
        part: true,
        fn: async () => {
          let len = 0;
          for (let k = 0; k < FORMAT_CALLS; k++) len += formatExportTime(BENCH_NOW - k * 7 * MIN, tz).length;
          return `${len} chars; /ekspor (30 hari) formats ${n(exportTimeCells)} time cells`;
        },
      },
    ];

    const load0 = loadavg()[0]!;
    const commands: TimedRow[] = [];
    const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, 'i') : null;
    for (const c of cases) {
      if (only && !only.test(c.command)) continue;
      const r = await timeIt(runs, c.fn, c.warm, c.before);
      commands.push({ command: c.command, ms: r.ms, cpuMs: r.cpuMs, runs: r.all.length, rows: r.rows, part: c.part, note: c.note });
      log(`  ${c.command.trim().padEnd(36)} ${r.ms.toFixed(1).padStart(9)} ms (cpu ${r.cpuMs.toFixed(1)})  [${r.all.map((x) => x.toFixed(0)).join(' ')}]  ${r.rows}`);
    }
    const load1 = loadavg()[0]!;

    // Query plans: every query the commands send, captured as Kysely sends it.
    const cap = capturingDb(path);
    const raw = new SQLite(path, { readonly: true });
    const plans: PlanRow[] = [];
    const opd = (await findOpdByCode(db, opdCode))!;
    const planOf = async (label: string, fn: () => Promise<unknown>) => {
      cap.take();
      await fn();
      const qs = cap.take();
      qs.forEach((q, k) => {
        const plan = explain(raw, q);
        plans.push({ query: qs.length > 1 ? `${label} #${k + 1}` : label, plan, verdict: planVerdict(plan) });
      });
    };
    const capDeps = { ...deps, db: cap.db };
    await planOf('buildRecap (30 hari)', () => buildRecap(capDeps, p30));
    await planOf(`buildRecap (30 hari, ${opdCode})`, () => buildRecap(capDeps, p30, opd));
    await planOf('lateItems', () => lateItems(cap.db, BENCH_NOW));
    await planOf(`lateItems (${opdCode})`, () => lateItems(cap.db, BENCH_NOW, opd.id));
    await planOf(`openItems (${opdCode})`, () => openItems(cap.db, opd.id, 15));
    await planOf('searchInstructions (words)', () => searchInstructions(cap.db, ['stunting'], null, 0, 10));
    await planOf('searchInstructions (number)', () => searchInstructions(cap.db, [], sampleNumber, 0, 10));
    await planOf('export (30 hari)', () =>
      Promise.all([listExportInstructions(cap.db, p30), listExportAssignments(cap.db, p30), listExportReports(cap.db, p30), listExportEvents(cap.db, p30)]),
    );
    await planOf('previousPeriods trend', () => buildRecap(capDeps, previousPeriods(p30, 3, tz)[0]!, opd));
    const indexes = (raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'assignments'`).all() as Array<{ name: string; sql: string | null }>).map(
      (i) => `${i.name}${i.sql ? ` (${/\((.*)\)\s*$/.exec(i.sql)?.[1]?.replace(/"/g, '') ?? ''})` : ' (unique instruction_id, opd_id)'}`,
    );
    raw.close();
    await cap.close();

    return { fill, load: [load0, load1], indexes, daysBuild: { ms: firstBuildMs, rows: Number(days.n) }, commands, plans };
  } finally {
    await db?.destroy();
    if (opts.keepDb ?? process.env.BENCH_KEEP_DB === '1') log(`Kept ${path}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

// --- report ---------------------------------------------------------------------------------

function machine(): string {
  const mem = (totalmem() / 1024 ** 3).toFixed(1);
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    /* cpus() it is */
  }
  const mem0 = new SQLite(':memory:');
  const sqliteVersion = (mem0.prepare('select sqlite_version() v').get() as { v: string }).v;
  mem0.close();
  return `${nproc} CPU (${cpus()[0]?.model.trim() ?? '?'}), ${mem} GB RAM, Node ${process.version}, SQLite ${sqliteVersion}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function verdictOf(c: TimedRow): string {
  if (c.part) return '(part)';
  if (c.ms <= BUDGET_MS) return 'OK';
  if (c.cpuMs <= BUDGET_MS) return 'over (wall), OK (cpu)';
  return `over ${(c.ms / BUDGET_MS).toFixed(1)}×`;
}

export function formatReport(r: RecapBenchResult): string {
  const f = r.fill;
  const out: string[] = [];
  out.push(`Machine: ${machine()}; load average ${r.load[0].toFixed(1)} before the timed runs, ${r.load[1].toFixed(1)} after (other processes share the machine).`);
  out.push('');
  out.push(
    `Data: ${f.opds} OPDs in ${CLUSTERS.length} clusters, ${f.people} people, ${n(f.instructions)} instructions over 12 months (${n(f.openInstructions)} open), ` +
      `${n(f.assignments)} assignments (${Object.entries(f.stateCounts)
        .map(([k, v]) => `${k} ${n(v)}`)
        .join(', ')}), ${n(f.reports)} reports, ${n(f.events)} events ` +
      `(issued, delivery_failed, acknowledged, closed/completed/cancelled; no 'delivered' or report events); ` +
      `late now: ${n(f.lateAck)} acknowledgements, ${n(f.overdueOpen)} follow-ups. SQLite file ${f.fileMb.toFixed(0)} MB, filled in ${f.seconds.toFixed(1)} s; no ANALYZE (the bot never runs it). ` +
      `"Now" fixed at 25 November 2026 10.00 WIB. Each command as its handler runs it minus Telegram I/O; median of the timed runs after one warm-up (1 run when it took over 10 s); ` +
      `cpu = user + system time of the process: less sensitive than wall time to other work on the machine (not immune: shared caches and cores).`,
  );
  out.push('');
  out.push(
    `Daily figures: the first build of recap_days from every assignment (once, in the background at the first start after the upgrade) took ${(r.daysBuild.ms / 1000).toFixed(1)} s ` +
      `and wrote ${n(r.daysBuild.rows)} day rows. The timed runs below find nothing changed, except the "after 1,000 … changes" rows, where 1,000 assignments ` +
      `(the newest ones, or spread over the newest 100,000: ~5 weeks) get a fresh updated_at before each run (not timed) and the recap first rebuilds the days they were created on.`,
  );
  out.push('');
  out.push('| Command | ms (median) | cpu ms | runs | vs 200 ms | Rows |');
  out.push('|---|---:|---:|---:|---|---|');
  for (const c of r.commands) {
    out.push(
      `| ${c.part ? `↳ ${c.command.trim()}` : c.command} | ${c.ms.toFixed(1)} | ${c.cpuMs.toFixed(1)} | ${c.runs} | ${verdictOf(c)} | ${c.rows}${c.note ? ` — ${c.note}` : ''} |`,
    );
  }
  out.push('');
  out.push(`Indexes on assignments: ${r.indexes.join(', ')}.`);
  out.push('');
  out.push('Query plans (EXPLAIN QUERY PLAN of the SQL Kysely sends):');
  out.push('');
  for (const p of r.plans) out.push(`- ${p.query}: ${p.verdict} — \`${p.plan.map((l) => l.trim()).join(' → ')}\``);
  return out.join('\n');
}

function printTable(r: RecapBenchResult, log: (s: string) => void): void {
  log('');
  log(`Load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} on ${cpus().length} CPUs`);
  log(`${'Command'.padEnd(38)} ${'ms (median)'.padStart(12)} ${'cpu ms'.padStart(9)}  ${'vs 200 ms'.padEnd(22)} Rows`);
  log('-'.repeat(130));
  for (const c of r.commands) {
    log(
      `${c.command.padEnd(38)} ${c.ms.toFixed(1).padStart(12)} ${c.cpuMs.toFixed(1).padStart(9)}  ${verdictOf(c).padEnd(22)} ${c.rows}${c.note ? ` (${c.note})` : ''}${c.runs < 2 ? ' [1 run]' : ''}`,
    );
  }
  log('');
  log(`Indexes on assignments: ${r.indexes.join(', ')}`);
  log('');
  log('Query plans:');
  for (const p of r.plans) {
    log(`  ${p.query}: ${p.verdict}`);
    for (const l of p.plan) log(`      ${l}`);
  }
}

const HEADING = '## Recap on 1,000,000 assignments';

export function appendResults(r: RecapBenchResult, file = join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md')): void {
  const head = existsSync(file) ? '' : '# Benchmark results\n\n';
  const sep = existsSync(file) && !readFileSync(file, 'utf8').endsWith('\n\n') ? '\n' : '';
  const title = r.fill.assignments === 1_000_000 ? HEADING : `${HEADING} (this run: ${n(r.fill.assignments)})`;
  appendFileSync(file, `${head}${sep}${title}\n\n\`npx tsx bench/recap.ts\`\n\n${formatReport(r)}\n\n`);
}

export async function main(opts: RecapBenchOptions = {}): Promise<RecapBenchResult> {
  const log = opts.log ?? ((s: string) => console.log(s));
  const result = await runRecapBench({ ...opts, log });
  printTable(result, log);
  if (opts.writeResults ?? process.env.BENCH_NO_RESULTS !== '1') {
    appendResults(result);
    log('\nAppended to bench/RESULTS.md');
  }
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
