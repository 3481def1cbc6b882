"""Load a folder of course packs: the one entry point for the app, the checker CLI and the tests.

Scope of an error: a problem in ``course.yml``, in the folder structure or in ``de.md`` leaves the
whole course out; a problem in a translation (``en.md`` …) leaves out only that translation, and
the learner gets the German lesson instead. Warnings never leave anything out.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .yamlload import load as _yaml_load

from . import practice as practice_types
from .model import (
    LANGUAGES,
    REFERENCE_LANGUAGE,
    Catalogue,
    Course,
    LoadedCourse,
    Lesson,
    LessonText,
    Practice,
    Problem,
    Segment,
)
from .offers import load_offers
from .quiz import parse_quiz
from .readability import MAX_LIX, MAX_SENTENCE_WORDS, measure
from .render import is_relative, render_block

COURSE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_FOLDER = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")
_SPECIAL_FENCE = re.compile(r"^```\s*(quiz|practice)\s*$")
_ANY_FENCE = re.compile(r"^(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_SRC = re.compile(r"""<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_COURSE_KEYS = {"title", "description", "order", "icon", "level", "requires", "objectives", "pass_mark"}
_LESSON_KEYS = {"title", "minutes", "audio"}
_DEFAULT_PASS_MARK = 0.8
_DEFAULT_ORDER = 1000


@dataclass
class _Report:
    """Problems found while loading one course, with a flag per file for errors."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    files_with_errors: set[Path] = field(default_factory=set)

    def _where(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def error(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(self._where(path), line, message, "error"))
        self.files_with_errors.add(path)

    def warning(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(self._where(path), line, message, "warning"))


def _read_text(path: Path, report: _Report) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(path, line, "this file is not UTF-8 text: save it with the encoding UTF-8")
        return None


def _yaml_error(exc: yaml.YAMLError, first_line: int) -> tuple[int | None, str]:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + first_line if mark is not None else None
    problem = getattr(exc, "problem", None) or "the YAML cannot be read"
    return line, f"YAML error: {problem} (check indentation, colons and quotes)"


def _key_line(text: str, key: str, first_line: int = 1) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    for offset, line in enumerate(text.splitlines()):
        if pattern.match(line):
            return first_line + offset
    return None


def _inside(base: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``base``, or None if it would leave ``base``."""
    parts = PurePosixPath(relative.split("#")[0].split("?")[0]).parts
    if not parts or ".." in parts or relative.startswith("/") or "\\" in relative:
        return None
    target = base.joinpath(*parts)
    # A link inside the course folder could still point elsewhere: only then is resolving worth it.
    if target.is_symlink() or any(p.is_symlink() for p in target.parents if p != base and base in p.parents):
        try:
            target.resolve().relative_to(base.resolve())
        except ValueError:
            return None
    return target


def _language_map(value: Any, path: Path, key: str, text: str, report: _Report, required: bool) -> dict[str, str]:
    line = _key_line(text, key)
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


