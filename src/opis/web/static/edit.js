// opis editing forms: conveniences only. Every form works without this file: the server previews
// dates, parses pasted citations and adds rows when the form's own buttons are pressed.
(function () {
  "use strict";

  var form = document.getElementById("ed-form");
  if (!form) { return; }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error("HTTP " + r.status)); });
  }

  // -- EDTF: read the date back as its earliest and latest day while the person types ------------
  // Answers can arrive out of order; only the answer to the latest question is shown.
  document.querySelectorAll("[data-edtf-preview]").forEach(function (input) {
    var out = document.getElementById(input.getAttribute("data-edtf-preview"));
    var box = out ? out.parentElement : null;
    var asked = 0, timer = null;
    function show(text, bad) {
      out.textContent = text;
      box.classList.toggle("bad", bad);
      if (bad) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    }
    function ask() {
      var value = input.value.trim(), mine = ++asked;
      if (!value) { show("", false); return; }
      getJSON("/api/edtf?value=" + encodeURIComponent(value)).then(function (a) {
        if (mine !== asked) { return; }
        if (!a.valid) { show(a.error, true); return; }
        var notes = (a.approximate ? " (approximate)" : "") + (a.uncertain ? " (uncertain)" : "");
        show((a.earliest || "…") + " – " + (a.latest || "…") + notes, false);
      }).catch(function () { if (mine === asked) { show("", false); } });
    }
    if (!out) { return; }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 150); });
  });

  // -- repeatable rows: "Add" clones the group's <template> with the next free index ------------
  function nextIndex(group) {
    var pattern = new RegExp("^" + group + "-(\\d+)-"), next = 0;
    form.querySelectorAll("[name^='" + group + "-']").forEach(function (el) {
      var m = pattern.exec(el.name);
      if (m) { next = Math.max(next, Number(m[1]) + 1); }
    });
    return next;
  }

  function addRow(group) {
    var template = document.getElementById("tpl-" + group);
    var rows = form.querySelector("[data-rows='" + group + "']");
    if (!template || !rows) { return null; }
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__i__/g, String(nextIndex(group)));
    var row = holder.querySelector("[data-row]");
    rows.appendChild(row);
    return row;
  }

  form.querySelectorAll("[data-add]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var row = addRow(button.getAttribute("data-add"));
      var first = row && row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    });
  });

  // -- archival citations: paste one, and the parser fills a row per reference -----------------
  // The reference row's fields, levels of vocab/levels.yaml included, as the page writes them.
  var LEVELS = (form.getAttribute("data-ref-fields") || "").split(" ").filter(Boolean);
  var paste = form.querySelector("[data-cite-paste]");
  var result = document.getElementById("cite-result");

  function rowIsBlank(row) {
    return LEVELS.every(function (level) {
      var el = row.querySelector("[name$='-" + level + "']");
      return !el || !el.value.trim();
    });
  }

  function extraText(extra) {
    return Object.keys(extra || {}).map(function (k) { return k + ": " + extra[k]; }).join("; ");
  }

  function fill(ref) {
    var rows = form.querySelectorAll("[data-rows='archival_refs'] [data-row]");
    var row = Array.prototype.find.call(rows, rowIsBlank) || addRow("archival_refs");
    LEVELS.forEach(function (level) {
      var el = row.querySelector("[name$='-" + level + "']");
      if (el) { el.value = level === "extra" ? extraText(ref.extra) : (ref[level] || ""); }
    });
  }

  function parseCitation() {
    var text = paste.value.trim();
    if (!text) { return; }
    getJSON("/api/citations/parse?text=" + encodeURIComponent(text)).then(function (a) {
      if (a.error || !a.references.length) {
        result.textContent = a.error || "No archival reference found in that text; fill in the fields by hand.";
        result.className = "ed-cite-result bad";
        return;
      }
      a.references.forEach(fill);
      result.textContent = "Filled " + a.references.length + (a.references.length === 1 ? " reference: " : " references: ") +
        a.references.map(function (r) { return r.raw; }).join(" | ");
      result.className = "ed-cite-result ok";
      paste.value = "";
    }).catch(function () {
      result.textContent = "The citation could not be read just now; press the button again to let the server fill it.";
    });
  }

  if (paste) {
    paste.addEventListener("paste", function () { setTimeout(parseCitation, 0); });
    var button = form.querySelector("[data-cite-button]");
    if (button) {
      button.addEventListener("click", function (event) { event.preventDefault(); parseCitation(); });
    }
  }

  // -- leaving with unsaved changes asks first -------------------------------------------------
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
