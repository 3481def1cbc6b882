"""Forms that create something are sent once: after the first submit "Save" is switched off and a
second submit is not sent (static/js/submit-once.js)."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import func, select

from netzlernen.extensions import db
from netzlernen.models import CheckIn
from tests.browser.conftest import sign_in_staff

# Listens after the page's own handlers: counts the submits that would be sent, and holds them
# back, as a slow connection would keep the page while the first request is on its way.
HOLD_SUBMITS = """() => {
  window.sentSubmits = 0;
  document.querySelector("form[data-submit-once]").addEventListener("submit", (event) => {
    if (!event.defaultPrevented) window.sentSubmits += 1;
    event.preventDefault();
  });
}"""


def test_a_second_submit_of_the_check_in_form_is_not_sent(page, centre_live):
    base = centre_live.url
    sign_in_staff(page, base, "maria")
    new = f"{base}/mentor/learners/{centre_live.ids.lea}/checkins/new"
    page.goto(new)
    page.evaluate(HOLD_SUBMITS)
    save = page.locator("form[data-submit-once] button[type=submit]")
    save.click()
    expect(save).to_be_disabled()
    page.evaluate("document.querySelector('form[data-submit-once]').requestSubmit()")  # a second try
    assert page.evaluate("window.sentSubmits") == 1


def test_the_check_in_form_is_still_sent_once(page, centre_live):
    base = centre_live.url
    sign_in_staff(page, base, "maria")
    page.goto(f"{base}/mentor/learners/{centre_live.ids.lea}/checkins/new")
    with centre_live.app.app_context():
        before = db.session.scalar(select(func.count()).select_from(CheckIn))
        db.session.remove()
    with page.expect_navigation(url=f"{base}/mentor/learners/{centre_live.ids.lea}#checkins"):
        page.locator("form[data-submit-once] button[type=submit]").dblclick()
    with centre_live.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CheckIn)) == before + 1
        db.session.remove()
