import pino, { type Logger } from 'pino';

/** JSON logs; the bot token never appears (grammY puts it in request URLs). */
export function createLogger(level: string, token?: string): Logger {
  return pino({
    level,
    redact: { paths: ['token', '*.token', 'config.botToken'], censor: '[secret]' },
    hooks: token
      ? {
          logMethod(args, method) {
            const scrub = (v: unknown) => (typeof v === 'string' ? v.split(token).join('[secret]') : v);
            method.apply(this, args.map(scrub) as Parameters<typeof method>);
          },
        }
      : undefined,
    serializers: { err: pino.stdSerializers.err },
  });
}
