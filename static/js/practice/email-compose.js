// email-compose: write a new email (To, Subject, text, attachment from a pretend file chooser).
// "Send" checks every part and lists what is missing or wrong; nothing is ever sent.
import { el, icon, useStyle, startClock } from "./common.js";

// German defaults: the email is written in German, whatever the page's language.
const DEFAULTS = { to: "bewerbung@firma-beispiel.example", subject: "Bewerbung als Küchenhilfe", attachment: "Lebenslauf.pdf" };
const FILES = ["Anschreiben.pdf", "Einkaufsliste.txt", "Lebenslauf.pdf", "Urlaubsfoto.jpg"];
const GREETING = /^(sehr geehrte|guten (tag|morgen|abend)|hallo|liebe|lieber|moin|servus|grüß gott|dear|hello|hi)\b/i;
const REGARDS = /(grüße|grüßen|gruß|grüsse|grüssen|gruss|regards|best wishes|bis bald)/i;
const MIN_WORDS = 10;

const option = (value, fallback) => (typeof value === "string" && value.trim() ? value.trim() : fallback);
const simple = (text) => text.trim().replace(/\s+/g, " ").replace(/[.!]+$/, "").toLowerCase();
const extension = (file) => (file.match(/\.([a-z0-9]+)$/i)?.[1] || "").toLowerCase();


let counter = 0;

