// Admin CLI for bulk set-up:
//   npm run admin -- import-opd FILE.csv
//   npm run admin -- import-people FILE.csv
//   npm run admin -- nonaktif TELEGRAM_ID [reason...]   (and aktifkan TELEGRAM_ID)
//   npm run admin -- people [SEARCH]                    (registered people with their ids and roles)
// Exit codes: 0 done; 1 bad rows (nothing written); 2 usage, file or configuration error;
// 3 unexpected failure (database unreachable, migration failed...).

import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError, parseConfig } from '../infra/config';
import { createDatabase, migrateToLatest } from '../infra/db/database';
import { backupSqlite } from '../infra/db/backup';
import { defaultMessages } from '../infra/i18n';
import { deactivatePerson, listPeople, reactivatePerson } from '../features/organisation/people-lifecycle';
import { IMPORT_LIMITS, type ImportResult, OPD_COLUMNS, PEOPLE_COLUMNS, importOpds, importPeople, tooBig } from '../features/organisation/import-org';

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

export const USAGE = [
  'Penggunaan:',
  `  npm run admin -- import-opd BERKAS.csv      impor/perbarui OPD (kolom: ${OPD_COLUMNS.join(',')})`,
  `  npm run admin -- import-people BERKAS.csv   impor/perbarui pengguna (kolom: ${PEOPLE_COLUMNS.join(',')})`,
  '  npm run admin -- backup BERKAS.db           salinan cadangan basis data SQLite (aman saat bot berjalan)',
  '  npm run admin -- nonaktif ID_TELEGRAM [alasan]  nonaktifkan pengguna (riwayat tetap tersimpan)',
  '  npm run admin -- aktifkan ID_TELEGRAM       aktifkan kembali pengguna yang dinonaktifkan',
  '  npm run admin -- people [TEKS]              daftar pengguna: ID Telegram, peran, OPD, aktif/nonaktif (cari nama, @username, kode OPD)',
  '',
  'Pemisah koma atau titik koma. Jika ada satu baris yang salah, tidak ada yang disimpan.',
  'Impor OPD terlebih dahulu: kode_opd pada berkas pengguna harus sudah terdaftar.',
].join('\n');

const COMMANDS = {
  'import-opd': { run: importOpds, noun: 'OPD' },
  'import-people': { run: importPeople, noun: 'pengguna' },
} as const;

type Command = keyof typeof COMMANDS;

function isCommand(s: string): s is Command {
  return Object.hasOwn(COMMANDS, s);
}

/** How many error lines are printed before summarising the rest. */
const MAX_ERRORS_SHOWN = 50;

/** Returns the exit code; never calls process.exit, so tests can call it directly. */
export async function main(argv: readonly string[], env: Record<string, string | undefined>, out: CliOutput): Promise<number> {
  const [command, file, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    out.log(USAGE);
    return 0;
  }
  if (command === 'backup' && file && rest.length === 0) return backup(file, env, out);
  if (command === 'nonaktif' || command === 'aktifkan') return personCommand(command, argv.slice(1), env, out);
  if (command === 'people') return peopleCommand(argv.slice(1).join(' '), env, out);
  if (!command || !isCommand(command) || !file || rest.length > 0) {
    if (command === 'backup') out.error('Perintah backup memerlukan nama berkas tujuan.');
    else if (command && !isCommand(command)) out.error(`Perintah «${command}» tidak dikenal.`);
    else if (command && !file) out.error(`Perintah ${command} memerlukan nama berkas CSV.`);
    else if (rest.length > 0) out.error(`Terlalu banyak argumen: ${rest.join(' ')}`);
    out.error(USAGE);
    return 2;
  }

  const cli = cliConfig(env, out);
  if (cli === null) return 2;
  const { databaseUrl } = cli;

  let text: string;
  try {
    // Refused before it is read into memory: the bound holds for a file of any size.
    const size = statSync(file).size;
    if (size > IMPORT_LIMITS.bytes) {
      out.error(`«${file}»: ${tooBig(size).message}`);
      return 2;
    }
    text = readCsvFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    out.error(code === 'ENOENT' ? `Berkas «${file}» tidak ditemukan.` : `Berkas «${file}» tidak dapat dibaca: ${(e as Error).message}`);
    return 2;
  }

  const { run, noun } = COMMANDS[command];
  const db = createDatabase(databaseUrl);
  let result: ImportResult;
  try {
    await migrateToLatest(db);
    result = await run(db, text, Date.now());
  } finally {
    await db.destroy();
  }

  if (result.ok) {
    out.log(`Berhasil: ${result.created} ${noun} baru, ${result.updated} diperbarui.`);
    for (const n of (result.notes ?? []).slice(0, MAX_ERRORS_SHOWN)) out.log(`Catatan: ${n.message}`);
    const hiddenNotes = (result.notes?.length ?? 0) - MAX_ERRORS_SHOWN;
    if (hiddenNotes > 0) out.log(`… dan ${hiddenNotes} catatan lain.`);
    return 0;
  }
  for (const e of result.errors.slice(0, MAX_ERRORS_SHOWN)) out.error(e.message);
  const hidden = result.errors.length - MAX_ERRORS_SHOWN;
  if (hidden > 0) out.error(`… dan ${hidden} kesalahan lain.`);
  out.error(`Tidak ada yang disimpan: perbaiki ${result.errors.length === 1 ? 'baris tersebut' : 'baris-baris tersebut'} lalu jalankan ulang.`);
  return 1;
}

