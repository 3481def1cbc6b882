"""Everyone can use it (server side): picture sign-in, display settings, side-by-side German,
read-aloud hooks, right-to-left, dates in the page's language."""

from __future__ import annotations

import re

from sqlalchemy import select

from netzlernen import pictograms
from netzlernen.extensions import db
from netzlernen.models import User
from tests.conftest import Kiosk


def test_the_secret_has_at_least_as_many_combinations_as_a_four_digit_pin():
    assert len(pictograms.PICTOGRAMS) == 24
    assert len(pictograms.PICTOGRAMS) ** pictograms.SECRET_LENGTH >= 10 ** 4
    assert len({pid for pid, _ in pictograms.PICTOGRAMS}) == 24


def switch_to_pictures(as_mentor, learner) -> list[int]:
    page = f"/mentor/learners/{learner.id}"
    response = as_mentor.post(f"{page}/signin-method", {"method": "pictures"}, token_from=page)
    html = as_mentor.client.get(response.headers["Location"]).get_data(as_text=True)
    secret_block = html.split("Geheime Bilder")[1] if "Geheime Bilder" in html else html.split("Secret pictures")[1]
    ids = re.findall(r'pictograms\.svg#p-([a-z]+)', secret_block)[:pictograms.SECRET_LENGTH]
    index = {pid: i for i, (pid, _) in enumerate(pictograms.PICTOGRAMS)}
    return [index[pid] for pid in ids]


def picture_sign_in(kiosk, code: list[int], secret: list[int]):
    response = None
    for pick in code + secret:
        response = kiosk.post("/signin/pictures", {"pick": str(pick)}, token_from="/signin/pictures")
    return response


def test_learner_signs_in_with_pictures(as_mentor, app, centre):
    secret = switch_to_pictures(as_mentor, centre.learner_a)
    anna = db.session.get(User, centre.learner_a.id)
    assert anna.signin_method == "pictures" and len(pictograms.decode(anna.picture_code)) == 4
    kiosk = Kiosk(app.test_client())
    page = kiosk.client.get("/signin/pictures").get_data(as_text=True)
    assert page.count('class="picture-button"') == 24 and 'aria-label="Sonne"' in page
    response = picture_sign_in(kiosk, pictograms.decode(anna.picture_code), secret)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Hallo <bdi>Anna</bdi>!" in kiosk.client.get("/").get_data(as_text=True)
    # The PIN no longer works for her.
    assert Kiosk(app.test_client()).sign_in("ANNA11", "1111").status_code == 401


def test_wrong_pictures_are_refused_and_five_tries_lock(as_mentor, app, centre):
    secret = switch_to_pictures(as_mentor, centre.learner_a)
    code = pictograms.decode(db.session.get(User, centre.learner_a.id).picture_code)
    wrong = [(secret[0] + 1) % 24] + secret[1:]
    kiosk = Kiosk(app.test_client())
    response = picture_sign_in(kiosk, code, wrong)
    assert response.status_code == 401 and 'role="alert"' in response.get_data(as_text=True)
    for _ in range(4):
        picture_sign_in(kiosk, code, wrong)
    assert picture_sign_in(kiosk, code, secret).status_code == 401  # locked, even with the right pictures
    assert db.session.get(User, centre.learner_a.id).locked_until is not None


def test_back_and_restart_while_choosing(app):
    kiosk = Kiosk(app.test_client())
    kiosk.post("/signin/pictures", {"pick": "3"}, token_from="/signin/pictures")
    kiosk.post("/signin/pictures", {"pick": "5"}, token_from="/signin/pictures")
    page = kiosk.post("/signin/pictures", {"action": "back"}, token_from="/signin/pictures").get_data(as_text=True)
    assert page.count('class="picture-slot"><svg') == 1
    page = kiosk.post("/signin/pictures", {"action": "restart"}, token_from="/signin/pictures").get_data(as_text=True)
    assert page.count('class="picture-slot"><svg') == 0
    assert kiosk.post("/signin/pictures", {"pick": "99"}, token_from="/signin/pictures").status_code == 400



