// Authority form: an "Add a row" button under each repeatable group (names, offices, identifiers).
// Without this script the form still works: it always carries a few blank rows to fill in.
(function () {
  "use strict";

  function renumber(row, index) {
    // Inputs are named group-N-field and labelled "… N+1": the copy takes the next number.
    row.querySelectorAll("input, select").forEach(function (el) {
      ["name", "id"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/-\d+-/, "-" + index + "-")); }
      });
      var label = el.getAttribute("aria-label");
      if (label) { el.setAttribute("aria-label", label.replace(/\d+/, String(index + 1))); }
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
      el.removeAttribute("lang");
      if (el.tagName === "SELECT") { el.selectedIndex = 0; } else { el.value = ""; }
    });
    row.querySelectorAll(".field-error").forEach(function (p) { p.remove(); });
  }

  document.querySelectorAll("fieldset.rows[data-group]").forEach(function (set) {
    var body = set.querySelector("tbody");
    if (!body || !body.lastElementChild) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "add-row";
    button.textContent = "Add a row";
    button.addEventListener("click", function () {
      var copy = body.lastElementChild.cloneNode(true);
      renumber(copy, body.children.length);
      body.appendChild(copy);
      var first = copy.querySelector("input, select");
      if (first) { first.focus(); }
    });
    set.appendChild(button);
  });
})();
