"""Texts of the practice exercises, translated on the server and handed to the browser as JSON.

Each group of exercises keeps its texts in its own module as a dict of key → lazy string. Keys are
prefixed with the module name (``mouse.too_slow``). Placeholders use ``{name}``; the browser fills
them in. :func:`messages` returns every text in the page's language.
"""

from __future__ import annotations

from importlib import import_module

GROUPS = ("common", "mouse", "keyboard", "email", "jobs", "application")


def messages() -> dict[str, str]:
    result: dict[str, str] = {}
    for group in GROUPS:
        module = import_module(f"{__name__}.{group}")
        for key, text in module.MESSAGES.items():
            result[f"{group}.{key}"] = str(text)
    return result