def test_keyboard_carries_on_from_the_picture_just_chosen(app):
    kiosk = Kiosk(app.test_client())
    page = kiosk.post("/signin/pictures", {"pick": "5"}, token_from="/signin/pictures").get_data(as_text=True)
    assert re.findall(r'value="(\w+)"[^>]*autofocus', page) == ["5"]
    page = kiosk.post("/signin/pictures", {"action": "back"}, token_from="/signin/pictures").get_data(as_text=True)
    assert re.findall(r'value="(\w+)"[^>]*autofocus', page) == ["back"]
    assert "autofocus" not in kiosk.client.get("/signin/pictures").get_data(as_text=True)


def test_pictures_left_half_chosen_are_dropped_for_the_next_person(app):
    kiosk = Kiosk(app.test_client())
    for pick in ("3", "5", "7"):
        kiosk.post("/signin/pictures", {"pick": pick}, token_from="/signin/pictures")
    assert kiosk.client.get("/signin/pictures").get_data(as_text=True).count('class="picture-slot"><svg') == 3
    with kiosk.client.session_transaction() as session:  # the learner walked away two minutes ago
        session["picture_signin"] = session["picture_signin"] | {"at": session["picture_signin"]["at"] - 121}
    page = kiosk.client.get("/signin/pictures").get_data(as_text=True)
    assert page.count('class="picture-slot"><svg') == 0
    page = kiosk.post("/signin/pictures", {"pick": "1"}, token_from="/signin/pictures").get_data(as_text=True)
    assert page.count('class="picture-slot"><svg') == 1

def test_card_of_a_picture_learner_shows_pictures_with_names(as_mentor, centre):
    switch_to_pictures(as_mentor, centre.learner_a)
    card = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}/card").get_data(as_text=True)
    assert card.count('class="pictogram pictogram-big" role="img" aria-label=') == 4
    with_secret = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}/card?with_pin=1").get_data(as_text=True)
    assert with_secret.count('class="pictogram pictogram-big" role="img"') == 7


