"""The help desk: a learner calls for help, a mentor of the same location takes the call and closes it."""

from __future__ import annotations

from sqlalchemy import select

from .. import stats
from ..auth.services import signed_in_somewhere
from ..extensions import db
from ..models import HelpRequest, HelpStatus, User
from ..models.base import utcnow
from .services import same_location


def active_help_request(learner_id: int, *, only_if_signed_in: bool = False) -> HelpRequest | None:
    """The learner's call that is not closed; with ``only_if_signed_in`` (what mentors see) only while
    she is signed in somewhere (see open_help_requests)."""
    query = select(HelpRequest).where(HelpRequest.learner_id == learner_id, HelpRequest.is_active)
    if only_if_signed_in:
        query = query.where(signed_in_somewhere(learner_id))
    return db.session.scalar(query.order_by(HelpRequest.id.desc()).limit(1))


def call_for_help(learner: User, course_id: str | None, lesson_slug: str | None) -> HelpRequest:
    """Open a help request, or return the one already open (pressing twice calls once)."""
    existing = active_help_request(learner.id)
    if existing is not None:
        return existing
    request = HelpRequest(learner_id=learner.id, location_id=learner.location_id, course_id=course_id,
                          lesson_slug=lesson_slug, status=HelpStatus.OPEN.value)
    db.session.add(request)
    db.session.flush()
    return request


def cancel_help(learner: User) -> bool:
    request = active_help_request(learner.id)
    if request is None:
        return False
    request.status = HelpStatus.CANCELLED.value
    request.closed_at = utcnow()
    db.session.flush()
    return True


def open_help_requests(viewer: User) -> list[tuple[HelpRequest, User]]:
    """The calls of learners who are still signed in: a call of a browser closed without signing
    out is cancelled only when the server next hears of that session or of a sign-in; until then
    nobody is at that PC to help."""
    query = (
        select(HelpRequest, User).join(User, HelpRequest.learner_id == User.id)
        .where(HelpRequest.is_active, signed_in_somewhere(HelpRequest.learner_id))
        .order_by(HelpRequest.created_at)
    )
    if not viewer.is_coordinator:
        query = query.where(same_location(HelpRequest.location_id, viewer))
    return [(request, learner) for request, learner in db.session.execute(query)]


def help_request_for(viewer: User, request_id: int) -> HelpRequest | None:
    query = select(HelpRequest).where(HelpRequest.id == request_id)
    if not viewer.is_coordinator:
        query = query.where(same_location(HelpRequest.location_id, viewer))
    return db.session.scalar(query)


def _count_as_answered(request: HelpRequest) -> None:
    """The funder counts each call answered once: when it is first taken (or closed without that).
    A call that went back to the list (its taker was switched off) keeps its time and is not counted again."""
    if request.taken_at is None:
        request.taken_at = utcnow()
        stats.record("help_answered", location_id=request.location_id)


def take_help_request(mentor: User, request: HelpRequest) -> None:
    if request.status == HelpStatus.OPEN.value:
        request.status = HelpStatus.TAKEN.value
        request.taken_by_id = mentor.id
        _count_as_answered(request)
        db.session.flush()


def close_help_request(mentor: User, request: HelpRequest) -> None:
    if request.is_active:
        if request.status == HelpStatus.OPEN.value:  # nobody is on the way: the one who closes it answered it
            request.taken_by_id = mentor.id
        _count_as_answered(request)
        request.status = HelpStatus.CLOSED.value
        request.closed_at = utcnow()
        db.session.flush()
