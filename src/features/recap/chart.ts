// The recap as a picture for the chat: a PNG meant to be read on a phone.
//
// Two panels share one row per OPD: on the left the acknowledgement clock
// (tepat waktu / terlambat / belum, plus in grey those still within their deadline,
// neither on time nor late yet), on the right the follow-up clock
// (selesai tepat waktu / selesai terlambat / lewat batas, plus the rest —
// still open before its due date, or reported and awaiting review — in grey as
// "dalam proses", so both bars are out of the same "received"). OPDs are sorted by how much attention they need, the worst on
// top; beyond maxOpds the rest is left out and the subtitle says so.
//
// The SVG is written here directly (a fixed layout of bars, labels and legends),
// and resvg turns it into a PNG with the font bundled in assets/fonts (DejaVu
// Sans, cut down to Latin; see the README there), never the system's: the picture
// is the same on every machine, and a slim Docker image needs no font package.
// Every word on it (title, subtitle, panel titles, legends) comes from the reader's
// catalogue (`chart` in locales/), Indonesian by default.
// Budget (issue #5): /grafik answers within 200 ms on 1,000,000 assignments. The
// picture for 40 OPDs costs ~80 ms of CPU (SVG ~1 ms; resvg ~55 ms, mostly text
// layout and rasterising; PNG compression ~20 ms), spread over both cores.

import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDeflate } from 'node:zlib';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { OpdRecap, Recap } from '../../domain/recap-types';
import { recapShares, sharePercent } from '../../domain/recap-shares';
import { defaultMessages, type Messages } from '../../infra/i18n';

export const CHART_WIDTH = 1080;
/** Height of one OPD row. */
export const ROW_HEIGHT = 44;
/** Space above the first row (titles, legends) and below the last (axis). */
export const HEADER_HEIGHT = 236;
export const FOOTER_HEIGHT = 56;
export const EMPTY_HEIGHT = 420;
export const DEFAULT_MAX_OPDS = 40;

/**
 * The fonts resvg draws with (DejaVu Sans and DejaVu Sans Bold, Latin subset),
 * resolved from this module so that any working directory will do.
 */
export const CHART_FONT_FILES: readonly string[] = ['DejaVuSans-Latin.ttf', 'DejaVuSans-Bold-Latin.ttf'].map((f) =>
  fileURLToPath(new URL(`../../../assets/fonts/${f}`, import.meta.url)),
);
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const COLORS = {
  onTime: '#1e9e4a',
  late: '#f2a20c',
  bad: '#d93025',
  open: '#d5d9de',
  text: '#1f2933',
  muted: '#52606d',
  grid: '#e4e7eb',
};

const LABEL_CHARS = 10;
const LEFT = 200; // room for the OPD labels
const PANEL_WIDTH = 398;
const GAP = 42;
const PANEL2_LEFT = LEFT + PANEL_WIDTH + GAP;
/** A segment narrower than this (px) gets no number inside. */
const MIN_LABEL_PX = 26;
const BAR_HEIGHT = 26;
const BAR_FONT = 'bold 16px';
/** Legends: a rounded swatch, then the name; rows wrap within the panel. */
const LEGEND_TOP = 183;
const SWATCH_W = 18;
const SWATCH_H = 14;
const LEGEND_GAP = 14;
/** OPD rows per band of the PNG (see bands()): 40 OPDs make two bands. */
const ROWS_PER_BAND = 20;

export interface ChartOptions {
  /** Most OPDs drawn (default 40): the ones needing most attention. */
  maxOpds?: number;
  /** The reader's catalogue: the chart's words (default Indonesian). */
  t?: Messages;
  /** The org's zone: with it, the title names the period in `t`'s language (t.fmt.period); without it, the period's own label. */
  tz?: string;
}

type ChartWords = Messages['chart'];

/** Higher = needs more attention: open past due weighs most, then never acknowledged. */
export function attentionScore(o: OpdRecap): number {
  return o.overdueNow * 3 + o.ackNone * 2 + o.ackLate + o.doneLate;
}

/** OPDs with something in the period, most attention first (ties: more overdue, more unacknowledged, more received, code). */
export function chartOpds(opds: readonly OpdRecap[]): OpdRecap[] {
  return opds
    .filter((o) => o.received > 0)
    .sort((a, b) => attentionScore(b) - attentionScore(a) || b.overdueNow - a.overdueNow || b.ackNone - a.ackNone || b.received - a.received || a.code.localeCompare(b.code));
}

