"""The shipped curriculum: eight courses, every lesson with a quiz in seven languages, no warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from netzlernen.config import PROJECT_ROOT
from netzlernen.content import LANGUAGES, load_catalogue
from netzlernen.extensions import db
from netzlernen.models import QuizAttempt

SHIPPED = PROJECT_ROOT / "courses"
COURSES = ("maus-und-tastatur", "computer-grundlagen", "internet", "email", "sicher-im-netz",
           "jobsuche-online", "online-bewerben", "videotelefonie")
PRACTICE_IN = {
    "maus-und-tastatur": {"mouse-click", "mouse-doubleclick", "mouse-rightclick", "mouse-drag", "mouse-scroll",
                          "mouse-hover", "keyboard-type", "keyboard-keys"},
    "email": {"email-inbox", "email-compose"},
    "jobsuche-online": {"job-search"},
    "online-bewerben": {"application-form"},
}
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(SHIPPED)


def test_checker_finds_no_problem_and_no_warning(catalogue):
    assert [str(p) for p in catalogue.problems] == []


def test_every_course_exists_in_order_with_four_to_eight_lessons(catalogue):
    assert [c.id for c in catalogue.ordered()] == list(COURSES)
    for course in catalogue.courses.values():
        assert 4 <= len(course.lessons) <= 8, course.id
        assert set(course.titles) == set(LANGUAGES) and set(course.descriptions) == set(LANGUAGES), course.id
        assert set(course.objectives) == set(LANGUAGES), course.id
        assert all(text.startswith("Ich ") for text in course.objectives["de"]), course.id
        assert course.icon and (Path(course.path) / course.icon).is_file(), course.id


def test_requires_chains_the_courses(catalogue):
    assert catalogue.courses["maus-und-tastatur"].requires == ()
    for course in catalogue.ordered()[1:]:
        assert course.requires, course.id
        assert all(catalogue.courses[r].order < course.order for r in course.requires), course.id


def test_every_lesson_has_a_quiz_of_two_to_five_questions_in_seven_languages(catalogue):
    for course in catalogue.courses.values():
        for lesson in course.lessons:
            assert set(lesson.texts) == set(LANGUAGES), lesson.key
            assert 2 <= len(lesson.quiz.questions) <= 5, lesson.key
            assert all(q.feedback_html for q in lesson.quiz.questions), lesson.key
            assert lesson.reference.minutes and 5 <= lesson.reference.minutes <= 15, lesson.key


def test_practice_blocks_where_the_learner_does_the_skill(catalogue):
    for course_id, types in PRACTICE_IN.items():
        found = {p.type for lesson in catalogue.courses[course_id].lessons for p in lesson.practices}
        assert types <= found, (course_id, types - found)


def test_every_image_exists_and_has_alt_text():
    images = 0
    for lesson_file in SHIPPED.glob("*/*/*.md"):
        for alt, target in _IMAGE.findall(lesson_file.read_text(encoding="utf-8")):
            images += 1
            assert alt.strip(), f"{lesson_file}: image {target} without alt text"
            assert (lesson_file.parent / target).is_file(), f"{lesson_file}: {target} missing"
    assert images >= 8 * 7  # at least one illustration per course, in every language


def test_course_pictures_are_small_svg_without_scripts():
    for svg in SHIPPED.glob("**/*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert len(text.encode()) < 8192, svg
        assert "<script" not in text and "href=\"http" not in text and "viewBox" in text, svg


@pytest.fixture
def app_config(app_config):
    return {**app_config, "COURSES_DIR": str(SHIPPED)}


@pytest.mark.parametrize("course_id", COURSES)
def test_a_quiz_of_each_course_is_scored_right_and_wrong(signed_in, course_id, catalogue):
    lesson = catalogue.courses[course_id].lessons[0]
    path = f"/courses/{course_id}/{lesson.slug}"
    right = {f"q{i}": [str(o) for o in sorted(q.correct)] for i, q in enumerate(lesson.quiz.questions)}
    wrong = {}
    for i, q in enumerate(lesson.quiz.questions):
        options = set(range(len(q.options_html)))
        wrong[f"q{i}"] = [str(min(options - q.correct))] if options - q.correct else [str(min(q.correct))]
    for answers in (wrong, right):
        token = signed_in.token(path)
        response = signed_in.client.post(f"{path}/quiz", data={"csrf_token": token, **answers})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    attempts = db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id)).all()
    total = len(lesson.quiz.questions)
    assert [(a.score, a.passed) for a in attempts] == [(0, False), (total, True)]
