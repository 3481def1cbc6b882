"""The app factory: configuration from the environment, the secret key, SQLite settings, error pages."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from netzlernen import create_app
from netzlernen.extensions import db
from tests.conftest import TEST_COURSES, sqlite_only


def test_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = {"INSTANCE_PATH": str(tmp_path / "instance"), "SQLALCHEMY_DATABASE_URI": "sqlite://", "COURSES_DIR": str(TEST_COURSES)}
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "instance" / "secret_key").read_text().strip() == first
    assert oct((tmp_path / "instance" / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NETZLERNEN_COURSES_DIR", str(TEST_COURSES))
    monkeypatch.setenv("NETZLERNEN_IDLE_TIMEOUT", "300")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    monkeypatch.setenv("SECRET_KEY", "from-env-" + "k" * 32)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    assert app.config["COURSES_DIR"] == str(TEST_COURSES)
    assert app.config["IDLE_TIMEOUT"] == 300
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite3")
    assert app.config["SECRET_KEY"] == "from-env-" + "k" * 32
    with app.app_context():
        assert list(app.extensions["netzlernen.catalogue"].courses) == ["test-kurs"]
        db.engine.dispose()


@pytest.mark.parametrize("variable", ["SECRET_KEY", "NETZLERNEN_SECRET_KEY"])
@pytest.mark.parametrize("key", ["change-me-to-a-long-random-string", "x", "k" * 31])
def test_a_weak_secret_key_from_the_environment_stops_the_start(tmp_path, monkeypatch, variable, key):
    """Anyone who knows the key can forge a session: the example value or a short key is refused."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv(variable, key)
    config = {"INSTANCE_PATH": str(tmp_path / "instance"), "SQLALCHEMY_DATABASE_URI": "sqlite://", "COURSES_DIR": str(TEST_COURSES)}
    with pytest.raises(SystemExit) as stopped:
        create_app(config)
    assert "SECRET_KEY" in str(stopped.value) and "secrets.token_hex(32)" in str(stopped.value)
    monkeypatch.setenv(variable, "k" * 32)
    assert create_app(config).config["SECRET_KEY"] == "k" * 32


def test_a_weak_secret_key_stops_gunicorn_with_one_clear_line(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "SECRET_KEY": "change-me-to-a-long-random-string", "GUNICORN_BIND": "127.0.0.1:0",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "NETZLERNEN_COURSES_DIR": str(TEST_COURSES)}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    result = subprocess.run([str(gunicorn), "-c", "gunicorn.conf.py", "app:app"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=20)
    assert result.returncode != 0
    assert "SECRET_KEY is the example value" in result.stderr and "Traceback" not in result.stderr


def test_postgres_urls_use_psycopg_3(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@127.0.0.1:5432/netz")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "COURSES_DIR": str(TEST_COURSES)})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_postgres_connections_are_checked_before_use_and_sqlite_ones_are_not(tmp_path, monkeypatch):
    """After PostgreSQL restarts, pooled connections are dead; a ping finds that before a request does."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = {"INSTANCE_PATH": str(tmp_path), "COURSES_DIR": str(TEST_COURSES), "SECRET_KEY": "x"}
    postgres = create_app({**config, "SQLALCHEMY_DATABASE_URI": "postgresql://u:p@127.0.0.1:1/none"})
    sqlite = create_app({**config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    with postgres.app_context():  # nothing connects until the first query (port 1 has no server)
        assert db.engine.pool._pre_ping is True
    with sqlite.app_context():
        assert db.engine.pool._pre_ping is False
        db.engine.dispose()


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(app):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_error_page_is_plain_and_translated(client):
    response = client.get("/nowhere")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in page and "Traceback" not in page


def test_broken_course_is_left_out_and_logged_while_the_others_are_served(tmp_path, caplog, app_config):
    import shutil

    courses = tmp_path / "courses"
    shutil.copytree(TEST_COURSES, courses)
    (courses / "kaputt").mkdir()
    (courses / "kaputt" / "course.yml").write_text("title: [\n", encoding="utf-8")
    with caplog.at_level("ERROR"):
        app = create_app({**app_config, "COURSES_DIR": str(courses)})
    assert list(app.extensions["netzlernen.catalogue"].courses) == ["test-kurs"]
    assert any("kaputt" in record.getMessage() for record in caplog.records)


def test_no_template_has_inline_scripts_styles_or_handlers():
    """The CSP forbids them; behaviour lives in static/js/, styling in static/css/."""
    import re

    from netzlernen.config import PROJECT_ROOT

    found = []
    for template in (PROJECT_ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"<style"):
            if re.search(pattern, text):
                found.append(f"{template.name}: {pattern}")
    assert not found
