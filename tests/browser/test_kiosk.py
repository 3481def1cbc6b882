"""The learner's path at a kiosk in a real browser: keypad sign-in, lesson, quiz, progress, sign-out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in_with_keypad


def test_learner_signs_in_by_mouse_passes_a_quiz_and_leaves_no_trace(page: Page, live_server):
    base = live_server.url
    sign_in_with_keypad(page, base)
    expect(page.locator("progress").first).to_have_attribute("value", "0")

    page.get_by_role("link", name="Testkurs").click()
    page.get_by_role("link", name=re.compile("Erste Schritte")).click()
    expect(page.get_by_text("Schritt 1 von 3")).to_be_visible()
    expect(page.get_by_role("heading", name="Die Maus")).to_be_visible()

    page.get_by_label("Mit einem Doppelklick").check()
    page.get_by_label("Linke Taste").check()
    page.get_by_label("Rechte Taste").check()
    page.get_by_role("button", name="Antworten prüfen").click()
    expect(page.get_by_text("2 von 2 Antworten sind richtig.")).to_be_visible()
    expect(page.get_by_text("Genau: Ein Doppelklick öffnet das Programm.")).to_be_visible()

    page.get_by_role("link", name="NetzLernen").click()
    expect(page.locator("progress").first).to_have_attribute("value", "1")
    expect(page.get_by_role("heading", name="Weitermachen, wo Sie aufgehört haben")).to_be_visible()

    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_text("Sie sind abgemeldet.")).to_be_visible()

    # The next person presses back, again and again: nothing of Lea shows.
    for _ in range(4):
        page.go_back()
        expect(page).to_have_url(re.compile(r"/signin"))
        content = settled_content(page)
        assert "Lea" not in content and "Testkurs" not in content and "2 von 2" not in content


def settled_content(page: Page) -> str:
    """The page's HTML once it stops navigating: a page restored from the back/forward cache
    reloads itself (back-guard.js), and reading it meanwhile fails."""
    for _ in range(50):
        page.wait_for_load_state()
        try:
            return page.content()
        except PlaywrightError as error:
            if "navigating" not in str(error):
                raise
            page.wait_for_timeout(100)
    raise AssertionError("the page kept navigating")


def test_back_to_a_quiz_sent_with_a_missing_answer_shows_the_lesson_not_a_browser_error(page: Page, live_server):
    sign_in_with_keypad(page, live_server.url)
    page.goto(live_server.url + "/courses/test-kurs/erste-schritte")
    page.get_by_label("Mit einem Doppelklick").check()
    page.get_by_role("button", name="Antworten prüfen").click()
    expect(page.locator(".question-missing").first).to_be_visible()
    page.get_by_role("link", name="Weiter").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Erste Schritte")
    page.go_back()  # without the fix: net::ERR_CACHE_MISS, the browser's "Confirm Form Resubmission"
    expect(page.get_by_role("heading", level=1)).to_have_text("Erste Schritte")
    assert page.url.endswith("/courses/test-kurs/erste-schritte#quiz")


def test_wrong_pin_shows_a_message_and_the_keypad_can_clear(page: Page, live_server):
    page.goto(f"{live_server.url}/signin")
    page.get_by_label(re.compile("Anmelde-Code")).fill("LEA123")
    for digit in "99":
        page.locator(f".pin-pad [data-digit='{digit}']").click()
    page.get_by_role("button", name="Löschen", exact=True).click()
    expect(page.locator("#pin")).to_have_value("")
    for digit in "9999":
        page.locator(f".pin-pad [data-digit='{digit}']").click()
    page.locator(".pin-pad [data-action='back']").click()
    expect(page.locator("#pin")).to_have_value("999")
    page.locator(".pin-pad [data-digit='9']").click()
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Der Code oder die PIN stimmt nicht")


@pytest.fixture
def live_config(live_config):
    return {**live_config, "IDLE_TIMEOUT": 2, "IDLE_WARNING": 3}


def test_idle_warning_counts_down_can_be_extended_and_then_signs_out(page: Page, live_server):
    sign_in_with_keypad(page, live_server.url)
    dialog = page.locator("#idle-dialog")
    expect(dialog).to_be_visible(timeout=5000)
    expect(dialog).to_contain_text("Sind Sie noch da?")
    page.get_by_role("button", name="Ja, weitermachen").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo Lea!")
    # No input this time: the dialog comes back and signs out by itself.
    expect(page.get_by_text("Sie sind abgemeldet.")).to_be_visible(timeout=10000)
    assert page.url.endswith("/signin")


def test_escape_on_the_idle_warning_counts_as_being_there(page: Page, live_server):
    """Chromium closes the modal warning on Escape once the page was clicked, whatever the page says;
    the countdown must not go on unseen and sign out a learner who is working."""
    sign_in_with_keypad(page, live_server.url)
    dialog = page.locator("#idle-dialog")
    expect(dialog).to_be_visible(timeout=5000)
    for _ in range(4):  # Escape, a click beside the dialog, Escape…: what a learner tries to make it go away
        page.keyboard.press("Escape")
        if not dialog.is_visible():
            break
        page.mouse.click(5, 5)
    expect(dialog).to_be_hidden()
    for step in range(20):  # five seconds of work, longer than the three-second warning
        page.mouse.move(100 + step * 5, 300)
        page.wait_for_timeout(250)
    assert not page.url.endswith("/signin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo Lea!")
