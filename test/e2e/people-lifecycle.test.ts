import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as adminCli } from '../../src/cli/admin';
import { messagesFor } from '../../src/infra/i18n';
import {
  ADMIN,
  buttonsOf,
  callText,
  GOVERNOR,
  GROUPS,
  HEAD_BPBD,
  HEAD_DINKES,
  importCsv,
  issueTo,
  lastSeq,
  messagesSince,
  press,
  privateChat,
  say,
  SECRETARIAT,
  sentMessageId,
  startHarness,
  waitAfter,
  waitForValue,
  type Harness,
  type IssuedInstruction,
} from '../support/harness';

/**
 * Issue #13, finding 7: people can be deactivated and invitations are under the admin's
 * control. A link is for one person (INVITE_MAX_USES=1 by default); a kepala link waits for an
 * admin's Setujui (INVITE_APPROVAL=kepala); a link can be revoked; nobody is demoted by opening
 * a lower link; /nonaktif (and the CLI) refuse a person everything from then on, with the
 * history kept, and /aktifkan undoes it. The last active admin cannot be deactivated.
 */
describe('people lifecycle: invitations under control, deactivation with history', () => {
  const t = messagesFor('id');
  let h: Harness;
  const STRANGER_1 = { id: 9201, first_name: 'Tamu', last_name: 'Pertama' };
  const STRANGER_2 = { id: 9202, first_name: 'Tamu', last_name: 'Kedua' };
  const STRANGER_3 = { id: 9203, first_name: 'Tamu', last_name: 'Ketiga' };
  const STAFF_DINKES = { id: 4201, first_name: 'Siti', last_name: 'Rahma', username: 'siti_rahma' };
  const ANDI_1 = 4301;
  const ANDI_2 = 4302;
  const ADMIN_2 = 1002;
  const quiet = { log: () => undefined, error: () => undefined };

  const answer = async (from: { id: number; first_name: string }, text: string, match: string | RegExp = /./) => callText(await say(h.tg, from, text, match));
  const person = (telegramId: number) => h.app.deps.db.selectFrom('people').selectAll().where('telegram_id', '=', telegramId).executeTakeFirst();
  const events = (kind: string) => h.app.deps.db.selectFrom('events').selectAll().where('kind', '=', kind).orderBy('id').execute();
  const tokenOf = (text: string) => /start=([\w-]+)/.exec(text)![1]!;
  const numberOf = (text: string) => Number(/undangan cabut (\d+)/.exec(text)![1]);
  async function invite(code: string, role: 'kepala' | 'staf'): Promise<{ token: string; id: number; text: string }> {
    const text = await answer(ADMIN, `/undang ${code} ${role}`, 'start=');
    return { token: tokenOf(text), id: numberOf(text), text };
  }
  /** Everything a refused or bad command must leave as it was. */
  const fingerprint = async () =>
    JSON.stringify({
      people: await h.app.deps.db.selectFrom('people').select(['telegram_id', 'role', 'opd_id', 'active']).orderBy('telegram_id').execute(),
      invitations: await h.app.deps.db.selectFrom('invitations').select(['id', 'uses', 'revoked_at']).orderBy('id').execute(),
      requests: await h.app.deps.db.selectFrom('join_requests').select(['id', 'state']).orderBy('id').execute(),
      events: (await h.app.deps.db.selectFrom('events').select('id').execute()).length,
    });

  beforeAll(async () => {
    h = await startHarness();
    expect(await importCsv(h, 'import-opd', 'kode,nama,klaster\nDINKES,Dinas Kesehatan,Sosial\nBPBD,Badan Penanggulangan Bencana Daerah,Sosial\n')).toBe(0);
    const people = [
      'telegram_id,nama,peran,kode_opd',
      `${GOVERNOR.id},Herman Gubernur,pimpinan,`,
      `${SECRETARIAT.id},Sari Sekretariat,sekretariat,`,
      `${HEAD_BPBD.id},Dewi Lestari,kepala,BPBD`,
      `${ANDI_1},Andi Wijaya,staf,BPBD`,
      `${ANDI_2},Andi Wijaya,staf,BPBD`,
    ].join('\n');
    expect(await importCsv(h, 'import-people', people)).toBe(0);
    await say(h.tg, ADMIN, '/daftar DINKES', 'terhubung dengan <b>DINKES</b>', GROUPS.DINKES);
    await say(h.tg, ADMIN, '/daftar BPBD', 'terhubung dengan <b>BPBD</b>', GROUPS.BPBD);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a kepala link is for one person and waits for the admin: the forwarded copy is refused, Setujui registers', async () => {
    const link = await invite('DINKES', 'kepala');
    expect(link.text).toContain('untuk 1 kali pemakaian');
    expect(link.text).toContain(t.inviteNeedsApproval);

    const seq = lastSeq(h.tg);
    expect(await answer(HEAD_DINKES, `/start ${link.token}`)).toContain('Mohon menunggu persetujuan');
    const request = await waitAfter(h.tg, seq, ADMIN.id, 'Permintaan pendaftaran');
    expect(callText(request)).toContain(`Budi Santoso, ID Telegram <code>${HEAD_DINKES.id}</code>, membuka tautan undangan <b>Kepala OPD</b>`);
    expect(buttonsOf(request).map((b) => b[0])).toEqual(['Setujui', 'Tolak']);
    // Not registered while waiting.
    expect(await person(HEAD_DINKES.id)).toBeUndefined();
    expect(await answer(HEAD_DINKES, '/start')).toContain('Bapak/Ibu belum terdaftar');

    // The link forwarded to strangers: used up, no second request, nobody registered.
    expect(await answer(STRANGER_1, `/start ${link.token}`)).toContain('Tautan undangan sudah mencapai batas pemakaian');
    expect(await answer(STRANGER_2, `/start ${link.token}`)).toContain('Tautan undangan sudah mencapai batas pemakaian');
    expect(await person(STRANGER_1.id)).toBeUndefined();
    // Opening it again himself: still waiting, no second request.
    expect(await answer(HEAD_DINKES, `/start ${link.token}`)).toContain('Mohon menunggu persetujuan');
    expect(messagesSince(h.tg, seq, ADMIN.id).filter((c) => callText(c).includes('Permintaan pendaftaran'))).toHaveLength(1);

    const approve = buttonsOf(request).find((b) => b[0] === 'Setujui')![1];
    const before = lastSeq(h.tg);
    await press(h.tg, ADMIN, ADMIN.id, sentMessageId(request), approve);
    expect(callText(await waitAfter(h.tg, before, ADMIN.id, 'telah disetujui'))).toContain('Budi Santoso telah disetujui dan terdaftar sebagai <b>Kepala OPD</b>');
    await waitAfter(h.tg, before, HEAD_DINKES.id, 'Bapak/Ibu kini terdaftar sebagai <b>Kepala OPD</b> pada <b>DINKES');
    expect(await person(HEAD_DINKES.id)).toMatchObject({ role: 'kepala', active: 1 });

    // A second press (another admin's copy, or twice) changes nothing.
    const again = await press(h.tg, ADMIN, ADMIN.id, sentMessageId(request), approve);
    expect(String(again.payload.text)).toContain('Permintaan ini sudah disetujui oleh');
    expect((await events('join_requested')).length).toBe(1);
    expect(await events('join_approved')).toHaveLength(1);
    expect((await events('join_approved'))[0]).toMatchObject({ actor_telegram_id: ADMIN.id });
  });

  it('Tolak: the person is told, stays unregistered, and the link keeps refusing them', async () => {
    const link = await invite('DINKES', 'kepala');
    const seq = lastSeq(h.tg);
    expect(await answer(STRANGER_3, `/start ${link.token}`)).toContain('Mohon menunggu persetujuan');
    const request = await waitAfter(h.tg, seq, ADMIN.id, 'Tamu Ketiga, ID Telegram');
    await press(h.tg, ADMIN, ADMIN.id, sentMessageId(request), buttonsOf(request).find((b) => b[0] === 'Tolak')![1]);
    await waitAfter(h.tg, seq, ADMIN.id, 'Permintaan Tamu Ketiga untuk <b>DINKES</b> — Dinas Kesehatan telah ditolak');
    await waitAfter(h.tg, seq, STRANGER_3.id, 'tidak disetujui oleh admin');
    expect(await person(STRANGER_3.id)).toBeUndefined();
    expect(await answer(STRANGER_3, `/start ${link.token}`)).toBe(t.inviteRejected);
    expect(await answer(STRANGER_3, '/start')).toContain('Bapak/Ibu belum terdaftar');
    expect(await events('join_rejected')).toHaveLength(1);
  });

  it('a kepala opening his own OPD\u2019s staf link, or another OPD\u2019s kepala link, is not demoted or moved', async () => {
    const staf = await invite('DINKES', 'staf');
    const kepala = await invite('DINKES', 'kepala');
    const before = await fingerprint();
    expect(await answer(HEAD_DINKES, `/start ${staf.token}`)).toBe(t.inviteAlreadyMember('Kepala OPD', 'DINKES — Dinas Kesehatan'));
    expect(await answer(HEAD_BPBD, `/start ${kepala.token}`)).toBe(t.inviteAlreadyMember('Kepala OPD', 'BPBD — Badan Penanggulangan Bencana Daerah'));
    // Nothing changed: same roles, no use spent, no request to the admins.
    expect(await fingerprint()).toBe(before);
    expect(await person(HEAD_DINKES.id)).toMatchObject({ role: 'kepala', active: 1 });
    // The staf link was not spent: the staff member it was meant for can still use it.
    expect(await answer(STAFF_DINKES, `/start ${staf.token}`)).toContain('Bapak/Ibu kini terdaftar sebagai <b>Staf OPD</b> pada <b>DINKES');
  });

  it('/undangan lists the open links with a Cabut button and /undangan cabut NOMOR; a revoked link says so', async () => {
    const a = await invite('BPBD', 'staf');
    const b = await invite('BPBD', 'staf');
    const list = await say(h.tg, ADMIN, '/undangan', 'Tautan undangan yang masih berlaku');
    expect(callText(list)).toMatch(new RegExp(`#${a.id}</b> Staf OPD <b>BPBD</b>[^\\n]*terpakai 0 dari 1`));
    const revoke = buttonsOf(list).find((x) => x[0] === `Cabut #${a.id}`);
    expect(revoke).toBeDefined();
    await press(h.tg, ADMIN, ADMIN.id, sentMessageId(list), revoke![1]);
    await h.tg.waitForMessage(ADMIN.id, `Tautan undangan #${a.id} (Staf OPD <b>BPBD</b>`);
    expect(await answer(STRANGER_1, `/start ${a.token}`)).toBe(t.inviteRevoked);

    expect(await answer(ADMIN, `/undangan cabut ${b.id}`)).toContain(`Tautan undangan #${b.id}`);
    expect(await answer(STRANGER_1, `/start ${b.token}`)).toBe(t.inviteRevoked);
    expect(await answer(ADMIN, `/undangan cabut ${b.id}`)).toBe(t.inviteRevokeAlready(b.id));
    expect(await person(STRANGER_1.id)).toBeUndefined();
    const after = callText(await say(h.tg, ADMIN, '/undangan', /Tautan undangan yang masih berlaku|Tidak ada tautan/));
    expect(after).not.toContain(`#${a.id}</b>`);
    expect(after).not.toContain(`#${b.id}</b>`);
    expect((await events('invite_revoked')).map((e) => JSON.parse(e.data!).invitation)).toEqual([a.id, b.id]);
  });

  describe('/nonaktif and /aktifkan', () => {
    let issued: IssuedInstruction;
    const dinkes = { code: 'DINKES', group: GROUPS.DINKES, head: HEAD_DINKES };

    beforeAll(async () => {
      issued = await issueTo(h, [dinkes], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    });

    it('deactivates a kepala with a reason, says the OPD has no active head, and keeps the history', async () => {
      const reply = await answer(ADMIN, `/nonaktif ${HEAD_DINKES.id} pindah tugas`, 'dinonaktifkan');
      expect(reply).toContain('Budi Santoso (Kepala OPD DINKES) telah dinonaktifkan, dengan alasan: pindah tugas.');
      expect(reply).toContain(`<code>/aktifkan ${HEAD_DINKES.id}</code>`);
      expect(reply).toContain('⚠️ <b>DINKES</b> — Dinas Kesehatan kini tidak memiliki kepala OPD yang aktif');
      expect(await person(HEAD_DINKES.id)).toMatchObject({ active: 0, deactivated_by: ADMIN.id, deactivation_reason: 'pindah tugas' });
      const [event] = await events('person_deactivated');
      expect(event).toMatchObject({ actor_telegram_id: ADMIN.id });
      expect(JSON.parse(event!.data!)).toMatchObject({ telegram_id: HEAD_DINKES.id, role: 'kepala', reason: 'pindah tugas', via: 'telegram' });
      // Their own menu is a guest's now.
      const json = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
      await waitForValue(
        () =>
          h.tg
            .callsTo('setMyCommands')
            .filter((c) => json(c.payload.scope).includes(String(HEAD_DINKES.id)))
            .at(-1),
        (c) => !!c && (JSON.parse(json(c.payload.commands)) as Array<{ command: string }>).map((x) => x.command).join(',') === 'start,bantuan',
        'the guest menu for the deactivated head',
      );
    });

    it('the deactivated head is refused everything: ✅, 📝, a reply report, /start, /bantuan, a new link', async () => {
      const ack = await press(h.tg, HEAD_DINKES, GROUPS.DINKES.id, issued.message.DINKES!, `ack:${issued.assignment.DINKES}`);
      expect(ack.payload).toMatchObject({ text: t.ackInactive, show_alert: true });
      const report = await press(h.tg, HEAD_DINKES, GROUPS.DINKES.id, issued.message.DINKES!, `rep:${issued.assignment.DINKES}`);
      expect(report.payload).toMatchObject({ text: t.accountInactive, show_alert: true });
      const seq = lastSeq(h.tg);
      h.tg.sendText({ from: HEAD_DINKES, chat: GROUPS.DINKES, text: 'Posko sudah siap.', replyToMessageId: issued.message.DINKES });
      await waitAfter(h.tg, seq, GROUPS.DINKES.id, t.accountInactive);
      expect(await answer(HEAD_DINKES, '/start')).toBe(t.accountInactive);
      expect(await answer(HEAD_DINKES, '/bantuan')).toContain(t.accountInactive);
      expect(await answer(HEAD_DINKES, '/minta_perpanjangan 1 besok alasan')).toBe(t.accountInactive);
      const link = await invite('DINKES', 'kepala');
      expect(await answer(HEAD_DINKES, `/start ${link.token}`)).toBe(t.accountInactive);

      const db = h.app.deps.db;
      expect(await db.selectFrom('assignments').select('state').where('id', '=', issued.assignment.DINKES!).executeTakeFirstOrThrow()).toEqual({ state: 'delivered' });
      expect(await db.selectFrom('reports').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('invitations').select('uses').where('id', '=', link.id).executeTakeFirstOrThrow()).toEqual({ uses: 0 });
      expect(await answer(ADMIN, `/nonaktif ${HEAD_DINKES.id}`)).toMatch(/^Budi Santoso sudah nonaktif sejak .+; tidak ada yang diubah\.$/);
    });

    it('/aktifkan gives the head back the role and the ✅', async () => {
      expect(await answer(ADMIN, `/aktifkan ${HEAD_DINKES.id}`)).toBe(t.reactivated('Budi Santoso', 'Kepala OPD', '<b>DINKES</b> — Dinas Kesehatan'));
      expect(await person(HEAD_DINKES.id)).toMatchObject({ active: 1, deactivated_at: null, deactivation_reason: null });
      const ack = await press(h.tg, HEAD_DINKES, GROUPS.DINKES.id, issued.message.DINKES!, `ack:${issued.assignment.DINKES}`);
      expect(ack.payload.show_alert).not.toBe(true);
      expect(await events('person_reactivated')).toHaveLength(1);
      expect(await answer(ADMIN, `/aktifkan ${HEAD_DINKES.id}`)).toBe(t.alreadyActive('Budi Santoso'));
    });

    it('finds a person by @username or by full name (| reason); namesakes are listed, not guessed', async () => {
      expect(await answer(ADMIN, '/nonaktif Siti Rahma | cuti di luar tanggungan')).toContain(
        'Siti Rahma (Staf OPD DINKES) telah dinonaktifkan, dengan alasan: cuti di luar tanggungan.',
      );
      expect(await answer(ADMIN, '/aktifkan @Siti_Rahma')).toContain('Siti Rahma telah diaktifkan kembali');
      const before = await fingerprint();
      const namesakes = await answer(ADMIN, '/nonaktif andi wijaya');
      expect(namesakes).toContain('Ada lebih dari satu pengguna bernama “andi wijaya”');
      expect(namesakes).toContain(`ID <code>${ANDI_1}</code>`);
      expect(namesakes).toContain(`ID <code>${ANDI_2}</code>`);
      expect(await fingerprint()).toBe(before);
    });

    it('the last active admin cannot be deactivated; with a second admin, one can', async () => {
      const before = await fingerprint();
      expect(await answer(ADMIN, `/nonaktif ${ADMIN.id}`)).toContain('satu-satunya admin yang aktif');
      expect(await fingerprint()).toBe(before);
      expect(await adminCli(['nonaktif', String(ADMIN.id)], { DATABASE_URL: h.config.databaseUrl }, quiet)).toBe(1);
      expect(await person(ADMIN.id)).toMatchObject({ active: 1 });

      expect(await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${ADMIN_2},Rudi Admin,admin,`)).toBe(0);
      expect(await answer(ADMIN, `/nonaktif ${ADMIN_2}`)).toContain('Rudi Admin (Admin) telah dinonaktifkan');
      // Now the only active admin again.
      expect(await answer(ADMIN, `/nonaktif ${ADMIN.id}`)).toContain('satu-satunya admin yang aktif');
    });
  });

  it('the admin CLI: nonaktif and aktifkan by Telegram id, recorded as done from the CLI', async () => {
    const logs: string[] = [];
    const out = { log: (l: string) => void logs.push(l), error: (l: string) => void logs.push(l) };
    const env = { DATABASE_URL: h.config.databaseUrl };
    expect(await adminCli(['nonaktif', String(HEAD_BPBD.id), 'mutasi', 'ke', 'provinsi'], env, out)).toBe(0);
    expect(logs.join('\n')).toContain('Berhasil: Dewi Lestari (Kepala OPD BPBD, ID 3002) dinonaktifkan, alasan: mutasi ke provinsi.');
    expect(logs.join('\n')).toContain('Perhatian: BPBD kini tidak memiliki kepala OPD yang aktif.');
    expect(await person(HEAD_BPBD.id)).toMatchObject({ active: 0, deactivated_by: null, deactivation_reason: 'mutasi ke provinsi' });
    const event = (await events('person_deactivated')).at(-1)!;
    expect(event.actor_telegram_id).toBeNull();
    expect(JSON.parse(event.data!)).toMatchObject({ telegram_id: HEAD_BPBD.id, via: 'cli' });
    // The running bot refuses her from the next update on.
    expect(await answer(HEAD_BPBD, '/start')).toBe(t.accountInactive);

    expect(await adminCli(['aktifkan', String(HEAD_BPBD.id)], env, out)).toBe(0);
    expect(logs.at(-1)).toBe('Berhasil: Dewi Lestari (Kepala OPD BPBD, ID 3002) diaktifkan kembali.');
    expect(await answer(HEAD_BPBD, '/start')).toContain('Peran Bapak/Ibu: <b>Kepala OPD</b>');

    // Bad input: a clear line and nothing changed.
    const before = await fingerprint();
    logs.length = 0;
    expect(await adminCli(['nonaktif'], env, out)).toBe(2);
    expect(logs[0]).toContain('Perintah nonaktif memerlukan ID Telegram (angka)');
    expect(await adminCli(['nonaktif', '@dewi'], env, out)).toBe(2);
    expect(await adminCli(['aktifkan', String(HEAD_BPBD.id), 'lagi'], env, out)).toBe(2);
    logs.length = 0;
    expect(await adminCli(['nonaktif', '555'], env, out)).toBe(1);
    expect(logs).toEqual(['Pengguna dengan ID Telegram 555 tidak ditemukan; tidak ada yang diubah.']);
    expect(await fingerprint()).toBe(before);
  });

  describe('bad input gets a clear Indonesian answer and changes nothing', () => {
    it.each([
      { from: ADMIN, text: '/nonaktif', reply: 'Format: <code>/nonaktif ID_TELEGRAM [alasan]</code>' },
      { from: ADMIN, text: '/nonaktif 555', reply: 'Pengguna “555” tidak ditemukan. Mohon periksa ID Telegram, @username, atau nama lengkapnya; tidak ada yang diubah.' },
      { from: ADMIN, text: '/nonaktif @tidak_ada', reply: 'Pengguna “@tidak_ada” tidak ditemukan' },
      { from: ADMIN, text: '/nonaktif Budi pindah tugas', reply: /tidak ditemukan[\s\S]*Mungkin yang dimaksud:\n• Budi Santoso — Kepala OPD DINKES, ID <code>3001<\/code>/ },
      { from: ADMIN, text: '/aktifkan', reply: 'Format: <code>/aktifkan ID_TELEGRAM</code>' },
      { from: ADMIN, text: '/aktifkan 555', reply: 'Pengguna “555” tidak ditemukan' },
      { from: ADMIN, text: '/undangan cabut', reply: 'Format: <code>/undangan</code>' },
      { from: ADMIN, text: '/undangan hapus 3', reply: 'Format: <code>/undangan</code>' },
      { from: ADMIN, text: '/undangan cabut 9999', reply: 'Tautan undangan “9999” tidak ditemukan' },
      { from: SECRETARIAT, text: `/nonaktif ${HEAD_DINKES.id}`, reply: 'perintah /nonaktif hanya untuk Admin.' },
      { from: HEAD_DINKES, text: '/undangan', reply: 'perintah /undangan hanya untuk Admin.' },
      { from: ADMIN, text: `/nonaktif ${HEAD_DINKES.id}`, reply: 'Perintah /nonaktif hanya dapat digunakan di chat pribadi dengan bot.', chat: GROUPS.DINKES },
    ])('$text by $from.first_name → $reply', async ({ from, text, reply, chat }) => {
      const before = await fingerprint();
      const seq = lastSeq(h.tg);
      h.tg.sendText({ from, chat: chat ?? privateChat(from), text });
      const [got] = await h.tg.waitFor((c) => c.seq > seq && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === (chat ?? from).id);
      if (typeof reply === 'string') expect(callText(got!)).toContain(reply);
      else expect(callText(got!)).toMatch(reply);
      expect(await fingerprint()).toBe(before);
    });
  });
});
