// The mentors' dashboard asks every few seconds for open calls for help and shows them without a
// page reload. Without JavaScript the list is still there (server-rendered) and a reload updates it.
// Calls already shown are updated in place, so keyboard focus stays where the mentor left it, and
// only a new call is announced to screen readers (in #help-news), not the whole list every time.
const panel = document.getElementById("help-panel");
const list = document.getElementById("help-list");
const news = document.getElementById("help-news");
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

function waitingText(item) {
  return (texts.waiting || "{time}").replace("{time}", item.waiting);
}

// A course or lesson title not translated into the page's language is German: lang="de" lets a screen
// reader read it with a German voice, as on the server-rendered list.
function whereParts(parts) {
  const page = document.documentElement.lang;
  return parts.flatMap((part, index) => [
    ...(index ? [": "] : []),
    part.lang === page ? part.text : element("span", { lang: part.lang, dir: part.dir }, part.text),
  ]);
}

function callItem(item) {
  const li = element("li", { class: "help-item", "data-help-id": String(item.id), "data-status": item.status });
  // <bdi>: an Arabic name in a German list (or a Latin one in an Arabic list) keeps its own direction.
  li.append(element("a", { href: item.learner_url }, element("strong", {}, element("bdi", {}, item.learner))));
  if (item.where_parts?.length) li.append(" ", element("span", {}, ...whereParts(item.where_parts)));
  li.append(" ", element("span", { class: "waiting" }, waitingText(item)));
  if (item.status === "taken") li.append(" ", element("span", { class: "flag flag-due" }, texts.taken || ""));
  if (item.status === "open") li.append(actionForm(item.take_url, texts.take || "", true));
  li.append(actionForm(item.close_url, texts.close || "", false));
  return li;
}

function render(requests) {
  if (!requests.length) {
    if (!list.querySelector(".help-empty")) list.replaceChildren(element("p", { class: "help-empty" }, texts.empty || ""));
    return;
  }
  let ul = list.querySelector("ul.help-list");
  if (!ul) {
    ul = element("ul", { class: "help-list" });
    list.replaceChildren(ul);
  }
  const shown = new Map([...ul.querySelectorAll(":scope > .help-item")].map((li) => [li.dataset.helpId, li]));
  const arrived = [];
  let previous = null;
  for (const item of requests) {
    const id = String(item.id);
    let li = shown.get(id);
    shown.delete(id);
    if (li && (li.dataset.status || item.status) === item.status) {
      li.dataset.status = item.status;
      const waiting = li.querySelector(".waiting");
      if (waiting && waiting.textContent !== waitingText(item)) waiting.textContent = waitingText(item);
    } else {
      const hadFocus = li?.contains(document.activeElement);
      const fresh = callItem(item);
      if (li) li.replaceWith(fresh);
      else arrived.push(item.learner);
      li = fresh;
      if (hadFocus) li.querySelector("a").focus();
    }
    // Keep the server's order without moving items that are already in place.
    const wanted = previous ? previous.nextElementSibling : ul.firstElementChild;
    if (wanted !== li) (previous ? previous.after(li) : ul.prepend(li));
    previous = li;
  }
  for (const gone of shown.values()) gone.remove();
  if (news && arrived.length) news.textContent = arrived.map((name) => (texts.arrived || "{name}").replace("{name}", name)).join(" ");
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
