"""The mentors' area. The dashboard grows in its own issue; this is the landing page after sign-in."""

from flask import render_template

from ..access import mentor_required
from . import bp


@bp.route("/")
@mentor_required
def index():
    return render_template("mentor/index.html")
