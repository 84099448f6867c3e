import { existsSync } from 'node:fs';
import { createApp } from './app';
import { type Config, ConfigError, parseConfig } from './infra/config';
import { createLogger, secretsOf } from './infra/logger';

/** Entry point of `npm start`: bot and workers in one process (long polling). */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const role = parseRole(process.argv.slice(2));
  if (!role) {
    console.error('Invalid --role: expected --role all, --role bot or --role worker');
    process.exit(1);
  }
  const secrets = secretsOf(config);
  scrub = (text) => secrets.reduce((t, secret) => t.split(secret).join('[secret]'), text);
  const logger = createLogger(config.logLevel, secrets);
  // A last line of defence: a promise nobody awaited that fails is logged (scrubbed), and
  // the process goes on serving everyone else instead of exiting (Node's default).
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const app = await createApp(config, { logger });
  await app.start({ bot: role !== 'worker', workers: role !== 'bot' });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, 20_000);
    await app.stop();
    clearTimeout(timer);
    process.exit(0);
  };
  // on, not once: a second signal (a supervisor sending it to the whole group) must not kill the shutdown.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** `--role all|bot|worker` (default all): bot processes take updates, workers run the queues. */
function parseRole(argv: string[]): 'all' | 'bot' | 'worker' | null {
  const i = argv.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (i === -1) return 'all';
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return value === 'all' || value === 'bot' || value === 'worker' ? value : null;
}

/** Hides the configuration's secrets in the one line printed when the start fails (a getMe URL carries the token). */
let scrub = (text: string) => text;

main().catch((err) => {
  console.error(scrub(`Arahan could not start: ${err instanceof Error ? err.message : String(err)}`));
  process.exit(1);
});
