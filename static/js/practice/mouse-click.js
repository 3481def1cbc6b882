// Clicking: a round button appears in a different place each round and gets smaller.
// A click beside it marks the spot and explains that the pointer must be on the button first.
import { el, icon } from "./common.js";
import { runRounds, sizeAt } from "./mouse-common.js";

export function mount(stage, ctx) {
  const { t } = ctx;
  let last = null;

  // Somewhere in the area, not where the last one was. Kept as fractions of the free space, so
  // the button stays inside when the learner zooms or resizes the window.
  function place(target, area, size, first) {
    const width = Math.max(area.clientWidth - size, 1);
    const height = Math.max(area.clientHeight - size, 1);
    // The first button stands beside the middle, where the start button was, so it is not hit by chance.
    let spot = { x: 0.8, y: 0.5 };
    for (let tries = 0; !first && tries < 30; tries += 1) {
      spot = { x: Math.random(), y: Math.random() };
      if (!last || Math.hypot((spot.x - last.x) * width, (spot.y - last.y) * height) > size * 1.5) break;
    }
    last = spot;
    target.style.insetInlineStart = `calc((100% - ${size}px) * ${spot.x.toFixed(3)})`;
    target.style.insetBlockStart = `calc((100% - ${size}px) * ${spot.y.toFixed(3)})`;
  }

  runRounds(stage, ctx, {
    name: "click",
    intro: [t("mouse.click.intro")],
    round(api) {
      const size = sizeAt(api.level, 120, 16);
      const { area } = api;
      area.style.setProperty("--mouse-size", `${size}px`);
      api.task(t("mouse.click.task"));
      const target = el("button", { type: "button", class: "mouse-target", "aria-label": t("mouse.click.target") }, icon("hand"));
      area.append(target);
      place(target, area, size, api.round === 1);

      target.addEventListener("click", () => {
        if (!api.active()) return;
        target.classList.add("is-done");
        target.replaceChildren(icon("check"));
        api.success();
      });
      area.addEventListener("click", (event) => {
        if (event.target.closest(".mouse-target") || event.detail === 0 || !api.active()) return;
        // Show where the click landed, so the learner sees it was beside the button.
        const box = area.getBoundingClientRect();
        const mark = area.querySelector(".mouse-miss") || el("span", { class: "mouse-miss", "aria-hidden": "true" }, icon("cross"));
        mark.style.left = `${Math.round(event.clientX - box.left)}px`;
        mark.style.top = `${Math.round(event.clientY - box.top)}px`;
        area.append(mark);
        api.mistake(t("mouse.click.missed"));
      });
    },
  });
}
