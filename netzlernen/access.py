"""Who may open what: one decorator per kind of person, used on every view."""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable, TypeVar

from flask import abort, redirect, session, url_for
from flask_login import current_user

F = TypeVar("F", bound=Callable)
GUEST_KEY = "guest"


def is_guest() -> bool:
    return not current_user.is_authenticated and bool(session.get(GUEST_KEY))


def _to_signin():
    # Without the page's address as ?next=: on a shared kiosk the next person would press Back, sign
    # in there and be taken to where the learner before them was. The start page leads on instead.
    return redirect(url_for("auth.signin"))


def learner_required(view: F) -> F:
    """A signed-in learner; anyone else is sent to sign in (anonymous) or refused with 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return _to_signin()
        if not current_user.is_learner:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def learner_or_guest(view: F) -> F:
    """A signed-in learner or a guest trying lessons; staff are refused with 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user.is_authenticated:
            if not current_user.is_learner:
                abort(403)
        elif not is_guest():
            return _to_signin()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _staff_page(may_open: Callable[[Any], bool], *, own_password_first: bool = True) -> Callable[[F], F]:
    """Staff pages: anonymous visitors go to the staff sign-in, others whom ``may_open`` refuses get
    403. Someone whose password the coordinator chose goes to replace it first (own_password_first)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.staff_signin"))
            if not may_open(current_user):
                abort(403)
            if own_password_first and current_user.password_change_required:
                return redirect(url_for("auth.change_password"))
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


# A mentor or a coordinator (who can do all a mentor can).
mentor_required = _staff_page(lambda user: user.is_staff)
coordinator_required = _staff_page(lambda user: user.is_coordinator)
# Also one who has yet to replace a password someone else chose: only for the page where they do that.
staff_required = _staff_page(lambda user: user.is_staff, own_password_first=False)
