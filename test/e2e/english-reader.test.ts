import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, callText, GOVERNOR, lastSeq, say, sentMessageId, startWithOrg, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #15: a governor who chose /bahasa en reads dates and durations in English throughout:
 * the preview, the live summary, /status and /belum. The OPD groups stay in Indonesian.
 */
describe('English reader: no Indonesian dates or durations (issue #15)', () => {
  let h: Harness;
  let org: OrgMember[];
  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 9, 960));
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Indonesian month names and abbreviations, weekday names and duration words. */
  const INDONESIAN =
    /\b(Januari|Februari|Maret|Mei|Juni|Juli|Agustus|Oktober|Desember|Agu|Okt|Des|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu|pukul|menit|jam|hari|detik|kurang dari|Sifat|Konfirmasi|Selesai|Klaster|Sebelumnya|Berikutnya|Kepada)\b/;
  const plain = (html: string) => html.replace(/<[^>]+>/g, '');
  const noIndonesian = (label: string, html: string) => {
    const hit = INDONESIAN.exec(plain(html));
    expect(hit?.[0], `${label}: ${plain(html)}`).toBeUndefined();
  };

  it('the preview, the summary, /status and /belum read in English', async () => {
    await say(h.tg, GOVERNOR, '/bahasa en', 'English');
    // The guided flow's buttons: the cluster and the picker's pages.
    const menu = await say(h.tg, GOVERNOR, '/arahan Mohon siapkan laporan stok pangan.', 'addressed to');
    const labels = buttonsOf(menu).map(([l]) => l);
    expect(labels).toContain('Cluster Umum');
    for (const l of labels) noIndonesian('target button', l);
    const seq0 = lastSeq(h.tg);
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(menu), data: buttonsOf(menu).find(([l]) => l === 'Choose OPDs')![1] });
    const [picker] = await h.tg.waitFor((c) => c.seq > seq0 && c.ok && c.method === 'editMessageText' && Number(c.payload.chat_id) === GOVERNOR.id);
    expect(buttonsOf(picker!).map(([l]) => l)).toContain('Next ›');
    await say(h.tg, GOVERNOR, '/batal_draf', /./);

    const preview = await say(
      h.tg,
      GOVERNOR,
      `/arahan\nKepada: ${org.map((o) => o.code).join(', ')}\nKonfirmasi: 2 jam\nSelesai: 3 hari\nSifat: penting\n\nMohon siapkan laporan stok pangan.`,
      'preview',
    );
    // The instruction's own text is the governor's; everything around it is the catalogue's.
    noIndonesian('preview', callText(preview).replace('Mohon siapkan laporan stok pangan.', ''));

    const seq = lastSeq(h.tg);
    h.tg.pressButton({ from: GOVERNOR, chatId: GOVERNOR.id, messageId: sentMessageId(preview), data: buttonsOf(preview).find(([l]) => l === 'Send')![1] });
    const [summary] = await h.tg.waitFor((c) => c.seq > seq && c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === GOVERNOR.id && callText(c).includes('📊'));
    noIndonesian('summary', callText(summary!));
    const number = /ARH-\d{4}-\d{4}/.exec(callText(summary!))![0];

    // The groups keep the organisation's language.
    const group = await h.tg.waitForMessage(org[0]!.group.id, `ARAHAN ${number}</b>`);
    expect(callText(group)).toMatch(/pukul/);

    // A minute after delivery is "1 minute since delivery", not "1 menit".
    await new Promise((r) => setTimeout(r, 200));
    noIndonesian('/status', callText(await say(h.tg, GOVERNOR, `/status ${number}`, number)));
    noIndonesian('/belum', callText(await say(h.tg, GOVERNOR, '/belum', number)));
  });
});
