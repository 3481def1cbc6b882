"""Real gunicorn servers: concurrent writes on one database, a worker killed mid-write, and two app
servers sharing one database (sessions, answers, rate limits)."""

from __future__ import annotations

import http.client
import re
import sqlite3
import threading
import time

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from netzlernen import create_app
from netzlernen.auth import services as accounts
from netzlernen.extensions import db
from netzlernen.models import Location, QuizAttempt, Role
from tests.conftest import TEST_COURSES, base_config
from tests.servers import Browser, Gunicorn

LESSON = "/courses/test-kurs/erste-schritte"
RIGHT = {"q0": "1", "q1": ["0", "1"]}


@pytest.fixture
def seeded(tmp_path, database_url):
    """The database with a location, a mentor and twelve learners L00…L11 (PIN 1234)."""
    app = create_app(base_config(tmp_path, database_url))
    with app.app_context():
        location = Location(name="Weststadt")
        db.session.add(location)
        db.session.flush()
        accounts.create_staff("maria", "geheim123", Role.MENTOR, "Maria", location_id=location.id)
        for number in range(12):
            accounts.create_learner(f"Lernende {number}", pin="1234", code=f"L{number:02d}", location_id=location.id)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return app


def attempt_ids(app) -> set[int]:
    with app.app_context():
        ids = set(db.session.scalars(select(QuizAttempt.id)))
        db.session.remove()
        db.engine.dispose()
    return ids


def answer_repeatedly(base: str, code: str, count: int, acknowledged: list, problems: list, stop=None) -> None:
    browser = Browser(base)
    try:
        if browser.sign_in(code, "1234") != 302:
            problems.append(f"{code}: sign-in failed")
            return
        browser.get(LESSON)
        for _ in range(count):
            if stop is not None and stop.is_set():
                return
            try:
                status, location, text = browser.post(f"{LESSON}/quiz", RIGHT)
            except (OSError, http.client.HTTPException):
                continue  # the connection broke (a killed worker): not acknowledged
            if status == 302 and "/attempts/" in location:
                acknowledged.append(int(location.rsplit("/", 1)[1]))
            else:
                problems.append(f"{code}: {status} {'database is locked' if 'locked' in text else text[:80]}")
    except (OSError, http.client.HTTPException) as error:
        problems.append(f"{code}: {error}")


def test_three_workers_under_concurrent_writes_lose_nothing_and_never_lock(tmp_path, database_url, seeded):
    acknowledged, problems = [], []
    with Gunicorn(database_url, TEST_COURSES, workers=3, log=tmp_path / "gunicorn.log") as server:
        threads = [threading.Thread(target=answer_repeatedly, args=(server.url, f"L{n:02d}", 15, acknowledged, problems))
                   for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert problems == []
    assert len(acknowledged) == 12 * 15
    assert attempt_ids(seeded) == set(acknowledged)


def test_worker_killed_mid_write_keeps_every_acknowledged_answer(tmp_path, database_url, seeded):
    acknowledged, problems = [], []
    stop = threading.Event()
    with Gunicorn(database_url, TEST_COURSES, workers=3, log=tmp_path / "gunicorn.log") as server:
        threads = [threading.Thread(target=answer_repeatedly, args=(server.url, f"L{n:02d}", 400, acknowledged, problems, stop))
                   for n in range(8)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        server.kill_worker()
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join()
    assert acknowledged, "no answer got through"
    assert not [p for p in problems if "sign-in" in p or "locked" in p]
    stored = attempt_ids(seeded)
    assert set(acknowledged) <= stored
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(url.database) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_app_servers_share_sessions_answers_and_rate_limits(tmp_path, database_url, seeded):
    with Gunicorn(database_url, TEST_COURSES, workers=2, log=tmp_path / "one.log", SIGNIN_RATE_LIMIT="5 per minute") as one, \
         Gunicorn(database_url, TEST_COURSES, workers=2, log=tmp_path / "two.log", SIGNIN_RATE_LIMIT="5 per minute") as two:
        learner = Browser(one.url)
        assert learner.sign_in("L00", "1234") == 302
        learner.base = two.url  # the same browser, now through the other server behind the balancer
        assert learner.get(LESSON)[0] == 200
        status, location, _ = learner.post(f"{LESSON}/quiz", RIGHT)
        assert status == 302 and "/attempts/" in location

        mentor = Browser(one.url)
        assert mentor.sign_in_staff("maria", "geheim123") == 302
        _, _, page = mentor.get("/mentor/")
        learner_id = re.search(r'href="/mentor/learners/(\d+)"><bdi>Lernende 0</bdi><', page).group(1)
        _, _, page = mentor.get(f"/mentor/learners/{learner_id}")
        assert "2/2" in page.split('id="quiz-title"')[1]

        # Sign-in attempts from one address are counted across both servers: 1 above, 4 here, then 429.
        attacker = Browser(one.url)
        statuses = []
        for number in range(5):
            attacker.base = (one.url, two.url)[number % 2]
            statuses.append(attacker.sign_in("NOPE99", "0000"))
        assert statuses == [401, 401, 401, 401, 429]


def test_gunicorn_opens_no_control_socket_in_the_service_users_home(tmp_path, database_url, seeded, monkeypatch):
    """gunicorn 25+ opens a control socket in $XDG_RUNTIME_DIR or $HOME/.gunicorn/ by default, whose
    `reload` would start workers from the preloaded old code (README: restart after an update). The
    service user's home is the checkout (README), and one without a writable home logs an ERROR."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    with Gunicorn(database_url, TEST_COURSES, workers=1, log=tmp_path / "gunicorn.log"):
        time.sleep(0.5)
        opened = list(home.iterdir())
    assert opened == []
    assert "Control server" not in (tmp_path / "gunicorn.log").read_text()
