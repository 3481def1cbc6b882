"""Odd numbers in forms, query strings and addresses get a 400 or 404, never a server error:
digits that are not ASCII ("²", "١"), thousands of digits, and numbers beyond the database's."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from netzlernen.extensions import db
from netzlernen.models import QuizAttempt
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
    assert signed_in.client.post(f"{LESSON}/quiz", data=data).status_code == 400
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
