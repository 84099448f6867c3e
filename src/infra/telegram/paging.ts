import { InlineKeyboard } from 'grammy';
import { callbackKind } from './callback-data';
import type { Messages } from '../i18n';

export const PAGE_SIZE = 10;

/**
 * The ‹ / › buttons of a paged answer: which screen (r = /rekap, t = /terlambat, c = /cari),
 * the page, and the command's argument (cut to Telegram's 64 bytes at a character boundary).
 */
export const pageButton = callbackKind('pg', { screen: ['r', 't', 'c'], page: 'int', arg: 'rest' });
export type PagedScreen = 'r' | 't' | 'c';

export function pageData(screen: PagedScreen, page: number, arg: string): string {
  return pageButton.pack({ screen, page, arg });
}

/** One page of blocks, with ‹ Sebelumnya / Berikutnya › buttons when there are more. */
export function page<T>(t: Messages, items: T[], pageNo: number, kind: PagedScreen, arg: string, size = PAGE_SIZE) {
  return pageWith(t, items, pageNo, (p) => pageData(kind, p, arg), size);
}

/** Like `page`, for a screen with its own button kind: `data(p)` is the callback data of page p. */
export function pageWith<T>(t: Messages, items: T[], pageNo: number, data: (page: number) => string, size = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, pageNo), pages - 1);
  const slice = items.slice(p * size, (p + 1) * size);
  const kb = new InlineKeyboard();
  if (p > 0) kb.text(t.btnPrev, data(p - 1));
  if (p < pages - 1) kb.text(t.btnNext, data(p + 1));
  return { slice, offset: p * size, footer: pages > 1 ? t.pageInfo(p + 1, pages) : '', keyboard: pages > 1 ? kb : undefined };
}
