"""SQLite keeps the whole database in one file: the app never makes that file itself, and notices
when it is deleted or replaced while the app runs.

Only ``flask db …`` (the migrations) may create the file, on a fresh install. Anywhere else a
missing file is an error (the 503 page), not a fresh empty database that hides every learner's
progress. A file deleted while the app runs would otherwise go on taking answers into the deleted
file, lost at the next restart; the app answers 503 instead until the file is back.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from .extensions import db, migrate

log = logging.getLogger(__name__)
EXTENSION_KEY = "netzlernen.database_file"


class DatabaseFile:
    """The SQLite file of one app, and which file on disk (device, inode) its connections opened."""

    def __init__(self, path: Path):
        self.path = path
        self.may_create = False  # set by the migrations' commands
        self.opened: tuple[int, int] | None = None

    def _identity(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def open_without_creating(self, dialect, record, cargs: list, cparams: dict) -> None:
        """The engine's do_connect hook: open the file read-write, but not create it (mode=rw)."""
        if not self.may_create and not cparams.get("uri"):
            cargs[0] = f"{self.path.as_uri()}?mode=rw"
            cparams["uri"] = True

    def connected(self, dbapi_connection, record) -> None:
        if self.opened is None:  # the first connection since the start or since the file went away
            self.opened = self._identity()

    def check(self) -> None:
        """Before each request (one stat call): raise OperationalError, shown as the 503 page, when the
        file the connections opened is gone or another file is in its place. The pool is emptied, so
        that once the file is back the next request opens it afresh."""
        opened = self.opened
        if opened is None or self._identity() == opened:
            return
        self.opened = None
        db.engine.dispose()
        log.error("the database file %s was deleted or replaced while NetzLernen ran; pages that need the "
                  "database answer 503 until it is back (flask restore FILE)", self.path)
        raise OperationalError("(checking the database file)", None,
                               sqlite3.OperationalError(f"database file {self.path} deleted or replaced"))


def sqlite_file(engine: Engine) -> Path | None:
    url = engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.database.startswith("file:") or url.query.get("uri"):
        return None
    return Path(url.database).resolve()


def init_app(app: Flask, engine: Engine) -> None:
    """Watch ``engine``'s SQLite file (nothing for other databases or SQLite in memory)."""
    path = sqlite_file(engine)
    if path is None:
        return
    watched = DatabaseFile(path)
    app.extensions[EXTENSION_KEY] = watched
    event.listen(engine, "do_connect", watched.open_without_creating)
    event.listen(engine, "connect", watched.connected)
    app.before_request(watched.check)


@migrate.configure
def allow_creating(config):
    """Flask-Migrate's configure callback: ``flask db upgrade`` creates the file on a fresh install."""
    watched = current_app.extensions.get(EXTENSION_KEY)
    if watched is not None:
        watched.may_create = True
    return config


def checkpoint_after_erasure() -> None:
    """After an erasure was committed (SQLite): copy the write-ahead log into the database file and
    empty it. With ``secure_delete`` the erased rows are then overwritten in the file, and no older
    copy of them stays behind in the -wal file until SQLite reuses it. Best effort, waiting at most
    2 s: a reader still on an older snapshot keeps the log until the next checkpoint."""
    if db.engine.url.get_backend_name() != "sqlite":
        return
    raw = db.engine.raw_connection()
    connection = raw.driver_connection
    usual_wait = connection.execute("PRAGMA busy_timeout").fetchone()[0]
    try:
        connection.execute("PRAGMA busy_timeout=2000")
        busy, _pages, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            log.warning("after an erasure the write-ahead log could not be emptied yet (readers were busy); "
                        "SQLite's next checkpoint overwrites it")
    finally:
        connection.execute(f"PRAGMA busy_timeout={int(usual_wait)}")
        raw.close()
