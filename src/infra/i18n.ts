import { en } from '../../locales/en';
import { id, type Messages } from '../../locales/id';

export type { Messages };
export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];

// en is a complete translation (typed as Messages), so no fallback merge is needed.
const catalogs: Record<Lang, Messages> = { id, en };

/** Messages for a person's language; Indonesian is the default and the fallback. */
export function messagesFor(lang: string | null | undefined): Messages {
  return catalogs[lang && Object.hasOwn(catalogs, lang) ? (lang as Lang) : 'id'];
}

export const defaultMessages: Messages = id;
