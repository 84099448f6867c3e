import { InlineKeyboard } from 'grammy';
import type { Messages } from './i18n';

export const PAGE_SIZE = 10;

/** Callback data of a paged answer: `pg:<kind>:<page>:<argument>` (kept under Telegram's 64 bytes). */
export function pageData(kind: string, page: number, arg: string): string {
  const head = `pg:${kind}:${page}:`;
  const bytes = Buffer.from(arg, 'utf8');
  return (
    head +
    (bytes.length + head.length > 64
      ? bytes
          .subarray(0, 64 - head.length)
          .toString('utf8')
          .replace(/\uFFFD+$/, '')
      : arg)
  );
}

/** One page of blocks, with ‹ Sebelumnya / Berikutnya › buttons when there are more. */
export function page<T>(t: Messages, items: T[], pageNo: number, kind: string, arg: string, size = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, pageNo), pages - 1);
  const slice = items.slice(p * size, (p + 1) * size);
  const kb = new InlineKeyboard();
  if (p > 0) kb.text(t.btnPrev, pageData(kind, p - 1, arg));
  if (p < pages - 1) kb.text(t.btnNext, pageData(kind, p + 1, arg));
  return { slice, offset: p * size, footer: pages > 1 ? t.pageInfo(p + 1, pages) : '', keyboard: pages > 1 ? kb : undefined };
}
