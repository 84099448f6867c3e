import { escapeHtml, fitPlain } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import { personName } from '../instruction/instruction.view';
import type { CheckOutcome } from './verify';

/** How much of the instruction's text and of its list of OPDs the answer shows. */
const TEXT_LIMIT = 600;
const CODES_LIMIT = 600;

/** The answer to /cek (or to a forwarded or pasted instruction message), in the asker's language. */
export function renderCheck(t: Messages, tz: string, o: CheckOutcome): string {
  switch (o.kind) {
    case 'bad_number':
      return t.cekBadNumber(escapeHtml(fitPlain(o.raw, 40)));
    case 'bad_code':
      return t.cekBadCode(escapeHtml(fitPlain(o.raw, 40)));
    case 'unknown':
      return t.cekUnknown(escapeHtml(o.number));
    case 'forged':
      return t.cekNotGenuine(escapeHtml(o.number));
    case 'genuine': {
      const i = o.instruction;
      return [
        t.cekGenuine(escapeHtml(i.number)),
        o.onBehalfName !== null ? t.cekOnBehalf(personName(o.issuerName), personName(o.onBehalfName)) : t.cekFrom(personName(o.issuerName)),
        t.cekIssuedAt(t.fmt.dateTime(i.created_at, tz)),
        t.cekTargets(escapeHtml(fitPlain(i.target_label, 200)), o.opdCodes.length, escapeHtml(fitPlain(o.opdCodes.join(', '), CODES_LIMIT))),
        t.cekState(t.instructionStateName[i.state] ?? i.state),
        '',
        t.cekText(escapeHtml(fitPlain(i.text, TEXT_LIMIT))),
        '',
        t.cekCompare,
      ].join('\n');
    }
  }
}
