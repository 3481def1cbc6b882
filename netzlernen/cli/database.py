"""Commands that use the database say in one line what is wrong with it, instead of a traceback."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError, ProgrammingError

UPGRADE = "flask --app app db upgrade"
NO_DATABASE_FILE = f"the database file does not exist yet or cannot be opened: run '{UPGRADE}' first (it creates the file)"


def describe(error: OperationalError | ProgrammingError) -> str:
    text = str(error.orig or error)
    lowered = text.lower()
    if "unable to open database file" in lowered:
        return NO_DATABASE_FILE
    if "no such table" in lowered or "undefinedtable" in type(error.orig).__name__.lower() \
            or ("relation" in lowered and "does not exist" in lowered):
        return f"the database has no NetzLernen tables yet or is out of date: run '{UPGRADE}' first"
    first_line = text.strip().splitlines()[0] if text.strip() else type(error.orig).__name__
    return f"the database cannot be used: {first_line}"


class DatabaseGroup(AppGroup):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError) as error:
            raise click.ClickException(describe(error)) from error
