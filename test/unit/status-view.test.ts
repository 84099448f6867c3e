import { describe, expect, it } from 'vitest';
import type { AssignmentRow } from '../../src/features/instruction/assignments.queries';
import type { Instruction } from '../../src/infra/db/schema';
import { fromLocal } from '../../src/domain/time';
import { messagesFor } from '../../src/infra/i18n';
import { renderStatus } from '../../src/features/status/status.view';

const TZ = 'Asia/Jakarta';
const wib = (day: number, hour: number, minute = 0) => fromLocal(TZ, 2026, 11, day, hour, minute);

const instruction: Instruction = {
  id: 1,
  number: 'ARH-2026-0007',
  text: 'Siaga banjir',
  issuer_id: 1,
  priority: 'biasa',
  ack_deadline: wib(20, 12),
  due_at: wib(24, 16),
  state: 'open',
  target_label: 'BPBD',
  summary_chat_id: null,
  summary_message_id: null,
  created_at: wib(20, 9),
  closed_at: null,
  on_behalf_of_person_id: null,
};

function row(over: Partial<AssignmentRow>): AssignmentRow {
  return {
    id: 1,
    instruction_id: 1,
    opd_id: 1,
    state: 'in_progress',
    delivery_state: 'sent',
    delivery_error: null,
    delivery_attempts: 1,
    chat_id: -100,
    message_id: 5,
    delivered_at: wib(20, 9),
    acked_at: wib(20, 10),
    acked_by: 2,
    due_at: wib(24, 16),
    reminder_count: 3,
    escalation_count: 0,
    created_at: wib(20, 9),
    updated_at: wib(25, 8),
    last_reminder_at: null,
    sec_escalated_at: null,
    pim_escalated_at: null,
    fu_stage: 1,
    fu_plan_from: null,
    last_overdue_at: wib(25, 8),
    delegate_id: null,
    reported_at: null,
    done_at: null,
    opd_code: 'BPBD',
    opd_name: 'Badan Penanggulangan Bencana Daerah',
    chat_status: 'linked',
    acked_by_name: 'Kepala BPBD',
    delegate_name: null,
    last_report_at: wib(22, 14, 30),
    ...over,
  } as AssignmentRow;
}

describe('/status for an OPD at work', () => {
  const t = messagesFor('id');

  it('"laporan terakhir" is the time of the last report, not of the last reminder', () => {
    const text = renderStatus(t, TZ, instruction, [row({})]);
    expect(text).toContain('BPBD — Badan Penanggulangan Bencana Daerah: 🔄 dalam proses (laporan terakhir 22 Nov 2026 14.30 WIB)');
    // Returned before any report was kept (older data): the acknowledgement time, never a reminder's.
    expect(renderStatus(t, TZ, instruction, [row({ last_report_at: null })])).toContain('(laporan terakhir 20 Nov 2026 10.00 WIB)');
  });
});

describe('/status while the message is on its way', () => {
  const t = messagesFor('id');
  const notYet = { state: 'pending', delivered_at: null, acked_at: null, acked_by: null, acked_by_name: null, message_id: null, last_report_at: null } as Partial<AssignmentRow>;

  it('says per OPD whether the message is queued, being sent, or failed and why', () => {
    const lines = renderStatus(t, TZ, instruction, [
      row({ ...notYet, opd_code: 'A', opd_name: 'Dinas A', delivery_state: 'queued' }),
      row({ ...notYet, opd_code: 'B', opd_name: 'Dinas B', delivery_state: 'sending' }),
      row({ ...notYet, opd_code: 'C', opd_name: 'Dinas C', delivery_state: 'failed', delivery_error: 'Forbidden: bot was kicked from the group chat' }),
    ]).split('\n');
    expect(lines.find((l) => l.includes('A — Dinas A'))).toContain('antre pengiriman');
    expect(lines.find((l) => l.includes('B — Dinas B'))).toContain('sedang dikirim');
    expect(lines.find((l) => l.includes('C — Dinas C'))).toContain('gagal terkirim: Forbidden: bot was kicked from the group chat');
  });
});
