// Arrow keys move between the buttons of a picture grid, so a keyboard user need not press Tab
// two dozen times. Tab still reaches every button; Enter or Space chooses.
for (const grid of document.querySelectorAll("[data-grid-keys]")) {
  grid.addEventListener("keydown", (event) => {
    const buttons = [...grid.querySelectorAll("button")];
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    // The buttons in the first row, as laid out: dividing widths forgets the gaps between them.
    const firstRow = buttons.findIndex((button) => button.offsetTop !== buttons[0].offsetTop);
    const columns = firstRow < 0 ? buttons.length : firstRow;
    const rtl = getComputedStyle(grid).direction === "rtl";
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, ArrowDown: columns, ArrowUp: -columns }[event.key];
    if (step === undefined) return;
    const next = buttons[index + step];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });
}
