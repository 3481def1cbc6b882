"""Load a folder of course packs: the one entry point for the app, the checker CLI and the tests.

Scope of an error: a problem in ``course.yml``, in the folder structure or in ``de.md`` leaves the
whole course out; a problem in a translation (``en.md`` …) leaves out only that translation, and
the learner gets the German lesson instead. Warnings never leave anything out.

This module walks the folders and reads ``course.yml``; ``lesson_file`` reads each lesson file.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import practice as practice_types
from .files import (
    IMAGE_TYPES, LESSON_FOLDER, Report, is_file_inside, key_line, read_text, unservable, warn_cut_by_comment, yaml_error,
)
from .lesson_file import compare_translation, read_lesson_text
from .model import LANGUAGES, REFERENCE_LANGUAGE, Catalogue, Course, Lesson, LessonText, LoadedCourse, Problem
from .yamlload import load as _yaml_load

COURSE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The database keeps course ids and lesson slugs in 64 characters (models.base); PostgreSQL refuses
# longer ones, so a lesson with a longer slug would fail for every learner there.
LONGEST_ID = 64
# A certificate keeps the German course title in 200 characters (models.centre.Certificate.course_title);
# PostgreSQL refuses a longer one, so no certificate could be made for such a course there.
LONGEST_COURSE_TITLE = 200
_COURSE_KEYS = {"title", "description", "order", "icon", "level", "requires", "objectives", "pass_mark"}
_DEFAULT_PASS_MARK = 0.8
_DEFAULT_ORDER = 1000


def _language_map(value: Any, path: Path, key: str, text: str, report: Report, required: bool) -> dict[str, str]:
    line = key_line(text, key)
    if value is None:
        if required:
            report.error(path, line or 1, f"'{key}' is missing: give it per language, at least 'de: …'")
        return {}
    if not isinstance(value, dict):
        report.error(path, line, f"'{key}' must be a mapping from language to text, e.g. '  de: …'")
        return {}
    result: dict[str, str] = {}
    for language, item in value.items():
        if language not in LANGUAGES:
            report.warning(path, line, f"'{key}' has an unknown language '{language}'; known: {', '.join(LANGUAGES)}")
            continue
        if not isinstance(item, str) or not item.strip():
            report.error(path, line, f"'{key}' in '{language}' must be a text")
            continue
        result[language] = item.strip()
    if required and REFERENCE_LANGUAGE not in result:
        report.error(path, line, f"'{key}' has no German text: add '  de: …'")
    return result


def _read_course_yml(folder: Path, report: Report) -> dict[str, Any] | None:
    path = folder / "course.yml"
    if not path.is_file():
        report.error(folder, None, "course.yml is missing: every course folder needs one")
        return None
    text = read_text(path, report)
    if text is None:
        return None
    try:
        data = _yaml_load(text)
    except yaml.YAMLError as exc:
        line, message = yaml_error(exc, 1, text)
        report.error(path, line, message)
        return None
    if not isinstance(data, dict):
        report.error(path, 1, "course.yml must be a set of 'key: value' lines (title, description, …)")
        return None
    warn_cut_by_comment(text, data, path, report)
    for key in data:
        if key not in _COURSE_KEYS:
            report.warning(path, key_line(text, str(key)), f"unknown key '{key}'{practice_types.suggestion(str(key), sorted(_COURSE_KEYS))}")

    meta: dict[str, Any] = {"text": text}
    meta["titles"] = _language_map(data.get("title"), path, "title", text, report, required=True)
    german_title = meta["titles"].get(REFERENCE_LANGUAGE, "")
    if len(german_title) > LONGEST_COURSE_TITLE:
        title_line = key_line(text, "title") or 1
        line = key_line("\n".join(text.splitlines()[title_line:]), REFERENCE_LANGUAGE, title_line + 1) or title_line
        report.error(path, line, f"the German title has {len(german_title)} characters, and certificates keep at most "
                                 f"{LONGEST_COURSE_TITLE}: make it shorter")
    meta["descriptions"] = _language_map(data.get("description"), path, "description", text, report, required=True)

    order = data.get("order", _DEFAULT_ORDER)
    if not isinstance(order, int) or isinstance(order, bool):
        report.error(path, key_line(text, "order"), "'order' must be a whole number")
        order = _DEFAULT_ORDER
    meta["order"] = order

    level = data.get("level")
    if level is not None and (not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 3):
        report.error(path, key_line(text, "level"), "'level' must be 1 (first steps), 2 (basics) or 3 (advanced)")
        level = None
    meta["level"] = level

    icon = data.get("icon")
    if icon is not None and not is_file_inside(folder, icon):
        report.error(path, key_line(text, "icon"), f"the icon '{icon}' does not exist in the course folder")
        icon = None
    elif icon is not None and (problem := unservable("the icon", icon, IMAGE_TYPES)):
        report.error(path, key_line(text, "icon"), problem)
        icon = None
    meta["icon"] = icon

    requires = data.get("requires", []) or []
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        report.error(path, key_line(text, "requires"), "'requires' must be a list of course ids, e.g. [maus-und-tastatur]")
        requires = []
    meta["requires"] = tuple(requires)

    objectives: dict[str, tuple[str, ...]] = {}
    raw_objectives = data.get("objectives")
    if raw_objectives is not None:
        line = key_line(text, "objectives")
        if not isinstance(raw_objectives, dict):
            report.error(path, line, "'objectives' must map each language to a list of sentences")
        else:
            for language, items in raw_objectives.items():
                if language not in LANGUAGES:
                    report.warning(path, line, f"'objectives' has an unknown language '{language}'")
                elif not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                    report.error(path, line, f"'objectives' in '{language}' must be a list of sentences")
                else:
                    objectives[language] = tuple(i.strip() for i in items)
    meta["objectives"] = objectives

    pass_mark = data.get("pass_mark", _DEFAULT_PASS_MARK)
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, (int, float)) or not 0 < pass_mark <= 1:
        report.error(path, key_line(text, "pass_mark"), "'pass_mark' must be a share between 0 and 1, e.g. 0.8")
        pass_mark = _DEFAULT_PASS_MARK
    meta["pass_mark"] = float(pass_mark)
    return meta


def _links(folder: str | Path) -> Iterator[Path]:
    """The symbolic links below ``folder`` (not in hidden folders), without following any."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                yield Path(entry.path)
            elif entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                yield from _links(entry.path)


