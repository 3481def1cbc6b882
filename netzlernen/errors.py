"""Error pages: a plain message in the page's language, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, ProgrammingError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db, login

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something was not right"), _l("The page got something it cannot use. Please go back and try again.")),
    401: (_l("Please sign in"), _l("You need to sign in first.")),
    403: (_l("No access"), _l("This page is not for your account.")),
    404: (_l("Page not found"), _l("This page does not exist. Perhaps the address is wrong.")),
    405: (_l("Something was not right"), _l("The page got something it cannot use. Please go back and try again.")),
    413: (_l("File too large"), _l("The file is too large. Please choose a smaller file.")),
    422: (_l("Something was not right"), _l("The page got something it cannot use. Please go back and try again.")),
    429: (_l("Too many tries"), _l("Too many tries in a short time. Please wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("Something went wrong on our side. Your answers so far are saved. Please ask a mentor.")),
    503: (_l("Please wait a moment"), _l("NetzLernen cannot save right now. Please wait a moment and try again, or ask a mentor.")),
}

# For the operator, in the log and from the command line: what is wrong with the database, in one line.
UPGRADE = "flask --app app db upgrade"
NO_DATABASE_FILE = f"the database file does not exist yet or cannot be opened: run '{UPGRADE}' first (it creates the file)"
OUT_OF_DATE = f"the database is older than this version of NetzLernen: run '{UPGRADE}'"


def describe(error: OperationalError | ProgrammingError) -> str:
    text = str(error.orig or error)
    lowered = text.lower()
    if "unable to open database file" in lowered:
        return NO_DATABASE_FILE
    if "no such column" in lowered or "undefinedcolumn" in type(error.orig).__name__.lower() \
            or ("column" in lowered and "does not exist" in lowered):
        return OUT_OF_DATE
    if "no such table" in lowered or "undefinedtable" in type(error.orig).__name__.lower() \
            or ("relation" in lowered and "does not exist" in lowered):
        return f"the database has no NetzLernen tables yet or is out of date: run '{UPGRADE}' first"
    first_line = text.strip().splitlines()[0] if text.strip() else type(error.orig).__name__
    return f"the database cannot be used: {first_line}"


CSRF_MESSAGE = (_l("Page expired"), _l("This page was open too long. Please load it again and repeat your entry."))


def _render(code: int, title, text):
    if request.accept_mimetypes.best == "application/json" or request.path.endswith(".json"):
        return {"error": str(title), "message": str(text)}, code
    return render_template("errors.html", code=code, title=title, text=text), code


def handle_http(error: HTTPException):
    code = error.code or 500
    title, text = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return _render(code, title, text)


def handle_csrf(error: CSRFError):
    return _render(400, *CSRF_MESSAGE)


def handle_database_down(error: OperationalError | ProgrammingError):
    try:
        db.session.rollback()
    except OperationalError:
        pass
    log.error("database unavailable: %s", describe(error))
    # The error page must not need the database: no user to load, no settings to read.
    g.database_down = True
    g._login_user = login.anonymous_user()
    return _render(503, *MESSAGES[503])


def handle_out_of_date_database(error: ProgrammingError):
    """PostgreSQL reports a column the database lacks as a programming error: the same waiting page
    and log line as SQLite's. Any other programming error is a bug, for the 500 page and its traceback."""
    if describe(error) != OUT_OF_DATE:
        raise error
    return handle_database_down(error)


def handle_unexpected(error: Exception):
    db.session.rollback()
    log.exception("unhandled error on %s %s", request.method, request.path)
    original = getattr(error, "original_exception", None) or error
    if isinstance(original, OperationalError):
        return handle_database_down(original)
    return _render(500, *MESSAGES[500])


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(ProgrammingError, handle_out_of_date_database)
    app.register_error_handler(InternalServerError, handle_unexpected)
