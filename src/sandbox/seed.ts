import type { Db } from '../infra/db/database';
import type { AppDeps } from '../infra/deps';
import { importOpds, importPeople } from '../features/organisation/import-org';
import { linkGroup } from '../features/organisation/organisation';
import { findPersonByTelegramId } from '../features/organisation/people.queries';
import type { FakeTelegram } from '../simulator/fake-telegram';

/**
 * The demo province the sandbox starts with: ten OPDs in three clusters, a head and a staff
 * member each, a governor, two secretariat members and an admin. Telegram ids are small fixed
 * numbers so a second start finds the same people; group ids are in Telegram's supergroup range.
 */
export type Role = 'pimpinan' | 'sekretariat' | 'admin' | 'kepala' | 'staf';

export interface CastMember {
  id: number;
  first_name: string;
  last_name: string;
  role: Role;
  /** OPD code, for kepala and staf. */
  opd?: string;
}

export interface DemoOpd {
  code: string;
  name: string;
  cluster: string;
  group: { id: number; type: 'supergroup'; title: string };
}

const OPD_LIST: Array<[code: string, name: string, cluster: string]> = [
  ['DINKES', 'Dinas Kesehatan', 'Kesejahteraan Rakyat'],
  ['DISDIK', 'Dinas Pendidikan', 'Kesejahteraan Rakyat'],
  ['DINSOS', 'Dinas Sosial', 'Kesejahteraan Rakyat'],
  ['PUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'Perekonomian dan Pembangunan'],
  ['DISHUB', 'Dinas Perhubungan', 'Perekonomian dan Pembangunan'],
  ['DISPERINDAG', 'Dinas Perindustrian dan Perdagangan', 'Perekonomian dan Pembangunan'],
  ['BAPPEDA', 'Badan Perencanaan Pembangunan Daerah', 'Perekonomian dan Pembangunan'],
  ['BPBD', 'Badan Penanggulangan Bencana Daerah', 'Pemerintahan'],
  ['DISKOMINFO', 'Dinas Komunikasi dan Informatika', 'Pemerintahan'],
  ['BKD', 'Badan Kepegawaian Daerah', 'Pemerintahan'],
];

const HEADS: Array<[string, string]> = [
  ['Budi', 'Santoso'],
  ['Siti', 'Rahmawati'],
  ['Andi', 'Wijaya'],
  ['Agus', 'Pratama'],
  ['Rina', 'Marlina'],
  ['Hendra', 'Gunawan'],
  ['Yusuf', 'Hidayat'],
  ['Dewi', 'Lestari'],
  ['Fajar', 'Nugroho'],
  ['Maya', 'Kartika'],
];
const STAFF: Array<[string, string]> = [
  ['Putri', 'Anggraini'],
  ['Rudi', 'Hartono'],
  ['Lina', 'Susanti'],
  ['Eko', 'Saputra'],
  ['Nur', 'Aini'],
  ['Bayu', 'Setiawan'],
  ['Tika', 'Permata'],
  ['Irfan', 'Maulana'],
  ['Wulan', 'Sari'],
  ['Dimas', 'Prakoso'],
];

export const DEMO_OPDS: DemoOpd[] = OPD_LIST.map(([code, name, cluster], i) => ({
  code,
  name,
  cluster,
  group: { id: -1001000000101 - i, type: 'supergroup', title: `${name} (${code})` },
}));

export const ADMIN: CastMember = { id: 1001, first_name: 'Rina', last_name: 'Admin', role: 'admin' };
export const GOVERNOR: CastMember = { id: 2001, first_name: 'Herman', last_name: 'Gubernur', role: 'pimpinan' };
export const SECRETARIAT_MEMBERS: CastMember[] = [
  { id: 2002, first_name: 'Sari', last_name: 'Sekretariat', role: 'sekretariat' },
  { id: 2003, first_name: 'Joko', last_name: 'Susilo', role: 'sekretariat' },
];
export const SECRETARIAT_GROUP = { id: -1001000000100, type: 'supergroup' as const, title: 'Sekretariat Pimpinan' };

export const CAST: CastMember[] = [
  GOVERNOR,
  ...SECRETARIAT_MEMBERS,
  ADMIN,
  ...DEMO_OPDS.flatMap((opd, i) => [
    { id: 3001 + i, first_name: HEADS[i]![0], last_name: HEADS[i]![1], role: 'kepala' as const, opd: opd.code },
    { id: 4001 + i, first_name: STAFF[i]![0], last_name: STAFF[i]![1], role: 'staf' as const, opd: opd.code },
  ]),
];

/** The chats a person sees in their chat list: their private chat with the bot and their groups. */
export function chatsOf(person: CastMember): Array<{ id: number; type: 'private' | 'supergroup'; title: string }> {
  const chats: Array<{ id: number; type: 'private' | 'supergroup'; title: string }> = [{ id: person.id, type: 'private', title: 'Arahan (bot)' }];
  if (person.role === 'sekretariat' || person.role === 'admin') chats.push(SECRETARIAT_GROUP);
  for (const opd of DEMO_OPDS) {
    if (person.opd === opd.code || person.role === 'admin') chats.push(opd.group);
  }
  return chats;
}

/** Tells the (in-memory) simulator who and where everyone is: at every start. */
export function registerCast(sim: FakeTelegram): void {
  for (const person of CAST) sim.createUser(person);
  sim.createChat(SECRETARIAT_GROUP);
  for (const opd of DEMO_OPDS) sim.createChat(opd.group);
}

/**
 * At every start, before the bot polls: the simulator starts its update and message ids at 1,
 * while the database keeps the ones of earlier runs. Without this, a restarted sandbox's updates
 * reuse ids the bot has already claimed (processed_updates, kept 24 hours), so everything a
 * trainee did was silently skipped as a resend; and a new instruction could share its message
 * id with an old one in the same group, so a reply to it reported on the old instruction.
 */
export async function continueTelegramIds(db: Db, sim: FakeTelegram): Promise<void> {
  const updates = await db
    .selectFrom('processed_updates')
    .select((eb) => eb.fn.max<number>('update_id').as('last'))
    .executeTakeFirst();
  // Every column where the bot keeps a message id it may look up or edit later, per chat.
  const sources = await Promise.all([
    db
      .selectFrom('assignments')
      .select((eb) => ['chat_id', eb.fn.max<number>('message_id').as('last')])
      .groupBy('chat_id')
      .execute(),
    db
      .selectFrom('outbox')
      .select((eb) => ['chat_id', eb.fn.max<number>('message_id').as('last')])
      .groupBy('chat_id')
      .execute(),
    db
      .selectFrom('issue_previews')
      .select((eb) => ['chat_id', eb.fn.max<number>('message_id').as('last')])
      .groupBy('chat_id')
      .execute(),
    db
      .selectFrom('instructions')
      .select((eb) => [eb.ref('summary_chat_id').as('chat_id'), eb.fn.max<number>('summary_message_id').as('last')])
      .groupBy('summary_chat_id')
      .execute(),
    db
      .selectFrom('rollcalls')
      .select((eb) => [eb.ref('tally_chat_id').as('chat_id'), eb.fn.max<number>('tally_message_id').as('last')])
      .groupBy('tally_chat_id')
      .execute(),
  ]);
  const messageIds: Array<[number, number]> = sources
    .flat()
    .flatMap((r) => (r.chat_id === null || r.last === null ? [] : [[Number(r.chat_id), Number(r.last)] as [number, number]]));
  sim.continueIds({ ...(updates?.last != null ? { updateId: Number(updates.last) } : {}), messageIds });
}

/**
 * First start only (no OPD in the database yet): imports the province with the product's own
 * CSV import (what `npm run admin import-opd / import-people` does), then links each OPD's
 * group as the admin's /daftar in that group does. Returns whether it seeded.
 */
export async function seedOnce(deps: AppDeps): Promise<boolean> {
  const existing = await deps.db.selectFrom('opds').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const now = deps.now();
  const opdCsv = ['kode,nama,klaster', ...DEMO_OPDS.map((o) => `${o.code},${o.name},${o.cluster}`)].join('\n');
  const opds = await importOpds(deps.db, opdCsv, now);
  if (!opds.ok) throw new Error(`sandbox seed: OPD import failed: ${opds.errors.map((e) => e.message).join('; ')}`);
  const peopleCsv = ['telegram_id,nama,peran,kode_opd', ...CAST.map((p) => `${p.id},${p.first_name} ${p.last_name},${p.role},${p.opd ?? ''}`)].join('\n');
  const people = await importPeople(deps.db, peopleCsv, now);
  if (!people.ok) throw new Error(`sandbox seed: people import failed: ${people.errors.map((e) => e.message).join('; ')}`);
  const admin = await findPersonByTelegramId(deps.db, ADMIN.id);
  if (!admin) throw new Error('sandbox seed: the admin was not imported');
  for (const opd of DEMO_OPDS) {
    const linked = await linkGroup(deps, admin, opd.code, { id: opd.group.id, title: opd.group.title });
    if (!linked.ok) throw new Error(`sandbox seed: could not link ${opd.code}`);
  }
  return true;
}
