"""Signing in at the kiosk, lock-out, sign-out, idle sign-out, privacy headers, CSRF, languages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sqlalchemy import func, select

from netzlernen.extensions import db
from netzlernen.models import LoginSession, Role, User
from netzlernen.models.base import utcnow
from tests.conftest import Kiosk


def test_learner_signs_in_with_code_and_pin(kiosk, learner):
    response = kiosk.sign_in("lea 123", "1234")  # spaces and lower case are forgiven
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = kiosk.client.get("/")
    assert home.status_code == 200
    assert "Lea" in home.get_data(as_text=True)


def test_wrong_pin_gives_a_plain_message_and_is_counted(kiosk, learner):
    response = kiosk.sign_in("LEA123", "9999")
    assert response.status_code == 401
    assert 'role="alert"' in response.get_data(as_text=True)
    db.session.refresh(learner)
    assert learner.failed_signins == 1
    assert kiosk.client.get("/").status_code == 302


def test_unknown_code_gets_the_same_message_as_a_wrong_pin(kiosk, learner):
    wrong_pin = kiosk.sign_in("LEA123", "9999").get_data(as_text=True)
    unknown = kiosk.sign_in("NOPE99", "1234").get_data(as_text=True)
    marker = 'id="signin-message">'
    assert wrong_pin.split(marker)[1].split("</p>")[0] == unknown.split(marker)[1].split("</p>")[0]


def test_five_wrong_pins_lock_the_account_even_for_the_right_pin(kiosk, learner, app):
    for _ in range(5):
        kiosk.sign_in("LEA123", "0000")
    db.session.refresh(learner)
    assert learner.locked_until is not None and learner.locked_until > utcnow()
    response = kiosk.sign_in("LEA123", "1234")
    assert response.status_code == 401
    assert "locked" in response.get_data(as_text=True) or "gesperrt" in response.get_data(as_text=True)
    assert kiosk.client.get("/").status_code == 302


def test_lock_out_ends_after_its_time(kiosk, learner):
    learner.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert kiosk.sign_in("LEA123", "1234").status_code == 302


def test_lock_out_survives_a_restart(kiosk, learner, app_config, make_app):
    for _ in range(5):
        kiosk.sign_in("LEA123", "0000")
    restarted = make_app(app_config)
    with restarted.app_context():
        from tests.conftest import Kiosk
        assert Kiosk(restarted.test_client()).sign_in("LEA123", "1234").status_code == 401


def test_switched_off_account_cannot_sign_in(kiosk, learner):
    learner.active = False
    db.session.commit()
    response = kiosk.sign_in("LEA123", "1234")
    assert response.status_code == 401


def test_pin_must_be_digits(kiosk, learner):
    response = kiosk.sign_in("LEA123", "12ab")
    assert response.status_code == 401
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_sign_out_ends_the_server_session_so_a_copied_cookie_is_useless(signed_in, app):
    client = signed_in.client
    cookie = client.get_cookie("netzlernen_session").value
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 1
    response = signed_in.sign_out()
    assert response.status_code == 302
    assert "cache" in response.headers["Clear-Site-Data"]
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    # Someone replays the old cookie (as a cached browser would): nothing of the learner.
    other = app.test_client()
    other.set_cookie("netzlernen_session", cookie)
    page = other.get("/")
    assert page.status_code == 302 and page.headers["Location"].startswith("/signin")



def test_back_after_sign_out_does_not_lead_the_next_learner_to_the_previous_ones_page(signed_in, make_learner):
    make_learner("Omar", code="OMA456", pin="4567")
    signed_in.client.get("/courses/test-kurs/erste-schritte")
    signed_in.sign_out()
    back = signed_in.client.get("/courses/test-kurs/erste-schritte")  # the next person presses Back
    assert back.status_code == 302 and back.headers["Location"] == "/signin"
    assert "erste-schritte" not in signed_in.client.get(back.headers["Location"]).get_data(as_text=True)
    assert signed_in.sign_in("OMA456", "4567").headers["Location"] == "/"

def test_pages_behind_sign_in_are_never_cached(signed_in):
    for path in ("/", "/courses/test-kurs", "/courses/test-kurs/erste-schritte"):
        response = signed_in.client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store"


def test_every_page_has_a_strict_content_security_policy(client):
    policy = client.get("/signin").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_scripts_or_handlers(signed_in):
    import re

    for path in ("/signin", "/signin/pictures", "/", "/courses/test-kurs/erste-schritte", "/settings"):
        html = signed_in.client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def _browser_signs_out_after(app) -> int:
    return app.config["IDLE_TIMEOUT"] + app.config["IDLE_WARNING"]


def test_idle_session_is_ended_by_the_server(signed_in, app):
    session_row = db.session.scalar(select(LoginSession))
    limit = _browser_signs_out_after(app) + app.config["KEEPALIVE_SECONDS"] + 30
    session_row.last_seen_at = utcnow() - timedelta(seconds=limit + 5)
    db.session.commit()
    response = signed_in.client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/signin")
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0



def test_sessions_of_closed_browsers_are_forgotten_at_the_next_sign_in(signed_in, app, make_learner):
    """A browser closed without signing out left its session for ever: when and how long the
    person was there, kept long after the sign-in had ended."""
    from tests.conftest import Kiosk

    make_learner("Omar", code="OMAR47", pin="2580")
    gone = db.session.scalar(select(LoginSession))
    limit = _browser_signs_out_after(app) + app.config["KEEPALIVE_SECONDS"] + 30
    gone.last_seen_at = utcnow() - timedelta(seconds=limit + 5)
    gone_token = gone.token
    db.session.commit()
    working = Kiosk(app.test_client())
    assert working.sign_in("OMAR47", "2580").status_code == 302
    assert Kiosk(app.test_client()).sign_in("OMAR47", "2580").status_code == 302  # another PC, later
    tokens = set(db.session.scalars(select(LoginSession.token)))
    assert gone_token not in tokens and len(tokens) == 2
    assert working.client.get("/").status_code == 200  # a live one stays

def _help_status(learner_name: str) -> str:
    from netzlernen.models import HelpRequest

    return db.session.scalar(select(HelpRequest.status).join(User, HelpRequest.learner_id == User.id)
                             .where(User.display_name == learner_name))


def _gone_idle(app, login_session: LoginSession) -> None:
    limit = _browser_signs_out_after(app) + app.config["KEEPALIVE_SECONDS"] + 30
    login_session.last_seen_at = utcnow() - timedelta(seconds=limit + 5)
    db.session.commit()


def test_a_call_for_help_ends_with_a_session_the_server_ends_as_idle(signed_in, app):
    """No sign-out (the idle sign-out in the browser did not run): the mentors must not look for
    a learner who left."""
    signed_in.post("/help", {}, token_from="/")
    _gone_idle(app, db.session.scalar(select(LoginSession)))
    assert signed_in.client.get("/").status_code == 302
    assert _help_status("Lea") == "cancelled"


def test_a_call_for_help_of_a_closed_browser_ends_at_the_next_sign_in(signed_in, app, make_learner):
    from tests.conftest import Kiosk

    make_learner("Omar", code="OMAR47", pin="2580")
    signed_in.post("/help", {}, token_from="/")
    omar = Kiosk(app.test_client())
    omar.sign_in("OMAR47", "2580")
    omar.post("/help", {}, token_from="/")
    _gone_idle(app, db.session.scalar(select(LoginSession).join(User).where(User.display_name == "Lea")))
    assert Kiosk(app.test_client()).sign_in("OMAR47", "2580").status_code == 302  # another PC
    assert (_help_status("Lea"), _help_status("Omar")) == ("cancelled", "open")


def test_a_call_for_help_stays_while_the_learner_is_signed_in_on_another_pc(signed_in, app, learner):
    from tests.conftest import Kiosk

    other_pc = Kiosk(app.test_client())
    other_pc.sign_in("LEA123", "1234")
    signed_in.post("/help", {}, token_from="/")
    first = db.session.scalar(select(LoginSession).order_by(LoginSession.last_seen_at))
    _gone_idle(app, first)
    signed_in.client.get("/")
    assert _help_status("Lea") == "open"


def test_signing_out_on_the_pc_she_left_keeps_the_call_she_made_on_another(signed_in, app, learner):
    """She moved to another PC and called for help there; the first PC's idle sign-out comes later."""
    from tests.conftest import Kiosk

    other_pc = Kiosk(app.test_client())
    assert other_pc.sign_in("LEA123", "1234").status_code == 302
    other_pc.post("/help", {}, token_from="/")
    signed_in.sign_out()
    assert _help_status("Lea") == "open"
    other_pc.sign_out()
    assert _help_status("Lea") == "cancelled"


