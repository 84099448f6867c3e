import type { Role } from './types';

export const ROLES: readonly Role[] = ['admin', 'pimpinan', 'sekretariat', 'kepala', 'staf'];
export const OPD_ROLES: readonly Role[] = ['kepala', 'staf'];

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** Roles whose members belong to an OPD (and therefore need one). */
export function roleNeedsOpd(role: Role): boolean {
  return OPD_ROLES.includes(role);
}

export type Action =
  | 'issue' // send an instruction (/arahan)
  | 'query' // /belum, /status, /terlambat
  | 'manage_instruction' // close, cancel, extend (issuer or secretariat)
  | 'admin'; // OPD set-up, invitations, roles

const ALLOWED: Record<Action, readonly Role[]> = {
  issue: ['pimpinan', 'sekretariat'],
  query: ['pimpinan', 'sekretariat', 'admin'],
  manage_instruction: ['pimpinan', 'sekretariat'],
  admin: ['admin'],
};

export interface Actor {
  role: Role;
  opd_id: number | null;
  active: number;
}

/**
 * Who decides on an instruction once issued — close, cancel or extend it, review a done
 * report, decide an extension request: its issuer, or any secretariat member acting for the
 * leadership; active people only.
 */
export function mayDecide(who: (Actor & { id: number }) | null | undefined, issuerId: number): boolean {
  return !!who && who.active === 1 && (who.id === issuerId || who.role === 'sekretariat');
}

export function can(actor: Actor | null | undefined, action: Action): boolean {
  return !!actor && actor.active === 1 && ALLOWED[action].includes(actor.role);
}

export function rolesFor(action: Action): readonly Role[] {
  return ALLOWED[action];
}

export type AckDenial = 'not_registered' | 'inactive' | 'not_member';

/** Only a registered, active member (head or staff) of the assignment's OPD may acknowledge. */
export function ackDenial(actor: Actor | null | undefined, opdId: number): AckDenial | null {
  if (!actor) return 'not_registered';
  if (actor.active !== 1) return 'inactive';
  if (!roleNeedsOpd(actor.role) || actor.opd_id !== opdId) return 'not_member';
  return null;
}
