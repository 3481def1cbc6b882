"""A storage for Flask-Limiter (the `limits` library) in the app's own database: `database://`.

Several gunicorn workers, or several app servers behind one load balancer, then count sign-in
attempts together; counters in one process's memory would let an attacker multiply the limit.
Only the fixed-window strategy (Flask-Limiter's default) is supported.
"""

from __future__ import annotations

import random
import time

from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import RateLimitCounter

TABLE = RateLimitCounter.__table__


class DatabaseStorage(Storage):
    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        insert = postgres_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        expired = TABLE.c.expires_at <= now
        statement = insert(TABLE).values(key=key, count=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(
            index_elements=[TABLE.c.key],
            set_={"count": case((expired, amount), else_=TABLE.c.count + amount),
                  "expires_at": case((expired, now + expiry), else_=TABLE.c.expires_at)},
        )
        with db.engine.begin() as connection:
            connection.execute(statement)
            count = connection.execute(select(TABLE.c.count).where(TABLE.c.key == key)).scalar_one()
            if random.random() < 0.01:  # now and then, forget counters long expired
                connection.execute(delete(TABLE).where(TABLE.c.expires_at < now - 3600))
        return int(count)

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            row = connection.execute(select(TABLE.c.count, TABLE.c.expires_at).where(TABLE.c.key == key)).first()
        return int(row.count) if row is not None and row.expires_at > time.time() else 0

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as connection:
            expires = connection.execute(select(TABLE.c.expires_at).where(TABLE.c.key == key)).scalar()
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(TABLE)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(TABLE).where(TABLE.c.key == key))
