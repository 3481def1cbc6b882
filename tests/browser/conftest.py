"""Browser tests: Debian's Chromium driven by Playwright against a live server on 127.0.0.1.

`playwright install` cannot download a browser here, so the system Chromium is launched. Without
it the tests skip on a laptop, but fail under CI (the CI variable is set), which must run them.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from netzlernen import create_app
from netzlernen.auth import services as auth_services
from netzlernen.extensions import db
from tests.conftest import base_config

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]


def pytest_collection_modifyitems(config, items):
    # The development server of the live tests leaves a file open when the browser drops a request
    # half-way (a favicon while navigating away); the garbage collector then warns. Not the app's.
    quiet = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(quiet)
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}: CI must run the browser tests (apt-get install chromium)")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "LiveServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_config(tmp_path, database_url) -> dict:
    return base_config(tmp_path, database_url)


@pytest.fixture
def live_server(live_config):
    app = create_app(live_config)
    with app.app_context():
        auth_services.create_learner("Lea", "de", pin="1234", code="LEA123")
        db.session.commit()
        db.session.remove()
    server = LiveServer(app).start()
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()


def sign_in_with_keypad(page, base: str, code: str = "LEA123", pin: str = "1234") -> None:
    """Sign in as the test learner Lea by typing the code and clicking the on-screen keypad."""
    import re

    from playwright.sync_api import expect

    page.goto(f"{base}/signin")
    page.get_by_label(re.compile("Anmelde-Code")).fill(code)
    for digit in pin:
        page.locator(f".pin-pad [data-digit='{digit}']").click()
    page.get_by_role("button", name="Anmelden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hallo Lea!")


def sign_in_by_typing(page, base: str, code: str, pin: str) -> None:
    """Sign a learner in by typing the code and the PIN into the form (no keypad)."""
    page.goto(f"{base}/signin")
    page.locator("#code").fill(code)
    page.locator("#pin").fill(pin)
    page.locator("form.signin-form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


PRACTICE_COURSES = Path(__file__).resolve().parent.parent / "data" / "practice-courses"


@pytest.fixture
def practice_server(tmp_path, database_url):
    """A live server with the practice test course (tests/data/practice-courses/uebungen)."""
    app = create_app(base_config(tmp_path, database_url, COURSES_DIR=str(PRACTICE_COURSES)))
    with app.app_context():
        auth_services.create_learner("Lea", "de", pin="1234", code="LEA123")
        db.session.commit()
        db.session.remove()
    server = LiveServer(app).start()
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def learner_page(page, practice_server):
    """A page signed in as Lea on the practice server; go to f"{practice_server.url}/courses/uebungen/<slug>"."""
    sign_in_with_keypad(page, practice_server.url)
    return page


def practice_results(server) -> list:
    """The PracticeResult rows stored so far, as (type, attempts, mistakes, skipped) tuples."""
    from sqlalchemy import select

    from netzlernen.models import PracticeResult

    with server.app.app_context():
        rows = db.session.scalars(select(PracticeResult).order_by(PracticeResult.id)).all()
        result = [(r.practice_type, r.attempts, r.mistakes, r.skipped) for r in rows]
        db.session.remove()
    return result


SHIPPED_COURSES = Path(__file__).resolve().parent.parent.parent / "courses"


@pytest.fixture(scope="module")
def centre_live(tmp_path_factory, databases):
    """A live server with the shipped courses and a small centre: two learners (German and Arabic),
    a mentor and a coordinator, a check-in and a quiz attempt. Shared by a module's tests."""
    from datetime import date
    from types import SimpleNamespace

    from netzlernen.models import CheckIn, Location, Role
    from netzlernen.models.base import utcnow

    folder = tmp_path_factory.mktemp("centre")
    database = databases.new(folder)
    app = create_app(base_config(folder, database, COURSES_DIR=str(SHIPPED_COURSES)))
    with app.app_context():
        west = Location(name="Lernzentrum Weststadt")
        db.session.add(west)
        db.session.flush()
        mentor = auth_services.create_staff("maria", "geheim123", Role.MENTOR, "Maria", location_id=west.id)
        auth_services.create_staff("koordination", "geheim123", Role.COORDINATOR, "Kora")
        lea, _ = auth_services.create_learner("Lea", "de", pin="1234", code="LEA123", location_id=west.id,
                                              main_mentor_id=mentor.id)
        omar, _ = auth_services.create_learner("Omar", "ar", pin="2580", code="OMAR47", location_id=west.id)
        for learner in (lea, omar):
            db.session.add(CheckIn(learner_id=learner.id, author_id=mentor.id, met_on=date.today(), duration_minutes=30,
                                   mode="in_person", confidence=4, topics="Maus", next_steps="Lektion 2 üben",
                                   updated_at=utcnow()))
        db.session.commit()
        ids = SimpleNamespace(lea=lea.id, omar=omar.id)
        db.session.remove()
    server = LiveServer(app).start()
    server.ids = ids
    yield server
    server.stop()
    with app.app_context():
        db.engine.dispose()
    databases.drop(database)


def sign_in_staff(page, base: str, username: str, password: str = "geheim123") -> None:
    page.goto(f"{base}/staff/signin")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/mentor/")
