"""What mentors see and do: learners in reach, the dashboard with its flags, check-ins, accounts.

Learning plans are in ``plans``, calls for help in ``helpdesk``.

Every query here takes the viewer and limits itself to the learners the viewer may see: a mentor
sees the learners of their location (none without a location), a coordinator every learner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo

from sqlalchemy import ColumnElement, Select, and_, case, false, func, or_, select, update

from .. import stats
from ..auth.services import signed_in_somewhere
from ..catalogue import get_catalogue
from ..content import Catalogue
from ..extensions import db
from ..models import (
    CheckIn, CheckInRevision, HelpRequest, LessonProgress, LessonStatus, Location,
    QuizAnswer, QuizAttempt, Role, User,
)
from ..models.base import utcnow

FLAG_ORDER = ("help", "stuck", "checkin_due", "inactive")
CHECKIN_FIELDS = ("met_on", "duration_minutes", "mode", "confidence", "topics", "courses", "private_notes",
                  "next_steps", "next_appointment")


class NotAllowed(Exception):
    """The viewer may not do this (e.g. change another mentor's check-in)."""


def learners_in_reach(viewer: User) -> Select:
    query = select(User).where(User.role == Role.LEARNER.value)
    if not viewer.is_coordinator:
        query = query.where(same_location(User.location_id, viewer))
    return query


def same_location(location_id: ColumnElement[int | None], viewer: User) -> ColumnElement[bool]:
    """The row is at the viewer's location; a mentor without a location reaches nobody (not all
    learners without one, as ``location_id == None`` would)."""
    return location_id == viewer.location_id if viewer.location_id is not None else false()


def learner_for(viewer: User, learner_id: int) -> User | None:
    """The learner if the viewer may see them, else None (the view answers 404)."""
    return db.session.scalar(learners_in_reach(viewer).where(User.id == learner_id))


def locations() -> list[Location]:
    return list(db.session.scalars(select(Location).order_by(Location.name)))


def mentors(location_id: int | None = None) -> list[User]:
    query = select(User).where(User.role.in_([Role.MENTOR.value, Role.COORDINATOR.value]), User.active.is_(True))
    if location_id is not None:
        query = query.where((User.location_id == location_id) | (User.role == Role.COORDINATOR.value))
    return list(db.session.scalars(query.order_by(User.display_name)))


# ---------------------------------------------------------------- dashboard


@dataclass
class AttemptSummary:
    course_id: str
    lesson_slug: str
    score: int
    total: int
    passed: bool
    created_at: datetime


@dataclass
class LearnerRow:
    learner: User
    last_activity: datetime | None = None
    completed: dict[str, int] = field(default_factory=dict)  # course id -> lessons completed
    latest_attempts: list[AttemptSummary] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    help_request: HelpRequest | None = None
    next_appointment: datetime | None = None

    @property
    def priority(self) -> int:
        return min((FLAG_ORDER.index(f) for f in self.flags), default=len(FLAG_ORDER))


def dashboard_rows(viewer: User, *, scope: str = "location", location_id: int | None = None,
                   flag: str | None = None, sort: str = "attention", inactive_days: int = 14,
                   stuck_days: int = 7, now: datetime | None = None,
                   catalogue: Catalogue | None = None) -> list[LearnerRow]:
    """One row per learner in reach, with flags; a fixed number of queries, whatever the count.

    scope: "mine" (the viewer is the main mentor) or "location" (all in reach, for a coordinator
    optionally one ``location_id``). flag: keep only rows with this flag. sort: "attention"
    (flags first), "name" or "activity" (most recent first). Lessons count only while they are in
    the ``catalogue`` (the app's by default): a renamed lesson is started afresh.
    """
    now = now or utcnow()
    current_lesson = _in_catalogue(catalogue or get_catalogue())
    query = learners_in_reach(viewer).where(User.active.is_(True))
    if scope == "mine":
        query = query.where(User.main_mentor_id == viewer.id)
    if location_id is not None and viewer.is_coordinator:
        query = query.where(User.location_id == location_id)
    learners = list(db.session.scalars(query))
    rows = {learner.id: LearnerRow(learner) for learner in learners}
    if not rows:
        return []
    ids = learners_subquery = query.with_only_columns(User.id).scalar_subquery()

    for user_id, course_id, completed, last_visit in db.session.execute(
        select(LessonProgress.user_id, LessonProgress.course_id,
               func.sum(case((and_(LessonProgress.status == LessonStatus.COMPLETED.value, current_lesson), 1), else_=0)),
               func.max(LessonProgress.last_visited_at))
        .where(LessonProgress.user_id.in_(ids))
        .group_by(LessonProgress.user_id, LessonProgress.course_id)
    ):
        row = rows[user_id]
        row.completed[course_id] = int(completed or 0)
        last_visit = _aware(last_visit)
        if last_visit and (row.last_activity is None or last_visit > row.last_activity):
            row.last_activity = last_visit

    for row in rows.values():
        seen = row.learner.last_active_at
        if seen and (row.last_activity is None or seen > row.last_activity):
            row.last_activity = seen

    # The three latest attempts per learner: a small index range scan per learner (no window over
    # a year of attempts), one statement for all of them.
    latest_ids = (
        select(QuizAttempt.id).where(QuizAttempt.user_id == User.id)
        .order_by(QuizAttempt.created_at.desc(), QuizAttempt.id.desc()).limit(3)
        .correlate(User).scalar_subquery()
    )
    recent = (
        select(QuizAttempt.user_id, QuizAttempt.course_id, QuizAttempt.lesson_slug, QuizAttempt.score,
               QuizAttempt.total, QuizAttempt.passed, QuizAttempt.created_at)
        .select_from(User).join(QuizAttempt, QuizAttempt.id.in_(latest_ids))
        .where(User.id.in_(learners_subquery))
        .order_by(QuizAttempt.user_id, QuizAttempt.created_at.desc(), QuizAttempt.id.desc())
    )
    for user_id, course_id, slug, score, total, passed, created in db.session.execute(recent):
        rows[user_id].latest_attempts.append(AttemptSummary(course_id, slug, score, total, passed, _aware(created)))

    # Stuck: the same quiz failed at least twice and never passed …
    stuck: set[int] = set(db.session.scalars(
        select(QuizAttempt.user_id)
        .where(QuizAttempt.user_id.in_(ids))
        .group_by(QuizAttempt.user_id, QuizAttempt.course_id, QuizAttempt.lesson_slug)
        .having(and_(func.sum(case((QuizAttempt.passed.is_(False), 1), else_=0)) >= 2,
                     func.sum(case((QuizAttempt.passed.is_(True), 1), else_=0)) == 0))
    ))
    # … or a lesson started long ago and not finished.
    stuck |= set(db.session.scalars(
        select(LessonProgress.user_id).distinct()
        .where(LessonProgress.user_id.in_(ids), LessonProgress.status == LessonStatus.STARTED.value,
               LessonProgress.started_at < now - timedelta(days=stuck_days), current_lesson)
    ))

    for request in db.session.scalars(
        select(HelpRequest).where(HelpRequest.learner_id.in_(ids), HelpRequest.is_active,
                                  signed_in_somewhere(HelpRequest.learner_id))
        .order_by(HelpRequest.created_at)
    ):
        rows[request.learner_id].help_request = rows[request.learner_id].help_request or request

    # The appointment agreed at the latest meeting, not in the check-in entered last (a meeting
    # can be entered afterwards).
    latest_meeting = (
        select(CheckIn.id).where(CheckIn.learner_id == User.id)
        .order_by(CheckIn.met_on.desc(), CheckIn.id.desc()).limit(1)
        .correlate(User).scalar_subquery()
    )
    for learner_id, appointment in db.session.execute(
        select(CheckIn.learner_id, CheckIn.next_appointment)
        .select_from(User).join(CheckIn, CheckIn.id == latest_meeting)
        .where(User.id.in_(learners_subquery))
    ):
        rows[learner_id].next_appointment = _aware(appointment)

    inactive_before = now - timedelta(days=inactive_days)
    for row in rows.values():
        if row.help_request is not None:
            row.flags.append("help")
        if row.learner.id in stuck:
            row.flags.append("stuck")
        if row.next_appointment is not None and row.next_appointment <= now:
            row.flags.append("checkin_due")
        # Someone who has not done anything yet counts from the day the account was made.
        if (row.last_activity or _aware(row.learner.created_at)) < inactive_before:
            row.flags.append("inactive")

    result = [r for r in rows.values() if flag is None or flag in r.flags]
    if sort == "name":
        result.sort(key=lambda r: r.learner.display_name.casefold())
    elif sort == "activity":
        result.sort(key=lambda r: r.last_activity or datetime.min.replace(tzinfo=now.tzinfo), reverse=True)
    else:
        result.sort(key=lambda r: (r.priority, r.learner.display_name.casefold()))
    return result


def _in_catalogue(catalogue: Catalogue) -> ColumnElement[bool]:
    """The progress row is of a lesson the catalogue still has (as the learner's own summaries count)."""
    return or_(false(), *(
        and_(LessonProgress.course_id == course.id, LessonProgress.lesson_slug.in_([l.slug for l in course.lessons]))
        for course in catalogue.courses.values()
    ))


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------- learner page


@dataclass
class AttemptDetail:
    attempt: QuizAttempt
    wrong_questions: list[int]  # indexes of questions answered wrongly


def attempts_with_mistakes(learner: User) -> list[AttemptDetail]:
    attempts = list(db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == learner.id)
        .order_by(QuizAttempt.created_at.desc(), QuizAttempt.id.desc()).limit(200)
    ))
    if not attempts:
        return []
    wrong: dict[int, list[int]] = {a.id: [] for a in attempts}
    for attempt_id, index in db.session.execute(
        select(QuizAnswer.attempt_id, QuizAnswer.question_index)
        .where(QuizAnswer.attempt_id.in_(list(wrong)), QuizAnswer.correct.is_(False))
        .order_by(QuizAnswer.question_index)
    ):
        wrong[attempt_id].append(index)
    return [AttemptDetail(a, wrong[a.id]) for a in attempts]


