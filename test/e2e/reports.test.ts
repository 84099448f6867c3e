import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUserInput, RecordedCall } from '../support/fake-telegram';
import {
  buttonData,
  buttonsOf,
  callText,
  GOVERNOR,
  SECRETARIAT,
  issueTo,
  joinAsStaff,
  lastSeq,
  OUTSIDER,
  press,
  say,
  sentMessageId,
  startWithOrg,
  waitAfter,
  type Harness,
  type IssuedInstruction,
  type OrgMember,
} from '../support/harness';

/**
 * Issue #4 (follow-up reports) against the fake Bot API, real Redis and SQLite: reports with
 * evidence composed in the private chat or replied in the group, the issuer's review (accept /
 * return with a reason), the follow-up clock stopping once an OPD reports done, the
 * instruction closing itself, /status and /laporan, delegation to staff, and bad input.
 */
const STAFF = { id: 88001, first_name: 'Eko', last_name: 'Staf', username: 'eko_staf' };

describe('follow-up reports and their review', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({ REMINDER_SEGERA: '1s', OVERDUE_EVERY: '1s' }, 7));
  });
  afterAll(async () => {
    await h?.close();
  });

  type Piece = { text: string } | { kind: 'photo' | 'document'; caption?: string; fileName?: string };

  /** 📝 link → /start lapor-<id> in private → the pieces → "Kirim sebagai …". Returns the file ids sent and the bot's confirmation. */
  async function reportPrivately(who: FakeUserInput, issued: IssuedInstruction, code: string, pieces: Piece[], kind: 'prog' | 'done') {
    const start = await say(h.tg, who, `/start lapor-${issued.assignment[code]}`, `Laporan tindak lanjut ${issued.number}</b>`);
    expect(buttonsOf(start)).toEqual([['Batal', 'rp:cancel']]);
    const files: string[] = [];
    let collected: RecordedCall | undefined;
    for (const piece of pieces) {
      const after = lastSeq(h.tg);
      if ('text' in piece) {
        h.tg.sendText({ from: who, text: piece.text });
      } else {
        const update = h.tg.sendMedia({
          from: who,
          kind: piece.kind,
          ...(piece.caption ? { caption: piece.caption } : {}),
          ...(piece.fileName ? { fileName: piece.fileName } : {}),
        });
        const msg = update.message!;
        files.push(piece.kind === 'photo' ? msg.photo!.at(-1)!.file_id : msg.document!.file_id);
      }
      collected = await waitAfter(h.tg, after, who.id, `Diterima untuk laporan <b>${issued.number}</b>`);
    }
    expect(buttonsOf(collected!).map((b) => b[1])).toEqual(['rp:prog', 'rp:done', 'rp:cancel']);
    const after = lastSeq(h.tg);
    const answer = await press(h.tg, who, who.id, sentMessageId(collected!), `rp:${kind}`);
    expect(answer.payload.show_alert).toBeFalsy();
    const sent = await waitAfter(h.tg, after, who.id, `Laporan ${kind === 'done' ? 'selesai' : 'progres'} untuk arahan <b>${issued.number}</b> telah dicatat`);
    return { files, sent, collected: collected! };
  }

  /** The report as the issuer receives it (the text message, with the review buttons on a done report). */
  function forwardedTo(chatId: number, after: number, number: string, kind: 'progres' | 'selesai', code: string) {
    return waitAfter(h.tg, after, chatId, new RegExp(`Laporan ${kind}</b> — arahan <b>${number}</b>\\nDari: <b>${code}</b>`));
  }

  /** An issuer's copy of a file: sendPhoto/sendDocument with the original file id and a caption. */
  function fileTo(chatId: number, after: number, method: 'sendPhoto' | 'sendDocument', fileId: string) {
    const field = method === 'sendPhoto' ? 'photo' : 'document';
    return h.tg.waitFor((c) => c.seq > after && c.ok && c.method === method && Number(c.payload.chat_id) === chatId && c.payload[field] === fileId, {
      description: `${method} of ${fileId} to ${chatId}`,
    });
  }

  const isFollowUp = (chatId: number, number: string) => (c: RecordedCall) =>
    c.method === 'sendMessage' && c.ok && Number(c.payload.chat_id) === chatId && callText(c).includes(`Tindak lanjut arahan <b>${number}</b>`);
  const isAckReminder = (chatId: number, number: string) => (c: RecordedCall) =>
    c.method === 'sendMessage' && c.ok && Number(c.payload.chat_id) === chatId && callText(c).includes(number) && callText(c).includes('Pengingat');
  const summaryEdit = (issued: IssuedInstruction, text: string) =>
    h.tg.waitFor(
      (c) => c.method === 'editMessageText' && c.ok && Number(c.payload.chat_id) === GOVERNOR.id && Number(c.payload.message_id) === issued.summary && callText(c).includes(text),
      // The summary is edited at most every 3 s, in the leader's chat shared with the report
      // forwards: on a loaded machine (PostgreSQL, three test files at a time) once past 5 s.
      { description: `the summary of ${issued.number} showing «${text}»`, timeoutMs: 15_000 },
    );

  /** An accepted report: its reporter is told privately and the group's instruction message is edited (no new group message). */
  async function acceptanceTold(since: number, m: OrgMember, issued: IssuedInstruction) {
    await waitAfter(h.tg, since, m.head.id, `arahan <b>${issued.number}</b> telah <b>diterima</b>`);
    await h.tg.waitFor(
      (c) =>
        c.seq > since &&
        c.ok &&
        c.method === 'editMessageText' &&
        Number(c.payload.chat_id) === m.group.id &&
        Number(c.payload.message_id) === issued.message[m.code] &&
        callText(c).includes('Laporan selesai OPD ini telah <b>diterima</b>'),
      { description: `the group message of ${issued.number} in ${m.code} showing the acceptance` },
    );
    expect(h.tg.sent(m.group.id).filter((c) => c.seq > since && callText(c).includes('diterima'))).toHaveLength(0);
  }

  async function acknowledge(m: OrgMember, issued: IssuedInstruction) {
    const answer = await press(h.tg, m.head, m.group.id, issued.message[m.code]!, buttonData(h.tg, m.group.id, issued.message[m.code]!, '✅'));
    expect(String(answer.payload.text)).toContain('konfirmasi Bapak/Ibu telah dicatat');
  }

  it('end to end: progress with a photo, done with a document, returned with a reason, done again, accepted; reminders stop and the instruction closes itself', async () => {
    const [a, b, c] = [org[0]!, org[1]!, org[2]!];
    const x = await issueTo(h, [a, b], { ackInMs: 2_000, dueInMs: 2_500, priority: 'segera', text: 'Mohon siapkan posko siaga banjir dan laporkan kesiapannya.' });
    expect(h.tg.getMessage(GOVERNOR.id, x.summary)!.text).toContain('0/2 OPD selesai');
    // The control: an instruction nobody acknowledges keeps reminding every second.
    const control = await issueTo(h, [c], { ackInMs: 60_000, dueInMs: 3_600_000, priority: 'segera', text: 'Kontrol' });

    await acknowledge(a, x);
    await acknowledge(b, x);

    // 📝 in the group sends the head to the private chat.
    const link = await press(h.tg, a.head, a.group.id, x.message[a.code]!, `rep:${x.assignment[a.code]}`);
    expect(link.payload.url).toBe(`https://t.me/arahan_test_bot?start=lapor-${x.assignment[a.code]}`);

    // Progress with a photo (the caption is the text).
    let since = lastSeq(h.tg);
    const progress = await reportPrivately(a.head, x, a.code, [{ kind: 'photo', caption: 'Posko sudah berdiri di halaman kantor.' }], 'prog');
    const fwdProgress = await forwardedTo(GOVERNOR.id, since, x.number, 'progres', a.code);
    expect(callText(fwdProgress)).toContain('(Kepala1 OPD)\n\nPosko sudah berdiri di halaman kantor.\n\nLampiran: 1 berkas.');
    expect(buttonsOf(fwdProgress)).toEqual([]);
    const [photoCopy] = await fileTo(GOVERNOR.id, since, 'sendPhoto', progress.files[0]!);
    expect(callText(photoCopy!)).toBe(`Lampiran 1/1 — ${x.number} ${a.code}`);

    // The due time passes: overdue, then every second "masih terlambat", for the group and the head.
    await h.tg.waitFor(isFollowUp(a.group.id, x.number));
    await h.tg.waitFor((m) => isFollowUp(a.head.id, x.number)(m) && callText(m).includes('masih terlambat'));

    // Done with a text and a document.
    since = lastSeq(h.tg);
    const done1 = await reportPrivately(a.head, x, a.code, [{ text: 'Laporan akhir: posko beroperasi 24 jam.' }, { kind: 'document', fileName: 'laporan-posko.pdf' }], 'done');
    const fwdDone1 = await forwardedTo(GOVERNOR.id, since, x.number, 'selesai', a.code);
    expect(callText(fwdDone1)).toContain('Laporan akhir: posko beroperasi 24 jam.');
    const [[, okData1], [, retData1]] = buttonsOf(fwdDone1) as [[string, string], [string, string]];
    expect(buttonsOf(fwdDone1).map((x) => x[0])).toEqual(['✔ Terima', '↩ Kembalikan']);
    expect(okData1).toMatch(/^rv:ok:\d+$/);
    expect(retData1).toMatch(/^rv:ret:\d+$/);
    const [docCopy] = await fileTo(GOVERNOR.id, since, 'sendDocument', done1.files[0]!);
    expect(callText(docCopy!)).toBe(`Lampiran 1/1 — ${x.number} ${a.code}`);

    // Reported done: A's follow-up reminders stop while the control keeps reminding.
    const doneAt = done1.sent.at;
    let from = lastSeq(h.tg);
    await h.tg.waitFor((m) => m.seq > from && isAckReminder(c.group.id, control.number)(m), { count: 3 });
    const lateForA = h.tg.calls.filter((m) => m.at > doneAt + 200 && (isFollowUp(a.group.id, x.number)(m) || isFollowUp(a.head.id, x.number)(m)));
    expect(lateForA).toHaveLength(0);
    // While it awaits review, another report is refused.
    const blocked = await press(h.tg, a.head, a.group.id, x.message[a.code]!, `rep:${x.assignment[a.code]}`);
    expect(blocked.payload.show_alert).toBe(true);
    expect(String(blocked.payload.text)).toContain('menunggu pemeriksaan');

    // The issuer returns it with a reason; the group is told.
    since = lastSeq(h.tg);
    const ret = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(fwdDone1), retData1);
    expect(ret.payload.show_alert).toBeFalsy();
    await waitAfter(h.tg, since, GOVERNOR.id, `alasan pengembalian</b> laporan ${x.number} dari ${a.code}`);
    // A reason too long to quote to the group is refused; the next one is taken.
    expect(callText(await say(h.tg, GOVERNOR, 'Kurang lengkap. '.repeat(250), /./))).toContain('Alasan terlalu panjang (batas 1000 karakter)');
    const returned = await say(
      h.tg,
      GOVERNOR,
      'Foto lokasi posko belum dilampirkan.',
      `Laporan ${a.code} untuk arahan <b>${x.number}</b> dikembalikan. Grup OPD telah diberi tahu.`,
    );
    const toGroup = await waitAfter(h.tg, since, a.group.id, `arahan <b>${x.number}</b> <b>dikembalikan</b>`);
    expect(callText(toGroup)).toContain('Alasan: Foto lokasi posko belum dilampirkan.');
    expect((toGroup.payload.reply_parameters as { message_id: number }).message_id).toBe(x.message[a.code]);
    expect(h.tg.sent(a.group.id).filter((m) => m.seq > since && callText(m).includes('<b>dikembalikan</b>'))).toHaveLength(1);
    // Back in progress: the overdue reminders resume.
    await h.tg.waitFor((m) => m.at > returned.at && isFollowUp(a.group.id, x.number)(m) && callText(m).includes('masih terlambat'));

    // B reports done (a text, then a photo without caption); /status shows both states.
    since = lastSeq(h.tg);
    await reportPrivately(b.head, x, b.code, [{ text: 'Posko BPBD siaga dengan 20 personel.' }, { kind: 'photo' }], 'done');
    const fwdB = await forwardedTo(GOVERNOR.id, since, x.number, 'selesai', b.code);
    // A done report awaits review: the secretariat gets it too, with its own buttons and the photo.
    const fwdBSec = await forwardedTo(SECRETARIAT.id, since, x.number, 'selesai', b.code);
    expect(buttonsOf(fwdBSec).map((k) => k[0])).toEqual(['✔ Terima', '↩ Kembalikan']);
    await h.tg.waitFor((c) => c.seq > since && c.ok && c.method === 'sendPhoto' && Number(c.payload.chat_id) === SECRETARIAT.id, {
      description: "the secretariat's copy of B's photo",
    });
    expect(callText(fwdB)).toContain('Posko BPBD siaga dengan 20 personel.\n\nLampiran: 1 berkas.');
    const status1 = await say(h.tg, GOVERNOR, `/status ${x.number}`, `<b>Status ${x.number}</b>`);
    expect(callText(status1)).toContain('(berjalan)\n2 dari 2 OPD sudah konfirmasi.');
    expect(callText(status1)).toMatch(new RegExp(`• ${a.code} — Dinas Nomor 1: 🔄 dalam proses \\(laporan terakhir [^)]+\\)`));
    expect(callText(status1)).toMatch(new RegExp(`• ${b.code} — Dinas Nomor 2: 📝 dilaporkan selesai .+, menunggu pemeriksaan`));

    // The issuer accepts B: B's reporter is told, B's group message shows it, and the summary counts it.
    since = lastSeq(h.tg);
    const okB = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(fwdB), buttonsOf(fwdB)[0]![1]);
    expect(okB.payload.text).toBe('✔ Terima');
    await waitAfter(h.tg, since, GOVERNOR.id, `Laporan selesai ${b.code} untuk arahan <b>${x.number}</b> diterima`);
    await acceptanceTold(since, b, x);
    await summaryEdit(x, '1/2 OPD selesai');
    // Decided once: the secretariat's copy is now refused.
    const secLate = await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(fwdBSec), buttonsOf(fwdBSec)[0]![1]);
    // The answer names the first decision (issue #15): who accepted, and when.
    expect(secLate.payload).toMatchObject({ show_alert: true, text: expect.stringMatching(/^Laporan ini sudah diputuskan sebelumnya: ✔ Diterima oleh Herman Gubernur pada /) });

    // A reports done again, with a photo; accepted → every OPD is done: the instruction closes itself.
    since = lastSeq(h.tg);
    const done2 = await reportPrivately(a.head, x, a.code, [{ kind: 'photo', caption: 'Foto lokasi posko terlampir.' }], 'done');
    const fwdDone2 = await forwardedTo(GOVERNOR.id, since, x.number, 'selesai', a.code);
    await fileTo(GOVERNOR.id, since, 'sendPhoto', done2.files[0]!);
    since = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(fwdDone2), buttonsOf(fwdDone2)[0]![1]);
    await acceptanceTold(since, a, x);
    const allDone = await waitAfter(h.tg, since, GOVERNOR.id, `Seluruh OPD telah menyelesaikan arahan <b>${x.number}</b>`);
    expect(callText(allDone)).toContain('Arahan ditutup');
    await summaryEdit(x, '2/2 OPD selesai');
    await h.tg.waitFor(
      (m) => m.method === 'editMessageText' && Number(m.payload.message_id) === x.summary && Number(m.payload.chat_id) === GOVERNOR.id && callText(m).includes('(ditutup)'),
    );

    const status2 = await say(h.tg, GOVERNOR, `/status ${x.number}`, `<b>Status ${x.number}</b>`);
    expect(callText(status2)).toContain('(ditutup)');
    expect(callText(status2)).toMatch(new RegExp(`• ${a.code} — Dinas Nomor 1: ✔ selesai `));
    expect(callText(status2)).toMatch(new RegExp(`• ${b.code} — Dinas Nomor 2: ✔ selesai `));

    // Nothing more for A once accepted (the control still reminds).
    const closedAt = allDone.at;
    from = lastSeq(h.tg);
    await h.tg.waitFor((m) => m.seq > from && isAckReminder(c.group.id, control.number)(m), { count: 2 });
    expect(h.tg.calls.filter((m) => m.at > closedAt + 200 && (isFollowUp(a.group.id, x.number)(m) || isFollowUp(b.group.id, x.number)(m)))).toHaveLength(0);
    expect(callText(await say(h.tg, GOVERNOR, `/pengingat ${x.number}`, 'Rencana pengingat'))).toContain('Tidak ada pengingat');

    // /laporan: every report per OPD with its review state; 📎 re-sends a report's files.
    const list = await say(h.tg, GOVERNOR, `/laporan ${x.number}`, `<b>Laporan ${x.number}</b>`);
    const text = callText(list);
    expect(text).toContain(`<b>Laporan ${x.number}</b> (4):`);
    expect(text).toMatch(/progres oleh Kepala1 OPD, 1 lampiran\n {2}Posko sudah berdiri di halaman kantor\./);
    expect(text).toMatch(/selesai oleh Kepala1 OPD \(dikembalikan\), 1 lampiran\n {2}Laporan akhir: posko beroperasi 24 jam\./);
    expect(text).toMatch(/selesai oleh Kepala1 OPD \(diterima\), 1 lampiran\n {2}Foto lokasi posko terlampir\./);
    expect(text).toMatch(/selesai oleh Kepala2 OPD \(diterima\), 1 lampiran\n {2}Posko BPBD siaga dengan 20 personel\./);
    expect(text.indexOf(`<b>${a.code}</b>`)).toBeLessThan(text.indexOf(`<b>${b.code}</b>`));
    const fileButtons = buttonsOf(list);
    // Numbered per OPD, as listed under its heading.
    expect(fileButtons.map((x) => x[0])).toEqual([`📎 Lampiran ${a.code} #1`, `📎 Lampiran ${a.code} #2`, `📎 Lampiran ${a.code} #3`, `📎 Lampiran ${b.code} #1`]);
    since = lastSeq(h.tg);
    const resend = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(list), fileButtons[1]![1]);
    expect(resend.payload.show_alert).toBeFalsy();
    const [again] = await fileTo(GOVERNOR.id, since, 'sendDocument', done1.files[0]!);
    expect(callText(again!)).toMatch(/— 1\/1$/);

    await say(h.tg, GOVERNOR, `/tutup ${control.number}`, 'telah ditutup');
  });

  it('reporting before acknowledging counts as acknowledging', async () => {
    const d = org[3]!;
    const y = await issueTo(h, [d], { ackInMs: 3_600_000, dueInMs: 86_400_000 });
    const link = await press(h.tg, d.head, d.group.id, y.message[d.code]!, `rep:${y.assignment[d.code]}`);
    expect(link.payload.url).toContain(`start=lapor-${y.assignment[d.code]}`);
    const since = lastSeq(h.tg);
    await reportPrivately(d.head, y, d.code, [{ text: 'Sudah dikoordinasikan dengan seluruh puskesmas.' }], 'prog');
    await forwardedTo(GOVERNOR.id, since, y.number, 'progres', d.code);

    // The group's message now says who acknowledged; the ✅ button is gone.
    await h.tg.waitFor(
      (c) =>
        c.method === 'editMessageText' &&
        c.ok &&
        Number(c.payload.chat_id) === d.group.id &&
        Number(c.payload.message_id) === y.message[d.code] &&
        callText(c).includes('Diterima oleh Kepala4 OPD'),
      { description: 'the group message edited to show the acknowledgement' },
    );
    const msg = h.tg.getMessage(d.group.id, y.message[d.code]!)!;
    expect(msg.text).toContain('✅ Diterima oleh Kepala4 OPD pada');
    const labels = (msg.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
    expect(labels).toEqual(['📝 Kirim laporan', '⏳ Minta perpanjangan', '⚠️ Kendala']);
    await summaryEdit(y, '1/1 OPD sudah konfirmasi');

    const status = await say(h.tg, GOVERNOR, `/status ${y.number}`, `<b>Status ${y.number}</b>`);
    expect(callText(status)).toContain('1 dari 1 OPD sudah konfirmasi.');
    expect(callText(status)).toContain('🔄 dalam proses');
    // Pressing ✅ now only says who already did.
    const ack = await press(h.tg, d.head, d.group.id, y.message[d.code]!, `ack:${y.assignment[d.code]}`);
    expect(String(ack.payload.text)).toContain('sudah dikonfirmasi oleh Kepala4 OPD');
    await say(h.tg, GOVERNOR, `/tutup ${y.number}`, 'telah ditutup');
  });

  it('a reply to the instruction message in the group is a progress report, forwarded to the issuer', async () => {
    const g = org[6]!;
    const z = await issueTo(h, [g], { ackInMs: 3_600_000, dueInMs: 86_400_000 });
    let since = lastSeq(h.tg);
    const update = h.tg.sendMedia({ from: g.head, chat: g.group, kind: 'photo', caption: 'Dokumentasi rapat koordinasi.', replyToMessageId: z.message[g.code] });
    const photoId = update.message!.photo!.at(-1)!.file_id;
    const thanks = await waitAfter(h.tg, since, g.group.id, `Laporan progres dari Kepala7 OPD untuk arahan <b>${z.number}</b> telah dicatat`);
    expect((thanks.payload.reply_parameters as { message_id: number }).message_id).toBe(update.message!.message_id);
    const fwd = await forwardedTo(GOVERNOR.id, since, z.number, 'progres', g.code);
    expect(callText(fwd)).toContain('Dokumentasi rapat koordinasi.');
    expect(buttonsOf(fwd)).toEqual([]);
    const [copy] = await fileTo(GOVERNOR.id, since, 'sendPhoto', photoId);
    expect(callText(copy!)).toBe(`Lampiran 1/1 — ${z.number} ${g.code}`);
    // Replying counts as acknowledging too.
    await h.tg.waitFor((c) => c.method === 'editMessageText' && Number(c.payload.chat_id) === g.group.id && callText(c).includes('Diterima oleh Kepala7 OPD'));

    // A text reply is another progress report.
    since = lastSeq(h.tg);
    h.tg.sendText({ from: g.head, chat: g.group, text: 'Rapat lanjutan dijadwalkan besok pagi.', replyToMessageId: z.message[g.code] });
    await waitAfter(h.tg, since, g.group.id, 'Laporan progres dari Kepala7 OPD');
    await forwardedTo(GOVERNOR.id, since, z.number, 'progres', g.code);

    // A reply to another bot message is not a report; an outsider's reply is refused.
    since = lastSeq(h.tg);
    h.tg.sendText({ from: g.head, chat: g.group, text: 'Siap, terima kasih.', replyToMessageId: sentMessageId(thanks) });
    h.tg.sendText({ from: OUTSIDER, chat: g.group, text: 'Ini laporan saya.', replyToMessageId: z.message[g.code] });
    const refusal = await waitAfter(h.tg, since, g.group.id, 'hanya kepala atau staf Dinas Nomor 7 yang dapat mengirim laporan');
    expect(h.tg.sent(g.group.id).filter((c) => c.seq > since && c.seq < refusal.seq && callText(c).includes('Laporan progres dari'))).toHaveLength(0);

    // A reply longer than a report may be (the issuer's copy could not be sent) is refused, not lost.
    since = lastSeq(h.tg);
    const long = h.tg.sendText({ from: g.head, chat: g.group, text: 'Uraian panjang. '.repeat(256), replyToMessageId: z.message[g.code] });
    const tooLong = await waitAfter(h.tg, since, g.group.id, /./);
    expect(callText(tooLong)).toBe('Uraian laporan terlalu panjang (batas 3000 karakter). Mohon diringkas.');
    expect((tooLong.payload.reply_parameters as { message_id: number }).message_id).toBe(long.message!.message_id);

    const list = await say(h.tg, GOVERNOR, `/laporan ${z.number}`, `<b>Laporan ${z.number}</b>`);
    expect(callText(list)).toContain(`<b>Laporan ${z.number}</b> (2):`);
    expect(callText(list)).toMatch(/progres oleh Kepala7 OPD, 1 lampiran\n {2}Dokumentasi rapat koordinasi\./);
    expect(callText(list)).toMatch(/progres oleh Kepala7 OPD\n {2}Rapat lanjutan dijadwalkan besok pagi\./);
    await say(h.tg, GOVERNOR, `/tutup ${z.number}`, 'telah ditutup');
  });
  it("only members report: an outsider and another OPD's head are refused; a delegated staff member reports and hears the follow-up reminders", async () => {
    const [e, other] = [org[4]!, org[0]!];
    const w = await issueTo(h, [e], { ackInMs: 3_000, dueInMs: 3_000 });
    await acknowledge(e, w);
    for (const who of [OUTSIDER, other.head]) {
      const refused = await press(h.tg, who, e.group.id, w.message[e.code]!, `rep:${w.assignment[e.code]}`);
      expect(refused.payload.show_alert).toBe(true);
      expect(refused.payload.url).toBeUndefined();
      expect(String(refused.payload.text)).toBe('Mohon maaf, hanya kepala atau staf Dinas Nomor 5 yang dapat mengirim laporan untuk arahan ini.');
      // Following the link by hand is refused too.
      await say(h.tg, who, `/start lapor-${w.assignment[e.code]}`, 'hanya kepala atau staf Dinas Nomor 5');
    }
    expect(callText(await say(h.tg, GOVERNOR, `/laporan ${w.number}`, w.number))).toContain(`Belum ada laporan untuk arahan <b>${w.number}</b>`);

    // Delegation: only the head may hand it over, to a staff member known by username.
    await joinAsStaff(h, e.code, STAFF);
    expect(callText(await say(h.tg, STAFF, `/tugaskan ${w.number} @${STAFF.username}`, /./))).toContain('hanya kepala OPD (atau Plt/Plh)');
    expect(callText(await say(h.tg, other.head, `/tugaskan ${w.number} @${STAFF.username}`, /./))).toContain('tidak ditujukan kepada OPD Bapak/Ibu');
    expect(callText(await say(h.tg, e.head, `/tugaskan ${w.number} @tidak_ada`, /./))).toContain('Pengguna @tidak_ada tidak ditemukan sebagai staf aktif OPD Bapak/Ibu');
    expect(callText(await say(h.tg, e.head, '/tugaskan', /./))).toContain('Format: <code>/tugaskan NOMOR</code> lalu pilih staf');
    expect(callText(await say(h.tg, e.head, `/tugaskan ${w.number} Siti Tidak Ada`, /./))).toContain('Pengguna Siti Tidak Ada tidak ditemukan');
    // By name (staff imported from a list often have no username): part of the name will do.
    let since = lastSeq(h.tg);
    const byName = await say(h.tg, e.head, `/tugaskan ${w.number} eko`, /./);
    expect(callText(byName)).toContain(`Arahan <b>${w.number}</b> ditugaskan kepada Eko Staf`);
    await waitAfter(h.tg, since, STAFF.id, `ditugaskan oleh Kepala5 OPD untuk menindaklanjuti arahan <b>${w.number}</b>`);
    // Without a name: a list to pick from; only the head may pick.
    const list = await say(h.tg, e.head, `/tugaskan ${w.number}`, 'Mohon pilih staf');
    expect(callText(list)).toContain(`untuk menindaklanjuti arahan <b>${w.number}</b>`);
    const [choice] = buttonsOf(list).filter(([label]) => label.startsWith('Eko Staf'));
    expect(choice).toBeDefined();
    const notHead = await press(h.tg, STAFF, e.head.id, sentMessageId(list), choice![1]);
    expect(notHead.payload).toMatchObject({ show_alert: true });
    expect(String(notHead.payload.text)).toContain('hanya kepala OPD (atau Plt/Plh)');
    since = lastSeq(h.tg);
    const picked = await press(h.tg, e.head, e.head.id, sentMessageId(list), choice![1]);
    expect(picked.payload.show_alert).toBeFalsy();
    const edited = await h.tg.waitFor((c) => c.seq > since && c.method === 'editMessageText' && Number(c.payload.message_id) === sentMessageId(list));
    expect(callText(edited[0]!)).toContain(`Arahan <b>${w.number}</b> ditugaskan kepada Eko Staf`);
    await waitAfter(h.tg, since, STAFF.id, `ditugaskan oleh Kepala5 OPD untuk menindaklanjuti arahan <b>${w.number}</b>`);
    expect(callText(await say(h.tg, GOVERNOR, `/status ${w.number}`, `<b>Status ${w.number}</b>`))).toContain('— ditangani Eko Staf');

    // The follow-up reminders reach the staff member (the due time is seconds away).
    await h.tg.waitFor((c) => c.seq > since && isFollowUp(STAFF.id, w.number)(c), { description: 'a follow-up reminder to the delegated staff member' });

    since = lastSeq(h.tg);
    const link = await press(h.tg, STAFF, e.group.id, w.message[e.code]!, `rep:${w.assignment[e.code]}`);
    expect(link.payload.url).toBe(`https://t.me/arahan_test_bot?start=lapor-${w.assignment[e.code]}`);
    await reportPrivately(STAFF, w, e.code, [{ text: 'Data sudah dihimpun staf.' }, { kind: 'document', fileName: 'rekap.xlsx' }], 'done');
    const fwd = await forwardedTo(GOVERNOR.id, since, w.number, 'selesai', e.code);
    expect(callText(fwd)).toContain('— Dinas Nomor 5 (Eko Staf)');
    await say(h.tg, GOVERNOR, `/tutup ${w.number}`, 'telah ditutup');
  });

  it('refuses bad input: an empty report, reports on closed or cancelled instructions, a decision twice, /laporan with a bad number', async () => {
    const f = org[5]!;
    // An empty report: nothing to send, nothing recorded.
    const v = await issueTo(h, [f], { ackInMs: 3_600_000, dueInMs: 86_400_000 });
    const start = await say(h.tg, f.head, `/start lapor-${v.assignment[f.code]}`, `Laporan tindak lanjut ${v.number}</b>`);
    for (const data of ['rp:done', 'rp:prog']) {
      const empty = await press(h.tg, f.head, f.head.id, sentMessageId(start), data);
      expect(empty.payload.show_alert).toBe(true);
      expect(String(empty.payload.text)).toContain('Laporan masih kosong');
    }
    expect(callText(await say(h.tg, GOVERNOR, `/laporan ${v.number}`, v.number))).toContain('Belum ada laporan');
    // The draft is still open: cancelling it ends it; a stale button then finds nothing.
    let since = lastSeq(h.tg);
    await press(h.tg, f.head, f.head.id, sentMessageId(start), 'rp:cancel');
    await waitAfter(h.tg, since, f.head.id, 'Penyusunan laporan dibatalkan');
    const stale = await press(h.tg, f.head, f.head.id, sentMessageId(start), 'rp:done');
    expect(String(stale.payload.text)).toBe('Tidak ada laporan yang sedang disusun. Tekan 📝 Kirim laporan pada pesan arahan di grup OPD.');

    // A report being written when the instruction is closed is refused; so is a new one.
    await say(h.tg, f.head, `/start lapor-${v.assignment[f.code]}`, `Laporan tindak lanjut ${v.number}</b>`);
    const collected = await say(h.tg, f.head, 'Sudah selesai.', `Diterima untuk laporan <b>${v.number}</b>`);
    // Text only: nothing said about attachments (not "0 lampiran", which read like an error).
    expect(callText(collected)).toContain(`Diterima untuk laporan <b>${v.number}</b>: uraian teks.\nKirim lagi`);
    expect(callText(collected)).not.toContain('lampiran');
    await say(h.tg, GOVERNOR, `/tutup ${v.number}`, 'telah ditutup');
    const afterClose = await press(h.tg, f.head, f.head.id, sentMessageId(collected), 'rp:done');
    expect(afterClose.payload.show_alert).toBe(true);
    expect(String(afterClose.payload.text)).toContain('sudah ditutup atau dibatalkan; laporan tidak lagi diterima');
    const buttonAfterClose = await press(h.tg, f.head, f.group.id, v.message[f.code]!, `rep:${v.assignment[f.code]}`);
    expect(String(buttonAfterClose.payload.text)).toContain('sudah ditutup atau dibatalkan');
    await say(h.tg, f.head, `/start lapor-${v.assignment[f.code]}`, 'sudah ditutup atau dibatalkan');
    expect(callText(await say(h.tg, GOVERNOR, `/laporan ${v.number}`, v.number))).toContain('Belum ada laporan');

    // A cancelled instruction: the group reply and the button are refused.
    const u = await issueTo(h, [f], { ackInMs: 3_600_000, dueInMs: 86_400_000 });
    since = lastSeq(h.tg);
    await say(h.tg, GOVERNOR, `/batal ${u.number}`, 'telah dibatalkan');
    await waitAfter(h.tg, since, f.group.id, `${u.number}</b> <b>dibatalkan`);
    since = lastSeq(h.tg);
    h.tg.sendText({ from: f.head, chat: f.group, text: 'Laporan kami terlampir.', replyToMessageId: u.message[f.code] });
    await waitAfter(h.tg, since, f.group.id, 'sudah ditutup atau dibatalkan; laporan tidak lagi diterima');
    const buttonAfterCancel = await press(h.tg, f.head, f.group.id, u.message[f.code]!, `rep:${u.assignment[f.code]}`);
    expect(buttonAfterCancel.payload.show_alert).toBe(true);
    expect(callText(await say(h.tg, GOVERNOR, `/laporan ${u.number}`, u.number))).toContain('Belum ada laporan');

    // A decision is taken once: ✔ twice, or ↩ after ✔, changes nothing; others may not decide.
    const t = await issueTo(h, [f], { ackInMs: 3_600_000, dueInMs: 86_400_000 });
    since = lastSeq(h.tg);
    const done = await reportPrivately(f.head, t, f.code, [{ text: 'Seluruh kegiatan telah dilaksanakan.' }], 'done');
    const fwd = await forwardedTo(GOVERNOR.id, since, t.number, 'selesai', f.code);
    const [[, okData], [, retData]] = buttonsOf(fwd) as [[string, string], [string, string]];
    const notReviewer = await press(h.tg, f.head, f.head.id, sentMessageId(done.sent), okData);
    expect(String(notReviewer.payload.text)).toContain('hanya pemberi arahan atau sekretariat');
    since = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(fwd), okData);
    await waitAfter(h.tg, since, GOVERNOR.id, `Seluruh OPD telah menyelesaikan arahan <b>${t.number}</b>`);
    await acceptanceTold(since, f, t);
    for (const data of [okData, retData]) {
      const again = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(fwd), data);
      expect(again.payload.show_alert).toBe(true);
      expect(String(again.payload.text)).toContain('sudah diputuskan');
    }
    // No reason is asked for: the next text is not taken as one.
    const status = await say(h.tg, GOVERNOR, `/status ${t.number}`, `<b>Status ${t.number}</b>`);
    expect(callText(status)).toContain('(ditutup)');
    expect(callText(status)).toContain('✔ selesai');
    expect(h.tg.sent(GOVERNOR.id).filter((c) => c.seq > since && callText(c).includes(`Seluruh OPD telah menyelesaikan arahan <b>${t.number}</b>`))).toHaveLength(1);
    expect(h.tg.sent(f.head.id).filter((c) => c.seq > since && callText(c).includes(`arahan <b>${t.number}</b> telah <b>diterima</b>`))).toHaveLength(1);
    expect(h.tg.sent(f.group.id).filter((c) => c.seq > since && callText(c).includes('dikembalikan'))).toHaveLength(0);

    // /laporan: usage, bad and unknown numbers, and only for those who may query.
    expect(callText(await say(h.tg, GOVERNOR, '/laporan', /./))).toContain('Format: <code>/laporan NOMOR</code>');
    expect(callText(await say(h.tg, GOVERNOR, '/laporan bukan-nomor', /./))).toContain('Nomor arahan tidak dikenali. Contoh: <code>/laporan ARH-2026-0042</code>');
    expect(callText(await say(h.tg, GOVERNOR, '/laporan 9999', /./))).toMatch(/Arahan dengan nomor <b>ARH-\d{4}-9999<\/b> tidak ditemukan/);
    expect(callText(await say(h.tg, f.head, `/laporan ${t.number}`, /./))).toContain('perintah /laporan hanya untuk');
  });
});
