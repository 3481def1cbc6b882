"""The application-form exercise in a real browser: typing, a real file upload (checked by the
server and thrown away), the consent box, and the kind list of what is wrong or missing."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import practice_results, sign_in_with_keypad

PDF = {"name": "Lebenslauf.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"}
DOCX = {
    "name": "Lebenslauf.docx",
    "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "buffer": b"PK\x03\x04 a Word file",
}


def open_form(page, server):
    page.goto(f"{server.url}/courses/uebungen/bewerbung")
    section = page.locator("section.practice")
    expect(section.get_by_text("Online-Bewerbung (Übung)")).to_be_visible()
    expect(section.get_by_text("Nur zum Üben")).to_be_visible()
    return section


def test_complete_application_arrives_and_is_recorded(learner_page, practice_server):
    page = learner_page
    section = open_form(page, practice_server)
    section.get_by_label("Vorname").click()
    page.keyboard.type("Samira")
    page.keyboard.press("Tab")
    page.keyboard.type("Haddad")
    page.keyboard.press("Tab")
    page.keyboard.type("samira.haddad@example.de")
    expect(section.get_by_label("E-Mail")).to_have_attribute("autocomplete", "off")
    section.get_by_label("Lebenslauf").set_input_files(PDF)
    expect(section).to_contain_text("Gewählte Datei: Lebenslauf.pdf")
    section.get_by_label("Ich bin mit der Verarbeitung meiner Daten einverstanden.").focus()
    page.keyboard.press("Space")
    section.get_by_role("button", name="Bewerbung absenden").click()

    heading = section.get_by_role("heading", name="Ihre Bewerbung ist angekommen (Übung)")
    expect(heading).to_be_focused()
    expect(section).to_contain_text("Danke, Samira Haddad!")
    expect(section).to_have_attribute("data-recorded", "true")
    expect(section.get_by_role("status")).to_contain_text("Ihr Ergebnis ist gespeichert.")
    assert practice_results(practice_server) == [("application-form", 1, 0, False)]


def test_word_file_bad_email_and_no_consent_are_listed_kindly(learner_page, practice_server):
    page = learner_page
    section = open_form(page, practice_server)
    section.get_by_label("Vorname").fill("Samira")
    section.get_by_label("Nachname").fill("Haddad")
    email = section.get_by_label("E-Mail")
    email.fill("samira.haddad.example.de")
    cv = section.get_by_label("Lebenslauf")
    cv.set_input_files(DOCX)
    section.get_by_role("button", name="Bewerbung absenden").click()

    summary = section.locator(".apply-errors")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Fast geschafft! Bitte prüfen Sie noch diese Punkte:")
    points = summary.get_by_role("link")
    expect(points).to_have_count(3)
    expect(points.nth(0)).to_have_text("Eine E-Mail-Adresse hat immer ein @. Zum Beispiel: anna.meier@example.de")
    expect(points.nth(1)).to_contain_text("Hier geht nur eine PDF-Datei. „Lebenslauf.docx“ ist ein Word-Dokument.")
    expect(points.nth(2)).to_contain_text("Bitte setzen Sie den Haken beim Datenschutz.")
    expect(section.get_by_role("status")).to_contain_text("3 Angaben fehlen oder sind falsch.")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(cv).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("^⚠ Eine E-Mail-Adresse hat immer ein @"))

    points.nth(1).click()  # the point leads to its field
    expect(cv).to_be_focused()

    cv.set_input_files(PDF)
    email.fill("samira.haddad@example.de")
    expect(email).not_to_have_attribute("aria-invalid", "true")
    expect(points).to_have_count(1)  # fixed points leave the list; the consent is still missing
    expect(points.first).to_contain_text("Bitte setzen Sie den Haken")
    section.get_by_label("Ich bin mit der Verarbeitung meiner Daten einverstanden.").check()
    section.get_by_role("button", name="Bewerbung absenden").click()
    expect(section.get_by_role("heading", name="Ihre Bewerbung ist angekommen (Übung)")).to_be_visible()
    expect(section).to_have_attribute("data-recorded", "true")
    assert practice_results(practice_server) == [("application-form", 2, 3, False)]


def test_too_large_file_and_missing_name_get_their_hints(learner_page, practice_server):
    page = learner_page
    section = open_form(page, practice_server)
    section.get_by_label("Nachname").fill("Haddad")
    section.get_by_label("E-Mail").fill("samira@example.de")
    big = {**PDF, "buffer": b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 300_000)}  # the lesson allows 1 MB
    section.get_by_label("Lebenslauf").set_input_files(big)
    section.get_by_label("Ich bin mit der Verarbeitung meiner Daten einverstanden.").check()
    section.get_by_role("button", name="Bewerbung absenden").click()

    points = section.locator(".apply-errors").get_by_role("link")
    expect(points).to_have_count(2)
    expect(points.nth(0)).to_have_text("Bitte schreiben Sie Ihren Vornamen.")
    expect(points.nth(1)).to_contain_text("Die Datei „Lebenslauf.pdf“ ist zu groß: 1,3 MB. Hier sind höchstens 1 MB erlaubt.")
    expect(section.get_by_label("Vorname")).to_have_attribute("aria-invalid", "true")
    assert practice_results(practice_server) == []


def test_file_sizes_use_the_same_digits_as_the_rest_of_the_page_in_farsi(learner_page, practice_server):
    """The browser's own Farsi number format writes ۱٫۳; every other number in the app (texts, dates
    from Babel) uses 1.3, so one sentence read "۱٫۳ MB … حداکثر 1 MB"."""
    page = learner_page
    page.goto(f"{practice_server.url}/")
    page.get_by_role("button", name="فارسی").click()
    page.goto(f"{practice_server.url}/courses/uebungen/bewerbung")
    section = page.locator("section.practice")
    big = {**PDF, "buffer": b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 300_000)}
    section.locator("input[type=file]").set_input_files(big)
    expect(section).to_contain_text("(1.3 MB)")
    section.locator("input[type=checkbox]").check()
    section.get_by_role("button", name="فرستادن درخواست").click()
    expect(section.locator(".apply-errors")).to_contain_text("1.3 MB")
    assert not re.search("[\u06f0-\u06f9\u0660-\u0669]", section.inner_text())


def test_at_320_px_nothing_in_the_form_is_cut_off(browser, practice_server):
    """WCAG 1.4.10 at 400 % zoom: the portal hides what sticks out, so a field group wider than the
    portal loses its right edge (the file hint, the file chooser) without any sideways scrolling."""
    context = browser.new_context(viewport={"width": 320, "height": 256})
    page = context.new_page()
    sign_in_with_keypad(page, practice_server.url)
    section = open_form(page, practice_server)
    portal = section.locator(".apply-portal").bounding_box()
    wider = [group.locator("legend").inner_text() for group in section.locator(".apply-group").all()
             if group.bounding_box()["x"] + group.bounding_box()["width"] > portal["x"] + portal["width"] + 1]
    context.close()
    assert not wider, f"wider than the portal: {wider}"
