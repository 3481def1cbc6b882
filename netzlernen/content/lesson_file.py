"""One lesson file (``de.md``, ``en.md`` …): front matter, Markdown prose, quiz and practice blocks.

Reads and checks the file and renders its prose; problems go to the course's Report with the file
and line. ``compare_translation`` checks a translation against the German reference.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import yaml

from . import practice as practice_types
from .files import (
    ASSET_TYPES, IMAGE_TYPES, LESSON_FOLDER, SOUND_TYPES, Report, inside, is_file, is_file_inside, key_line, read_text,
    unservable, warn_cut_by_comment, yaml_error,
)
from .model import REFERENCE_LANGUAGE, LessonText, Practice, Segment
from .offers import load_offers
from .quiz import parse_quiz
from .readability import MAX_LIX, MAX_SENTENCE_WORDS, measure
from .render import is_allowed_tag, render_block
from .yamlload import load as _yaml_load

_SPECIAL_FENCE = re.compile(r"^```\s*(quiz|practice)\s*$")
# A line opening a code block: backticks (with none after them: "```x```" is inline code) or tildes.
_ANY_FENCE = re.compile(r"^(`{3,}(?!.*`)|~{3,})\s*(\S*)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# Invisible direction marks that right-to-left editors put at the start of a line: they would hide '---', '```quiz',
# '? ' and '- [x]' from the checker, and the author could not see why.
_MARKS_AT_LINE_START = re.compile(r"^[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]+", re.MULTILINE)
# An HTML tag an author wrote ('<iframe ', '<u>'), and inline code, in which a tag is only shown.
_WRITTEN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s/>])")
_INLINE_CODE = re.compile(r"`+[^`]*`+")
# The address of a course or lesson page in the app.
_LESSON_ADDRESS = re.compile(r"^/courses/([^/?#]+)(?:/([^/?#]+))?/?(?:[?#].*)?$")
# The sanitizer writes every attribute as name="value", with '>' and '"' in a value escaped.
_RENDERED_TAG = re.compile(r"<(img|a)\s([^>]*)>")
_RENDERED_ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')
_HTML_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# Another site's picture: the browser does not load it (Content-Security-Policy img-src 'self' data:).
_OTHER_SITE = re.compile(r"^(?!data:)(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_LESSON_KEYS = {"title", "minutes", "audio"}
# '[maus]: bild.svg': the definition of a reference-style link or picture, which lessons do not read (render.py).
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\[\]]*)\]:[ \t]*(\S*)")


def _split_front_matter(text: str, path: Path, report: Report) -> tuple[dict[str, Any] | None, list[str], int]:
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
                line, message = yaml_error(exc, 2, front)
                report.error(path, line, message)
                return None, lines[index + 1 :], index + 2
            if not isinstance(data, dict):
                report.error(path, 2, "the front matter must be 'key: value' lines, e.g. 'title: …'")
                return None, lines[index + 1 :], index + 2
            warn_cut_by_comment(front, data, path, report, 2)
            return data, lines[index + 1 :], index + 2
    report.error(path, 1, "the front matter is not closed: add a line '---' after it")
    return None, lines, 1


def _check_references(
    rendered: list[tuple[list[tuple[int, str]], str]], lesson_prefix: str, lesson_folder: Path, path: Path,
    report: Report,
) -> None:
    """Check the pictures and files that each rendered piece of prose refers to.

    Taken from the HTML, so that every way of writing Markdown is covered: a name with spaces or '(1)',
    a title in single quotes, alt text over two lines. The line is the first one at or after the
    previous reference that names the file.
    """
    for lines, html in rendered:
        cursor = 0
        for tag, attributes in _RENDERED_TAG.findall(html) if "<img" in html or "<a " in html else ():
            values = {name: unescape(value) for name, value in _RENDERED_ATTRIBUTE.findall(attributes)}
            url = values.get("src" if tag == "img" else "href", "")
            relative = url[len(lesson_prefix):] if url.startswith(lesson_prefix) else None
            cursor = _line_naming(lines, relative or url, cursor)
            number, source = lines[cursor]
            if tag == "img" and not values.get("alt", "").strip():
                in_html = "<img" in source.lower()
                hint = 'add alt="…" saying what it shows' if in_html else "write what it shows between [ ]"
                report.error(path, number, f"the image '{relative or url}' has no alt text: {hint}")
            if relative is not None:
                what, types = ("the image", IMAGE_TYPES) if tag == "img" else ("the linked file", ASSET_TYPES)
                _check_asset(what, relative, types, lesson_folder, path, number, report)
            elif tag == "a":
                _check_lesson_link(url, lesson_folder.parent, path, number, report)
        for number, line in lines:
            # The browser would not load these, and the sanitizer drops some (e.g. 'C:/…'): only the source shows them.
            for _alt, url in _IMAGE.findall(line) if "](" in line else ():
                _warn_other_site(url, path, number, report)
            for tag in _HTML_IMAGE.findall(line) if "<" in line else ():
                src = _HTML_SRC.search(tag)
                _warn_other_site(src.group(1) if src else "", path, number, report)


def _warn_left_out(lines: list[tuple[int, str]], path: Path, report: Report) -> None:
    """Warn about what the app leaves out of the prose, so that the author knows why it is not shown: HTML tags that
    the sanitizer removes (e.g. a video), and the lines defining reference-style links and pictures."""
    fenced = False
    for number, line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        if "]:" in line and (definition := _REFERENCE_DEFINITION.match(line)):
            label, url = definition.group(1), definition.group(2) or "…"
            picture = PurePosixPath(url.split("?")[0]).suffix.lower() in IMAGE_TYPES
            inline = f"![text]({url})" if picture else f"[text]({url})"
            report.warning(path, number, f"'[{label}]: …' is a reference-style link, which lessons do not read: this "
                                         f"line is not shown and '[{label}]' stays as text; write the "
                                         f"{'picture' if picture else 'link'} where it is used, e.g. {inline}")
        if "<" not in line:
            continue
        for name in dict.fromkeys(_WRITTEN_TAG.findall(_INLINE_CODE.sub("", line))):
            if not is_allowed_tag(name):
                report.warning(path, number, f"the app leaves out the HTML tag <{name}>: lessons show text, pictures, "
                                             "links and tables, but no videos, other web pages, forms or scripts "
                                             "(link to a video instead)")


def _line_naming(lines: list[tuple[int, str]], text: str, start: int) -> int:
    """The index of the first line from ``start`` on (else from the top) that contains ``text``;
    else that of the first line with text."""
    for index in [*range(start, len(lines)), *range(start)]:
        if text and text in lines[index][1]:
            return index
    return next((index for index, (_, line) in enumerate(lines) if line.strip()), 0)


def _check_lesson_link(url: str, course_folder: Path, path: Path, number: int, report: Report) -> None:
    """Warn about a link to a lesson ('/courses/<course id>/<slug>') whose course or lesson folder does not exist."""
    match = _LESSON_ADDRESS.match(url)
    if match is None:
        return
    course_id, slug = match.groups()
    course = course_folder.parent / course_id
    if not is_file(course / "course.yml"):
        why = f"there is no course '{course_id}'"
    elif slug is not None and not any((found := LESSON_FOLDER.match(child.name)) and found.group(2) == slug
                                      and child.is_dir() for child in course.iterdir()):
        why = f"the course '{course_id}' has no lesson '{slug}'"
    else:
        return
    report.warning(path, number, f"the link '{url}' leads to no lesson: {why}")


def _warn_other_site(url: str, path: Path, number: int, report: Report) -> None:
    if _OTHER_SITE.match(url):
        report.warning(path, number, f"the image '{url}' is on another web site, and browsers do not show it here: "
                                     "save the picture in the lesson folder")


# A photo straight from a phone has several MB; on the centre's network a lesson would load for seconds.
MAX_PICTURE_BYTES = 1024 * 1024


def _check_asset(
    what: str, url: str, types: frozenset[str], lesson_folder: Path, path: Path, number: int, report: Report
) -> None:
    target = inside(lesson_folder, url)
    if target is not None and not is_file(target) and "%" in url:
        target = inside(lesson_folder, unquote(url))  # the browser asks for 'mein%20bild.svg' as 'mein bild.svg'
    if target is None:
        parts = PurePosixPath(url).parts
        lesson = LESSON_FOLDER.match(parts[1]) if len(parts) > 1 and parts[0] == ".." else None
        advice = "keep assets next to the lesson file"
        if lesson:
            advice = f"a link to another lesson is written with its address, /courses/{lesson_folder.parent.name}/{lesson.group(2)}"
        report.error(path, number, f"'{url}' points outside the lesson folder: {advice}")
    elif not is_file(target):
        report.error(path, number, f"the file '{url}' does not exist in the lesson folder")
    elif problem := unservable(what, url, types):
        report.error(path, number, problem)
    elif (size := target.stat().st_size) == 0:
        report.error(path, number, f"the file '{url}' is empty: save it again")
    elif types is IMAGE_TYPES and size > MAX_PICTURE_BYTES:
        report.warning(path, number, f"the picture '{url}' is {size / 1024 / 1024:.1f} MB, and pictures over "
                                     f"{MAX_PICTURE_BYTES // 1024 // 1024} MB make the lesson slow to load: "
                                     "save it smaller, e.g. 1600 pixels wide")


def _code_block_end(lines: list[tuple[int, str]], start: int, marks: str) -> tuple[int | None, str]:
    """The index of the line that closes the code block opened at ``start``, or None and the problem."""
    for index in range(start + 1, len(lines)):
        text = lines[index][1].strip()
        if text == marks:
            return index, ""
        special = _SPECIAL_FENCE.match(text)
        if special is not None and marks == "```":  # a ``` block cannot mean to show one: it was left open
            return None, (f"this code block is not closed before the ```{special.group(1)} block on line {lines[index][0]}: "
                          "add a line ``` where the code ends")
    return None, f"this code block is not closed, so it takes in the rest of the lesson: add a line {marks} where the code ends"


def _check_look_alike(opening: str, info: str, path: Path, number: int, report: Report) -> None:
    """A code block that the author probably meant as a quiz or practice block."""
    # Only letters count, so that '{.quiz}', 'Quiz:' and 'quizz' are caught too: shown as code, a quiz gives its
    # answers away.
    kind = re.sub(r"[^a-z]", "", info.lower())
    if kind.startswith("quiz"):
        report.error(path, number, f"'{opening}' is not read as a quiz, so learners would see the right answers: "
                                   "start the quiz with a line ```quiz (three backticks, lowercase, nothing after it)")
    elif kind.startswith("practice"):
        report.warning(path, number, f"'{opening}' is not read as a practice block and is shown as code: "
                                     "start it with a line ```practice (three backticks, lowercase, nothing after it)")


def _parse_practice(
    block: list[tuple[int, str]], line: int, index: int, course_folder: Path, path: Path, report: Report
) -> Practice | None:
    source = "\n".join(text for _, text in block)
    try:
        data = _yaml_load(source)
    except yaml.YAMLError as exc:
        where, message = yaml_error(exc, line + 1, source)
        report.error(path, where, message)
        return None
    found = practice_types.validate(data)
    for message, key in found:
        found_line = key_line(source, key, line + 1) if key else None
        report.error(path, found_line or line, message)
    if found:
        return None
    assert isinstance(data, dict)
    options = {k: v for k, v in data.items() if k != "type"}
    offers_name = data.get("offers")
    if offers_name is not None:
        offers_path = course_folder / str(offers_name)
        where = key_line(source, "offers", line + 1)
        if not offers_path.is_file():
            report.error(path, where, f"the offers file '{offers_name}' does not exist in the course folder")
            return None
        source = read_text(offers_path, report)
        offers, offer_problems = load_offers(source) if source is not None else ((), [])
        for offer_line, message in offer_problems:
            report.error(offers_path, offer_line, message)
        if source is None or offer_problems:
            report.error(path, where, f"the offers file '{offers_name}' has problems (see above)")
            return None
        options["offers"] = offers
    return Practice(type=str(data["type"]), options=dict(options), line=line, index=index)


# Python-Markdown's time grows with the square of the '[' in one paragraph: 8,000 take over six
# seconds, and a reload runs inside a learner's request. Real paragraphs have a handful.
MAX_BRACKETS_PER_PARAGRAPH = 200


def _brackets_fit(body: list[str], first: int, path: Path, report: Report) -> bool:
    """Whether no paragraph of prose has too many '['; quiz and other fenced blocks are not prose."""
    count, start, fenced = 0, first, False
    for number, line in enumerate([*body, ""], start=first):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        if line.strip():
            count += line.count("[")
            continue
        if count > MAX_BRACKETS_PER_PARAGRAPH:
            report.error(path, start, f"this paragraph has {count} '[' (links and pictures): at most "
                                      f"{MAX_BRACKETS_PER_PARAGRAPH} fit into one paragraph; split it up")
            return False
        count, start = 0, number + 1
    return True


def read_lesson_text(
    path: Path, language: str, course_id: str, slug: str, course_folder: Path,
    asset_prefix: str, report: Report,
) -> LessonText | None:
    text = read_text(path, report)
    if text is None:
        return None
    text = _MARKS_AT_LINE_START.sub("", text)
    front, body, first = _split_front_matter(text, path, report)
    if front is None:
        return None
    if not _brackets_fit(body, first, path, report):
        return None
    for key in front:
        if key not in _LESSON_KEYS:
            report.warning(path, key_line(text, str(key)), f"unknown front matter key '{key}'{practice_types.suggestion(str(key), sorted(_LESSON_KEYS))}")
    title = front.get("title")
    if title is not None and not isinstance(title, str):
        report.error(path, key_line(text, "title"), "'title' must be text (YAML reads numbers, dates and words like "
                                                    "Yes or No as something else): put it in quotes, e.g. title: \"42\"")
        return None
    if not isinstance(title, str) or not title.strip():
        report.error(path, 1, "the front matter has no 'title': add 'title: …' between the '---' lines")
        return None
    minutes = front.get("minutes")
    if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 120):
        report.error(path, key_line(text, "minutes"), "'minutes' must be a whole number from 1 to 120")
        minutes = None
    lesson_folder = path.parent
    audio = front.get("audio")
    if audio is not None and not is_file_inside(lesson_folder, audio):
        report.error(path, key_line(text, "audio"), f"the audio file '{audio}' does not exist in the lesson folder")
        audio = None
    elif audio is not None and (problem := unservable("the audio file", audio, SOUND_TYPES)):
        report.error(path, key_line(text, "audio"), problem)
        audio = None

    def rewrite(url: str) -> str:
        return f"{asset_prefix}/{course_id}/{slug}/{url}"

    segments: list[Segment] = []
    prose: list[tuple[int, str]] = []
    rendered: list[tuple[list[tuple[int, str]], str]] = []
    numbered = list(enumerate(body, start=first))
    position = 0
    practice_index = 0
    quiz_seen = False

    def flush() -> None:
        if any(t.strip() for _, t in prose):
            html = render_block("\n".join(t for _, t in prose), rewrite)
            segments.append(Segment("html", html=html))
            rendered.append((list(prose), html))
        prose.clear()

    while position < len(numbered):
        number, line = numbered[position]
        special = _SPECIAL_FENCE.match(line.strip())
        fence = _ANY_FENCE.match(line.strip()) if special is None else None
        if fence is not None:
            _check_look_alike(line.strip(), fence.group(2), path, number, report)
            end, unclosed = _code_block_end(numbered, position, fence.group(1))
            if end is None:
                report.error(path, number, unclosed)
                return None
            prose.extend(numbered[position : end + 1])
            position = end + 1
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
            quiz, quiz_problems, quiz_warnings = parse_quiz(block, number)
            for where, message in quiz_problems:
                report.error(path, where, message)
            for where, message in quiz_warnings:
                report.warning(path, where, message)
            segments.append(Segment("quiz", quiz=quiz))
        else:
            exercise = _parse_practice(block, number, practice_index, course_folder, path, report)
            practice_index += 1
            if exercise is not None:
                segments.append(Segment("practice", practice=exercise))
    flush()
    _check_references(rendered, rewrite(""), lesson_folder, path, report)
    for lines, _html in rendered:
        _warn_left_out(lines, path, report)

    if language == REFERENCE_LANGUAGE:
        result = measure("\n".join(body), first)
        for sentence in result.long_sentences:
            report.warning(path, sentence.line, f"this sentence has {sentence.words} words; Einfache Sprache keeps sentences to {MAX_SENTENCE_WORDS} words at most")
        if result.lix > MAX_LIX:
            report.warning(path, None, f"the LIX readability index is {result.lix:.0f}, above {MAX_LIX:.0f}: use shorter sentences and shorter words")
    return LessonText(language, title.strip(), minutes, tuple(segments), audio)


def compare_translation(reference: LessonText, translation: LessonText, path: Path, report: Report) -> None:
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
