import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/infra/logger';

/** The bot token must never reach the logs, whatever carries it (error messages hold request URLs). */
describe('logger', () => {
  const TOKEN = '123456789:AAE-rahasia_token_bot';

  function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', TOKEN, stream);
    return { lines, logger };
  }

  it('scrubs the token from messages, fields and errors', () => {
    const { lines, logger } = capture();
    logger.info(`calling https://api.telegram.org/bot${TOKEN}/sendMessage`);
    logger.warn({ err: new Error(`Network request for 'https://api.telegram.org/bot${TOKEN}/getMe' failed`) }, 'request failed');
    logger.info({ config: { botToken: TOKEN } }, 'config');
    const all = lines.join('\n');
    expect(lines.length).toBe(3);
    expect(all).not.toContain(TOKEN);
    expect(all).toContain('[secret]');
  });

  it('writes JSON lines', () => {
    const { lines, logger } = capture();
    logger.child({ update_id: 7 }).info('handled');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, update_id: 7, msg: 'handled' });
  });
});
