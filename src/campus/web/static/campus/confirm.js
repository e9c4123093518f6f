/* Ask before an irreversible action, in a native <dialog> (see campus/inputs/confirmation.py).
 *
 * Progressive enhancement: without this script, the server answers the unconfirmed POST of a
 * button marked data-confirm with its confirmation page. With it, the same POST is sent in the
 * background (marked "X-Campus-Confirm: ask", which never acts: a choice that needs no question
 * is answered with 204), the question is read from the page the server answers (so the dialog
 * says exactly what that page says), and the form is sent again with confirmed=1 only when the
 * person confirms. Escape or "Cancel" closes the dialog, changes nothing and gives the focus back to
 * the button. Whatever goes wrong here, the form is sent unconfirmed and the page asks instead.
 */
(function () {
  "use strict";
  if (typeof HTMLDialogElement !== "function" || !window.fetch || !window.DOMParser) {
    return;
  }

  var dialog = null;
  var pending = null;

  function buildDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-text");
    dialog.innerHTML =
      '<h2 id="confirm-dialog-title"></h2><div id="confirm-dialog-text"></div>' +
      '<form method="dialog" class="actions-row">' +
      '<button type="submit" value="confirm" data-dialog-confirm></button>' +
      '<button type="submit" value="cancel" class="secondary" data-dialog-cancel></button>' +
      "</form>";
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      var asked = pending;
      pending = null;
      if (!asked) {
        return;
      }
      asked.submitter.removeAttribute("aria-busy");
      if (dialog.returnValue === "confirm") {
        send(asked.form, asked.submitter, "confirmed");
      } else {
        asked.submitter.focus();
      }
    });
  }

  /* Send the form for real: confirmed, or unconfirmed so that the server's page asks. */
  function send(form, submitter, how) {
    form.dataset.confirmPass = how;
    if (how === "confirmed") {
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = "confirmed";
      field.value = "1";
      field.setAttribute("data-confirm-added", "");
      form.appendChild(field);
    }
    form.requestSubmit(submitter);
  }

  function formData(form, submitter) {
    var data;
    try {
      data = new FormData(form, submitter);
    } catch (error) {
      data = new FormData(form);
      if (submitter.name) {
        data.append(submitter.name, submitter.value);
      }
    }
    data.delete("confirmed");
    return data;
  }

  function ask(form, submitter, page) {
    var question = page.querySelector("[data-confirmation]");
    if (!question) {
      send(form, submitter, "unconfirmed");
      return;
    }
    if (!dialog) {
      buildDialog();
    }
    dialog.querySelector("#confirm-dialog-title").textContent =
      question.querySelector("[data-confirm-title]").textContent;
    var text = dialog.querySelector("#confirm-dialog-text");
    text.replaceChildren();
    Array.prototype.forEach.call(question.querySelector("[data-confirm-text]").childNodes, function (node) {
      text.appendChild(document.importNode(node, true));
    });
    var confirm = dialog.querySelector("[data-dialog-confirm]");
    var source = question.querySelector("[data-confirm-button]");
    confirm.textContent = source.textContent;
    confirm.className = source.className;
    dialog.querySelector("[data-dialog-cancel]").textContent =
      question.querySelector("[data-confirm-cancel]").textContent;
    pending = { form: form, submitter: submitter };
    dialog.returnValue = "";
    dialog.showModal();
    // The harmless answer has the focus: Enter or Escape right away changes nothing.
    dialog.querySelector("[data-dialog-cancel]").focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (form.dataset.confirmPass) {
      delete form.dataset.confirmPass;
      return; // the person has answered (or the server's page will ask)
    }
    if (!submitter || !submitter.hasAttribute("data-confirm") || pending) {
      return;
    }
    event.preventDefault();
    submitter.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: formData(form, submitter),
      credentials: "same-origin",
      headers: { "X-Campus-Confirm": "ask" },
    })
      .then(function (response) {
        return response.status === 204 ? "" : response.text();
      })
      .then(function (html) {
        submitter.removeAttribute("aria-busy");
        ask(form, submitter, new DOMParser().parseFromString(html, "text/html"));
      })
      .catch(function () {
        submitter.removeAttribute("aria-busy");
        send(form, submitter, "unconfirmed");
      });
  });

  // Back to a page from the history: a confirmation given there is not given again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-confirm-added]").forEach(function (field) {
      field.remove();
    });
  });
})();
