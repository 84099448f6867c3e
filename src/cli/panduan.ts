/**
 * `npm run panduan`: writes the example messages of the user guides in docs/panduan/ from the
 * real catalogue (locales/id.ts) and the real views, so the guides show what the bot sends.
 * Each example sits between `<!-- contoh:NAME -->` and `<!-- /contoh -->`; the text around the
 * markers is written by hand and left alone. `npm run panduan -- --check` exits 1 when a page
 * differs from what would be written (test/unit/panduan.test.ts does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { id as t } from '../../locales/id';
import { renderExtensionRequest } from '../features/extend/extend.view';
import { groupKeyboard, renderGroupMessage, renderSummary, type GroupMessageModel } from '../features/instruction/instruction.view';
import { renderJoinRequest } from '../features/invite/invite.view';
import { renderObstacleForward } from '../features/obstacle/obstacle.view';
import { commandList } from '../features/organisation/commands-menu';
import { renderReminder, type ReminderModel } from '../features/remind/remind.view';
import { renderReportForward } from '../features/report/report.view';

export const PANDUAN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/panduan');
export const PAGES = ['pimpinan.md', 'sekretariat.md', 'opd.md', 'admin.md'] as const;

// One made-up instruction, followed from start to end. Fixed instants keep the pages stable.
const TZ = 'Asia/Jakarta';
const ISSUED = Date.UTC(2026, 11, 1, 2, 0); // Selasa, 1 Desember 2026 pukul 09.00 WIB
const ACK_BY = Date.UTC(2026, 11, 1, 5, 0); // 12.00 WIB
const DUE = Date.UTC(2026, 11, 4, 9, 0); // Jumat, 4 Desember 2026 pukul 16.00 WIB
const NEW_DUE = Date.UTC(2026, 11, 8, 9, 0); // Selasa, 8 Desember 2026 pukul 16.00 WIB
const NUMBER = 'ARH-2026-0042';
const CODE = 'K7QM-4XPA';
const LEADER = 'Ahmad Fauzi';
const SECRETARIAT = 'Rina Marlina';
const HEAD = 'Budi Santoso';
const STAFF = 'Siti Rahmawati';
const OPD = { code: 'DINKES', name: 'Dinas Kesehatan' };
const OPD_HTML = `<b>${OPD.code}</b> — ${OPD.name}`;
const TEXT = 'Mohon seluruh puskesmas disiagakan menghadapi musim hujan dan kesiapan posko kesehatan dilaporkan.';

const groupModel: GroupMessageModel = {
  number: NUMBER,
  text: TEXT,
  priority: 'segera',
  issuer_name: LEADER,
  ack_deadline: ACK_BY,
  due_at: DUE,
  state: 'delivered',
  instruction_state: 'open',
  acked_by_name: null,
  acked_at: null,
  on_behalf_name: null,
  verification_code: CODE,
  issued_at: ISSUED,
};
const reminder: ReminderModel = { number: NUMBER, opdCode: OPD.code, opdName: OPD.name, ackDeadline: ACK_BY, dueAt: DUE, headNames: [HEAD] };

type Buttons = { text: string }[][];
interface Example {
  text: string;
  buttons?: Buttons;
}
const rows = (json: string | null): Buttons | undefined => (json ? (JSON.parse(json) as { inline_keyboard: Buttons }).inline_keyboard : undefined);
const menu = (role: Parameters<typeof commandList>[1]) => commandList(t, role).map((c) => `/${c.command} — ${c.description}`);

/** Every example the pages may show, by name. */
export const EXAMPLES: Record<string, () => Example> = {
  // --- kepala and staf OPD
  'opd-undangan': () => ({ text: t.inviteAccepted(HEAD, t.roleName.kepala!, OPD_HTML) }),
  'opd-arahan': () => ({ text: renderGroupMessage(t, TZ, groupModel), buttons: groupKeyboard(t, 1, false).inline_keyboard }),
  'opd-terima-kasih': () => ({ text: t.ackThanks }),
  'opd-arahan-diterima': () => ({
    text: renderGroupMessage(t, TZ, { ...groupModel, state: 'acked', acked_by_name: HEAD, acked_at: ISSUED + 20 * 60_000 }),
    buttons: groupKeyboard(t, 1, true).inline_keyboard,
  }),
  'opd-pengingat': () => ({ text: renderReminder(t, TZ, ACK_BY - 60 * 60_000, 'ack_reminder', reminder) }),
  'opd-pengingat-tenggat': () => ({ text: renderReminder(t, TZ, DUE - 24 * 3_600_000, 'due_day_before', reminder) }),
  'opd-laporan-mulai': () => ({ text: t.reportStart(NUMBER, OPD_HTML) }),
  'opd-laporan-terkumpul': () => ({ text: t.reportCollected(NUMBER, true, 2), buttons: [[{ text: t.btnSendProgress }, { text: t.btnSendDone }], [{ text: t.btnCancelReport }]] }),
  'opd-laporan-terkirim': () => ({ text: t.reportSent(NUMBER, t.reportKindDone) }),
  'opd-laporan-diterima': () => ({ text: t.reviewAcceptedGroup(NUMBER) }),
  'opd-laporan-dikembalikan': () => ({ text: t.reviewReturnedGroup(NUMBER, 'Mohon lampirkan foto posko di tiap kecamatan.') }),
  'opd-perpanjangan-tanya': () => ({ text: t.extAskDate(NUMBER, t.fmt.dateTime(DUE, TZ)) }),
  'opd-perpanjangan-terkirim': () => ({ text: t.extSent(NUMBER, t.fmt.dateTime(NEW_DUE, TZ)) }),
  'opd-perpanjangan-disetujui': () => ({ text: t.extApprovedGroup(NUMBER, t.fmt.dateTime(NEW_DUE, TZ)) }),
  'opd-kendala-mulai': () => ({ text: t.obsStart(NUMBER, OPD_HTML) }),
  'opd-kendala-terkirim': () => ({ text: t.obsSent(NUMBER) }),
  'opd-ditugaskan': () => ({ text: t.delegatedDm(NUMBER, HEAD) }),
  'opd-bantuan-grup': () => ({ text: t.groupHelpButtons(t.btnAck, t.btnReport, t.btnExtend) }),
  'opd-bantuan-kepala': () => ({ text: [t.helpHeader(t.roleName.kepala!), ...menu('kepala')].join('\n') }),
  'opd-bantuan-staf': () => ({ text: [t.helpHeader(t.roleName.staf!), ...menu('staf')].join('\n') }),

  // --- pimpinan
  'pimpinan-terkirim': () => ({ text: t.issued(NUMBER, 3) }),
  'pimpinan-ringkasan': () => ({
    text: renderSummary(t, TZ, { number: NUMBER, state: 'open', ack_deadline: ACK_BY, total: 3, acked: 2, done: 0, overdue: 0, failed: 0, verification_code: CODE }),
    buttons: [[{ text: t.btnPendingList }]],
  }),
  'pimpinan-perpanjangan': () => {
    const r = renderExtensionRequest(t, TZ, {
      requestId: 1,
      number: NUMBER,
      opdCode: OPD.code,
      opdName: OPD.name,
      requester: HEAD,
      currentDue: DUE,
      requestedDue: NEW_DUE,
      reason: 'Dua puskesmas masih menunggu logistik dari provinsi.',
    });
    return { text: r.text, buttons: rows(r.buttons) };
  },
  'pimpinan-laporan': () => {
    const r = renderReportForward(t, {
      reportId: 1,
      kind: 'done',
      number: NUMBER,
      opdCode: OPD.code,
      opdName: OPD.name,
      reporter: HEAD,
      text: 'Seluruh 24 puskesmas telah siaga; posko kesehatan aktif di 12 kecamatan rawan banjir.',
      files: 3,
    });
    return { text: r.text, buttons: rows(r.buttons) };
  },
  'pimpinan-eskalasi': () => ({ text: renderReminder(t, TZ, ACK_BY + 2 * 3_600_000, 'escalate_pimpinan', reminder) }),
  'pimpinan-bantuan': () => ({ text: [t.helpHeader(t.roleName.pimpinan!), ...menu('pimpinan')].join('\n') }),

  // --- sekretariat
  'sekretariat-eskalasi': () => ({ text: renderReminder(t, TZ, ACK_BY + 30 * 60_000, 'escalate_secretariat', reminder) }),
  'sekretariat-terlambat': () => ({ text: renderReminder(t, TZ, DUE + 60 * 60_000, 'overdue_secretariat', reminder) }),
  'sekretariat-kendala': () => {
    const r = renderObstacleForward(t, {
      obstacleId: 1,
      number: NUMBER,
      opdCode: OPD.code,
      opdName: OPD.name,
      reporter: STAFF,
      text: 'Stok obat di gudang farmasi kabupaten belum cukup untuk tiga posko.',
      files: 1,
    });
    return { text: r.text, buttons: rows(r.buttons) };
  },
  'sekretariat-belum': () => ({
    text: [
      t.belumHeader(2),
      t.belumGroup(NUMBER, t.fmt.shortDateTime(ACK_BY, TZ)),
      t.belumLine('BPBD', 'Badan Penanggulangan Bencana Daerah', t.sinceDelivery(t.fmt.duration(3 * 3_600_000 + 10 * 60_000))),
      t.belumLine('DINSOS', 'Dinas Sosial', t.sinceDelivery(t.fmt.duration(3 * 3_600_000 + 10 * 60_000))),
    ].join('\n'),
  }),
  'sekretariat-bantuan': () => ({ text: [t.helpHeader(t.roleName.sekretariat!), ...menu('sekretariat')].join('\n') }),

  // --- admin
  'admin-selamat-datang': () => ({ text: t.welcome('Dewi Lestari', t.roleName.admin!) }),
  'admin-opd-ditambah': () => ({ text: t.opdAdded(OPD.code, OPD.name) }),
  'admin-grup-terhubung': () => ({ text: t.linked(OPD.code, OPD.name) }),
  'admin-undangan': () => ({
    text: t.inviteCreated(OPD_HTML, t.roleName.kepala!, 'https://t.me/ArahanProvBot?start=inv_Q2xH8kPz', 1, t.fmt.dateTime(ISSUED + 7 * 86_400_000, TZ)),
  }),
  'admin-permintaan': () => {
    const r = renderJoinRequest(t, {
      requestId: 1,
      name: HEAD,
      username: 'budisantoso',
      telegramId: 123456789,
      role: 'kepala',
      opdCode: OPD.code,
      opdName: OPD.name,
      creator: 'Dewi Lestari',
    });
    return { text: r.text, buttons: rows(r.buttons) };
  },
  'admin-disetujui': () => ({ text: t.joinApprovedAdmin(HEAD, t.roleName.kepala!, OPD_HTML) }),
  'admin-peran': () => ({ text: t.roleSet(SECRETARIAT, t.roleName.sekretariat!, null) }),
  'admin-bantuan': () => ({ text: [t.helpHeader(t.roleName.admin!), ...menu('admin')].join('\n') }),
};