export function mount(stage, ctx) {
  useStyle("email");
  // Texts of this group are "email.<key>"; shared ones keep their "common." prefix.
  const t = (key, values) => ctx.t(key.startsWith("common.") ? key : `email.${key}`, values);
  const want = {
    to: option(ctx.options.to, DEFAULTS.to),
    subject: option(ctx.options.subject, DEFAULTS.subject),
    attachment: option(ctx.options.attachment, DEFAULTS.attachment),
  };
  const files = [...new Set([...FILES, want.attachment])].sort((a, b) => a.localeCompare(b, "de"));
  const id = `mc-${++counter}`;
  let attempts = 0;
  let mistakes = 0;
  let attached = [];
  let stopClock = null;
  let done = false;
  const limit = Number(ctx.options.time_limit) || 0;
  const timeLine = el("p", { class: "mail-time", hidden: true });
  const body = el("div", { class: "compose" });

  // The time counts from the first click or key in the exercise, not from opening the page.
  function begin() {
    if (stopClock || done) return;
    ctx.restartTimer();
    stopClock = limit ? startClock(limit, timeLine, (seconds) => t("time_left", { seconds }), timeUp) : () => {};
  }

  function timeUp() {
    if (dialog.open) dialog.close();
    ctx.status(t("time_up"), "hint");
    const again = againButton();
    body.replaceChildren(task, again);
    again.focus();
  }

  function againButton() {
    const again = el("button", { type: "button", class: "button" }, icon("retry"), " ", t("common.again"));
    again.addEventListener("click", () => {
      attempts = 0; mistakes = 0; attached = []; done = false;
      stopClock?.();
      stopClock = null;
      build();
      toInput.focus();
    });
    return again;
  }

  const fileType = (file) => {
    const ext = extension(file);
    if (ext === "pdf") return t("compose.type_pdf");
    if (["jpg", "jpeg", "png", "gif", "webp"].includes(ext)) return t("compose.type_picture");
    if (["txt", "doc", "docx", "odt", "rtf"].includes(ext)) return t("compose.type_text");
    return t("compose.type_file");
  };
  const fileBadge = (file) => el("span", { class: "file-badge", "aria-hidden": "true" }, extension(file).toUpperCase() || "?");

  // The task, always visible above the window.
  const task = el("section", { class: "compose-task", "aria-labelledby": `${id}-task` },
    el("h3", { id: `${id}-task` }, t("compose.task")),
    el("ul", {},
      el("li", {}, t("compose.task_to", { to: "" }), el("strong", {}, el("bdi", { dir: "ltr" }, want.to))),
      el("li", {}, t("compose.task_subject", { subject: "" }), el("strong", { lang: "de" }, want.subject)),
      el("li", {}, t("compose.task_text")),
      el("li", {}, t("compose.task_attachment", { attachment: "" }), el("strong", {}, want.attachment))));

  function field(name, label, control) {
    const error = el("p", { class: "field-error", id: `${id}-${name}-error`, hidden: true });
    return { error, node: el("div", { class: "field compose-field" }, el("label", { for: control.id }, label), control, error) };
  }

  const toInput = el("input", { id: `${id}-to`, class: "input compose-input", type: "text", inputmode: "email", dir: "ltr",
    autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
  const subjectInput = el("input", { id: `${id}-subject`, class: "input compose-input", type: "text", dir: "auto", autocomplete: "off" });
  const textArea = el("textarea", { id: `${id}-text`, class: "input compose-text", rows: "8", dir: "auto" });
  const to = field("to", t("compose.to"), toInput);
  const subject = field("subject", t("compose.subject"), subjectInput);
  const text = field("text", t("compose.text"), textArea);

  // Attachments: a list and the button that opens the pretend file chooser.
  const attachList = el("div", { class: "compose-attachments" });
  const attachButton = el("button", { type: "button", class: "button", "aria-haspopup": "dialog", id: `${id}-attach` }, t("compose.attach"));
  const attachError = el("p", { class: "field-error", id: `${id}-attachment-error`, hidden: true });
  const attachGroup = el("div", { class: "field compose-field", role: "group", "aria-labelledby": `${id}-attachment-label`, "aria-describedby": attachError.id },
    el("span", { class: "compose-label", id: `${id}-attachment-label` }, t("compose.attachment")), attachList,
    el("p", { class: "compose-attach-row" }, attachButton), attachError);

  function renderAttachments() {
    if (!attached.length) {
      attachList.replaceChildren(el("p", { class: "compose-none" }, t("compose.no_attachment")));
      return;
    }
    attachList.replaceChildren(el("ul", { class: "file-list" }, attached.map((file) => {
      const remove = el("button", { type: "button", class: "button button-quiet" }, icon("cross"), " ", t("compose.remove", { file }));
      remove.addEventListener("click", () => {
        attached = attached.filter((name) => name !== file);
        renderAttachments();
        attachButton.focus();
      });
      return el("li", { class: "file-row" }, fileBadge(file), el("span", { class: "file-name", dir: "ltr" }, file), remove);
    })));
  }

  // The pretend file chooser: a modal dialog with the files of "Documents".
  const dialogNote = el("p", { class: "field-error", role: "status", hidden: true });
  const dialogForm = el("form", { class: "compose-dialog-form", novalidate: true },
    el("h3", { id: `${id}-dialog-title` }, t("compose.choose_file")),
    el("fieldset", { class: "compose-files" },
      el("legend", {}, t("compose.folder")),
      el("ul", { class: "file-list" }, files.map((file, n) => {
        const input = el("input", { type: "radio", name: `${id}-file`, id: `${id}-file-${n}`, value: file });
        const row = el("li", { class: "file-choice" }, input,
          el("label", { for: input.id }, fileBadge(file), el("span", { class: "file-name", dir: "ltr" }, file),
            el("span", { class: "file-type" }, fileType(file))));
        row.addEventListener("dblclick", () => { input.checked = true; choose(); });
        return row;
      }))),
    dialogNote,
    el("div", { class: "compose-buttons" },
      el("button", { type: "submit", class: "button button-primary" }, t("compose.open")),
      el("button", { type: "button", class: "button", dataset: { cancel: "" } }, t("compose.cancel"))));
  const dialog = el("dialog", { class: "compose-dialog", "aria-labelledby": `${id}-dialog-title` }, dialogForm);
  dialogForm.addEventListener("submit", (event) => { event.preventDefault(); choose(); });
  dialogForm.querySelector("[data-cancel]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => attachButton.focus());
  attachButton.addEventListener("click", () => {
    dialogForm.reset();
    dialogNote.hidden = true;
    dialog.showModal();
  });

  function choose() {
    const chosen = dialogForm.querySelector("input[type=radio]:checked");
    if (!chosen) {
      dialogNote.textContent = t("compose.choose_first");
      dialogNote.hidden = false;
      return;
    }
    const file = chosen.value;
    const already = attached.includes(file);
    if (!already) attached.push(file);
    dialog.close();
    renderAttachments();
    ctx.status(t(already ? "compose.already_attached" : "compose.attached", { file }), "info");
  }

  // What is wrong, per part: [[part, text], …] in the order of the form.
  function problems() {
    const found = [];
    const address = toInput.value.trim();
    if (!address) found.push(["to", t("compose.to_empty", { to: want.to })]);
    else if (/\s/.test(address)) found.push(["to", t("compose.to_space")]);
    else if (!address.includes("@")) found.push(["to", t("compose.to_no_at")]);
    else if (address.toLowerCase() !== want.to.toLowerCase()) found.push(["to", t("compose.to_wrong", { to: want.to })]);

    if (!subjectInput.value.trim()) found.push(["subject", t("compose.subject_empty", { subject: want.subject })]);
    else if (simple(subjectInput.value) !== simple(want.subject)) found.push(["subject", t("compose.subject_wrong", { subject: want.subject })]);

    const message = textArea.value.trim();
    if (!GREETING.test(message)) found.push(["text", t("compose.text_greeting")]);
    if (message.split(/\s+/).filter(Boolean).length < MIN_WORDS) found.push(["text", t("compose.text_short")]);
    if (!REGARDS.test(message)) found.push(["text", t("compose.text_regards")]);

    for (const file of attached.filter((name) => name.toLowerCase() !== want.attachment.toLowerCase())) {
      found.push(["attachment", t("compose.attachment_wrong", { file })]);
    }
    if (!attached.some((name) => name.toLowerCase() === want.attachment.toLowerCase())) {
      found.push(["attachment", t("compose.attachment_missing", { attachment: want.attachment })]);
    }
    return found;
  }

  const summary = el("div", { class: "compose-problems", tabindex: "-1", hidden: true });
  const parts = { to: [to.error, toInput], subject: [subject.error, subjectInput], text: [text.error, textArea], attachment: [attachError, null] };
  for (const [error, control] of Object.values(parts)) control?.setAttribute("aria-describedby", error.id);

  function send(event) {
    event.preventDefault();
    attempts += 1;
    const found = problems();
    for (const [name, [error, control]] of Object.entries(parts)) {
      const texts = found.filter(([part]) => part === name).map(([, message]) => message);
      error.textContent = texts.join(" ");
      error.hidden = !texts.length;
      control?.setAttribute("aria-invalid", texts.length ? "true" : "false");
    }
    if (found.length) {
      mistakes += 1;
      summary.replaceChildren(el("p", { class: "compose-problems-title" }, icon("warning"), " ", t("compose.problems")),
        el("ul", {}, found.map(([, message]) => el("li", {}, message))));
      summary.hidden = false;
      summary.focus();
      ctx.status(t("compose.problems_status", { n: found.length }), "hint");
      return;
    }
    showSent();
  }

  function showSent() {
    done = true;
    stopClock?.();
    const title = el("h3", { tabindex: "-1" }, icon("check"), " ", t("compose.sent_title"));
    body.replaceChildren(task, el("section", { class: "mail-app compose-sent" },
      el("div", { class: "mail-bar" }, el("strong", {}, t("compose.title")),
        el("span", { class: "mail-note" }, icon("info"), " ", t("common.simulation_note"))),
      el("div", { class: "compose-sent-body" }, title,
        el("p", {}, t("compose.sent")),
        el("p", { class: "mail-head" }, el("strong", {}, t("compose.to")), ": ", el("bdi", { dir: "ltr" }, toInput.value.trim())),
        el("p", { class: "mail-head" }, el("strong", {}, t("compose.subject")), ": ", subjectInput.value.trim()),
        el("p", { class: "mail-head" }, el("strong", {}, t("compose.attachment")), ": ", el("bdi", { dir: "ltr" }, attached.join(", "))),
        el("div", { class: "mail-text", dir: "auto" }, textArea.value.trim()),
        againButton())));
    title.focus();
    ctx.finish({ attempts, mistakes }).catch(() => {});
  }

  function build() {
    for (const control of [toInput, subjectInput, textArea]) { control.value = ""; control.removeAttribute("aria-invalid"); }
    for (const [error] of Object.values(parts)) { error.hidden = true; error.textContent = ""; }
    summary.hidden = true;
    renderAttachments();
    const form = el("form", { class: "compose-form", novalidate: true },
      to.node, subject.node, attachGroup, text.node, summary,
      el("div", { class: "compose-buttons" },
        el("button", { type: "submit", class: "button button-primary button-big" }, icon("next-arrow"), " ", t("compose.send"))));
    form.addEventListener("submit", send);
    body.replaceChildren(task,
      el("section", { class: "mail-app compose-window", "aria-labelledby": `${id}-title` },
        el("div", { class: "mail-bar" }, el("strong", { id: `${id}-title` }, t("compose.title")),
          el("span", { class: "mail-note" }, icon("info"), " ", t("common.simulation_note"))),
        form),
      dialog);
  }

  stage.addEventListener("focusin", begin);
  stage.addEventListener("pointerdown", begin);
  build();
  stage.replaceChildren(timeLine, body);
}
