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
    catalogue = load_catalogue(target)
    for problem in catalogue.problems:
        click.echo(str(problem))
    files = sum(len(lesson.texts) for course in catalogue.courses.values() for lesson in course.lessons)
    summary = (f"{len(catalogue.courses)} courses, {catalogue.lesson_count()} lessons, {files} lesson files; "
               f"{len(catalogue.errors)} errors, {len(catalogue.warnings)} warnings")
    if catalogue.errors or (strict and catalogue.warnings):
        click.echo(f"Problems found in {target}: {summary}", err=True)
        raise SystemExit(1)
    click.echo(f"OK: {summary}")
