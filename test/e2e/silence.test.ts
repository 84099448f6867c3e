import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, callText, GOVERNOR, issueTo, lastSeq, messagesSince, OUTSIDER, say, SECRETARIAT, setupOrg, startHarness, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #15, "Silence": typos and free text are answered in a private chat (and commands
 * addressed to the bot in a group), commands work whatever their case, ordinary group
 * conversation is never answered, and a draft or a report still takes the private chat's text.
 */
describe('typos and free text get an answer', () => {
  let h: Harness;
  let org: OrgMember[];
  const answer = async (from: { id: number; first_name: string }, text: string, chat?: Parameters<typeof ask>[3]) => callText(await ask(h.tg, from, text, chat));

  beforeAll(async () => {
    h = await startHarness();
    org = await setupOrg(h, 2, 610);
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each([
    { from: GOVERNOR, text: '/arahn', meant: '/arahan' },
    { from: SECRETARIAT, text: '/blum', meant: '/belum' },
    { from: SECRETARIAT, text: '/stat 2', meant: '/status' },
    { from: SECRETARIAT, text: '/rekpa', meant: '/rekap' },
    { from: OUTSIDER, text: '/strat', meant: '/start' },
  ])('$text → "Maksud Bapak/Ibu $meant?"', async ({ from, text, meant }) => {
    const got = await answer(from, text);
    expect(got).toContain(`Maksud Bapak/Ibu ${meant}?`);
    expect(got).toContain('/bantuan');
  });

  it('an unknown command with nothing close says so and points to /bantuan', async () => {
    const got = await answer(SECRETARIAT, '/xyzzyqq');
    expect(got).toContain('perintah /xyzzyqq tidak dikenal');
    expect(got).not.toContain('Maksud');
  });

  it('only the commands the caller may use are suggested', async () => {
    // A head may not use /belum: "/blum" is not turned into it for them.
    expect(await answer(org[0]!.head, '/blum')).not.toContain('/belum?');
  });

  it('commands are matched whatever their case', async () => {
    expect(await answer(SECRETARIAT, '/Belum')).toBe(await answer(SECRETARIAT, '/belum'));
    expect(await answer(SECRETARIAT, '/BANTUAN')).toContain('/arahan — ');
  });

  it('free text in a private chat gets a short help, with /arahan for those who issue', async () => {
    const governor = await answer(GOVERNOR, 'Selamat pagi, bagaimana cara kirim arahan?');
    expect(governor).toContain('Ketik /bantuan');
    expect(governor).toContain('/arahan');
    const head = await answer(org[0]!.head, 'Selamat pagi, apa kabar?');
    expect(head).toContain('Ketik /bantuan');
    expect(head).not.toContain('/arahan');
    expect(await answer(OUTSIDER, 'Halo, saya ingin mendaftar')).toContain('belum terdaftar');
  });

  it('a group is answered only for a command addressed to the bot', async () => {
    const m = org[0]!;
    const bot = h.tg.botInfo.username;
    const seq = lastSeq(h.tg);
    h.tg.sendText({ from: m.head, chat: m.group, text: 'Selamat pagi rekan-rekan semua' });
    h.tg.sendText({ from: m.head, chat: m.group, text: '/blum' });
    h.tg.sendText({ from: m.head, chat: m.group, text: '/Foo@other_bot' });
    const got = await answer(m.head, `/bantun@${bot}`, m.group);
    expect(got).toContain('Maksud Bapak/Ibu /bantuan?');
    // Nothing but that answer went into the group.
    expect(messagesSince(h.tg, seq, m.group.id)).toHaveLength(1);
    // A capitalised command addressed to the bot works too.
    expect(await answer(m.head, `/Bantuan@${bot}`, m.group)).toContain('/bantuan — ');
  });

  it('a draft and a report in progress still take the private chat text', async () => {
    const started = await answer(GOVERNOR, '/arahan');
    expect(started).not.toContain('Ketik /bantuan');
    const next = await answer(GOVERNOR, 'Mohon seluruh OPD menyiapkan posko siaga banjir.');
    expect(next).not.toContain('Ketik /bantuan');
    await answer(GOVERNOR, '/batal_draf');

    const m = org[1]!;
    const issued = await issueTo(h, [m], { ackInMs: 3_600_000, dueInMs: 7_200_000 });
    await say(h.tg, m.head, `/start lapor-${issued.assignment[m.code]}`, `Laporan tindak lanjut ${issued.number}</b>`);
    const piece = await answer(m.head, 'Posko sudah berdiri di tiga kecamatan.');
    expect(piece).toContain(`Diterima untuk laporan <b>${issued.number}</b>`);
    expect(piece).not.toContain('Ketik /bantuan');
  });
});
