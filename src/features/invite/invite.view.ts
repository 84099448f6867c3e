import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import { invitationButtons } from './invite.callbacks';

export interface JoinRequestModel {
  requestId: number;
  name: string;
  username: string | null;
  telegramId: number;
  role: string;
  opdCode: string;
  opdName: string;
  creator: string;
}

const opdLabel = (code: string, name: string) => `<b>${escapeHtml(code)}</b> — ${escapeHtml(name)}`;

/** What an admin receives when someone opens a link that needs approval, with Setujui / Tolak (outbox JSON). */
export function renderJoinRequest(t: Messages, m: JoinRequestModel): { text: string; buttons: string } {
  const text = t.joinRequest(
    escapeHtml(m.name),
    m.username ? escapeHtml(m.username) : null,
    m.telegramId,
    t.roleName[m.role] ?? m.role,
    opdLabel(m.opdCode, m.opdName),
    escapeHtml(m.creator),
  );
  const buttons = JSON.stringify({
    inline_keyboard: [
      [
        { text: t.btnApprove, callback_data: invitationButtons.decide.pack({ decision: 'ok', request: m.requestId }), style: 'success' },
        { text: t.btnRefuse, callback_data: invitationButtons.decide.pack({ decision: 'no', request: m.requestId }), style: 'danger' },
      ],
    ],
  });
  return { text, buttons };
}

/** What the person who opened the link is told once an admin decided. */
export function renderJoinDecision(t: Messages, approved: boolean, m: { name: string; role: string; opdCode: string; opdName: string }): string {
  const role = t.roleName[m.role] ?? m.role;
  const opd = `${escapeHtml(m.opdCode)} — ${escapeHtml(m.opdName)}`;
  return approved ? t.inviteAccepted(escapeHtml(m.name), role, opd) : t.joinRejectedPerson(role, opd);
}
