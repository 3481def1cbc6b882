"""Accounts, sign-in checks with lock-out, and server-side sign-in sessions."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from flask import current_app
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import lazyload
from werkzeug.security import check_password_hash, generate_password_hash

from .. import pictograms, settings, stats
from ..extensions import begin_write, db
from ..models import FreshSecret, HelpRequest, HelpStatus, LoginSession, Role, User
from ..models.base import utcnow

# No 0/O, 1/I, 2/Z, 5/S, 8/B: codes are read off a card and typed by beginners.
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
CODE_LENGTH = 6
PIN_LENGTH = 4
# Staff usernames: the same rule for the coordinator's form and `flask users create-staff`.
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._-]+$")
USERNAME_MAX_LENGTH = 80
# A hash to compare against when the code is unknown, so both cases take equally long.
_DUMMY_HASH = generate_password_hash("0000")

SignInOutcome = Literal["ok", "wrong", "locked", "inactive"]


@dataclass(frozen=True)
class SignInResult:
    outcome: SignInOutcome
    user: User | None = None
    locked_until: datetime | None = None


def hash_secret(secret: str) -> str:
    return generate_password_hash(secret, method=current_app.config["PASSWORD_HASH_METHOD"])


class AccountError(ValueError):
    """An account cannot be created or changed as asked."""


def normalize_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def is_valid_pin(pin: str) -> bool:
    return pin.isdigit() and 4 <= len(pin) <= 6 and pin.isascii()


def new_signin_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(User.id).where(User.signin_code == code)) is None:
            return code


def new_pin(length: int = PIN_LENGTH) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(length))


def create_learner(display_name: str, language: str = "de", *, pin: str | None = None,
                   code: str | None = None, location_id: int | None = None,
                   main_mentor_id: int | None = None, real_name: str | None = None,
                   contact: str | None = None) -> tuple[User, str]:
    """Create a learner. Returns the user and the PIN in clear (shown once, stored only hashed)."""
    display_name = display_name.strip()
    if not display_name:
        raise AccountError("display name is empty")
    pin = pin or new_pin()
    if not is_valid_pin(pin):
        raise AccountError("a PIN has 4 to 6 digits")
    code = normalize_code(code) if code else new_signin_code()
    if db.session.scalar(select(User.id).where(User.signin_code == code)) is not None:
        raise AccountError(f"the sign-in code {code} is taken")
    user = User(role=Role.LEARNER.value, display_name=display_name, signin_code=code,
                pin_hash=hash_secret(pin), language=language, location_id=location_id,
                main_mentor_id=main_mentor_id, real_name=(real_name or "").strip() or None,
                contact=(contact or "").strip() or None)
    db.session.add(user)
    db.session.flush()
    stats.record("registered", location_id=location_id)
    return user, pin


def create_staff(username: str, password: str, role: Role, display_name: str | None = None,
                 language: str = "de", location_id: int | None = None, *, chosen_by_someone_else: bool = False) -> User:
    """A staff account. ``chosen_by_someone_else``: the coordinator chose the password, so its
    owner replaces it at the first sign-in (not so for the operator's own account made on the command line)."""
    username = username.strip().lower()
    if not username:
        raise AccountError("username is empty")
    if len(username) > USERNAME_MAX_LENGTH or not USERNAME_PATTERN.match(username):
        raise AccountError(f"a username may only have letters (a-z), digits, dots, dashes and underscores, "
                           f"at most {USERNAME_MAX_LENGTH} in all; {username!r} does not fit")
    if len(password) < 8:
        raise AccountError("a password has at least 8 characters")
    if role not in (Role.MENTOR, Role.COORDINATOR):
        raise AccountError("staff are mentors or coordinators")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(f"the username {username} is taken")
    user = User(role=role.value, display_name=display_name or username, username=username,
                password_hash=hash_secret(password), language=language, location_id=location_id,
                password_change_required=chosen_by_someone_else)
    db.session.add(user)
    db.session.flush()
    return user


def _check(user: User | None, secret: str, hashed: str | None) -> SignInResult:
    """Check a secret against an account, counting failures and locking after too many."""
    now = utcnow()
    if user is None or hashed is None:
        check_password_hash(_DUMMY_HASH, secret)
        return SignInResult("wrong")
    if user.locked_until is not None and user.locked_until > now:
        return SignInResult("locked", user, user.locked_until)
    if not check_password_hash(hashed, secret):
        user.failed_signins += 1
        if user.failed_signins >= current_app.config["MAX_FAILED_SIGNINS"]:
            user.locked_until = now + timedelta(seconds=current_app.config["LOCKOUT_SECONDS"])
            user.failed_signins = 0
            db.session.flush()
            return SignInResult("locked", user, user.locked_until)
        db.session.flush()
        return SignInResult("wrong", user)
    if not user.active:
        return SignInResult("inactive", user)
    user.failed_signins = 0
    user.locked_until = None
    db.session.flush()
    return SignInResult("ok", user)


def check_learner(code: str, pin: str) -> SignInResult:
    code = normalize_code(code)
    user = db.session.scalar(
        select(User).where(User.signin_code == code, User.role == Role.LEARNER.value)
    ) if code else None
    return _check(user, pin, user.pin_hash if user else None)


def check_staff(username: str, password: str) -> SignInResult:
    user = db.session.scalar(
        select(User).where(User.username == username.strip().lower(),
                           User.role.in_([Role.MENTOR.value, Role.COORDINATOR.value]))
    )
    return _check(user, password, user.password_hash if user else None)


def unlock(user: User) -> None:
    user.locked_until = None
    user.failed_signins = 0
    db.session.flush()


def start_session(user: User) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    # A browser closed without signing out never comes back to end its session: such sessions go here.
    gone_idle = LoginSession.last_seen_at < now - idle_limit()
    left = db.session.scalars(select(LoginSession.user_id).where(gone_idle)).all()
    db.session.execute(delete(LoginSession).where(gone_idle))
    cancel_help_of_learners_who_left(left)
    db.session.add(LoginSession(token=token, user_id=user.id, last_seen_at=now))
    user.last_active_at = now
    user.current_session_token = token
    db.session.flush()
    return token


def signed_in_somewhere(user_id):
    """An SQL condition: the user (a column or an id) has a sign-in session that has not gone idle."""
    return select(LoginSession.token).where(
        LoginSession.user_id == user_id, LoginSession.last_seen_at >= utcnow() - idle_limit()).exists()


def cancel_help_of_learners_who_left(user_ids) -> None:
    """Cancel the open calls for help of these users who are not signed in anywhere any more (signed
    out, or their session went idle): nobody is at the PC, and the mentors' list must not show them.
    A learner who moved to another PC and is signed in there keeps her call."""
    if not user_ids:
        return
    db.session.execute(
        update(HelpRequest)
        .where(HelpRequest.learner_id.in_(set(user_ids)), HelpRequest.is_active,
               ~signed_in_somewhere(HelpRequest.learner_id))
        .values(status=HelpStatus.CANCELLED.value, closed_at=utcnow())
    )


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token == token))


