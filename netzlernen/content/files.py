"""Reading the files of a course pack: text, YAML errors with their line, paths that must stay inside
a folder, and the Report that collects the problems found in one course."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from collections.abc import Iterator
from pathlib import Path, PurePath, PurePosixPath

import yaml

from .model import Problem

IMAGE_TYPES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"})
SOUND_TYPES = frozenset({".mp3", ".ogg", ".m4a", ".wav"})
# The file types the app serves from a course folder; it sends no other file.
ASSET_TYPES = IMAGE_TYPES | SOUND_TYPES | {".pdf", ".txt"}
# A lesson folder's name: its position, '-', and its slug ('02-ein-konto-anlegen').
LESSON_FOLDER = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")


def is_servable(relative: PurePath, types: frozenset[str] = ASSET_TYPES) -> bool:
    """Whether the app serves the file at ``relative`` (to its lesson or course folder): an asset type,
    not hidden, and not in a hidden or '_' folder (the loader ignores those, so the course does not use them)."""
    parts = relative.parts
    return (relative.suffix.lower() in types and not any(part.startswith(".") for part in parts)
            and not any(part.startswith("_") for part in parts[:-1]))


def unservable(what: str, name: str, types: frozenset[str]) -> str | None:
    """Why the app would not serve ``name`` (a path checked with ``inside``) as ``what``; None if it would."""
    relative = PurePosixPath(name.split("#")[0].split("?")[0])
    if relative.suffix.lower() not in types:
        return f"{what} '{name}' is not of a type the app serves here: use {', '.join(sorted(types))}"
    if not is_servable(relative, types):
        return f"{what} '{name}' is hidden or in a '_' folder, and the app does not serve those"
    return None


@dataclass
class Report:
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


def read_text(path: Path, report: Report) -> str | None:
    try:
        data = _read_ordinary_file(path)
    except OSError as exc:
        report.error(path, None, f"the app cannot read this file ({exc.strerror or exc}): check that it is an ordinary file the app may read")
        return None
    try:
        # Some editors start a UTF-8 file with a byte order mark: not part of the text.
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(path, line, "this file is not UTF-8 text: save it with the encoding UTF-8")
        return None



def _read_ordinary_file(path: Path) -> bytes:
    # Opened without waiting: reading a named pipe (FIFO) would block the reload, and with it a request.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not an ordinary file")
        return handle.read()

_NOT_FITTING = ("this line does not fit the lines above: keys at the same level start in the same column, and a text "
                "that starts with [, {, \" or ' must be in quotes as a whole, e.g. title: \"[Neu] Die E-Mail\"")
# The YAML reader's words for the mistakes authors make most, in plain words (libyaml's and PyYAML's wording).
_PLAIN_YAML_PROBLEMS = (
    ("mapping values are not allowed", "this line has a ':' where none may be: a text with ': ' in it must be in quotes, "
                                       "e.g. title: \"E-Mail: die Adresse\"; or the line is indented too far"),
    ("tab character", "indent with spaces, not with a tab"),
    ("cannot start any token", "a line starts with a tab, or a text starts with @, ` or %: "
                               "indent with spaces, not with a tab, and put such a text in quotes"),
    ("could not find expected ':'", "a ':' is missing: write 'key: value'"),
    ("alphabetic or numeric character", "a text that starts with * or & must be in quotes, e.g. title: \"*Neu* E-Mail\""),
    ("expected key", _NOT_FITTING),
    ("expected <block end>", _NOT_FITTING),
    ("end of stream", "a quote is not closed: end the text with the same quote it starts with"),
    ("control characters are not allowed", "this line has an invisible control character (often copied from Word or "
                                           "a PDF): delete the text and type it again"),
)


def yaml_error(exc: yaml.YAMLError, first_line: int, text: str) -> tuple[int | None, str]:
    """The line (``text`` starts on ``first_line``) and a plain message for a YAML error."""
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0] or "the YAML cannot be read"
    mark = getattr(exc, "problem_mark", None)
    if "expected ':'" in problem or "end of stream" in problem:
        # The reader notices these on a later line; the mistake is where the key or the quote starts.
        mark = getattr(exc, "context_mark", None) or mark
    line = mark.line + first_line if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML refuses has no mark, only a position (in bytes with libyaml, else in characters):
        # the first one in the text is where the reader stopped.
        refused = exc.character if isinstance(exc.character, str) else chr(exc.character)
        if (index := text.find(refused)) >= 0:
            line = text.count("\n", 0, index) + first_line
    if duplicate := re.fullmatch(r"found duplicate key '(.*)'", problem):
        return line, (f"YAML error: '{duplicate.group(1)}' is written twice at the same level, and only the last one "
                      "would count: put everything under the first one")
    for words, plain in _PLAIN_YAML_PROBLEMS:
        if words in problem:
            return line, f"YAML error: {plain}"
    return line, f"YAML error: {problem} (check indentation, colons and quotes)"


# A line whose text value is followed by ' #': YAML reads the rest as a comment ('title: Lektion #2' gives 'Lektion').
_CUT_BY_COMMENT = re.compile(r"""^\s*((?:-\s+)?(?:[\w.-]+\s*:\s+)?(?:-\s+)?)([^\s"'#|>\[{&*!%@`].*?)\s+(#.*?)\s*$""")


def _texts(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _texts(value)


def warn_cut_by_comment(text: str, data: object, path: Path, report: Report, first_line: int = 1) -> None:
    """Warn about each text in ``data`` (read from the YAML ``text``) that ' #' cut short."""
    if " #" not in text:  # the usual case: no line to look at
        return
    texts: set[str] | None = None
    for offset, line in enumerate(text.split("\n")):
        if " #" not in line or (match := _CUT_BY_COMMENT.match(line)) is None:
            continue
        if texts is None:
            texts = set(_texts(data))
        prefix, value, comment = match.groups()
        # Only a text that was read without its '#…': not a number, and not a line inside a longer text;
        # and only '#2', '#Hashtag': '# a note' (with a space) is how a comment is written on purpose.
        if comment[1:2].strip() and value in texts and not any(comment in found for found in texts):
            report.warning(path, first_line + offset,
                           f"YAML reads ' #' and what follows as a comment, so this text is only '{value}': "
                           f"put the whole text in quotes, e.g. {prefix}\"{value} {comment}\"")


def key_line(text: str, key: str, first_line: int = 1) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    for offset, line in enumerate(text.splitlines()):
        if pattern.match(line):
            return first_line + offset
    return None


def inside(base: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``base``, or None if it would leave ``base``."""
    parts = PurePosixPath(relative.split("#")[0].split("?")[0]).parts
    if not parts or ".." in parts or relative.startswith("/") or "\\" in relative:
        return None
    target = base.joinpath(*parts)
    # A link inside the course folder could still point elsewhere: only then is resolving worth it.
    # realpath, unlike Path.resolve, does not raise on a link that points to itself.
    try:
        # The file and each folder between ``base`` and it (none for a file next to the lesson: one lstat).
        linked = target.is_symlink() or any(base.joinpath(*parts[:depth]).is_symlink() for depth in range(1, len(parts)))
    except (OSError, ValueError):  # a name the system refuses (e.g. too long): no file there, and no link either
        return target
    if linked and not Path(os.path.realpath(target)).is_relative_to(os.path.realpath(base)):
        return None
    return target


def is_file(path: Path) -> bool:
    """``path.is_file()``, but False, not an exception, for a name the system refuses (e.g. over 255 bytes long)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_file_inside(base: Path, name: object) -> bool:
    """Whether ``name`` (from YAML, so perhaps not even a text) names a file inside ``base``."""
    target = inside(base, name) if isinstance(name, str) else None
    return target is not None and is_file(target)
