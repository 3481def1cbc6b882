"""Response headers that keep pages private on shared PCs and keep scripts from elsewhere out."""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Course files (SVG may carry script) are shown as images only, never as active documents.
ASSET_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"


CACHEABLE_ENDPOINTS = frozenset({"static", "learn.course_file"})


def _sets_cookie(response: Response) -> bool:
    """Whether the response carries a cookie, also the session cookie, which Flask adds only after
    the after_request functions (when the request changed the session, e.g. an error page's form)."""
    if "Set-Cookie" in response.headers:
        return True
    interface = current_app.session_interface
    return not interface.is_null_session(session) and interface.should_set_cookie(current_app, session)


def _publicly_cacheable(response: Response) -> bool:
    """Only a file that was found (or is unchanged) and sets no cookie may be kept by any cache: a
    404 kept for an hour would hide a file added since, and a cookie must never be handed on."""
    return (request.endpoint in CACHEABLE_ENDPOINTS and response.status_code in (200, 304)
            and not _sets_cookie(response))


def apply_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # same-origin: no address leaves the site, and Flask-WTF can check the referrer of HTTPS posts.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    if _publicly_cacheable(response):
        headers.setdefault("Cache-Control", "public, max-age=3600")
    else:
        # Shared kiosks: nothing a page shows may be kept for the next person or the back button.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
        headers["Expires"] = "0"
        headers.add("Vary", "Cookie")
    return response


def init_app(app: Flask) -> None:
    app.after_request(apply_headers)
