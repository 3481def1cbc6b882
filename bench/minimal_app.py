"""The yardstick for bench/load.py: a minimal Flask app with one route that returns a small HTML page.

bench/load.py serves it with the same gunicorn settings as NetzLernen
(``gunicorn -c gunicorn.conf.py --pythonpath bench minimal_app:app``).
"""

from flask import Flask

app = Flask(__name__)

PAGE = """<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>Hallo</title></head>
<body>
<h1>Hallo</h1>
<p>Eine kleine Seite, damit der Vergleich fair bleibt: Flask, Werkzeug und gunicorn, sonst nichts.</p>
</body>
</html>
"""


@app.route("/")
def index() -> str:
    return PAGE
