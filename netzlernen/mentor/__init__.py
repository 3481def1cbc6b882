from flask import Blueprint

bp = Blueprint("mentor", __name__, url_prefix="/mentor")

from . import routes  # noqa: E402,F401
