"""A second yardstick for bench/load.py: NetzLernen itself, plus one page for signed-in learners that
does nothing of its own and returns the minimal app's page.

What it costs is what every learner page costs before its view starts: the signed session cookie, the
sign-in session checked in the database (so that signing out on a shared kiosk is final), the
rate-limit check, the locale and the security headers. Its throughput is the most any learner page
can reach with this stack. bench/load.py serves it with the same gunicorn settings
(``gunicorn -c gunicorn.conf.py --pythonpath bench floor_app:app``); it is not part of the product.
"""

from minimal_app import PAGE

from netzlernen import create_app
from netzlernen.access import learner_required

app = create_app()


@learner_required
def signed_in_floor() -> str:
    return PAGE


app.add_url_rule("/bench/signed-in-floor", view_func=signed_in_floor)
