import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/**
 * JSON logs (pino). Secrets never appear: the bot token (grammY puts it in request URLs,
 * which end up in error messages), the webhook secret, passwords. Every finished line is
 * scrubbed before it is written, whatever field carried them.
 *
 * Errors are logged without what they drag along: grammY's BotError holds the whole update
 * context (the update's text, the app's dependencies and with them the configuration), and
 * a GrammyError the request payload (the message text sent). Message texts are logged at
 * debug level only, by the code that chooses to.
 */
export function createLogger(level: string, secrets?: string | Array<string | null | undefined>, out: NodeJS.WritableStream = process.stdout): Logger {
  const given = (Array.isArray(secrets) ? secrets : [secrets]).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  // A line is JSON: a secret with a quote, a backslash or a control character in it stands
  // there escaped, and is hidden in that form too.
  const hidden = [...new Set(given.flatMap((s) => [JSON.stringify(s).slice(1, -1), s]))];
  const destination =
    hidden.length > 0
      ? new Writable({
          write(chunk, _encoding, done) {
            let line = String(chunk);
            for (const secret of hidden) line = line.split(secret).join('[secret]');
            out.write(line);
            done();
          },
        })
      : out;
  return pino(
    {
      level,
      redact: { paths: ['token', '*.token', 'config.botToken', 'config', '*.config', 'deps', '*.deps'], censor: '[secret]' },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/** Fields of an error that carry message texts or the app itself, never logged. */
const DROPPED = new Set(['ctx', 'payload', 'update']);

export function serializeError(err: unknown): unknown {
  const s = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!s || typeof s !== 'object') return s;
  for (const key of DROPPED) delete s[key];
  // The error a BotError wraps is what went wrong: keep it, serialized the same way.
  if (err && typeof err === 'object' && 'error' in err && (err as { error?: unknown }).error instanceof Error) s.error = serializeError((err as { error: unknown }).error);
  return s;
}

/** The values that must never reach a log line: the token, the webhook secret, passwords in URLs. */
export function secretsOf(config: {
  botToken: string;
  webhook: { secret: string } | null;
  dashboard: { password: string } | null;
  databaseUrl: string;
  redisUrl: string;
  verifySecret?: string;
}): string[] {
  const passwordsOf = (url: string): string[] => {
    try {
      const raw = new URL(url).password;
      return raw ? [raw, decodeURIComponent(raw)] : [];
    } catch {
      return [];
    }
  };
  return [config.botToken, config.webhook?.secret, config.dashboard?.password, config.verifySecret, ...passwordsOf(config.databaseUrl), ...passwordsOf(config.redisUrl)].filter(
    (s): s is string => !!s,
  );
}
