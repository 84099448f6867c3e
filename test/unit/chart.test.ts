import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { OpdRecap, Recap } from '../../src/domain/recap-types';
import {
  chartHeight,
  chartOpds,
  DEFAULT_MAX_OPDS,
  EMPTY_HEIGHT,
  niceScale,
  pngSize,
  recapChartOption,
  renderRecapChart,
  renderRecapSvg,
} from '../../src/services/chart';

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
    medianAckMs: 45 * 60_000,
    doneOnTime: 1,
    doneLate,
    overdueNow,
    reminders: i,
    ...over,
  };
}

function recap(opds: OpdRecap[]): Recap {
  const sum = (k: 'received' | 'ackOnTime' | 'ackLate' | 'ackNone' | 'doneOnTime' | 'doneLate' | 'overdueNow' | 'reminders') =>
    opds.reduce((s, o) => s + o[k], 0);
  return {
    period: { from: Date.UTC(2026, 9, 31, 17), to: Date.UTC(2026, 10, 30, 17), label: '1–30 November 2026' },
    total: {
      opdId: 0, code: 'TOTAL', name: 'Seluruh OPD', cluster: null,
      received: sum('received'), ackOnTime: sum('ackOnTime'), ackLate: sum('ackLate'), ackNone: sum('ackNone'), medianAckMs: null,
      doneOnTime: sum('doneOnTime'), doneLate: sum('doneLate'), overdueNow: sum('overdueNow'), reminders: sum('reminders'),
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
    const { shown, option } = recapChartOption(r);
    expect(shown).toHaveLength(DEFAULT_MAX_OPDS);
    expect(shown[0]!.code).toBe('PARAH');
    const titles = option.title as { text: string; subtext?: string }[];
    expect(titles[0]!.text).toBe('Rekap Arahan — 1–30 November 2026');
    expect(titles[0]!.subtext).toContain('40 dari 56 OPD');

    expect(pngSize(await renderRecapChart(r))).toEqual({ width: 1080, height: chartHeight(40) });
    expect(pngSize(await renderRecapChart(r, { maxOpds: 5 })).height).toBe(chartHeight(5));
  });

  it('labels both panels and the legend in Indonesian', async () => {
    const { svg } = await renderRecapSvg(recap(many(4)));
    for (const text of ['Rekap Arahan', 'Konfirmasi penerimaan', 'Tindak lanjut', 'Tepat waktu', 'Terlambat', 'Belum', 'Selesai tepat waktu', 'Selesai terlambat', 'Lewat batas', 'OPD01']) {
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

  it('draws the text (a font is available to resvg)', async () => {
    // The empty state has nothing but text: the band of the message must hold dark pixels.
    const { svg } = await renderRecapSvg(recap([]));
    const img = new Resvg(svg, { background: '#ffffff', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render();
    const pixels = img.pixels; // a getter that copies the whole RGBA buffer: read it once
    let inked = 0;
    for (let y = 225; y < 265; y++) {
      for (let x = 0; x < img.width; x++) {
        const p = (y * img.width + x) * 4;
        if (pixels[p]! < 160) inked++;
      }
    }
    expect(inked).toBeGreaterThan(500);
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

  it('niceScale picks round axis ends', () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(niceScale(4)).toEqual({ max: 4, step: 1 });
    expect(niceScale(13)).toEqual({ max: 15, step: 5 });
    expect(niceScale(48)).toEqual({ max: 50, step: 10 });
    expect(niceScale(120)).toEqual({ max: 125, step: 25 });
  });
});
