import { NAME_LIMITS, shorten } from '../../domain/names';
import { escapeHtml, fitHtml, fitPlain, TELEGRAM_TEXT_LIMIT } from '../../domain/text';
import type { Messages } from '../../infra/i18n';

/** Telegram's reason, as much of it as helps: its descriptions are short; anything longer is cut. */
const REASON_LIMIT = 300;

/** The secretariat (and the issuer) hear that an OPD's group can no longer be reached, and why. */
export function renderOpdUnreachable(t: Messages, code: string, name: string, reason: string): string {
  return t.opdUnreachable(escapeHtml(code), escapeHtml(shorten(name, NAME_LIMITS.opd)), escapeHtml(fitPlain(reason, REASON_LIMIT)));
}

/**
 * A copy of a decision's message once decided: its text as sent (shortened if the line would
 * not fit) followed by who decided what and when (`line`, HTML from the feature's view).
 */
export function renderDecidedCopy(t: Messages, original: string, line: string): string {
  return `${fitHtml(original, TELEGRAM_TEXT_LIMIT - line.length - 2, t.truncated)}\n\n${line}`;
}
