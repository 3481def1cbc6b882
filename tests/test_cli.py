"""Operator commands under `flask --app app …`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from netzlernen.extensions import db
from netzlernen.models import User
from tests.conftest import TEST_COURSES, base_config, sqlite_only
from tests.test_content import write_pack


def test_courses_check_passes_on_a_good_folder(runner):
    result = runner.invoke(args=["courses", "check", str(TEST_COURSES)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 1 courses, 3 lessons")


def test_courses_check_defaults_to_the_configured_folder(runner):
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 0 and "1 courses" in result.output


def test_courses_check_prints_every_problem_and_fails(runner, tmp_path):
    write_pack(tmp_path, {"kurs/01-lektion/de.md": None, "kurs/02-neu/de.md": "---\nminutes: 3\n---\n"})
    result = runner.invoke(args=["courses", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "kurs/01-lektion: error: de.md is missing" in result.output
    assert "kurs/02-neu/de.md:1: error: the front matter has no 'title'" in result.output


def test_courses_check_reports_files_that_broke_it_before_without_a_traceback(runner, tmp_path):
    from tests.test_content import JOB_SEARCH, OFFER

    root = write_pack(tmp_path / "courses", {"kurs/01-lektion/de.md": JOB_SEARCH, "kurs/jobs.yml": OFFER.replace("id: a", "id: [a]"),
                                             "kurs/01-lektion/en.md": None})
    (root / "kurs/01-lektion/en.md").symlink_to("en.md")
    (root / "kurs/01-lektion/pw.txt").symlink_to("/etc/passwd")
    result = runner.invoke(args=["courses", "check", str(root)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # not a crash
    assert "kurs/jobs.yml:1: error: offer 1 needs 'id' as a text" in result.output
    assert "kurs/01-lektion/en.md: error: the app cannot read this file" in result.output
    assert "kurs/01-lektion/pw.txt: error: this link leads outside the course folder (to /etc/passwd)" in result.output


def test_courses_check_of_one_course_folder(runner):
    result = runner.invoke(args=["courses", "check", str(Path(TEST_COURSES) / "test-kurs")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("part", ["kurs/01-lektion", "kurs/01-lektion/de.md", "kurs/course.yml"])
def test_courses_check_of_a_lesson_folder_or_file_checks_its_course(runner, tmp_path, part):
    root = write_pack(tmp_path, {"kurs/01-lektion/en.md": "---\ntitle: Lesson\n---\nNo quiz.\n"})
    result = runner.invoke(args=["courses", "check", str(root / part)])
    assert result.exit_code == 1, result.output
    assert f"{root / part} belongs to the course {root / 'kurs'}: checking the whole course" in result.output
    assert "kurs/01-lektion/en.md:1: error: the German lesson has a quiz and this translation has not" in result.output


def test_courses_check_of_a_folder_without_courses_fails(runner, tmp_path):
    (tmp_path / "leer").mkdir()
    result = runner.invoke(args=["courses", "check", str(tmp_path / "leer")])
    assert result.exit_code == 1, result.output
    assert f"no course found in {tmp_path / 'leer'}" in result.output


def test_create_learner_prints_code_and_pin(runner):
    result = runner.invoke(args=["users", "create-learner", "Mira", "--language", "uk"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.display_name == "Mira"))
    assert user.language == "uk" and user.signin_code in result.output
    assert "PIN " in result.output


def test_create_staff_asks_for_a_password(runner):
    result = runner.invoke(args=["users", "create-staff", "chef", "--role", "coordinator"], input="lang-genug\nlang-genug\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "chef"))
    assert user.is_coordinator


def test_create_mentor_and_learner_at_a_location(runner, make_location):
    west = make_location("Lernzentrum Weststadt")
    result = runner.invoke(args=["users", "create-staff", "maria", "--password", "lang-genug", "--location", west.name])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "maria")).location_id == west.id
    result = runner.invoke(args=["users", "create-learner", "Mira", "--location", west.name])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.display_name == "Mira")).location_id == west.id


def test_unknown_location_is_refused_with_the_known_ones(runner, make_location):
    make_location("Lernzentrum Grone")
    result = runner.invoke(args=["users", "create-staff", "maria", "--password", "lang-genug", "--location", "Grone"])
    assert result.exit_code != 0 and "no location called 'Grone' (there are: Lernzentrum Grone)" in result.output
    assert db.session.scalar(select(User).where(User.username == "maria")) is None


def test_mentor_without_location_is_told_they_see_no_learners(runner):
    result = runner.invoke(args=["users", "create-staff", "maria", "--password", "lang-genug"])
    assert result.exit_code == 0 and "sees no learners yet" in result.output


def test_create_staff_refuses_a_username_the_staff_form_would_refuse(runner):
    result = runner.invoke(args=["users", "create-staff", "anna@stadt.de", "--password", "lang-genug"])
    assert result.exit_code != 0 and "digits, dots, dashes and underscores" in result.output
    assert db.session.scalar(select(User).where(User.username == "anna@stadt.de")) is None


def test_create_staff_refuses_a_short_password(runner):
    result = runner.invoke(args=["users", "create-staff", "chef", "--password", "kurz"])
    assert result.exit_code != 0 and "at least 8" in result.output


def test_demo_load_is_repeatable_and_prints_sign_in_data(runner):
    first = runner.invoke(args=["demo", "load"])
    second = runner.invoke(args=["demo", "load"])
    assert first.exit_code == second.exit_code == 0
    assert "ANNA24" in first.output and "PIN 1234" in first.output
    assert len(db.session.scalars(select(User)).all()) == 4


@sqlite_only
def test_commands_before_the_database_exists_say_to_run_the_migrations(make_app, tmp_path):
    missing = tmp_path / "not-yet.db"
    runner = make_app(base_config(tmp_path, missing)).test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # no traceback
    assert "run 'flask --app app db upgrade' first" in result.output and "Traceback" not in result.output
    assert not missing.exists()

    empty = tmp_path / "empty.db"
    empty.touch()
    runner = make_app(base_config(tmp_path, empty)).test_cli_runner()
    result = runner.invoke(args=["users", "create-learner", "Mira"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "no NetzLernen tables yet or is out of date: run 'flask --app app db upgrade' first" in result.output


def test_courses_check_of_the_configured_folder_prints_each_problem_once(tmp_path):
    """The app loads the courses at start; for a CLI command it must not log them before the checker prints them."""
    import os
    import subprocess
    import sys

    write_pack(tmp_path / "courses", {"kurs/01-lektion/de.md": None, "gut/course.yml": "title:\n  de: Gut\n"
                                      "description:\n  de: Gut.\n", "gut/01-a/de.md": "---\ntitle: A\n---\nText.\n"})
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "SECRET_KEY": "k" * 32, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "NETZLERNEN_COURSES_DIR": str(tmp_path / "courses")}
    result = subprocess.run([str(Path(sys.executable).parent / "flask"), "--app", "app", "courses", "check"], cwd=root,
                            env=env, capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert output.count("de.md is missing") == 1, output
    assert "left out" not in output and "loaded 1 courses" not in output, output


def test_under_the_flask_command_the_courses_load_when_first_needed(monkeypatch, app_config, make_app, caplog):
    from netzlernen.catalogue import EXTENSION_KEY

    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # as Flask's command line sets it (`flask run` too)
    app = make_app(app_config)
    assert EXTENSION_KEY not in app.extensions
    with caplog.at_level("INFO"):
        assert app.test_client().get("/").status_code in (200, 302)
    assert list(app.extensions[EXTENSION_KEY].courses) == ["test-kurs"]
    assert any("loaded 1 courses" in r.getMessage() for r in caplog.records)
