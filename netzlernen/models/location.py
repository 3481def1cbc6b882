"""Places of the learning centre (Standorte). Every learner and mentor belongs to one."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import created_at, int_pk


class Location(db.Model):
    __tablename__ = "location"

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[created_at]
