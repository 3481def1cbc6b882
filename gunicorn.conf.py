"""gunicorn settings for NetzLernen: `gunicorn -c gunicorn.conf.py app:app`.

Every value can be overridden with an environment variable of the same name in upper case with the
prefix GUNICORN_ (e.g. GUNICORN_WORKERS=3, GUNICORN_BIND=0.0.0.0:8000).
"""

import multiprocessing
import os


def _env(name: str, default):
    value = os.environ.get(f"GUNICORN_{name.upper()}")
    if value is None:
        return default
    return type(default)(value) if not isinstance(default, bool) else value.lower() in ("1", "true", "yes")


bind = _env("bind", "127.0.0.1:8000")
# Sync workers: one request at a time each. One per core plus one: with SQLite on the same machine a
# request hardly waits for anything but the CPU, and more workers only take turns on the same cores
# (on 2 cores, 3 workers against 5 under full load: about the same throughput, p99 20-35 % lower;
# see docs/performance.md); with PostgreSQL on the same machine too. With the database on another
# machine, workers also wait for the network and more of them may help: measure with
# `bench/load.py --database-url`.
workers = _env("workers", multiprocessing.cpu_count() + 1)
worker_class = "sync"
timeout = _env("timeout", 30)
graceful_timeout = _env("graceful_timeout", 20)
keepalive = _env("keepalive", 5)
# Load the app (and the course packs) once in the master; workers share that memory.
preload_app = _env("preload_app", True)
# Recycle workers now and then, so that a slow leak can never grow without bound. Not too often: a
# new worker starts with no lesson pages kept rendered (netzlernen/pages.py).
max_requests = _env("max_requests", 20000)
max_requests_jitter = _env("max_requests_jitter", 2000)
accesslog = _env("accesslog", "-") or None  # empty: no access log
errorlog = _env("errorlog", "-")
loglevel = _env("loglevel", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# No control socket (gunicorn 25+ opens one in $XDG_RUNTIME_DIR or $HOME/.gunicorn/): its reload would
# start workers from the code preloaded in the master, so an update needs a restart anyway (README).
control_socket_disable = _env("control_socket_disable", True)
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = _env("forwarded_allow_ips", "127.0.0.1")


def when_ready(server) -> None:
    """With preload_app the app lives in the master: compile its templates there once, so that every
    worker, also one started later, inherits them instead of compiling them again."""
    if server.cfg.preload_app:
        from netzlernen.pages import compile_templates

        compile_templates(server.app.wsgi())
