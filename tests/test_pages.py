"""Lesson pages kept rendered in memory (netzlernen/pages.py): the same HTML as a fresh rendering, in
every state a learner can be in, with each learner's own name and CSRF token, and nothing of one
learner on another learner's page."""

from __future__ import annotations

import json
import re

import pytest

from netzlernen.catalogue import load_into
from netzlernen.pages import EXTENSION_KEY
from tests.conftest import TESTS, Kiosk

PRACTICE_COURSES = TESTS / "data" / "practice-courses"
LESSON = "/courses/uebungen/uebung-und-quiz"
COOKIE = "netzlernen_session"
_TOKENS = re.compile(r'(name="csrf_token" value="|name="csrf-token" content="|name="submission" value=")[^"]+"')


@pytest.fixture
def app_config(app_config):
    return {**app_config, "COURSES_DIR": str(PRACTICE_COURSES)}


@pytest.fixture
def fresh_app(make_app, app_config):
    """A second app server on the same database that renders every page afresh."""
    return make_app({**app_config, "RENDERED_PAGES_MB": 0})


def kept_pages(app):
    return app.extensions[EXTENSION_KEY]


def without_tokens(page: str) -> str:
    return _TOKENS.sub(r'\1TOKEN"', page)


def assert_same_page(kiosk: Kiosk, fresh_app, path: str = LESSON) -> str:
    """The page from memory (asked twice: the first time may fill the memory) equals a fresh rendering."""
    kiosk.client.get(path)
    kept = kiosk.client.get(path)
    fresh_client = fresh_app.test_client()
    fresh_client.set_cookie(COOKIE, kiosk.client.get_cookie(COOKIE).value)
    fresh = fresh_client.get(path)
    assert kept.status_code == fresh.status_code == 200
    kept_html, fresh_html = kept.get_data(as_text=True), fresh.get_data(as_text=True)
    assert "nltoken" not in kept_html and "nlname" not in kept_html
    assert without_tokens(kept_html) == without_tokens(fresh_html)
    return kept_html


def report_practice(kiosk: Kiosk) -> None:
    body = {"type": "mouse-click", "attempts": 1, "mistakes": 0, "seconds": 5, "skipped": False}
    response = kiosk.client.post(f"{LESSON}/practice/0", data=json.dumps(body), headers={
        "X-CSRFToken": kiosk.token(LESSON), "Content-Type": "application/json"})
    assert response.status_code == 200


def test_kept_lesson_page_equals_a_fresh_one_in_every_state(app, fresh_app, make_learner):
    make_learner("Lea", code="LEA123", pin="1234")
    kiosk = Kiosk(app.test_client())
    assert kiosk.sign_in("LEA123", "1234").status_code == 302

    page = assert_same_page(kiosk, fresh_app)  # opened: started, practice not done
    assert "badge-started" in page and 'data-done="false"' in page and "Lea" in page

    report_practice(kiosk)
    page = assert_same_page(kiosk, fresh_app)
    assert 'data-done="true"' in page

    kiosk.post("/help", {"course_id": "uebungen", "lesson_slug": "uebung-und-quiz", "next": LESSON}, token_from=LESSON)
    page = assert_same_page(kiosk, fresh_app)
    assert "Hilfe ist gerufen." in page or "Help is called." in page

    kiosk.post("/settings", {"text_size": "2", "high_contrast": "y"}, token_from="/settings")
    page = assert_same_page(kiosk, fresh_app)
    assert 'class="text-2 contrast-high"' in page

    assert kiosk.post(f"{LESSON}/quiz", {"q0": "0"}, token_from=LESSON).status_code == 302
    page = assert_same_page(kiosk, fresh_app)
    assert "badge-done" in page


