// Bulk set-up from CSV files (the admin CLI): OPDs first, then people.
// All-or-nothing: every row is validated before anything is written; one bad row means
// nothing is written and every problem is reported, each with its line in the file.
// The writes then happen in transactions of IMPORT_BATCH_ROWS rows with a pause between them,
// so the bot's writes get in between (see writeInBatches); a crash half-way leaves the first
// batches written, and running the same file again completes the import.
// Re-importing the same file updates rows (by OPD code / Telegram id) instead of duplicating.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../infra/db/database';
import { MAX_PAUSE_MS } from '../../infra/db/sqlite-busy';
import { recordEvent } from '../../infra/db/events';
import { findOpdsByCodes, upsertOpd } from './opds.queries';
import { upsertPerson } from './people.queries';
import type { Role } from '../../infra/db/schema';
import { headerMatches, parseCsv } from '../../domain/csv';
import { ROLES, isRole, roleNeedsOpd } from '../../domain/permissions';
import { cleanNameOf, NAME_LIMITS } from '../../domain/names';
import { OPD_CODE } from './organisation';

export const OPD_COLUMNS = ['kode', 'nama', 'klaster'] as const;
export const PEOPLE_COLUMNS = ['telegram_id', 'nama', 'peran', 'kode_opd'] as const;

/**
 * How much one import takes. 1,000 OPDs is far more than a province or a regency has (some
 * 40 to 60), and every instruction to "semua" sends one message per OPD group and lists them
 * all in /status; 20,000 people is every head and staff member of those OPDs many times over;
 * 2 MB holds 20,000 rows of people (about 100 bytes each). A file beyond these is a mistake
 * (a wrong export, a column pasted over and over), refused before anything is read into rows.
 */
export const IMPORT_LIMITS = { bytes: 2 * 1024 * 1024, opdRows: 1000, peopleRows: 20_000 } as const;

export interface ImportError {
  /** 1-based line in the file. */
  line: number;
  /** Indonesian, complete sentence(s), starting with "Baris N:". */
  message: string;
}

/** `notes`: what was accepted but changed (a name cut to its limit), each with its line; absent when none. */
export type ImportResult = { ok: true; created: number; updated: number; notes?: ImportError[] } | { ok: false; errors: ImportError[] };

interface Rows {
  rows: { line: number; values: string[] }[];
}

function err(line: number, text: string): ImportError {
  return { line, message: `Baris ${line}: ${text}` };
}

/** A file over IMPORT_LIMITS.bytes (`size` in bytes, or characters once read). */
export function tooBig(size: number): ImportError {
  const n = (x: number) => x.toLocaleString('id-ID');
  return {
    line: 1,
    message:
      `Berkas terlalu besar: ${n(size)} byte, melebihi batas ${n(IMPORT_LIMITS.bytes / (1024 * 1024))} MB (${n(IMPORT_LIMITS.bytes)} byte) untuk satu kali impor. ` +
      'Periksa apakah berkas yang dipilih sudah benar, atau bagi menjadi beberapa berkas.',
  };
}

/** A name that was cut to its limit: imported, and the admin is told. */
function shortenedNote(line: number, what: string, max: number): ImportError {
  return err(line, `${what} lebih dari ${max} karakter sehingga disimpan terpotong; bila perlu, singkatkan di berkas lalu impor ulang.`);
}

/** Parses the file, checks the header and the column count; values come back trimmed. */
function readTable(csvText: string, columns: readonly string[], maxRows: number): { ok: true; table: Rows } | { ok: false; errors: ImportError[] } {
  const expected = columns.join(',');
  if (csvText.length > IMPORT_LIMITS.bytes) return { ok: false, errors: [tooBig(csvText.length)] };
  const parsed = parseCsv(csvText);
  if (!parsed.ok) {
    return {
      ok: false,
      errors: [err(parsed.line, 'tanda kutip (") dibuka tetapi tidak pernah ditutup; periksa kembali isian yang diapit tanda kutip.')],
    };
  }
  const [header, ...body] = parsed.rows;
  if (!header) {
    return { ok: false, errors: [err(1, `berkas kosong; baris pertama harus berisi kepala kolom ${expected}.`)] };
  }
  if (!headerMatches(header.fields, columns)) {
    const found = header.fields.map((f) => f.trim()).join(parsed.separator);
    return {
      ok: false,
      errors: [err(header.line, `kepala kolom tidak sesuai; harus persis ${expected} (pemisah koma atau titik koma), ditemukan «${found}».`)],
    };
  }
  const filled = body.filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (filled.length > maxRows) {
    const first = filled[maxRows]!;
    return {
      ok: false,
      errors: [
        err(
          first.line,
          `berkas berisi ${filled.length} baris data, melebihi batas ${maxRows} baris untuk satu kali impor; ` +
            'periksa apakah berkas yang dipilih sudah benar, atau bagi menjadi beberapa berkas.',
        ),
      ],
    };
  }
  const errors: ImportError[] = [];
  const rows: Rows['rows'] = [];
  for (const r of body) {
    const values = r.fields.map((f) => f.trim());
    if (values.every((v) => v === '')) continue; // a row emptied in the spreadsheet
    const extra = values.slice(columns.length);
    if (extra.some((v) => v !== '')) {
      errors.push(
        err(
          r.line,
          `berisi ${values.length} kolom, seharusnya ${columns.length} (${expected}); ` +
            `jika sebuah isian mengandung ${parsed.separator === ';' ? 'titik koma' : 'koma'}, apit dengan tanda kutip, contoh "Dinas Pendidikan, Pemuda dan Olahraga".`,
        ),
      );
      continue;
    }
    // Missing trailing cells count as empty (the last, optional column is often left off).
    while (values.length < columns.length) values.push('');
    rows.push({ line: r.line, values: values.slice(0, columns.length) });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) {
    const line = header.line + 1;
    return { ok: false, errors: [err(line, `tidak ada data setelah kepala kolom; isi satu baris per data di bawah ${expected}.`)] };
  }
  return { ok: true, table: { rows } };
}

