from flask_babel import lazy_gettext as _l  # noqa: F401

MESSAGES: dict = {}
