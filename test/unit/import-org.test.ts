import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main, type CliOutput } from '../../src/cli/admin';
import type { Db } from '../../src/infra/db/database';
import { freshDatabasePerTest } from '../support/fresh-db';
import { listEvents } from '../../src/infra/db/events';
import { findOpdByCode, listOpds } from '../../src/features/organisation/opds.queries';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { headerMatches, parseCsv } from '../../src/domain/csv';
import { importOpds, importPeople } from '../../src/features/organisation/import-org';

const NOW = Date.UTC(2026, 11, 1, 3, 0);

const fresh = freshDatabasePerTest();
let dir: string;
let db: Db;
beforeEach(() => {
  ({ dir, db } = fresh);
});

const OPDS = ['kode,nama,klaster', 'DINKES,Dinas Kesehatan,Kesra', 'DISDIK,Dinas Pendidikan,Kesra', 'BAPPEDA,Badan Perencanaan Pembangunan Daerah,'].join('\n');

async function count(table: 'opds' | 'people' | 'events'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, line breaks in quotes, CRLF and line numbers', () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\n\n3,4\n';
    const r = parseCsv(text);
    expect(r).toEqual({
      ok: true,
      separator: ',',
      rows: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x, y', 'say "hi"'] },
        { line: 3, fields: ['multi\nline', 'z'] },
        { line: 6, fields: ['3', '4'] },
      ],
    });
  });

  it('uses ; when the header has ; and no comma, and strips the BOM', () => {
    const r = parseCsv('\uFEFFkode;nama\nA1;"Satu, Dua"');
    expect(r).toEqual({
      ok: true,
      separator: ';',
      rows: [
        { line: 1, fields: ['kode', 'nama'] },
        { line: 2, fields: ['A1', 'Satu, Dua'] },
      ],
    });
  });

  it('reports an unterminated quote at the line where it opened', () => {
    expect(parseCsv('a,b\n1,2\n"open,3\n4,5\n')).toEqual({ ok: false, line: 3, error: 'unterminated_quote' });
  });

  it('matches headers case-insensitively and trimmed, exactly', () => {
    expect(headerMatches([' Kode ', 'NAMA', 'klaster'], ['kode', 'nama', 'klaster'])).toBe(true);
    expect(headerMatches(['kode', 'nama', 'klaster', ''], ['kode', 'nama', 'klaster'])).toBe(true);
    expect(headerMatches(['kode', 'nama'], ['kode', 'nama', 'klaster'])).toBe(false);
    expect(headerMatches(['nama', 'kode', 'klaster'], ['kode', 'nama', 'klaster'])).toBe(false);
  });
});

