"""The mentors' area: learner accounts, cards, check-ins with history, plans, help calls, flags."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from netzlernen.extensions import db
from netzlernen.auth.services import FRESH_SECRET_LIFETIME, start_session
from netzlernen.models import (
    CheckIn, CheckInRevision, FreshSecret, HelpRequest, LessonProgress, PlanItem, QuizAttempt, User,
)
from netzlernen.models.base import utcnow
from netzlernen.mentor import services
from tests.conftest import Kiosk, csrf_from


def create_learner(mentor, **fields):
    data = {"display_name": "Mira", "language": "uk", "location_id": "1", "main_mentor_id": "", "consent": "y", **fields}
    return mentor.post("/mentor/learners/new", data, token_from="/mentor/learners/new")


def test_mentor_creates_a_learner_who_can_sign_in_at_once(as_mentor, app, centre):
    response = create_learner(as_mentor, location_id=str(centre.west.id), real_name="", contact="")
    assert response.status_code == 302
    page = as_mentor.client.get(response.headers["Location"]).get_data(as_text=True)
    mira = db.session.scalar(select(User).where(User.display_name == "Mira"))
    assert mira.signin_code in page and mira.real_name is None and mira.language == "uk"
    pin = re.search(r'<dt>PIN</dt><dd class="code">(\d{4,6})</dd>', page).group(1)
    assert "Nur Sie sehen die PIN, und nur in den nächsten 15 Minuten." in page
    learner = Kiosk(app.test_client())
    assert learner.sign_in(mira.signin_code, pin).status_code == 302


def test_display_name_is_required(as_mentor, centre):
    response = create_learner(as_mentor, display_name="  ", location_id=str(centre.west.id))
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name == "Mira")) == 0


def test_card_never_shows_the_pin_unless_asked_right_after_it_was_made(as_mentor, app, centre):
    response = create_learner(as_mentor, location_id=str(centre.west.id))
    mira = db.session.scalar(select(User).where(User.display_name == "Mira"))
    page = as_mentor.client.get(response.headers["Location"]).get_data(as_text=True)
    pin = re.search(r'<dt>PIN</dt><dd class="code">(\d{4,6})</dd>', page).group(1)
    card = as_mentor.client.get(f"/mentor/learners/{mira.id}/card").get_data(as_text=True)
    assert mira.signin_code in card and pin not in card and "card-pin-space" in card
    assert pin in as_mentor.client.get(f"/mentor/learners/{mira.id}/card?with_pin=1").get_data(as_text=True)
    # Another mentor's browser never had the PIN.
    other = Kiosk(app.test_client())
    other.sign_in_staff("koordination", "geheim123")
    assert pin not in other.client.get(f"/mentor/learners/{mira.id}/card?with_pin=1").get_data(as_text=True)


PIN_ON_PAGE = re.compile(r'<dt>PIN</dt><dd class="code">(\d{4,6})</dd>')


def shown_pin(kiosk, learner_id) -> str | None:
    found = PIN_ON_PAGE.search(kiosk.client.get(f"/mentor/learners/{learner_id}/new-pin").get_data(as_text=True))
    return found.group(1) if found else None


def session_values(app, kiosk) -> list:
    """Every value in the browser's session cookie (signed, but readable by anyone with the browser)."""
    data = app.session_interface.get_signing_serializer(app).loads(kiosk.client.get_cookie("netzlernen_session").value)
    values, todo = [], [data]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
        else:
            values.append(str(item))
    return values


def test_a_new_pin_stays_on_the_server_not_in_the_browser(as_mentor, app, centre):
    create_learner(as_mentor, location_id=str(centre.west.id))
    mira = db.session.scalar(select(User).where(User.display_name == "Mira"))
    pin = shown_pin(as_mentor, mira.id)
    assert pin is not None and pin not in session_values(app, as_mentor)
    reset = as_mentor.post(f"/mentor/learners/{mira.id}/pin", token_from=f"/mentor/learners/{mira.id}")
    assert reset.status_code == 302 and shown_pin(as_mentor, mira.id) not in session_values(app, as_mentor)


def test_a_new_pin_is_shown_only_to_its_maker_and_only_while_it_is_the_newest(as_mentor, app, centre):
    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/pin", token_from=f"/mentor/learners/{anna.id}")
    marias_pin = shown_pin(as_mentor, anna.id)
    assert marias_pin is not None
    coordinator = Kiosk(app.test_client())
    coordinator.sign_in_staff("koordination", "geheim123")
    assert shown_pin(coordinator, anna.id) is None  # she reaches Anna, but did not make the PIN

    # A newer PIN, made by someone else: Maria's is no longer shown (it would print a wrong card).
    coordinator.post(f"/mentor/learners/{anna.id}/pin", token_from=f"/mentor/learners/{anna.id}")
    newer_pin = shown_pin(coordinator, anna.id)
    assert newer_pin is not None and shown_pin(as_mentor, anna.id) is None
    assert newer_pin not in as_mentor.client.get(f"/mentor/learners/{anna.id}/card?with_pin=1").get_data(as_text=True)
    assert Kiosk(app.test_client()).sign_in("ANNA11", newer_pin).status_code == 302

    # Switching to the picture sign-in makes a new secret too.
    as_mentor.post(f"/mentor/learners/{anna.id}/signin-method", {"method": "pictures"}, token_from=f"/mentor/learners/{anna.id}")
    assert shown_pin(coordinator, anna.id) is None
    assert db.session.scalars(select(FreshSecret.made_by_id)).all() == [centre.mentor_west.id]


