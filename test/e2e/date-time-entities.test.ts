import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateTimesOf } from '../support/date-time';
import { fromLocal, localParts } from '../../src/domain/time';
import { id } from '../../locales/id';
import {
  ANY_DAY_ENV,
  buttonData,
  callText,
  GOVERNOR,
  issueTo,
  lastSeq,
  press,
  SECRETARIAT,
  say,
  sentMessageId,
  setupOrg,
  startHarness,
  waitAfter,
  type Harness,
  type OrgMember,
} from '../support/harness';

/**
 * Issue #15, Bot API 9.5 beyond the group message: the deadlines in the issuer's preview, the
 * live summary, reminders and escalations, and the extension request are `date_time` entities
 * (a recent client shows them in its reader's zone), each over the WIB text an older client
 * shows as it is.
 */
describe('deadlines as date_time entities', () => {
  let h: Harness;
  let org: OrgMember[];
  const tz = 'Asia/Jakarta';

  beforeAll(async () => {
    h = await startHarness({ ...ANY_DAY_ENV, REMINDER_SEGERA: '1s', ESCALATE_PIMPINAN_AFTER: '1h' });
    org = await setupOrg(h, 2, 980);
  });
  afterAll(async () => {
    await h?.close();
  });

  const dateTimes = dateTimesOf;
  const entityFor = (ms: number) => ({ unix: Math.floor(ms / 1000), format: 'wDt', shown: id.fmt.dateTime(ms, tz) });

  it('the preview and the summary: each deadline is a date_time entity over its WIB text', async () => {
    const p = localParts(Date.now(), tz);
    const ack = fromLocal(tz, p.year, p.month, p.day + 2, 9, 0);
    const due = fromLocal(tz, p.year, p.month, p.day + 3, 16, 0);
    const day = (ms: number) => {
      const q = localParts(ms, tz);
      return `${q.day}/${q.month}/${q.year}`;
    };
    const preview = await say(
      h.tg,
      GOVERNOR,
      `/arahan\nKepada: ${org[0]!.code}\nKonfirmasi: ${day(ack)} 09.00\nSelesai: ${day(due)} 16.00\nSifat: biasa\n\nMohon siapkan laporan.`,
      'Pratinjau arahan',
    );
    const shownPreview = h.tg.getMessage(GOVERNOR.id, sentMessageId(preview));
    expect(dateTimes(shownPreview)).toEqual([entityFor(ack), entityFor(due)]);
    expect(shownPreview!.text).toMatch(/ WIB\n/);

    const seq = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(preview), buttonData(h.tg, GOVERNOR.id, sentMessageId(preview), 'Kirim'));
    const summary = await waitAfter(h.tg, seq, GOVERNOR.id, '📊 <b>');
    expect(dateTimes(h.tg.getMessage(GOVERNOR.id, sentMessageId(summary)))).toEqual([entityFor(ack)]);
  });

  it('a reminder to the OPD and an escalation to the secretariat carry the deadline as a date_time entity', async () => {
    const a = org[1]!;
    const x = await issueTo(h, [a], { ackInMs: 2_500, dueInMs: 3_600_000, priority: 'segera' });
    const ackAt = Number((await h.app.deps.db.selectFrom('instructions').select('ack_deadline').where('id', '=', x.instructionId).executeTakeFirstOrThrow()).ack_deadline);

    const [reminder] = await h.tg.waitFor((c) => c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === a.group.id && callText(c).includes('Pengingat'));
    expect(dateTimes(h.tg.getMessage(a.group.id, sentMessageId(reminder!)))).toEqual([entityFor(ackAt)]);

    const [escalation] = await h.tg.waitFor((c) => c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === SECRETARIAT.id && callText(c).includes('Eskalasi'));
    expect(dateTimes(h.tg.getMessage(SECRETARIAT.id, sentMessageId(escalation!)))).toEqual([entityFor(ackAt)]);
  });

  it('an extension request: the current and the requested due date are date_time entities', async () => {
    const a = org[0]!;
    const x = await issueTo(h, [a], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    const seq = lastSeq(h.tg);
    await say(h.tg, a.head, `/minta_perpanjangan ${x.number} 3 hari menunggu data dari kecamatan`, 'telah dikirim');
    const copy = await waitAfter(h.tg, seq, GOVERNOR.id, 'Permintaan perpanjangan');
    const row = await h.app.deps.db
      .selectFrom('extension_requests as r')
      .innerJoin('assignments as s', 's.id', 'r.assignment_id')
      .select(['r.requested_due', 's.due_at'])
      .where('s.instruction_id', '=', x.instructionId)
      .executeTakeFirstOrThrow();
    expect(dateTimes(h.tg.getMessage(GOVERNOR.id, sentMessageId(copy)))).toEqual([entityFor(Number(row.due_at)), entityFor(Number(row.requested_due))]);
  });
});
