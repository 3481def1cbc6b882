"""Centre settings the coordinator changes in the app, with defaults from the configuration."""

from __future__ import annotations

import time
from typing import Any

from flask import current_app
from sqlalchemy import select

from .extensions import db
from .i18n import LANGUAGES
from .models import Setting

DEFAULT_CONSENT = (
    "NetzLernen speichert Ihren Vornamen oder Spitznamen, Ihre Sprache, Ihren Standort und was Sie lernen "
    "(Lektionen, Quiz, Übungen). Ihre Netzpatin oder Ihr Netzpate sieht das, damit sie oder er Ihnen helfen kann. "
    "Ihren vollen Namen und Kontaktdaten speichern wir nur, wenn Sie das möchten. "
    "Sie können jederzeit fragen, was gespeichert ist, und alles löschen lassen."
)


def defaults() -> dict[str, Any]:
    config = current_app.config
    return {
        "centre_name": config["CENTRE_NAME"],
        "app_address": config["APP_ADDRESS"],
        "idle_timeout": int(config["IDLE_TIMEOUT"]),
        "signin_languages": list(LANGUAGES),
        "activation_target": 1600,
        "funding_start": "2026-01-01",
        "funding_end": "2028-12-31",
        "retention_months": 24,
    }


# Read from the database at most every CACHE_SECONDS per process: every signed-in page needs the
# idle time-out, and with several app servers a change reaches the others within that time.
CACHE_SECONDS = 30
_CACHE_KEY = "netzlernen.settings_cache"


def current() -> dict[str, Any]:
    """Every setting (a copy)."""
    cache = current_app.extensions.get(_CACHE_KEY)
    now = time.monotonic()
    if cache is None or cache[0] < now:
        values = defaults()
        for row in db.session.scalars(select(Setting)):
            if row.key in values:
                values[row.key] = row.value
        cache = (now + CACHE_SECONDS, values)
        current_app.extensions[_CACHE_KEY] = cache
    return dict(cache[1])


def get(key: str) -> Any:
    return current()[key]


def save(values: dict[str, Any]) -> None:
    known = defaults()
    for key, value in values.items():
        if key not in known:
            raise KeyError(key)
        row = db.session.get(Setting, key)
        if row is None:
            db.session.add(Setting(key=key, value=value))
        else:
            row.value = value
    db.session.flush()
    current_app.extensions.pop(_CACHE_KEY, None)