/** Telegram HTML as Markdown: bold, italics and code kept, deadlines' `<tg-time>` shown as their text. */
export function htmlToMarkdown(html: string): string {
  return html
    .replace(/<tg-time[^>]*>([\s\S]*?)<\/tg-time>/g, '$1')
    .replace(/<b>([\s\S]*?)<\/b>/g, '**$1**')
    .replace(/<i>([\s\S]*?)<\/i>/g, '_$1_')
    .replace(/<code>([\s\S]*?)<\/code>/g, '`$1`')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** One example as a Markdown block quote (a line break inside a paragraph is a trailing backslash), its buttons underneath. */
export function renderExample(name: string): string {
  const make = EXAMPLES[name];
  if (!make) throw new Error(`unknown example "${name}" (known: ${Object.keys(EXAMPLES).join(', ')})`);
  const { text, buttons } = make();
  const lines = htmlToMarkdown(text).split('\n');
  const quoted = lines.map((line, i) => {
    const next = lines[i + 1];
    if (line.trim() === '') return '>';
    return `> ${line}${next !== undefined && next.trim() !== '' ? '\\' : ''}`;
  });
  const out = [...quoted];
  if (buttons?.length)
    out.push(
      '',
      `Tombol: ${buttons
        .flat()
        .map((b) => `[${b.text}]`)
        .join(' ')}`,
    );
  return out.join('\n');
}

const MARKER = /<!-- contoh:([a-z0-9-]+) -->\n[\s\S]*?<!-- \/contoh -->/g;

/** A page with every example between its markers written afresh; the rest is kept as it is. */
export function fillPage(page: string): string {
  return page.replace(MARKER, (_, name: string) => `<!-- contoh:${name} -->\n${renderExample(name)}\n<!-- /contoh -->`);
}

/** The names of the examples a page shows. */
export function examplesOf(page: string): string[] {
  return [...page.matchAll(MARKER)].map((m) => m[1]!);
}

function main(): void {
  const check = process.argv.includes('--check');
  let drift = 0;
  for (const name of PAGES) {
    const path = join(PANDUAN_DIR, name);
    const before = readFileSync(path, 'utf8');
    const after = fillPage(before);
    if (after === before) continue;
    drift++;
    if (check) console.error(`${name}: differs from the catalogue; run npm run panduan`);
    else {
      writeFileSync(path, after);
      console.log(`${name}: updated`);
    }
  }
  if (check && drift > 0) process.exit(1);
  if (drift === 0) console.log('docs/panduan: up to date');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
