"""Texts of the practice exercises, translated on the server and handed to the browser as JSON.

Each group of exercises keeps its texts in its own module as a dict of key → lazy string. Keys are
prefixed with the module name (``mouse.too_slow``). Placeholders use ``{name}``; the browser fills
them in. :func:`messages` returns every text in the page's language.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from flask_babel import get_locale

GROUPS = ("common", "mouse", "keyboard", "email", "jobs", "application")


def group_of(practice_type: str) -> str:
    """The text group of an exercise type: mouse-click -> mouse, job-search -> jobs …"""
    prefix = practice_type.split("-")[0]
    return {"job": "jobs", "application": "application"}.get(prefix, prefix)


def messages(practice_types: list[str] | None = None) -> dict[str, str]:
    """The texts of the exercises on a page (all, when no types are given), plus the shared ones."""
    groups = GROUPS if practice_types is None else ("common", *sorted({group_of(t) for t in practice_types}))
    return _translated(str(get_locale()), tuple(groups))


@lru_cache(maxsize=256)
def _translated(locale: str, groups: tuple[str, ...]) -> dict[str, str]:
    # Translated once per language and set of groups; the catalogues do not change while running.
    result: dict[str, str] = {}
    for group in groups:
        module = import_module(f"{__name__}.{group}")
        for key, text in module.MESSAGES.items():
            result[f"{group}.{key}"] = str(text)
    return result
