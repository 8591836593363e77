// The till's order QR: ask the payments API every 2 seconds whether the tourist paid, and say so.
// A static file, as the Content-Security-Policy wants (no inline script).
(function () {
  "use strict";
  var line = document.getElementById("payment-status");
  if (!line || !line.dataset.pollUrl) { return; }
  var done = false;
  function money(m) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "currency", currency: m.currency }).format(Number(m.value));
    } catch (e) { return m.value + " " + m.currency; }
  }
  function show(payment) {
    if (payment.status === "succeeded") {
      done = true;
      line.textContent = line.dataset.labelPaid + (payment.paid ? " · " + money(payment.paid) : "");
      line.className = "status-line status-succeeded";
    } else if (payment.status === "failed") {
      done = true;
      line.textContent = line.dataset.labelFailed;
      line.className = "status-line status-failed";
    } else if (payment.status === "cancelled") {
      done = true;
      line.textContent = line.dataset.labelClosed;
      line.className = "status-line status-cancelled";
    }
  }
  function poll() {
    if (done) { return; }
    fetch(line.dataset.pollUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) { if (p) { show(p); } })
      .catch(function () { /* the next tick tries again */ })
      .then(function () { if (!done) { window.setTimeout(poll, 2000); } });
  }
  window.setTimeout(poll, 2000);
}());
