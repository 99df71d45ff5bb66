// Small progressive enhancements for the console; every page works without this file.
(function () {
  // Confirm destructive buttons.
  document.addEventListener('submit', function (e) {
    var b = e.target.querySelector('button.danger');
    if (b && !window.confirm('确定要' + b.textContent.trim() + '吗？')) { e.preventDefault(); }
  });
  // Focus the first field with an error so keyboard users land on it.
  var bad = document.querySelector('.has-error input, .has-error select');
  if (bad) { bad.focus(); }
})();
