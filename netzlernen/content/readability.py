"""Readability of German lesson text ("Einfache Sprache").

Two measures, both reported by the course checker as warnings for ``de.md``:

* a sentence with more than ``MAX_SENTENCE_WORDS`` words;
* a lesson whose LIX index (Björnsson) is above ``MAX_LIX``.

LIX = words / sentences + 100 * long words / words, where a long word has more
than six letters. What is counted: the lesson's prose after the front matter,
without fenced blocks (quiz, practice, code), images and link targets. A
sentence ends at ``.``, ``!``, ``?`` or ``:`` followed by a space or the end of
a line, and at the end of a heading, a list item, a table row or a paragraph.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

MAX_SENTENCE_WORDS = 15
MAX_LIX = 40.0

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:](?=\s|$)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_BLOCK_START = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|>\s?|\|)")


@dataclass(frozen=True)
class LongSentence:
    line: int
    words: int
    text: str


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    long_words: int
    long_sentences: tuple[LongSentence, ...]

    @property
    def lix(self) -> float:
        if not self.words or not self.sentences:
            return 0.0
        return self.words / self.sentences + 100.0 * self.long_words / self.words


def _letters(word: str) -> int:
    # Words are letters and digits joined by - ' ’; digits are rare enough to count as letters.
    return len(word) - word.count("-") - word.count("'") - word.count("’")


def prose_lines(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Return (line number, text) for the prose lines of a Markdown body."""
    lines: list[tuple[int, str]] = []
    fence: str | None = None
    for offset, raw in enumerate(body.splitlines()):
        stripped = raw.strip()
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith("```") or stripped.startswith("~~~"):
            fence = stripped[:3]
            continue
        lines.append((first_line + offset, raw))
    return lines


def measure(body: str, first_line: int = 1) -> Readability:
    """Measure the prose of a Markdown body whose first line is ``first_line``."""
    words = long_words = sentences = 0
    long_found: list[LongSentence] = []
    current: list[str] = []
    start_line = first_line

    def close() -> None:
        nonlocal sentences, current
        if current:
            sentences += 1
            if len(current) > MAX_SENTENCE_WORDS:
                long_found.append(LongSentence(start_line, len(current), " ".join(current)))
        current = []

    for number, raw in prose_lines(body, first_line):
        if not raw.strip():
            close()
            continue
        if _BLOCK_START.match(raw):
            close()
        text = raw
        if "](" in text:
            text = _LINK.sub(r"\1", _IMAGE.sub(" ", text))
        if "<" in text:
            text = _HTML_TAG.sub(" ", text)
        pos = 0
        pieces: list[tuple[str, bool]] = []
        for match in _SENTENCE_END.finditer(text):
            pieces.append((text[pos : match.end()], True))
            pos = match.end()
        pieces.append((text[pos:], False))
        for piece, ends in pieces:
            found = _WORD.findall(piece)
            if found:
                if not current:
                    start_line = number
                current.extend(found)
                words += len(found)
                long_words += sum(1 for word in found if len(word) > 6 and _letters(word) > 6)
            if ends:
                close()
        if text.rstrip().endswith("|"):
            close()
    close()
    return Readability(words, sentences, long_words, tuple(long_found))


def split_front_matter_text(text: str) -> tuple[str, int]:
    """Return the body after a ``---`` front matter and the line number it starts on."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return "\n".join(lines[index + 1 :]), index + 2
    return text, 1


def main(argv: list[str]) -> int:
    """Print the figures for each file: ``python -m netzlernen.content.readability de.md``."""
    status = 0
    for path in argv:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            print(f"{path}: the file cannot be read ({exc.strerror or exc})")
            status = 1
            continue
        try:
            # As the course checker reads it: a byte order mark at the start is not part of the text.
            text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
        except UnicodeDecodeError:
            print(f"{path}: this file is not UTF-8 text: save it with the encoding UTF-8")
            status = 1
            continue
        body, first = split_front_matter_text(text)
        result = measure(body, first)
        flag = "" if result.lix <= MAX_LIX else "  (above %s)" % MAX_LIX
        print(f"{path}: LIX {result.lix:.1f}{flag}, {result.words} words, {result.sentences} sentences")
        for sentence in result.long_sentences:
            print(f"  line {sentence.line}: {sentence.words} words: {sentence.text}")
        if result.long_sentences or result.lix > MAX_LIX:
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
