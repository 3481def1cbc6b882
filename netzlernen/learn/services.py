"""Lessons, quizzes and progress for one learner. No request objects here: views pass plain data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from sqlalchemy import Integer, String, func, select, text

from ..content import Catalogue, Course, Lesson, LessonText, Practice, Question, Quiz
from ..content.render import top_level_blocks
from ..content.practice import MOUSE_TYPES
from .. import stats
from ..extensions import db
from ..models import LessonProgress, LessonStatus, PracticeResult, QuizAnswer, QuizAttempt, User
from ..models.base import UTCDateTime, utcnow

_ANSWER_FIELD = re.compile(r"q(\d{1,3})")
_IGNORED_FIELDS = {"csrf_token", "language"}
# Mouse exercises can be skipped by learners who work with the keyboard or a screen reader.
SKIPPABLE_TYPES = MOUSE_TYPES


class MalformedAnswers(ValueError):
    """The submitted answers do not fit the quiz: forged or broken, never a learner's slip."""


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: frozenset[int]
    correct: bool


@dataclass(frozen=True)
class QuizResult:
    questions: tuple[QuestionResult, ...]
    score: int
    total: int
    passed: bool


@dataclass(frozen=True)
class CourseSummary:
    course: Course
    completed: int
    started: int
    total: int

    @property
    def done(self) -> bool:
        return self.total > 0 and self.completed == self.total


def read_answers(quiz: Quiz, form: Mapping[str, list[str]]) -> list[frozenset[int] | None]:
    """Turn form fields ``q0``, ``q1`` … into chosen option indexes; None where nothing was chosen.

    Raises MalformedAnswers for unknown fields, indexes out of range, repeated options, or more
    than one choice on a single-choice question.
    """
    for key in form:
        if key in _IGNORED_FIELDS:
            continue
        match = _ANSWER_FIELD.fullmatch(key)
        if match is None or int(match.group(1)) >= len(quiz.questions):
            raise MalformedAnswers(f"unexpected field {key!r}")
    answers: list[frozenset[int] | None] = []
    for index, question in enumerate(quiz.questions):
        values = form.get(f"q{index}", [])
        if not values:
            answers.append(None)
            continue
        chosen: set[int] = set()
        for value in values:
            if not value.isdigit() or not value.isascii() or int(value) >= len(question.options_html):
                raise MalformedAnswers(f"option {value!r} does not exist in question {index}")
            if int(value) in chosen:
                raise MalformedAnswers(f"option {value!r} given twice")
            chosen.add(int(value))
        if len(chosen) > 1 and not question.multiple:
            raise MalformedAnswers(f"question {index} takes one answer")
        answers.append(frozenset(chosen))
    return answers


def score(quiz: Quiz, answers: list[frozenset[int]], pass_mark: float) -> QuizResult:
    results = tuple(
        QuestionResult(question, chosen, chosen == question.correct)
        for question, chosen in zip(quiz.questions, answers)
    )
    right = sum(1 for r in results if r.correct)
    total = len(results)
    return QuizResult(results, right, total, total > 0 and right / total >= pass_mark - 1e-9)


def progress_by_lesson(user_id: int) -> dict[tuple[str, str], LessonProgress]:
    rows = db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == user_id))
    return {(row.course_id, row.lesson_slug): row for row in rows}


# Opening a lesson again writes the visit down only when the last one is older than this, so that
# quick back and forth costs no write. Not much longer: "continue where you stopped" (continue_target)
# goes by these times, and a learner who went back to an earlier lesson must be brought back there.
VISIT_INTERVAL_SECONDS = 30


@dataclass(frozen=True)
class LessonState:
    """Where one learner is in one lesson: what the lesson page shows of them."""

    status: str  # "new", "started" or "done" (_status_name)
    last_visited_at: datetime | None = None
    practices_done: frozenset[int] = frozenset()

    def needs_visit_record(self) -> bool:
        """Whether opening the lesson must be written down: the first time, or the last time is a while ago."""
        return self.last_visited_at is None or (utcnow() - self.last_visited_at).total_seconds() > VISIT_INTERVAL_SECONDS


NEW_LESSON = LessonState("new")