def test_kept_page_equals_a_fresh_one_in_english_side_by_side_and_arabic(app, fresh_app, make_learner):
    make_learner("Sam", language="en", code="SAM789", pin="5678")
    make_learner("Amal", language="ar", code="AMAL45", pin="4545")
    lesson = "/courses/uebungen/klicken"
    sam = Kiosk(app.test_client())
    sam.sign_in("SAM789", "5678")
    assert_same_page(sam, fresh_app, lesson)
    sam.post("/settings/side-by-side", {"next": lesson}, token_from=lesson)
    assert_same_page(sam, fresh_app, lesson)
    amal = Kiosk(app.test_client())
    amal.sign_in("AMAL45", "4545")
    page = assert_same_page(amal, fresh_app, lesson)
    assert '<html lang="ar" dir="rtl"' in page


def test_two_learners_in_the_same_state_share_the_page_but_not_name_or_token(app, make_learner):
    make_learner("Lea", code="LEA123", pin="1234")
    make_learner("Bora <b>B.</b>", code="BORA22", pin="2222")
    lea, bora = Kiosk(app.test_client()), Kiosk(app.test_client())
    lea.sign_in("LEA123", "1234")
    bora.sign_in("BORA22", "2222")
    lea.client.get(LESSON)
    bora.client.get(LESSON)  # both now "started"; the first visit of each filled the memory
    before = len(kept_pages(app))
    lea_page = lea.client.get(LESSON).get_data(as_text=True)
    bora_page = bora.client.get(LESSON).get_data(as_text=True)
    assert len(kept_pages(app)) == before  # both came from memory
    assert '<span class="who" dir="auto">Lea</span>' in lea_page and "Bora" not in lea_page
    assert '<span class="who" dir="auto">Bora &lt;b&gt;B.&lt;/b&gt;</span>' in bora_page and "Lea" not in bora_page
    lea_token, bora_token = _TOKENS.search(lea_page).group(0), _TOKENS.search(bora_page).group(0)
    assert lea_token != bora_token
    # Each token works in its own session only.
    assert lea.client.post(f"{LESSON}/quiz", data={"q0": "1", "csrf_token": lea_token.split('"')[-2]}).status_code == 302
    stolen = bora.client.post(f"{LESSON}/quiz", data={"q0": "1", "csrf_token": lea_token.split('"')[-2]})
    assert stolen.status_code == 400


def test_a_flashed_message_is_shown_once_then_the_page_comes_from_memory(app, make_learner):
    make_learner("Lea", code="LEA123", pin="1234")
    kiosk = Kiosk(app.test_client())
    kiosk.sign_in("LEA123", "1234")
    kiosk.client.get(LESSON)
    response = kiosk.post("/help", {"next": LESSON}, token_from=LESSON)
    assert response.status_code == 302
    first = kiosk.client.get(LESSON).get_data(as_text=True)
    second = kiosk.client.get(LESSON).get_data(as_text=True)
    assert 'class="flash flash-success"' in first and 'class="flash' not in second


def test_loading_the_courses_again_forgets_the_kept_pages(app, signed_in):
    signed_in.client.get("/courses/uebungen/klicken")
    signed_in.client.get("/courses/uebungen/klicken")
    assert len(kept_pages(app)) >= 1
    load_into(app, previous=None)
    signed_in.client.get("/courses/uebungen/klicken")
    assert len(kept_pages(app)) == 1


def test_the_memory_keeps_to_its_budget_and_forgets_the_least_recently_used(app, signed_in):
    pages = kept_pages(app)
    signed_in.client.get("/courses/uebungen/klicken")
    signed_in.client.get("/courses/uebungen/klicken")
    one_page = pages.size
    pages.budget = int(2.5 * one_page)
    for slug in ("doppelklick", "rechtsklick", "ziehen"):
        signed_in.client.get(f"/courses/uebungen/{slug}")
        signed_in.client.get(f"/courses/uebungen/{slug}")
    assert len(pages) == 2 and pages.size <= pages.budget
    kept = [key[1][1] for key in pages._pages]
    assert kept == ["rechtsklick", "ziehen"]


def test_every_template_can_be_compiled_before_the_workers_start(app):
    from netzlernen.pages import compile_templates

    count = compile_templates(app)
    assert count >= 30
    assert len(app.jinja_env.cache) >= count
