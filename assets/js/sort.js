// Sorts a table[data-sortable] by a column whose header has data-sort ("number" or
// "text"): the header becomes a button; a cell's data-value is what it sorts by. Without
// this script the table stays in the order the page gives it.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    var body = table.tBodies[0];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var kind = th.dataset.sort;
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var up = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
          if (c.dataset.sort) c.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].dataset.value || "";
          var y = b.cells[column].dataset.value || "";
          if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1; // blanks last
          var order = kind === "number" ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
          return up ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