def _read_course_yml(folder: Path, report: _Report) -> dict[str, Any] | None:
    path = folder / "course.yml"
    if not path.is_file():
        report.error(folder, None, "course.yml is missing: every course folder needs one")
        return None
    text = _read_text(path, report)
    if text is None:
        return None
    try:
        data = _yaml_load(text)
    except yaml.YAMLError as exc:
        line, message = _yaml_error(exc, 1)
        report.error(path, line, message)
        return None
    if not isinstance(data, dict):
        report.error(path, 1, "course.yml must be a set of 'key: value' lines (title, description, …)")
        return None
    for key in data:
        if key not in _COURSE_KEYS:
            report.warning(path, _key_line(text, str(key)), f"unknown key '{key}'{practice_types.suggestion(str(key), sorted(_COURSE_KEYS))}")

    meta: dict[str, Any] = {"text": text}
    meta["titles"] = _language_map(data.get("title"), path, "title", text, report, required=True)
    meta["descriptions"] = _language_map(data.get("description"), path, "description", text, report, required=True)

    order = data.get("order", _DEFAULT_ORDER)
    if not isinstance(order, int) or isinstance(order, bool):
        report.error(path, _key_line(text, "order"), "'order' must be a whole number")
        order = _DEFAULT_ORDER
    meta["order"] = order

    level = data.get("level")
    if level is not None and (not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 3):
        report.error(path, _key_line(text, "level"), "'level' must be 1 (first steps), 2 (basics) or 3 (advanced)")
        level = None
    meta["level"] = level

    icon = data.get("icon")
    if icon is not None:
        target = _inside(folder, str(icon)) if isinstance(icon, str) else None
        if target is None or not target.is_file():
            report.error(path, _key_line(text, "icon"), f"the icon '{icon}' does not exist in the course folder")
            icon = None
    meta["icon"] = icon

    requires = data.get("requires", []) or []
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        report.error(path, _key_line(text, "requires"), "'requires' must be a list of course ids, e.g. [maus-und-tastatur]")
        requires = []
    meta["requires"] = tuple(requires)

    objectives: dict[str, tuple[str, ...]] = {}
    raw_objectives = data.get("objectives")
    if raw_objectives is not None:
        line = _key_line(text, "objectives")
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
        report.error(path, _key_line(text, "pass_mark"), "'pass_mark' must be a share between 0 and 1, e.g. 0.8")
        pass_mark = _DEFAULT_PASS_MARK
    meta["pass_mark"] = float(pass_mark)
    return meta