# The lesson page runs these for every learner who opens a lesson. Plain SQL (the same on SQLite and
# PostgreSQL) costs a third of the same query built with select() and run through the ORM.
_LESSON_PROGRESS = text(
    "SELECT status, last_visited_at FROM lesson_progress"
    " WHERE user_id = :user_id AND course_id = :course_id AND lesson_slug = :slug"
).columns(status=String, last_visited_at=UTCDateTime)
_PRACTICES_DONE = text(
    "SELECT practice_index FROM practice_result"
    " WHERE user_id = :user_id AND course_id = :course_id AND lesson_slug = :slug"
).columns(practice_index=Integer)


def lesson_state(user_id: int, lesson: Lesson) -> LessonState:
    where = {"user_id": user_id, "course_id": lesson.course_id, "slug": lesson.slug}
    connection = db.session.connection()
    row = connection.execute(_LESSON_PROGRESS, where).first()
    if row is None:
        return NEW_LESSON
    done = frozenset(connection.execute(_PRACTICES_DONE, where).scalars()) if lesson.practices else frozenset()
    return LessonState(_status_name(row.status), row.last_visited_at, done)


def visit_lesson(user_id: int, lesson: Lesson) -> LessonProgress:
    """Record that the learner opened the lesson (started, or seen again)."""
    row = db.session.scalar(select(LessonProgress).where(
        LessonProgress.user_id == user_id,
        LessonProgress.course_id == lesson.course_id,
        LessonProgress.lesson_slug == lesson.slug,
    ))
    now = utcnow()
    if row is None:
        row = LessonProgress(user_id=user_id, course_id=lesson.course_id, lesson_slug=lesson.slug,
                             status=LessonStatus.STARTED.value, started_at=now, last_visited_at=now)
        db.session.add(row)
        learner = db.session.get(User, user_id)
        if learner is not None and learner.activated_at is None:
            learner.activated_at = now
            stats.record("activated", location_id=learner.location_id)
    elif (now - row.last_visited_at).total_seconds() > VISIT_INTERVAL_SECONDS:
        row.last_visited_at = now
    db.session.flush()
    return row


def complete_lesson(user_id: int, course: Course, lesson: Lesson) -> LessonProgress:
    """Mark the lesson completed; count the lesson, and the course when it was its last lesson."""
    row = visit_lesson(user_id, lesson)
    row.last_visited_at = utcnow()
    if row.completed:
        return row
    row.status = LessonStatus.COMPLETED.value
    row.completed_at = utcnow()
    db.session.flush()
    stats.record("lesson_completed", user_id=user_id, course_id=course.id)
    if course_completed(user_id, course):
        stats.record("course_completed", user_id=user_id, course_id=course.id)
        learner = db.session.get(User, user_id)
        if learner is not None and learner.qualified_at is None:
            learner.qualified_at = utcnow()
            stats.record("qualified", location_id=learner.location_id)
    return row


def course_completed(user_id: int, course: Course) -> bool:
    done = db.session.scalar(select(func.count()).select_from(LessonProgress).where(
        LessonProgress.user_id == user_id, LessonProgress.course_id == course.id,
        LessonProgress.status == LessonStatus.COMPLETED.value,
        LessonProgress.lesson_slug.in_([lesson.slug for lesson in course.lessons]),
    ))
    return done == len(course.lessons) > 0


def record_attempt(user_id: int, course: Course, lesson: Lesson, language: str, result: QuizResult) -> QuizAttempt:
    """Store the attempt with every answer; complete the lesson when the pass mark is reached."""
    attempt = QuizAttempt(user_id=user_id, course_id=lesson.course_id, lesson_slug=lesson.slug,
                          language=language, score=result.score, total=result.total, passed=result.passed)
    attempt.answers = [
        QuizAnswer(question_index=index, chosen=",".join(str(i) for i in sorted(r.chosen)), correct=r.correct)
        for index, r in enumerate(result.questions)
    ]
    db.session.add(attempt)
    if result.passed and lesson_requirements_met(user_id, lesson, quiz_passed=True):
        complete_lesson(user_id, course, lesson)
    else:
        visit_lesson(user_id, lesson)
    db.session.flush()
    return attempt


def practices_done(user_id: int, lesson: Lesson) -> set[int]:
    """Indexes of the lesson's practice blocks the learner has finished or skipped."""
    where = {"user_id": user_id, "course_id": lesson.course_id, "slug": lesson.slug}
    return set(db.session.connection().execute(_PRACTICES_DONE, where).scalars())


def missing_practices(user_id: int, lesson: Lesson) -> list[Practice]:
    done = practices_done(user_id, lesson)
    return [p for p in lesson.practices if p.index not in done]


