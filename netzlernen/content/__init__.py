"""Course packs: load a folder of Markdown courses into plain data, with every problem found.

This package is a library: it imports neither Flask nor the database models. The app, the
``flask courses check`` command and the tests all call :func:`load_catalogue`.
"""

from .files import is_servable
from .loader import load_catalogue
from .model import (
    LANGUAGES,
    REFERENCE_LANGUAGE,
    SCHEMA_VERSION,
    Catalogue,
    Course,
    Lesson,
    LessonText,
    Practice,
    Problem,
    Question,
    Quiz,
    Segment,
)
from .practice import PRACTICE_TYPES

__all__ = [
    "LANGUAGES", "PRACTICE_TYPES", "REFERENCE_LANGUAGE", "SCHEMA_VERSION", "Catalogue", "Course",
    "Lesson", "LessonText", "Practice", "Problem", "Question", "Quiz", "Segment", "is_servable", "load_catalogue",
]
