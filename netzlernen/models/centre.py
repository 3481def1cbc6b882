"""The centre's own settings, consent texts, the anonymous statistics and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, created_at, int_pk


class Setting(db.Model):
    """A centre setting the coordinator can change (name, idle time-out, …), as JSON."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class ConsentText(db.Model):
    """A version of the text a learner agrees to. Never changed: a new text is a new version."""

    __tablename__ = "consent_text"

    id: Mapped[int_pk]
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class ConsentRecord(db.Model):
    """That a learner agreed to a consent text, recorded by a mentor, and when."""

    __tablename__ = "consent_record"

    id: Mapped[int_pk]
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    consent_text_id: Mapped[int] = mapped_column(ForeignKey("consent_text.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    recorded_at: Mapped[created_at]


class StatEvent(db.Model):
    """An anonymous count for the funder report: what happened, where and when; never who.

    Erasing a learner removes everything about the person, but these counts stay.
    """

    __tablename__ = "stat_event"
    __table_args__ = (Index("ix_stat_event_kind_when", "kind", "occurred_at"),)

    id: Mapped[int_pk]
    kind: Mapped[str] = mapped_column(String(32))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="SET NULL"))
    course_id: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[created_at]


class AuditEntry(db.Model):
    """Who looked at or changed a learner's data, and when. The app only adds entries, except that
    erasing a staff account replaces its name in the entries it made (audit.FORMER_STAFF)."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_at", "at"),)

    id: Mapped[int_pk]
    at: Mapped[created_at]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(48))
    # A plain number, not a foreign key: the entry outlives an erased learner, without a name.
    learner_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(String(255), default="")


class Certificate(db.Model):
    """A certificate of participation. What it confirms is copied in, so it stays verifiable."""

    __tablename__ = "certificate"

    id: Mapped[int_pk]
    code: Mapped[str] = mapped_column(String(32), unique=True)
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    course_id: Mapped[str] = mapped_column(String(64))
    course_title: Mapped[str] = mapped_column(String(200))
    objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    completed_on: Mapped[datetime] = mapped_column(UTCDateTime)
    centre_name: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(120))
    show_name: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(5), default="de")
    created_at: Mapped[created_at]
    # Set when staff replaced it (a wrong name, say): its code then says so, and a new one can be made.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RateLimitCounter(db.Model):
    """Rate-limit counters kept in the database, so that every app server and worker shares them."""

    __tablename__ = "rate_limit_counter"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int]
    expires_at: Mapped[float] = mapped_column(index=True)  # seconds since the epoch


class UsedSubmission(db.Model):
    """A form that created something was sent with this one-time id; a repeat of it (a double-click,
    a reload) leads to ``url``, what the first one made, instead of making it again. Kept a day."""

    __tablename__ = "used_submission"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[created_at] = mapped_column(index=True)