# Last-seen times are written at most this often, so that reading a lesson costs no write.
TOUCH_INTERVAL = timedelta(seconds=30)


def idle_limit() -> timedelta:
    """How long the server keeps a session it has not heard of.

    The browser signs out after the idle time and the warning. The server hears of the last input
    up to one keep-alive interval late, and writes it down only every TOUCH_INTERVAL; without that
    margin it ended sessions of learners who were still typing, and their next answer was lost.
    """
    config = current_app.config
    return (timedelta(seconds=int(settings.get("idle_timeout")) + int(config["IDLE_WARNING"])
                      + int(config["KEEPALIVE_SECONDS"])) + TOUCH_INTERVAL)


# The learner's active call for help comes with the session: every learner page shows it.
_ACTIVE_HELP_STATUS = (
    select(HelpRequest.status)
    .where(HelpRequest.learner_id == User.id,
           HelpRequest.is_active)
    .order_by(HelpRequest.id.desc()).limit(1)
    .correlate(User).scalar_subquery()
)
# Built once: this runs on every request of a signed-in user.
_SESSION_AND_USER = (
    select(LoginSession.last_seen_at, User, _ACTIVE_HELP_STATUS)
    .select_from(LoginSession).join(User, LoginSession.user_id == User.id)
    .where(LoginSession.token == bindparam("token"))
    .options(lazyload(User.location))  # most pages never show it
)


def load_session(token: str) -> User | None:
    """The user of a live sign-in session, or None when it ended or went idle too long."""
    found = db.session.execute(_SESSION_AND_USER, {"token": token}).first()
    if found is None:
        return None
    last_seen_at, user, help_status = found
    now = utcnow()
    if now - last_seen_at > idle_limit() or not user.active:
        begin_write()
        db.session.execute(delete(LoginSession).where(LoginSession.token == token))
        cancel_help_of_learners_who_left([user.id])
        db.session.commit()
        return None
    if now - last_seen_at > TOUCH_INTERVAL:
        begin_write()
        db.session.execute(update(LoginSession).where(LoginSession.token == token).values(last_seen_at=now))
        db.session.execute(update(User).where(User.id == user.id).values(last_active_at=now))
        db.session.commit()
    user.current_session_token = token
    user.help_status = help_status
    return user


def touch_session(token: str) -> None:
    """Keep a sign-in alive (the learner is working on the page without loading another)."""
    login_session = db.session.get(LoginSession, token)
    if login_session is not None:
        now = utcnow()
        login_session.last_seen_at = now
        login_session.user.last_active_at = now
        db.session.flush()


