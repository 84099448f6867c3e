import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ask, callText, startHarness, setupOrg, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #15, "Admin basics": the bootstrap admin takes their Telegram name at /start instead of
 * "Admin <id>", and /bantuan in a group explains the ✅ / 📝 / ⏳ buttons and shows the
 * admin-only /daftar to admins only.
 */
describe('admin basics', () => {
  let h: Harness;
  let org: OrgMember[];
  const answer = async (from: { id: number; first_name: string; last_name?: string }, text: string, chat?: Parameters<typeof ask>[3]) =>
    callText(await ask(h.tg, from, text, chat));

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the bootstrap admin is greeted with their Telegram name, and keeps it', async () => {
    const greeting = await answer(ADMIN, '/start');
    expect(greeting).toContain('Selamat datang, Bapak/Ibu Rina Admin.');
    expect(greeting).not.toContain(`Admin ${ADMIN.id}`);
    const person = await h.app.deps.db.selectFrom('people').select('name').where('telegram_id', '=', ADMIN.id).executeTakeFirstOrThrow();
    expect(person.name).toBe('Rina Admin');
    // A later /start from a renamed profile changes nothing: only the placeholder is replaced.
    expect(await answer({ ...ADMIN, first_name: 'Nama', last_name: 'Lain' }, '/start')).toContain('Bapak/Ibu Rina Admin.');
  });

  it('/bantuan in a group: the buttons explained; /daftar only for an admin', async () => {
    org = await setupOrg(h, 1, 640);
    const m = org[0]!;
    const member = await answer(m.head, '/bantuan', m.group);
    expect(member).toContain('✅ Siap, diterima — konfirmasi');
    expect(member).toContain('📝 Kirim laporan — kirim laporan tindak lanjut');
    expect(member).toContain('⏳ Minta perpanjangan — minta tambahan waktu');
    expect(member).toContain('/minta_perpanjangan — ');
    expect(member).not.toContain('/daftar');
    const admin = await answer(ADMIN, '/bantuan', m.group);
    expect(admin).toContain('/daftar — ');
    expect(admin).toContain('✅ Siap, diterima — ');
  });
});
