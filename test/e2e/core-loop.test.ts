import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as adminCli } from '../../src/cli/admin';
import {
  ADMIN,
  buttonsOf,
  callText,
  GOVERNOR,
  GROUPS,
  HEAD_BPBD,
  HEAD_DINKES,
  HEAD_PUPR,
  OUTSIDER,
  privateChat,
  SECRETARIAT,
  sentMessageId,
  startHarness,
  type Harness,
} from '../support/harness';

/**
 * The story of issue #2, end to end: admin sets up three OPDs, heads join by invitation,
 * the governor sends an instruction to all, two heads acknowledge (one twice), an outsider
 * is refused, and the secretariat sees who has not.
 */
describe('core loop: instruction out, acknowledgements in', () => {
  let h: Harness;
  const quiet = { log: () => undefined, error: () => undefined };

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('admin imports OPDs and people with the CLI', async () => {
    const env = { DATABASE_URL: h.config.databaseUrl };
    const opdCsv = join(h.dir, 'opd.csv');
    writeFileSync(
      opdCsv,
      'kode,nama,klaster\nDINKES,Dinas Kesehatan,Sosial\nBPBD,Badan Penanggulangan Bencana Daerah,Sosial\nPUPR,Dinas Pekerjaan Umum dan Penataan Ruang,Infrastruktur\n',
    );
    expect(await adminCli(['import-opd', opdCsv], env, quiet)).toBe(0);
    const peopleCsv = join(h.dir, 'people.csv');
    writeFileSync(peopleCsv, `telegram_id,nama,peran,kode_opd\n${GOVERNOR.id},Herman Gubernur,pimpinan,\n${SECRETARIAT.id},Sari Sekretariat,sekretariat,\n`);
    expect(await adminCli(['import-people', peopleCsv], env, quiet)).toBe(0);

    h.tg.sendText({ from: ADMIN, chat: privateChat(ADMIN), text: '/opd' });
    const list = await h.tg.waitForMessage(ADMIN.id, 'Daftar OPD');
    expect(callText(list)).toContain('DINKES');
    expect(callText(list)).toContain('grup belum terhubung');
  });

  it('admin links each OPD group with /daftar', async () => {
    for (const [code, chat] of Object.entries(GROUPS)) {
      h.tg.sendText({ from: ADMIN, chat, text: `/daftar ${code}` });
      await h.tg.waitForMessage(chat.id, `terhubung dengan ${code}`);
    }
    h.tg.sendText({ from: ADMIN, chat: privateChat(ADMIN), text: '/opd' });
    await h.tg.waitForMessage(ADMIN.id, /DINKES.*grup terhubung/);
  });

  it('heads join through invitation deep links, each approved by the admin (INVITE_APPROVAL=kepala)', async () => {
    const heads = [
      ['DINKES', HEAD_DINKES],
      ['BPBD', HEAD_BPBD],
      ['PUPR', HEAD_PUPR],
    ] as const;
    for (const [code, head] of heads) {
      h.tg.sendText({ from: ADMIN, chat: privateChat(ADMIN), text: `/undang ${code} kepala` });
      const invite = await h.tg.waitForMessage(ADMIN.id, `t.me/arahan_test_bot?start=`);
      const token = /start=([\w-]+)/.exec(callText(invite))![1]!;
      h.tg.clearCalls();
      h.tg.sendText({ from: head, chat: privateChat(head), text: `/start ${token}` });
      await h.tg.waitForMessage(head.id, 'Mohon menunggu persetujuan');
      const request = await h.tg.waitForMessage(ADMIN.id, 'Permintaan pendaftaran');
      h.tg.pressButton({ from: ADMIN, chatId: ADMIN.id, messageId: sentMessageId(request), data: buttonsOf(request).find((b) => b[0] === 'Setujui')![1] });
      await h.tg.waitForMessage(head.id, `Bapak/Ibu kini terdaftar sebagai <b>Kepala OPD</b> pada <b>${code}`);
    }
  });

  const groupMessages: Record<string, number> = {};

  it('the governor sends an instruction to all OPDs; each group gets one message with both buttons', async () => {
    h.tg.clearCalls();
    h.tg.sendText({
      from: GOVERNOR,
      chat: privateChat(GOVERNOR),
      text: '/arahan\nKepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\nSifat: segera\n\nMohon seluruh OPD menyiapkan posko siaga banjir & <laporan> harian.',
    });
    const preview = await h.tg.waitForMessage(GOVERNOR.id, 'Pratinjau arahan');
    expect(callText(preview)).toContain('Semua OPD (3 OPD)');
    expect(callText(preview)).toMatch(/WIB/);
    expect(buttonsOf(preview).map((b) => b[0])).toEqual(['Kirim', 'Batal']);

    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(preview), data: buttonsOf(preview).find((b) => b[0] === 'Kirim')![1] });
    await h.tg.waitForMessage(GOVERNOR.id, /ARH-\d{4}-0001<\/b> sedang dikirim ke 3 grup OPD/, { includeEdits: true });

    for (const [code, chat] of Object.entries(GROUPS)) {
      const msg = await h.tg.waitForMessage(chat.id, 'ARAHAN ARH-');
      expect(callText(msg)).toContain('&lt;laporan&gt;'); // escaped for HTML
      expect(buttonsOf(msg).map((b) => b[0])).toEqual(['✅ Siap, diterima', '📝 Kirim laporan', '⏳ Minta perpanjangan', '⚠️ Kendala']);
      groupMessages[code] = sentMessageId(msg);
    }
    // exactly one message per group
    for (const chat of Object.values(GROUPS)) {
      expect(h.tg.sent(chat.id).filter((c) => callText(c).includes('ARAHAN ARH-'))).toHaveLength(1);
    }
    await h.tg.waitForMessage(GOVERNOR.id, '0/3 OPD sudah konfirmasi');
  });

  it('two heads acknowledge (one of them twice); an outsider is refused', async () => {
    const ackData = (code: string) => {
      const msg = h.tg.getMessage(GROUPS[code as keyof typeof GROUPS].id, groupMessages[code]!)!;
      const kb = (msg.reply_markup?.inline_keyboard ?? []).flat();
      return (kb.find((b) => b.text.startsWith('✅')) as { callback_data: string }).callback_data;
    };
    const dinkesAck = ackData('DINKES');
    const bpbdAck = ackData('BPBD');

    const outsiderPress = h.tg.pressButton({ from: OUTSIDER, chatId: GROUPS.DINKES.id, messageId: groupMessages.DINKES!, data: dinkesAck });
    const [refusal] = await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === outsiderPress.callback_query!.id);
    expect(refusal!.payload.show_alert).toBe(true);
    expect(String(refusal!.payload.text)).toContain('belum terdaftar');

    // BPBD's head pressing DINKES's button is refused too: not a member of that OPD.
    const wrongOpd = h.tg.pressButton({ from: HEAD_BPBD, chatId: GROUPS.DINKES.id, messageId: groupMessages.DINKES!, data: dinkesAck });
    const [wrong] = await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === wrongOpd.callback_query!.id);
    expect(String(wrong!.payload.text)).toContain('hanya kepala atau staf Dinas Kesehatan');

    const first = h.tg.pressButton({ from: HEAD_DINKES, chatId: GROUPS.DINKES.id, messageId: groupMessages.DINKES!, data: dinkesAck });
    const [thanks] = await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === first.callback_query!.id);
    expect(String(thanks!.payload.text)).toContain('Terima kasih');
    await h.tg.waitForMessage(GROUPS.DINKES.id, 'Diterima oleh Budi Santoso', { includeEdits: true });

    // The same person presses again, and the same update arrives twice: nothing changes.
    const again = h.tg.pressButton({ from: HEAD_DINKES, chatId: GROUPS.DINKES.id, messageId: groupMessages.DINKES!, data: dinkesAck });
    const [already] = await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === again.callback_query!.id);
    expect(String(already!.payload.text)).toContain('sudah dikonfirmasi oleh Budi Santoso');
    h.tg.injectUpdate({ callback_query: first.callback_query! });
    await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === first.callback_query!.id, { count: 2 });

    h.tg.pressButton({ from: HEAD_BPBD, chatId: GROUPS.BPBD.id, messageId: groupMessages.BPBD!, data: bpbdAck });
    await h.tg.waitForMessage(GROUPS.BPBD.id, 'Diterima oleh Dewi Lestari', { includeEdits: true });

    // The issuer's summary follows, with coalesced edits.
    await h.tg.waitForMessage(GOVERNOR.id, '2/3 OPD sudah konfirmasi', { includeEdits: true, timeoutMs: 8000 });
  });

  it('/belum names the OPD that has not acknowledged; /status shows 2 of 3', async () => {
    h.tg.clearCalls();
    h.tg.sendText({ from: SECRETARIAT, chat: privateChat(SECRETARIAT), text: '/belum' });
    const belum = await h.tg.waitForMessage(SECRETARIAT.id, 'Belum konfirmasi');
    expect(callText(belum)).toContain('PUPR');
    expect(callText(belum)).not.toContain('DINKES');
    expect(callText(belum)).not.toContain('BPBD —');

    h.tg.sendText({ from: SECRETARIAT, chat: privateChat(SECRETARIAT), text: '/status 1' });
    const status = await h.tg.waitForMessage(SECRETARIAT.id, 'Status ARH-');
    expect(callText(status)).toContain('2 dari 3 OPD sudah konfirmasi');
    expect(callText(status)).toMatch(/DINKES — Dinas Kesehatan: ✅ diterima Budi Santoso/);
    expect(callText(status)).toMatch(/PUPR — .*belum konfirmasi/);

    h.tg.sendText({ from: SECRETARIAT, chat: privateChat(SECRETARIAT), text: '/terlambat' });
    await h.tg.waitForMessage(SECRETARIAT.id, 'Tidak ada konfirmasi maupun tindak lanjut yang terlambat');
  });
});
