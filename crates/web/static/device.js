// Hall device pages and public mobile pages (kiosk, calling screen, window terminal, rating pad,
// mobile ticket, follow page). Vanilla, no build step: each page names itself in
// <body data-page>, reads what it needs from the queue API and follows the hall's event stream.
// Device pages never render a phone number: only hall, window and ticket data reach the DOM.
'use strict';

const $ = (id) => document.getElementById(id);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** An element with attributes and children (strings become text nodes, never HTML). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** One API call: {ok, status, data}; throws only when the network fails. */
async function api(method, path, body, headers) {
  const h = Object.assign({ Accept: 'application/json', 'X-Device-Request': '1' }, headers || {});
  const init = { method, headers: h, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  let data = null;
  try { data = await res.json(); } catch (_) { data = null; }
  return { ok: res.ok, status: res.status, data };
}

function errMsg(r) {
  return (r && r.data && r.data.error && r.data.error.message) || '系统繁忙，请稍后重试';
}

function newKey() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

function debounce(fn, ms) {
  let t = null;
  return () => { clearTimeout(t); t = setTimeout(fn, ms); };
}

const CST = 'Asia/Shanghai';
const fmtDate = new Intl.DateTimeFormat('zh-CN', { timeZone: CST, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
const fmtTime = new Intl.DateTimeFormat('zh-CN', { timeZone: CST, hour: '2-digit', minute: '2-digit', hour12: false });
const fmtTimeS = new Intl.DateTimeFormat('zh-CN', { timeZone: CST, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const fmtStamp = new Intl.DateTimeFormat('zh-CN', { timeZone: CST, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** «约 12 分钟», «约 1 小时 20 分钟» (the same words as domain::queue::wait_phrase). */
function minutes(m) {
  if (m <= 0) return '无需等候';
  if (m < 60) return `约 ${m} 分钟`;
  return m % 60 ? `约 ${Math.floor(m / 60)} 小时 ${m % 60} 分钟` : `约 ${m / 60} 小时`;
}

/** A category's queue in one line: «等候 3 人 · 约 12 分钟». */
function waitText(c) {
  const est = c.waiting > 0 && c.est_wait_min ? ` · ${minutes(c.est_wait_min)}` : '';
  return `等候 ${c.waiting} 人${est}`;
}

function startClock() {
  const tick = () => {
    const now = new Date();
    for (const c of document.querySelectorAll('[data-clock]')) {
      const t = ('seconds' in c.dataset ? fmtTimeS : fmtTime).format(now);
      c.textContent = '';
      c.append(el('span', { class: 'date' }, fmtDate.format(now)), el('span', { class: 'time' }, t));
    }
  };
  tick();
  setInterval(tick, 1000);
}

function setSlogans(list) {
  const box = $('slogans');
  if (!box) return;
  const text = (list || []).filter(Boolean).join('　　★　　');
  if (box.dataset.text === text) return;
  box.dataset.text = text;
  box.textContent = '';
  if (text) box.append(el('span', {}, text), el('span', {}, '　　★　　' + text));
}

function showRevoked() {
  const o = $('revoked');
  if (o) o.hidden = false;
}

/** Whether this browser's device binding is still live (shows the revoked screen if not). */
async function deviceLive() {
  try {
    const r = await fetch('/api/v1/devices/me', { credentials: 'same-origin', cache: 'no-store' });
    if (r.status === 401) { showRevoked(); return false; }
  } catch (_) { /* offline: try again later */ }
  return true;
}

/**
 * Follows the hall's event stream. EventSource reconnects by itself after a dropped connection;
 * `resync` runs after such a reconnect and when the server says we fell behind. A refused stream
 * (401/403) is not retried by the browser: `check` decides whether to try again.
 */
function live(url, on) {
  let es = null;
  let opened = false;
  let stopped = false;
  const connect = () => {
    es = new EventSource(url);
    es.addEventListener('open', () => {
      document.body.dataset.live = 'open';
      if (opened && on.resync) on.resync();
      opened = true;
    });
    for (const [name, fn] of Object.entries(on.events || {})) {
      es.addEventListener(name, (e) => {
        let d = {};
        try { d = JSON.parse(e.data); } catch (_) { d = {}; }
        fn(d);
      });
    }
    es.addEventListener('resync', () => on.resync && on.resync());
    es.addEventListener('revoked', () => {
      stopped = true;
      document.body.dataset.live = 'revoked';
      es.close();
      showRevoked();
    });
    es.onerror = () => {
      document.body.dataset.live = 'down';
      if (stopped || es.readyState !== EventSource.CLOSED) return;
      es.close();
      setTimeout(async () => {
        if (stopped || (on.check && !(await on.check()))) return;
        opened = true; // the next open is a reconnect: resynchronise
        connect();
      }, 5000);
    };
  };
  connect();
  return { close() { stopped = true; if (es) es.close(); } };
}

// ---------------------------------------------------------------- kiosk

function kiosk(b) {
  const site = Number(b.dataset.site);
  let cats = [];
  let waiting = {};
  let elderly = false;
  let busy = false;
  let backTimer = null;
  let idleTimer = null;

  const views = ['start', 'checkin', 'ticket', 'error', 'rate', 'rated', 'progress', 'guide'];
  const show = (id) => views.forEach((v) => { $(v).hidden = v !== id; });

  function setBusy(on) {
    busy = on;
    b.classList.toggle('busy', on);
    for (const btn of document.querySelectorAll('button')) btn.disabled = on && !btn.hasAttribute('data-back');
  }

  /** Back to the start screen, forgetting everything the last person typed. */
  function reset() {
    clearTimeout(backTimer);
    $('phone').value = '';
    $('q').value = '';
    $('hits').textContent = '';
    $('ck-code').value = '';
    $('ck-phone').value = '';
    $('rt-no').value = '';
    $('rt-code').value = '';
    $('rt-why').hidden = true;
    $('pg-no').value = '';
    $('pg-code').value = '';
    $('pg-error').hidden = true;
    $('pg-result').hidden = true;
    $('progress-form').hidden = false;
    $('gd-q').value = '';
    rateLevel = null;
    setElderly(false);
    show('start');
    loadCats();
  }

  function setElderly(on) {
    elderly = on;
    $('elderly').setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  async function loadCats() {
    try {
      const r = await api('GET', `/api/v1/sites/${site}/queue-categories`);
      if (r.ok) cats = r.data.items.filter((c) => c.active);
      const q = await api('GET', `/api/v1/sites/${site}/queue`);
      if (q.status === 401) { showRevoked(); return; }
      if (q.ok) {
        waiting = {};
        for (const c of q.data.categories) waiting[c.id] = c;
      }
    } catch (_) { /* keep what we had */ }
    renderCats();
  }

  function renderCats() {
    const box = $('categories');
    box.textContent = '';
    if (!cats.length) {
      box.append(el('p', { class: 'hint' }, '暂无可取号的业务，请咨询导办人员'));
      return;
    }
    for (const c of cats) {
      const btn = el('button', { type: 'button', class: 'k-cat', 'data-category': String(c.id) },
        el('span', { class: 'k-prefix' }, c.prefix), el('span', { class: 'k-cat-name' }, c.name));
      if (c.name_mn) btn.append(mnName(c.name_mn));
      if (c.description) btn.append(el('small', {}, c.description));
      if (c.id in waiting) btn.append(el('span', { class: 'k-wait' }, waitText(waiting[c.id])));
      btn.addEventListener('click', () => take({ category_id: c.id }));
      box.append(btn);
    }
  }

  const search = debounce(async () => {
    const q = $('q').value.trim();
    const list = $('hits');
    if (!q) { list.textContent = ''; return; }
    try {
      const r = await api('GET', `/api/v1/sites/${site}/ticket-items?q=${encodeURIComponent(q)}`);
      if ($('q').value.trim() !== q) return;
      list.textContent = '';
      if (!r.ok) { list.append(el('li', { class: 'hint' }, errMsg(r))); return; }
      if (!r.data.items.length) { list.append(el('li', { class: 'hint' }, '没有找到相关事项，请选择左侧业务或咨询导办人员')); return; }
      for (const it of r.data.items) {
        const name = el('span', { class: 'k-hit-name' });
        name.innerHTML = it.name_html; // escaped by the server; only <mark> added
        const btn = el('button', { type: 'button', class: 'k-hit' }, name,
          el('span', { class: 'k-hit-cat' }, `取“${it.category_name}”号 ›`));
        btn.addEventListener('click', () => take({ category_id: it.category_id, item_id: it.item_id }));
        list.append(el('li', {}, btn));
      }
    } catch (_) { /* next keystroke tries again */ }
  }, 250);

  /** One tap, one ticket: a second tap while the first is on its way is ignored, and a retry
   *  after a network failure reuses the same Idempotency-Key so it cannot print twice. */
  async function post(path, body) {
    if (busy) return;
    setBusy(true);
    const key = newKey();
    let r = null;
    for (let attempt = 0; attempt < 2 && !r; attempt++) {
      try { r = await api('POST', path, body, { 'Idempotency-Key': key }); } catch (_) { await sleep(800); }
    }
    setBusy(false);
    if (!r) return showError('网络异常，请稍后重试或咨询导办人员');
    if (r.ok) return showTicket(r.data);
    if (r.status === 401) showRevoked();
    showError(errMsg(r));
  }

  function take(sel) {
    const body = Object.assign({ site_id: site, channel: 'kiosk', priority: elderly ? 'elderly' : 'normal', phone: $('phone').value.replace(/\s+/g, '') }, sel);
    post('/api/v1/tickets', body);
  }

  function showError(msg) {
    $('error-msg').textContent = msg;
    show('error');
    clearTimeout(backTimer);
    backTimer = setTimeout(reset, 10000);
  }

  function showTicket(t) {
    $('t-no').textContent = t.ticket_no;
    $('t-cat').textContent = t.category_name + (t.priority !== 'normal' ? ` · ${t.priority_label}` : '');
    const cat = cats.find((c) => c.id === t.category_id);
    $('t-cat-mn').textContent = (cat && cat.name_mn) || '';
    $('t-cat-mn').hidden = !(cat && cat.name_mn);
    const n = t.waiting_ahead;
    $('t-ahead').textContent = n === null || n === undefined ? '' : n === 0 ? '马上就到您了，请留意叫号'
      : `前面还有 ${n} 人` + (t.est_wait_min ? `，预计等候${minutes(t.est_wait_min)}` : '');
    $('t-time').textContent = '取号时间：' + fmtStamp.format(new Date(t.issued_at));
    const qr = $('t-qr');
    let printed = false;
    const print = () => {
      if (printed) return;
      printed = true;
      try { window.print(); } catch (_) { /* no printer: the screen still shows the ticket */ }
    };
    if (t.follow_code) {
      qr.hidden = false;
      qr.onload = print;
      qr.onerror = print;
      qr.src = `/q/${t.follow_code}/qr.svg`;
      setTimeout(print, 1500);
    } else {
      qr.hidden = true;
      setTimeout(print, 100);
    }
    $('phone').value = '';
    $('ck-phone').value = '';
    $('ck-code').value = '';
    setElderly(false);
    show('ticket');
    if (window.ycElder && window.ycElder.on) window.ycElder.say(`您的号码是 ${t.ticket_no}。${$('t-ahead').textContent}`);
    clearTimeout(backTimer);
    backTimer = setTimeout(reset, 20000);
  }

  $('elderly').addEventListener('click', () => setElderly(!elderly));
  $('q').addEventListener('input', search);
  $('search').addEventListener('submit', (e) => { e.preventDefault(); search(); });
  $('open-checkin').addEventListener('click', () => show('checkin'));
  $('open-rate').addEventListener('click', () => show('rate'));
  $('open-progress').addEventListener('click', () => { show('progress'); idle(); });
  $('open-guide').addEventListener('click', () => { show('guide'); loadGuide(); idle(); });

  /** Back to the start when a look-up or the guide shelf is left alone. */
  function idle() {
    clearTimeout(backTimer);
    backTimer = setTimeout(reset, 90000);
  }

  // 办件进度查询 at the kiosk: the same public look-up as the progress page (case number and
  // query code; wrong pairs are limited per case and client).
  $('progress-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    idle();
    const case_no = $('pg-no').value.trim();
    const query_code = $('pg-code').value.trim();
    const err = $('pg-error');
    err.hidden = true;
    if (!case_no || !query_code) { shout(err, '请填写办件编号和查询码'); return; }
    let r = null;
    try { r = await api('POST', '/api/v1/portal/progress', { case_no, query_code }); } catch (_) { r = null; }
    if (!r) { shout(err, '网络异常，请稍后重试'); return; }
    if (!r.ok) { shout(err, errMsg(r)); return; }
    const p = r.data;
    $('pg-status').textContent = p.status_label;
    $('pg-item').textContent = `${p.item_name}（${p.case_no}）`;
    const facts = $('pg-facts');
    facts.textContent = '';
    const fact = (k, v) => { if (v) facts.append(el('dt', {}, k), el('dd', {}, v)); };
    fact('办理部门', p.department_name);
    fact('受理日期', p.accepted_on);
    fact('承诺办结', p.promised_deadline ? `${p.promised_deadline}（承诺 ${p.promised_limit} 个工作日，已用 ${p.working_days_used} 个）` : '');
    fact('需补正材料', (p.missing || []).join('、'));
    fact('领取方式', p.delivery_label);
    const steps = $('pg-steps');
    steps.textContent = '';
    for (const st of p.steps) {
      steps.append(el('li', {}, el('time', {}, fmtStamp.format(new Date(st.at))), ' ', el('b', {}, st.label), ` → ${st.status_label}`, st.note ? el('small', {}, st.note) : null));
    }
    $('progress-form').hidden = true;
    $('pg-result').hidden = false;
    if (window.ycElder && window.ycElder.on) window.ycElder.say(`您的办件${p.item_name}，当前状态：${p.status_label}`);
  });
  $('pg-print').addEventListener('click', () => {
    b.classList.add('print-progress');
    try { window.print(); } catch (_) { /* no printer: the screen still shows it */ }
    b.classList.remove('print-progress');
  });

  // 办事指南: the hall's items by category, each opening its printable guide page.
  let guideItems = null;
  async function loadGuide() {
    const box = $('gd-list');
    if (!guideItems) {
      try {
        const r = await api('GET', `/api/v1/sites/${site}/guide-items`);
        guideItems = r.ok ? r.data.items : null;
      } catch (_) { guideItems = null; }
    }
    renderGuide();
    if (!guideItems) { box.textContent = ''; box.append(el('p', { class: 'hint' }, '网络异常，请稍后重试')); }
  }
  function renderGuide() {
    const box = $('gd-list');
    if (!guideItems) return;
    const q = $('gd-q').value.trim();
    box.textContent = '';
    let group = null;
    let list = null;
    for (const it of guideItems.filter((x) => !q || x.item_name.includes(q) || x.department.includes(q))) {
      if (group !== it.category_id) {
        group = it.category_id;
        box.append(el('h3', {}, `${it.category_prefix} ${it.category_name}`));
        list = el('ul', { class: 'k-guide-items' });
        box.append(list);
      }
      list.append(el('li', {}, el('a', { class: 'k-guide-item', href: `/guide/items/${it.item_id}?from=kiosk` }, it.item_name, el('small', {}, it.department))));
    }
    if (!box.children.length) box.append(el('p', { class: 'hint' }, '没有找到相关事项'));
  }
  $('gd-q').addEventListener('input', () => { idle(); renderGuide(); });
  // 一事一评 at the kiosk: the case number and query code from the receipt, a level, and for a
  // bad rating what went wrong.
  let rateLevel = null;
  async function rateCase(level, reasons) {
    if (busy) return;
    const case_no = $('rt-no').value.trim();
    const query_code = $('rt-code').value.trim();
    if (!case_no || !query_code) return showError('请输入办件编号和查询码');
    setBusy(true);
    let r = null;
    try { r = await api('POST', '/api/v1/ratings', { case_no, query_code, level, reasons, channel: 'kiosk' }); } catch (_) { r = null; }
    setBusy(false);
    if (!r) return showError('网络异常，请稍后重试或咨询导办人员');
    if (r.status === 401) showRevoked();
    if (!r.ok) return showError(errMsg(r));
    $('rated-msg').textContent = r.data.rectification_order_id ? '感谢您的评价，我们将在规定时限内核实整改并回复您' : '感谢您的评价！';
    $('rt-no').value = '';
    $('rt-code').value = '';
    $('rt-why').hidden = true;
    rateLevel = null;
    show('rated');
    clearTimeout(backTimer);
    backTimer = setTimeout(reset, 10000);
  }
  for (const btn of document.querySelectorAll('.k-lv')) {
    btn.addEventListener('click', () => {
      const level = Number(btn.dataset.level);
      if (level <= 2) { rateLevel = level; $('rt-why').hidden = false; return; }
      rateCase(level, []);
    });
  }
  for (const btn of document.querySelectorAll('.k-reason')) {
    btn.addEventListener('click', () => { if (rateLevel !== null) rateCase(rateLevel, [btn.dataset.reason]); });
  }
  for (const btn of document.querySelectorAll('[data-back]')) btn.addEventListener('click', reset);
  $('checkin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const code = $('ck-code').value.trim();
    const phone = $('ck-phone').value.replace(/\s+/g, '');
    if (!code && !phone) return showError('请输入预约码或预约时填写的手机号');
    post('/api/v1/appointments/check-in', code ? { site_id: site, code } : { site_id: site, phone });
  });
  // A phone number typed and left behind is cleared after a minute without a touch.
  const touched = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => { if (!$('start').hidden || !$('checkin').hidden || !$('rate').hidden) reset(); }, 60000);
  };
  document.addEventListener('pointerdown', touched);
  document.addEventListener('keydown', touched);
  setInterval(() => { if (!$('start').hidden && !busy) loadCats(); }, 60000);
  loadCats();
}

// ---------------------------------------------------------------- calling screen

/** Spoken calls, one after another, each said twice. */
const speech = {
  queue: [],
  busy: false,
  blocked: false,
  say(text) {
    if (!text || !window.speechSynthesis) return;
    this.queue.push(text, text);
    this.pump();
  },
  voice() {
    const voices = window.speechSynthesis.getVoices ? window.speechSynthesis.getVoices() : [];
    return voices.find((v) => /^zh[-_]CN/i.test(v.lang)) || voices.find((v) => /^zh/i.test(v.lang)) || null;
  },
  pump() {
    if (this.busy || this.blocked || !this.queue.length) return;
    const text = this.queue.shift();
    this.busy = true;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    u.rate = 0.9;
    const v = this.voice();
    if (v) u.voice = v;
    let done = false;
    // onend does not always fire (no voice, engine hiccup): never let the queue stall.
    const guard = setTimeout(() => next(), 3000 + text.length * 400);
    const next = () => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      this.busy = false;
      setTimeout(() => this.pump(), 500);
    };
    u.onend = next;
    u.onerror = (e) => {
      if (e.error === 'not-allowed') {
        done = true;
        clearTimeout(guard);
        this.busy = false;
        this.blocked = true;
        this.queue.unshift(text);
        const o = $('voice');
        if (o) o.hidden = false;
      } else {
        next();
      }
    };
    window.speechSynthesis.speak(u);
  },
  /** Browsers that want a gesture first refuse a silent probe: then ask for one tap. */
  probe() {
    if (!window.speechSynthesis || !window.SpeechSynthesisUtterance) return;
    const u = new SpeechSynthesisUtterance('。');
    u.volume = 0;
    u.lang = 'zh-CN';
    u.onerror = (e) => {
      if (e.error === 'not-allowed') {
        this.blocked = true;
        const o = $('voice');
        if (o) o.hidden = false;
      }
    };
    window.speechSynthesis.speak(u);
  },
  unlock() {
    this.blocked = false;
    const o = $('voice');
    if (o) o.hidden = true;
    this.pump();
  },
};

/** A name in traditional Mongolian script, set vertically (null when there is none). */
function mnName(text) {
  return text ? el('span', { class: 'mn', lang: 'mn-Mong' }, text) : null;
}

function screen(b) {
  const site = Number(b.dataset.site);
  let snap = null;
  let lastCall = null;

  async function refresh() {
    try {
      const r = await api('GET', `/api/v1/sites/${site}/queue`);
      if (r.status === 401 || r.status === 403) { await deviceLive(); return; }
      if (!r.ok) return;
      snap = r.data;
      render();
    } catch (_) { /* the stream's next event or reconnect tries again */ }
  }
  const soon = debounce(refresh, 400);

  function showCall(c, fresh) {
    $('now-no').textContent = c.ticket_no;
    $('now-win').textContent = c.window_no;
    $('now-cat').textContent = c.category_name || '';
    const mn = $('now-mn');
    mn.textContent = c.mongolian || '';
    mn.hidden = !c.mongolian;
    if (fresh) {
      const box = document.querySelector('.s-call');
      box.classList.remove('flash');
      void box.offsetWidth; // restart the animation
      box.classList.add('flash');
    }
  }

  function render() {
    if (!lastCall && snap.recent_calls.length) {
      const t = snap.recent_calls[0];
      showCall({ ticket_no: t.ticket_no, window_no: t.window_no || '', category_name: t.category_name, mongolian: snap.now_mongolian }, false);
    }
    const recent = $('recent');
    recent.textContent = '';
    for (const t of snap.recent_calls.slice(0, 8)) {
      recent.append(el('tr', {}, el('td', { class: 'no' }, t.ticket_no), el('td', { class: 'win' }, `${t.window_no || ''}号`), el('td', {}, t.category_name)));
    }
    const waiting = $('waiting');
    waiting.textContent = '';
    for (const c of snap.categories.filter((c) => c.active)) {
      waiting.append(el('li', {}, mnName(c.name_mn), el('span', { class: 'name' }, c.name), el('b', {}, String(c.waiting)), el('span', { class: 'unit' }, '人'),
        c.waiting && c.est_wait_min ? el('small', { class: 'est' }, minutes(c.est_wait_min)) : null));
    }
    const windows = $('windows');
    windows.textContent = '';
    // Open and paused windows one by one; closed ones as one count, so a big hall still fits.
    let closed = 0;
    for (const w of snap.windows) {
      if (w.status === 'closed') { closed += 1; continue; }
      windows.append(el('li', { class: `w-${w.status}`, title: w.pause_reason || '' }, el('b', {}, w.number), el('span', {}, w.status_label)));
    }
    if (closed) windows.append(el('li', { class: 'w-closed' }, el('b', {}, String(closed)), el('span', {}, '个未开')));
    setSlogans(snap.slogans);
  }

  const called = (c) => {
    lastCall = c;
    showCall(c, true);
    speech.say(c.text);
    soon();
  };
  const refreshOn = () => soon();
  live(`/api/v1/sites/${site}/events`, {
    events: { ticket_called: called, ticket_issued: refreshOn, ticket_updated: refreshOn, ticket_finished: refreshOn, window_changed: refreshOn },
    resync: refresh,
    check: deviceLive,
  });
  $('voice').addEventListener('click', () => speech.unlock());
  speech.probe();
  refresh();
  setInterval(refresh, 60000);
}

// ---------------------------------------------------------------- window terminal

function terminal(b) {
  const site = Number(b.dataset.site);
  const win = Number(b.dataset.window);

  function stars(avg, n) {
    if (!n) return '暂无评价';
    const full = Math.round(avg);
    return `${'★'.repeat(full)}${'☆'.repeat(5 - full)} ${avg.toFixed(1)} 分（${n} 条评价）`;
  }

  async function refresh() {
    try {
      const r = await api('GET', `/api/v1/windows/${win}/board`);
      if (r.status === 401 || r.status === 403) { await deviceLive(); return; }
      if (!r.ok) return;
      const w = r.data;
      $('w-no').textContent = w.number;
      $('w-name').textContent = w.name;
      $('w-kind').textContent = w.kind_label;
      $('s-name').textContent = w.staff_name || '暂无工作人员';
      $('s-grade').textContent = w.staff_grade ? `岗位等级：${w.staff_grade}` : '';
      $('s-dept').textContent = w.staff_department || '';
      $('s-stars').textContent = w.staff_name ? stars(w.stars || 0, w.ratings) : '';
      const photo = $('s-photo');
      if (w.staff_photo) {
        const src = `/device/photo?v=${encodeURIComponent(w.staff_photo)}`;
        if (photo.getAttribute('src') !== src) photo.src = src;
        photo.alt = `${w.staff_name || ''}的照片`;
        photo.hidden = false;
      } else {
        photo.hidden = true;
        photo.removeAttribute('src');
      }
      $('s-initial').textContent = (w.staff_name || '').slice(0, 1);
      $('s-initial').hidden = !photo.hidden || !w.staff_name;
      $('serving').textContent = w.serving || (w.status === 'closed' ? '暂未开放' : '——');
      $('paused').hidden = w.status !== 'paused';
      $('pause-reason').textContent = w.pause_reason || '';
      setSlogans(w.slogans);
    } catch (_) { /* try again on the next event */ }
  }
  const soon = debounce(refresh, 300);
  live(`/api/v1/sites/${site}/events?window=${win}`, {
    events: { ticket_called: soon, ticket_updated: soon, ticket_finished: soon, window_changed: soon, rating_saved: soon },
    resync: refresh,
    check: deviceLive,
  });
  refresh();
  setInterval(refresh, 300000);
}

// ---------------------------------------------------------------- rating pad

function pad(b) {
  const site = Number(b.dataset.site);
  const win = Number(b.dataset.window);
  let asking = null;
  let timer = null;
  let busy = false;

  const show = (id) => ['idle', 'ask', 'done'].forEach((v) => { $(v).hidden = v !== id; });
  const idle = () => { asking = null; show('idle'); };

  function ask(id, no) {
    clearTimeout(timer);
    asking = id;
    $('ask-no').textContent = no;
    show('ask');
  }

  function finish(msg) {
    $('done-msg').textContent = msg;
    show('done');
    asking = null;
    clearTimeout(timer);
    timer = setTimeout(() => { idle(); pending(); }, 5000);
  }

  async function pending() {
    try {
      const r = await api('GET', `/api/v1/windows/${win}/pending-rating`);
      if (r.status === 401 || r.status === 403) { await deviceLive(); return; }
      if (r.ok && r.data.ticket) ask(r.data.ticket.id, r.data.ticket.ticket_no);
      else if (r.ok && asking !== null) idle();
    } catch (_) { /* next event */ }
  }

  let chosen = null;
  async function send(level, reasons) {
    if (busy || asking === null) return;
    busy = true;
    try {
      const r = await api('POST', '/api/v1/ratings', { ticket_id: asking, level, reasons });
      // 409: rated already (or not finished); anything else is shown too, then asked again.
      finish(r.ok ? (level <= 2 ? '感谢您的评价，我们将尽快核实整改' : '感谢您的评价') : errMsg(r));
    } catch (_) {
      finish('网络异常，请稍后再评价');
    } finally {
      busy = false;
      $('why').hidden = true;
    }
  }
  for (const btn of document.querySelectorAll('.lv')) {
    btn.addEventListener('click', () => {
      const level = Number(btn.dataset.level);
      // A bad rating says what went wrong (差评须选原因), so that it can be verified.
      if (level <= 2) { chosen = level; $('why').hidden = false; clearTimeout(timer); return; }
      send(level, []);
    });
  }
  for (const btn of document.querySelectorAll('.why')) {
    btn.addEventListener('click', () => { if (chosen !== null) send(chosen, [btn.dataset.reason]); });
  }
  $('why-back').addEventListener('click', () => { chosen = null; $('why').hidden = true; });

  live(`/api/v1/sites/${site}/events?window=${win}`, {
    events: {
      ticket_finished: (d) => { if (d.window_id === win) ask(d.ticket_id, d.ticket_no); },
      rating_saved: (d) => { if (d.ticket_id === asking) finish('感谢您的评价'); },
    },
    resync: pending,
    check: deviceLive,
  });
  pending();
}

// ---------------------------------------------------------------- public mobile pages

/** Shows an error where the phone's user sees it: in view, never below the fold. */
function shout(box, msg) {
  box.textContent = msg;
  box.hidden = false;
  box.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function mobile(b) {
  const site = Number(b.dataset.site);
  let busy = false;
  const fail = (msg) => shout($('error'), msg);

  (async () => {
    const box = $('categories');
    try {
      const r = await api('GET', `/api/v1/sites/${site}/queue-categories`);
      box.textContent = '';
      const cats = r.ok ? r.data.items.filter((c) => c.active) : [];
      if (!cats.length) box.append(el('p', { class: 'hint' }, '暂无可取号的业务'));
      for (const c of cats) {
        const input = el('input', { type: 'radio', name: 'category_id', value: String(c.id) });
        box.append(el('label', { class: 'm-cat' }, input, el('span', { class: 'k-prefix' }, c.prefix),
          el('span', {}, c.name, c.description ? el('small', {}, c.description) : null),
          el('span', { class: 'm-wait', 'data-wait': String(c.id) })));
      }
      const w = await api('GET', `/api/v1/sites/${site}/queue-waits`);
      if (w.ok) for (const x of w.data.items) {
        const slot = box.querySelector(`[data-wait="${x.category_id}"]`);
        if (slot) slot.textContent = waitText(x);
      }
    } catch (_) {
      box.textContent = '';
      box.append(el('p', { class: 'hint' }, '网络异常，请刷新页面'));
    }
  })();

  $('take').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    $('error').hidden = true;
    const picked = document.querySelector('input[name=category_id]:checked');
    if (!picked) return fail('请选择要办理的业务');
    const phone = $('phone').value.replace(/\s+/g, '');
    if (!phone) return fail('请填写手机号，叫号时会发短信提醒');
    busy = true;
    const key = newKey();
    try {
      let r = null;
      for (let attempt = 0; attempt < 2 && !r; attempt++) {
        try { r = await api('POST', '/api/v1/tickets', { site_id: site, category_id: Number(picked.value), channel: 'mobile', phone }, { 'Idempotency-Key': key }); } catch (_) { await sleep(800); }
      }
      if (!r) return fail('网络异常，请稍后重试');
      if (r.ok && r.data.follow_code) { location.href = `/q/${r.data.follow_code}`; return; }
      fail(errMsg(r));
    } finally {
      busy = false;
    }
  });
}

function follow(b) {
  const site = Number(b.dataset.site);
  const code = b.dataset.code;
  let stream = null;
  let lastStatus = null;
  let chosen = null;
  let ratedHere = false;

  function render(f) {
    $('no').textContent = f.ticket.ticket_no;
    $('cat').textContent = f.ticket.category_name;
    $('headline').textContent = f.headline;
    $('status').textContent = f.ticket.status_label;
    b.dataset.status = f.ticket.status;
    // A look-up answered before this page's own rating committed must not bring the form back.
    const rated = f.rated || ratedHere;
    $('rate').hidden = f.ticket.status !== 'done' || rated;
    $('rated').hidden = !rated;
    if (f.ticket.status === 'called' && lastStatus !== null && lastStatus !== 'called' && navigator.vibrate) navigator.vibrate([300, 100, 300]);
    lastStatus = f.ticket.status;
    const over = (f.ticket.status === 'done' && f.rated) || f.ticket.status === 'no_show' || f.ticket.status === 'expired';
    if (over && stream) { stream.close(); stream = null; }
  }

  async function refresh() {
    try {
      const r = await api('GET', `/api/v1/follow/${encodeURIComponent(code)}`);
      if (r.ok) render(r.data);
    } catch (_) { /* the next event or poll tries again */ }
  }
  const soon = debounce(refresh, 300);

  async function send(level, reasons) {
      $('error').hidden = true;
      $('why').hidden = true;
      try {
        const r = await api('POST', '/api/v1/ratings', { follow_code: code, level, reasons });
        if (r.ok || r.status === 409) {
          ratedHere = true;
          $('rate').hidden = true;
          if (r.ok) $('rated').hidden = false;
          else shout($('error'), errMsg(r));
          return;
        }
        shout($('error'), errMsg(r));
      } catch (_) {
        shout($('error'), '网络异常，请稍后重试');
      }
  }
  for (const btn of document.querySelectorAll('.lv')) {
    btn.addEventListener('click', () => {
      const level = Number(btn.dataset.level);
      if (level <= 2) { chosen = level; $('why').hidden = false; return; }
      send(level, []);
    });
  }
  for (const btn of document.querySelectorAll('.why')) {
    btn.addEventListener('click', () => { if (chosen !== null) send(chosen, [btn.dataset.reason]); });
  }
  $('why-back').addEventListener('click', () => { chosen = null; $('why').hidden = true; });

  const all = {};
  for (const name of ['ticket_called', 'ticket_issued', 'ticket_updated', 'ticket_finished', 'window_changed']) all[name] = soon;
  stream = live(`/api/v1/sites/${site}/events?follow=${encodeURIComponent(code)}`, { events: all, resync: refresh });
  // Phones sleep and drop streams; a slow poll keeps the page honest.
  setInterval(refresh, 30000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
  refresh();
}

// ---------------------------------------------------------------- start

(() => {
  const b = document.body;
  const pages = { kiosk, screen, terminal, pad, mobile, follow };
  startClock();
  const page = pages[b.dataset.page];
  if (page) page(b);
})();
