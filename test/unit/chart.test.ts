import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { OpdRecap, Recap } from '../../src/domain/recap-types';
import { messagesFor } from '../../src/infra/i18n';
import { recapLine } from '../../src/features/recap/recap.view';
import {
  CHART_FONT_FILES,
  chartHeight,
  chartOpds,
  DEFAULT_MAX_OPDS,
  EMPTY_HEIGHT,
  encodePng,
  niceScale,
  pngSize,
  rasterizeSvg,
  recapChartModel,
  renderRecapChart,
  renderRecapSvg,
  resvgOptions,
} from '../../src/features/recap/chart';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The RGBA pixels of a PNG written by encodePng: one IDAT, filter byte 0 on every row. */
function unfilteredPixels(png: Buffer, width: number, height: number): Buffer {
  expect(png.toString('latin1', 37, 41)).toBe('IDAT');
  const raw = inflateSync(png.subarray(41, 41 + png.readUInt32BE(33)));
  const rowBytes = width * 4;
  expect(raw.length).toBe((rowBytes + 1) * height);
  const out = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (rowBytes + 1)]).toBe(0);
    raw.copy(out, y * rowBytes, y * (rowBytes + 1) + 1, (y + 1) * (rowBytes + 1));
  }
  return out;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function opd(i: number, over: Partial<OpdRecap> = {}): OpdRecap {
  const received = 4 + (i % 7);
  const ackLate = i % 3;
  const ackNone = i % 2;
  const doneLate = i % 2;
  const overdueNow = i % 4 === 0 ? 2 : 0;
  return {
    opdId: i,
    code: `OPD${String(i).padStart(2, '0')}`,
    name: `Dinas Nomor ${i}`,
    cluster: null,
    received,
    ackOnTime: received - ackLate - ackNone,
    ackLate,
    ackNone,
    ackPending: 0,
    medianAckMs: 45 * 60_000,
    doneOnTime: 1,
    doneLate,
    overdueNow,
    reminders: i,
    ...over,
  };
}

function recap(opds: OpdRecap[]): Recap {
  const sum = (k: 'received' | 'ackOnTime' | 'ackLate' | 'ackNone' | 'ackPending' | 'doneOnTime' | 'doneLate' | 'overdueNow' | 'reminders') => opds.reduce((s, o) => s + o[k], 0);
  return {
    period: { from: Date.UTC(2026, 9, 31, 17), to: Date.UTC(2026, 10, 30, 17), label: '1–30 November 2026' },
    total: {
      opdId: 0,
      code: 'TOTAL',
      name: 'Seluruh OPD',
      cluster: null,
      received: sum('received'),
      ackOnTime: sum('ackOnTime'),
      ackLate: sum('ackLate'),
      ackNone: sum('ackNone'),
      ackPending: sum('ackPending'),
      medianAckMs: null,
      doneOnTime: sum('doneOnTime'),
      doneLate: sum('doneLate'),
      overdueNow: sum('overdueNow'),
      reminders: sum('reminders'),
    },
    opds,
  };
}

const many = (n: number) => Array.from({ length: n }, (_, k) => opd(k + 1));

