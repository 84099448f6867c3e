/**
 * Public types of the fake Telegram Bot API server (see fake-telegram.ts).
 */
import type { MenuButton, Message, MessageEntity } from 'grammy/types';
import type { ApiResponse } from './fake-telegram-limits';
import type { UploadedFile } from './fake-telegram-http';

/** One Bot API call as received and answered by the fake. */
export interface RecordedCall {
  /** Sequence number, increasing over the fake's lifetime. */
  readonly seq: number;
  readonly method: string;
  /** Decoded request parameters (JSON body, or form fields, plus query string). */
  readonly payload: Record<string, unknown>;
  /** Arrival time, `Date.now()` ms. */
  readonly at: number;
  /**
   * When the answer was written (or the connection destroyed), `Date.now()` ms. For a long
   * poll (getUpdates) this is the moment the updates it carries were handed to the bot.
   */
  readonly answeredAt: number;
  /** HTTP status answered; 0 when the connection was dropped instead. */
  readonly status: number;
  /**
   * Body answered, frozen at answer time (later edits do not change it).
   * For 'drop_after' failures: the answer that was computed but never sent.
   * `null` when the call was dropped before being executed.
   */
  readonly response: ApiResponse | null;
  /** `response.ok === true` (the call took effect, even if its answer was dropped). */
  readonly ok: boolean;
  /** The connection was destroyed instead of answering. */
  readonly dropped: boolean;
  readonly contentType: string;
  /** File parts of a multipart upload. */
  readonly files: readonly UploadedFile[];
}

/** A user as accepted by the injection helpers. */
export interface FakeUserInput {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_bot?: boolean;
}

/** A chat as accepted by the injection helpers; omit it for the user's private chat. */
export interface FakeChatInput {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  username?: string;
}

export interface SendTextOptions {
  from: FakeUserInput;
  chat?: FakeChatInput;
  text: string;
  replyToMessageId?: number;
  /** Extra entities; a leading "/command[@bot]" gets its bot_command entity automatically. */
  entities?: MessageEntity[];
}

export interface SendMediaOptions {
  from: FakeUserInput;
  chat?: FakeChatInput;
  kind: 'photo' | 'document';
  caption?: string;
  replyToMessageId?: number;
  fileName?: string;
  mimeType?: string;
  fileSize?: number;
}

export interface PressButtonOptions {
  from: FakeUserInput;
  chatId: number;
  messageId: number;
  data: string;
}

export type BotMemberStatus = 'member' | 'administrator' | 'left' | 'kicked';

export interface MemberUpdateOptions {
  chat: FakeChatInput;
  from: FakeUserInput;
  newStatus: BotMemberStatus;
  /** Default: 'left' when joining (member/administrator), otherwise 'member'. */
  oldStatus?: BotMemberStatus;
  /**
   * Default true: leaving/kicked makes later calls into the chat fail like
   * Telegram (403 blocked / kicked / not a member); joining clears the failure.
   */
  autoFail?: boolean;
}

export interface RandomFailureOptions {
  /** Share of eligible calls that fail, 0..1. */
  share: number;
  /**
   * '500': answer 500 Internal Server Error without executing;
   * 'drop': destroy the socket without executing;
   * 'drop_after': execute the call (e.g. the message IS sent), then destroy the socket.
   */
  kind: '500' | 'drop' | 'drop_after';
  /** Methods eligible; default all except getUpdates. */
  methods?: string[];
  /** PRNG seed for reproducible runs (default 1). */
  seed?: number;
}

/**
 * A scripted answer for `failNext`: an HTTP status + JSON body, a dropped connection, or
 * 'hang': the call is never answered (a Telegram that stalls), until the fake stops.
 */
export type FailNextResponse = { status: number; body: object } | 'drop' | 'drop_after' | 'hang';

export interface WaitForOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Number of matching calls to wait for (default 1). */
  count?: number;
  /** Used in the timeout error message. */
  description?: string;
}

export interface FakeTelegramOptions {
  /** Bot token; its numeric prefix becomes the bot's user id. */
  token?: string;
  /** Upper bound on how long a long poll is held (default 500 ms). */
  pollTimeoutMs?: number;
  /** Port on 127.0.0.1 (default 0: any free port). The simulator never listens elsewhere. */
  port?: number;
  /** The bot's username (default arahan_test_bot). */
  username?: string;
  /** Clock for message dates and date_time checks, epoch ms (default Date.now; the sandbox's runs ahead). */
  now?: () => number;
  /**
   * Clock of the rate limits and flood penalties, epoch ms (default Date.now). Not `now`: the
   * sandbox's clock runs sped up and jumps, while a bot paces its sends in real time. Tests
   * move it instead of sleeping through a window or a penalty.
   */
  limitsNow?: () => number;
}

export interface FakeTelegramStats {
  /** Requests to /bot<token>/<method>, including rejected ones. */
  requests: number;
  byMethod: Record<string, number>;
  /** Calls to methods the fake does not simulate (answered `true`). */
  unknownMethods: Record<string, number>;
  tooManyRequests: number;
  /** Answers with ok: false. */
  errors: number;
  /** Connections destroyed instead of answering. */
  dropped: number;
  updatesInjected: number;
}

/**
 * What happened in the simulated Telegram, as a client app would show it (the sandbox's chat
 * page listens to these). `html` is the text or caption as the bot sent it when its parse_mode
 * was HTML: the stored message, like Telegram's, keeps only the rendered text and entities.
 */
export type SimulatorEvent =
  | { type: 'message'; chatId: number; message: Message; html: string | null; edited: boolean }
  | { type: 'deleted'; chatId: number; messageIds: number[] }
  /** answerCallbackQuery: what the presser's app shows (a toast, or an alert with show_alert). */
  | { type: 'callback_answer'; userId: number; chatId: number; messageId: number; text: string; showAlert: boolean; url: string | null }
  | { type: 'menu_button'; chatId: number; button: MenuButton };

/** A message as a client app shows it: the stored message plus the HTML it was sent with. */
export interface ShownMessage {
  message: Message;
  html: string | null;
}

/** A user's photo or document with its real bytes (uploaded from the sandbox page). */
export interface SendUploadOptions {
  from: FakeUserInput;
  chat?: FakeChatInput;
  kind: 'photo' | 'document';
  bytes: Buffer;
  fileName: string;
  mimeType: string;
  caption?: string;
  replyToMessageId?: number;
}
