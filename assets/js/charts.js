// Draws every chart on the page with plotly.js. Each chart's figure ({data, layout,
// config}) is in a <script type="application/json"> next to its canvas; the table in the
// same <figure> holds the same data for readers without JavaScript. On a narrow screen the
// category labels are shortened (hovering a bar shows it in full) so the bars keep room.
(function () {
  "use strict";
  if (typeof window.Plotly === "undefined") return;
  var NARROW = 600;
  var SHORT = 14;

  function shorten(label) {
    var text = String(label);
    return text.length > SHORT ? text.slice(0, SHORT - 1) + "…" : text;
  }

  function fitNarrow(layout) {
    var yaxis = layout.yaxis || {};
    if (yaxis.categoryarray) {
      yaxis.tickmode = "array";
      yaxis.tickvals = yaxis.categoryarray;
      yaxis.ticktext = yaxis.categoryarray.map(shorten);
    }
    layout.font = Object.assign({}, layout.font, { size: 11 });
    layout.xaxis = Object.assign({}, layout.xaxis, { nticks: 4, tickangle: 0 });
    return layout;
  }

  document.querySelectorAll("[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    var layout = canvas.clientWidth < NARROW ? fitNarrow(figure.layout) : figure.layout;
    canvas.classList.add("is-drawn");
    window.Plotly.newPlot(canvas, figure.data, layout, figure.config);
  });
})();
