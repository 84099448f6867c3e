// The sandbox's chat page: who am I, my chats, the chat as Telegram shows it, and the clock.
// Plain JS, no build step; it talks only to the sandbox server (/sandbox/api/…, /sandbox/events).

const ALLOWED_TAGS = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'INS', 'S', 'STRIKE', 'DEL', 'CODE', 'PRE', 'A', 'BLOCKQUOTE', 'TG-SPOILER', 'TG-EMOJI', 'SPAN']);

const $ = (id) => document.getElementById(id);
const state = {
  info: null,
  me: null,
  chat: null,
  /** message id → { message, html } of the open chat */
  messages: new Map(),
  deleted: new Set(),
  unread: new Map(),
  replyTo: null,
  clock: { now: Date.now(), speed: 1, at: Date.now() },
};

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `Gagal (${res.status})`);
  return data;
}

function toast(text) {
  const el = $('toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 4000);
}

function showAlert(text) {
  $('alert-text').textContent = text;
  $('alert').showModal();
}

// --- Telegram HTML → safe DOM: only Telegram's tags, as text; tg-time shows its text.
function renderHtml(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out = document.createDocumentFragment();
  const walk = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(node.textContent);
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = node.tagName;
      let el;
      if (tag === 'TG-TIME') {
        el = document.createElement('span');
        el.className = 'tg-time';
        const unix = Number(node.getAttribute('unix'));
        if (unix) el.title = formatTime(unix * 1000, true);
      } else if (tag === 'A') {
        el = document.createElement('a');
        const href = node.getAttribute('href') || '';
        if (/^(https?:|tg:)/.test(href)) el.href = href;
        el.rel = 'noopener noreferrer';
      } else if (ALLOWED_TAGS.has(tag)) {
        el = document.createElement(tag === 'TG-SPOILER' || tag === 'TG-EMOJI' ? 'span' : tag.toLowerCase());
      } else {
        el = document.createDocumentFragment();
      }
      walk(node, el);
      to.append(el);
    }
  };
  walk(doc.body, out);
  return out;
}

function formatTime(ms, full) {
  const tz = state.info ? state.info.timezone : undefined;
  const opts = full
    ? { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { timeZone: tz, hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat('id-ID', opts).format(new Date(ms));
}

// --- People and chats

function person(id) {
  return state.info.people.find((p) => p.id === id);
}

function renderPeople() {
  const select = $('who');
  select.replaceChildren();
  const groups = new Map();
  for (const p of state.info.people) {
    if (!groups.has(p.roleLabel)) {
      const g = document.createElement('optgroup');
      g.label = p.roleLabel;
      groups.set(p.roleLabel, g);
      select.append(g);
    }
    const o = document.createElement('option');
    o.value = String(p.id);
    o.textContent = p.opd ? `${p.name} — ${p.roleLabel} ${p.opd}` : `${p.name} — ${p.roleLabel}`;
    groups.get(p.roleLabel).append(o);
  }
}

function renderChats() {
  const list = $('chats');
  list.replaceChildren();
  for (const chat of state.me.chats) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.chat = String(chat.id);
    b.setAttribute('aria-current', state.chat && state.chat.id === chat.id ? 'true' : 'false');
    const title = document.createElement('span');
    title.textContent = chat.title;
    b.append(title);
    const n = state.unread.get(chat.id) || 0;
    if (n > 0) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = String(n);
      badge.setAttribute('aria-label', `${n} pesan baru`);
      b.append(badge);
    }
    b.addEventListener('click', () => openChat(chat.id));
    li.append(b);
    list.append(li);
  }
}

async function choosePerson(id) {
  state.me = person(id);
  state.unread.clear();
  localStorage.setItem('arahan-sandbox-me', String(id));
  state.chat = null;
  renderChats();
  await openChat(state.me.chats[0].id, { keepList: true });
}

