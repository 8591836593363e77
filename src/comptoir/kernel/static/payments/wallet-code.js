// The wallet's payment code lasts a minute: load a fresh one when it runs out.
(function () {
  "use strict";
  var card = document.getElementById("payment-code");
  if (!card) { return; }
  var seconds = Number(card.dataset.refreshSeconds) || 60;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
}());