def test_a_new_pin_expires_and_is_purged(as_mentor, app, centre):
    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/pin", token_from=f"/mentor/learners/{anna.id}")
    pin = shown_pin(as_mentor, anna.id)
    assert pin in as_mentor.client.get(f"/mentor/learners/{anna.id}/card?with_pin=1").get_data(as_text=True)
    db.session.get(FreshSecret, anna.id).created_at = utcnow() - FRESH_SECRET_LIFETIME - timedelta(seconds=1)
    db.session.commit()
    assert shown_pin(as_mentor, anna.id) is None
    assert pin not in as_mentor.client.get(f"/mentor/learners/{anna.id}/card?with_pin=1").get_data(as_text=True)
    # Expired secrets are deleted when the next staff member signs in, or the next secret is made.
    Kiosk(app.test_client()).sign_in_staff("gerd", "geheim123")
    assert db.session.scalar(select(func.count()).select_from(FreshSecret)) == 0


def test_signing_out_forgets_the_pins_one_made(as_mentor, app, centre):
    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/pin", token_from=f"/mentor/learners/{anna.id}")
    assert db.session.get(FreshSecret, anna.id) is not None
    as_mentor.post("/signout", token_from="/mentor/")
    assert db.session.get(FreshSecret, anna.id) is None


def test_cards_sheet_lists_the_location_without_pins(as_mentor, centre):
    page = as_mentor.client.get("/mentor/cards").get_data(as_text=True)
    assert "ANNA11" in page and "BORA22" not in page


def test_printing_sign_in_cards_is_in_the_audit_log(as_mentor, as_coordinator, centre):
    """A card shows the learner's sign-in data (with the fresh PIN, the whole key): one entry per print."""
    from netzlernen.models import AuditEntry

    anna = centre.learner_a
    page = f"/mentor/learners/{anna.id}"
    as_mentor.post(f"{page}/signin-method", {"method": "pin"}, token_from=page)
    as_mentor.client.get(f"{page}/card?with_pin=1")
    as_mentor.client.get("/mentor/cards")
    entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "card").order_by(AuditEntry.id)))
    assert [(e.learner_id, e.detail) for e in entries] == [(anna.id, "pin"), (anna.id, "sheet")]
    log = as_coordinator.client.get("/coordinator/audit").get_data(as_text=True)
    assert "<td>Anmelde-Karte gedruckt</td>" in log and "<td>PIN</td>" in log
    # The sheet is in her data copy too (DSGVO Art. 15), and in the log filtered by her.
    export = as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json").get_json()
    assert [e["detail"] for e in export["audit_log"] if e["action"] == "card"] == ["pin", "sheet"]
    assert "Blatt mit den Karten aller Lernenden" in as_coordinator.client.get(f"/coordinator/audit?learner={anna.id}").get_data(as_text=True)


def test_reset_pin_unlock_deactivate_and_activate(as_mentor, app, centre):
    anna = centre.learner_a
    anna.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    page = as_mentor.client.get(f"/mentor/learners/{anna.id}").get_data(as_text=True)
    assert "Entsperren" in page or "Unlock" in page
    as_mentor.post(f"/mentor/learners/{anna.id}/unlock", token_from=f"/mentor/learners/{anna.id}")
    assert db.session.get(User, anna.id).locked_until is None

    response = as_mentor.post(f"/mentor/learners/{anna.id}/pin", token_from=f"/mentor/learners/{anna.id}")
    page = as_mentor.client.get(response.headers["Location"]).get_data(as_text=True)
    pin = re.search(r'<dt>PIN</dt><dd class="code">(\d{4,6})</dd>', page).group(1)
    kiosk = Kiosk(app.test_client())
    assert kiosk.sign_in("ANNA11", "1111").status_code == 401
    assert kiosk.sign_in("ANNA11", pin).status_code == 302

    as_mentor.post(f"/mentor/learners/{anna.id}/deactivate", token_from=f"/mentor/learners/{anna.id}")
    assert kiosk.client.get("/").status_code == 302  # her open session ended
    assert Kiosk(app.test_client()).sign_in("ANNA11", pin).status_code == 401
    as_mentor.post(f"/mentor/learners/{anna.id}/activate", token_from=f"/mentor/learners/{anna.id}")
    assert Kiosk(app.test_client()).sign_in("ANNA11", pin).status_code == 302


def test_change_language_and_location(as_mentor, centre):
    anna = centre.learner_a
    data = {"display_name": "Anna", "language": "tr", "location_id": str(centre.west.id), "main_mentor_id": "",
            "real_name": "Anna Schmidt", "contact": ""}
    response = as_mentor.post(f"/mentor/learners/{anna.id}/edit", data, token_from=f"/mentor/learners/{anna.id}/edit")
    assert response.status_code == 302
    anna = db.session.get(User, anna.id)
    assert (anna.language, anna.real_name, anna.main_mentor_id) == ("tr", "Anna Schmidt", None)
    # A mentor cannot move a learner out of reach; a coordinator can.
    data["location_id"] = str(centre.grone.id)
    assert as_mentor.post(f"/mentor/learners/{anna.id}/edit", data, token_from=f"/mentor/learners/{anna.id}/edit").status_code in (403, 422)
    assert db.session.get(User, anna.id).location_id == centre.west.id


