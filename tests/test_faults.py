"""Faults: the database read-only, full or away, and a course folder broken while the app runs.
Each gives the user a clear page, the operator a clear log line, and recovers without a restart."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

from netzlernen import BUSY_TIMEOUT_MS
from netzlernen.extensions import db
from netzlernen.models import QuizAttempt
from tests.conftest import TEST_COURSES, Kiosk, base_config, on_postgres, sqlite_only

LESSON = "/courses/test-kurs/erste-schritte"


def answer(kiosk):
    token = kiosk.token(LESSON)
    return kiosk.client.post(f"{LESSON}/quiz", data={"csrf_token": token, "q0": "1", "q1": ["0", "1"]})


def pragma_on_checkout(app, statement: str):
    """Run a PRAGMA on every connection the app takes from its pool (until the listener goes)."""
    def listener(dbapi_connection, record, proxy):
        dbapi_connection.execute(statement)

    event.listen(db.engine, "checkout", listener)
    return lambda: event.remove(db.engine, "checkout", listener)


def disk_full(app):
    """Every write fails as SQLite fails when the disk is full."""
    import sqlite3

    def listener(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(db.engine, "before_cursor_execute", listener)
    return lambda: event.remove(db.engine, "before_cursor_execute", listener)


@sqlite_only
@pytest.mark.parametrize("fault", ["read-only", "disk full"])
def test_database_that_cannot_write_gives_a_clear_page_and_recovers(signed_in, app, caplog, fault):
    signed_in.client.get(LESSON)
    remove = pragma_on_checkout(app, "PRAGMA query_only=ON") if fault == "read-only" else disk_full(app)
    db.engine.dispose()
    with caplog.at_level("ERROR"):
        response = answer(signed_in)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "NetzLernen kann gerade nicht speichern" in page and "Traceback" not in page
    assert any("database unavailable" in record.getMessage() for record in caplog.records)
    remove()
    undo = pragma_on_checkout(app, "PRAGMA query_only=OFF")
    db.engine.dispose()
    assert answer(signed_in).status_code == 302  # no restart needed
    undo()
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1


def test_any_other_programming_error_is_a_bug_with_the_500_page_and_its_traceback(tmp_path, make_app, databases, caplog):
    from sqlalchemy.exc import ProgrammingError

    app = make_app({**base_config(tmp_path, databases.new(tmp_path)), "TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    def broken():
        raise ProgrammingError("SELECT lesson FROM nowhere", {}, Exception("syntax error at or near FROM"))

    app.add_url_rule("/broken", view_func=broken)
    with caplog.at_level("ERROR"):
        response = app.test_client().get("/broken")
    assert response.status_code == 500 and "Traceback" not in response.get_data(as_text=True)
    assert any(r.getMessage().startswith("unhandled error on GET /broken") and r.exc_info for r in caplog.records)


def test_a_database_older_than_the_code_tells_the_operator_to_upgrade(signed_in, app, caplog):
    """After a `git pull` without `flask db upgrade`: the learner gets the waiting page, the log says what to run."""
    with app.app_context():
        db.session.execute(text('ALTER TABLE "user" DROP COLUMN password_change_required'))
        db.session.commit()
        db.engine.dispose()
    with caplog.at_level("ERROR"):
        response = Kiosk(app.test_client()).sign_in("LEA123", "1234")
    assert response.status_code == 503 and "Traceback" not in response.get_data(as_text=True)
    assert any("older than this version" in r.getMessage() and "db upgrade" in r.getMessage() for r in caplog.records)


@sqlite_only
def test_database_away_gives_a_clear_page_and_recovers_when_it_is_back(tmp_path, make_app, databases, caplog):
    folder = tmp_path / "data"
    url = databases.new(tmp_path)
    app = make_app(base_config(tmp_path, f"sqlite:///{folder / 'db.sqlite3'}"))
    kiosk = Kiosk(app.test_client())
    with caplog.at_level("ERROR"):
        response = kiosk.sign_in("LEA123", "1234")
    assert response.status_code == 503 and "Traceback" not in response.get_data(as_text=True)
    assert any("database unavailable" in r.getMessage() for r in caplog.records)
    folder.mkdir()
    shutil.copyfile(url.removeprefix("sqlite:///"), folder / "db.sqlite3")
    with app.app_context():
        from netzlernen.auth import services

        services.create_learner("Lea", pin="1234", code="LEA123")
        db.session.commit()
    assert kiosk.sign_in("LEA123", "1234").status_code == 302


@sqlite_only
def test_database_file_deleted_while_running_gives_the_clear_page_until_it_is_restored(
        signed_in, app, runner, database_file, tmp_path, caplog):
    """Answers must not go into a deleted file (lost at the next restart), and no empty database may
    take its place: the clear page until `flask restore` brings the file back, then on as before."""
    from netzlernen.cli.backup import backup_sqlite

    assert answer(signed_in).status_code == 302
    db.session.remove()
    backup = backup_sqlite(database_file, tmp_path / "backups", keep=1)
    database_file.unlink()
    with caplog.at_level("ERROR"):
        responses = [answer(signed_in), signed_in.client.get(LESSON)]
    assert [r.status_code for r in responses] == [503, 503]
    assert "NetzLernen kann gerade nicht speichern" in responses[0].get_data(as_text=True)
    assert any("was deleted or replaced" in r.getMessage() for r in caplog.records)
    assert not database_file.exists()

    assert runner.invoke(args=["restore", str(backup), "--yes"]).exit_code == 0
    assert answer(signed_in).status_code == 302  # the same session: no restart, no new sign-in
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 2


@sqlite_only
def test_a_missing_database_file_is_made_by_db_upgrade_only(tmp_path, make_app):
    database = tmp_path / "netzlernen.sqlite3"
    app = make_app(base_config(tmp_path, database))
    kiosk = Kiosk(app.test_client())
    assert kiosk.sign_in("LEA123", "1234").status_code == 503
    assert not database.exists()
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert kiosk.sign_in("LEA123", "1234").status_code == 401  # the database is there (and empty)


@on_postgres
def test_postgres_restarted_under_a_running_app_costs_no_request(signed_in, app, databases, database_url):
    """A restart of PostgreSQL ends every connection in the app's pool; the next requests still work."""
    assert signed_in.client.get(LESSON).status_code == 200
    db.session.remove()
    with databases.admin.connect() as admin:
        ended = admin.exec_driver_sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (make_url(database_url).database,)).scalar()
    assert ended >= 1
    assert [signed_in.client.get(LESSON).status_code for _ in range(3)] == [200, 200, 200]
    assert answer(signed_in).status_code == 302


