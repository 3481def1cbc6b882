// Scrolling: a box with a long list and a visible scroll bar. The learner finds the named room and
// clicks it, using the mouse wheel or by dragging the scroll bar (both are explained). The list
// gets longer and its lines lower each round. Keyboard: the box and the rooms are focusable.
import { el } from "./common.js";
import { runRounds, sizeAt } from "./mouse-common.js";

export function mount(stage, ctx) {
  const { t } = ctx;
  const room = (n) => t("mouse.scroll.item", { n });

  runRounds(stage, ctx, {
    name: "scroll",
    intro: [t("mouse.scroll.intro"), t("mouse.scroll.wheel"), t("mouse.scroll.bar")],
    round(api) {
      const { area } = api;
      area.style.setProperty("--mouse-size", `${sizeAt(api.level, 64, 5)}px`);
      const count = 15 + api.level * 10;
      // Far enough down that it is never visible at the start.
      const goal = count - Math.floor(Math.random() * Math.ceil(count / 4));
      api.task(t("mouse.scroll.task", { item: room(goal) }));

      const list = el("ul", { class: "mouse-list" });
      for (let n = 1; n <= count; n += 1) {
        const button = el("button", { type: "button", class: "mouse-item", dataset: { n } }, room(n));
        list.append(el("li", {}, button));
      }
      const box = el("div", { class: "mouse-scrollbox", tabindex: "0", role: "region", "aria-label": t("mouse.scroll.list") }, list);
      area.append(box);

      list.addEventListener("click", (event) => {
        const button = event.target.closest(".mouse-item");
        if (!button || !api.active()) return;
        const n = Number(button.dataset.n);
        if (n === goal) {
          button.classList.add("is-done");
          api.success();
        } else {
          const key = n < goal ? "mouse.scroll.further_down" : "mouse.scroll.further_up";
          api.mistake(t(key, { chosen: room(n), item: room(goal) }));
        }
      });
    },
  });
}
