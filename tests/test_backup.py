"""Backups of a live SQLite database: taken during writes, restored, nothing committed is missing."""

from __future__ import annotations

import sqlite3
import threading
import time

from netzlernen.cli.backup import backup_sqlite, restore_sqlite
from tests.conftest import sqlite_only


@sqlite_only
def test_backup_during_writes_restores_every_committed_row(tmp_path, runner, app, database_file):
    stop = threading.Event()
    committed: list[tuple[int, float]] = []

    def writer():
        connection = sqlite3.connect(database_file, timeout=10)
        connection.execute("PRAGMA journal_mode=WAL")
        number = 0
        while not stop.is_set() and number < 5000:
            number += 1
            connection.execute("INSERT INTO location (name, created_at) VALUES (?, CURRENT_TIMESTAMP)", (f"Ort {number}",))
            connection.commit()
            committed.append((number, time.monotonic()))
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    backup = backup_sqlite(database_file, tmp_path / "backups", keep=3)
    stop.set()
    thread.join()

    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {row[0] for row in copy.execute("SELECT name FROM location")}
    before = [number for number, at in committed if at < started]
    assert before and all(f"Ort {number}" in names for number in before)
    assert len(names) < len(committed) or len(names) == len(committed)

    # Restore over a database that has moved on: it is the snapshot again.
    with sqlite3.connect(database_file) as live:
        live.execute("DELETE FROM location")
    restore_sqlite(backup, database_file)
    with sqlite3.connect(database_file) as live:
        assert {row[0] for row in live.execute("SELECT name FROM location")} == names


@sqlite_only
def test_backup_command_keeps_the_last_copies(runner, tmp_path):
    for _ in range(4):
        result = runner.invoke(args=["backup", "--dir", str(tmp_path / "b"), "--keep", "2"])
        assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "b").glob("netzlernen-*.sqlite3"))) == 2


@sqlite_only
def test_restore_command_brings_a_backup_back(runner, tmp_path, app):
    from netzlernen.extensions import db
    from netzlernen.models import Location

    db.session.add(Location(name="Vorher"))
    db.session.commit()
    runner.invoke(args=["backup", "--dir", str(tmp_path / "b")])
    db.session.add(Location(name="Nachher"))
    db.session.commit()
    db.session.remove()
    [backup] = list((tmp_path / "b").glob("*.sqlite3"))
    result = runner.invoke(args=["restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert [l.name for l in db.session.query(Location).all()] == ["Vorher"]


def test_backup_of_postgres_explains_pg_dump(tmp_path, monkeypatch):
    from netzlernen import create_app
    from tests.conftest import TEST_COURSES

    app = create_app({"INSTANCE_PATH": str(tmp_path), "COURSES_DIR": str(TEST_COURSES), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u:p@127.0.0.1:1/none"})
    result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 2 and "pg_dump" in result.output
