"""Backups of a live SQLite database: taken during writes, restored, nothing committed is missing."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import threading
import time
from contextlib import closing

import pytest

from netzlernen.cli.backup import backup_sqlite, restore_sqlite
from tests.conftest import on_postgres, sqlite_only


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


def test_backup_of_a_missing_database_says_so_in_one_line(runner, tmp_path, app, database_file):
    """A nightly cron job after the file was deleted (README): one clear line, not a traceback."""
    from netzlernen.extensions import db

    db.engine.dispose()
    database_file.unlink()
    result = runner.invoke(args=["backup", "--dir", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert "Error: the database file does not exist yet or cannot be opened" in result.output
    assert isinstance(result.exception, SystemExit)  # a ClickException, no traceback
    assert not database_file.exists()


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



@sqlite_only
def test_backups_are_single_closed_files_without_wal_or_shm(runner, tmp_path):
    folder = tmp_path / "b"
    (folder).mkdir()
    # What earlier versions left next to each copy: removed with the copies they belonged to.
    (folder / "netzlernen-20260101-020000-000000.partial-wal").write_bytes(b"")
    (folder / "netzlernen-20260101-020000-000000.partial-shm").write_bytes(b"\0" * 32768)
    for _ in range(3):
        result = runner.invoke(args=["backup", "--dir", str(folder), "--keep", "2"])
        assert result.exit_code == 0, result.output
    copies = sorted(folder.iterdir())
    assert [p.suffix for p in copies] == [".sqlite3", ".sqlite3"], copies
    for copy in copies:
        with closing(sqlite3.connect(copy)) as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(folder.iterdir()) == copies  # reading a copy leaves nothing behind either



@sqlite_only
def test_backups_hold_no_pin_in_clear(runner, tmp_path, app):
    """A new PIN waits in clear for its mentor to print it, until someone signs in again: a copy
    made meanwhile (at night) would carry it onto the backup disk."""
    from netzlernen import pictograms
    from netzlernen.auth import services as accounts
    from netzlernen.extensions import db
    from netzlernen.models import FreshSecret, Role

    mentor = accounts.create_staff("maria", "geheim123", Role.MENTOR)
    learner, _pin = accounts.create_learner("Anna", code="ANNA11")
    secret = accounts.PICTURE_PREFIX + pictograms.encode(accounts.use_picture_signin(learner))
    accounts.keep_fresh_secret(learner, mentor, secret)
    db.session.commit()
    assert runner.invoke(args=["backup", "--dir", str(tmp_path / "b")]).exit_code == 0
    [backup] = (tmp_path / "b").glob("*.sqlite3")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("SELECT count(*) FROM fresh_secret").fetchone()[0] == 0
        assert copy.execute("SELECT count(*) FROM user").fetchone()[0] == 2
    assert secret.encode() not in backup.read_bytes()
    assert db.session.scalar(db.select(FreshSecret.secret)) == secret  # the live one is still there to print

def _live_rows(database_file) -> list[str]:
    with closing(sqlite3.connect(database_file)) as live:
        return [row[0] for row in live.execute("SELECT name FROM location ORDER BY name")]


@sqlite_only
@pytest.mark.parametrize("kind", ["empty", "text", "other-database", "damaged"])
def test_restore_refuses_a_file_that_is_not_an_intact_netzlernen_database(runner, tmp_path, app, database_file, kind):
    from netzlernen.extensions import db
    from netzlernen.models import Location

    db.session.add(Location(name="Live"))
    db.session.commit()
    db.session.remove()
    candidate = tmp_path / "candidate.sqlite3"
    if kind == "empty":
        candidate.write_bytes(b"")
    elif kind == "text":
        candidate.write_text("Einkaufsliste: Brot, Milch\n" * 200)
    elif kind == "other-database":
        with closing(sqlite3.connect(candidate)) as other:
            other.execute("CREATE TABLE notes (text TEXT)")
            other.commit()
    else:
        backup = backup_sqlite(database_file, tmp_path / "b", keep=1)
        with closing(sqlite3.connect(backup)) as copy:
            page_size = copy.execute("PRAGMA page_size").fetchone()[0]
            root = copy.execute("SELECT rootpage FROM sqlite_master WHERE name = 'location'").fetchone()[0]
        data = bytearray(backup.read_bytes())
        data[(root - 1) * page_size] = 0x42  # the table's page no longer says what kind of page it is
        candidate.write_bytes(bytes(data))
    before = database_file.read_bytes()

    result = runner.invoke(args=["restore", str(candidate), "--yes"])

    assert result.exit_code != 0
    assert "nothing was changed" in result.output and "Restored" not in result.output
    assert not isinstance(result.exception, sqlite3.Error)  # a message, not a traceback
    assert database_file.read_bytes() == before
    assert _live_rows(database_file) == ["Live"]


def _hint_commands(tmp_path) -> dict[str, str]:
    """The commands `flask backup` prints for PostgreSQL, by program name."""
    from netzlernen import create_app
    from tests.conftest import TEST_COURSES

    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "COURSES_DIR": str(TEST_COURSES), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u:p@127.0.0.1:1/none"})
    result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 2
    lines = [line.strip() for line in result.output.splitlines()]
    return {line.split()[0]: line for line in lines if line.startswith(("pg_dump ", "pg_restore "))}


def test_postgres_hint_commands_work_when_pasted_into_bash(tmp_path):
    """DATABASE_URL holds SQLAlchemy's postgresql+psycopg://, which libpq refuses; the printed
    commands drop the driver name, and the file name gets a real date."""
    commands = _hint_commands(tmp_path)
    assert set(commands) == {"pg_dump", "pg_restore"} and "%%" not in "".join(commands.values())
    shown = {}
    for program, command in commands.items():
        echoed = subprocess.run(["bash", "-c", "printf '%s\\n' " + command.split(" ", 1)[1]], check=True, text=True,
                                capture_output=True, env={**os.environ, "DATABASE_URL": "postgresql+psycopg://u:p@db/netz"})
        shown[program] = echoed.stdout.splitlines()
    assert shown["pg_dump"][-1] == "postgresql://u:p@db/netz"
    assert re.fullmatch(r"--file=netzlernen-\d{8}-\d{6}\.dump", shown["pg_dump"][1])
    assert "--exclude-table-data=fresh_secret" in shown["pg_dump"]  # no new PIN in clear on the backup disk
    assert "--dbname=postgresql://u:p@db/netz" in shown["pg_restore"]


@on_postgres
@pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore"), reason="needs pg_dump")
def test_postgres_hint_commands_back_up_and_restore_the_database(tmp_path, database_url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(database_url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO location (name, created_at) VALUES ('Vorher', now())"))
    commands = _hint_commands(tmp_path)
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(["bash", "-c", commands["pg_dump"]], check=True, cwd=tmp_path, env=env, capture_output=True)
    [dump] = tmp_path.glob("netzlernen-*.dump")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO location (name, created_at) VALUES ('Nachher', now())"))
    subprocess.run(["bash", "-c", commands["pg_restore"].replace("FILE.dump", dump.name)], check=True, cwd=tmp_path,
                   env=env, capture_output=True)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM location")).scalars().all() == ["Vorher"]
    engine.dispose()
