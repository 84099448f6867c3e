import { Agent, request } from 'node:http';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import type { Chat, Message, Update, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app';
import { COMMAND_RULES } from '../../src/domain/permissions';
import { delegateButtons } from '../../src/features/delegate/delegate.callbacks';
import { extensionButtons } from '../../src/features/extend/extend.callbacks';
import { groupButtons } from '../../src/features/instruction/instruction.callbacks';
import { draftButtons } from '../../src/features/issue/issue.callbacks';
import { reportButtons } from '../../src/features/report/report.callbacks';
import { parseConfig } from '../../src/infra/config';
import { messagesFor } from '../../src/infra/i18n';
import { pageButton } from '../../src/infra/telegram/paging';
import { commandEntities } from '../support/fake-telegram-http';
import { memberWithStatus } from '../support/fake-telegram-state';
import {
  ADMIN,
  buttonsOf,
  callText,
  childEnv,
  GOVERNOR,
  importCsv,
  issueTo,
  lastSeq,
  OUTSIDER,
  SECRETARIAT,
  setupOrgWithoutPolling,
  startHarness,
  waitAfter,
  type Harness,
  type IssuedInstruction,
  type OrgMember,
} from '../support/harness';
import { testLogger } from '../support/log-scan';
import { figure } from './figures';

/**
 * Issue #13: a fuzz run of thousands of random and malformed updates, in both modes.
 *
 * Webhook mode: Telegram-shaped updates built from arbitraries (messages in every kind of chat
 * from known and unknown people, every command with hostile arguments, replies, photos and
 * documents, button presses with real and tampered data, membership changes, edits, kinds of
 * update the bot does not take), bodies that are no update at all, and calls without the right
 * secret token, posted to the app's own HTTP server. Long polling: the same updates through the
 * fake Telegram. In both: every Telegram-shaped update answered 200, everything else refused
 * with the status the server promises, no crash (unhandled rejection, uncaught exception), no
 * line at error level or above in the app's log, and afterwards the bot still works: an
 * instruction is delivered, /status answers the governor and ✅ thanks the head.
 *
 * The batch is drawn with a fixed seed (FUZZ_SEED overrides it); a failure lists the bodies
 * that caused it, so it reproduces with the seed alone. No shrinking: each case goes over the
 * network to a real app whose state the previous cases changed.
 *
 * Found and fixed on the way (src/infra/http/server.ts): a body with the right secret whose chat
 * or user id was a string, an object, null or a fraction (or whose update_id was a fraction,
 * negative or past 2^53) was handled, and failed in SQL or the sequence key with an error logged;
 * it is now refused as not an update. A body too large was answered 413 on a connection the
 * server then dropped, and the client's next update on it failed (ECONNRESET); that answer now
 * closes the connection.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 131_313);
const WEBHOOK_UPDATES = 3_000;
const POLLING_UPDATES = 1_500;
const SECRET = 'rahasia_webhook_fuzz_2026';
const WEBHOOK_URL = 'https://arahan.example.go.id/telegram';
/** Parallel webhook calls, as Telegram makes (its default max_connections is 40). */
const PARALLEL = 16;
/** Update ids of bodies that must be refused start here; Telegram-shaped ones (from the fake) stay far below. */
const REFUSED_IDS = 1_000_000_000;

// --- crashes: anything that would have ended a production process
const crashes: string[] = [];
const onRejection = (reason: unknown) => void crashes.push(`unhandledRejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
const onException = (error: Error) => void crashes.push(`uncaughtException: ${error.stack}`);
beforeAll(() => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
});
afterAll(() => {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  figure('crashes', crashes.length);
});

// --- the world the fuzz runs in

/** What the generators know of the organisation: real people, chats, bot messages and ids. */
interface World {
  bot: User;
  /** Registered people (one of them deactivated) and a stranger: the usual senders. */
  people: User[];
  /** The OPD groups the fuzz may touch. */
  groups: Chat.SupergroupChat[];
  /** The bot's own messages: what buttons are pressed on and replies answer. */
  messages: Message[];
  /** Callback data of the real buttons on them. */
  buttons: string[];
  /** Real row ids (assignments, the instruction) for tampered buttons and arguments. */
  ids: number[];
  /** Telegram ids that may appear as command arguments (never the governor's: /status must still answer him). */
  argIds: number[];
  codes: string[];
}

type UpdateBody = Omit<Update, 'update_id'>;

const KNOWN_PREFIXES = [
  ...[groupButtons, reportButtons, extensionButtons, delegateButtons, draftButtons].flatMap((kinds) => Object.values(kinds).map((k) => k.prefix)),
  pageButton.prefix,
  // The organisation's buttons (join requests, invitations).
  'jr',
  'inv:rev',
];
const COMMANDS = Object.keys(COMMAND_RULES);

/** Strings that have broken bots before: SQL, HTML, format strings, odd Unicode, path tricks. */
const HOSTILE = [
  "' OR '1'='1",
  "'; DROP TABLE people; --",
  '" OR ""="',
  '1; DELETE FROM assignments',
  '<b>tebal</b>',
  '<script>alert(1)</script>',
  '</b></i><a href="x">',
  '&amp;&lt;&gt;&#0;',
  // A log4j lookup, as it arrives: a plain string.
  ['$', '{jndi:ldap://x/a}'].join(''),
  '%s%s%s%n%d',
  '{{7*7}}',
  '\\',
  '\u0000\u0001\u001f',
  '\u202Eabc\u202C',
  '\u200B\u200C\u200D\uFEFF',
  'e\u0301\u0302\u0303\u0304\u0305\u0306',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  'مرحبا بالعالم',
  'NaN',
  'Infinity',
  '-0',
  '__proto__',
  'constructor',
  '{"update_id":1}',
  '../../etc/passwd',
  'null',
  'undefined',
  '\n\n\n',
  '\t \t',
];
const HUGE_NUMBERS = [
  '99999999999999999999999999',
  '9007199254740993',
  '1e308',
  '-1',
  '0',
  '00000000000000000001',
  '1.5',
  '0x1F',
  '١٢٣',
  '+7',
  '2147483648',
  '-9223372036854775809',
];

function arbitraries(w: World) {
  const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max });
  const name = fc.oneof(text(64), fc.constantFrom(...HOSTILE.filter((s) => s.trim() !== '')));
  const unknownUser: fc.Arbitrary<User> = fc.record(
    {
      id: fc.oneof(fc.integer({ min: 10_000_000, max: 2 ** 31 - 1 }), fc.integer({ min: 2 ** 31, max: 2 ** 52 })),
      is_bot: fc.boolean(),
      first_name: name,
      last_name: name,
      username: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{4,31}$/),
      language_code: fc.constantFrom('id', 'en', 'xx', 'zh-hans', ''),
    },
    { requiredKeys: ['id', 'is_bot', 'first_name'] },
  );
  // Telegram's own senders: service messages, anonymous admins, channel posts in groups.
  const special = fc.constantFrom<User>(
    { id: 777000, is_bot: false, first_name: 'Telegram' },
    { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' },
    { id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' },
    w.bot,
  );
  // Mostly the organisation's people (the issuers and the admin most, who can do most), so that
  // most updates get past the guards into the use cases.
  const issuers = w.people.filter((p) => p.id === ADMIN.id || p.id === GOVERNOR.id || p.id === SECRETARIAT.id);
  const user = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...issuers) },
    { weight: 4, arbitrary: fc.constantFrom(...w.people) },
    { weight: 2, arbitrary: unknownUser },
    { weight: 1, arbitrary: special },
  );
  const group = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...w.groups) },
    { weight: 1, arbitrary: fc.record({ id: fc.integer({ min: -999_999_999, max: -1 }), type: fc.constant('group' as const), title: name }) },
    {
      weight: 1,
      arbitrary: fc.record({ id: fc.integer({ min: -1_999_999_999_999, max: -1_000_000_000_001 }), type: fc.constant('supergroup' as const), title: name }),
    },
  );
  const privateChat = (u: User): Chat.PrivateChat => ({ id: u.id, type: 'private', first_name: u.first_name });

  // Arguments: real ids and codes, the wrong kind of value, hostile strings.
  const idText = fc.oneof(fc.constantFrom(...w.ids.map(String)), fc.integer({ min: -5, max: 60 }).map(String), fc.constantFrom(...HUGE_NUMBERS), fc.maxSafeInteger().map(String));
  const argPiece = fc.oneof(
    idText,
    fc.constantFrom(...w.codes, ...w.codes.map((c) => c.toLowerCase()), 'OPD999', 'XYZ', 'semua', 'all'),
    fc.constantFrom(...w.argIds.map(String)),
    fc.constantFrom('kepala', 'staf', 'admin', 'pimpinan', 'sekretariat', 'id', 'en', 'xx', 'segera', 'penting', 'biasa', 'hapus', 'off'),
    fc.constantFrom('2026-12-31', '31/12/2026', '2026-02-30', '9999-99-99', '0000-00-00', '22:00-06:00', '25:61-00:00', '3 hari', '-1 hari', '1000000 jam'),
    fc.constantFrom('lapor-1', 'ext-1', `lapor-${HUGE_NUMBERS[0]}`, 'ext--1', 'lapor-', 'abc-def_ghi'),
    fc.constantFrom(...HOSTILE),
    text(40),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );
  // Past Telegram's 4,096 characters too: a text the bot quotes back must still fit its answer.
  const longText = fc.tuple(fc.integer({ min: 3_000, max: 12_000 }), fc.constantFrom('a', 'é', '😀', '<', '&', ' x', '\n')).map(([n, c]) => c.repeat(n));
  const args = fc.oneof({ weight: 12, arbitrary: fc.array(argPiece, { maxLength: 5 }).map((parts) => parts.join(' ')) }, { weight: 1, arbitrary: longText });
  const command = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...COMMANDS) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9_]{1,32}$/) });
  const suffix = fc.constantFrom('', '', '', '@arahan_test_bot', '@ARAHAN_TEST_BOT', '@other_bot');
  const commandText = fc.tuple(command, suffix, fc.constantFrom(' ', '\n', ''), args).map(([c, s, sep, a]) => `/${c}${s}${a ? sep || ' ' : ''}${a}`);
  const header = fc.oneof(argPiece, fc.constantFrom('besok 10.00', 'Jumat 16.00', '2 jam', '0 menit', '99999 jam', 'kemarin', 'klaster Umum', 'OPD1, OPD2, OPD2'));
  const letterForm = fc
    .tuple(fc.subarray(['Kepada', 'Konfirmasi', 'Selesai', 'Sifat', 'Tujuan', 'Prioritas', 'Batas waktu']), fc.array(header, { minLength: 7, maxLength: 7 }), text(300))
    .map(([keys, values, body]) => `/arahan\n${keys.map((k, i) => `${k}: ${values[i]}`).join('\n')}\n\n${body}`);
  const freeText = fc.oneof(
    { weight: 4, arbitrary: text(200) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 1, arbitrary: longText },
  );

  const fileId = fc.stringMatching(/^[A-Za-z0-9_-]{10,80}$/);
  const photo = fc.record(
    {
      photo: fc.array(fc.record({ file_id: fileId, file_unique_id: fileId, width: fc.nat(10_000), height: fc.nat(10_000), file_size: fc.nat() }), { minLength: 1, maxLength: 4 }),
      caption: fc.oneof(freeText, commandText),
    },
    { requiredKeys: ['photo'] },
  );
  const document = fc.record(
    {
      document: fc.record(
        {
          file_id: fileId,
          file_unique_id: fileId,
          file_name: fc.oneof(text(60), fc.constantFrom('../../etc/passwd', 'laporan.pdf', 'a'.repeat(255), 'x.exe', '')),
          mime_type: fc.constantFrom('application/pdf', 'image/jpeg', 'application/x-msdownload', 'text/html', ''),
          file_size: fc.oneof(fc.nat(), fc.constant(2 ** 31)),
        },
        { requiredKeys: ['file_id', 'file_unique_id'] },
      ),
      caption: fc.oneof(freeText, commandText),
    },
    { requiredKeys: ['document'] },
  );
  // Other kinds of message the bot does not act on (service messages among them).
  const other = fc.oneof(
    fc.record({
      sticker: fc.record({
        file_id: fileId,
        file_unique_id: fileId,
        type: fc.constant('regular'),
        width: fc.nat(512),
        height: fc.nat(512),
        is_animated: fc.boolean(),
        is_video: fc.boolean(),
      }),
    }),
    fc.record({ location: fc.record({ latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }) }),
    fc.record({ contact: fc.record({ phone_number: fc.stringMatching(/^\+?\d{5,15}$/), first_name: name }) }),
    fc.record({ new_chat_members: fc.array(fc.oneof(unknownUser, fc.constant(w.bot)), { minLength: 1, maxLength: 3 }) }),
    fc.record({ left_chat_member: fc.oneof(unknownUser, fc.constant(w.bot)) }),
    fc.record({ new_chat_title: name }),
    fc.record({ group_chat_created: fc.constant(true as const) }),
    fc.record({ dice: fc.record({ emoji: fc.constantFrom('🎲', '🎯'), value: fc.integer({ min: 1, max: 6 }) }) }),
    // A group becoming a supergroup: always to a new chat id, as Telegram does.
    fc.record({ migrate_to_chat_id: fc.integer({ min: -1_999_999_999_999, max: -1_000_000_000_001 }) }),
    fc.record({ migrate_from_chat_id: fc.integer({ min: -999_999_999, max: -1 }) }),
  );
  const content = fc.oneof(
    { weight: 6, arbitrary: commandText.map((t) => ({ text: t })) },
    { weight: 1, arbitrary: letterForm.map((t) => ({ text: t })) },
    { weight: 4, arbitrary: freeText.map((t) => ({ text: t })) },
    { weight: 1, arbitrary: photo },
    { weight: 1, arbitrary: document },
    { weight: 1, arbitrary: other },
  );
  const date = fc.oneof({ weight: 8, arbitrary: fc.constant(Math.floor(Date.now() / 1000)) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 31 - 1 }) });

  /** A message from someone in a chat; a reply to one of the bot's messages in that chat when there is one. */
  const message = fc
    .record({
      from: user,
      where: fc.constantFrom('private', 'private', 'private', 'group', 'group'),
      group,
      content,
      date,
      reply: fc.nat(),
      replies: fc.boolean(),
      thread: fc.boolean(),
    })
    .map(({ from, where, group, content, date, reply, replies, thread }) => {
      const chat: Chat = where === 'private' ? privateChat(from) : group;
      const m: Record<string, unknown> = { message_id: 0, date, chat, from, ...content };
      const text = (content as { text?: string }).text;
      const caption = (content as { caption?: string }).caption;
      const entities = text !== undefined ? commandEntities(text) : undefined;
      if (entities) m.entities = entities;
      const captionEntities = caption !== undefined ? commandEntities(caption) : undefined;
      if (captionEntities) m.caption_entities = captionEntities;
      const ownHere = w.messages.filter((x) => x.chat.id === chat.id);
      if (replies && ownHere.length > 0) m.reply_to_message = { ...ownHere[reply % ownHere.length]!, reply_to_message: undefined };
      else if (replies) m.reply_to_message = { message_id: 1 + (reply % 1_000), date, chat, from: w.bot, text: 'pesan lama' };
      if (thread && chat.type === 'supergroup') Object.assign(m, { message_thread_id: 1 + (reply % 50), is_topic_message: true });
      if (from.id === 1087968824) m.sender_chat = chat;
      return m as unknown as Message;
    });

  // Button presses: real data, real prefixes with tampered fields, garbage; on the bot's messages.
  const field = fc.oneof(idText, fc.constantFrom('ok', 'no', 'prog', 'done', 'r', 't', 'c', 'segera', ''), fc.string({ maxLength: 12 }));
  const data = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...w.buttons) },
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...KNOWN_PREFIXES), fc.array(field, { maxLength: 3 })).map(([p, f]) => [p, ...f].join(':')) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
  );
  const callbackQuery = fc
    .record({
      from: user,
      on: fc.nat(),
      where: fc.constantFrom('message', 'message', 'message', 'message', 'inaccessible', 'inline'),
      data: fc.option(data, { freq: 12, nil: undefined }),
      owner: fc.boolean(),
    })
    .map(({ from, on, where, data, owner }) => {
      const target = w.messages[on % w.messages.length]!;
      // In a private chat only its owner can press (mostly); in a group, anyone.
      const presser = target.chat.type === 'private' && owner ? (w.people.find((p) => p.id === target.chat.id) ?? from) : from;
      const q: Record<string, unknown> = { id: '', from: presser, chat_instance: String(target.chat.id * 7 + 3) };
      if (where === 'message') q.message = structuredClone(target);
      // A message too old for the bot to see (Telegram sends date 0), or an inline message.
      else if (where === 'inaccessible') q.message = { chat: target.chat, message_id: target.message_id, date: 0 };
      else q.inline_message_id = `inl-${on}`;
      if (data !== undefined) q.data = data;
      else q.game_short_name = 'permainan';
      return { callback_query: q } as unknown as UpdateBody;
    });

  const status = fc.constantFrom('member', 'administrator', 'left', 'kicked', 'restricted', 'creator' as const);
  const memberChange = fc
    .record({ kind: fc.constantFrom('my_chat_member', 'chat_member'), from: user, chat: fc.oneof(group, user.map(privateChat)), old: status, now: status, who: user, date })
    .map(({ kind, from, chat, old, now, who, date }) => {
      const subject = kind === 'my_chat_member' ? w.bot : who;
      return { [kind]: { chat, from, date, old_chat_member: memberWithStatus(subject, old), new_chat_member: memberWithStatus(subject, now) } } as unknown as UpdateBody;
    });

  const allowed = fc.oneof(
    { weight: 10, arbitrary: message.map((m) => ({ message: m }) as UpdateBody) },
    { weight: 5, arbitrary: callbackQuery },
    { weight: 1, arbitrary: message.map((m) => ({ edited_message: { ...m, edit_date: m.date + 1 } }) as UpdateBody) },
    { weight: 1, arbitrary: memberChange.filter((u) => 'my_chat_member' in u) },
  );
  // Kinds the bot does not ask for (allowed_updates): a webhook set up by hand gets them anyway.
  const unasked = fc.oneof(
    memberChange.filter((u) => 'chat_member' in u),
    message.map((m) => ({ channel_post: { ...m, chat: { id: -1_001_234_567_890, type: 'channel', title: 'Kanal' }, from: undefined } }) as unknown as UpdateBody),
    fc.record({ inline_query: fc.record({ id: fileId, from: user, query: freeText, offset: fc.constant('') }) }) as unknown as fc.Arbitrary<UpdateBody>,
    fc.record({ chat_join_request: fc.record({ chat: group, from: user, user_chat_id: fc.nat(), date }) }) as unknown as fc.Arbitrary<UpdateBody>,
    fc.record({ poll_answer: fc.record({ poll_id: fileId, user, option_ids: fc.array(fc.nat(9)) }) }) as unknown as fc.Arbitrary<UpdateBody>,
    fc.record({
      message_reaction: fc.record({ chat: group, message_id: fc.nat(), user, date, old_reaction: fc.constant([]), new_reaction: fc.constant([{ type: 'emoji', emoji: '👍' }]) }),
    }) as unknown as fc.Arbitrary<UpdateBody>,
    // A kind of update Telegram adds after this code was written, and an update with no kind at all.
    fc.record({ future_update_kind: fc.record({ chat: group, from: user, value: freeText }) }) as unknown as fc.Arbitrary<UpdateBody>,
    fc.constant({} as UpdateBody),
  );
  return { allowed, any: fc.oneof({ weight: 9, arbitrary: allowed }, { weight: 1, arbitrary: unasked }), freeText, user };
}

/** Bodies that are no update: each with the status the server answers (src/infra/http/server.ts). */
function malformedBodies(anyUpdate: fc.Arbitrary<UpdateBody>): fc.Arbitrary<{ body: string | Uint8Array; status: number; what: string }> {
  const id = fc.integer({ min: REFUSED_IDS, max: 2 * REFUSED_IDS });
  const bad = (body: string, what: string) => ({ body, status: 400, what });
  const notJson = fc.string({ unit: 'binary', maxLength: 300 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  });
  const wrongUpdateId = fc.constantFrom<unknown>('"1"', null, true, [1], {}, '', 'abc', 1.5, -7, 2 ** 53 + 2, '1e400');
  return fc.oneof(
    notJson.map((s) => bad(s, 'not JSON')),
    fc.constantFrom('', ' ', 'null', 'true', '0', '"update"', '[]', '{}', '[{"update_id":1}]', '\uFEFF{"update_id":1}').map((s) => bad(s, 'not an update object')),
    fc.tuple(id, anyUpdate).map(([n, u]) => bad(JSON.stringify([{ update_id: n, ...u }]), 'an array of updates')),
    fc
      .tuple(wrongUpdateId, anyUpdate)
      .map(([v, u]) => bad(`{"update_id":${v === '1e400' ? '1e400' : JSON.stringify(v)},${JSON.stringify(u).slice(1)}`.replace(/,}$/, '}'), 'update_id of the wrong type')),
    anyUpdate.map((u) => bad(JSON.stringify(u), 'no update_id')),
    fc.tuple(id, anyUpdate, fc.nat()).map(([n, u, cut]) => {
      const full = JSON.stringify({ update_id: n, ...u });
      return bad(full.slice(0, 1 + (cut % (full.length - 1))), 'truncated JSON');
    }),
    fc.tuple(id, fc.constantFrom<unknown>('abc', null, 1.5, {}, [], true, '-100123'), fc.constantFrom('message', 'edited_message')).map(([n, chatId, kind]) =>
      bad(
        JSON.stringify({
          update_id: n,
          [kind]: { message_id: 1, date: 0, chat: { id: chatId, type: 'private' }, from: { id: 5, is_bot: false, first_name: 'X' }, text: '/start' },
        }),
        'chat.id of the wrong type',
      ),
    ),
    fc
      .tuple(id, fc.constantFrom<unknown>('abc', null, 2.5, {}))
      .map(([n, fromId]) =>
        bad(
          JSON.stringify({ update_id: n, callback_query: { id: 'q', chat_instance: '1', data: 'ack:1', from: { id: fromId, is_bot: false, first_name: 'X' } } }),
          'from.id of the wrong type',
        ),
      ),
    fc.integer({ min: 2_000, max: 60_000 }).map((depth) => bad(`${'['.repeat(depth)}${']'.repeat(depth)}`, 'deeply nested')),
    fc.constant(null).map(() => bad(`{"update_id":${REFUSED_IDS},"message":${'['.repeat(100_000)}`, 'unclosed nesting')),
    // Not UTF-8 at all.
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ body: Uint8Array.from([0xff, 0xfe, ...bytes]), status: 400, what: 'binary' })),
    // Over the 1 MB the server takes in: refused as too large.
    fc.constant(null).map(() => ({ body: JSON.stringify({ update_id: REFUSED_IDS, message: { text: 'x'.repeat(1_100_000) } }), status: 413, what: 'too large' })),
  );
}

type WebhookCase =
  | { kind: 'update'; partial: UpdateBody }
  | { kind: 'again'; pick: number }
  | { kind: 'malformed'; body: string | Uint8Array; status: number; what: string }
  | { kind: 'secret'; secret: string | undefined; partial: UpdateBody }
  | { kind: 'route'; method: string; path: string; status: number };

function webhookCases(w: World): fc.Arbitrary<WebhookCase> {
  const a = arbitraries(w);
  const wrongSecret = fc.oneof(
    fc.constant(undefined),
    // (Not the secret with spaces around it: HTTP takes a header's value without them.)
    fc.constantFrom('', SECRET.toUpperCase(), `${SECRET}x`, `${SECRET}\t${SECRET}`, SECRET.slice(0, -1), 'null', '7000000001:AAFakeTokenForArahanTests_xxxxxxxxxxx'),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,256}$/),
  );
  return fc.oneof(
    { weight: 80, arbitrary: a.any.map((partial) => ({ kind: 'update' as const, partial })) },
    { weight: 3, arbitrary: fc.nat().map((pick) => ({ kind: 'again' as const, pick })) },
    { weight: 10, arbitrary: malformedBodies(a.any).map((m) => ({ kind: 'malformed' as const, ...m })) },
    { weight: 5, arbitrary: fc.tuple(wrongSecret, a.any).map(([secret, partial]) => ({ kind: 'secret' as const, secret, partial })) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        { kind: 'route' as const, method: 'GET', path: '/telegram', status: 404 },
        { kind: 'route' as const, method: 'PUT', path: '/telegram', status: 404 },
        { kind: 'route' as const, method: 'POST', path: '/telegram/', status: 404 },
        { kind: 'route' as const, method: 'POST', path: '/TELEGRAM', status: 404 },
        { kind: 'route' as const, method: 'POST', path: '/', status: 404 },
      ),
    },
  );
}

// --- running the app

interface Run {
  h: Harness;
  app: App;
  world: World;
  /** The reserved OPD: no fuzzed update names its group, head or code; it shows the bot still works. */
  spare: OrgMember;
  /** Log lines at error level or above. */
  errors: string[];
}

const STAF = { id: 62001, first_name: 'Siti', last_name: 'Staf' };

/**
 * A harness that only provides the fake, the database and the queue prefix, and the app under
 * test built here with a logger whose lines the test reads (the log scan reads them too).
 */
async function startRun(mode: 'webhook' | 'polling'): Promise<Run> {
  const h = await startHarness({}, { bot: false, workers: false });
  const config = parseConfig({
    ...childEnv(h.config),
    RATE_GLOBAL_PER_SECOND: '10000',
    RATE_CHAT_PER_SECOND: '10000',
    RATE_GROUP_PER_MINUTE: '100000',
    SUMMARY_EDIT_INTERVAL: '1s',
    // The per-person limit (src/infra/telegram/flood.ts) would silence each of the few senders
    // after a minute's share and the rest of the fuzz would test only that; it still runs, far
    // above what the fuzz sends.
    UPDATES_PER_MINUTE: '1000000',
    GUEST_UPDATES_PER_MINUTE: '1000000',
    LOG_LEVEL: 'info',
    ...(mode === 'webhook' ? { BOT_MODE: 'webhook', WEBHOOK_URL, WEBHOOK_SECRET: SECRET } : {}),
  });
  const errors: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        const level = /"level":(\d+)/.exec(line);
        if (level && Number(level[1]) >= 50) errors.push(line);
      }
      done();
    },
  });
  const app = await createApp(config, { logger: testLogger(config, { also: out, source: `app (${mode})` }), botInfo: h.tg.botInfo });
  await app.start({ bot: true, workers: true });

  const org = await setupOrgWithoutPolling(h, 4);
  const spare = org.pop()!;
  await importCsv(h, 'import-people', `telegram_id,nama,peran,kode_opd\n${STAF.id},Siti Staf,staf,${org[0]!.code}`);
  // The last head stands for every deactivated person.
  await app.deps.db.updateTable('people').set({ active: 0 }).where('telegram_id', '=', org[2]!.head.id).execute();
  const issued: IssuedInstruction = await issueTo(h, org, { ackInMs: 3_600_000, dueInMs: 86_400_000 });
  const chats = [...org.map((m) => m.group.id), GOVERNOR.id];
  const messages = chats.flatMap((id) => h.tg.messagesIn(id));
  const people = [ADMIN, GOVERNOR, SECRETARIAT, STAF, OUTSIDER, ...org.map((m) => m.head)].map((p) => ({ is_bot: false, ...p }));
  const world: World = {
    bot: { id: h.tg.botInfo.id, is_bot: true, first_name: h.tg.botInfo.first_name, username: h.tg.botInfo.username },
    people,
    groups: org.map((m) => m.group),
    messages,
    buttons: messages.flatMap((m) => buttonsOf({ payload: { reply_markup: m.reply_markup } }).map(([, d]) => d)).filter(Boolean),
    ids: [...Object.values(issued.assignment), issued.instructionId],
    argIds: people.filter((p) => p.id !== GOVERNOR.id).map((p) => p.id),
    codes: org.map((m) => m.code),
  };
  expect(world.buttons.length).toBeGreaterThan(0);
  return { h, app, world, spare, errors };
}

/** Waits until the app has gone quiet: no call to the fake for a while (updates handled, their effects sent). */
async function settle(h: Harness, quietMs = 1_000, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  // Long polling's getUpdates goes on for ever: only the other calls count.
  const last = () => h.tg.calls.findLast((c) => c.method !== 'getUpdates')?.seq ?? 0;
  let seen = last();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > end) throw new Error('the app did not go quiet after the fuzz');
    await new Promise((r) => setTimeout(r, 100));
    const now = last();
    if (now !== seen) {
      seen = now;
      since = Date.now();
    }
  }
}

/**
 * The bot still works: a new instruction reaches the spare OPD's group (workers), the governor's
 * /status is answered with it, and its head's ✅ is thanked and recorded. `deliver` hands an
 * update to the bot as the mode does.
 */
async function stillWorks(run: Run, deliver: (update: Update) => Promise<void>): Promise<void> {
  const { h, app, spare } = run;
  const issued = await issueTo(h, [spare], { ackInMs: 3_600_000, dueInMs: 86_400_000 });
  const seq = Number(issued.number.split('-').at(-1));
  const since = lastSeq(h.tg);
  await deliver(h.tg.sendText({ from: GOVERNOR, text: `/status ${seq}` }));
  const status = await waitAfter(h.tg, since, GOVERNOR.id, issued.number, 'the answer to /status');
  expect(callText(status)).toContain(spare.code);

  const press = h.tg.pressButton({ from: spare.head, chatId: spare.group.id, messageId: issued.message[spare.code]!, data: `ack:${issued.assignment[spare.code]}` });
  await deliver(press);
  const [answer] = await h.tg.waitFor((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === press.callback_query!.id, { description: 'the answer to ✅' });
  const head = await app.deps.db.selectFrom('people').select('lang').where('telegram_id', '=', spare.head.id).executeTakeFirstOrThrow();
  expect(answer!.payload.text).toBe(messagesFor(head.lang).ackThanks);
  const row = await app.deps.db.selectFrom('assignments').select('state').where('id', '=', issued.assignment[spare.code]!).executeTakeFirstOrThrow();
  expect(row.state).toBe('acknowledged');
}

/** Gives each generated update what only one update may have: its message id and callback query id. */
function materialise(partial: UpdateBody, i: number): UpdateBody {
  // Counting down from 2e9, clear of the ids the fake gives the bot's messages (counting up).
  const messageId = 2_000_000_000 - i;
  const u = structuredClone(partial) as Record<string, Record<string, unknown> | undefined>;
  for (const kind of ['message', 'edited_message', 'channel_post']) if (u[kind]) u[kind].message_id = messageId;
  if (u.callback_query) u.callback_query.id = `fuzz-${SEED}-${i}`;
  return u as UpdateBody;
}

/** An error-level log line for the failure list, shortened, with the update it names (by id) when it is one of the fuzz's. */
function line(l: string, bodies = new Map<number, string>()): string {
  const id = /"update_id":(\d+)/.exec(l)?.[1];
  const body = id === undefined ? undefined : bodies.get(Number(id));
  return `error-level log line: ${l.length > 700 ? `${l.slice(0, 700)}…` : l}${body ? `\n    after the update ${excerpt(body)}` : ''}`;
}

const excerpt = (body: string | Uint8Array) => {
  const s = typeof body === 'string' ? body : `<${body.length} bytes> ${Buffer.from(body).toString('hex').slice(0, 60)}`;
  return s.length > 400 ? `${s.slice(0, 400)}… (${s.length} characters)` : s;
};

async function inParallel<T>(items: T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

describe(`fuzz, webhook mode (seed ${SEED}, FUZZ_SEED to change)`, () => {
  let run: Run;

  beforeAll(async () => {
    run = await startRun('webhook');
  }, 60_000);
  afterAll(async () => {
    agent.destroy();
    await run?.app.stop();
    await run?.h.close();
  });

  // node:http with keep-alive, as Telegram keeps its connections: fetch costs the process under
  // test several times the CPU per request, which the app would then not have.
  const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });
  const post = (body: string | Uint8Array, secret: string | undefined, method = 'POST', path = '/telegram'): Promise<number | string> =>
    new Promise((resolve) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
      const req = request({ host: '127.0.0.1', port: run.app.httpPort()!, method, path, headers, agent, timeout: 20_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', (err) => resolve(`no answer: ${err.message}`));
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 20 s')));
      req.on('error', (err) => resolve(`no answer: ${err.message}`));
      req.end(method === 'GET' ? undefined : body);
    });

  it(`${WEBHOOK_UPDATES} fuzzed bodies: updates answered 200, the rest refused as promised, nothing crashes or logs an error`, { timeout: 120_000 }, async () => {
    const { h, app, world, errors } = run;
    const cases = fc.sample(webhookCases(world), { seed: SEED, numRuns: WEBHOOK_UPDATES });
    const sent: string[] = [];
    const bodies = new Map<number, string>();
    const wrong: string[] = [];
    let not200 = 0;
    let i = 0;
    // Bodies are built up front (the fake learns every message and callback query id), then posted.
    const requests = cases.map((c) => {
      const n = i++;
      if (c.kind === 'update') {
        const update = h.tg.injectUpdate(materialise(c.partial, n));
        const body = JSON.stringify(update);
        sent.push(body);
        bodies.set(update.update_id, body);
        return { c, body, secret: SECRET as string | undefined, method: 'POST', path: '/telegram', expect: 200 };
      }
      if (c.kind === 'again') {
        // Telegram delivers an update again after a timeout: answered 200, handled once.
        const body = sent.length ? sent[c.pick % sent.length]! : '{}';
        return { c, body, secret: SECRET, method: 'POST', path: '/telegram', expect: sent.length ? 200 : 400 };
      }
      if (c.kind === 'malformed') return { c, body: c.body, secret: SECRET, method: 'POST', path: '/telegram', expect: c.status };
      if (c.kind === 'secret')
        return { c, body: JSON.stringify({ update_id: 3 * REFUSED_IDS + n, ...materialise(c.partial, n) }), secret: c.secret, method: 'POST', path: '/telegram', expect: 401 };
      return { c, body: JSON.stringify({ update_id: 4 * REFUSED_IDS + n }), secret: SECRET, method: c.method, path: c.path, expect: c.status };
    });
    const started = Date.now();
    await inParallel(requests, PARALLEL, async (r) => {
      const status = await post(r.body, r.secret, r.method, r.path);
      if (status === r.expect) return;
      const shaped = r.c.kind === 'update' || r.c.kind === 'again';
      if (shaped) not200++;
      const what = r.c.kind === 'malformed' ? ` (${r.c.what})` : r.c.kind === 'secret' ? ` (secret ${JSON.stringify(r.c.secret)})` : '';
      wrong.push(`${r.c.kind}${what}: expected ${r.expect}, got ${status}: ${r.method} ${r.path} ${excerpt(r.body)}`);
    });
    const tookMs = Date.now() - started;
    await settle(h);

    figure('fuzzed updates (webhook)', requests.length);
    figure('answers other than 200 to Telegram-shaped updates', not200);
    const counts: Record<string, number> = {};
    for (const r of requests) counts[r.c.kind] = (counts[r.c.kind] ?? 0) + 1;
    console.log(`webhook fuzz, seed ${SEED}: ${requests.length} requests in ${tookMs} ms`, counts);

    // Nothing refused was handled: no id of a refused body was claimed.
    const claimed = await app.deps.db.selectFrom('processed_updates').select('update_id').where('update_id', '>=', REFUSED_IDS).execute();
    const problems = [...wrong, ...claimed.map((r) => `update ${r.update_id} of a refused body was handled`), ...errors.map((l) => line(l, bodies)), ...crashes];
    expect(problems, `seed ${SEED}: ${problems.length} problems`).toEqual([]);
  });

  it('the bot still works afterwards: delivery, /status, ✅', async () => {
    await stillWorks(run, async (update) => {
      expect(await post(JSON.stringify(update), SECRET)).toBe(200);
    });
    await settle(run.h, 300);
    expect([...run.errors.map((l) => line(l)), ...crashes]).toEqual([]);
  });
});

describe(`fuzz, long polling (seed ${SEED}, FUZZ_SEED to change)`, () => {
  let run: Run;

  beforeAll(async () => {
    run = await startRun('polling');
  }, 60_000);
  afterAll(async () => {
    await run?.app.stop();
    await run?.h.close();
  });

  it(`${POLLING_UPDATES} fuzzed updates through getUpdates: all taken, nothing crashes or logs an error`, { timeout: 120_000 }, async () => {
    const { h, app, world, errors } = run;
    // Only the kinds the bot asks for (allowed_updates): Telegram keeps the others back.
    const partials = fc.sample(arbitraries(world).allowed, { seed: SEED, numRuns: POLLING_UPDATES });
    const claimedBefore = await app.deps.db
      .selectFrom('processed_updates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const started = Date.now();
    const bodies = new Map<number, string>();
    const ids = partials.map((p, i) => {
      const update = h.tg.injectUpdate(materialise(p, i));
      bodies.set(update.update_id, JSON.stringify(update));
      return update.update_id;
    });
    await h.tg.waitForConfirmed({ timeoutMs: 60_000 });
    await settle(h);
    const tookMs = Date.now() - started;
    figure('fuzzed updates (polling)', ids.length);
    console.log(`polling fuzz, seed ${SEED}: ${ids.length} updates in ${tookMs} ms`);

    // Every update was taken in and claimed (none lost, none refused by the app).
    const claimed = await app.deps.db
      .selectFrom('processed_updates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(claimed.n) - Number(claimedBefore.n)).toBe(ids.length);
    expect([...errors.map((l) => line(l, bodies)), ...crashes], `seed ${SEED}: problems`).toEqual([]);
  });

  it('the bot still works afterwards: delivery, /status, ✅', async () => {
    await stillWorks(run, async () => undefined);
    await settle(run.h, 300);
    expect([...run.errors.map((l) => line(l)), ...crashes]).toEqual([]);
  });
});
