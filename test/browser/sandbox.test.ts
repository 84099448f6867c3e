import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resvgOptions } from '../../src/features/recap/chart';
import { DEMO_OPDS, GOVERNOR, SECRETARIAT_GROUP } from '../../src/sandbox/seed';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser';
import { removeRedisKeys } from '../support/harness';
import { SANDBOX_TEST_ENV } from '../support/sandbox';

/**
 * `npm run sandbox` in a real browser (issue #17): the governor issues an instruction from the
 * chat page, one head acknowledges in the group, the clock jumps to a reminder and then to the
 * escalation, another head reports with a photo, the first replies ("↩ Balas") to the bot with a
 * document as the report; each chat shows what Telegram would.
 */
const DINKES = DEMO_OPDS.find((o) => o.code === 'DINKES')!;
const BPBD = DEMO_OPDS.find((o) => o.code === 'BPBD')!;
const HEAD_DINKES = 3001; // Budi Santoso
const HEAD_BPBD = 3008; // Dewi Lestari
const SEKRETARIAT = 2002; // Sari Sekretariat
/** The photo the head attaches: a drawn "posko" (rendered here, so the README's screenshot shows a picture). */
const PHOTO = new Resvg(
  `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300">
    <rect width="480" height="300" fill="#9fd3f0"/><rect y="210" width="480" height="90" fill="#6aa84f"/>
    <polygon points="120,210 240,90 360,210" fill="#e8743b"/><rect x="215" y="160" width="50" height="50" fill="#5b3a1a"/>
    <text x="240" y="265" font-size="28" text-anchor="middle" fill="#ffffff">POSKO SIAGA BANJIR</text>
  </svg>`,
  resvgOptions(),
)
  .render()
  .asPng();