def test_display_settings_apply_from_sign_in_and_not_to_the_next_person(as_anna, app):
    data = {"text_size": "2", "high_contrast": "y", "reduced_motion": "y"}
    assert as_anna.post("/settings", data, token_from="/settings").status_code == 302
    page = as_anna.client.get("/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr" class="text-2 contrast-high motion-reduced">' in page
    as_anna.sign_out()
    assert 'class="text-2' not in as_anna.client.get("/signin").get_data(as_text=True)
    other = Kiosk(app.test_client())
    other.sign_in("ANNA11", "1111")
    assert 'class="text-2 contrast-high motion-reduced"' in other.client.get("/courses/test-kurs").get_data(as_text=True)


def test_a_text_size_that_is_not_offered_is_refused_with_a_message(as_anna):
    response = as_anna.post("/settings", {"text_size": "7"}, token_from="/settings")
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben." in response.get_data(as_text=True)
    assert 'class="text-7' not in as_anna.client.get("/").get_data(as_text=True)


def test_side_by_side_german_pairs_paragraphs_for_an_english_learner(app, make_learner):
    make_learner("Sam", language="en", code="SAM789", pin="5678")
    kiosk = Kiosk(app.test_client())
    kiosk.sign_in("SAM789", "5678")
    lesson = "/courses/test-kurs/erste-schritte"
    page = kiosk.client.get(lesson).get_data(as_text=True)
    assert "German next to it" in page and 'class="side-by-side"' not in page
    kiosk.post("/settings/side-by-side", {"next": lesson}, token_from=lesson)
    page = kiosk.client.get(lesson).get_data(as_text=True)
    pairs = re.findall(r'<div class="pair">(.*?)</div>\s*</div>', page, re.S)
    assert len(pairs) == 3  # heading, paragraph, picture: each beside its German one
    assert "The mouse lies next to the keyboard." in pairs[1] and "Die Maus liegt neben der Tastatur." in pairs[1]
    assert page.count('type="radio" name="q0"') == 3  # the quiz once, in English
    assert db.session.scalar(select(User.side_by_side).where(User.display_name == "Sam")) is True


def test_german_learner_has_no_side_by_side_button(as_anna):
    assert "German next to it" not in as_anna.client.get("/courses/test-kurs/erste-schritte").get_data(as_text=True)
    assert "Deutsch daneben" not in as_anna.client.get("/courses/test-kurs/erste-schritte").get_data(as_text=True)


def test_display_settings_offer_side_by_side_only_to_learners_who_do_not_read_in_german(as_anna, app, centre, make_learner):
    anna = db.session.get(User, centre.learner_a.id)
    anna.side_by_side = True  # chosen while she learned in Turkish
    db.session.commit()
    assert 'name="side_by_side"' not in as_anna.client.get("/settings").get_data(as_text=True)
    as_anna.post("/settings", {"text_size": "1"}, token_from="/settings")
    assert db.session.get(User, centre.learner_a.id).side_by_side is True  # kept for when she goes back to Turkish
    make_learner("Sam", language="en", code="SAM789", pin="5678")
    sam = Kiosk(app.test_client())
    sam.sign_in("SAM789", "5678")
    assert 'name="side_by_side"' in sam.client.get("/settings").get_data(as_text=True)


def test_lesson_carries_the_read_aloud_hooks_and_the_authors_recording(as_anna):
    page = as_anna.client.get("/courses/test-kurs/erste-schritte").get_data(as_text=True)
    assert 'data-read-aloud data-lang="de"' in page and "js/read-aloud.js" in page
    page = as_anna.client.get("/courses/test-kurs/lesen").get_data(as_text=True)
    assert '<audio id="lesson-audio" controls preload="none" src="/course-files/test-kurs/lesen/vorlesen.mp3">' in page


def test_arabic_and_farsi_pages_are_right_to_left_with_mirrored_arrows(app, make_learner):
    make_learner("Omar", language="ar", code="OMAR47", pin="2580")
    kiosk = Kiosk(app.test_client())
    kiosk.sign_in("OMAR47", "2580")
    page = kiosk.client.get("/courses/test-kurs/lesen").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and "icon-next-arrow" in page
    with app.test_client().get("/static/css/app.css") as response:
        css = response.get_data(as_text=True)
    assert '[dir="rtl"] .icon-back-arrow, [dir="rtl"] .icon-next-arrow' in css
    assert "margin-left" not in css and "padding-right" not in css and "text-align: left" not in css


def test_dates_are_formatted_for_the_page_language(as_mentor, app, centre):
    from datetime import date

    from netzlernen.models import CheckIn
    from netzlernen.models.base import utcnow

    db.session.add(CheckIn(learner_id=centre.learner_a.id, author_id=centre.mentor_west.id, met_on=date(2026, 3, 5),
                           duration_minutes=30, mode="phone", confidence=3, updated_at=utcnow()))
    db.session.commit()
    page = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}").get_data(as_text=True)
    assert "05.03.2026" in page
    as_mentor.post("/language", {"language": "en", "next": "/mentor/"}, token_from="/mentor/")
    page = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}").get_data(as_text=True)
    assert "Mar 5, 2026" in page


def test_picture_sign_in_keeps_where_the_learner_was_going(as_mentor, app, centre):
    secret = switch_to_pictures(as_mentor, centre.learner_a)
    code = pictograms.decode(db.session.get(User, centre.learner_a.id).picture_code)
    kiosk = Kiosk(app.test_client())
    signin = kiosk.client.get("/signin?next=/courses/test-kurs/erste-schritte").get_data(as_text=True)
    assert 'href="/signin/pictures?next=/courses/test-kurs/erste-schritte"' in signin
    kiosk.client.get("/signin/pictures?next=/courses/test-kurs/erste-schritte")
    with kiosk.client.session_transaction() as session:  # a slow start: over two minutes to the first picture
        session["picture_signin"] = session["picture_signin"] | {"at": session["picture_signin"]["at"] - 121}
    kiosk.post("/signin/pictures", {"pick": str(code[0])}, token_from="/signin/pictures")
    kiosk.post("/signin/pictures", {"action": "restart"}, token_from="/signin/pictures")
    response = picture_sign_in(kiosk, code, secret)
    assert response.status_code == 302 and response.headers["Location"] == "/courses/test-kurs/erste-schritte"


