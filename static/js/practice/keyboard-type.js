// keyboard-type: the learner types words and a short sentence (capitals, umlauts, @). The target
// is compared letter by letter while typing; the first wrong letter gets a hint that says which
// key to use (Shift for capitals, AltGr + Q for @, the umlaut keys …).
import { el, icon, useStyle, startClock } from "./common.js";

// German practice words: the point is the German keyboard, so they stay German in every language.
const DEFAULT_WORDS = ["Haus", "Tür", "Straße"];
const DEFAULT_SENTENCE = "Meine E-Mail ist anna.berg@post-beispiel.example";

const UMLAUTS = "äöüÄÖÜ";
const isLetter = (c) => c.toLowerCase() !== c.toUpperCase();
const isCapital = (c) => isLetter(c) && c === c.toUpperCase() && c !== c.toLowerCase();
const clean = (text) => String(text).normalize("NFC");

function items(options) {
  const words = Array.isArray(options.words) ? options.words.map(clean).map((w) => w.trim()).filter(Boolean) : [];
  const sentence = typeof options.sentence === "string" ? clean(options.sentence).trim() : "";
  if (!words.length && !sentence) return [...DEFAULT_WORDS.map((text) => ({ text, word: true })), { text: DEFAULT_SENTENCE, word: false }];
  return [...words.map((text) => ({ text, word: true })), ...(sentence ? [{ text: sentence, word: false }] : [])];
}

// Key caps drawn on screen, e.g. [AltGr] + [Q] = @ (left to right, as on the keyboard).
const keys = (names, result) => el("span", { class: "key-combo", "aria-hidden": "true", dir: "ltr" },
  names.flatMap((name, i) => [i ? " + " : null, el("kbd", { class: "key-cap" }, name)]), result ? ` = ${result}` : null);

// The tips a target needs: only those for the characters it contains.
function tips(t, text) {
  const list = [];
  const first = [...text].find(isCapital);
  if (first) list.push([t("type.tip_capital"), keys(["⇧", first])]);
  if ([...text].some((c) => UMLAUTS.includes(c))) list.push([t("type.tip_umlaut"), keys(["Ä"]), keys(["Ö"]), keys(["Ü"])]);
  if (text.includes("ß")) list.push([t("type.tip_sharp_s"), keys(["ß"])]);
  if (text.includes("@")) list.push([t("type.tip_at"), keys(["AltGr", "Q"], "@")]);
  if (text.includes("-")) list.push([t("type.tip_hyphen"), keys(["-"])]);
  if (text.includes("_")) list.push([t("type.tip_underscore"), keys(["⇧", "-"], "_")]);
  return list;
}

// The hint for the first wrong character at position i of value.
function hintFor(t, target, value, i, capsLock) {
  if (i >= target.length) return t("type.hint_too_long");
  const expected = target[i];
  const typed = value[i];
  if (expected === "@") return t("type.hint_at");
  if (isCapital(expected) && typed === expected.toLowerCase()) return t("type.hint_capital", { letter: expected });
  if (isLetter(expected) && !isCapital(expected) && typed === expected.toUpperCase()) {
    return capsLock ? t("type.hint_caps_lock") : t("type.hint_small");
  }
  if (UMLAUTS.includes(expected)) return t("type.hint_umlaut", { letter: expected });
  if (expected === "ß") return t("type.hint_sharp_s");
  if (expected === " ") return t("type.hint_space");
  if (typed === " ") return t("type.hint_no_space");
  if (expected === "-") return t("type.hint_hyphen");
  if (expected === "_") return t("type.hint_underscore");
  return t("type.hint_wrong", { n: i + 1, expected, typed });
}


let counter = 0;