// ---------------------------------------------------------------- OPDs

interface OpdRow {
  line: number;
  code: string;
  name: string;
  cluster: string | null;
}

/** CSV `kode,nama,klaster` → OPDs, created or updated by code. */
export async function importOpds(db: Db, csvText: string, now: number): Promise<ImportResult> {
  const read = readTable(csvText, OPD_COLUMNS, IMPORT_LIMITS.opdRows);
  if (!read.ok) return read;

  const errors: ImportError[] = [];
  const notes: ImportError[] = [];
  const valid: OpdRow[] = [];
  const seen = new Map<string, number>(); // code → first line
  for (const { line, values } of read.table.rows) {
    const [rawCode = '', rawName = '', rawCluster = ''] = values;
    const name = cleanNameOf('opd', rawName);
    const cluster = cleanNameOf('cluster', rawCluster);
    const code = rawCode.toUpperCase();
    let ok = true;
    if (rawCode === '') {
      errors.push(err(line, 'kode OPD kosong; isi dengan kode singkat huruf besar/angka tanpa spasi, contoh DINKES.'));
      ok = false;
    } else if (!OPD_CODE.test(code)) {
      errors.push(err(line, `kode «${rawCode}» tidak valid; gunakan huruf besar/angka tanpa spasi (2–32 karakter, boleh . _ -), contoh DINKES.`));
      ok = false;
    } else {
      const first = seen.get(code);
      if (first !== undefined) {
        errors.push(err(line, `kode «${code}» sudah dipakai di baris ${first}; setiap kode hanya boleh muncul sekali.`));
        ok = false;
      } else {
        seen.set(code, line);
      }
    }
    if (name.value === '') {
      errors.push(
        err(
          line,
          rawName === ''
            ? 'nama OPD kosong; isi dengan nama lengkap, contoh Dinas Kesehatan.'
            : 'nama OPD tidak dapat dibaca karena hanya berisi karakter kendali atau karakter tak terlihat; isi dengan nama lengkap dalam huruf biasa, contoh Dinas Kesehatan.',
        ),
      );
      ok = false;
    }
    if (name.shortened) notes.push(shortenedNote(line, 'nama OPD', NAME_LIMITS.opd));
    if (cluster.shortened) notes.push(shortenedNote(line, 'nama klaster', NAME_LIMITS.cluster));
    if (ok) valid.push({ line, code, name: name.value, cluster: cluster.value === '' ? null : cluster.value });
  }
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };

  const { created, updated } = await writeInBatches(
    db,
    valid,
    (trx, o) => upsertOpd(trx, { code: o.code, name: o.name, cluster: o.cluster }, now),
    (trx, c) => recordEvent(trx, { kind: 'opd_import', data: { rows: valid.length, created: c.created, updated: c.updated } }, now),
  );
  return { ok: true as const, created, updated, ...(notes.length ? { notes } : {}) };
}

// ---------------------------------------------------------------- people

interface PersonRow {
  line: number;
  telegramId: number;
  name: string;
  role: Role;
  code: string | null;
}