describe('the sandbox chat page', () => {
  let dir: string;
  let prefix: string;
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arahan-sandbox-browser-'));
    prefix = `arahan-sandbox-test-${randomBytes(6).toString('hex')}`;
    sandbox = await startSandbox({
      dir,
      port: 0,
      redisPrefix: prefix,
      env: SANDBOX_TEST_ENV,
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(sandbox.url);
    await page.locator('body[data-ready="true"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await removeRedisKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  async function beAndOpen(personId: number, chatId: number): Promise<void> {
    await page.getByLabel('Saya adalah …').selectOption(String(personId));
    await page.locator(`#chats button[data-chat="${chatId}"]`).click();
    await expect.poll(() => page.locator('#chat-title').textContent()).not.toBe('Pilih obrolan');
  }

  /**
   * The newest message whose own text matches (not the quote of the message it answers), case
   * sensitive: "ARAHAN ARH-…" is the instruction, "arahan ARH-…" a reminder about it.
   */
  const message = (text: string | RegExp): Locator => {
    const pattern = typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text;
    return page
      .locator('#messages .msg')
      .filter({ has: page.locator('.text', { hasText: pattern }) })
      .last();
  };

  async function send(text: string): Promise<void> {
    await page.getByLabel('Tulis pesan').fill(text);
    await page.getByRole('button', { name: 'Kirim pesan' }).click();
  }

  it('says it is a simulation and offers everyone of the demo province', async () => {
    expect(await page.getByRole('note').textContent()).toBe('Simulasi — tidak ada pesan yang dikirim ke Telegram');
    const options = await page.locator('#who option').count();
    expect(options).toBe(24);
  });

  let number = '';
  it('the governor issues an instruction to two OPDs with the letter form and presses Kirim', async () => {
    await beAndOpen(GOVERNOR.id, GOVERNOR.id);
    await send(`/arahan\nKepada: ${DINKES.code}, ${BPBD.code}\nKonfirmasi: 30 menit\nSelesai: 3 hari\nSifat: segera\n\nMohon siapkan posko siaga banjir dan laporkan kesiapannya.`);
    const preview = message('Pratinjau arahan');
    await preview.getByRole('button', { name: 'Kirim', exact: true }).click();
    const sending = message(/sedang dikirim ke 2 grup OPD/);
    await sending.waitFor();
    number = /ARH-\d{4}-\d{4}/.exec((await sending.textContent()) ?? '')![0];
    // The summary is edited in place as the groups receive it.
    await message(`📊 ${number}`).waitFor();
  });

  it('the head of DINKES sees it in the group and presses ✅; the message changes in place', async () => {
    await beAndOpen(HEAD_DINKES, DINKES.group.id);
    const instruction = message(`ARAHAN ${number}`);
    await instruction.getByRole('button', { name: '✅ Siap, diterima' }).click();
    await expect.poll(() => page.locator('#toast').textContent()).toContain('Terima kasih');
    await message(/Diterima oleh Budi Santoso/).waitFor();
    expect(
      await page
        .locator('#messages .msg')
        .filter({ has: page.locator('.text', { hasText: `ARAHAN ${number}` }) })
        .count(),
    ).toBe(1);
  });

  it('the clock jumps to the next timer: BPBD is reminded, then the secretariat gets the escalation', async () => {
    await beAndOpen(HEAD_BPBD, BPBD.group.id);
    await message(`ARAHAN ${number}`).waitFor();
    // The page names the next timer once the delivery has planned it (a moment after the group got the message).
    const next = page.locator('#next', { hasText: 'Pengingat berikutnya' });
    await next.waitFor();
    const reminderAt = await next.textContent();
    await page.getByRole('button', { name: '⏩ ke pengingat berikutnya' }).click();
    await message(`Pengingat: arahan ${number} untuk BPBD — Badan Penanggulangan Bencana Daerah belum dikonfirmasi`).waitFor();
    // The reminder can show before the jump that sent it has finished and the chain has planned
    // its next step; a second jump asked for in that moment found nothing new to go to (the
    // clock stayed at the reminder: CI, 2026-12-04 and 2026-12-05). The page names the next
    // timer once it is planned.
    await expect.poll(() => next.textContent(), { timeout: 15_000 }).not.toBe(reminderAt);

    await beAndOpen(SEKRETARIAT, SECRETARIAT_GROUP.id);
    await page.getByRole('button', { name: '⏩ ke pengingat berikutnya' }).click();
    await message(`Eskalasi: BPBD — Badan Penanggulangan Bencana Daerah belum mengonfirmasi arahan ${number}`)
      .waitFor()
      .catch(async (err: Error) => {
        // Once seen in CI and not since (2026-12-04): say what the timers held, to find out why.
        throw new Error(`${err.message}\n${await timersNow()}`);
      });
  });

  async function timersNow(): Promise<string> {
    const lines = [`sandbox clock ${new Date(sandbox.clock.now()).toISOString()}; page: ${await page.locator('#next').textContent()}`];
    for (const job of await sandbox.app.deps.queues.timers.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed'], 0, 50))
      lines.push(`${job.id} ${await job.getState()} ${job.failedReason ?? ''} ${JSON.stringify(job.returnvalue ?? null)}`);
    lines.push(JSON.stringify(await sandbox.app.deps.db.selectFrom('assignments').selectAll().execute()));
    return lines.join('\n');
  }

  it('the head of BPBD reports with a photo from the group button; the governor receives it', async () => {
    await beAndOpen(HEAD_BPBD, BPBD.group.id);
    // 📝 answers with a t.me link to the bot: the page opens the private chat and sends /start, as Telegram does.
    await message(`ARAHAN ${number}`).getByRole('button', { name: '📝 Kirim laporan' }).click();
    await message(`Laporan tindak lanjut ${number}`).waitFor();
    await page.locator('#file').setInputFiles({ name: 'posko.png', mimeType: 'image/png', buffer: PHOTO });
    await send('Posko siaga banjir sudah berdiri di halaman kantor.');
    await message(`Diterima untuk laporan ${number}`).getByRole('button', { name: 'Kirim sebagai progres' }).click();
    await message(`Laporan progres untuk arahan ${number} telah dicatat`).waitFor();
    // The head's own photo is shown from the bytes uploaded.
    expect(await page.locator('#messages .msg.mine img').count()).toBe(1);

    await beAndOpen(GOVERNOR.id, GOVERNOR.id);
    await message(/Laporan progres — arahan/).waitFor();
    await message(`Lampiran 1/1 — ${number} BPBD`).locator('img').waitFor();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'sandbox-governor.png') });
  });

  it('the head of DINKES replies to the bot with a document as the report; the bot accepts it', async () => {
    await beAndOpen(HEAD_DINKES, DINKES.group.id);
    await message(`ARAHAN ${number}`).getByRole('button', { name: '📝 Kirim laporan' }).click();
    const prompt = message(`Laporan tindak lanjut ${number}`);
    await prompt.waitFor();
    // "↩ Balas" on the bot's prompt: the composer says what is answered.
    await prompt.getByRole('button', { name: 'Balas pesan ini' }).click();
    await page.locator('#replying-text', { hasText: `Laporan tindak lanjut ${number}` }).waitFor();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    await page.locator('#file').setInputFiles({ name: 'data-puskesmas.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.locator('#file-name', { hasText: 'data-puskesmas.pdf' }).waitFor();
    await send('Data kesiapan puskesmas terlampir.');
    await message(`Diterima untuk laporan ${number}`).getByRole('button', { name: 'Kirim sebagai progres' }).click();
    await message(`Laporan progres untuk arahan ${number} telah dicatat`).waitFor();
    // The head's own message: the document as a link to its bytes, under the quote of the prompt.
    const mine = page.locator('#messages .msg.mine').filter({ has: page.locator('.media a', { hasText: '📄 data-puskesmas.pdf' }) });
    await mine.waitFor();
    expect(await mine.locator('.quote').textContent()).toContain(`Laporan tindak lanjut ${number}`);
    expect(await mine.locator('.text').textContent()).toBe('Data kesiapan puskesmas terlampir.');
    expect(await page.locator('#replying').isVisible()).toBe(false);
    // What Telegram would have delivered to the bot: a document, in reply to the prompt.
    const sent = sandbox.sim
      .history(HEAD_DINKES)
      .map((shown) => shown.message)
      .find((m) => m.document?.file_name === 'data-puskesmas.pdf');
    expect(sent?.from?.id).toBe(HEAD_DINKES);
    expect(sent?.reply_to_message?.from?.is_bot).toBe(true);
    expect(sent?.reply_to_message?.text).toContain(`Laporan tindak lanjut ${number}`);
    expect(sent?.caption).toBe('Data kesiapan puskesmas terlampir.');
    const href = await mine.locator('.media a').getAttribute('href');
    expect(Buffer.from(await (await fetch(`${sandbox.url}${href}`)).arrayBuffer()).equals(pdf)).toBe(true);

    // The governor receives the document as the report's attachment.
    await beAndOpen(GOVERNOR.id, GOVERNOR.id);
    await message(`Lampiran 1/1 — ${number} ${DINKES.code}`).locator('.media a', { hasText: '📄' }).waitFor();
  });

  it('each group shows its own story', async () => {
    await beAndOpen(HEAD_DINKES, DINKES.group.id);
    await message(/Diterima oleh Budi Santoso/).waitFor();
    expect(await page.locator('#messages .msg .text', { hasText: 'Pengingat' }).count()).toBe(0);
    await beAndOpen(HEAD_BPBD, BPBD.group.id);
    await message(`Pengingat: arahan ${number}`).waitFor();
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'sandbox-group.png') });
  });

  it("the governor's private chat has the dashboard as its menu button, opened with signed launch data", async () => {
    await beAndOpen(GOVERNOR.id, GOVERNOR.id);
    const menu = page.locator('#menu-button');
    await menu.waitFor();
    const [popup] = await Promise.all([page.waitForEvent('popup'), menu.click()]);
    const opened = new URL(popup.url());
    await popup.close();
    expect(`${opened.origin}${opened.pathname}`).toBe(`${sandbox.url}/dasbor`);
    const launch = new URLSearchParams(opened.hash.slice(1));
    expect(launch.get('tgWebAppPlatform')).toBe('web');
    expect(JSON.parse(new URLSearchParams(launch.get('tgWebAppData')!).get('user')!).id).toBe(GOVERNOR.id);
  });

  it('at phone width shows the chat list or one chat, with a way back', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(sandbox.url);
      await phone.locator('body[data-ready="true"]').waitFor();
      await phone.getByLabel('Saya adalah …').selectOption(String(HEAD_BPBD));
      await phone.locator(`#chats button[data-chat="${BPBD.group.id}"]`).click();
      await phone
        .locator('#messages .msg .text', { hasText: /Pengingat: arahan/ })
        .first()
        .waitFor();
      expect(await phone.locator('#chats').isVisible()).toBe(false);
      await phone.getByRole('button', { name: 'Kembali ke daftar obrolan' }).click();
      await phone.locator('#chats').waitFor();
      expect(await phone.locator('#messages').isVisible()).toBe(false);
    } finally {
      await phone.close();
    }
  });
});