def checkin_data(**fields):
    data = {"met_on": date.today().isoformat(), "duration_minutes": "30", "mode": "in_person", "confidence": "4",
            "topics": "E-Mail-Adresse", "courses": ["test-kurs"], "private_notes": "Braucht Brille",
            "next_steps": "Kurs E-Mail bis Lektion 3", "next_appointment": ""}
    data.update(fields)
    return data


def test_check_in_is_recorded_and_next_steps_show_on_the_learners_home(as_mentor, as_anna, centre):
    anna = centre.learner_a
    response = as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", checkin_data(),
                              token_from=f"/mentor/learners/{anna.id}/checkins/new")
    assert response.status_code == 302
    check_in = db.session.scalar(select(CheckIn))
    assert (check_in.confidence, check_in.mode, check_in.author_id) == (4, "in_person", centre.mentor_west.id)
    home = as_anna.client.get("/").get_data(as_text=True)
    assert "Kurs E-Mail bis Lektion 3" in home
    assert "Braucht Brille" not in home  # private notes are for mentors only


def test_same_day_correction_replaces_later_change_keeps_history(as_mentor, app, centre):
    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", checkin_data(), token_from=f"/mentor/learners/{anna.id}/checkins/new")
    check_in = db.session.scalar(select(CheckIn))
    edit = f"/mentor/checkins/{check_in.id}/edit"
    as_mentor.post(edit, checkin_data(next_steps="Korrigiert"), token_from=edit)
    assert db.session.scalar(select(func.count()).select_from(CheckInRevision)) == 0
    assert db.session.get(CheckIn, check_in.id).next_steps == "Korrigiert"

    # The next day the change is kept as history.
    db.session.get(CheckIn, check_in.id).created_at = utcnow() - timedelta(days=1)
    db.session.commit()
    as_mentor.post(edit, checkin_data(next_steps="Neu"), token_from=edit)
    revisions = db.session.scalars(select(CheckInRevision)).all()
    assert [r.previous["next_steps"] for r in revisions] == ["Korrigiert"]
    assert db.session.get(CheckIn, check_in.id).next_steps == "Neu"
    page = as_mentor.client.get(f"/mentor/learners/{anna.id}").get_data(as_text=True)
    assert "Korrigiert" in page


def test_another_mentors_change_is_kept_as_history(as_mentor, app, centre):
    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", checkin_data(), token_from=f"/mentor/learners/{anna.id}/checkins/new")
    check_in = db.session.scalar(select(CheckIn))
    coordinator = Kiosk(app.test_client())
    coordinator.sign_in_staff("koordination", "geheim123")
    edit = f"/mentor/checkins/{check_in.id}/edit"
    coordinator.post(edit, checkin_data(topics="Andere Sicht"), token_from=edit)
    assert db.session.scalar(select(func.count()).select_from(CheckInRevision)) == 1


def test_authors_same_day_edit_keeps_someone_elses_change_in_the_history(as_mentor, as_coordinator, centre):
    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", checkin_data(topics="Original"),
                   token_from=f"/mentor/learners/{anna.id}/checkins/new")
    check_in_id = db.session.scalar(select(CheckIn.id))
    edit = f"/mentor/checkins/{check_in_id}/edit"
    assert as_coordinator.post(edit, checkin_data(topics="Ergänzung der Koordination"), token_from=edit).status_code == 302
    assert as_mentor.post(edit, checkin_data(topics="Original, korrigiert"), token_from=edit).status_code == 302

    assert db.session.get(CheckIn, check_in_id).topics == "Original, korrigiert"
    history = [r.previous["topics"] for r in db.session.scalars(select(CheckInRevision).order_by(CheckInRevision.id))]
    assert history == ["Original", "Ergänzung der Koordination"]


def test_a_check_in_saved_by_someone_else_meanwhile_is_not_overwritten_unseen(as_mentor, as_coordinator, centre):
    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", checkin_data(topics="Original"),
                   token_from=f"/mentor/learners/{anna.id}/checkins/new")
    check_in_id = db.session.scalar(select(CheckIn.id))
    edit = f"/mentor/checkins/{check_in_id}/edit"
    opened = as_mentor.client.get(edit).get_data(as_text=True)  # Maria opens the form …
    version = re.search(r'name="version" type="hidden" value="([^"]+)"', opened).group(1)
    assert as_coordinator.post(edit, checkin_data(topics="Sicht der Koordination"), token_from=edit).status_code == 302
    # … and saves after the coordinator did.
    stale = checkin_data(topics="Marias Text", version=version, csrf_token=csrf_from(opened))
    response = as_mentor.client.post(edit, data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Jemand anderes hat dieses Gespräch gespeichert" in page
    assert "Marias Text" in page  # what she typed is still in the form
    assert db.session.get(CheckIn, check_in_id).topics == "Sicht der Koordination"
    # Saving again stores her text; the coordinator's version stays in the history.
    again = checkin_data(topics="Marias Text", version=re.search(r'name="version" type="hidden" value="([^"]+)"', page).group(1),
                         csrf_token=csrf_from(page))
    assert as_mentor.client.post(edit, data=again).status_code == 302
    assert db.session.get(CheckIn, check_in_id).topics == "Marias Text"
    assert "Sicht der Koordination" in [r.previous["topics"] for r in db.session.scalars(select(CheckInRevision))]


def test_two_people_saving_the_same_check_in_at_once_lose_nothing(as_mentor, as_coordinator, centre, monkeypatch):
    import threading
    import time

    from netzlernen.mentor import services as mentoring

    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", checkin_data(topics="Original"),
                   token_from=f"/mentor/learners/{anna.id}/checkins/new")
    check_in_id = db.session.scalar(select(CheckIn.id))
    edit = f"/mentor/checkins/{check_in_id}/edit"
    forms = {}
    for name, kiosk in (("maria", as_mentor), ("kora", as_coordinator)):
        page = kiosk.client.get(edit).get_data(as_text=True)
        forms[name] = checkin_data(topics=f"Text von {name}", csrf_token=csrf_from(page),
                                   version=re.search(r'name="version" type="hidden" value="([^"]+)"', page).group(1))
    saving = mentoring.update_check_in

    def slowly(*args, **kwargs):  # widens the moment between comparing the version and writing
        time.sleep(0.3)
        return saving(*args, **kwargs)

    monkeypatch.setattr(mentoring, "update_check_in", slowly)
    statuses = {}

    def save(name, kiosk):
        statuses[name] = kiosk.client.post(edit, data=forms[name]).status_code

    threads = [threading.Thread(target=save, args=item) for item in (("maria", as_mentor), ("kora", as_coordinator))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses.values()) == [302, 409]  # the second is told, and keeps its text in the form
    db.session.expire_all()
    saved = db.session.get(CheckIn, check_in_id).topics
    assert saved in ("Text von maria", "Text von kora")
    assert [r.previous["topics"] for r in db.session.scalars(select(CheckInRevision))] in ([], ["Original"])


