// Print buttons (`data-print`) of the printable pages: no inline script, so the pages keep a strict CSP.
document.addEventListener('click', (e) => {
  if (e.target.closest('[data-print]')) window.print();
});
