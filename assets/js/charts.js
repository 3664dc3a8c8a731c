// Draws the charts on the page with plotly.js. Each chart's figure ({data, layout, config})
// is in a <script type="application/json"> next to its canvas; the table in the same
// <figure> holds the same data for readers without JavaScript. On a narrow screen the
// category labels are shortened (hovering a bar shows it in full) so the bars keep room.
//
// plotly.js is large (about 400 KB compressed, and a phone spends a second or more running
// it and drawing), so it is fetched only when the first chart comes near the screen: its
// hashed URL is this script's data-plotly attribute. Each chart is then drawn as it comes
// near the screen, one chart per task. A reader who never scrolls to a chart pays nothing
// for it; once the page has loaded and is idle, plotly.js is prefetched (downloaded, not
// run), so a chart further down is drawn without waiting for the network.
(function () {
  "use strict";
  var NARROW = 600;
  var SHORT = 14;
  var MARGIN = "200px 0px"; // how near the screen a chart is drawn
  var self = document.currentScript || document.querySelector("script[data-plotly]");
  var plotlyUrl = self && self.getAttribute("data-plotly");
  var canvases = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
  if (!plotlyUrl || !canvases.length) return;

  var waiting = []; // canvases near the screen, in page order, until drawn
  var plotly = "absent"; // absent, loading, ready or failed

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

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || canvas.classList.contains("is-drawn")) return;
    var figure = JSON.parse(source.textContent);
    var layout = canvas.clientWidth < NARROW ? fitNarrow(figure.layout) : figure.layout;
    canvas.classList.add("is-drawn");
    window.Plotly.newPlot(canvas, figure.data, layout, figure.config);
  }

  // One chart per task, so drawing several does not hold up the reader's phone.
  function drawNext() {
    var canvas = waiting.shift();
    if (!canvas) return;
    draw(canvas);
    if (waiting.length) setTimeout(drawNext, 0);
  }

  function whenNear(canvas) {
    if (waiting.indexOf(canvas) < 0) waiting.push(canvas);
    waiting.sort(function (a, b) { return canvases.indexOf(a) - canvases.indexOf(b); });
    if (plotly === "ready" && waiting.length === 1) setTimeout(drawNext, 0);
    if (plotly === "absent") loadPlotly();
  }

  function loadPlotly() {
    plotly = "loading";
    var script = document.createElement("script");
    script.src = plotlyUrl;
    script.onload = function () { plotly = "ready"; setTimeout(drawNext, 0); };
    script.onerror = function () {
      // The tables in each figure still hold every value: free the charts' room.
      plotly = "failed";
      canvases.forEach(function (canvas) { canvas.hidden = !canvas.classList.contains("is-drawn"); });
    };
    document.head.appendChild(script);
  }

  function prefetchWhenIdle() {
    if (plotly !== "absent") return;
    var link = document.createElement("link");
    link.rel = "prefetch";
    link.href = plotlyUrl;
    document.head.appendChild(link);
  }

  // Keep each chart's room from the start, so drawing it later moves nothing on the page
  // (atlas.css does the same with typed attr() where the browser has it).
  canvases.forEach(function (canvas) {
    var height = Number(canvas.getAttribute("data-height"));
    if (height) canvas.style.minHeight = height + "px";
  });

  // Printing draws every chart if plotly.js is already here (print cannot wait for it);
  // otherwise the tables are printed and the empty canvases hidden (atlas.css).
  window.addEventListener("beforeprint", function () {
    if (plotly === "ready") canvases.forEach(draw);
  });

  if (!("IntersectionObserver" in window)) {
    canvases.forEach(whenNear);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      observer.unobserve(entry.target);
      whenNear(entry.target);
    });
  }, { rootMargin: MARGIN });
  canvases.forEach(function (canvas) { observer.observe(canvas); });

  window.addEventListener("load", function () {
    if ("requestIdleCallback" in window) window.requestIdleCallback(prefetchWhenIdle, { timeout: 5000 });
    else setTimeout(prefetchWhenIdle, 1000);
  });
})();