def test_the_day_of_a_check_in_is_the_day_in_the_centres_time_zone(app, centre):
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    written = datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc)  # 00:30 on 25 November in Berlin
    check_in = CheckIn(learner_id=centre.learner_a.id, author_id=centre.mentor_west.id, met_on=date(2026, 11, 24),
                       duration_minutes=30, mode="in_person", confidence=3, created_at=written, updated_at=written)
    db.session.add(check_in)
    db.session.commit()
    maria = db.session.get(User, centre.mentor_west.id)
    assert services.can_edit_in_place(maria, check_in, date(2026, 11, 25), berlin)
    assert not services.can_edit_in_place(maria, check_in, date(2026, 11, 24), berlin)


def test_invalid_check_in_gets_a_message_and_saves_nothing(as_mentor, centre):
    anna = centre.learner_a
    response = as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", checkin_data(duration_minutes="abc", confidence="9"),
                              token_from=f"/mentor/learners/{anna.id}/checkins/new")
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0


@pytest.mark.parametrize("fields, message", [
    ({"met_on": "2062-11-12"}, "nicht in der Zukunft"),
    ({"met_on": "1999-12-31"}, "nicht in der Zukunft"),
    ({"met_on": "0001-01-01"}, "nicht in der Zukunft"),
    ({"next_appointment": "0001-01-01T00:30"}, "zwischen 2000 und"),
    ({"next_appointment": "9999-12-31T23:59"}, "zwischen 2000 und"),
])
def test_a_check_in_with_an_impossible_date_gets_a_message_and_saves_nothing(as_mentor, centre, fields, message):
    anna = centre.learner_a
    new = f"/mentor/learners/{anna.id}/checkins/new"
    response = as_mentor.post(new, checkin_data(topics="Bewerbung", **fields), token_from=new)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page and "Bewerbung" in page
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_a_check_in_of_today_in_the_centre_and_an_appointment_years_ahead_are_accepted(as_mentor, centre):
    from netzlernen.i18n import local_today

    anna = centre.learner_a
    new = f"/mentor/learners/{anna.id}/checkins/new"
    today = local_today()
    data = checkin_data(met_on=today.isoformat(), next_appointment=f"{today.year + 4}-06-01T10:00")
    assert as_mentor.post(new, data, token_from=new).status_code == 302
    tomorrow = checkin_data(met_on=(today + timedelta(days=1)).isoformat())
    assert as_mentor.post(new, tomorrow, token_from=new).status_code == 422


def test_learning_plan_orders_courses_and_shows_the_next_lesson_first(as_mentor, as_anna, centre):
    anna = centre.learner_a
    page = f"/mentor/learners/{anna.id}"
    as_mentor.post(f"{page}/plan", {"course_id": "test-kurs"}, token_from=page)
    items = db.session.scalars(select(PlanItem)).all()
    assert [i.course_id for i in items] == ["test-kurs"]
    home = as_anna.client.get("/").get_data(as_text=True)
    assert home.index("plan-title") < home.index("courses-title")
    assert 'href="/courses/test-kurs/erste-schritte"' in home.split('id="plan-title"')[1].split("</section>")[0]
    as_mentor.post(f"{page}/plan/{items[0].id}/remove", token_from=page)
    assert db.session.scalar(select(func.count()).select_from(PlanItem)) == 0


def test_plan_ticks_off_a_completed_course(as_mentor, as_anna, centre):
    anna = centre.learner_a
    as_mentor.post(f"/mentor/learners/{anna.id}/plan", {"course_id": "test-kurs"}, token_from=f"/mentor/learners/{anna.id}")
    for slug in ("erste-schritte", "lesen", "ohne-englisch"):
        db.session.add(LessonProgress(user_id=anna.id, course_id="test-kurs", lesson_slug=slug, status="completed",
                                      last_visited_at=utcnow(), completed_at=utcnow()))
    db.session.commit()
    home = as_anna.client.get("/").get_data(as_text=True)
    plan = home.split('id="plan-title"')[1].split("</section>")[0]
    assert "icon-check" in plan and "erste-schritte" not in plan