def reset_pin(user: User, pin: str | None = None) -> str:
    """Give a learner a new PIN (unlocking the account). Returns it in clear, to show once."""
    pin = pin or new_pin()
    if not is_valid_pin(pin):
        raise AccountError("a PIN has 4 to 6 digits")
    user.pin_hash = hash_secret(pin)
    user.signin_method = "pin"
    forget_fresh_secret(user)
    unlock(user)
    end_all_sessions(user)
    return pin


def end_all_sessions(user: User) -> None:
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def change_own_password(user: User, current_password: str, new_password: str) -> SignInResult:
    """A staff member's new password, if ``current_password`` is right. A wrong one counts like a
    wrong sign-in (and locks the account after too many), so that someone at a PC left signed in
    cannot try passwords here. The user's other sign-ins end; the one in use stays."""
    result = _check(user, current_password, user.password_hash)
    if result.outcome != "ok":
        return result
    user.password_hash = hash_secret(new_password)
    user.password_change_required = False
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.token != user.current_session_token))
    db.session.flush()
    return result


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        end_all_sessions(user)
        release_help_taken_by(user.id)
    db.session.flush()


def release_help_taken_by(staff_id: int) -> None:
    """Calls for help this staff member said they would answer go back to the list, open: they are
    no longer coming (switched off, or erased), and the learner must not wait for them. ``taken_at``
    stays: the call was counted as answered when it was first taken, and is not counted again."""
    db.session.execute(
        update(HelpRequest)
        .where(HelpRequest.taken_by_id == staff_id, HelpRequest.status == HelpStatus.TAKEN.value)
        .values(status=HelpStatus.OPEN.value, taken_by_id=None)
    )


PICTURE_PREFIX = "pictures:"


def new_picture_code() -> str:
    while True:
        code = pictograms.encode([secrets.randbelow(len(pictograms.PICTOGRAMS)) for _ in range(pictograms.CODE_LENGTH)])
        if db.session.scalar(select(User.id).where(User.picture_code == code)) is None:
            return code


def use_picture_signin(user: User) -> list[int]:
    """Switch a learner to the picture sign-in with a new secret. Returns the secret, to show once."""
    secret = [secrets.randbelow(len(pictograms.PICTOGRAMS)) for _ in range(pictograms.SECRET_LENGTH)]
    user.signin_method = "pictures"
    user.picture_code = user.picture_code or new_picture_code()
    user.pin_hash = hash_secret(PICTURE_PREFIX + pictograms.encode(secret))
    forget_fresh_secret(user)
    unlock(user)
    end_all_sessions(user)
    return secret


def use_pin_signin(user: User) -> str:
    """Switch a learner to code and PIN with a new PIN. Returns the PIN, to show once."""
    user.signin_method = "pin"
    return reset_pin(user)


def check_learner_pictures(code: list[int], secret: list[int]) -> SignInResult:
    user = db.session.scalar(select(User).where(
        User.picture_code == pictograms.encode(code), User.role == Role.LEARNER.value,
        User.signin_method == "pictures")) if len(code) == pictograms.CODE_LENGTH else None
    return _check(user, PICTURE_PREFIX + pictograms.encode(secret), user.pin_hash if user else None)


# A new PIN or new secret pictures: shown to the staff member who made them, for this long.
FRESH_SECRET_LIFETIME = timedelta(minutes=15)


def keep_fresh_secret(learner: User, made_by: User, secret: str) -> None:
    """Keep a learner's new secret (a PIN, or PICTURE_PREFIX and the pictures) for ``made_by`` to
    see and print for a short while. The earlier one went when the secret changed (reset_pin,
    use_picture_signin), so that it goes however the secret is changed."""
    purge_expired_secrets()
    db.session.add(FreshSecret(learner_id=learner.id, made_by_id=made_by.id, secret=secret))
    db.session.flush()


def fresh_secret(learner_id: int, viewer: User) -> str | None:
    """The learner's new secret if ``viewer`` made it a short while ago and nobody made a newer one."""
    return db.session.scalar(select(FreshSecret.secret).where(
        FreshSecret.learner_id == learner_id, FreshSecret.made_by_id == viewer.id,
        FreshSecret.created_at > utcnow() - FRESH_SECRET_LIFETIME))


def forget_fresh_secret(learner: User) -> None:
    db.session.execute(delete(FreshSecret).where(FreshSecret.learner_id == learner.id))


def forget_secrets_made_by(staff: User) -> None:
    db.session.execute(delete(FreshSecret).where(FreshSecret.made_by_id == staff.id))


def purge_expired_secrets() -> None:
    db.session.execute(delete(FreshSecret).where(FreshSecret.created_at <= utcnow() - FRESH_SECRET_LIFETIME))
