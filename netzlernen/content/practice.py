"""The built-in practice exercises an author can name in a ```practice block, and their options."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Option:
    check: Callable[[Any], bool]
    expected: str
    required: bool = False


def _int_between(low: int, high: int) -> Option:
    return Option(
        lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high,
        f"a whole number from {low} to {high}",
    )


_TEXT = Option(lambda v: isinstance(v, str) and bool(v.strip()), "a text")
_WORDS = Option(
    lambda v: isinstance(v, list) and bool(v) and all(isinstance(w, str) and w.strip() for w in v),
    "a list of words",
)
_OFFERS = Option(lambda v: isinstance(v, str) and "/" not in v and "\\" not in v and v.strip() != "",
                 "a file name in the course folder", required=True)
_ROUNDS = _int_between(1, 20)
_TIME_LIMIT = _int_between(10, 3600)

_COMMON = {"time_limit": _TIME_LIMIT}

PRACTICE_TYPES: dict[str, dict[str, Option]] = {
    "mouse-click": {"rounds": _ROUNDS},
    "mouse-doubleclick": {"rounds": _ROUNDS},
    "mouse-rightclick": {"rounds": _ROUNDS},
    "mouse-drag": {"rounds": _ROUNDS},
    "mouse-scroll": {"rounds": _ROUNDS},
    "mouse-hover": {"rounds": _ROUNDS},
    "keyboard-type": {"words": _WORDS, "sentence": _TEXT},
    "keyboard-keys": {"rounds": _ROUNDS},
    "email-inbox": {},
    "email-compose": {"to": _TEXT, "subject": _TEXT, "attachment": _TEXT},
    "job-search": {"offers": _OFFERS},
    # Up to 7 MB: the request limit (MAX_CONTENT_LENGTH, 8 MB) must leave room for the form around the file.
    "application-form": {"max_size_mb": _int_between(1, 7)},
}

MOUSE_TYPES = frozenset(t for t in PRACTICE_TYPES if t.startswith("mouse-"))


def options_for(practice_type: str) -> dict[str, Option]:
    return {**_COMMON, **PRACTICE_TYPES[practice_type]}


def suggestion(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def validate(data: Any) -> list[tuple[str, str | None]]:
    """Check a parsed practice block. Returns (message, offending key) pairs; empty when fine."""
    if not isinstance(data, dict):
        return [("a practice block must be YAML with 'type:' and options", None)]
    practice_type = data.get("type")
    if not isinstance(practice_type, str) or not practice_type:
        return [("a practice block needs 'type:'", None)]
    if practice_type not in PRACTICE_TYPES:
        known = sorted(PRACTICE_TYPES)
        return [(
            f"unknown practice type '{practice_type}'.{suggestion(practice_type, known)}"
            f" Known types: {', '.join(known)}",
            "type",
        )]
    allowed = options_for(practice_type)
    found: list[tuple[str, str | None]] = []
    for key, value in data.items():
        if key == "type":
            continue
        option = allowed.get(str(key))
        if option is None:
            names = sorted(allowed)
            found.append((
                f"'{practice_type}' has no option '{key}'.{suggestion(str(key), names)}"
                f" Its options: {', '.join(names) or 'none'}",
                str(key),
            ))
        elif not option.check(value):
            found.append((f"option '{key}' of '{practice_type}' must be {option.expected}", str(key)))
    for key, option in allowed.items():
        if option.required and key not in data:
            found.append((f"'{practice_type}' needs the option '{key}' ({option.expected})", "type"))
    return found