@pytest.fixture
def app_config(app_config, tmp_path):
    courses = tmp_path / "courses"
    shutil.copytree(TEST_COURSES, courses)
    return {**app_config, "COURSES_DIR": str(courses), "COURSE_RELOAD_SECONDS": 0.001}


def test_course_broken_while_running_keeps_its_last_good_version(signed_in, app_config, caplog):
    import time

    course_yml = f"{app_config['COURSES_DIR']}/test-kurs/course.yml"
    with open(course_yml, "a", encoding="utf-8") as handle:
        handle.write("title: [kaputt\n")
    time.sleep(0.01)
    with caplog.at_level("ERROR"):
        response = signed_in.client.get(LESSON)
    assert response.status_code == 200 and "<h1>Erste Schritte</h1>" in response.get_data(as_text=True)
    assert any("last good version is still served" in r.getMessage() for r in caplog.records)


def _link_loop(courses):
    (courses / "test-kurs/01-erste-schritte/schleife.svg").symlink_to("schleife.svg")


def _unreadable_translation(courses):
    lesson = courses / "test-kurs/01-erste-schritte/en.md"
    lesson.unlink()
    lesson.symlink_to("en.md")


def _offer_id_a_list(courses):
    (courses / "test-kurs/jobs.yml").write_text("- id: [a]\n  title: T\n", encoding="utf-8")
    lesson = courses / "test-kurs/03-ohne-englisch/de.md"
    lesson.write_text(lesson.read_text("utf-8") + "\n```practice\ntype: job-search\noffers: jobs.yml\n```\n", encoding="utf-8")