def test_help_call_reaches_the_mentors_of_the_location(as_anna, as_mentor, app, centre):
    response = as_anna.post("/help", {"course_id": "test-kurs", "lesson_slug": "lesen", "next": "/courses/test-kurs/lesen"}, token_from="/")
    assert response.headers["Location"] == "/courses/test-kurs/lesen"
    assert "Hilfe ist gerufen" in as_anna.client.get("/").get_data(as_text=True) or "Help is called" in as_anna.client.get("/").get_data(as_text=True)
    calls = as_mentor.client.get("/mentor/help-requests.json").get_json()["requests"]
    assert [c["learner"] for c in calls] == ["Anna"] and "Nur lesen" in calls[0]["where"]
    other = Kiosk(app.test_client())
    other.sign_in_staff("gerd", "geheim123")
    assert other.client.get("/mentor/help-requests.json").get_json()["requests"] == []
    # Pressing twice calls once.
    as_anna.post("/help", {}, token_from="/")
    assert db.session.scalar(select(func.count()).select_from(HelpRequest)) == 1

    request_id = calls[0]["id"]
    as_mentor.post(f"/mentor/help-requests/{request_id}/take", token_from="/mentor/")
    assert db.session.get(HelpRequest, request_id).status == "taken"
    home = as_anna.client.get("/").get_data(as_text=True)
    assert "unterwegs" in home or "on the way" in home
    as_mentor.post(f"/mentor/help-requests/{request_id}/close", token_from="/mentor/")
    assert db.session.get(HelpRequest, request_id).status == "closed"
    assert as_mentor.client.get("/mentor/help-requests.json").get_json()["requests"] == []


def test_german_course_and_lesson_titles_on_an_arabic_mentors_pages_say_their_language(as_anna, as_mentor, centre):
    """WCAG 3.1.2: the help call's course and lesson, the progress and the learner's page read with a German voice."""
    centre.mentor_west.language = "ar"
    db.session.commit()
    as_anna.post("/help", {"course_id": "test-kurs", "lesson_slug": "lesen", "next": "/courses/test-kurs/lesen"}, token_from="/")
    as_anna.post("/courses/test-kurs/lesen/done", token_from="/courses/test-kurs/lesen")
    german = '<span lang="de" dir="ltr">Testkurs</span>: <span lang="de" dir="ltr">Nur lesen</span>'
    dashboard = as_mentor.client.get("/mentor/").get_data(as_text=True)
    assert f"<span>{german}</span>" in dashboard
    assert '<div class="mini-progress"><span><span lang="de" dir="ltr">Testkurs</span></span>' in dashboard
    call = as_mentor.client.get("/mentor/help-requests.json").get_json()["requests"][0]
    assert call["where_parts"] == [{"text": "Testkurs", "lang": "de", "dir": "ltr"},
                                   {"text": "Nur lesen", "lang": "de", "dir": "ltr"}]
    learner_page = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}").get_data(as_text=True)
    assert '<summary><span lang="de" dir="ltr">Testkurs</span>:' in learner_page
    assert '<li><span lang="de" dir="ltr">Nur lesen</span>' in learner_page
    assert '<option dir="ltr" lang="de" value="test-kurs">Testkurs</option>' in learner_page  # the plan's menu
    check_in = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}/checkins/new").get_data(as_text=True)
    assert re.search(r'<label for="courses-0"><span lang="de" dir="ltr">Testkurs</span></label>', check_in)


def test_a_learner_who_moves_takes_her_open_call_for_help_along(as_anna, as_coordinator, app, centre):
    anna = centre.learner_a
    as_anna.post("/help", {}, token_from="/")
    edit = f"/mentor/learners/{anna.id}/edit"
    moved = {"display_name": "Anna", "language": "de", "location_id": str(centre.grone.id), "main_mentor_id": "",
             "real_name": "", "contact": "", "certificate_name": ""}
    assert as_coordinator.post(edit, moved, token_from=edit).status_code == 302

    gerd, maria = Kiosk(app.test_client()), Kiosk(app.test_client())
    gerd.sign_in_staff("gerd", "geheim123")
    maria.sign_in_staff("maria", "geheim123")
    assert [c["learner"] for c in gerd.client.get("/mentor/help-requests.json").get_json()["requests"]] == ["Anna"]
    assert maria.client.get("/mentor/help-requests.json").get_json()["requests"] == []
    request_id = db.session.scalar(select(HelpRequest.id))
    assert gerd.post(f"/mentor/help-requests/{request_id}/take", token_from="/mentor/").status_code == 302
    assert db.session.get(HelpRequest, request_id).location_id == centre.grone.id


def test_learner_can_cancel_a_call(as_anna, centre):
    as_anna.post("/help", {}, token_from="/")
    as_anna.post("/help/cancel", {}, token_from="/")
    assert db.session.scalar(select(HelpRequest)).status == "cancelled"


def test_mentor_of_another_location_cannot_take_the_call(as_anna, app, centre):
    as_anna.post("/help", {}, token_from="/")
    request_id = db.session.scalar(select(HelpRequest)).id
    other = Kiosk(app.test_client())
    other.sign_in_staff("gerd", "geheim123")
    assert other.post(f"/mentor/help-requests/{request_id}/take", token_from="/mentor/").status_code == 404


