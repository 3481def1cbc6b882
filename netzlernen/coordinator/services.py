"""The coordinator's work: staff and locations, and data protection (export, erasure, retention, audit log).
The funder report is in report.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from .. import audit, consent, pictograms
from ..auth import services as accounts
from ..extensions import db
from ..models import (
    AuditEntry, Certificate, CheckIn, CheckInRevision, ConsentRecord, ConsentText, FreshSecret, HelpRequest, HelpStatus,
    LessonProgress, Location, LoginSession, PlanItem, PracticeResult, QuizAnswer, QuizAttempt, Role, User,
)
from ..models.base import utcnow
from ..certificates.services import pretty_code

# ---------------------------------------------------------------- staff and locations


def staff() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_([Role.MENTOR.value, Role.COORDINATOR.value])).order_by(User.display_name)
    ))


def staff_member(user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.is_staff else None


def set_password(user: User, password: str, *, by: User) -> None:
    """A new password for a staff member; one chosen for someone else is theirs to replace."""
    if len(password) < 8:
        raise accounts.AccountError("a password has at least 8 characters")
    user.password_hash = accounts.hash_secret(password)
    user.password_change_required = user.id != by.id
    accounts.unlock(user)
    accounts.end_all_sessions(user)


def can_erase_staff(member: User, by: User) -> bool:
    """Only someone else's account, switched off, and never the last coordinator's."""
    if member.id == by.id or member.active:
        return False
    other_coordinators = select(func.count()).select_from(User).where(
        User.role == Role.COORDINATOR.value, User.active.is_(True), User.id != member.id)
    return bool(db.session.scalar(other_coordinators))


# Where a staff member is named by id: these records are other people's and stay, without the name.
STAFF_REFERENCES = (CheckIn.author_id, CheckInRevision.editor_id, PlanItem.assigned_by_id, HelpRequest.taken_by_id,
                    ConsentRecord.recorded_by_id, ConsentText.created_by_id, User.main_mentor_id, AuditEntry.actor_id)


def erase_staff(member: User) -> None:
    """Remove a staff account for good (DSGVO Art. 17): username, name, password and sign-ins.
    What they wrote stays for the learners and the audit trail: the log names them by number
    (audit.former_staff), the other records name no one."""
    member_id = member.id
    accounts.release_help_taken_by(member_id)
    db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == member_id)
                       .values(actor_name=audit.former_staff(member_id)))
    # Named here rather than left to ON DELETE: SQLite enforces foreign keys only where they are on.
    for column in STAFF_REFERENCES:
        db.session.execute(update(column.table).where(column == member_id).values({column.key: None}))
    for column in (LoginSession.user_id, FreshSecret.made_by_id):
        db.session.execute(column.table.delete().where(column == member_id))
    db.session.delete(member)
    db.session.flush()


class LocationNameTaken(ValueError):
    """Another location has this name already."""


def _check_location_name_free(name: str, location_id: int | None = None) -> None:
    # SQLite's lower() leaves letters like Ü alone, so the exact name is compared as well.
    query = select(Location.id).where(or_(Location.name == name, func.lower(Location.name) == name.lower()))
    if location_id is not None:
        query = query.where(Location.id != location_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise LocationNameTaken(name)


def add_location(name: str, address: str | None) -> Location:
    """The new location; raises LocationNameTaken if another one has this name (in any case)."""
    name = name.strip()
    _check_location_name_free(name)
    location = Location(name=name, address=(address or "").strip() or None)
    db.session.add(location)
    db.session.flush()
    return location


def change_location(location: Location, name: str, address: str | None) -> None:
    """Rename the location and set its address; raises LocationNameTaken like add_location."""
    name = name.strip()
    _check_location_name_free(name, location.id)
    location.name = name
    location.address = (address or "").strip() or None
    db.session.flush()


# ---------------------------------------------------------------- data protection


def all_learners(location_id: int | None = None) -> list[User]:
    query = select(User).where(User.role == Role.LEARNER.value)
    if location_id is not None:
        query = query.where(User.location_id == location_id)
    return list(db.session.scalars(query.order_by(User.display_name)))


def json_value(value):
    """For json.dumps of an export: dates and times in ISO 8601 (times in UTC, as stored)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not in an export")


