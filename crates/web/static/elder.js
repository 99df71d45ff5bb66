// 长辈版 (elder mode) of the public pages: large type, high contrast and read-aloud through the
// browser's speech. The choice is remembered per device (localStorage) and applied before the
// page paints, so this script loads in <head> without `defer`. Buttons: `[data-elder]` toggles,
// `[data-read]` reads the page's <main> aloud. In elder mode, tapping a button or heading reads
// it too. `window.ycElder` lets page scripts speak (the kiosk reads the ticket it printed).
(() => {
  const KEY = 'yc-elder';
  const root = document.documentElement;
  let on = false;
  try { on = localStorage.getItem(KEY) === '1'; } catch (_) { /* private mode: default off */ }
  root.classList.toggle('elder', on);

  // Text smaller than this is raised in elder mode (the stylesheets size text in px).
  const FLOOR = 20;
  const raised = new Set();
  function floor() {
    for (const e of raised) e.style.fontSize = '';
    raised.clear();
    if (!on || !document.body) return;
    for (const e of document.body.querySelectorAll('*')) {
      if (e.closest('svg') || e.matches('script, style, br, img')) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < FLOOR) { e.style.fontSize = `${FLOOR}px`; raised.add(e); }
    }
  }

  function voice() {
    const all = window.speechSynthesis ? speechSynthesis.getVoices() : [];
    return all.find((v) => /^zh(-|_)?CN/i.test(v.lang)) || all.find((v) => /^zh/i.test(v.lang)) || null;
  }
  /** Reads `text` aloud in Chinese, sentence by sentence (long utterances stall some engines). */
  function say(text) {
    if (!window.speechSynthesis || !text) return false;
    speechSynthesis.cancel();
    const v = voice();
    for (const part of String(text).replace(/\s+/g, ' ').split(/(?<=[。！？；\n])/)) {
      if (!part.trim()) continue;
      const u = new SpeechSynthesisUtterance(part.trim());
      u.lang = 'zh-CN';
      u.rate = 0.9;
      if (v) u.voice = v;
      speechSynthesis.speak(u);
    }
    return true;
  }

  function sync() {
    root.classList.toggle('elder', on);
    for (const b of document.querySelectorAll('[data-elder]')) {
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.textContent = on ? '标准版' : '长辈版';
    }
    for (const b of document.querySelectorAll('[data-read]')) b.hidden = !on && !b.hasAttribute('data-read-always');
    floor();
  }

  function set(value) {
    on = value;
    try { localStorage.setItem(KEY, on ? '1' : '0'); } catch (_) { /* not remembered */ }
    sync();
  }

  window.ycElder = { get on() { return on; }, set, say, refresh: floor };

  document.addEventListener('DOMContentLoaded', () => {
    sync();
    document.addEventListener('click', (e) => {
      if (e.target.closest('[data-elder]')) { set(!on); if (on) say('已切换到长辈版，字体放大，可点击朗读'); return; }
      if (e.target.closest('[data-read]')) { const m = document.querySelector('main'); say(m ? m.innerText : document.body.innerText); return; }
      if (!on) return;
      const t = e.target.closest('button, h1, h2, h3, a, label, th, td, dt, dd, p, li');
      if (t && t.innerText) say(t.innerText);
    });
    // Pages that render later (the kiosk's categories, a ticket) get the floor too.
    let pending = false;
    new MutationObserver(() => {
      if (!on || pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; floor(); });
    }).observe(document.body, { childList: true, subtree: true });
    // A guide opened from the kiosk goes back to the kiosk when nobody touches it.
    const back = document.body.dataset.idleReturn;
    if (back) {
      let timer = null;
      const arm = () => { clearTimeout(timer); timer = setTimeout(() => { location.href = back; }, 120000); };
      for (const ev of ['click', 'touchstart', 'keydown', 'scroll']) document.addEventListener(ev, arm, { passive: true });
      arm();
    }
  });
})();
