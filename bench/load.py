"""Benchmark: NetzLernen under load with gunicorn's production settings, against a minimal Flask app.

What it does, all on 127.0.0.1 and in a temporary folder:

1. a fresh SQLite database (``DATABASE_URL``; ``flask --app app db upgrade``), 50 learners created
   through the app's own services (cheap password hashing: ``NETZLERNEN_PASSWORD_HASH_METHOD``),
   the shipped ``courses/``;
2. NetzLernen under gunicorn with ``gunicorn.conf.py`` (``GUNICORN_WORKERS``, ``GUNICORN_BIND``);
   the 50 learners sign in over HTTP (session cookie + CSRF token from ``<meta name="csrf-token">``);
3. ``wrk`` with ``bench/wrk_netzlernen.lua`` (rotates through the learners) runs
   (a0) lesson pages (GET) opened for the first time (each opening is written down), then
   (a) the same pages opened again, as learners mostly do, and with 1 connection for the unloaded
   service time,
   (b) quiz answers (POST, right answers, ``csrf_token`` form field),
   (c) a mixed run: 3 lesson pages : 1 quiz answer : 1 practice result (POST JSON, ``X-CSRFToken``);
4. ``bench/floor_app.py`` (NetzLernen plus a learner page that does nothing of its own) under the same
   gunicorn settings: (f) what every learner page costs before its view starts, the most any learner
   page can reach;
5. ``bench/minimal_app.py`` under the same gunicorn settings and the same wrk script, GET ``/``;
6. it prints requests/s, p50/p99 latency, errors, the resident memory of every worker, and checks
   the quiz attempts and practice results in the database against the answers wrk counted.

    .venv/bin/python bench/load.py [--duration 20] [--connections 50] [--workers 3] [--threads 2] [--keep]
                                   [--database-url postgresql+psycopg://…  (an empty database)]

Targets: lesson page throughput at least half of the minimal Flask page's; p99 under 100 ms;
no error responses (no "database is locked"); under 120 MB resident memory per worker.

The sign-in rate limit is raised for the run (``NETZLERNEN_SIGNIN_RATE_LIMIT``): 50 sign-ins from
one address in a few seconds are exactly what it is there to stop.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LUA = BENCH / "wrk_netzlernen.lua"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
LEARNERS = 50
PIN = "2468"
# Most learners read in German; the others in the languages the centre offers.
LANGUAGE_MIX = ("de", "de", "ar", "en", "de", "tr", "uk", "ru", "fa", "de")
RATIO_TARGET = 0.5
P99_TARGET_MS = 100.0
RSS_TARGET_MB = 120.0
_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def venv_tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    return shutil.which(name) or str(ROOT / ".venv" / "bin" / name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- HTTP client for signing in ------------------------------------------------------------------

class Browser:
    """Just enough of a browser: one host, one session cookie."""

    def __init__(self, port: int, cookie_name: str) -> None:
        self.port = port
        self.cookie_name = cookie_name
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None,
                body: bytes | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = f"{self.cookie_name}={self.cookie}"
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith(f"{self.cookie_name}="):
                self.cookie = value.split(";", 1)[0].split("=", 1)[1]
        result = response.status, {k.lower(): v for k, v in response.getheaders()}, text
        connection.close()
        return result

    def get_following(self, path: str) -> tuple[int, str]:
        for _ in range(5):
            status, headers, text = self.request("GET", path)
            if status in (301, 302, 303) and "location" in headers:
                path = urllib.parse.urlsplit(headers["location"]).path or "/"
                continue
            return status, text
        raise RuntimeError(f"too many redirects from {path}")


def sign_in(port: int, code: str) -> tuple[str, str]:
    """Sign a learner in; returns the Cookie header value and the CSRF token of that session."""
    browser = Browser(port, "netzlernen_session")
    status, text = browser.get_following("/signin")
    token = _CSRF_META.search(text)
    assert status == 200 and token, f"sign-in page: {status}"
    status, headers, _ = browser.request("POST", "/signin", form={
        "code": code, "pin": PIN, "csrf_token": token.group(1), "next": ""})
    if status != 302:
        raise RuntimeError(f"sign-in of {code} answered {status} instead of 302")
    # The first page after signing in puts a fresh CSRF token into the session (a new cookie).
    status, text = browser.get_following("/")
    token = _CSRF_META.search(text)
    if status != 200 or token is None:
        raise RuntimeError(f"home page after sign-in of {code}: {status}")
    csrf = token.group(1)
    status, _, _ = browser.request("POST", "/session/keepalive", headers={"X-CSRFToken": csrf})
    if status != 204:
        raise RuntimeError(f"keepalive with the CSRF token of {code} answered {status}")
    return f"netzlernen_session={browser.cookie}", csrf


# --- servers -------------------------------------------------------------------------------------

class Server:
    """A gunicorn master started with gunicorn.conf.py; stopped (with its workers) in stop()."""

    def __init__(self, label: str, app: str, port: int, env: dict, log: Path, extra: list[str] | None = None) -> None:
        self.label = label
        self.port = port
        self.log = log
        self._handle = log.open("ab")
        command = [venv_tool("gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), *(extra or []), app]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._handle, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def wait_ready(self, path: str, workers: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label}: gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", path)
                status = connection.getresponse().status
                connection.close()
                if status < 500 and len(self.workers()) >= workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.label}: not ready after {timeout:.0f} s; see {self.log}")

    def workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            return [int(pid) for pid in children]
        except OSError:
            pids = []
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        stat = (entry / "stat").read_text()
                    except OSError:
                        continue
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                        pids.append(int(entry.name))
            return pids

    def memory(self) -> dict:
        """VmRSS and PSS (proportional: shared pages split between the processes sharing them), in MB."""
        rows = []
        for pid in [self.process.pid, *self.workers()]:
            row = {"pid": pid, "master": pid == self.process.pid}
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        row["rss"] = int(line.split()[1]) / 1024
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        row["pss"] = int(line.split()[1]) / 1024
            except OSError:
                continue
            rows.append(row)
        workers = [r for r in rows if not r["master"] and "rss" in r]
        master = next((r for r in rows if r["master"]), {})
        return {
            "workers": len(workers),
            "max_rss": max((r["rss"] for r in workers), default=0.0),
            "mean_rss": sum(r["rss"] for r in workers) / len(workers) if workers else 0.0,
            "mean_pss": sum(r.get("pss", 0) for r in workers) / len(workers) if workers else 0.0,
            "master_rss": master.get("rss", 0.0),
        }

    def cpu_seconds(self) -> float:
        """CPU time of the master and its workers so far, including workers that have exited (recycled)."""
        total = 0
        for pid in [self.process.pid, *self.workers()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # utime, stime, cutime, cstime (fields 14-17 of stat; here 0-based after the command name)
            total += sum(int(v) for v in fields[11:15]) if pid == self.process.pid else sum(int(v) for v in fields[11:13])
        return total / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # graceful: the master stops its workers
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._handle.close()


# --- wrk -----------------------------------------------------------------------------------------

@dataclass
class Run:
    label: str
    stats: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    memory: dict = field(default_factory=dict)
    server_ms: list[int] = field(default_factory=list)
    server_cpu: float = 0.0
    wrk_cpu: float = 0.0
    other_cpu: float = 0.0
    capacity: float = 1.0

    @property
    def cpu_ms_per_request(self) -> float:
        return self.server_cpu * 1000 / max(1, self.stats["requests"])

    @property
    def rps(self) -> float:
        return self.stats["requests"] / (self.stats["duration_us"] / 1e6)

    def ms(self, key: str) -> float:
        return self.stats[key] / 1000

    @property
    def failures(self) -> int:
        s = self.stats
        return s["non2xx3xx"] + s["to_signin"] + s["other_redirects"]

    @property
    def socket_errors(self) -> int:
        s = self.stats
        return s["connect_errors"] + s["read_errors"] + s["write_errors"] + s["timeouts"]


_ACCESS_TIME = re.compile(r'^\S+ "(\S+) \S+ [^"]*" (\d{3}) \S+ (\d+)ms$')


def server_times(log: Path, start: int) -> list[int]:
    """Request times (ms) gunicorn logged from byte ``start`` of its log: time in the worker, without queueing."""
    with log.open("rb") as handle:
        handle.seek(start)
        lines = handle.read().decode("utf-8", "replace").splitlines()
    return sorted(int(m.group(3)) for m in map(_ACCESS_TIME.match, lines) if m)


def percentile(values: list[int], share: float) -> float:
    return float(values[min(len(values) - 1, int(len(values) * share))]) if values else float("nan")


def run_wrk(label: str, server: Server, learners: Path, plan: Path, args, log: Path, connections: int | None = None,
            duration: float | None = None) -> Run:
    connections = connections or args.connections
    duration = duration or args.duration
    command = [WRK, f"-t{min(args.threads, connections)}", f"-c{connections}", f"-d{duration:g}s", "--latency",
               "--timeout", "10s", "-s", str(LUA), f"http://127.0.0.1:{server.port}", "--", str(learners), str(plan)]
    print(f"  wrk: {label} ({connections} connections, {duration:g} s) …", flush=True)
    start = server.log.stat().st_size
    busy, server_cpu, wrk_cpu = machine_busy(), server.cpu_seconds(), children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    busy, server_cpu, wrk_cpu = machine_busy() - busy, server.cpu_seconds() - server_cpu, children_cpu() - wrk_cpu
    time.sleep(0.5)  # let the workers finish (and log) the requests still in flight
    with log.open("a") as handle:
        handle.write(f"### {label}\n$ {' '.join(command)}\n{done.stdout}{done.stderr}\n")
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    run = Run(label)
    for line in done.stdout.splitlines():
        if line.startswith("NLSTATS "):
            run.stats = {k: int(v) for k, v in (item.split("=", 1) for item in line.split()[1:])}
        elif line.startswith("NLERROR "):
            run.errors.append(line[len("NLERROR "):])
    if not run.stats:
        raise RuntimeError(f"no NLSTATS line from wrk:\n{done.stdout}\n{done.stderr}")
    run.server_ms = server_times(server.log, start)
    run.server_cpu, run.wrk_cpu = server_cpu, wrk_cpu
    run.other_cpu = max(0.0, busy - server_cpu - wrk_cpu)
    run.capacity = (os.cpu_count() or 1) * run.stats["duration_us"] / 1e6
    return run


def run_paced(label: str, server: Server, learners: Path, plan: Path, seconds: float) -> Run:
    """Each learner in its own thread: a request from the plan, then a pause of 1 to 3 seconds."""
    import random
    import threading
    import urllib.error
    import urllib.request

    sessions = [line.split("\t") for line in learners.read_text(encoding="utf-8").splitlines() if line]
    items = [line.split("\t") for line in plan.read_text(encoding="utf-8").splitlines() if line]
    latencies: list[float] = []
    counts = {"non2xx3xx": 0, "to_signin": 0, "other_redirects": 0, "quiz_saved": 0, "practice_saved": 0,
              "connect_errors": 0, "read_errors": 0, "write_errors": 0, "timeouts": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def learner(number: int) -> None:
        cookie, token = sessions[number % len(sessions)][:2]
        rng = random.Random(number)
        time.sleep(rng.uniform(0, 2))
        while time.monotonic() < deadline:
            method, path, *rest = items[rng.randrange(len(items))]
            headers = {"Cookie": cookie}
            body = None
            if method != "GET":
                headers.update({"Content-Type": rest[0], "X-CSRFToken": token})
                body = (rest[1] if len(rest) > 1 else "").replace("@CSRF@", token).encode()
            request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=body, headers=headers, method=method)
            start = time.perf_counter()
            try:
                response = opener.open(request, timeout=10)
                status, location, text = response.status, "", response.read().decode()
            except urllib.error.HTTPError as error:
                status, location, text = error.code, error.headers.get("Location", ""), ""
            except OSError:
                with lock:
                    counts["connect_errors"] += 1
                continue
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status >= 400:
                    counts["non2xx3xx"] += 1
                elif "/signin" in location:
                    counts["to_signin"] += 1
                elif "/attempts/" in location:
                    counts["quiz_saved"] += 1
                elif '"stored":true' in text.replace(" ", ""):
                    counts["practice_saved"] += 1
            time.sleep(rng.uniform(1, 3))

    print(f"  paced: {label} ({seconds:g} s) …", flush=True)
    busy, server_cpu = machine_busy(), server.cpu_seconds()
    started = time.monotonic()
    threads = [threading.Thread(target=learner, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run = Run(label)
    latencies.sort()
    pick = lambda share: latencies[min(len(latencies) - 1, int(len(latencies) * share))] * 1e6 if latencies else 0  # noqa: E731
    run.stats = {"requests": len(latencies), "duration_us": (time.monotonic() - started) * 1e6,
                 "p50_us": pick(0.5), "p99_us": pick(0.99), "max_us": latencies[-1] * 1e6 if latencies else 0, **counts}
    run.server_cpu = server.cpu_seconds() - server_cpu
    run.other_cpu = max(0.0, machine_busy() - busy - run.server_cpu)
    run.capacity = (os.cpu_count() or 1) * run.stats["duration_us"] / 1e6
    return run


def machine_busy() -> float:
    """CPU seconds all processes on the machine have used (from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def write_rows(path: Path, rows: list[tuple[str, ...]]) -> Path:
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


# --- the benchmark -------------------------------------------------------------------------------

def prepare(env: dict, folder: Path) -> None:
    """Migrate the fresh database and create the learners through the app's services."""
    done = subprocess.run([venv_tool("flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}\n{done.stderr}")
    seed = (
        "from netzlernen import create_app\n"
        "from netzlernen.auth import services\n"
        "from netzlernen.extensions import db\n"
        "from netzlernen.models import Location\n"
        "import sys\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    location = Location(name='Lernzentrum Benchmark')\n"
        "    db.session.add(location)\n"
        "    db.session.flush()\n"
        "    for i, language in enumerate(sys.argv[1].split(',')):\n"
        "        services.create_learner(f'Lernende {i + 1}', language, pin=sys.argv[2], code=f'BENCH{i + 1:02d}',\n"
        "                                location_id=location.id)\n"
        "    db.session.commit()\n"
    )
    languages = ",".join(LANGUAGE_MIX[i % len(LANGUAGE_MIX)] for i in range(LEARNERS))
    done = subprocess.run([sys.executable, "-c", seed, languages, PIN], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{done.stderr}")


def build_plans(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from netzlernen.content import load_catalogue

    catalogue = load_catalogue(ROOT / "courses")
    lessons, quizzes, practices = [], [], []
    for course in catalogue.ordered():
        for lesson in course.lessons:
            base = f"/courses/{course.id}/{lesson.slug}"
            lessons.append(("GET", base, "", ""))
            if lesson.quiz is not None:
                answers = [("csrf_token", "@CSRF@")]
                for index, question in enumerate(lesson.quiz.questions):
                    answers += [(f"q{index}", str(option)) for option in sorted(question.correct)]
                body = "&".join(f"{k}={v}" if v == "@CSRF@" else urllib.parse.urlencode({k: v}) for k, v in answers)
                quizzes.append(("POST", f"{base}/quiz", "application/x-www-form-urlencoded", body))
            for practice in lesson.practices:
                report = {"type": practice.type, "attempts": 3, "mistakes": 1, "seconds": 40, "skipped": False}
                practices.append(("POST", f"{base}/practice/{practice.index}", "application/json", json.dumps(report)))
    mixed = []
    pattern = ("lesson", "quiz", "lesson", "practice", "lesson")
    sources = {"lesson": lessons, "quiz": quizzes, "practice": practices}
    counters = dict.fromkeys(sources, 0)
    for step in range(len(pattern) * max(len(lessons), len(quizzes), len(practices))):
        kind = pattern[step % len(pattern)]
        mixed.append(sources[kind][counters[kind] % len(sources[kind])])
        counters[kind] += 1
    print(f"plans: {len(lessons)} lesson pages, {len(quizzes)} quizzes, {len(practices)} practice exercises "
          f"(shipped courses, right answers from load_catalogue)")
    return {
        "lessons": write_rows(folder / "plan-lessons.tsv", lessons),
        "quiz": write_rows(folder / "plan-quiz.tsv", quizzes),
        "mixed": write_rows(folder / "plan-mixed.tsv", mixed),
        "floor": write_rows(folder / "plan-floor.tsv", [("GET", "/bench/signed-in-floor", "", "")]),
        "minimal": write_rows(folder / "plan-minimal.tsv", [("GET", "/", "", "")]),
    }


def count_rows(database_url: str, tables: tuple[str, ...]) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as connection:
        counts = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in tables}
    engine.dispose()
    return counts


def log_findings(log: Path) -> dict[str, int]:
    text = log.read_text("utf-8", "replace") if log.exists() else ""
    return {
        "database is locked": text.count("database is locked"),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker timeouts": text.count("WORKER TIMEOUT"),
        "workers booted": text.count("Booting worker"),
        "IntegrityError": text.count("IntegrityError"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=20, help="seconds per wrk run (default 20)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1)),
                        help="gunicorn workers (default: as gunicorn.conf.py, CPU cores + 1)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs, wrk output)")
    parser.add_argument("--database-url", help="an empty PostgreSQL database instead of a fresh SQLite file, e.g. "
                        "`.ci/with-postgres sh -c '.venv/bin/python bench/load.py --database-url \"$DATABASE_URL\"'`")
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit("wrk is missing: apt-get install wrk")

    started = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="netzlernen-load-bench-"))
    database = folder / "netzlernen.sqlite3"
    wrk_log = folder / "wrk.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETZLERNEN_", "GUNICORN_"))}
    env.update({
        "DATABASE_URL": args.database_url or f"sqlite:///{database}",
        "SECRET_KEY": secrets.token_hex(32),
        "NETZLERNEN_COURSES_DIR": str(ROOT / "courses"),
        "NETZLERNEN_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "NETZLERNEN_SIGNIN_RATE_LIMIT": "10000 per minute",
        "GUNICORN_WORKERS": str(args.workers),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    # The 1-minute load average lags; each run also reports what other programs used while it ran.
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print(f"gunicorn.conf.py with {args.workers} sync workers; wrk {args.threads} threads, {args.connections} connections, "
          f"{args.duration:g} s per run; temporary folder {folder}")
    runs: dict[str, Run] = {}
    servers: list[Server] = []
    counts = {}
    findings = {}
    try:
        prepare(env, folder)
        plans = build_plans(folder)

        port = free_port()
        server = Server("NetzLernen", "app:app", port, {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, folder / "gunicorn-netzlernen.log")
        servers.append(server)
        server.wait_ready("/signin", args.workers)
        print(f"NetzLernen up on 127.0.0.1:{port} after {time.monotonic() - started:.1f} s; signing in {LEARNERS} learners …", flush=True)
        sessions = [sign_in(port, f"BENCH{i + 1:02d}") for i in range(LEARNERS)]
        learners = write_rows(folder / "learners.tsv", sessions)
        # First the learners open the lessons for the first time (each opening is written down), then
        # they read lessons they have opened before, as learners mostly do (back, next, after a quiz).
        runs["first"] = run_wrk("(a0) lesson pages, first visits, GET", server, learners, plans["lessons"], args, wrk_log)
        runs["lesson"] = run_wrk("(a) lesson pages opened before, GET", server, learners, plans["lessons"], args, wrk_log)
        runs["lesson"].memory = server.memory()
        runs["lesson1"] = run_wrk("(a') lesson pages, 1 connection", server, learners, plans["lessons"], args, wrk_log,
                                  connections=1, duration=min(5.0, args.duration))
        runs["quiz"] = run_wrk("(b) quiz answers, POST", server, learners, plans["quiz"], args, wrk_log)
        runs["quiz"].memory = server.memory()
        runs["mixed"] = run_wrk("(c) mixed: 3 lesson : 1 quiz : 1 practice", server, learners, plans["mixed"], args, wrk_log)
        runs["mixed"].memory = server.memory()
        # 50 learners as they really work: each reads, then clicks or answers, every 1 to 3 seconds.
        # (Not wrk: its pause comes after connecting, which would hold a sync worker idle.)
        runs["learners"] = run_paced("(e) 50 learners, 1-3 s between clicks, mixed", server, learners, plans["mixed"],
                                     max(args.duration, 20))
        server.stop()
        findings = log_findings(server.log)

        def serve_from_bench(label: str, app: str, ready_path: str) -> Server:
            port = free_port()
            started_server = Server(label, app, port, {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                                    folder / f"gunicorn-{app.split(':')[0]}.log", extra=["--pythonpath", str(BENCH)])
            servers.append(started_server)
            started_server.wait_ready(ready_path, args.workers)
            return started_server

        floor = serve_from_bench("signed-in floor", "floor_app:app", "/signin")
        runs["floor"] = run_wrk("(f) signed-in page doing nothing, GET", floor, learners, plans["floor"], args, wrk_log)
        floor.stop()

        minimal = serve_from_bench("minimal Flask", "minimal_app:app", "/")
        runs["minimal"] = run_wrk("(d) minimal Flask page, GET", minimal, learners, plans["minimal"], args, wrk_log)
        runs["minimal"].memory = minimal.memory()
        minimal.stop()

        counts = count_rows(env["DATABASE_URL"], ("quiz_attempt", "practice_result", "lesson_progress"))
    finally:
        for server in servers:
            server.stop()

    report(runs, counts, findings, args)
    print(f"(whole benchmark: {time.monotonic() - started:.0f} s)")
    if args.keep:
        print(f"kept {folder} (database, gunicorn logs, wrk.log)")
    else:
        shutil.rmtree(folder, ignore_errors=True)


def report(runs: dict[str, Run], counts: dict, findings: dict, args) -> None:
    print()
    print(f"{'':<44}{'':>8}{'---- wrk (client) ----':>27}{'-- in worker --':>16}")
    print(f"{'run':<44}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}{'sock.err':>9}")
    for run in runs.values():
        print(f"{run.label:<44}{run.rps:>8.0f}{run.ms('p50_us'):>9.1f}{run.ms('p99_us'):>9.1f}{run.ms('max_us'):>9.0f}"
              f"{percentile(run.server_ms, 0.5):>8.0f}{percentile(run.server_ms, 0.99):>8.0f}{run.failures:>8}{run.socket_errors:>9}")
    print("  wrk latency includes the wait for a free worker; 'in worker' is gunicorn's own request time (access log, whole ms)")
    print()
    print(f"{'CPU (of ' + str(os.cpu_count()) + ' cores x run time)':<44}{'server':>8}{'wrk':>9}{'others':>9}{'server CPU ms/request':>24}")
    for run in runs.values():
        share = lambda v: f"{100 * v / run.capacity:.0f} %"  # noqa: E731
        print(f"{run.label:<44}{share(run.server_cpu):>8}{share(run.wrk_cpu):>9}{share(run.other_cpu):>9}{run.cpu_ms_per_request:>24.2f}")
    print("  'others' is CPU used by other programs on the machine during the run: above a few % the figures are lower than they")
    print("  would be on a quiet machine; server CPU ms per request does not depend on that much")
    if args.database_url:
        print("  with --database-url, 'others' includes the PostgreSQL server's processes on this machine")
    busy = [run.label for run in runs.values() if run.other_cpu / run.capacity > 0.10]
    if busy and not args.database_url:
        print(f"  NOTE: other programs used more than 10 % of the CPUs during: {', '.join(busy)}. Run again on a quiet machine.")
    print("  errors = non-2xx/3xx answers plus redirects to the sign-in page (a lost session); sock.err = wrk's socket errors")
    for run in runs.values():
        for error in run.errors[:2]:
            print(f"  first error in {run.label}: {error[:300]}")
    lesson, minimal, first = runs["lesson"], runs["minimal"], runs["first"]
    ratio = lesson.rps / minimal.rps if minimal.rps else 0.0
    print()
    print(f"lesson page / minimal Flask page: {lesson.rps:.0f} / {minimal.rps:.0f} req/s = {ratio:.2f} "
          f"(target >= {RATIO_TARGET}): {'met' if ratio >= RATIO_TARGET else 'NOT met'}")
    print(f"  first visits, each written down (a0): {first.rps:.0f} / {minimal.rps:.0f} req/s = "
          f"{first.rps / minimal.rps if minimal.rps else 0.0:.2f}")
    print(f"  by server CPU per request: {minimal.cpu_ms_per_request:.2f} / {lesson.cpu_ms_per_request:.2f} ms = "
          f"{minimal.cpu_ms_per_request / lesson.cpu_ms_per_request:.2f}")
    floor = runs["floor"]
    print(f"  ceiling: a signed-in page that does nothing of its own (f): {floor.rps:.0f} / {minimal.rps:.0f} req/s = "
          f"{floor.rps / minimal.rps if minimal.rps else 0.0:.2f} (server CPU {floor.cpu_ms_per_request:.2f} ms/request); "
          f"no learner page can do better")
    service = runs["lesson1"]
    print(f"lesson page service time, one request at a time: p50 {service.ms('p50_us'):.1f} ms "
          f"({service.rps:.0f} req/s); with {args.connections} connections a request waits for about "
          f"{args.connections} / {lesson.rps:.0f} req/s = {args.connections / lesson.rps * 1000:.0f} ms (Little's law)")
    for key in ("first", "lesson", "quiz", "mixed", "learners"):
        run = runs[key]
        p99 = run.ms("p99_us")
        print(f"p99 {run.label}: {p99:.0f} ms (target < {P99_TARGET_MS:.0f} ms): {'met' if p99 < P99_TARGET_MS else 'NOT met'}")
    print("  (a0)-(c) are 50 connections without pause (a stress test); (e) is 50 learners working at a human pace")
    failures = sum(runs[k].failures + runs[k].socket_errors for k in ("first", "lesson", "quiz", "mixed", "learners", "floor", "minimal"))
    print(f"error answers and socket errors in all runs: {failures} (target 0): {'met' if failures == 0 else 'NOT met'}")
    print()
    for key, label in (("lesson", "after (a)"), ("quiz", "after (b)"), ("mixed", "after (c)"), ("minimal", "minimal app")):
        memory = runs[key].memory
        print(f"memory {label:<12} {memory['workers']} workers: VmRSS max {memory['max_rss']:.0f} MB, mean {memory['mean_rss']:.0f} MB "
              f"(PSS mean {memory['mean_pss']:.0f} MB, shared pages split); master {memory['master_rss']:.0f} MB")
    worst = max(runs[k].memory["max_rss"] for k in ("lesson", "quiz", "mixed"))
    print(f"NetzLernen resident memory per worker: {worst:.0f} MB (target < {RSS_TARGET_MB:.0f} MB): "
          f"{'met' if worst < RSS_TARGET_MB else 'NOT met'}")
    print()
    saved = runs["quiz"].stats["quiz_saved"] + runs["mixed"].stats["quiz_saved"] + runs["learners"].stats["quiz_saved"]
    stored = runs["mixed"].stats["practice_saved"] + runs["learners"].stats["practice_saved"]
    print(f"quiz attempts in the database: {counts.get('quiz_attempt', '?')}; 302 answers to a result page seen by wrk: {saved}")
    print(f"practice results in the database: {counts.get('practice_result', '?')}; 'stored: true' answers seen by wrk: {stored}")
    print(f"  (the database may hold up to {args.connections} more per run: requests in flight when wrk stops are "
          f"finished by the server but not counted by wrk)")
    quiz_gap = counts.get("quiz_attempt", 0) - saved
    practice_gap = counts.get("practice_result", 0) - stored
    plausible = 0 <= quiz_gap <= 2 * args.connections and 0 <= practice_gap <= args.connections
    print(f"  difference: {quiz_gap} quiz attempts, {practice_gap} practice results: {'plausible' if plausible else 'UNEXPECTED'}")
    print("gunicorn log (NetzLernen): " + ", ".join(f"{k}: {v}" for k, v in findings.items()))


if __name__ == "__main__":
    main()
