"""Consent to the data NetzLernen stores: the current text (versioned) and who agreed when."""

from __future__ import annotations

from sqlalchemy import select

from .extensions import db
from .models import ConsentRecord, ConsentText, User
from .settings import DEFAULT_CONSENT


def current_text() -> ConsentText:
    """The newest consent text; the built-in one is stored as the first version when none exists."""
    text = db.session.scalar(select(ConsentText).order_by(ConsentText.id.desc()).limit(1))
    if text is None:
        text = ConsentText(text=DEFAULT_CONSENT)
        db.session.add(text)
        db.session.flush()
    return text


def new_version(text: str, author: User) -> ConsentText:
    version = ConsentText(text=text.strip(), created_by_id=author.id)
    db.session.add(version)
    db.session.flush()
    return version


def record(learner: User, mentor: User) -> ConsentRecord:
    entry = ConsentRecord(learner_id=learner.id, consent_text_id=current_text().id, recorded_by_id=mentor.id)
    db.session.add(entry)
    db.session.flush()
    return entry


def records_of(learner_id: int) -> list[tuple[ConsentRecord, ConsentText]]:
    return [(record, text) for record, text in db.session.execute(
        select(ConsentRecord, ConsentText).join(ConsentText, ConsentRecord.consent_text_id == ConsentText.id)
        .where(ConsentRecord.learner_id == learner_id).order_by(ConsentRecord.id)
    )]
