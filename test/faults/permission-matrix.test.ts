import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ackDenial, audienceRoles, COMMAND_RULES, type CommandName, mayUse, placeAllows, type ChatKind } from '../../src/domain/permissions';
import type { Role } from '../../src/domain/types';
import { messagesFor } from '../../src/infra/i18n';
import type { FakeUserInput } from '../support/fake-telegram';
import {
  ADMIN,
  GOVERNOR,
  OUTSIDER,
  SECRETARIAT,
  callText,
  importCsv,
  issueTo,
  lastSeq,
  press,
  privateChat,
  setupOrg,
  startHarness,
  type Harness,
  type IssuedInstruction,
  type OrgMember,
} from '../support/harness';
import { figure } from './figures';

/**
 * The permission matrix, generated from COMMAND_RULES — the declaration that the guards,
 * /bantuan and the command menus are built from: every command × every kind of caller × every
 * kind of chat. A refused cell must answer with the refusal that names why (not registered,
 * not your role, not here) and change nothing in the database; an allowed cell must answer with
 * something else. Then the ✅ button of an OPD's message pressed by every kind of caller.
 */
const t = messagesFor('id');
const SECRETARIAT_GROUP = { id: -100990, type: 'supergroup' as const, title: 'Sekretariat Daerah' };
const STAF_A = { id: 61001, first_name: 'Siti', last_name: 'Staf' };

type Caller = { label: string; user: FakeUserInput; role: Role | null; active: boolean };

