import { readFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { FakeTelegram } from '../simulator/fake-telegram';
import type { SimulatorEvent } from '../simulator/fake-telegram-types';
import { SPEEDS, type SandboxClock, type Speed } from './clock';
import { CAST, chatsOf, DEMO_OPDS, SECRETARIAT_GROUP, type CastMember } from './seed';
import type { TimerDriver } from './timers';
import { TELEGRAM_THEMES } from '../simulator/themes';

/**
 * The sandbox's own HTTP server, on 127.0.0.1 only: the chat page (src/sandbox/page/), its
 * JSON API over the simulator, the live event stream (server-sent events), and everything
 * else (the dashboard Mini App at /dasbor) passed through to the app's HTTP port, so the
 * Mini App is opened from the same local address the bot's PUBLIC_URL names.
 */
export interface SandboxServerDeps {
  sim: FakeTelegram;
  clock: SandboxClock;
  logger: Logger;
  timezone: string;
  /** Set once the app listens (the page is up before the app starts, to know its own URL). */
  appPort: number | null;
  timers: TimerDriver | null;
  publicUrl: string;
}

const PAGE_DIR = new URL('./page/', import.meta.url);
const STATIC: Record<string, string> = {
  '/': 'index.html',
  '/sandbox/app.js': 'app.js',
  '/sandbox/style.css': 'style.css',
};
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** Telegram's limits on what a user sends: 4096 characters of text, 20 MB here for a file (a bot downloads up to 20 MB). */
const MAX_TEXT = 4096;
const MAX_UPLOAD = 20 * 1024 * 1024;

const ROLE_LABEL: Record<CastMember['role'], string> = {
  pimpinan: 'Pimpinan',
  sekretariat: 'Sekretariat',
  admin: 'Admin',
  kepala: 'Kepala OPD',
  staf: 'Staf OPD',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createSandboxServer(deps: SandboxServerDeps): Server {
  const streams = new Set<ServerResponse>();
  const unsubscribe = deps.sim.subscribe((event) => broadcast(streams, event));
  // The clock shown on the page, once a second (at 600× it moves ten minutes between two), with
  // the next timer's moment: the page shows it, and a trainee sees when a jump has somewhere to go.
  let next: number | null = null;
  const clockTimer = setInterval(() => {
    void (deps.timers?.nextDue() ?? Promise.resolve(null))
      .then((due) => {
        next = due;
      })
      .catch(() => undefined)
      .finally(() => broadcast(streams, { type: 'clock', ...clockState(deps), next }));
  }, 1000);
  clockTimer.unref();
  const server = createServer((req, res) => {
    handle(deps, streams, req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) deps.logger.error({ err }, 'sandbox: request failed');
      if (!res.headersSent) json(res, status, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  server.on('close', () => {
    unsubscribe();
    clearInterval(clockTimer);
  });
  // SSE streams never end on their own: close() must not wait for them.
  const close = server.close.bind(server);
  server.close = (cb?: (err?: Error) => void) => {
    for (const res of streams) res.end();
    streams.clear();
    close(cb);
    server.closeAllConnections();
    return server;
  };
  return server;
}

function clockState(deps: SandboxServerDeps) {
  return { now: deps.clock.now(), speed: deps.clock.speed };
}

function broadcast(streams: Set<ServerResponse>, event: SimulatorEvent | { type: 'clock'; now: number; speed: number; next?: number | null }): void {
  const frame = `data: ${JSON.stringify(event)}\n\n`;
  for (const res of streams) res.write(frame);
}

async function handle(deps: SandboxServerDeps, streams: Set<ServerResponse>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const path = url.pathname;
  const file = STATIC[path];
  if (file && req.method === 'GET') return serveStatic(res, file);
  if (!path.startsWith('/sandbox/')) return proxy(deps, req, res);

  if (path === '/sandbox/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 1000\ndata: ${JSON.stringify({ type: 'clock', ...clockState(deps) })}\n\n`);
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  const fileMatch = /^\/sandbox\/file\/([\w-]+)$/.exec(path);
  if (fileMatch && req.method === 'GET') {
    const content = deps.sim.fileContent(fileMatch[1]!);
    if (!content) throw new HttpError(404, 'Berkas tidak ditemukan.');
    res.writeHead(200, { 'content-type': content.mimeType, 'content-length': content.bytes.length, 'cache-control': 'private, max-age=3600' });
    res.end(content.bytes);
    return;
  }
  if (path === '/sandbox/api/state' && req.method === 'GET') {
    return json(res, 200, {
      bot: { name: deps.sim.botInfo.first_name, username: deps.sim.botInfo.username },
      timezone: deps.timezone,
      speeds: SPEEDS,
      clock: clockState(deps),
      people: CAST.map((p) => ({
        id: p.id,
        name: `${p.first_name} ${p.last_name}`,
        role: p.role,
        roleLabel: ROLE_LABEL[p.role],
        opd: p.opd ?? null,
        chats: chatsOf(p),
      })),
    });
  }
  const chatMatch = /^\/sandbox\/api\/chats\/(-?\d+)$/.exec(path);
  if (chatMatch && req.method === 'GET') {
    const person = personOf(url.searchParams.get('as'));
    const chatId = Number(chatMatch[1]);
    chatFor(person, chatId);
    return json(res, 200, { messages: deps.sim.history(chatId), menuButton: chatId > 0 ? deps.sim.menuButton(chatId) : null });
  }
  if (req.method !== 'POST') throw new HttpError(404, 'Tidak ditemukan.');

  if (path === '/sandbox/api/upload') {
    const q = url.searchParams;
    const person = personOf(q.get('as'));
    const chatId = Number(q.get('chat'));
    const chat = chatFor(person, chatId);
    const kind = q.get('kind') === 'photo' ? 'photo' : 'document';
    const bytes = await readBody(req, MAX_UPLOAD);
    if (bytes.length === 0) throw new HttpError(400, 'Berkas kosong.');
    const caption = q.get('caption') ?? '';
    if (caption.length > 1024) throw new HttpError(400, 'Keterangan terlalu panjang (batas 1024 karakter).');
    const reply = q.get('reply');
    // As for text: a reply to a message the simulator does not have is refused (not a 500).
    if (reply && !deps.sim.getMessage(chatId, Number(reply))) throw new HttpError(400, 'Pesan yang dibalas tidak ditemukan.');
    const update = deps.sim.sendUpload({
      from: person,
      chat,
      kind,
      bytes,
      fileName: (q.get('name') ?? 'berkas').slice(0, 255),
      mimeType: req.headers['content-type'] ?? 'application/octet-stream',
      ...(caption ? { caption } : {}),
      ...(reply ? { replyToMessageId: Number(reply) } : {}),
    });
    return json(res, 200, { messageId: update.message?.message_id });
  }

  const body = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8') || '{}') as Record<string, unknown>;
  switch (path) {
    case '/sandbox/api/send': {
      const person = personOf(body.as);
      const chat = chatFor(person, Number(body.chat));
      const text = typeof body.text === 'string' ? body.text : '';
      if (text.trim() === '') throw new HttpError(400, 'Pesan kosong.');
      if (text.length > MAX_TEXT) throw new HttpError(400, `Pesan terlalu panjang (batas ${MAX_TEXT} karakter).`);
      const reply = typeof body.reply === 'number' ? body.reply : undefined;
      if (reply !== undefined && !deps.sim.getMessage(Number(body.chat), reply)) throw new HttpError(400, 'Pesan yang dibalas tidak ditemukan.');
      const update = deps.sim.sendText({ from: person, chat, text, ...(reply !== undefined ? { replyToMessageId: reply } : {}) });
      return json(res, 200, { messageId: update.message?.message_id });
    }
    case '/sandbox/api/press': {
      const person = personOf(body.as);
      const chatId = Number(body.chat);
      chatFor(person, chatId);
      try {
        deps.sim.pressButton({ from: person, chatId, messageId: Number(body.message), data: String(body.data ?? '') });
      } catch {
        throw new HttpError(400, 'Pesan ini sudah tidak ada.');
      }
      return json(res, 200, { ok: true });
    }
    case '/sandbox/api/webapp': {
      const person = personOf(body.as);
      const target = typeof body.url === 'string' ? body.url : '';
      // Only the sandbox's own pages open: nothing leaves the machine.
      if (!target.startsWith(deps.publicUrl)) throw new HttpError(400, 'Hanya halaman sandbox ini yang dapat dibuka.');
      const hash = new URLSearchParams({
        tgWebAppData: deps.sim.signInitData(person),
        tgWebAppVersion: '9.5',
        tgWebAppPlatform: 'web',
        tgWebAppThemeParams: JSON.stringify(TELEGRAM_THEMES.dark),
      });
      return json(res, 200, { url: `${target.split('#')[0]}#${hash.toString()}` });
    }
    case '/sandbox/api/clock/jump': {
      if (!deps.timers) throw new HttpError(503, 'Sandbox belum siap.');
      const to = await deps.timers.jump();
      return json(res, 200, { jumpedTo: to, clock: clockState(deps) });
    }
    case '/sandbox/api/clock/speed': {
      const speed = Number(body.speed);
      if (!(SPEEDS as readonly number[]).includes(speed)) throw new HttpError(400, `Kecepatan harus salah satu dari ${SPEEDS.join(', ')}.`);
      deps.clock.setSpeed(speed as Speed);
      broadcast(streams, { type: 'clock', ...clockState(deps) });
      return json(res, 200, { clock: clockState(deps) });
    }
  }
  throw new HttpError(404, 'Tidak ditemukan.');
}

function personOf(value: unknown): CastMember {
  const person = CAST.find((p) => p.id === Number(value));
  if (!person) throw new HttpError(400, 'Pilih dulu siapa Anda.');
  return person;
}

/** The chat as the simulator takes it, if `person` is in it. */
function chatFor(person: CastMember, chatId: number) {
  if (!chatsOf(person).some((c) => c.id === chatId)) throw new HttpError(403, 'Anda bukan anggota obrolan ini.');
  if (chatId > 0) return undefined;
  const group = chatId === SECRETARIAT_GROUP.id ? SECRETARIAT_GROUP : DEMO_OPDS.find((o) => o.group.id === chatId)!.group;
  return group;
}

async function serveStatic(res: ServerResponse, file: string): Promise<void> {
  const bytes = await readFile(new URL(file, PAGE_DIR));
  res.writeHead(200, { 'content-type': TYPES[file.split('.').pop()!] ?? 'application/octet-stream', 'content-length': bytes.length, 'cache-control': 'no-cache' });
  res.end(bytes);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Berkas terlalu besar (batas ${Math.round(limit / 1024 / 1024)} MB).`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Everything that is not the sandbox's own goes to the app's HTTP port (the /dasbor Mini App, health). */
function proxy(deps: SandboxServerDeps, req: IncomingMessage, res: ServerResponse): void {
  if (deps.appPort === null) throw new HttpError(503, 'Bot sedang dinyalakan.');
  const upstream = request(
    { host: '127.0.0.1', port: deps.appPort, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${deps.appPort}` } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    deps.logger.warn({ err }, 'sandbox: the app did not answer');
    if (!res.headersSent) json(res, 502, { error: 'Bot tidak menjawab.' });
    else res.destroy();
  });
  req.pipe(upstream);
}