def test_mentors_do_not_see_the_call_of_a_browser_closed_without_signing_out(as_anna, as_mentor, centre, app):
    """Nobody has heard of that session since (no sign-in anywhere to clear it): nobody is at that PC."""
    as_anna.post("/help", {}, token_from="/")
    assert [c["learner"] for c in as_mentor.client.get("/mentor/help-requests.json").get_json()["requests"]] == ["Anna"]
    _gone_idle(app, db.session.scalar(select(LoginSession).where(LoginSession.user_id == centre.learner_a.id)))
    assert as_mentor.client.get("/mentor/help-requests.json").get_json()["requests"] == []
    assert "ruft Hilfe" not in as_mentor.client.get("/mentor/").get_data(as_text=True)


def test_server_keeps_the_session_while_the_browser_still_counts_down(signed_in, app):
    # The browser told the server last one keep-alive interval before the learner's last input.
    session_row = db.session.scalar(select(LoginSession))
    heard_of = _browser_signs_out_after(app) + app.config["KEEPALIVE_SECONDS"] - 1
    session_row.last_seen_at = utcnow() - timedelta(seconds=heard_of)
    db.session.commit()
    assert signed_in.client.get("/").status_code == 200
    assert 'data-keepalive-interval="%d"' % app.config["KEEPALIVE_SECONDS"] in signed_in.client.get("/").get_data(as_text=True)


