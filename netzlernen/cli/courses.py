from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..content import load_catalogue

courses = AppGroup("courses", help="Course packs in the course folder.")


@courses.command("check")
@click.argument("path", required=False, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Also fail on warnings (e.g. readability).")
def check(path: str | None, strict: bool) -> None:
    """Check a folder of courses or one course folder (default: the configured course folder).

    Prints every problem with file and line; exits 1 if there is an error (or, with --strict, a warning).
    """
    target = path or current_app.config["COURSES_DIR"]
    folder = Path(target)
    if not (folder / "course.yml").is_file() and (folder.parent / "course.yml").is_file():
        # A lesson is checked against the rest of its course (positions, slugs, translations), so the course is checked.
        click.echo(f"{target} is a lesson folder: checking its course, {folder.parent}")
        target = str(folder.parent)
    catalogue = load_catalogue(target)
    for problem in catalogue.problems:
        click.echo(str(problem))
    if not catalogue.courses and not catalogue.problems:
        click.echo(f"no course found in {target}: give the folder of courses or one course folder (the one with course.yml)", err=True)
        raise SystemExit(1)
    files = sum(len(lesson.texts) for course in catalogue.courses.values() for lesson in course.lessons)
    summary = (f"{len(catalogue.courses)} courses, {catalogue.lesson_count()} lessons, {files} lesson files; "
               f"{len(catalogue.errors)} errors, {len(catalogue.warnings)} warnings")
    if catalogue.errors or (strict and catalogue.warnings):
        click.echo(f"Problems found in {target}: {summary}", err=True)
        raise SystemExit(1)
    click.echo(f"OK: {summary}")