/** CSV `telegram_id,nama,peran,kode_opd` → people, created or updated by Telegram id. */
export async function importPeople(db: Db, csvText: string, now: number): Promise<ImportResult> {
  const read = readTable(csvText, PEOPLE_COLUMNS, IMPORT_LIMITS.peopleRows);
  if (!read.ok) return read;

  const errors: ImportError[] = [];
  const notes: ImportError[] = [];
  const valid: PersonRow[] = [];
  const seen = new Map<number, number>(); // telegram id → first line
  for (const { line, values } of read.table.rows) {
    const [rawId = '', rawName = '', rawRole = '', rawCode = ''] = values;
    const { value: name, shortened } = cleanNameOf('person', rawName);
    let ok = true;

    let telegramId = 0;
    if (rawId === '') {
      errors.push(err(line, 'telegram_id kosong; isi dengan ID Telegram berupa angka, contoh 123456789.'));
      ok = false;
    } else if (!/^\d+$/.test(rawId) || !Number.isSafeInteger(Number(rawId)) || Number(rawId) === 0) {
      const excelHint = /e\+?\d/i.test(rawId) ? ' Tampaknya Excel mengubahnya ke notasi ilmiah; format kolom sebagai Teks lalu simpan ulang.' : '';
      errors.push(err(line, `telegram_id «${rawId}» tidak valid; isi hanya angka, contoh 123456789.${excelHint}`));
      ok = false;
    } else {
      telegramId = Number(rawId);
      const first = seen.get(telegramId);
      if (first !== undefined) {
        errors.push(err(line, `telegram_id ${rawId} sudah dipakai di baris ${first}; setiap orang hanya boleh muncul sekali.`));
        ok = false;
      } else {
        seen.set(telegramId, line);
      }
    }

    if (name === '') {
      errors.push(
        err(
          line,
          rawName === ''
            ? 'nama kosong; isi dengan nama orang tersebut, contoh Budi Santoso.'
            : 'nama tidak dapat dibaca karena hanya berisi karakter kendali atau karakter tak terlihat; isi dengan nama orang tersebut dalam huruf biasa, contoh Budi Santoso.',
        ),
      );
      ok = false;
    }
    if (shortened) notes.push(shortenedNote(line, 'nama', NAME_LIMITS.person));

    const role = rawRole.toLowerCase();
    let code: string | null = null;
    if (!isRole(role)) {
      errors.push(
        err(line, rawRole === '' ? `peran kosong; gunakan salah satu: ${ROLES.join(', ')}.` : `peran «${rawRole}» tidak dikenal; gunakan salah satu: ${ROLES.join(', ')}.`),
      );
      ok = false;
    } else if (roleNeedsOpd(role)) {
      if (rawCode === '') {
        errors.push(err(line, `peran ${role} memerlukan kode_opd; isi dengan kode OPD yang sudah terdaftar, contoh DINKES.`));
        ok = false;
      } else {
        code = rawCode.toUpperCase();
      }
    } else if (rawCode !== '') {
      errors.push(err(line, `peran ${role} tidak terikat pada OPD; kosongkan kolom kode_opd (saat ini berisi «${rawCode}»).`));
      ok = false;
    }

    if (ok && isRole(role)) valid.push({ line, telegramId, name, role, code });
  }

  // OPD codes must already be registered (import-opd first): looked up in one query.
  const codes = [...new Set(valid.flatMap((p) => (p.code ? [p.code] : [])))];
  const opdIds = new Map((await findOpdsByCodes(db, codes)).map((o) => [o.code, o.id] as const));
  for (const p of valid) {
    if (p.code && !opdIds.has(p.code)) {
      errors.push(err(p.line, `kode_opd «${p.code}» belum terdaftar; impor OPD terlebih dahulu (import-opd) atau periksa ejaannya.`));
    }
  }
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };

  // No delete exists for OPDs, so the ids looked up above are still valid inside the transactions.
  const { created, updated } = await writeInBatches(
    db,
    valid,
    (trx, p) => upsertPerson(trx, { telegram_id: p.telegramId, name: p.name, role: p.role, opd_id: p.code ? opdIds.get(p.code)! : null }, now),
    (trx, c) => recordEvent(trx, { kind: 'people_import', data: { rows: valid.length, created: c.created, updated: c.updated } }, now),
  );
  return { ok: true as const, created, updated, ...(notes.length ? { notes } : {}) };
}

/**
 * Rows written per transaction. On SQLite a transaction holds the file's one write lock: the
 * whole import in one held it for 0.7 s per 5,000 people (measured on this 2-core machine),
 * while every write of the bot waited. 500 rows hold it about 75 ms.
 */
export const IMPORT_BATCH_ROWS = 500;
/**
 * The pause between two batches: longer than the longest pause between two tries of a write
 * that waits for the lock (src/infra/db/sqlite-busy.ts), so every waiting write gets its turn
 * before the next batch. 5,000 people then take about 2.3 s instead of 0.7 s.
 */
const BATCH_PAUSE_MS = 2 * MAX_PAUSE_MS;

/**
 * Upserts `rows` in transactions of IMPORT_BATCH_ROWS, pausing between them; `finish` runs in
 * the last transaction with the counts (the import's event, written once the rows are).
 */
async function writeInBatches<T>(
  db: Db,
  rows: readonly T[],
  upsert: (trx: Db, row: T) => Promise<{ created: boolean }>,
  finish: (trx: Db, counts: { created: number; updated: number }) => Promise<unknown>,
): Promise<{ created: number; updated: number }> {
  const counts = { created: 0, updated: 0 };
  for (let start = 0; ; start += IMPORT_BATCH_ROWS) {
    if (start > 0) await sleep(BATCH_PAUSE_MS);
    const last = start + IMPORT_BATCH_ROWS >= rows.length;
    await db.transaction().execute(async (trx) => {
      for (const row of rows.slice(start, start + IMPORT_BATCH_ROWS)) {
        if ((await upsert(trx, row)).created) counts.created++;
        else counts.updated++;
      }
      if (last) await finish(trx, counts);
    });
    if (last) return counts;
  }
}

/** By line; stable, so several problems on one line keep their column order. */
function sortErrors(errors: ImportError[]): ImportError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}