describe('importOpds', () => {
  it('imports three OPDs, empty klaster as null, and records one event', async () => {
    const r = await importOpds(db, OPDS, NOW);
    expect(r).toEqual({ ok: true, created: 3, updated: 0 });
    const opds = await listOpds(db);
    expect(opds.map((o) => [o.code, o.name, o.cluster])).toEqual([
      ['BAPPEDA', 'Badan Perencanaan Pembangunan Daerah', null],
      ['DINKES', 'Dinas Kesehatan', 'Kesra'],
      ['DISDIK', 'Dinas Pendidikan', 'Kesra'],
    ]);
    const events = await listEvents(db, { kind: 'opd_import' });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data!)).toMatchObject({ created: 3, updated: 0 });
  });

  it('re-import with a changed name updates instead of duplicating', async () => {
    await importOpds(db, OPDS, NOW);
    const changed = OPDS.replace('Dinas Kesehatan', 'Dinas Kesehatan Provinsi').replace('DISDIK', 'disdik');
    const r = await importOpds(db, changed, NOW + 1000);
    expect(r).toEqual({ ok: true, created: 0, updated: 3 });
    expect(await count('opds')).toBe(3);
    const dinkes = await findOpdByCode(db, 'DINKES');
    expect(dinkes?.name).toBe('Dinas Kesehatan Provinsi');
    expect(dinkes?.updated_at).toBe(NOW + 1000);
  });

  it('one bad row: nothing at all is written, the line is reported', async () => {
    const text = ['kode,nama,klaster', 'DINKES,Dinas Kesehatan,Kesra', 'DISDIK,Dinas Pendidikan,', 'dinas kesehatan,Dinas X,', 'BAPPEDA,Bappeda,'].join('\n');
    const r = await importOpds(db, text, NOW);
    expect(r).toEqual({
      ok: false,
      errors: [{ line: 4, message: expect.stringContaining('Baris 4: kode «dinas kesehatan» tidak valid') }],
    });
    expect(await count('opds')).toBe(0);
    expect(await count('events')).toBe(0);
  });

  it('a bad re-import leaves the existing rows untouched', async () => {
    await importOpds(db, OPDS, NOW);
    const text = ['kode,nama,klaster', 'DINKES,Nama Baru,Kesra', 'DISDIK,,'].join('\n');
    const r = await importOpds(db, text, NOW + 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.line)).toEqual([3]);
    expect((await findOpdByCode(db, 'DINKES'))?.name).toBe('Dinas Kesehatan');
  });

  it('refuses duplicate codes within the file, pointing at both lines', async () => {
    const r = await importOpds(db, 'kode,nama,klaster\nDINKES,A,\nDISDIK,B,\ndinkes,C,\n', NOW);
    expect(r).toEqual({ ok: false, errors: [{ line: 4, message: expect.stringMatching(/^Baris 4: kode «DINKES» sudah dipakai di baris 2/) }] });
    expect(await count('opds')).toBe(0);
  });

  it('reads semicolon-separated files with a BOM and CRLF (Excel, Indonesian locale)', async () => {
    const text = '\uFEFFKode;Nama;Klaster\r\nDINKES;Dinas Kesehatan;Kesra\r\nBPKAD;Badan Pengelolaan Keuangan, Aset Daerah;\r\n';
    const r = await importOpds(db, text, NOW);
    expect(r).toEqual({ ok: true, created: 2, updated: 0 });
    expect((await findOpdByCode(db, 'BPKAD'))?.name).toBe('Badan Pengelolaan Keuangan, Aset Daerah');
  });

  it('keeps quoted names containing commas and quotes', async () => {
    const text = 'kode,nama,klaster\nDISPORA,"Dinas Pemuda, Olahraga dan ""Pariwisata""",Kesra\n';
    expect(await importOpds(db, text, NOW)).toEqual({ ok: true, created: 1, updated: 0 });
    expect((await findOpdByCode(db, 'DISPORA'))?.name).toBe('Dinas Pemuda, Olahraga dan "Pariwisata"');
  });

  it('an unquoted comma (too many columns) is explained', async () => {
    const r = await importOpds(db, 'kode,nama,klaster\nDISPORA,Dinas Pemuda, Olahraga,Kesra\n', NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.message).toMatch(/^Baris 2: berisi 4 kolom, seharusnya 3.*tanda kutip/);
  });

  it('a wrong header is reported as line 1 with the expected header', async () => {
    const r = await importOpds(db, 'code,name,cluster\nDINKES,Dinas Kesehatan,\n', NOW);
    expect(r).toEqual({ ok: false, errors: [{ line: 1, message: expect.stringContaining('kode,nama,klaster') }] });
    const empty = await importOpds(db, '', NOW);
    expect(empty).toEqual({ ok: false, errors: [{ line: 1, message: expect.stringContaining('kode,nama,klaster') }] });
  });
});

