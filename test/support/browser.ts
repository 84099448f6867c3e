import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium driven by playwright-core: no browser is downloaded at install time
 * (.ci/run installs the `chromium` package with apt when it is missing). The flags keep
 * Chromium from reaching out: this machine's network is closed and, without them, it opens
 * many refused connections at every start (the machine notes, /work/.library/env).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Where the browser tests write their screenshots (two of them are shown in the README). */
export const SCREENSHOT_DIR = new URL('../../docs/screenshots/', import.meta.url).pathname;
