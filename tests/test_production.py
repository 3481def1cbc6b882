"""Production grade: migrations match the models, shared rate limits, CSRF on every POST, escaping
of free text, fault handling."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import select, text

from netzlernen import create_app
from netzlernen.extensions import db
from netzlernen.models import User
from tests.conftest import Kiosk, base_config, sqlite_only
from tests.test_access import ROUTES, world  # noqa: F401  (the fixture)


def test_migrations_build_exactly_the_models(app):
    """The database the migrations made (on SQLite or PostgreSQL) has what the models declare."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


@sqlite_only
def test_upgrading_a_database_with_data_keeps_the_rows_that_refer_to_rebuilt_tables(tmp_path):
    """On SQLite a batch migration drops and rebuilds a table; with foreign keys on, the drop would
    delete every row that refers to it (ON DELETE CASCADE). The rows stay, and the keys are on again."""
    app = create_app(base_config(tmp_path, tmp_path / "old.sqlite3"))
    with app.app_context():
        upgrade(revision="0005")  # before the migrations that rebuild "user"
        db.session.execute(text(
            "INSERT INTO user (id, role, display_name, language, failed_signins, active, created_at) "
            "VALUES (7, 'learner', 'Anna', 'de', 0, 1, '2026-01-05 10:00:00')"))
        db.session.execute(text(
            "INSERT INTO lesson_progress (user_id, course_id, lesson_slug, status, started_at, last_visited_at) "
            "VALUES (7, 'test-kurs', 'erste-schritte', 'started', '2026-01-05 10:00:00', '2026-01-05 10:00:00')"))
        db.session.commit()
        upgrade()
        assert db.session.execute(text("SELECT user_id FROM lesson_progress")).scalars().all() == [7]
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.session.remove()
        db.engine.dispose()


def test_rate_limit_is_shared_by_two_app_servers(tmp_path, database_url, make_app):
    """Two app servers (two apps, one database): the per-address limit counts across both."""
    config = base_config(tmp_path, database_url, SIGNIN_RATE_LIMIT="3 per minute")
    first, second = make_app(config), make_app(config)
    one, two = Kiosk(first.test_client()), Kiosk(second.test_client())
    codes = [one.sign_in("NOPE99", "1111").status_code, two.sign_in("NOPE99", "1111").status_code,
             one.sign_in("NOPE99", "1111").status_code, two.sign_in("NOPE99", "1111").status_code]
    assert codes == [401, 401, 401, 429]


def test_lock_out_holds_across_app_servers(tmp_path, database_url, make_app):
    config = base_config(tmp_path, database_url)
    first, second = make_app(config), make_app(config)
    with first.app_context():
        from netzlernen.auth import services

        services.create_learner("Lea", pin="1234", code="LEA123")
        db.session.commit()
        db.session.remove()
    one, two = Kiosk(first.test_client()), Kiosk(second.test_client())
    for attempt in range(5):
        (one if attempt % 2 else two).sign_in("LEA123", "0000")
    assert one.sign_in("LEA123", "1234").status_code == 401
    assert two.sign_in("LEA123", "1234").status_code == 401


# Forms that ROUTES lists by their GET: their POST is checked here too.
STAFF_POSTS = {"auth.change_password", "coordinator.erase_staff"}


@pytest.mark.parametrize("endpoint", [e for e, (method, *_rest) in ROUTES.items() if method == "POST" or e in STAFF_POSTS])
def test_every_post_without_csrf_token_is_refused(app, world, endpoint):  # noqa: F811 (the fixture)
    from tests.test_access import sign_in

    method, path, expected, data = ROUTES[endpoint]
    role = "coordinator" if endpoint.startswith(("mentor.", "coordinator.")) or endpoint in STAFF_POSTS else "learner_a"
    kiosk = sign_in(app, role)
    form = {} if data in (None, "fresh token", "practice") else dict(data)
    response = kiosk.client.post(path.format(**world), data=form)
    assert response.status_code == 400, (endpoint, response.status_code)


XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "javascript:alert(3)",
       "<svg onload=alert(4)>", "{{ 7*7 }}", "<a href='javascript:alert(5)'>x</a>"]


@pytest.mark.parametrize("payload", XSS)
def test_free_text_is_escaped_everywhere_it_is_shown(as_mentor, as_anna, centre, payload):
    anna = centre.learner_a
    edit = f"/mentor/learners/{anna.id}/edit"
    as_mentor.post(edit, {"display_name": payload, "language": "de", "location_id": str(centre.west.id),
                          "main_mentor_id": "", "real_name": payload, "contact": payload}, token_from=edit)
    as_mentor.post(f"/mentor/learners/{anna.id}/checkins/new", {
        "met_on": "2026-11-25", "duration_minutes": "30", "mode": "phone", "confidence": "3", "topics": payload,
        "private_notes": payload, "next_steps": payload}, token_from=f"/mentor/learners/{anna.id}/checkins/new")
    assert db.session.scalar(select(User.display_name).where(User.id == anna.id)) == payload
    pages = [as_mentor.client.get(p).get_data(as_text=True) for p in
             ("/mentor/", f"/mentor/learners/{anna.id}", "/mentor/cards")]
    pages.append(as_anna.client.get("/").get_data(as_text=True))
    for page in pages:
        if "<" in payload:
            assert payload not in page  # only ever shown escaped
        assert "href=\"javascript:" not in page and "href='javascript:" not in page
    if payload == "{{ 7*7 }}":
        assert "{{ 7*7 }}" in pages[1]  # shown as it was typed, never evaluated



