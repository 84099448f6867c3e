import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  ask,
  buttonsOf,
  callText,
  GOVERNOR,
  GROUPS,
  HEAD_DINKES,
  importCsv,
  lastSeq,
  messagesSince,
  OUTSIDER,
  SECRETARIAT,
  sentMessageId,
  startHarness,
  type Harness,
} from '../support/harness';

/**
 * Everything a user can get wrong, answered in Indonesian with what is wrong, and nothing
 * changed by it: no instruction created, no OPD added or relinked, no role changed.
 */
describe('bad input is refused or corrected, and changes nothing', () => {
  let h: Harness;
  /** A group that is no OPD's group: only wrong /daftar attempts happen here. */
  const STRAY = { id: -100199, type: 'supergroup' as const, title: 'Grup Arisan' };
  const NEW_STAFF = { id: 4001, first_name: 'Nina', last_name: 'Wulandari' };
  const LATECOMER = { id: 4002, first_name: 'Joko', last_name: 'Susilo' };
  let opdListBefore = '';

  const answer = async (from: { id: number; first_name: string }, text: string, chat?: typeof STRAY) => callText(await ask(h.tg, from, text, chat));

  beforeAll(async () => {
    h = await startHarness({ INVITE_MAX_USES: '1' });
    expect(await importCsv(h, 'import-opd', 'kode,nama,klaster\nDINKES,Dinas Kesehatan,Sosial\nBPBD,Badan Penanggulangan Bencana Daerah,Sosial\n')).toBe(0);
    expect(
      await importCsv(
        h,
        'import-people',
        `telegram_id,nama,peran,kode_opd\n${GOVERNOR.id},Herman Gubernur,pimpinan,\n${SECRETARIAT.id},Sari Sekretariat,sekretariat,\n${HEAD_DINKES.id},Budi Santoso,kepala,DINKES\n`,
      ),
    ).toBe(0);
    expect(await answer(ADMIN, '/daftar DINKES', GROUPS.DINKES)).toContain('terhubung dengan <b>DINKES</b>');
    expect(await answer(ADMIN, '/daftar BPBD', GROUPS.BPBD)).toContain('terhubung dengan <b>BPBD</b>');
    opdListBefore = await answer(ADMIN, '/opd');
    expect(opdListBefore).toMatch(/DINKES.*grup terhubung/);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The secretariat asks for instruction 1: it must still not exist. */
  const expectNoInstruction = async () => expect(await answer(SECRETARIAT, '/status 1')).toMatch(/ARH-\d{4}-0001<\/b> tidak ditemukan/);

  describe('restricted commands by callers without the role', () => {
    it.each([
      { who: 'a kepala', from: HEAD_DINKES, text: '/arahan', refusal: 'perintah /arahan hanya untuk Pimpinan, Sekretariat.' },
      { who: 'an unregistered user', from: OUTSIDER, text: '/arahan', refusal: 'belum terdaftar di Arahan' },
      { who: 'a kepala', from: HEAD_DINKES, text: '/belum', refusal: 'perintah /belum hanya untuk Pimpinan, Sekretariat, Admin.' },
      { who: 'a kepala', from: HEAD_DINKES, text: '/status 1', refusal: 'perintah /status hanya untuk Pimpinan, Sekretariat, Admin.' },
      { who: 'a kepala', from: HEAD_DINKES, text: '/terlambat', refusal: 'perintah /terlambat hanya untuk Pimpinan, Sekretariat, Admin.' },
      { who: 'the sekretariat', from: SECRETARIAT, text: '/opd tambah DISHUB Dinas Perhubungan', refusal: 'perintah /opd tambah hanya untuk Admin.' },
      { who: 'the sekretariat', from: SECRETARIAT, text: '/undang DINKES kepala', refusal: 'perintah /undang hanya untuk Admin.' },
      { who: 'the sekretariat', from: SECRETARIAT, text: `/peran ${SECRETARIAT.id} admin`, refusal: 'perintah /peran hanya untuk Admin.' },
      { who: 'the sekretariat', from: SECRETARIAT, text: '/daftar DINKES', refusal: 'perintah /daftar hanya untuk Admin.', chat: STRAY },
    ])('$text by $who is refused', async ({ from, text, refusal, chat }) => {
      const reply = await answer(from, text, chat);
      expect(reply).toContain(refusal);
      expect(reply).not.toContain('t.me/'); // no invitation link slipped out
    });

    it('and nothing changed: no draft, no OPD, no role, no link', async () => {
      // The kepala's refused /arahan left no draft behind: a plain message gets the short
      // help (what a message nobody waits for gets), not a draft's next question.
      const seq = lastSeq(h.tg);
      expect(await answer(HEAD_DINKES, 'Kepada: semua')).toContain('Ketik /bantuan untuk melihat perintah yang tersedia.');
      expect(await answer(HEAD_DINKES, '/start')).toContain('Peran Bapak/Ibu: <b>Kepala OPD</b>');
      expect(messagesSince(h.tg, seq, HEAD_DINKES.id)).toHaveLength(2);

      expect(await answer(ADMIN, '/opd')).toBe(opdListBefore);
      expect(await answer(SECRETARIAT, '/start')).toContain('Peran Bapak/Ibu: <b>Sekretariat</b>');
      await expectNoInstruction();
    });
  });

  describe('commands with missing or wrong arguments', () => {
    it.each([
      { from: SECRETARIAT, text: '/status', reply: 'Format: <code>/status NOMOR</code>' },
      { from: SECRETARIAT, text: '/status abc', reply: 'Nomor arahan tidak dikenali. Contoh: <code>/status ARH-2026-0042</code>' },
      { from: SECRETARIAT, text: '/status 99', reply: /Arahan dengan nomor <b>ARH-\d{4}-0099<\/b> tidak ditemukan/ },
      { from: SECRETARIAT, text: '/belum 99', reply: /Arahan dengan nomor <b>ARH-\d{4}-0099<\/b> tidak ditemukan/ },
      { from: SECRETARIAT, text: '/belum ARH-2026-abc', reply: 'Nomor arahan tidak dikenali. Contoh: <code>/belum' },
      { from: ADMIN, text: '/opd tambah', reply: 'Format: <code>/opd tambah KODE Nama OPD [| Klaster]</code>' },
      { from: ADMIN, text: '/opd tambah DISHUB', reply: 'Format: <code>/opd tambah KODE Nama OPD [| Klaster]</code>' },
      { from: ADMIN, text: '/opd tambah "dinas kesehatan!!"', reply: 'Kode OPD hanya boleh berisi huruf, angka' },
      { from: ADMIN, text: '/opd tambah KES!! Dinas Kesehatan', reply: 'Kode OPD hanya boleh berisi huruf, angka' },
      { from: ADMIN, text: '/undang DINKES', reply: 'Format: <code>/undang KODE kepala|staf</code>' },
      { from: ADMIN, text: '/undang XXX kepala', reply: 'OPD dengan kode <b>XXX</b> tidak ditemukan' },
      { from: ADMIN, text: '/undang DINKES bos', reply: 'Format: <code>/undang KODE kepala|staf</code>' },
      { from: ADMIN, text: '/peran', reply: 'Format: <code>/peran TELEGRAM_ID PERAN [KODE_OPD]</code>' },
      { from: ADMIN, text: '/peran abc pimpinan', reply: 'ID Telegram harus berupa angka' },
      { from: ADMIN, text: '/peran 123 raja', reply: 'Peran “raja” tidak dikenal' },
      { from: ADMIN, text: `/peran ${HEAD_DINKES.id} kepala`, reply: 'Peran kepala dan staf memerlukan kode OPD' },
      { from: ADMIN, text: `/peran ${HEAD_DINKES.id} staf XXX`, reply: 'OPD dengan kode <b>XXX</b> tidak ditemukan' },
      { from: ADMIN, text: '/peran 555 sekretariat', reply: 'Pengguna dengan ID 555 belum pernah terdaftar' },
      { from: ADMIN, text: '/daftar DINKES', reply: 'Perintah /daftar hanya dapat digunakan di grup OPD.' },
      { from: ADMIN, text: '/daftar', reply: 'Format: <code>/daftar KODE</code> di dalam grup OPD', chat: STRAY },
      { from: ADMIN, text: '/daftar XXX', reply: 'OPD dengan kode <b>XXX</b> tidak ditemukan', chat: STRAY },
      { from: OUTSIDER, text: '/start bukan-token-asli', reply: 'Tautan undangan tidak dikenali' },
      { from: SECRETARIAT, text: '/bahasa xx', reply: 'Format: <code>/bahasa id</code> atau <code>/bahasa en</code>.' },
      { from: GOVERNOR, text: '/arahan Mohon siaga banjir.', reply: 'Perintah /arahan hanya dapat digunakan di chat pribadi dengan bot.', chat: GROUPS.DINKES },
    ])('$text → the format or what is wrong', async ({ from, text, reply, chat }) => {
      const got = await answer(from, text, chat);
      if (typeof reply === 'string') expect(got).toContain(reply);
      else expect(got).toMatch(reply);
    });

    it('and nothing changed: same OPDs, same roles, same language, no instruction', async () => {
      expect(await answer(ADMIN, '/opd')).toBe(opdListBefore);
      expect(await answer(HEAD_DINKES, '/start')).toContain('Peran Bapak/Ibu: <b>Kepala OPD</b>');
      expect(await answer(OUTSIDER, '/start')).toContain('Bapak/Ibu belum terdaftar');
      expect(await answer(SECRETARIAT, '/bantuan')).toContain('perintah untuk Sekretariat'); // still Indonesian
      await expectNoInstruction();
    });
  });

  describe('/arahan letter-form problems', () => {
    const body = 'Mohon seluruh OPD menyiapkan posko siaga banjir.';
    const longText = 'Mohon segera melaporkan kesiapan posko. '.repeat(90).trim(); // > 3500 characters
    let groupSeq = 0;

    beforeAll(() => {
      groupSeq = lastSeq(h.tg);
    });

    it.each([
      { problem: 'empty text after the headers', form: 'Kepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari', reply: 'Isi arahan masih kosong' },
      { problem: 'missing Kepada', form: `Konfirmasi: 2 jam\nSelesai: 3 hari\n\n${body}`, reply: 'Baris <b>Kepada</b> belum diisi' },
      {
        problem: 'a Kepada that is no target',
        form: `Kepada: dinas kesehatan!!\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\n${body}`,
        reply: 'Tujuan “dinas kesehatan!!” tidak dikenali',
      },
      { problem: 'an unknown OPD code', form: `Kepada: DINKES, DISHUB\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\n${body}`, reply: 'Kode OPD tidak dikenal: DISHUB.' },
      {
        problem: 'an unknown cluster',
        form: `Kepada: klaster Ekonomi\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\n${body}`,
        reply: 'Klaster “Ekonomi” tidak dikenal. Klaster yang ada: Sosial.',
      },
      { problem: 'missing Konfirmasi', form: `Kepada: semua\nSelesai: 3 hari\n\n${body}`, reply: 'Baris <b>Konfirmasi</b> belum diisi' },
      {
        problem: 'Konfirmasi in the past',
        form: `Kepada: semua\nKonfirmasi: 1/1/2020 08.00\nSelesai: 3 hari\n\n${body}`,
        reply: 'Batas waktu konfirmasi (Rabu, 1 Januari 2020 pukul 08.00 WIB) sudah lewat',
      },
      { problem: 'Selesai before Konfirmasi', form: `Kepada: semua\nKonfirmasi: 3 hari\nSelesai: 2 jam\n\n${body}`, reply: 'tidak boleh sebelum batas waktu konfirmasi' },
      {
        problem: 'an unparseable deadline',
        form: `Kepada: semua\nKonfirmasi: kapan-kapan\nSelesai: 3 hari\n\n${body}`,
        reply: 'Format waktu tidak dikenali: “kapan-kapan”. Contoh: 2 jam',
      },
      {
        problem: 'a bad Sifat',
        form: `Kepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\nSifat: santai\n\n${body}`,
        reply: 'Sifat “santai” tidak dikenali. Pilihan: biasa, penting, segera.',
      },
      {
        problem: 'an over-long text',
        form: `Kepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\n${longText}`,
        reply: `Isi arahan terlalu panjang (${longText.length} karakter). Batas: 3500 karakter.`,
      },
    ])('$problem is named, and no preview is offered', async ({ form, reply }) => {
      const call = await ask(h.tg, GOVERNOR, `/arahan\n${form}`);
      expect(callText(call)).toContain(reply);
      expect(callText(call)).not.toContain('Pratinjau');
      expect(buttonsOf(call)).toEqual([]);
    });

    it('and nothing was sent to any group, nor created', async () => {
      expect(longText.length).toBeGreaterThan(3500);
      await expectNoInstruction();
      for (const chat of [GROUPS.DINKES, GROUPS.BPBD, STRAY]) expect(messagesSince(h.tg, groupSeq, chat.id)).toEqual([]);
    });
  });

  it('an invitation link is refused once used as often as allowed (INVITE_MAX_USES=1)', async () => {
    const invite = await answer(ADMIN, '/undang BPBD staf');
    expect(invite).toContain('untuk 1 kali pemakaian');
    const token = /start=([\w-]+)/.exec(invite)![1]!;

    expect(await answer(NEW_STAFF, `/start ${token}`)).toContain('<b>Staf OPD</b> pada <b>BPBD');
    // The same person opening it again spends no use and is simply welcomed again.
    expect(await answer(NEW_STAFF, `/start ${token}`)).toContain('<b>Staf OPD</b> pada <b>BPBD');

    expect(await answer(LATECOMER, `/start ${token}`)).toContain('Tautan undangan sudah mencapai batas pemakaian');
    expect(await answer(LATECOMER, '/start')).toContain('Bapak/Ibu belum terdaftar');
  });

  it('pressing Kirim twice (then Batal) on a preview sends the instruction once, and says so', async () => {
    await expectNoInstruction();
    const seq = lastSeq(h.tg);
    const preview = await ask(h.tg, GOVERNOR, '/arahan\nKepada: semua\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\nMohon laporkan kesiapan posko banjir.');
    expect(callText(preview)).toContain('Pratinjau arahan');

    // Impatient taps: all three arrive before the first is handled.
    const press = (data: string) => h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(preview), data });
    const [kirim, batal] = ['Kirim', 'Batal'].map((l) => buttonsOf(preview).find((b) => b[0] === l)![1]);
    press(kirim!);
    press(kirim!);
    press(batal!);
    await h.tg.waitForMessage(GOVERNOR.id, /ARH-\d{4}-0001<\/b> sedang dikirim ke 2 grup OPD/, { includeEdits: true });
    await h.tg.waitFor((c) => c.seq > seq && c.method === 'sendMessage' && callText(c).includes('Draf ini sudah tidak berlaku'), { count: 2 });
    // Batal came too late: it must not claim that nothing was sent.
    expect(messagesSince(h.tg, seq, GOVERNOR.id).filter((c) => callText(c).includes('Tidak ada yang dikirim'))).toEqual([]);
    await h.tg.waitForMessage(GROUPS.DINKES.id, 'ARAHAN ARH-');
    await h.tg.waitForMessage(GROUPS.BPBD.id, 'ARAHAN ARH-');
    // The summary comes last; waited for so the next test's answers are not mistaken for it.
    await h.tg.waitForMessage(GOVERNOR.id, /ARH-\d{4}-0001<\/b>\n0\/2 OPD sudah konfirmasi/);

    expect(await answer(SECRETARIAT, '/status 2')).toMatch(/ARH-\d{4}-0002<\/b> tidak ditemukan/);
    expect(await answer(SECRETARIAT, '/status 1')).toContain('0 dari 2 OPD sudah konfirmasi');
    expect(messagesSince(h.tg, seq, GROUPS.DINKES.id)).toHaveLength(1);
    expect(messagesSince(h.tg, seq, GROUPS.BPBD.id)).toHaveLength(1);
    expect(messagesSince(h.tg, seq, STRAY.id)).toEqual([]); // the refused /daftar linked nothing
    // (Said by turning the preview into it: an edit, issue #14.)
    const issued = h.tg.callsTo('editMessageText').filter((c) => c.ok && c.seq > seq && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes('sedang dikirim'));
    expect(issued).toHaveLength(1);
  });

  it('Kirim on an older preview does not send the newer draft; typing during a preview asks for Kirim or Batal', async () => {
    const older = await ask(h.tg, GOVERNOR, '/arahan\nKepada: DINKES\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\nDraf lama untuk DINKES.');
    const newer = await ask(h.tg, GOVERNOR, '/arahan\nKepada: BPBD\nKonfirmasi: 2 jam\nSelesai: 3 hari\n\nDraf baru untuk BPBD.');
    expect(callText(await ask(h.tg, GOVERNOR, 'ini teks biasa'))).toContain('mohon tekan <b>Kirim</b> atau <b>Batal</b>');
    const seq = lastSeq(h.tg);
    const kirimOf = (call: typeof older) => buttonsOf(call).find((b) => b[0] === 'Kirim')![1];
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(older), data: kirimOf(older) });
    await h.tg.waitFor((c) => c.seq > seq && c.method === 'sendMessage' && callText(c).includes('Draf ini sudah tidak berlaku'));
    expect(messagesSince(h.tg, seq, GROUPS.DINKES.id)).toEqual([]);
    expect(messagesSince(h.tg, seq, GROUPS.BPBD.id)).toEqual([]);
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(newer), data: kirimOf(newer) });
    await h.tg.waitForMessage(GROUPS.BPBD.id, 'Draf baru untuk BPBD');
    expect(messagesSince(h.tg, seq, GROUPS.DINKES.id)).toEqual([]);
  });
});
