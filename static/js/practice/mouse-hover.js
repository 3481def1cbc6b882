// Pointing: a menu bar whose menus open when the pointer rests on them (pointerenter) and close a
// moment after it leaves. The learner points at the named menu and clicks the named entry.
// Clicking the menu title gets the hint that pointing is enough; a wrong entry gets a hint.
// Keyboard: Enter, Space or Arrow down on a title opens its menu, arrows move, Escape closes.
import { el } from "./common.js";
import { pick, runRounds, sizeAt } from "./mouse-common.js";

const MENUS = {
  file: ["new", "open", "save", "print"],
  edit: ["cut", "copy", "paste"],
  view: ["zoom_in", "zoom_out"],
  help: ["manual", "about"],
};

export function mount(stage, ctx) {
  const { t } = ctx;
  const entryName = (key) => t(`mouse.entry.${key}`);
  const menuName = (key) => t(`mouse.menu.${key}`);
  let lastMenu = null;

  runRounds(stage, ctx, {
    name: "hover",
    intro: [t("mouse.hover.intro")],
    round(api) {
      const { area } = api;
      area.style.setProperty("--mouse-size", `${sizeAt(api.level, 68, 8)}px`);
      // The menu closes a little sooner after the pointer leaves as the learner gets better.
      const closeAfter = Math.max(400, 1000 - api.level * 150);
      const menuKeys = Object.keys(MENUS).slice(0, Math.min(3 + api.level, 4));
      const goalMenu = pick(menuKeys, lastMenu);
      lastMenu = goalMenu;
      const goalEntry = pick(MENUS[goalMenu]);
      const words = { menu: menuName(goalMenu), entry: entryName(goalEntry) };
      api.task(t("mouse.hover.task", words));

      const menus = [];
      let closeTimer = null;
      const cancelClose = () => { clearTimeout(closeTimer); closeTimer = null; };

      function show(menu, focusFirst) {
        cancelClose();
        for (const other of menus) if (other !== menu) hide(other, false);
        menu.list.hidden = false;
        menu.title.setAttribute("aria-expanded", "true");
        if (focusFirst) menu.entries[0].focus();
      }
      function hide(menu, byPointer) {
        if (menu.list.hidden) return;
        menu.list.hidden = true;
        menu.title.setAttribute("aria-expanded", "false");
        if (byPointer && menu.key === goalMenu) api.hint(t("mouse.hover.closed", words));
      }

      function choose(menu, entry) {
        cancelClose();
        if (menu.key === goalMenu && entry === goalEntry) {
          menu.title.classList.add("is-done");
          hide(menu, false);
          api.success();
        } else {
          hide(menu, false);
          api.mistake(t("mouse.hover.wrong_entry", { ...words, chosen: entryName(entry) }));
          menu.title.focus({ preventScroll: true });
        }
      }

      const bar = el("div", { class: "mouse-menubar", role: "group", "aria-label": t("mouse.hover.menubar") });
      for (const key of menuKeys) {
        const title = el("button", { type: "button", class: "mouse-menu-title", "aria-haspopup": "menu", "aria-expanded": "false" }, menuName(key));
        const menu = { key, title };
        menu.entries = MENUS[key].map((entry) =>
          el("button", { type: "button", role: "menuitem", tabindex: "-1", class: "mouse-menu-entry", onclick: () => api.active() && choose(menu, entry) }, entryName(entry)));
        menu.list = el("div", { class: "mouse-popup mouse-submenu", role: "menu", "aria-label": menuName(key), hidden: true }, menu.entries);
        const group = el("div", { class: "mouse-menu" }, title, menu.list);
        menus.push(menu);
        bar.append(group);

        group.addEventListener("pointerenter", (event) => {
          if (event.pointerType !== "touch" && api.active()) show(menu, false);
        });
        group.addEventListener("pointerleave", (event) => {
          if (event.pointerType === "touch" || menu.list.hidden) return;
          cancelClose();
          closeTimer = setTimeout(() => hide(menu, api.active()), closeAfter);
        });
        title.addEventListener("click", (event) => {
          if (!api.active()) return;
          const keyboard = event.detail === 0;
          if (keyboard || event.pointerType === "touch") {
            if (menu.list.hidden) show(menu, keyboard);
            else hide(menu, false);
            return;
          }
          show(menu, false);
          api.mistake(t("mouse.hover.title_clicked", words));
        });
        title.addEventListener("keydown", (event) => {
          if (event.key === "ArrowDown") { event.preventDefault(); show(menu, true); }
        });
        menu.list.addEventListener("keydown", (event) => {
          const at = menu.entries.indexOf(document.activeElement);
          const n = menu.entries.length;
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            menu.entries[(at + (event.key === "ArrowDown" ? 1 : n - 1)) % n].focus();
          } else if (event.key === "Escape") {
            event.preventDefault();
            hide(menu, false);
            title.focus();
          }
        });
      }
      area.append(bar);
      return cancelClose;
    },
  });
}
