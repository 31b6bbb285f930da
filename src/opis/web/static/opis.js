// opis reading room: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  // Search: a facet ticked with the mouse or a finger applies at once. A tick from the keyboard waits
  // for the Apply button: a page that reloads under a keyboard or screen-reader user loses their place.
  var form = document.getElementById("search-form");
  var facets = document.getElementById("facets-box");
  if (form && facets) {
    var pointed = 0;
    facets.addEventListener("pointerdown", function () { pointed = Date.now(); });
    facets.addEventListener("change", function (event) {
      if (event.target.type === "checkbox" && Date.now() - pointed < 1500) { form.submit(); }
    });
    // On a phone the facets start folded behind their summary, below the results.
    if (window.matchMedia("(max-width: 52rem)").matches && !facets.querySelector("input:checked")) {
      facets.open = false;
    }
  }

  // Document: a button that copies the Chicago note.
  var note = document.getElementById("chicago-note");
  if (note && navigator.clipboard) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    // The words come from the page (data-copy, data-copied), in the reader's language.
    var copy = note.dataset.copy || "Copy citation", copied = note.dataset.copied || "Copied";
    button.textContent = copy;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(note.textContent.trim()).then(function () {
        button.textContent = copied;
        setTimeout(function () { button.textContent = copy; }, 2000);
      });
    });
    note.insertAdjacentElement("afterend", button);
  }
})();
