// Side by side: show only the two to four regions the reader chose. The choice lives in
// the address (?regions=heshui,xinbei) so it can be shared. Without this script every
// region's column is shown.
(function () {
  "use strict";
  var MIN = 2;
  var MAX = 4;
  var form = document.getElementById("sbs-form");
  var table = document.getElementById("sbs-table");
  var status = document.getElementById("sbs-status");
  var text = JSON.parse(document.getElementById("sbs-text").textContent);
  if (!form || !table) return;
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=regions]"));
  var known = boxes.map(function (box) { return box.value; });
  var onlyOne = null; // [named region, the one added beside it] when a link names one

  function regionName(id) {
    var box = boxes.filter(function (b) { return b.value === id; })[0];
    var label = box && box.closest("label");
    return label ? label.textContent.trim() : id;
  }

  // Rows where every shown region has nothing are hidden: they would only say "none".
  function hideEmptyRows() {
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var shown = Array.prototype.filter.call(
        row.querySelectorAll("[data-region]"), function (cell) { return !cell.hidden; });
      row.hidden = shown.length > 0 && shown.every(function (cell) {
        return cell.hasAttribute("data-empty");
      });
    });
  }

  function fromAddress() {
    var params = new URLSearchParams(window.location.search);
    var chosen = [];
    params.getAll("regions").forEach(function (value) {
      value.split(",").forEach(function (id) {
        if (known.indexOf(id) >= 0 && chosen.indexOf(id) < 0) chosen.push(id);
      });
    });
    if (chosen.length === 1) {
      // a link naming one region: keep it, beside the first other region, and say so
      var other = known.filter(function (id) { return id !== chosen[0]; })[0];
      if (other) {
        onlyOne = [chosen[0], other];
        chosen.push(other);
      }
    }
    if (chosen.length < MIN || chosen.length > MAX) chosen = known.slice(0, MIN);
    return chosen;
  }

  function checked() {
    return boxes.filter(function (box) { return box.checked; })
      .map(function (box) { return box.value; });
  }

  // The other language's page shows the same regions.
  function keepInLanguageSwitch(chosen) {
    var link = document.querySelector("a.lang-switch");
    if (link) link.search = "?regions=" + chosen.join(",");
  }

  function show(chosen) {
    keepInLanguageSwitch(chosen);
    table.querySelectorAll("[data-region]").forEach(function (cell) {
      cell.hidden = chosen.indexOf(cell.getAttribute("data-region")) < 0;
    });
    boxes.forEach(function (box) {
      box.checked = chosen.indexOf(box.value) >= 0;
      box.disabled = !box.checked && chosen.length >= MAX;
    });
    table.classList.add("sbs-ready");
    hideEmptyRows();
    status.textContent = text.showing.replace("{count}", String(chosen.length));
    if (onlyOne) {
      status.textContent = text.onlyOne.replace("{region}", regionName(onlyOne[0]))
        .replace("{other}", regionName(onlyOne[1]));
      onlyOne = null;
    }
  }

  function update() {
    var chosen = checked();
    boxes.forEach(function (box) { box.disabled = !box.checked && chosen.length >= MAX; });
    if (chosen.length < MIN) {
      status.textContent = text.tooFew;
      return;
    }
    if (chosen.length > MAX) {
      status.textContent = text.tooMany;
      return;
    }
    var url = new URL(window.location.href);
    url.search = "?regions=" + chosen.join(",");
    window.history.replaceState(null, "", url.toString());
    show(chosen);
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  show(fromAddress());
})();
