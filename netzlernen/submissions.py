"""Forms that create something (a learner, a check-in) are sent once.

A double-click, or the browser sending the form again, used to create the learner or the
check-in twice, and the funder's figures counted both. Such a form carries a one-time id; the
request that creates the thing records the id with the address of what it made, in the same
transaction. A repeat with that id is led to the first one's result instead: when the two arrive
together, the second one's record collides with the first one's (the id is the primary key), and
everything the second request did is rolled back.

A form sent without an id (not from our pages) is handled as before.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import UsedSubmission
from .models.base import utcnow

KEPT_FOR = timedelta(days=1)
_LONGEST_ID = 64  # UsedSubmission.id


def new_id() -> str:
    return secrets.token_urlsafe(16)


def _usable(submission_id: str | None) -> bool:
    return bool(submission_id) and len(submission_id) <= _LONGEST_ID


def earlier_result(submission_id: str | None) -> str | None:
    """The address of what a request with this id made before, or None if it is new."""
    if not _usable(submission_id):
        return None
    return db.session.scalar(select(UsedSubmission.url).where(UsedSubmission.id == submission_id))


def remember(submission_id: str | None, url: str) -> None:
    """Record that this id made ``url`` (the caller commits, with what it made)."""
    if not _usable(submission_id):
        return
    db.session.execute(delete(UsedSubmission).where(UsedSubmission.created_at <= utcnow() - KEPT_FOR))
    db.session.add(UsedSubmission(id=submission_id, url=url[:255]))


def commit_once(submission_id: str | None) -> str | None:
    """Commit the request's work. Returns None when it was the first with this id; when a request
    with the same id committed first, rolls this one back and returns that one's address."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = earlier_result(submission_id)
        if earlier is None:
            raise
        return earlier
    return None
