"""Plain data that a loaded course pack is made of. No Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

REFERENCE_LANGUAGE = "de"
LANGUAGES = ("de", "en", "ar", "fa", "tr", "uk", "ru")
SCHEMA_VERSION = 1

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something a course folder gets wrong: where, and a plain sentence."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Question:
    text_html: str
    options_html: tuple[str, ...]
    correct: frozenset[int]
    feedback_html: str
    line: int

    @property
    def multiple(self) -> bool:
        return len(self.correct) > 1


@dataclass(frozen=True)
class Quiz:
    questions: tuple[Question, ...]
    line: int

    def shape(self) -> tuple[tuple[int, frozenset[int]], ...]:
        """The structure translations must keep: options per question and right answers."""
        return tuple((len(q.options_html), q.correct) for q in self.questions)


@dataclass(frozen=True)
class Practice:
    type: str
    options: Mapping[str, Any]
    line: int
    index: int  # position among the lesson's practice blocks, 0-based


@dataclass(frozen=True)
class Segment:
    """A piece of a lesson page: sanitized HTML, the quiz, or a practice exercise."""

    kind: Literal["html", "quiz", "practice"]
    html: str = ""
    quiz: Quiz | None = None
    practice: Practice | None = None


@dataclass(frozen=True)
class LessonText:
    """One language version of a lesson."""

    language: str
    title: str
    minutes: int | None
    segments: tuple[Segment, ...]
    audio: str | None = None

    @property
    def quiz(self) -> Quiz | None:
        for segment in self.segments:
            if segment.quiz is not None:
                return segment.quiz
        return None

    @property
    def practices(self) -> tuple[Practice, ...]:
        return tuple(s.practice for s in self.segments if s.practice is not None)


@dataclass(frozen=True)
class Lesson:
    course_id: str
    slug: str
    position: int
    folder: str
    texts: Mapping[str, LessonText]

    @property
    def key(self) -> str:
        return f"{self.course_id}/{self.slug}"

    @property
    def reference(self) -> LessonText:
        return self.texts[REFERENCE_LANGUAGE]

    @property
    def quiz(self) -> Quiz | None:
        return self.reference.quiz

    @property
    def practices(self) -> tuple[Practice, ...]:
        return self.reference.practices

    def text_for(self, language: str) -> LessonText:
        """The lesson in ``language``, or the German reference when it is missing."""
        return self.texts.get(language) or self.reference


@dataclass(frozen=True)
class Course:
    id: str
    path: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    order: int
    icon: str | None
    level: int | None
    requires: tuple[str, ...]
    objectives: Mapping[str, tuple[str, ...]]
    pass_mark: float
    lessons: tuple[Lesson, ...]
    extra_files: Mapping[str, str] = field(default_factory=dict)

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles[REFERENCE_LANGUAGE]

    def title_language(self, language: str) -> str:
        """The language ``title(language)`` is written in: ``language``, or German when it is missing."""
        return language if self.titles.get(language) else REFERENCE_LANGUAGE

    def description(self, language: str) -> str:
        return self.descriptions.get(language) or self.descriptions.get(REFERENCE_LANGUAGE, "")

    def description_language(self, language: str) -> str:
        """The language ``description(language)`` is written in: ``language``, or German when it is missing."""
        return language if self.descriptions.get(language) else REFERENCE_LANGUAGE

    def objectives_for(self, language: str) -> tuple[str, ...]:
        return self.objectives.get(language) or self.objectives.get(REFERENCE_LANGUAGE, ())

    def objectives_language(self, language: str) -> str:
        return language if self.objectives.get(language) else REFERENCE_LANGUAGE

    def lesson(self, slug: str) -> Lesson | None:
        for lesson in self.lessons:
            if lesson.slug == slug:
                return lesson
        return None

    def neighbours(self, slug: str) -> tuple[Lesson | None, Lesson | None]:
        """The lessons before and after ``slug`` (None at either end)."""
        slugs = [lesson.slug for lesson in self.lessons]
        index = slugs.index(slug)
        before = self.lessons[index - 1] if index > 0 else None
        after = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return before, after


@dataclass(frozen=True)
class LoadedCourse:
    """What loading one course folder gave (the course, or None when it is broken, and its problems),
    and the fingerprint of the folder's files at that time."""

    fingerprint: bytes
    course: Course | None
    problems: tuple[Problem, ...]


@dataclass
class Catalogue:
    """The result of loading a folder of courses: the usable courses and every problem found."""

    courses: dict[str, Course]
    problems: list[Problem]
    # By course folder, so that loading the folder again can keep the courses whose files are unchanged.
    loaded: dict[str, LoadedCourse] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def ordered(self) -> list[Course]:
        return sorted(self.courses.values(), key=lambda c: (c.order, c.id))

    def lesson_count(self) -> int:
        return sum(len(c.lessons) for c in self.courses.values())
