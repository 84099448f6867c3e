import { Composer, InputFile } from 'grammy';
import { opdByCode } from '../src/features/organisation/directory';
import { findInstructions, lateNow, type LateItems } from '../src/features/recap/late';
import { normalizeInstructionNumber } from '../src/domain/numbering';
import { parsePeriod, PERIOD_EXAMPLES, type Period } from '../src/domain/period';
import { escapeHtml } from '../src/domain/text';
import { localParts } from '../src/domain/time';
import { renderRecapChart } from '../src/features/recap/chart';
import { requestExport } from '../src/features/export/export-job';
import { buildRecap, opdDetail } from '../src/features/recap/recap';
import { recapShares, sharePercent } from '../src/domain/recap-shares';
import { page, PAGE_SIZE, type PagedScreen, pageButton } from '../src/infra/telegram/paging';
import { formatLateGroup, groupLate, recapHeader, recapLine, recapOpdBlock } from '../src/features/recap/recap.view';
import { rollcallRecap } from '../src/features/rollcall/rollcall';
import { renderRecapOpdLine, renderRecapSection } from '../src/features/rollcall/rollcall.view';
import type { BotContext } from '../src/infra/telegram/context';
import { args, guard, replyHtml } from '../src/infra/telegram/middleware';

/** The secretariat's picture: /rekap, /terlambat, /cari, /ekspor, /grafik; long answers are paged. */
export const recapHandler = new Composer<BotContext>();

type Screen = { text: string; keyboard?: ReturnType<typeof page>['keyboard'] };

/** Shows a screen: a new message for a command, an edit for a page button. */
async function show(ctx: BotContext, s: Screen): Promise<void> {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(s.text, { parse_mode: 'HTML', reply_markup: s.keyboard }).catch(() => undefined);
  } else {
    await replyHtml(ctx, s.text, s.keyboard ? { reply_markup: s.keyboard } : {});
  }
}

function period(ctx: BotContext, raw: string): Period | string {
  return parsePeriod(raw, ctx.deps.now(), ctx.deps.config.timezone) ?? ctx.t.periodBad(escapeHtml(raw), PERIOD_EXAMPLES);
}

/** "/rekap [KODE] [periode]": the first word is an OPD code when such an OPD exists. */
async function rekapScreen(ctx: BotContext, raw: string, pageNo: number): Promise<Screen> {
  const [first, ...rest] = args(raw);
  const opd = first ? await opdByCode(ctx.deps, first) : undefined;
  const p = period(ctx, opd ? rest.join(' ') : raw);
  if (typeof p === 'string') {
    // "/rekap DINKS bulan ini": a mistyped OPD code rather than a strange period.
    if (!opd && first && rest.length > 0 && /^[A-Z][A-Z0-9_.-]{1,31}$/.test(first) && parsePeriod(rest.join(' '), ctx.deps.now(), ctx.deps.config.timezone)) {
      return { text: ctx.t.unknownOpd(escapeHtml(first)) };
    }
    return { text: p };
  }
  const t = ctx.t;
  const tz = ctx.deps.config.timezone;
  if (opd) {
    const d = await opdDetail(ctx.deps, opd, p);
    const lines = [t.detailTitle(escapeHtml(opd.code), escapeHtml(opd.name), t.fmt.period(p.from, p.to, tz)), recapLine(t, d.recap), t.detailOpen(d.open.length)];
    lines.push(
      ...(d.open.length ? d.open.map((o) => t.detailItem(escapeHtml(o.number), t.assignmentStateName[o.state] ?? o.state, t.fmt.shortDateTime(o.due_at, tz))) : [t.detailNone]),
    );
    lines.push(...lateBlocksOrNone(ctx, d.late));
    lines.push(
      t.detailTrend,
      ...d.trend.map(({ period: tp, r }) => {
        const s = recapShares(r);
        return t.detailTrendLine(t.fmt.period(tp.from, tp.to, tz), r.received, sharePercent(s.ack), sharePercent(s.done));
      }),
    );
    // Roll-calls in the period (issue #16): reachability and the median time to answer.
    const apel = (await rollcallRecap(ctx.deps, p.from, p.to)).find((f) => f.opdCode === opd.code);
    if (apel) lines.push(renderRecapOpdLine(t, apel));
    return { text: lines.join('\n') };
  }
  const recap = await buildRecap(ctx.deps, p);
  const pg = page(t, recap.opds, pageNo, 'r', raw);
  const blocks = pg.slice.map((r, i) => recapOpdBlock(t, r, pg.offset + i + 1));
  // Roll-calls in the period (issue #16), on the first page only, when there were any.
  const apel = pageNo === 0 ? await rollcallRecap(ctx.deps, p.from, p.to) : [];
  if (apel.length) blocks.push('', renderRecapSection(t, apel));
  return { text: [recapHeader(t, recap, tz), '', ...blocks, pg.footer].filter((x, i, a) => x !== '' || i < a.length - 1).join('\n'), keyboard: pg.keyboard };
}

/** Lines of late items shown per OPD in the overview (/terlambat) and in /rekap KODE. */
const LATE_PREVIEW = 3;
const LATE_IN_DETAIL = 10;
/** /terlambat KODE: late items per page (a page stays well under Telegram's 4096 characters). */
const LATE_PER_PAGE = 30;

function lateBlocksOrNone(ctx: BotContext, items: LateItems): string[] {
  const groups = groupLate(ctx.deps.now(), items);
  return [ctx.t.detailLate(items.length), ...(groups.length ? groups.map((g) => formatLateGroup(ctx.t, ctx.deps.now(), g, LATE_IN_DETAIL)) : [ctx.t.detailNone])];
}

