// What every practice exercise shares: texts, the status line, the timer, reporting the result
// to the server, and the skip button of mouse exercises.

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

export function format(text, values = {}) {
  return String(text).replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

// Numbers in the page's language with the digits 0-9: the server (Babel) writes every number and
// date that way, also in Farsi and Arabic, and a number from the browser must not read ۱٫۳ next to them.
export function numberFormat(lang, options = {}) {
  return new Intl.NumberFormat(lang || undefined, { ...options, numberingSystem: "latn" });
}

// Element helper: el("button", {class: "button", type: "button"}, "text", child…)
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const ICON_HREF = () => document.querySelector('link[rel="stylesheet"]')?.href.replace(/css\/app\.css.*$/, "icons.svg") || "/static/icons.svg";

export function icon(name) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", `icon icon-${name}`);
  svg.setAttribute("aria-hidden", "true");
  const use = document.createElementNS(ns, "use");
  use.setAttribute("href", `${ICON_HREF()}#${name}`);
  svg.append(use);
  return svg;
}

export function createContext(root, messages) {
  const statusLine = root.querySelector("[data-status]");
  const skipButton = root.querySelector("[data-skip]");
  const guest = root.dataset.guest === "true";
  const options = JSON.parse(root.dataset.options || "{}");
  let started = Date.now();
  let reported = false;

  const t = (key, values) => format(messages[key] ?? key, values);

  // kind: "info" | "success" | "error" | "hint": shown with an icon and words, never colour alone.
  function status(text, kind = "info") {
    const icons = { success: "check", error: "warning", hint: "info", info: "info" };
    statusLine.replaceChildren(icon(icons[kind] || "info"), " ", text);
    statusLine.dataset.kind = kind;
  }

  async function report(result) {
    const body = {
      type: root.dataset.practiceType,
      attempts: result.attempts ?? 1,
      mistakes: result.mistakes ?? 0,
      seconds: Math.round((Date.now() - started) / 1000),
      skipped: Boolean(result.skipped),
    };
    try {
      const response = await fetch(root.dataset.resultUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const answer = await response.json();
      reported = true;
      root.dataset.recorded = answer.stored ? "true" : "guest";
      if (answer.lesson_completed) root.dataset.lessonCompleted = "true";
      return answer;
    } catch (error) {
      status(t("common.save_failed"), "error");
      throw error;
    }
  }

  async function finish(result = {}) {
    // Once finished (or skipped), skipping again would only store a second result.
    if (skipButton) skipButton.disabled = true;
    const text = result.skipped ? t("common.skipped") : t("common.finished");
    status(text, "success");
    const answer = await report(result);
    const parts = [text, answer.stored ? t("common.saved") : t("common.guest")];
    if (answer.lesson_completed) parts.push(t("common.lesson_completed"));
    status(parts.join(" "), "success");
    return answer;
  }

  if (skipButton) {
    skipButton.addEventListener("click", () => {
      skipButton.disabled = true;
      root.querySelector("[data-stage]").replaceChildren();
      finish({ skipped: true, attempts: 0 }).catch(() => { skipButton.disabled = false; });
    });
  }

  return {
    root,
    options,
    guest,
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    t,
    status,
    finish,
    restartTimer() { started = Date.now(); },
    get reported() { return reported; },
  };
}

// Each group of exercises brings its own small stylesheet (static/css/practice/<name>.css).
export function useStyle(name) {
  const href = ICON_HREF().replace(/icons\.svg$/, `css/practice/${name}.css`);
  if (!document.querySelector(`link[href="${href}"]`)) {
    document.head.append(el("link", { rel: "stylesheet", href }));
  }
}


// The optional time limit (option time_limit, in seconds): the seconds left are shown; when they
// are up, onUp() ends the try kindly. Returns a function that stops the clock.
export function startClock(limit, line, text, onUp) {
  let left = limit;
  line.hidden = false;
  line.textContent = text(left);
  const timer = setInterval(() => {
    left -= 1;
    line.textContent = text(Math.max(left, 0));
    if (left > 0 && line.isConnected) return;
    clearInterval(timer);
    line.hidden = true;
    if (left <= 0) onUp();
  }, 1000);
  return () => { clearInterval(timer); line.hidden = true; };
}
