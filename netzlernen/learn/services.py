"""Lessons, quizzes and progress for one learner. No request objects here: views pass plain data.

What the browser sends (quiz answers, practice reports) is read and checked in ``answers`` first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from sqlalchemy import Integer, String, func, select, text

from ..content import Catalogue, Course, Lesson, LessonText, Practice
from ..content.render import top_level_blocks
from .. import stats
from ..extensions import db
from ..models import LessonProgress, LessonStatus, PracticeResult, QuizAnswer, QuizAttempt, User
from ..models.base import UTCDateTime, utcnow
from .answers import PracticeReport, QuizResult


@dataclass(frozen=True)
class CourseSummary:
    course: Course
    completed: int
    started: int
    total: int

    @property
    def done(self) -> bool:
        return self.total > 0 and self.completed == self.total


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


def record_visit(user_id: int, lesson: Lesson, before: LessonState) -> LessonState:
    """Write the visit down (``visit_lesson``) and return the lesson's state after it.

    Only the status and the time of the visit change; the exercises done stay as read before
    (a practice result is always stored together with a visit, so a new lesson has none).
    """
    row = visit_lesson(user_id, lesson)
    return LessonState(_status_name(row.status), row.last_visited_at, before.practices_done)


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


def exercises_left(user_id: int, lesson: Lesson) -> list[Practice]:
    """The exercises still to do while the lesson is not completed; none once it is."""
    if lesson_state(user_id, lesson).status == "done":
        return []
    return missing_practices(user_id, lesson)


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
