"""The courses the app serves: loaded once at start from the course folder and kept in memory."""

from __future__ import annotations

import logging

from flask import Flask, current_app

from .content import Catalogue, load_catalogue

log = logging.getLogger(__name__)
EXTENSION_KEY = "netzlernen.catalogue"
ASSET_PREFIX = "/course-files"


def load_into(app: Flask) -> Catalogue:
    catalogue = load_catalogue(app.config["COURSES_DIR"], asset_prefix=ASSET_PREFIX)
    for problem in catalogue.errors:
        log.error("course pack problem: %s", problem)
    broken = {p.path.split("/")[0] for p in catalogue.errors} - set(catalogue.courses)
    for course_id in sorted(broken):
        log.error("course '%s' is left out until its problems are fixed", course_id)
    log.info("loaded %d courses with %d lessons", len(catalogue.courses), catalogue.lesson_count())
    app.extensions[EXTENSION_KEY] = catalogue
    return catalogue


def get_catalogue() -> Catalogue:
    return current_app.extensions[EXTENSION_KEY]
