import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { newBot } from '../../src/bot';
import { reachTelegram } from '../../src/infra/telegram/connect';
import { botApiAgent } from '../../src/infra/telegram/http';

/** reachTelegram (src/infra/telegram/connect.ts): each failed getMe is named, then tried again. */
describe('reaching Telegram at start', () => {
  /** Runs reachTelegram against `apiRoot` until it has warned `n` times; returns the warnings. */
  async function warnings(apiRoot: string, n: number, timeoutMs = 10_000): Promise<Array<{ reason: string; msg: string }>> {
    const seen: Array<{ reason: string; msg: string }> = [];
    let done: () => void;
    const enough = new Promise<void>((r) => {
      done = r;
    });
    const write = (line: string) => {
      seen.push(JSON.parse(line));
      if (seen.length >= n) done();
    };
    const logger = pino({ level: 'warn' }, { write });
    // The product's client (src/infra/telegram/http.ts): its errors are the ones to name.
    const api = newBot('123456:TEST', apiRoot, botApiAgent()).api;
    const stop = new AbortController();
    void reachTelegram(api, apiRoot, logger, { timeoutMs, firstRetryMs: 50, maxRetryMs: 50, signal: stop.signal }).catch(() => undefined);
    await enough;
    stop.abort();
    return seen;
  }

  it('a name that does not resolve: dns', async () => {
    const [w] = await warnings('http://arahan-no-such-host.invalid', 1);
    expect(w!.reason).toBe('dns');
    expect(w!.msg).toContain('arahan-no-such-host.invalid could not be resolved');
  });

  it('a server that never answers: timeout, after the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    try {
      const [w] = await warnings(`http://127.0.0.1:${port}`, 1, 300);
      expect(w!.reason).toBe('timeout');
      expect(w!.msg).toContain(`127.0.0.1:${port} did not answer within 0.3 s`);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