def _row(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


# What the export's sections and fields are called on the coordinator's page (the JSON keeps the
# keys). A key missing here is shown as it is.
EXPORT_LABELS = {
    "person": _l("Learner"), "display_settings": _l("Display"), "signed_in": _l("Sign-ins"), "consent": _l("Consent"),
    "lessons": _l("Lessons"), "quiz_attempts": _l("Quiz attempts"), "practice": _l("Practice"),
    "check_ins": _l("Check-ins"), "learning_plan": _l("Learning plan"), "help_requests": _l("Calls for help"),
    "certificates": _l("Certificates"), "audit_log": _l("Audit log"),
    "id": _l("Learner number"), "display_name": _l("First name or nickname"), "real_name": _l("Full name"),
    "contact": _l("Contact"), "certificate_name": _l("Name on certificates"), "language": _l("Language"),
    "signin_code": _l("Sign-in code"), "signin_method": _l("Signs in with"), "active": _l("Account is switched on"),
    "created_at": _l("Created on"), "last_active_at": _l("Last activity"),
    "activated_at": _l("Activated (started a lesson)"), "qualified_at": _l("Qualified (completed a course)"),
    "locked_until": _l("Locked until"), "failed_signins": _l("Failed sign-ins"), "name_pictures": _l("Name pictures"),
    "location": _l("Location"), "main_mentor": _l("Main mentor"), "pin": _l("PIN"),
    "text_size": _l("Text size"), "high_contrast": _l("Strong contrast (black on white, thick lines)"),
    "reduced_motion": _l("No movement on the screen"),
    "side_by_side": _l("Show the German text next to my language in lessons"),
    "last_seen_at": _l("Last seen"), "recorded_at": _l("When"), "text_version": _l("Text version"),
    "text": _l("Consent text"), "course_id": _l("Course"), "lesson_slug": _l("Lesson"), "status": _l("Status"),
    "started_at": _l("Started"), "completed_at": _l("Completed on"), "last_visited_at": _l("Last activity"),
    "score": _l("Result"), "total": _l("Total"), "passed": _l("Passed"), "answers": _l("Answers"),
    "question_index": _l("Question number"), "chosen": _l("Answer chosen"), "correct": _l("Right"),
    "practice_index": _l("Exercise number"), "practice_type": _l("Kind of exercise"), "attempts": _l("Tries"),
    "mistakes": _l("Mistakes"), "seconds": _l("Time in seconds"), "skipped": _l("Skipped"),
    "met_on": _l("Date"), "duration_minutes": _l("Duration in minutes"), "mode": _l("How did you meet?"),
    "confidence": _l("How confident does the learner feel?"), "topics": _l("Topics"),
    "courses": _l("Courses talked about"), "private_notes": _l("Private notes"), "next_steps": _l("Next steps"),
    "next_appointment": _l("Next appointment"), "updated_at": _l("Last changed"),
    "earlier_versions": _l("Earlier versions"), "changed_at": _l("When"), "previous": _l("Before the change"),
    "position": _l("Place in the plan"), "taken_at": _l("Taken on"), "closed_at": _l("Closed on"),
    "code": _l("Code"), "course_title": _l("Course"), "completed_on": _l("Completed on"),
    "centre_name": _l("Learning centre"), "name": _l("Name"), "show_name": _l("Name shown when checked"),
    "withdrawn_at": _l("Replaced on"),
    "at": _l("When"), "action": _l("What"), "detail": _l("Detail"),
    **dict.fromkeys(("recorded_by", "written_by", "changed_by", "assigned_by", "taken_by", "actor_name"), _l("Who")),
}
PIN_IN_EXPORT = "stored only as a one-way hash"
# Stored codes that the page shows in words, by field.
EXPORT_VALUES = {
    "pin": {PIN_IN_EXPORT: _l("Stored only in a form that cannot be turned back")},
    "signin_method": {"pin": _l("code and PIN"), "pictures": _l("pictures")},
    "text_size": {0: _l("Normal"), 1: _l("Large"), 2: _l("Very large")},
    "status": {"started": _l("started"), "completed": _l("completed"), "open": _l("Needs help now"),
               "taken": _l("Someone is on the way"), "closed": _l("done"), "cancelled": _l("cancelled")},
    "mode": {"in_person": _l("in person"), "phone": _l("by phone")},
    "confidence": {1: _l("1 – very unsure"), 2: _l("2 – unsure"), 3: _l("3 – so-so"), 4: _l("4 – confident"),
                   5: _l("5 – very confident")},
    **dict.fromkeys(("recorded_by", "written_by", "changed_by", "assigned_by", "taken_by"),
                    {audit.FORMER_STAFF: audit.FORMER_STAFF_LABEL}),
    "action": audit.ACTION_LABELS,
    "detail": audit.DETAIL_LABELS,
    "name_pictures": dict(pictograms.PICTOGRAMS),
}


def _display_names(ids) -> dict[int, str]:
    """The display names of the given users (staff in the export), by id."""
    wanted = {user_id for user_id in ids if user_id is not None}
    if not wanted:
        return {}
    return {user_id: name for user_id, name in db.session.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))}


