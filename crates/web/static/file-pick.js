// File inputs in Chinese: the native button (whose text follows the browser's language) is hidden
// behind a «选择文件» label; after a choice the label names the file.
document.addEventListener('change', function (e) {
  var input = e.target;
  if (!input || input.type !== 'file' || !input.parentElement || !input.parentElement.classList.contains('file-pick')) return;
  var text = input.parentElement.querySelector('.file-pick-text');
  if (!text) return;
  var f = input.files && input.files[0];
  text.textContent = f ? '已选择：' + f.name + '（点击更换）' : '选择文件';
});
