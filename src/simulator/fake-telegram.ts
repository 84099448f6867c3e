/**
 * FakeTelegram: a local simulator of the Telegram Bot API HTTP server, on 127.0.0.1 only. The
 * end-to-end tests and `npm run sandbox` (src/sandbox/) run the bot against this one simulator;
 * it imports nothing of the application (node:* and grammY's types only).
 *
 * The real bot (grammY long polling, queue workers calling bot.api) is pointed
 * at it with `new Bot(token, { botInfo: fake.botInfo, client: { apiRoot: fake.apiRoot } })`.
 * Requests arrive as `POST {apiRoot}/bot<TOKEN>/<method>`.
 *
 * - Updates are injected with `injectUpdate`, `sendText`, `sendMedia`,
 *   `pressButton`, `memberUpdate`, `migrateGroup` and delivered via getUpdates
 *   (long polling honouring offset/limit/timeout/allowed_updates).
 * - Every call is recorded (`calls`, `callsTo`, `sent`, `waitFor`, ...).
 * - Common methods are simulated with realistic results and errors
 *   (see fake-telegram-state.ts); unknown methods answer `{ ok: true, result: true }`.
 * - Failures can be injected: rate limits (429), per-chat 403/400, group
 *   migration, random 500s / dropped connections, and scripted `failNext`.
 *
 * Body formats: JSON; multipart/form-data (non-file fields are decoded, file
 * parts are summarised in `RecordedCall.files`); urlencoded and query strings.
 * Files "uploaded" get fake file ids; `getFile` works for ids the fake issued,
 * and `GET {apiRoot}/file/bot<TOKEN>/<file_path>` serves a few dummy bytes (or the real ones
 * of a file sent with `sendUpload`).
 *
 * For a client app (the sandbox's chat page): `subscribe` to what happens in the chats,
 * `createChat`/`createUser`, `sendUpload`, `history`, `menuButton` and `signInitData`.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Chat, MenuButton, Message, Update, User, UserFromGetMe } from 'grammy/types';
import {
  apiError,
  chatFailure,
  INTERNAL_ERROR,
  migratedFailure,
  mulberry32,
  ok,
  RateLimiter,
  SEND_LIKE_METHODS,
  tooManyRequests,
  UNAUTHORIZED,
  type ApiResponse,
  type ChatFailureKind,
  type HttpAnswer,
  type RateLimits,
} from './fake-telegram-limits';
import { commandEntities, decodeRequest, readBody, type DecodedRequest } from './fake-telegram-http';
import { FakeTelegramState, memberWithStatus, toChatId } from './fake-telegram-state';
import { CallRecorder, lowerSet } from './fake-telegram-recorder';
import { UpdateQueue } from './fake-telegram-updates';
import type {
  FailNextResponse,
  FakeChatInput,
  FakeTelegramOptions,
  FakeTelegramStats,
  FakeUserInput,
  MemberUpdateOptions,
  PressButtonOptions,
  RandomFailureOptions,
  RecordedCall,
  SendMediaOptions,
  SendTextOptions,
  SendUploadOptions,
  ShownMessage,
  SimulatorEvent,
  WaitForOptions,
} from './fake-telegram-types';

export type * from './fake-telegram-types';
export type { ApiResponse, ApiFailure, ChatFailureKind, RateLimits, HttpAnswer } from './fake-telegram-limits';
export { TELEGRAM_LIMITS, TELEGRAM_FLOOD_PENALTY_MS, SEND_LIKE_METHODS } from './fake-telegram-limits';
export type { UploadedFile } from './fake-telegram-http';

/** Someone who wants to know what passes through the fake (see `observe`). */
export interface FakeObserver {
  update(update: Update): void;
  call(method: string, payload: Record<string, unknown>): void;
}

const DEFAULT_TOKEN = '7000000001:AAFakeTokenForArahanTests_xxxxxxxxxxx';
const SEND_LIKE = lowerSet(SEND_LIKE_METHODS);

