import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, callText, issueTo, type OrgMember, SECRETARIAT, setupOrg, startHarness, type Harness } from '../support/harness';

/**
 * Issue #13, finding 13: /status and /rekap asked by the secretariat inside an OPD's group
 * answered there with every OPD's state (and /ekspor would have posted the workbook there).
 * The read commands answer in a private chat or in the secretariat's own group only.
 */
const SECRETARIAT_GROUP = { id: -100777, type: 'supergroup' as const, title: 'Sekretariat Daerah' };

describe('cross-OPD figures stay out of OPD groups', () => {
  let h: Harness;
  let org: OrgMember[];
  let number: string;

  beforeAll(async () => {
    h = await startHarness({ SECRETARIAT_CHAT_ID: String(SECRETARIAT_GROUP.id) });
    org = await setupOrg(h, 2);
    number = (await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 86_400_000 })).number;
  });
  afterAll(async () => {
    await h.close();
  });

  it('in an OPD group the secretariat is asked to use the private chat, and no figures are shown', async () => {
    const group = org[0]!.group;
    for (const command of [`/status ${number}`, '/rekap', '/terlambat', '/ekspor']) {
      const answer = callText(await ask(h.tg, SECRETARIAT, command, group));
      expect(answer, command).toContain('hanya dapat digunakan di chat pribadi dengan bot atau di grup sekretariat');
      expect(answer).not.toContain('OPD2');
    }
    expect(h.tg.callsTo('sendDocument')).toHaveLength(0);
  });

  it('in a private chat and in the secretariat group the figures are shown', async () => {
    expect(callText(await ask(h.tg, SECRETARIAT, `/status ${number}`))).toContain('0 dari 2 OPD sudah konfirmasi');
    expect(callText(await ask(h.tg, SECRETARIAT, `/status ${number}`, SECRETARIAT_GROUP))).toContain('0 dari 2 OPD sudah konfirmasi');
  });
});
