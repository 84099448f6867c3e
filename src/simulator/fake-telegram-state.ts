/**
 * In-memory "Telegram" for the fake Bot API server: chats, the messages in
 * them (indexed by chat, then message id), files, commands, and the
 * simulation of the ordinary Bot API methods the bot calls.
 *
 * Transport-level concerns (getUpdates, webhooks, failures, recording) live in
 * `fake-telegram.ts`; this file answers one decoded call at a time.
 */
import type { BotCommand, Chat, ChatMember, Document, InlineKeyboardMarkup, MenuButton, Message, PhotoSize, User, UserFromGetMe } from 'grammy/types';
import { apiError, ok, type HttpAnswer } from './fake-telegram-limits';
import { buttonStyleError, renderFormatted, renderText, webAppButtonError, webAppUrlAllowed, type UploadedFile } from './fake-telegram-http';

export type ChatMemberStatus = ChatMember['status'];

const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** Unix time in seconds, as Telegram uses for `date` fields. */
export const unixNow = (): number => Math.floor(Date.now() / 1000);

/** Number or numeric string → number; anything else → undefined. */
export function toChatId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

function toInt(value: unknown): number | undefined {
  return toChatId(value);
}

/** Telegram only keeps inline keyboards on messages, and an empty one means none. */
function inlineMarkup(markup: unknown): InlineKeyboardMarkup | undefined {
  if (!markup || typeof markup !== 'object') return undefined;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  return markup as InlineKeyboardMarkup;
}

