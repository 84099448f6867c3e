import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/infra/config';
import { createLogger, secretsOf } from '../../src/infra/logger';
import { verdict } from '../support/log-scan-global';
import { LogScanner, type LogScanReport, secretsOfConfig, textNeedles } from '../support/log-scan';

/**
 * The log scan must catch what it is there to catch, or the suite's clean verdict means
 * nothing: planted secrets and message texts are found, debug lines and short commands are
 * not flagged, and a run whose loggers bypass the scan fails.
 */
const TOKEN = '7000000001:AAPlantedTokenForTheLogScanTest_xx';
const WEBHOOK = 'rahasia_webhook_tanam_2026';
const PASSWORD = 'sandi"dasbor\\tanam-2026';
const TEXT = 'Mohon siapkan posko "siaga" banjir\ndi kecamatan Sukamaju';

function planted(): { scan: LogScanner; config: ReturnType<typeof parseConfig> } {
  const config = parseConfig({
    BOT_TOKEN: TOKEN,
    BOT_MODE: 'webhook',
    WEBHOOK_URL: 'https://arahan.example.go.id/telegram',
    WEBHOOK_SECRET: WEBHOOK,
    DASHBOARD_PASSWORD: PASSWORD,
    DATABASE_URL: 'postgres://arahan:sandi-basis-data-2026@127.0.0.1:5432/arahan',
    REDIS_URL: 'redis://:sandi-redis-2026@127.0.0.1:6379',
  });
  const scan = new LogScanner();
  scan.addSecrets(secretsOfConfig(config));
  scan.addText(TEXT);
  return { scan, config };
}

describe('the log scan', () => {
  it('finds every planted secret and a message text in lines above debug', () => {
    const { scan } = planted();
    // A logger that scrubs nothing: what a leak looks like.
    const raw = pino({ level: 'debug' }, scan.destination('raw', Number.POSITIVE_INFINITY));
    raw.info({ url: `https://api.telegram.org/bot${TOKEN}/getMe` }, 'request');
    raw.warn({ header: WEBHOOK }, 'webhook');
    raw.error({ password: PASSWORD }, 'dashboard');
    raw.info('connecting to postgres://arahan:sandi-basis-data-2026@127.0.0.1:5432/arahan and redis://:sandi-redis-2026@127.0.0.1:6379');
    raw.info({ text: TEXT }, 'message');
    raw.info(`reply cut short: ${TEXT.slice(0, 40)}`);
    const what = scan.check().map((h) => h.what);
    expect(what).toEqual(
      expect.arrayContaining(['BOT_TOKEN', 'WEBHOOK_SECRET', 'DASHBOARD_PASSWORD', 'DATABASE_URL password', 'REDIS_URL password', expect.stringContaining('message text')]),
    );
    // The whole text (JSON-escaped in its line), its lines, and the start of the cut one.
    expect(what.filter((w) => w.startsWith('message text')).length).toBeGreaterThanOrEqual(3);
    expect(scan.stats.scanned).toBe(6);
  });

  it('lets message texts through at debug level, and does not look for short texts or bare commands', () => {
    const { scan } = planted();
    const raw = pino({ level: 'debug' }, scan.destination('raw', Number.POSITIVE_INFINITY));
    raw.debug({ text: TEXT }, 'message');
    scan.addText('/status');
    scan.addText('/daftar OPD1');
    scan.addText('/tutup ARH-2026-0042');
    scan.addText('Ya');
    raw.info({ command: '/status', opd: 'OPD1', answer: 'Ya', number: 'ARH-2026-0042' }, 'handled');
    expect(scan.check()).toEqual([]);
    expect(scan.stats).toMatchObject({ lines: 2, scanned: 1 });
    expect(textNeedles('/cari posko siaga banjir')).toEqual(['posko siaga banjir']);
  });

  it('checks what production writes: the logger hides the secrets (also as JSON escapes them), not message texts', () => {
    const { scan, config } = planted();
    const logger = createLogger('info', secretsOf(config), scan.destination('app', Number.POSITIVE_INFINITY));
    logger.warn({ err: new Error(`Network request for 'https://api.telegram.org/bot${TOKEN}/getMe' failed`) }, 'request failed');
    logger.info({ dashboard: config.dashboard }, 'dashboard on');
    expect(scan.check()).toEqual([]);
    logger.info({ text: TEXT }, 'a careless line');
    expect(scan.check().map((h) => h.what)).toEqual(expect.arrayContaining([expect.stringContaining('message text')]));
  });

  it("scans a child process's output across chunk boundaries", async () => {
    const { scan } = planted();
    const out = new PassThrough();
    scan.watchStream('worker process', out);
    const line = JSON.stringify({ level: 50, msg: `failed: ${TOKEN}` });
    out.write(`${JSON.stringify({ level: 30, msg: 'Arahan is running' })}\n${line.slice(0, 20)}`);
    out.write(`${line.slice(20)}\n`);
    out.end();
    await scan.settled(1_000);
    expect(scan.stats).toMatchObject({ children: 1, childLines: 2, scanned: 2 });
    expect(scan.check().map((h) => h.what)).toEqual(['BOT_TOKEN', 'BOT_TOKEN (its secret part)']);
  });
});

describe("the run's verdict", () => {
  const report = (r: Partial<LogScanReport>): LogScanReport => ({ file: 'x.test.ts', lines: 0, scanned: 0, harnesses: 0, children: 0, childLines: 0, hits: [], ...r });

  it('passes a clean run', () => {
    expect(verdict([report({ harnesses: 2, lines: 40, scanned: 30 }), report({})])).toEqual([]);
  });

  it('fails on a hit, on an app whose lines were not scanned, on silent children, and when no file reported', () => {
    expect(verdict([report({ hits: [{ source: 'app', what: 'BOT_TOKEN', line: '{}' }], harnesses: 1, scanned: 3 })])).toHaveLength(1);
    expect(verdict([report({ harnesses: 1, scanned: 0 })]).join()).toContain('no log line above debug was scanned');
    expect(verdict([report({ harnesses: 1, scanned: 5, children: 2, childLines: 0 })]).join()).toContain('child process');
    expect(verdict([])).toHaveLength(1);
  });
});
