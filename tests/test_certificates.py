"""Certificates: made when a course is completed, printed with a QR code, verified by anyone with the code."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from netzlernen.extensions import db
from netzlernen.models import Certificate, LessonProgress, User
from tests.conftest import Kiosk, base_config
from tests.test_coordinator import complete_test_course


def set_certificate_name(as_mentor, learner, name="Anna Schmidt"):
    edit = f"/mentor/learners/{learner.id}/edit"
    data = {"display_name": learner.display_name, "language": learner.language, "location_id": str(learner.location_id),
            "main_mentor_id": "", "certificate_name": name}
    assert as_mentor.post(edit, data, token_from=edit).status_code == 302


def make_certificate(kiosk, show_name="no", path="/certificates/test-kurs"):
    response = kiosk.post(path, {"show_name": show_name}, token_from=path)
    assert response.status_code == 302
    page = kiosk.client.get(path).get_data(as_text=True)
    return page, db.session.scalar(select(Certificate))


def test_no_certificate_before_the_course_is_completed(as_anna):
    page = as_anna.client.get("/certificates/test-kurs").get_data(as_text=True)
    assert "jede Lektion" in page or "every lesson" in page
    as_anna.post("/certificates/test-kurs", {"show_name": "yes"}, token_from="/certificates/test-kurs")
    assert db.session.scalar(select(Certificate)) is None


def test_certificate_needs_the_name_a_mentor_entered(as_anna, as_mentor, centre):
    complete_test_course(as_anna)
    page = as_anna.client.get("/certificates/test-kurs").get_data(as_text=True)
    assert "Netzpat" in page and "<form" not in page.split("<main")[1].split("</main>")[0].replace('id="signout-form"', "")
    set_certificate_name(as_mentor, centre.learner_a)
    page, certificate = make_certificate(as_anna)
    assert "Teilnahmebescheinigung" in page and "Anna Schmidt" in page and "Testkurs" in page
    assert "Ich kann testen." in page  # the course's objectives
    assert "<svg" in page.split('class="certificate-qr"')[1][:200]  # QR code made on the server
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", page)
    assert len(certificate.code) == 12 and certificate.learner_id == centre.learner_a.id


def test_the_mentor_is_asked_to_enter_the_name_and_led_to_where_it_is_entered(as_anna, as_mentor, centre):
    complete_test_course(as_anna)
    page = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}/certificates/test-kurs").get_data(as_text=True)
    main = page.split("<main")[1].split("</main>")[0]
    assert "Bitte fragen Sie" not in main  # the learner's wording: the mentor is the one to ask
    assert f'href="/mentor/learners/{centre.learner_a.id}/edit"' in main and "vollständigen Namen" in main


def test_verification_shows_course_date_centre_and_the_name_only_if_agreed(as_anna, as_mentor, app, centre):
    complete_test_course(as_anna)
    set_certificate_name(as_mentor, centre.learner_a)
    _, certificate = make_certificate(as_anna, show_name="no")
    public = app.test_client()
    page = public.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Testkurs" in page and "echt" in page and "Anna Schmidt" not in page
    certificate.show_name = True
    db.session.commit()
    spaced = "-".join(certificate.code[i:i + 4] for i in range(0, 12, 4)).lower()
    assert "Anna Schmidt" in public.get(f"/verify?code={spaced}").get_data(as_text=True)
    assert public.get("/verify/AAAA-BBBB-CCCC").status_code == 404



def test_after_erasure_the_certificate_is_still_genuine_without_the_name(as_anna, as_mentor, as_coordinator, app, centre):
    """Erasing keeps course and date verifiable without the name; the page must not then claim
    that the person refused to show it, when she had agreed."""
    complete_test_course(as_anna)
    set_certificate_name(as_mentor, centre.learner_a)
    _, certificate = make_certificate(as_anna, show_name="yes")
    code = certificate.code
    erase = f"/coordinator/learners/{centre.learner_a.id}/erase"
    assert as_coordinator.post(erase, {"confirm": "ANNA11"}, token_from=erase).status_code == 302
    response = app.test_client().get(f"/verify/{code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Testkurs" in page and "echt" in page
    assert "Anna" not in page and "nicht zugestimmt" not in page and "<dd>nicht gezeigt</dd>" in page


def test_whoever_checks_a_code_cannot_tell_a_refused_name_from_an_erased_person(as_anna, as_mentor, app, centre):
    complete_test_course(as_anna)
    set_certificate_name(as_mentor, centre.learner_a)
    _, certificate = make_certificate(as_anna, show_name="no")
    page = app.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Anna" not in page and "<dd>nicht gezeigt</dd>" in page and "zugestimmt" not in page

def test_mentor_can_make_the_certificate_and_it_is_made_once(as_anna, as_mentor, centre):
    complete_test_course(as_anna)
    set_certificate_name(as_mentor, centre.learner_a)
    path = f"/mentor/learners/{centre.learner_a.id}/certificates/test-kurs"
    make_certificate(as_mentor, path=path)
    make_certificate(as_anna)
    assert len(db.session.scalars(select(Certificate)).all()) == 1



def test_a_certificate_with_a_wrong_name_is_replaced_and_its_old_code_says_so(as_anna, as_mentor, app, centre):
    complete_test_course(as_anna)
    set_certificate_name(as_mentor, centre.learner_a, "Anna Schmdit")
    path = f"/mentor/learners/{centre.learner_a.id}/certificates/test-kurs"
    page, old = make_certificate(as_mentor, path=path)
    assert "Anna Schmdit" in page and f"{path}/replace" in page
    assert f"{path}/replace" not in as_anna.client.get("/certificates/test-kurs").get_data(as_text=True)
    set_certificate_name(as_mentor, centre.learner_a, "Anna Schmidt")
    response = as_mentor.post(f"{path}/replace", token_from=path)
    assert response.status_code == 302 and response.headers["Location"] == path
    page, _ = make_certificate(as_mentor, path=path)
    new = db.session.scalar(select(Certificate).where(Certificate.withdrawn_at.is_(None)))
    assert "Anna Schmidt" in page and new.code != old.code and new.name == "Anna Schmidt"
    assert "Anna Schmidt" in as_anna.client.get("/certificates/test-kurs").get_data(as_text=True)
    public = app.test_client()
    replaced = public.get(f"/verify/{old.code}").get_data(as_text=True)
    assert "ersetzt" in replaced and "echt" not in replaced and "Anna Schmdit" not in replaced
    assert "echt" in public.get(f"/verify/{new.code}").get_data(as_text=True)
    assert as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}").status_code == 200


def test_only_staff_who_reach_the_learner_can_replace_a_certificate(as_anna, as_mentor, app, centre):
    complete_test_course(as_anna)
    set_certificate_name(as_mentor, centre.learner_a)
    _, certificate = make_certificate(as_anna)
    path = f"/mentor/learners/{centre.learner_a.id}/certificates/test-kurs/replace"
    as_anna.post(path, token_from="/")
    other = Kiosk(app.test_client())
    assert other.sign_in_staff("gerd", "geheim123").status_code == 302
    assert other.post(path, token_from="/mentor/").status_code == 404
    db.session.refresh(certificate)
    assert certificate.withdrawn_at is None

@pytest.mark.parametrize("language, direction", [("en", "ltr"), ("ar", "rtl")])
def test_second_language_line_for_a_learner_whose_language_is_not_german(app, as_mentor, centre, language, direction):
    anna = db.session.get(User, centre.learner_a.id)
    anna.language = language
    db.session.commit()
    kiosk = Kiosk(app.test_client())
    kiosk.sign_in("ANNA11", "1111")
    complete_test_course(kiosk)
    set_certificate_name(as_mentor, anna)
    page, _ = make_certificate(kiosk)
    assert "Teilnahmebescheinigung" in page
    # The German certificate runs left to right even in a right-to-left page.
    assert f'<html lang="{language}" dir="{direction}"' in page
    assert '<article class="certificate" lang="de" dir="ltr"' in page
    assert f'class="certificate-second" lang="{language}" dir="{direction}"' in page
    if language == "en":
        assert "Certificate of participation" in page
    # The course's title in the learner's language line is the German one and says so.
    assert '<span lang="de" dir="ltr">Testkurs</span>' in page.split('class="certificate-second"')[1].split("</p>")[0]


def test_the_date_on_the_certificate_is_the_day_in_goettingen_for_every_viewer(app, as_mentor, centre):
    anna = db.session.get(User, centre.learner_a.id)
    anna.language, anna.certificate_name = "ar", "Anna Schmidt"
    late = datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)  # 00:30 on 2 March in Göttingen
    db.session.add_all([LessonProgress(user_id=anna.id, course_id="test-kurs", lesson_slug=slug, status="completed",
                                       started_at=late, completed_at=late, last_visited_at=late)
                        for slug in ("erste-schritte", "lesen", "ohne-englisch")])
    db.session.commit()
    learner = Kiosk(app.test_client())
    learner.sign_in("ANNA11", "1111")
    pages = [make_certificate(as_mentor, path=f"/mentor/learners/{anna.id}/certificates/test-kurs")[0],
             learner.client.get("/certificates/test-kurs").get_data(as_text=True)]
    for page in pages:
        assert "erfolgreich abgeschlossen, am 2. März 2026." in page


def test_verification_is_rate_limited(tmp_path, database_url, make_app):

    app = make_app(base_config(tmp_path, database_url, VERIFY_RATE_LIMIT="3 per minute"))
    client = app.test_client()
    codes = [client.get("/verify/AAAABBBBCCCC").status_code for _ in range(4)]
    with app.app_context():
        db.engine.dispose()
    assert codes == [404, 404, 404, 429]


@pytest.mark.parametrize("guess", ["", "A", "AAAA-BBBB-CCC", "x" * 40])
def test_malformed_codes_find_nothing(client, guess):
    response = client.get(f"/verify?code={guess}")
    assert response.status_code in (200, 404) and "echt." not in response.get_data(as_text=True)


def test_the_code_reads_left_to_right_on_an_arabic_or_farsi_page(as_anna, as_mentor, app, centre):
    """In a right-to-left page "3467-ACDE-XY9A" showed as "ACDE-XY9A-3467": the hyphen after a
    group of digits takes the page's direction. The code and its input field are isolated as LTR."""
    complete_test_course(as_anna)
    set_certificate_name(as_mentor, centre.learner_a)
    _, certificate = make_certificate(as_anna)
    certificate.code = "3467ACDEXY9A"
    db.session.commit()
    visitor = Kiosk(app.test_client())
    visitor.post("/language", {"language": "ar"})
    page = visitor.client.get("/verify/3467ACDEXY9A").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert '<bdi dir="ltr">3467-ACDE-XY9A</bdi>' in page
    assert re.search(r'<input class="input code" id="code" name="code" dir="ltr" value="3467ACDEXY9A"', page)
    assert '<dd><span lang="de" dir="ltr">Testkurs</span></dd>' in page  # the certificate's title is German
