// The leaders' dashboard, a Telegram Mini App (src/features/dashboard). Plain script, no build
// step: it reads Telegram's launch parameters from the URL's hash (tgWebAppData,
// tgWebAppThemeParams) or from window.Telegram.WebApp when Telegram's own script is there,
// exchanges initData once for a session token (kept in sessionStorage for a reload), and draws
// the JSON the server sends. Every word on the page comes from the server's string table, in
// the person's language; the HTML's own words are the Indonesian ones shown while loading.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const SESSION_KEY = 'arahan.dasbor.session';

  // --- launch parameters ---------------------------------------------------------------
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const webApp = window.Telegram && window.Telegram.WebApp ? window.Telegram.WebApp : null;
  const initData = (webApp && webApp.initData) || hash.get('tgWebAppData') || '';
  let themeParams = webApp && webApp.themeParams && Object.keys(webApp.themeParams).length ? webApp.themeParams : null;
  const THEME_KEY = 'arahan.dasbor.theme';
  if (!themeParams) {
    try {
      // From the address, or, after a reload (the address no longer has it), as it was kept.
      themeParams = JSON.parse(hash.get('tgWebAppThemeParams') || sessionStorage.getItem(THEME_KEY) || 'null');
    } catch {
      themeParams = null;
    }
  }
  if (themeParams) sessionStorage.setItem(THEME_KEY, JSON.stringify(themeParams));

  /** Telegram's theme as CSS variables (--tg-theme-bg-color…), as telegram-web-app.js sets them. */
  function applyTheme(params) {
    if (!params || typeof params !== 'object') return;
    const root = document.documentElement;
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === 'string' && /^#[0-9a-f]{3,8}$/i.test(value)) root.style.setProperty(`--tg-theme-${key.replace(/_/g, '-')}`, value);
    }
    const bg = params.bg_color;
    if (typeof bg === 'string' && /^#[0-9a-f]{6}$/i.test(bg)) {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(bg.slice(i, i + 2), 16));
      root.classList.toggle('dark', 0.2126 * r + 0.7152 * g + 0.0722 * b < 128);
    }
  }
  applyTheme(themeParams);
  // The launch data leaves the address bar once read: a copied or shared address then carries
  // nothing (it could be exchanged only once anyway); a reload goes on with the session token.
  if (hash.has('tgWebAppData')) history.replaceState(null, '', location.pathname + location.search);
  if (webApp) {
    webApp.ready();
    if (webApp.expand) webApp.expand();
    if (webApp.onEvent) webApp.onEvent('themeChanged', () => applyTheme(webApp.themeParams));
  }

  // --- session -------------------------------------------------------------------------
  class HttpError extends Error {
    constructor(status, message) {
      super(message || String(status));
      this.status = status;
    }
  }

  /** The initData's own hash field: which opening a stored session came from. */
  const opening = new URLSearchParams(initData).get('hash') || '';

  async function sessionToken(fresh) {
    if (!fresh) {
      try {
        const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
        // The session of this opening, or of the one before a reload (whose address no longer has initData).
        if (stored && (stored.opening === opening || !initData) && stored.expiresAt > Date.now() + 5000) return stored.token;
      } catch {
        // A damaged entry: exchange again.
      }
    }
    const res = await fetch('dasbor/api/session', { method: 'POST', headers: { Authorization: `tma ${initData}` } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new HttpError(res.status, body.message);
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: body.token, expiresAt: body.expiresAt, opening }));
    return body.token;
  }

  async function api(path) {
    const get = async (token) => fetch(path, { headers: { Authorization: `Bearer ${token}` } });
    let res = await get(await sessionToken(false));
    if (res.status === 401) {
      // The stored session has expired: one fresh exchange (refused if this initData was used already).
      sessionStorage.removeItem(SESSION_KEY);
      res = await get(await sessionToken(true));
    }
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new HttpError(res.status, body.message);
    return body;
  }

  // --- drawing -------------------------------------------------------------------------
  let S = null; // the string table of the last answer
  let lastData = null;
  let timelineOpener = null;
  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : `{${k}}`));
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  };
  const SYMBOL = { pending: '·', delivered: '○', acknowledged: '✓', in_progress: '◐', reported: '✉', done: '✔', late_ack: '!', late_due: '‼', none: '–' };

  function status(text) {
    $('status').textContent = text || '';
    $('status').hidden = !text;
  }

  function showError(err) {
    status('');
    const message = err instanceof HttpError && err.message && err.message !== String(err.status) ? err.message : S ? S.failed : 'Data tidak dapat dimuat. Mohon coba lagi.';
    $('error').textContent = message;
    $('error').hidden = false;
    // Refused (401/403): trying again cannot help; anything else may pass on a second try.
    $('retry').hidden = err instanceof HttpError && (err.status === 401 || err.status === 403);
    for (const id of ['filters', 'matrix-section', 'scores-section', 'timeline']) $(id).hidden = true;
  }

  function drawStatic(d) {
    S = d.strings;
    document.documentElement.lang = d.lang;
    document.title = S.title;
    $('title').textContent = S.title;
    $('skip').textContent = S.skip;
    $('subtitle').textContent = `${d.viewer.name} · ${d.period.label}`;
    $('filters-title').textContent = S.filters;
    $('l-period').textContent = S.period;
    $('l-cluster').textContent = S.cluster;
    $('l-priority').textContent = S.priority;
    $('retry').textContent = S.retry;
    $('timeline-close').textContent = S.close;
    $('matrix-title').textContent = S.matrixTitle;
    $('matrix-scroll').setAttribute('aria-label', S.matrixScroll);
    $('legend-title').textContent = S.legend;
    $('scores-title').textContent = S.scoreTitle;
    $('updated').textContent = fill(S.updatedAt, { at: d.updatedAt });
  }

  function options(select, items, selected) {
    select.replaceChildren(...items.map(([value, label]) => el('option', { value, selected: value === selected }, label)));
  }

  function drawFilters(d) {
    options(
      $('f-period'),
      d.filters.periods.map((p) => [p, S.periods[p] || p]),
      d.period.words,
    );
    options($('f-cluster'), [['', S.allClusters], ...d.filters.clusters.map((c) => [c, c])], d.filters.cluster || '');
    options($('f-priority'), [['', S.allPriorities], ...d.filters.priorities.map((p) => [p, S.priorities[p] || p])], d.filters.priority || '');
    $('filters').hidden = false;
  }

  function drawMatrix(d) {
    const m = d.matrix;
    $('matrix-caption').textContent = fill(S.matrixCaption, { instructions: m.instructions.length, opds: m.opds.length, period: d.period.label });
    const table = $('matrix');
    if (m.instructions.length === 0) {
      table.replaceChildren(el('caption', { text: S.matrixNone }));
      $('matrix-scroll').hidden = true;
    } else {
      $('matrix-scroll').hidden = false;
      const head = el(
        'tr',
        {},
        el('th', { scope: 'col' }, S.opd),
        ...m.instructions.map((i) =>
          el(
            'th',
            { scope: 'col', title: i.text },
            // The number's last part only ("0003" of ARH-2026-0003): a phone fits several columns; the full number is in the label and the history.
            el('button', { type: 'button', 'data-instruction': i.id, 'aria-label': fill(S.openTimeline, { number: i.number }) }, i.number.split('-').pop()),
            el('div', { class: 'hint' }, S.priorities[i.priority] || i.priority),
          ),
        ),
      );
      const rows = m.opds.map((o) =>
        el(
          'tr',
          { 'data-opd': o.code },
          el('th', { scope: 'row', title: o.name }, o.code),
          ...m.instructions.map((i) => {
            const state = m.cells[`${i.id}:${o.id}`] || 'none';
            const label = fill(S.cellLabel, { opd: o.code, number: i.number, state: S.states[state] });
            return el('td', { class: `cell s-${state}`, 'data-state': state, 'data-instruction': i.number, title: label }, el('span', { 'aria-hidden': 'true' }, SYMBOL[state]), el('span', { class: 'visually-hidden' }, S.states[state]));
          }),
        ),
      );
      table.replaceChildren(el('caption', { class: 'visually-hidden' }, $('matrix-caption').textContent), el('thead', {}, head), el('tbody', {}, ...rows));
    }
    $('matrix-more').hidden = m.totalOpen <= m.shown;
    $('matrix-more').textContent = m.totalOpen > m.shown ? fill(S.matrixMore, { shown: m.shown, total: m.totalOpen }) : '';
    $('legend').replaceChildren(...d.states.map((s) => el('li', {}, el('span', { class: `cell s-${s}`, 'aria-hidden': 'true' }, SYMBOL[s]), S.states[s])));
    $('matrix-section').hidden = false;
  }

  const SCORE_COLUMNS = [
    ['received', (r) => String(r.received)],
    ['ackOnTime', (r) => r.ack.text],
    ['ackPending', (r) => String(r.ackPending)],
    ['medianAck', (r) => r.medianAck],
    ['doneOnTime', (r) => r.done.text],
    ['overdueNow', (r) => String(r.overdueNow)],
    ['openItems', (r) => String(r.open)],
    ['lateItems', (r) => String(r.late)],
  ];

  function scoreRow(r, isTotal) {
    return el(
      'tr',
      { 'data-opd': isTotal ? 'TOTAL' : r.code, class: isTotal ? 'total' : null },
      el('th', { scope: 'row', title: r.name }, isTotal ? S.total : r.code),
      ...SCORE_COLUMNS.map(([key, value]) => el('td', { 'data-k': key }, value(r))),
    );
  }

  function drawScores(d) {
    $('scores-caption').textContent = fill(S.scoreCaption, { period: d.period.label });
    const head = el('tr', {}, el('th', { scope: 'col' }, S.opd), ...SCORE_COLUMNS.map(([key]) => el('th', { scope: 'col' }, S[key])));
    $('scores').replaceChildren(el('thead', {}, head), el('tbody', {}, scoreRow(d.total, true), ...d.scores.map((r) => scoreRow(r, false))));
    $('scores-section').hidden = false;
  }

  async function load() {
    const params = new URLSearchParams();
    if (lastData) {
      params.set('period', $('f-period').value);
      if ($('f-cluster').value) params.set('cluster', $('f-cluster').value);
      if ($('f-priority').value) params.set('priority', $('f-priority').value);
    }
    status(S ? S.loading : 'Memuat data…');
    $('error').hidden = true;
    $('retry').hidden = true;
    try {
      const d = await api(`dasbor/api/data?${params}`);
      lastData = d;
      drawStatic(d);
      drawFilters(d);
      drawMatrix(d);
      drawScores(d);
      status('');
      document.body.dataset.ready = 'true';
    } catch (err) {
      showError(err);
      document.body.dataset.ready = 'error';
    }
  }

  async function openTimeline(button) {
    timelineOpener = button;
    try {
      const d = await api(`dasbor/api/instructions/${button.dataset.instruction}`);
      $('timeline-title').textContent = fill(S.timelineTitle, { number: d.number });
      $('timeline-text').textContent = d.text;
      $('timeline-meta').replaceChildren(
        el('li', {}, `${S.priority}: ${S.priorities[d.priority] || d.priority} · ${d.state}`),
        el('li', {}, fill(S.issuedBy, { name: d.issuer })),
        el('li', {}, fill(S.ackDeadline, { at: d.ackDeadline })),
        el('li', {}, fill(S.dueAt, { at: d.dueAt })),
      );
      const events = d.events.map((e) => el('li', {}, el('time', {}, e.at), ` — ${e.what}${e.opd ? ` · ${e.opd}` : ''}${e.actor ? ` · ${e.actor}` : ''}`));
      $('timeline-events').replaceChildren(...(events.length ? events : [el('li', {}, S.noEvents)]));
      $('timeline').hidden = false;
      $('timeline').focus();
    } catch (err) {
      showError(err);
    }
  }

  function closeTimeline() {
    $('timeline').hidden = true;
    if (timelineOpener && document.contains(timelineOpener)) timelineOpener.focus();
  }

  $('filters').addEventListener('change', () => load());
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('retry').addEventListener('click', () => load());
  $('matrix').addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-instruction]') : null;
    if (button) openTimeline(button);
  });
  $('timeline-close').addEventListener('click', closeTimeline);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !$('timeline').hidden) closeTimeline();
  });
  load();
})();
