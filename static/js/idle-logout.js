// Idle sign-out for shared PCs: after IDLE_TIMEOUT seconds without input a dialog counts down
// IDLE_WARNING seconds, then signs out. "Continue" keeps the session alive on the server too.
const body = document.body;
const timeout = Number(body.dataset.idleTimeout) * 1000;
const warning = Number(body.dataset.idleWarning) * 1000;
const keepaliveInterval = Number(body.dataset.keepaliveInterval) * 1000;
const keepaliveUrl = body.dataset.keepaliveUrl;
const dialog = document.getElementById("idle-dialog");
const form = document.getElementById("signout-form");
const seconds = document.getElementById("idle-seconds");
const live = document.getElementById("idle-live");
const continueButton = document.getElementById("idle-continue");
const csrf = form ? form.querySelector("[name=csrf_token]").value : "";

let lastInput = Date.now();
let lastPing = Date.now();
let warningShown = false;
let signingOut = false;

function ping() {
  lastPing = Date.now();
  return fetch(keepaliveUrl, {
    method: "POST",
    headers: { "X-CSRFToken": csrf },
    credentials: "same-origin",
  }).catch(() => {});
}

function signOut() {
  if (signingOut) return;
  signingOut = true;
  if (form) {
    form.submit();
  } else {
    window.location.reload();
  }
}

function announce(left) {
  if (live && (left === Math.round(warning / 1000) || left === 30 || left === 10)) {
    live.textContent = live.dataset.template.replace("{n}", String(left));
  }
}

function showWarning() {
  warningShown = true;
  if (dialog && !dialog.open) dialog.showModal();
}

function hideWarning() {
  warningShown = false;
  if (dialog && dialog.open) dialog.close();
  if (live) live.textContent = "";
}

function onInput() {
  if (warningShown) return; // only the button in the dialog continues
  lastInput = Date.now();
  // The server ends sessions it has not heard of for a while: tell it the learner is here.
  // The server allows for this interval (auth.services.idle_limit).
  if (Date.now() - lastPing > Math.min(timeout / 2, keepaliveInterval)) ping();
}

for (const type of ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "scroll"]) {
  window.addEventListener(type, onInput, { passive: true, capture: true });
}

function carryOn() {
  hideWarning();
  lastInput = Date.now();
  ping();
}

if (continueButton) {
  continueButton.addEventListener("click", carryOn);
}
if (dialog) {
  dialog.addEventListener("cancel", (event) => event.preventDefault());
  // Chromium lets Escape close a modal dialog anyway after the page was clicked. Whoever pressed it
  // is there: carry on, or the countdown would go on unseen and sign them out while they work.
  dialog.addEventListener("close", () => {
    if (warningShown && !signingOut) carryOn();
  });
}

setInterval(() => {
  const idle = Date.now() - lastInput;
  if (idle >= timeout + warning) {
    signOut();
  } else if (idle >= timeout) {
    if (!warningShown) showWarning();
    const left = Math.ceil((timeout + warning - idle) / 1000);
    if (seconds) seconds.textContent = String(left);
    announce(left);
  }
}, 250);
