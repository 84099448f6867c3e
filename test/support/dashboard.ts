import { signInitData } from '../../src/infra/http/initdata';
import { TELEGRAM_THEMES } from '../../src/simulator/themes';
import type { Harness } from './harness';

/** initData for `user` as Telegram signs it, with the given bot token (and auth_date, default now). */
export function initDataFor(botToken: string, user: { id: number; first_name: string; last_name?: string }, authDateSec = Math.floor(Date.now() / 1000)): string {
  return signInitData(
    {
      auth_date: String(authDateSec),
      query_id: `AAH${user.id}${Math.random().toString(36).slice(2, 8)}`,
      user: JSON.stringify({ id: user.id, first_name: user.first_name, last_name: user.last_name ?? '', language_code: 'id', allows_write_to_pm: true }),
    },
    botToken,
  );
}

/** The hash Telegram opens a Mini App with (the contract in the task: tgWebAppData, version, platform, theme). */
export function miniAppHash(initData: string, theme: Record<string, string>): string {
  return `#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=9.5&tgWebAppPlatform=web&tgWebAppThemeParams=${encodeURIComponent(JSON.stringify(theme))}`;
}

export const LIGHT_THEME = TELEGRAM_THEMES.light;
export const DARK_THEME = TELEGRAM_THEMES.dark;

/** Both of an instruction's deadlines an hour or more behind us, as if it had been issued yesterday. */
export async function makeOverdue(h: Harness, instructionId: number): Promise<void> {
  const past = Date.now() - 3_600_000;
  await h.app.deps.db
    .updateTable('instructions')
    .set({ ack_deadline: past - 3_600_000, due_at: past })
    .where('id', '=', instructionId)
    .execute();
  await h.app.deps.db.updateTable('assignments').set({ due_at: past }).where('instruction_id', '=', instructionId).execute();
}

/** One recap line as /rekap writes it (locales/id.ts recapLine), read back. */
export interface RekapLine {
  received: number;
  ack: string;
  ackPending: number;
  median: string;
  done: string;
  overdue: number;
  reminders: number;
}

const LINE =
  /(\d+) arahan · konfirmasi tepat waktu (\S+?)(?: \((\d+) masih dalam batas waktu\))?(?: · separuh konfirmasi masuk dalam (.+?))? · selesai tepat waktu (\S+) · saat ini terlambat (\d+) · pengingat (\d+)/;

function line(text: string): RekapLine | null {
  const m = LINE.exec(text);
  if (!m) return null;
  return { received: Number(m[1]), ack: m[2]!, ackPending: Number(m[3] ?? 0), median: m[4] ?? '-', done: m[5]!, overdue: Number(m[6]), reminders: Number(m[7]) };
}

/**
 * /rekap's answer (Indonesian, HTML) as code → line, in its order, the whole organisation as
 * TOTAL first; an OPD without instructions in the period is listed with null.
 */
export function parseRekap(html: string): Array<[string, RekapLine | null]> {
  const out: Array<[string, RekapLine | null]> = [];
  const total = /<b>Seluruh OPD<\/b>: (.*)/.exec(html);
  if (total) out.push(['TOTAL', line(total[1]!)]);
  for (const m of html.matchAll(/\d+\. <b>([^<]+)<\/b> — [^\n]*\n\s+(.*)/g)) out.push([m[1]!, line(m[2]!)]);
  return out;
}
