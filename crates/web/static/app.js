// Small progressive enhancements for the console; every page works without this file.
(function () {
  // Confirm destructive buttons.
  document.addEventListener('submit', function (e) {
    var b = e.target.querySelector('button.danger');
    if (b && !window.confirm('确定要' + b.textContent.trim() + '吗？')) { e.preventDefault(); }
  });
  // "/" from anywhere jumps to the item quick search; Enter then opens the clerk's quick view.
  document.addEventListener('keydown', function (e) {
    var t = e.target, typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
    var box = document.getElementById('quickbox');
    if (e.key === '/' && !typing && box) { e.preventDefault(); box.focus(); box.select(); }
  });
  // Focus the first field with an error so keyboard users land on it.
  var bad = document.querySelector('.has-error input, .has-error select');
  if (bad) { bad.focus(); }
})();