def _unexpected_error(courses):
    (courses / "test-kurs/neu.txt").write_text("a change, so that the course is read again", encoding="utf-8")
    from netzlernen.content import loader

    def fails(*args):
        raise TypeError("unhashable type: 'list'")

    return loader, "_load_course", fails


def _whole_load_fails(courses):
    (courses / "test-kurs/neu.txt").write_text("a change, so that the courses are loaded again", encoding="utf-8")
    from netzlernen import catalogue

    def fails(*args, **kwargs):
        raise OSError("the course folder cannot be listed")

    return catalogue, "load_catalogue", fails


@pytest.mark.parametrize("break_courses, logged", [
    (_link_loop, None),
    (_unreadable_translation, "en.md: error: the app cannot read this file"),
    (_offer_id_a_list, "last good version is still served"),
    (_unexpected_error, "last good version is still served"),
    (_whole_load_fails, "loading the courses failed"),
])
def test_a_course_file_that_breaks_loading_does_not_take_the_site_down(signed_in, app_config, caplog, monkeypatch,
                                                                       break_courses, logged):
    import time
    from pathlib import Path

    patch = break_courses(Path(app_config["COURSES_DIR"]))
    if patch:
        monkeypatch.setattr(*patch)
    time.sleep(0.01)
    with caplog.at_level("ERROR"):
        page = signed_in.client.get(LESSON)
    assert page.status_code == 200 and "<h1>Erste Schritte</h1>" in page.get_data(as_text=True)
    assert signed_in.client.get("/courses/test-kurs/ohne-englisch").status_code == 200
    with signed_in.client.get("/static/css/app.css") as css:
        assert css.status_code == 200
    assert logged is None or any(logged in r.getMessage() for r in caplog.records)


def _folder_away(courses):
    shutil.rmtree(courses)


def _folder_empty(courses):
    shutil.rmtree(courses)
    courses.mkdir()


@pytest.mark.parametrize("replace_gap", [_folder_away, _folder_empty])
def test_course_folder_replaced_while_running_keeps_the_courses_until_the_new_ones_are_there(
        signed_in, app_config, caplog, replace_gap):
    """`rm -rf courses && cp -r /media/usb/courses .`: a reload in the gap keeps serving the courses."""
    import time
    from pathlib import Path

    courses = Path(app_config["COURSES_DIR"])
    replace_gap(courses)
    time.sleep(0.01)
    with caplog.at_level("ERROR"):
        page = signed_in.client.get(LESSON)
    assert page.status_code == 200 and "<h1>Erste Schritte</h1>" in page.get_data(as_text=True)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "the courses loaded before are still served" in errors[0], errors

    shutil.rmtree(courses, ignore_errors=True)
    shutil.copytree(TEST_COURSES, courses)
    lesson = courses / "test-kurs/01-erste-schritte/de.md"
    lesson.write_text(lesson.read_text("utf-8").replace("title: Erste Schritte", "title: Die ersten Schritte"), "utf-8")
    time.sleep(0.01)
    assert "<h1>Die ersten Schritte</h1>" in signed_in.client.get(LESSON).get_data(as_text=True)


