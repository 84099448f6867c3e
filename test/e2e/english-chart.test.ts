import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../support/fake-telegram';
import { callText, GOVERNOR, importCsv, say, SECRETARIAT, startHarness, type Harness } from '../support/harness';

/**
 * Issue #15: the recap picture speaks its reader's language, from /grafik and in the weekly
 * digest. The fake keeps a photo's size, not its pixels (test/unit/chart-language.test.ts reads
 * the words drawn): the same figures drawn twice for Indonesian readers give the same file,
 * so a different file for the English reader is the English words.
 */
const SECRETARIAT_GROUP = -100960;

describe('the recap picture in the reader’s language (issue #15)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ DIGEST_CRON: '* * * * * *', SECRETARIAT_CHAT_ID: String(SECRETARIAT_GROUP) });
    expect(await importCsv(h, 'import-opd', 'kode,nama,klaster\nDINKES,Dinas Kesehatan,Sosial\nBPBD,Badan Penanggulangan Bencana Daerah,Bencana')).toBe(0);
    expect(await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${SECRETARIAT.id},Sari Sekretariat,sekretariat,`)).toBe(0);
  });
  afterAll(async () => {
    await h?.close();
  });

  const photoSize = (c: RecordedCall) => c.files[0]!.size;
  const isChart = (chatId: number) => (c: RecordedCall) => c.ok && c.method === 'sendPhoto' && Number(c.payload.chat_id) === chatId;

  it('/grafik draws the English picture for an English reader', async () => {
    const first = await say(h.tg, SECRETARIAT, '/grafik bulan ini', 'Grafik rekap arahan');
    const again = await say(h.tg, SECRETARIAT, '/grafik bulan ini', 'Grafik rekap arahan');
    expect(photoSize(again)).toBe(photoSize(first));

    await say(h.tg, SECRETARIAT, '/bahasa en', 'English');
    const english = await say(h.tg, SECRETARIAT, '/grafik bulan ini', 'Instruction recap chart');
    expect(english.method).toBe('sendPhoto');
    expect(photoSize(english)).toBeGreaterThan(1000);
    expect(photoSize(english)).not.toBe(photoSize(first));
  });

  it('the digest draws each recipient’s picture in their language', async () => {
    // The secretariat group (Indonesian) has its digest from the scheduler; then a pimpinan who reads English joins.
    const [group] = await h.tg.waitFor(isChart(SECRETARIAT_GROUP), { timeoutMs: 15_000, description: 'the chart to the secretariat group' });
    const now = Date.now();
    await h.app.deps.db
      .insertInto('people')
      .values({ telegram_id: GOVERNOR.id, name: 'Herman Gubernur', username: null, role: 'pimpinan', opd_id: null, lang: 'en', created_at: now, updated_at: now })
      .execute();
    const [english] = await h.tg.waitFor(isChart(GOVERNOR.id), { timeoutMs: 15_000, description: 'the chart to the governor' });
    expect(callText(english!)).not.toMatch(/mingguan|arahan/);
    expect(photoSize(english!)).toBeGreaterThan(1000);
    expect(photoSize(english!)).not.toBe(photoSize(group!));
  });
});