type Outcome = { kind: 'answer'; answer: HttpAnswer } | { kind: 'drop' } | { kind: 'drop_after'; answer: HttpAnswer } | { kind: 'hang' };

export class FakeTelegram {
  readonly token: string;
  readonly botInfo: UserFromGetMe;

  private readonly state: FakeTelegramState;
  private readonly recorder = new CallRecorder();
  private readonly updates: UpdateQueue;
  private readonly server: Server;
  private port = 0;
  private stopped = false;
  private webhookUrl = '';
  private callbackSeq = 0;

  // Failure injection.
  private limiter = new RateLimiter();
  private chatFailures = new Map<number, ChatFailureKind>();
  private migrations = new Map<number, number>();
  private scripted = new Map<string, FailNextResponse[]>();
  private readonly hanging = new Set<ServerResponse>();
  /** Calls held unanswered by a 'hang' (failNext), so far. */
  hungCalls = 0;
  private random: { share: number; kind: RandomFailureOptions['kind']; methods: Set<string> | null; rng: () => number } | null = null;
  private readonly observers: FakeObserver[] = [];
  private readonly listeners = new Set<(event: SimulatorEvent) => void>();
  /** The HTML source of messages sent with parse_mode HTML, by `chat:message`. */
  private readonly htmlSource = new Map<string, string>();
  /** Who pressed which button, by callback query id: answerCallbackQuery's text goes to them. */
  private readonly pressed = new Map<string, { userId: number; chatId: number; messageId: number }>();
  private readonly listenPort: number;
  private readonly limitsNow: () => number;

