"""Benchmark: the mentors' dashboard and a learner page with a year of activity.

Seeds a location with LEARNERS learners (default 100) and a year of realistic activity (about
200,000 quiz answers), then requests the dashboard and a learner page through the app (in process,
a real SQLite file, or DATABASE_URL) and prints the median and p95 response times and the number
of SQL queries per page. It also seeds a location with 10 learners, to show that the number of
queries does not grow with the number of learners.

    .venv/bin/python bench/mentor_dashboard.py [--learners 100] [--requests 40]

Targets (issue 5): p95 under 200 ms; the same query count for 10 and for 100 learners.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from netzlernen import create_app  # noqa: E402
from netzlernen.auth import services as accounts  # noqa: E402
from netzlernen.catalogue import get_catalogue  # noqa: E402
from netzlernen.extensions import db  # noqa: E402
from netzlernen.models import (  # noqa: E402
    CheckIn, HelpRequest, LessonProgress, Location, QuizAnswer, QuizAttempt, Role, User,
)
from netzlernen.models.base import utcnow  # noqa: E402


def seed_location(name: str, learners: int, attempts_per_learner: int, rng: random.Random) -> int:
    location = Location(name=name)
    db.session.add(location)
    db.session.flush()
    mentor = accounts.create_staff(f"mentor-{location.id}", "benchmark-pw", Role.MENTOR, location_id=location.id)
    catalogue = get_catalogue()
    lessons = [(c.id, lesson.slug, len(lesson.quiz.questions)) for c in catalogue.ordered() for lesson in c.lessons if lesson.quiz]
    now = utcnow()
    users = [User(role="learner", display_name=f"Lernende {location.id}-{i}", signin_code=f"B{location.id}X{i:04d}",
                  pin_hash="x", language="de", location_id=location.id, main_mentor_id=mentor.id if i % 3 == 0 else None,
                  last_active_at=now - timedelta(days=rng.randint(0, 40)))
             for i in range(learners)]
    db.session.add_all(users)
    db.session.flush()
    attempt_rows, progress_rows = [], []
    for user in users:
        reached = rng.randint(3, len(lessons))
        for course_id, slug, _ in lessons[:reached]:
            started = now - timedelta(days=rng.randint(1, 365))
            done = rng.random() < 0.8
            progress_rows.append({"user_id": user.id, "course_id": course_id, "lesson_slug": slug,
                                  "status": "completed" if done else "started", "started_at": started,
                                  "completed_at": started + timedelta(minutes=20) if done else None,
                                  "last_visited_at": started + timedelta(minutes=20)})
        for _ in range(attempts_per_learner):
            course_id, slug, questions = lessons[rng.randrange(reached)]
            score = rng.randint(0, questions)
            attempt_rows.append({"user_id": user.id, "course_id": course_id, "lesson_slug": slug, "language": "de",
                                 "score": score, "total": questions, "passed": score / questions >= 0.8,
                                 "created_at": now - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))})
        if rng.random() < 0.5:
            db.session.add(CheckIn(learner_id=user.id, author_id=mentor.id, met_on=(now - timedelta(days=10)).date(),
                                   duration_minutes=30, mode="in_person", confidence=3, next_steps="Weiter üben",
                                   next_appointment=now + timedelta(days=rng.randint(-5, 20)), updated_at=now))
        if rng.random() < 0.05:
            db.session.add(HelpRequest(learner_id=user.id, location_id=location.id, status="open"))
    db.session.execute(insert(LessonProgress), progress_rows)
    db.session.execute(insert(QuizAttempt), attempt_rows)
    ids = db.session.execute(select(QuizAttempt.id, QuizAttempt.total, QuizAttempt.score)
                             .join(User, QuizAttempt.user_id == User.id).where(User.location_id == location.id)).all()
    answers = []
    for attempt_id, total, score in ids:
        for index in range(total):
            answers.append({"attempt_id": attempt_id, "question_index": index, "chosen": "0", "correct": index < score})
        if len(answers) > 50_000:
            db.session.execute(insert(QuizAnswer), answers)
            answers = []
    if answers:
        db.session.execute(insert(QuizAnswer), answers)
    db.session.commit()
    return mentor.id


def measure(client, path: str, requests: int, counter: list[int]) -> tuple[float, float, int]:
    times, queries = [], []
    for _ in range(requests):
        counter[0] = 0
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        queries.append(counter[0])
        assert response.status_code == 200, (path, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], max(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--attempts", type=int, default=500, help="quiz attempts per learner over the year")
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="netzlernen-bench-"))
    app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    rng = random.Random(7)
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        big_mentor = seed_location("Weststadt (groß)", args.learners, args.attempts, rng)
        small_mentor = seed_location("Grone (klein)", 10, args.attempts, rng)
        answers = db.session.query(QuizAnswer).count()
        print(f"seeded {args.learners} + 10 learners, {answers:,} quiz answers in {time.perf_counter() - start:.1f} s")
        counter = [0]
        event.listen(db.engine, "before_cursor_execute", lambda *a, **k: counter.__setitem__(0, counter[0] + 1))
        learner_id = db.session.scalar(select(User.id).where(User.role == "learner").limit(1))
    results = {}
    for label, mentor_id in (("100", big_mentor), ("10", small_mentor)):
        client = app.test_client()
        with app.app_context():
            username = db.session.get(User, mentor_id).username
        client.post("/staff/signin", data={"username": username, "password": "benchmark-pw"})
        results[label] = measure(client, "/mentor/", args.requests, counter)
        if label == "100":
            results["learner"] = measure(client, f"/mentor/learners/{learner_id}", args.requests, counter)
    print(f"{'page':<34}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    print(f"{'dashboard, %d learners' % args.learners:<34}{results['100'][0]:>10.1f}{results['100'][1]:>10.1f}{results['100'][2]:>9}")
    print(f"{'dashboard, 10 learners':<34}{results['10'][0]:>10.1f}{results['10'][1]:>10.1f}{results['10'][2]:>9}")
    print(f"{'learner page (a year of activity)':<34}{results['learner'][0]:>10.1f}{results['learner'][1]:>10.1f}{results['learner'][2]:>9}")
    same = results["100"][2] == results["10"][2]
    print(f"query count independent of the number of learners: {'yes' if same else 'NO'}")
    ok = results["100"][1] < 200 and results["learner"][1] < 200 and same
    print("targets met" if ok else "targets NOT met")


if __name__ == "__main__":
    main()
