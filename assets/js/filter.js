// Filters a list by level, document kind and what a region holds. Without this script the
// page shows every row and the counts of each facet; with it, a form above the table
// hides the rows that do not match. A row either carries its own facets
// (data-facets="level:county kind:action-plan holds:targets") or, on the directory,
// the counts of every combination of its regions (data-mix="<facets>=<count>;…").
(function () {
  "use strict";
  var form = document.querySelector("form[data-filter]");
  if (!form) return;
  var table = form.parentNode.querySelector("table");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var out = form.querySelector("output");
  var extra = table.querySelectorAll(".filter-only");

  function chosen() {
    var wanted = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.tagName === "SELECT" && el.value) wanted.push(el.value);
    });
    return wanted;
  }

  function matches(facets, wanted) {
    var have = facets.split(" ");
    return wanted.every(function (w) { return have.indexOf(w) >= 0; });
  }

  function count(row, wanted) {
    if (row.dataset.facets !== undefined) return matches(row.dataset.facets, wanted) ? 1 : 0;
    return (row.dataset.mix || "").split(";").reduce(function (sum, part) {
      var at = part.lastIndexOf("=");
      return at > 0 && matches(part.slice(0, at), wanted) ? sum + Number(part.slice(at + 1)) : sum;
    }, 0);
  }

  function apply() {
    var wanted = chosen();
    var total = 0;
    rows.forEach(function (row) {
      var n = count(row, wanted);
      total += n;
      row.hidden = n === 0;
      var cell = row.querySelector(".filter-only");
      if (cell) cell.textContent = String(n);
    });
    Array.prototype.forEach.call(extra, function (el) { el.hidden = wanted.length === 0; });
    if (out) out.textContent = wanted.length ? form.dataset.matching.replace("%s", total) : "";
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