def _check_links(folder: Path, report: Report) -> None:
    base = os.path.realpath(folder)
    for link in _links(folder):
        target = os.path.realpath(link)
        if not Path(target).is_relative_to(base):
            report.error(link, None, f"this link leads outside the course folder (to {target}): copy what it points to into the course folder instead")
        elif not os.path.exists(link):
            report.warning(link, None, "this link leads nowhere (its file is missing, or it points to itself): remove it or fix it")


def _load_course(folder: Path, root: Path, asset_prefix: str) -> tuple[Course | None, list[Problem]]:
    report = Report(root)
    if not COURSE_ID.match(folder.name):
        report.error(folder, None, f"the folder name '{folder.name}' is not a valid course id: use lowercase letters, digits and '-'")
        return None, report.problems
    if len(folder.name) > LONGEST_ID:
        report.error(folder, None, f"the folder name '{folder.name}' is too long for a course id: use at most {LONGEST_ID} characters")
        return None, report.problems
    # First, so that a translation file that is such a link is left out below.
    _check_links(folder, report)
    meta = _read_course_yml(folder, report)

    lesson_dirs: list[tuple[int, str, Path]] = []
    for child in sorted(folder.iterdir()):
        if not child.is_dir() or child.name.startswith((".", "_")):
            continue
        match = LESSON_FOLDER.match(child.name)
        if match is None:
            report.error(child, None, f"'{child.name}' is not a lesson folder name: use two digits, '-', and a slug, e.g. '01-die-maus'")
            continue
        if len(match.group(2)) > LONGEST_ID:
            report.error(child, None, f"the slug in '{child.name}' is too long: use at most {LONGEST_ID} characters after the two digits and '-'")
            continue
        lesson_dirs.append((int(match.group(1)), match.group(2), child))
    seen_positions: dict[int, Path] = {}
    seen_slugs: dict[str, Path] = {}
    for position, slug, child in lesson_dirs:
        if position in seen_positions:
            report.error(child, None, f"position {position:02d} is used twice (also by '{seen_positions[position].name}')")
        seen_positions.setdefault(position, child)
        if slug in seen_slugs:
            report.error(child, None, f"the slug '{slug}' is used twice (also by '{seen_slugs[slug].name}')")
        seen_slugs.setdefault(slug, child)
    if not lesson_dirs:
        report.error(folder, None, "the course has no lesson folders (e.g. '01-erste-schritte/de.md')")

    lessons: list[Lesson] = []
    for position, slug, child in lesson_dirs:
        reference_path = child / f"{REFERENCE_LANGUAGE}.md"
        misnamed = _misnamed_lesson_files(child)
        for language, file in sorted(misnamed.items()):
            if language != REFERENCE_LANGUAGE or reference_path.is_file():
                report.warning(file, None, f"'{file.name}' is not read as a lesson: name it '{language}.md'")
        if not reference_path.is_file():
            near_miss = misnamed.get(REFERENCE_LANGUAGE)
            hint = f" (there is '{near_miss.name}': name it 'de.md')" if near_miss else ""
            report.error(child, None, f"de.md is missing: German is the reference language and required{hint}")
            continue
        texts: dict[str, LessonText] = {}
        for file in sorted(child.glob("*.md")):
            language = file.stem
            if file.name.startswith(".") or file in misnamed.values():
                continue
            if language not in LANGUAGES:
                report.warning(file, None, f"'{file.name}' is not a known language file; known: {', '.join(l + '.md' for l in LANGUAGES)}")
                continue
            text = read_lesson_text(file, language, folder.name, slug, folder, asset_prefix, report)
            if text is not None:
                texts[language] = text
        reference = texts.get(REFERENCE_LANGUAGE)
        if reference is None or reference_path in report.files_with_errors:
            continue
        for language, text in list(texts.items()):
            if language == REFERENCE_LANGUAGE:
                continue
            file = child / f"{language}.md"
            compare_translation(reference, text, file, report)
            if file in report.files_with_errors:
                del texts[language]
        lessons.append(Lesson(folder.name, slug, position, child.name, dict(texts)))

    broken = any(p.severity == "error" and not _is_translation(p) for p in report.problems)
    if meta is None or broken:
        return None, report.problems
    course = Course(
        id=folder.name,
        path=str(folder),
        titles=dict(meta["titles"]),
        descriptions=dict(meta["descriptions"]),
        order=meta["order"],
        icon=meta["icon"],
        level=meta["level"],
        requires=meta["requires"],
        objectives=dict(meta["objectives"]),
        pass_mark=meta["pass_mark"],
        lessons=tuple(sorted(lessons, key=lambda l: l.position)),
    )
    return course, report.problems


