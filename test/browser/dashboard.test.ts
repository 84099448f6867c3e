import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
// (Expressions run in the page are passed as strings: the test files are compiled without the DOM's types.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser';
import { DARK_THEME, initDataFor, LIGHT_THEME, makeOverdue, miniAppHash, parseRekap } from '../support/dashboard';
import { callText, GOVERNOR, issueTo, press, SECRETARIAT, say, startWithOrg, type Harness, type OrgMember, waitForValue } from '../support/harness';

/**
 * The leaders' dashboard in a real browser (Debian's chromium through playwright-core), opened
 * as Telegram opens a Mini App: <page>#tgWebAppData=…&tgWebAppThemeParams=…. Its figures are
 * checked against /rekap's answer on the same data, at a phone's size, in both themes, by
 * keyboard; it writes the README's two screenshots.
 */
const HOUR = 3_600_000;
const PHONE = { width: 390, height: 844 };

describe('the dashboard page', () => {
  let h: Harness;
  let org: OrgMember[];
  let browser: Browser;
  let base: string;

  async function open(user: { id: number; first_name: string }, theme: Record<string, string>): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(`${base}/dasbor${miniAppHash(initDataFor(h.config.botToken, user), theme)}`);
    await page.waitForSelector('body[data-ready]');
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    return page;
  }

  beforeAll(async () => {
    ({ h, org } = await startWithOrg({}, 4, 860));
    base = `http://127.0.0.1:${h.app.httpPort()}`;
    // Three instructions: one acknowledged by two OPDs, one to every OPD whose deadlines have
    // both passed (one OPD acknowledged it in time), one urgent to two OPDs still in time.
    const first = await issueTo(h, org.slice(0, 3), { ackInMs: HOUR, dueInMs: 3 * HOUR, text: 'Mohon laporkan kesiapan posko banjir di setiap kecamatan.' });
    const late = await issueTo(h, org, { ackInMs: HOUR, dueInMs: 2 * HOUR, priority: 'penting', text: 'Mohon kirim data stok obat dan vaksin per puskesmas.' });
    await issueTo(h, org.slice(2), { ackInMs: HOUR, dueInMs: 4 * HOUR, priority: 'segera', text: 'Mohon siagakan petugas untuk kunjungan kerja gubernur.' });
    for (const [i, code] of [
      [first, 'OPD1'],
      [first, 'OPD2'],
      [late, 'OPD3'],
    ] as const) {
      const m = org.find((o) => o.code === code)!;
      await press(h.tg, m.head, m.group.id, i.message[code]!, `ack:${i.assignment[code]}`);
      await waitForValue(
        () => h.app.deps.db.selectFrom('assignments').select('acked_at').where('id', '=', i.assignment[code]!).executeTakeFirst(),
        (r) => r?.acked_at !== null,
        `${code} acknowledged`,
      );
    }
    await makeOverdue(h, late.instructionId);
    browser = await launchBrowser();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("opens as the secretariat at 390×844 in the light theme, with /rekap's figures and its matrix", async () => {
    const page = await open(SECRETARIAT, LIGHT_THEME);
    const rekap = parseRekap(callText(await say(h.tg, SECRETARIAT, '/rekap', 'Rekap arahan')));
    // The scorecards: the same OPDs in the same order, the same figures, as /rekap.
    const scores = await page.$$eval('#scores tbody tr', (rows) =>
      rows.map((r) => ({ opd: r.getAttribute('data-opd'), ...Object.fromEntries([...r.querySelectorAll('td')].map((td) => [td.dataset.k, td.textContent])) })),
    );
    expect(scores.map((s) => s.opd)).toEqual(rekap.map(([code]) => code));
    for (const s of scores) {
      const r = rekap.find(([code]) => code === s.opd)![1]!;
      expect({ received: s.received, ack: s.ackOnTime, pending: s.ackPending, median: s.medianAck, done: s.doneOnTime, overdue: s.overdueNow }, s.opd!).toEqual({
        received: String(r.received),
        ack: r.ack,
        pending: String(r.ackPending),
        median: r.median,
        done: r.done,
        overdue: String(r.overdue),
      });
    }
    // The matrix: each OPD's cells late on the follow-up clock are /rekap's "saat ini terlambat",
    // and it has a cell for each instruction it received.
    const matrix = await page.$$eval('#matrix tbody tr', (rows) =>
      rows.map((r) => ({ opd: r.getAttribute('data-opd')!, states: [...r.querySelectorAll('td')].map((td) => td.dataset.state!) })),
    );
    expect(matrix.map((r) => r.opd).sort()).toEqual(['OPD1', 'OPD2', 'OPD3', 'OPD4']);
    for (const row of matrix) {
      const r = rekap.find(([code]) => code === row.opd)![1]!;
      expect(row.states.filter((s) => s === 'late_due').length, row.opd).toBe(r.overdue);
      expect(row.states.filter((s) => s !== 'none').length, row.opd).toBe(r.received);
    }
    expect(matrix.find((r) => r.opd === 'OPD1')!.states).toEqual(['none', 'late_due', 'acknowledged']);
    expect(matrix.find((r) => r.opd === 'OPD4')!.states).toEqual(['delivered', 'late_due', 'none']);
    // Every cell is spoken as words, not only a colour.
    expect(await page.locator('#matrix td.s-late_due .visually-hidden').first().textContent()).toBe('Terlambat tindak lanjut');
    // A phone: nothing wider than the screen but the two tables' own scroll regions.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-light.png'), fullPage: true });
    // A reload keeps the session (sessionStorage), though the initData itself cannot be used twice.
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    await page.context().close();
  });

  it('is usable by keyboard: the filters, a filter applied, and an instruction’s history', async () => {
    const page = await open(GOVERNOR, LIGHT_THEME);
    const reached = new Set<string>();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate<string>("document.activeElement?.id ?? ''"));
    }
    expect([...reached]).toEqual(expect.arrayContaining(['skip', 'f-period', 'f-cluster', 'f-priority']));
    // Each filter has a visible label.
    for (const id of ['f-period', 'f-cluster', 'f-priority']) expect(await page.locator(`label[for="${id}"]`).textContent()).not.toBe('');
    await page.focus('#f-priority');
    await page.selectOption('#f-priority', 'segera');
    // (Not waitForFunction: the page's Content-Security-Policy forbids the eval it needs.)
    await expect.poll(() => page.locator('#matrix thead button').count()).toBe(1);
    // The column's button, by keyboard: the history opens and takes the focus; Escape gives it back.
    await page.focus('#matrix thead button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#timeline:not([hidden])');
    expect(await page.evaluate<string>("document.activeElement?.id ?? ''")).toBe('timeline');
    expect(await page.locator('#timeline-events li').first().textContent()).toContain('Arahan dikirim');
    await page.keyboard.press('Escape');
    expect(await page.locator('#timeline').isHidden()).toBe(true);
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('data-instruction') ?? null")).not.toBeNull();
    await page.context().close();
  });

  it("follows Telegram's dark theme and the person's language", async () => {
    await h.app.deps.db.updateTable('people').set({ lang: 'en' }).where('telegram_id', '=', GOVERNOR.id).execute();
    const english = await open(GOVERNOR, DARK_THEME);
    expect(await english.locator('h1').textContent()).toBe('Arahan dashboard');
    expect(await english.getAttribute('html', 'lang')).toBe('en');
    await english.context().close();
    await h.app.deps.db.updateTable('people').set({ lang: 'id' }).where('telegram_id', '=', GOVERNOR.id).execute();

    const page = await open(SECRETARIAT, DARK_THEME);
    expect(await page.locator('h1').textContent()).toBe('Dasbor Arahan');
    expect(await page.evaluate<boolean>("document.documentElement.classList.contains('dark')")).toBe(true);
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(23, 33, 43)');
    expect(await page.evaluate<string>('getComputedStyle(document.body).color')).toBe('rgb(245, 245, 245)');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-dark.png'), fullPage: true });
    // The launch data has left the address bar; a reload keeps the session and the theme.
    expect(page.url()).not.toContain('tgWebAppData');
    await page.reload();
    await page.waitForSelector('body[data-ready]');
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(23, 33, 43)');
    await page.context().close();
  });

  it('shows why, and no data, when opened outside Telegram', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}/dasbor`);
    await page.waitForSelector('body[data-ready]');
    expect(await page.getAttribute('body', 'data-ready')).toBe('error');
    expect(await page.locator('#error').textContent()).toContain('hanya dapat dibuka dari Telegram');
    expect(await page.locator('#scores tbody tr').count()).toBe(0);
    await context.close();
  });
});
