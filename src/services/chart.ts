// The recap as a picture for the chat: a PNG meant to be read on a phone.
//
// Two panels share one row per OPD: on the left the acknowledgement clock
// (tepat waktu / terlambat / belum), on the right the follow-up clock
// (selesai tepat waktu / selesai terlambat / lewat batas, plus the rest —
// still open before its due date, or reported and awaiting review — in grey as
// "dalam proses", so both bars are out of the same "received"). OPDs are sorted by how much attention they need, the worst on
// top; beyond maxOpds the rest is left out and the subtitle says so.
//
// ECharts renders server-side to SVG (no DOM, no canvas), resvg turns the SVG
// into a PNG using the system fonts (DejaVu Sans is preferred; a machine without
// any font draws the bars but no text — install fonts-dejavu-core). Both
// libraries are imported on first use: ECharts alone takes ~1 s to load.

import type { OpdRecap, Recap } from '../domain/recap-types';

export const CHART_WIDTH = 1080;
/** Height of one OPD row. */
export const ROW_HEIGHT = 44;
/** Space above the first row (titles, legends) and below the last (axis). */
export const HEADER_HEIGHT = 236;
export const FOOTER_HEIGHT = 56;
export const EMPTY_HEIGHT = 420;
export const DEFAULT_MAX_OPDS = 40;

const FONT = 'DejaVu Sans, Noto Sans, Liberation Sans, Arial, Helvetica, sans-serif';

/** What every chart (empty or not) shares: a static, white, DejaVu picture. */
const BASE_OPTION = { animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: FONT } };
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

export interface ChartOptions {
  /** Most OPDs drawn (default 40): the ones needing most attention. */
  maxOpds?: number;
}

/** Higher = needs more attention: open past due weighs most, then never acknowledged. */
export function attentionScore(o: OpdRecap): number {
  return o.overdueNow * 3 + o.ackNone * 2 + o.ackLate + o.doneLate;
}

