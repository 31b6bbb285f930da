// opis document page: sentence pairs light up together, and on a phone one text shows at a time.
// The page reads fine without this file: every text is there, row by row.
(function () {
  "use strict";
  var table = document.querySelector("table.parallel.sentences");
  if (!table) { return; }
  var cells = Array.prototype.slice.call(table.querySelectorAll("td[data-pairs]"));
  var keysOf = function (cell) { return (cell.getAttribute("data-pairs") || "").split(" ").filter(Boolean); };
  var shares = function (cell, keys) { return keysOf(cell).some(function (k) { return keys[k]; }); };

  // The keys a cell's counterparts carry: its own, and, through the pivot (the original), those of the
  // other translations' cells that render the same original sentences.
  var linked = function (cell) {
    var keys = {};
    keysOf(cell).forEach(function (k) { keys[k] = true; });
    cells.forEach(function (c) {
      if (c.classList.contains("pivot") && shares(c, keys)) { keysOf(c).forEach(function (k) { keys[k] = true; }); }
    });
    return keys;
  };
  var clear = function (name) { cells.forEach(function (c) { c.classList.remove(name); }); };
  var light = function (cell, name) {
    clear(name);
    if (!cell) { return; }
    var keys = linked(cell);
    cells.forEach(function (c) { if (c !== cell && shares(c, keys)) { c.classList.add(name); } });
    cell.classList.add(name + "-self");
  };

  table.addEventListener("mouseover", function (e) {
    var cell = e.target.closest && e.target.closest("td[data-pairs]");
    clear("lit-self");
    light(cell, "lit");
  });
  table.addEventListener("mouseleave", function () { clear("lit"); clear("lit-self"); });
  table.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) { return; }
    var cell = e.target.closest && e.target.closest("td[data-pairs]");
    if (!cell) { return; }
    var again = cell.classList.contains("chosen-self");
    clear("chosen-self");
    light(again ? null : cell, "chosen");
  });
  // Keyboard: each sentence cell can take focus; Enter or Space chooses it as a click would.
  cells.forEach(function (c) { c.tabIndex = 0; });
  table.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.matches && e.target.matches("td[data-pairs]")) {
      e.preventDefault();
      e.target.click();
    }
  });

  // Phone: a switch picks the one text shown; labels stay beside each text.
  var group = document.querySelector(".text-switch");
  if (group) {
    group.hidden = false;
    var buttons = Array.prototype.slice.call(group.querySelectorAll("button"));
    var show = function (col) {
      table.setAttribute("data-show", col);
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", b.getAttribute("data-col") === col ? "true" : "false"); });
    };
    buttons.forEach(function (b) { b.addEventListener("click", function () { show(b.getAttribute("data-col")); }); });
    show("0");
    // A search hit in another text: show the text that holds it.
    var hit = table.querySelector("td.hit");
    if (hit) {
      var m = /col-(\d+)/.exec(hit.className);
      if (m) { show(m[1]); }
    }
  }
})();
