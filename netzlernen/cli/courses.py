from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..content import load_catalogue

courses = AppGroup("courses", help="Course packs in the course folder.")


@courses.command("check")
@click.argument("path", required=False, type=click.Path())
@click.option("--strict", is_flag=True, help="Also fail on warnings (e.g. readability).")
def check(path: str | None, strict: bool) -> None:
    """Check a folder of courses or one course (default: the configured course folder); for a lesson folder or a
    file in a course, its whole course.

    Prints every problem with file and line; exits 1 if there is an error (or, with --strict, a warning).
    """
    target = path or current_app.config["COURSES_DIR"]
    given = Path(target)
    # A lesson folder or a file in a course: the whole course is checked, since a lesson is checked against the
    # rest of its course (positions, slugs, translations).
    course_folder = next((f for f in (given, given.parent, given.parent.parent) if (f / "course.yml").is_file()), given)
    if course_folder != given:
        click.echo(f"{target} belongs to the course {course_folder}: checking the whole course")
        target = str(course_folder)
    catalogue = load_catalogue(target)
    for problem in catalogue.problems:
        click.echo(str(problem))
    if not catalogue.courses and not catalogue.problems:
        click.echo(f"no course found in {target}: give the folder of courses or one course folder (the one with "
                   "course.yml)", err=True)
        raise SystemExit(1)
    files = sum(len(lesson.texts) for course in catalogue.courses.values() for lesson in course.lessons)
    summary = (f"{len(catalogue.courses)} courses, {catalogue.lesson_count()} lessons, {files} lesson files; "
               f"{len(catalogue.errors)} errors, {len(catalogue.warnings)} warnings")
    if catalogue.errors or (strict and catalogue.warnings):
        click.echo(f"Problems found in {target}: {summary}", err=True)
        raise SystemExit(1)
    click.echo(f"OK: {summary}")