export function chartHeight(opdCount: number): number {
  return opdCount === 0 ? EMPTY_HEIGHT : HEADER_HEIGHT + opdCount * ROW_HEIGHT + FOOTER_HEIGHT;
}

/** Axis end and tick step: a round step (1, 2, 5 × 10^k, or 25) giving at most 5 intervals. */
export function niceScale(maxValue: number): { max: number; step: number } {
  const v = Math.max(1, Math.ceil(maxValue));
  for (let mag = 1; ; mag *= 10) {
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * mag;
      if (!Number.isInteger(step)) continue;
      if (Math.ceil(v / step) <= 5) return { max: Math.ceil(v / step) * step, step };
    }
  }
}

function shortCode(code: string): string {
  return code.length > LABEL_CHARS ? `${code.slice(0, LABEL_CHARS - 1)}…` : code;
}

function subtitleLines(w: ChartWords, recap: Recap, shown: number, active: number): string[] {
  const t = recap.total;
  // The same shares as /rekap (src/domain/recap-shares.ts): out of what can be judged
  // already, not out of every assignment.
  const s = recapShares(t);
  const lines = [w.totals(t.received, sharePercent(s.ack), sharePercent(s.done), t.overdueNow)];
  if (active === 0) return lines;
  const idle = recap.opds.length - active;
  lines.push((shown < active ? w.shownSome(shown, active) : w.shownAll(active)) + (idle > 0 ? ` ${w.idle(idle)}` : ''));
  return lines;
}

// Text widths in em for DejaVu Sans (rounded up from the font's advance widths),
// for laying out the legends and deciding whether a number fits in its segment.
// Over-estimating a little is harmless, under-estimating is not.
const EM_WIDTH: Record<string, number> = {};
function setWidths(chars: string, em: number): void {
  for (const c of chars) EM_WIDTH[c] = em;
}
setWidths(" .,:;·'|!ijlIJ", 0.34);
setWidths('frt()[]/\\-', 0.42);
setWidths('abcdeghknopqsuvxyz0123456789?$#_', 0.64);
setWidths('ABCEFKLPRSTVXYZ', 0.72);
setWidths('DGHNOQU', 0.8);
setWidths('mwMW%…—', 1.0);
setWidths('–', 0.5);

/** Estimated width in px of text in the given CSS font ("bold 16px …"). */
export function measureTextWidth(text: string, font = '12px sans-serif'): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  const bold = /\bbold\b|\b[6-9]00\b/.test(font) ? 1.1 : 1;
  let em = 0;
  for (const c of text) em += EM_WIDTH[c] ?? 0.7;
  return em * size * bold;
}

/** One stacked segment: value and colour; its number is drawn inside when it fits. */
interface Segment {
  /** Its legend entry in the catalogue's `chart` group. */
  word: 'ackOnTime' | 'ackLate' | 'ackNone' | 'ackPending' | 'doneOnTime' | 'doneLate' | 'overdue' | 'inProgress';
  color: string;
  value: (o: OpdRecap) => number;
}

const ACK: Segment[] = [
  { word: 'ackOnTime', color: COLORS.onTime, value: (o) => o.ackOnTime },
  { word: 'ackLate', color: COLORS.late, value: (o) => o.ackLate },
  { word: 'ackNone', color: COLORS.bad, value: (o) => o.ackNone },
  { word: 'ackPending', color: COLORS.open, value: (o) => o.ackPending },
];
const FU: Segment[] = [
  { word: 'doneOnTime', color: COLORS.onTime, value: (o) => o.doneOnTime },
  { word: 'doneLate', color: COLORS.late, value: (o) => o.doneLate },
  { word: 'overdue', color: COLORS.bad, value: (o) => o.overdueNow },
  { word: 'inProgress', color: COLORS.open, value: (o) => Math.max(0, o.received - o.doneOnTime - o.doneLate - o.overdueNow) },
];

/** What the chart shows, before any drawing; exported for inspection in tests. */
export interface RecapChartModel {
  width: number;
  height: number;
  /** The OPDs drawn, top to bottom. */
  shown: OpdRecap[];
  title: string;
  subtitle: string[];
  /** The text drawn when there is no OPD to draw. */
  empty: string;
  /** Axis end and tick step (both panels share them); null when there is no OPD to draw. */
  scale: { max: number; step: number } | null;
  panels: { title: string; legend: { name: string; color: string }[] }[];
}

