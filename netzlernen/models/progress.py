"""What a learner has done: lessons visited and completed, quiz attempts and their answers.

Lessons are identified by course id and lesson slug (not by position), so re-numbering the lesson
folders keeps everyone's progress.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, course_id, created_at, int_pk, language_code, lesson_slug, timestamp


class LessonStatus(str, enum.Enum):
    STARTED = "started"
    COMPLETED = "completed"


class LessonProgress(db.Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", "lesson_slug", name="uq_lesson_progress_user_lesson"),
        Index("ix_lesson_progress_user_visited", "user_id", "last_visited_at"),
    )

    id: Mapped[int_pk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[course_id]
    lesson_slug: Mapped[lesson_slug]
    status: Mapped[str] = mapped_column(String(12), default=LessonStatus.STARTED.value)
    started_at: Mapped[created_at]
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_visited_at: Mapped[timestamp]

    @property
    def completed(self) -> bool:
        return self.status == LessonStatus.COMPLETED.value


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempt"
    __table_args__ = (
        Index("ix_quiz_attempt_user_lesson", "user_id", "course_id", "lesson_slug", "passed"),
        Index("ix_quiz_attempt_user_created", "user_id", "created_at", "id"),
    )

    id: Mapped[int_pk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[course_id]
    lesson_slug: Mapped[lesson_slug]
    language: Mapped[language_code]
    score: Mapped[int]
    total: Mapped[int]
    passed: Mapped[bool]
    created_at: Mapped[created_at]

    answers: Mapped[list["QuizAnswer"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", passive_deletes=True,
        order_by="QuizAnswer.question_index",
    )


class QuizAnswer(db.Model):
    __tablename__ = "quiz_answer"

    id: Mapped[int_pk]
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="CASCADE"), index=True)
    question_index: Mapped[int]
    # The chosen option indexes, comma-separated and sorted, e.g. "0,2".
    chosen: Mapped[str] = mapped_column(String(64))
    correct: Mapped[bool]

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")

    @property
    def chosen_indexes(self) -> frozenset[int]:
        return frozenset(int(i) for i in self.chosen.split(",") if i != "")


class PracticeResult(db.Model):
    """A practice exercise the learner finished (or skipped, e.g. a mouse exercise without a mouse)."""

    __tablename__ = "practice_result"
    __table_args__ = (Index("ix_practice_result_user_lesson", "user_id", "course_id", "lesson_slug"),)

    id: Mapped[int_pk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[course_id]
    lesson_slug: Mapped[lesson_slug]
    practice_index: Mapped[int]
    practice_type: Mapped[str] = mapped_column(String(32))
    attempts: Mapped[int]
    mistakes: Mapped[int] = mapped_column(default=0)
    seconds: Mapped[int]
    skipped: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[created_at]
