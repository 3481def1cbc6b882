"""Whole numbers from requests: form fields, query strings and ids in addresses.

``str.isdigit()`` also accepts "²" and "١", which ``int()`` refuses or reads; ``int()`` refuses more
than 4,300 digits; and a number beyond the database's integers fails in the query. Each of these
is a plain 400 or 404 here instead of a server error.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, ValidationError

# PostgreSQL's integer; SQLite's go further. No id, index or size in a request is larger.
LARGEST = 2**31 - 1


def small_number(value: str | None) -> int | None:
    """The number written in ASCII digits, up to LARGEST; None for anything else."""
    if value and len(value) <= 10 and value.isascii() and value.isdigit():
        number = int(value)
        return number if number <= LARGEST else None
    return None


class IdConverter(IntegerConverter):
    """``<int:…>`` in routes: an address with another number does not match, so it is a 404."""

    def to_python(self, value: str) -> int:
        number = small_number(value)
        if number is None:
            raise ValidationError()
        return number


def init_app(app) -> None:
    app.url_map.converters["int"] = IdConverter  # before the blueprints add their routes