@dataclass
class TimelineEntry:
    when: datetime
    kind: str  # "started" | "completed" | "quiz" | "checkin" | "help"
    course_id: str | None = None
    lesson_slug: str | None = None
    detail: str = ""


def timeline(learner: User, limit: int = 60) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for row in db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == learner.id)):
        entries.append(TimelineEntry(row.started_at, "started", row.course_id, row.lesson_slug))
        if row.completed_at:
            entries.append(TimelineEntry(row.completed_at, "completed", row.course_id, row.lesson_slug))
    for attempt in db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.user_id == learner.id).order_by(QuizAttempt.created_at.desc()).limit(limit)
    ):
        entries.append(TimelineEntry(attempt.created_at, "quiz", attempt.course_id, attempt.lesson_slug,
                                     f"{attempt.score}/{attempt.total}"))
    for check_in in db.session.scalars(select(CheckIn).where(CheckIn.learner_id == learner.id)):
        entries.append(TimelineEntry(check_in.created_at, "checkin"))
    for request in db.session.scalars(select(HelpRequest).where(HelpRequest.learner_id == learner.id)):
        entries.append(TimelineEntry(request.created_at, "help", request.course_id, request.lesson_slug))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def check_ins(learner: User) -> list[CheckIn]:
    return list(db.session.scalars(
        select(CheckIn).where(CheckIn.learner_id == learner.id).order_by(CheckIn.met_on.desc(), CheckIn.id.desc())
    ))


