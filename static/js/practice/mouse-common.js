// What the six mouse exercises share: the start button, rounds that get a little harder after
// each round without a mistake (and easier again after several mistakes), praise, kind hints,
// the optional time limit and the final report. Each exercise only draws one round.
import { el, icon, useStyle } from "./common.js";

export const MIN_SIZE = 44; // px: no target is ever smaller

// A size that starts big and shrinks by `step` px per level, never below 44 px.
export const sizeAt = (level, start, step) => Math.max(MIN_SIZE, Math.round(start - level * step));

export function shuffle(list) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// A random element of `list`, if possible not `avoid` (so two rounds in a row differ).
export function pick(list, avoid) {
  const choices = list.length > 1 ? list.filter((item) => item !== avoid) : list;
  return choices[Math.floor(Math.random() * choices.length)];
}

// Folders (mouse.folder.<key>) and one file belonging in each (mouse.file.<key>).
export const FOLDERS = ["photos", "letters", "documents", "music", "bills", "recipes"];

// Folder and file pictures, drawn by CSS (mouse.css).
export const folderIcon = () => el("span", { class: "mouse-folder-icon", "aria-hidden": "true" });
export const fileIcon = () => el("span", { class: "mouse-file-icon", "aria-hidden": "true" });

const PRAISE = ["mouse.well_done", "mouse.very_good", "mouse.great"];

// spec: { name, intro: [text…], round(api) → optional cleanup function }
// api (new for every round): area, level, round, total, task(text), success(), mistake(text),
// hint(text), info(text), active() (false once the round is over: ignore input then)
export function runRounds(stage, ctx, spec) {
  useStyle("mouse");
  const { t } = ctx;
  const total = Number(ctx.options.rounds) || 5;
  const limit = Number(ctx.options.time_limit) || 0;

  const intro = el("div", { class: "mouse-intro" }, spec.intro.map((line) => el("p", {}, line)));
  const roundLine = el("p", { class: "mouse-round" });
  const taskLine = el("p", { class: "mouse-task" });
  const timeLine = el("p", { class: "mouse-time", hidden: true });
  const holder = el("div", { class: "mouse-holder" });
  const controls = el("p", { class: "mouse-controls" });
  const box = el("div", { class: `mouse mouse-${spec.name}` }, intro, roundLine, taskLine, timeLine, holder, controls);
  stage.replaceChildren(box);

  // Keyboard users get the focus moved to each new round; mouse users are left alone.
  let keyboard = false;
  box.addEventListener("keydown", () => { keyboard = true; }, true);
  box.addEventListener("pointerdown", () => { keyboard = false; }, true);

  let run = null;

  const bigButton = (text, iconName, onclick) =>
    el("button", { type: "button", class: "button button-primary button-big", onclick }, icon(iconName), " ", text);

  function stop(current) {
    if (!current) return;
    current.over = true;
    current.timers.forEach(clearTimeout);
    clearInterval(current.clock);
    if (current.cleanup) current.cleanup();
    current.cleanup = null;
  }

  function later(current, fn, ms) {
    const id = setTimeout(() => {
      current.timers.delete(id);
      if (!current.over && box.isConnected) fn();
    }, ms);
    current.timers.add(id);
    return id;
  }

  function start() {
    stop(run);
    const current = { round: 0, level: 0, attempts: 0, mistakes: 0, timers: new Set(), over: false, cleanup: null };
    run = current;
    ctx.restartTimer();
    controls.replaceChildren();
    if (limit) startClock(current);
    nextRound(current);
  }

  function startClock(current) {
    let left = limit;
    timeLine.hidden = false;
    timeLine.textContent = t("mouse.time_left", { seconds: left });
    current.clock = setInterval(() => {
      if (current.over || !box.isConnected) { clearInterval(current.clock); return; }
      left -= 1;
      timeLine.textContent = t("mouse.time_left", { seconds: Math.max(left, 0) });
      if (left > 0) return;
      stop(current);
      holder.replaceChildren();
      roundLine.textContent = "";
      taskLine.textContent = "";
      timeLine.hidden = true;
      ctx.status(t("mouse.time_up"), "hint");
      controls.replaceChildren(bigButton(t("common.again"), "retry", start));
    }, 1000);
  }

  function nextRound(current) {
    if (current.cleanup) current.cleanup();
    current.cleanup = null;
    current.round += 1;
    let roundMistakes = 0;
    let open = true;
    const area = el("div", { class: "mouse-area", role: "group", "aria-label": t("mouse.area") });
    holder.replaceChildren(area);
    roundLine.textContent = t("common.round", { n: current.round, total });
    const usable = () => open && !current.over && run === current;

    const api = {
      area,
      level: current.level,
      round: current.round,
      total,
      task(text) { taskLine.textContent = text; },
      active: usable,
      info(text) { if (usable()) ctx.status(text, "info"); },
      hint(text) { if (usable()) ctx.status(text, "hint"); },
      mistake(text) {
        if (!usable()) return;
        roundMistakes += 1;
        current.mistakes += 1;
        current.attempts += 1;
        ctx.status(text, "hint");
      },
      success() {
        if (!usable()) return;
        open = false;
        current.attempts += 1;
        if (roundMistakes === 0) current.level += 1;
        else if (roundMistakes >= 2) current.level = Math.max(0, current.level - 1);
        if (current.round >= total) { finish(current); return; }
        ctx.status(t(PRAISE[(current.round - 1) % PRAISE.length]), "success");
        // The pause before the next round gets shorter as the learner gets better.
        later(current, () => nextRound(current), Math.max(400, 1400 - current.level * 250));
      },
    };
    current.cleanup = spec.round(api) || null;
    // Beginners may not know scrolling yet: bring the task and the whole area into view.
    const seen = area.getBoundingClientRect();
    if (seen.bottom > window.innerHeight || seen.top < 0) roundLine.scrollIntoView({ block: "start" });
    if (keyboard) area.querySelector("button:not([disabled]), [tabindex='0']")?.focus();
  }

  function finish(current) {
    stop(current);
    taskLine.textContent = "";
    timeLine.hidden = true;
    const result = { attempts: current.attempts, mistakes: current.mistakes };
    const again = bigButton(t("common.again"), "retry", start);
    const save = () => {
      controls.replaceChildren();
      ctx.finish(result)
        .then(() => {
          controls.replaceChildren(again);
          if (keyboard) again.focus();
        })
        .catch(() => controls.replaceChildren(bigButton(t("mouse.save_again"), "retry", save), " ", again));
    };
    save();
  }

  // Before the start the area is empty but for the start button, so nothing moves much when it starts.
  holder.replaceChildren(el("div", { class: "mouse-area mouse-start" }, bigButton(t("common.start"), "play", start)));
}
