// email-inbox: a practice mail program. Nothing is real and nothing is sent. The learner works
// through a checklist: open an email, reply to Maria, delete the advertising, move the company's
// email into "Applications", and report the two phishing emails as fraud (then the warning signs
// are shown). Reporting a genuine email gets a hint why it is genuine.
import { el, icon, useStyle, startClock } from "./common.js";

// Fictional senders; the texts are "email.inbox.mail_<id>_…" messages.
const MAILS = [
  { id: "paket", name: "Paket-Service", address: "service@paket-zustelung24.example", time: "10:05",
    fraud: true, link: "http://paket-gebuehr-zahlen.example/login" },
  { id: "maria", name: "Maria Schneider", address: "maria.schneider@post-beispiel.example", time: "09:12" },
  { id: "bank", name: "Stadtbank Kundenservice", address: "kundenservice@stadtbank.konto-check24.example", time: "08:47",
    fraud: true, link: "http://stadtbank-login.konto-check24.example/pin" },
  { id: "kurs", name: "Lernzentrum Nord", address: "info@lernzentrum-nord.example", time: "08:30" },
  { id: "moebel", name: "Möbelhaus Beispiel", address: "newsletter@moebelhaus-beispiel.example", time: "07:55" },
  { id: "firma", name: "Firma Beispiel GmbH", address: "bewerbung@firma-beispiel.example", time: "07:10" },
];
const FOLDERS = ["inbox", "sent", "applications", "spam", "bin"];
const TASKS = ["open", "reply", "delete", "move", "fraud"];


let counter = 0;

