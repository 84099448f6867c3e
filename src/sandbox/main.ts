import { ConfigError } from '../infra/config';
import { DEFAULT_PORT, startSandbox } from './sandbox';

/** Entry point of `npm run sandbox` (SANDBOX_PORT, SANDBOX_DIR, REDIS_URL and the usual settings apply). */
async function main(): Promise<void> {
  const port = process.env.SANDBOX_PORT ? Number(process.env.SANDBOX_PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('Invalid SANDBOX_PORT: expected a port number, e.g. 8090');
    process.exit(1);
  }
  const env: Record<string, string> = {};
  // The reminder policy and calendar settings of `npm start` apply here too.
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && /^(REMINDER_|ESCALATE_|QUIET_HOURS|WORKING_DAYS|HOLIDAYS|TIMEZONE|DIGEST_CRON|APEL_|OVERDUE_|LOG_LEVEL)/.test(key)) env[key] = value;
  }
  const sandbox = await startSandbox({ port, env, ...(process.env.SANDBOX_DIR ? { dir: process.env.SANDBOX_DIR } : {}) });
  // The log lines are JSON for machines; a newcomer looks for the address in one plain line.
  console.log(`\nSandbox Arahan: buka ${sandbox.url} di peramban (simulasi — tidak ada pesan yang dikirim ke Telegram).\n`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await sandbox.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(`The sandbox could not start: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
