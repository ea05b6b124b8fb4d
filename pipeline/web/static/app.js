// yushen: drag-and-drop upload and the progress of a check. Plain script, no build step,
// nothing fetched from the internet.
(function () {
  "use strict";
  // the session's CSRF token, from a meta tag (the page allows no inline script)
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.content : "";

  const drop = document.getElementById("drop");
  if (drop) {
    const message = document.getElementById("drop-message");
    const picker = document.getElementById("files");
    const maxBytes = Number(drop.dataset.maxMb) * 1024 * 1024;
    const send = function (files) {
      if (!files.length) { return; }
      let total = 0;
      const form = new FormData();
      for (const f of files) { total += f.size; form.append("files", f, f.name); }
      if (total > maxBytes) { message.textContent = "材料包超过上限，未上传。"; return; }
      message.textContent = "正在上传 " + files.length + " 个文件……";
      fetch("/upload", {method: "POST", body: form, headers: {"X-CSRF-Token": csrf},
                        credentials: "same-origin"})
        .then(function (r) { return r.json().then(function (body) { return [r.ok, body]; }); })
        .then(function ([ok, body]) {
          if (ok) { window.location = body.url; } else { message.textContent = body.detail; }
        })
        .catch(function () { message.textContent = "上传失败，请检查网络后重试。"; });
    };
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) { send(Array.from(e.dataTransfer.files)); });
    picker.addEventListener("change", function () { send(Array.from(picker.files)); });
  }

  const job = document.getElementById("job");
  if (job) {
    const fill = document.getElementById("fill");
    const stage = document.getElementById("stage");
    const poll = function () {
      fetch(job.dataset.statusUrl, {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          const share = s.total ? Math.round(100 * s.done / s.total) : 0;
          fill.style.width = share + "%";
          stage.textContent = s.stage + (s.total ? "（" + s.done + "/" + s.total + "）" : "");
          if (s.status === "done" && s.result) { window.location = s.result; return; }
          if (s.status === "failed") { stage.textContent = "检查失败：" + (s.error || ""); return; }
          setTimeout(poll, 800);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }
}());
