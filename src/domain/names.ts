// Names as they enter Arahan (an OPD's name and cluster, a person's name, a group's title,
// a name typed to find someone): cleaned of what cannot be read and bounded in length,
// once, at the entry, so that every message that names them stays readable and within
// Telegram's limits.

import { fitPlain } from './text';

/**
 * The longest name of each kind, in UTF-16 code units (as Telegram counts its own limits).
 *
 * - `opd` 120: the longest OPD names in use are under 100 characters ("Dinas Pemberdayaan
 *   Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana" is 95).
 * - `person` 128: Telegram allows 64 for a first name and 64 for a last name; 128 holds an
 *   Indonesian full name with its titles and degrees, and almost every Telegram full name.
 * - `cluster` 40: a cluster is a short label ("Ekonomi", "Kesejahteraan Rakyat") that is also
 *   the text of a button in /arahan.
 * - `groupTitle` 128: Telegram's own limit for a group's title.
 *
 * With these bounds the fixed parts of any message (the heading of an OPD, the issuer, the
 * person who acknowledged) take a few hundred characters at most, so the instruction's text
 * (at most 3,500) and a report's (at most 3,000) still fit Telegram's 4,096.
 */
export const NAME_LIMITS = { opd: 120, person: 128, cluster: 40, groupTitle: 128 } as const;

export type NameKind = keyof typeof NAME_LIMITS;

export interface CleanedName {
  /** The name to store; empty when nothing readable was left (the caller refuses it). */
  value: string;
  /** The input was longer than the limit and was cut (ending in "…"). */
  shortened: boolean;
}

// Characters that are invisible or change how the text around them is shown, and so can
// make a name look empty or like another one: C0/C1 controls (NUL, ESC, DEL…), bidi
// embeddings, overrides and isolates, zero-width spaces and joiners, the BOM, soft hyphen,
// word joiner and invisible operators (all of Unicode's "format" category), lone
// surrogates, the Hangul fillers that clients show as blank names, and tag characters.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\u115F\u1160\u3164\uFFA0]/gu;
// A zero-width joiner between two pictographs is part of one emoji (👨‍👩‍👧): kept.
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}\uFE0F?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;
// Whitespace controls become spaces before the rest is removed: "Dinas\tKesehatan" keeps its gap.
const SPACING_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// More than a few combining marks on one letter only stack upwards ("Zalgo" text).
const MARK_PILE = /(\p{M}{4})\p{M}+/gu;

/** A name cleaned (see `INVISIBLE`), whitespace collapsed to single spaces, trimmed and cut to `max`. */
export function cleanName(raw: string, max: number): CleanedName {
  const cleaned = raw
    .normalize('NFC')
    .replace(SPACING_CONTROLS, ' ')
    .replace(INVISIBLE, (c, at: number, all: string) =>
      c === '\u200D' && PICTOGRAPH_BEFORE.test(all.slice(Math.max(0, at - 3), at)) && PICTOGRAPH_AFTER.test(all.slice(at + 1, at + 3)) ? c : '',
    )
    .replace(MARK_PILE, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  const value = shorten(cleaned, max);
  return { value, shortened: value !== cleaned };
}

/** `cleanName` with the limit of a kind of name. */
export function cleanNameOf(kind: NameKind, raw: string): CleanedName {
  return cleanName(raw, NAME_LIMITS[kind]);
}

/**
 * Plain text cut to at most `max` UTF-16 code units, ending in "…" when cut, never inside a
 * character. Also for showing a name stored before names were bounded.
 */
export function shorten(text: string, max: number): string {
  return fitPlain(text, max, '…');
}

/** The person's name as Telegram gives it: first and last name, cleaned and bounded. */
export function telegramFullName(user: { first_name: string; last_name?: string }): CleanedName {
  return cleanNameOf('person', [user.first_name, user.last_name ?? ''].join(' '));
}
