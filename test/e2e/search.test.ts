import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, callText, issueTo, type OrgMember, SECRETARIAT, setupOrg, startHarness, type Harness } from '../support/harness';

/**
 * Issue #13, finding 10: /cari stripped %, _ and \ from the words instead of searching for
 * them, so "SK_2026" found nothing and "/cari %%" listed everything.
 */
describe('/cari with characters that are wildcards in SQL', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    h = await startHarness();
    org = await setupOrg(h, 1);
    await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 86_400_000, text: 'Mohon tindak lanjuti SK_2026 tentang siaga banjir.' });
    await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 86_400_000, text: 'Mohon tindak lanjuti SKX2026 tentang jalan rusak.' });
    await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 86_400_000, text: 'Target capaian 100% pada akhir tahun.' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('an underscore is searched for as itself', async () => {
    const text = callText(await ask(h.tg, SECRETARIAT, '/cari SK_2026'));
    expect(text).toContain('siaga banjir');
    expect(text).not.toContain('jalan rusak');
  });

  it('a percent sign is searched for as itself, not as "anything"', async () => {
    const percent = callText(await ask(h.tg, SECRETARIAT, '/cari 100%'));
    expect(percent).toContain('akhir tahun');
    expect(percent).not.toContain('siaga banjir');
    const wildcard = callText(await ask(h.tg, SECRETARIAT, '/cari %%'));
    expect(wildcard).not.toContain('siaga banjir');
    expect(wildcard).not.toContain('akhir tahun');
  });
});
