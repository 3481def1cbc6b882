"""Backups of the SQLite database with SQLite's online backup (safe while the app runs)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db

POSTGRES_HINT = (
    "This database is PostgreSQL. Back it up with pg_dump, e.g.\n"
    "  pg_dump --format=custom --file=netzlernen-$(date +%%Y%%m%%d-%%H%%M%%S).dump \"$DATABASE_URL\"\n"
    "and restore with\n"
    "  pg_restore --clean --if-exists --dbname=\"$DATABASE_URL\" FILE.dump"
)


def sqlite_path() -> Path | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def backup_sqlite(source: Path, folder: Path, keep: int) -> Path:
    """Copy a consistent snapshot of ``source`` into ``folder``; keep the newest ``keep`` copies."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"netzlernen-{stamp}.sqlite3"
    partial = target.with_suffix(".partial")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(partial) as dst:
        src.execute("PRAGMA busy_timeout=10000")
        # One step (pages=-1): the copy is one consistent snapshot, even while the app writes (WAL).
        src.backup(dst, pages=-1)
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"the copy failed its integrity check: {check}")
    partial.rename(target)
    for old in sorted(folder.glob("netzlernen-*.sqlite3"))[:-keep]:
        old.unlink()
    return target


def restore_sqlite(backup: Path, target: Path) -> None:
    with sqlite3.connect(backup) as src, sqlite3.connect(target) as dst:
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
    if not yes:
        click.confirm(f"Replace {target} with {backup}? Stop NetzLernen first.", abort=True)
    db.engine.dispose()
    restore_sqlite(backup, target)
    click.echo(f"Restored {target} from {backup}.")