describe('permission matrix (from the one declaration)', () => {
  let h: Harness;
  let org: OrgMember[];
  let callers: Caller[];
  let issued: IssuedInstruction;

  beforeAll(async () => {
    h = await startHarness({ SECRETARIAT_CHAT_ID: String(SECRETARIAT_GROUP.id) });
    org = await setupOrg(h, 2);
    const [a, b] = org as [OrgMember, OrgMember];
    await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${STAF_A.id},Siti Staf,staf,${a.code}`);
    issued = await issueTo(h, [a], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    // B's head stands for every deactivated person.
    await h.app.deps.db.updateTable('people').set({ active: 0 }).where('telegram_id', '=', b.head.id).execute();
    callers = [
      { label: 'unregistered', user: OUTSIDER, role: null, active: false },
      { label: 'admin', user: ADMIN, role: 'admin', active: true },
      { label: 'pimpinan', user: GOVERNOR, role: 'pimpinan', active: true },
      { label: 'sekretariat', user: SECRETARIAT, role: 'sekretariat', active: true },
      { label: 'kepala (OPD A)', user: a.head, role: 'kepala', active: true },
      { label: 'staf (OPD A)', user: STAF_A, role: 'staf', active: true },
      { label: 'deactivated kepala', user: b.head, role: 'kepala', active: false },
    ];
  }, 60_000);
  afterAll(() => h?.close());

  /** Rows that a refused command must not touch. */
  async function fingerprint(): Promise<string> {
    const tables = ['instructions', 'assignments', 'drafts', 'events', 'invitations', 'people', 'opds', 'settings', 'reports', 'extension_requests'];
    const parts = tables.map((name) => sql<number>`(select count(*) from ${sql.table(name)})`.as(name));
    const row = await h.app.deps.db
      .selectNoFrom(() => [...parts, sql<number>`(select sum(active) from people)`.as('active'), sql<string>`(select max(updated_at) from people)`.as('people_updated')])
      .executeTakeFirstOrThrow();
    return JSON.stringify(row);
  }

  /** The refusal the declaration calls for, or null when the command must go through. */
  function expectedRefusal(command: CommandName, caller: Caller, chat: ChatKind): string | null {
    const rule = COMMAND_RULES[command];
    const actor = caller.role ? { role: caller.role, opd_id: null, active: caller.active ? 1 : 0 } : null;
    if (!mayUse(actor, command)) {
      if (!actor) return t.notRegistered;
      if (!caller.active) return t.accountInactive;
      return t.notAllowed(
        `/${command}`,
        audienceRoles(rule.audience)
          .map((r) => t.roleName[r])
          .join(', '),
      );
    }
    if (placeAllows(rule.place, chat)) return null;
    if (rule.place === 'private') return t.privateOnly(`/${command}`);
    if (rule.place === 'group') return t.groupOnly(`/${command}`);
    return t.crossOpdPrivateOnly(`/${command}`);
  }

  it('every command × caller × chat answers as declared; refusals change nothing', { timeout: 240_000 }, async () => {
    const [a, b] = org as [OrgMember, OrgMember];
    const refusals = new Set([t.notRegistered]);
    const wrong: string[] = [];
    let cells = 0;
    for (const command of Object.keys(COMMAND_RULES) as CommandName[]) {
      for (const caller of callers) {
        const chats: Array<{ kind: ChatKind; label: string; chat: { id: number; type: 'private' | 'supergroup'; title?: string } }> = [
          { kind: 'private', label: 'private chat', chat: privateChat(caller.user) },
          { kind: 'group', label: "OPD A's group", chat: a.group },
          { kind: 'group', label: "OPD B's group", chat: b.group },
          { kind: 'secretariat', label: "the secretariat's group", chat: SECRETARIAT_GROUP },
        ];
        for (const { kind, label, chat } of chats) {
          const expected = expectedRefusal(command, caller, kind);
          if (expected) refusals.add(expected);
          const before = expected ? await fingerprint() : '';
          const seq = lastSeq(h.tg);
          h.tg.sendText({ from: caller.user, chat, text: `/${command}` });
          // A refusal is one text message; an allowed /grafik or /ekspor may still be sending its
          // picture or file from the cell before, so a refused cell looks at text messages only.
          const methods = expected ? ['sendMessage'] : ['sendMessage', 'sendDocument', 'sendPhoto'];
          const [answer] = await h.tg.waitFor((c) => c.seq > seq && c.ok && methods.includes(c.method) && Number(c.payload.chat_id) === chat.id, {
            description: `an answer to /${command} from ${caller.label} in ${label}`,
          });
          const text = callText(answer!);
          cells++;
          const cell = `/${command} · ${caller.label} · ${label}`;
          if (expected) {
            if (text !== expected) wrong.push(`${cell}: expected the refusal «${expected}», got «${text.slice(0, 80)}»`);
            else if ((await fingerprint()) !== before) wrong.push(`${cell}: refused, but the database changed`);
          } else if (refusals.has(text) || /^Mohon maaf, perintah \/\w+ hanya untuk|hanya dapat digunakan di/.test(text)) {
            wrong.push(`${cell}: expected to go through, was refused: «${text.slice(0, 80)}»`);
          }
        }
      }
    }
    figure('permission cells (command × caller × chat)', cells);
    expect(wrong).toEqual([]);
    expect(cells).toBe(Object.keys(COMMAND_RULES).length * callers.length * 4);
  });

  it("the ✅ button of an OPD's message: only that OPD's active members acknowledge; the others are told why", async () => {
    const [a] = org as [OrgMember, OrgMember];
    const db = h.app.deps.db;
    const opdA = (await db.selectFrom('opds').select('id').where('code', '=', a.code).executeTakeFirstOrThrow()).id;
    const count = async (kind: string, who: number) =>
      Number(
        (
          await db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('kind', '=', kind)
            .where('actor_telegram_id', '=', who)
            .executeTakeFirstOrThrow()
        ).n,
      );
    let cells = 0;
    for (const caller of callers) {
      const person = await db.selectFrom('people').selectAll().where('telegram_id', '=', caller.user.id).executeTakeFirst();
      const denied = ackDenial(person ?? null, opdA) !== null;
      const answer = await press(h.tg, caller.user, a.group.id, issued.message[a.code]!, `ack:${issued.assignment[a.code]}`);
      cells++;
      // The first member to press acknowledges for the OPD; later members are thanked without a second record.
      expect((await count('ack_refused', caller.user.id)) > 0, `${caller.label} pressing ✅ is refused`).toBe(denied);
      expect(answer.payload.show_alert === true, `${caller.label} gets an alert`).toBe(denied);
    }
    const state = await db.selectFrom('assignments').select('state').where('id', '=', issued.assignment[a.code]!).executeTakeFirstOrThrow();
    expect(state.state).toBe('acknowledged');
    expect(await count('acknowledged', a.head.id)).toBe(1);
    figure('permission cells (✅ button × caller)', cells);
  });
});
