// "Use my position" on the wallet's shop search: the browser's position fills lat and lon, then the search runs.
// Without JavaScript or geolocation the button stays hidden and the tourist types a place instead.
(function () {
  "use strict";
  var form = document.getElementById("shop-search");
  var line = document.getElementById("use-position-line");
  var button = document.getElementById("use-position");
  if (!form || !line || !button || !navigator.geolocation) { return; }
  line.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(6);
      document.getElementById("lon").value = position.coords.longitude.toFixed(6);
      document.getElementById("place").value = "";
      form.submit();
    }, function () {
      button.disabled = false;
      document.getElementById("position-error").hidden = false;
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 });
  });
}());