def test_security_headers_and_cookie_flags(kiosk, learner):
    response = kiosk.client.get("/signin")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"] and "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    cookie = kiosk.sign_in("LEA123", "1234").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_behind_https(tmp_path, database_url, make_app):
    app = make_app(base_config(tmp_path, database_url, SESSION_COOKIE_SECURE=True, PROXY_FIX=True))
    with app.app_context():
        from netzlernen.auth import services

        services.create_learner("Lea", pin="1234", code="LEA123")
        db.session.commit()
        db.session.remove()
    client = app.test_client()
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    page = client.get("/signin", headers=headers, base_url="https://lernen.example").get_data(as_text=True)
    import re

    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post("/signin", data={"csrf_token": token, "code": "LEA123", "pin": "1234"},
                           headers={**headers, "Referer": "https://lernen.example/signin"}, base_url="https://lernen.example")
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]


def test_update_instructions_restart_the_service_to_load_new_code():
    """With preload_app the master holds the code; HUP only forks new workers from it, so the
    documented update step must restart, and the unit must not offer a reload that loads nothing."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    unit = (root / "deploy" / "netzlernen.service").read_text()
    readme = (root / "README.md").read_text()
    assert "preload_app = _env(\"preload_app\", True)" in (root / "gunicorn.conf.py").read_text()
    assert not [line for line in unit.splitlines() if line.startswith("ExecReload=") and "HUP" in line]
    assert "systemctl reload netzlernen" not in readme
    assert "systemctl restart netzlernen" in readme


def _nginx_location(config: str, prefix: str) -> str:
    import re

    match = re.search(r"location " + re.escape(prefix) + r" \{(.*?)\n    \}", config, re.S)
    assert match, f"no location {prefix}"
    return match.group(1)


def test_nginx_serves_static_files_with_the_security_headers():
    """nginx drops the server block's add_header lines in a location that has its own: the static
    location repeats HSTS and the headers the app would send (always, so also on errors)."""
    from pathlib import Path

    from netzlernen.security import CONTENT_SECURITY_POLICY

    config = (Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf").read_text()
    static = _nginx_location(config, "/static/")
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in config.split("location")[0]
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in static
    assert "add_header X-Content-Type-Options nosniff always;" in static
    assert f'add_header Content-Security-Policy "{CONTENT_SECURITY_POLICY}" always;' in static


def test_nginx_config_is_accepted_by_debian_12s_nginx(tmp_path):
    """`http2 on;` needs nginx 1.25.1; Debian 12 ships 1.22, which knows only `listen … http2`."""
    import shutil
    import subprocess
    from pathlib import Path

    config = (Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf").read_text()
    assert "http2 on;" not in config and "listen 443 ssl http2;" in config
    if not shutil.which("nginx") or not shutil.which("openssl"):
        pytest.skip("nginx and openssl are not installed")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    site = (config.replace("/etc/ssl/certs/lernen.example.org.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/ssl/private/lernen.example.org.key", str(tmp_path / "key.pem")))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    access_log off;\n    include {tmp_path}/site.conf;\n}}\n")
    result = subprocess.run(["nginx", "-t", "-q", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


ICON = "/course-files/test-kurs/_course/icon.svg"


def test_only_files_found_and_without_cookies_are_cached_publicly(app):
    """A 404 cached for an hour would hide a file added since; a response with a cookie must never be
    kept by a shared cache for the next person."""
    from flask import request, session

    @app.before_request
    def change_the_session_when_asked():  # as a hook or an error page's form may do
        if request.headers.get("X-Change-Session"):
            session["touched"] = True

    client = app.test_client()

    def get(path: str, **headers):
        with client.get(path, headers=headers) as response:
            return response.status_code, response.headers

    status, found = get(ICON)
    assert status == 200 and found["Cache-Control"] == "public, max-age=3600"
    status, unchanged = get(ICON, **{"If-None-Match": found["ETag"]})
    assert status == 304 and "public" in unchanged["Cache-Control"]
    status, static = get("/static/css/app.css")
    assert status == 200 and "no-store" not in static["Cache-Control"]
    for path in (ICON.replace("icon", "missing"), "/course-files/no-such-course/_course/icon.svg",
                 "/static/css/missing.css"):
        status, missing = get(path)
        assert status == 404 and missing["Cache-Control"] == "no-store", path
    status, with_cookie = get(ICON, **{"X-Change-Session": "1"})
    assert status == 200 and "Set-Cookie" in with_cookie and with_cookie["Cache-Control"] == "no-store"


def test_a_missing_file_for_a_signed_in_learner_is_not_cached_with_their_cookie(signed_in):
    response = signed_in.client.get("/static/css/missing.css")
    assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store"
