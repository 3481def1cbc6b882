"""The coordinator: staff, locations, settings, consent, funder report, data export and erasure, audit."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text, update

from netzlernen import consent
from netzlernen.auth import services as accounts
from netzlernen.extensions import db
from netzlernen.models import (
    AuditEntry, Certificate, CheckIn, CheckInRevision, ConsentRecord, ConsentText, HelpRequest, LessonProgress, PlanItem,
    PracticeResult, QuizAnswer, QuizAttempt, Role, StatEvent, User,
)
from netzlernen.models.base import utcnow
from tests.conftest import Kiosk, base_config, sqlite_only


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_coordinator_creates_and_edits_a_mentor(as_coordinator, app, centre):
    data = {"username": "neu", "display_name": "Neue Patin", "role": "mentor", "location_id": str(centre.west.id),
            "password": "sicher-genug", "active": "y"}
    assert as_coordinator.post("/coordinator/staff/new", data, token_from="/coordinator/staff/new").status_code == 302
    user = db.session.scalar(select(User).where(User.username == "neu"))
    assert user.role == "mentor" and user.location_id == centre.west.id
    assert Kiosk(app.test_client()).sign_in_staff("neu", "sicher-genug").status_code == 302
    edit = f"/coordinator/staff/{user.id}"
    data = {"display_name": "Neue Patin", "role": "mentor", "location_id": str(centre.west.id), "password": "", }
    as_coordinator.post(edit, data, token_from=edit)  # "active" unticked: switched off
    assert db.session.get(User, user.id).active is False
    assert Kiosk(app.test_client()).sign_in_staff("neu", "sicher-genug").status_code == 401


@pytest.mark.parametrize("language, too_long", [
    ("de", "Bitte höchstens 80 Zeichen eingeben."),
    ("ar", "يرجى كتابة 80 حرفًا على الأكثر."),  # 11 to 99 take the singular with -an
    ("ru", "Введите не более 80 символов."),
])
def test_staff_form_explains_lengths_in_the_chosen_language(as_coordinator, centre, language, too_long):
    as_coordinator.post("/language", {"language": language}, token_from="/coordinator/staff/new")
    data = {"username": "neu", "display_name": "x" * 81, "role": "mentor", "location_id": str(centre.west.id),
            "password": "kurz", "active": "y"}
    response = as_coordinator.post("/coordinator/staff/new", data, token_from="/coordinator/staff/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and too_long in page
    assert page.count('class="field-error"') == 2 and "Field" not in page  # the short password too, translated



def test_a_password_of_only_spaces_is_explained_not_a_server_error(as_coordinator, centre):
    """Optional() took a password of spaces for an empty field, so no rule checked it: the new
    account's page said the username was taken, and the edit page failed with a 500."""
    data = {"username": "neu", "display_name": "Neue Patin", "role": "mentor", "location_id": str(centre.west.id),
            "password": "   ", "active": "y"}
    response = as_coordinator.post("/coordinator/staff/new", data, token_from="/coordinator/staff/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and page.count('class="field-error"') == 1 and "8 und 200 Zeichen" in page
    assert "Diesen Benutzernamen gibt es schon." not in page and 'value="Neue Patin"' in page
    edit = f"/coordinator/staff/{centre.mentor_west.id}"
    response = as_coordinator.post(edit, {**data, "display_name": "Maria B"}, token_from=edit)
    assert response.status_code == 422 and "8 und 200 Zeichen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, centre.mentor_west.id).display_name == "Maria"
    assert Kiosk(as_coordinator.client.application.test_client()).sign_in_staff("maria", "geheim123").status_code == 302

def test_a_forged_choice_of_sign_in_languages_is_explained(as_coordinator):
    as_coordinator.post("/language", {"language": "fa"}, token_from="/coordinator/settings")
    response = as_coordinator.post("/coordinator/settings", {"signin_languages": ["de", "xx"]}, token_from="/coordinator/settings")
    assert "«xx» را اینجا نمی‌توان انتخاب کرد." in response.get_data(as_text=True)


def test_an_account_with_a_username_the_form_would_refuse_can_be_edited(as_coordinator, centre):
    # made with `flask users create-staff` before it applied the form's rule
    member = User(role="mentor", username="anna@stadt.de", display_name="Anna M", password_hash="x",
                  location_id=centre.west.id)
    db.session.add(member)
    db.session.commit()
    edit = f"/coordinator/staff/{member.id}"
    data = {"display_name": "Anna Müller", "role": "mentor", "location_id": str(centre.west.id), "password": "", "active": "y"}
    assert as_coordinator.post(edit, data, token_from=edit).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).display_name == "Anna Müller"
    assert db.session.get(User, member.id).username == "anna@stadt.de"


def test_a_username_the_form_refuses_is_refused_by_the_service_too(centre):
    with pytest.raises(accounts.AccountError, match="letters"):
        accounts.create_staff("anna@stadt.de", "geheim123", Role.MENTOR)
    with pytest.raises(accounts.AccountError):
        accounts.create_staff("a" * 81, "geheim123", Role.MENTOR)
    assert accounts.create_staff(" Anna.Mueller_2-b ", "geheim123", Role.MENTOR).username == "anna.mueller_2-b"


def test_coordinator_cannot_switch_off_their_own_account(as_coordinator, centre):
    edit = f"/coordinator/staff/{centre.coordinator.id}"
    response = as_coordinator.post(edit, {"display_name": "Kora", "role": "mentor", "location_id": ""}, token_from=edit)
    assert response.status_code == 422
    assert db.session.get(User, centre.coordinator.id).is_coordinator


def test_duplicate_username_is_refused_kindly(as_coordinator):
    data = {"username": "maria", "display_name": "X", "role": "mentor", "location_id": "", "password": "sicher-genug"}
    response = as_coordinator.post("/coordinator/staff/new", data, token_from="/coordinator/staff/new")
    assert response.status_code == 422 and "field-error" in response.get_data(as_text=True)


def test_locations_are_added_and_renamed(as_coordinator, centre):
    as_coordinator.post("/coordinator/locations", {"name": "Holtenser Berg", "address": ""}, token_from="/coordinator/locations")
    assert "Holtenser Berg" in as_coordinator.client.get("/coordinator/locations").get_data(as_text=True)
    as_coordinator.post(f"/coordinator/locations/{centre.west.id}", {"name": "Weststadt neu"}, token_from="/coordinator/locations")
    assert "Weststadt neu" in as_coordinator.client.get("/coordinator/locations").get_data(as_text=True)


