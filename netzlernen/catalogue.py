"""The courses the app serves: loaded at start from the course folder and kept in memory.

While the app runs, the folder is looked at every COURSE_RELOAD_SECONDS (0: never); when a file
changed, the courses with changed files are loaded again. A course that is now broken keeps being
served in its last good version, with an error in the log, so a half-saved edit never takes a
course away; a folder that is missing or has no course at all (while it is being replaced, e.g.
`rm -rf courses && cp -r /media/usb/courses .`) keeps all the courses served before.

Under the flask command (``flask courses check``, ``flask db upgrade`` …) the courses are loaded
only when something first asks for them, so that the checker's output is not preceded by the same
problems in the start-up log; the server (gunicorn) loads them at start.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from flask import Flask, current_app

from .content import Catalogue, load_catalogue

log = logging.getLogger(__name__)
EXTENSION_KEY = "netzlernen.catalogue"
STATE_KEY = "netzlernen.catalogue_state"
ASSET_PREFIX = "/course-files"


def fingerprint(folder: str) -> int:
    """A number that changes when any file or folder below ``folder`` is added, removed or saved."""
    value = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            try:
                stat = os.stat(os.path.join(root, name))
            except OSError:  # removed since the listing, or a link that leads nowhere
                continue
            value ^= hash((root, name, stat.st_mtime_ns, stat.st_size))
        value ^= hash((root, len(files), len(dirs)))
    return value


def _log_problems(catalogue: Catalogue, kept: set[str]) -> None:
    for problem in catalogue.errors:
        log.error("course pack problem: %s", problem)
    broken = ({p.path.split("/")[0] for p in catalogue.errors} - set(catalogue.courses)) | kept
    for course_id in sorted(broken):
        if course_id in kept:
            log.error("course '%s' is broken; its last good version is still served", course_id)
        else:
            log.error("course '%s' is left out until its problems are fixed", course_id)


def load_at_start(app: Flask) -> None:
    # Flask's command line sets this before it builds the app, for every command (also `flask run`).
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        load_into(app)


def load_into(app: Flask, previous: Catalogue | None = None) -> Catalogue:
    folder = app.config["COURSES_DIR"]
    try:
        # Courses whose files did not change are taken from the previous load, not read again.
        catalogue = load_catalogue(folder, asset_prefix=ASSET_PREFIX, previous=previous)
    except Exception:
        if previous is None:
            raise
        log.exception("loading the courses failed; the courses loaded before are still served")
        catalogue = previous
    else:
        kept: set[str] = set()
        if previous is not None:
            broken = {p.path.split("/")[0] for p in catalogue.errors}
            for course_id, course in previous.courses.items():
                if course_id not in catalogue.courses and course_id in broken and Path(course.path).is_dir():
                    catalogue.courses[course_id] = course
                    kept.add(course_id)
        if previous is not None and previous.courses and not catalogue.courses:
            if os.path.isdir(folder):  # course folders there, but none can be served: say why
                _log_problems(catalogue, kept)
            log.error("the course folder %s is missing, cannot be read or has no course now; the courses loaded "
                      "before are still served until it has courses again", folder)
            catalogue = previous
        else:
            _log_problems(catalogue, kept)
            log.info("loaded %d courses with %d lessons", len(catalogue.courses), catalogue.lesson_count())
    app.extensions[EXTENSION_KEY] = catalogue
    if app.config.get("COURSE_RELOAD_SECONDS"):
        app.extensions[STATE_KEY] = (time.monotonic() + float(app.config["COURSE_RELOAD_SECONDS"]), fingerprint(folder))
    return catalogue


def reload_if_changed(app: Flask) -> None:
    """Called before requests: load the courses again when the folder changed (at most every N s)."""
    if EXTENSION_KEY not in app.extensions:  # `flask run`: the first request loads the courses
        load_into(app)
        return
    seconds = app.config.get("COURSE_RELOAD_SECONDS")
    state = app.extensions.get(STATE_KEY)
    if not seconds or state is None or time.monotonic() < state[0]:
        return
    folder = app.config["COURSES_DIR"]
    current = fingerprint(folder)
    if current == state[1]:
        app.extensions[STATE_KEY] = (time.monotonic() + float(seconds), current)
        return
    log.info("the course folder changed; loading the courses again")
    load_into(app, previous=app.extensions.get(EXTENSION_KEY))


def get_catalogue() -> Catalogue:
    catalogue = current_app.extensions.get(EXTENSION_KEY)
    return catalogue if catalogue is not None else load_into(current_app)
