import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, callText, GOVERNOR, issueTo, lastSeq, say, sentMessageId, startWithOrg, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #15: someone who chose /bahasa en and types a deadline the bot cannot read is told in
 * English what was expected, with the Indonesian examples they must type ("besok 09.00"), in
 * every place a deadline is typed: the letter form, the guided flow, /perpanjang and
 * /minta_perpanjangan. Someone who kept Indonesian gets the same text as before.
 */
describe('deadline errors in the reader’s language (issue #15)', () => {
  let h: Harness;
  let org: OrgMember[];
  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 2, 980));
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Indonesian sentence words of the old messages; the examples (2 jam, besok, Jumat…) are not among them. */
  const INDONESIAN = /\b(Contoh|tidak dikenali|tidak valid|belum diisi|Tanpa jam|batas waktu|Gunakan|Tanggal|jatuh pada|bukan|hari Kamis|pukul)\b/;
  const noIndonesian = (label: string, text: string) => expect(INDONESIAN.exec(text)?.[0], `${label}: ${text}`).toBeUndefined();

  it('the letter form and the guided flow answer an English issuer in English', async () => {
    await say(h.tg, GOVERNOR, '/bahasa en', 'English');

    const form = (ack: string, due: string) => `/arahan\nKepada: ${org[0]!.code}\nKonfirmasi: ${ack}\nSelesai: ${due}\nSifat: biasa\n\nMohon siapkan data posko.`;
    const unrecognised = callText(await say(h.tg, GOVERNOR, form('secepatnya', '3 hari'), 'not recognised'));
    expect(unrecognised).toBe(
      'Time format not recognised: “secepatnya”. Examples (in Indonesian): 2 jam (2 hours), besok 09.00 (tomorrow 09.00), Jumat 16.00 (Friday 16.00), 28/11 17.00, 28 November 2026 17.00. Without a time, the deadline is 16:00.',
    );
    noIndonesian('unrecognised', unrecognised);

    // 28 November 2030 is a Thursday: the date and both weekdays are named in English.
    const mismatch = callText(await say(h.tg, GOVERNOR, form('2 jam', 'Jumat, 28 November 2030 17.00'), 'not a'));
    expect(mismatch).toBe('28 November 2030 is a Thursday, not a Friday.');

    // The guided flow: the text, "All OPDs", then a time that does not exist.
    const menu = await say(h.tg, GOVERNOR, '/arahan Mohon siapkan data posko.', 'addressed to');
    const seq = lastSeq(h.tg);
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(menu), data: buttonsOf(menu).find(([l]) => l === 'All OPDs')![1] });
    await h.tg.waitFor(
      (c) =>
        c.seq > seq &&
        c.ok &&
        (c.method === 'sendMessage' || c.method === 'editMessageText') &&
        Number(c.payload.chat_id) === GOVERNOR.id &&
        callText(c).includes('acknowledgement deadline'),
      { description: 'the question for the acknowledgement deadline' },
    );
    const badTime = callText(await say(h.tg, GOVERNOR, 'besok 25.00', 'Invalid time'));
    expect(badTime).toBe('Invalid time: “25.00”. Please use a time from 00:00 to 23:59.');
    noIndonesian('guided flow', badTime);
    await say(h.tg, GOVERNOR, '/batal_draf', /./);
  });

  it('/perpanjang and /minta_perpanjangan: English for an English reader, the old Indonesian text for the others', async () => {
    const [a, b] = [org[0]!, org[1]!];
    const x = await issueTo(h, [a, b], { ackInMs: 3_600_000, dueInMs: 2 * 86_400_000 });

    // The governor chose English in the test above.
    const extend = callText(await say(h.tg, GOVERNOR, `/perpanjang ${x.number} 31/11/2030`, 'Invalid date'));
    expect(extend).toBe(
      'Invalid date: “31/11/2030”. Examples (in Indonesian): 2 jam (2 hours), besok 09.00 (tomorrow 09.00), Jumat 16.00 (Friday 16.00), 28/11 17.00, 28 November 2026 17.00.',
    );

    await say(h.tg, a.head, '/bahasa en', 'English');
    const english = callText(await say(h.tg, a.head, `/minta_perpanjangan ${x.number} kapan-kapan menunggu data`, 'not recognised'));
    expect(english).toContain('Time format not recognised: “kapan-kapan”. Examples (in Indonesian): 2 jam (2 hours), besok 09.00 (tomorrow 09.00)');
    noIndonesian('/minta_perpanjangan', english);

    const indonesian = callText(await say(h.tg, b.head, `/minta_perpanjangan ${x.number} kapan-kapan menunggu data`, 'tidak dikenali'));
    expect(indonesian).toBe(
      'Format waktu tidak dikenali: “kapan-kapan”. Contoh: 2 jam, besok 09.00, Jumat 16.00, 28/11 17.00, 28 November 2026 17.00. Tanpa jam, batas waktu adalah pukul 16.00.',
    );
  });
});
