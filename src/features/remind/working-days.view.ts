import { InlineKeyboard } from 'grammy';
import { escapeHtml } from '../../domain/text';
import type { OffDay } from '../../domain/working-time';
import type { Messages } from '../../infra/i18n';

/** "⚠️ Tanggal tersebut jatuh pada hari Sabtu …": a typed date on a day off, in the reader's words (issue #15). */
export function renderOffDayNote(t: Messages, tz: string, off: OffDay): string {
  return t.offDayNote(t.fmt.weekday(off.weekday), off.holiday === null ? null : escapeHtml(off.holiday), t.fmt.dateTime(off.next, tz));
}

/** The one button "Geser ke <next working day>" whose press moves the date. */
export function shiftKeyboard(t: Messages, tz: string, off: OffDay, data: string): InlineKeyboard {
  return new InlineKeyboard().text(t.shiftTo(t.fmt.shortDateTime(off.next, tz)), data);
}