def test_picture_sign_in_offers_the_languages_and_keeps_the_pictures_and_where_to_go(as_mentor, app, centre):
    secret = switch_to_pictures(as_mentor, centre.learner_a)
    code = pictograms.decode(db.session.get(User, centre.learner_a.id).picture_code)
    kiosk = Kiosk(app.test_client())
    kiosk.client.get("/signin/pictures?next=/courses/test-kurs/erste-schritte")
    for pick in code[:2]:
        kiosk.post("/signin/pictures", {"pick": str(pick)}, token_from="/signin/pictures")
    page = kiosk.client.get("/signin/pictures").get_data(as_text=True)
    assert 'name="language" value="ar"' in page and 'name="next" value="/signin/pictures"' in page
    response = kiosk.post("/language", {"language": "ar", "next": "/signin/pictures"}, token_from="/signin/pictures")
    assert response.headers["Location"] == "/signin/pictures"
    page = kiosk.client.get("/signin/pictures").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page and page.count('class="picture-slot"><svg') == 2
    for pick in code[2:] + secret:
        response = kiosk.post("/signin/pictures", {"pick": str(pick)}, token_from="/signin/pictures")
    assert response.headers["Location"] == "/courses/test-kurs/erste-schritte"
    assert db.session.get(User, centre.learner_a.id).language == "ar"


def test_picture_sign_in_refuses_a_next_address_on_another_site(as_mentor, app, centre):
    secret = switch_to_pictures(as_mentor, centre.learner_a)
    code = pictograms.decode(db.session.get(User, centre.learner_a.id).picture_code)
    kiosk = Kiosk(app.test_client())
    kiosk.client.get("/signin/pictures?next=//evil.example/")
    assert picture_sign_in(kiosk, code, secret).headers["Location"] == "/"


def test_names_are_isolated_from_the_text_and_numbers_around_them(as_mentor, as_coordinator, centre):
    """An Arabic name in German text (or a Latin one on an Arabic page) must not pull the brackets,
    commas and numbers next to it into its own direction: every name the staff typed is in <bdi>."""
    from netzlernen.auth.services import start_session
    from netzlernen.models import HelpRequest

    learner = db.session.get(User, centre.learner_a.id)
    learner.display_name = "عمر"
    db.session.add(HelpRequest(learner_id=learner.id, location_id=centre.west.id, status="open"))
    start_session(learner)  # still at the PC
    db.session.commit()
    dashboard = as_mentor.client.get("/mentor/").get_data(as_text=True)
    assert "<strong><bdi>عمر</bdi></strong>" in dashboard  # the call for help
    assert '"><bdi>عمر</bdi></a></th>' in dashboard  # the table of learners
    page = as_mentor.client.get(f"/mentor/learners/{learner.id}").get_data(as_text=True)
    assert "<h1><bdi>عمر</bdi></h1>" in page and "<dd><bdi>Maria</bdi></dd>" in page
    assert '<span class="who" dir="auto">Maria</span>' in page  # the signed-in person, in the header
    assert "<bdi>عمر</bdi> ruft um Hilfe." in page
    cards = as_mentor.client.get("/mentor/cards").get_data(as_text=True)
    assert '<p class="card-name"><bdi>عمر</bdi></p>' in cards
    audit_log = as_coordinator.client.get("/coordinator/audit").get_data(as_text=True)
    assert "<td><bdi>Maria (maria)</bdi></td>" in audit_log
    export = as_coordinator.client.get(f"/coordinator/learners/{learner.id}/export").get_data(as_text=True)
    assert '<span class="pre-line" dir="auto">عمر</span>' in export


def test_sign_in_fields_are_described_only_by_elements_on_the_page(kiosk, centre):
    """A screen reader reads an aria-describedby target aloud; one that names no element on the page
    (e.g. "None") reads nothing and is an error for checkers."""
    first = kiosk.client.get("/signin").get_data(as_text=True)
    wrong = kiosk.sign_in("ANNA24", "9999").get_data(as_text=True)
    for page in (first, wrong):
        ids = set(re.findall(r'\bid="([^"]+)"', page))
        for described_by in re.findall(r'aria-describedby="([^"]*)"', page):
            assert set(described_by.split()) <= ids, described_by
