// Right click: right-click the named file, then choose the named entry in the small menu that
// opens (our own menu: the browser's is suppressed inside the practice area). A left click, the
// wrong file or the wrong entry each get a kind hint. Keyboard: the menu key or Shift+F10 opens
// the menu, arrow keys move, Enter chooses, Escape closes.
import { el } from "./common.js";
import { FOLDERS, fileIcon, pick, runRounds, shuffle, sizeAt } from "./mouse-common.js";

const ENTRIES = ["open", "rename", "copy", "delete"];

export function mount(stage, ctx) {
  const { t } = ctx;
  const fileName = (key) => t(`mouse.file.${key}`);
  const entryName = (key) => t(`mouse.entry.${key}`);
  let lastEntry = null;

  runRounds(stage, ctx, {
    name: "rightclick",
    intro: [t("mouse.rightclick.intro")],
    round(api) {
      const { area } = api;
      area.style.setProperty("--mouse-size", `${sizeAt(api.level, 112, 14)}px`);
      const keys = shuffle(FOLDERS).slice(0, Math.min(1 + api.level, 3));
      const target = pick(keys);
      const entry = pick(ENTRIES.slice(1), lastEntry);
      lastEntry = entry;
      const words = { item: fileName(target), entry: entryName(entry) };
      api.task(t("mouse.rightclick.task", words));

      let menu = null;
      let opener = null;
      function close(refocus) {
        if (!menu) return;
        menu.remove();
        menu = null;
        if (refocus) opener?.focus();
      }

      function choose(chosen) {
        close(false);
        if (chosen === entry) {
          opener.classList.add("is-done");
          api.success();
        } else {
          api.mistake(t("mouse.rightclick.wrong_entry", { ...words, chosen: entryName(chosen) }));
          opener.focus();
        }
      }

      function openMenu(button, event) {
        close(false);
        opener = button;
        const entries = ENTRIES.map((key) =>
          el("button", { type: "button", role: "menuitem", tabindex: "-1", class: "mouse-menu-entry", onclick: () => choose(key) }, entryName(key)));
        menu = el("div", { class: "mouse-popup", role: "menu", "aria-label": t("mouse.rightclick.menu_label", words) }, entries);
        menu.addEventListener("keydown", (e) => {
          const at = entries.indexOf(document.activeElement);
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            entries[(at + (e.key === "ArrowDown" ? 1 : entries.length - 1)) % entries.length].focus();
          } else if (e.key === "Escape" || e.key === "Tab") {
            e.preventDefault();
            close(true);
          }
        });
        area.append(menu);
        // At the pointer; opened with the keyboard, the event has no pointer position: below the file.
        const box = area.getBoundingClientRect();
        const own = button.getBoundingClientRect();
        const byPointer = event.clientX >= own.left && event.clientX <= own.right && event.clientY >= own.top && event.clientY <= own.bottom;
        const rtl = getComputedStyle(area).direction === "rtl";
        let x = byPointer ? event.clientX - box.left : (rtl ? own.right : own.left) - box.left;
        if (rtl) x -= menu.offsetWidth; // opens towards the start of the line
        let y = byPointer ? event.clientY - box.top : own.bottom - box.top;
        x = Math.max(0, Math.min(x, area.clientWidth - menu.offsetWidth));
        y = Math.max(0, y);
        menu.style.left = `${Math.round(x)}px`;
        menu.style.top = `${Math.round(y)}px`;
        entries[0].focus({ preventScroll: true });
        api.info(t("mouse.rightclick.menu_open", words));
      }

      for (const key of keys) {
        const button = el("button", { type: "button", class: "mouse-file", "aria-haspopup": "menu" }, fileIcon(), el("span", { class: "mouse-label" }, fileName(key)));
        area.append(button);
        button.addEventListener("contextmenu", (event) => {
          event.preventDefault();
          if (!api.active()) return;
          if (key !== target) {
            close(false);
            api.mistake(t("mouse.rightclick.wrong_item", { ...words, chosen: fileName(key) }));
            return;
          }
          openMenu(button, event);
        });
        button.addEventListener("click", (event) => {
          if (!api.active()) return;
          close(false);
          if (event.detail === 0) api.hint(t("mouse.rightclick.keyboard")); // Enter or Space
          else api.mistake(t("mouse.rightclick.left_button"));
        });
      }

      // No browser menu anywhere in the practice area; a click elsewhere closes our menu.
      area.addEventListener("contextmenu", (event) => {
        event.preventDefault();
        if (!event.target.closest(".mouse-file, .mouse-popup")) close(false);
      });
      const outside = (event) => {
        if (menu && !menu.contains(event.target) && !event.target.closest?.(".mouse-file")) close(false);
      };
      document.addEventListener("pointerdown", outside);
      return () => {
        document.removeEventListener("pointerdown", outside);
        close(false);
      };
    },
  });
}
