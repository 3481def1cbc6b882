"""The Flask extensions, created here once and bound to the app in the factory."""

from __future__ import annotations

from functools import wraps

from flask import g
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so that Alembic's batch migrations on SQLite can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Objects stay readable after a commit (no reload): a request commits once, near its end.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


def begin_write() -> None:
    """End the current (reading) transaction; the next one takes SQLite's write lock at once.

    A page that is read with GET but records something (the lesson opened, the session seen) would
    otherwise turn a read transaction into a write one, which SQLite refuses when another request
    wrote in between. On PostgreSQL this only ends the transaction.
    """
    db.session.commit()
    g.write_next = True


def writes_late(view):
    """For a POST view that reads first and calls begin_write() itself right before it writes.

    Other POST requests take SQLite's single write lock with their first query (the session) and
    hold it to the end; these hold it only while they write, so more answers get through at once.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        g.write_later = True
        return view(*args, **kwargs)

    return wrapped


migrate = Migrate()
login = LoginManager()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
