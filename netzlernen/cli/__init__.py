"""Operator commands: ``flask --app app courses|users|demo …``. They call the same services as the web."""

from flask import Flask


def register(app: Flask) -> None:
    from .backup import backup_command, restore_command
    from .courses import courses
    from .demo import demo
    from .learners import learners
    from .users import users

    for command in (courses, users, demo, learners, backup_command, restore_command):
        app.cli.add_command(command)
