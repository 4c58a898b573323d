// Idle-timeout warning: the server ends the session after the idle limit (akun.middleware.SesiMiddleware);
// this shows a countdown shortly before, and "Tetap masuk" counts as activity.
(function () {
  const modalEl = document.getElementById("sesi-peringatan");
  if (!modalEl || !window.bootstrap) return;
  const modal = bootstrap.Modal.getOrCreateInstance(modalEl, { backdrop: "static", keyboard: false });
  const counter = modalEl.querySelector("[data-sesi-hitung]");
  const warnBefore = Number(modalEl.dataset.peringatan);
  let deadline = Date.now() + Number(modalEl.dataset.sisa) * 1000;
  let shown = false;

  function restart(seconds) {
    deadline = Date.now() + seconds * 1000;
    if (shown) { modal.hide(); shown = false; }
  }

  function tick() {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (left === 0) { window.location.reload(); return; }  // the server answers with the login page
    if (left <= warnBefore) {
      counter.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (!shown) { modal.show(); shown = true; }
    }
  }

  modalEl.querySelector("[data-sesi-perpanjang]").addEventListener("click", function () {
    fetch(modalEl.dataset.perpanjang, { method: "POST", headers: { "X-CSRFToken": modalEl.dataset.csrf }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
      .then(function (data) { restart(data.sisa); })
      .catch(function () { window.location.reload(); });
  });
  // A request the user made through htmx is activity on the server too (background polls are not).
  document.body.addEventListener("htmx:afterRequest", function (e) {
    const el = e.detail.elt;
    if (el && el.closest && !el.closest("[hx-trigger*='every'], [hx-trigger='load']")) restart(Number(modalEl.dataset.batas) - 60);  // the server writes activity once a minute
  });
  setInterval(tick, 1000);
})();
