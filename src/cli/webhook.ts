import { existsSync } from 'node:fs';
import { Api } from 'grammy';
import { ALLOWED_UPDATES } from '../app';
import { ConfigError, parseConfig } from '../infra/config';

/**
 * `npm run webhook:set`: registers WEBHOOK_URL with Telegram, with WEBHOOK_SECRET as the
 * secret token Telegram sends back in X-Telegram-Bot-Api-Secret-Token on every call.
 * `npm run webhook:set -- --delete` removes it (back to long polling).
 */
if (existsSync('.env')) process.loadEnvFile('.env');
try {
  const config = parseConfig({ ...process.env, BOT_MODE: process.argv.includes('--delete') ? 'polling' : 'webhook' });
  const api = new Api(config.botToken, { apiRoot: config.botApiRoot });
  if (process.argv.includes('--delete')) {
    await api.deleteWebhook();
    console.log('Webhook removed; the bot can use long polling again.');
  } else {
    const hook = config.webhook!;
    await api.setWebhook(hook.url, { secret_token: hook.secret, allowed_updates: [...ALLOWED_UPDATES], max_connections: 40 });
    const info = await api.getWebhookInfo();
    console.log(`Webhook set: ${info.url} (pending updates: ${info.pending_update_count})`);
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Could not set the webhook: ${(err as Error).message}`);
  process.exitCode = 1;
}
