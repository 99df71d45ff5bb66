// Hall device panels fit their boxes at every screen size (issue 17, E18). A panel marked
// data-fit="scale" gets the largest factor --fit in [0.4, 1] at which nothing in it overflows (its
// type sizes are multiplied by var(--fit)); data-fit="drop" removes the trailing rows of its
// [data-fit-list] until the rest fits (the calling screen keeps the newest calls that fit). Panels
// refit when their content or their size changes, when 长辈版 is switched (it keeps its large type
// and scrolls instead) and once the web fonts have loaded.
'use strict';

(() => {
  /** Whether the element or anything in it shows more than its box (1 px of rounding allowed). */
  const overflows = (panel) => {
    for (const e of [panel, ...panel.querySelectorAll('*')]) {
      if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) {
        if (e === panel || getComputedStyle(e).display !== 'inline') return true;
      }
    }
    return false;
  };

  const fit = (panel) => {
    if (panel.offsetParent === null && getComputedStyle(panel).position !== 'fixed') return; // not shown
    if (panel.dataset.fit === 'drop') {
      const list = panel.querySelector('[data-fit-list]') || panel;
      while (list.children.length > 1 && overflows(panel)) list.lastElementChild.remove();
      return;
    }
    panel.style.setProperty('--fit', '1');
    // 长辈版 keeps its large type (elder.css lets the panels scroll instead).
    if (document.documentElement.classList.contains('elder')) return;
    if (!overflows(panel)) return;
    let lo = 0.4;
    let hi = 1;
    for (let i = 0; i < 7; i++) {
      const mid = (lo + hi) / 2;
      panel.style.setProperty('--fit', mid.toFixed(3));
      if (overflows(panel)) hi = mid;
      else lo = mid;
    }
    panel.style.setProperty('--fit', lo.toFixed(3));
  };

  const pending = new Set();
  let frame = 0;
  const later = (panel) => {
    pending.add(panel);
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        const now = [...pending];
        pending.clear();
        now.forEach(fit);
      });
    }
  };

  const start = () => {
    const panels = [...document.querySelectorAll('[data-fit]')];
    const sized = new ResizeObserver((entries) => entries.forEach((e) => later(e.target)));
    for (const p of panels) {
      sized.observe(p);
      new MutationObserver(() => later(p)).observe(p, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['hidden'] });
      later(p);
    }
    window.addEventListener('resize', () => panels.forEach(later));
    new MutationObserver(() => panels.forEach(later)).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(() => panels.forEach(later));
    // Panels shown later (a kiosk view switching) are measured when they appear.
    window.ycFit = () => panels.forEach(fit);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
