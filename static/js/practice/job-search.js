// Job search: a made-up job portal in the style of the Jobbörse of the Bundesagentur für Arbeit.
// The learner searches ("Was", "Wo", "Umkreis"), filters by working time, opens an offer, answers
// a question about it and saves it to the "Merkliste". Offers come from ctx.options.offers;
// nothing leaves the page.
import { el, icon, numberFormat, useStyle } from "./common.js";

const RADII = [5, 10, 25, 50];
const DEFAULT_RADIUS = 25;
const HOURS = { Vollzeit: "jobs.full_time", Teilzeit: "jobs.part_time", Minijob: "jobs.mini_job" };
const TASKS = ["search", "filter", "open", "question", "save"];
const SPARE_HOURS = ["8", "10", "20", "30", "40"];

// Compare words the way a beginner types them: no case, no accents, "ae" = "ä", "ß" = "ss".
const norm = (text) => String(text ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
  .replace(/ß/g, "ss").replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u").trim();
const wordsOf = (text) => norm(text).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 2);
const byNumber = (a, b) => (parseFloat(a) || 0) - (parseFloat(b) || 0);

export function mount(stage, ctx) {
  useStyle("jobs");
  const t = ctx.t;
  const id = (name) => `${ctx.root.id || "practice"}-jobs-${name}`;
  const offers = (Array.isArray(ctx.options.offers) ? ctx.options.offers : []).map((offer) => ({
    ...offer,
    haystack: norm([offer.title, offer.employer, ...(offer.tasks || [])].join(" ")),
  }));
  const nearest = [...offers].sort((a, b) => a.distance_km - b.distance_km)[0];
  const home = nearest ? nearest.place.split(/[-–(,/]/)[0].trim() : "";
  const number = numberFormat(ctx.lang);
  let state;

  const hoursLabel = (hours) => (HOURS[hours] ? t(HOURS[hours]) : hours);
  const countText = (n) => (n === 1 ? t("jobs.count_one") : t("jobs.count_many", { n }));

  // --- search logic -----------------------------------------------------------------------
  function isHome(where) {
    const place = norm(where);
    return place.length >= 2 && Boolean(home) && (norm(home).includes(place) || place.includes(norm(home)));
  }

  function find(words, where, radius) {
    const place = norm(where);
    const homeMode = isHome(where);
    return offers.filter((offer) => words.every((word) => offer.haystack.includes(word))
      && (homeMode ? offer.distance_km <= radius : place.length >= 2 && norm(offer.place).includes(place)));
  }

  // Why a search found nothing, in words a beginner can act on.
  function whyNothing(words, where, radius) {
    const placeKnown = isHome(where) || offers.some((offer) => norm(offer.place).includes(norm(where)));
    if (!placeKnown) return t("jobs.none_place", { place: where, home });
    if (isHome(where)) {
      const bigger = RADII.find((km) => km > radius && find(words, where, km).length);
      if (bigger) return t("jobs.none_radius", { km: radius, bigger });
    }
    if (words.length > 1) {
      const single = words.find((word) => find([word], where, radius).length);
      if (single) {
        const typed = state.what.split(/\s+/).find((word) => wordsOf(word).includes(single)) || single;
        return t("jobs.none_words", { word: typed });
      }
    }
    return t("jobs.none_general");
  }

  // --- parts of the page ------------------------------------------------------------------
  const checklist = el("ol", { class: "jobs-tasks" });
  const whatInput = el("input", { class: "input", id: id("what"), name: "what", type: "text", autocomplete: "off", "aria-describedby": id("what-hint") });
  const whereInput = el("input", { class: "input", id: id("where"), name: "where", type: "text", autocomplete: "off", "aria-describedby": id("where-hint") });
  const radiusSelect = el("select", { class: "input", id: id("radius"), name: "radius" },
    RADII.map((km) => el("option", { value: km, selected: km === DEFAULT_RADIUS }, t("jobs.km", { km }))));
  const filterBoxes = Object.keys(HOURS).map((hours) => el("input", { type: "checkbox", id: id(`filter-${hours}`), value: hours, onchange: onFilter }));
  const filters = el("fieldset", { class: "jobs-filters" }, el("legend", {}, t("jobs.working_time")),
    filterBoxes.map((box) => el("div", { class: "jobs-check" }, box, el("label", { for: box.id }, hoursLabel(box.value)))));
  const countHeading = el("h3", { class: "jobs-count", id: id("count") });
  const hitList = el("ul", { class: "jobs-hits", "aria-labelledby": id("count") });
  const listView = el("div", { class: "jobs-list", hidden: true }, filters, countHeading, hitList);
  const detailView = el("div", { class: "jobs-detail", hidden: true });
  const watchHeading = el("h3", { id: id("watch") });
  const watchList = el("ul", { class: "jobs-watch-list", "aria-labelledby": id("watch") });
  const again = el("button", { type: "button", class: "button", hidden: true, onclick: start }, icon("retry"), t("common.again"));

  function field(input, label, hint) {
    return el("div", { class: "field jobs-field" },
      el("label", { for: input.id }, label),
      hint ? el("p", { class: "hint", id: `${input.id}-hint` }, hint) : null,
      el("p", { class: "field-error", id: `${input.id}-error`, hidden: true }),
      input);
  }

  const form = el("form", { class: "jobs-search", role: "search", novalidate: true, onsubmit: onSearch },
    field(whatInput, t("jobs.what"), t("jobs.what_hint")),
    field(whereInput, t("jobs.where"), home ? t("jobs.where_hint", { place: home }) : null),
    field(radiusSelect, t("jobs.radius")),
    el("div", { class: "jobs-search-go" }, el("button", { type: "submit", class: "button button-primary" }, t("jobs.search"))));

  stage.replaceChildren(el("div", { class: "jobs" },
    el("p", { class: "notice jobs-note" }, icon("info"), " ", t("common.simulation_note")),
    el("div", { class: "jobs-tasks-box" }, el("h3", {}, t("jobs.tasks_heading")), checklist, again),
    el("div", { class: "jobs-portal" },
      el("p", { class: "jobs-brand" }, t("jobs.portal")),
      el("div", { class: "jobs-layout" },
        el("div", { class: "jobs-main" }, form, listView, detailView),
        el("aside", { class: "jobs-watch", "aria-labelledby": id("watch") }, watchHeading, watchList)))));

  // --- state and drawing ------------------------------------------------------------------
  function start() {
    state = { done: new Set(), searches: 0, mistakes: 0, results: [], homeMode: false, what: "", saved: [], open: null, finished: false };
    form.reset();
    filterBoxes.forEach((box) => { box.checked = false; });
    for (const input of [whatInput, whereInput]) showFieldError(input, null);
    listView.hidden = true;
    detailView.hidden = true;
    again.hidden = true;
    drawTasks();
    drawWatchList();
    ctx.restartTimer();
  }

  function drawTasks() {
    checklist.replaceChildren(...TASKS.map((task) => {
      const done = state.done.has(task);
      return el("li", { class: done ? "jobs-task jobs-task-done" : "jobs-task" },
        icon(done ? "check" : "circle"), " ",
        el("span", {}, t(`jobs.task_${task}`)), " ",
        el("span", { class: done ? "jobs-task-state" : "visually-hidden" }, done ? t("jobs.state_done") : t("jobs.state_open")));
    }));
  }

  // A task is done: say so (and name the next task), or finish when it was the last one.
  function succeed(task, text) {
    const first = !state.done.has(task);
    state.done.add(task);
    drawTasks();
    const next = TASKS.find((name) => !state.done.has(name));
    if (!next && !state.finished) {
      state.finished = true; // finish() shows the final message; if saving fails, doing a task again retries
      ctx.finish({ attempts: Math.max(1, state.searches), mistakes: state.mistakes })
        .then(() => { again.hidden = false; })
        .catch(() => { state.finished = false; });
      return;
    }
    ctx.status(first && next ? `${text} ${t("jobs.next", { task: t(`jobs.task_${next}`) })}` : text, first ? "success" : "info");
  }

  function showFieldError(input, text) {
    const error = document.getElementById(`${input.id}-error`);
    error.hidden = !text;
    error.textContent = text || "";
    if (text) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${input.id}-error ${input.id}-hint`);
    } else {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", `${input.id}-hint`);
    }
  }

  function shownResults() {
    const chosen = filterBoxes.filter((box) => box.checked).map((box) => box.value);
    return chosen.length ? state.results.filter((offer) => chosen.includes(offer.hours)) : state.results;
  }

  function drawList() {
    const shown = shownResults();
    countHeading.textContent = countText(shown.length);
    hitList.replaceChildren(...shown.map((offer) => el("li", { class: "jobs-hit" },
      el("h4", {}, el("button", { type: "button", class: "jobs-title", "data-offer": offer.id, onclick: () => openOffer(offer) }, offer.title)),
      el("p", {}, el("strong", {}, offer.employer)),
      el("p", {}, offer.place, state.homeMode ? ` · ${t("jobs.km_away", { km: number.format(offer.distance_km) })}` : ""),
      el("p", {}, hoursLabel(offer.hours), offer.start ? ` · ${t("jobs.part_start")}: ${offer.start}` : ""))));
    return shown;
  }

  function drawWatchList() {
    watchHeading.replaceChildren(t("jobs.watch_list"), ` (${state.saved.length})`);
    if (!state.saved.length) {
      watchList.replaceChildren(el("li", { class: "jobs-watch-empty" }, t("jobs.watch_empty")));
      return;
    }
    watchList.replaceChildren(...state.saved.map((offer) => el("li", {},
      el("span", {}, offer.title, el("br"), el("small", {}, offer.employer)),
      el("button", { type: "button", class: "button button-quiet", onclick: () => unsave(offer) },
        icon("cross"), t("jobs.remove"), el("span", { class: "visually-hidden" }, `: ${offer.title}`)))));
  }

  // --- what the learner does --------------------------------------------------------------
  function onSearch(event) {
    event.preventDefault();
    const what = wordsOf(whatInput.value).length ? whatInput.value.trim() : "";
    const where = whereInput.value.trim();
    showFieldError(whatInput, what ? null : t("jobs.need_what"));
    showFieldError(whereInput, where ? null : t("jobs.need_where"));
    if (!what || !where) {
      (what ? whereInput : whatInput).focus();
      ctx.status(what ? t("jobs.need_where") : t("jobs.need_what"), "hint");
      return;
    }
    const words = wordsOf(what);
    const radius = Number(radiusSelect.value);
    state.searches += 1;
    state.what = what;
    state.homeMode = isHome(where);
    state.results = find(words, where, radius);
    detailView.hidden = true;
    listView.hidden = false;
    const shown = drawList();
    if (!state.results.length) {
      state.mistakes += 1;
      ctx.status(whyNothing(words, where, radius), "hint");
    } else if (!shown.length) {
      ctx.status(t("jobs.filter_none"), "hint");
    } else {
      succeed("search", t("jobs.found", { count: countText(shown.length) }));
    }
  }

  function onFilter() {
    if (!state.searches) return;
    const shown = drawList();
    const filtered = filterBoxes.some((box) => box.checked);
    if (!shown.length) {
      ctx.status(state.results.length ? t("jobs.filter_none") : t("jobs.filter_first"), "hint");
    } else if (filtered) {
      succeed("filter", t("jobs.filter_done", { count: countText(shown.length) }));
    } else {
      ctx.status(t("jobs.found", { count: countText(shown.length) }), "info");
    }
  }

  function part(title, ...content) {
    return el("section", { class: "jobs-part" }, el("h4", {}, title), ...content);
  }

  const list = (items) => el("ul", {}, (items || []).map((item) => el("li", {}, item)));

  function openOffer(offer) {
    const hours = [hoursLabel(offer.hours), offer.hours_per_week ? t("jobs.hours_week", { n: offer.hours_per_week }) : null].filter(Boolean).join(", ");
    const heading = el("h3", { tabindex: "-1", class: "jobs-offer-title", id: id(`offer-${offer.id}`) }, offer.title);
    const saveButton = el("button", { type: "button", class: "button button-primary", onclick: () => save(offer, saveButton) },
      icon("check"), t("jobs.save"));
    if (state.saved.includes(offer)) saveButton.replaceChildren(icon("check"), t("jobs.saved_state"));
    detailView.replaceChildren(
      el("button", { type: "button", class: "button", onclick: closeOffer }, icon("back-arrow"), t("jobs.back")),
      el("article", { class: "jobs-offer", "aria-labelledby": heading.id },
        heading,
        el("p", { class: "jobs-offer-employer" }, el("strong", {}, offer.employer), " · ", offer.place),
        /\(m\/w\/d\)/i.test(offer.title)
          ? el("p", { class: "jobs-mwd" }, icon("info"), " ", el("strong", {}, t("jobs.mwd_title")), " ", t("jobs.mwd_text"))
          : null,
        part(t("jobs.part_tasks"), list(offer.tasks)),
        part(t("jobs.part_requirements"), list(offer.requirements)),
        offer.offer?.length ? part(t("jobs.part_offer"), list(offer.offer)) : null,
        part(t("jobs.working_time"), el("p", {}, hours)),
        part(t("jobs.part_pay"), el("p", {}, offer.pay || t("jobs.not_given"))),
        part(t("jobs.part_start"), el("p", {}, offer.start || t("jobs.not_given"))),
        part(t("jobs.part_contact"), el("p", {}, offer.contact || t("jobs.not_given"))),
        question(offer),
        el("p", { class: "jobs-offer-actions" }, saveButton)));
    state.open = { offer, saveButton };
    listView.hidden = true;
    detailView.hidden = false;
    heading.focus();
    succeed("open", t("jobs.opened"));
  }

  function closeOffer() {
    const offer = state.open?.offer;
    state.open = null;
    detailView.hidden = true;
    listView.hidden = false;
    drawList();
    const button = [...hitList.querySelectorAll(".jobs-title")].find((node) => node.dataset.offer === offer?.id);
    if (button) button.focus();
  }

  function question(offer) {
    let right;
    let choices;
    let label;
    let text;
    if (offer.hours_per_week) {
      right = String(offer.hours_per_week);
      const others = [...new Set([...offers.map((o) => o.hours_per_week).filter(Boolean).map(String), ...SPARE_HOURS])]
        .filter((value) => value !== right);
      choices = [right, ...others.slice(0, 2)].sort(byNumber);
      label = (value) => t("jobs.hours_n", { n: value });
      text = t("jobs.question_hours");
    } else {
      right = offer.hours;
      choices = Object.keys(HOURS);
      label = hoursLabel;
      text = t("jobs.question_kind");
    }
    const box = el("fieldset", { class: "jobs-question" }, el("legend", {}, icon("question"), " ", text));
    const buttons = el("div", { class: "jobs-answers" }, choices.map((choice) => el("button", {
      type: "button", class: "button", onclick: (event) => answer(choice, event.currentTarget),
    }, label(choice))));
    box.append(buttons);

    function answer(choice, button) {
      if (choice === right) {
        const text = t("jobs.answer_right", { answer: label(right) });
        buttons.replaceChildren(el("p", { class: "jobs-right", tabindex: "-1" }, icon("check"), " ", text));
        buttons.firstChild.focus();
        succeed("question", text);
      } else {
        if (!button.classList.contains("jobs-wrong")) {
          state.mistakes += 1;
          button.classList.add("jobs-wrong");
          button.prepend(icon("cross"));
        }
        ctx.status(t("jobs.answer_wrong"), "hint");
      }
    }
    return box;
  }

  function save(offer, button) {
    if (offer.dubious) {
      state.mistakes += 1;
      ctx.status(t("jobs.dubious_saved"), "error");
      return;
    }
    if (!state.saved.includes(offer)) state.saved.push(offer);
    drawWatchList();
    button.replaceChildren(icon("check"), t("jobs.saved_state"));
    succeed("save", t("jobs.saved", { title: offer.title }));
  }

  function unsave(offer) {
    state.saved = state.saved.filter((saved) => saved !== offer);
    drawWatchList();
    ctx.status(t("jobs.removed", { title: offer.title }), "info");
    watchHeading.setAttribute("tabindex", "-1");
    watchHeading.focus();
    if (state.open?.offer === offer) state.open.saveButton.replaceChildren(icon("check"), t("jobs.save"));
  }

  if (!offers.length) {
    stage.replaceChildren(el("p", { class: "alert" }, t("common.load_failed")));
    return;
  }
  start();
}
