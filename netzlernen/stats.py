"""Anonymous events for the funder report: written when things happen, kept after erasure."""

from __future__ import annotations

from sqlalchemy import select

from .extensions import db
from .models import StatEvent, User
from .models.base import utcnow

KINDS = ("registered", "activated", "qualified", "course_completed", "lesson_completed", "checkin", "help_answered")


def record(kind: str, user_id: int | None = None, course_id: str | None = None, location_id: int | None = None) -> None:
    """Count one event. The learner's id only finds the location; it is not stored."""
    if kind not in KINDS:
        raise ValueError(kind)
    if location_id is None and user_id is not None:
        location_id = db.session.scalar(select(User.location_id).where(User.id == user_id))
    db.session.add(StatEvent(kind=kind, location_id=location_id, course_id=course_id, occurred_at=utcnow()))
