"""Meetings of a mentor with a learner, with a history of later corrections, and learning plans."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, course_id, created_at, int_pk, timestamp


class CheckIn(db.Model):
    __tablename__ = "check_in"
    __table_args__ = (Index("ix_check_in_learner_met", "learner_id", "met_on"),)

    id: Mapped[int_pk]
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    met_on: Mapped[date] = mapped_column(Date)
    duration_minutes: Mapped[int]
    mode: Mapped[str] = mapped_column(String(16))  # "in_person" | "phone"
    confidence: Mapped[int]  # 1 (not at all) … 5 (very)
    topics: Mapped[str] = mapped_column(Text, default="")
    courses: Mapped[list[str]] = mapped_column(JSON, default=list)
    private_notes: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    next_appointment: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[created_at]
    updated_at: Mapped[timestamp]

    revisions: Mapped[list["CheckInRevision"]] = relationship(
        back_populates="check_in", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CheckInRevision.id",
    )


class CheckInRevision(db.Model):
    """The version of a check-in before a later change: corrections after the day are kept."""

    __tablename__ = "check_in_revision"

    id: Mapped[int_pk]
    check_in_id: Mapped[int] = mapped_column(ForeignKey("check_in.id", ondelete="CASCADE"), index=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    changed_at: Mapped[created_at]
    previous: Mapped[dict] = mapped_column(JSON)

    check_in: Mapped[CheckIn] = relationship(back_populates="revisions")


class PlanItem(db.Model):
    """A course in a learner's plan ("Mein Lernplan"), in the order the mentor set."""

    __tablename__ = "plan_item"
    __table_args__ = (Index("ix_plan_item_learner_position", "learner_id", "position"),)

    id: Mapped[int_pk]
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[course_id]
    position: Mapped[int]
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]
