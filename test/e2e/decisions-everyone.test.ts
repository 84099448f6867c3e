import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonData,
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
} from '../support/harness';

/**
 * Issue #15, "Every decision reaches everyone concerned (issuer, secretariat, the OPD)": when
 * the issuer decides — closes, cancels, extends, decides an extension request, reviews a report
 * — the secretariat is told too; a close is told to the OPD groups; nobody is told twice and the
 * decider is never told their own decision.
 */
describe('every decision reaches everyone concerned', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 2, 660));
  });
  afterAll(async () => {
    await h?.close();
  });

  const withButtons = (chatId: number, seq: number, prefix: string) => messageWithButtons(h.tg, chatId, seq, prefix);

  /** The outbox rows written about an instruction, by chat and kind (committed before the command's answer). */
  const outboxAbout = async (number: string) =>
    (await h.app.deps.db.selectFrom('outbox').select(['chat_id', 'kind']).where('text', 'like', `%${number}%`).orderBy('id').execute()).map(
      (r) => `${Number(r.chat_id)}:${r.kind}`,
    );

  it('/perpanjang and /tutup by the governor: the secretariat is told, each OPD group hears of the close once', async () => {
    const m = org[0]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    let before = lastSeq(h.tg);
    await say(h.tg, GOVERNOR, `/perpanjang ${x.number} 5 hari`, x.number);
    await waitAfter(h.tg, before, SECRETARIAT.id, `Batas waktu tindak lanjut arahan <b>${x.number}</b> telah diperpanjang oleh Herman Gubernur menjadi`);

    before = lastSeq(h.tg);
    await say(h.tg, GOVERNOR, `/tutup ${x.number}`, 'telah ditutup');
    await waitAfter(h.tg, before, SECRETARIAT.id, `Arahan <b>${x.number}</b> telah ditutup oleh Herman Gubernur.`);
    const notice = await waitAfter(h.tg, before, m.group.id, `🔒 Arahan <b>${x.number}</b> telah <b>ditutup</b>`);
    expect(notice.payload.reply_parameters).toMatchObject({ message_id: x.message[m.code] });

    const rows = await outboxAbout(x.number);
    // One notice per chat and decision; the governor, who decided, hears nothing of it.
    expect(rows.filter((r) => r.startsWith(`${GOVERNOR.id}:`))).toEqual([]);
    expect(rows.filter((r) => r.startsWith(`${SECRETARIAT.id}:`))).toEqual([`${SECRETARIAT.id}:secretariat_told_extended`, `${SECRETARIAT.id}:secretariat_told_closed`]);
    expect(rows.filter((r) => r.startsWith(`${m.group.id}:`))).toEqual([`${m.group.id}:extended`, `${m.group.id}:closed`]);
  });

  it('/batal by the governor: the secretariat is told, the group gets its one cancel notice', async () => {
    const m = org[1]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const before = lastSeq(h.tg);
    await say(h.tg, GOVERNOR, `/batal ${x.number}`, x.number);
    await waitAfter(h.tg, before, SECRETARIAT.id, `Arahan <b>${x.number}</b> telah dibatalkan oleh Herman Gubernur.`);
    const rows = await outboxAbout(x.number);
    expect(rows.filter((r) => r.startsWith(`${GOVERNOR.id}:`))).toEqual([]);
    expect(rows.filter((r) => r.startsWith(`${SECRETARIAT.id}:`))).toEqual([`${SECRETARIAT.id}:secretariat_told_cancelled`]);
    expect(rows.filter((r) => r.startsWith(`${m.group.id}:`))).toEqual([`${m.group.id}:cancelled`]);
  });

  it('/tutup by the secretariat: the governor and the group are told, the secretariat member is not told their own decision', async () => {
    const m = org[0]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const before = lastSeq(h.tg);
    await say(h.tg, SECRETARIAT, `/tutup ${x.number}`, 'telah ditutup');
    await waitAfter(h.tg, before, GOVERNOR.id, `Arahan <b>${x.number}</b> yang Bapak/Ibu terbitkan telah ditutup oleh Sari Sekretariat.`);
    await waitAfter(h.tg, before, m.group.id, `🔒 Arahan <b>${x.number}</b> telah <b>ditutup</b>`);
    const rows = await outboxAbout(x.number);
    expect(rows.filter((r) => r.startsWith(`${SECRETARIAT.id}:`))).toEqual([]);
    expect(rows.filter((r) => r.startsWith(`${GOVERNOR.id}:`))).toEqual([`${GOVERNOR.id}:issuer_told_closed`]);
  });

  it('an extension request approved by the governor: the secretariat is told, the group hears it once', async () => {
    const m = org[0]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const seq = lastSeq(h.tg);
    await say(h.tg, m.head, `/minta_perpanjangan ${x.number} 3 hari menunggu data dari kecamatan`, 'telah dikirim kepada pemberi arahan');
    const governorCopy = await withButtons(GOVERNOR.id, seq, 'ex:ok:');
    const before = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(governorCopy), buttonData(h.tg, GOVERNOR.id, sentMessageId(governorCopy), 'Setujui'));
    await waitAfter(h.tg, before, SECRETARIAT.id, `Permintaan perpanjangan dari <b>${m.code}</b> untuk arahan <b>${x.number}</b> telah disetujui oleh Herman Gubernur.`);
    const rows = await outboxAbout(x.number);
    expect(rows.filter((r) => r.startsWith(`${GOVERNOR.id}:`))).toEqual([`${GOVERNOR.id}:extension_request`]);
    expect(rows.filter((r) => r.startsWith(`${SECRETARIAT.id}:`))).toEqual([`${SECRETARIAT.id}:extension_request`, `${SECRETARIAT.id}:secretariat_told_extension`]);
    expect(rows.filter((r) => r.startsWith(`${m.group.id}:`))).toEqual([`${m.group.id}:extension_decided`]);
  });

  it('a done report accepted by the governor: the secretariat is told, the group hears it once', async () => {
    const m = org[1]!;
    const x = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    await press(h.tg, m.head, m.group.id, x.message[m.code]!, buttonData(h.tg, m.group.id, x.message[m.code]!, '✅'));
    await say(h.tg, m.head, `/start lapor-${x.assignment[m.code]}`, `Laporan tindak lanjut ${x.number}</b>`);
    const collected = await say(h.tg, m.head, 'Posko siaga telah berdiri dan laporan lengkap terlampir.', `Diterima untuk laporan <b>${x.number}</b>`);
    const seq = lastSeq(h.tg);
    await press(h.tg, m.head, m.head.id, sentMessageId(collected), 'rp:done');
    const governorCopy = await withButtons(GOVERNOR.id, seq, 'rv:ok:');
    const before = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(governorCopy), buttonData(h.tg, GOVERNOR.id, sentMessageId(governorCopy), '✔'));
    await waitAfter(h.tg, before, SECRETARIAT.id, `Laporan selesai dari <b>${m.code}</b> untuk arahan <b>${x.number}</b> telah diterima oleh Herman Gubernur.`);
    const rows = await outboxAbout(x.number);
    expect(rows.filter((r) => r.startsWith(`${SECRETARIAT.id}:`) && r.includes('told'))).toEqual([`${SECRETARIAT.id}:secretariat_told_review`]);
    expect(rows.filter((r) => r.startsWith(`${GOVERNOR.id}:`) && r.includes('told'))).toEqual([]);
    // The OPD hears it once (in its group, or its reporter privately: whichever the review uses).
    const toOpd = await h.app.deps.db.selectFrom('outbox').select('kind').where('assignment_id', '=', x.assignment[m.code]!).where('kind', '=', 'report_accepted').execute();
    expect(toOpd).toHaveLength(1);
  });
});
