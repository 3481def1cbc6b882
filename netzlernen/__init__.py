"""NetzLernen: a self-paced digital-skills learning platform for a neighbourhood learning centre."""

from __future__ import annotations

import logging
import sqlite3
import time

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from . import database_file, errors, numbers, pages, security
from .catalogue import load_at_start, reload_if_changed
from .config import PROJECT_ROOT, load_config
from .extensions import babel, csrf, db, limiter, login, migrate
from .i18n import TEXT_FILTERS, log_uncompiled_catalogues, select_locale

__version__ = "0.1.0"


BUSY_TIMEOUT_MS = 10000


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # An erased learner's data is overwritten with zeros, not only unlinked (off in some SQLite builds).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
    # SQLAlchemy emits BEGIN itself (below), so that a request that writes can take the write lock
    # at the start instead of upgrading a read transaction later, which SQLite may refuse.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    writing = has_request_context() and (
        g.get("write_next") or (request.method in ("POST", "PUT", "PATCH", "DELETE") and not g.get("write_later")))
    if writing:
        _begin_immediate(connection)
    else:
        connection.exec_driver_sql("BEGIN")


def _begin_immediate(connection) -> None:
    """Take SQLite's write lock, waiting for another writer in steps of 1 ms.

    SQLite's own busy handler sleeps in growing steps of up to 100 ms, so under load a request often
    slept on long after the lock was free while others queued behind it. After the same time-out
    it fails as before ("database is locked"), which the request's retry and error page handle.
    """
    raw = connection.connection.dbapi_connection
    raw.execute("PRAGMA busy_timeout=0")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")  # the driver's own call: a refusal costs microseconds
                return
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    break
            time.sleep(0.001)
        # Once more through SQLAlchemy, so that a failure is raised as its OperationalError.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _is_busy(error: Exception) -> bool:
    text = str(getattr(error, "orig", error)).lower()
    return "database is locked" in text or "database table is locked" in text or "busy" in text


class NetzLernenApp(Flask):
    """Flask, plus: a request that met a busy SQLite database is rolled back and run again.

    A request writes everything in one transaction committed at its end, so running it again is
    safe. With several workers on one SQLite file this keeps "database is locked" from learners.
    """

    busy_retries = 5

    def dispatch_request(self):
        for attempt in range(self.busy_retries + 1):
            try:
                return super().dispatch_request()
            except OperationalError as error:
                if attempt == self.busy_retries or not _is_busy(error):
                    raise
                db.session.rollback()
                g.pop("_login_user", None)
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")


def _init_database(app: Flask) -> None:
    from . import models  # noqa: F401  (every table on the metadata, for Alembic too)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            database_file.init_app(app, engine)


def _init_login(app: Flask) -> None:
    from .auth.services import load_session

    login.init_app(app)
    login.login_view = "auth.signin"
    login.session_protection = None  # sessions live in the database and end at sign-out
    login.user_loader(load_session)


def create_app(config: dict | None = None) -> Flask:
    """Build the app. ``config`` overrides settings (tests pass a database URL and folders)."""
    config = dict(config or {})
    instance_path = config.pop("INSTANCE_PATH", None)
    app = NetzLernenApp(
        __name__,
        instance_path=str(instance_path) if instance_path else None,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, config)
    if app.config.get("PROXY_FIX"):
        # Behind nginx: take the client's address and the scheme (https) from its X-Forwarded-* headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    _init_database(app)
    _init_login(app)
    babel.init_app(
        app, locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "translations"),
    )
    log_uncompiled_catalogues(app)
    for text_filter in TEXT_FILTERS:
        app.add_template_filter(text_filter)
    csrf.init_app(app)
    from . import ratelimit  # noqa: F401  (registers the database:// storage)

    limiter.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    pages.init_app(app)
    numbers.init_app(app)

    from .auth import bp as auth_bp
    from .certificates import bp as certificates_bp
    from .coordinator import bp as coordinator_bp
    from .learn import bp as learn_bp
    from .mentor import bp as mentor_bp

    for blueprint in (auth_bp, learn_bp, mentor_bp, coordinator_bp, certificates_bp):
        app.register_blueprint(blueprint)

    from .cli import register as register_cli

    register_cli(app)
    load_at_start(app)
    app.before_request(lambda: reload_if_changed(app))
    return app
