// Drag and drop: drag the file into the named folder with pointer events (mouse, pen or finger).
// The folder under the pointer says "Let go here". Letting go over the wrong folder, beside the
// folders or without moving gets a kind hint and the file goes back. Keyboard users skip.
import { el } from "./common.js";
import { FOLDERS, fileIcon, folderIcon, pick, runRounds, shuffle, sizeAt } from "./mouse-common.js";

const MOVED = 8; // px: less movement than this is a click, not a drag

export function mount(stage, ctx) {
  const { t } = ctx;
  const folderName = (key) => t(`mouse.folder.${key}`);
  let lastTarget = null;

  runRounds(stage, ctx, {
    name: "drag",
    intro: [t("mouse.drag.intro")],
    round(api) {
      const { area } = api;
      area.style.setProperty("--mouse-size", `${sizeAt(api.level, 112, 14)}px`);
      const target = pick(FOLDERS, lastTarget);
      lastTarget = target;
      const keys = shuffle([target, ...shuffle(FOLDERS.filter((k) => k !== target)).slice(0, Math.min(api.level, 3))]);
      const words = { file: t(`mouse.file.${target}`), folder: folderName(target) };
      api.task(t("mouse.drag.task", words));

      const file = el("div", { class: "mouse-file mouse-draggable" }, fileIcon(), el("span", { class: "mouse-label" }, words.file),
        el("span", { class: "mouse-drop-here" }, t("mouse.drag.drop_here")));
      const folders = keys.map((key) => el("div", { class: "mouse-folder mouse-drop", dataset: { key } },
        folderIcon(), el("span", { class: "mouse-label" }, folderName(key))));
      area.append(el("div", { class: "mouse-drag-from" }, file), el("div", { class: "mouse-drag-to" }, folders));

      let drag = null;
      const folderAt = (x, y) => folders.find((node) => {
        const box = node.getBoundingClientRect();
        return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
      });
      const highlight = (node) => {
        folders.forEach((other) => other.classList.toggle("is-over", other === node));
        file.classList.toggle("is-over-folder", Boolean(node));
      };
      function reset() {
        drag = null;
        file.classList.remove("is-dragging");
        file.style.transform = "";
        highlight(null);
      }

      file.addEventListener("pointerdown", (event) => {
        if (event.button !== 0 || !api.active()) return;
        event.preventDefault();
        file.setPointerCapture(event.pointerId);
        drag = { id: event.pointerId, x: event.clientX, y: event.clientY, far: 0 };
        file.classList.add("is-dragging");
      });
      file.addEventListener("pointermove", (event) => {
        if (!drag || event.pointerId !== drag.id) return;
        const dx = event.clientX - drag.x;
        const dy = event.clientY - drag.y;
        drag.far = Math.max(drag.far, Math.hypot(dx, dy));
        file.style.transform = `translate(${Math.round(dx)}px, ${Math.round(dy)}px)`;
        highlight(folderAt(event.clientX, event.clientY));
      });
      file.addEventListener("pointerup", (event) => {
        if (!drag || event.pointerId !== drag.id) return;
        const { far } = drag;
        const folder = folderAt(event.clientX, event.clientY);
        reset();
        if (!api.active()) return;
        if (folder?.dataset.key === target) {
          file.remove();
          folder.classList.add("is-done");
          folder.append(el("span", { class: "mouse-note" }, t("mouse.drag.moved", words)));
          api.success();
        } else if (folder) {
          api.mistake(t("mouse.drag.wrong_folder", { ...words, chosen: folderName(folder.dataset.key) }));
        } else if (far < MOVED) {
          api.mistake(t("mouse.drag.hold"));
        } else {
          api.mistake(t("mouse.drag.too_early"));
        }
      });
      file.addEventListener("pointercancel", reset);
      return reset;
    },
  });
}
