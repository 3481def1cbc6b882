"""Practice exercises on the server: the page, result reports, completion rules, the CV upload check."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from netzlernen.content import load_catalogue
from netzlernen.extensions import db
from netzlernen.models import LessonProgress, PracticeResult
from tests.conftest import TESTS

PRACTICE_COURSES = TESTS / "data" / "practice-courses"
CLICK = "/courses/uebungen/klicken"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "COURSES_DIR": str(PRACTICE_COURSES)}


def report(kiosk, lesson=CLICK, index=0, token_from=None, **fields):
    body = {"type": "mouse-click", "attempts": 3, "mistakes": 1, "seconds": 20, "skipped": False}
    body.update(fields)
    token = kiosk.token(token_from or lesson)
    return kiosk.client.post(f"{lesson}/practice/{index}", data=json.dumps(body),
                             headers={"X-CSRFToken": token, "Content-Type": "application/json"})


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_practice_course_passes_the_checker():
    assert load_catalogue(PRACTICE_COURSES).problems == []


def test_lesson_page_carries_the_exercise_and_its_texts(signed_in):
    page = signed_in.client.get(CLICK).get_data(as_text=True)
    assert 'data-practice-type="mouse-click"' in page
    assert "data-options='{\"rounds\": 3}'" in page
    assert 'data-result-url="/courses/uebungen/klicken/practice/0"' in page
    assert '<div id="practice-messages" hidden data-messages=\'{"common.again": ' in page
    assert "js/practice/index.js" in page
    assert "data-skip" in page


def test_job_offers_reach_the_page(signed_in):
    page = signed_in.client.get("/courses/uebungen/jobsuche").get_data(as_text=True)
    assert "Sonnenkorn" in page and "Logistik Nord GmbH" in page


def test_finished_exercise_is_stored_and_completes_a_lesson_without_quiz(signed_in, learner):
    response = report(signed_in)
    assert response.status_code == 200
    assert response.get_json() == {"stored": True, "lesson_completed": True}
    row = db.session.scalar(select(PracticeResult))
    assert (row.user_id, row.practice_type, row.attempts, row.mistakes, row.skipped) == (learner.id, "mouse-click", 3, 1, False)
    assert db.session.scalar(select(LessonProgress)).completed


def test_practice_and_quiz_are_both_needed(signed_in):
    lesson = "/courses/uebungen/uebung-und-quiz"
    token = signed_in.token(lesson)
    signed_in.client.post(f"{lesson}/quiz", data={"csrf_token": token, "q0": "0"})
    assert not db.session.scalar(select(LessonProgress)).completed
    assert report(signed_in, lesson=lesson).get_json() == {"stored": True, "lesson_completed": True}
    assert db.session.scalar(select(LessonProgress)).completed


def test_practice_first_then_quiz_completes(signed_in):
    lesson = "/courses/uebungen/uebung-und-quiz"
    assert report(signed_in, lesson=lesson).get_json()["lesson_completed"] is False
    token = signed_in.token(lesson)
    signed_in.client.post(f"{lesson}/quiz", data={"csrf_token": token, "q0": "0"})
    assert db.session.scalar(select(LessonProgress)).completed


def test_passing_the_quiz_before_the_exercise_says_the_exercise_is_still_missing(signed_in):
    """A learner who passes the quiz first must not read "you have passed this lesson" and move on:
    the lesson, and with it the course and its certificate, would stay unfinished without a word why."""
    lesson = "/courses/uebungen/uebung-und-quiz"
    token = signed_in.token(lesson)
    response = signed_in.client.post(f"{lesson}/quiz", data={"csrf_token": token, "q0": "0"})
    page = signed_in.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sie haben die Lektion geschafft" not in page
    assert "Die Lektion ist fertig, wenn Sie auch die Übungen gemacht haben." in page
    assert f'href="{lesson}#practice-0"' in page
    report(signed_in, lesson=lesson)
    page = signed_in.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sie haben die Lektion geschafft" in page and f'href="{lesson}#practice-0"' not in page


def test_done_button_waits_for_the_exercise(signed_in):
    response = signed_in.post(f"{CLICK}/done", token_from=CLICK)
    assert response.status_code == 409
    assert 'role="alert"' in response.get_data(as_text=True)
    report(signed_in)
    assert db.session.scalar(select(LessonProgress)).completed


def test_mouse_exercise_can_be_skipped_but_typing_cannot(signed_in):
    assert report(signed_in, skipped=True, attempts=0).get_json()["stored"] is True
    assert db.session.scalar(select(PracticeResult)).skipped
    typing = report(signed_in, lesson="/courses/uebungen/tippen", type="keyboard-type", skipped=True, attempts=0)
    assert typing.status_code == 400


@pytest.mark.parametrize("fields", [
    {"user_id": 2},                 # another learner
    {"type": "mouse-doubleclick"},  # another exercise
    {"attempts": -1},
    {"attempts": 0},
    {"seconds": 10 ** 9},
    {"attempts": "3"},
    {"skipped": "yes"},
    {"attempts": True},
])
def test_forged_reports_are_refused_and_write_nothing(signed_in, fields):
    assert report(signed_in, **fields).status_code == 400
    assert count(PracticeResult) == 0 and not db.session.scalar(select(LessonProgress)).completed


def test_report_for_a_practice_that_does_not_exist_is_404(signed_in):
    assert report(signed_in, index=5).status_code == 404
    assert report(signed_in, lesson="/courses/uebungen/nope").status_code == 404


def test_report_needs_json_and_csrf(signed_in):
    token = signed_in.token(CLICK)
    assert signed_in.client.post(f"{CLICK}/practice/0", data="x", headers={"X-CSRFToken": token}).status_code == 400
    no_token = signed_in.client.post(f"{CLICK}/practice/0", json={"type": "mouse-click", "attempts": 1})
    assert no_token.status_code == 400
    assert count(PracticeResult) == 0


def test_guest_practises_and_nothing_is_stored(kiosk):
    kiosk.post("/guest")
    assert report(kiosk).get_json() == {"stored": False, "lesson_completed": False}
    assert count(PracticeResult) == 0 and count(LessonProgress) == 0


def test_anonymous_report_is_sent_to_sign_in(client):
    assert client.post(f"{CLICK}/practice/0", json={}).status_code in (302, 400)


def upload(kiosk, content: bytes | None, filename="Lebenslauf.pdf", max_size_mb="1"):
    data = {"csrf_token": kiosk.token("/courses/uebungen/bewerbung"), "max_size_mb": max_size_mb}
    if content is not None:
        data["file"] = (io.BytesIO(content), filename)
    # Built by hand so that the test client's spooled request body is closed afterwards.
    environ = EnvironBuilder(path="/practice/upload-check", method="POST", data=data).get_environ()
    try:
        return kiosk.client.open(environ).get_json()
    finally:
        environ["wsgi.input"].close()


@pytest.mark.parametrize("content, filename, problem", [
    (b"%PDF-1.4\n...", "Lebenslauf.pdf", None),
    (b"PK\x03\x04 a word file", "Lebenslauf.docx", "type"),
    (b"just text pretending", "Lebenslauf.pdf", "type"),
    (b"", "Lebenslauf.pdf", "empty"),
    (b"%PDF-" + b"0" * (1024 * 1024), "Lebenslauf.pdf", "size"),
    (None, "", "missing"),
])
def test_cv_upload_is_checked_and_thrown_away(signed_in, tmp_path, content, filename, problem):
    before = sorted(p.name for p in tmp_path.rglob("*"))
    answer = upload(signed_in, content, filename)
    assert answer["problem"] == problem and answer["ok"] is (problem is None)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing stored anywhere


def test_upload_over_the_request_limit_is_refused_with_a_message(signed_in, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    token = signed_in.token("/courses/uebungen/bewerbung")
    response = signed_in.client.post("/practice/upload-check", data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-" + b"0" * 4096), "x.pdf")},
                                     content_type="multipart/form-data")
    assert response.status_code == 413


def test_checker_reports_a_broken_offers_file_with_line(tmp_path):
    from tests.test_content import LESSON, write_pack

    lesson = LESSON.replace("Ein Text.", "Ein Text.\n\n```practice\ntype: job-search\noffers: jobs.yml\n```")
    offers = "- id: a\n  title: T\n  employer: E\n  place: P\n  distance_km: 3\n  hours: Nachtschicht\n  tasks: []\n  requirements: []\n"
    root = write_pack(tmp_path, {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None, "kurs/jobs.yml": offers})
    problems = [str(p) for p in load_catalogue(root).errors]
    assert "kurs/jobs.yml:1: error: offer 1: 'hours' must be one of Vollzeit, Teilzeit, Minijob" in problems
    root2 = write_pack(tmp_path / "b", {"kurs/01-lektion/de.md": lesson, "kurs/01-lektion/en.md": None})
    assert any("'jobs.yml' does not exist" in str(p) for p in load_catalogue(root2).errors)
