import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonData,
  callText,
  GOVERNOR,
  issueTo,
  lastSeq,
  press,
  SECRETARIAT,
  say,
  sentMessageId,
  messageWithButtons,
  startWithOrg,
  waitAfter,
  type Harness,
  type OrgMember,
  expectRetiredCopy,
} from '../support/harness';

/**
 * Issue #15, "The issuer is not told what others decided": when the secretariat closes,
 * extends, decides an extension request or reviews a report on the governor's instruction, the
 * governor is told and the governor's summary is refreshed, and every copy of the decision's
 * buttons (the governor's and the secretariat's) is replaced by who decided what and when.
 */
describe('the issuer is told what others decided', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 2, 630));
  });
  afterAll(async () => {
    await h?.close();
  });

  const withButtons = (chatId: number, seq: number, prefix: string) => messageWithButtons(h.tg, chatId, seq, prefix);

  const expectRetired = (chatId: number, messageId: number, line: RegExp) => expectRetiredCopy(h, chatId, messageId, line);

  const summaryEditedAfter = (seq: number, summary: number, text: string) =>
    h.tg.waitFor(
      (c) =>
        c.seq > seq &&
        c.ok &&
        c.method === 'editMessageText' &&
        Number(c.payload.chat_id) === GOVERNOR.id &&
        Number(c.payload.message_id) === summary &&
        callText(c).includes(text),
      { description: `the governor's summary showing «${text}»` },
    );

  it('an extension request approved by the secretariat: the governor is told, both copies say who approved', async () => {
    const m = org[0]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const seq = lastSeq(h.tg);
    await say(h.tg, m.head, `/minta_perpanjangan ${x.number} 3 hari menunggu data dari kecamatan`, 'telah dikirim kepada pemberi arahan');
    const governorCopy = await withButtons(GOVERNOR.id, seq, 'ex:ok:');
    const secretariatCopy = await withButtons(SECRETARIAT.id, seq, 'ex:ok:');

    const before = lastSeq(h.tg);
    const answer = await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(secretariatCopy), buttonData(h.tg, SECRETARIAT.id, sentMessageId(secretariatCopy), 'Setujui'));
    expect(answer.payload.show_alert).toBeFalsy();
    const told = await waitAfter(h.tg, before, GOVERNOR.id, `untuk arahan <b>${x.number}</b> telah disetujui oleh Sari Sekretariat`);
    expect(callText(told)).toContain(`dari <b>${m.code}</b>`);
    await expectRetired(GOVERNOR.id, sentMessageId(governorCopy), /Disetujui<\/b> oleh Sari Sekretariat pada .+WIB\.$/);
    await expectRetired(SECRETARIAT.id, sentMessageId(secretariatCopy), /Disetujui<\/b> oleh Sari Sekretariat pada .+WIB\.$/);
  });

  it('a done report accepted by the secretariat: the governor is told and sees the summary move, both copies say who accepted', async () => {
    const m = org[1]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    await press(h.tg, m.head, m.group.id, x.message[m.code]!, buttonData(h.tg, m.group.id, x.message[m.code]!, '✅'));
    await say(h.tg, m.head, `/start lapor-${x.assignment[m.code]}`, `Laporan tindak lanjut ${x.number}</b>`);
    const collected = await say(h.tg, m.head, 'Posko siaga telah berdiri dan laporan lengkap terlampir.', `Diterima untuk laporan <b>${x.number}</b>`);
    const seq = lastSeq(h.tg);
    await press(h.tg, m.head, m.head.id, sentMessageId(collected), 'rp:done');
    const governorCopy = await withButtons(GOVERNOR.id, seq, 'rv:ok:');
    const secretariatCopy = await withButtons(SECRETARIAT.id, seq, 'rv:ok:');

    const before = lastSeq(h.tg);
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(secretariatCopy), buttonData(h.tg, SECRETARIAT.id, sentMessageId(secretariatCopy), '✔'));
    await waitAfter(h.tg, before, GOVERNOR.id, `Laporan selesai dari <b>${m.code}</b> untuk arahan <b>${x.number}</b> telah diterima oleh Sari Sekretariat.`);
    await summaryEditedAfter(before, x.summary, '1/1 OPD selesai');
    await expectRetired(GOVERNOR.id, sentMessageId(governorCopy), /Diterima<\/b> oleh Sari Sekretariat pada /);
    await expectRetired(SECRETARIAT.id, sentMessageId(secretariatCopy), /Diterima<\/b> oleh Sari Sekretariat pada /);
  });

  it('/perpanjang and /tutup by the secretariat: the governor is told and the summary refreshed', async () => {
    const m = org[0]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    let before = lastSeq(h.tg);
    await say(h.tg, SECRETARIAT, `/perpanjang ${x.number} 5 hari`, x.number);
    await waitAfter(h.tg, before, GOVERNOR.id, `Batas waktu tindak lanjut arahan <b>${x.number}</b> yang Bapak/Ibu terbitkan telah diperpanjang oleh Sari Sekretariat menjadi`);

    before = lastSeq(h.tg);
    await say(h.tg, SECRETARIAT, `/tutup ${x.number}`, 'telah ditutup');
    await waitAfter(h.tg, before, GOVERNOR.id, `Arahan <b>${x.number}</b> yang Bapak/Ibu terbitkan telah ditutup oleh Sari Sekretariat.`);
    await summaryEditedAfter(before, x.summary, 'ditutup');
  });

  it("the issuer's own decision is not told back to them", async () => {
    const m = org[0]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const before = lastSeq(h.tg);
    await say(h.tg, GOVERNOR, `/tutup ${x.number}`, 'telah ditutup');
    // The secretariat's next command answered means the close's outbox has had its chance.
    await say(h.tg, SECRETARIAT, `/status ${x.number}`, x.number);
    await summaryEditedAfter(before, x.summary, 'ditutup');
    const toGovernor = h.tg.sent(GOVERNOR.id).filter((c) => c.seq > before);
    expect(toGovernor.map(callText).filter((t) => t.includes('yang Bapak/Ibu terbitkan'))).toEqual([]);
  });
});
