"""Pages anyone may open, as an employer sees them on a phone: the check of a certificate."""

from __future__ import annotations

from playwright.sync_api import Page


def test_a_certificate_check_on_a_phone_shows_the_code_on_one_line(page: Page, centre_live):
    from netzlernen.catalogue import get_catalogue
    from netzlernen.certificates import services as certificates
    from netzlernen.extensions import db
    from netzlernen.learn import services as learning
    from netzlernen.models import User

    with centre_live.app.test_request_context():
        course = get_catalogue().courses["maus-und-tastatur"]
        lea = db.session.get(User, centre_live.ids.lea)
        lea.certificate_name = "Lea Beispiel"
        for lesson in course.lessons:
            learning.complete_lesson(lea.id, course, lesson)
        code = certificates.issue_certificate(lea, course, "Lernzentrum Test", show_name=True).code
        db.session.commit()
        db.session.remove()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{centre_live.url}/verify/{code}")
    shown = page.locator("dd.code bdi")
    assert shown.inner_text().replace("-", "") == code
    assert shown.evaluate("(code) => code.getClientRects().length") == 1, "an employer would copy a broken code"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
