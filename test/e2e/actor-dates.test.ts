import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateTimesOf } from '../support/date-time';
import { fromLocal, localParts } from '../../src/domain/time';
import { id } from '../../locales/id';
import { findAssignment } from '../../src/features/instruction/assignments.queries';
import type { RecordedCall } from '../support/fake-telegram';
import { ANY_DAY_ENV, buttonsOf, GOVERNOR, issueTo, lastSeq, press, say, sentMessageId, setupOrg, startHarness, waitAfter, type Harness, type OrgMember } from '../support/harness';

const DAY = 86_400_000;

/**
 * Issue #15 leftovers: the answers to whoever acted on an extension — the OPD that asked
 * (/minta_perpanjangan or the ⏳ conversation), the decider who approved, the leader who
 * extended with /perpanjang — carry the new due date as a `date_time` entity, as the other
 * extension messages do, over the WIB text an older client shows as it is.
 */
describe('the actor sees the new due date as a date_time entity', () => {
  let h: Harness;
  let org: OrgMember[];
  const tz = 'Asia/Jakarta';

  beforeAll(async () => {
    h = await startHarness({ ...ANY_DAY_ENV });
    org = await setupOrg(h, 2, 990);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The date_time entities of a sent message as the chat shows it, each with the text it covers. */
  const dateTimes = (call: RecordedCall) => dateTimesOf(h.tg.getMessage(Number(call.payload.chat_id), sentMessageId(call)));
  const entityFor = (ms: number) => ({ unix: Math.floor(ms / 1000), format: 'wDt', shown: id.fmt.dateTime(ms, tz) });
  /** "d/m/yyyy HH.00", `days` local days from now, and the instant it means. */
  function dateIn(days: number, hour: number): { text: string; at: number } {
    const p = localParts(Date.now() + days * DAY, tz);
    return { text: `${p.day}/${p.month}/${p.year} ${String(hour).padStart(2, '0')}.00`, at: fromLocal(tz, p.year, p.month, p.day, hour, 0) };
  }

  it('/minta_perpanjangan: the requester’s confirmation, then the approving decider’s answer', async () => {
    const a = org[0]!;
    const x = await issueTo(h, [a], { ackInMs: 3_600_000, dueInMs: 2 * DAY });
    const wanted = dateIn(5, 16);
    let since = lastSeq(h.tg);
    const sent = await say(h.tg, a.head, `/minta_perpanjangan ${x.number} ${wanted.text} menunggu data dari kecamatan`, 'telah dikirim');
    expect(dateTimes(sent)).toEqual([entityFor(wanted.at)]);
    expect(h.tg.getMessage(a.head.id, sentMessageId(sent))!.text).toContain(`sampai ${id.fmt.dateTime(wanted.at, tz)} telah dikirim`);

    const request = await waitAfter(h.tg, since, GOVERNOR.id, 'Permintaan perpanjangan');
    since = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(request), buttonsOf(request)[0]![1]);
    const approved = await waitAfter(h.tg, since, GOVERNOR.id, 'disetujui sampai');
    expect(dateTimes(approved)).toEqual([entityFor(wanted.at)]);
    expect(h.tg.getMessage(GOVERNOR.id, sentMessageId(approved))!.text).toBe(`Perpanjangan ${a.code} untuk arahan ${x.number} disetujui sampai ${id.fmt.dateTime(wanted.at, tz)}.`);
  });

  it('the ⏳ conversation: the confirmation after the reason', async () => {
    const b = org[1]!;
    const x = await issueTo(h, [b], { ackInMs: 3_600_000, dueInMs: 2 * DAY });
    const assignment = x.assignment[b.code]!;
    await say(h.tg, b.head, `/start ext-${assignment}`, 'Permintaan perpanjangan');
    const wanted = dateIn(4, 10);
    await say(h.tg, b.head, wanted.text, 'alasan');
    const sent = await say(h.tg, b.head, 'Menunggu hasil uji laboratorium.', 'telah dikirim');
    expect(dateTimes(sent)).toEqual([entityFor(wanted.at)]);
  });

  it('/perpanjang: the leader’s confirmation', async () => {
    const a = org[0]!;
    const x = await issueTo(h, [a], { ackInMs: 3_600_000, dueInMs: 2 * DAY });
    const later = dateIn(7, 16);
    const extended = await say(h.tg, GOVERNOR, `/perpanjang ${x.number} ${later.text}`, 'diperpanjang menjadi');
    expect((await findAssignment(h.app.deps.db, x.assignment[a.code]!))!.due_at).toBe(later.at);
    expect(dateTimes(extended)).toEqual([entityFor(later.at)]);
    expect(h.tg.getMessage(GOVERNOR.id, sentMessageId(extended))!.text).toContain(`diperpanjang menjadi ${id.fmt.dateTime(later.at, tz)}.`);
  });
});