def _split_front_matter(text: str, path: Path, report: _Report) -> tuple[dict[str, Any] | None, list[str], int]:
    """Return the front matter, the body lines and the line number the body starts on."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.error(path, 1, "the lesson must start with front matter: a line '---', 'title: …', and '---' again")
        return None, lines, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = "\n".join(lines[1:index])
            try:
                data = _yaml_load(front) or {}
            except yaml.YAMLError as exc:
                line, message = _yaml_error(exc, 2)
                report.error(path, line, message)
                return None, lines[index + 1 :], index + 2
            if not isinstance(data, dict):
                report.error(path, 2, "the front matter must be 'key: value' lines, e.g. 'title: …'")
                return None, lines[index + 1 :], index + 2
            return data, lines[index + 1 :], index + 2
    report.error(path, 1, "the front matter is not closed: add a line '---' after it")
    return None, lines, 1


def _check_references(
    prose: list[tuple[int, str]], lesson_folder: Path, path: Path, report: _Report
) -> None:
    for number, line in prose:
        if "](" in line:  # every Markdown image and link has it
            for alt, url in _IMAGE.findall(line):
                if not alt.strip():
                    report.error(path, number, f"the image '{url}' has no alt text: write what it shows between [ ]")
                _check_asset(url, lesson_folder, path, number, report)
            for url in _LINK.findall(line):
                _check_asset(url, lesson_folder, path, number, report)
        if "<" in line:
            for url in _HTML_SRC.findall(line):
                _check_asset(url, lesson_folder, path, number, report)


def _check_asset(url: str, lesson_folder: Path, path: Path, number: int, report: _Report) -> None:
    if not is_relative(url):
        return
    target = _inside(lesson_folder, url)
    if target is None:
        report.error(path, number, f"'{url}' points outside the lesson folder: keep assets next to the lesson file")
    elif not target.is_file():
        report.error(path, number, f"the file '{url}' does not exist in the lesson folder")


def _parse_practice(
    block: list[tuple[int, str]], line: int, index: int, course_folder: Path, path: Path, report: _Report
) -> Practice | None:
    source = "\n".join(text for _, text in block)
    try:
        data = _yaml_load(source)
    except yaml.YAMLError as exc:
        where, message = _yaml_error(exc, line + 1)
        report.error(path, where, message)
        return None
    found = practice_types.validate(data)
    for message, key in found:
        key_line = _key_line(source, key, line + 1) if key else None
        report.error(path, key_line or line, message)
    if found:
        return None
    assert isinstance(data, dict)
    options = {k: v for k, v in data.items() if k != "type"}
    offers_name = data.get("offers")
    if offers_name is not None:
        offers_path = course_folder / str(offers_name)
        where = _key_line(source, "offers", line + 1)
        if not offers_path.is_file():
            report.error(path, where, f"the offers file '{offers_name}' does not exist in the course folder")
            return None
        offers, offer_problems = load_offers(offers_path)
        for offer_line, message in offer_problems:
            report.error(offers_path, offer_line, message)
        if offer_problems:
            report.error(path, where, f"the offers file '{offers_name}' has problems (see above)")
            return None
        options["offers"] = offers
    return Practice(type=str(data["type"]), options=dict(options), line=line, index=index)


def _read_lesson_text(
    path: Path, language: str, course_id: str, slug: str, course_folder: Path,
    asset_prefix: str, report: _Report,
) -> LessonText | None:
    text = _read_text(path, report)
    if text is None:
        return None
    front, body, first = _split_front_matter(text, path, report)
    if front is None:
        return None
    for key in front:
        if key not in _LESSON_KEYS:
            report.warning(path, _key_line(text, str(key)), f"unknown front matter key '{key}'{practice_types.suggestion(str(key), sorted(_LESSON_KEYS))}")
    title = front.get("title")
    if not isinstance(title, str) or not title.strip():
        report.error(path, 1, "the front matter has no 'title': add 'title: …' between the '---' lines")
        return None
    minutes = front.get("minutes")
    if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 120):
        report.error(path, _key_line(text, "minutes"), "'minutes' must be a whole number from 1 to 120")
        minutes = None
    lesson_folder = path.parent
    audio = front.get("audio")
    if audio is not None:
        target = _inside(lesson_folder, str(audio)) if isinstance(audio, str) else None
        if target is None or not target.is_file():
            report.error(path, _key_line(text, "audio"), f"the audio file '{audio}' does not exist in the lesson folder")
            audio = None

    def rewrite(url: str) -> str:
        return f"{asset_prefix}/{course_id}/{slug}/{url}"

    segments: list[Segment] = []
    prose: list[tuple[int, str]] = []
    all_prose: list[tuple[int, str]] = []
    numbered = list(enumerate(body, start=first))
    position = 0
    practice_index = 0
    quiz_seen = False

    def flush() -> None:
        if any(t.strip() for _, t in prose):
            segments.append(Segment("html", html=render_block("\n".join(t for _, t in prose), rewrite)))
        all_prose.extend(prose)
        prose.clear()

    while position < len(numbered):
        number, line = numbered[position]
        special = _SPECIAL_FENCE.match(line.strip())
        if special is None and _ANY_FENCE.match(line.strip()):
            fence = line.strip()[:3]
            prose.append((number, line))
            position += 1
            while position < len(numbered):
                prose.append(numbered[position])
                position += 1
                if numbered[position - 1][1].strip().startswith(fence):
                    break
            continue
        if special is None:
            prose.append((number, line))
            position += 1
            continue
        flush()
        kind = special.group(1)
        block: list[tuple[int, str]] = []
        position += 1
        closed = False
        while position < len(numbered):
            if numbered[position][1].strip() == "```":
                closed = True
                position += 1
                break
            block.append(numbered[position])
            position += 1
        if not closed:
            report.error(path, number, f"the ```{kind} block is not closed: add a line ``` after it")
            return None
        if kind == "quiz":
            if quiz_seen:
                report.error(path, number, "a lesson has one quiz block: put all questions into the first one")
                continue
            quiz_seen = True
            quiz, quiz_problems = parse_quiz(block, number)
            for where, message in quiz_problems:
                report.error(path, where, message)
            segments.append(Segment("quiz", quiz=quiz))
        else:
            exercise = _parse_practice(block, number, practice_index, course_folder, path, report)
            practice_index += 1
            if exercise is not None:
                segments.append(Segment("practice", practice=exercise))
    flush()
    _check_references(all_prose, lesson_folder, path, report)

    if language == REFERENCE_LANGUAGE:
        result = measure("\n".join(body), first)
        for sentence in result.long_sentences:
            report.warning(path, sentence.line, f"this sentence has {sentence.words} words; Einfache Sprache keeps sentences to {MAX_SENTENCE_WORDS} words at most")
        if result.lix > MAX_LIX:
            report.warning(path, None, f"the LIX readability index is {result.lix:.0f}, above {MAX_LIX:.0f}: use shorter sentences and shorter words")
    return LessonText(language, title.strip(), minutes, tuple(segments), audio)


def _compare_translation(reference: LessonText, translation: LessonText, path: Path, report: _Report) -> None:
    ref_quiz, quiz = reference.quiz, translation.quiz
    if (ref_quiz is None) != (quiz is None):
        report.error(path, 1, "the German lesson has a quiz and this translation has not, or the other way round")
    elif ref_quiz is not None and quiz is not None:
        if len(ref_quiz.questions) != len(quiz.questions):
            report.error(path, quiz.line, f"this quiz has {len(quiz.questions)} questions, the German one {len(ref_quiz.questions)}")
        else:
            for number, (ref_q, q) in enumerate(zip(ref_quiz.questions, quiz.questions), start=1):
                if len(ref_q.options_html) != len(q.options_html):
                    report.error(path, q.line, f"question {number} has {len(q.options_html)} options, in German {len(ref_q.options_html)}")
                elif ref_q.correct != q.correct:
                    report.error(path, q.line, f"question {number} marks other answers as right than the German one")
    ref_types = [p.type for p in reference.practices]
    types = [p.type for p in translation.practices]
    if ref_types != types:
        report.error(path, 1, f"the practice blocks differ from the German lesson ({', '.join(types) or 'none'} instead of {', '.join(ref_types) or 'none'})")


def _load_course(folder: Path, root: Path, asset_prefix: str) -> tuple[Course | None, list[Problem]]:
    report = _Report(root)
    if not COURSE_ID.match(folder.name):
        report.error(folder, None, f"the folder name '{folder.name}' is not a valid course id: use lowercase letters, digits and '-'")
        return None, report.problems
    meta = _read_course_yml(folder, report)

    lesson_dirs: list[tuple[int, str, Path]] = []
    for child in sorted(folder.iterdir()):
        if not child.is_dir() or child.name.startswith((".", "_")):
            continue
        match = LESSON_FOLDER.match(child.name)
        if match is None:
            report.error(child, None, f"'{child.name}' is not a lesson folder name: use two digits, '-', and a slug, e.g. '01-die-maus'")
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
        if not reference_path.is_file():
            report.error(child, None, "de.md is missing: German is the reference language and required")
            continue
        texts: dict[str, LessonText] = {}
        for file in sorted(child.glob("*.md")):
            language = file.stem
            if language not in LANGUAGES:
                report.warning(file, None, f"'{file.name}' is not a known language file; known: {', '.join(l + '.md' for l in LANGUAGES)}")
                continue
            text = _read_lesson_text(file, language, folder.name, slug, folder, asset_prefix, report)
            if text is not None:
                texts[language] = text
        reference = texts.get(REFERENCE_LANGUAGE)
        if reference is None or reference_path in report.files_with_errors:
            continue
        for language, text in list(texts.items()):
            if language == REFERENCE_LANGUAGE:
                continue
            file = child / f"{language}.md"
            _compare_translation(reference, text, file, report)
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
            except FileNotFoundError:
                continue
            entries.append((name, stat.st_mtime_ns, stat.st_size))
    return hashlib.blake2b(repr(entries).encode("utf-8", "surrogateescape"), digest_size=16).digest()


def _read_course(folder: Path, root: Path, asset_prefix: str) -> LoadedCourse:
    # Taken before reading: a file saved while the course is read changes the fingerprint again.
    fingerprint = _course_fingerprint(folder, asset_prefix)
    course, problems = _load_course(folder, root, asset_prefix)
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
                        f"{course.id}/course.yml", _key_line((Path(course.path) / "course.yml").read_text("utf-8"), "requires"),
                        f"'requires' names '{required}', which is not a course here", "warning",
                    ))
    return Catalogue(courses, problems, {str(folder): result for folder, result in zip(folders, loaded)})
