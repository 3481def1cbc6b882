// Forms that create something (a new learner, a check-in) are sent once: after the first submit
// their buttons are switched off, so a double-click sends one request. The server recognises a
// repeat all the same (netzlernen/submissions.py); this spares the second request. Mark such a
// form with data-submit-once. (A page the browser kept and shows again after "back" is loaded
// afresh by back-guard.js, with its buttons on.)
for (const form of document.querySelectorAll("form[data-submit-once]")) {
  form.addEventListener("submit", (event) => {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "true";
    // After the browser has read the form: a switched-off button is not sent with it.
    setTimeout(() => {
      for (const button of form.querySelectorAll('button[type="submit"], input[type="submit"]')) {
        button.disabled = true;
      }
    });
  });
}

