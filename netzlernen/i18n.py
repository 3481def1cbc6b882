"""Languages of the interface and how the page's language is chosen."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g, session
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup, escape

from .content import Course, Lesson
from .models.base import utcnow


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
log = logging.getLogger(__name__)


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


def isolated(name: str | None) -> Markup:
    """A name someone typed, in <bdi>, for the ``isolated`` template filter.

    An Arabic name in German text, or a Latin one on an Arabic page, otherwise takes the brackets,
    commas and numbers next to it into its own direction: "Omar (3)" is shown as "(3) عمر" or worse.
    """
    return Markup("<bdi>%s</bdi>") % name if name else Markup("")


def in_language(text: str | None, language: str) -> Markup:
    """Course text for the ``in_language`` template filter: as it is when it is in the page's language,
    else in a ``<span lang dir>``, so that a screen reader reads a German title on an Arabic page with
    a German voice (WCAG 3.1.2) and it keeps its own direction."""
    if not text:
        return Markup("")
    if language == str(get_locale()):
        return escape(text)
    return Markup('<span lang="%s" dir="%s">%s</span>') % (language, direction(language), text)


def course_title(course: Course) -> Markup:
    """The ``course_title`` template filter: the course's title for the page's language, marked when German."""
    locale = str(get_locale())
    return in_language(course.title(locale), course.title_language(locale))


def course_description(course: Course) -> Markup:
    locale = str(get_locale())
    return in_language(course.description(locale), course.description_language(locale))


def lesson_title(lesson: Lesson) -> Markup:
    text = lesson.text_for(str(get_locale()))
    return in_language(text.title, text.language)


TEXT_FILTERS = (isolated, in_language, course_title, course_description, lesson_title)


def isolated_text(name: str) -> str:
    """The same for plain text (flash messages, form errors): Unicode's first-strong isolate marks."""
    return f"\u2068{name}\u2069"


def log_uncompiled_catalogues(app: Flask) -> None:
    """Log one ERROR at start when a catalogue has no compiled .mo or one older than its .po: Flask-Babel
    would then show English (or an older text) without a word. Returns nothing; never stops the start."""
    stale = []
    for directory in app.extensions["babel"].translation_directories:
        for catalogue in sorted(Path(directory).glob("*/LC_MESSAGES/*.po")):
            compiled = catalogue.with_suffix(".mo")
            if not compiled.exists() or compiled.stat().st_mtime_ns < catalogue.stat().st_mtime_ns:
                stale.append(catalogue.parent.parent.name)
    if stale:
        log.error("translations not compiled or older than their .po files (%s): these pages show English; "
                  "run 'make translations' (or: pybabel compile -d translations)", ", ".join(stale))


def local_zone() -> ZoneInfo:
    """The centre's time zone (BABEL_DEFAULT_TIMEZONE, Europe/Berlin): days and months are counted in it."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_today() -> date:
    """Today in the centre's time zone: just after midnight in Göttingen it is still yesterday in UTC."""
    return utcnow().astimezone(local_zone()).date()