  private constructor(opts: FakeTelegramOptions) {
    this.limitsNow = opts.limitsNow ?? Date.now;
    this.token = opts.token ?? DEFAULT_TOKEN;
    this.updates = new UpdateQueue(opts.pollTimeoutMs ?? 500);
    this.listenPort = opts.port ?? 0;
    const id = Number(/^(\d+):/.exec(this.token)?.[1] ?? 7000000001);
    this.botInfo = {
      id,
      is_bot: true,
      first_name: 'Arahan',
      username: opts.username ?? 'arahan_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.state = new FakeTelegramState(this.botInfo, opts.now);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed) this.write(res, apiError(500, `Fake server error: ${String(error)}`));
      });
    });
  }

  /** Starts a fake server on 127.0.0.1 (a random port unless `opts.port`). */
  static async start(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(opts);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(fake.listenPort, '127.0.0.1', () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** Pass as grammY's `client.apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Closes the server: answers a pending long poll, drops all connections, rejects pending waits. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.updates.stop();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.recorder.close('FakeTelegram stopped');
    // Let the released poll write its answer before the sockets go away.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // --- Injecting updates ------------------------------------------------------------

  /**
   * Tells `observer` of every update injected and every call received from now on (the log
   * scan learns a test's message texts from them; `calls` may be cleared by then).
   */
  observe(observer: FakeObserver): void {
    this.observers.push(observer);
  }

  /**
   * Continues the ids of an earlier run, as Telegram never gives an id twice: the next update
   * gets an id above `updateId`, the next message in each chat one above its id there. For a
   * client that restarts the simulator against a bot's kept database (the sandbox), whose
   * claimed update ids and stored message ids would otherwise meet new updates and messages.
   */
  continueIds(opts: { updateId?: number; messageIds?: Iterable<[chatId: number, messageId: number]> }): void {
    if (opts.updateId !== undefined) this.updates.continueAfter(opts.updateId);
    for (const [chatId, messageId] of opts.messageIds ?? []) this.state.continueMessageIds(chatId, messageId);
  }

  /** Queues a raw update (update_id is assigned) and wakes a pending long poll. */
  injectUpdate(partial: Omit<Update, 'update_id'>): Update {
    const update = this.updates.push(partial);
    for (const o of this.observers) o.update(update);
    const userMessage = update.message ?? update.edited_message;
    // Keep the message store and chat/user directory in sync with what users "did".
    for (const message of [update.message, update.edited_message, update.channel_post, update.edited_channel_post]) {
      if (!message) continue;
      this.state.rememberChat(message.chat);
      if (message.from) this.state.rememberUser(message.from);
      this.state.storeMessage(message);
    }
    if (userMessage) this.emit({ type: 'message', chatId: userMessage.chat.id, message: structuredClone(userMessage), html: null, edited: !!update.edited_message });
    const query = update.callback_query;
    if (query) {
      this.state.callbackQueryIds.add(query.id);
      if (query.message) this.pressed.set(query.id, { userId: query.from.id, chatId: query.message.chat.id, messageId: query.message.message_id });
      this.state.rememberUser(query.from);
    }
    const member = update.my_chat_member ?? update.chat_member;
    if (member) {
      this.state.rememberChat(member.chat);
      this.state.rememberUser(member.from);
    }
    this.recorder.stats.updatesInjected++;
    return update;
  }

  /** A user sends a text (commands get their bot_command entity). */
  sendText(opts: SendTextOptions): Update {
    const entities = [...(commandEntities(opts.text) ?? []), ...(opts.entities ?? [])];
    return this.userMessage(opts.from, opts.chat, opts.replyToMessageId, {
      text: opts.text,
      ...(entities.length ? { entities } : {}),
    });
  }

  /** A user sends a photo or a document with fake file ids (getFile works on them). */
  sendMedia(opts: SendMediaOptions): Update {
    const fields: Partial<Message> = {};
    if (opts.kind === 'photo') {
      fields.photo = this.state.photoSizes(opts.fileSize);
    } else {
      fields.document = {
        ...this.state.newFile('document', opts.fileSize),
        file_name: opts.fileName ?? 'document.pdf',
        mime_type: opts.mimeType ?? 'application/pdf',
      };
    }
    if (opts.caption !== undefined) {
      fields.caption = opts.caption;
      const entities = commandEntities(opts.caption);
      if (entities) fields.caption_entities = entities;
    }
    return this.userMessage(opts.from, opts.chat, opts.replyToMessageId, fields);
  }

  /** A user presses an inline button on a message the bot sent (as it currently is). */
  pressButton(opts: PressButtonOptions): Update {
    const message = this.state.getMessage(opts.chatId, opts.messageId);
    if (!message || message.from?.id !== this.botInfo.id) {
      throw new Error(`pressButton: the bot has no message ${opts.messageId} in chat ${opts.chatId}`);
    }
    const id = String(4_000_000_000_000 + ++this.callbackSeq);
    return this.injectUpdate({
      callback_query: {
        id,
        from: toUser(opts.from),
        message: structuredClone(message),
        chat_instance: String(-4_000_000_000_000 + opts.chatId),
        data: opts.data,
      },
    });
  }

  /** The bot's own membership changes in a chat (my_chat_member). */
  memberUpdate(opts: MemberUpdateOptions): Update {
    const chat = this.buildChat(opts.from, opts.chat);
    const joined = opts.newStatus === 'member' || opts.newStatus === 'administrator';
    const oldStatus = opts.oldStatus ?? (joined ? 'left' : 'member');
    const bot = this.state.botUser;
    this.state.botStatus.set(chat.id, opts.newStatus);
    if (opts.autoFail !== false) {
      if (joined) this.chatFailures.delete(chat.id);
      else this.chatFailures.set(chat.id, chat.type === 'private' ? 'blocked' : opts.newStatus === 'kicked' ? 'kicked' : 'not_member');
    }
    return this.injectUpdate({
      my_chat_member: {
        chat,
        from: toUser(opts.from),
        date: this.state.nowSec(),
        old_chat_member: memberWithStatus(bot, oldStatus),
        new_chat_member: memberWithStatus(bot, opts.newStatus),
      },
    });
  }

  /**
   * A basic group is upgraded to a supergroup: injects the `migrate_to_chat_id`
   * service message in the old group and `migrate_from_chat_id` in the new one.
   * From then on, calls into the old chat answer Telegram's migration error.
   */
  migrateGroup(oldChatId: number, newChatId: number, opts: { from?: FakeUserInput; title?: string } = {}): [Update, Update] {
    const title = opts.title ?? this.state.chat(oldChatId).title ?? `Group ${oldChatId}`;
    const from = toUser(opts.from ?? { id: 777000, first_name: 'Telegram' });
    const oldChat: Chat.GroupChat = { id: oldChatId, type: 'group', title };
    const newChat: Chat.SupergroupChat = { id: newChatId, type: 'supergroup', title };
    this.state.rememberChat(newChat);
    const status = this.state.botStatus.get(oldChatId);
    if (status) this.state.botStatus.set(newChatId, status);
    const date = this.state.nowSec();
    const first = this.injectUpdate({
      message: { message_id: this.state.nextMessageId(oldChatId), from, chat: oldChat, date, migrate_to_chat_id: newChatId },
    });
    const second = this.injectUpdate({
      message: { message_id: this.state.nextMessageId(newChatId), from, chat: newChat, date, migrate_from_chat_id: oldChatId },
    });
    this.migrations.set(oldChatId, newChatId);
    return [first, second];
  }

  private userMessage(fromInput: FakeUserInput, chatInput: FakeChatInput | undefined, replyToMessageId: number | undefined, fields: Partial<Message>): Update {
    const chat = this.buildChat(fromInput, chatInput);
    const message: Message & Update.NonChannel = {
      ...fields,
      message_id: this.state.nextMessageId(chat.id),
      from: toUser(fromInput),
      chat,
      date: this.state.nowSec(),
    };
    if (replyToMessageId !== undefined) {
      const target = this.state.getMessage(chat.id, replyToMessageId);
      if (!target) throw new Error(`No message ${replyToMessageId} in chat ${chat.id} to reply to`);
      message.reply_to_message = { ...target, reply_to_message: undefined };
    }
    return this.injectUpdate({ message });
  }

  private buildChat(from: FakeUserInput, input: FakeChatInput | undefined): Exclude<Chat, Chat.ChannelChat> {
    if (!input || input.type === 'private') {
      const chat: Chat.PrivateChat = { id: input?.id ?? from.id, type: 'private', first_name: from.first_name };
      if (from.last_name) chat.last_name = from.last_name;
      if (from.username) chat.username = from.username;
      return chat;
    }
    const title = input.title ?? this.state.chat(input.id).title ?? `Group ${input.id}`;
    if (input.type === 'group') return { id: input.id, type: 'group', title };
    const chat: Chat.SupergroupChat = { id: input.id, type: 'supergroup', title };
    if (input.username) chat.username = input.username;
    return chat;
  }

  // --- What a client app needs (the sandbox) ---------------------------------------------

  /** Listens to what happens in the simulated chats; returns the unsubscribe function. */
  subscribe(listener: (event: SimulatorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Makes a chat known (title, type) before anyone writes in it; groups get the bot as an administrator. */
  createChat(chat: Chat): void {
    this.state.rememberChat(chat);
    if (chat.type !== 'private') this.state.botStatus.set(chat.id, 'administrator');
  }

  /** Makes a user known (getChatMember answers their name). */
  createUser(user: FakeUserInput): void {
    this.state.rememberUser(toUser(user));
  }

  /** A user sends a photo or a document with real bytes: getFile and the file download serve them. */
  sendUpload(opts: SendUploadOptions): Update {
    const content = { bytes: opts.bytes, mimeType: opts.mimeType };
    const fields: Partial<Message> = {};
    if (opts.kind === 'photo') {
      // Telegram keeps several sizes; the sandbox keeps the original bytes behind each.
      const small = this.state.newFile('photo', 0, content);
      const large = this.state.newFile('photo', 0, content);
      fields.photo = [
        { ...small, width: 90, height: 90 },
        { ...large, width: 1280, height: 1280 },
      ];
    } else {
      fields.document = { ...this.state.newFile('document', 0, content), file_name: opts.fileName, mime_type: opts.mimeType };
    }
    if (opts.caption) {
      fields.caption = opts.caption;
      const entities = commandEntities(opts.caption);
      if (entities) fields.caption_entities = entities;
    }
    return this.userMessage(opts.from, opts.chat, opts.replyToMessageId, fields);
  }

  /** The real bytes behind a file id (uploaded with `sendUpload`), if any. */
  fileContent(fileId: string): { bytes: Buffer; mimeType: string } | undefined {
    return this.state.fileContent(fileId);
  }

  /** Every message of a chat (the bot's and the users'), oldest first, with the bot's HTML. */
  history(chatId: number): ShownMessage[] {
    return this.state.messagesIn(chatId, false).map((m) => ({ message: structuredClone(m), html: this.htmlSource.get(`${chatId}:${m.message_id}`) ?? null }));
  }

  /** The menu button a private chat shows (setChatMenuButton, or the default one). */
  menuButton(chatId: number): MenuButton {
    return structuredClone(this.state.menuButtons.get(chatId) ?? this.state.menuButtons.get(0) ?? { type: 'commands' });
  }

  /**
   * Mini App launch data for `user`, signed as Telegram signs it: the query string
   * `auth_date`, `query_id`, `user` (JSON), `hash`, where hash = hex HMAC-SHA256 with key
   * HMAC-SHA256("WebAppData", bot token) over the other fields sorted by key as key=value
   * joined by "\n" (core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app).
   */
  signInitData(user: FakeUserInput, opts: { authDate?: number; queryId?: string } = {}): string {
    const fields: Record<string, string> = {
      auth_date: String(opts.authDate ?? this.state.nowSec()),
      query_id: opts.queryId ?? `AAH${Buffer.from(String(user.id)).toString('base64url')}`,
      user: JSON.stringify({ ...toUser(user), allows_write_to_pm: true }),
    };
    const check = Object.keys(fields)
      .sort()
      .map((k) => `${k}=${fields[k]}`)
      .join('\n');
    const secret = createHmac('sha256', 'WebAppData').update(this.token).digest();
    const hash = createHmac('sha256', secret).update(check).digest('hex');
    return new URLSearchParams({ ...fields, hash }).toString();
  }

  private emit(event: SimulatorEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure (a closed page) is not the bot's problem.
      }
    }
  }

  /** Tells listeners what a successful call changed in the chats. */
  private announce(lower: string, payload: Record<string, unknown>, answer: HttpAnswer): void {
    // Nobody listening (the tests, the bench): nothing to keep, nothing to tell.
    if (this.listeners.size === 0) return;
    if (!answer.body.ok) return;
    const result = answer.body.result as Record<string, unknown> | true;
    const chatId = toChatId(payload.chat_id);
    const html = typeof payload.parse_mode === 'string' && payload.parse_mode.toLowerCase() === 'html' ? (payload.text ?? payload.caption) : undefined;
    const show = (messageId: number | undefined, edited: boolean): void => {
      if (chatId === undefined || messageId === undefined) return;
      const key = `${chatId}:${messageId}`;
      if (typeof html === 'string') this.htmlSource.set(key, html);
      else if (lower !== 'editmessagereplymarkup') this.htmlSource.delete(key);
      const message = this.state.getMessage(chatId, messageId);
      if (message) this.emit({ type: 'message', chatId, message: structuredClone(message), html: this.htmlSource.get(key) ?? null, edited });
    };
    switch (lower) {
      case 'sendmessage':
      case 'sendphoto':
      case 'senddocument':
      case 'copymessage':
      case 'forwardmessage':
        show(toChatId((result as { message_id?: unknown }).message_id), false);
        return;
      case 'editmessagetext':
      case 'editmessagecaption':
      case 'editmessagereplymarkup':
        show(toChatId(payload.message_id), true);
        return;
      case 'deletemessage':
      case 'deletemessages': {
        const ids = (lower === 'deletemessage' ? [payload.message_id] : Array.isArray(payload.message_ids) ? payload.message_ids : []).map(toChatId);
        if (chatId !== undefined) this.emit({ type: 'deleted', chatId, messageIds: ids.filter((id): id is number => id !== undefined) });
        return;
      }
      case 'answercallbackquery': {
        const who = this.pressed.get(String(payload.callback_query_id));
        if (!who) return;
        this.emit({
          type: 'callback_answer',
          ...who,
          text: typeof payload.text === 'string' ? payload.text : '',
          showAlert: payload.show_alert === true || payload.show_alert === 'true',
          url: typeof payload.url === 'string' ? payload.url : null,
        });
        return;
      }
      case 'setchatmenubutton':
        this.emit({ type: 'menu_button', chatId: chatId ?? 0, button: this.menuButton(chatId ?? 0) });
        return;
    }
  }

  // --- Inspecting calls ----------------------------------------------------------------

  /** All recorded calls, oldest first (cleared by `clearCalls`). getUpdates included. */
  get calls(): readonly RecordedCall[] {
    return this.recorder.calls;
  }

  /** Cumulative counters (not reset by `clearCalls`; see `resetStats`). */
  get stats(): FakeTelegramStats {
    return this.recorder.stats;
  }

  /** Recorded calls to one method (case-insensitive). */
  callsTo(method: string): RecordedCall[] {
    return this.recorder.callsTo(method);
  }

  /** Successful sendMessage/sendPhoto/sendDocument calls, optionally into one chat. */
  sent(chatId?: number): RecordedCall[] {
    return this.recorder.sent(chatId);
  }

  /** Current state (after edits/deletions) of the bot's messages in a chat, by message id. */
  messagesIn(chatId: number): Message[] {
    return this.state.messagesIn(chatId, true).map((m) => structuredClone(m));
  }

  /** Current state of any stored message (bot's or user's). */
  getMessage(chatId: number, messageId: number): Message | undefined {
    const message = this.state.getMessage(chatId, messageId);
    return message && structuredClone(message);
  }

  /** Number of injected updates the bot has not confirmed yet. */
  get pendingUpdates(): number {
    return this.updates.pending;
  }

  /**
   * Resolves once the bot has confirmed (through a later getUpdates offset)
   * every update injected so far. With grammY's `bot.start()`, which fetches
   * the next batch only after handling the previous one, this means all
   * injected updates have been handled.
   */
  waitForConfirmed(opts: { timeoutMs?: number } = {}): Promise<void> {
    return this.updates.waitForConfirmed(opts.timeoutMs ?? 5000);
  }

  clearCalls(): void {
    this.recorder.clear();
  }

  resetStats(): void {
    this.recorder.resetStats();
  }

  /**
   * Resolves with the first `count` matching calls (already recorded ones
   * included) or rejects after `timeoutMs` listing the recent calls.
   */
  waitFor(predicate: (call: RecordedCall) => boolean, opts?: WaitForOptions): Promise<RecordedCall[]> {
    return this.recorder.waitFor(predicate, opts);
  }

  /**
   * Waits for a successful sendMessage/sendPhoto/sendDocument into `chatId`
   * whose text/caption (as sent, or as stored after parse_mode rendering)
   * matches. With `includeEdits`, editMessageText/Caption count too.
   */
  waitForMessage(chatId: number, textIncludes: string | RegExp, opts?: WaitForOptions & { includeEdits?: boolean }): Promise<RecordedCall> {
    return this.recorder.waitForMessage(chatId, textIncludes, opts);
  }

  // --- Failure injection -----------------------------------------------------------------

  /**
   * Enables sliding-window rate limits (429 for send-like methods), with Telegram's flood
   * penalty if `floodPenaltyMs`; `null` or `{}` disables. Resets every window and penalty.
   */
  setLimits(limits: RateLimits | null): void {
    this.limiter.set(limits);
  }

  /** Makes every call with this chat_id fail like Telegram; `null` clears it. */
  failChat(chatId: number, kind: ChatFailureKind | null): void {
    if (kind === null) this.chatFailures.delete(chatId);
    else this.chatFailures.set(chatId, kind);
  }

  /** Fails a share of calls (deterministic with `seed`); `null` turns it off. */
  failRandomly(opts: RandomFailureOptions | null): void {
    this.random = opts && {
      share: opts.share,
      kind: opts.kind,
      methods: opts.methods ? lowerSet(opts.methods) : null,
      rng: mulberry32(opts.seed ?? 1),
    };
  }

  /**
   * The next `times` calls to `method` get `response` (checked before all other failures).
   * With `chatId`, only calls into that chat count.
   */
  failNext(method: string, response: FailNextResponse, times = 1, chatId?: number): void {
    const key = chatId === undefined ? method.toLowerCase() : `${method.toLowerCase()}@${chatId}`;
    const list = this.scripted.get(key) ?? [];
    for (let i = 0; i < times; i++) list.push(response);
    this.scripted.set(key, list);
  }

  /** Clears failChat, failNext and failRandomly (not migrations, not rate limits). */
  clearFailures(): void {
    this.chatFailures.clear();
    this.scripted.clear();
    this.random = null;
  }

  // --- HTTP handling ------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on('error', () => {}); // client went away; nothing to do
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://fake.telegram');
    const body = await readBody(req);

    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.serveFile(res, file[1]!, decodeURIComponent(file[2]!));
    const route = /^\/bot([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (!route) return this.write(res, apiError(404, 'Not Found'));
    const token = route[1]!;
    const method = route[2]!;

    const contentType = req.headers['content-type'] ?? '';
    let decoded: DecodedRequest;
    let outcome: Outcome | undefined;
    try {
      decoded = decodeRequest(body, contentType, url.searchParams);
    } catch {
      decoded = { payload: {}, files: [], contentType };
      outcome = { kind: 'answer', answer: apiError(400, "Bad Request: can't parse request body") };
    }
    if (!outcome) {
      try {
        outcome = token === this.token ? await this.process(method, decoded, res) : { kind: 'answer', answer: UNAUTHORIZED() };
      } catch (error) {
        outcome = { kind: 'answer', answer: apiError(500, `Fake server error: ${String(error)}`) };
      }
    }

    if (outcome.kind === 'hang') {
      // Never answered: the caller waits until it gives up or the fake stops.
      this.hanging.add(res);
      this.hungCalls++;
      return;
    }
    let json: string | null = null;
    let status = 0;
    let okFlag = false;
    if (outcome.kind === 'drop') {
      res.destroy();
    } else {
      json = JSON.stringify(outcome.answer.body);
      okFlag = outcome.answer.body.ok === true;
      if (outcome.kind === 'answer') {
        status = outcome.answer.status;
        this.write(res, outcome.answer, json);
      } else {
        res.destroy();
      }
    }
    for (const o of this.observers) o.call(method, decoded.payload);
    this.recorder.record({
      method,
      payload: decoded.payload,
      at,
      answeredAt: Date.now(),
      status,
      json,
      ok: okFlag,
      dropped: status === 0,
      contentType,
      files: decoded.files,
    });
  }

  /** Scripted failures, then random failures, then the real simulation. */
  private async process(method: string, decoded: DecodedRequest, res: ServerResponse): Promise<Outcome> {
    const lower = method.toLowerCase();
    const chat = toChatId(decoded.payload.chat_id);
    const scripted = (chat !== undefined ? this.scripted.get(`${lower}@${chat}`)?.shift() : undefined) ?? this.scripted.get(lower)?.shift();
    if (scripted !== undefined) {
      if (scripted === 'drop') return { kind: 'drop' };
      if (scripted === 'hang') return { kind: 'hang' };
      if (scripted === 'drop_after') return { kind: 'drop_after', answer: await this.execute(method, lower, decoded, res) };
      return { kind: 'answer', answer: { status: scripted.status, body: scripted.body as ApiResponse } };
    }
    const random = this.random;
    const eligible = random && (random.methods ? random.methods.has(lower) : lower !== 'getupdates');
    if (random && eligible && random.rng() < random.share) {
      if (random.kind === '500') return { kind: 'answer', answer: INTERNAL_ERROR() };
      if (random.kind === 'drop') return { kind: 'drop' };
      return { kind: 'drop_after', answer: await this.execute(method, lower, decoded, res) };
    }
    return { kind: 'answer', answer: await this.execute(method, lower, decoded, res) };
  }

  /** Chat failures and rate limits, then the method itself. */
  private async execute(method: string, lower: string, { payload, files }: DecodedRequest, res: ServerResponse): Promise<HttpAnswer> {
    if (lower === 'getupdates') {
      if (this.webhookUrl) {
        return apiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      }
      return this.updates.getUpdates(payload, res);
    }
    const chatId = toChatId(payload.chat_id);
    if (chatId !== undefined) {
      const migratedTo = this.migrations.get(chatId);
      if (migratedTo !== undefined) return migratedFailure(migratedTo);
      const failure = this.chatFailures.get(chatId);
      if (failure) return chatFailure(failure);
    }
    if (this.limiter.enabled && SEND_LIKE.has(lower)) {
      const paid = payload.allow_paid_broadcast === true || payload.allow_paid_broadcast === 'true';
      const retryAfter = this.limiter.check(chatId, this.limitsNow(), paid);
      if (retryAfter > 0) return tooManyRequests(retryAfter);
    }
    switch (lower) {
      case 'setwebhook':
        this.webhookUrl = typeof payload.url === 'string' ? payload.url : '';
        if (payload.drop_pending_updates) this.updates.dropPending();
        return ok(true);
      case 'deletewebhook':
        this.webhookUrl = '';
        if (payload.drop_pending_updates) this.updates.dropPending();
        return ok(true);
      case 'getwebhookinfo':
        return ok({ url: this.webhookUrl, has_custom_certificate: false, pending_update_count: this.updates.pending });
    }
    const answer = this.state.dispatch(method, payload, files);
    if (answer) {
      this.announce(lower, payload, answer);
      return answer;
    }
    const unknown = this.recorder.stats.unknownMethods;
    unknown[method] = (unknown[method] ?? 0) + 1;
    return ok(true);
  }

  private serveFile(res: ServerResponse, token: string, path: string): void {
    if (token !== this.token) {
      this.write(res, UNAUTHORIZED());
      return;
    }
    if (!this.state.hasFilePath(path)) {
      this.write(res, apiError(404, 'Not Found'));
      return;
    }
    const content = this.state.fileContent(path);
    const bytes = content?.bytes ?? Buffer.from(`fake file content for ${path}`);
    res.writeHead(200, { 'content-type': content?.mimeType ?? 'application/octet-stream', 'content-length': bytes.length });
    res.end(bytes);
  }

  private write(res: ServerResponse, answer: HttpAnswer, json = JSON.stringify(answer.body)): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }
}

function toUser(input: FakeUserInput): User {
  const user: User = { id: input.id, is_bot: input.is_bot ?? false, first_name: input.first_name };
  if (input.last_name) user.last_name = input.last_name;
  if (input.username) user.username = input.username;
  if (input.language_code) user.language_code = input.language_code;
  return user;
}
