import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/**
 * JSON logs (pino). The bot token never appears: grammY puts it in request URLs, which end
 * up in error messages, so every finished line is scrubbed before it is written, whatever
 * field carried it. Message texts are logged at debug level only.
 */
export function createLogger(level: string, token?: string, out: NodeJS.WritableStream = process.stdout): Logger {
  const destination = token
    ? new Writable({
        write(chunk, _encoding, done) {
          out.write(String(chunk).split(token).join('[secret]'));
          done();
        },
      })
    : out;
  return pino(
    {
      level,
      redact: { paths: ['token', '*.token', 'config.botToken'], censor: '[secret]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
