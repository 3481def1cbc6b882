"""'Hilfe rufen': a learner at a kiosk asks for a mentor in the room."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ColumnElement, ForeignKey, Index, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, created_at, int_pk


class HelpStatus(str, enum.Enum):
    OPEN = "open"
    TAKEN = "taken"
    CLOSED = "closed"
    CANCELLED = "cancelled"


# A call for help is active until a mentor closes it or the learner cancels it.
ACTIVE_STATUSES = (HelpStatus.OPEN.value, HelpStatus.TAKEN.value)


class HelpRequest(db.Model):
    __tablename__ = "help_request"
    __table_args__ = (Index("ix_help_request_location_status", "location_id", "status"),)

    id: Mapped[int_pk]
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="SET NULL"))
    course_id: Mapped[str | None] = mapped_column(String(64))
    lesson_slug: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default=HelpStatus.OPEN.value)
    created_at: Mapped[created_at]
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @hybrid_property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @is_active.inplace.expression
    @classmethod
    def _is_active_expression(cls) -> ColumnElement[bool]:
        return cls.status.in_(ACTIVE_STATUSES)
