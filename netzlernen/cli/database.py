"""Commands that use the database say in one line what is wrong with it, instead of a traceback."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..errors import describe


class DatabaseGroup(AppGroup):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (OperationalError, ProgrammingError) as error:
            raise click.ClickException(describe(error)) from error
