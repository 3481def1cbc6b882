"""The keyboard exercises in a real browser, with real key presses: typing words and a sentence
(keyboard-type) and the special keys (keyboard-keys)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import practice_results


def open_lesson(page, server, slug):
    page.goto(f"{server.url}/courses/uebungen/{slug}")
    section = page.locator("section.practice")
    return section, section.get_by_role("status")


def test_typing_words_and_a_sentence_with_at_sign_is_recorded(learner_page, practice_server):
    page = learner_page
    section, status = open_lesson(page, practice_server, "tippen")
    expect(section.get_by_text("Aufgabe 1 von 3")).to_be_visible()
    field = section.get_by_label("Hier schreiben")
    field.click()
    page.keyboard.type("Haus")
    expect(section.get_by_text("4 von 4 Zeichen sind richtig.")).to_be_visible()
    expect(status).to_contain_text("Richtig!")
    page.keyboard.press("Enter")

    expect(section.get_by_text("Aufgabe 2 von 3")).to_be_visible()
    expect(field).to_be_focused()
    page.keyboard.type("Tür")
    page.keyboard.press("Enter")

    expect(section.get_by_text("Aufgabe 3 von 3")).to_be_visible()
    # The sentence needs an @: the tip shows AltGr + Q.
    expect(section.get_by_text("Das @ auf einer deutschen Tastatur")).to_contain_text("AltGr")
    expect(section.locator(".kt-tips kbd", has_text="AltGr")).to_be_visible()
    page.keyboard.type("Meine E-Mail ist anna@example.com")
    section.get_by_role("button", name="Weiter").click()

    expect(section).to_have_attribute("data-recorded", "true")
    expect(status).to_contain_text("Gut gemacht")
    assert practice_results(practice_server) == [("keyboard-type", 3, 0, False)]


def test_typing_a_small_letter_or_leaving_out_the_at_sign_gets_a_hint(learner_page, practice_server):
    page = learner_page
    section, status = open_lesson(page, practice_server, "tippen")
    field = section.get_by_label("Hier schreiben")
    field.click()
    page.keyboard.type("haus")
    expect(status).to_contain_text("Großbuchstabe: Halten Sie die Umschalt-Taste gedrückt und drücken Sie H.")
    expect(field).to_have_attribute("aria-invalid", "true")
    # Enter does not go on while something is wrong.
    page.keyboard.press("Enter")
    expect(section.get_by_text("Aufgabe 1 von 3")).to_be_visible()
    for _ in range(4):
        page.keyboard.press("Backspace")
    expect(status).to_contain_text("Gut, weiter so.")
    page.keyboard.type("Haus")
    page.keyboard.press("Enter")
    page.keyboard.type("Tür")
    page.keyboard.press("Enter")

    page.keyboard.type("Meine E-Mail ist annaexample")
    expect(status).to_contain_text("Das @ fehlt: AltGr + Q")
    for _ in range(len("example")):
        page.keyboard.press("Backspace")
    page.keyboard.type("@example.com")
    page.keyboard.press("Enter")
    expect(section).to_have_attribute("data-recorded", "true")
    [(kind, attempts, mistakes, skipped)] = practice_results(practice_server)
    assert (kind, attempts, skipped) == ("keyboard-type", 4, False)
    assert mistakes == 2  # the small h (Enter on it counts as a check, not again as a mistake), the missing @


def test_special_keys_backspace_enter_and_tab_are_recorded(learner_page, practice_server):
    page = learner_page
    section, status = open_lesson(page, practice_server, "tasten")
    section.get_by_role("button", name="Übung starten").click()

    expect(section.get_by_text("Runde 1 von 3")).to_be_visible()
    field = section.get_by_label("Übungsfeld")
    expect(field).to_be_focused()
    expect(field).to_have_value("Hauss")
    page.keyboard.press("Backspace")
    expect(field).to_have_value("Haus")

    expect(section.get_by_text("Runde 2 von 3")).to_be_visible()
    expect(section.get_by_label("Suche")).to_be_focused()
    page.keyboard.press("Enter")

    expect(section.get_by_text("Runde 3 von 3")).to_be_visible()
    expect(section.get_by_label("Vorname")).to_be_focused()
    page.keyboard.press("Tab")
    expect(section.get_by_label("Nachname")).to_be_focused()

    expect(section).to_have_attribute("data-recorded", "true")
    assert practice_results(practice_server) == [("keyboard-keys", 3, 0, False)]


def test_pressing_delete_instead_of_backspace_names_the_right_key(learner_page, practice_server):
    page = learner_page
    section, status = open_lesson(page, practice_server, "tasten")
    section.get_by_role("button", name="Übung starten").click()
    field = section.get_by_label("Übungsfeld")
    expect(field).to_be_focused()
    page.keyboard.press("Delete")
    expect(status).to_contain_text("Das war die Entf-Taste. Drücken Sie die Rücktaste.")
    expect(status).to_contain_text("oben rechts")
    expect(field).to_have_value("Hauss")
    page.keyboard.press("a")
    expect(status).to_contain_text("Das war die Taste „a“.")
    page.keyboard.press("Backspace")
    expect(section.get_by_text("Runde 2 von 3")).to_be_visible()
    page.keyboard.press("Tab")
    expect(status).to_contain_text("Das war die Tab-Taste. Drücken Sie die Eingabetaste (Enter).")
    page.keyboard.press("Enter")
    expect(section.get_by_text("Runde 3 von 3")).to_be_visible()
    page.keyboard.press("Shift+Tab")
    expect(status).to_contain_text("Umschalt-Taste mit Tab geht zurück")
    expect(section.get_by_label("Vorname")).to_be_focused()
    page.keyboard.press("Tab")
    expect(section).to_have_attribute("data-recorded", "true")
    assert practice_results(practice_server) == [("keyboard-keys", 3, 4, False)]
