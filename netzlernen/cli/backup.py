"""Backups of the SQLite database with SQLite's online backup (safe while the app runs)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db
from ..errors import NO_DATABASE_FILE

# For bash (the form ${VAR/+psycopg/}): libpq's tools take the URL without SQLAlchemy's "+psycopg".
POSTGRES_HINT = (
    "This database is PostgreSQL. Back it up with pg_dump (in bash, with DATABASE_URL set as for the app), e.g.\n"
    '  pg_dump --format=custom --file=netzlernen-$(date +%Y%m%d-%H%M%S).dump --exclude-table-data=fresh_secret '
    '"${DATABASE_URL/+psycopg/}"\n'
    "and restore with\n"
    '  pg_restore --clean --if-exists --dbname="${DATABASE_URL/+psycopg/}" FILE.dump'
)


def sqlite_path() -> Path | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


@contextmanager
def _reading_copy(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a copy nobody else uses; a copy in WAL mode (made by earlier
    versions) gets -wal and -shm files while open, which are removed again afterwards."""
    side_files = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = {side for side in side_files if side.exists()}
    try:
        with closing(_open_read_only(path)) as connection:
            yield connection
    finally:
        for side in side_files:
            if side not in existed:
                side.unlink(missing_ok=True)


def backup_sqlite(source: Path, folder: Path, keep: int) -> Path:
    """Copy a consistent snapshot of ``source`` into ``folder``; keep the newest ``keep`` copies.

    The copy is a single file in rollback-journal mode, closed before it gets its final name, so no
    ``-wal`` or ``-shm`` file is left next to it."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"netzlernen-{stamp}.sqlite3"
    partial = target.with_suffix(".partial")
    # sqlite3's "with connect()" only ends the transaction; closing() closes the connection.
    with closing(_open_read_only(source)) as src, \
            closing(sqlite3.connect(partial)) as dst:
        src.execute("PRAGMA busy_timeout=10000")
        # One step (pages=-1): the copy is one consistent snapshot, even while the app writes (WAL).
        src.backup(dst, pages=-1)
        # The snapshot carries the live database's WAL mode; a copy to keep is one self-contained file.
        dst.execute("PRAGMA journal_mode=DELETE")
        _forget_fresh_secrets(dst)
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"the copy failed its integrity check: {check}")
    partial.rename(target)
    for old in sorted(folder.glob("netzlernen-*.sqlite3"))[:-keep]:
        old.unlink()
    _remove_leftovers(folder)
    return target


def _forget_fresh_secrets(copy: sqlite3.Connection) -> None:
    """New PINs wait in clear for their mentor for a few minutes (auth.services.keep_fresh_secret),
    and expired ones until someone signs in: a copy that goes onto a backup disk holds none."""
    if copy.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fresh_secret'").fetchone():
        copy.execute("PRAGMA secure_delete=ON")  # overwritten, not only unlinked from the table
        copy.execute("DELETE FROM fresh_secret")
        copy.commit()


def _remove_leftovers(folder: Path) -> None:
    """Remove -wal/-shm files whose database is gone (earlier versions left them next to each copy)."""
    for extra in [*folder.glob("netzlernen-*-wal"), *folder.glob("netzlernen-*-shm")]:
        if not extra.with_name(extra.name[:-4]).exists():
            extra.unlink(missing_ok=True)


REQUIRED_TABLES = {"alembic_version", "user"}


def check_backup(backup: Path) -> None:
    """Raise ClickException unless ``backup`` is an intact NetzLernen database (opened read-only)."""
    try:
        with _reading_copy(backup) as candidate:
            check = candidate.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in candidate.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{backup} is not a SQLite database ({error}); nothing was changed.") from error
    if check != "ok":
        raise click.ClickException(f"{backup} is damaged (integrity check: {check}); nothing was changed.")
    missing = REQUIRED_TABLES - tables
    if missing:
        raise click.ClickException(
            f"{backup} is not a NetzLernen database (no table {', '.join(sorted(missing))}); nothing was changed.")


def restore_sqlite(backup: Path, target: Path) -> None:
    """Replace the database at ``target`` with ``backup``, which must pass check_backup."""
    check_backup(backup)
    with _reading_copy(backup) as src, closing(sqlite3.connect(target)) as dst:
        dst.execute("PRAGMA busy_timeout=10000")
        src.backup(dst, pages=-1)


@click.command("backup")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Where to put the copies; default: the instance folder's backups/.")
@click.option("--keep", type=click.IntRange(1, 1000), default=14, show_default=True, help="How many copies to keep.")
@with_appcontext
def backup_command(folder: Path | None, keep: int) -> None:
    """Write a consistent copy of the live SQLite database and keep the last KEEP copies."""
    source = sqlite_path()
    if source is None:
        click.echo(POSTGRES_HINT, err=True)
        raise SystemExit(2)
    if not source.is_file():
        raise click.ClickException(NO_DATABASE_FILE)
    target = backup_sqlite(source, folder or Path(current_app.instance_path) / "backups", keep)
    click.echo(f"Backup written: {target}")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask; replaces the current database.")
@with_appcontext
def restore_command(backup: Path, yes: bool) -> None:
    """Replace the database with a backup. Stop the app servers first."""
    target = sqlite_path()
    if target is None:
        click.echo(POSTGRES_HINT, err=True)
        raise SystemExit(2)
    check_backup(backup)
    if not yes:
        click.confirm(f"Replace {target} with {backup}? Stop NetzLernen first.", abort=True)
    db.engine.dispose()
    restore_sqlite(backup, target)
    click.echo(f"Restored {target} from {backup}.")
