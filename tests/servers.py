"""Real app servers for the tests: gunicorn with the production config, and a tiny HTTP client."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py app:app` on a free port of 127.0.0.1, stopped on exit."""

    def __init__(self, database_url: str, courses: Path, workers: int = 2, log: Path | None = None, **settings):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "shared-by-all-app-servers-in-this-test-run",
            "NETZLERNEN_COURSES_DIR": str(courses), "NETZLERNEN_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(workers), "GUNICORN_ACCESSLOG": "",
            **{f"NETZLERNEN_{key}": str(value) for key, value in settings.items()},
        }
        self.log = log
        self._output = None
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        self._output = open(self.log, "ab") if self.log else None
        self.process = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "app:app"], cwd=ROOT, env=self.env,
                                        stdout=self._output or subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/signin", timeout=2).read()
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn ended with {self.process.returncode}")
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_worker(self) -> int:
        pid = self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._output is not None:
            self._output.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Enough of a browser for load and fault tests: cookies, CSRF token, no redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)
        self.token = ""

    def request(self, path: str, data: dict | None = None, timeout: float = 20) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            response = self.opener.open(self.base + path, body, timeout=timeout)
            status, headers, text = response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read().decode()
        found = re.search(r'<meta name="csrf-token" content="([^"]+)"', text)
        if found:
            self.token = found.group(1)
        return status, headers.get("Location", ""), text

    def get(self, path: str):
        return self.request(path)

    def post(self, path: str, data: dict | None = None):
        if not self.token:
            self.get("/signin")
        return self.request(path, {"csrf_token": self.token, **(data or {})})

    def sign_in(self, code: str, pin: str) -> int:
        self.get("/signin")
        return self.post("/signin", {"code": code, "pin": pin})[0]

    def sign_in_staff(self, username: str, password: str) -> int:
        self.get("/staff/signin")
        return self.post("/staff/signin", {"username": username, "password": password})[0]
