import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../support/fake-telegram';
import {
  buttonData,
  buttonsOf,
  callText,
  GOVERNOR,
  issueTo,
  lastSeq,
  OUTSIDER,
  press,
  say,
  SECRETARIAT,
  sentMessageId,
  startWithOrg,
  waitAfter,
  type Harness,
  type IssuedInstruction,
  type OrgMember,
} from '../support/harness';

/**
 * Issue #16, "Obstacles (kendala): jangan didiamkan", against the fake Bot API, real Redis and
 * the database: an OPD reports an obstacle (⚠️ button continuing in private, or /kendala in
 * the group or in private) with evidence; it reaches the issuer and the secretariat at once
 * with Tanggapi / Perpanjang / Selesai ditangani; left unanswered it reminds the issuer and
 * escalates to the secretariat; the answer reaches the OPD group; handled is decided once;
 * the one-tap extension moves that OPD's due date; the summary and /status show it.
 */
describe('obstacles (kendala)', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    // Segera obstacles remind the issuer after 1 s and escalate after 2 s; biasa ones wait hours.
    ({ h, org } = await startWithOrg({ REMINDER_SEGERA: '1s' }, 4, 610));
  });
  afterAll(async () => {
    await h?.close();
  });

  async function acknowledge(m: OrgMember, issued: IssuedInstruction) {
    const answer = await press(h.tg, m.head, m.group.id, issued.message[m.code]!, buttonData(h.tg, m.group.id, issued.message[m.code]!, '✅'));
    expect(String(answer.payload.text)).toContain('konfirmasi Bapak/Ibu telah dicatat');
  }

  const obstaclesOf = (instructionId: number) => h.app.deps.db.selectFrom('obstacles').selectAll().where('instruction_id', '=', instructionId).execute();

  /** The obstacle as a decider receives it: the message with the three buttons. */
  const forwardTo = (chatId: number, after: number, number: string, code: string) =>
    waitAfter(h.tg, after, chatId, new RegExp(`⚠️ <b>Kendala</b> — arahan <b>${number}</b>\\nDari: <b>${code}</b>`));

  const sends = (chatId: number, after: number, text: string) =>
    h.tg.calls.filter((c) => c.seq > after && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === chatId && callText(c).includes(text));

  it('left unanswered it reminds the issuer and escalates to the secretariat; answered, the OPD group hears it; handled once; summary and /status follow', async () => {
    const a = org[0]!;
    const x = await issueTo(h, [a], { ackInMs: 60_000, dueInMs: 3_600_000, priority: 'segera', text: 'Mohon percepat penyaluran bantuan sosial.' });
    await acknowledge(a, x);

    // ⚠️ in the group sends the member to the private chat.
    const link = await press(h.tg, a.head, a.group.id, x.message[a.code]!, `kdl:${x.assignment[a.code]}`);
    expect(link.payload.url).toBe(`https://t.me/arahan_test_bot?start=kendala-${x.assignment[a.code]}`);
    const start = await say(h.tg, a.head, `/start kendala-${x.assignment[a.code]}`, `Kendala arahan ${x.number}</b>`);
    expect(buttonsOf(start)).toEqual([['Batal', 'ob:cancel']]);

    let after = lastSeq(h.tg);
    h.tg.sendText({ from: a.head, text: 'Data penerima dari kecamatan belum lengkap.' });
    // No attachment yet: nothing said about attachments (not "0 lampiran", which read like an error).
    const textOnly = await waitAfter(h.tg, after, a.head.id, `Diterima untuk kendala <b>${x.number}</b>: uraian teks.\n`);
    expect(callText(textOnly)).not.toContain('lampiran');
    after = lastSeq(h.tg);
    const photo = h.tg.sendMedia({ from: a.head, kind: 'photo', caption: 'Foto daftar yang belum lengkap.' });
    const fileId = photo.message!.photo!.at(-1)!.file_id;
    const collected = await waitAfter(h.tg, after, a.head.id, `Diterima untuk kendala <b>${x.number}</b>: uraian teks, 1 lampiran`);
    expect(buttonsOf(collected).map((b) => b[1])).toEqual(['ob:send', 'ob:cancel']);

    const sentAt = lastSeq(h.tg);
    const sendAnswer = await press(h.tg, a.head, a.head.id, sentMessageId(collected), 'ob:send');
    expect(sendAnswer.payload.show_alert).toBeFalsy();
    await waitAfter(h.tg, sentAt, a.head.id, `Kendala atas arahan <b>${x.number}</b> telah dicatat dan diteruskan kepada pemberi arahan dan sekretariat`);

    // At once to the issuer and to the secretariat, with the file and the three buttons.
    const toGovernor = await forwardTo(GOVERNOR.id, sentAt, x.number, a.code);
    const toSecretariat = await forwardTo(SECRETARIAT.id, sentAt, x.number, a.code);
    expect(callText(toGovernor)).toContain('Data penerima dari kecamatan belum lengkap.\nFoto daftar yang belum lengkap.\n\nLampiran: 1 berkas.');
    const [obstacle] = await obstaclesOf(x.instructionId);
    const id = obstacle!.id;
    expect(buttonsOf(toGovernor)).toEqual([
      ['💬 Tanggapi', `ob:ans:${id}`],
      ['📅 Perpanjang 3 hari', `ob:ext:${id}`],
      ['✔ Selesai ditangani', `ob:done:${id}`],
    ]);
    expect(buttonsOf(toSecretariat).map((b) => b[1])).toEqual([`ob:ans:${id}`, `ob:ext:${id}`, `ob:done:${id}`]);
    const [photoCopy] = await h.tg.waitFor((c) => c.seq > sentAt && c.ok && c.method === 'sendPhoto' && Number(c.payload.chat_id) === GOVERNOR.id && c.payload.photo === fileId);
    expect(callText(photoCopy!)).toBe(`Lampiran kendala 1/1 — ${x.number} ${a.code}`);

    // The issuer's live summary shows the open obstacle.
    await h.tg.waitFor(
      (c) => c.method === 'editMessageText' && c.ok && Number(c.payload.message_id) === x.summary && callText(c).includes('⚠️ 1 kendala OPD belum selesai ditangani'),
      { description: 'the summary showing the open obstacle' },
    );

    // Nobody answers: the issuer is reminded, then the secretariat is told (with the buttons).
    const reminder = await waitAfter(h.tg, sentAt, GOVERNOR.id, `⏰ <b>Pengingat</b>: kendala <b>${a.code}</b>`);
    expect(buttonsOf(reminder).map((b) => b[1])).toEqual([`ob:ans:${id}`, `ob:ext:${id}`, `ob:done:${id}`]);
    const escalation = await waitAfter(h.tg, sentAt, SECRETARIAT.id, '🔺 <b>Eskalasi kendala</b>');
    expect(callText(escalation)).toContain('belum ditanggapi oleh pemberi arahan (Herman Gubernur)');
    expect(buttonsOf(escalation).map((b) => b[1])).toEqual([`ob:ans:${id}`, `ob:ext:${id}`, `ob:done:${id}`]);

    // /status shows it open.
    const open = await say(h.tg, SECRETARIAT, `/status ${x.number}`, `Status ${x.number}`);
    expect(callText(open)).toContain('<b>Kendala</b> (1 belum selesai ditangani):');
    expect(callText(open)).toContain(`• ${a.code} (dilaporkan `);
    expect(callText(open)).toContain('Data penerima dari kecamatan belum lengkap.');
    expect(callText(open)).toContain('⚠️ belum ditanggapi');

    // 💬 Tanggapi: the answer is asked for in private and reaches the OPD group, as a reply to the instruction.
    after = lastSeq(h.tg);
    const ask = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(toGovernor), `ob:ans:${id}`);
    expect(ask.payload.show_alert).toBeFalsy();
    await waitAfter(h.tg, after, GOVERNOR.id, 'Mohon tuliskan <b>tanggapan</b>');
    const answered = await say(h.tg, GOVERNOR, 'Gunakan data DTKS terakhir, sisanya menyusul.', 'Tanggapan atas kendala');
    expect(callText(answered)).toContain(`telah diteruskan ke grup OPD`);
    const inGroup = await waitAfter(h.tg, after, a.group.id, '💬 <b>Tanggapan atas kendala</b>');
    expect(callText(inGroup)).toBe(`💬 <b>Tanggapan atas kendala</b> arahan <b>${x.number}</b> dari Herman Gubernur:\n\nGunakan data DTKS terakhir, sisanya menyusul.`);
    expect((inGroup.payload.reply_parameters as { message_id: number }).message_id).toBe(x.message[a.code]);

    const answeredStatus = await say(h.tg, SECRETARIAT, `/status ${x.number}`, `Status ${x.number}`);
    expect(callText(answeredStatus)).toContain('💬 ditanggapi oleh Herman Gubernur, belum selesai ditangani');

    // ✔ Selesai ditangani by the secretariat: once. The group hears it; the summary drops the line.
    after = lastSeq(h.tg);
    const handled = await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(toSecretariat), `ob:done:${id}`);
    expect(handled.payload.show_alert).toBeFalsy();
    await waitAfter(h.tg, after, SECRETARIAT.id, 'ditandai <b>selesai ditangani</b>');
    await waitAfter(h.tg, after, a.group.id, `✔ Kendala atas arahan <b>${x.number}</b> dinyatakan <b>selesai ditangani</b> oleh Sari Sekretariat`);
    await h.tg.waitFor((c) => c.seq > after && c.method === 'editMessageText' && c.ok && Number(c.payload.message_id) === x.summary && !callText(c).includes('kendala'), {
      description: 'the summary without the obstacle',
    });
    const second = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(toGovernor), `ob:done:${id}`);
    expect(second.payload.show_alert).toBe(true);
    expect(String(second.payload.text)).toMatch(/^Kendala ini sudah ditandai selesai ditangani oleh Sari Sekretariat \(.+\); tidak ada yang diubah\.$/);
    // Answering a handled obstacle is refused the same way.
    const late = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(toGovernor), `ob:ans:${id}`);
    expect(String(late.payload.text)).toContain('sudah ditandai selesai ditangani oleh Sari Sekretariat');

    const closed = await say(h.tg, SECRETARIAT, `/status ${x.number}`, `Status ${x.number}`);
    expect(callText(closed)).toContain('<b>Kendala</b> (0 belum selesai ditangani):');
    expect(callText(closed)).toContain('✔ selesai ditangani oleh Sari Sekretariat');

    // One reminder and one escalation, never more.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(sends(GOVERNOR.id, sentAt, '⏰ <b>Pengingat</b>: kendala')).toHaveLength(1);
    expect(sends(SECRETARIAT.id, sentAt, 'Eskalasi kendala')).toHaveLength(1);
    const [row] = await obstaclesOf(x.instructionId);
    expect(row).toMatchObject({ state: 'handled', response: 'Gunakan data DTKS terakhir, sisanya menyusul.' });
    expect(row!.reminded_at).not.toBeNull();
    expect(row!.escalated_at).not.toBeNull();
  });

  it('the reminder chain is rebuilt from the database when Redis lost it', async () => {
    const a = org[3]!;
    const x = await issueTo(h, [a], { ackInMs: 60_000, dueInMs: 3_600_000, priority: 'biasa', text: 'Mohon data stunting terbaru.' });
    await acknowledge(a, x);
    const after = lastSeq(h.tg);
    await say(h.tg, a.head, `/kendala ${x.number} Petugas gizi sedang cuti bersama.`, 'telah dicatat dan diteruskan');
    await forwardTo(GOVERNOR.id, after, x.number, a.code);
    // The app stops; the obstacle's timer job is lost with Redis; it comes back with 1 s intervals.
    const timers = await h.app.deps.queues.timers.getJobs(['delayed', 'waiting']);
    const [obstacle] = await obstaclesOf(x.instructionId);
    expect(timers.some((j) => j.id?.startsWith(`obstacle-${obstacle!.id}-`))).toBe(true);
    await h.app.deps.queues.timers.obliterate({ force: true });
    await h.restart({ REMINDER_BIASA: '1s' });
    await waitAfter(h.tg, after, GOVERNOR.id, `⏰ <b>Pengingat</b>: kendala <b>${a.code}</b>`);
    await waitAfter(h.tg, after, SECRETARIAT.id, '🔺 <b>Eskalasi kendala</b>');
    await h.restart();
  });

  it('one tap extends that OPD’s due date (once); /kendala works as a reply in the group and with a photo', async () => {
    const [a, b] = [org[1]!, org[2]!];
    const x = await issueTo(h, [a, b], { ackInMs: 3_600_000, dueInMs: 7_200_000, priority: 'biasa', text: 'Mohon perbaikan jalan provinsi ruas utara.' });
    const before = await h.app.deps.db.selectFrom('assignments').select(['id', 'due_at']).where('instruction_id', '=', x.instructionId).execute();
    const dueOf = (id: number) => Number(before.find((r) => r.id === id)!.due_at);

    // As a reply to the instruction message in the group.
    let after = lastSeq(h.tg);
    h.tg.sendText({ from: a.head, chat: a.group, text: '/kendala Alat berat masih dipakai di ruas selatan.', replyToMessageId: x.message[a.code] });
    const ok = await waitAfter(h.tg, after, a.group.id, `⚠️ Kendala dari Kepala2 OPD atas arahan <b>${x.number}</b> telah dicatat`);
    expect(ok.payload.reply_parameters).toBeDefined();
    const fwd = await forwardTo(GOVERNOR.id, after, x.number, a.code);
    expect(callText(fwd)).toContain('Alat berat masih dipakai di ruas selatan.');
    const [obstacle] = await obstaclesOf(x.instructionId);

    // 📅 Perpanjang: a's due date moves 3 days; b's does not; the group hears it and its message shows it.
    after = lastSeq(h.tg);
    const ext = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(fwd), `ob:ext:${obstacle!.id}`);
    expect(ext.payload.show_alert).toBeFalsy();
    const confirmed = await waitAfter(h.tg, after, GOVERNOR.id, `Batas waktu tindak lanjut ${a.code} untuk arahan <b>${x.number}</b> diperpanjang sampai`);
    const due = dueOf(x.assignment[a.code]!) + 3 * 86_400_000;
    const rows = await h.app.deps.db.selectFrom('assignments').select(['id', 'due_at']).where('instruction_id', '=', x.instructionId).execute();
    expect(Number(rows.find((r) => r.id === x.assignment[a.code])!.due_at)).toBe(due);
    expect(Number(rows.find((r) => r.id === x.assignment[b.code])!.due_at)).toBe(dueOf(x.assignment[b.code]!));
    const groupNote = await waitAfter(h.tg, after, a.group.id, `📅 Menanggapi kendala, batas waktu tindak lanjut arahan <b>${x.number}</b> diperpanjang`);
    const newDue = /Batas waktu kini <b>(.+)<\/b>/.exec(callText(groupNote))![1]!;
    expect(callText(confirmed)).toContain(newDue);
    await h.tg.waitFor((c) => c.seq > after && c.method === 'editMessageText' && c.ok && Number(c.payload.chat_id) === a.group.id && callText(c).includes(newDue), {
      description: 'the group message showing the new due date',
    });
    // A second tap, by anyone, changes nothing and says who extended.
    const again = await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(await forwardTo(SECRETARIAT.id, 0, x.number, a.code)), `ob:ext:${obstacle!.id}`);
    expect(again.payload.show_alert).toBe(true);
    expect(String(again.payload.text)).toContain('Batas waktu sudah diperpanjang dari kendala ini oleh Herman Gubernur');
    const still = await h.app.deps.db.selectFrom('assignments').select('due_at').where('id', '=', x.assignment[a.code]!).executeTakeFirstOrThrow();
    expect(Number(still.due_at)).toBe(due);

    // A photo captioned /kendala NOMOR … in the group: the photo is the evidence.
    after = lastSeq(h.tg);
    const photo = h.tg.sendMedia({ from: b.head, chat: b.group, kind: 'photo', caption: `/kendala ${x.number} Jembatan darurat rusak.` });
    const fileId = photo.message!.photo!.at(-1)!.file_id;
    await waitAfter(h.tg, after, b.group.id, `atas arahan <b>${x.number}</b> telah dicatat`);
    const fwdB = await forwardTo(SECRETARIAT.id, after, x.number, b.code);
    expect(callText(fwdB)).toContain('Jembatan darurat rusak.\n\nLampiran: 1 berkas.');
    await h.tg.waitFor((c) => c.seq > after && c.ok && c.method === 'sendPhoto' && Number(c.payload.chat_id) === SECRETARIAT.id && c.payload.photo === fileId);
    expect(await obstaclesOf(x.instructionId)).toHaveLength(2);
  });

  it('only a target OPD reports, only the issuer or the secretariat responds; bad input is answered clearly and changes nothing', async () => {
    const [a, c] = [org[0]!, org[2]!];
    const x = await issueTo(h, [a], { ackInMs: 3_600_000, dueInMs: 7_200_000, priority: 'biasa', text: 'Mohon inventarisasi aset daerah.' });
    const count = async () => (await obstaclesOf(x.instructionId)).length;

    // A head of an OPD that is not a target: the button and the command.
    const refusedButton = await press(h.tg, c.head, a.group.id, x.message[a.code]!, `kdl:${x.assignment[a.code]}`);
    expect(refusedButton.payload.show_alert).toBe(true);
    expect(String(refusedButton.payload.text)).toBe('Mohon maaf, hanya kepala atau staf OPD penerima arahan yang dapat menyampaikan kendala atas arahan ini.');
    expect(callText(await say(h.tg, c.head, `/kendala ${x.number} Kami juga terkendala.`, 'Mohon maaf'))).toBe(
      'Mohon maaf, OPD Bapak/Ibu bukan penerima arahan ini; kendala tidak dicatat.',
    );
    const privateLink = await say(h.tg, c.head, `/start kendala-${x.assignment[a.code]}`, 'Mohon maaf');
    expect(callText(privateLink)).toContain('penerima arahan');
    // Someone unregistered, and the issuer (not an OPD member).
    expect(callText(await say(h.tg, OUTSIDER, `/kendala ${x.number} Saya ada kendala.`, 'Mohon maaf'))).toContain('belum terdaftar');
    expect(callText(await say(h.tg, GOVERNOR, `/kendala ${x.number} Uji.`, 'Mohon maaf'))).toBe('Mohon maaf, perintah /kendala hanya untuk Kepala OPD, Staf OPD.');
    const outsiderButton = await press(h.tg, OUTSIDER, a.group.id, x.message[a.code]!, `kdl:${x.assignment[a.code]}`);
    expect(outsiderButton.payload.show_alert).toBe(true);
    expect(await count()).toBe(0);

    // Bad input from a member: usage, a bad number, an unknown number, no text, too long.
    expect(callText(await say(h.tg, a.head, '/kendala', 'Format'))).toContain('<code>/kendala NOMOR uraian kendala</code>');
    expect(callText(await say(h.tg, a.head, '/kendala ARH-XYZ anggaran', 'Nomor arahan'))).toContain('Nomor arahan tidak dikenali');
    expect(callText(await say(h.tg, a.head, '/kendala ARH-2026-9999 anggaran belum cair', 'tidak ditemukan'))).toBe(
      'Arahan dengan nomor <b>ARH-2026-9999</b> tidak ditemukan. Mohon periksa kembali nomornya.',
    );
    expect(callText(await say(h.tg, a.head, `/kendala ${x.number}`, 'Uraian kendala'))).toBe(
      'Uraian kendala belum diisi. Mohon tuliskan kendala yang dihadapi; tidak ada yang dicatat.',
    );
    // In the group, without a reply and without a number: not a number.
    expect(callText(await say(h.tg, a.head, '/kendala anggaran belum cair', 'Nomor arahan', a.group))).toContain('Nomor arahan tidak dikenali');
    // The private draft: sending it empty, then a text over the limit.
    const start = await say(h.tg, a.head, `/start kendala-${x.assignment[a.code]}`, `Kendala arahan ${x.number}</b>`);
    const after = lastSeq(h.tg);
    h.tg.sendMedia({ from: a.head, kind: 'document', fileName: 'surat.pdf' });
    const collected = await waitAfter(h.tg, after, a.head.id, 'belum ada uraian teks, 1 lampiran');
    const empty = await press(h.tg, a.head, a.head.id, sentMessageId(collected), 'ob:send');
    expect(empty.payload.show_alert).toBe(true);
    expect(String(empty.payload.text)).toBe('Uraian kendala belum diisi. Mohon tuliskan kendala yang dihadapi; tidak ada yang dicatat.');
    expect(callText(await say(h.tg, a.head, 'x'.repeat(3001), 'terlalu panjang'))).toBe(
      'Uraian kendala terlalu panjang (batas 3000 karakter). Mohon diringkas; tidak ada yang dicatat.',
    );
    const cancelled = await press(h.tg, a.head, a.head.id, sentMessageId(start), 'ob:cancel');
    expect(cancelled.payload.show_alert).toBeFalsy();
    await waitAfter(h.tg, after, a.head.id, 'Penyampaian kendala dibatalkan');
    expect(await count()).toBe(0);

    // An obstacle is reported; an OPD head may not answer it, nor extend, nor mark it handled.
    const sentAt = lastSeq(h.tg);
    await say(h.tg, a.head, `/kendala ${x.number} Aplikasi aset sedang gangguan.`, 'telah dicatat');
    const fwd = await forwardTo(GOVERNOR.id, sentAt, x.number, a.code);
    const [obstacle] = await obstaclesOf(x.instructionId);
    for (const kind of ['ans', 'ext', 'done']) {
      const refused = await press(h.tg, a.head, GOVERNOR.id, sentMessageId(fwd), `ob:${kind}:${obstacle!.id}`);
      expect(refused.payload.show_alert).toBe(true);
      expect(String(refused.payload.text)).toBe('Mohon maaf, hanya pemberi arahan atau sekretariat yang dapat menanggapi kendala ini.');
    }
    const [row] = await obstaclesOf(x.instructionId);
    expect(row).toMatchObject({ state: 'open', responded_at: null, extended_at: null, handled_at: null });
    // An empty answer is asked again; nothing reaches the group.
    const groupBefore = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(fwd), `ob:ans:${obstacle!.id}`);
    await waitAfter(h.tg, groupBefore, GOVERNOR.id, 'Mohon tuliskan <b>tanggapan</b>');
    expect(callText(await say(h.tg, GOVERNOR, 'x'.repeat(1001), 'terlalu panjang'))).toContain('1000');
    const none: RecordedCall[] = h.tg.sent(a.group.id).filter((m) => m.seq > groupBefore);
    expect(none).toEqual([]);
    expect((await obstaclesOf(x.instructionId))[0]).toMatchObject({ responded_at: null });
  });
});