/**
 * `nonaktif TELEGRAM_ID [reason...]` / `aktifkan TELEGRAM_ID`: the same use cases as /nonaktif
 * and /aktifkan, recorded in the history as done from the CLI. Exit 0 when the person is (or
 * already was) in the asked state, 1 when nothing could be done (unknown id, the last admin).
 */
async function personCommand(command: 'nonaktif' | 'aktifkan', rest: readonly string[], env: Record<string, string | undefined>, out: CliOutput): Promise<number> {
  const [id, ...reasonWords] = rest;
  if (!id || !/^\d{1,15}$/.test(id) || (command === 'aktifkan' && reasonWords.length > 0)) {
    out.error(
      command === 'nonaktif'
        ? 'Perintah nonaktif memerlukan ID Telegram (angka) dan, bila perlu, alasannya. Contoh: npm run admin -- nonaktif 123456789 pindah tugas'
        : 'Perintah aktifkan memerlukan satu ID Telegram (angka). Contoh: npm run admin -- aktifkan 123456789',
    );
    out.error(USAGE);
    return 2;
  }
  const config = cliConfig(env, out);
  if (config === null) return 2;
  const t = defaultMessages;
  const db = createDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const deps = { db, now: () => Date.now() };
    const res = command === 'nonaktif' ? await deactivatePerson(deps, { via: 'cli' }, [id, ...reasonWords].join(' ')) : await reactivatePerson(deps, { via: 'cli' }, id);
    if (!res.ok) {
      if (res.error === 'already_inactive') {
        const since = res.person.deactivated_at === null ? '-' : t.fmt.dateTime(res.person.deactivated_at, config.timezone);
        out.log(`${res.person.name} sudah nonaktif sejak ${since}; tidak ada yang diubah.`);
        return 0;
      }
      if (res.error === 'already_active') {
        out.log(`${res.person.name} masih aktif; tidak ada yang diubah.`);
        return 0;
      }
      if (res.error === 'last_admin')
        out.error(`${res.person.name} adalah satu-satunya admin yang aktif dan tidak dapat dinonaktifkan; tetapkan admin lain terlebih dahulu. Tidak ada yang diubah.`);
      else out.error(`Pengguna dengan ID Telegram ${id} tidak ditemukan; tidak ada yang diubah.`);
      return 1;
    }
    const who = `${res.person.name} (${t.roleName[res.person.role] ?? res.person.role}${res.opd ? ` ${res.opd.code}` : ''}, ID ${res.person.telegram_id})`;
    if (command === 'aktifkan') {
      out.log(`Berhasil: ${who} diaktifkan kembali.`);
      return 0;
    }
    const reason = res.person.deactivation_reason;
    out.log(
      `Berhasil: ${who} dinonaktifkan${reason ? `, alasan: ${reason}` : ''}. Riwayat tetap tersimpan; untuk membatalkan: npm run admin -- aktifkan ${res.person.telegram_id}`,
    );
    if ('headless' in res && res.headless && res.opd)
      out.log(`Perhatian: ${res.opd.code} kini tidak memiliki kepala OPD yang aktif. Undang kepala baru (/undang ${res.opd.code} kepala) atau tetapkan Plt/Plh (/plt).`);
    return 0;
  } finally {
    await db.destroy();
  }
}

