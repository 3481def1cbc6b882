"""The email exercises in a real browser, with real clicks and key presses: the practice mailbox
(email-inbox) and writing an email with an attachment (email-compose)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import practice_results


def open_lesson(page, server, slug):
    page.goto(f"{server.url}/courses/uebungen/{slug}")
    section = page.locator("section.practice")
    return section, section.get_by_role("status").last


def mail(section, sender):
    return section.get_by_role("button", name=re.compile(sender))


def test_inbox_tasks_done_by_clicking_and_typing_are_recorded(learner_page, practice_server):
    page = learner_page
    section, status = open_lesson(page, practice_server, "posteingang")
    expect(section.get_by_text("Nur zum Üben: Hier ist nichts echt und nichts wird verschickt.")).to_be_visible()
    expect(section.get_by_role("navigation", name="Ordner").get_by_role("button")).to_have_count(5)

    mail(section, "Maria Schneider").click()
    expect(status).to_contain_text("Gut, die E-Mail ist offen.")
    expect(section.get_by_role("heading", name="Kaffee am Samstag?")).to_be_focused()
    section.get_by_role("button", name="Antworten", exact=True).click()
    reply = section.get_by_label("Ihre Antwort")
    expect(reply).to_be_focused()
    page.keyboard.type("Ja, gerne! Bis Samstag.")
    section.get_by_role("button", name="Senden").click()
    expect(status).to_contain_text("Ihre Antwort liegt jetzt im Ordner „Gesendet“.")

    mail(section, "Möbelhaus Beispiel").click()
    section.get_by_role("button", name="Löschen").click()
    expect(status).to_contain_text("Die E-Mail liegt jetzt im Papierkorb.")

    mail(section, "Firma Beispiel").click()
    expect(section.get_by_label("Verschieben nach")).to_have_value("applications")
    section.get_by_role("button", name="Verschieben", exact=True).click()
    expect(status).to_contain_text("Die E-Mail liegt jetzt im Ordner „Bewerbungen“.")

    mail(section, "Paket-Service").click()
    section.get_by_role("button", name="Als Betrug melden").click()
    signs = section.locator(".mail-signs")
    expect(signs.get_by_role("heading", name="Daran erkennen Sie den Betrug")).to_be_visible()
    expect(signs).to_contain_text("service@paket-zustelung24.example")
    expect(signs).to_contain_text("Letzte Chance")
    expect(signs).to_contain_text("Der Link führt zu einer fremden Seite")

    mail(section, "Stadtbank").click()
    section.get_by_role("button", name="Als Betrug melden").click()

    expect(section).to_have_attribute("data-recorded", "true")
    expect(section.get_by_text("Alle Aufgaben sind erledigt.")).to_be_visible()
    assert practice_results(practice_server) == [("email-inbox", 1, 0, False)]

    # The mails are where the learner put them.
    folders = section.get_by_role("navigation", name="Ordner")
    folders.get_by_role("button", name="Gesendet").click()
    expect(mail(section, "AW: Kaffee am Samstag")).to_be_visible()
    folders.get_by_role("button", name="Bewerbungen").click()
    expect(mail(section, "Firma Beispiel")).to_be_visible()
    folders.get_by_role("button", name="Spam").click()
    expect(section.locator(".mail-item")).to_have_count(2)


def test_inbox_by_keyboard_marking_a_genuine_mail_as_fraud_explains_why_it_is_genuine(learner_page, practice_server):
    page = learner_page
    section, status = open_lesson(page, practice_server, "posteingang")
    mail(section, "Lernzentrum Nord").focus()
    page.keyboard.press("Enter")
    heading = section.get_by_role("heading", name="Ihr Kurs beginnt am Montag")
    expect(heading).to_be_focused()
    # From the heading: Antworten, Löschen, Verschieben nach, Verschieben, Als Betrug melden.
    for _ in range(5):
        page.keyboard.press("Tab")
    expect(section.get_by_role("button", name="Als Betrug melden")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Diese E-Mail ist echt. Sie kennen das Lernzentrum und die Adresse stimmt.")
    expect(section.locator(".mail-signs")).to_have_count(0)

    # Replying to a fraud email is the other beginner's mistake.
    mail(section, "Paket-Service").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(section.get_by_role("button", name="Antworten", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Antworten Sie nie auf eine Betrugs-E-Mail.")
    expect(section.get_by_label("Ihre Antwort")).to_have_count(0)
    assert practice_results(practice_server) == []


def write_text(page, section):
    section.get_by_label("Ihr Text").click()
    page.keyboard.type("Sehr geehrte Damen und Herren,")
    page.keyboard.press("Enter")
    page.keyboard.type("ich bewerbe mich als Verkäuferin. Meinen Lebenslauf finden Sie im Anhang.")
    page.keyboard.press("Enter")
    page.keyboard.type("Mit freundlichen Grüßen")
    page.keyboard.press("Enter")
    page.keyboard.type("Anna Schmidt")


def attach(page, section, file):
    section.get_by_role("button", name="Datei anhängen").click()
    dialog = page.get_by_role("dialog", name="Datei auswählen")
    expect(dialog).to_be_visible()
    dialog.get_by_role("radio", name=re.compile(re.escape(file))).click()
    dialog.get_by_role("button", name="Öffnen").click()
    expect(dialog).to_be_hidden()


def test_compose_with_address_subject_text_and_attachment_is_sent_and_recorded(learner_page, practice_server):
    page = learner_page
    section, status = open_lesson(page, practice_server, "schreiben")
    section.get_by_label("An", exact=True).click()
    page.keyboard.type("bewerbung@firma-beispiel.example")
    page.keyboard.press("Tab")
    expect(section.get_by_label("Betreff")).to_be_focused()
    page.keyboard.type("Bewerbung als Verkäuferin")
    attach(page, section, "Lebenslauf.pdf")
    expect(section.get_by_role("button", name="Lebenslauf.pdf entfernen")).to_be_visible()
    write_text(page, section)
    section.get_by_role("button", name="Senden").click()

    expect(section.get_by_role("heading", name="Ihre E-Mail liegt im Ordner „Gesendet“")).to_be_visible()
    expect(section).to_have_attribute("data-recorded", "true")
    assert practice_results(practice_server) == [("email-compose", 1, 0, False)]


def test_compose_lists_every_missing_or_wrong_part(learner_page, practice_server):
    page = learner_page
    section, status = open_lesson(page, practice_server, "schreiben")
    section.get_by_label("An", exact=True).click()
    page.keyboard.type("bewerbungfirma-beispiel.example")
    section.get_by_label("Ihr Text").click()
    page.keyboard.type("Hallo")
    attach(page, section, "Urlaubsfoto.jpg")
    section.get_by_role("button", name="Senden").click()

    problems = section.locator(".compose-problems")
    expect(problems).to_be_focused()
    for text in (
        "An: Das @ fehlt. Auf einer deutschen Tastatur: AltGr + Q.",
        "Betreff: Der Betreff ist leer. Schreiben Sie: Bewerbung als Verkäuferin",
        "Text: Der Text ist zu kurz.",
        "Text: Schreiben Sie am Ende einen Gruß",
        "Anhang: Urlaubsfoto.jpg gehört nicht dazu.",
        "Anhang: Die Datei Lebenslauf.pdf fehlt.",
    ):
        expect(problems.get_by_role("listitem").filter(has_text=text)).to_have_count(1)
    expect(problems.get_by_role("listitem")).to_have_count(6)
    expect(section.get_by_label("An", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(status).to_contain_text("Noch nicht gesendet: 6 Dinge stimmen noch nicht.")
    assert practice_results(practice_server) == []

    # Put it right: the @, the subject, the text, the right file.
    section.get_by_label("An", exact=True).click()
    page.keyboard.press("End")
    for _ in range(len("firma-beispiel.example")):
        page.keyboard.press("ArrowLeft")
    page.keyboard.type("@")
    section.get_by_label("Betreff").click()
    page.keyboard.type("Bewerbung als Verkäuferin")
    section.get_by_role("button", name="Urlaubsfoto.jpg entfernen").click()
    attach(page, section, "Lebenslauf.pdf")
    section.get_by_label("Ihr Text").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    write_text(page, section)
    section.get_by_role("button", name="Senden").click()
    expect(section).to_have_attribute("data-recorded", "true")
    assert practice_results(practice_server) == [("email-compose", 2, 1, False)]


# How far the focus ring reaches outside a focused element (outline and its offset), as [left, top, right, bottom].
FOCUS_RING = """(element) => {
    const style = getComputedStyle(element);
    const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
    const box = element.getBoundingClientRect();
    return [box.left - reach, box.top - reach, box.right + reach, box.bottom + reach];
}"""


def test_focus_ring_of_folders_and_emails_is_not_cut_off_by_the_mail_program(learner_page, practice_server):
    """The mail program clips what sticks out of it; a folder or email at its edge keeps its whole ring."""
    page = learner_page
    section, _ = open_lesson(page, practice_server, "posteingang")
    cut = []
    for target in (section.locator(".mail-folder").nth(1), mail(section, "Maria Schneider")):
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reached by keyboard: :focus-visible
        expect(target).to_be_focused()
        left, top, right, bottom = target.evaluate(FOCUS_RING)
        box = section.locator(".mail-app").bounding_box()
        if left < box["x"] or top < box["y"] or right > box["x"] + box["width"] or bottom > box["y"] + box["height"]:
            cut.append(target.evaluate("(element) => element.textContent"))
    assert not cut, cut
