"""Languages of the interface and how the page's language is chosen."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, session
from flask_login import current_user


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    direction: str = "ltr"


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("de", "Deutsch"),
        Language("en", "English"),
        Language("ar", "العربية", "rtl"),
        Language("fa", "فارسی", "rtl"),
        Language("tr", "Türkçe"),
        Language("uk", "Українська"),
        Language("ru", "Русский"),
    )
}
DEFAULT_LANGUAGE = "de"
SESSION_KEY = "language"


def is_supported(code: str | None) -> bool:
    return code in LANGUAGES


def select_locale() -> str:
    """The page's language: the signed-in person's choice, else the one picked at the kiosk."""
    forced = g.get("forced_locale")
    if forced:
        return forced
    if current_user and current_user.is_authenticated and is_supported(current_user.language):
        return current_user.language
    chosen = session.get(SESSION_KEY)
    return chosen if is_supported(chosen) else DEFAULT_LANGUAGE


def direction(code: str) -> str:
    return LANGUAGES[code].direction if code in LANGUAGES else "ltr"
