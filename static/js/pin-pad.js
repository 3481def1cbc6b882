// The on-screen number keys for the PIN: usable by mouse alone, and by keyboard (Tab + Enter),
// next to typing into the field directly.
for (const pad of document.querySelectorAll("[data-pin-pad]")) {
  const input = document.getElementById(pad.dataset.pinPad);
  if (!input) continue;
  const max = Number(input.getAttribute("maxlength")) || 6;
  pad.hidden = false;
  pad.addEventListener("click", (event) => {
    const key = event.target.closest("button");
    if (!key) return;
    if (key.dataset.digit !== undefined && input.value.length < max) {
      input.value += key.dataset.digit;
    } else if (key.dataset.action === "back") {
      input.value = input.value.slice(0, -1);
    } else if (key.dataset.action === "clear") {
      input.value = "";
    }
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}
