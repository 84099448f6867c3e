import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  ask,
  buttonData,
  buttonsOf,
  callText,
  GOVERNOR,
  importCsv,
  issueTo,
  lastSeq,
  press,
  say,
  SECRETARIAT,
  sentMessageId,
  startHarness,
  waitAfter,
  waitForValue,
  type Harness,
  type OrgMember,
} from '../support/harness';
import { MAX_INSTRUCTION_TEXT } from '../../src/domain/instruction-form';
import { MAX_REPORT_TEXT } from '../../src/features/report/reports';
import { NAME_LIMITS } from '../../src/domain/names';

/**
 * Issue #13, finding 9: names of any length or content, and texts at their limits, against the
 * fake Bot API (which refuses a text over 4,096 characters or a caption over 1,024, as Telegram
 * does). Names are cleaned and bounded where they enter (CSV import, /opd tambah); names stored
 * before that (written here straight into the database) are shortened where they are shown; and
 * the group message, edited in place, is cut safely rather than refused.
 */
const HEAD = { id: 61001, first_name: 'Kepala', last_name: 'Panjang' };
const HEAD2 = { id: 61002, first_name: 'Kepala', last_name: 'Kendali' };
const GROUP = { id: -1006101, type: 'supergroup' as const, title: 'Grup\u0000 OPD \u202eLONG' };
const GROUP2 = { id: -1006102, type: 'supergroup' as const, title: 'Grup CTRL' };

const LONG_NAME = `Dinas ${'Sangat Panjang '.repeat(333)}`.trim(); // 5,000 characters
const CTRL_NAME = 'Dinas\u0000 Kese\u001bhatan\u0007 \u200bdan\u202e Sosial';
/** Text that HTML escaping makes five times longer: what Telegram counts is what it shows. */
const AMP_TEXT = (n: number) =>
  'Siaga & <banjir> '
    .repeat(Math.ceil(n / 17))
    .slice(0, n)
    .trim();

