import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Priority } from '../../src/infra/db/schema';
import { localDateKey } from '../../src/domain/time';
import { ADMIN, ask, callText, GOVERNOR, issueTo, lastSeq, SECRETARIAT, say, setupOrg, startHarness, type Harness, type OrgMember } from '../support/harness';

/**
 * Issue #3 against real Redis with intervals of a second: reminders arrive in order and stop
 * when the OPD acts, escalation climbs to the secretariat then the issuer, closing and
 * cancelling stop everything, the follow-up clock turns overdue, and an extension re-plans.
 */
const SECRETARIAT_GROUP = -100900;

describe('reminders and escalation', () => {
  let h: Harness;
  let org: OrgMember[];

  beforeAll(async () => {
    h = await startHarness({
      REMINDER_SEGERA: '1s',
      REMINDER_PENTING: '1s',
      REMINDER_BIASA: '1s',
      ESCALATE_PIMPINAN_AFTER: '1s',
      OVERDUE_EVERY: '1s',
      QUIET_HOURS: 'off',
      WORKING_DAYS: '0-6',
      HOLIDAYS_FILE: 'test/support/no-holidays.csv',
      SECRETARIAT_CHAT_ID: String(SECRETARIAT_GROUP),
    });
    org = await setupOrg(h, 6);
  });
  afterAll(async () => {
    await h.close();
  });

  async function issue(targets: OrgMember[], opts: { ackInMs: number; dueInMs: number; priority?: Priority; text?: string }) {
    const issued = await issueTo(h, targets, { ...opts, priority: opts.priority ?? 'segera' });
    return { number: issued.number, messages: issued.message };
  }

  const isReminder =
    (chatId: number, number: string, phrase = 'Pengingat') =>
    (c: { method: string; ok: boolean; payload: Record<string, unknown> }) =>
      c.method === 'sendMessage' && c.ok && Number(c.payload.chat_id) === chatId && callText(c).includes(number) && callText(c).includes(phrase);

  it('reminds the group and the head (and the acting head) until acknowledged, then stops', async () => {
    const [a, b] = org as [OrgMember, OrgMember];
    const acting = { id: 77001, first_name: 'Wakil', last_name: 'Plt' };
    await importPeople(`${acting.id},Wakil Plt,staf,${a.code}`);
    const today = localDateKey(Date.now(), h.config.timezone); // the org's date, not UTC's
    const plt = await ask(h.tg, ADMIN, `/plt ${a.code} ${acting.id} ${today} ${today}`);
    expect(callText(plt)).toContain('Plt/Plh kepala');

    const { number, messages } = await issue([a, b], { ackInMs: 60_000, dueInMs: 3_600_000 });
    const groupReminders = await h.tg.waitFor(isReminder(a.group.id, number), { count: 2 });
    expect(callText(groupReminders[0]!)).toContain('Sisa waktu');
    // In the group, the reminder answers the instruction message itself.
    expect((groupReminders[0]!.payload.reply_parameters as { message_id: number }).message_id).toBe(messages[a.code]);
    await h.tg.waitFor(isReminder(a.head.id, number), { count: 2 });
    await h.tg.waitFor(isReminder(acting.id, number), { count: 1 });

    const press = h.tg.pressButton({ from: a.head, chatId: a.group.id, messageId: messages[a.code]!, data: ackData(a.group.id, messages[a.code]!) });
    const [answer] = await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === press.callback_query!.id);
    // B is still silent, so its reminders go on; A's stop at once.
    const since = lastSeq(h.tg);
    await h.tg.waitFor((c) => c.seq > since && isReminder(b.group.id, number)(c), { count: 3 });
    const lateForA = h.tg.calls.filter((c) => c.at > answer!.at + 200 && (isReminder(a.group.id, number)(c) || isReminder(a.head.id, number)(c)));
    expect(lateForA).toHaveLength(0);
    await ask(h.tg, GOVERNOR, `/tutup ${number}`);
  });

  it('escalates to the secretariat at the deadline, then to the issuer', async () => {
    const c = org[2]!;
    const { number } = await issue([c], { ackInMs: 1_500, dueInMs: 3_600_000 });
    const [toSecretariat] = await h.tg.waitFor(isReminder(SECRETARIAT.id, number, 'Eskalasi'));
    expect(callText(toSecretariat!)).toContain(`${c.code}</b> — Dinas Nomor 3 belum mengonfirmasi`);
    expect(callText(toSecretariat!)).toContain(`Kepala: ${c.head.first_name} ${c.head.last_name}`);
    await h.tg.waitFor(isReminder(SECRETARIAT_GROUP, number, 'Eskalasi'));
    const [toIssuer] = await h.tg.waitFor(isReminder(GOVERNOR.id, number, 'Eskalasi kepada Pimpinan'));
    expect(toIssuer!.seq).toBeGreaterThan(toSecretariat!.seq);
    // Each escalation happens once.
    const control = lastSeq(h.tg);
    await h.tg.waitFor((x) => x.seq > control && isReminder(c.group.id, number)(x), { count: 2 });
    expect(h.tg.sent(SECRETARIAT.id).filter((x) => callText(x).includes(number) && callText(x).includes('Eskalasi'))).toHaveLength(1);
    expect(h.tg.sent(GOVERNOR.id).filter((x) => callText(x).includes(number) && callText(x).includes('Eskalasi'))).toHaveLength(1);

    const plan = await ask(h.tg, SECRETARIAT, `/pengingat ${number}`);
    expect(callText(plan)).toContain(`${c.code}: pengingat konfirmasi untuk grup OPD dan kepala`);
    await ask(h.tg, GOVERNOR, `/tutup ${number}`);
  });

  it('closing and cancelling stop every reminder; cancelling tells the groups', async () => {
    const [d, e, control] = [org[3]!, org[4]!, org[5]!];
    const x = await issue([d], { ackInMs: 60_000, dueInMs: 3_600_000 });
    const y = await issue([e], { ackInMs: 60_000, dueInMs: 3_600_000 });
    const z = await issue([control], { ackInMs: 60_000, dueInMs: 3_600_000 });
    await h.tg.waitFor(isReminder(d.group.id, x.number));
    await h.tg.waitFor(isReminder(e.group.id, y.number));

    const closed = await ask(h.tg, GOVERNOR, `/tutup ${x.number}`);
    expect(callText(closed)).toContain('telah ditutup');
    // The secretariat is told of the governor's close (a notice of its own, which may arrive
    // before or after the answer to its /batal): match the answer itself.
    const cancelled = await say(h.tg, SECRETARIAT, `/batal ${y.number}`, 'telah dibatalkan');
    expect(callText(cancelled)).toContain('telah dibatalkan. 1 grup OPD diberi tahu');
    await h.tg.waitForMessage(e.group.id, `${y.number}</b> <b>dibatalkan`);
    // The instruction messages themselves now say so, without buttons.
    const closedMsg = await h.tg.waitForMessage(d.group.id, 'Arahan ini telah ditutup', { includeEdits: true });
    expect(closedMsg.payload.reply_markup).toBeUndefined();
    await h.tg.waitForMessage(e.group.id, 'Arahan ini telah dibatalkan', { includeEdits: true });

    const since = lastSeq(h.tg);
    await h.tg.waitFor((c) => c.seq > since && isReminder(control.group.id, z.number)(c), { count: 3 });
    const after = h.tg.calls.filter((c) => c.at > cancelled.at + 200);
    expect(after.filter(isReminder(d.group.id, x.number))).toHaveLength(0);
    expect(after.filter(isReminder(e.group.id, y.number))).toHaveLength(0);

    // A closed instruction cannot be closed again, and its plan is empty.
    expect(callText(await ask(h.tg, GOVERNOR, `/tutup ${x.number}`))).toContain('sudah ditutup');
    expect(callText(await ask(h.tg, GOVERNOR, `/pengingat ${x.number}`))).toContain('Tidak ada pengingat');
    await ask(h.tg, GOVERNOR, `/tutup ${z.number}`);
  });

  it('turns overdue at the due time, reminds daily, and an extension re-plans', async () => {
    const f = org[5]!;
    const { number, messages } = await issue([f], { ackInMs: 1_500, dueInMs: 2_000 });
    const press = h.tg.pressButton({ from: f.head, chatId: f.group.id, messageId: messages[f.code]!, data: ackData(f.group.id, messages[f.code]!) });
    await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === press.callback_query!.id);

    await h.tg.waitFor(isReminder(f.group.id, number, 'telah melewati batas waktu'));
    const [sec] = await h.tg.waitFor(isReminder(SECRETARIAT.id, number, 'terlambat'));
    expect(callText(sec!)).toContain('tanpa laporan selesai');
    await h.tg.waitFor(isReminder(f.group.id, number, 'masih terlambat'), { count: 2 });

    const extended = await ask(h.tg, GOVERNOR, `/perpanjang ${number} besok 23.59`);
    expect(callText(extended)).toContain('diperpanjang menjadi');
    await h.tg.waitForMessage(f.group.id, `${number}</b> diperpanjang menjadi`);
    const plan = await ask(h.tg, GOVERNOR, `/pengingat ${number}`);
    expect(callText(plan)).toMatch(/pengingat (H-1|pagi hari-H)|pemberitahuan terlambat/);
    // No more overdue reminders once the due date moved.
    const since = extended.at + 200;
    const control = await issue([f], { ackInMs: 60_000, dueInMs: 3_600_000, text: 'Kontrol' });
    await h.tg.waitFor((c) => c.at > since && isReminder(f.group.id, control.number)(c), { count: 2 });
    expect(h.tg.calls.filter((c) => c.at > since && isReminder(f.group.id, number, 'masih terlambat')(c))).toHaveLength(0);
    await ask(h.tg, GOVERNOR, `/tutup ${control.number}`);
  });

  async function importPeople(row: string) {
    const { importCsv } = await import('../support/harness');
    expect(await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${row}`)).toBe(0);
  }

  function ackData(chatId: number, messageId: number): string {
    const msg = h.tg.getMessage(chatId, messageId)!;
    const button = (msg.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text.startsWith('✅')) as { callback_data: string };
    return button.callback_data;
  }
});
