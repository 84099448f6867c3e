import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAssignment } from '../../src/features/instruction/assignments.queries';
import { fromLocal, localParts } from '../../src/domain/time';
import { id } from '../../locales/id';
import type { RecordedCall } from '../support/fake-telegram';
import {
  buttonData,
  buttonsOf,
  callText,
  GOVERNOR,
  issueTo,
  lastSeq,
  OUTSIDER,
  press,
  say,
  SECRETARIAT,
  sentMessageId,
  setupOrg,
  startHarness,
  waitAfter,
  type Harness,
  type IssuedInstruction,
  type OrgMember,
} from '../support/harness';

/**
 * Issue #4 (extension requests): an OPD asks for a later due date with /minta_perpanjangan
 * (in the group or in private) or through the ⏳ button; the issuer or the secretariat
 * approves (that OPD's due date and reminder plan move, the group is told) or refuses
 * (nothing moves), once. Bad requests are refused without reaching the deciders.
 */
const DAY = 86_400_000;

describe('extension requests', () => {
  let h: Harness;
  let org: OrgMember[];
  let tz: string;

  beforeAll(async () => {
    h = await startHarness({
      REMINDER_SEGERA: '1s',
      OVERDUE_EVERY: '1s',
      QUIET_HOURS: 'off',
      WORKING_DAYS: '0-6',
      HOLIDAYS_FILE: 'test/support/no-holidays.csv',
    });
    org = await setupOrg(h, 4);
    tz = h.config.timezone;
  });
  afterAll(async () => {
    await h.close();
  });

  const fmt = (ms: number) => id.fmt.dateTime(ms, tz);
  /** A due date as the deciders' and the group's extension messages write it: a date_time entity over the WIB text (Bot API 9.5). */
  const at = (ms: number) => `<tg-time unix="${Math.floor(ms / 1000)}" format="wDt">${fmt(ms)}</tg-time>`;
  /** "d/m/yyyy HH.00", `days` local days from now, and the instant it means. */
  function dateIn(days: number, hour: number): { text: string; at: number } {
    const p = localParts(Date.now() + days * DAY, tz);
    return { text: `${p.day}/${p.month}/${p.year} ${String(hour).padStart(2, '0')}.00`, at: fromLocal(tz, p.year, p.month, p.day, hour, 0) };
  }
  const dueOf = async (issued: IssuedInstruction, code: string) => (await findAssignment(h.app.deps.db, issued.assignment[code]!))!.due_at;
  const isRequest = (chatId: number, number: string) => (c: RecordedCall) =>
    c.ok && c.method === 'sendMessage' && Number(c.payload.chat_id) === chatId && callText(c).includes(`Permintaan perpanjangan</b> arahan <b>${number}</b>`);
  const planLines = (plan: RecordedCall, code: string) =>
    callText(plan)
      .split('\n')
      .filter((l) => l.startsWith(`• ${code}:`));

  async function acknowledge(m: OrgMember, issued: IssuedInstruction) {
    await press(h.tg, m.head, m.group.id, issued.message[m.code]!, buttonData(h.tg, m.group.id, issued.message[m.code]!, '✅'));
  }

  it("approved: that OPD's due date and reminder plan move and its group is told; refused: nothing moves; each decided once", async () => {
    const [a, b] = [org[0]!, org[1]!];
    const x = await issueTo(h, [a, b], { ackInMs: 3_600_000, dueInMs: 2 * DAY });
    await acknowledge(a, x);
    await acknowledge(b, x);
    const oldDue = await dueOf(x, a.code);
    const planBefore = await say(h.tg, GOVERNOR, `/pengingat ${x.number}`, 'Rencana pengingat');
    expect(planLines(planBefore, a.code)).toEqual([`• ${a.code}: pengingat H-1 untuk grup OPD dan kepala — ${fmt(oldDue - DAY)}`]);
    const bBefore = planLines(planBefore, b.code);
    expect(bBefore).toHaveLength(1);

    // A asks in the group.
    const wanted = dateIn(5, 16);
    let since = lastSeq(h.tg);
    const sent = await say(h.tg, a.head, `/minta_perpanjangan ${x.number} ${wanted.text} menunggu data dari kecamatan`, /./, a.group);
    expect(callText(sent)).toBe(`Permintaan perpanjangan arahan <b>${x.number}</b> sampai <b>${at(wanted.at)}</b> telah dikirim kepada pemberi arahan.`);
    const [toGovernor] = await h.tg.waitFor((c) => c.seq > since && isRequest(GOVERNOR.id, x.number)(c));
    const [toSecretariat] = await h.tg.waitFor((c) => c.seq > since && isRequest(SECRETARIAT.id, x.number)(c));
    expect(callText(toGovernor!)).toBe(
      `⏳ <b>Permintaan perpanjangan</b> arahan <b>${x.number}</b>\nDari: <b>${a.code}</b> — Dinas Nomor 1 (Kepala1 OPD)\nBatas saat ini: ${at(oldDue)}\nDiminta: <b>${at(wanted.at)}</b>\nAlasan: menunggu data dari kecamatan`,
    );
    const [[, okData], [, noData]] = buttonsOf(toGovernor!) as [[string, string], [string, string]];
    expect(buttonsOf(toGovernor!).map((c) => c[0])).toEqual(['Setujui', 'Tolak']);
    expect(buttonsOf(toSecretariat!)).toEqual(buttonsOf(toGovernor!));

    // One request at a time.
    expect(callText(await say(h.tg, a.head, `/minta_perpanjangan ${x.number} ${dateIn(6, 16).text} alasan lain`, /./))).toContain(
      'Masih ada permintaan perpanjangan yang menunggu keputusan',
    );
    // Only the issuer or the secretariat decides.
    const notDecider = await press(h.tg, a.head, a.group.id, sentMessageId(sent), okData);
    expect(String(notDecider.payload.text)).toContain('hanya pemberi arahan atau sekretariat');

    since = lastSeq(h.tg);
    const approve = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(toGovernor!), okData);
    expect(approve.payload.show_alert).toBeFalsy();
    await waitAfter(h.tg, since, GOVERNOR.id, `Perpanjangan ${a.code} untuk arahan <b>${x.number}</b> disetujui sampai <b>${at(wanted.at)}</b>.`);
    const told = await waitAfter(h.tg, since, a.group.id, `arahan <b>${x.number}</b> <b>disetujui</b>. Batas waktu tindak lanjut kini <b>${at(wanted.at)}</b>.`);
    expect((told.payload.reply_parameters as { message_id: number }).message_id).toBe(x.message[a.code]);
    // The instruction message in A's group states the new due date.
    await h.tg.waitFor(
      (c) => c.seq > since && c.ok && c.method === 'editMessageText' && Number(c.payload.chat_id) === a.group.id && Number(c.payload.message_id) === x.message[a.code],
      { description: 'the group message re-rendered after the approval' },
    );
    expect(h.tg.getMessage(a.group.id, x.message[a.code]!)!.text).toContain(`Tindak lanjut selesai paling lambat ${fmt(wanted.at)}.`);

    // Decided once: again by the governor, or by the secretariat on its copy.
    for (const [who, chat, msg, data] of [
      [GOVERNOR, GOVERNOR.id, sentMessageId(toGovernor!), okData],
      [SECRETARIAT, SECRETARIAT.id, sentMessageId(toSecretariat!), noData],
      [SECRETARIAT, SECRETARIAT.id, sentMessageId(toSecretariat!), okData],
    ] as const) {
      const again = await press(h.tg, who, chat, msg, data);
      expect(again.payload.show_alert).toBe(true);
      // The answer names the first decision (issue #15): who approved, and when.
      expect(String(again.payload.text)).toMatch(/^Permintaan ini sudah diputuskan sebelumnya: ✅ Disetujui oleh Herman Gubernur pada .+\. Tidak ada yang diubah\.$/);
    }
    expect(h.tg.sent(a.group.id).filter((c) => c.seq > since && callText(c).includes('disetujui'))).toHaveLength(1);
    expect(h.tg.sent(a.group.id).filter((c) => c.seq > since && callText(c).includes('tidak disetujui'))).toHaveLength(0);

    // Only A's due date and plan moved.
    expect(await dueOf(x, a.code)).toBe(wanted.at);
    expect(await dueOf(x, b.code)).toBe(oldDue);
    const planAfter = await say(h.tg, GOVERNOR, `/pengingat ${x.number}`, 'Rencana pengingat');
    expect(planLines(planAfter, a.code)).toEqual([`• ${a.code}: pengingat H-1 untuk grup OPD dan kepala — ${fmt(wanted.at - DAY)}`]);
    expect(planLines(planAfter, b.code)).toEqual(bBefore);

    // B asks in private; the secretariat refuses: nothing moves.
    since = lastSeq(h.tg);
    const askedB = dateIn(4, 10);
    await say(h.tg, b.head, `/minta_perpanjangan ${x.number} ${askedB.text} jaringan internet terputus`, 'telah dikirim kepada pemberi arahan');
    const [bToGovernor] = await h.tg.waitFor((c) => c.seq > since && isRequest(GOVERNOR.id, x.number)(c));
    const [bToSecretariat] = await h.tg.waitFor((c) => c.seq > since && isRequest(SECRETARIAT.id, x.number)(c));
    expect(callText(bToSecretariat!)).toContain(`Dari: <b>${b.code}</b> — Dinas Nomor 2 (Kepala2 OPD)`);
    since = lastSeq(h.tg);
    const refuse = await press(h.tg, SECRETARIAT, SECRETARIAT.id, sentMessageId(bToSecretariat!), buttonsOf(bToSecretariat!)[1]![1]);
    expect(refuse.payload.show_alert).toBeFalsy();
    await waitAfter(h.tg, since, SECRETARIAT.id, `Permintaan perpanjangan ${b.code} untuk arahan <b>${x.number}</b> ditolak.`);
    await waitAfter(h.tg, since, b.group.id, `arahan <b>${x.number}</b> <b>tidak disetujui</b>. Batas waktu tetap <b>${at(oldDue)}</b>.`);
    const late = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(bToGovernor!), buttonsOf(bToGovernor!)[0]![1]);
    expect(String(late.payload.text)).toContain('sudah diputuskan');
    expect(await dueOf(x, b.code)).toBe(oldDue);
    expect(h.tg.getMessage(b.group.id, x.message[b.code]!)!.text).toContain(`Tindak lanjut selesai paling lambat ${fmt(oldDue)}.`);
    const planRefused = await say(h.tg, GOVERNOR, `/pengingat ${x.number}`, 'Rencana pengingat');
    expect(planLines(planRefused, b.code)).toEqual(bBefore);
    expect(planLines(planRefused, a.code)).toEqual(planLines(planAfter, a.code));
    expect(h.tg.sent(b.group.id).filter((c) => c.seq > since && callText(c).includes('<b>disetujui</b>'))).toHaveLength(0);

    await say(h.tg, GOVERNOR, `/tutup ${x.number}`, 'telah ditutup');
  });

  it('an approval that would bring a due date forward changes nothing (the instruction was extended meanwhile)', async () => {
    const [c] = [org[2]!];
    const z = await issueTo(h, [c], { ackInMs: 3_600_000, dueInMs: 2 * DAY });
    await acknowledge(c, z);
    const asked = dateIn(4, 10);
    let since = lastSeq(h.tg);
    await say(h.tg, c.head, `/minta_perpanjangan ${z.number} ${asked.text} menunggu tanda tangan`, 'telah dikirim kepada pemberi arahan');
    const [request] = await h.tg.waitFor((x) => x.seq > since && isRequest(GOVERNOR.id, z.number)(x));
    // Meanwhile the governor extends the whole instruction beyond what was asked.
    const later = dateIn(7, 16);
    await say(h.tg, GOVERNOR, `/perpanjang ${z.number} ${later.text}`, 'diperpanjang');
    expect(await dueOf(z, c.code)).toBe(later.at);
    since = lastSeq(h.tg);
    const approve = await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(request!), buttonsOf(request!)[0]![1]);
    expect(approve.payload.show_alert).toBe(true);
    expect(String(approve.payload.text)).toBe(
      `Batas waktu OPD ini sudah diubah menjadi ${fmt(later.at)}, tidak lebih awal dari yang diminta. Menyetujui akan memajukannya; tidak ada yang diubah.`,
    );
    expect(await dueOf(z, c.code)).toBe(later.at);
    expect(h.tg.sent(c.group.id).filter((x) => x.seq > since && callText(x).includes('disetujui'))).toHaveLength(0);
    // Refusing it still works: the request is closed and the group hears the date stands.
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(request!), buttonsOf(request!)[1]![1]);
    await waitAfter(h.tg, since, c.group.id, `arahan <b>${z.number}</b> <b>tidak disetujui</b>. Batas waktu tetap <b>${at(later.at)}</b>.`);
    await say(h.tg, GOVERNOR, `/tutup ${z.number}`, 'telah ditutup');
  });

  it('⏳ button: an overdue OPD asks in its private chat; approval stops the overdue reminders and re-plans', async () => {
    const [c, d] = [org[2]!, org[3]!];
    const y = await issueTo(h, [c], { ackInMs: 1_500, dueInMs: 1_500 });
    await acknowledge(c, y);
    const control = await issueTo(h, [d], { ackInMs: 60_000, dueInMs: 3_600_000, priority: 'segera', text: 'Kontrol' });
    const isFollowUp = (m: RecordedCall) =>
      m.ok && m.method === 'sendMessage' && [c.group.id, c.head.id].includes(Number(m.payload.chat_id)) && callText(m).includes(`Tindak lanjut arahan <b>${y.number}</b>`);
    await h.tg.waitFor((m) => isFollowUp(m) && callText(m).includes('masih terlambat'));
    const due = await dueOf(y, c.code);

    const link = await press(h.tg, c.head, c.group.id, y.message[c.code]!, `ext:${y.assignment[c.code]}`);
    expect(link.payload.url).toBe(`https://t.me/arahan_test_bot?start=ext-${y.assignment[c.code]}`);
    const askDate = await say(h.tg, c.head, `/start ext-${y.assignment[c.code]}`, 'Permintaan perpanjangan');
    expect(callText(askDate)).toContain(`Permintaan perpanjangan <b>${y.number}</b>. Batas saat ini: ${fmt(due)}.`);
    expect(callText(askDate)).toContain('batas waktu baru');
    // Unreadable, then past: asked again each time.
    expect(callText(await say(h.tg, c.head, 'kapan-kapan saja', /./))).toContain('Format waktu tidak dikenali');
    expect(callText(await say(h.tg, c.head, '1/1/2020 08.00', /./))).toBe(`Batas waktu baru harus setelah batas waktu saat ini (${fmt(due)}) dan di masa yang akan datang.`);
    const wanted = dateIn(3, 12);
    expect(callText(await say(h.tg, c.head, wanted.text, /./))).toBe('Mohon tuliskan <b>alasan</b> perpanjangan.');
    let since = lastSeq(h.tg);
    expect(callText(await say(h.tg, c.head, 'Menunggu hasil uji laboratorium.', /./))).toBe(
      `Permintaan perpanjangan arahan <b>${y.number}</b> sampai <b>${at(wanted.at)}</b> telah dikirim kepada pemberi arahan.`,
    );
    const [request] = await h.tg.waitFor((m) => m.seq > since && isRequest(GOVERNOR.id, y.number)(m));
    expect(callText(request!)).toContain('Alasan: Menunggu hasil uji laboratorium.');

    since = lastSeq(h.tg);
    await press(h.tg, GOVERNOR, GOVERNOR.id, sentMessageId(request!), buttonsOf(request!)[0]![1]);
    const told = await waitAfter(h.tg, since, c.group.id, `arahan <b>${y.number}</b> <b>disetujui</b>`);
    expect(await dueOf(y, c.code)).toBe(wanted.at);

    // No more overdue reminders for C (the control keeps reminding), and the plan shows the new times.
    const from = lastSeq(h.tg);
    await h.tg.waitFor((m) => m.seq > from && m.ok && Number(m.payload.chat_id) === d.group.id && callText(m).includes(control.number) && callText(m).includes('Pengingat'), {
      count: 3,
    });
    expect(h.tg.calls.filter((m) => m.at > told.at + 200 && isFollowUp(m))).toHaveLength(0);
    const plan = await say(h.tg, GOVERNOR, `/pengingat ${y.number}`, 'Rencana pengingat');
    expect(planLines(plan, c.code)).toEqual([`• ${c.code}: pengingat H-1 untuk grup OPD dan kepala — ${fmt(wanted.at - DAY)}`]);

    await say(h.tg, GOVERNOR, `/tutup ${y.number}`, 'telah ditutup');
    await say(h.tg, GOVERNOR, `/tutup ${control.number}`, 'telah ditutup');
  });

  it('refuses bad requests without bothering the deciders', async () => {
    const [a, b] = [org[0]!, org[1]!];
    const z = await issueTo(h, [a], { ackInMs: 3_600_000, dueInMs: 2 * DAY });
    const due = await dueOf(z, a.code);
    const good = dateIn(5, 16).text;
    const since = lastSeq(h.tg);
    const notLater = `Batas waktu baru harus setelah batas waktu saat ini (${fmt(due)}) dan di masa yang akan datang.`;
    const cases: Array<{ who: typeof a.head | typeof OUTSIDER; text: string; reply: string }> = [
      // Before now, and later than now but earlier than the current due date.
      { who: a.head, text: `/minta_perpanjangan ${z.number} 1/1/2020 08.00 data belum lengkap`, reply: notLater },
      { who: a.head, text: `/minta_perpanjangan ${z.number} besok 10.00 data belum lengkap`, reply: notLater },
      { who: a.head, text: `/minta_perpanjangan ${z.number} ${good}`, reply: 'Alasan perpanjangan belum diisi. Mohon tuliskan alasannya setelah tanggal.' },
      // A reason so long the deciders' message could not be sent (it would also block any later request).
      { who: a.head, text: `/minta_perpanjangan ${z.number} ${good} ${'panjang '.repeat(495)}`, reply: 'Alasan terlalu panjang (batas 1000 karakter)' },
      { who: a.head, text: `/minta_perpanjangan ${z.number}`, reply: 'Format: <code>/minta_perpanjangan NOMOR BATAS_BARU ALASAN</code>' },
      { who: a.head, text: '/minta_perpanjangan', reply: 'Format: <code>/minta_perpanjangan NOMOR BATAS_BARU ALASAN</code>' },
      { who: a.head, text: `/minta_perpanjangan ${z.number} kapan-kapan saja`, reply: 'Format waktu tidak dikenali' },
      { who: a.head, text: `/minta_perpanjangan bukan-nomor ${good} alasan`, reply: 'Nomor arahan tidak dikenali' },
      { who: a.head, text: `/minta_perpanjangan 9999 ${good} alasan`, reply: '9999</b> tidak ditemukan' },
      // Only members of a target OPD.
      { who: OUTSIDER, text: `/minta_perpanjangan ${z.number} ${good} alasan`, reply: 'belum terdaftar di Arahan' },
      { who: b.head, text: `/minta_perpanjangan ${z.number} ${good} alasan`, reply: 'hanya kepala atau staf OPD penerima arahan' },
      { who: OUTSIDER, text: `/start ext-${z.assignment[a.code]}`, reply: 'hanya kepala atau staf OPD penerima arahan' },
    ];
    for (const c of cases) expect(callText(await say(h.tg, c.who, c.text, /./)), c.text).toContain(c.reply);
    // In the conversation too, an earlier date or an overlong reason is refused and asked again.
    await say(h.tg, a.head, `/start ext-${z.assignment[a.code]}`, 'batas waktu baru');
    expect(callText(await say(h.tg, a.head, 'besok 10.00', /./))).toBe(notLater);
    expect(callText(await say(h.tg, a.head, good, /./))).toBe('Mohon tuliskan <b>alasan</b> perpanjangan.');
    expect(callText(await say(h.tg, a.head, 'panjang '.repeat(495), /./))).toContain('Alasan terlalu panjang (batas 1000 karakter)');
    for (const who of [OUTSIDER, b.head]) {
      const refused = await press(h.tg, who, a.group.id, z.message[a.code]!, `ext:${z.assignment[a.code]}`);
      expect(refused.payload.show_alert).toBe(true);
      expect(refused.payload.url).toBeUndefined();
      expect(String(refused.payload.text)).toContain('hanya kepala atau staf OPD penerima arahan');
    }

    // A closed instruction takes no request: neither by command, nor button, nor an open conversation.
    await say(h.tg, GOVERNOR, `/tutup ${z.number}`, 'telah ditutup');
    // The open conversation still awaited the reason.
    expect(callText(await say(h.tg, a.head, 'data belum lengkap', /./))).toContain('sudah ditutup');
    expect(callText(await say(h.tg, a.head, `/minta_perpanjangan ${z.number} ${good} data belum lengkap`, /./))).toContain('sudah ditutup');
    const closed = await press(h.tg, a.head, a.group.id, z.message[a.code]!, `ext:${z.assignment[a.code]}`);
    expect(closed.payload.show_alert).toBe(true);
    expect(String(closed.payload.text)).toContain('sudah ditutup');

    expect(h.tg.calls.filter((c) => c.seq > since && (isRequest(GOVERNOR.id, z.number)(c) || isRequest(SECRETARIAT.id, z.number)(c)))).toHaveLength(0);
    expect(await dueOf(z, a.code)).toBe(due);
  });
});