describe('renderRecapChart', () => {
  it('is a 1080 px wide PNG whose height grows with the number of OPDs', async () => {
    const small = await renderRecapChart(recap(many(3)));
    const large = await renderRecapChart(recap(many(12)));
    expect([...small.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect([...large.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const s = pngSize(small);
    const l = pngSize(large);
    expect(s).toEqual({ width: 1080, height: chartHeight(3) });
    expect(l).toEqual({ width: 1080, height: chartHeight(12) });
    expect(l.height - s.height).toBe(9 * 44);
  });

  it('caps at maxOpds, keeping the OPDs that need most attention, and says so', async () => {
    const opds = many(55);
    opds.push(opd(99, { code: 'PARAH', received: 10, ackOnTime: 0, ackLate: 0, ackNone: 10, doneOnTime: 0, doneLate: 0, overdueNow: 10 }));
    const r = recap(opds);
    const { shown, title, subtitle } = recapChartModel(r);
    expect(shown).toHaveLength(DEFAULT_MAX_OPDS);
    expect(shown[0]!.code).toBe('PARAH');
    expect(title).toBe('Rekap Arahan — 1–30 November 2026');
    expect(subtitle.join('\n')).toContain('40 dari 56 OPD');
    const { svg } = await renderRecapSvg(r);
    expect(svg).toContain('40 dari 56 OPD');
    expect(svg).toContain('PARAH (10)');
    const leftOut = chartOpds(opds)[DEFAULT_MAX_OPDS]!;
    expect(svg).not.toContain(`>${leftOut.code} (`);

    expect(pngSize(await renderRecapChart(r))).toEqual({ width: 1080, height: chartHeight(40) });
    expect(pngSize(await renderRecapChart(r, { maxOpds: 5 })).height).toBe(chartHeight(5));
  });

  it('labels both panels and the legend in Indonesian', async () => {
    const { svg } = await renderRecapSvg(recap(many(4)));
    for (const text of [
      'Rekap Arahan',
      'Konfirmasi penerimaan',
      'Tindak lanjut',
      'Tepat waktu',
      'Terlambat',
      'Belum',
      'Selesai tepat waktu',
      'Selesai terlambat',
      'Lewat batas',
      'OPD01',
    ]) {
      expect(svg).toContain(text);
    }
  });

  it('renders an empty state with 0 OPDs (or only OPDs without instructions)', async () => {
    for (const opds of [[], [opd(1, { received: 0, ackOnTime: 0, ackLate: 0, ackNone: 0, doneOnTime: 0, doneLate: 0, overdueNow: 0 })]]) {
      const png = await renderRecapChart(recap(opds));
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(pngSize(png)).toEqual({ width: 1080, height: EMPTY_HEIGHT });
      const { svg } = await renderRecapSvg(recap(opds));
      expect(svg).toContain('Belum ada arahan pada periode ini.');
    }
  });

  it('puts a number inside a segment only when it fits', async () => {
    // 990 + 10 received: the 10 late ones are a 4 px sliver, the 990 on time a long bar.
    const o = opd(1, { received: 1000, ackOnTime: 990, ackLate: 10, ackNone: 0, doneOnTime: 0, doneLate: 0, overdueNow: 0 });
    const { svg } = await renderRecapSvg(recap([o]));
    expect(svg).toContain('>990</tspan>');
    expect(svg).not.toContain('>10</tspan>');
    expect(svg).toContain('>1000</tspan>'); // "Dalam proses": everything still open
  });

  it('draws its text with the bundled font, not the system fonts', async () => {
    // The fonts ship in the repository, next to their licence.
    for (const f of CHART_FONT_FILES) {
      expect(f.startsWith(join(REPO, 'assets', 'fonts'))).toBe(true);
      expect(statSync(f).size).toBeGreaterThan(10_000);
    }
    expect(existsSync(join(REPO, 'assets', 'fonts', 'LICENSE'))).toBe(true);
    const opts = resvgOptions();
    expect(opts.font?.loadSystemFonts).toBe(false);
    expect(opts.font?.fontFiles).toEqual([...CHART_FONT_FILES]);

    // Ink in a band of the picture: the empty state has nothing but text there.
    const inked = (img: { width: number; pixels: Buffer }, y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = 0; x < img.width; x++) if (img.pixels[(y * img.width + x) * 4]! < 160) n++;
      }
      return n;
    };
    const { svg } = await renderRecapSvg(recap([]));
    const img = await rasterizeSvg(svg);
    expect(inked(img, 225, 255)).toBeGreaterThan(500); // "Belum ada arahan…" (regular)
    expect(inked(img, 20, 50)).toBeGreaterThan(500); // the title (bold)

    // Without the bundled files the same options draw no text at all: system fonts are never used.
    const bare = new Resvg(svg, { ...opts, font: { ...opts.font, fontFiles: [] } }).render();
    expect(inked({ width: bare.width, pixels: bare.pixels }, 225, 255)).toBe(0);
  });

  it('renders the PNG in bands that join up exactly', async () => {
    // 25 OPDs: a band of 20 rows and one of 5, cut at a row edge.
    const r = recap(many(25));
    const png = await renderRecapChart(r);
    const { width, height } = pngSize(png);
    const whole = await rasterizeSvg((await renderRecapSvg(r)).svg);
    expect({ width, height }).toEqual({ width: whole.width, height: whole.height });
    expect(unfilteredPixels(png, width, height).equals(whole.pixels)).toBe(true);
  });

  it('encodes a PNG that a decoder reads back pixel for pixel', async () => {
    const width = 3;
    const height = 2;
    const rgba = Buffer.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0, 255, 18, 52, 86, 255]);
    const png = await encodePng(width, height, rgba);
    expect(pngSize(png)).toEqual({ width, height });
    expect(unfilteredPixels(png, width, height)).toEqual(rgba);
    // The same pixels given as bands of whole rows make the same file.
    expect(await encodePng(width, height, [Promise.resolve(rgba.subarray(0, 12)), Promise.resolve(rgba.subarray(12))])).toEqual(png);
    // resvg's PNG decoder (it checks the CRCs) draws it back unchanged.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"><image width="3" height="2" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
    expect(new Resvg(svg).render().pixels).toEqual(rgba);
  });

  it('encodePng reports a failed band or missing rows', async () => {
    const row = Buffer.alloc(4 * 4, 255);
    await expect(encodePng(4, 2, [Promise.resolve(row), Promise.reject(new Error('band failed'))])).rejects.toThrow('band failed');
    await expect(encodePng(4, 2, [Promise.reject(new Error('first failed')), Promise.reject(new Error('second failed'))])).rejects.toThrow('first failed');
    await expect(encodePng(4, 2, row)).rejects.toThrow('pixel rows: 1, expected 2');
  });

  it('pngSize rejects what is not a PNG', () => {
    expect(() => pngSize(Buffer.from('GIF89a........................'))).toThrow('not a PNG');
  });
});

