"""WCAG 2.1 AA checked by axe-core (the copy packaged with axe-playwright-python, nothing fetched)
in Debian's Chromium, over every page type, in German and in Arabic; keyboard-only use; screen
sizes and 200 % zoom; and the weight of each page."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in_by_typing, sign_in_staff, sign_in_with_keypad

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LESSON = "/courses/maus-und-tastatur/klicken"


def axe_violations(page: Page) -> list[str]:
    page.wait_for_load_state("networkidle")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    found = []
    for violation in result["violations"]:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        found.append(f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return found


def learner_pages(page: Page, base: str) -> list[str]:
    """Visit every learner page type; return the axe violations found."""
    found = []
    for path in ("/", "/courses/maus-und-tastatur", LESSON, "/settings"):
        page.goto(base + path)
        found += axe_violations(page)
    page.goto(base + LESSON)
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("input").first.check()
    page.locator("section.quiz button[type=submit]").click()
    page.wait_for_url("**/attempts/*")
    found += axe_violations(page)
    return found


def staff_pages(page: Page, base: str, ids) -> list[str]:
    found = []
    for path in ("/mentor/", f"/mentor/learners/{ids.lea}", f"/mentor/learners/{ids.lea}/checkins/new",
                 "/mentor/learners/new", f"/mentor/learners/{ids.lea}/card", "/coordinator/", "/coordinator/report",
                 "/coordinator/settings", "/coordinator/staff", "/coordinator/learners", f"/coordinator/learners/{ids.lea}/export",
                 "/coordinator/audit", "/coordinator/consent", "/staff/password"):
        page.goto(base + path)
        found += axe_violations(page)
    return found


def test_public_pages_have_no_violations(page: Page, centre_live):
    found = []
    for path in ("/signin", "/signin/pictures", "/staff/signin", "/verify", "/verify/AAAABBBBCCCC", "/no-such-page"):
        page.goto(centre_live.url + path)
        found += axe_violations(page)
    assert not found, "\n".join(found)


def test_public_pages_in_arabic_have_no_violations(page: Page, centre_live):
    page.goto(centre_live.url + "/signin")
    page.locator("button[value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    found = axe_violations(page)
    page.goto(centre_live.url + "/signin/pictures")
    found += axe_violations(page)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("code, pin", [("LEA123", "1234"), ("OMAR47", "2580")], ids=["german", "arabic"])
def test_learner_pages_have_no_violations(page: Page, centre_live, code, pin):
    sign_in_by_typing(page, centre_live.url, code, pin)
    found = learner_pages(page, centre_live.url)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_mentor_and_coordinator_pages_have_no_violations(page: Page, centre_live, language):
    sign_in_staff(page, centre_live.url, "koordination")
    page.goto(f"{centre_live.url}/settings")  # any page with the form; staff change language through /language
    page.request.post(f"{centre_live.url}/language", form={"language": language, "next": "/mentor/",
                      "csrf_token": page.locator('meta[name="csrf-token"]').get_attribute("content")})
    page.goto(f"{centre_live.url}/mentor/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    found = staff_pages(page, centre_live.url, centre_live.ids)
    assert not found, "\n".join(found)


def test_keyboard_only_learner_path(page: Page, centre_live):
    """Sign in, open a lesson, answer its quiz and sign out without touching the mouse."""
    base = centre_live.url
    page.goto(f"{base}/signin")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(".skip-link")).to_be_focused()
    page.locator("#code").focus()
    page.keyboard.type("LEA123")
    page.keyboard.press("Tab")
    page.keyboard.type("1234")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")
    # To the first course card by Tab, then Enter.
    link = page.get_by_role("link", name="Maus und Tastatur")
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("(element) => element === document.activeElement"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/courses/maus-und-tastatur")
    first_lesson = page.locator(".lesson-link").first
    for _ in range(40):
        page.keyboard.press("Tab")
        if first_lesson.evaluate("(element) => element === document.activeElement"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/courses/maus-und-tastatur/*")
    # Answer each question: focus its first option and press Space (radio: arrows choose, Space ticks).
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        option = questions.nth(index).locator("input").first
        option.focus()
        page.keyboard.press("Space")
        expect(option).to_be_checked()
    page.locator("section.quiz button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/attempts/*")
    expect(page.locator(".result-score")).to_be_visible()
    page.locator("#signout-form button").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sie sind abgemeldet.")).to_be_visible()


@pytest.mark.parametrize("width, height, zoom", [(1024, 768, 1), (1366, 768, 1), (1366, 768, 2)],
                         ids=["1024x768", "1366x768", "1366x768-200%"])
def test_no_horizontal_scrolling(browser, centre_live, width, height, zoom):
    # 200 % zoom is a viewport half as wide at twice the pixel density, as Chromium does it.
    context = browser.new_context(viewport={"width": width // zoom, "height": height // zoom}, device_scale_factor=zoom)
    page = context.new_page()
    base = centre_live.url
    sign_in_with_keypad(page, base)
    wide = []
    for path in ("/", "/courses/maus-und-tastatur", LESSON, "/courses/jobsuche-online/suchen", "/settings"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            wide.append(f"{path}: {overflow}px too wide")
    page.goto(f"{base}/signout")  # leave the session for the staff check below
    context.close()
    context = browser.new_context(viewport={"width": width // zoom, "height": height // zoom}, device_scale_factor=zoom)
    page = context.new_page()
    sign_in_staff(page, base, "koordination")
    for path in ("/mentor/", f"/mentor/learners/{centre_live.ids.lea}", "/coordinator/report"):
        page.goto(base + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            wide.append(f"{path}: {overflow}px too wide")
    context.close()
    assert not wide, "\n".join(wide)


def test_read_aloud_says_so_when_there_is_no_voice(page: Page, centre_live):
    sign_in_with_keypad(page, centre_live.url)
    page.goto(centre_live.url + LESSON)
    # Headless Chromium has no speech voices: the button must tell, not stay silent.
    page.evaluate("() => { if (window.speechSynthesis) { window.speechSynthesis.getVoices = () => []; } }")
    page.get_by_role("button", name="Vorlesen", exact=True).click()
    expect(page.locator("[data-read-status]")).to_contain_text("keine Stimme")
    expect(page.locator(".read-part").first).to_be_visible()


# A stand-in for the browser's speech synthesis (headless Chromium has no voices): one German voice;
# it reads until the test ends the last utterance.
FAKE_SPEECH = """
const spoken = [];
window.spoken = spoken;
const fake = {
  speaking: false,
  getVoices: () => [{ lang: "de-DE", name: "Test" }],
  addEventListener() {},
  speak(utterance) { spoken.push(utterance); fake.speaking = true; },
  cancel() { fake.speaking = false; const last = spoken[spoken.length - 1]; if (last && last.onend) last.onend(); },
};
Object.defineProperty(window, "speechSynthesis", { value: fake });
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
"""


def test_read_aloud_button_says_stop_while_reading(page: Page, centre_live):
    page.add_init_script(FAKE_SPEECH)
    sign_in_with_keypad(page, centre_live.url)
    page.goto(centre_live.url + LESSON)
    page.get_by_role("button", name="Vorlesen", exact=True).click()
    stop = page.get_by_role("button", name="Vorlesen beenden", exact=True)
    expect(stop).to_be_visible()
    assert page.evaluate("() => window.spoken.length") > 1  # the title and each part
    stop.click()
    expect(page.get_by_role("button", name="Vorlesen", exact=True)).to_be_visible()
    # Read to the end: the button goes back by itself.
    page.locator(".read-part").first.click()
    expect(stop).to_be_visible()
    page.evaluate("() => { window.speechSynthesis.speaking = false; window.spoken.at(-1).onend(); }")
    expect(page.get_by_role("button", name="Vorlesen", exact=True)).to_be_visible()


def test_picture_grid_works_by_keyboard(page: Page, centre_live):
    page.goto(centre_live.url + "/signin/pictures")
    first = page.locator(".picture-button").first
    first.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".picture-button").nth(1)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".picture-slot svg")).to_have_count(1)


@pytest.mark.parametrize("width", [1024, 1366])
def test_arrow_down_in_the_picture_grid_goes_to_the_picture_below(browser, centre_live, width):
    page = browser.new_page(viewport={"width": width, "height": 768})
    page.goto(centre_live.url + "/signin/pictures")
    buttons = page.locator(".picture-button")
    tops = [buttons.nth(i).bounding_box()["y"] for i in range(buttons.count())]
    columns = tops.count(tops[0])
    buttons.first.focus()
    page.keyboard.press("ArrowDown")
    expect(buttons.nth(columns)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(buttons.first).to_be_focused()
    page.close()


@pytest.fixture(scope="module")
def big_text_learners(centre_live):
    """Two learners who chose very large text (German and Arabic) and finished 'Sicher im Netz'."""
    from netzlernen.auth import services as auth_services
    from netzlernen.catalogue import get_catalogue
    from netzlernen.extensions import db
    from netzlernen.models import LessonProgress
    from netzlernen.models.base import utcnow

    with centre_live.app.app_context():
        course = get_catalogue().courses["sicher-im-netz"]
        for name, language, code in (("Rita", "de", "RITA55"), ("Samira", "ar", "SAMI66")):
            learner, _ = auth_services.create_learner(name, language, pin="5555", code=code)
            learner.text_size = 2
            for lesson in course.lessons:
                db.session.add(LessonProgress(user_id=learner.id, course_id=course.id, lesson_slug=lesson.slug,
                                              status="completed", completed_at=utcnow(), last_visited_at=utcnow()))
        db.session.commit()
        db.session.remove()
    return ("RITA55", "SAMI66")


@pytest.mark.parametrize("width", [320, 640])
def test_very_large_text_reflows_without_sideways_scrolling(browser, centre_live, big_text_learners, width):
    """WCAG 1.4.10: at 320 px (1280 px at 400 %) nothing but wide content may need sideways scrolling,
    also with the app's own very large text, in German and in Arabic."""
    wide = []
    for code in big_text_learners:
        context = browser.new_context(viewport={"width": width, "height": 640})
        page = context.new_page()
        sign_in_by_typing(page, centre_live.url, code, "5555")
        for path in ("/", LESSON, "/courses/maus-und-tastatur/die-tastatur", "/certificates/sicher-im-netz", "/settings"):
            page.goto(centre_live.url + path)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            hidden = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(e => {
                const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > innerWidth + 1);
            }).length""")
            if overflow > 1 or hidden:
                wide.append(f"{code} {path}: {overflow}px too wide, {hidden} elements outside the screen")
        context.close()
    assert not wide, "\n".join(wide)


# Buttons, quiz questions and answers, senders in the practice inbox whose text has more lines than words:
# a word was broken into pieces.
WORDS_IN_PIECES = """() => [...document.querySelectorAll('main button, main .button, legend, .option label, h1, h2, .brand span, .mail-item-from')]
    .filter((element) => element.offsetParent).map((element) => {
        const words = element.textContent.trim().split(/[\\s-]+/).filter(Boolean).length;  // a hyphen may break
        let lines = 0;
        for (const node of element.childNodes) {
            if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            lines += new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        }
        return [element.textContent.trim(), words, lines];
    }).filter(([text, words, lines]) => lines > words)"""


def test_very_large_text_at_320_px_keeps_words_whole_in_a_lesson(browser, centre_live, big_text_learners):
    """Not sideways scrolling alone: at 320 px the nested boxes of a lesson (exercise, quiz, question)
    must leave room enough that "Übung starten" does not become "Übu / ng / star / ten"."""
    broken = []
    for code in big_text_learners:
        context = browser.new_context(viewport={"width": 320, "height": 640})
        page = context.new_page()
        sign_in_by_typing(page, centre_live.url, code, "5555")
        for path in (LESSON, "/courses/email/lesen-und-antworten"):
            page.goto(centre_live.url + path)
            page.wait_for_load_state("networkidle")
            broken += [f"{code} {path}: {text!r} has {words} words on {lines} lines"
                       for text, words, lines in page.evaluate(WORDS_IN_PIECES)]
        context.close()
    assert not broken, "\n".join(broken)


def test_pin_pad_keeps_one_two_three_from_the_left_in_arabic(page: Page, centre_live):
    page.goto(f"{centre_live.url}/signin")
    page.locator("button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    keys = page.locator(".pin-pad [data-digit]")
    expect(keys.nth(0)).to_be_visible()
    one, three = keys.nth(0).bounding_box(), keys.nth(2).bounding_box()
    assert one["x"] < three["x"], "phone and cash-machine keypads keep 1 2 3 from left to right in RTL too"
    # The digits run left to right, so backspace removes the one at the left of the cursor: its arrow
    # points left as on the German pad (the icon is mirrored elsewhere on right-to-left pages).
    assert page.locator(".pin-pad .icon-backspace").evaluate("icon => getComputedStyle(icon).transform") == "none"
    page.locator("button[name=language][value=de]").click()


def test_pin_pad_sits_under_the_pin_field_in_arabic(page: Page, centre_live):
    """Its keys stay left to right, but the pad itself must not jump to the far left, away from the field."""
    page.goto(f"{centre_live.url}/signin")
    page.locator("button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    three = page.locator(".pin-pad [data-digit='3']")
    expect(three).to_be_visible()
    field, keys = page.locator("#pin").bounding_box(), three.bounding_box()
    assert abs((keys["x"] + keys["width"]) - (field["x"] + field["width"])) <= 2
    page.locator("button[name=language][value=de]").click()


@pytest.mark.parametrize("language", ["de", "tr", "uk", "ru"])
def test_the_clear_key_of_the_pin_pad_keeps_its_words_whole(page: Page, centre_live, language):
    """"Löschen" broken as "Lösc-hen" over two lines is hard to read; a word stays on one line, also at 320 px."""
    page.goto(f"{centre_live.url}/signin")
    page.locator(f"button[name=language][value={language}]").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    broken = []
    for width in (1366, 320):
        page.set_viewport_size({"width": width, "height": 768})
        expect(page.locator(".pin-clear")).to_be_visible()
        broken += [f"{word} at {width} px" for word in page.locator(".pin-clear").evaluate("""(key) => {
            const text = key.firstChild, broken = [];
            for (const match of text.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(text, match.index);
                range.setEnd(text, match.index + match[0].length);
                if (range.getClientRects().length > 1) broken.push(match[0]);
            }
            return broken;
        }""")]
    page.locator("button[name=language][value=de]").click()
    assert not broken, broken


@pytest.mark.parametrize("language", ["de", "ar"])
def test_sign_in_page_reflows_at_320_px(browser, centre_live, language):
    """WCAG 1.4.10 before signing in too: the PIN pad's three columns shrink with the screen."""
    context = browser.new_context(viewport={"width": 320, "height": 256})
    page = context.new_page()
    page.goto(f"{centre_live.url}/signin")
    page.locator(f"button[name=language][value={language}]").click()
    expect(page.locator(".pin-pad")).to_be_visible()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{overflow}px too wide"
    context.close()