def test_a_location_name_is_used_only_once(as_coordinator, centre):
    from netzlernen.models import Location
    response = as_coordinator.post("/coordinator/locations", {"name": " lernzentrum grone ", "address": ""},
                                   token_from="/coordinator/locations")
    assert response.status_code == 422 and "Diesen Standort gibt es schon." in response.get_data(as_text=True)
    assert count(Location) == 2
    rename = f"/coordinator/locations/{centre.west.id}"
    response = as_coordinator.post(rename, {"name": "Lernzentrum Grone", "address": "Am Weg 1"}, token_from="/coordinator/locations")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Diesen Standort gibt es schon." in page
    assert f'aria-describedby="name-{centre.west.id}-error"' in page and 'value="Am Weg 1"' in page
    response = as_coordinator.post(rename, {"name": "  "}, token_from="/coordinator/locations")
    assert response.status_code == 422 and 'class="field-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Location, centre.west.id).name == "Lernzentrum Weststadt"
    # a location keeps its own name, with another case if wanted
    response = as_coordinator.post(rename, {"name": "Lernzentrum WESTSTADT"}, token_from="/coordinator/locations")
    assert response.status_code == 302


def settings_data(**changes):
    data = {"centre_name": "Lernzentrum Test", "app_address": "http://lernen.example", "idle_timeout": "5",
            "signin_languages": ["de", "ar", "uk"], "activation_target": "1600", "funding_start": "2026-01-01",
            "funding_end": "2028-12-31", "retention_months": "24"}
    data.update(changes)
    return data


def test_settings_change_the_idle_time_out_cards_and_sign_in_languages(as_coordinator, as_anna, app):
    response = as_coordinator.post("/coordinator/settings", settings_data(), token_from="/coordinator/settings")
    assert response.status_code == 302
    assert 'data-idle-timeout="300"' in as_anna.client.get("/").get_data(as_text=True)
    signin = app.test_client().get("/signin").get_data(as_text=True)
    assert "Українська" in signin and "Türkçe" not in signin
    card = as_coordinator.client.get("/mentor/cards").get_data(as_text=True)
    assert "http://lernen.example" in card and "Lernzentrum Test" in card


def test_sign_in_language_names_in_the_settings_are_marked_with_their_language_and_direction(as_coordinator):
    page = as_coordinator.client.get("/coordinator/settings").get_data(as_text=True)
    labels = dict((name, tag) for tag, name in re.findall(
        r'<label for="signin_languages-\d+">(<span [^>]*>)([^<]*)</span></label>', page))
    assert len(labels) == 7
    for name, lang, direction in (("العربية", "ar", "rtl"), ("فارسی", "fa", "rtl"), ("Deutsch", "de", "ltr")):
        assert f'lang="{lang}"' in labels[name] and f'dir="{direction}"' in labels[name]


def test_settings_refuse_nonsense(as_coordinator):
    response = as_coordinator.post("/coordinator/settings", settings_data(signin_languages=["ar"], idle_timeout="0",
                                                                           funding_end="2020-01-01"),
                                   token_from="/coordinator/settings")
    assert response.status_code == 422
    assert response.get_data(as_text=True).count('class="field-error"') >= 3



def test_settings_say_what_is_wrong_with_a_number_or_date_and_keep_what_was_typed(as_coordinator):
    """Not "This field is required." for a number or a date that was typed but not understood."""
    response = as_coordinator.post("/coordinator/settings", settings_data(idle_timeout="zehn", funding_start="31.12.2026",
                                                                           retention_months=""),
                                   token_from="/coordinator/settings")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = re.findall(r'<p class="field-error">([^<]*)</p>', page)
    assert errors == ["Bitte geben Sie eine Zahl ein.", "Bitte geben Sie das Datum ein.", "Bitte geben Sie eine Zahl ein."]
    assert 'value="zehn"' in page and 'value="31.12.2026"' in page


@pytest.mark.parametrize("start, end", [("0026-01-01", "2026-12-31"), ("2026-01-01", "9999-12-31")])
def test_a_funding_period_the_report_cannot_show_is_refused(as_coordinator, start, end):
    """A mistyped year (0026) was saved, and from then on every funder report failed with a 500."""
    response = as_coordinator.post("/coordinator/settings", settings_data(funding_start=start, funding_end=end),
                                   token_from="/coordinator/settings")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Bitte ein Datum von 2000 bis 2099 eingeben." in page
    assert f'value="{start}"' in page and f'value="{end}"' in page
    assert as_coordinator.client.get("/coordinator/report?start=2026-01-01&end=2026-02-01").status_code == 200
    assert as_coordinator.client.get("/coordinator/report").status_code == 200

def test_consent_is_required_and_recorded_with_its_version(as_mentor, as_coordinator, centre):
    page = as_mentor.client.get("/mentor/learners/new").get_data(as_text=True)
    assert "NetzLernen speichert" in page
    data = {"display_name": "Mira", "language": "de", "location_id": str(centre.west.id), "main_mentor_id": ""}
    assert as_mentor.post("/mentor/learners/new", data, token_from="/mentor/learners/new").status_code == 422
    assert count(User, User.display_name == "Mira") == 0
    as_mentor.post("/mentor/learners/new", {**data, "consent": "y"}, token_from="/mentor/learners/new")
    first = db.session.scalar(select(ConsentRecord))
    as_coordinator.post("/coordinator/consent", {"text": "Neuer Text über Ihre Daten, kurz und klar."}, token_from="/coordinator/consent")
    assert count(ConsentText) == 2
    as_mentor.post("/mentor/learners/new", {**data, "display_name": "Nora", "consent": "y"}, token_from="/mentor/learners/new")
    records = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
    assert records[0].consent_text_id == first.consent_text_id != records[1].consent_text_id
    assert records[1].recorded_by_id == centre.mentor_west.id


