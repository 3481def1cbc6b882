"""What every page's template gets, and lesson pages kept rendered in memory.

A lesson page is the same HTML for every learner who opens it in the same state: the lesson, the
language, how far the learner is in it, the display settings, whether help is called. Only the
learner's name and the CSRF token differ. Rendering it is most of the cost of the request, so each
worker keeps recently rendered pages, rendered with stand-ins for the name and the token, and fills
those in for each request. The kept HTML holds no learner's data (the state is only the key), and
the response is still sent ``no-store``. A page with a flashed message is always rendered afresh.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from urllib.parse import urlsplit

from flask import current_app, g, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from . import settings, submissions
from .access import GUEST_KEY
from .catalogue import get_catalogue
from .i18n import LANGUAGES, direction

EXTENSION_KEY = "netzlernen.rendered_pages"
# Random per process, so that no course text can contain them.
_TOKEN_STAND_IN = "nltoken" + secrets.token_hex(8)
_NAME_STAND_IN = "nlname" + secrets.token_hex(8)
_SUBMISSION_STAND_IN = "nlsubmission" + secrets.token_hex(8)
_TOKEN_BYTES, _NAME_BYTES = _TOKEN_STAND_IN.encode(), _NAME_STAND_IN.encode()
_SUBMISSION_BYTES = _SUBMISSION_STAND_IN.encode()


def address_on_this_site(target: object) -> str | None:
    """``target`` if it is an address on this site (``/courses/…``), else None: a ``next`` field
    must not send anyone to another site. Browsers drop tabs and line breaks from an address and read
    a backslash as a slash, so ``/<tab>/evil.example`` would lead away as ``//evil.example``."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def come_back_to(address: str) -> None:
    """Where this page's forms (call for help, German next to it…) lead back to, when that is not
    the request's own address: a page shown in answer to a POST cannot be opened again with GET."""
    g.page_address = address


def page_context() -> dict:
    """The variables base.html needs; a context processor, so every template has them."""
    locale = str(get_locale())
    if "icons_url" not in g:
        g.icons_url = url_for("static", filename="icons.svg")
    common = {"locale": locale, "text_direction": direction(locale), "languages": LANGUAGES,
              "icons_url": g.icons_url, "page_address": g.get("page_address") or request.path,
              "submission_id": submissions.new_id}
    if g.get("database_down"):
        return common | {"signed_in": False, "user_name": None, "help_status": None,
                         "centre": settings.defaults(), "display_classes": ""}
    signed_in = current_user.is_authenticated
    display = []
    if signed_in and current_user.is_learner:
        display = [f"text-{current_user.text_size}"] if current_user.text_size else []
        if current_user.high_contrast:
            display.append("contrast-high")
        if current_user.reduced_motion:
            display.append("motion-reduced")
    return common | {
        "signed_in": signed_in,
        "user_name": current_user.display_name if signed_in else None,
        "help_status": current_user.help_status if signed_in and current_user.is_learner else None,
        "centre": settings.current(),
        "display_classes": " ".join(display),
    }


class RenderedPages:
    """Recently rendered pages, up to ``budget`` bytes (least recently used go first), as UTF-8: half
    the memory of a str for pages with Arabic or Cyrillic text, and sent without encoding again."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0  # bytes kept
        self.catalogue: object | None = None
        self._pages: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()  # the development server runs requests in threads

    def get(self, key: Hashable, catalogue: object) -> bytes | None:
        with self._lock:
            if catalogue is not self.catalogue:  # the courses were loaded again
                self._pages.clear()
                self.size = 0
                self.catalogue = catalogue
                return None
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, catalogue: object, page: bytes) -> None:
        with self._lock:
            if catalogue is not self.catalogue or key in self._pages:
                return
            self._pages[key] = page
            self.size += len(page)
            while self.size > self.budget and self._pages:
                self.size -= len(self._pages.popitem(last=False)[1])

    def __len__(self) -> int:
        return len(self._pages)


def compile_templates(app) -> int:
    """Compile every template now (Jinja compiles each on first use); returns how many."""
    names = app.jinja_env.list_templates(extensions=["html"])
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def init_app(app) -> None:
    app.context_processor(page_context)
    app.extensions[EXTENSION_KEY] = RenderedPages(int(float(app.config["RENDERED_PAGES_MB"]) * 1024 * 1024))


def _page_key(context: dict) -> tuple:
    """Everything base.html shows besides the name and the CSRF token."""
    centre = context["centre"]
    return (context["locale"], current_user.role if context["signed_in"] else None, bool(session.get(GUEST_KEY)),
            context["help_status"],
            context["display_classes"], tuple(sorted((k, str(v)) for k, v in centre.items())),
            request.script_root)


def render_kept(template: str, key: Hashable, context: Callable[[], dict]) -> str | bytes:
    """``render_template(template, **context())``, from memory when this page was rendered in this state.

    ``key`` must hold everything the template shows from ``context()`` besides the course catalogue
    (a reload of the courses clears the memory). The template may show the user's name only as
    ``{{ user_name }}``, the CSRF token only as ``{{ csrf_token() }}`` and a form's one-time id
    (netzlernen/submissions.py) only as ``{{ submission_id() }}``: each request gets its own.
    """
    pages: RenderedPages = current_app.extensions[EXTENSION_KEY]
    if not pages.budget or "_flashes" in session or g.get("database_down"):
        return render_template(template, **context())
    shown = page_context()
    full_key = (template, key, _page_key(shown))
    catalogue = get_catalogue()
    page = pages.get(full_key, catalogue)
    if page is None:
        page = render_template(template, **context(), user_name=_NAME_STAND_IN,
                               csrf_token=lambda: _TOKEN_STAND_IN, submission_id=lambda: _SUBMISSION_STAND_IN).encode()
        pages.put(full_key, catalogue, page)
    name = shown["user_name"]
    page = page.replace(_TOKEN_BYTES, generate_csrf().encode()).replace(
        _NAME_BYTES, str(escape(name)).encode() if name is not None else b"")
    return page.replace(_SUBMISSION_BYTES, submissions.new_id().encode()) if _SUBMISSION_BYTES in page else page
