import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Update } from 'grammy/types';
import { findPersonByTelegramId } from '../../src/features/organisation/people.queries';
import { issueInstruction } from '../../src/features/issue/issue';
import {
  ask,
  buttonsOf,
  callText,
  GOVERNOR,
  importCsv,
  issueTo,
  lastSeq,
  OUTSIDER,
  press,
  privateChat,
  SECRETARIAT,
  say,
  sentMessageId,
  startWithOrg,
  waitAfter,
  type Harness,
  type OrgMember,
} from '../support/harness';

/**
 * Issue #16, "nobody can speak for the leader": every instruction message carries its number
 * and a verification code (an HMAC with the server's secret); /cek NOMOR KODE, a forwarded
 * message of the bot's or a pasted text says whether it is genuine. A secretariat member
 * issues only "atas nama" a named pimpinan, who is told.
 */
describe('authenticity: verification codes, /cek, atas nama', () => {
  let h: Harness;
  let org: OrgMember[];
  const DEPUTY = { id: 2003, first_name: 'Wati', last_name: 'Wakil' };
  const head = () => org[0]!.head;

  /** The message's text as Telegram shows it to whoever forwards or copies it (no tags). */
  const plain = (html: string) =>
    html
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const codeIn = (html: string) => /Kode verifikasi: <code>([0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/.exec(html)?.[1];

  /** `from` forwards a message of `origin`'s (the bot, or another user) to their private chat with the bot. */
  async function forward(from: { id: number; first_name: string }, text: string, origin: 'bot' | 'user', match: string | RegExp) {
    const after = lastSeq(h.tg);
    const sender =
      origin === 'bot' ? { id: h.tg.botInfo.id, is_bot: true, first_name: h.tg.botInfo.first_name } : { id: OUTSIDER.id, is_bot: false, first_name: OUTSIDER.first_name };
    h.tg.injectUpdate({
      message: {
        message_id: 900_000 + after,
        date: Math.floor(Date.now() / 1000),
        chat: privateChat(from),
        from: { id: from.id, is_bot: false, first_name: from.first_name },
        forward_origin: { type: 'user', sender_user: sender, date: Math.floor(Date.now() / 1000) - 60 },
        text,
      } as Message & Update.NonChannel,
    });
    return callText(await waitAfter(h.tg, after, from.id, match));
  }

  async function instructionCount(): Promise<number> {
    const row = await h.app.deps.db
      .selectFrom('instructions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 2, 810));
    expect(await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${DEPUTY.id},Wati Wakil Gubernur,pimpinan,\n`)).toBe(0);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a genuine code is confirmed with who, when and to whom; a forged one is "tidak sah" without revealing the right code', async () => {
    const issued = await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 86_400_000, text: 'Mohon siapkan data stok pangan menjelang Natal.' });
    const group = h.tg.getMessage(org[0]!.group.id, issued.message.OPD1!)!;
    const groupHtml = callText(await h.tg.waitForMessage(org[0]!.group.id, `ARAHAN ${issued.number}</b>`));
    const code = codeIn(groupHtml);
    expect(code, groupHtml).toBeDefined();
    expect(groupHtml).toContain(`/cek ${issued.number} ${code}`);
    expect(group.text).toContain(`Kode verifikasi: ${code}`);
    // The issuer's summary carries the number and the same code.
    const summary = h.tg.getMessage(GOVERNOR.id, issued.summary)!;
    expect(summary.text).toContain(issued.number);
    expect(summary.text).toContain(`Kode verifikasi: ${code}`);

    // Any registered person, in the private chat; the code in any case, without its dash.
    const genuine = callText(await ask(h.tg, head(), `/cek ${issued.number} ${code!.toLowerCase().replace('-', '')}`));
    expect(genuine).toContain(`✅ <b>SAH</b>. Arahan <b>${issued.number}</b>`);
    expect(genuine).toContain('Dari: Herman Gubernur');
    expect(genuine).toMatch(/Waktu: \S+, \d+ \S+ \d{4} pukul \d{2}\.\d{2} WIB/);
    expect(genuine).toContain('(2 OPD): OPD1, OPD2');
    expect(genuine).toContain('Mohon siapkan data stok pangan menjelang Natal.');

    // The same number with another code: not genuine, and the right code is not told.
    const wrong = code === 'AAAA-AAAA' ? 'BBBB-BBBB' : 'AAAA-AAAA';
    const forged = callText(await ask(h.tg, head(), `/cek ${issued.number} ${wrong}`));
    expect(forged).toContain('❌ <b>TIDAK SAH</b>');
    expect(forged).toContain('Mohon abaikan pesan tersebut dan laporkan kepada sekretariat');
    expect(forged).not.toContain(code!);
    expect(forged).not.toContain(code!.replace('-', ''));
    // A number no instruction has.
    expect(callText(await ask(h.tg, head(), `/cek ARH-2026-9999 ${code}`))).toContain('Tidak ada arahan bernomor <b>ARH-2026-9999</b>');
    // The failed checks are on record (never the code given).
    const events = await h.app.deps.db.selectFrom('events').selectAll().where('kind', '=', 'authenticity_failed').execute();
    expect(events.length).toBe(2);
    expect(events.map((e) => JSON.parse(String(e.data)).reason).sort()).toEqual(['unknown_number', 'wrong_code']);
    expect(events.every((e) => !String(e.data).includes(wrong))).toBe(true);

    // A forwarded message of the bot's is checked directly, and so is a pasted copy.
    expect(await forward(head(), group.text!, 'bot', /SAH|Kode verifikasi/)).toContain(`✅ <b>SAH</b>. Arahan <b>${issued.number}</b>`);
    expect(callText(await say(h.tg, head(), plain(groupHtml), /SAH/))).toContain('✅ <b>SAH</b>');
    // A copy whose code was changed (forwarded by someone else) is not genuine.
    const tampered = group.text!.replaceAll(code!, wrong);
    expect(await forward(head(), tampered, 'user', /SAH/)).toContain('❌ <b>TIDAK SAH</b>');
    // A forwarded bot message without any code is recognised as the bot's and explained.
    expect(await forward(head(), 'Terima kasih, konfirmasi Bapak/Ibu telah dicatat.', 'bot', 'kode verifikasi')).toContain('tidak memuat nomor dan kode verifikasi');
  });

  it('a secretariat member must choose on whose behalf: the leader is told, the group message says it, /cek says it', async () => {
    const before = await instructionCount();
    const letter = '/arahan\nKepada: OPD1\nKonfirmasi: 2 jam\nSelesai: 3 hari\nSifat: penting\n\nMohon pastikan layanan publik tetap buka selama libur akhir tahun.';
    const askBehalf = await say(h.tg, SECRETARIAT, letter, 'atas nama');
    expect(callText(askBehalf)).toContain('Mohon pilih <b>atas nama</b> pimpinan');
    expect(buttonsOf(askBehalf).map(([l]) => l)).toEqual(['Herman Gubernur', 'Wati Wakil Gubernur']);
    // Not without a leader: a name nobody has is refused, nothing is issued.
    expect(callText(await say(h.tg, SECRETARIAT, 'Bapak Presiden', 'tidak ditemukan'))).toContain(
      'Pimpinan “Bapak Presiden” tidak ditemukan. Pimpinan yang terdaftar: Herman Gubernur, Wati Wakil Gubernur.',
    );
    expect(await instructionCount()).toBe(before);

    const governorData = buttonsOf(askBehalf).find(([l]) => l === 'Herman Gubernur')![1];
    let after = lastSeq(h.tg);
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(askBehalf), governorData);
    const preview = await waitAfter(h.tg, after, SECRETARIAT.id, 'Pratinjau arahan');
    expect(callText(preview)).toContain('Atas nama: <b>Herman Gubernur</b> (disampaikan oleh Sari Sekretariat)');

    after = lastSeq(h.tg);
    const send = buttonsOf(preview).find(([l]) => l === 'Kirim')![1];
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(preview), send);
    // (The preview itself turns into "sedang dikirim …": an edit, issue #14.)
    const [issued] = await h.tg.waitFor(
      (c) => c.seq > after && c.ok && c.method === 'editMessageText' && Number(c.payload.chat_id) === SECRETARIAT.id && callText(c).includes('sedang dikirim'),
      {
        description: '"sedang dikirim" in the preview',
      },
    );
    const number = /ARH-\d{4}-\d{4}/.exec(callText(issued!))![0];

    const groupMsg = callText(await h.tg.waitForMessage(org[0]!.group.id, `ARAHAN ${number}</b>`));
    expect(groupMsg).toContain('Disampaikan oleh Sari Sekretariat atas nama Herman Gubernur');
    expect(groupMsg).not.toContain('Dari: ');
    const code = codeIn(groupMsg)!;

    // The leader is told in their private chat, with the number, the code and the text.
    const told = callText(await waitAfter(h.tg, after, GOVERNOR.id, 'atas nama Bapak/Ibu'));
    expect(told).toContain(`Arahan <b>${number}</b> telah disampaikan <b>atas nama Bapak/Ibu</b> oleh Sari Sekretariat kepada OPD1 (1 OPD)`);
    expect(told).toContain(`<code>${code}</code>`);
    expect(told).toContain('Mohon pastikan layanan publik tetap buka selama libur akhir tahun.');

    const row = await h.app.deps.db.selectFrom('instructions').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
    const governor = (await findPersonByTelegramId(h.app.deps.db, GOVERNOR.id))!;
    expect(Number(row.on_behalf_of_person_id)).toBe(governor.id);

    expect(callText(await ask(h.tg, head(), `/cek ${number} ${code}`))).toContain('Disampaikan oleh Sari Sekretariat atas nama Herman Gubernur');
  });

  it('the letter form names the leader with "Atas nama:"; a leader cannot use it for someone else; the use case refuses a secretariat issue without a leader', async () => {
    const after = lastSeq(h.tg);
    const letter = '/arahan\nKepada: OPD2\nKonfirmasi: 2 jam\nSelesai: 3 hari\nAtas nama: wati\n\nMohon data kepegawaian diperbarui.';
    const preview = await say(h.tg, SECRETARIAT, letter, 'Pratinjau arahan');
    expect(callText(preview)).toContain('Atas nama: <b>Wati Wakil Gubernur</b> (disampaikan oleh Sari Sekretariat)');
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(preview), buttonsOf(preview).find(([l]) => l === 'Kirim')![1]);
    expect(callText(await waitAfter(h.tg, after, DEPUTY.id, 'atas nama Bapak/Ibu'))).toContain('oleh Sari Sekretariat kepada OPD2 (1 OPD)');

    const own = '/arahan\nKepada: OPD2\nKonfirmasi: 2 jam\nSelesai: 3 hari\nAtas nama: Wati Wakil Gubernur\n\nMohon data kepegawaian diperbarui.';
    expect(callText(await say(h.tg, GOVERNOR, own, 'Atas nama'))).toContain('Pimpinan menyampaikan arahan atas nama sendiri');

    // Past the conversation, the use case itself refuses.
    const before = await instructionCount();
    const secretariat = (await findPersonByTelegramId(h.app.deps.db, SECRETARIAT.id))!;
    const now = Date.now();
    const draft = { text: 'Tanpa pimpinan.', target: { kind: 'all' as const }, ackDeadline: now + 3_600_000, dueAt: now + 7_200_000, priority: 'biasa' as const };
    expect(await issueInstruction(h.app.deps, secretariat, draft)).toEqual({ ok: false, problem: { error: 'behalf_missing' } });
    const kepala = (await findPersonByTelegramId(h.app.deps.db, head().id))!;
    expect(await issueInstruction(h.app.deps, secretariat, { ...draft, onBehalfOf: kepala.id })).toEqual({ ok: false, problem: { error: 'behalf_missing' } });
    expect(await instructionCount()).toBe(before);
  });

  it('the guided flow asks a secretariat member on whose behalf before the preview', async () => {
    await say(h.tg, SECRETARIAT, '/arahan Mohon laporan kebersihan kantor.', 'Kepada siapa');
    const targets = await say(h.tg, SECRETARIAT, 'OPD1', 'konfirmasi');
    expect(callText(targets)).toContain('batas waktu konfirmasi');
    await say(h.tg, SECRETARIAT, '2 jam', 'tindak lanjut');
    const priority = await say(h.tg, SECRETARIAT, '3 hari', 'sifat');
    const after = lastSeq(h.tg);
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(priority), buttonsOf(priority).find(([l]) => l === 'Biasa')![1]);
    const askBehalf = await waitAfter(h.tg, after, SECRETARIAT.id, 'atas nama');
    expect(buttonsOf(askBehalf).map(([l]) => l)).toEqual(['Herman Gubernur', 'Wati Wakil Gubernur']);
    // Typing the name works as well as the button.
    expect(callText(await say(h.tg, SECRETARIAT, 'herman', 'Pratinjau'))).toContain('Atas nama: <b>Herman Gubernur</b>');
    expect(callText(await say(h.tg, SECRETARIAT, '/batal_draf', 'dibatalkan'))).toContain('Draf arahan dibatalkan');
  });

  it('bad input to /cek gets a clear Indonesian answer', async () => {
    expect(callText(await ask(h.tg, head(), '/cek'))).toContain('Untuk memeriksa keaslian arahan, mohon kirim <code>/cek NOMOR KODE</code>');
    expect(callText(await ask(h.tg, head(), '/cek ARH-20X6-1 K7QM-4XPA'))).toContain('Nomor arahan “ARH-20X6-1” tidak dikenali');
    expect(callText(await ask(h.tg, head(), '/cek nomor'))).toContain('Nomor arahan “nomor” tidak dikenali');
    expect(callText(await ask(h.tg, head(), '/cek 1'))).toContain('Untuk memeriksa keaslian arahan');
    expect(callText(await ask(h.tg, head(), '/cek 1 XYZ'))).toContain('Kode verifikasi “XYZ” tidak dikenali');
    // Private chat only; registered people only.
    expect(callText(await ask(h.tg, head(), '/cek 1 K7QM-4XPA', org[0]!.group))).toContain('/cek');
    expect(callText(await ask(h.tg, OUTSIDER, '/cek 1 K7QM-4XPA'))).toContain('belum terdaftar');
  });
});