def lesson_requirements_met(user_id: int, lesson: Lesson, *, quiz_passed: bool | None = None) -> bool:
    """Whether the learner has done what completes the lesson: every practice, and the quiz passed."""
    if missing_practices(user_id, lesson):
        return False
    if lesson.quiz is None:
        return True
    if quiz_passed is None:
        quiz_passed = db.session.scalar(select(QuizAttempt.id).where(
            QuizAttempt.user_id == user_id, QuizAttempt.course_id == lesson.course_id,
            QuizAttempt.lesson_slug == lesson.slug, QuizAttempt.passed.is_(True),
        ).limit(1)) is not None
    return quiz_passed


@dataclass(frozen=True)
class PracticeReport:
    """What the browser reports when a practice exercise is finished."""

    type: str
    attempts: int
    mistakes: int
    seconds: int
    skipped: bool


_REPORT_FIELDS = {"type": str, "attempts": int, "mistakes": int, "seconds": int, "skipped": bool}


def read_practice_report(practice: Practice, payload: object) -> PracticeReport:
    """Check a reported result against the exercise it claims to be for.

    Raises MalformedAnswers for unknown or missing fields, wrong types, numbers out of range, a
    type other than the exercise's, or a skip of an exercise that cannot be skipped.
    """
    if not isinstance(payload, dict):
        raise MalformedAnswers("a practice report is a JSON object")
    unknown = set(payload) - set(_REPORT_FIELDS)
    if unknown:
        raise MalformedAnswers(f"unexpected fields {sorted(unknown)}")
    values = {}
    for name, kind in _REPORT_FIELDS.items():
        value = payload.get(name, 0 if kind is int else False if kind is bool else None)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise MalformedAnswers(f"{name} must be {kind.__name__}")
        values[name] = value
    report = PracticeReport(**values)
    if report.type != practice.type:
        raise MalformedAnswers("the report is for another exercise")
    if not (0 <= report.attempts <= 10_000 and 0 <= report.mistakes <= 10_000 and 0 <= report.seconds <= 86_400):
        raise MalformedAnswers("numbers out of range")
    if report.skipped and practice.type not in SKIPPABLE_TYPES:
        raise MalformedAnswers("this exercise cannot be skipped")
    if not report.skipped and report.attempts < 1:
        raise MalformedAnswers("a finished exercise has at least one attempt")
    return report


def record_practice(user_id: int, course: Course, lesson: Lesson, practice: Practice, report: PracticeReport) -> bool:
    """Store the result; complete the lesson if that was the last thing missing. Returns completion."""
    db.session.add(PracticeResult(
        user_id=user_id, course_id=lesson.course_id, lesson_slug=lesson.slug,
        practice_index=practice.index, practice_type=practice.type, attempts=report.attempts,
        mistakes=report.mistakes, seconds=report.seconds, skipped=report.skipped,
    ))
    db.session.flush()
    if lesson_requirements_met(user_id, lesson):
        return complete_lesson(user_id, course, lesson).completed
    visit_lesson(user_id, lesson)
    return False


def attempt_of(user_id: int, lesson: Lesson, attempt_id: int) -> QuizAttempt | None:
    """The attempt if it is this learner's attempt at this lesson, else None."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.user_id != user_id or (attempt.course_id, attempt.lesson_slug) != (lesson.course_id, lesson.slug):
        return None
    return attempt


def result_of(attempt: QuizAttempt, quiz: Quiz) -> QuizResult:
    """Rebuild the result of a stored attempt for showing it again."""
    chosen = {a.question_index: a.chosen_indexes for a in attempt.answers}
    answers = [chosen.get(i, frozenset()) for i in range(len(quiz.questions))]
    scored = score(quiz, answers, 1.0)
    return QuizResult(scored.questions, scored.score, scored.total, attempt.passed)


def summaries(courses: Iterable[Course], progress: Mapping[tuple[str, str], LessonProgress]) -> list[CourseSummary]:
    result = []
    for course in courses:
        rows = [progress.get((course.id, lesson.slug)) for lesson in course.lessons]
        completed = sum(1 for r in rows if r is not None and r.completed)
        started = sum(1 for r in rows if r is not None and not r.completed)
        result.append(CourseSummary(course, completed, started, len(course.lessons)))
    return result


def continue_target(catalogue: Catalogue, progress: Mapping[tuple[str, str], LessonProgress]) -> tuple[Course, Lesson] | None:
    """Where the learner stopped: the last lesson opened, or the next one after it if it is done."""
    for row in sorted(progress.values(), key=lambda r: r.last_visited_at, reverse=True):
        course = catalogue.courses.get(row.course_id)
        lesson = course.lesson(row.lesson_slug) if course else None
        if course is None or lesson is None:
            continue
        if not row.completed:
            return course, lesson
        start = course.lessons.index(lesson)
        for candidate in course.lessons[start + 1 :] + course.lessons[:start]:
            entry = progress.get((course.id, candidate.slug))
            if entry is None or not entry.completed:
                return course, candidate
    return None


def _status_name(status: str | None) -> str:
    """A progress row's status as the pages show it: "new" (no row), "started" or "done"."""
    if status is None:
        return "new"
    return "done" if status == LessonStatus.COMPLETED.value else "started"