def test_keepalive_keeps_a_working_learner_signed_in(signed_in, app):
    session_row = db.session.scalar(select(LoginSession))
    session_row.last_seen_at = utcnow() - timedelta(seconds=app.config["IDLE_TIMEOUT"])
    db.session.commit()
    token = signed_in.token("/")
    response = signed_in.client.post("/session/keepalive", headers={"X-CSRFToken": token})
    assert response.status_code == 204
    db.session.expire_all()
    assert utcnow() - db.session.scalar(select(LoginSession)).last_seen_at < timedelta(seconds=5)


def test_post_without_csrf_token_is_refused(client, learner):
    response = client.post("/signin", data={"code": "LEA123", "pin": "1234"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_language_buttons_set_lang_and_direction(kiosk):
    page = kiosk.client.get("/signin").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page
    for code, native in (("ar", "العربية"), ("fa", "فارسی"), ("uk", "Українська")):
        assert native in page
    kiosk.post("/language", {"language": "ar"})
    page = kiosk.client.get("/signin").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    kiosk.post("/language", {"language": "fa"})
    assert '<html lang="fa" dir="rtl">' in kiosk.client.get("/signin").get_data(as_text=True)


def test_language_chosen_at_sign_in_is_kept_in_the_profile(kiosk, learner):
    kiosk.post("/language", {"language": "en"})
    kiosk.sign_in("LEA123", "1234")
    db.session.refresh(learner)
    assert learner.language == "en"
    assert '<html lang="en" dir="ltr">' in kiosk.client.get("/").get_data(as_text=True)
    kiosk.sign_out()
    # The next person at the kiosk starts in German again.
    assert '<html lang="de" dir="ltr">' in kiosk.client.get("/signin").get_data(as_text=True)


def test_a_language_someone_chose_and_walked_away_from_does_not_change_the_next_learners_profile(kiosk, make_learner):
    omar = make_learner("Omar", language="ar", code="OMAR47", pin="2580")
    kiosk.post("/language", {"language": "fa"})
    with kiosk.client.session_transaction() as session:  # three minutes later, Omar sits down
        session["language_chosen"] -= 180
    kiosk.sign_in("OMAR47", "2580")
    db.session.refresh(omar)
    assert omar.language == "ar"
    assert '<html lang="ar" dir="rtl">' in kiosk.client.get("/").get_data(as_text=True)


def test_profile_language_applies_at_sign_in(kiosk, make_learner):
    make_learner("Omar", language="ar", code="OMAR47", pin="2580")
    kiosk.sign_in("OMAR47", "2580")
    assert '<html lang="ar" dir="rtl">' in kiosk.client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("language, message", [
    ("de", "Dieser Anmelde-Code ist zu lang."), ("ar", "رمز الدخول هذا طويل جدًا."), ("uk", "Цей код входу задовгий."),
])
def test_too_long_sign_in_code_is_explained_in_the_chosen_language(kiosk, language, message):
    kiosk.post("/language", {"language": language})
    response = kiosk.sign_in("A" * 30, "1234")
    assert response.status_code == 401 and message in response.get_data(as_text=True)


def test_unknown_language_is_ignored(kiosk):
    kiosk.post("/language", {"language": "xx"})
    assert '<html lang="de"' in kiosk.client.get("/signin").get_data(as_text=True)


def test_staff_sign_in_with_username_and_password(kiosk, make_staff):
    make_staff("maria", "geheim123")
    assert kiosk.sign_in_staff("maria", "falsch123").status_code == 401
    response = kiosk.sign_in_staff("Maria", "geheim123")
    assert response.status_code == 302 and response.headers["Location"] == "/mentor/"
    assert kiosk.client.get("/mentor/").status_code == 200
    user = db.session.scalar(select(User).where(User.username == "maria"))
    assert user.password_hash.startswith("pbkdf2:sha256:1000$")  # the tests' cheap method


def test_learner_cannot_open_the_mentor_area_and_staff_not_the_lessons(signed_in, app, make_staff):
    assert signed_in.client.get("/mentor/").status_code == 403
    make_staff("maria", "geheim123", Role.COORDINATOR)
    from tests.conftest import Kiosk
    staff = Kiosk(app.test_client())
    staff.sign_in_staff("maria", "geheim123")
    assert staff.client.get("/courses/test-kurs/erste-schritte").status_code == 403


def test_pin_is_stored_hashed(learner):
    assert learner.pin_hash and "1234" not in learner.pin_hash


def test_secrets_are_hashed_with_scrypt_outside_the_tests(tmp_path):
    from netzlernen import create_app
    from netzlernen.auth.services import hash_secret
    from tests.conftest import TEST_COURSES

    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://", "COURSES_DIR": str(TEST_COURSES)})
    with app.app_context():
        assert hash_secret("1234").startswith("scrypt:")


def test_guest_can_read_lessons_and_nothing_is_stored(kiosk):
    from netzlernen.models import LessonProgress, QuizAttempt

    kiosk.post("/guest")
    assert kiosk.client.get("/").status_code == 200
    assert kiosk.client.get("/courses/test-kurs/erste-schritte").status_code == 200
    token = kiosk.token("/courses/test-kurs/erste-schritte")
    result = kiosk.client.post("/courses/test-kurs/erste-schritte/quiz", data={"csrf_token": token, "q0": "1", "q1": ["0", "1"]})
    assert result.status_code == 200
    assert "2" in result.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_sign_in_is_rate_limited_per_address(tmp_path, database_url, make_app):
    from tests.conftest import Kiosk, base_config

    app = make_app(base_config(tmp_path, database_url, SIGNIN_RATE_LIMIT="3 per minute"))
    with app.app_context():
        kiosk = Kiosk(app.test_client())
        codes = [kiosk.sign_in("NOPE99", "1111").status_code for _ in range(4)]
        db.engine.dispose()
    assert codes[:3] == [401, 401, 401] and codes[3] == 429


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\\evil.example/", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
    " //evil.example", "https://evil.example/", "/\x7f/evil.example",
])
def test_open_redirect_after_sign_in_is_refused(kiosk, learner, target):
    token = kiosk.token("/signin")
    response = kiosk.client.post("/signin", data={"csrf_token": token, "code": "LEA123", "pin": "1234", "next": target})
    assert response.headers["Location"] == "/"


