"""Live help: a learner calls from the kiosk; the mentor's open dashboard shows it without reload."""

from __future__ import annotations


import pytest
from playwright.sync_api import expect

from netzlernen import create_app
from netzlernen.auth import services as accounts
from netzlernen.extensions import db
from netzlernen.models import HelpRequest, Location, Role
from tests.browser.conftest import LiveServer, sign_in_with_keypad
from tests.conftest import base_config


@pytest.fixture
def centre_server(tmp_path, database_url):
    app = create_app(base_config(tmp_path, database_url, HELP_POLL_SECONDS=2))
    with app.app_context():
        west = Location(name="Lernzentrum Weststadt")
        db.session.add(west)
        db.session.flush()
        accounts.create_staff("maria", "geheim123", Role.MENTOR, "Maria", location_id=west.id)
        accounts.create_staff("amal", "geheim123", Role.MENTOR, "Amal", language="ar", location_id=west.id)
        accounts.create_learner("Lea", "de", pin="1234", code="LEA123", location_id=west.id)
        db.session.commit()
        db.session.remove()
    server = LiveServer(app).start()
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()


def test_help_call_appears_on_the_open_dashboard_and_the_mentor_takes_it(browser, centre_server):
    base = centre_server.url
    mentor = browser.new_context().new_page()
    mentor.goto(f"{base}/staff/signin")
    mentor.get_by_label("Benutzername").fill("maria")
    mentor.get_by_label("Passwort").fill("geheim123")
    mentor.get_by_role("button", name="Anmelden").click()
    expect(mentor.get_by_text("Gerade ruft niemand um Hilfe.")).to_be_visible()

    learner = browser.new_context().new_page()
    sign_in_with_keypad(learner, base)
    learner.goto(f"{base}/courses/test-kurs/lesen")
    learner.get_by_role("button", name="Hilfe rufen").click()
    expect(learner.get_by_text("Hilfe ist gerufen.")).to_be_visible()

    # No reload on the mentor's side: the list updates itself within the polling interval.
    call = mentor.locator("#help-list .help-item")
    expect(call).to_contain_text("Lea", timeout=15000)
    expect(call).to_contain_text("Nur lesen")
    expect(call.locator("a strong bdi")).to_have_text("Lea")  # the name keeps its own direction
    call.get_by_role("button", name="Ich komme").click()
    expect(mentor.locator("#help-list")).to_contain_text("Jemand ist unterwegs")

    learner.reload()
    expect(learner.get_by_text("Eine Netzpatin oder ein Netzpate ist unterwegs.")).to_be_visible()
    with centre_server.app.app_context():
        assert db.session.query(HelpRequest).one().status == "taken"
        db.session.remove()


def test_a_german_course_and_lesson_in_a_call_on_an_arabic_dashboard_say_their_language(browser, centre_server):
    base = centre_server.url
    mentor = browser.new_context().new_page()
    mentor.goto(f"{base}/staff/signin")
    mentor.get_by_label("Benutzername").fill("amal")
    mentor.get_by_label("Passwort").fill("geheim123")
    mentor.get_by_role("button", name="Anmelden").click()
    expect(mentor.locator("html")).to_have_attribute("lang", "ar")
    expect(mentor.locator("#help-list .help-empty")).to_be_visible()

    learner = browser.new_context().new_page()
    sign_in_with_keypad(learner, base)
    learner.goto(f"{base}/courses/test-kurs/lesen")
    learner.get_by_role("button", name="Hilfe rufen").click()

    german = mentor.locator('#help-list .help-item span[lang="de"][dir="ltr"]')
    expect(german).to_have_text(["Testkurs", "Nur lesen"], timeout=15000)


def test_polling_keeps_the_keyboard_focus_and_announces_only_new_calls(browser, centre_server):
    base = centre_server.url
    learner = browser.new_context().new_page()
    sign_in_with_keypad(learner, base)
    learner.goto(f"{base}/courses/test-kurs/lesen")
    learner.get_by_role("button", name="Hilfe rufen").click()
    expect(learner.get_by_text("Hilfe ist gerufen.")).to_be_visible()

    mentor = browser.new_context().new_page()
    mentor.goto(f"{base}/staff/signin")
    mentor.get_by_label("Benutzername").fill("maria")
    mentor.get_by_label("Passwort").fill("geheim123")
    mentor.get_by_role("button", name="Anmelden").click()
    close = mentor.locator("#help-list .help-item").get_by_role("button", name="Erledigt")
    close.focus()
    mentor.evaluate("""() => { window.listChanges = 0;
        new MutationObserver(() => window.listChanges++).observe(document.getElementById('help-list'), {childList: true}); }""")
    mentor.wait_for_timeout(5000)  # two polls at HELP_POLL_SECONDS=2
    assert mentor.evaluate("() => document.activeElement.textContent.trim()") == "Erledigt"
    assert mentor.evaluate("() => window.listChanges") == 0
    assert mentor.locator("#help-news").text_content() == ""
    with centre_server.app.app_context():
        bora, _ = accounts.create_learner("Bora", "de", pin="2222", code="BORA22",
                                          location_id=db.session.query(Location).one().id)
        db.session.add(HelpRequest(learner_id=bora.id, location_id=bora.location_id))
        accounts.start_session(bora)  # she is signed in at another PC
        db.session.commit()
        db.session.remove()
    expect(mentor.locator("#help-news")).to_have_text("Bora ruft um Hilfe.", timeout=10000)
    expect(mentor.locator("#help-list .help-item")).to_have_count(2)
    assert mentor.evaluate("() => document.activeElement.textContent.trim()") == "Erledigt"