def complete_test_course(kiosk):
    token = kiosk.token("/courses/test-kurs/erste-schritte")
    kiosk.client.post("/courses/test-kurs/erste-schritte/quiz", data={"csrf_token": token, "q0": "1", "q1": ["0", "1"]})
    kiosk.client.get("/courses/test-kurs/lesen")
    kiosk.post("/courses/test-kurs/lesen/done", token_from="/courses/test-kurs/lesen")
    token = kiosk.token("/courses/test-kurs/ohne-englisch")
    kiosk.client.post("/courses/test-kurs/ohne-englisch/quiz", data={"csrf_token": token, "q0": "0"})


def test_report_counts_what_happened_and_hides_small_groups(as_anna, as_coordinator, centre):
    complete_test_course(as_anna)
    kinds = dict(db.session.execute(select(StatEvent.kind, func.count()).group_by(StatEvent.kind)).all())
    assert kinds == {"registered": 2, "activated": 1, "lesson_completed": 3, "course_completed": 1, "qualified": 1}
    today = date.today()
    page = as_coordinator.client.get(f"/coordinator/report?start={today.replace(day=1)}&end={today}").get_data(as_text=True)
    assert "&lt; 5" in page and "<svg" in page and "Anna" not in page and "Bora" not in page
    for _ in range(5):  # five more registrations this month: now the count shows
        db.session.add(StatEvent(kind="registered", location_id=centre.west.id))
    db.session.commit()
    page = as_coordinator.client.get(f"/coordinator/report?start={today.replace(day=1)}&end={today}").get_data(as_text=True)
    assert "<td>7</td>" in page
    west = as_coordinator.client.get(f"/coordinator/report?start={today.replace(day=1)}&end={today}&location={centre.west.id}").get_data(as_text=True)
    assert "<td>6</td>" in west  # Bora registered at the other location


def test_report_csv_is_for_german_excel(as_coordinator, centre):
    response = as_coordinator.client.get("/coordinator/report.csv?start=2026-01-01&end=2026-03-31")
    body = response.get_data()
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    assert body.startswith("\ufeff".encode("utf-8"))
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Monat;Registriert;")
    assert lines[1].startswith("2026-01;") and lines[-1].startswith("Gesamt;")
    assert len(lines) == 5


def add_events(kind, location_id, at, number):
    db.session.add_all([StatEvent(kind=kind, location_id=location_id, occurred_at=at) for _ in range(number)])
    db.session.commit()


def csv_rows(kiosk, start, end) -> dict[str, list[str]]:
    body = kiosk.client.get(f"/coordinator/report.csv?start={start}&end={end}").get_data().decode("utf-8-sig")
    return {line.split(";")[0]: line.split(";")[1:] for line in body.splitlines()[1:]}


def test_report_numbers_are_written_as_in_the_language_but_the_csv_keeps_plain_digits(as_coordinator, centre):
    as_coordinator.post("/coordinator/settings", settings_data(activation_target="1600"), token_from="/coordinator/settings")
    add_events("registered", centre.west.id, datetime(2026, 2, 10, 12, tzinfo=timezone.utc), 1234)
    period = "start=2026-01-01&end=2026-03-31"
    page = as_coordinator.client.get(f"/coordinator/report?{period}").get_data(as_text=True)
    assert "<td>1.234</td>" in page and "von 1.600 Menschen" in page and 'font-size="10">1.234</text>' in page
    assert "<td>1.234</td>" in as_coordinator.client.get(f"/coordinator/report/print?{period}").get_data(as_text=True)
    as_coordinator.post("/language", {"language": "en", "next": "/coordinator/"}, token_from="/coordinator/")
    assert "<td>1,234</td>" in as_coordinator.client.get(f"/coordinator/report?{period}").get_data(as_text=True)
    assert csv_rows(as_coordinator, "2026-01-01", "2026-03-31")["2026-02"][0] == "1234"


def test_report_counts_days_and_months_of_goettingen_not_utc(as_coordinator, centre):
    db.session.execute(StatEvent.__table__.delete())
    # 00:30 on 1 March in Göttingen is still 28 February in UTC; 00:30 on 1 January 2026 is 2025 in UTC.
    add_events("registered", centre.west.id, datetime(2026, 2, 28, 23, 30, tzinfo=timezone.utc), 6)
    add_events("checkin", centre.west.id, datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc), 7)
    march = csv_rows(as_coordinator, "2026-03-01", "2026-03-31")
    assert march["2026-03"][0] == "6" and march["Gesamt"][0] == "6"
    february_march = csv_rows(as_coordinator, "2026-02-01", "2026-03-31")
    assert february_march["2026-02"][0] == "0" and february_march["2026-03"][0] == "6"
    january = csv_rows(as_coordinator, "2026-01-01", "2026-01-31")
    assert january["2026-01"][5] == "7" and january["Gesamt"][5] == "7"
    assert csv_rows(as_coordinator, "2025-12-01", "2025-12-31")["Gesamt"][5] == "0"


@pytest.mark.parametrize("september, october, november, total", [
    (2, 10, 0, "–"),  # one hidden month: the total would give it away
    (1, 1, 10, "–"),  # two hidden months, but only one way to make 2 of them
    (4, 4, 10, "–"),  # only one way to make 8
    (2, 3, 10, "15"),  # 1 + 4, 2 + 3, 3 + 2 or 4 + 1: no single month follows
    (0, 10, 7, "17"),
])
def test_report_total_does_not_give_away_a_small_group(as_coordinator, centre, september, october, november, total):
    db.session.execute(StatEvent.__table__.delete())
    for month, number in ((9, september), (10, october), (11, november)):
        add_events("registered", centre.west.id, datetime(2026, month, 10, 10, tzinfo=timezone.utc), number)
    rows = csv_rows(as_coordinator, "2026-09-01", "2026-11-30")
    assert rows["Gesamt"][0] == total
    page = as_coordinator.client.get("/coordinator/report?start=2026-09-01&end=2026-11-30").get_data(as_text=True)
    assert f'<tr class="total"><th scope="row">Gesamt</th><td>{total}</td>' in page