def test_next_address_on_another_site_is_not_put_into_the_sign_in_form(kiosk):
    page = kiosk.client.get("/signin?next=/%09/evil.example").get_data(as_text=True)
    assert "evil.example" not in page


def test_forms_after_a_call_for_help_lead_back_only_on_this_site(signed_in):
    response = signed_in.post("/help", {"next": "/\t/evil.example"}, token_from="/")
    assert response.headers["Location"] == "/"
    response = signed_in.post("/help/cancel", {"next": "/courses/test-kurs"}, token_from="/")
    assert response.headers["Location"] == "/courses/test-kurs"


def test_choosing_a_language_keeps_where_the_learner_was_going(kiosk, learner):
    page = kiosk.client.get("/signin?next=/courses/test-kurs/erste-schritte").get_data(as_text=True)
    assert 'name="next" value="/signin?next=/courses/test-kurs/erste-schritte"' in page
    response = kiosk.post("/language", {"language": "ar", "next": "/signin?next=/courses/test-kurs/erste-schritte"})
    assert response.headers["Location"] == "/signin?next=/courses/test-kurs/erste-schritte"
    page = kiosk.client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'dir="rtl"' in page and 'value="/courses/test-kurs/erste-schritte"' in page
    response = kiosk.post("/signin", {"code": "LEA123", "pin": "1234", "next": "/courses/test-kurs/erste-schritte"})
    assert response.headers["Location"] == "/courses/test-kurs/erste-schritte"


