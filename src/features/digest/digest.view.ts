import type { Recap } from '../../domain/recap-types';
import { escapeHtml } from '../../domain/text';
import type { Messages } from '../../infra/i18n';
import { recapHeader, recapOpdBlock } from '../recap/recap.view';

/** An instruction open longest, as the digest lists it. */
export interface DigestOldest {
  number: string;
  text: string;
  created_at: number;
}

/**
 * The weekly digest for one reader: the text (totals, the five OPDs most in need of attention,
 * the instructions open longest) and the chart's caption.
 */
export function renderDigest(t: Messages, tz: string, recap: Recap, oldest: DigestOldest[]): { text: string; caption: string } {
  const label = t.fmt.period(recap.period.from, recap.period.to, tz);
  const text = [
    t.digestTitle(label),
    recapHeader(t, recap, tz).split('\n').slice(1).join('\n'),
    t.digestTop,
    ...recap.opds.slice(0, 5).map((o, i) => recapOpdBlock(t, o, i + 1)),
    t.digestOldest,
    ...(oldest.length
      ? oldest.map((o) => t.digestOldestLine(escapeHtml(o.number), t.fmt.shortDateTime(o.created_at, tz), escapeHtml(o.text.length > 80 ? `${o.text.slice(0, 77)}…` : o.text)))
      : [t.detailNone]),
  ].join('\n');
  return { text, caption: t.chartCaption(label) };
}
