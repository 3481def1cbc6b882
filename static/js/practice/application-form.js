// Online application: a made-up application form with personal data, a real CV upload (checked by
// the server at /practice/upload-check and thrown away), and a consent box. After "send", what is
// wrong or missing is listed kindly, each point linked to its field, as real portals do.
import { el, icon, numberFormat, useStyle } from "./common.js";

const MB = 1024 * 1024;
const WORD = /\.(docx?|odt|rtf|pages)$/i;
const PICTURE = /\.(jpe?g|png|gif|heic|heif|webp|bmp|tiff?)$/i;
const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

function emailProblem(value) {
  if (!value) return "application.email_missing";
  if (!value.includes("@")) return "application.email_no_at";
  if (!/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/.test(value)) return "application.email_invalid";
  return null;
}

function phoneProblem(value) {
  if (!value) return null;
  const digits = value.replace(/\D/g, "").length;
  return /^\+?[\d\s/()-]+$/.test(value) && digits >= 5 ? null : "application.phone_invalid";
}

export function mount(stage, ctx) {
  useStyle("application");
  const t = ctx.t;
  const maxMb = Number.isInteger(ctx.options.max_size_mb) ? ctx.options.max_size_mb : 2;
  const uploadUrl = `${(ctx.root.dataset.resultUrl || "").split("/courses/")[0]}/practice/upload-check`;
  const id = (name) => `${ctx.root.id || "practice"}-apply-${name}`;
  const number = numberFormat(ctx.lang, { maximumFractionDigits: 1 });
  const sizeText = (bytes) => (bytes >= MB / 10 ? `${number.format(bytes / MB)} MB` : `${number.format(Math.max(1, Math.round(bytes / 1024)))} KB`);
  let attempts = 0;
  let mistakes = 0;
  let busy = false;

  // --- the form ---------------------------------------------------------------------------
  const input = (name, attributes = {}) => el("input", { class: "input", id: id(name), name, autocomplete: "off", ...attributes });
  const first = input("first", { type: "text", required: true });
  const last = input("last", { type: "text", required: true });
  const email = input("email", { type: "email", required: true, inputmode: "email", spellcheck: "false" });
  const phone = input("phone", { type: "tel", inputmode: "tel" });
  const cv = el("input", { class: "apply-file", id: id("cv"), name: "cv", type: "file", required: true, onchange: onFileChosen });
  const consent = el("input", { type: "checkbox", id: id("consent"), name: "consent", required: true, onchange: () => consent.checked && clearError(consent) });
  const chosen = el("p", { class: "apply-chosen", hidden: true });
  const summary = el("div", { class: "apply-errors", tabindex: "-1", hidden: true, "aria-labelledby": id("errors-title") });
  const submit = el("button", { type: "submit", class: "button button-primary button-big" }, t("application.submit"), icon("next-arrow"));
  const fields = [first, last, email, phone, cv, consent];

  for (const field of [first, last]) field.addEventListener("input", () => field.value.trim() && clearError(field));
  email.addEventListener("input", () => !emailProblem(email.value.trim()) && clearError(email));
  phone.addEventListener("input", () => !phoneProblem(phone.value.trim()) && clearError(phone));

  function field(control, label, { hint = null, optional = false } = {}) {
    if (hint) control.setAttribute("aria-describedby", `${control.id}-hint`);
    return el("div", { class: "field apply-field" },
      el("label", { for: control.id }, label, optional
        ? ` ${t("application.optional")}`
        : el("span", { class: "apply-star", "aria-hidden": "true" }, " *")),
      hint ? el("p", { class: "hint", id: `${control.id}-hint` }, hint) : null,
      el("p", { class: "field-error", id: `${control.id}-error`, hidden: true }),
      control);
  }

  const form = el("form", { class: "apply-form", novalidate: true, autocomplete: "off", onsubmit: onSubmit },
    el("p", { class: "hint" }, t("application.required_note")),
    el("fieldset", { class: "apply-group" }, el("legend", {}, t("application.personal")),
      field(first, t("application.first_name")),
      field(last, t("application.last_name")),
      field(email, t("application.email"), { hint: t("application.email_hint") }),
      field(phone, t("application.phone"), { optional: true })),
    el("fieldset", { class: "apply-group" }, el("legend", {}, t("application.documents")),
      field(cv, t("application.cv"), { hint: t("application.cv_hint", { max: maxMb }) }),
      chosen),
    el("fieldset", { class: "apply-group" }, el("legend", {}, t("application.privacy")),
      el("p", { class: "field-error", id: `${consent.id}-error`, hidden: true }),
      el("div", { class: "apply-consent" }, consent,
        el("label", { for: consent.id }, t("application.consent"), el("span", { class: "apply-star", "aria-hidden": "true" }, " *"))),
      el("p", { class: "hint", id: `${consent.id}-hint` }, t("application.consent_hint"))),
    el("p", {}, submit));
  consent.setAttribute("aria-describedby", `${consent.id}-hint`);

  const portal = el("div", { class: "apply-portal" });
  stage.replaceChildren(el("div", { class: "apply" },
    el("p", { class: "notice apply-note" }, icon("info"), " ", t("common.simulation_note")),
    portal));

  function showForm() {
    form.reset();
    fields.forEach(clearError);
    summary.hidden = true;
    chosen.hidden = true;
    portal.replaceChildren(
      el("p", { class: "apply-brand" }, t("application.portal")),
      el("p", { class: "apply-job" }, t("application.job_intro"), " ", el("strong", {}, t("application.job"))),
      summary, form);
  }

  // --- errors: next to the field and in a list at the top ----------------------------------
  function setError(control, text) {
    const error = document.getElementById(`${control.id}-error`);
    error.textContent = text;
    error.hidden = false;
    control.setAttribute("aria-invalid", "true");
    const hint = document.getElementById(`${control.id}-hint`);
    control.setAttribute("aria-describedby", [error.id, hint?.id].filter(Boolean).join(" "));
  }

  function clearError(control) {
    const error = document.getElementById(`${control.id}-error`);
    if (error) { error.hidden = true; error.replaceChildren(); }
    control.removeAttribute("aria-invalid");
    const hint = document.getElementById(`${control.id}-hint`);
    if (hint) control.setAttribute("aria-describedby", hint.id);
    else control.removeAttribute("aria-describedby");
    summary.querySelector(`li[data-field="${control.id}"]`)?.remove();
    if (!summary.querySelector("li")) summary.hidden = true;
  }

  function showProblems(problems) {
    fields.forEach(clearError);
    problems.forEach(({ control, text }) => setError(control, text));
    summary.replaceChildren(
      el("h3", { id: id("errors-title") }, icon("warning"), " ", t("application.errors_heading")),
      el("p", {}, t("application.errors_intro")),
      el("ul", {}, problems.map(({ control, text }) => el("li", { "data-field": control.id },
        el("a", { href: `#${control.id}`, onclick: (event) => { event.preventDefault(); goTo(control); } }, text)))));
    summary.hidden = false;
    summary.focus();
    const count = problems.length === 1 ? t("application.errors_one") : t("application.errors_many", { n: problems.length });
    ctx.status(`${count} ${problems[0].text}`, "hint");
  }

  function goTo(control) {
    control.focus();
    control.scrollIntoView({ block: "center" });
  }

  // --- the CV -----------------------------------------------------------------------------
  function onFileChosen() {
    clearError(cv);
    const file = cv.files[0];
    if (!file) { chosen.hidden = true; return; }
    chosen.replaceChildren(t("application.chosen", { name: file.name, size: sizeText(file.size) }), " ",
      el("button", { type: "button", class: "button button-quiet", onclick: removeFile },
        icon("cross"), t("application.remove"), el("span", { class: "visually-hidden" }, `: ${file.name}`)));
    chosen.hidden = false;
  }

  function removeFile() {
    cv.value = "";
    chosen.hidden = true;
    cv.focus();
    ctx.status(t("application.removed"), "info");
  }

  // Sends the chosen file to the server's check, which answers and keeps nothing.
  async function checkFile(file) {
    const body = new FormData();
    // The server reads at most one byte over the limit: sending more would change nothing.
    body.append("file", file.size > maxMb * MB + 1 ? new File([file.slice(0, maxMb * MB + 1)], file.name, { type: file.type }) : file);
    body.append("max_size_mb", String(maxMb));
    const response = await fetch(uploadUrl, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }, body,
    });
    if (response.status === 413) return { ok: false, problem: "size", size: file.size };
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  function fileProblem(file, answer) {
    if (!file || answer.problem === "missing") return t("application.cv_missing");
    const values = { name: file.name, size: sizeText(file.size), max: maxMb };
    if (answer.problem === "size") return t("application.cv_size", values);
    if (answer.problem === "empty") return t("application.cv_empty", values);
    if (answer.problem === "type") {
      if (WORD.test(file.name)) return t("application.cv_word", values);
      if (PICTURE.test(file.name) || file.type.startsWith("image/")) return t("application.cv_picture", values);
      return t("application.cv_type", values);
    }
    return null;
  }

  // --- sending ----------------------------------------------------------------------------
  async function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    submit.setAttribute("aria-disabled", "true");
    ctx.status(t("application.sending"), "info");
    try {
      const problems = [];
      const add = (control, key) => key && problems.push({ control, text: t(key) });
      add(first, first.value.trim() ? null : "application.first_missing");
      add(last, last.value.trim() ? null : "application.last_missing");
      add(email, emailProblem(email.value.trim()));
      add(phone, phoneProblem(phone.value.trim()));
      const file = cv.files[0];
      let answer = { ok: false, problem: "missing" };
      try {
        if (file) answer = await checkFile(file);
      } catch (error) {
        ctx.status(t("application.check_failed"), "error");
        return;
      }
      const cvText = answer.ok ? null : fileProblem(file, answer);
      if (cvText) problems.push({ control: cv, text: cvText });
      add(consent, consent.checked ? null : "application.consent_missing");
      attempts += 1;
      if (problems.length) {
        mistakes += problems.length;
        showProblems(problems);
      } else {
        showSuccess(file);
      }
    } finally {
      busy = false;
      submit.removeAttribute("aria-disabled");
    }
  }

  function showSuccess(file) {
    const heading = el("h3", { tabindex: "-1", class: "apply-success-title" }, icon("check"), " ", t("application.success_title"));
    const name = `${first.value.trim()} ${last.value.trim()}`;
    const again = el("button", { type: "button", class: "button", onclick: startAgain },
      icon("retry"), t("common.again"));
    portal.replaceChildren(el("div", { class: "apply-success" },
      heading,
      el("p", {}, t("application.success_text", { name })),
      el("h4", {}, t("application.sent_heading")),
      el("ul", {},
        el("li", {}, `${t("application.first_name")} / ${t("application.last_name")}: ${name}`),
        el("li", {}, `${t("application.email")}: ${email.value.trim()}`),
        el("li", {}, `${t("application.cv")}: ${file.name} (${sizeText(file.size)})`)),
      el("p", { class: "hint" }, t("application.nothing_kept")),
      again));
    heading.focus();
    ctx.finish({ attempts, mistakes }).catch(() => {});
  }

  function startAgain() {
    attempts = 0;
    mistakes = 0;
    showForm();
    ctx.restartTimer();
    first.focus();
  }

  showForm();
}
