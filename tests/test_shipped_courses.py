"""The courses shipped in courses/ load without errors, and the demo course is usable in de and en."""

from __future__ import annotations

from netzlernen.config import PROJECT_ROOT
from netzlernen.content import load_catalogue

SHIPPED = PROJECT_ROOT / "courses"


def test_shipped_courses_have_no_errors():
    catalogue = load_catalogue(SHIPPED)
    assert catalogue.errors == [], [str(p) for p in catalogue.errors[:10]]


def test_demo_course_mouse_and_keyboard_has_three_lessons_with_quizzes_in_german_and_english():
    course = load_catalogue(SHIPPED).courses["maus-und-tastatur"]
    assert course.title("de") == "Maus und Tastatur"
    assert len(course.lessons) >= 3
    for lesson in course.lessons:
        assert {"de", "en"} <= set(lesson.texts), lesson.key
        assert lesson.quiz is not None and lesson.texts["en"].quiz is not None, lesson.key