def _misnamed_lesson_files(folder: Path) -> dict[str, Path]:
    """By language, a file meant as that lesson file but named so that it is not read: 'en.MD', 'de.md.txt', 'en.txt'."""
    found: dict[str, Path] = {}
    for file in folder.iterdir():
        name = file.name.lower()
        for language in LANGUAGES:
            if file.name != f"{language}.md" and (name in (f"{language}.md", f"{language}.txt", f"{language}.markdown")
                                                   or name.startswith(f"{language}.md.")):
                found[language] = file
    return found


def _is_translation(problem: Problem) -> bool:
    name = PurePosixPath(problem.path).name
    return name.endswith(".md") and name != f"{REFERENCE_LANGUAGE}.md"


# Below this many lesson files, starting worker processes costs more than it saves.
PARALLEL_FROM_FILES = 600


def _course_fingerprint(folder: Path, asset_prefix: str) -> bytes:
    """A value that changes when any file or folder below ``folder`` is added, removed or saved.

    The same in every process (unlike ``hash()``), so that helper processes can compute it too.
    """
    entries: list[Any] = [asset_prefix]
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        entries.append((root, tuple(dirs)))
        for name in sorted(files):
            try:
                stat = os.stat(os.path.join(root, name))
            except OSError:  # removed since the listing, or a link that leads nowhere
                entries.append((name,))
                continue
            entries.append((name, stat.st_mtime_ns, stat.st_size))
    return hashlib.blake2b(repr(entries).encode("utf-8", "surrogateescape"), digest_size=16).digest()