async function openChat(chatId, opts = {}) {
  state.chat = state.me.chats.find((c) => c.id === chatId);
  state.messages = new Map();
  state.deleted = new Set();
  state.unread.delete(chatId);
  setReply(null);
  $('chat-title').textContent = state.chat.title;
  if (!opts.keepList) $('layout').classList.add('in-chat');
  renderChats();
  const loading = chatId;
  const data = await api(`/sandbox/api/chats/${chatId}?as=${state.me.id}`);
  if (!state.chat || state.chat.id !== loading) return;
  for (const shown of data.messages) merge(shown);
  renderMenuButton(data.menuButton);
  renderMessages();
}

function renderMenuButton(button) {
  const el = $('menu-button');
  if (button && button.type === 'web_app') {
    el.hidden = false;
    el.textContent = button.text;
    el.onclick = () => openWebApp(button.web_app.url);
  } else {
    el.hidden = true;
  }
}

/** Keeps the newest version of a message (an event may overtake the history that was loading). */
function merge(shown) {
  const id = shown.message.message_id;
  if (state.deleted.has(id)) return;
  const have = state.messages.get(id);
  if (have && (have.message.edit_date || 0) > (shown.message.edit_date || 0)) return;
  state.messages.set(id, shown);
}

function renderMessages() {
  const list = $('messages');
  list.replaceChildren();
  const sorted = [...state.messages.values()].sort((a, b) => a.message.message_id - b.message.message_id);
  if (sorted.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = state.chat.id > 0 ? 'Belum ada pesan. Coba ketik /mulai atau /bantuan.' : 'Belum ada pesan di grup ini.';
    list.append(li);
  }
  for (const shown of sorted) list.append(renderMessage(shown));
  list.scrollTop = list.scrollHeight;
}

function upsertMessage(shown) {
  merge(shown);
  const id = shown.message.message_id;
  const now = state.messages.get(id);
  if (!now) return;
  const list = $('messages');
  const el = renderMessage(now);
  const old = list.querySelector(`[data-id="${id}"]`);
  if (old) {
    old.replaceWith(el);
    return;
  }
  const empty = list.querySelector('.empty');
  if (empty) empty.remove();
  const after = [...list.children].find((li) => Number(li.dataset.id) > id);
  list.insertBefore(el, after || null);
  if (!after) list.scrollTop = list.scrollHeight;
}

function textOf(message) {
  return message.text || message.caption || (message.photo ? '🖼 Foto' : message.document ? `📄 ${message.document.file_name || 'Dokumen'}` : '');
}

function renderMessage({ message, html }) {
  const li = document.createElement('li');
  const fromBot = message.from?.is_bot;
  const mine = message.from && state.me && message.from.id === state.me.id;
  li.className = `msg${mine ? ' mine' : ''}${fromBot ? ' bot' : ''}`;
  li.dataset.id = String(message.message_id);
  if (!mine && state.chat.id < 0) {
    const s = document.createElement('div');
    s.className = 'sender';
    s.textContent = message.from ? [message.from.first_name, message.from.last_name].filter(Boolean).join(' ') : '';
    li.append(s);
  }
  if (message.reply_to_message) {
    const q = document.createElement('div');
    q.className = 'quote';
    q.textContent = textOf(message.reply_to_message);
    li.append(q);
  }
  if (message.photo) {
    const file = message.photo[message.photo.length - 1];
    const img = document.createElement('img');
    img.src = `/sandbox/file/${encodeURIComponent(file.file_id)}`;
    img.alt = message.caption || 'Foto';
    img.onerror = () => {
      const m = document.createElement('div');
      m.className = 'media';
      m.textContent = '🖼 Foto';
      img.replaceWith(m);
    };
    li.append(img);
  }
  if (message.document) {
    const d = document.createElement('div');
    d.className = 'media';
    const a = document.createElement('a');
    a.href = `/sandbox/file/${encodeURIComponent(message.document.file_id)}`;
    a.textContent = `📄 ${message.document.file_name || 'Dokumen'}`;
    a.download = message.document.file_name || 'dokumen';
    d.append(a);
    li.append(d);
  }
  const body = message.text !== undefined ? message.text : message.caption;
  if (body !== undefined) {
    const t = document.createElement('div');
    t.className = 'text';
    if (html) t.append(renderHtml(html));
    else t.textContent = body;
    li.append(t);
  }
  const rows = message.reply_markup?.inline_keyboard;
  if (rows?.length) {
    const kb = document.createElement('div');
    kb.className = 'kb';
    kb.setAttribute('role', 'group');
    kb.setAttribute('aria-label', 'Tombol pesan');
    for (const row of rows) {
      const r = document.createElement('div');
      r.className = 'row';
      for (const button of row) r.append(renderButton(message, button));
      kb.append(r);
    }
    li.append(kb);
  }
  const meta = document.createElement('div');
  meta.className = 'meta';
  const reply = document.createElement('button');
  reply.type = 'button';
  reply.textContent = '↩ Balas';
  reply.setAttribute('aria-label', 'Balas pesan ini');
  reply.addEventListener('click', () => setReply(message));
  const time = document.createElement('time');
  time.textContent = `${message.edit_date ? 'diedit ' : ''}${formatTime(message.date * 1000)}`;
  meta.append(reply, time);
  li.append(meta);
  return li;
}