def test_the_target_figure_does_not_give_away_a_hidden_total(as_coordinator, centre):
    from netzlernen import settings

    settings.save({"funding_start": "2026-01-01", "funding_end": "2026-02-28"})
    db.session.commit()
    db.session.execute(StatEvent.__table__.delete())
    add_events("activated", centre.west.id, datetime(2026, 1, 10, 10, tzinfo=timezone.utc), 3)
    add_events("activated", centre.west.id, datetime(2026, 2, 10, 10, tzinfo=timezone.utc), 10)
    page = as_coordinator.client.get("/coordinator/report?start=2026-01-01&end=2026-02-28").get_data(as_text=True)
    target = page.split('id="target-title"')[1].split("</section>")[0]
    assert "13" not in target and "–" in target and "<progress" not in target
    add_events("activated", centre.west.id, datetime(2026, 1, 12, 10, tzinfo=timezone.utc), 2)  # January: 5, shown
    page = as_coordinator.client.get("/coordinator/report?start=2026-01-01&end=2026-02-28").get_data(as_text=True)
    target = page.split('id="target-title"')[1].split("</section>")[0]
    assert ": 15 von" in target and "<progress" in target

def test_report_ends_today_in_goettingen(as_coordinator, monkeypatch):
    from netzlernen import i18n
    monkeypatch.setattr(i18n, "utcnow", lambda: datetime(2026, 3, 31, 22, 30, tzinfo=timezone.utc))
    page = as_coordinator.client.get("/coordinator/report").get_data(as_text=True)
    assert 'name="end" type="date" value="2026-04-01"' in page


def test_report_print_view_and_bad_period(as_coordinator):
    assert as_coordinator.client.get("/coordinator/report/print").status_code == 200
    for path in ("/coordinator/report", "/coordinator/report/print", "/coordinator/report.csv"):
        response = as_coordinator.client.get(f"{path}?start=2026-05-01&end=2026-01-01")
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and "Das Ende liegt vor dem Anfang." in page
        assert 'name="start" type="date" value="2026-05-01"' in page and 'aria-invalid="true"' in page
    page = as_coordinator.client.get("/coordinator/report?start=gestern").get_data(as_text=True)
    assert "Bitte geben Sie das Datum ein." in page
    for period in ("start=0001-01-01&end=0001-01-31", "start=9999-12-01&end=9999-12-30"):
        for path in ("/coordinator/report", "/coordinator/report.csv"):
            response = as_coordinator.client.get(f"{path}?{period}")
            assert response.status_code == 422 and "Bitte ein Datum von 2000 bis 2099 eingeben." in response.get_data(as_text=True)
    response = as_coordinator.client.get("/coordinator/report?start=2000-01-01&end=2026-01-01")
    assert response.status_code == 422 and 'class="field-error"' in response.get_data(as_text=True)
    assert as_coordinator.client.get("/coordinator/report?start=&end=").status_code == 200  # the defaults


