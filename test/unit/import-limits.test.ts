import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/admin';
import type { Db } from '../../src/infra/db/database';
import { freshDatabasePerTest } from '../support/fresh-db';
import { IMPORT_LIMITS, importOpds, importPeople } from '../../src/features/organisation/import-org';
import { NAME_LIMITS } from '../../src/domain/names';

/** Issue #13, finding 9: the CSV import bounds the file, its rows and every name in it. */
const NOW = Date.UTC(2026, 11, 1, 3, 0);

const fresh = freshDatabasePerTest();
let dir: string;
let db: Db;
beforeEach(() => {
  ({ dir, db } = fresh);
});

const opdCount = async () =>
  Number(
    (
      await db
        .selectFrom('opds')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('import limits', () => {
  it('refuses more OPD rows than the limit, naming the first row past it, and writes nothing', async () => {
    const rows = Array.from({ length: IMPORT_LIMITS.opdRows + 1 }, (_, i) => `OPD${i + 1},Dinas ${i + 1},`);
    const r = await importOpds(db, ['kode,nama,klaster', ...rows].join('\n'), NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(IMPORT_LIMITS.opdRows + 2);
    expect(r.errors[0]!.message).toBe(
      `Baris ${IMPORT_LIMITS.opdRows + 2}: berkas berisi ${IMPORT_LIMITS.opdRows + 1} baris data, melebihi batas ${IMPORT_LIMITS.opdRows} baris untuk satu kali impor; periksa apakah berkas yang dipilih sudah benar, atau bagi menjadi beberapa berkas.`,
    );
    expect(await opdCount()).toBe(0);
  });

  it('takes exactly the limit', async () => {
    const rows = Array.from({ length: IMPORT_LIMITS.opdRows }, (_, i) => `OPD${i + 1},Dinas ${i + 1},`);
    expect(await importOpds(db, ['kode,nama,klaster', ...rows].join('\n'), NOW)).toEqual({ ok: true, created: IMPORT_LIMITS.opdRows, updated: 0 });
  });

  it('refuses a text over the size limit before reading its rows', async () => {
    const r = await importOpds(db, `kode,nama,klaster\nA1,"${'x'.repeat(IMPORT_LIMITS.bytes)}",`, NOW);
    expect(r).toEqual({ ok: false, errors: [{ line: 1, message: expect.stringContaining('Berkas terlalu besar') }] });
  });

  it('the CLI refuses a file over the size limit without reading it (exit 2)', async () => {
    const file = path.join(dir, 'besar.csv');
    const content = `kode,nama,klaster\nA1,"${'x'.repeat(IMPORT_LIMITS.bytes)}",\n`;
    fs.writeFileSync(file, content);
    const errors: string[] = [];
    const code = await main(['import-opd', file], { DATABASE_URL: fresh.url }, { log: () => undefined, error: (l) => errors.push(l) });
    expect(code).toBe(2);
    expect(errors.join('\n')).toContain(`Berkas terlalu besar: ${content.length.toLocaleString('id-ID')} byte, melebihi batas 2 MB (2.097.152 byte)`);
  });

  it('cleans and bounds names, with a note per name cut; refuses one with nothing readable', async () => {
    const long = 'Dinas '.repeat(900);
    const r = await importOpds(db, ['kode,nama,klaster', `A1,"${long}",${'K'.repeat(50)}`, 'A2,"Dinas\u0000 Sosial\u001b",Umum'].join('\n'), NOW);
    expect(r).toEqual({
      ok: true,
      created: 2,
      updated: 0,
      notes: [
        { line: 2, message: `Baris 2: nama OPD lebih dari ${NAME_LIMITS.opd} karakter sehingga disimpan terpotong; bila perlu, singkatkan di berkas lalu impor ulang.` },
        { line: 2, message: `Baris 2: nama klaster lebih dari ${NAME_LIMITS.cluster} karakter sehingga disimpan terpotong; bila perlu, singkatkan di berkas lalu impor ulang.` },
      ],
    });
    const rows = await db.selectFrom('opds').select(['code', 'name', 'cluster']).orderBy('code').execute();
    expect(rows[0]!.name.length).toBeLessThanOrEqual(NAME_LIMITS.opd);
    expect(rows[0]!.cluster!.length).toBeLessThanOrEqual(NAME_LIMITS.cluster);
    expect(rows[1]).toEqual({ code: 'A2', name: 'Dinas Sosial', cluster: 'Umum' });

    const bad = await importPeople(db, ['telegram_id,nama,peran,kode_opd', '5001,"\u0000\u200b\u202e",staf,A1'].join('\n'), NOW);
    expect(bad).toEqual({
      ok: false,
      errors: [
        {
          line: 2,
          message:
            'Baris 2: nama tidak dapat dibaca karena hanya berisi karakter kendali atau karakter tak terlihat; isi dengan nama orang tersebut dalam huruf biasa, contoh Budi Santoso.',
        },
      ],
    });
  });

  it('the CLI prints the notes after the count', async () => {
    const file = path.join(dir, 'opd.csv');
    fs.writeFileSync(file, `kode,nama,klaster\nA1,"${'Badan '.repeat(100)}",\n`);
    const lines: string[] = [];
    const code = await main(['import-opd', file], { DATABASE_URL: fresh.url }, { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines).toEqual([
      'Berhasil: 1 OPD baru, 0 diperbarui.',
      `Catatan: Baris 2: nama OPD lebih dari ${NAME_LIMITS.opd} karakter sehingga disimpan terpotong; bila perlu, singkatkan di berkas lalu impor ulang.`,
    ]);
  });
});