describe('importPeople', () => {
  beforeEach(async () => {
    await importOpds(db, OPDS, NOW);
  });

  it('imports people; kepala/staf are attached to an existing OPD', async () => {
    const text = [
      'telegram_id,nama,peran,kode_opd',
      '1001,Gubernur,pimpinan,',
      '1002,Sekda,sekretariat,',
      '1003,Kadis Kesehatan,kepala,dinkes',
      '1004,Staf Dinkes,staf,DINKES',
    ].join('\n');
    expect(await importPeople(db, text, NOW)).toEqual({ ok: true, created: 4, updated: 0 });
    const dinkes = await findOpdByCode(db, 'DINKES');
    const kadis = await findPersonByTelegramId(db, 1003);
    expect(kadis).toMatchObject({ name: 'Kadis Kesehatan', role: 'kepala', opd_id: dinkes!.id });
    expect(await findPersonByTelegramId(db, 1001)).toMatchObject({ role: 'pimpinan', opd_id: null });
    expect(await listEvents(db, { kind: 'people_import' })).toHaveLength(1);
  });

  it('kepala needs a code that exists in the database', async () => {
    const text = ['telegram_id,nama,peran,kode_opd', '1001,Gubernur,pimpinan,', '1003,Kadis,kepala,DINSOS', '1004,Staf,staf,'].join('\n');
    const r = await importPeople(db, text, NOW);
    expect(r).toEqual({
      ok: false,
      errors: [
        { line: 3, message: expect.stringContaining('kode_opd «DINSOS» belum terdaftar') },
        { line: 4, message: expect.stringContaining('peran staf memerlukan kode_opd') },
      ],
    });
    expect(await count('people')).toBe(0);
  });

  it('refuses a code for sekretariat, an unknown role and a duplicate telegram_id', async () => {
    const text = [
      'telegram_id,nama,peran,kode_opd',
      '1002,Sekda,sekretariat,DINKES',
      '1005,Bupati,bupati,',
      '1006,Orang A,staf,DINKES',
      '1006,Orang B,staf,DISDIK',
      '12a,Orang C,admin,',
    ].join('\n');
    const r = await importPeople(db, text, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 5, 6]);
    expect(r.errors[0]!.message).toContain('kosongkan kolom kode_opd');
    expect(r.errors[1]!.message).toContain('peran «bupati» tidak dikenal; gunakan salah satu: admin, pimpinan, sekretariat, kepala, staf');
    expect(r.errors[2]!.message).toContain('sudah dipakai di baris 4');
    expect(r.errors[3]!.message).toContain('telegram_id «12a» tidak valid');
    expect(await count('people')).toBe(0);
  });

  it('re-import updates the role instead of duplicating', async () => {
    await importPeople(db, 'telegram_id,nama,peran,kode_opd\n1004,Staf Dinkes,staf,DINKES\n', NOW);
    const r = await importPeople(db, 'telegram_id,nama,peran,kode_opd\n1004,Staf Dinkes,kepala,DISDIK\n', NOW + 1);
    expect(r).toEqual({ ok: true, created: 0, updated: 1 });
    expect(await count('people')).toBe(1);
    const disdik = await findOpdByCode(db, 'DISDIK');
    expect(await findPersonByTelegramId(db, 1004)).toMatchObject({ role: 'kepala', opd_id: disdik!.id });
  });

  it('a wrong header is reported as line 1 with the expected header', async () => {
    const r = await importPeople(db, 'telegram_id,nama,peran\n1001,A,admin\n', NOW);
    expect(r).toEqual({ ok: false, errors: [{ line: 1, message: expect.stringContaining('telegram_id,nama,peran,kode_opd') }] });
  });
});

describe('admin CLI main()', () => {
  function capture(): CliOutput & { lines: string[] } {
    const lines: string[] = [];
    return { lines, log: (s) => lines.push(s), error: (s) => lines.push(s) };
  }

  it('imports a file and reports in Indonesian; bad rows exit 1', async () => {
    const file = path.join(dir, 'opd.csv');
    fs.writeFileSync(file, OPDS);
    const out = capture();
    const env = { DATABASE_URL: `file:${path.join(dir, 'cli.db')}` };
    expect(await main(['import-opd', file], env, out)).toBe(0);
    expect(out.lines).toEqual(['Berhasil: 3 OPD baru, 0 diperbarui.']);

    const bad = path.join(dir, 'people.csv');
    fs.writeFileSync(bad, 'telegram_id,nama,peran,kode_opd\n1001,Gubernur,pimpinan,\n1002,Kadis,kepala,NOPE\n');
    const out2 = capture();
    expect(await main(['import-people', bad], env, out2)).toBe(1);
    expect(out2.lines[0]).toMatch(/^Baris 3: kode_opd «NOPE» belum terdaftar/);
    expect(out2.lines.at(-1)).toMatch(/^Tidak ada yang disimpan/);
  });

  it('usage errors exit 2 with the list of commands', async () => {
    const out = capture();
    expect(await main([], {}, out)).toBe(2);
    expect(out.lines.join('\n')).toContain('import-opd');
    expect(out.lines.join('\n')).toContain('import-people');

    const out2 = capture();
    expect(await main(['hapus-semua', 'x.db'], {}, out2)).toBe(2);
    expect(out2.lines[0]).toBe('Perintah «hapus-semua» tidak dikenal.');

    const out3 = capture();
    expect(await main(['import-opd', path.join(dir, 'missing.csv')], { DATABASE_URL: `file:${path.join(dir, 'cli.db')}` }, out3)).toBe(2);
    expect(out3.lines[0]).toMatch(/tidak ditemukan/);
  });
});