def test_german_next_to_it_looks_pressed_while_it_is_on(page: Page, centre_live):
    """The switch is told to screen readers by aria-pressed; the eye must see it as well."""
    sign_in_by_typing(page, centre_live.url, "OMAR47", "2580")
    page.goto(centre_live.url + LESSON)
    switch = page.locator(".lesson-tools button[aria-pressed]")
    look = "(button) => [getComputedStyle(button).backgroundColor, getComputedStyle(button).color]"
    expect(switch).to_have_attribute("aria-pressed", "false")
    off = switch.evaluate(look)
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    on = switch.evaluate(look)
    switch.click()  # leave Omar as he was for the other tests
    expect(switch).to_have_attribute("aria-pressed", "false")
    assert on != off


def test_chosen_pictures_fill_from_the_left_in_arabic_as_on_the_card(page: Page, centre_live):
    """The card shows the name pictures from the left (a German mentor printed it); the screen must too."""
    page.goto(f"{centre_live.url}/signin/pictures")
    page.locator("button[name=language][value=ar]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator(".picture-button").first.click()
    expect(page.locator(".picture-slot svg")).to_have_count(1)
    slots = page.locator(".picture-slot")
    first, second = slots.nth(0).bounding_box(), slots.nth(1).bounding_box()
    assert first["x"] < second["x"], "the first picture chosen stands at the left"
    panel = page.locator(".picture-progress").bounding_box()
    last = slots.last.bounding_box()
    assert panel["x"] + panel["width"] - (last["x"] + last["width"]) < 40, "the row stays under the text, on the right"
    page.locator("button[name=action][value=restart]").click()
    page.locator("button[name=language][value=de]").click()


def test_the_deutsch_heading_stands_over_the_start_of_the_german_column_in_arabic(page: Page, centre_live):
    sign_in_by_typing(page, centre_live.url, "OMAR47", "2580")
    page.goto(centre_live.url + LESSON)
    page.locator(".lesson-tools button[aria-pressed=false]").click()
    heading = page.locator(".side-head span[lang=de]")
    expect(heading).to_be_visible()
    text = heading.evaluate("(span) => { const range = document.createRange(); range.selectNodeContents(span); return range.getBoundingClientRect().left; }")
    column = page.locator(".lesson-german").first.evaluate("(column) => column.getBoundingClientRect().left")
    page.locator(".lesson-tools button[aria-pressed=true]").click()  # leave Omar as he was
    expect(page.locator(".lesson-tools button[aria-pressed=false]")).to_be_visible()
    assert abs(text - column) < 20, "German is read from the left: its heading stands at the left of its column"
