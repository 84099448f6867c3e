import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as adminCli } from '../../src/cli/admin';
import { ADMIN, buttonsOf, callText, GOVERNOR, importCsv, press, say, sentMessageId, startWithOrg, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #15, "No command lists the registered people with their ids and roles, yet /peran needs
 * the ids": /pengguna [cari TEKS] for an admin, paged and searchable, and `npm run admin -- people`.
 */
describe('/pengguna and the people CLI', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 2, 720));
    const staff = Array.from({ length: 25 }, (_, i) => `${81000 + i},Staf Nomor ${i + 1},staf,OPD1`);
    expect(await importCsv(h, 'import-people', ['telegram_id,nama,peran,kode_opd', ...staff].join('\n'))).toBe(0);
    await say(h.tg, ADMIN, '/nonaktif 81000 pindah tugas', 'telah dinonaktifkan');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists everyone with id, role, OPD and inactive marked, over pages', async () => {
    const total = Number(
      (
        await h.app.deps.db
          .selectFrom('people')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const first = await say(h.tg, ADMIN, '/pengguna', '<b>Pengguna terdaftar</b>');
    const text = callText(first);
    expect(text).toContain(`(${total}):`);
    expect(text).toContain(`• Herman Gubernur — Pimpinan, ID <code>${GOVERNOR.id}</code>`);
    expect(text).toContain('Halaman 1 dari 2');
    const next = buttonsOf(first).find(([label]) => label.startsWith('Berikutnya'))?.[1];
    expect(next).toBeDefined();
    await press(h.tg, ADMIN, ADMIN.id, sentMessageId(first), next!);
    const [edited] = await h.tg.waitFor(
      (c) => c.ok && c.method === 'editMessageText' && Number(c.payload.chat_id) === ADMIN.id && Number(c.payload.message_id) === sentMessageId(first),
      { description: 'page 2 of /pengguna' },
    );
    expect(callText(edited!)).toContain('Halaman 2 dari 2');
    const all = `${text}\n${callText(edited!)}`;
    expect(all).toContain('• Staf Nomor 1 — Staf OPD OPD1, ID <code>81000</code> (nonaktif)');
    expect(all).toContain('• Staf Nomor 25 — Staf OPD OPD1, ID <code>81024</code>');
  });

  it('searches by OPD code and by name; a non-admin is refused', async () => {
    const byOpd = callText(await say(h.tg, ADMIN, '/pengguna cari opd2', 'yang cocok dengan'));
    expect(byOpd).toContain('(1):');
    expect(byOpd).toContain(`• Kepala2 OPD — Kepala OPD OPD2, ID <code>${org[1]!.head.id}</code>`);
    const byName = callText(await say(h.tg, ADMIN, '/pengguna cari gubernur', 'yang cocok dengan'));
    expect(byName).toContain(`ID <code>${GOVERNOR.id}</code>`);
    expect(byName).not.toContain('Staf Nomor');
    expect(callText(await say(h.tg, ADMIN, '/pengguna cari zzz', 'Tidak ada pengguna'))).toContain('zzz');
    expect(callText(await say(h.tg, GOVERNOR, '/pengguna', 'hanya untuk'))).not.toContain('<code>');
  });

  it('npm run admin -- people [search] prints the same people, one line each', async () => {
    const lines: string[] = [];
    const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) };
    expect(await adminCli(['people', 'OPD2'], { DATABASE_URL: h.config.databaseUrl }, out)).toBe(0);
    expect(lines).toContain(`${org[1]!.head.id}\tKepala OPD\tOPD2\taktif\tKepala2 OPD\t-`);
    expect(lines.filter((l) => /^\d+\t/.test(l))).toHaveLength(1);
    lines.length = 0;
    expect(await adminCli(['people'], { DATABASE_URL: h.config.databaseUrl }, out)).toBe(0);
    expect(lines).toContain('81000\tStaf OPD\tOPD1\tnonaktif\tStaf Nomor 1\t-');
  });
});
