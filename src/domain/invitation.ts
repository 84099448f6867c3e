import { roleNeedsOpd } from './permissions';
import type { Role } from './types';

/** Whether a role's invitation link waits for an admin's approval (INVITE_APPROVAL). */
export type InviteApproval = 'kepala' | 'none';

export function inviteNeedsApproval(role: Role, policy: InviteApproval): boolean {
  return policy === 'kepala' && role === 'kepala';
}

/**
 * What opening an invitation link may do for the person who opens it:
 * - `join`: register them (someone new, or a staf member invited as kepala);
 * - `same`: they already hold exactly this role in this OPD (nothing to do, no use spent);
 * - `inactive`: deactivated people are refused everything, invitations included;
 * - `higher_role`: admin, pimpinan and sekretariat keep their role;
 * - `already_member`: a member of an OPD is never demoted or moved by a link (a kepala
 *   opening a staf link, a member opening another OPD's link of the same rank): only an
 *   admin changes that, with /peran.
 */
export type InviteFit = 'join' | 'same' | 'inactive' | 'higher_role' | 'already_member';

export interface InviteePerson {
  role: Role;
  opd_id: number | null;
  active: number;
}

export function inviteFit(existing: InviteePerson | null | undefined, invitation: { role: Role; opd_id: number }): InviteFit {
  if (!existing) return 'join';
  if (existing.active !== 1) return 'inactive';
  if (!roleNeedsOpd(existing.role)) return 'higher_role';
  if (existing.role === invitation.role && existing.opd_id === invitation.opd_id) return 'same';
  if (existing.role === 'staf' && invitation.role === 'kepala') return 'join';
  return 'already_member';
}
