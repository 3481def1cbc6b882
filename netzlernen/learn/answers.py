"""What a learner's browser sends about answers: quiz forms, practice reports and a CV upload, read
and checked before anything is stored. No database and no request objects here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from ..content import Practice, Question, Quiz
from ..content.practice import MOUSE_TYPES
from ..numbers import small_number

if TYPE_CHECKING:
    from ..models import QuizAttempt

_ANSWER_FIELD = re.compile(r"q(\d{1,3})")
_IGNORED_FIELDS = {"csrf_token", "language", "submission"}
# Mouse exercises can be skipped by learners who work with the keyboard or a screen reader.
SKIPPABLE_TYPES = MOUSE_TYPES


class MalformedAnswers(ValueError):
    """The submitted answers do not fit the quiz: forged or broken, never a learner's slip."""


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: frozenset[int]
    correct: bool
    changed: bool = False  # a stored answer the question no longer has (the course changed since)


@dataclass(frozen=True)
class QuizResult:
    questions: tuple[QuestionResult, ...]
    score: int
    total: int
    passed: bool


def read_answers(quiz: Quiz, form: Mapping[str, list[str]]) -> list[frozenset[int] | None]:
    """Turn form fields ``q0``, ``q1`` … into chosen option indexes; None where nothing was chosen.

    Raises MalformedAnswers for unknown fields, indexes out of range, repeated options, or more
    than one choice on a single-choice question.
    """
    for key in form:
        if key in _IGNORED_FIELDS:
            continue
        match = _ANSWER_FIELD.fullmatch(key)
        if match is None or int(match.group(1)) >= len(quiz.questions):
            raise MalformedAnswers(f"unexpected field {key!r}")
    return [_read_answer(index, question, form.get(f"q{index}", [])) for index, question in enumerate(quiz.questions)]


def _read_answer(index: int, question: Question, values: list[str]) -> frozenset[int] | None:
    if not values:
        return None
    chosen: set[int] = set()
    for value in values:
        option = small_number(value)
        if option is None or option >= len(question.options_html):
            raise MalformedAnswers(f"option {value[:20]!r} does not exist in question {index}")
        if option in chosen:
            raise MalformedAnswers(f"option {value!r} given twice")
        chosen.add(option)
    if len(chosen) > 1 and not question.multiple:
        raise MalformedAnswers(f"question {index} takes one answer")
    return frozenset(chosen)


def answers_that_fit(quiz: Quiz, form: Mapping[str, list[str]]) -> list[frozenset[int] | None]:
    """The answers of a form that read_answers refused, kept for the questions they still fit and
    None for the others: the page the learner had may be older than the quiz."""
    kept: list[frozenset[int] | None] = []
    for index, question in enumerate(quiz.questions):
        try:
            kept.append(_read_answer(index, question, form.get(f"q{index}", [])))
        except MalformedAnswers:
            kept.append(None)
    return kept


def score(quiz: Quiz, answers: list[frozenset[int]], pass_mark: float) -> QuizResult:
    results = tuple(
        QuestionResult(question, chosen, chosen == question.correct)
        for question, chosen in zip(quiz.questions, answers)
    )
    right = sum(1 for r in results if r.correct)
    total = len(results)
    return QuizResult(results, right, total, total > 0 and right / total >= pass_mark - 1e-9)


def result_of(attempt: QuizAttempt, quiz: Quiz) -> QuizResult:
    """Rebuild the result of a stored attempt for showing it again. A question the stored answer no
    longer fits is marked changed and keeps the verdict it had then: an option index beyond the
    question's options, or one that would now be judged otherwise than when it was answered (an
    option before it was added or removed). Answers are stored as option numbers only, so a
    change that keeps the verdict (a wrong answer that is still wrong) goes unnoticed."""
    stored = {a.question_index: a for a in attempt.answers}
    results = []
    for index, question in enumerate(quiz.questions):
        answer = stored.get(index)
        if answer is None or max(answer.chosen_indexes, default=-1) >= len(question.options_html) \
                or answer.correct != (answer.chosen_indexes == question.correct):
            results.append(QuestionResult(question, frozenset(), answer is not None and answer.correct, changed=True))
        else:
            results.append(QuestionResult(question, answer.chosen_indexes, answer.chosen_indexes == question.correct))
    right = sum(1 for r in results if r.correct)
    return QuizResult(tuple(results), right, len(results), attempt.passed)


@dataclass(frozen=True)
class PracticeReport:
    """What the browser reports when a practice exercise is finished."""

    type: str
    attempts: int
    mistakes: int
    seconds: int
    skipped: bool


_REPORT_FIELDS = {"type": str, "attempts": int, "mistakes": int, "seconds": int, "skipped": bool}


def read_practice_report(practice: Practice, payload: object) -> PracticeReport:
    """Check a reported result against the exercise it claims to be for.

    Raises MalformedAnswers for unknown or missing fields, wrong types, numbers out of range, a
    type other than the exercise's, or a skip of an exercise that cannot be skipped.
    """
    if not isinstance(payload, dict):
        raise MalformedAnswers("a practice report is a JSON object")
    unknown = set(payload) - set(_REPORT_FIELDS)
    if unknown:
        raise MalformedAnswers(f"unexpected fields {sorted(unknown)}")
    values = {}
    for name, kind in _REPORT_FIELDS.items():
        value = payload.get(name, 0 if kind is int else False if kind is bool else None)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise MalformedAnswers(f"{name} must be {kind.__name__}")
        values[name] = value
    report = PracticeReport(**values)
    if report.type != practice.type:
        raise MalformedAnswers("the report is for another exercise")
    if not (0 <= report.attempts <= 10_000 and 0 <= report.mistakes <= 10_000 and 0 <= report.seconds <= 86_400):
        raise MalformedAnswers("numbers out of range")
    if report.skipped and practice.type not in SKIPPABLE_TYPES:
        raise MalformedAnswers("this exercise cannot be skipped")
    if not report.skipped and report.attempts < 1:
        raise MalformedAnswers("a finished exercise has at least one attempt")
    return report


def check_cv_upload(upload, limit: int) -> dict:
    """Check an uploaded CV as a job portal would: a PDF, not empty, not too large. Nothing is kept.

    Returns {"ok": bool, "problem": None | "missing" | "empty" | "type" | "size", "size": bytes}.
    """
    if upload is None or not upload.filename:
        return {"ok": False, "problem": "missing", "size": 0}
    # Read at most one byte past the limit: enough to know, without holding a huge file.
    data = upload.stream.read(limit + 1)
    upload.stream.close()
    size = len(data)
    if size == 0:
        problem = "empty"
    elif size > limit:
        problem = "size"
    elif not data.startswith(b"%PDF-") or not upload.filename.lower().endswith(".pdf"):
        problem = "type"
    else:
        problem = None
    return {"ok": problem is None, "problem": problem, "size": size}
