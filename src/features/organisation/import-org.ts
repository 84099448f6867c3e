// Bulk set-up from CSV files (the admin CLI): OPDs first, then people.
// All-or-nothing: every row is validated before anything is written; one bad row means
// nothing is written and every problem is reported, each with its line in the file.
// The writes then happen in ONE transaction, so a crash half-way leaves no partial import.
// Re-importing the same file updates rows (by OPD code / Telegram id) instead of duplicating.

import type { Db } from '../../infra/db/database';
import { recordEvent } from '../../infra/db/events';
import { findOpdsByCodes, upsertOpd } from './opds.queries';
import { upsertPerson } from './people.queries';
import type { Role } from '../../infra/db/schema';
import { headerMatches, parseCsv } from '../../domain/csv';
import { ROLES, isRole, roleNeedsOpd } from '../../domain/permissions';
import { OPD_CODE } from './organisation';

export const OPD_COLUMNS = ['kode', 'nama', 'klaster'] as const;
export const PEOPLE_COLUMNS = ['telegram_id', 'nama', 'peran', 'kode_opd'] as const;

export interface ImportError {
  /** 1-based line in the file. */
  line: number;
  /** Indonesian, complete sentence(s), starting with "Baris N:". */
  message: string;
}

export type ImportResult = { ok: true; created: number; updated: number } | { ok: false; errors: ImportError[] };

interface Rows {
  rows: { line: number; values: string[] }[];
}

function err(line: number, text: string): ImportError {
  return { line, message: `Baris ${line}: ${text}` };
}

/** Parses the file, checks the header and the column count; values come back trimmed. */
function readTable(csvText: string, columns: readonly string[]): { ok: true; table: Rows } | { ok: false; errors: ImportError[] } {
  const expected = columns.join(',');
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
  const read = readTable(csvText, OPD_COLUMNS);
  if (!read.ok) return read;

  const errors: ImportError[] = [];
  const valid: OpdRow[] = [];
  const seen = new Map<string, number>(); // code → first line
  for (const { line, values } of read.table.rows) {
    const [rawCode = '', name = '', cluster = ''] = values;
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
    if (name === '') {
      errors.push(err(line, 'nama OPD kosong; isi dengan nama lengkap, contoh Dinas Kesehatan.'));
      ok = false;
    }
    if (ok) valid.push({ line, code, name, cluster: cluster === '' ? null : cluster });
  }
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };

  return db.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    for (const o of valid) {
      const res = await upsertOpd(trx, { code: o.code, name: o.name, cluster: o.cluster }, now);
      if (res.created) created++;
      else updated++;
    }
    await recordEvent(trx, { kind: 'opd_import', data: { rows: valid.length, created, updated } }, now);
    return { ok: true as const, created, updated };
  });
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
  const read = readTable(csvText, PEOPLE_COLUMNS);
  if (!read.ok) return read;

  const errors: ImportError[] = [];
  const valid: PersonRow[] = [];
  const seen = new Map<number, number>(); // telegram id → first line
  for (const { line, values } of read.table.rows) {
    const [rawId = '', name = '', rawRole = '', rawCode = ''] = values;
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
      errors.push(err(line, 'nama kosong; isi dengan nama orang tersebut, contoh Budi Santoso.'));
      ok = false;
    }

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

  // No delete exists for OPDs, so the ids looked up above are still valid inside the transaction.
  return db.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    for (const p of valid) {
      const opdId = p.code ? opdIds.get(p.code)! : null;
      const res = await upsertPerson(trx, { telegram_id: p.telegramId, name: p.name, role: p.role, opd_id: opdId }, now);
      if (res.created) created++;
      else updated++;
    }
    await recordEvent(trx, { kind: 'people_import', data: { rows: valid.length, created, updated } }, now);
    return { ok: true as const, created, updated };
  });
}

/** By line; stable, so several problems on one line keep their column order. */
function sortErrors(errors: ImportError[]): ImportError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}
