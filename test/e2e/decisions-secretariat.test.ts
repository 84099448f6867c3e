import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonData,
  GOVERNOR,
  importCsv,
  issueTo,
  lastSeq,
  messageWithButtons,
  press,
  SECRETARIAT,
  say,
  sentMessageId,
  startWithOrg,
  waitAfter,
  type Harness,
  type OrgMember,
  expectRetiredCopy,
} from '../support/harness';

/** A second secretariat member, who receives the same copies as the first. */
const SECRETARIAT_B = { id: 2004, first_name: 'Tono', last_name: 'Sekretariat' };

/**
 * Issue #15, "every person concerned is told of a decision": when one secretariat member
 * decides, the issuer *and the other secretariat members* are told, every copy of the
 * decision's buttons is replaced by who decided what and when, and an old button pressed
 * afterwards answers who decided first.
 */
describe('a decision by one secretariat member reaches the others', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 2, 690));
    const added = await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${SECRETARIAT_B.id},Tono Sekretariat,sekretariat,`);
    if (added !== 0) throw new Error('second secretariat member not imported');
  });
  afterAll(async () => {
    await h?.close();
  });

  const expectRetired = (chatId: number, messageId: number, line: RegExp) => expectRetiredCopy(h, chatId, messageId, line);

  /** The outbox rows written about an instruction into one chat, by kind (committed before the presser's answer). */
  const kindsTo = async (number: string, chatId: number) =>
    (await h.app.deps.db.selectFrom('outbox').select(['chat_id', 'kind']).where('text', 'like', `%${number}%`).orderBy('id').execute())
      .filter((r) => Number(r.chat_id) === chatId)
      .map((r) => r.kind);

  it('an extension approved by member A: the issuer and member B are told, B’s copy loses Setujui/Tolak, B’s old button names A', async () => {
    const m = org[0]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const seq = lastSeq(h.tg);
    await say(h.tg, m.head, `/minta_perpanjangan ${x.number} 3 hari menunggu data dari kecamatan`, 'telah dikirim kepada pemberi arahan');
    const governorCopy = sentMessageId(await messageWithButtons(h.tg, GOVERNOR.id, seq, 'ex:ok:'));
    const copyA = sentMessageId(await messageWithButtons(h.tg, SECRETARIAT.id, seq, 'ex:ok:'));
    const copyB = sentMessageId(await messageWithButtons(h.tg, SECRETARIAT_B.id, seq, 'ex:ok:'));
    const oldApproveB = buttonData(h.tg, SECRETARIAT_B.id, copyB, 'Setujui');

    const before = lastSeq(h.tg);
    const answer = await press(h.tg, SECRETARIAT, SECRETARIAT.id, copyA, buttonData(h.tg, SECRETARIAT.id, copyA, 'Setujui'));
    expect(answer.payload.show_alert).toBeFalsy();
    const toldLine = `Permintaan perpanjangan dari <b>${m.code}</b> untuk arahan <b>${x.number}</b> telah disetujui oleh Sari Sekretariat`;
    await waitAfter(h.tg, before, GOVERNOR.id, toldLine);
    await waitAfter(h.tg, before, SECRETARIAT_B.id, toldLine);
    for (const [chat, copy] of [
      [GOVERNOR.id, governorCopy],
      [SECRETARIAT.id, copyA],
      [SECRETARIAT_B.id, copyB],
    ] as const)
      await expectRetired(chat, copy, /Disetujui<\/b> oleh Sari Sekretariat pada .+WIB\.$/);

    // B presses the button of the copy as it was: refused, naming who decided what.
    const late = await press(h.tg, SECRETARIAT_B, SECRETARIAT_B.id, copyB, oldApproveB);
    expect(late.payload.show_alert).toBe(true);
    expect(String(late.payload.text)).toMatch(/^Permintaan ini sudah diputuskan sebelumnya: ✅ Disetujui oleh Sari Sekretariat pada .+\. Tidak ada yang diubah\.$/);
    // A, who decided, is not told their own decision.
    expect(await kindsTo(x.number, SECRETARIAT.id)).toEqual(['extension_request']);
    expect(await kindsTo(x.number, SECRETARIAT_B.id)).toEqual(['extension_request', 'secretariat_told_extension']);
  });

  it('a done report accepted by member A: the issuer and member B are told, B’s copy loses its buttons, B’s old ✔ names A', async () => {
    const m = org[1]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    await press(h.tg, m.head, m.group.id, x.message[m.code]!, buttonData(h.tg, m.group.id, x.message[m.code]!, '✅'));
    await say(h.tg, m.head, `/start lapor-${x.assignment[m.code]}`, `Laporan tindak lanjut ${x.number}</b>`);
    const collected = await say(h.tg, m.head, 'Posko siaga telah berdiri dan laporan lengkap terlampir.', `Diterima untuk laporan <b>${x.number}</b>`);
    const seq = lastSeq(h.tg);
    await press(h.tg, m.head, m.head.id, sentMessageId(collected), 'rp:done');
    const copyA = sentMessageId(await messageWithButtons(h.tg, SECRETARIAT.id, seq, 'rv:ok:'));
    const copyB = sentMessageId(await messageWithButtons(h.tg, SECRETARIAT_B.id, seq, 'rv:ok:'));
    const oldAcceptB = buttonData(h.tg, SECRETARIAT_B.id, copyB, '✔');

    const before = lastSeq(h.tg);
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, copyA, buttonData(h.tg, SECRETARIAT.id, copyA, '✔'));
    const toldLine = `Laporan selesai dari <b>${m.code}</b> untuk arahan <b>${x.number}</b> telah diterima oleh Sari Sekretariat.`;
    await waitAfter(h.tg, before, GOVERNOR.id, toldLine);
    await waitAfter(h.tg, before, SECRETARIAT_B.id, toldLine);
    await expectRetired(SECRETARIAT_B.id, copyB, /Diterima<\/b> oleh Sari Sekretariat pada /);

    const late = await press(h.tg, SECRETARIAT_B, SECRETARIAT_B.id, copyB, oldAcceptB);
    expect(late.payload.show_alert).toBe(true);
    expect(String(late.payload.text)).toMatch(/^Laporan ini sudah diputuskan sebelumnya: ✔ Diterima oleh Sari Sekretariat pada /);
    expect((await kindsTo(x.number, SECRETARIAT.id)).filter((k) => k.includes('told'))).toEqual([]);
  });

  it('an obstacle answered, then marked handled by member A: the issuer and member B are told each time, B’s copy loses its buttons once handled', async () => {
    const m = org[1]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const seq = lastSeq(h.tg);
    await say(h.tg, m.head, `/kendala ${x.number} Petugas gizi sedang cuti bersama.`, 'telah dicatat dan diteruskan');
    const copyA = sentMessageId(await messageWithButtons(h.tg, SECRETARIAT.id, seq, 'ob:done:'));
    const copyB = sentMessageId(await messageWithButtons(h.tg, SECRETARIAT_B.id, seq, 'ob:done:'));
    const oldHandledB = buttonData(h.tg, SECRETARIAT_B.id, copyB, '✔');

    let before = lastSeq(h.tg);
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, copyA, buttonData(h.tg, SECRETARIAT.id, copyA, '💬'));
    await say(h.tg, SECRETARIAT, 'Gunakan petugas cadangan dari puskesmas.', 'Tanggapan atas kendala');
    const answered = `Kendala dari <b>${m.code}</b> untuk arahan <b>${x.number}</b> telah ditanggapi oleh Sari Sekretariat:\n\nGunakan petugas cadangan dari puskesmas.`;
    await waitAfter(h.tg, before, GOVERNOR.id, answered);
    await waitAfter(h.tg, before, SECRETARIAT_B.id, answered);

    before = lastSeq(h.tg);
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, copyA, buttonData(h.tg, SECRETARIAT.id, copyA, '✔'));
    const handled = `Kendala dari <b>${m.code}</b> untuk arahan <b>${x.number}</b> telah ditandai selesai ditangani oleh Sari Sekretariat.`;
    await waitAfter(h.tg, before, GOVERNOR.id, handled);
    await waitAfter(h.tg, before, SECRETARIAT_B.id, handled);
    await expectRetired(SECRETARIAT_B.id, copyB, /Selesai ditangani<\/b> oleh Sari Sekretariat pada /);
    const late = await press(h.tg, SECRETARIAT_B, SECRETARIAT_B.id, copyB, oldHandledB);
    expect(String(late.payload.text)).toMatch(/^Kendala ini sudah ditandai selesai ditangani oleh Sari Sekretariat /);
    expect((await kindsTo(x.number, SECRETARIAT.id)).filter((k) => k.includes('told'))).toEqual([]);
  });

  it('/tutup by member A: the issuer, member B and the OPD group are told; A is not', async () => {
    const m = org[0]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const before = lastSeq(h.tg);
    await say(h.tg, SECRETARIAT, `/tutup ${x.number}`, 'telah ditutup');
    await waitAfter(h.tg, before, GOVERNOR.id, `Arahan <b>${x.number}</b> yang Bapak/Ibu terbitkan telah ditutup oleh Sari Sekretariat.`);
    await waitAfter(h.tg, before, SECRETARIAT_B.id, `Arahan <b>${x.number}</b> telah ditutup oleh Sari Sekretariat.`);
    await waitAfter(h.tg, before, m.group.id, `🔒 Arahan <b>${x.number}</b> telah <b>ditutup</b>`);
    expect(await kindsTo(x.number, SECRETARIAT.id)).toEqual([]);
    expect(await kindsTo(x.number, SECRETARIAT_B.id)).toEqual(['secretariat_told_closed']);
  });
});