const sameMarkup = (a: InlineKeyboardMarkup | undefined, b: InlineKeyboardMarkup | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

type Handler = (p: Record<string, unknown>, files: UploadedFile[]) => HttpAnswer;

export class FakeTelegramState {
  readonly botUser: User;
  /** Chats seen in injected updates (others are synthesised from their id). */
  private chats = new Map<number, Chat>();
  /** Users seen in injected updates, for getChatMember. */
  readonly users = new Map<number, User>();
  /** chat id → message id → message (bot and user messages alike). */
  private messages = new Map<number, Map<number, Message>>();
  /** chat id → highest message id used in that chat. */
  private lastMessageId = new Map<number, number>();
  /** The bot's own membership status per chat (from memberUpdate). */
  readonly botStatus = new Map<number, ChatMemberStatus>();
  /** Callback query ids handed to the bot, for answerCallbackQuery validation. */
  readonly callbackQueryIds = new Set<string>();
  private files = new Map<string, { file_unique_id: string; file_size: number; file_path: string }>();
  private fileSeq = 0;
  private commands = new Map<string, BotCommand[]>();
  /** Real bytes of files uploaded through the sandbox page, by file_path (others serve dummy bytes). */
  private readonly contents = new Map<string, { bytes: Buffer; mimeType: string }>();
  /** setChatMenuButton: per private chat id, and the default (key 0). */
  readonly menuButtons = new Map<number, MenuButton>();
  private handlers: Map<string, Handler>;

  /** Unix seconds by the simulator's clock (the sandbox's own clock, which can run ahead). */
  readonly nowSec: () => number;

  constructor(
    readonly botInfo: UserFromGetMe,
    nowMs: () => number = Date.now,
  ) {
    this.nowSec = () => Math.floor(nowMs() / 1000);
    this.botUser = {
      id: botInfo.id,
      is_bot: true,
      first_name: botInfo.first_name,
      username: botInfo.username,
    };
    this.handlers = new Map(Object.entries(this.methodTable()).map(([name, fn]) => [name.toLowerCase(), fn]));
  }

  // --- Chats, users, messages, files ----------------------------------------

  rememberChat(chat: Chat): void {
    this.chats.set(chat.id, chat);
  }

  rememberUser(user: User): void {
    this.users.set(user.id, user);
  }

  /** The known chat, or a plausible one synthesised from the id's sign/range. */
  chat(id: number): Chat {
    const known = this.chats.get(id);
    if (known) return known;
    if (id > 0) {
      const user = this.users.get(id);
      return { id, type: 'private', first_name: user?.first_name ?? `User ${id}` };
    }
    if (id <= -1_000_000_000_000) return { id, type: 'supergroup', title: `Supergroup ${id}` };
    return { id, type: 'group', title: `Group ${id}` };
  }

  nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  /** Moves the chat's id counter to at least `messageId`: the next message gets a higher id. */
  continueMessageIds(chatId: number, messageId: number): void {
    if ((this.lastMessageId.get(chatId) ?? 0) < messageId) this.lastMessageId.set(chatId, messageId);
  }

  /** Stores (or replaces) a message and keeps the chat's id counter ahead of it. */
  storeMessage(message: Message): void {
    const chatId = message.chat.id;
    let inChat = this.messages.get(chatId);
    if (!inChat) {
      inChat = new Map();
      this.messages.set(chatId, inChat);
    }
    inChat.set(message.message_id, message);
    if ((this.lastMessageId.get(chatId) ?? 0) < message.message_id) {
      this.lastMessageId.set(chatId, message.message_id);
    }
  }

  getMessage(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }

  /** Messages in a chat (optionally only the bot's), ordered by message id. */
  messagesIn(chatId: number, onlyBot: boolean): Message[] {
    const inChat = this.messages.get(chatId);
    if (!inChat) return [];
    const list = [...inChat.values()].filter((m) => !onlyBot || m.from?.id === this.botUser.id);
    return list.sort((a, b) => a.message_id - b.message_id);
  }

  /** Registers a fresh fake file (with its real bytes, when given) and returns its ids. */
  newFile(kind: string, size = 1024, content?: { bytes: Buffer; mimeType: string }): { file_id: string; file_unique_id: string; file_size: number } {
    const n = ++this.fileSeq;
    const file_id = `fake-${kind}-${n}-${this.botUser.id}`;
    const file_unique_id = `fake-unique-${kind}-${n}`;
    const file_path = `${kind}s/file_${n}`;
    this.files.set(file_id, { file_unique_id, file_size: content?.bytes.length ?? size, file_path });
    if (content) this.contents.set(file_path, content);
    return { file_id, file_unique_id, file_size: content?.bytes.length ?? size };
  }

  /** The bytes behind a file id or a file path, when they were uploaded for real. */
  fileContent(idOrPath: string): { bytes: Buffer; mimeType: string } | undefined {
    const path = this.files.get(idOrPath)?.file_path ?? idOrPath;
    return this.contents.get(path);
  }

  /** file_path → file_id, for the /file/bot<token>/<path> download endpoint. */
  hasFilePath(path: string): boolean {
    for (const file of this.files.values()) if (file.file_path === path) return true;
    return false;
  }

  // --- Method dispatch -------------------------------------------------------

  /** Answers one Bot API call, or returns undefined for methods not simulated. */
  dispatch(method: string, payload: Record<string, unknown>, files: UploadedFile[]): HttpAnswer | undefined {
    const handler = this.handlers.get(method.toLowerCase());
    if (!handler) return undefined;
    // Bot API 9.4: a button's style is "danger", "success" or "primary"; anything else is refused.
    const styleError = buttonStyleError(payload.reply_markup);
    if (styleError) return apiError(400, styleError);
    const webAppError = webAppButtonError(payload.reply_markup, toChatId(payload.chat_id));
    if (webAppError) return apiError(400, webAppError);
    return handler(payload, files);
  }

  private methodTable(): Record<string, Handler> {
    return {
      getMe: () => ok(this.botInfo),
      sendMessage: (p) => this.sendMessage(p),
      sendPhoto: (p, f) => this.sendMedia(p, f, 'photo'),
      sendDocument: (p, f) => this.sendMedia(p, f, 'document'),
      editMessageText: (p) => this.editMessage(p, 'text'),
      editMessageCaption: (p) => this.editMessage(p, 'caption'),
      editMessageReplyMarkup: (p) => this.editMessage(p, 'markup'),
      deleteMessage: (p) => this.deleteMessage(p),
      deleteMessages: (p) => this.deleteMessages(p),
      copyMessage: (p) => this.copyOrForward(p, 'copy'),
      forwardMessage: (p) => this.copyOrForward(p, 'forward'),
      answerCallbackQuery: (p) => this.answerCallbackQuery(p),
      sendChatAction: (p) => this.withChat(p, () => ok(true)),
      setMyCommands: (p) => this.setMyCommands(p),
      deleteMyCommands: (p) => {
        this.commands.delete(commandsKey(p));
        return ok(true);
      },
      getMyCommands: (p) => ok(this.commands.get(commandsKey(p)) ?? []),
      getChat: (p) => this.withChat(p, (chatId) => ok(fullChatInfo(this.chat(chatId)))),
      getChatMember: (p) => this.withChat(p, (chatId) => this.getChatMember(chatId, p)),
      getChatMemberCount: (p) => this.withChat(p, () => ok(2)),
      getFile: (p) => this.getFile(p),
      setChatMenuButton: (p) => this.setChatMenuButton(p),
      getChatMenuButton: (p) => ok(this.menuButtons.get(toChatId(p.chat_id) ?? 0) ?? this.menuButtons.get(0) ?? { type: 'commands' }),
    };
  }

  /** Runs `fn` with the payload's numeric chat_id, or answers "chat not found". */
  private withChat(p: Record<string, unknown>, fn: (chatId: number) => HttpAnswer): HttpAnswer {
    if (p.chat_id === undefined || p.chat_id === '') return apiError(400, 'Bad Request: chat_id is empty');
    const chatId = toChatId(p.chat_id);
    if (chatId === undefined) return apiError(400, 'Bad Request: chat not found');
    return fn(chatId);
  }

  /** Resolves reply_parameters / reply_to_message_id into the replied message. */
  private replyTarget(chatId: number, p: Record<string, unknown>): Message | HttpAnswer | undefined {
    const params = (p.reply_parameters ?? {}) as { message_id?: unknown; allow_sending_without_reply?: unknown };
    const replyId = toInt(params.message_id ?? p.reply_to_message_id);
    if (replyId === undefined) return undefined;
    const target = this.getMessage(chatId, replyId);
    if (target) return { ...target, reply_to_message: undefined };
    if (params.allow_sending_without_reply || p.allow_sending_without_reply) return undefined;
    return apiError(400, 'Bad Request: message to be replied not found');
  }

  /** Builds and stores a new bot message in `chatId` with the common fields. */
  private newBotMessage(chatId: number, p: Record<string, unknown>, reply: Message | undefined): Message {
    const message: Message = {
      message_id: this.nextMessageId(chatId),
      from: this.botUser,
      chat: this.chat(chatId),
      date: this.nowSec(),
    };
    const threadId = toInt(p.message_thread_id);
    if (threadId !== undefined) message.message_thread_id = threadId;
    if (reply) message.reply_to_message = reply as Message['reply_to_message'];
    const markup = inlineMarkup(p.reply_markup);
    if (markup) message.reply_markup = markup;
    return message;
  }

  private sendMessage(p: Record<string, unknown>): HttpAnswer {
    return this.withChat(p, (chatId) => {
      const text = typeof p.text === 'string' ? p.text : p.text === undefined ? '' : String(p.text);
      if (text.trim() === '') return apiError(400, 'Bad Request: message text is empty');
      const formatted = renderFormatted(text, p.parse_mode, p.entities, this.nowSec());
      if (!formatted.ok) return apiError(400, formatted.description);
      const rendered = formatted.text;
      if (rendered.length > 4096) return apiError(400, 'Bad Request: message is too long');
      const reply = this.replyTarget(chatId, p);
      if (reply && 'status' in reply) return reply;
      const message = this.newBotMessage(chatId, p, reply);
      message.text = rendered;
      if (formatted.entities.length) message.entities = formatted.entities;
      this.storeMessage(message);
      return ok(message);
    });
  }

  private sendMedia(p: Record<string, unknown>, files: UploadedFile[], kind: 'photo' | 'document'): HttpAnswer {
    return this.withChat(p, (chatId) => {
      const input = p[kind];
      if (typeof input !== 'string' || input === '') {
        return apiError(400, `Bad Request: there is no ${kind} in the request`);
      }
      const caption = typeof p.caption === 'string' ? renderText(p.caption, p.parse_mode) : undefined;
      if (caption !== undefined && caption.length > 1024) {
        return apiError(400, 'Bad Request: message caption is too long');
      }
      const reply = this.replyTarget(chatId, p);
      if (reply && 'status' in reply) return reply;
      // "attach://<field>" refers to a multipart file part.
      const upload = input.startsWith('attach://') ? files.find((f) => f.field === input.slice('attach://'.length)) : undefined;
      const message = this.newBotMessage(chatId, p, reply);
      // Sent again by file_id, a file with real bytes (uploaded from the sandbox page) keeps its
      // id, as on Telegram, so whoever receives the copy sees the same picture.
      const known = upload ? undefined : this.files.get(input);
      if (known && this.contents.has(known.file_path)) {
        const same = { file_id: input, file_unique_id: known.file_unique_id, file_size: known.file_size };
        if (kind === 'photo') message.photo = [{ ...same, width: 1280, height: 1280 }];
        else message.document = { ...same, file_name: typeof p.file_name === 'string' ? p.file_name : 'document' };
      } else if (kind === 'photo') {
        message.photo = this.photoSizes(upload?.size);
      } else {
        const file = this.newFile('document', upload?.size);
        const document: Document = { ...file, file_name: upload?.filename ?? fileNameOf(input) };
        if (upload?.contentType) document.mime_type = upload.contentType;
        message.document = document;
      }
      if (caption !== undefined) message.caption = caption;
      if (Array.isArray(p.caption_entities)) message.caption_entities = p.caption_entities;
      this.storeMessage(message);
      return ok(message);
    });
  }

  /** Two sizes (thumbnail and full), as Telegram returns for a photo. */
  photoSizes(size = 50_000): PhotoSize[] {
    const small = this.newFile('photo', Math.max(1, Math.round(size / 20)));
    const large = this.newFile('photo', size);
    return [
      { ...small, width: 90, height: 67 },
      { ...large, width: 1280, height: 960 },
    ];
  }

  private editMessage(p: Record<string, unknown>, what: 'text' | 'caption' | 'markup'): HttpAnswer {
    // Inline messages are not stored: accept the edit.
    if (p.inline_message_id !== undefined) return ok(true);
    return this.withChat(p, (chatId) => {
      const messageId = toInt(p.message_id);
      if (messageId === undefined) return apiError(400, 'Bad Request: message identifier is not specified');
      const message = this.getMessage(chatId, messageId);
      if (!message) return apiError(400, 'Bad Request: message to edit not found');
      if (message.from?.id !== this.botUser.id) return apiError(400, "Bad Request: message can't be edited");

      // Without reply_markup, Telegram removes the inline keyboard.
      const markup = inlineMarkup(p.reply_markup);
      let text: string | undefined;
      let entities: Message['entities'] = [];
      if (what === 'text') {
        if (message.text === undefined) return apiError(400, 'Bad Request: there is no text in the message to edit');
        const raw = typeof p.text === 'string' ? p.text : '';
        if (raw.trim() === '') return apiError(400, 'Bad Request: message text is empty');
        const formatted = renderFormatted(raw, p.parse_mode, p.entities, this.nowSec());
        if (!formatted.ok) return apiError(400, formatted.description);
        text = formatted.text;
        entities = formatted.entities;
        if (text.length > 4096) return apiError(400, 'Bad Request: message is too long');
      } else if (what === 'caption') {
        text = typeof p.caption === 'string' ? renderText(p.caption, p.parse_mode) : '';
      }
      const current = what === 'text' ? message.text : what === 'caption' ? (message.caption ?? '') : undefined;
      const sameEntities = what !== 'text' || JSON.stringify(entities) === JSON.stringify(message.entities ?? []);
      if (text === current && sameEntities && sameMarkup(markup, message.reply_markup)) {
        return apiError(400, NOT_MODIFIED);
      }

      if (what === 'text') {
        message.text = text;
        if (entities.length) message.entities = entities;
        else delete message.entities;
      } else if (what === 'caption') {
        if (text) message.caption = text;
        else delete message.caption;
      }
      if (markup) message.reply_markup = markup;
      else delete message.reply_markup;
      message.edit_date = this.nowSec();
      return ok(message);
    });
  }

  private deleteMessage(p: Record<string, unknown>): HttpAnswer {
    return this.withChat(p, (chatId) => {
      const messageId = toInt(p.message_id);
      const inChat = this.messages.get(chatId);
      if (messageId === undefined || !inChat?.delete(messageId)) {
        return apiError(400, 'Bad Request: message to delete not found');
      }
      return ok(true);
    });
  }

  private deleteMessages(p: Record<string, unknown>): HttpAnswer {
    return this.withChat(p, (chatId) => {
      const ids = Array.isArray(p.message_ids) ? p.message_ids : [];
      const inChat = this.messages.get(chatId);
      for (const id of ids) {
        const n = toInt(id);
        if (n !== undefined) inChat?.delete(n);
      }
      return ok(true);
    });
  }

  private copyOrForward(p: Record<string, unknown>, mode: 'copy' | 'forward'): HttpAnswer {
    return this.withChat(p, (chatId) => {
      const fromChatId = toChatId(p.from_chat_id);
      const messageId = toInt(p.message_id);
      const source = fromChatId === undefined || messageId === undefined ? undefined : this.getMessage(fromChatId, messageId);
      if (!source) return apiError(400, `Bad Request: message to ${mode} not found`);
      const message = this.newBotMessage(chatId, mode === 'copy' ? p : {}, undefined);
      for (const key of ['text', 'entities', 'caption', 'caption_entities', 'photo', 'document'] as const) {
        if (source[key] !== undefined) Object.assign(message, { [key]: source[key] });
      }
      if (mode === 'copy' && typeof p.caption === 'string') message.caption = renderText(p.caption, p.parse_mode);
      if (mode === 'forward') {
        message.forward_origin = source.sender_chat
          ? { type: 'chat', sender_chat: source.sender_chat, date: source.date }
          : { type: 'user', sender_user: source.from ?? this.botUser, date: source.date };
      }
      this.storeMessage(message);
      // copyMessage answers a MessageId, forwardMessage the whole Message.
      return ok(mode === 'copy' ? { message_id: message.message_id } : message);
    });
  }

  private answerCallbackQuery(p: Record<string, unknown>): HttpAnswer {
    const id = typeof p.callback_query_id === 'string' ? p.callback_query_id : String(p.callback_query_id ?? '');
    if (!this.callbackQueryIds.has(id)) {
      return apiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    }
    return ok(true);
  }

  private setMyCommands(p: Record<string, unknown>): HttpAnswer {
    if (!Array.isArray(p.commands)) return apiError(400, 'Bad Request: commands must be an array');
    this.commands.set(commandsKey(p), p.commands as BotCommand[]);
    return ok(true);
  }

  private getChatMember(chatId: number, p: Record<string, unknown>): HttpAnswer {
    const userId = toInt(p.user_id);
    if (userId === undefined) return apiError(400, 'Bad Request: user not found');
    if (userId === this.botUser.id) return ok(memberWithStatus(this.botUser, this.botStatus.get(chatId) ?? 'member'));
    const user = this.users.get(userId) ?? { id: userId, is_bot: false, first_name: `User ${userId}` };
    return ok(memberWithStatus(user, 'member'));
  }

  /** Kept per chat (or as the default without chat_id), as Telegram does; a web_app button needs its text and URL. */
  private setChatMenuButton(p: Record<string, unknown>): HttpAnswer {
    const chatId = p.chat_id === undefined ? 0 : toChatId(p.chat_id);
    if (chatId === undefined) return apiError(400, 'Bad Request: chat not found');
    const button = (p.menu_button ?? { type: 'default' }) as Record<string, unknown>;
    if (button.type === 'web_app') {
      const url = (button.web_app as { url?: unknown } | undefined)?.url;
      if (typeof button.text !== 'string' || button.text === '') return apiError(400, 'Bad Request: menu button text is empty');
      if (!webAppUrlAllowed(url)) return apiError(400, 'Bad Request: BUTTON_URL_INVALID');
    } else if (button.type !== 'commands' && button.type !== 'default') {
      return apiError(400, `Bad Request: unsupported menu button type "${String(button.type)}"`);
    }
    this.menuButtons.set(chatId, button as unknown as MenuButton);
    return ok(true);
  }

  private getFile(p: Record<string, unknown>): HttpAnswer {
    const fileId = typeof p.file_id === 'string' ? p.file_id : '';
    const file = this.files.get(fileId);
    if (!file) return apiError(400, 'Bad Request: invalid file_id');
    return ok({ file_id: fileId, ...file });
  }
}

function commandsKey(p: Record<string, unknown>): string {
  const scope = JSON.stringify(p.scope ?? { type: 'default' });
  return `${scope}|${typeof p.language_code === 'string' ? p.language_code : ''}`;
}

function fileNameOf(input: string): string {
  const last = input.split(/[/?#]/).filter(Boolean).pop();
  return input.startsWith('http') && last ? last : 'document.dat';
}

/** getChat answers a ChatFullInfo: the Chat plus a few required fields. */
function fullChatInfo(chat: Chat): unknown {
  return {
    ...chat,
    accent_color_id: 0,
    max_reaction_count: 11,
    accepted_gift_types: {
      unlimited_gifts: false,
      limited_gifts: false,
      unique_gifts: false,
      premium_subscription: false,
      gifts_from_channels: false,
    },
  };
}

/** A ChatMember object with plausible defaults for the given status. */
export function memberWithStatus(user: User, status: ChatMemberStatus): ChatMember {
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: false,
        can_restrict_members: false,
        can_promote_members: false,
        can_change_info: false,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
        can_send_welcome_messages: false,
      };
    case 'member':
      return { status, user };
    case 'restricted':
      return {
        status,
        user,
        is_member: true,
        can_send_messages: true,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_react_to_messages: true,
        can_change_info: false,
        can_invite_users: false,
        can_edit_tag: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    case 'left':
      return { status, user };
    case 'kicked':
      return { status, user, until_date: 0 };
  }
}
