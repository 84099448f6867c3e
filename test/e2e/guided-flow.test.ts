import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeadline } from '../../src/domain/deadline';
import { id } from '../../locales/id';
import type { RecordedCall } from '../support/fake-telegram';
import { ADMIN, ask, buttonsOf, callText, GOVERNOR, importCsv, lastSeq, messagesSince, SECRETARIAT, sentMessageId, startHarness, type Harness } from '../support/harness';

/**
 * The guided /arahan conversation, one question at a time: text → target buttons
 * (all, a cluster, or OPDs picked on a paged keyboard) → ack deadline → due date →
 * priority → preview → Kirim. Ten OPDs, so the picker needs two pages.
 */
describe('guided /arahan conversation', () => {
  let h: Harness;
  const me = GOVERNOR;
  const OPDS = [
    ['BAPPEDA', 'Badan Perencanaan Pembangunan Daerah', 'Ekonomi'],
    ['BKD', 'Badan Kepegawaian Daerah', 'Pemerintahan'],
    ['BPBD', 'Badan Penanggulangan Bencana Daerah', 'Sosial'],
    ['DINKES', 'Dinas Kesehatan', 'Sosial'],
    ['DINSOS', 'Dinas Sosial', 'Sosial'],
    ['DISHUB', 'Dinas Perhubungan', 'Infrastruktur'],
    ['DISKOMINFO', 'Dinas Komunikasi dan Informatika', 'Pemerintahan'],
    ['DISPERINDAG', 'Dinas Perindustrian dan Perdagangan', 'Ekonomi'],
    ['DPMPTSP', 'Dinas Penanaman Modal dan PTSP', 'Ekonomi'],
    ['PUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'Infrastruktur'],
  ] as const;
  const CODES = OPDS.map(([code]) => code);
  const group = (code: string) => ({ id: -200000 - CODES.indexOf(code as (typeof CODES)[number]), type: 'supergroup' as const, title: `Grup ${code}` });

  beforeAll(async () => {
    h = await startHarness();
    expect(await importCsv(h, 'import-opd', `kode,nama,klaster\n${OPDS.map((o) => o.join(',')).join('\n')}\n`)).toBe(0);
    expect(
      await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${GOVERNOR.id},Herman Gubernur,pimpinan,\n${SECRETARIAT.id},Sari Sekretariat,sekretariat,\n`),
    ).toBe(0);
    for (const code of CODES) expect(callText(await ask(h.tg, ADMIN, `/daftar ${code}`, group(code)))).toContain(`terhubung dengan <b>${code}</b>`);
  });
  afterAll(async () => {
    await h?.close();
  });

  // --- the governor's side of the conversation

  /** Labels of a message's buttons as it is now (after edits). */
  const buttonsNow = (messageId: number): Array<[string, string]> =>
    (h.tg.getMessage(me.id, messageId)?.reply_markup?.inline_keyboard ?? []).flat().map((b) => [b.text, 'callback_data' in b ? (b.callback_data ?? '') : '']);
  const labels = (messageId: number) => buttonsNow(messageId).map(([label]) => label);

  /** Presses the button labelled `label`; resolves with the bot's next message or edit in the private chat. */
  async function press(messageId: number, label: string): Promise<RecordedCall> {
    const data = buttonsNow(messageId).find(([l]) => l === label)?.[1];
    if (!data) throw new Error(`no button «${label}» on message ${messageId}: ${labels(messageId).join(' | ')}`);
    const after = lastSeq(h.tg);
    h.tg.pressButton({ from: me, chatId: me.id, messageId, data });
    const [call] = await h.tg.waitFor((c) => c.seq > after && c.ok && (c.method === 'sendMessage' || c.method === 'editMessageText') && Number(c.payload.chat_id) === me.id, {
      description: `the answer to pressing «${label}»`,
    });
    return call!;
  }
  const say = (text: string) => ask(h.tg, me, text);

  /** What the groups of these OPDs received since `seq`. */
  const instructionsSince = (seq: number, codes: readonly string[]) =>
    codes.flatMap((code) => messagesSince(h.tg, seq, group(code).id).filter((c) => callText(c).includes('ARAHAN ARH-')));

  it('Pilih OPD: two OPDs picked over two pages, deadlines asked (a bad one corrected), preview, only those two groups receive it', async () => {
    const seq = lastSeq(h.tg);
    expect(callText(await say('/arahan'))).toContain('Mohon tuliskan <b>isi arahan</b>');

    const targets = await say('Mohon laporkan kesiapan posko kesehatan arus mudik.');
    expect(callText(targets)).toContain('Kepada siapa arahan ini ditujukan?');
    const menu = sentMessageId(targets);
    expect(buttonsOf(targets).map(([l]) => l)).toEqual(['Semua OPD', 'Klaster Ekonomi', 'Klaster Infrastruktur', 'Klaster Pemerintahan', 'Klaster Sosial', 'Pilih OPD']);

    // The picker replaces the target menu in place: page 1 shows the first 8 codes.
    const page1 = await press(menu, 'Pilih OPD');
    expect(page1.method).toBe('editMessageText');
    expect(callText(page1)).toContain('terpilih: 0');
    expect(labels(menu)).toEqual([...CODES.slice(0, 8), 'Berikutnya ›', 'Selesai ✔']);

    // Selesai with nothing picked: an alert, and the picker stays.
    const after = lastSeq(h.tg);
    const empty = h.tg.pressButton({ from: me, chatId: me.id, messageId: menu, data: buttonsNow(menu).find(([l]) => l === 'Selesai ✔')![1] });
    const [alert] = await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === empty.callback_query!.id);
    expect(alert!.payload).toMatchObject({ text: 'Mohon pilih sedikitnya satu OPD.', show_alert: true });
    expect(messagesSince(h.tg, after, me.id)).toEqual([]);

    expect(callText(await press(menu, 'DINKES'))).toContain('terpilih: 1');
    expect(callText(await press(menu, 'BPBD'))).toContain('terpilih: 2');
    expect(callText(await press(menu, '✔ BPBD'))).toContain('terpilih: 1'); // a second tap un-picks
    expect(labels(menu)).toContain('✔ DINKES');
    expect(labels(menu)).toContain('BPBD');

    // A double tap on "Berikutnya ›": the second press finds page 2 already shown; no error alert.
    const nextPage = buttonsNow(menu).find(([l]) => l === 'Berikutnya ›')![1];
    const taps = [1, 2].map(() => h.tg.pressButton({ from: me, chatId: me.id, messageId: menu, data: nextPage }).callback_query!.id);
    expect(callText(await say('/bantuan'))).toContain('perintah untuk Pimpinan'); // both taps handled by now
    const tapAnswers = h.tg.callsTo('answerCallbackQuery').filter((c) => taps.includes(String(c.payload.callback_query_id)));
    expect(tapAnswers.map((c) => c.payload.text ?? '')).toEqual(['', '']);
    expect(h.tg.getMessage(me.id, menu)?.text).toContain('terpilih: 1');
    expect(labels(menu)).toEqual(['DPMPTSP', 'PUPR', '‹ Sebelumnya', 'Selesai ✔']);
    expect(callText(await press(menu, 'PUPR'))).toContain('terpilih: 2');
    expect(labels(menu)).toContain('✔ PUPR');

    const askAck = await press(menu, 'Selesai ✔');
    expect(callText(askAck)).toContain('batas waktu konfirmasi');

    const bad = callText(await say('kapan-kapan'));
    expect(bad).toContain('Format waktu tidak dikenali: “kapan-kapan”');
    expect(bad).toContain('Contoh: 2 jam, besok 09.00');

    const tz = h.config.timezone;
    const expectedAck = id.fmt.dateTime((parseDeadline('besok 09.00', Date.now(), tz) as { at: number }).at, tz);
    expect(callText(await say('besok 09.00'))).toContain('batas waktu tindak lanjut (selesai)');
    const expectedDue = id.fmt.dateTime((parseDeadline('lusa 16.00', Date.now(), tz) as { at: number }).at, tz);
    const askPriority = await say('lusa 16.00');
    expect(callText(askPriority)).toContain('pilih <b>sifat</b>');
    expect(buttonsOf(askPriority).map(([l]) => l)).toEqual(['Biasa', 'Penting', 'Segera']);

    const preview = await press(sentMessageId(askPriority), 'Penting');
    // The deadlines are date_time entities (Bot API 9.5): their WIB text is read without the tags.
    const text = callText(preview).replace(/<tg-time [^>]*>|<\/tg-time>/g, '');
    expect(text).toContain('Pratinjau arahan');
    expect(text).toContain('Kepada: DINKES, PUPR (2 OPD)');
    expect(text).toContain('Sifat: Penting');
    expect(text).toContain(`Konfirmasi: <b>${expectedAck}</b>`);
    expect(text).toContain(`Selesai: <b>${expectedDue}</b>`);
    expect(expectedAck).toMatch(/pukul 09\.00 WIB$/);
    expect(expectedDue).toMatch(/pukul 16\.00 WIB$/);
    expect(text).not.toContain('⚠️'); // both groups are linked

    // The preview itself says first that it is going out (issue #14); the summary follows.
    const issued = await press(sentMessageId(preview), 'Kirim');
    expect(issued.method).toBe('editMessageText');
    expect(callText(issued)).toMatch(/ARH-\d{4}-0001<\/b> sedang dikirim ke 2 grup OPD/);
    await h.tg.waitForMessage(me.id, /📊 <b>ARH-\d{4}-0001<\/b>\n0\/2 OPD sudah konfirmasi/);
    for (const code of ['DINKES', 'PUPR']) {
      const msg = await h.tg.waitForMessage(group(code).id, 'ARAHAN ARH-');
      expect(callText(msg)).toContain('Sifat: Penting');
      expect(callText(msg)).toContain('Mohon laporkan kesiapan posko kesehatan arus mudik.');
    }

    const status = callText(await ask(h.tg, SECRETARIAT, '/status 1'));
    expect(status).toContain('0 dari 2 OPD sudah konfirmasi');
    expect(status.match(/^• /gm)).toHaveLength(2);
    expect(
      instructionsSince(
        seq,
        CODES.filter((c) => c !== 'DINKES' && c !== 'PUPR'),
      ),
    ).toEqual([]);
    expect(instructionsSince(seq, ['DINKES', 'PUPR'])).toHaveLength(2);
  });

  it('/batal_draf mid-flow cancels: a later plain text only gets the short help and the old buttons are stale', async () => {
    const targets = await say('/arahan Mohon seluruh OPD mengikuti apel siaga bencana.');
    expect(callText(targets)).toContain('Kepada siapa');

    expect(callText(await say('/batal_draf'))).toBe('Draf arahan dibatalkan. Tidak ada yang dikirim.');

    const seq = lastSeq(h.tg);
    // A draft would have answered "Kepada siapa"; with none, the text gets the short help.
    expect(callText(await say('semua'))).toContain('Ketik /bantuan untuk melihat perintah yang tersedia.');
    expect(callText(await say('/batal_draf'))).toContain('Tidak ada draf arahan yang sedang disusun');
    expect(messagesSince(h.tg, seq, me.id)).toHaveLength(2); // the help and that answer

    expect(callText(await press(sentMessageId(targets), 'Semua OPD'))).toContain('Draf ini sudah tidak berlaku');
    expect(callText(await ask(h.tg, SECRETARIAT, '/status 2'))).toMatch(/ARH-\d{4}-0002<\/b> tidak ditemukan/);
  });

  it('Semua OPD, then Batal on the preview: cancelled, and Kirim afterwards sends nothing', async () => {
    const seq = lastSeq(h.tg);
    const targets = await say('/arahan Mohon seluruh OPD menghemat penggunaan listrik.');
    expect(callText(await press(sentMessageId(targets), 'Semua OPD'))).toContain('batas waktu konfirmasi');
    expect(callText(await say('2 jam'))).toContain('batas waktu tindak lanjut');
    expect(callText(await say('3 hari'))).toContain('pilih <b>sifat</b>');
    const preview = await say('segera'); // the priority may be typed too
    expect(callText(preview)).toContain('Kepada: Semua OPD (10 OPD)');
    expect(callText(preview)).toContain('Sifat: Segera');

    expect(callText(await press(sentMessageId(preview), 'Batal'))).toBe('Draf arahan dibatalkan. Tidak ada yang dikirim.');
    expect(labels(sentMessageId(preview))).toEqual([]); // the preview's buttons are gone

    const kirimData = buttonsOf(preview).find((b) => b[0] === 'Kirim')![1];
    const kirim = h.tg.pressButton({ from: me, chatId: me.id, messageId: sentMessageId(preview), data: kirimData }); // a stale tap
    await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === kirim.callback_query!.id);
    await h.tg.waitForMessage(me.id, 'Draf ini sudah tidak berlaku');

    expect(callText(await ask(h.tg, SECRETARIAT, '/status 2'))).toMatch(/ARH-\d{4}-0002<\/b> tidak ditemukan/);
    expect(instructionsSince(seq, CODES)).toEqual([]);
  });

  it('a cluster choice sends only to that cluster’s OPDs', async () => {
    const seq = lastSeq(h.tg);
    const targets = await say('/arahan Mohon OPD bidang ekonomi menyiapkan data inflasi daerah.');
    expect(callText(await press(sentMessageId(targets), 'Klaster Ekonomi'))).toContain('batas waktu konfirmasi');
    await say('2 jam');
    const askPriority = await say('3 hari');
    const preview = await press(sentMessageId(askPriority), 'Biasa');
    expect(callText(preview)).toContain('Kepada: Klaster Ekonomi (3 OPD)');

    await press(sentMessageId(preview), 'Kirim');
    await h.tg.waitForMessage(me.id, /ARH-\d{4}-0002<\/b> sedang dikirim ke 3 grup OPD/, { includeEdits: true });
    const ekonomi = OPDS.filter(([, , cluster]) => cluster === 'Ekonomi').map(([code]) => code);
    expect(ekonomi).toEqual(['BAPPEDA', 'DISPERINDAG', 'DPMPTSP']);
    for (const code of ekonomi) await h.tg.waitForMessage(group(code).id, 'ARAHAN ARH-');

    expect(callText(await ask(h.tg, SECRETARIAT, '/status 2'))).toContain('0 dari 3 OPD sudah konfirmasi');
    expect(
      instructionsSince(
        seq,
        CODES.filter((c) => !ekonomi.includes(c)),
      ),
    ).toEqual([]);
    expect(instructionsSince(seq, ekonomi)).toHaveLength(3);
  });
});
