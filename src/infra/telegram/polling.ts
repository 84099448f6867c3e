import { createConcurrentSink, createRunner, createSource, createUpdateFetcher, type RunnerHandle } from '@grammyjs/runner';
import type { Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { BotContext } from './context';
import { IntakeGate, type IntakeOptions } from './intake';

/** Updates handled at once at most, answered or not (grammY runner's default). */
const MAX_IN_FLIGHT = 500;

/**
 * Long polling with grammY's runner (concurrent handling, retries, offsets), whose intake is
 * paced by an `IntakeGate`: a getUpdates call asks only for as many updates as can be answered
 * promptly (see src/telegram/intake.ts). Updates are handled concurrently as with `run(bot)`.
 */
export function startPolling(bot: Bot<BotContext>, intake: IntakeOptions, allowedUpdates: ReadonlyArray<Exclude<keyof Update, 'update_id'>>, logger: Logger): RunnerHandle {
  const gate = new IntakeGate(intake);
  bot.api.config.use((prev, method, payload, signal) => {
    if (method === 'answerCallbackQuery') gate.answered((payload as { callback_query_id: string }).callback_query_id);
    return prev(method, payload, signal);
  });
  const fetchUpdates = createUpdateFetcher(bot, { fetch: { allowed_updates: allowedUpdates } });
  const source = createSource<Update>({
    async supply(pace, signal) {
      const room = await gate.room(signal);
      const started = performance.now();
      const updates = await fetchUpdates(Math.max(1, Math.min(pace, room)), signal);
      gate.fetched(performance.now() - started, updates.length);
      return updates;
    },
  });
  const sink = createConcurrentSink<Update, BotError<BotContext>>(
    {
      async consume(update) {
        const release = gate.admit(update.callback_query?.id);
        try {
          await bot.handleUpdate(update);
        } finally {
          release();
        }
      },
    },
    async (error) => {
      try {
        await bot.errorHandler(error);
      } catch (err) {
        logger.error({ err }, 'the error handler failed');
      }
    },
    { concurrency: MAX_IN_FLIGHT },
  );
  const runner = createRunner(source, sink);
  runner.start();
  return runner;
}
