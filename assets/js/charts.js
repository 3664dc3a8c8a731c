// Draws every chart on the page with plotly.js. Each chart's figure ({data, layout,
// config}) is in a <script type="application/json"> next to its canvas; the table in the
// same <figure> holds the same data for readers without JavaScript. On a narrow screen the
// category labels are shortened (hovering a bar shows it in full) so the bars keep room.
// Charts are drawn as they come near the screen (see the end of this file).
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

  var figures = new Map();

  function draw(canvas) {
    var figure = figures.get(canvas);
    if (!figure) return;
    figures.delete(canvas);
    var layout = canvas.clientWidth < NARROW ? fitNarrow(figure.layout) : figure.layout;
    canvas.classList.add("is-drawn");
    window.Plotly.newPlot(canvas, figure.data, layout, figure.config);
  }

  document.querySelectorAll("[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    figures.set(canvas, figure);
    // Keep the chart's room from the start, so drawing it later moves nothing on the page.
    if (figure.layout && figure.layout.height) canvas.style.minHeight = figure.layout.height + "px";
  });

  // Draw each chart as it comes near the screen, one chart per task, so a page of many
  // charts does not hold up the reader's phone while it loads. Printing draws them all.
  window.addEventListener("beforeprint", function () { figures.forEach(function (_, c) { draw(c); }); });
  if (!("IntersectionObserver" in window)) {
    figures.forEach(function (_, canvas) { draw(canvas); });
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      setTimeout(function () { draw(entry.target); }, 0);
    });
  }, { rootMargin: "200px 0px" });
  figures.forEach(function (_, canvas) { observer.observe(canvas); });
})();
