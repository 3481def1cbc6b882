"""Parse a ```quiz block: '? question', '- [ ]' / '- [x]' options, '> feedback', blank line between."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Question, Quiz
from .render import render_inline

_OPTION = re.compile(r"^-\s*\[([ xX])\]\s*(.*)$")
# What an author meant as an option: '* [x]', '- []', or a Cyrillic 'х' typed with the Russian keyboard layout.
_LOOKS_LIKE_OPTION = re.compile(r"^[-*+•–]\s*\[[^\]]?\]")


@dataclass
class _Draft:
    text: str
    line: int
    options: list[str] = field(default_factory=list)
    correct: set[int] = field(default_factory=set)
    feedback: list[str] = field(default_factory=list)


def parse_quiz(
    lines: list[tuple[int, str]], block_line: int
) -> tuple[Quiz, list[tuple[int, str]], list[tuple[int, str]]]:
    """Parse the block's (line number, text) pairs. Returns the quiz, (line, message) errors and warnings."""
    drafts: list[_Draft] = []
    problems: list[tuple[int, str]] = []
    warnings: list[tuple[int, str]] = []
    current: _Draft | None = None
    ended_by_blank_line = False  # whether a blank line ended the question before: then that line is the mistake
    reported_blank_line = False
    for number, raw in lines:
        text = raw.strip()
        if not text:
            ended_by_blank_line = ended_by_blank_line or current is not None
            reported_blank_line = False
            current = None
            continue
        if current is None and ended_by_blank_line and (_OPTION.match(text) or text.startswith(">")):
            if not reported_blank_line:
                problems.append((number, "a blank line ends a question, so this line belongs to none: "
                                         "remove the blank line above it"))
                reported_blank_line = True
            continue
        if text.startswith("?"):
            ended_by_blank_line = False
            current = _Draft(text[1:].strip(), number)
            drafts.append(current)
            if not current.text:
                problems.append((number, "the question after '?' is empty"))
            continue
        option = _OPTION.match(text)
        if option:
            if current is None:
                problems.append((number, "an answer option without a question: start the question with '? '"))
                continue
            if option.group(1) in "xX":
                current.correct.add(len(current.options))
            if option.group(2).strip() in current.options:
                warnings.append((number, f"the answer option '{option.group(2).strip()}' is written twice in this "
                                         "question: remove one, or write a different option"))
            current.options.append(option.group(2).strip())
            if not option.group(2).strip():
                problems.append((number, "this answer option is empty"))
            continue
        if text.startswith(">"):
            if current is None:
                problems.append((number, "feedback ('> ') without a question before it"))
                continue
            current.feedback.append(text[1:].strip())
            continue
        if looks_like := _LOOKS_LIKE_OPTION.match(text):
            problems.append((number, f"'{looks_like.group(0)}' is not read as an answer option: write '- [x]' (a "
                                     "minus, square brackets and a Latin x) for a right answer, '- [ ]' (with a space) "
                                     "for a wrong one"))
            continue
        problems.append((
            number,
            "this line is not part of the quiz format: a question starts with '? ', "
            "an option with '- [ ]' or '- [x]', feedback with '> '",
        ))
    for draft in drafts:
        if len(draft.options) < 2:
            problems.append((draft.line, "this question has fewer than two answer options"))
        if not draft.correct:
            problems.append((draft.line, "this question has no right answer: mark it with '- [x]'"))
        elif len(draft.options) >= 2 and len(draft.correct) == len(draft.options):
            warnings.append((draft.line, "every answer option is marked right, so the question cannot be answered "
                                         "wrongly: mark the wrong ones with '- [ ]'"))
    if not drafts:
        problems.append((block_line, "the quiz block has no questions"))
    quiz = Quiz(
        tuple(
            Question(
                text_html=render_inline(d.text),
                options_html=tuple(render_inline(o) for o in d.options),
                correct=frozenset(d.correct),
                feedback_html=render_inline(" ".join(d.feedback)) if d.feedback else "",
                line=d.line,
            )
            for d in drafts
        ),
        block_line,
    )
    return quiz, problems, warnings