def test_a_mentor_without_a_location_reaches_no_learner_and_no_call(app, centre):
    """Not every learner without a location either (``location_id = NULL`` must not mean "the same")."""
    from netzlernen.auth import services as accounts
    from netzlernen.models import Role

    accounts.create_staff("nolo", "geheim123", Role.MENTOR, "Nolo")
    xaver, _ = accounts.create_learner("Xaver", pin="3333", code="XAVER3")
    db.session.commit()
    xaver_id = xaver.id
    xaver_kiosk = Kiosk(app.test_client())
    assert xaver_kiosk.sign_in("XAVER3", "3333").status_code == 302
    xaver_kiosk.post("/help", {}, token_from="/")
    request_id = db.session.scalar(select(HelpRequest.id).where(HelpRequest.learner_id == xaver_id))

    nolo = Kiosk(app.test_client())
    assert nolo.sign_in_staff("nolo", "geheim123").status_code == 302
    assert nolo.client.get(f"/mentor/learners/{xaver_id}").status_code == 404
    assert nolo.client.get(f"/mentor/learners/{xaver_id}/edit").status_code == 404
    assert "Xaver" not in nolo.client.get("/mentor/").get_data(as_text=True)
    assert "Xaver" not in nolo.client.get("/mentor/cards").get_data(as_text=True)
    assert nolo.client.get("/mentor/help-requests.json").get_json()["requests"] == []
    assert nolo.post(f"/mentor/help-requests/{request_id}/take", token_from="/mentor/").status_code == 404
    assert db.session.get(HelpRequest, request_id).status == "open"
    # The coordinator reaches every learner and every call.
    coordinator = Kiosk(app.test_client())
    coordinator.sign_in_staff("koordination", "geheim123")
    assert coordinator.client.get(f"/mentor/learners/{xaver_id}").status_code == 200
    assert [c["learner"] for c in coordinator.client.get("/mentor/help-requests.json").get_json()["requests"]] == ["Xaver"]


def add_attempts(learner, slug, results, days_ago=1):
    for passed in results:
        db.session.add(QuizAttempt(user_id=learner.id, course_id="test-kurs", lesson_slug=slug, language="de",
                                   score=2 if passed else 0, total=2, passed=passed,
                                   created_at=utcnow() - timedelta(days=days_ago)))


def test_flags_from_realistic_activity(app, centre, make_learner):
    now = utcnow()
    anna = centre.learner_a  # failed the same quiz twice: stuck
    add_attempts(anna, "erste-schritte", [False, False])
    anna.last_active_at = now - timedelta(days=1)
    carl, _ = services_create(centre, "Carl")  # started a lesson long ago: stuck; and inactive
    db.session.add(LessonProgress(user_id=carl.id, course_id="test-kurs", lesson_slug="lesen", status="started",
                                  started_at=now - timedelta(days=30), last_visited_at=now - timedelta(days=30)))
    dora, _ = services_create(centre, "Dora")  # failed once, then passed: fine
    add_attempts(dora, "erste-schritte", [False, True])
    dora.last_active_at = now - timedelta(hours=2)
    emil, _ = services_create(centre, "Emil")  # check-in appointment yesterday: due
    emil.last_active_at = now
    db.session.add(CheckIn(learner_id=emil.id, author_id=centre.mentor_west.id, met_on=date.today() - timedelta(days=8),
                           duration_minutes=20, mode="phone", confidence=3, next_appointment=now - timedelta(days=1),
                           updated_at=now))
    fritz, _ = services_create(centre, "Fritz")  # called for help
    fritz.last_active_at = now
    db.session.add(HelpRequest(learner_id=fritz.id, location_id=centre.west.id, status="open"))
    start_session(fritz)  # still at the PC
    db.session.commit()

    rows = services.dashboard_rows(db.session.get(User, centre.mentor_west.id), now=now)
    flags = {row.learner.display_name: row.flags for row in rows}
    assert flags == {"Anna": ["stuck"], "Carl": ["stuck", "inactive"], "Dora": [], "Emil": ["checkin_due"],
                     "Fritz": ["help"]}
    assert [r.learner.display_name for r in rows][:2] == ["Fritz", "Anna"]  # help first, then stuck
    mine = services.dashboard_rows(db.session.get(User, centre.mentor_west.id), scope="mine", now=now)
    assert [r.learner.display_name for r in mine] == ["Anna"]
    only_stuck = services.dashboard_rows(db.session.get(User, centre.mentor_west.id), flag="stuck", now=now)
    assert sorted(r.learner.display_name for r in only_stuck) == ["Anna", "Carl"]


def test_a_meeting_entered_afterwards_does_not_hide_the_follow_up_due(as_mentor, centre):
    anna = centre.learner_a
    new = f"/mentor/learners/{anna.id}/checkins/new"
    today = date.today()
    as_mentor.post(new, checkin_data(met_on=(today - timedelta(days=10)).isoformat(),
                                     next_appointment=f"{(today - timedelta(days=2)).isoformat()}T10:00"), token_from=new)
    as_mentor.post(new, checkin_data(met_on=(today - timedelta(days=20)).isoformat()), token_from=new)  # forgotten earlier
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 2
    rows = services.dashboard_rows(db.session.get(User, centre.mentor_west.id))
    assert "checkin_due" in next(r for r in rows if r.learner.id == anna.id).flags


