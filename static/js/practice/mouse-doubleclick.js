// Double click: open the named folder. One click selects it (and, when nothing follows, a hint
// explains that a folder opens with two quick clicks); two clicks too far apart for the browser's
// double click get "too slow". With the keyboard, Enter opens the folder as in a file manager.
import { el } from "./common.js";
import { FOLDERS, folderIcon, pick, runRounds, shuffle, sizeAt } from "./mouse-common.js";

const SINGLE_CLICK_HINT_AFTER = 1200; // ms without a second click
const SLOW_SECOND_CLICK = 3000; // ms: a second click this soon after the first is a slow double click

export function mount(stage, ctx) {
  const { t } = ctx;
  let lastTarget = null;

  runRounds(stage, ctx, {
    name: "doubleclick",
    intro: [t("mouse.doubleclick.intro")],
    round(api) {
      const { area } = api;
      area.style.setProperty("--mouse-size", `${sizeAt(api.level, 132, 16)}px`);
      const count = Math.min(1 + api.level, 4);
      const target = pick(FOLDERS, lastTarget);
      lastTarget = target;
      const keys = shuffle([target, ...shuffle(FOLDERS.filter((k) => k !== target)).slice(0, count - 1)]);
      const name = (key) => t(`mouse.folder.${key}`);
      api.task(t("mouse.doubleclick.task", { name: name(target) }));

      let pending = null; // the first of two clicks: { key, time, timer, counted }
      const forget = () => {
        if (pending) clearTimeout(pending.timer);
        pending = null;
      };

      function open(key, button) {
        forget();
        if (key !== target) {
          api.mistake(t("mouse.doubleclick.wrong", { chosen: name(key), name: name(target) }));
          return;
        }
        button.classList.add("is-open");
        button.setAttribute("aria-expanded", "true");
        area.append(el("p", { class: "mouse-note" }, t("mouse.doubleclick.opened", { name: name(target) })));
        api.success();
      }

      function select(button) {
        for (const other of area.querySelectorAll(".mouse-folder")) other.classList.toggle("is-selected", other === button);
      }

      for (const key of keys) {
        const button = el("button", { type: "button", class: "mouse-folder", "aria-expanded": "false" }, folderIcon(), el("span", { class: "mouse-label" }, name(key)));
        area.append(button);
        button.addEventListener("click", (event) => {
          if (!api.active()) return;
          if (event.detail === 0) { open(key, button); return; } // Enter or Space
          select(button);
          if (event.detail >= 2) { forget(); return; } // the browser's double click follows
          const now = performance.now();
          if (pending && pending.key === key && now - pending.time < SLOW_SECOND_CLICK) {
            const counted = pending.counted;
            forget();
            if (counted) api.hint(t("mouse.doubleclick.too_slow"));
            else api.mistake(t("mouse.doubleclick.too_slow"));
            return;
          }
          forget();
          const first = { key, time: now, counted: false };
          first.timer = setTimeout(() => {
            if (pending !== first || !api.active()) return;
            first.counted = true;
            api.mistake(t("mouse.doubleclick.single"));
          }, SINGLE_CLICK_HINT_AFTER);
          pending = first;
        });
        button.addEventListener("dblclick", () => {
          if (api.active()) open(key, button);
        });
      }
      return forget;
    },
  });
}