def _check_in_before(revision: CheckInRevision) -> dict:
    """A check-in's earlier version, with its date and appointment as such again (kept as ISO text),
    so that the page shows them like the current version's."""
    values = dict(revision.previous)
    if values.get("met_on"):
        values["met_on"] = date.fromisoformat(values["met_on"])
    if values.get("next_appointment"):
        values["next_appointment"] = datetime.fromisoformat(values["next_appointment"])
    return values


def export_learner(learner: User) -> dict:
    """Everything NetzLernen stores about one learner (DSGVO Art. 15 and 20), as plain data
    (dates and times as such: json_value writes them for the JSON download)."""
    attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == learner.id).order_by(QuizAttempt.id)).all()
    answers = {}
    if attempts:
        for answer in db.session.scalars(select(QuizAnswer).where(QuizAnswer.attempt_id.in_([a.id for a in attempts]))):
            answers.setdefault(answer.attempt_id, []).append(_row(answer, ("question_index", "chosen", "correct")))
    check_ins = db.session.scalars(select(CheckIn).where(CheckIn.learner_id == learner.id).order_by(CheckIn.id)).all()
    revisions: dict[int, list[CheckInRevision]] = {}
    if check_ins:
        for revision in db.session.scalars(select(CheckInRevision).where(CheckInRevision.check_in_id.in_([c.id for c in check_ins]))
                                           .order_by(CheckInRevision.id)):
            revisions.setdefault(revision.check_in_id, []).append(revision)
    consents = consent.records_of(learner.id)
    plan = db.session.scalars(select(PlanItem).where(PlanItem.learner_id == learner.id).order_by(PlanItem.position)).all()
    help_requests = db.session.scalars(select(HelpRequest).where(HelpRequest.learner_id == learner.id).order_by(HelpRequest.id)).all()
    staff = _display_names(
        [c.author_id for c in check_ins] + [r.editor_id for kept in revisions.values() for r in kept]
        + [record.recorded_by_id for record, _text in consents] + [p.assigned_by_id for p in plan]
        + [h.taken_by_id for h in help_requests])

    def who(user_id: int | None, happened: bool = True) -> str | None:
        """The staff member's name; a record someone made whose account was erased since names FORMER_STAFF."""
        if user_id is None:
            return audit.FORMER_STAFF if happened else None
        return staff.get(user_id)

    return {
        "person": {
            **_row(learner, ("id", "display_name", "real_name", "contact", "certificate_name", "language", "signin_code",
                             "signin_method", "active", "created_at", "last_active_at", "activated_at", "qualified_at",
                             "locked_until", "failed_signins")),
            "name_pictures": [pictograms.PICTOGRAMS[index][0] for index in pictograms.decode(learner.picture_code)],
            "location": learner.location.name if learner.location else None,
            "main_mentor": learner.main_mentor.display_name if learner.main_mentor else None,
            "pin": PIN_IN_EXPORT,
        },
        "display_settings": _row(learner, ("text_size", "high_contrast", "reduced_motion", "side_by_side")),
        "signed_in": [_row(s, ("created_at", "last_seen_at"))
                      for s in db.session.scalars(select(LoginSession).where(LoginSession.user_id == learner.id).order_by(LoginSession.created_at))],
        "consent": [{"recorded_at": record.recorded_at, "recorded_by": who(record.recorded_by_id),
                     "text_version": text.id, "text": text.text}
                    for record, text in consents],
        "lessons": [_row(r, ("course_id", "lesson_slug", "status", "started_at", "completed_at", "last_visited_at"))
                    for r in db.session.scalars(select(LessonProgress).where(LessonProgress.user_id == learner.id).order_by(LessonProgress.id))],
        "quiz_attempts": [{**_row(a, ("course_id", "lesson_slug", "language", "score", "total", "passed", "created_at")),
                           "answers": answers.get(a.id, [])} for a in attempts],
        "practice": [_row(p, ("course_id", "lesson_slug", "practice_index", "practice_type", "attempts", "mistakes", "seconds",
                              "skipped", "created_at"))
                     for p in db.session.scalars(select(PracticeResult).where(PracticeResult.user_id == learner.id).order_by(PracticeResult.id))],
        "check_ins": [{**_row(c, ("met_on", "duration_minutes", "mode", "confidence", "topics", "courses", "private_notes",
                                  "next_steps", "next_appointment", "created_at", "updated_at")),
                       "written_by": who(c.author_id),
                       "earlier_versions": [{"changed_at": r.changed_at, "previous": _check_in_before(r), "changed_by": who(r.editor_id)}
                                            for r in revisions.get(c.id, [])]}
                      for c in check_ins],
        "learning_plan": [{**_row(p, ("course_id", "position", "created_at")), "assigned_by": who(p.assigned_by_id)}
                          for p in plan],
        "help_requests": [{**_row(h, ("course_id", "lesson_slug", "status", "created_at", "taken_at", "closed_at")),
                           "taken_by": who(h.taken_by_id, happened=h.taken_at is not None and h.status != HelpStatus.OPEN.value)}
                          for h in help_requests],
        "certificates": [{**_row(c, ("code", "course_id", "course_title", "completed_on", "centre_name", "name", "show_name",
                                     "language", "created_at", "withdrawn_at")),
                          "code": pretty_code(c.code)}
                         for c in db.session.scalars(select(Certificate).where(Certificate.learner_id == learner.id))],
        "audit_log": [_row(e, ("at", "actor_name", "action", "detail"))
                      for e in db.session.scalars(select(AuditEntry).where(AuditEntry.learner_id == learner.id).order_by(AuditEntry.id))],
    }