def test_progress_counts_only_lessons_the_course_still_has(as_mentor, app, centre):
    """A renamed lesson starts afresh: its old row no longer counts (4/3 before)."""
    anna, now = centre.learner_a, utcnow()
    for slug in ("erste-schritte", "lesen", "ohne-englisch", "ohne-englisch-alt"):
        db.session.add(LessonProgress(user_id=anna.id, course_id="test-kurs", lesson_slug=slug, status="completed",
                                      started_at=now, completed_at=now, last_visited_at=now))
    bora = centre.learner_b  # started only a lesson that is gone, long ago: not stuck on it
    db.session.add(LessonProgress(user_id=bora.id, course_id="test-kurs", lesson_slug="gibt-es-nicht-mehr",
                                  status="started", started_at=now - timedelta(days=30), last_visited_at=now))
    db.session.add(LessonProgress(user_id=bora.id, course_id="alter-kurs", lesson_slug="lesen",
                                  status="started", started_at=now - timedelta(days=30), last_visited_at=now))
    db.session.commit()
    page = as_mentor.client.get("/mentor/").get_data(as_text=True)
    assert re.findall(r"<progress[^>]*>([^<]*)</progress>", page) == ["3/3"]
    coordinator = db.session.get(User, centre.coordinator.id)
    rows = {r.learner.display_name: r for r in services.dashboard_rows(coordinator)}
    assert rows["Anna"].completed == {"test-kurs": 3}
    assert "stuck" not in rows["Bora"].flags


def test_a_new_learner_is_not_inactive_before_the_inactive_days_have_passed(as_mentor, centre):
    response = create_learner(as_mentor, location_id=str(centre.west.id))
    assert response.status_code == 302
    mentor = db.session.get(User, centre.mentor_west.id)
    flags = {r.learner.display_name: r.flags for r in services.dashboard_rows(mentor)}
    assert flags["Mira"] == []
    later = utcnow() + timedelta(days=15)
    flags = {r.learner.display_name: r.flags for r in services.dashboard_rows(mentor, now=later)}
    assert flags["Mira"] == ["inactive"]


def services_create(centre, name):
    from netzlernen.auth import services as accounts

    return accounts.create_learner(name, location_id=centre.west.id, pin="1234")


def test_dashboard_filters_and_sorts_without_javascript(as_mentor, centre):
    add_attempts(centre.learner_a, "erste-schritte", [False, False])
    db.session.commit()
    page = as_mentor.client.get("/mentor/?flag=stuck&sort=name").get_data(as_text=True)
    assert "Anna" in page and "Bora" not in page
    assert 'option value="stuck" selected' in page
    assert "Anna" not in as_mentor.client.get("/mentor/?flag=help").get_data(as_text=True).split("<table")[1]


def test_learner_page_shows_wrong_questions_for_the_mentor(as_mentor, as_anna, centre):
    token = as_anna.token("/courses/test-kurs/erste-schritte")
    as_anna.client.post("/courses/test-kurs/erste-schritte/quiz", data={"csrf_token": token, "q0": "0", "q1": ["0", "1"]})
    page = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}").get_data(as_text=True)
    wrong = page.split('id="quiz-title"')[1].split("</section>")[0]
    assert "Womit öffnen Sie ein Programm?" in wrong and "Welche Tasten hat die Maus?" not in wrong


def test_coordinator_sees_every_location(app, centre):
    kiosk = Kiosk(app.test_client())
    kiosk.sign_in_staff("koordination", "geheim123")
    page = kiosk.client.get("/mentor/").get_data(as_text=True)
    assert "Anna" in page and "Bora" in page
    page = kiosk.client.get(f"/mentor/?location={centre.grone.id}").get_data(as_text=True)
    assert "Bora" in page and "Anna</a>" not in page


def _submission_id(page: str) -> str:
    return re.search(r'name="submission" type="hidden" value="([^"]+)"', page).group(1)


def test_a_new_learner_form_sent_twice_makes_one_learner(as_mentor, centre):
    from netzlernen.models import StatEvent

    registered = select(func.count()).select_from(StatEvent).where(StatEvent.kind == "registered")
    before = db.session.scalar(registered)
    page = as_mentor.client.get("/mentor/learners/new").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "submission": _submission_id(page), "display_name": "Mira",
            "language": "uk", "location_id": str(centre.west.id), "main_mentor_id": "", "consent": "y"}
    first, second = as_mentor.client.post("/mentor/learners/new", data=data), as_mentor.client.post("/mentor/learners/new", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name == "Mira")) == 1
    assert db.session.scalar(registered) == before + 1
    # The repeat shows the same new PIN to its maker.
    assert "PIN" in as_mentor.client.get(second.headers["Location"]).get_data(as_text=True)
    # A new form is a new learner, even with the same name.
    page = as_mentor.client.get("/mentor/learners/new").get_data(as_text=True)
    data.update(csrf_token=csrf_from(page), submission=_submission_id(page))
    assert as_mentor.client.post("/mentor/learners/new", data=data).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name == "Mira")) == 2


