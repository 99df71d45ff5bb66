// The counter workstation (/counter) and the hall manager's live view (/queue/sites/{id}).
// Actions go to the JSON API with the session's CSRF token; the panel is re-rendered on the
// server (…/panel) after every action and whenever the hall's event stream reports a change.
// Also: the item filter of the queue category form.
(function () {
  'use strict';

  // ------------------------------------------------------------ item filter (category form)
  document.querySelectorAll('input[data-filter-for]').forEach(function (box) {
    var list = document.getElementById(box.getAttribute('data-filter-for'));
    var count = document.querySelector('[data-count-for="' + box.getAttribute('data-filter-for') + '"]');
    if (!list) { return; }
    function update() {
      var q = box.value.trim().toLowerCase(), shown = 0, ticked = 0;
      list.querySelectorAll('label[data-label]').forEach(function (l) {
        var hit = !q || l.getAttribute('data-label').toLowerCase().indexOf(q) >= 0;
        var on = l.querySelector('input').checked;
        // Ticked items stay visible so a filter never hides what will be saved.
        l.hidden = !(hit || on);
        if (!l.hidden) { shown += 1; }
        if (on) { ticked += 1; }
      });
      if (count) { count.textContent = '已选 ' + ticked + ' 项，显示 ' + shown + ' 项'; }
    }
    box.addEventListener('input', update);
    list.addEventListener('change', update);
    update();
  });

  var root = document.getElementById('counter') || document.getElementById('live');
  if (!root) { return; }
  var isCounter = root.id === 'counter';
  var site = root.getAttribute('data-site');
  var windowId = root.getAttribute('data-window');
  var csrf = root.getAttribute('data-csrf');
  var panel = document.getElementById('panel');
  var msg = document.getElementById('counter-msg');
  var state = document.getElementById('live-state');
  var panelUrl = isCounter ? '/counter/panel?window=' + encodeURIComponent(windowId) : '/queue/sites/' + encodeURIComponent(site) + '/panel';
  var busy = false;

  function say(text, bad) {
    msg.hidden = false;
    msg.textContent = text;
    msg.className = 'counter-msg ' + (bad ? 'error-box' : 'flash');
    msg.setAttribute('role', bad ? 'alert' : 'status');
  }

  function api(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Accept': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
        if (!r.ok) {
          var m = data && data.error && data.error.message ? data.error.message : '操作失败（' + r.status + '），请刷新页面后重试';
          throw new Error(m);
        }
        return data;
      });
    });
  }

  // Re-renders the panel; waits while someone is typing in it so their input is not lost.
  var pending = false;
  var lastHtml = null;
  function refresh(force) {
    var a = document.activeElement;
    var typing = a && panel.contains(a) && (a.tagName === 'INPUT' || a.tagName === 'SELECT' || a.tagName === 'TEXTAREA');
    if (typing && !force) { pending = true; return Promise.resolve(); }
    pending = false;
    return fetch(panelUrl, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } }).then(function (r) {
      if (!r.ok) { throw new Error('刷新失败（' + r.status + '）'); }
      return r.text();
    }).then(function (html) {
      // An unchanged panel is left alone, so a button about to be clicked is not replaced.
      if (html !== lastHtml) { lastHtml = html; panel.innerHTML = html; }
    }).catch(function (e) { say(e.message, true); });
  }
  panel.addEventListener('focusout', function () { if (pending) { setTimeout(function () { refresh(false); }, 50); } });

  var timer = null;
  function soon() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { timer = null; refresh(false); }, 150);
  }

  function value(sel, scope) {
    var el = (scope || panel).querySelector(sel);
    return el ? el.value.trim() : '';
  }

  function near(btn, sel) {
    var box = btn.closest('.pause-box, details, td, .inline-form') || panel;
    return box.querySelector(sel);
  }

  // Each action: the request to send, and the message on success.
  function run(btn) {
    var act = btn.getAttribute('data-act');
    var t = btn.getAttribute('data-ticket');
    var w = btn.getAttribute('data-window') || windowId;
    var req;
    switch (act) {
      case 'call-next':
        req = api('POST', '/api/v1/windows/' + w + '/call-next').then(function (d) {
          return d && d.ticket ? '已呼叫 ' + d.ticket.ticket_no : '当前没有等候的号';
        });
        break;
      case 'recall':
        req = api('POST', '/api/v1/tickets/' + t + '/recall', {}).then(function (d) { return '已重呼 ' + d.ticket_no + '（第 ' + d.recalls + ' 次）'; });
        break;
      case 'no-show':
        req = api('POST', '/api/v1/tickets/' + t + '/no-show', {}).then(function (d) { return d.ticket_no + ' 已标记过号'; });
        break;
      case 'hold':
        req = api('POST', '/api/v1/tickets/' + t + '/hold', {}).then(function (d) { return d.ticket_no + ' 已挂起'; });
        break;
      case 'finish':
        req = api('POST', '/api/v1/tickets/' + t + '/finish', { outcome: value('#outcome') }).then(function (d) { return d.ticket_no + ' 已办结'; });
        break;
      case 'transfer': {
        var cat = value('#transfer-category'), to = value('#transfer-window');
        if (!cat && !to) { return Promise.reject(new Error('请选择转入的类别或窗口')); }
        var body = { note: value('#transfer-note') };
        if (cat) { body.category_id = Number(cat); }
        if (to) { body.window_id = Number(to); }
        req = api('POST', '/api/v1/tickets/' + t + '/transfer', body).then(function (d) { return d.ticket_no + ' 已转移'; });
        break;
      }
      case 'resume':
        req = api('POST', '/api/v1/tickets/' + t + '/resume', { window_id: Number(windowId) }).then(function (d) { return '已恢复办理 ' + d.ticket_no; });
        break;
      case 'call': {
        var reason = near(btn, '.ooo-reason');
        var why = reason ? reason.value.trim() : '';
        if (!why) { if (reason) { reason.focus(); } return Promise.reject(new Error('指定呼叫须填写原因（记入日志）')); }
        req = api('POST', '/api/v1/tickets/' + t + '/call', { window_id: Number(windowId), note: why }).then(function (d) { return '已指定呼叫 ' + d.ticket_no; });
        break;
      }
      case 'pause': {
        var box = isCounter ? panel.querySelector('#pause-reason') : near(btn, '.pause-reason');
        var r = box ? box.value.trim() : '';
        if (!r) { if (box) { box.focus(); } return Promise.reject(new Error('暂停服务须填写原因，如“临时离岗”“系统故障”')); }
        req = api('POST', '/api/v1/windows/' + w + '/status', { status: 'paused', reason: r }).then(function () { return '窗口已暂停服务'; });
        break;
      }
      case 'open':
        req = api('POST', '/api/v1/windows/' + w + '/status', { status: 'open', reason: '' }).then(function () { return '窗口已开始服务'; });
        break;
      case 'close':
        if (!window.confirm('确定要关闭窗口（结束服务）吗？')) { return Promise.resolve(null); }
        req = api('POST', '/api/v1/windows/' + w + '/status', { status: 'closed', reason: '' }).then(function () { return '窗口已关闭'; });
        break;
      case 'green': {
        var note = near(btn, '.green-note');
        req = api('POST', '/api/v1/tickets/' + t + '/green-channel', { note: note ? note.value.trim() : '' }).then(function (d) { return d.ticket_no + ' 已设为绿色通道'; });
        break;
      }
      default:
        return Promise.resolve(null);
    }
    return req;
  }

  function press(btn) {
    if (!btn || btn.disabled || busy) { return; }
    busy = true;
    btn.disabled = true;
    run(btn).then(function (text) {
      if (text) { say(text, false); }
      return refresh(true);
    }).catch(function (e) {
      say(e.message, true);
      btn.disabled = false;
    }).then(function () { busy = false; });
  }

  root.addEventListener('click', function (e) {
    var btn = e.target.closest('button[data-act]');
    if (btn && root.contains(btn)) { e.preventDefault(); press(btn); }
  });

  // Enter in a reason box presses its button.
  root.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && e.target.tagName === 'INPUT') {
      var box = e.target.closest('.pause-box, details, .inline-form');
      var btn = box && box.querySelector('button[data-act]');
      if (btn) { e.preventDefault(); press(btn); }
    }
  });

  // Function keys of the counter (F5 stays "reload").
  if (isCounter) {
    document.addEventListener('keydown', function (e) {
      if (!/^F(1|2|3|4|6)$/.test(e.key)) { return; }
      var btn = panel.querySelector('button[data-key="' + e.key + '"]');
      e.preventDefault();
      press(btn);
    });
  }

  // Live: the hall's event stream (the session cookie authenticates it).
  if (window.EventSource) {
    var es = new EventSource('/api/v1/sites/' + encodeURIComponent(site) + '/events');
    ['ticket_called', 'ticket_issued', 'ticket_updated', 'ticket_finished', 'window_changed', 'resync'].forEach(function (name) {
      es.addEventListener(name, soon);
    });
    es.onopen = function () { if (state) { state.textContent = '实时'; state.className = 'live-dot on'; } };
    es.onerror = function () { if (state) { state.textContent = '重新连接中…'; state.className = 'live-dot off'; } };
  }
  // Waiting minutes move on even when nothing happens.
  setInterval(function () { refresh(false); }, 60000);
})();