export function mount(stage, ctx) {
  useStyle("keyboard");
  // Texts of this group are "keyboard.<key>"; shared ones keep their "common." prefix.
  const t = (key, values) => ctx.t(key.startsWith("common.") ? key : `keyboard.${key}`, values);
  const list = items(ctx.options);
  const id = `kt-${++counter}`;
  let index = 0;
  let attempts = 0;
  let mistakes = 0;
  let state = "ok"; // "ok" while the typed text is a right beginning, "error", or "done"
  let lastHint = "";
  let capsLock = false;
  let chars = [];
  let input;
  let progress;
  let stopClock = null;
  const limit = Number(ctx.options.time_limit) || 0;
  const timeLine = el("p", { class: "kb-time", hidden: true });
  const body = el("div");

  // The time counts from the first letter typed, not from opening the page.
  function begin() {
    if (stopClock) return;
    ctx.restartTimer();
    stopClock = limit ? startClock(limit, timeLine, (seconds) => t("time_left", { seconds }), timeUp) : () => {};
  }

  function timeUp() {
    stopClock = null;
    ctx.status(t("time_up"), "hint");
    ending(null);
  }

  // The end of a try: "Practise again", after the message when it is done (the status line says
  // when the time is up).
  function ending(message) {
    const again = el("button", { type: "button", class: "button" }, icon("retry"), " ", t("common.again"));
    again.addEventListener("click", () => {
      index = 0; attempts = 0; mistakes = 0;
      showItem(true);
    });
    body.replaceChildren(el("div", { class: "kt kt-finished" }, message, again));
    (message || again).focus();
  }

  function showItem(focus) {
    const item = list[index];
    state = "ok";
    lastHint = "";
    chars = [...item.text].map((c) => el("span", { class: c === " " ? "kt-char kt-space" : "kt-char" }, c === " " ? "\u00a0" : c));
    input = el("input", {
      id: `${id}-input`, class: "input kt-input", type: "text", lang: "de", dir: "ltr",
      autocomplete: "off", autocapitalize: "off", autocorrect: "off", spellcheck: "false",
      "aria-describedby": `${id}-progress`,
    });
    progress = el("p", { class: "kt-progress", id: `${id}-progress` });
    const tipList = tips(t, item.text);
    const form = el("form", { class: "kt-form", novalidate: true },
      el("label", { for: input.id, class: "kt-label" }, t("type.input_label")),
      el("div", { class: "kt-row" }, input,
        el("button", { type: "submit", class: "button button-primary" }, t("type.next"), " ", icon("next-arrow"))));
    form.addEventListener("submit", (event) => { event.preventDefault(); check(); });
    input.addEventListener("input", () => { begin(); compare(); });
    input.addEventListener("keydown", (event) => { capsLock = Boolean(event.getModifierState?.("CapsLock")); });
    body.replaceChildren(el("div", { class: "kt" },
      el("p", { class: "kt-count" }, t("type.item", { n: index + 1, total: list.length })),
      el("p", { class: "kt-task" }, item.word ? t("type.task_word") : t("type.task_sentence")),
      el("div", { class: "kt-target-box" },
        el("p", { class: "kt-target-label" }, t("type.target_label")),
        el("p", { class: "kt-target", lang: "de", dir: "ltr" },
          el("span", { class: "visually-hidden" }, item.text),
          el("span", { "aria-hidden": "true" }, chars))),
      form,
      progress,
      tipList.length ? el("section", { class: "kt-tips", "aria-labelledby": `${id}-tips` },
        el("h3", { id: `${id}-tips` }, icon("info"), " ", t("type.tips")),
        el("ul", {}, tipList.map((parts) => el("li", {}, parts[0], " ", parts.slice(1))))) : null));
    compare();
    if (focus) input.focus();
  }

  // Marks the right beginning and the first wrong character; gives a hint when a mistake appears.
  function compare() {
    const target = list[index].text;
    const value = clean(input.value);
    let i = 0;
    while (i < value.length && i < target.length && value[i] === target[i]) i += 1;
    const wrong = i < value.length;
    chars.forEach((span, n) => {
      span.classList.toggle("kt-ok", n < i);
      span.classList.toggle("kt-bad", wrong && n === i);
      span.classList.toggle("kt-next", !wrong && n === i);
    });
    progress.textContent = t("type.progress", { done: i, total: target.length });
    input.setAttribute("aria-invalid", wrong ? "true" : "false");
    if (value === target) {
      state = "done";
      ctx.status(t("type.item_done"), "success");
    } else if (!wrong) {
      if (state === "error") ctx.status(t("type.fixed"), "info");
      state = "ok";
    } else {
      const hint = hintFor(t, target, value, i, capsLock);
      if (state !== "error") mistakes += 1;
      if (state !== "error" || hint !== lastHint) ctx.status(hint, "hint");
      state = "error";
      lastHint = hint;
    }
  }

  function check() {
    attempts += 1;
    if (state !== "done") {
      mistakes += state === "ok" ? 1 : 0;
      ctx.status(state === "error" ? lastHint : t("type.hint_missing"), "hint");
      input.focus();
      return;
    }
    index += 1;
    if (index < list.length) {
      showItem(true);
      return;
    }
    stopClock?.();
    stopClock = null;
    ending(el("p", { tabindex: "-1" }, icon("check"), " ", t("common.finished")));
    ctx.finish({ attempts, mistakes }).catch(() => {});
  }

  stage.replaceChildren(timeLine, body);
  showItem(false);
}