def test_picture_sign_in_counts_whole_tries_against_the_address_limit(tmp_path, database_url, make_app):
    from tests.conftest import Kiosk, base_config

    app = make_app(base_config(tmp_path, database_url, SIGNIN_RATE_LIMIT="3 per minute"))
    with app.app_context():
        kiosk = Kiosk(app.test_client())
        token = kiosk.token("/signin/pictures")

        def one_try() -> list[int]:  # 4 name pictures and 3 secret pictures that belong to nobody
            return [kiosk.client.post("/signin/pictures", data={"csrf_token": token, "pick": "0"}).status_code
                    for _ in range(7)]

        tries = [one_try() for _ in range(4)]
        db.engine.dispose()
    assert tries[:3] == [[200] * 6 + [401]] * 3  # 21 clicks, 3 tries: within "3 per minute"
    assert tries[3][0] == 429


def test_the_goodbye_after_signing_out_is_in_the_learners_language(kiosk, make_learner):
    """The sign-in page after signing out is German again for the next person, but the one leaving reads
    that they are signed out in their own language."""
    make_learner("Omar", language="ar", code="OMAR47", pin="2580")
    kiosk.sign_in("OMAR47", "2580")
    response = kiosk.sign_out()
    page = kiosk.client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page
    assert '<span lang="ar" dir="rtl">تم تسجيل خروجك. شكرًا على التعلّم!</span>' in page


PASSWORD_PAGE = "/staff/password"


def change_password(staff, current: str, new: str, again: str | None = None):
    return staff.post(PASSWORD_PAGE, {"current_password": current, "new_password": new,
                                      "new_password_again": new if again is None else again}, token_from=PASSWORD_PAGE)


@pytest.mark.parametrize("username", ["maria", "koordination"])
def test_staff_change_their_own_password_and_the_old_one_stops_working(app, centre, username):
    staff = Kiosk(app.test_client())
    staff.sign_in_staff(username, "geheim123")
    assert 'href="/staff/password"' in staff.client.get("/mentor/").get_data(as_text=True)  # in the header
    response = change_password(staff, "geheim123", "ganz-neu-2026")
    assert response.status_code == 302 and response.headers["Location"] == "/mentor/"
    assert "Ihr neues Passwort ist gespeichert." in staff.client.get("/mentor/").get_data(as_text=True)
    assert Kiosk(app.test_client()).sign_in_staff(username, "geheim123").status_code == 401
    assert Kiosk(app.test_client()).sign_in_staff(username, "ganz-neu-2026").status_code == 302


def test_a_password_the_coordinator_chose_is_replaced_before_anything_else(as_coordinator, app, centre):
    data = {"username": "bernd", "display_name": "Bernd", "role": "mentor", "location_id": str(centre.west.id),
            "password": "vom-buero-1", "active": "y"}
    assert as_coordinator.post("/coordinator/staff/new", data, token_from="/coordinator/staff/new").status_code == 302
    bernd = Kiosk(app.test_client())
    assert bernd.sign_in_staff("bernd", "vom-buero-1").status_code == 302
    for page in ("/mentor/", f"/mentor/learners/{centre.learner_a.id}", "/mentor/help-requests.json"):
        response = bernd.client.get(page)
        assert response.status_code == 302 and response.headers["Location"] == PASSWORD_PAGE, page
    assert "jemand anderes ausgesucht" in bernd.client.get(PASSWORD_PAGE).get_data(as_text=True)
    # "Replacing" it by itself would leave it known to the coordinator.
    response = change_password(bernd, "vom-buero-1", "vom-buero-1")
    assert response.status_code == 422 and "anderes Passwort als das bisherige" in response.get_data(as_text=True)
    assert change_password(bernd, "vom-buero-1", "nur-ich-weiss-es").status_code == 302
    page = bernd.client.get("/mentor/").get_data(as_text=True)
    assert bernd.client.get("/mentor/").status_code == 200 and "jemand anderes" not in page


