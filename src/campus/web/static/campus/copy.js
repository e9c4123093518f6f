// A "Copy" button beside a read-only address (the calendar feed), added only when the
// browser can copy; without JavaScript the address is still there to select and copy.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("input[data-copy-label]").forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = input.dataset.copyLabel;
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    status.className = "small";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        status.textContent = " " + input.dataset.copiedLabel;
      });
    });
    input.addEventListener("focus", function () { input.select(); });
    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", button);
  });
})();