export function mount(stage, ctx) {
  useStyle("email");
  // Texts of this group are "email.<key>"; shared ones keep their "common." prefix.
  const t = (key, values) => ctx.t(key.startsWith("common.") ? key : `email.${key}`, values);
  const id = `mi-${++counter}`;
  const limit = Number(ctx.options.time_limit) || 0;
  const timeLine = el("p", { class: "mail-time", hidden: true });
  let stopClock = null;
  let state;

  function reset() {
    state = {
      mails: MAILS.map((mail) => ({ ...mail, folder: "inbox", read: false, reported: false })),
      folder: "inbox",
      open: null,
      replying: false,
      done: new Set(),
      mistakes: 0,
      replies: 0,
      finished: false,
    };
  }

  const subject = (mail) => mail.own ? mail.subject : t(`inbox.mail_${mail.id}_subject`);
  const body = (mail) => mail.own ? mail.body : t(`inbox.mail_${mail.id}_body`);
  const folderName = (folder) => t(`inbox.folder_${folder}`);
  const openMail = () => state.mails.find((mail) => mail.id === state.open);
  const found = () => state.mails.filter((mail) => mail.fraud && mail.reported).length;
  const address = (text) => el("bdi", { dir: "ltr", class: "mail-address" }, text);

  // Parts of the program, filled by render().
  const tasksBox = el("section", { class: "mail-tasks", "aria-labelledby": `${id}-tasks` });
  const folderNav = el("nav", { class: "mail-folders", "aria-label": t("inbox.folders") });
  const listBox = el("section", { class: "mail-list", "aria-labelledby": `${id}-list` });
  const pane = el("section", { class: "mail-pane" });

  function complete(task) {
    if (state.done.has(task)) return false;
    state.done.add(task);
    return true;
  }

  function renderTasks() {
    const current = TASKS.find((task) => !state.done.has(task));
    const items = TASKS.map((task) => {
      const done = state.done.has(task);
      const text = task === "fraud" ? t("inbox.task_fraud", { n: found() }) : t(`inbox.task_${task}`);
      return el("li", { class: done ? "mail-task mail-task-done" : "mail-task", "aria-current": task === current ? "step" : null },
        icon(done ? "check" : task === current ? "next-arrow" : "circle"),
        el("span", {}, text, " ", el("span", { class: "mail-task-state" }, `(${done ? t("inbox.state_done") : t("inbox.state_open")})`)));
    });
    const children = [el("h3", { id: `${id}-tasks` }, t("inbox.tasks")), el("ol", {}, items)];
    if (state.finished) {
      const again = el("button", { type: "button", class: "button" }, icon("retry"), " ", t("common.again"));
      again.addEventListener("click", restart);
      children.push(el("p", { class: "mail-all-done" }, icon("check"), " ", t("inbox.all_done"), " "), again);
    }
    tasksBox.replaceChildren(...children);
  }

  function renderFolders() {
    folderNav.replaceChildren(el("ul", {}, FOLDERS.map((folder) => {
      const unread = state.mails.filter((mail) => mail.folder === folder && !mail.read).length;
      const button = el("button", { type: "button", class: "mail-folder", "aria-current": folder === state.folder ? "true" : null,
        dataset: { focus: `folder:${folder}` } },
      el("span", {}, folderName(folder)), unread ? el("span", { class: "mail-count" }, t("inbox.count_new", { n: unread })) : null);
      button.addEventListener("click", () => {
        state.folder = folder;
        render(`folder:${folder}`);
      });
      return el("li", {}, button);
    })));
  }

  function renderList() {
    const mails = state.mails.filter((mail) => mail.folder === state.folder);
    const heading = el("h3", { id: `${id}-list`, tabindex: "-1", dataset: { focus: "list" } },
      t("inbox.list_label", { folder: folderName(state.folder) }));
    if (!mails.length) {
      listBox.replaceChildren(heading, el("p", { class: "mail-empty" }, t("inbox.empty_folder")));
      return;
    }
    listBox.replaceChildren(heading, el("ul", { "aria-labelledby": heading.id }, mails.map((mail) => {
      const button = el("button", {
        type: "button", class: mail.read ? "mail-item" : "mail-item mail-unread",
        "aria-current": mail.id === state.open ? "true" : null, dataset: { focus: `mail:${mail.id}` },
      },
      el("span", { class: "mail-item-from" }, mail.read ? null : el("span", { class: "mail-badge" }, t("inbox.new")),
        mail.reported ? el("span", { class: "mail-badge mail-badge-fraud" }, icon("warning"), " ", t("inbox.fraud_badge")) : null,
        mail.own ? `${t("inbox.to")} ${mail.name}` : mail.name),
      el("span", { class: "mail-item-time" }, mail.time),
      el("span", { class: "mail-item-subject" }, subject(mail)));
      button.addEventListener("click", () => open(mail));
      return el("li", {}, button);
    })));
  }

  function renderPane() {
    const mail = openMail();
    if (!mail) {
      pane.replaceChildren(el("p", { class: "mail-none" }, icon("info"), " ", t("inbox.none_open")));
      return;
    }
    const parts = [
      el("h3", { id: `${id}-subject`, tabindex: "-1", dataset: { focus: "pane" } },
        mail.reported ? el("span", { class: "mail-badge mail-badge-fraud" }, icon("warning"), " ", t("inbox.fraud_badge")) : null,
        " ", subject(mail)),
      el("p", { class: "mail-head" }, el("strong", {}, t("inbox.from")), " ",
        mail.own ? t("inbox.me") : [mail.name, " ", address(`<${mail.address}>`)]),
      el("p", { class: "mail-head" }, el("strong", {}, t("inbox.to")), " ",
        mail.own ? [mail.name, " ", address(`<${mail.address}>`)] : t("inbox.me")),
      el("div", { class: "mail-text" }, body(mail),
        mail.link ? el("p", {}, el("span", { class: "mail-link", dir: "ltr" }, mail.link)) : null),
    ];
    if (mail.reported) parts.push(signs(mail));
    parts.push(actions(mail));
    if (state.replying) parts.push(replyForm(mail));
    pane.replaceChildren(el("article", { "aria-labelledby": `${id}-subject` }, parts));
  }

  function signs(mail) {
    const sign = (kind, values) => el("li", {}, icon("warning"), " ", el("strong", {}, t(`inbox.sign_${kind}`)), " ",
      t(`inbox.mail_${mail.id}_${kind}`, values));
    return el("section", { class: "mail-signs", "aria-labelledby": `${id}-signs` },
      el("h4", { id: `${id}-signs`, tabindex: "-1", dataset: { focus: "signs" } }, t("inbox.fraud_signs")),
      el("ul", {}, sign("sender", { address: mail.address }), sign("urgency"), sign("link")));
  }

  function actions(mail) {
    const button = (label, iconName, handler, extra = {}) => {
      const node = el("button", { type: "button", class: "button", ...extra }, icon(iconName), " ", label);
      node.addEventListener("click", handler);
      return node;
    };
    const select = el("select", { id: `${id}-move`, class: "mail-select" },
      FOLDERS.filter((folder) => folder !== "sent").map((folder) => el("option", { value: folder }, folderName(folder))));
    select.value = mail.folder === "applications" ? "inbox" : "applications";
    const move = el("span", { class: "mail-move" },
      el("label", { for: select.id }, t("inbox.move_to")), select,
      button(t("inbox.move"), "next-arrow", () => moveTo(mail, select.value)));
    return el("div", { class: "mail-actions", role: "group", "aria-label": t("inbox.actions") },
      mail.own ? null : button(t("inbox.reply"), "back-arrow", () => startReply(mail), { "aria-expanded": state.replying ? "true" : "false" }),
      button(t("inbox.delete"), "cross", () => moveTo(mail, "bin")),
      move,
      mail.own ? null : button(t("inbox.report"), "warning", () => report(mail)));
  }

  function replyForm(mail) {
    const area = el("textarea", { id: `${id}-reply`, class: "input mail-reply-text", rows: "4", dir: "auto", dataset: { focus: "reply" } });
    const form = el("form", { class: "mail-reply", novalidate: true },
      el("p", { class: "mail-head" }, el("strong", {}, t("inbox.to")), " ", mail.name, " ", address(`<${mail.address}>`)),
      el("p", { class: "mail-head" }, `${t("inbox.reply_prefix")} ${subject(mail)}`),
      el("label", { for: area.id }, t("inbox.reply_label")), area,
      el("div", { class: "mail-actions" },
        el("button", { type: "submit", class: "button button-primary" }, icon("next-arrow"), " ", t("inbox.send")),
        el("button", { type: "button", class: "button", dataset: { cancel: "" } }, t("inbox.cancel"))));
    form.querySelector("[data-cancel]").addEventListener("click", () => { state.replying = false; render("pane"); });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text) { ctx.status(t("inbox.reply_empty"), "hint"); area.focus(); return; }
      state.replies += 1;
      state.mails.push({ id: `reply-${state.replies}`, own: true, name: mail.name, address: mail.address, time: mail.time,
        subject: `${t("inbox.reply_prefix")} ${subject(mail)}`, body: text, folder: "sent", read: true, reported: false });
      state.replying = false;
      if (mail.id === "maria") { complete("reply"); ctx.status(t("inbox.sent"), "success"); }
      else ctx.status(t("inbox.reply_other"), "info");
      render("pane");
    });
    return form;
  }

  function open(mail) {
    state.open = mail.id;
    state.replying = false;
    mail.read = true;
    if (complete("open")) ctx.status(t("inbox.opened"), "success");
    render("pane");
  }

  function startReply(mail) {
    if (mail.fraud) {
      state.mistakes += 1;
      ctx.status(t("inbox.reply_fraud"), "hint");
      return;
    }
    state.replying = true;
    render("reply");
  }

  function report(mail) {
    if (!mail.fraud) {
      state.mistakes += 1;
      ctx.status(t("inbox.fraud_wrong", { reason: t(`inbox.mail_${mail.id}_genuine`) }), "hint");
      return;
    }
    if (mail.reported) { ctx.status(t("inbox.fraud_already"), "info"); return; }
    mail.reported = true;
    mail.folder = "spam";
    state.replying = false;
    if (found() === 2) complete("fraud");
    ctx.status(t("inbox.fraud_right"), "success");
    render("signs");
  }

  function moveTo(mail, folder) {
    if (mail.folder === folder) { ctx.status(t("inbox.move_same"), "info"); return; }
    if (folder === "spam" && mail.fraud && !mail.own) { report(mail); return; }
    mail.folder = folder;
    state.open = null;
    state.replying = false;
    if (folder === "bin") {
      if (mail.id === "moebel") { complete("delete"); ctx.status(t("inbox.deleted"), "success"); }
      else ctx.status(t("inbox.deleted_other"), "info");
    } else if (folder === "spam" && !mail.own) {
      state.mistakes += 1;
      ctx.status(`${t("inbox.moved", { folder: folderName(folder) })} ${t("inbox.fraud_wrong", { reason: t(`inbox.mail_${mail.id}_genuine`) })}`, "hint");
    } else {
      if (mail.id === "firma" && folder === "applications") complete("move");
      ctx.status(t("inbox.moved", { folder: folderName(folder) }), "success");
    }
    render("list");
  }

  // Draws every part again and puts the focus where the learner goes on.
  function render(focus) {
    renderTasks();
    renderFolders();
    renderList();
    renderPane();
    const target = stage.querySelector(`[data-focus="${focus}"]`) || stage.querySelector('[data-focus="list"]');
    if (focus && target) target.focus();
    if (!state.finished && TASKS.every((task) => state.done.has(task))) {
      state.finished = true;
      stopClock?.();
      renderTasks();
      ctx.finish({ attempts: 1, mistakes: state.mistakes }).catch(() => {});
    }
  }

  const app = el("div", { class: "mail-app" },
    el("div", { class: "mail-bar" }, el("strong", {}, t("inbox.title")),
      el("span", { class: "mail-note" }, icon("info"), " ", t("common.simulation_note"))),
    el("div", { class: "mail-body" }, folderNav, el("div", { class: "mail-main" }, listBox, pane)));
  const box = el("div", { class: "mail" }, tasksBox, app);

  // The time counts from the first click or key in the exercise, not from opening the page.
  function begin() {
    if (stopClock || state.finished) return;
    ctx.restartTimer();
    stopClock = limit ? startClock(limit, timeLine, (seconds) => t("time_left", { seconds }), timeUp) : () => {};
  }

  function timeUp() {
    ctx.status(t("time_up"), "hint");
    const again = el("button", { type: "button", class: "button" }, icon("retry"), " ", t("common.again"));
    again.addEventListener("click", restart);
    box.replaceChildren(again);
    again.focus();
  }

  function restart() {
    stopClock?.();
    stopClock = null;
    reset();
    box.replaceChildren(tasksBox, app);
    render("folder:inbox");
  }

  stage.addEventListener("focusin", begin);
  stage.addEventListener("pointerdown", begin);
  reset();
  stage.replaceChildren(timeLine, box);
  render(null);
}
