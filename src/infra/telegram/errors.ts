import { GrammyError, HttpError } from 'grammy';

/** How a failed Bot API call should be treated, following Telegram's answers. */
export type SendFailure =
  | { kind: 'rate_limited'; retryAfterSec: number }
  | { kind: 'chat_gone'; description: string } // 403 blocked / kicked / deactivated
  | { kind: 'migrated'; newChatId: number }
  | { kind: 'bad_request'; description: string } // other 400: retrying will not help
  | { kind: 'transient'; description: string }; // network, 5xx

export function classifySendError(err: unknown): SendFailure {
  if (err instanceof GrammyError) {
    const params = err.parameters ?? {};
    if (err.error_code === 429) return { kind: 'rate_limited', retryAfterSec: params.retry_after ?? 1 };
    if (params.migrate_to_chat_id !== undefined) return { kind: 'migrated', newChatId: params.migrate_to_chat_id };
    if (err.error_code === 403) return { kind: 'chat_gone', description: err.description };
    if (err.error_code === 400 && /chat not found/i.test(err.description)) return { kind: 'chat_gone', description: err.description };
    if (err.error_code >= 400 && err.error_code < 500) return { kind: 'bad_request', description: err.description };
    return { kind: 'transient', description: err.description };
  }
  if (err instanceof HttpError) return { kind: 'transient', description: String(err.message) };
  return { kind: 'transient', description: err instanceof Error ? err.message : String(err) };
}

/** Telegram answers 400 "message is not modified" when an edit changes nothing: not an error for us. */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && /message is not modified/i.test(err.description);
}