def test_course_changed_while_running_is_served_new_without_a_restart(signed_in, app_config):
    import time

    lesson = f"{app_config['COURSES_DIR']}/test-kurs/01-erste-schritte/de.md"
    with open(lesson, encoding="utf-8") as handle:
        text = handle.read()
    with open(lesson, "w", encoding="utf-8") as handle:
        handle.write(text.replace("title: Erste Schritte", "title: Die ersten Schritte"))
    time.sleep(0.01)
    assert "<h1>Die ersten Schritte</h1>" in signed_in.client.get(LESSON).get_data(as_text=True)


def test_a_reload_keeps_the_courses_whose_files_did_not_change(signed_in, app, app_config):
    import time

    from netzlernen.catalogue import get_catalogue

    served = get_catalogue()
    with open(f"{app_config['COURSES_DIR']}/LIESMICH.txt", "w", encoding="utf-8") as handle:
        handle.write("Notizen der Autorin")  # a change in the folder, but in no course
    time.sleep(0.01)
    assert signed_in.client.get(LESSON).status_code == 200
    assert get_catalogue() is not served  # loaded again …
    assert get_catalogue().courses["test-kurs"] is served.courses["test-kurs"]  # … without reading the course


def test_missing_course_file_is_404_and_logged(client, app_config, caplog):
    import os

    os.remove(f"{app_config['COURSES_DIR']}/test-kurs/01-erste-schritte/bild.svg")
    with caplog.at_level("WARNING"):
        response = client.get("/course-files/test-kurs/erste-schritte/bild.svg")
    assert response.status_code == 404
    assert any("course file missing" in r.getMessage() for r in caplog.records)


@sqlite_only
def test_an_answer_that_stores_nothing_does_not_wait_for_another_writer(signed_in, database_file):
    """Quiz answers take SQLite's single write lock only to write. While another process holds it, a
    quiz sent with a question left out is still answered (422, with the message), not 'locked' (503)."""
    import sqlite3

    signed_in.client.get(LESSON)  # the first visit is written down now, before the lock is taken
    token = signed_in.token(LESSON)
    holder = sqlite3.connect(database_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = signed_in.client.post(f"{LESSON}/quiz", data={"csrf_token": token, "q0": "1"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 422
    assert response.get_data(as_text=True).count("question-missing") == 1
    assert answer(signed_in).status_code == 302  # with the lock free, a full answer is stored


def hold_write_lock(database_file):
    """Another process's writer: SQLite's write lock, held until the returned function is called."""
    import sqlite3

    holder = sqlite3.connect(database_file, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release():
        holder.execute("ROLLBACK")
        holder.close()

    return release


@sqlite_only
def test_an_answer_waits_for_another_writer_and_is_stored_when_the_lock_is_free(signed_in, database_file):
    import threading

    from sqlalchemy import text

    signed_in.client.get(LESSON)
    token = signed_in.token(LESSON)
    release = hold_write_lock(database_file)
    threading.Timer(0.3, release).start()
    response = signed_in.client.post(f"{LESSON}/quiz", data={"csrf_token": token, "q0": "1", "q1": ["0", "1"]})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1
    # The wait for the lock lowers SQLite's own busy time-out for a moment; it is back afterwards.
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS


@sqlite_only
def test_an_answer_that_cannot_get_the_write_lock_gives_the_clear_page(signed_in, database_file, monkeypatch, caplog):
    import netzlernen

    signed_in.client.get(LESSON)
    token = signed_in.token(LESSON)
    monkeypatch.setattr(netzlernen, "BUSY_TIMEOUT_MS", 50)
    release = hold_write_lock(database_file)
    try:
        with caplog.at_level("ERROR"):
            response = signed_in.client.post(f"{LESSON}/quiz", data={"csrf_token": token, "q0": "1", "q1": ["0", "1"]})
    finally:
        release()
    assert response.status_code == 503
    assert "NetzLernen kann gerade nicht speichern" in response.get_data(as_text=True)
    assert any("database is locked" in record.getMessage() for record in caplog.records)
    assert answer(signed_in).status_code == 302  # the lock is free again: stored
