// Case pages: filter the item list as one types; on the intake form, dim the identifier that does
// not apply; upload each material's scan (intake form, or a checklist update on the case page) to
// POST /api/v1/uploads with the session's CSRF header, keep the answered sha256 in the row's
// hidden field, show its size and type, or the server's Chinese refusal.
(function () {
  "use strict";

  var MAX = 10 * 1024 * 1024;

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
  if (form) {
    var kind = function () {
      var e = form.querySelector("input[name=kind]:checked");
      var k = e ? e.value : "person";
      form.classList.toggle("is-person", k === "person");
      form.classList.toggle("is-enterprise", k === "enterprise");
    };
    form.querySelectorAll("input[name=kind]").forEach(function (r) { r.addEventListener("change", kind); });
    kind();
  }

  function size(n) { return n < 1024 * 1024 ? (n / 1024).toFixed(1) + " KB" : (n / 1024 / 1024).toFixed(1) + " MB"; }

  document.querySelectorAll("input.m-upload").forEach(function (input) {
    input.addEventListener("change", function () {
      var row = input.closest("tr");
      var state = row.querySelector(".upload-state");
      var hidden = row.querySelector(".m-file");
      var holder = input.closest("[data-csrf]");
      var file = input.files && input.files[0];
      if (!file || !state || !hidden || !holder) return;
      var fail = function (msg) {
        state.textContent = msg;
        state.classList.add("bad");
        input.value = "";
      };
      state.classList.remove("bad");
      if (file.size > MAX) {
        fail("文件大小 " + size(file.size) + " 超过上限 10 MB，请压缩或分页扫描后上传");
        return;
      }
      state.textContent = "正在上传…";
      var body = new FormData();
      body.append("file", file);
      fetch("/api/v1/uploads", {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRF-Token": holder.getAttribute("data-csrf") }
      })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (j) { return { ok: r.ok, status: r.status, j: j }; });
        })
        .then(function (x) {
          if (!x.ok) {
            fail((x.j && x.j.error && x.j.error.message) || (x.status === 413 ? "文件超过大小上限 10 MB" : "上传失败（" + x.status + "）"));
            return;
          }
          hidden.value = x.j.sha256;
          state.textContent = "已上传 " + x.j.sha256.slice(0, 12) + "… · " + size(x.j.size) + " · " + x.j.content_type;
          var sel = row.querySelector(".m-state");
          if (sel && sel.value === "missing") sel.value = "provided";
        })
        .catch(function () { fail("网络异常，上传失败，请重试"); });
    });
  });
})();
