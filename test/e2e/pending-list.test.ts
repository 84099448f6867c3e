import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  buttonData,
  buttonsOf,
  callText,
  GOVERNOR,
  issueTo,
  lastSeq,
  press,
  SECRETARIAT,
  say,
  sentMessageId,
  startWithOrg,
  waitAfter,
  type Harness,
  type OrgMember,
} from '../support/harness';

/**
 * Issue #15, "The live summary shows only counts": a 📋 button under the issuer's summary (and
 * under /status) lists, in a new private message, the OPDs that have not acknowledged and those
 * not finished, each with its head's name. Only the issuer and the secretariat may press it.
 */
describe('who has not acknowledged / not finished', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 3, 690));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the summary keeps its 📋 button as it is edited; the list names each pending OPD and its head', async () => {
    const x = await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const [first] = org;
    let before = lastSeq(h.tg);
    await press(h.tg, first!.head, first!.group.id, x.message[first!.code]!, buttonData(h.tg, first!.group.id, x.message[first!.code]!, '✅'));
    await h.tg.waitFor(
      (c) =>
        c.seq > before &&
        c.ok &&
        c.method === 'editMessageText' &&
        Number(c.payload.chat_id) === GOVERNOR.id &&
        Number(c.payload.message_id) === x.summary &&
        callText(c).includes('1/3'),
      { description: 'the summary edited to 1/3 acknowledged' },
    );
    const data = buttonData(h.tg, GOVERNOR.id, x.summary, '📋');

    before = lastSeq(h.tg);
    const answer = await press(h.tg, GOVERNOR, GOVERNOR.id, x.summary, data);
    expect(answer.payload.show_alert).toBeFalsy();
    const list = callText(await waitAfter(h.tg, before, GOVERNOR.id, `📋 <b>${x.number}</b>: OPD yang belum konfirmasi atau belum selesai`));
    const notAcked = list.indexOf('<b>Belum konfirmasi</b> (2 OPD):');
    const notDone = list.indexOf('<b>Sudah konfirmasi, belum selesai</b> (1 OPD):');
    expect(notAcked).toBeGreaterThan(0);
    expect(notDone).toBeGreaterThan(notAcked);
    for (const [i, m] of org.entries()) {
      const at = list.indexOf(`• <b>${m.code}</b> — Dinas Nomor ${i + 1}\n   Kepala: ${m.head.first_name} ${m.head.last_name}`);
      expect(at, `${m.code} listed with its head`).toBeGreaterThan(0);
      // OPD1 acknowledged: listed as not finished; the others as not acknowledged.
      if (i === 0) expect(at).toBeGreaterThan(notDone);
      else expect(at).toBeLessThan(notDone);
    }
  });

  it('/status offers the list to the secretariat, not to an admin; a forged press by the admin is refused', async () => {
    const x = await issueTo(h, org.slice(0, 2), { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const status = await say(h.tg, SECRETARIAT, `/status ${x.number}`, x.number);
    const data = buttonsOf(status).find(([text]) => text.startsWith('📋'))?.[1];
    expect(data).toBeDefined();
    const before = lastSeq(h.tg);
    await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(status), data!);
    const list = callText(await waitAfter(h.tg, before, SECRETARIAT.id, `📋 <b>${x.number}</b>`));
    expect(list).toContain('<b>Belum konfirmasi</b> (2 OPD):');
    expect(list).not.toContain('belum selesai</b>');

    const adminStatus = await say(h.tg, ADMIN, `/status ${x.number}`, x.number);
    expect(buttonsOf(adminStatus)).toEqual([]);
    const refused = await press(h.tg, ADMIN, ADMIN.id, sentMessageId(adminStatus), data!);
    expect(refused.payload.show_alert).toBe(true);
    expect(String(refused.payload.text)).toContain('hanya untuk pemberi arahan dan sekretariat');
  });
});
