// opis reading room: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  // Document: a button that copies the Chicago note. (Search facets are applied with their button,
  // not on every tick: a page that reloads under a keyboard or screen-reader user's hands loses their place.)
  var note = document.getElementById("chicago-note");
  if (note && navigator.clipboard) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy citation";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(note.textContent.trim()).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy citation"; }, 2000);
      });
    });
    note.insertAdjacentElement("afterend", button);
  }
})();
