import { en } from '../locales/en';
import { id, type Messages } from '../locales/id';

export type { Messages };
export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];

const catalogs: Record<Lang, Messages> = { id, en: { ...id, ...en } as Messages };

/** Messages for a person's language; Indonesian is the default and the fallback. */
export function messagesFor(lang: string | null | undefined): Messages {
  return catalogs[(lang as Lang) in catalogs ? (lang as Lang) : 'id'];
}

export const defaultMessages: Messages = id;