def test_export_shows_everything_about_the_learner(as_anna, as_mentor, as_coordinator, centre):
    anna = centre.learner_a
    complete_test_course(as_anna)
    as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", {"met_on": date.today().isoformat(), "duration_minutes": "20",
                   "mode": "phone", "confidence": "2", "private_notes": "Hat Angst vor Fehlern", "next_steps": "Üben"},
                   token_from=f"/mentor/learners/{anna.id}/checkins/new")
    data = json.loads(as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json").get_data(as_text=True))
    assert data["person"]["display_name"] == "Anna" and data["person"]["pin"].startswith("stored only")
    assert len(data["lessons"]) == 3 and len(data["quiz_attempts"]) == 2
    assert data["check_ins"][0]["private_notes"] == "Hat Angst vor Fehlern"
    assert {e["action"] for e in data["audit_log"]} >= {"create", "checkin_create"} - {"create"}
    page = as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export").get_data(as_text=True)
    assert "Hat Angst vor Fehlern" in page and "Erste Schritte" in page
    assert count(AuditEntry, AuditEntry.action == "export") == 2


def test_export_has_settings_sign_ins_and_who_did_what(as_anna, as_mentor, as_coordinator, centre):
    anna = centre.learner_a
    consent.record(anna, centre.mentor_west)
    db.session.add_all([
        PracticeResult(user_id=anna.id, course_id="test-kurs", lesson_slug="lesen", practice_index=2,
                       practice_type="click", attempts=1, seconds=9),
        Certificate(code="ABCD2345EFGH", learner_id=anna.id, course_id="test-kurs", course_title="Test",
                    completed_on=utcnow(), centre_name="Lernzentrum", language="tr"),
    ])
    db.session.commit()
    as_anna.post("/settings", {"text_size": "2", "high_contrast": "y"}, token_from="/settings")
    as_anna.post("/help", {}, token_from="/")
    help_id = db.session.scalar(select(HelpRequest.id))
    as_mentor.post(f"/mentor/help-requests/{help_id}/take", token_from="/mentor/")
    as_mentor.post(f"/mentor/learners/{anna.id}/plan", {"course_id": "test-kurs"}, token_from=f"/mentor/learners/{anna.id}")
    new_check_in = f"/mentor/learners/{anna.id}/checkins/new"
    as_mentor.post(new_check_in, {"met_on": date.today().isoformat(), "duration_minutes": "20", "mode": "phone",
                                  "confidence": "2", "next_steps": "Üben"}, token_from=new_check_in)
    edit = f"/mentor/checkins/{db.session.scalar(select(CheckIn.id))}/edit"
    as_coordinator.post(edit, {"met_on": date.today().isoformat(), "duration_minutes": "25", "mode": "phone",
                               "confidence": "3", "next_steps": "Mehr üben"}, token_from=edit)

    data = json.loads(as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json").get_data(as_text=True))
    assert data["person"]["signin_method"] == "pin" and data["person"]["name_pictures"] == []
    assert data["display_settings"] == {"text_size": 2, "high_contrast": True, "reduced_motion": False, "side_by_side": False}
    assert len(data["signed_in"]) == 1 and set(data["signed_in"][0]) == {"created_at", "last_seen_at"}  # no token
    assert data["consent"][0]["recorded_by"] == "Maria"
    assert data["check_ins"][0]["written_by"] == "Maria"
    assert [v["changed_by"] for v in data["check_ins"][0]["earlier_versions"]] == ["Kora"]
    assert data["learning_plan"][0]["assigned_by"] == "Maria"
    assert data["help_requests"][0]["taken_by"] == "Maria"
    assert data["practice"][0]["practice_index"] == 2
    assert data["certificates"][0]["language"] == "tr" and data["certificates"][0]["created_at"]


def test_export_page_says_in_words_what_the_json_keeps_as_codes(as_mentor, as_coordinator, centre):
    anna = centre.learner_a
    late = datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)  # 00:30 on 2 March in Göttingen
    db.session.add(LessonProgress(user_id=anna.id, course_id="test-kurs", lesson_slug="lesen", status="started",
                                  started_at=late, last_visited_at=late))
    db.session.get(User, anna.id).picture_code = "0-1"
    db.session.commit()
    new_check_in = f"/mentor/learners/{anna.id}/checkins/new"
    as_mentor.post(new_check_in, {"met_on": "2026-11-20", "duration_minutes": "30", "mode": "in_person",
                                  "confidence": "4", "next_steps": "Üben"}, token_from=new_check_in)
    page = as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export").get_data(as_text=True)
    main = page.split("<main", 1)[1]
    assert '<h2 id="section-check_ins">Gespräche</h2>' in main
    assert "<dt>Wie haben Sie sich getroffen?</dt><dd><span class=\"pre-line\" dir=\"auto\">vor Ort</span>" in main
    assert "<dt>Konto ist eingeschaltet</dt><dd><span class=\"pre-line\" dir=\"auto\">Ja</span>" in main
    assert "<dt>Angefangen</dt><dd><span class=\"pre-line\" dir=\"auto\">02.03.26, 00:30</span>" in main
    assert "<dt>Datum</dt><dd><span class=\"pre-line\" dir=\"auto\">20.11.2026</span>" in main
    assert "Gespräch eingetragen" in main and "Deutsch" in main and "Sonne" in main and "Mond" in main
    text = re.sub(r"<[^>]+>", " ", main)
    for code in ("display_name", "check_ins", "in_person", "True", "False", "checkin_create", "+00:00", "one-way hash",
                 "sun"):
        assert not re.search(rf"(?<!\w){re.escape(code)}(?!\w)", text), code
    data = json.loads(as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json").get_data(as_text=True))
    assert data["check_ins"][0]["mode"] == "in_person" and data["person"]["active"] is True
    assert data["lessons"][0]["started_at"] == "2026-03-01T23:30:00+00:00" and data["check_ins"][0]["met_on"] == "2026-11-20"
    assert data["person"]["pin"] == "stored only as a one-way hash"
    assert data["audit_log"][0]["action"] == "checkin_create"


def test_export_page_marks_german_course_titles_for_an_arabic_coordinator(as_anna, as_mentor, as_coordinator, centre):
    from tests.test_certificates import make_certificate, set_certificate_name

    complete_test_course(as_anna)
    set_certificate_name(as_mentor, centre.learner_a)
    make_certificate(as_anna)
    centre.coordinator.language = "ar"
    db.session.commit()
    page = as_coordinator.client.get(f"/coordinator/learners/{centre.learner_a.id}/export").get_data(as_text=True)
    german = '<span class="pre-line" dir="auto"><span lang="de" dir="ltr">Testkurs</span></span>'
    assert page.count(german) >= 4  # three lessons and the certificate



def test_export_page_shows_earlier_versions_and_audit_details_in_words(as_mentor, as_coordinator, centre):
    """A check-in's earlier version keeps its dates as text: the page showed "2026-12-01T09:00:00+00:00"
    (UTC, an hour off in Göttingen) where the current version says 01.12.26, 10:00."""
    anna = centre.learner_a
    new_check_in = f"/mentor/learners/{anna.id}/checkins/new"
    as_mentor.post(new_check_in, {"met_on": "2026-11-20", "duration_minutes": "30", "mode": "phone", "confidence": "4",
                                  "next_appointment": "2026-12-01T10:00"}, token_from=new_check_in)
    edit = f"/mentor/checkins/{db.session.scalar(select(CheckIn.id))}/edit"
    as_coordinator.post(edit, {"met_on": "2026-11-20", "duration_minutes": "45", "mode": "phone", "confidence": "4",
                               "next_appointment": "2026-12-01T10:00"}, token_from=edit)
    as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json")
    page = as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export").get_data(as_text=True)
    earlier = page.split("Frühere Fassungen", 1)[1].split("</ol>", 1)[0]
    assert "20.11.2026" in earlier and "01.12.26, 10:00" in earlier and "2026-" not in earlier
    audit_log = page.split('id="section-audit_log"', 1)[1]
    assert "Als JSON herunterladen (Art. 20)" in audit_log and ">json<" not in audit_log
    data = json.loads(as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json").get_data(as_text=True))
    previous = data["check_ins"][0]["earlier_versions"][0]["previous"]
    assert previous["met_on"] == "2026-11-20" and previous["next_appointment"] == "2026-12-01T09:00:00+00:00"


def test_export_page_names_courses_by_their_titles(as_anna, as_mentor, as_coordinator, centre):
    """The learner reads her copy: "Testkurs", as on every other page, not the folder name "test-kurs"."""
    anna = centre.learner_a
    as_anna.client.get("/courses/test-kurs/lesen")
    as_mentor.post(f"/mentor/learners/{anna.id}/plan", {"course_id": "test-kurs"}, token_from=f"/mentor/learners/{anna.id}")
    new_check_in = f"/mentor/learners/{anna.id}/checkins/new"
    as_mentor.post(new_check_in, {"met_on": "2026-11-20", "duration_minutes": "30", "mode": "phone", "confidence": "4",
                                  "courses": "test-kurs"}, token_from=new_check_in)
    page = as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export").get_data(as_text=True)
    main = page.split("<main", 1)[1]
    assert "test-kurs" not in main and main.count("Testkurs") >= 4  # lessons, check-in, plan, audit log
    data = json.loads(as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json").get_data(as_text=True))
    assert data["learning_plan"][0]["course_id"] == "test-kurs"


def test_export_page_names_lessons_by_their_titles_and_shows_empty_details_as_a_dash(as_anna, as_coordinator, centre):
    anna = centre.learner_a
    as_anna.client.get("/courses/test-kurs/lesen")
    page = as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export").get_data(as_text=True)
    lessons = page.split('id="section-lessons"', 1)[1].split("</section>", 1)[0]
    assert "Nur lesen" in lessons and ">lesen<" not in lessons
    audit_log = page.split('id="section-audit_log"', 1)[1].split("</section>", 1)[0]
    assert "<dd></dd>" not in audit_log.replace("\n", "")  # a "view" entry has no detail: shown as –
    data = json.loads(as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json").get_data(as_text=True))
    assert data["lessons"][0]["lesson_slug"] == "lesen"  # the JSON keeps the codes


def test_erase_removes_the_person_but_keeps_anonymous_counts(as_anna, as_coordinator, app, centre):
    anna_id = centre.learner_a.id
    complete_test_course(as_anna)
    db.session.add(CheckIn(learner_id=anna_id, author_id=centre.mentor_west.id, met_on=date.today(), duration_minutes=5,
                           mode="phone", confidence=3, updated_at=utcnow()))
    db.session.commit()
    events_before = count(StatEvent)
    db.session.expunge_all()
    erase = f"/coordinator/learners/{anna_id}/erase"
    assert as_coordinator.post(erase, {"confirm": "FALSCH"}, token_from=erase).status_code == 422
    assert db.session.get(User, anna_id) is not None
    assert as_coordinator.post(erase, {"confirm": "anna11"}, token_from=erase).status_code == 302
    db.session.expunge_all()
    assert db.session.get(User, anna_id) is None
    for model, column in ((LessonProgress, LessonProgress.user_id), (QuizAttempt, QuizAttempt.user_id),
                          (CheckIn, CheckIn.learner_id), (ConsentRecord, ConsentRecord.learner_id)):
        assert count(model, column == anna_id) == 0, model
    assert count(QuizAnswer) == 0
    assert count(StatEvent) == events_before
    assert count(AuditEntry, AuditEntry.action == "erase", AuditEntry.learner_id == anna_id) == 1
    assert as_anna.client.get("/").status_code == 302  # her session ended with her
    assert Kiosk(app.test_client()).sign_in("ANNA11", "1111").status_code == 401



def test_an_erased_name_is_left_neither_in_the_database_file_nor_in_its_write_ahead_log(as_coordinator, centre,
                                                                                         database_file):
    from netzlernen.auth import services as accounts

    learner, _ = accounts.create_learner("Zebrageheimname", pin="1234", code="ZEBR23", location_id=centre.west.id)
    db.session.commit()
    erase = f"/coordinator/learners/{learner.id}/erase"
    assert as_coordinator.post(erase, {"confirm": "ZEBR23"}, token_from=erase).status_code == 302
    for file in (database_file, database_file.with_name(database_file.name + "-wal")):
        assert not file.exists() or b"Zebrageheimname" not in file.read_bytes(), file.name


def test_the_erase_page_says_what_stays(as_coordinator, centre):
    """What the coordinator tells the person: certificates stay checkable without the name, the
    audit log keeps its entries by number. The page said everything goes."""
    page = as_coordinator.client.get(f"/coordinator/learners/{centre.learner_a.id}/erase").get_data(as_text=True)
    assert "Bescheinigungen kann man weiter mit ihrem Code prüfen, aber ohne Namen." in page
    assert "Das Protokoll behält seine Einträge unter der Nummer der Person." in page

def test_a_new_learner_never_gets_the_id_of_an_erased_one(as_coordinator, centre):
    """The audit log keeps an erased learner's entries by number: a new learner with that number
    would get them in their export and under the audit log's filter."""
    bora_id = centre.learner_b.id
    assert bora_id == db.session.scalar(select(func.max(User.id)))
    as_coordinator.client.get(f"/coordinator/learners/{bora_id}/export")
    erase = f"/coordinator/learners/{bora_id}/erase"
    assert as_coordinator.post(erase, {"confirm": "BORA22"}, token_from=erase).status_code == 302
    newcomer, _ = accounts.create_learner("Nele", pin="3333", code="NELE33", location_id=centre.grone.id)
    db.session.commit()
    assert newcomer.id != bora_id
    data = json.loads(as_coordinator.client.get(f"/coordinator/learners/{newcomer.id}/export.json").get_data(as_text=True))
    assert data["audit_log"] == []
    audit_page = as_coordinator.client.get(f"/coordinator/audit?learner={newcomer.id}").get_data(as_text=True)
    assert "<td>erase</td>" not in audit_page and "<td>page</td>" not in audit_page  # Bora: export page, erase


@sqlite_only
def test_erasure_is_complete_on_a_sqlite_connection_without_foreign_keys(tmp_path, database_url, make_app, monkeypatch):
    """Erasing does not rely on ON DELETE CASCADE: SQLite enforces foreign keys only where the
    connection switched them on (a copy opened with another tool, a restored backup, …)."""
    import netzlernen
    from netzlernen.coordinator.services import erase_learner

    with_foreign_keys = netzlernen._sqlite_pragmas

    def without_foreign_keys(dbapi_connection, connection_record):
        with_foreign_keys(dbapi_connection, connection_record)
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    monkeypatch.setattr(netzlernen, "_sqlite_pragmas", without_foreign_keys)
    app = make_app(base_config(tmp_path, database_url))
    with app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 0
        mentor = accounts.create_staff("maria", "geheim123", Role.MENTOR, "Maria")
        anna, _ = accounts.create_learner("Anna", pin="1111", code="ANNA11", main_mentor_id=mentor.id)
        consent.record(anna, mentor)
        accounts.start_session(anna)
        accounts.keep_fresh_secret(anna, mentor, accounts.reset_pin(anna))
        now = utcnow()
        attempt = QuizAttempt(user_id=anna.id, course_id="test-kurs", lesson_slug="lesen", language="de",
                              score=1, total=1, passed=True, answers=[QuizAnswer(question_index=0, chosen="0", correct=True)])
        check_in = CheckIn(learner_id=anna.id, author_id=mentor.id, met_on=date.today(), duration_minutes=5,
                           mode="phone", confidence=3, updated_at=now)
        db.session.add_all([attempt, check_in,
                            LessonProgress(user_id=anna.id, course_id="test-kurs", lesson_slug="lesen", last_visited_at=now),
                            PracticeResult(user_id=anna.id, course_id="test-kurs", lesson_slug="lesen", practice_index=0,
                                           practice_type="click", attempts=1, seconds=3),
                            PlanItem(learner_id=anna.id, course_id="test-kurs", position=0),
                            HelpRequest(learner_id=anna.id)])
        db.session.flush()
        db.session.add(CheckInRevision(check_in_id=check_in.id, editor_id=mentor.id, previous={}))
        db.session.commit()

        erase_learner(anna)
        db.session.commit()
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []  # no row points at a deleted one
        assert db.session.scalar(select(func.count()).select_from(User).where(User.role == "learner")) == 0


def test_retention_lists_long_inactive_learners_and_the_command_erases_them(as_coordinator, runner, centre):
    bora = db.session.get(User, centre.learner_b.id)
    bora.last_active_at = utcnow() - timedelta(days=800)
    db.session.get(User, centre.learner_a.id).last_active_at = utcnow()
    db.session.commit()
    page = as_coordinator.client.get("/coordinator/retention").get_data(as_text=True)
    assert "Bora" in page and "Anna" not in page
    dry = runner.invoke(args=["learners", "retention", "--dry-run"])
    assert "would erase learner" in dry.output and db.session.get(User, centre.learner_b.id) is not None
    real = runner.invoke(args=["learners", "retention"])
    assert real.exit_code == 0 and "1 learners" in real.output
    db.session.expire_all()
    assert db.session.get(User, centre.learner_b.id) is None
    assert db.session.get(User, centre.learner_a.id) is not None



def test_retention_counts_recent_check_ins_and_help_calls_as_activity(as_coordinator, runner, centre):
    """A learner who meets a mentor but has not signed in for the period is not erased with those check-ins."""
    anna_id, bora_id = centre.learner_a.id, centre.learner_b.id
    long_ago = utcnow() - timedelta(days=800)
    for learner_id in (anna_id, bora_id):
        learner = db.session.get(User, learner_id)
        learner.last_active_at = learner.created_at = long_ago
    db.session.add(CheckIn(learner_id=anna_id, author_id=centre.mentor_west.id, met_on=date.today(), duration_minutes=30,
                           mode="in_person", confidence=4, updated_at=utcnow()))
    db.session.add(HelpRequest(learner_id=bora_id, location_id=centre.west.id, status="closed"))
    db.session.commit()
    page = as_coordinator.client.get("/coordinator/retention").get_data(as_text=True)
    assert "Anna" not in page and "Bora" not in page
    assert runner.invoke(args=["learners", "retention"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(User, anna_id) is not None and db.session.get(User, bora_id) is not None
    assert count(CheckIn, CheckIn.learner_id == anna_id) == 1


def test_the_retention_command_leaves_an_entry_in_the_audit_log(as_coordinator, runner, centre):
    """Erasing on the page is logged; erasing by the scheduled command left no trace of who went, and why."""
    bora_id = centre.learner_b.id
    db.session.get(User, bora_id).last_active_at = utcnow() - timedelta(days=800)
    db.session.get(User, centre.learner_a.id).last_active_at = utcnow()
    db.session.commit()
    runner.invoke(args=["learners", "retention", "--dry-run"])
    assert count(AuditEntry, AuditEntry.action == "erase") == 0
    assert runner.invoke(args=["learners", "retention"]).exit_code == 0
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "erase"))
    assert entry is not None and entry.learner_id == bora_id and entry.actor_id is None
    page = as_coordinator.client.get("/coordinator/audit").get_data(as_text=True)
    assert "<td><bdi>flask learners retention</bdi></td>" in page and "Alle Daten gelöscht" in page

def test_audit_log_records_who_looked_and_cannot_be_edited(as_mentor, as_coordinator, app, centre):
    as_mentor.client.get(f"/mentor/learners/{centre.learner_a.id}")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "view"))
    assert entry.actor_id == centre.mentor_west.id and entry.learner_id == centre.learner_a.id
    page = as_coordinator.client.get("/coordinator/audit").get_data(as_text=True)
    assert "Maria (maria)" in page and "<td>Seite der Person angesehen</td>" in page and "<td>view</td>" not in page
    as_coordinator.client.get(f"/coordinator/learners/{centre.learner_a.id}/export")
    plan = f"/mentor/learners/{centre.learner_a.id}/plan"
    as_mentor.post(plan, {"course_id": "test-kurs"}, token_from=f"/mentor/learners/{centre.learner_a.id}")
    page = as_coordinator.client.get("/coordinator/audit").get_data(as_text=True)
    assert "<td>Auf der Seite gezeigt</td>" in page and "<td>Testkurs</td>" in page
    assert "<td>page</td>" not in page and "<td>test-kurs</td>" not in page
    audit_rules = [r for r in app.url_map.iter_rules() if "audit" in r.rule]
    assert all(r.methods <= {"GET", "HEAD", "OPTIONS"} for r in audit_rules)


def test_export_page_names_the_details_of_the_audit_log_in_words(as_coordinator, centre):
    """"page" and "json" are how the audit log stores which export was made; the page says it in words."""
    anna = centre.learner_a
    as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export.json")
    as_coordinator.post("/language", {"language": "ru", "next": "/coordinator/"}, token_from="/coordinator/")
    as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export")
    main = as_coordinator.client.get(f"/coordinator/learners/{anna.id}/export").get_data(as_text=True).split("<main", 1)[1]
    log = re.sub(r"<[^>]+>", " ", main.split('id="section-audit_log"')[1])
    assert "Показано на странице" in log and "Скачать как JSON (ст. 20)" in log
    assert not re.search(r"(?<!\w)(page|json)(?!\w)", log)


def switch_off(as_coordinator, member: User) -> None:
    edit = f"/coordinator/staff/{member.id}"
    data = {"display_name": member.display_name, "role": member.role, "location_id": str(member.location_id or ""),
            "password": ""}
    assert as_coordinator.post(edit, data, token_from=edit).status_code == 302  # "active" unticked


def test_a_staff_account_is_erased_only_when_switched_off_and_never_ones_own(as_coordinator, centre):
    maria, own = centre.mentor_west, centre.coordinator
    erase = f"/coordinator/staff/{maria.id}/erase"
    assert "Dieses Konto löschen" not in as_coordinator.client.get(f"/coordinator/staff/{maria.id}").get_data(as_text=True)
    page = as_coordinator.client.get(erase).get_data(as_text=True)
    assert "Und nur, wenn es ausgeschaltet ist." in page and 'name="confirm"' not in page
    token = as_coordinator.token(f"/coordinator/staff/{maria.id}")
    assert as_coordinator.client.post(erase, data={"csrf_token": token, "confirm": "maria"}).status_code == 403
    own_erase = f"/coordinator/staff/{own.id}/erase"
    assert as_coordinator.client.post(own_erase, data={"csrf_token": token, "confirm": "koordination"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(User, maria.id) is not None and db.session.get(User, own.id) is not None


def test_an_erased_mentor_is_named_nowhere_and_their_username_is_free_again(as_mentor, as_coordinator, app, centre):
    anna, maria = centre.learner_a, centre.mentor_west
    learner_page = f"/mentor/learners/{anna.id}"
    as_mentor.post(f"{learner_page}/checkins/new", {
        "met_on": date.today().isoformat(), "duration_minutes": "30", "mode": "phone", "confidence": "3",
        "topics": "E-Mail"}, token_from=f"{learner_page}/checkins/new")
    as_mentor.post(f"{learner_page}/plan", {"course_id": "test-kurs"}, token_from=learner_page)
    as_mentor.client.get(learner_page)
    assert "Maria (maria)" in as_coordinator.client.get("/coordinator/audit").get_data(as_text=True)
    switch_off(as_coordinator, maria)
    maria_id = maria.id
    erase = f"/coordinator/staff/{maria_id}/erase"
    assert "Dieses Konto löschen" in as_coordinator.client.get(f"/coordinator/staff/{maria_id}").get_data(as_text=True)
    assert as_coordinator.post(erase, {"confirm": "gerd"}, token_from=erase).status_code == 422
    assert as_coordinator.post(erase, {"confirm": " Maria "}, token_from=erase).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, maria_id) is None
    check_in = db.session.scalar(select(CheckIn).where(CheckIn.learner_id == anna.id))
    assert check_in.topics == "E-Mail" and check_in.author_id is None  # the learner's record stays
    assert count(PlanItem, PlanItem.learner_id == anna.id) == 1
    assert db.session.get(User, anna.id).main_mentor_id is None
    erasure = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "erase_staff"))
    assert erasure.actor_id == centre.coordinator.id and erasure.learner_id is None and "aria" not in erasure.detail
    # The log still tells this person's entries apart from others' (and says which number was erased).
    former = f"ehemaliges Teammitglied Nr. {maria_id}"
    pages = {path: as_coordinator.client.get(path).get_data(as_text=True) for path in (
        learner_page, "/coordinator/audit", f"/coordinator/learners/{anna.id}/export", "/coordinator/staff")}
    for path, page in pages.items():
        assert "Maria" not in page and "maria" not in page, path
    audit_rows = re.findall(r"<tr>.*?</tr>", pages["/coordinator/audit"], re.S)
    assert any("Team-Konto gelöscht" in row and former in row for row in audit_rows)
    assert any(former in row and "Seite der Person angesehen" in row for row in audit_rows)
    assert former in pages[f"/coordinator/learners/{anna.id}/export"]
    export = re.sub(r"<[^>]+>", " ", pages[f"/coordinator/learners/{anna.id}/export"].split('id="section-check_ins"')[1])
    assert "ehemaliges Teammitglied" in export
    assert Kiosk(app.test_client()).sign_in_staff("maria", "geheim123").status_code == 401
    # The username can be given to someone new, who inherits nothing.
    accounts.create_staff("maria", "anders-123", Role.MENTOR, "Maria Neu", location_id=centre.west.id)
    db.session.commit()
    assert Kiosk(app.test_client()).sign_in_staff("maria", "anders-123").status_code == 302
    assert "Maria Neu (maria)" not in as_coordinator.client.get("/coordinator/audit").get_data(as_text=True)


def test_a_call_for_help_a_mentor_took_goes_back_to_the_list_when_she_is_switched_off_and_counts_once(
        as_anna, as_mentor, as_coordinator, centre):
    as_anna.post("/help", {}, token_from="/")
    call = db.session.scalar(select(HelpRequest))
    as_mentor.post(f"/mentor/help-requests/{call.id}/take", {}, token_from="/mentor/")
    maria_id = centre.mentor_west.id
    switch_off(as_coordinator, centre.mentor_west)
    db.session.expire_all()
    call = db.session.get(HelpRequest, call.id)
    assert (call.status, call.taken_by_id) == ("open", None)  # nobody is on the way now
    assert call.taken_at is not None  # it was counted as answered when maria took it
    erase = f"/coordinator/staff/{maria_id}/erase"
    assert as_coordinator.post(erase, {"confirm": "maria"}, token_from=erase).status_code == 302
    as_coordinator.post(f"/mentor/help-requests/{call.id}/close", {}, token_from="/mentor/")
    db.session.expire_all()
    call = db.session.get(HelpRequest, call.id)
    assert call.status == "closed" and call.taken_by_id == centre.coordinator.id
    assert count(StatEvent, StatEvent.kind == "help_answered") == 1


def test_closing_a_call_whose_taker_was_erased_counts_it_once_and_keeps_when_it_was_taken(
        as_anna, as_mentor, as_coordinator, centre):
    as_anna.post("/help", {}, token_from="/")
    call = db.session.scalar(select(HelpRequest))
    as_mentor.post(f"/mentor/help-requests/{call.id}/take", {}, token_from="/mentor/")
    db.session.expire_all()
    taken_at = db.session.get(HelpRequest, call.id).taken_at
    # As a database from before switching off released calls would hold it: taken, its taker gone.
    db.session.execute(update(HelpRequest).where(HelpRequest.id == call.id).values(taken_by_id=None))
    db.session.commit()
    as_coordinator.post(f"/mentor/help-requests/{call.id}/close", {}, token_from="/mentor/")
    db.session.expire_all()
    call = db.session.get(HelpRequest, call.id)
    assert call.status == "closed" and call.taken_at == taken_at
    assert call.taken_by_id is None  # the one who closed it did not take it
    assert count(StatEvent, StatEvent.kind == "help_answered") == 1


def test_the_last_coordinator_can_never_be_erased(centre):
    from netzlernen.coordinator import services

    old = accounts.create_staff("alt", "geheim123", Role.COORDINATOR, "Alte Koordination")
    accounts.set_active(old, False)
    db.session.commit()
    assert services.can_erase_staff(old, by=centre.coordinator)
    accounts.set_active(centre.coordinator, False)  # no other coordinator is left switched on
    assert not services.can_erase_staff(old, by=centre.mentor_west)
