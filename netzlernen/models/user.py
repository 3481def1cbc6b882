"""People who sign in: learners (code and PIN) and staff (username and password)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, created_at, int_pk, language_code, timestamp
from .location import Location  # noqa: F401  (relationship target)


class Role(str, enum.Enum):
    LEARNER = "learner"
    MENTOR = "mentor"
    COORDINATOR = "coordinator"


class User(db.Model):
    __tablename__ = "user"
    # SQLite would hand the id of the newest erased learner to the next one, and with it the
    # erased person's audit entries (kept by number); AUTOINCREMENT never reuses an id.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int_pk]
    role: Mapped[str] = mapped_column(String(20), default=Role.LEARNER.value)
    display_name: Mapped[str] = mapped_column(String(80))
    signin_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    username: Mapped[str | None] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # A password someone else chose (the coordinator, for a new account or a forgotten one): its
    # owner must choose their own before anything else, so that nobody else knows it.
    password_change_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    language: Mapped[language_code]
    failed_signins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("location.id", ondelete="SET NULL"), index=True)
    main_mentor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Optional, and shown as optional: a first name or nickname (display_name) is enough.
    real_name: Mapped[str | None] = mapped_column(String(120))
    contact: Mapped[str | None] = mapped_column(String(255))
    # The full name as the mentor entered it for certificates.
    certificate_name: Mapped[str | None] = mapped_column(String(120))
    # How the learner signs in: "pin" (code and PIN) or "pictures" (a sequence of pictograms).
    signin_method: Mapped[str] = mapped_column(String(12), default="pin", server_default="pin")
    picture_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    # Display settings live in the profile, not the shared browser: applied at sign-in on any PC.
    text_size: Mapped[int] = mapped_column(default=0, server_default="0")  # 0 normal, 1 large, 2 larger
    high_contrast: Mapped[bool] = mapped_column(default=False, server_default=false())
    reduced_motion: Mapped[bool] = mapped_column(default=False, server_default=false())
    side_by_side: Mapped[bool] = mapped_column(default=False, server_default=false())
    # First lesson started and first course completed: the funder counts "activated" and "qualified".
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    qualified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[created_at]
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    location: Mapped["Location | None"] = relationship(lazy="joined")
    main_mentor: Mapped["User | None"] = relationship(remote_side="User.id", lazy="select")
    sessions: Mapped[list["LoginSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Set by the session loader: the token of the sign-in this request belongs to.
    current_session_token = None  # type: str | None
    # Set by the session loader too: "open" or "taken" while the learner's call for help is active.
    help_status = None  # type: str | None

    # Flask-Login's user protocol.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        return self.current_session_token

    @property
    def is_learner(self) -> bool:
        return self.role == Role.LEARNER.value

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.MENTOR.value, Role.COORDINATOR.value)

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR.value

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class LoginSession(db.Model):
    """A signed-in browser. Signing out deletes it, so a copied cookie is worthless afterwards."""

    __tablename__ = "login_session"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[created_at]
    last_seen_at: Mapped[timestamp]

    user: Mapped[User] = relationship(back_populates="sessions")


class FreshSecret(db.Model):
    """A learner's new PIN or secret pictures in clear, for the staff member who made them to hand
    over and print on the card in the next minutes. Kept here, not in that browser's cookie, so it
    can expire and a newer secret (by anyone) replaces it."""

    __tablename__ = "fresh_secret"

    # The key: a learner has at most one fresh secret, the newest.
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    made_by_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    secret: Mapped[str] = mapped_column(String(64))  # the PIN, or PICTURE_PREFIX and the pictures
    created_at: Mapped[created_at]
