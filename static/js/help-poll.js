// The mentors' dashboard asks every few seconds for open calls for help and shows them without a
// page reload. Without JavaScript the list is still there (server-rendered) and a reload updates it.
const panel = document.getElementById("help-panel");
const list = document.getElementById("help-list");
const texts = document.getElementById("help-texts")?.dataset || {};
const token = document.querySelector('meta[name="csrf-token"]')?.content || "";

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function actionForm(url, label, primary) {
  const form = element("form", { method: "post", action: url });
  form.append(element("input", { type: "hidden", name: "csrf_token", value: token }));
  form.append(element("button", { type: "submit", class: primary ? "button button-primary" : "button" }, label));
  return form;
}

function render(requests) {
  if (!requests.length) {
    list.replaceChildren(element("p", { class: "help-empty" }, texts.empty || ""));
    return;
  }
  const items = requests.map((item) => {
    const li = element("li", { class: "help-item", "data-help-id": String(item.id) });
    li.append(element("a", { href: item.learner_url }, element("strong", {}, item.learner)));
    if (item.where) li.append(" ", element("span", {}, item.where));
    li.append(" ", element("span", { class: "waiting" }, (texts.waiting || "{time}").replace("{time}", item.waiting)));
    if (item.status === "taken") li.append(" ", element("span", { class: "flag flag-due" }, texts.taken || ""));
    if (item.status === "open") li.append(actionForm(item.take_url, texts.take || "", true));
    li.append(actionForm(item.close_url, texts.close || "", false));
    return li;
  });
  list.replaceChildren(element("ul", { class: "help-list" }, ...items));
}

async function poll() {
  try {
    const response = await fetch(panel.dataset.pollUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.ok) render((await response.json()).requests);
  } catch (error) {
    // The next poll tries again; the page keeps what it showed.
  }
}

if (panel && list) {
  const seconds = Math.max(2, Number(panel.dataset.pollSeconds) || 10);
  setInterval(poll, seconds * 1000);
}