# ---------------------------------------------------------------- check-ins


def _snapshot(check_in: CheckIn) -> dict:
    data = {}
    for name in CHECKIN_FIELDS:
        value = getattr(check_in, name)
        data[name] = value.isoformat() if isinstance(value, (date, datetime)) else value
    return data


def create_check_in(author: User, learner: User, values: dict) -> CheckIn:
    now = utcnow()
    check_in = CheckIn(learner_id=learner.id, author_id=author.id, updated_at=now, created_at=now,
                       **{k: values[k] for k in CHECKIN_FIELDS})
    db.session.add(check_in)
    stats.record("checkin", location_id=learner.location_id)
    db.session.flush()
    return check_in


def can_edit_in_place(editor: User, check_in: CheckIn, today: date, zone: tzinfo) -> bool:
    """The author may correct a check-in on the day it was written (``today`` and the day both in
    ``zone``, the centre's time zone), as long as nobody else changed it since: once there is a
    revision, every change keeps the version it replaces."""
    return (editor.id == check_in.author_id and check_in.created_at.astimezone(zone).date() == today
            and not check_in.revisions)


def check_in_version(check_in: CheckIn) -> str:
    """What the edit form carries to notice that someone saved the check-in after it was opened."""
    return check_in.updated_at.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S%f")


def update_check_in(editor: User, check_in: CheckIn, values: dict, zone: tzinfo, now: datetime | None = None) -> bool:
    """Change a check-in. Returns True when the old version was kept as a revision."""
    now = now or utcnow()
    keep_history = not can_edit_in_place(editor, check_in, now.astimezone(zone).date(), zone)
    if keep_history:
        db.session.add(CheckInRevision(check_in=check_in, editor_id=editor.id, previous=_snapshot(check_in)))
    for name in CHECKIN_FIELDS:
        setattr(check_in, name, values[name])
    check_in.updated_at = now
    db.session.flush()
    return keep_history


def latest_next_steps(learner_id: int) -> CheckIn | None:
    """The newest check-in that agreed next steps, for the learner's home page."""
    return db.session.scalar(
        select(CheckIn).where(CheckIn.learner_id == learner_id, CheckIn.next_steps != "")
        .order_by(CheckIn.met_on.desc(), CheckIn.id.desc()).limit(1)
    )


# ---------------------------------------------------------------- learner accounts


LEARNER_FIELDS = ("display_name", "language", "location_id", "main_mentor_id", "real_name", "contact", "certificate_name")
REQUIRED_FIELDS = ("display_name", "language")


def update_learner(learner: User, values: dict) -> None:
    """Change a learner's details; empty optional texts become None, required ones stay as they were.

    A learner who moves takes her open calls for help along: the mentors of the new location answer them.
    """
    for name in LEARNER_FIELDS:
        if name not in values:
            continue
        value = values[name].strip() or None if isinstance(values[name], str) else values[name]
        if value is None and name in REQUIRED_FIELDS:
            continue
        setattr(learner, name, value)
    db.session.execute(
        update(HelpRequest).where(HelpRequest.learner_id == learner.id, HelpRequest.is_active,
                                  HelpRequest.location_id.is_distinct_from(learner.location_id))
        .values(location_id=learner.location_id).execution_options(synchronize_session="fetch")
    )
    db.session.flush()
