import { describe, expect, it } from 'vitest';
import { en } from '../../locales/en';
import { id } from '../../locales/id';
import type { OpdRecap, Recap } from '../../src/domain/recap-types';
import { recapChartModel, renderRecapSvg } from '../../src/features/recap/chart';

/**
 * Issue #15: the recap picture (/grafik and the weekly digest) speaks the reader's language.
 * What resvg is given (the SVG) holds the English words for an English reader and none of the
 * Indonesian ones, with the same figures; the Indonesian picture is as before.
 */
const TZ = 'Asia/Jakarta';

function opd(i: number, over: Partial<OpdRecap> = {}): OpdRecap {
  return {
    opdId: i,
    code: `OPD${i}`,
    name: `Dinas Nomor ${i}`,
    cluster: null,
    received: 6 + i,
    ackOnTime: 3,
    ackLate: 1 + i,
    ackNone: 1,
    ackPending: 1,
    medianAckMs: 45 * 60_000,
    doneOnTime: 2,
    doneLate: 1,
    overdueNow: i,
    reminders: i,
    ...over,
  };
}

/** Three OPDs with assignments, one without (so every subtitle part is drawn), November 2026 in WIB. */
function recap(
  opds: OpdRecap[] = [opd(1), opd(2), opd(3), opd(4, { received: 0, ackOnTime: 0, ackLate: 0, ackNone: 0, ackPending: 0, doneOnTime: 0, doneLate: 0, overdueNow: 0 })],
): Recap {
  const total = opd(0, { code: 'TOTAL', name: 'Seluruh OPD' });
  for (const k of ['received', 'ackOnTime', 'ackLate', 'ackNone', 'ackPending', 'doneOnTime', 'doneLate', 'overdueNow', 'reminders'] as const) {
    total[k] = opds.reduce((s, o) => s + o[k], 0);
  }
  return { period: { from: Date.UTC(2026, 9, 31, 17), to: Date.UTC(2026, 10, 30, 17), label: '1–30 November 2026' }, total, opds };
}

/** The texts drawn, in order (what the reader sees). */
const texts = (svg: string) => [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!);
/** The bars: one path per colour. */
const bars = (svg: string) => [...svg.matchAll(/<path d="[^"]*" fill="[^"]*"[^>]*\/>/g)].map((m) => m[0]);

/** Every Indonesian word the picture used to carry. */
const INDONESIAN =
  /Rekap Arahan|penugasan|konfirmasi|Konfirmasi|Tindak lanjut|Tepat waktu|tepat waktu|Terlambat|terlambat|Belum|Masih dalam batas|Selesai|Lewat batas|lewat batas|Dalam proses|terburuk|tanpa arahan|ditampilkan|jumlah| dari /;

describe('the recap chart in the reader’s language (issue #15)', () => {
  it('draws English words, and no Indonesian ones, for an English reader', async () => {
    const { svg } = await renderRecapSvg(recap(), { t: en, tz: TZ });
    const drawn = texts(svg);
    expect(drawn).toEqual(
      expect.arrayContaining([
        'Instruction recap — 1–30 November 2026',
        '24 assignments · acknowledged on time 43% · completed on time 40% · 6 overdue',
        '3 OPDs, worst on top; (n) = assignments. 1 OPD without instructions not shown.',
        'Acknowledgement',
        'Follow-up',
        'On time',
        'Late',
        'Not acknowledged',
        'Deadline still ahead',
        'Completed on time',
        'Completed late',
        'Overdue',
        'In progress',
      ]),
    );
    for (const s of drawn) expect(INDONESIAN.exec(s)?.[0], s).toBeUndefined();
  });

  it('keeps the figures: the same bars, numbers and OPD labels in both languages', async () => {
    const r = recap();
    const ind = (await renderRecapSvg(r, { t: id, tz: TZ })).svg;
    const eng = (await renderRecapSvg(r, { t: en, tz: TZ })).svg;
    expect(bars(eng)).toEqual(bars(ind));
    expect(bars(eng).length).toBeGreaterThan(3);
    const figures = (svg: string) => texts(svg).filter((s) => /^[\d,]+$|^OPD\d \(\d+\)$/.test(s));
    expect(figures(eng)).toEqual(figures(ind));
    expect(figures(eng)).toContain('OPD3 (9)');
    expect(recapChartModel(r, { t: en, tz: TZ }).shown).toEqual(recapChartModel(r).shown);
  });

  it('keeps the Indonesian picture as it was, by default and for an Indonesian reader', async () => {
    const r = recap();
    const byDefault = (await renderRecapSvg(r)).svg;
    expect((await renderRecapSvg(r, { t: id, tz: TZ })).svg).toBe(byDefault);
    expect(texts(byDefault)).toEqual(
      expect.arrayContaining([
        'Rekap Arahan — 1–30 November 2026',
        '24 penugasan · konfirmasi tepat waktu 43% · selesai tepat waktu 40% · 6 lewat batas',
        '3 OPD, terburuk di atas; (n) = jumlah penugasan. 1 OPD tanpa arahan tidak ditampilkan.',
        'Konfirmasi penerimaan',
        'Tindak lanjut',
        'Tepat waktu',
        'Terlambat',
        'Belum',
        'Masih dalam batas waktu',
        'Selesai tepat waktu',
        'Selesai terlambat',
        'Lewat batas',
        'Dalam proses',
      ]),
    );
    expect(recapChartModel(recap([opd(1), opd(2), opd(3)]), { maxOpds: 2 }).subtitle[1]).toBe(
      '2 dari 3 OPD yang paling perlu perhatian, terburuk di atas; (n) = jumlah penugasan.',
    );
    expect(texts((await renderRecapSvg(recap([]))).svg)).toContain('Belum ada arahan pada periode ini.');
  });

  it('says in English when there is nothing to draw', async () => {
    const drawn = texts((await renderRecapSvg(recap([]), { t: en, tz: TZ })).svg);
    expect(drawn).toContain('No instructions in this period.');
    for (const s of drawn) expect(INDONESIAN.exec(s)?.[0], s).toBeUndefined();
    expect(recapChartModel(recap([opd(1), opd(2), opd(3)]), { maxOpds: 2, t: en, tz: TZ }).subtitle[1]).toBe(
      'The 2 of 3 OPDs needing most attention, worst on top; (n) = assignments.',
    );
  });
});