def _read_course(folder: Path, root: Path, asset_prefix: str) -> LoadedCourse:
    # Taken before reading: a file saved while the course is read changes the fingerprint again.
    fingerprint = _course_fingerprint(folder, asset_prefix)
    try:
        course, problems = _load_course(folder, root, asset_prefix)
    except Exception as exc:  # a file no check foresaw must not stop the other courses, nor the site
        report = Report(root)
        report.error(folder, None, f"this course could not be read because of an unexpected error ({type(exc).__name__}: {exc}); please report it to the developers")
        course, problems = None, report.problems
    return LoadedCourse(fingerprint, course, tuple(problems))


def _load_courses(folders: list[Path], base: Path, asset_prefix: str,
                  previous: dict[str, LoadedCourse]) -> list[LoadedCourse]:
    """Read each course folder, or take it from ``previous`` when none of its files changed since.

    On a machine with several cores, large sets are read in several processes.
    """
    results = {folder: previous[str(folder)] for folder in folders if str(folder) in previous
               and previous[str(folder)].fingerprint == _course_fingerprint(folder, asset_prefix)}
    changed = [folder for folder in folders if folder not in results]
    cores = min(os.cpu_count() or 1, 8)
    files = sum(1 for folder in changed for _ in folder.glob("*/*.md")) if cores > 1 and len(changed) > 1 else 0
    if files < PARALLEL_FROM_FILES:
        results.update((folder, _read_course(folder, base, asset_prefix)) for folder in changed)
    else:
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
            # One course at a time: with bigger chunks one core sat idle at the end while the other finished.
            read = pool.map(_read_course, changed, [base] * len(changed), [asset_prefix] * len(changed), chunksize=1)
            results.update(zip(changed, read))
    return [results[folder] for folder in folders]


def load_catalogue(path: str | Path, asset_prefix: str = "/course-files", previous: Catalogue | None = None) -> Catalogue:
    """Load one course folder or a folder of courses.

    Returns every course that can be served and every problem found, with paths relative to
    ``path``'s parent for a single course and relative to ``path`` for a folder of courses.
    Asset links in lessons are rewritten to ``{asset_prefix}/{course id}/{lesson slug}/{file}``.
    With ``previous``, an earlier result for the same folder, a course none of whose files changed
    since is taken from it (with its problems) instead of being read again.
    """
    root = Path(path)
    problems: list[Problem] = []
    courses: dict[str, Course] = {}
    if not root.is_dir():
        return Catalogue({}, [Problem(str(root), None, "this folder does not exist")])
    single = (root / "course.yml").is_file()
    folders = [root] if single else sorted(
        child for child in root.iterdir() if child.is_dir() and not child.name.startswith((".", "_"))
    )
    base = root.parent if single else root
    loaded = _load_courses(folders, base, asset_prefix, previous.loaded if previous is not None else {})
    for result in loaded:
        problems.extend(result.problems)
        if result.course is not None:
            courses[result.course.id] = result.course
    if not single:
        for course in courses.values():
            for required in course.requires:
                if required not in courses:
                    problems.append(Problem(
                        f"{course.id}/course.yml", key_line((Path(course.path) / "course.yml").read_text("utf-8"), "requires"),
                        f"'requires' names '{required}', which is not a course here", "warning",
                    ))
    return Catalogue(courses, problems, {str(folder): result for folder, result in zip(folders, loaded)})