function renderButton(message, button) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = button.web_app ? `${button.text} ↗` : button.text;
  if (button.style) b.classList.add(button.style);
  b.addEventListener('click', async () => {
    try {
      if (button.callback_data !== undefined) {
        await api('/sandbox/api/press', { as: state.me.id, chat: state.chat.id, message: message.message_id, data: button.callback_data });
      } else if (button.web_app) {
        await openWebApp(button.web_app.url);
      } else if (button.url) {
        await followLink(button.url);
      }
    } catch (err) {
      toast(err.message);
    }
  });
  return b;
}

/** Opens the Mini App the way Telegram does: the URL plus the signed launch data in its hash. */
async function openWebApp(url) {
  const data = await api('/sandbox/api/webapp', { as: state.me.id, url });
  window.open(data.url, '_blank', 'noopener');
}

/** A t.me link to the bot with ?start= opens the private chat and sends /start <payload>, as Telegram does. */
async function followLink(url) {
  const m = /^https?:\/\/t\.me\/([\w]+)\?start=([\w-]+)/.exec(url);
  if (m && m[1].toLowerCase() === state.info.bot.username.toLowerCase()) {
    await openChat(state.me.id);
    await api('/sandbox/api/send', { as: state.me.id, chat: state.me.id, text: `/start ${m[2]}` });
    return;
  }
  toast('Simulasi: tautan ke luar tidak dibuka.');
}

function setReply(message) {
  state.replyTo = message ? message.message_id : null;
  $('replying').hidden = !message;
  $('replying-text').textContent = message ? textOf(message).slice(0, 80) : '';
  if (message) $('text').focus();
}

// --- Composer

async function submit(event) {
  event.preventDefault();
  if (!state.chat) return;
  const text = $('text').value;
  const file = $('file').files[0];
  try {
    if (file) {
      const kind = file.type.startsWith('image/') ? 'photo' : 'document';
      const q = new URLSearchParams({ as: String(state.me.id), chat: String(state.chat.id), kind, name: file.name });
      if (text.trim()) q.set('caption', text);
      if (state.replyTo) q.set('reply', String(state.replyTo));
      const res = await fetch(`/sandbox/api/upload?${q}`, { method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file });
      if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error || 'Gagal mengunggah.');
    } else {
      if (!text.trim()) return;
      await api('/sandbox/api/send', { as: state.me.id, chat: state.chat.id, text, ...(state.replyTo ? { reply: state.replyTo } : {}) });
    }
    $('text').value = '';
    $('file').value = '';
    $('file-name').textContent = '';
    setReply(null);
  } catch (err) {
    toast(err.message);
  }
}

// --- Clock

