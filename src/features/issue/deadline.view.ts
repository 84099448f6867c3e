import type { DeadlineError } from '../../domain/deadline';
import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';

/**
 * A deadline that could not be read, in the reader's language (HTML): the draft flow, the
 * letter form, /perpanjang, /minta_perpanjangan and its conversation all answer with this.
 */
export function renderDeadlineError(t: Messages, e: DeadlineError): string {
  const p = t.deadlineProblem;
  switch (e.code) {
    case 'empty':
      return p.empty;
    case 'unrecognised':
      return p.unrecognised(escapeHtml(e.input));
    case 'bad_date':
      return p.badDate(escapeHtml(e.input));
    case 'bad_time':
      return p.badTime(escapeHtml(e.input));
    case 'weekday_mismatch': {
      // One whole day, named in the catalogue's language: "28 November 2026".
      const day = Date.UTC(e.year, e.month - 1, e.day);
      return p.weekdayMismatch(t.fmt.period(day, day + 86_400_000, 'UTC'), t.fmt.weekday(e.actual), t.fmt.weekday(e.named));
    }
  }
}
