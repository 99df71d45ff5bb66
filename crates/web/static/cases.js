// Case pages: filter the item list as one types; on the intake form, dim the identifier that does
// not apply and upload each material's scan to POST /api/v1/uploads (session CSRF header), keeping
// the answered sha256 in the row's hidden field and showing the server's Chinese refusal.
(function () {
  "use strict";

  var filter = document.querySelector("[data-filter]");
  if (filter) {
    var rows = document.querySelectorAll(filter.getAttribute("data-filter"));
    filter.addEventListener("input", function () {
      var q = filter.value.trim();
      rows.forEach(function (li) {
        li.hidden = q !== "" && (li.getAttribute("data-text") || "").indexOf(q) < 0;
      });
    });
  }

  var form = document.getElementById("intake");
  if (!form) return;
  var csrf = form.getAttribute("data-csrf");

  function kind() {
    var e = form.querySelector("input[name=kind]:checked");
    var k = e ? e.value : "person";
    form.classList.toggle("is-person", k === "person");
    form.classList.toggle("is-enterprise", k === "enterprise");
  }
  form.querySelectorAll("input[name=kind]").forEach(function (r) { r.addEventListener("change", kind); });
  kind();

  function kb(n) { return n < 1024 * 1024 ? (n / 1024).toFixed(1) + " KB" : (n / 1024 / 1024).toFixed(1) + " MB"; }

  form.querySelectorAll("input.m-upload").forEach(function (input) {
    input.addEventListener("change", function () {
      var pos = input.getAttribute("data-pos");
      var state = document.getElementById("m-upload-state-" + pos);
      var hidden = document.getElementById("m-file-" + pos);
      var file = input.files && input.files[0];
      if (!file) return;
      state.classList.remove("bad");
      state.textContent = "正在上传…";
      var body = new FormData();
      body.append("file", file);
      fetch("/api/v1/uploads", { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRF-Token": csrf } })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (j) { return { ok: r.ok, status: r.status, j: j }; });
        })
        .then(function (x) {
          if (!x.ok) {
            var msg = (x.j && x.j.error && x.j.error.message) || (x.status === 413 ? "文件超过大小上限 10 MB" : "上传失败（" + x.status + "）");
            state.textContent = msg;
            state.classList.add("bad");
            hidden.value = "";
            input.value = "";
            return;
          }
          hidden.value = x.j.sha256;
          state.textContent = "已上传 " + x.j.sha256.slice(0, 12) + "… · " + kb(x.j.size) + " · " + x.j.content_type;
          var sel = document.getElementById("m-state-" + pos);
          if (sel && sel.value === "missing") sel.value = "provided";
        })
        .catch(function () {
          state.textContent = "网络异常，上传失败，请重试";
          state.classList.add("bad");
        });
    });
  });
})();
