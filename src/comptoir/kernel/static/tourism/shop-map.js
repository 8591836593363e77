// The sign-up form's map: a click sets the shop's pin and writes its latitude and longitude (decimal degrees,
// six decimals) by inverting the frame the server drew the map in (tourism/pages/paris_map.py).
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  function attach(svg) {
    var form = svg.closest("form");
    if (!form) { return; }
    var lat = form.querySelector("input[name=latitude]");
    var lon = form.querySelector("input[name=longitude]");
    var f = {};
    ["xScale", "yScale", "minLon", "maxLat", "xOffset", "yOffset"].forEach(function (k) { f[k] = parseFloat(svg.dataset[k]); });
    svg.addEventListener("click", function (event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var local = point.matrixTransform(svg.getScreenCTM().inverse());
      var longitude = f.minLon + (local.x - f.xOffset) / f.xScale;
      var latitude = f.maxLat - (local.y - f.yOffset) / f.yScale;
      lat.value = latitude.toFixed(6);
      lon.value = longitude.toFixed(6);
      var pin = svg.querySelector("circle.pin");
      if (!pin) {
        pin = document.createElementNS(NS, "circle");
        pin.setAttribute("class", "pin");
        pin.setAttribute("r", "6");
        pin.setAttribute("fill", "#b3261e");
        pin.setAttribute("stroke", "#ffffff");
        pin.setAttribute("stroke-width", "1.5");
        svg.appendChild(pin);
      }
      pin.setAttribute("cx", local.x.toFixed(1));
      pin.setAttribute("cy", local.y.toFixed(1));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("svg.paris-map.pick").forEach(attach);
  });
})();