function renderClock() {
  const c = state.clock;
  const now = c.now + (Date.now() - c.at) * c.speed;
  $('clock').textContent = formatTime(now, true);
  $('speed').value = String(c.speed);
}

// --- Live events

function onEvent(e) {
  if (e.type === 'clock') {
    state.clock = { now: e.now, speed: e.speed, at: Date.now() };
    renderClock();
    if (e.next !== undefined) $('next').textContent = e.next ? `Pengingat berikutnya: ${formatTime(e.next, true)}` : 'Tidak ada pengingat yang menunggu';
    return;
  }
  if (!state.me) return;
  if (e.type === 'message') {
    if (state.chat && e.chatId === state.chat.id) upsertMessage({ message: e.message, html: e.html });
    else if (!e.edited && state.me.chats.some((c) => c.id === e.chatId) && !(e.message.from && e.message.from.id === state.me.id)) {
      state.unread.set(e.chatId, (state.unread.get(e.chatId) || 0) + 1);
      renderChats();
    }
  } else if (e.type === 'deleted') {
    if (state.chat && e.chatId === state.chat.id) {
      for (const id of e.messageIds) {
        state.deleted.add(id);
        state.messages.delete(id);
        const el = $('messages').querySelector(`[data-id="${id}"]`);
        if (el) el.remove();
      }
    }
  } else if (e.type === 'callback_answer') {
    if (e.userId !== state.me.id) return;
    if (e.url) void followLink(e.url).catch((err) => toast(err.message));
    else if (e.text) (e.showAlert ? showAlert : toast)(e.text);
  } else if (e.type === 'menu_button') {
    if (state.chat && (e.chatId === state.chat.id || e.chatId === 0) && state.chat.id > 0) renderMenuButton(e.button);
  }
}

async function start() {
  state.info = await api('/sandbox/api/state');
  state.clock = { ...state.info.clock, at: Date.now() };
  renderPeople();
  const speed = $('speed');
  for (const s of state.info.speeds) {
    const o = document.createElement('option');
    o.value = String(s);
    o.textContent = `${s}×`;
    speed.append(o);
  }
  speed.addEventListener('change', () => api('/sandbox/api/clock/speed', { speed: Number(speed.value) }).catch((err) => toast(err.message)));
  $('jump').addEventListener('click', async () => {
    $('jump').disabled = true;
    try {
      const res = await api('/sandbox/api/clock/jump', {});
      state.clock = { ...res.clock, at: Date.now() };
      renderClock();
      toast(res.jumpedTo ? `Waktu maju ke ${formatTime(res.jumpedTo, true)}` : 'Tidak ada pengingat yang menunggu.');
    } catch (err) {
      toast(err.message);
    } finally {
      $('jump').disabled = false;
    }
  });
  setInterval(renderClock, 1000);
  renderClock();
  $('who').addEventListener('change', () => choosePerson(Number($('who').value)));
  $('composer').addEventListener('submit', submit);
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) $('composer').requestSubmit();
  });
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) e.preventDefault();
  });
  $('file').addEventListener('change', () => {
    const f = $('file').files[0];
    $('file-name').textContent = f ? f.name : '';
  });
  $('reply-cancel').addEventListener('click', () => setReply(null));
  $('back').addEventListener('click', () => $('layout').classList.remove('in-chat'));
  $('messages').addEventListener('click', (e) => {
    const a = e.target.closest('a[href^="https://t.me/"]');
    if (!a) return;
    e.preventDefault();
    void followLink(a.href).catch((err) => toast(err.message));
  });
  const events = new EventSource('/sandbox/events');
  events.onmessage = (m) => onEvent(JSON.parse(m.data));
  const saved = Number(localStorage.getItem('arahan-sandbox-me'));
  const first = person(saved) ? saved : state.info.people[0].id;
  $('who').value = String(first);
  await choosePerson(first);
  document.body.dataset.ready = 'true';
}

start().catch((err) => showAlert(`Sandbox tidak dapat dimuat: ${err.message}`));
