// keyboard-keys: small tasks with Backspace, Enter, Tab, the arrow keys, Delete and the space bar.
// The key really pressed (event.key) is checked; a wrong key gets a hint that names the right key
// and where it is on the keyboard.
import { el, icon, useStyle, startClock } from "./common.js";

// value/caret: what the practice field holds and where the cursor starts; after: the value once done.
// The field texts are German: they are what a German keyboard user edits.
const TASKS = {
  backspace: { key: "Backspace", cap: "⌫", value: "Hauss", caret: 5, after: "Haus" },
  enter: { key: "Enter", cap: "↵", value: "Wetter morgen", caret: 13, label: "keys.search_label" },
  tab: { key: "Tab", cap: "⇥", value: "Anna", caret: 4, label: "keys.first_name" },
  arrow: { key: "ArrowLeft", cap: "←", value: "Haus", caret: 4, where: "left" },
  delete: { key: "Delete", cap: "Entf", value: "XHaus", caret: 0, after: "Haus" },
  space: { key: " ", cap: "␣", value: "GutenTag", caret: 5, after: "Guten Tag" },
};
const ORDER = ["backspace", "enter", "tab", "arrow", "delete", "space"];
const NAMES = {
  Backspace: "backspace", Delete: "delete", Enter: "enter", Tab: "tab", ShiftTab: "shift_tab",
  ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down", " ": "space", Escape: "escape",
};
const IGNORED = new Set(["Shift", "Control", "Alt", "AltGraph", "Meta", "CapsLock", "NumLock", "ScrollLock",
  "Fn", "FnLock", "Dead", "Process", "Unidentified", "OS", "ContextMenu"]);


let counter = 0;

export function mount(stage, ctx) {
  useStyle("keyboard");
  // Texts of this group are "keyboard.<key>"; shared ones keep their "common." prefix.
  const t = (key, values) => ctx.t(key.startsWith("common.") ? key : `keyboard.${key}`, values);
  const rounds = Number.isInteger(ctx.options.rounds) ? ctx.options.rounds : 5;
  const id = `kk-${++counter}`;
  let round = 0;
  let mistakes = 0;
  let stopClock = () => {};
  let pending = null; // the pause before the next task
  const limit = Number(ctx.options.time_limit) || 0;
  const timeLine = el("p", { class: "kb-time", hidden: true });
  const body = el("div");

  const keyName = (key) => (NAMES[key] ? t(`keys.name_${NAMES[key]}`) : t("keys.name_other", { key }));

  function start() {
    round = 0;
    mistakes = 0;
    ctx.restartTimer();
    stopClock();
    if (limit) stopClock = startClock(limit, timeLine, (seconds) => t("time_left", { seconds }), timeUp);
    showRound();
  }

  function timeUp() {
    clearTimeout(pending);
    ctx.status(t("time_up"), "hint");
    ending(null);
  }

  // The end of a try: "Practise again", after the message when it is done (the status line says
  // when the time is up).
  function ending(message) {
    const again = el("button", { type: "button", class: "button" }, icon("retry"), " ", t("common.again"));
    again.addEventListener("click", start);
    body.replaceChildren(el("div", { class: "kk kk-finished" }, message, again));
    (message || again).focus();
  }

  function showRound() {
    const name = ORDER[round % ORDER.length];
    const task = TASKS[name];
    let busy = false;
    const field = el("input", {
      id: `${id}-field`, class: "input kk-field", type: "text", lang: "de", dir: "ltr",
      autocomplete: "off", autocapitalize: "off", spellcheck: "false", value: task.value,
      "aria-describedby": `${id}-task`,
    });
    const fields = [
      el("div", { class: "field" }, el("label", { for: field.id }, t(task.label || "keys.field_label")), field),
    ];
    if (name === "tab") {
      fields.push(el("div", { class: "field" },
        el("label", { for: `${id}-next` }, t("keys.last_name")),
        el("input", { id: `${id}-next`, class: "input kk-field", type: "text", lang: "de", dir: "ltr", autocomplete: "off" })));
    }
    const form = el("form", { class: "kk-form", novalidate: true }, fields);
    form.addEventListener("submit", (event) => event.preventDefault());

    function done() {
      busy = true;
      ctx.status(t("common.right"), "success");
      // Let the key do its work in the field first, then show the next task.
      pending = setTimeout(() => {
        if (task.after !== undefined) field.value = task.after;
        round += 1;
        if (round < rounds) showRound();
        else finish();
      }, 700);
    }

    field.addEventListener("keydown", (event) => {
      if (IGNORED.has(event.key)) return;
      if (busy) { event.preventDefault(); return; }
      const pressed = event.key === "Tab" && event.shiftKey ? "ShiftTab" : event.key;
      if (pressed === task.key || (name === "arrow" && pressed === "Home")) {
        if (name === "enter") event.preventDefault();
        if (name !== "arrow") { done(); return; }
        // The arrow task is done when the cursor is at the start of the word.
        setTimeout(() => {
          if (busy) return;
          if (field.selectionStart === 0 && field.selectionEnd === 0) done();
          else ctx.status(t("keys.arrow_left_more"), "info");
        }, 0);
        return;
      }
      event.preventDefault();
      if (event.repeat) return;
      mistakes += 1;
      let hint = t("keys.hint_wrong", { pressed: keyName(pressed), expected: keyName(task.key), where: t(`keys.where_${task.where || name}`) });
      if ((pressed === "Delete" && task.key === "Backspace") || (pressed === "Backspace" && task.key === "Delete")) {
        hint += ` ${t("keys.hint_delete_backspace")}`;
      }
      if (pressed === "ShiftTab") hint += ` ${t("keys.hint_shift_tab")}`;
      ctx.status(hint, "hint");
    });

    body.replaceChildren(el("div", { class: "kk" },
      el("p", { class: "kk-round" }, t("common.round", { n: round + 1, total: rounds })),
      el("p", { class: "kk-task", id: `${id}-task` }, t(`keys.task_${name}`)),
      el("p", { class: "kk-key" }, t("keys.key_label"), " ",
        el("kbd", { class: "key-cap key-cap-big", dir: "ltr", "aria-hidden": "true" }, task.cap), " ",
        el("strong", {}, keyName(task.key))),
      el("p", { class: "kk-where" }, t(`keys.where_${task.where || name}`)),
      form));
    field.focus();
    field.setSelectionRange(task.caret, task.caret);
  }

  function finish() {
    stopClock();
    ending(el("p", { tabindex: "-1" }, icon("check"), " ", t("common.finished")));
    ctx.finish({ attempts: rounds, mistakes }).catch(() => {});
  }

  const begin = el("button", { type: "button", class: "button button-primary button-big" }, icon("play"), " ", t("common.start"));
  begin.addEventListener("click", start);
  body.replaceChildren(el("div", { class: "kk" }, el("p", {}, t("keys.intro")), begin));
  stage.replaceChildren(timeLine, body);
}
