"""Shared column types for the models."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

from sqlalchemy import DateTime, Integer, String, TypeDecorator
from sqlalchemy.orm import mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC without a zone (SQLite keeps none) and always returns aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # type: ignore[override]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use netzlernen.models.base.utcnow()")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # type: ignore[override]
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


int_pk = Annotated[int, mapped_column(Integer, primary_key=True)]
created_at = Annotated[datetime, mapped_column(UTCDateTime, default=utcnow, nullable=False)]
timestamp = Annotated[datetime, mapped_column(UTCDateTime, nullable=False)]
course_id = Annotated[str, mapped_column(String(64), nullable=False)]
lesson_slug = Annotated[str, mapped_column(String(64), nullable=False)]
language_code = Annotated[str, mapped_column(String(5), nullable=False, default="de")]
