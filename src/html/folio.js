// folio report: sorting and filtering of tables, and keyboard steps
// through changes. Everything works without it; it only adds.
"use strict";
(function () {
  // Sortable tables: a click on a column header sorts by it (numbers by
  // their data-v value, text by locale), a second click reverses.
  function key(cell, numeric) {
    if (!cell) return numeric ? -Infinity : "";
    var v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
    if (numeric) {
      var n = parseFloat(v);
      return isNaN(n) ? -Infinity : n;
    }
    return v.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      if (!th.hasAttribute("data-sort")) return;
      th.tabIndex = 0;
      function sort() {
        var numeric = th.getAttribute("data-sort") === "num";
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
          var c = numeric ? x - y : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });

  // Filters: by text in the document id, and by status.
  var filters = document.querySelector(".filters");
  var table = document.getElementById("docs");
  if (filters && table) {
    filters.hidden = false;
    var text = document.getElementById("filter");
    var status = document.getElementById("status");
    var shown = document.getElementById("shown");
    var apply = function () {
      var q = text.value.toLowerCase();
      var s = status ? status.value : "";
      var n = 0, all = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var id = r.cells[0].textContent.toLowerCase();
        var st = " " + (r.getAttribute("data-status") || "") + " ";
        var ok = id.indexOf(q) >= 0 && (!s || st.indexOf(" " + s + " ") >= 0);
        r.hidden = !ok;
        all += 1;
        if (ok) n += 1;
      });
      shown.textContent = n === all ? "" : n + " of " + all + " shown";
    };
    text.addEventListener("input", apply);
    if (status) status.addEventListener("change", apply);
  }

  // n / p: the next or previous change of a document page.
  var changes = document.querySelectorAll(".diff .r.chg");
  if (changes.length) {
    var at = -1;
    document.addEventListener("keydown", function (e) {
      if (e.target.closest && e.target.closest("input, select, textarea")) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key !== "n" && e.key !== "p") return;
      at = e.key === "n" ? Math.min(at + 1, changes.length - 1) : Math.max(at - 1, 0);
      var row = changes[at];
      var fold = row.closest("details");
      if (fold) fold.open = true;
      row.scrollIntoView({ block: "center" });
      history.replaceState(null, "", "#" + row.id);
    });
  }
})();