describe('chart helpers', () => {
  it('orders by attention and drops OPDs with nothing in the period', () => {
    const calm = opd(1, { code: 'TENANG', ackLate: 0, ackNone: 0, ackOnTime: 5, received: 5, doneLate: 0, overdueNow: 0 });
    const late = opd(2, { code: 'TELAT', ackLate: 3, ackNone: 0, ackOnTime: 2, received: 5, doneLate: 0, overdueNow: 0 });
    const overdue = opd(3, { code: 'LEWAT', ackLate: 0, ackNone: 0, ackOnTime: 5, received: 5, doneLate: 0, overdueNow: 2 });
    const idle = opd(4, { code: 'KOSONG', received: 0, ackOnTime: 0, ackLate: 0, ackNone: 0, doneOnTime: 0, doneLate: 0, overdueNow: 0 });
    expect(chartOpds([calm, late, overdue, idle]).map((o) => o.code)).toEqual(['LEWAT', 'TELAT', 'TENANG']);
  });

  it("the subtitle's shares are /rekap's: out of what can be judged already, not out of every assignment (issue #15)", () => {
    // 20 received: 1 done on time, 1 done late, 2 open past due, 16 still before their due date;
    // 6 acknowledged on time, 2 late, 2 silent past the deadline, 10 still before it.
    const o = opd(1, { received: 20, ackOnTime: 6, ackLate: 2, ackNone: 2, ackPending: 10, doneOnTime: 1, doneLate: 1, overdueNow: 2 });
    const r = recap([o]);
    const [line] = recapChartModel(r).subtitle;
    // It read "konfirmasi tepat waktu 30% · selesai tepat waktu 5%" while /rekap said 60% and 25%.
    expect(line).toBe('20 penugasan · konfirmasi tepat waktu 60% · selesai tepat waktu 25% · 2 lewat batas');
    const l = recapLine(messagesFor('id'), r.total);
    expect(l).toContain('konfirmasi tepat waktu 60% (10 masih dalam batas waktu)');
    expect(l).toContain('selesai tepat waktu 25%');
    // Nothing judged yet: no share at all, not 0%.
    const early = recapChartModel(recap([opd(1, { received: 3, ackOnTime: 0, ackLate: 0, ackNone: 0, ackPending: 3, doneOnTime: 0, doneLate: 0, overdueNow: 0 })]));
    expect(early.subtitle[0]).toBe('3 penugasan · konfirmasi tepat waktu - · selesai tepat waktu - · 0 lewat batas');
    // The pending ones are drawn in grey beside the red "Belum", with their own legend.
    expect(early.panels[0]!.legend.map((x) => x.name)).toEqual(['Tepat waktu', 'Terlambat', 'Belum', 'Masih dalam batas waktu']);
  });

  it('niceScale picks round axis ends', () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(niceScale(4)).toEqual({ max: 4, step: 1 });
    expect(niceScale(13)).toEqual({ max: 15, step: 5 });
    expect(niceScale(48)).toEqual({ max: 50, step: 10 });
    expect(niceScale(120)).toEqual({ max: 125, step: 25 });
  });
});
