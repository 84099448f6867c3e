import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonsOf,
  ADMIN,
  ask,
  callText,
  GOVERNOR,
  GROUPS,
  HEAD_DINKES,
  importCsv,
  lastSeq,
  messagesSince,
  SECRETARIAT,
  sentMessageId,
  startHarness,
  waitForValue,
  type Harness,
} from '../support/harness';

/**
 * An OPD's group record stays true to Telegram: the bot removed from a group is flagged and
 * reported, a group upgraded to a supergroup is followed, and an OPD that cannot be reached
 * is named to the issuer and in /status instead of being skipped silently.
 */
describe('OPD groups: removal, migration, unreachable OPDs', () => {
  /** The fake has a message a moment before the bot has recorded it as delivered: /status must wait for the record. */
  const deliveriesRecorded = () =>
    waitForValue(
      () => h.app.deps.db.selectFrom('assignments').select('id').where('delivery_state', 'in', ['queued', 'sending']).execute(),
      (rows) => rows.length === 0,
      'every delivery recorded',
    );
  let h: Harness;
  /** BPBD starts as a basic group, to be upgraded to a supergroup. */
  const BPBD_GROUP = { id: -5002, type: 'group' as const, title: 'BPBD Provinsi' };
  const BPBD_SUPERGROUP_ID = -1000000005002;
  const DISHUB_GROUP = { id: -100104, type: 'supergroup' as const, title: 'Dinas Perhubungan' };

  const answer = async (from: { id: number; first_name: string }, text: string) => callText(await ask(h.tg, from, text));

  /** The governor issues an instruction in letter form and presses Kirim; resolves with the preview's text. */
  async function issue(kepada: string, text: string): Promise<string> {
    const preview = await ask(h.tg, GOVERNOR, `/arahan\nKepada: ${kepada}\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\n${text}`);
    expect(callText(preview)).toContain('Pratinjau arahan');
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(preview), data: buttonsOf(preview).find((b) => b[0] === 'Kirim')![1] });
    return callText(preview);
  }

  beforeAll(async () => {
    h = await startHarness();
    const opds =
      'kode,nama,klaster\nDINKES,Dinas Kesehatan,Sosial\nBPBD,Badan Penanggulangan Bencana Daerah,Sosial\nDISHUB,Dinas Perhubungan,Infrastruktur\nPUPR,Dinas Pekerjaan Umum dan Penataan Ruang,Infrastruktur\n';
    expect(await importCsv(h, 'import-opd', opds)).toBe(0);
    expect(
      await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${GOVERNOR.id},Herman Gubernur,pimpinan,\n${SECRETARIAT.id},Sari Sekretariat,sekretariat,\n`),
    ).toBe(0);
    // PUPR's group is never linked.
    for (const [code, chat] of [
      ['DINKES', GROUPS.DINKES],
      ['BPBD', BPBD_GROUP],
      ['DISHUB', DISHUB_GROUP],
    ] as const) {
      expect(callText(await ask(h.tg, ADMIN, `/daftar ${code}`, chat))).toContain(`terhubung dengan <b>${code}</b>`);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    { code: 'DINKES', chat: GROUPS.DINKES, newStatus: 'kicked' as const },
    { code: 'DISHUB', chat: DISHUB_GROUP, newStatus: 'left' as const },
  ])('the bot $newStatus from the $code group: /opd warns, admins and the secretariat are told', async ({ code, chat, newStatus }) => {
    const seq = lastSeq(h.tg);
    h.tg.memberUpdate({ chat, from: HEAD_DINKES, newStatus });
    const notice = `⚠️ Bot dikeluarkan dari grup OPD <b>${code}</b>`;
    await h.tg.waitForMessage(ADMIN.id, notice);
    await h.tg.waitForMessage(SECRETARIAT.id, notice);
    expect(messagesSince(h.tg, seq, ADMIN.id).filter((c) => callText(c).includes(notice))).toHaveLength(1);

    const opd = await answer(ADMIN, '/opd');
    expect(opd).toMatch(new RegExp(`<b>${code}</b> — [^\\n]*: ⚠️ bot dikeluarkan dari grup`));
    expect(opd).toMatch(/<b>BPBD<\/b> — [^\n]*: grup terhubung ✅/);
    expect(messagesSince(h.tg, seq, GOVERNOR.id)).toEqual([]); // the pimpinan is not troubled with set-up
  });

  it('a group upgraded to a supergroup: the OPD follows it, and the next instruction goes to the new chat', async () => {
    const seq = lastSeq(h.tg);
    h.tg.migrateGroup(BPBD_GROUP.id, BPBD_SUPERGROUP_ID);
    expect(await answer(ADMIN, '/opd')).toMatch(/<b>BPBD<\/b> — [^\n]*: grup terhubung ✅/);

    await issue('BPBD', 'Mohon BPBD menyiagakan tim reaksi cepat.');
    await h.tg.waitForMessage(GOVERNOR.id, /ARH-\d{4}-0001<\/b> sedang dikirim ke 1 grup OPD/, { includeEdits: true });
    // The summary comes after the leader's feedback; wait for it so it is not taken for the next test's preview.
    await h.tg.waitForMessage(GOVERNOR.id, /ARH-\d{4}-0001<\/b>\n0\/1 OPD sudah konfirmasi/);
    const delivered = await h.tg.waitForMessage(BPBD_SUPERGROUP_ID, 'ARAHAN ARH-');
    expect(callText(delivered)).toContain('menyiagakan tim reaksi cepat');
    expect(messagesSince(h.tg, seq, BPBD_GROUP.id)).toEqual([]);
    await deliveriesRecorded();

    const status = await answer(SECRETARIAT, '/status 1');
    expect(status).toMatch(/BPBD — [^\n]*: ⏳ terkirim/);
  });

  it('OPDs without a reachable group are named to the issuer, in the summary and in /status, not skipped', async () => {
    const seq = lastSeq(h.tg);
    const preview = await issue('semua', 'Mohon seluruh OPD melaporkan kesiapan angkutan lebaran.');
    expect(preview).toContain('Kepada: Semua OPD (4 OPD)');
    expect(preview).toContain('⚠️ Belum memiliki grup terhubung: DINKES, DISHUB, PUPR.');

    await h.tg.waitForMessage(GOVERNOR.id, /ARH-\d{4}-0002<\/b> sedang dikirim ke 1 grup OPD/, { includeEdits: true });
    await h.tg.waitForMessage(GOVERNOR.id, '⚠️ Tidak terkirim karena grup OPD belum terhubung: DINKES, DISHUB, PUPR.');
    const summary = await h.tg.waitForMessage(GOVERNOR.id, /ARH-\d{4}-0002<\/b>\n0\/4 OPD sudah konfirmasi/);
    expect(callText(summary)).toContain('⚠️ 3 OPD belum dapat dikirimi');
    await h.tg.waitForMessage(BPBD_SUPERGROUP_ID, 'melaporkan kesiapan angkutan lebaran');
    await deliveriesRecorded();

    const status = await answer(SECRETARIAT, '/status 2');
    expect(status).toContain('0 dari 4 OPD sudah konfirmasi');
    for (const code of ['DINKES', 'DISHUB', 'PUPR']) expect(status).toMatch(new RegExp(`• ${code} — [^\\n]*: ⚠️ grup belum terhubung`));
    expect(status).toMatch(/• BPBD — [^\n]*: ⏳ terkirim/);

    const belum = await answer(SECRETARIAT, '/belum 2');
    expect(belum).toMatch(/PUPR — [^\n]*: belum terkirim \(⚠️ grup belum terhubung\)/);

    // Nothing was attempted into the groups the bot has left.
    for (const chatId of [GROUPS.DINKES.id, DISHUB_GROUP.id]) {
      expect(h.tg.calls.filter((c) => c.seq > seq && Number(c.payload.chat_id) === chatId)).toEqual([]);
    }
  });
});