async function lateScreen(ctx: BotContext, raw: string, pageNo: number): Promise<Screen> {
  const [code] = args(raw);
  const opd = code ? await opdByCode(ctx.deps, code) : undefined;
  if (code && !opd) return { text: ctx.t.unknownOpd(escapeHtml(code.toUpperCase())) };
  const now = ctx.deps.now();
  const items = await lateNow(ctx.deps, now, opd?.id);
  const groups = groupLate(now, items);
  if (groups.length === 0) return { text: ctx.t.lateNone };
  if (opd) {
    // One OPD: every item, a page at a time.
    const g = groups[0]!;
    const pg = page(ctx.t, g.items, pageNo, 't', raw, LATE_PER_PAGE);
    return { text: [ctx.t.lateHeader(items.length), formatLateGroup(ctx.t, now, { ...g, items: pg.slice }), pg.footer].filter(Boolean).join('\n'), keyboard: pg.keyboard };
  }
  // Every OPD: the oldest few lines of each, 8 OPDs a page; group everything (cheap), format only the page shown.
  const pg = page(ctx.t, groups, pageNo, 't', raw, 8);
  return {
    text: [ctx.t.lateHeader(items.length), ...pg.slice.map((g) => formatLateGroup(ctx.t, now, g, LATE_PREVIEW)), pg.footer].filter(Boolean).join('\n'),
    keyboard: pg.keyboard,
  };
}

async function searchScreen(ctx: BotContext, raw: string, pageNo: number): Promise<Screen> {
  const q = raw.trim();
  if (q === '') return { text: ctx.t.searchUsage };
  const tz = ctx.deps.config.timezone;
  // "2026-12" is a number too: normalizeInstructionNumber wants the ARH- prefix for a year.
  const number = /^(arh-)?\d{4}-\d+$|^arh-/i.test(q) ? normalizeInstructionNumber(/^arh-/i.test(q) ? q : `ARH-${q}`, localParts(ctx.deps.now(), tz).year) : null;
  const words = q
    .split(/\s+/)
    .filter((w) => w.length >= 2)
    .slice(0, 5);
  if (!number && words.length === 0) return { text: ctx.t.searchUsage };
  const p = Math.max(0, pageNo);
  const { rows, more } = await findInstructions(ctx.deps, words, number, p * PAGE_SIZE, PAGE_SIZE);
  if (rows.length === 0 && p === 0) return { text: ctx.t.searchNone(escapeHtml(q)) };
  const lines = rows.map((r) =>
    ctx.t.searchLine(
      escapeHtml(r.number),
      ctx.t.fmt.shortDateTime(r.created_at, tz),
      ctx.t.instructionStateName[r.state] ?? r.state,
      escapeHtml(r.text.length > 120 ? `${r.text.slice(0, 117)}…` : r.text),
    ),
  );
  // Search pages are counted as we go: "more" tells whether a next page exists.
  const fake = Array.from({ length: (p + (more ? 2 : 1)) * PAGE_SIZE });
  const pg = page(ctx.t, fake, p, 'c', q);
  return { text: [ctx.t.searchHeader(escapeHtml(q)), ...lines].join('\n'), keyboard: pg.keyboard };
}

const screens: Record<PagedScreen, (ctx: BotContext, raw: string, page: number) => Promise<Screen>> = { r: rekapScreen, t: lateScreen, c: searchScreen };

recapHandler.command('rekap', guard('rekap'), async (ctx) => show(ctx, await rekapScreen(ctx, ctx.match, 0)));
recapHandler.command('terlambat', guard('terlambat'), async (ctx) => show(ctx, await lateScreen(ctx, ctx.match, 0)));
recapHandler.command('cari', guard('cari'), async (ctx) => show(ctx, await searchScreen(ctx, ctx.match, 0)));
recapHandler.callbackQuery(pageButton.filter, guard('rekap'), async (ctx) => {
  const { screen, page: p, arg } = pageButton.unpack(ctx.callbackQuery.data)!;
  await show(ctx, await screens[screen](ctx, arg, p));
});

// The files are built and sent in the background (src/services/export-job.ts): a busy
// month is tens of thousands of rows and seconds of work. The command answers at once.
recapHandler.command('ekspor', guard('ekspor'), async (ctx) => {
  const p = period(ctx, ctx.match);
  if (typeof p === 'string') return replyHtml(ctx, p);
  const job = { chatId: ctx.chat.id, requesterId: ctx.from!.id, lang: ctx.person!.lang, from: p.from, to: p.to, label: p.label, requestedAt: ctx.deps.now() };
  const queued = await requestExport(ctx.deps, job, (pending) =>
    ctx.reply(
      pending ? ctx.t.exportPending(ctx.t.fmt.period(p.from, p.to, ctx.deps.config.timezone)) : ctx.t.exportQueued(ctx.t.fmt.period(p.from, p.to, ctx.deps.config.timezone)),
    ),
  );
  ctx.log.info({ from: p.from, to: p.to, queued }, 'export requested');
});

recapHandler.command('grafik', guard('grafik'), async (ctx) => {
  const p = period(ctx, ctx.match);
  if (typeof p === 'string') return replyHtml(ctx, p);
  await ctx.replyWithChatAction('upload_photo');
  const png = await renderRecapChart(await buildRecap(ctx.deps, p), { t: ctx.t, tz: ctx.deps.config.timezone });
  await ctx.replyWithPhoto(new InputFile(png, 'rekap.png'), { caption: ctx.t.chartCaption(ctx.t.fmt.period(p.from, p.to, ctx.deps.config.timezone)) });
});
