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
    call.get_by_role("button", name="Ich komme").click()
    expect(mentor.locator("#help-list")).to_contain_text("Jemand ist unterwegs")

    learner.reload()
    expect(learner.get_by_text("Eine Netzpatin oder ein Netzpate ist unterwegs.")).to_be_visible()
    with centre_server.app.app_context():
        assert db.session.query(HelpRequest).one().status == "taken"
        db.session.remove()
