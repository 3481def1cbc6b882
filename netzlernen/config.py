"""Configuration: defaults here, overridden by environment variables.

``NETZLERNEN_*`` variables set the key without the prefix (values are read as JSON where they
parse, so ``NETZLERNEN_IDLE_TIMEOUT=300`` is a number); ``DATABASE_URL`` and ``SECRET_KEY`` are read
as they are.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    COURSES_DIR = str(PROJECT_ROOT / "courses")
    # Look for changed course files this often while running (seconds; 0: only at start).
    COURSE_RELOAD_SECONDS = 30
    # Seconds without input before the idle warning; the warning then counts down for IDLE_WARNING.
    IDLE_TIMEOUT = 600
    IDLE_WARNING = 60
    # A page with input tells the server at most this often that the learner is still there.
    KEEPALIVE_SECONDS = 30
    # Wrong PINs in a row before the account is locked, and for how long (seconds).
    MAX_FAILED_SIGNINS = 5
    # Werkzeug's current default (scrypt); the tests use a cheap method to stay fast.
    PASSWORD_HASH_METHOD = "scrypt"
    LOCKOUT_SECONDS = 15 * 60
    SIGNIN_RATE_LIMIT = "30 per minute"
    VERIFY_RATE_LIMIT = "20 per minute"
    # "database://": counters in the app's database, shared by every worker and app server.
    RATELIMIT_STORAGE_URI = "database://"
    RATELIMIT_HEADERS_ENABLED = False
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "netzlernen_session"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    WTF_CSRF_TIME_LIMIT = None  # the CSRF token lives as long as the session
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    APP_ADDRESS = "http://127.0.0.1:5000"
    CENTRE_NAME = "Digitales Lernzentrum Göttingen"
    # Dashboard flags: no activity for this many days; a lesson started this long ago and not done.
    INACTIVE_DAYS = 14
    STUCK_DAYS = 7
    # How often the mentors’ dashboard asks for new help requests (seconds).
    HELP_POLL_SECONDS = 10
    # Memory for the lesson pages each worker keeps rendered (netzlernen/pages.py), in MB; a page takes
    # 10-40 KB (every shipped lesson in all 7 languages: 5.7 MB). 0: render every page afresh.
    RENDERED_PAGES_MB = 16


def _instance_secret(instance_path: Path) -> str:
    """Return the secret key kept in the instance folder, making one on first start."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:  # another worker wrote it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


# The value in deploy/netzlernen.env.example, and the shortest key accepted from the environment.
EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string"
MIN_SECRET_KEY_LENGTH = 32


def _refuse_weak_secret_key(key: object) -> None:
    """Stop the start (SystemExit with one line for the operator, no traceback) when the key set in
    the environment is the example value or too short: anyone who knows it can forge a session."""
    if isinstance(key, str) and len(key) >= MIN_SECRET_KEY_LENGTH and key != EXAMPLE_SECRET_KEY:
        return
    raise SystemExit(
        f"SECRET_KEY is {'the example value' if key == EXAMPLE_SECRET_KEY else 'too short'}: set it to at least "
        f"{MIN_SECRET_KEY_LENGTH} random characters, e.g. the output of "
        "python3 -c 'import secrets; print(secrets.token_hex(32))'")


def load_config(app: Flask, overrides: dict | None) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'netzlernen.sqlite3'}"
    app.config.from_prefixed_env("NETZLERNEN")
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if app.config.get("SECRET_KEY"):  # from SECRET_KEY or NETZLERNEN_SECRET_KEY; unset: made below
        _refuse_weak_secret_key(app.config["SECRET_KEY"])
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgres://"):]
    elif uri.startswith("postgresql://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len("postgresql://"):]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # After the database server restarts, every pooled connection is dead: test each one before
        # use (one round trip), instead of failing the first request on each of them.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