/**
 * `people [SEARCH]`: the people /pengguna lists (issue #15), one tab-separated line each
 * (Telegram id, role, OPD, active/inactive, name, @username). Exit 0, also when nobody matches.
 */
async function peopleCommand(search: string, env: Record<string, string | undefined>, out: CliOutput): Promise<number> {
  const cli = cliConfig(env, out);
  if (cli === null) return 2;
  const { databaseUrl } = cli;
  const t = defaultMessages;
  const db = createDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    const query = search.trim() === '' ? null : search.trim();
    const found = await listPeople({ db, now: () => Date.now() }, query);
    out.log(query === null ? `${found.length} pengguna terdaftar.` : `${found.length} pengguna cocok dengan «${query}».`);
    out.log(['id_telegram', 'peran', 'opd', 'status', 'nama', 'username'].join('\t'));
    for (const { person: p, opdCode } of found)
      out.log([p.telegram_id, t.roleName[p.role] ?? p.role, opdCode ?? '-', p.active === 1 ? 'aktif' : 'nonaktif', p.name, p.username ? `@${p.username}` : '-'].join('\t'));
    return 0;
  } finally {
    await db.destroy();
  }
}

/** `backup FILE`: SQLite's online backup; PostgreSQL is backed up with pg_dump (see README). */
async function backup(file: string, env: Record<string, string | undefined>, out: CliOutput): Promise<number> {
  const url = env.DATABASE_URL || 'file:./data/arahan.db';
  if (!url.startsWith('file:')) {
    out.error('DATABASE_URL menunjuk ke PostgreSQL: gunakan pg_dump, misalnya `pg_dump --format=custom --file=arahan.dump "$DATABASE_URL"` (lihat README).');
    return 2;
  }
  try {
    const { pages } = await backupSqlite(url, file);
    out.log(`Cadangan tersimpan di ${file} (${pages} halaman).`);
    return 0;
  } catch (e) {
    out.error(`Cadangan gagal: ${(e as Error).message}`);
    return 1;
  }
}

/**
 * UTF-8 as expected; a file that is not valid UTF-8 is most likely Excel's "CSV (Comma
 * delimited)" in the Windows code page, so it is read as windows-1252 instead of
 * turning accented letters into �.
 */
export function readCsvFile(path: string): string {
  const bytes = readFileSync(path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function runDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (runDirectly()) {
  // process.loadEnvFile exists from Node 20.12 (package.json engines); .env is optional.
  if (existsSync('.env')) process.loadEnvFile('.env');
  main(process.argv.slice(2), process.env, console).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`Gagal: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 3;
    },
  );
}

/**
 * The CLI only needs the database (and the zone for dates). parseConfig would insist on
 * BOT_TOKEN (and fail on any other bot-only variable that is malformed), so it is given just
 * DATABASE_URL and TIMEZONE plus a placeholder token: same validation and same default
 * (file:./data/arahan.db) as the bot. A bad value is said on `out` (null: exit code 2).
 */
function cliConfig(env: Record<string, string | undefined>, out: CliOutput): { databaseUrl: string; timezone: string } | null {
  try {
    const c = parseConfig({ BOT_TOKEN: '0:cli', DATABASE_URL: env.DATABASE_URL, TIMEZONE: env.TIMEZONE });
    return { databaseUrl: c.databaseUrl, timezone: c.timezone };
  } catch (e) {
    if (e instanceof ConfigError) {
      out.error(e.message);
      return null;
    }
    throw e;
  }
}