/** OPDs with something in the period, most attention first (ties: more overdue, more unacknowledged, more received, code). */
export function chartOpds(opds: readonly OpdRecap[]): OpdRecap[] {
  return opds
    .filter((o) => o.received > 0)
    .sort(
      (a, b) =>
        attentionScore(b) - attentionScore(a) ||
        b.overdueNow - a.overdueNow ||
        b.ackNone - a.ackNone ||
        b.received - a.received ||
        a.code.localeCompare(b.code),
    );
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

function pct(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((part / whole) * 100)}%`;
}

function shortCode(code: string): string {
  return code.length > LABEL_CHARS ? code.slice(0, LABEL_CHARS - 1) + '…' : code;
}

function subtitle(recap: Recap, shown: number, active: number): string {
  const t = recap.total;
  const lines = [
    `${t.received} penugasan · konfirmasi tepat waktu ${pct(t.ackOnTime, t.received)} · ` +
      `selesai tepat waktu ${pct(t.doneOnTime, t.received)} · ${t.overdueNow} lewat batas`,
  ];
  if (active === 0) return lines.join('\n');
  const idle = recap.opds.length - active;
  lines.push(
    (shown < active
      ? `${shown} dari ${active} OPD yang paling perlu perhatian, terburuk di atas`
      : `${active} OPD, terburuk di atas`) +
      '; (n) = jumlah penugasan.' +
      (idle > 0 ? ` ${idle} OPD tanpa arahan tidak ditampilkan.` : ''),
  );
  return lines.join('\n');
}

/** ECharts option for the recap; exported for inspection in tests. */
export function recapChartOption(recap: Recap, opts: ChartOptions = {}): { option: Record<string, unknown>; width: number; height: number; shown: OpdRecap[] } {
  const max = Math.max(1, Math.floor(opts.maxOpds ?? DEFAULT_MAX_OPDS));
  const active = chartOpds(recap.opds);
  const shown = active.slice(0, max);
  const height = chartHeight(shown.length);

  const title = {
    text: `Rekap Arahan — ${recap.period.label}`,
    subtext: subtitle(recap, shown.length, active.length),
    left: 24,
    top: 18,
    itemGap: 10,
    textStyle: { fontFamily: FONT, fontSize: 30, fontWeight: 'bold', color: COLORS.text },
    subtextStyle: { fontFamily: FONT, fontSize: 18, lineHeight: 26, color: COLORS.muted },
  };

  if (shown.length === 0) {
    return {
      width: CHART_WIDTH,
      height,
      shown,
      option: {
        ...BASE_OPTION,
        title: [title],
        graphic: [
          {
            type: 'text',
            left: 'center',
            top: 230,
            style: {
              text: 'Belum ada arahan pada periode ini.',
              fontFamily: FONT,
              fontSize: 26,
              fill: COLORS.muted,
            },
          },
        ],
      },
    };
  }

  const { max: xMax, step: xStep } = niceScale(Math.max(...shown.map((o) => o.received)));
  const pxPerUnit = PANEL_WIDTH / xMax;
  const codes = shown.map((o) => `${shortCode(o.code)} (${o.received})`);
  const gridTop = HEADER_HEIGHT;
  const gridHeight = shown.length * ROW_HEIGHT;

  const seg = (name: string, color: string, panel: 0 | 1, values: number[]) => ({
    name,
    type: 'bar',
    stack: panel === 0 ? 'ack' : 'fu',
    xAxisIndex: panel,
    yAxisIndex: panel,
    barWidth: 26,
    itemStyle: { color },
    emphasis: { disabled: true },
    data: values.map((v) => ({
      value: v,
      label: {
        show: v > 0 && v * pxPerUnit >= MIN_LABEL_PX,
        position: 'inside',
        formatter: String(v),
        fontFamily: FONT,
        fontSize: 16,
        fontWeight: 'bold',
        color: color === COLORS.open ? COLORS.text : '#ffffff',
      },
    })),
  });

  const legend = (left: number, names: string[], colors: string[]) => ({
    left,
    top: 178,
    width: PANEL_WIDTH,
    itemWidth: 18,
    itemHeight: 14,
    itemGap: 14,
    textStyle: { fontFamily: FONT, fontSize: 15, color: COLORS.text },
    data: names.map((n, k) => ({ name: n, itemStyle: { color: colors[k] } })),
  });

  const xAxis = (gridIndex: number) => ({
    type: 'value',
    gridIndex,
    min: 0,
    max: xMax,
    interval: xStep,
    axisLabel: { fontFamily: FONT, fontSize: 15, color: COLORS.muted },
    splitLine: { lineStyle: { color: COLORS.grid } },
  });
  const yAxis = (gridIndex: number) => ({
    type: 'category',
    gridIndex,
    data: codes,
    inverse: true, // first (worst) OPD on top
    axisTick: { show: false },
    axisLine: { lineStyle: { color: COLORS.grid } },
    axisLabel: gridIndex === 0
      ? { fontFamily: FONT, fontSize: 16, color: COLORS.text, margin: 12 }
      : { show: false },
  });

  const ACK = ['Tepat waktu', 'Terlambat', 'Belum'];
  const FU = ['Selesai tepat waktu', 'Selesai terlambat', 'Lewat batas', 'Dalam proses'];
  const panelTitle = (text: string, left: number) => ({
    text,
    left,
    top: 144,
    textStyle: { fontFamily: FONT, fontSize: 21, fontWeight: 'bold', color: COLORS.text },
  });

  return {
    width: CHART_WIDTH,
    height,
    shown,
    option: {
      ...BASE_OPTION,
      title: [title, panelTitle('Konfirmasi penerimaan', LEFT), panelTitle('Tindak lanjut', PANEL2_LEFT)],
      legend: [
        legend(LEFT, ACK, [COLORS.onTime, COLORS.late, COLORS.bad]),
        legend(PANEL2_LEFT, FU, [COLORS.onTime, COLORS.late, COLORS.bad, COLORS.open]),
      ],
      grid: [
        { left: LEFT, top: gridTop, width: PANEL_WIDTH, height: gridHeight },
        { left: PANEL2_LEFT, top: gridTop, width: PANEL_WIDTH, height: gridHeight },
      ],
      xAxis: [xAxis(0), xAxis(1)],
      yAxis: [yAxis(0), yAxis(1)],
      series: [
        seg(ACK[0]!, COLORS.onTime, 0, shown.map((o) => o.ackOnTime)),
        seg(ACK[1]!, COLORS.late, 0, shown.map((o) => o.ackLate)),
        seg(ACK[2]!, COLORS.bad, 0, shown.map((o) => o.ackNone)),
        seg(FU[0]!, COLORS.onTime, 1, shown.map((o) => o.doneOnTime)),
        seg(FU[1]!, COLORS.late, 1, shown.map((o) => o.doneLate)),
        seg(FU[2]!, COLORS.bad, 1, shown.map((o) => o.overdueNow)),
        seg(FU[3]!, COLORS.open, 1, shown.map((o) => Math.max(0, o.received - o.doneOnTime - o.doneLate - o.overdueNow))),
      ],
    },
  };
}

// Text widths in em for DejaVu Sans (rounded up from the font's advance widths).
// Server-side, ECharts has no canvas to measure text and assumes Helvetica-like
// widths; DejaVu is wider, so legends overlapped and labels crept out of the
// picture. Over-estimating a little is harmless, under-estimating is not.
const EM_WIDTH: Record<string, number> = {};
function setWidths(chars: string, em: number): void {
  for (const c of chars) EM_WIDTH[c] = em;
}
setWidths(' .,:;·\'|!ijlIJ', 0.34);
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

let echartsModule: Promise<typeof import('echarts')> | null = null;
function loadEcharts(): Promise<typeof import('echarts')> {
  echartsModule ??= import('echarts').then((m) => {
    // Process-wide, but this module is ECharts' only user.
    m.setPlatformAPI({ measureText: (text: string, font?: string) => ({ width: measureTextWidth(text, font) }) });
    return m;
  });
  return echartsModule;
}

/** The recap chart as SVG text (ECharts server-side rendering). */
export async function renderRecapSvg(recap: Recap, opts: ChartOptions = {}): Promise<{ svg: string; width: number; height: number }> {
  const { option, width, height } = recapChartOption(recap, opts);
  const echarts = await loadEcharts();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return { svg: chart.renderToSVGString(), width, height };
  } finally {
    chart.dispose();
  }
}

/** The recap chart as PNG: 1080 px wide, ~44 px per OPD. */
export async function renderRecapChart(recap: Recap, opts: ChartOptions = {}): Promise<Buffer> {
  const { svg, width } = await renderRecapSvg(recap, opts);
  const { Resvg } = await import('@resvg/resvg-js');
  const png = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
  return png;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk (the first chunk, right after the signature). */
export function pngSize(buf: Buffer): { width: number; height: number } {
  if (buf.length < 24 || !buf.subarray(0, 8).equals(PNG_SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG');
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