def test_a_new_password_for_someone_else_must_be_replaced_but_not_ones_own(as_coordinator, app, centre):
    maria, own = centre.mentor_west, centre.coordinator
    for member, password in ((maria, "vom-buero-2"), (own, "selbst-gewaehlt")):
        edit = f"/coordinator/staff/{member.id}"
        data = {"display_name": member.display_name, "role": member.role, "location_id": str(member.location_id or ""),
                "password": password, "active": "y"}
        assert as_coordinator.post(edit, data, token_from=edit).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, maria.id).password_change_required
    assert not db.session.get(User, own.id).password_change_required
    coordinator = Kiosk(app.test_client())
    coordinator.sign_in_staff("koordination", "selbst-gewaehlt")
    assert coordinator.client.get("/coordinator/").status_code == 200


def test_a_wrong_current_password_is_refused_and_counts_as_a_wrong_sign_in(as_mentor, app, centre):
    response = change_password(as_mentor, "falsch-falsch", "ganz-neu-2026")
    assert response.status_code == 422
    assert "Das jetzige Passwort ist nicht richtig." in response.get_data(as_text=True)
    db.session.expire_all()
    maria = db.session.get(User, centre.mentor_west.id)
    assert maria.failed_signins == 1
    for _ in range(app.config["MAX_FAILED_SIGNINS"] - 1):
        change_password(as_mentor, "falsch-falsch", "ganz-neu-2026")
    # Locked now: not even the right password is checked, here or at the sign-in.
    response = change_password(as_mentor, "geheim123", "ganz-neu-2026")
    assert response.status_code == 422
    # Staff are unlocked by the coordinator (a new password), not by a mentor as learners are.
    page = response.get_data(as_text=True)
    assert "Die Koordination kann Ihnen sofort ein neues Passwort geben." in page and "Netzpate kann" not in page
    page = Kiosk(app.test_client()).sign_in_staff("maria", "geheim123").get_data(as_text=True)
    assert "Die Koordination kann Ihnen sofort ein neues Passwort geben." in page
    assert Kiosk(app.test_client()).sign_in_staff("maria", "geheim123").status_code == 401
    assert Kiosk(app.test_client()).sign_in_staff("maria", "ganz-neu-2026").status_code == 401


def test_new_passwords_that_differ_or_are_short_are_refused(as_mentor, app, centre):
    response = change_password(as_mentor, "geheim123", "ganz-neu-2026", again="ganz-neu-2027")
    assert response.status_code == 422
    assert "Die zwei neuen Passwörter sind nicht gleich." in response.get_data(as_text=True)
    assert change_password(as_mentor, "geheim123", "kurz").status_code == 422
    assert Kiosk(app.test_client()).sign_in_staff("maria", "geheim123").status_code == 302


def test_changing_the_password_signs_out_the_other_sign_ins_but_not_this_one(as_mentor, app, centre):
    elsewhere = Kiosk(app.test_client())
    elsewhere.sign_in_staff("maria", "geheim123")
    assert elsewhere.client.get("/mentor/").status_code == 200
    assert change_password(as_mentor, "geheim123", "ganz-neu-2026").status_code == 302
    assert elsewhere.client.get("/mentor/").status_code == 302  # to the sign-in
    assert as_mentor.client.get("/mentor/").status_code == 200


def test_learners_cannot_change_a_password_there(as_anna, centre):
    assert as_anna.client.get(PASSWORD_PAGE).status_code == 403
    response = as_anna.post(PASSWORD_PAGE, {"current_password": "1111", "new_password": "ganz-neu-2026",
                                            "new_password_again": "ganz-neu-2026"}, token_from="/")
    assert response.status_code == 403


def test_changing_the_password_needs_the_csrf_token(as_mentor, app, centre):
    response = as_mentor.client.post(PASSWORD_PAGE, data={"current_password": "geheim123", "new_password": "ganz-neu-2026",
                                                          "new_password_again": "ganz-neu-2026"})
    assert response.status_code == 400
    assert Kiosk(app.test_client()).sign_in_staff("maria", "geheim123").status_code == 302
