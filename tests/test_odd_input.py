"""Odd numbers in forms, query strings and addresses get a 400, 404 or 409, never a server error:
digits that are not ASCII ("²", "١"), thousands of digits, and numbers beyond the database's."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from netzlernen.extensions import db
from netzlernen.models import QuizAttempt
from netzlernen.models.base import utcnow
from netzlernen.numbers import LARGEST, small_number

LESSON = "/courses/test-kurs/erste-schritte"
ODD_NUMBERS = ["²", "١", "9" * 5000, str(2**63), str(LARGEST + 1), "-1", " 1", ""]


def test_small_number_reads_only_short_ascii_numbers():
    assert small_number("0") == 0 and small_number(str(LARGEST)) == LARGEST
    assert [small_number(value) for value in ODD_NUMBERS] == [None] * len(ODD_NUMBERS)


@pytest.mark.parametrize("pick", ODD_NUMBERS)
def test_picture_sign_in_with_an_odd_picture_is_refused(kiosk, pick):
    response = kiosk.post("/signin/pictures", {"pick": pick}, token_from="/signin/pictures")
    assert response.status_code == 400


@pytest.mark.parametrize("option", ODD_NUMBERS)
def test_quiz_answer_with_an_odd_option_is_refused(signed_in, option):
    data = {"csrf_token": signed_in.token(LESSON), "q0": option, "q1": "0"}
    assert signed_in.client.post(f"{LESSON}/quiz", data=data).status_code == 409  # the quiz again, with a message
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0


@pytest.mark.parametrize("size", ODD_NUMBERS)
def test_upload_check_with_an_odd_size_limit_uses_the_default(signed_in, size):
    response = signed_in.client.post("/practice/upload-check", headers={"X-CSRFToken": signed_in.token(LESSON)},
                                     data={"max_size_mb": size})
    assert response.status_code == 200 and response.get_json()["problem"] == "missing"


@pytest.mark.parametrize("number", ["²", "9" * 5000, str(2**63), str(LARGEST + 1)])
def test_addresses_with_odd_ids_are_not_found(signed_in, as_mentor, as_coordinator, number):
    assert signed_in.client.get(f"{LESSON}/attempts/{number}").status_code == 404
    assert as_mentor.client.get(f"/mentor/learners/{number}").status_code == 404
    assert as_coordinator.client.get(f"/coordinator/learners/{number}/export").status_code == 404


@pytest.mark.parametrize("query", ["location=" + str(2**63), "location=²", "learner=" + str(2**63), "page=" + "9" * 5000])
def test_odd_numbers_in_query_strings_are_ignored(as_mentor, as_coordinator, query):
    assert as_mentor.client.get(f"/mentor/?{query}").status_code == 200
    assert as_mentor.client.get(f"/mentor/cards?{query}").status_code == 200
    for path in ("/coordinator/report", "/coordinator/learners", "/coordinator/audit"):
        assert as_coordinator.client.get(f"{path}?{query}").status_code == 200, path


def test_control_characters_are_dropped_from_typed_text_not_the_whole_entry(as_mentor, centre):
    """A NUL (pasted from a PDF) made PostgreSQL refuse the check-in and it was lost; tab and line breaks stay."""
    from netzlernen.models import CheckIn, User

    anna = centre.learner_a
    new = f"/mentor/learners/{anna.id}/checkins/new"
    data = {"met_on": utcnow().date().isoformat(), "duration_minutes": "30", "mode": "in_person", "confidence": "4",
            "topics": "Bewerbung\x00 geschrieben", "next_steps": "Zeile 1\r\n\tZeile 2\x1b[31m\x7f", "private_notes": "",
            "next_appointment": ""}
    assert as_mentor.post(new, data, token_from=new).status_code == 302
    check_in = db.session.scalar(select(CheckIn))
    assert (check_in.topics, check_in.next_steps) == ("Bewerbung geschrieben", "Zeile 1\r\n\tZeile 2[31m")

    learner = {"display_name": "Mi\x00ra", "language": "de", "location_id": str(centre.west.id), "main_mentor_id": "",
               "real_name": "Mira\x00 Muster", "contact": "", "consent": "y"}
    assert as_mentor.post("/mentor/learners/new", learner, token_from="/mentor/learners/new").status_code == 302
    mira = db.session.scalar(select(User).where(User.display_name == "Mira"))
    assert mira is not None and mira.real_name == "Mira Muster"


def test_the_audit_log_keeps_the_account_of_a_staff_member_with_long_names(app, centre):
    """AuditEntry.actor_name holds 120 characters; PostgreSQL refused longer ones on every learner page."""
    from netzlernen.auth import services as accounts
    from netzlernen.models import AuditEntry, Role
    from tests.conftest import Kiosk

    accounts.create_staff("m" * 80, "geheim123", Role.MENTOR, ("Maximiliane " * 7)[:80],
                          location_id=centre.west.id)
    db.session.commit()
    mentor = Kiosk(app.test_client())
    assert mentor.sign_in_staff("m" * 80, "geheim123").status_code == 302
    assert mentor.client.get(f"/mentor/learners/{centre.learner_a.id}").status_code == 200
    name = db.session.scalar(select(AuditEntry.actor_name).where(AuditEntry.action == "view"))
    assert len(name) <= 120 and name.startswith("Maximiliane") and name.endswith(f"({'m' * 80})")


@pytest.mark.parametrize("location", [str(2**63), str(LARGEST + 1)])
def test_a_learner_form_with_an_odd_location_is_refused_and_keeps_what_was_typed(as_mentor, centre, location):
    from netzlernen.models import User

    learner = {"display_name": "Mira", "language": "de", "location_id": location, "main_mentor_id": "",
               "real_name": "Mira Muster", "contact": "", "consent": "y"}
    response = as_mentor.post("/mentor/learners/new", learner, token_from="/mentor/learners/new")
    assert response.status_code == 422 and 'value="Mira Muster"' in response.get_data(as_text=True)
    edit = f"/mentor/learners/{centre.learner_a.id}/edit"
    assert as_mentor.post(edit, {**learner, "display_name": "Anna"}, token_from=edit).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name == "Mira")) == 0


def test_a_mentor_cannot_list_the_mentors_of_another_location_through_the_learner_form(as_mentor, centre):
    """The main-mentor choices follow the location sent; a mentor may only choose their own."""
    learner = {"display_name": "Mira", "language": "de", "location_id": str(centre.grone.id), "main_mentor_id": "",
               "consent": "y"}
    page = as_mentor.post("/mentor/learners/new", learner, token_from="/mentor/learners/new").get_data(as_text=True)
    assert "Gerd" not in page and "Maria" in page
