"""Certificates of participation: issued when a course is completed, verifiable by anyone with the code."""

from __future__ import annotations

import secrets
from datetime import datetime

import segno
from sqlalchemy import select

from ..content import Course
from ..extensions import db
from ..models import Certificate, LessonProgress, User
from ..models.base import utcnow

_CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # 26 signs: 12 of them are about 56 bits
CODE_LENGTH = 12


def new_certificate_code() -> str:
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code


def normalize_certificate_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def pretty_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def certificate_for(learner_id: int, course_id: str) -> Certificate | None:
    """The learner's certificate for the course that counts (not one that was replaced)."""
    return db.session.scalar(select(Certificate).where(Certificate.learner_id == learner_id,
                                                       Certificate.course_id == course_id,
                                                       Certificate.withdrawn_at.is_(None)))


def withdraw_certificate(certificate: Certificate) -> None:
    """The certificate no longer counts: its code says it was replaced, and a new one can be made."""
    certificate.withdrawn_at = utcnow()


def completion_time(learner_id: int, course: Course) -> datetime | None:
    """When the learner completed the course's last lesson, or None if not all are completed."""
    rows = db.session.scalars(select(LessonProgress).where(
        LessonProgress.user_id == learner_id, LessonProgress.course_id == course.id,
        LessonProgress.lesson_slug.in_([lesson.slug for lesson in course.lessons]))).all()
    if len(rows) != len(course.lessons) or not all(row.completed for row in rows):
        return None
    return max(row.completed_at or row.last_visited_at for row in rows)


def issue_certificate(learner: User, course: Course, centre_name: str, show_name: bool) -> Certificate:
    """Make the certificate (once per learner and course). Raises ValueError without a name or completion."""
    existing = certificate_for(learner.id, course.id)
    if existing is not None:
        return existing
    completed = completion_time(learner.id, course)
    if completed is None:
        raise ValueError("course not completed")
    if not learner.certificate_name:
        raise ValueError("no name for certificates")
    certificate = Certificate(
        code=new_certificate_code(), learner_id=learner.id, course_id=course.id, course_title=course.title("de"),
        objectives=list(course.objectives_for("de")), completed_on=completed, centre_name=centre_name,
        name=learner.certificate_name, show_name=show_name, language=learner.language,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def certificate_by_code(raw: str) -> Certificate | None:
    code = normalize_certificate_code(raw)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.code == code))




def qr_svg(url: str) -> str:
    """The verification address as a QR code, inline SVG made on the server."""
    return segno.make(url, error="m").svg_inline(scale=3, dark="#000", light="#fff", omitsize=False)
