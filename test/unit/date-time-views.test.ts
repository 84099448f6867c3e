import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../src/infra/i18n';
import { renderReminder } from '../../src/features/remind/remind.view';
import { renderSummary } from '../../src/features/instruction/instruction.view';
import { renderExtensionDecidedGroup, renderExtensionRequest } from '../../src/features/extend/extend.view';
import { DAY, JKT, MKS, TUESDAY_10_WIB } from '../support/clock';

const t = messagesFor('id');
const now = TUESDAY_10_WIB;
const tag = (ms: number) => `<tg-time unix="${Math.floor(ms / 1000)}" format="wDt">`;

/**
 * Issue #15: the deadlines of the summary, reminders and extension messages are date_time
 * entities over the zone's text, and plain text beyond the 1,098 days Telegram accepts.
 */
describe('deadlines as date_time entities in the views', () => {
  const reminder = (due: number) =>
    renderReminder(t, MKS, now, 'due_day_before', { number: 'ARH-2026-0001', opdCode: 'BPBD', opdName: 'Badan', ackDeadline: now + DAY, dueAt: due, headNames: [] });

  it('a reminder: the entity wraps the WITA text, within the bound only', () => {
    const near = now + 1097 * DAY;
    expect(reminder(near)).toContain(`${tag(near)}${t.fmt.dateTime(near, MKS)}</tg-time>`);
    expect(t.fmt.dateTime(near, MKS)).toMatch(/WITA$/);
    const far = now + 1099 * DAY;
    expect(reminder(far)).not.toContain('<tg-time');
    expect(reminder(far)).toContain(t.fmt.dateTime(far, MKS));
  });

  it('the summary and the extension messages', () => {
    const ack = now + DAY;
    const summary = renderSummary(t, JKT, {
      number: 'ARH-2026-0001',
      state: 'open',
      ack_deadline: ack,
      total: 1,
      acked: 0,
      done: 0,
      overdue: 0,
      failed: 0,
      verification_code: 'X',
      created_at: now,
    });
    expect(summary).toContain(`${tag(ack)}${t.fmt.dateTime(ack, JKT)}</tg-time>`);
    // Without the moment it was issued (the user guide's examples), plain text.
    expect(
      renderSummary(t, JKT, { number: 'ARH-2026-0001', state: 'open', ack_deadline: ack, total: 1, acked: 0, done: 0, overdue: 0, failed: 0, verification_code: 'X' }),
    ).not.toContain('<tg-time');

    const model = {
      requestId: 1,
      number: 'ARH-2026-0001',
      opdCode: 'BPBD',
      opdName: 'Badan',
      requester: 'Budi',
      currentDue: now + DAY,
      requestedDue: now + 1200 * DAY,
      reason: 'data',
    };
    const { text } = renderExtensionRequest(t, JKT, model, now);
    expect(text).toContain(`${tag(now + DAY)}${t.fmt.dateTime(now + DAY, JKT)}</tg-time>`);
    expect(text.match(/<tg-time/g)).toHaveLength(1); // the far requested date stays plain
    expect(renderExtensionDecidedGroup(t, JKT, true, 'ARH-2026-0001', now + 2 * DAY, now)).toContain(tag(now + 2 * DAY));
  });
});