def test_a_check_in_sent_twice_is_saved_once(as_mentor, centre):
    from netzlernen.models import StatEvent

    new = f"/mentor/learners/{centre.learner_a.id}/checkins/new"
    page = as_mentor.client.get(new).get_data(as_text=True)
    data = checkin_data(csrf_token=csrf_from(page), submission=_submission_id(page))
    responses = [as_mentor.client.post(new, data=data) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[1].headers["Location"].endswith("#checkins")
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
    assert db.session.scalar(select(func.count()).select_from(StatEvent).where(StatEvent.kind == "checkin")) == 1


def test_a_repeat_that_arrives_while_the_first_is_saved_is_rolled_back(app, centre):
    """Both requests found the id unused; the second one's commit collides and leads to the first's result."""
    from netzlernen import submissions
    from netzlernen.models import Location, UsedSubmission

    db.session.add(UsedSubmission(id="einmal", url="/mentor/learners/1/new-pin"))  # the first request's
    db.session.commit()
    db.session.add(Location(name="Doppelt"))  # the second request's work
    submissions.remember("einmal", "/mentor/learners/2/new-pin")
    assert submissions.commit_once("einmal") == "/mentor/learners/1/new-pin"
    assert db.session.scalar(select(func.count()).select_from(Location).where(Location.name == "Doppelt")) == 0


def test_used_submission_ids_are_kept_for_a_day(app, centre):
    from netzlernen import submissions
    from netzlernen.models import UsedSubmission

    db.session.add(UsedSubmission(id="alt", url="/a", created_at=utcnow() - timedelta(days=1, minutes=1)))
    db.session.add(UsedSubmission(id="neu", url="/b", created_at=utcnow() - timedelta(hours=23)))
    db.session.commit()
    submissions.remember("jetzt", "/c")
    db.session.commit()
    assert sorted(db.session.scalars(select(UsedSubmission.id))) == ["jetzt", "neu"]


@pytest.mark.parametrize(("language", "ago", "expected"), [
    ("de", timedelta(days=3), "vor 3 Tagen"),  # not "vor 3 Tage"
    ("uk", timedelta(hours=1), "1 годину тому"),  # not "1 година тому"
    ("ru", timedelta(minutes=1), "1 минуту назад"),
])
def test_last_activity_says_how_long_ago_in_the_grammar_of_the_language(as_mentor, centre, language, ago, expected):
    centre.learner_a.last_active_at = utcnow() - ago - timedelta(seconds=5)
    db.session.commit()
    as_mentor.post("/language", {"language": language, "next": "/mentor/"}, token_from="/mentor/")
    row = as_mentor.client.get("/mentor/").get_data(as_text=True).split("><bdi>Anna</bdi></a>")[1].split("</tr>")[0]
    assert expected in row


def test_sign_in_cards_speak_the_learners_language_and_the_page_the_mentors(as_mentor, centre, make_learner):
    """The learner takes the card home: "Your sign-in code" and "Your PIN" in their language, the same
    words as on the sign-in page; the mentor's page around the cards stays German."""
    make_learner("Omar", language="ar", code="OMA789", pin="5678").location_id = centre.west.id
    db.session.commit()
    page = as_mentor.client.get("/mentor/cards").get_data(as_text=True)
    omar = page.split("OMA789")[0].rsplit('<article class="signin-card"', 1)[1] + page.split("OMA789")[1].split("</article>")[0]
    anna = page.split("ANNA11")[0].rsplit('<article class="signin-card"', 1)[1] + page.split("ANNA11")[1].split("</article>")[0]
    assert '<p class="card-label" lang="ar" dir="rtl">رمز الدخول الخاص بك</p>' in omar
    assert '<p class="card-label" lang="ar" dir="rtl">رقمك السري (PIN)</p>' in omar
    assert '<p class="card-label" lang="de" dir="ltr">Ihr Anmelde-Code</p>' in anna
    assert "<h1>Anmelde-Karten</h1>" in page


def test_the_waiting_time_of_a_help_call_does_not_change_its_wording_when_the_list_refreshes(as_mentor, centre):
    """The page and the list the browser fetches every few seconds round the same way ("55 Minuten",
    not "1 Stunde" and then "55 Minuten")."""
    db.session.add(HelpRequest(learner_id=centre.learner_a.id, location_id=centre.west.id, status="open",
                               created_at=utcnow() - timedelta(minutes=55)))
    start_session(centre.learner_a)
    db.session.commit()
    [call] = as_mentor.client.get("/mentor/help-requests.json").get_json()["requests"]
    page = as_mentor.client.get("/mentor/").get_data(as_text=True)
    assert call["waiting"] == "55 Minuten"
    assert "wartet seit 55 Minuten" in page


def test_the_language_list_of_a_learner_names_each_language_in_its_own_language_and_script(as_mentor, centre):
    page = as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}/edit").get_data(as_text=True)
    assert '<option dir="rtl" lang="ar" value="ar">العربية</option>' in page
    assert '<option dir="ltr" lang="uk" value="uk">Українська</option>' in page
    assert '<option dir="ltr" lang="de" selected value="de">Deutsch</option>' in page


def test_signing_out_ends_the_learners_call_for_help(as_anna, as_mentor, centre):
    """Nobody is left at the kiosk to help: the call must not wait on the dashboard for days, nor
    greet the learner as 'help is called' at her next sign-in."""
    as_anna.post("/help", {}, token_from="/")
    assert [c["learner"] for c in as_mentor.client.get("/mentor/help-requests.json").get_json()["requests"]] == ["Anna"]
    as_anna.sign_out()
    assert as_mentor.client.get("/mentor/help-requests.json").get_json()["requests"] == []
    as_anna.sign_in("ANNA11", "1111")
    assert "Hilfe ist gerufen" not in as_anna.client.get("/").get_data(as_text=True)