export function recapChartModel(recap: Recap, opts: ChartOptions = {}): RecapChartModel {
  const max = Math.max(1, Math.floor(opts.maxOpds ?? DEFAULT_MAX_OPDS));
  const active = chartOpds(recap.opds);
  const shown = active.slice(0, max);
  const t = opts.t ?? defaultMessages;
  const w = t.chart;
  const legend = (segs: Segment[]) => segs.map(({ word, color }) => ({ name: w[word], color }));
  const period = opts.tz === undefined ? recap.period.label : t.fmt.period(recap.period.from, recap.period.to, opts.tz);
  return {
    width: CHART_WIDTH,
    height: chartHeight(shown.length),
    shown,
    title: w.title(period),
    subtitle: subtitleLines(w, recap, shown.length, active.length),
    empty: w.empty,
    scale: shown.length === 0 ? null : niceScale(Math.max(...shown.map((o) => o.received))),
    panels: [
      { title: w.ackPanel, legend: legend(ACK) },
      { title: w.fuPanel, legend: legend(FU) },
    ],
  };
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Coordinates to 0.1 px: short SVG, and nothing visible is lost. */
function r1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Axis numbers as before: 1,500. */
function axisNumber(v: number): string {
  return String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A text to draw: its vertical centre (to pick the band it belongs to) and its markup. */
interface Span {
  y: number;
  markup: string;
}

function span(x: number, y: number, s: string): Span {
  return { y, markup: `<tspan x="${r1(x)}" y="${r1(y)}">${esc(s)}</tspan>` };
}

/**
 * The chart, ready to be cut into horizontal bands: the shapes (every band gets
 * them all, clipped by its viewBox: cheap) and the texts in groups of one style.
 * A group becomes one <text> with a <tspan> per item, which resvg lays out
 * markedly faster than separate <text> elements (each tspan with its own x and y
 * is its own chunk, so text-anchor still applies to each). Every text is
 * vertically centred on its anchor (dominant-baseline central).
 */
interface ChartDrawing {
  width: number;
  height: number;
  shapes: string;
  texts: { style: string; spans: Span[] }[];
  /** Where the picture may be cut: row edges, which no text or bar crosses. */
  cuts: number[];
}

function drawChart(m: RecapChartModel): ChartDrawing {
  const { width, height, shown, scale } = m;
  const titles = [
    { style: `font-size="30" font-weight="bold" fill="${COLORS.text}"`, spans: [span(29, 34.6, m.title)] },
    { style: `font-size="18" fill="${COLORS.muted}"`, spans: m.subtitle.map((line, k) => span(29, 69.1 + k * 26, line)) },
  ];
  if (!scale) {
    return {
      width,
      height,
      shapes: '',
      texts: [...titles, { style: `font-size="26" text-anchor="middle" fill="${COLORS.muted}"`, spans: [span(width / 2, 239.1, m.empty)] }],
      cuts: [],
    };
  }

  const shapes: string[] = [];
  const lefts = [LEFT, PANEL2_LEFT];
  const gridTop = HEADER_HEIGHT;
  const gridBottom = gridTop + shown.length * ROW_HEIGHT;
  const pxPerUnit = PANEL_WIDTH / scale.max;

  // Grid: a vertical line per tick (crisp on the half pixel), the y axis lines included.
  let grid = '';
  for (const left of lefts) {
    for (let v = 0; v <= scale.max; v += scale.step) grid += `M${Math.round(left + v * pxPerUnit) + 0.5} ${gridTop}V${gridBottom}`;
  }
  shapes.push(`<path d="${grid}" stroke="${COLORS.grid}" fill="none" shape-rendering="crispEdges"/>`);

  // Bars: one path per colour; numbers inside the segments wide enough for them.
  const bars = new Map<string, string>();
  const whiteLabels: Span[] = [];
  const darkLabels: Span[] = [];
  shown.forEach((o, row) => {
    const top = gridTop + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    const mid = gridTop + row * ROW_HEIGHT + ROW_HEIGHT / 2;
    [ACK, FU].forEach((segs, panel) => {
      let x = lefts[panel]!;
      for (const seg of segs) {
        const v = seg.value(o);
        if (v <= 0) continue;
        const w = v * pxPerUnit;
        bars.set(seg.color, `${bars.get(seg.color) ?? ''}M${r1(x)} ${top}h${r1(w)}v${BAR_HEIGHT}h${r1(-w)}z`);
        const label = String(v);
        // Drawn when the number fits (give or take a pixel on each side): a wider
        // one would spill over its neighbours and be read as theirs.
        if (w >= Math.max(MIN_LABEL_PX, measureTextWidth(label, BAR_FONT) - 2)) {
          (seg.color === COLORS.open ? darkLabels : whiteLabels).push(span(x + w / 2, mid, label));
        }
        x += w;
      }
    });
  });
  for (const [color, d] of bars) shapes.push(`<path d="${d}" fill="${color}" shape-rendering="crispEdges"/>`);

  // Legend swatches, laid out like the legend names.
  const legendNames: Span[] = [];
  m.panels.forEach((p, panel) => {
    const start = lefts[panel]! + 5;
    let x = start;
    let y = LEGEND_TOP;
    for (const item of p.legend) {
      const w = SWATCH_W + 5 + measureTextWidth(item.name, '15px');
      if (x > start && x + w > start + PANEL_WIDTH - 10) {
        x = start;
        y += SWATCH_H + LEGEND_GAP;
      }
      shapes.push(`<rect x="${r1(x)}" y="${y}" width="${SWATCH_W}" height="${SWATCH_H}" rx="3.5" fill="${item.color}"/>`);
      legendNames.push(span(x + SWATCH_W + 5, y + SWATCH_H / 2, item.name));
      x += w + LEGEND_GAP;
    }
  });

  const axisLabels: Span[] = [];
  for (const left of lefts) {
    for (let v = 0; v <= scale.max; v += scale.step) axisLabels.push(span(left + v * pxPerUnit, gridBottom + 13.25, axisNumber(v)));
  }

  return {
    width,
    height,
    shapes: shapes.join(''),
    texts: [
      ...titles,
      { style: `font-size="21" font-weight="bold" fill="${COLORS.text}"`, spans: m.panels.map((p, panel) => span(lefts[panel]! + 5, 157.1, p.title)) },
      { style: `font-size="15" fill="${COLORS.text}"`, spans: legendNames },
      {
        style: `font-size="16" text-anchor="end" fill="${COLORS.text}"`,
        spans: shown.map((o, row) => span(LEFT - 12, gridTop + row * ROW_HEIGHT + ROW_HEIGHT / 2, `${shortCode(o.code)} (${o.received})`)),
      },
      { style: `font-size="15" text-anchor="middle" fill="${COLORS.muted}"`, spans: axisLabels },
      { style: `font-size="16" font-weight="bold" text-anchor="middle" fill="#ffffff"`, spans: whiteLabels },
      { style: `font-size="16" font-weight="bold" text-anchor="middle" fill="${COLORS.text}"`, spans: darkLabels },
    ],
    cuts: shown.map((_, row) => gridTop + row * ROW_HEIGHT).filter((y) => y > gridTop),
  };
}

/** The band [top, bottom) of the drawing as an SVG of its own (the whole chart: 0, height). */
function bandSvg(d: ChartDrawing, top: number, bottom: number): string {
  const h = bottom - top;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${d.width}" height="${h}" viewBox="0 ${top} ${d.width} ${h}" font-family="${CHART_FONT_FAMILY}">`,
    `<rect y="${top}" width="${d.width}" height="${h}" fill="#ffffff"/>`,
    d.shapes,
  ];
  for (const g of d.texts) {
    const spans = g.spans.filter((t) => t.y >= top && t.y < bottom);
    if (spans.length > 0) out.push(`<text dominant-baseline="central" ${g.style}>${spans.map((t) => t.markup).join('')}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}

/**
 * The bands the PNG is rendered in, top to bottom: ROWS_PER_BAND rows each (the
 * first with the titles, the last with the axis and what is left), cut at row
 * edges. resvg draws a picture on one thread; two bands use both cores when they
 * are free, and the compression of the top band can start before the bottom one
 * is done. The bands join up exactly: no text or bar crosses a row edge, and the
 * grid lines are drawn in every band.
 */
function bands(d: ChartDrawing): [number, number][] {
  const edges = [0, ...d.cuts.filter((_, k) => (k + 1) % ROWS_PER_BAND === 0 && k + 1 < d.cuts.length), d.height];
  return edges.slice(1).map((bottom, k) => [edges[k]!, bottom]);
}

/** The recap chart as SVG text. */
export async function renderRecapSvg(recap: Recap, opts: ChartOptions = {}): Promise<{ svg: string; width: number; height: number }> {
  const model = recapChartModel(recap, opts);
  return { svg: bandSvg(drawChart(model), 0, model.height), width: model.width, height: model.height };
}

/**
 * resvg's options: the bundled fonts only (no scan of the system's, which a slim
 * image does not have and which would make the picture depend on the machine).
 */
export function resvgOptions(): ResvgRenderOptions {
  return {
    fitTo: { mode: 'original' },
    font: { fontFiles: [...CHART_FONT_FILES], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
  };
}

let fontsChecked = false;
let resvgModule: Promise<typeof import('@resvg/resvg-js')> | null = null;

/** SVG → RGBA pixels through resvg, off the event loop (resvg's worker threads). */
export async function rasterizeSvg(svg: string): Promise<{ width: number; height: number; pixels: Buffer }> {
  if (!fontsChecked) {
    // Without its fonts resvg silently draws bars and no text: fail loudly instead.
    const missing = CHART_FONT_FILES.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new Error(`chart fonts missing: ${missing.join(', ')}`);
    fontsChecked = true;
  }
  resvgModule ??= import('@resvg/resvg-js');
  const { renderAsync } = await resvgModule;
  const img = await renderAsync(svg, resvgOptions());
  return { width: img.width, height: img.height, pixels: img.pixels };
}

/** The recap chart as PNG: 1080 px wide, ~44 px per OPD. */
export async function renderRecapChart(recap: Recap, opts: ChartOptions = {}): Promise<Buffer> {
  const model = recapChartModel(recap, opts);
  const drawing = drawChart(model);
  const parts = bands(drawing).map(async ([top, bottom]) => (await rasterizeSvg(bandSvg(drawing, top, bottom))).pixels);
  return await encodePng(model.width, model.height, parts);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** Rows of RGBA pixels with the filter byte PNG puts before each row (0: none). */
function pngRows(rgba: Buffer, rowBytes: number): Buffer {
  const rows = rgba.length / rowBytes;
  const raw = Buffer.allocUnsafe((rowBytes + 1) * rows);
  for (let y = 0; y < rows; y++) {
    const at = y * (rowBytes + 1);
    raw[at] = 0;
    rgba.copy(raw, at + 1, y * rowBytes, (y + 1) * rowBytes);
  }
  return raw;
}

/**
 * RGBA pixels → PNG (8-bit RGBA, no row filter, zlib level 1, compressed off the
 * event loop). resvg's own encoder compresses harder and takes about twice as
 * long; this file is only ~5% larger. The pixels may come as bands of whole
 * rows, top to bottom, each compressed as soon as it is there.
 */
export async function encodePng(width: number, height: number, rgba: Buffer | readonly Promise<Buffer>[]): Promise<Buffer> {
  const parts = Buffer.isBuffer(rgba) ? [Promise.resolve(rgba)] : rgba;
  for (const p of parts) p.catch(() => {}); // a failed band is reported below, once, not as unhandled
  const rowBytes = width * 4;
  const z = createDeflate({ level: 1, chunkSize: 1 << 20 });
  const idat: Buffer[] = [];
  z.on('data', (chunk: Buffer) => idat.push(chunk));
  const ended = once(z, 'end');
  let rows = 0;
  try {
    for (const p of parts) {
      const px = await p;
      if (px.length % rowBytes !== 0) throw new Error('pixel buffer is not made of whole rows');
      rows += px.length / rowBytes;
      z.write(pngRows(px, rowBytes));
    }
    if (rows !== height) throw new Error(`pixel rows: ${rows}, expected ${height}`);
    z.end();
    await ended;
  } catch (err) {
    z.destroy();
    throw err;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', Buffer.concat(idat)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Width and height from a PNG's IHDR chunk (the first chunk, right after the signature). */
export function pngSize(buf: Buffer): { width: number; height: number } {
  if (buf.length < 24 || !buf.subarray(0, 8).equals(PNG_SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG');
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
