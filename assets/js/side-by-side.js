// Side by side: two to four regions, column by column. The page holds no region: the
// chooser's list comes from side-by-side/regions.json and each chosen region's column
// from side-by-side/regions/ID.json (its cells as HTML, in the page language), fetched
// only when chosen, so the page weighs the same however many regions the atlas holds.
// The choice lives in the address (?regions=heshui,xinbei) so it can be shared; a link
// naming one region shows it beside another and says so. Rows where every region shown
// has nothing are hidden.
(function () {
  "use strict";
  var MIN = 2;
  var MAX = 4;
  var form = document.getElementById("sbs-form");
  var table = document.getElementById("sbs-table");
  var status = document.getElementById("sbs-status");
  var choices = document.getElementById("sbs-choices");
  if (!form || !table || !choices) return;
  var text = JSON.parse(document.getElementById("sbs-text").textContent);
  var headRow = table.tHead.rows[0];
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var boxes = [];
  var known = [];
  var columns = {};
  var latest = 0;
  var names = {};
  var onlyOne = null; // [named region, the one added beside it] when a link names one

  function fromAddress() {
    var params = new URLSearchParams(window.location.search);
    var chosen = [];
    params.getAll("regions").forEach(function (value) {
      value.split(",").forEach(function (id) {
        if (known.indexOf(id) >= 0 && chosen.indexOf(id) < 0) chosen.push(id);
      });
    });
    if (chosen.length === 1) {
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

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function column(id) {
    if (!columns[id]) columns[id] = fetchJson(form.dataset.region + id + ".json");
    return columns[id];
  }

  // Cells are the build's own escaped HTML; DOMParser keeps any script inert.
  function cell(tag, html, region, scope) {
    var element = document.createElement(tag);
    element.setAttribute("data-region", region);
    if (scope) element.scope = scope;
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    while (parsed.firstChild) element.appendChild(parsed.firstChild);
    return element;
  }

  function fillTable(regions) {
    table.querySelectorAll("[data-region]").forEach(function (old) { old.remove(); });
    regions.forEach(function (region) {
      var empty = region.empty || [];
      headRow.appendChild(cell("th", region.heading, region.id, "col"));
      rows.forEach(function (row) {
        var key = row.getAttribute("data-row");
        var td = cell("td", region.cells[key] || "", region.id);
        if (empty.indexOf(key) >= 0) td.setAttribute("data-empty", "");
        row.appendChild(td);
      });
    });
    // a row where every region shown has nothing would only say "none"
    rows.forEach(function (row) {
      var cells = Array.prototype.slice.call(row.querySelectorAll("[data-region]"));
      row.hidden = cells.length > 0 && cells.every(function (c) {
        return c.hasAttribute("data-empty");
      });
    });
  }

  function show(chosen) {
    var number = ++latest;
    keepInLanguageSwitch(chosen);
    boxes.forEach(function (box) {
      box.checked = chosen.indexOf(box.value) >= 0;
      box.disabled = !box.checked && chosen.length >= MAX;
    });
    return Promise.all(chosen.map(column)).then(function (regions) {
      if (number !== latest) return;
      fillTable(regions);
      table.classList.add("sbs-ready");
      table.setAttribute("data-shown", chosen.join(","));
      status.textContent = text.showing.replace("{count}", String(chosen.length));
      if (onlyOne) {
        status.textContent = text.onlyOne.replace("{region}", names[onlyOne[0]] || onlyOne[0])
          .replace("{other}", names[onlyOne[1]] || onlyOne[1]);
        onlyOne = null;
      }
    }, function () {
      status.textContent = text.failed;
    });
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

  // The chooser: a group of boxes per province (the region's first parent).
  function buildChooser(regions) {
    var groups = {};
    var order = [];
    regions.forEach(function (region) {
      var key = region.province || "";
      if (!groups[key]) {
        groups[key] = [];
        order.push(key);
      }
      groups[key].push(region);
    });
    order.forEach(function (province) {
      var group = document.createElement("fieldset");
      group.className = "sbs-province";
      var legend = document.createElement("legend");
      legend.textContent = province;
      var list = document.createElement("ul");
      list.className = "checkbox-list";
      groups[province].forEach(function (region) {
        var item = document.createElement("li");
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = "regions";
        box.value = region.id;
        label.append(box, " " + region.name);
        item.appendChild(label);
        list.appendChild(item);
        boxes.push(box);
        names[region.id] = region.name;
      });
      group.append(legend, list);
      choices.appendChild(group);
    });
    known = regions.map(function (region) { return region.id; });
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  fetchJson(form.dataset.regions).then(function (data) {
    buildChooser(data.regions);
    return show(fromAddress());
  }, function () {
    status.textContent = text.failed;
  });
})();
