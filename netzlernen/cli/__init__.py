"""Operator commands: ``flask --app app courses|users|demo …``. They call the same services as the web."""

from flask import Flask


def register(app: Flask) -> None:
    from .courses import courses
    from .demo import demo
    from .users import users

    app.cli.add_command(courses)
    app.cli.add_command(users)
    app.cli.add_command(demo)