def lesson_status(progress: Mapping[tuple[str, str], LessonProgress], lesson: Lesson) -> str:
    row = progress.get((lesson.course_id, lesson.slug))
    return _status_name(row.status if row is not None else None)


def check_cv_upload(upload, limit: int) -> dict:
    """Check an uploaded CV as a job portal would: a PDF, not empty, not too large. Nothing is kept.

    Returns {"ok": bool, "problem": None | "missing" | "empty" | "type" | "size", "size": bytes}.
    """
    if upload is None or not upload.filename:
        return {"ok": False, "problem": "missing", "size": 0}
    # Read at most one byte past the limit: enough to know, without holding a huge file.
    data = upload.stream.read(limit + 1)
    upload.stream.close()
    size = len(data)
    if size == 0:
        problem = "empty"
    elif size > limit:
        problem = "size"
    elif not data.startswith(b"%PDF-") or not upload.filename.lower().endswith(".pdf"):
        problem = "type"
    else:
        problem = None
    return {"ok": problem is None, "problem": problem, "size": size}


@dataclass(frozen=True)
class PlanStep:
    course: Course
    done: bool
    next_lesson: Lesson | None


def plan_steps(catalogue: Catalogue, items: Iterable, progress: Mapping[tuple[str, str], LessonProgress]) -> list[PlanStep]:
    """The learner's plan in order: each course, whether it is done, and its next lesson."""
    steps = []
    for item in items:
        course = catalogue.courses.get(item.course_id)
        if course is None:
            continue
        pending = [lesson for lesson in course.lessons
                   if (row := progress.get((course.id, lesson.slug))) is None or not row.completed]
        steps.append(PlanStep(course, not pending, pending[0] if pending else None))
    return steps


@dataclass(frozen=True)
class SideBySideRow:
    """One row of the side-by-side view: the learner's language and German, or a full-width part."""

    own: str = ""
    german: str = ""
    segment: object | None = None  # a quiz or practice segment shown once, full width


def side_by_side(text: LessonText, german: LessonText) -> list[SideBySideRow]:
    """Pair the lesson's text with the German one, paragraph by paragraph where both have the same
    structure, else section by section."""
    rows: list[SideBySideRow] = []
    german_html = [s for s in german.segments if s.kind == "html"]
    own_html = [s for s in text.segments if s.kind == "html"]
    pair_segments = len(german_html) == len(own_html)
    html_index = 0
    for segment in text.segments:
        if segment.kind != "html":
            rows.append(SideBySideRow(segment=segment))
            continue
        if not pair_segments:
            rows.append(SideBySideRow(own=segment.html, german=german_html[html_index].html if html_index < len(german_html) else ""))
            html_index += 1
            continue
        own_blocks = top_level_blocks(segment.html)
        german_blocks = top_level_blocks(german_html[html_index].html)
        if len(own_blocks) == len(german_blocks):
            rows.extend(SideBySideRow(own=a, german=b) for a, b in zip(own_blocks, german_blocks))
        else:
            rows.append(SideBySideRow(own=segment.html, german=german_html[html_index].html))
        html_index += 1
    if not pair_segments:
        for extra in german_html[html_index:]:
            rows.append(SideBySideRow(german=extra.html))
    return rows


def save_display_settings(learner: User, *, text_size: int, high_contrast: bool, reduced_motion: bool,
                          side_by_side: bool) -> None:
    learner.text_size = max(0, min(2, text_size))
    learner.high_contrast = high_contrast
    learner.reduced_motion = reduced_motion
    learner.side_by_side = side_by_side
    db.session.flush()
