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

/**
 * Who may send a command: the roles of an action, any registered person (`registered`), a
 * member of an OPD (`member`: kepala or staf; the use case then checks the assignment's OPD),
 * or anyone (`anyone`, unregistered people included).
 */
export type Audience = Action | 'registered' | 'member' | 'anyone';

/**
 * Where a command is answered: a private chat with the bot, an OPD's group, either (`any`),
 * or — for the cross-OPD reads — a private chat or the chat marked as the secretariat's.
 */
export type Place = 'private' | 'group' | 'any' | 'private_or_secretariat';

export interface CommandRule {
  audience: Audience;
  place: Place;
  /** Who sees it in their menu and /bantuan when that differs from `audience`. */
  menu?: readonly (Role | 'guest')[];
}

/**
 * The one declaration of who may do what, and where. The guard in front of every command
 * (`guard` in src/infra/telegram/middleware.ts), /bantuan, the per-role command menus and
 * the permission matrix test are all built from it: adding a command here is the only way
 * to make it reachable, visible and tested. Order is the order of the menus.
 */
export const COMMAND_RULES = {
  start: { audience: 'anyone', place: 'private', menu: ['guest'] },
  arahan: { audience: 'issue', place: 'private' },
  belum: { audience: 'query', place: 'private_or_secretariat' },
  status: { audience: 'query', place: 'private_or_secretariat' },
  terlambat: { audience: 'query', place: 'private_or_secretariat' },
  rekap: { audience: 'query', place: 'private_or_secretariat' },
  cari: { audience: 'query', place: 'private_or_secretariat' },
  ekspor: { audience: 'query', place: 'private_or_secretariat' },
  grafik: { audience: 'query', place: 'private_or_secretariat' },
  // The leaders' dashboard (Telegram Mini App): a button that opens it, in a private chat only
  // (Telegram opens a web_app button's page for the person who pressed it).
  dasbor: { audience: 'query', place: 'private' },
  laporan: { audience: 'query', place: 'private_or_secretariat' },
  pengingat: { audience: 'query', place: 'private_or_secretariat' },
  opd: { audience: 'query', place: 'private_or_secretariat' },
  tutup: { audience: 'manage_instruction', place: 'any' },
  batal: { audience: 'manage_instruction', place: 'any' },
  perpanjang: { audience: 'manage_instruction', place: 'any' },
  kirim_ulang: { audience: 'manage_instruction', place: 'any' },
  batal_draf: { audience: 'issue', place: 'private' },
  // Roll-call (apel "HP aktif 24 jam"): called by the leadership; the Hadir button is checked per press.
  apel: { audience: 'issue', place: 'private' },
  daftar: { audience: 'admin', place: 'group' },
  undang: { audience: 'admin', place: 'private' },
  peran: { audience: 'admin', place: 'any' },
  plt: { audience: 'admin', place: 'any' },
  piket: { audience: 'admin', place: 'private' },
  undangan: { audience: 'admin', place: 'private' },
  // Registered people with their Telegram ids and roles, paged and searchable (issue #15).
  pengguna: { audience: 'admin', place: 'private' },
  nonaktif: { audience: 'admin', place: 'private' },
  aktifkan: { audience: 'admin', place: 'private' },
  // Everyone who may read sees the quiet hours; only an admin changes them (checked inside).
  senyap: { audience: 'query', place: 'private_or_secretariat' },
  // Acting heads (staf named by /plt) may delegate too: the use case decides, the menu shows heads.
  tugaskan: { audience: 'member', place: 'any', menu: ['kepala'] },
  minta_perpanjangan: { audience: 'member', place: 'any' },
  // A target OPD's member reports an obstacle (the use case checks the assignment's OPD).
  kendala: { audience: 'member', place: 'any' },
  // Is this instruction genuine? Anyone registered, in a private chat (issue #16).
  cek: { audience: 'registered', place: 'private' },
  bahasa: { audience: 'registered', place: 'any' },
  bantuan: { audience: 'anyone', place: 'any' },
} as const satisfies Record<string, CommandRule>;

export type CommandName = keyof typeof COMMAND_RULES;

export function commandRule(command: CommandName): CommandRule {
  return COMMAND_RULES[command];
}

/** The roles an audience admits (`anyone` also admits unregistered people). */
export function audienceRoles(audience: Audience): readonly Role[] {
  if (audience === 'registered' || audience === 'anyone') return ROLES;
  if (audience === 'member') return OPD_ROLES;
  return ALLOWED[audience];
}

/** May this caller (null: unregistered) send the command at all, wherever? */
export function mayUse(actor: Actor | null | undefined, command: CommandName): boolean {
  const { audience } = COMMAND_RULES[command];
  if (audience === 'anyone') return true;
  return !!actor && actor.active === 1 && audienceRoles(audience).includes(actor.role);
}

export type ChatKind = 'private' | 'secretariat' | 'group';

/** Is the command answered in this kind of chat? */
export function placeAllows(place: Place, chat: ChatKind): boolean {
  switch (place) {
    case 'any':
      return true;
    case 'private':
      return chat === 'private';
    case 'group':
      return chat !== 'private';
    case 'private_or_secretariat':
      return chat !== 'group';
  }
}

/** The commands in a role's private-chat menu and /bantuan (`guest`: not registered yet). */
export function privateMenu(role: Role | 'guest'): CommandName[] {
  return (Object.keys(COMMAND_RULES) as CommandName[]).filter((name) => {
    const rule: CommandRule = COMMAND_RULES[name];
    if (!placeAllows(rule.place, 'private')) return false;
    if (rule.menu) return rule.menu.includes(role);
    if (role === 'guest') return rule.audience === 'anyone';
    return audienceRoles(rule.audience).includes(role);
  });
}

/**
 * The menu every group shows (Telegram has one menu for all group chats): what members of an
 * OPD use there, and the admin's /daftar which only works in a group.
 */
export function groupMenu(): CommandName[] {
  return (Object.keys(COMMAND_RULES) as CommandName[]).filter((name) => {
    const rule: CommandRule = COMMAND_RULES[name];
    return rule.place === 'group' || (rule.place === 'any' && (rule.audience === 'member' || rule.audience === 'anyone'));
  });
}

export type AckDenial = 'not_registered' | 'inactive' | 'not_member';

/** Only a registered, active member (head or staff) of the assignment's OPD may acknowledge. */
export function ackDenial(actor: Actor | null | undefined, opdId: number): AckDenial | null {
  if (!actor) return 'not_registered';
  if (actor.active !== 1) return 'inactive';
  if (!roleNeedsOpd(actor.role) || actor.opd_id !== opdId) return 'not_member';
  return null;
}