describe('names of any length and content, texts at their limits', () => {
  let h: Harness;
  let long: OrgMember;

  beforeAll(async () => {
    h = await startHarness({ QUIET_HOURS: 'off', WORKING_DAYS: '0-6', HOLIDAYS_FILE: 'test/support/no-holidays.csv' });
    long = { code: 'LONG', group: GROUP as OrgMember['group'], head: HEAD };
  });
  afterAll(async () => {
    await h.close();
  });

  const opdName = async (code: string) => await h.app.deps.db.selectFrom('opds').select(['name', 'cluster', 'chat_title']).where('code', '=', code).executeTakeFirstOrThrow();
  const personName = async (telegramId: number) => (await h.app.deps.db.selectFrom('people').select('name').where('telegram_id', '=', telegramId).executeTakeFirstOrThrow()).name;

  it('cleans and bounds names at every entry: CSV import, /opd tambah, the group title', async () => {
    const opds = ['kode,nama,klaster', `LONG,"${LONG_NAME}",${'Klaster'.repeat(20)}`, `CTRL,"${CTRL_NAME}",Umum\u001b`].join('\n');
    expect(await importCsv(h, 'import-opd', opds)).toBe(0);
    const longOpd = await opdName('LONG');
    expect(longOpd.name.length).toBeLessThanOrEqual(NAME_LIMITS.opd);
    expect(longOpd.name.startsWith('Dinas Sangat Panjang')).toBe(true);
    expect(longOpd.name.endsWith('…')).toBe(true);
    expect(longOpd.cluster!.length).toBeLessThanOrEqual(NAME_LIMITS.cluster);
    expect(await opdName('CTRL')).toMatchObject({ name: 'Dinas Kesehatan dan Sosial', cluster: 'Umum' });

    const people = [
      'telegram_id,nama,peran,kode_opd',
      `${GOVERNOR.id},Herman Gubernur,pimpinan,`,
      `${SECRETARIAT.id},Sari Sekretariat,sekretariat,`,
      `${HEAD.id},"Kepala ${'Nama Panjang '.repeat(416)}",kepala,LONG`,
      `${HEAD2.id},"Ke\u0000pala\u001b[2J Kendali",kepala,CTRL`,
    ].join('\n');
    expect(await importCsv(h, 'import-people', people)).toBe(0);
    expect((await personName(HEAD.id)).length).toBeLessThanOrEqual(NAME_LIMITS.person);
    expect(await personName(HEAD2.id)).toBe('Kepala[2J Kendali');

    // A name with nothing readable left is refused by the import, saying what was expected.
    expect(await importCsv(h, 'import-opd', 'kode,nama,klaster\nNUL,"\u0000\u001b\u200b",')).toBe(1);
    expect(await h.app.deps.db.selectFrom('opds').select('id').where('code', '=', 'NUL').executeTakeFirst()).toBeUndefined();

    // /opd tambah: control characters go; an empty name is refused; a long one is cut and the answer says so.
    const added = await ask(h.tg, ADMIN, '/opd tambah BAPENDA Badan\u001b Pen\u0000dapatan\u0007 Daerah | Eko\u200bnomi');
    expect(callText(added)).toContain('OPD <b>BAPENDA</b> — Badan Pendapatan Daerah telah ditambahkan');
    expect(await opdName('BAPENDA')).toMatchObject({ name: 'Badan Pendapatan Daerah', cluster: 'Ekonomi' });
    const empty = await ask(h.tg, ADMIN, '/opd tambah KOSONG \u0000\u001b\u200b');
    expect(callText(empty)).toContain('Nama OPD tidak dapat dibaca');
    expect(await h.app.deps.db.selectFrom('opds').select('id').where('code', '=', 'KOSONG').executeTakeFirst()).toBeUndefined();
    const cut = await ask(h.tg, ADMIN, `/opd tambah PANJANG ${'Badan Sangat Panjang '.repeat(190)}`);
    expect(callText(cut)).toContain(`nama OPD paling panjang ${NAME_LIMITS.opd} karakter`);
    expect((await opdName('PANJANG')).name.length).toBeLessThanOrEqual(NAME_LIMITS.opd);

    // The group's title is cleaned when the group is linked.
    await ask(h.tg, ADMIN, '/daftar LONG', GROUP);
    await ask(h.tg, ADMIN, '/daftar CTRL', GROUP2);
    expect((await opdName('LONG')).chat_title).toBe('Grup OPD LONG');
  });

  it('delivers, acknowledges (the group message is edited) and forwards a report, whatever the length of the names and texts', async () => {
    // Names stored before names were bounded: 5,000 characters each, with HTML in them.
    const legacy = (who: string) => `${who} <&> ${'x'.repeat(5000)}`;
    const db = h.app.deps.db;
    await db
      .updateTable('opds')
      .set({ name: legacy('Dinas') })
      .where('code', '=', 'LONG')
      .execute();
    await db
      .updateTable('people')
      .set({ name: legacy('Gubernur') })
      .where('telegram_id', '=', GOVERNOR.id)
      .execute();
    await db
      .updateTable('people')
      .set({ name: legacy('Kepala') })
      .where('telegram_id', '=', HEAD.id)
      .execute();

    // An instruction at its longest, full of characters HTML escaping lengthens.
    const issued = await issueTo(h, [long], { ackInMs: 3_600_000, dueInMs: 7_200_000, text: AMP_TEXT(MAX_INSTRUCTION_TEXT) });
    const messageId = issued.message.LONG!;
    const delivered = h.tg.getMessage(GROUP.id, messageId)!;
    expect(delivered.text!.length).toBeLessThanOrEqual(4096);
    expect(delivered.text).toContain(AMP_TEXT(MAX_INSTRUCTION_TEXT)); // the text is whole: only the name was shortened
    expect(delivered.text).toContain('Dari: Gubernur <&> xxx');

    // The instruction's text grew past what fits (stored before texts were bounded): the edit
    // after the acknowledgement cuts the text, not who acknowledged.
    await db
      .updateTable('instructions')
      .set({ text: AMP_TEXT(6000) })
      .where('id', '=', issued.instructionId)
      .execute();
    const after = lastSeq(h.tg);
    const ack = await press(h.tg, HEAD, GROUP.id, messageId, buttonData(h.tg, GROUP.id, messageId, '✅'));
    expect(String(ack.payload.text)).toContain('konfirmasi Bapak/Ibu telah dicatat');
    const [edit] = await h.tg.waitFor(
      (c) => c.seq > after && c.method === 'editMessageText' && Number(c.payload.chat_id) === GROUP.id && Number(c.payload.message_id) === messageId,
      { description: 'the edit of the group message after the acknowledgement' },
    );
    expect(edit!.ok, JSON.stringify(edit!.response).slice(0, 300)).toBe(true);
    const edited = h.tg.getMessage(GROUP.id, messageId)!.text!;
    expect(edited.length).toBeLessThanOrEqual(4096);
    expect(edited).toContain('… (terpotong)');
    expect(edited).toMatch(/✅ Diterima oleh Kepala <&> x+… pada /);
    expect(edited).toContain('Tindak lanjut selesai paling lambat');

    // A report at its longest, from a head with a 5,000-character name of a 5,000-character
    // OPD, reaches the issuer: sent, not failed.
    const since = lastSeq(h.tg);
    await say(h.tg, HEAD, `/start lapor-${issued.assignment.LONG}`, `Laporan tindak lanjut ${issued.number}</b>`);
    const collected = await say(h.tg, HEAD, AMP_TEXT(MAX_REPORT_TEXT), `Diterima untuk laporan <b>${issued.number}</b>`);
    await press(h.tg, HEAD, HEAD.id, sentMessageId(collected), 'rp:prog');
    const forwarded = await waitAfter(h.tg, since, GOVERNOR.id, `Laporan progres</b> — arahan <b>${issued.number}</b>`);
    expect(buttonsOf(forwarded)).toEqual([]);
    const shown = h.tg.getMessage(GOVERNOR.id, sentMessageId(forwarded))!.text!;
    expect(shown.length).toBeLessThanOrEqual(4096);
    expect(shown).toContain(AMP_TEXT(MAX_REPORT_TEXT));
    const rows = await waitForValue(
      () => db.selectFrom('outbox').select(['state', 'error']).where('kind', '=', 'report').where('chat_id', '=', GOVERNOR.id).execute(),
      (r) => r.length === 1 && r[0]!.state !== 'pending',
      'the report forward to the issuer settled',
    );
    expect(rows).toEqual([{ state: 'sent', error: null }]);
  });
});