def erase_learner(learner: User) -> None:
    """Remove the person for good (DSGVO Art. 17). Anonymous counts and the audit trail (by number
    only) stay; certificates stay verifiable for course and date, without the name."""
    learner_id = learner.id
    db.session.execute(update(Certificate).where(Certificate.learner_id == learner_id)
                       .values(learner_id=None, name=None, show_name=False))
    # Every table about the person, named here rather than left to ON DELETE CASCADE: SQLite
    # enforces foreign keys only on connections that switch them on.
    attempts = select(QuizAttempt.id).where(QuizAttempt.user_id == learner_id)
    check_ins = select(CheckIn.id).where(CheckIn.learner_id == learner_id)
    db.session.execute(QuizAnswer.__table__.delete().where(QuizAnswer.attempt_id.in_(attempts)))
    db.session.execute(CheckInRevision.__table__.delete().where(CheckInRevision.check_in_id.in_(check_ins)))
    for column in (LessonProgress.user_id, QuizAttempt.user_id, PracticeResult.user_id, CheckIn.learner_id,
                   PlanItem.learner_id, HelpRequest.learner_id, ConsentRecord.learner_id, LoginSession.user_id,
                   FreshSecret.learner_id):
        db.session.execute(column.table.delete().where(column == learner_id))
    db.session.delete(learner)
    db.session.flush()


def retention_candidates(months: int, now: datetime | None = None) -> list[User]:
    """Learners without activity for longer than ``months`` months (never active: since created).

    Activity is signing in, and also a check-in with a mentor or a call for help: a learner who
    meets a mentor regularly is not erased, with those check-ins, for not signing in.
    """
    limit = (now or utcnow()) - timedelta(days=round(months * 30.44))
    recent_check_in = select(CheckIn.id).where(CheckIn.learner_id == User.id, CheckIn.met_on >= limit.date())
    recent_help = select(HelpRequest.id).where(HelpRequest.learner_id == User.id, HelpRequest.created_at >= limit)
    return list(db.session.scalars(
        select(User).where(User.role == Role.LEARNER.value, or_(
            User.last_active_at < limit, (User.last_active_at.is_(None)) & (User.created_at < limit)),
            ~recent_check_in.exists(), ~recent_help.exists())
        .order_by(User.last_active_at)
    ))


def audit_entries(page: int, per_page: int = 100, learner_id: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if learner_id is not None:
        query = query.where(AuditEntry.learner_id == learner_id)
    return list(db.session.scalars(query.offset(max(0, page - 1) * per_page).limit(per_page)))
