// Draws every chart on the page with plotly.js. Each chart's figure ({data, layout,
// config}) is in a <script type="application/json"> next to its canvas; the table in the
// same <figure> holds the same data for readers without JavaScript.
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") return;
  var canvases = document.querySelectorAll("[data-chart]");
  canvases.forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    canvas.classList.add("is-drawn");
    window.Plotly.newPlot(canvas, figure.data, figure.layout, figure.config);
  });
})();
