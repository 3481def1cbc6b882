"""Fixtures: a real app on a real SQLite file (built by the migrations), a client, and helpers.

Every test gets its own copy of a database that the Alembic migrations built once per run, so
tests are isolated and the migrations are what the tests run against.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from netzlernen import create_app
from netzlernen.auth import services as auth_services
from netzlernen.extensions import db
from netzlernen.models import Role

TESTS = Path(__file__).parent
TEST_COURSES = TESTS / "data" / "courses"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|<meta name="csrf-token" content="([^"]+)"')


def base_config(tmp_path: Path, database: Path | str, **extra) -> dict:
    """Settings for a test app: ``database`` is a SQLite file or a database URL."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": database if isinstance(database, str) else f"sqlite:///{database}",
        "COURSES_DIR": str(TEST_COURSES),
        "SIGNIN_RATE_LIMIT": "1000 per minute",
        "RATELIMIT_STORAGE_URI": "database://",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "COURSE_RELOAD_SECONDS": 0,
    }
    config.update(extra)
    return config


POSTGRES_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
on_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL (DATABASE_URL)")
sqlite_only = pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite only")


class SqliteDatabases:
    """A database built once by the migrations; each test gets a copy of the file."""

    def __init__(self, folder: Path):
        self.template = folder / "template.sqlite3"

    def build(self) -> None:
        app = create_app(base_config(self.template.parent, self.template))
        with app.app_context():
            upgrade()
            db.engine.dispose()

    def new(self, folder: Path) -> str:
        target = folder / f"netzlernen-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def drop(self, url: str) -> None:
        pass


class PostgresDatabases:
    """The same on PostgreSQL: a template database built by the migrations, cloned for each test."""

    def __init__(self, admin_url: str):
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.url = make_url(admin_url)
        self.template = f"nl_template_{os.getpid()}"

    def _url(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def build(self) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{self.template}"')
        app = create_app(base_config(Path(tempfile.mkdtemp()), self._url(self.template)))
        with app.app_context():
            upgrade()
            db.engine.dispose()

    def new(self, folder: Path) -> str:
        name = f"nl_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self._url(name)

    def drop(self, url: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    kind = PostgresDatabases(POSTGRES_URL) if POSTGRES_URL else SqliteDatabases(tmp_path_factory.mktemp("template"))
    kind.build()
    yield kind
    if POSTGRES_URL:
        kind.drop(kind._url(kind.template))


@pytest.fixture
def database_url(tmp_path, databases):
    url = databases.new(tmp_path)
    yield url
    databases.drop(url)


@pytest.fixture
def database_file(database_url) -> Path:
    """The test's SQLite file (tests that need the file itself run on SQLite only)."""
    if not database_url.startswith("sqlite"):
        pytest.skip("needs a SQLite file")
    return Path(make_url(database_url).database)


@pytest.fixture
def app_config(tmp_path, database_url) -> dict:
    return base_config(tmp_path, database_url)


class FreshContextClient(FlaskClient):
    """Runs every request in its own app context, as a server does.

    Without this, requests would share the test's app context and with it ``g`` (Flask-Login's
    current user, Flask-WTF's token) and the database session. After each request the test's own
    session ends its transaction, so that it reads what the request committed.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.rollback()
            db.session.expire_all()
        return response


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Kiosk:
    """A browser at the learning centre, driven through the Flask test client."""

    def __init__(self, client):
        self.client = client

    def token(self, path: str = "/signin") -> str:
        return csrf_from(self.client.get(path).get_data(as_text=True))

    def post(self, path: str, data: dict | None = None, token_from: str = "/signin", **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(token_from))
        return self.client.post(path, data=data, **kwargs)

    def sign_in(self, code: str, pin: str):
        return self.post("/signin", {"code": code, "pin": pin})

    def sign_in_staff(self, username: str, password: str):
        return self.post("/staff/signin", {"username": username, "password": password}, token_from="/staff/signin")

    def sign_out(self):
        return self.post("/signout", token_from="/")


@pytest.fixture
def kiosk(client) -> Kiosk:
    return Kiosk(client)


@pytest.fixture
def make_learner(app):
    def make(name: str = "Lea", language: str = "de", pin: str = "1234", code: str | None = None):
        user, _ = auth_services.create_learner(name, language, pin=pin, code=code)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_staff(app):
    def make(username: str = "mentor", password: str = "geheim123", role: Role = Role.MENTOR):
        user = auth_services.create_staff(username, password, role)
        db.session.commit()
        return user

    return make


@pytest.fixture
def learner(make_learner):
    return make_learner("Lea", code="LEA123", pin="1234")


@pytest.fixture
def signed_in(kiosk, learner) -> Kiosk:
    response = kiosk.sign_in("LEA123", "1234")
    assert response.status_code == 302
    return kiosk


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.browser)


def ci() -> bool:
    return bool(os.environ.get("CI"))


@pytest.fixture
def make_location(app):
    from netzlernen.models import Location

    def make(name: str = "Lernzentrum Weststadt"):
        location = Location(name=name)
        db.session.add(location)
        db.session.commit()
        return location

    return make


@pytest.fixture
def centre(app, make_location):
    """Two locations with a mentor each, a coordinator, and a learner in each location."""
    from types import SimpleNamespace

    west, grone = make_location("Lernzentrum Weststadt"), make_location("Lernzentrum Grone")
    mentor_west = auth_services.create_staff("maria", "geheim123", Role.MENTOR, "Maria", location_id=west.id)
    mentor_grone = auth_services.create_staff("gerd", "geheim123", Role.MENTOR, "Gerd", location_id=grone.id)
    coordinator = auth_services.create_staff("koordination", "geheim123", Role.COORDINATOR, "Kora")
    learner_a, _ = auth_services.create_learner("Anna", pin="1111", code="ANNA11", location_id=west.id,
                                                main_mentor_id=mentor_west.id)
    learner_b, _ = auth_services.create_learner("Bora", pin="2222", code="BORA22", location_id=grone.id)
    db.session.commit()
    return SimpleNamespace(west=west, grone=grone, mentor_west=mentor_west, mentor_grone=mentor_grone,
                           coordinator=coordinator, learner_a=learner_a, learner_b=learner_b)


@pytest.fixture
def as_mentor(app, centre):
    """A kiosk signed in as Maria, the mentor of Anna's location."""
    kiosk = Kiosk(app.test_client())
    assert kiosk.sign_in_staff("maria", "geheim123").status_code == 302
    return kiosk


@pytest.fixture
def as_coordinator(app, centre):
    kiosk = Kiosk(app.test_client())
    assert kiosk.sign_in_staff("koordination", "geheim123").status_code == 302
    return kiosk


@pytest.fixture
def as_anna(app, centre):
    kiosk = Kiosk(app.test_client())
    assert kiosk.sign_in("ANNA11", "1111").status_code == 302
    return kiosk


@pytest.fixture
def make_app():
    """More apps on the test's database (a restart, a second app server); closed after the test."""
    apps = []

    def make(config: dict):
        app = create_app(dict(config))
        app.test_client_class = FreshContextClient
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
