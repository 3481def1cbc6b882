"""Markdown to sanitized HTML, done once when a course is loaded."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from typing import Callable

import markdown
import nh3

_BLOCK_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "br", "hr", "kbd", "abbr", "a", "img",
    "figure", "figcaption", "dl", "dt", "dd", "sup", "sub", "mark", "small", "span",
}
_INLINE_TAGS = {"strong", "em", "b", "i", "code", "kbd", "abbr", "br", "mark", "small", "sub", "sup", "span"}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"scope"},
    "td": {"colspan", "rowspan"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_HEADING = re.compile(r"<(/?)h([1-5])(\s|>)")
_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]

AssetRewriter = Callable[[str], str]


def _demote_headings(html: str) -> str:
    # The page's own h1 is the lesson title, so a lesson's '#' becomes h2, '##' h3 and so on.
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}{m.group(3)}", html)


def is_allowed_tag(name: str) -> bool:
    """Whether the sanitizer keeps the HTML tag ``name`` in a lesson (an h1 becomes an h2 first)."""
    return name.lower() in _BLOCK_TAGS or name.lower() == "h1"


def is_relative(url: str) -> bool:
    return bool(url) and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) and not url.startswith(("/", "#"))


def sanitize(html: str, rewrite_asset: AssetRewriter | None = None, tags: set[str] = _BLOCK_TAGS) -> str:
    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if rewrite_asset is not None and attribute in ("src", "href") and is_relative(value):
            return rewrite_asset(value)
        return value

    return nh3.clean(
        html,
        tags=tags,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=attribute_filter,
    )


# Building a Markdown parser costs more than using one, so loading keeps one of each and resets it.
# Courses are loaded at start-up by one thread; these are not shared between threads.
_BLOCK_PARSER = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
_INLINE_PARSER = markdown.Markdown(output_format="html")
# Reference-style links and bare e-mail links are not part of the course format; leaving their
# patterns out makes loading faster.
for _parser in (_BLOCK_PARSER, _INLINE_PARSER):
    for _name in ("reference", "image_reference", "short_reference", "short_image_ref", "automail"):
        if _name in _parser.inlinePatterns:
            _parser.inlinePatterns.deregister(_name)
    # The inline step looks its patterns up by position for every piece of text, and the registry's
    # lookup is slow; a plain list of the same patterns in the same order gives the same HTML (as
    # checked on every shipped and test lesson) and saves about a tenth of the rendering time.
    _parser.treeprocessors["inline"].inlinePatterns = list(_parser.inlinePatterns)
_MARKUP = re.compile(r"[*_`\[\]<>&\\!#|~]")


def render_block(source: str, rewrite_asset: AssetRewriter | None = None) -> str:
    """Render Markdown prose and sanitize it against the allow-list."""
    html = _BLOCK_PARSER.reset().convert(source)
    return sanitize(_demote_headings(html), rewrite_asset)


def render_inline(source: str) -> str:
    """Render one line of Markdown (a quiz question or option) without the surrounding <p>."""
    if not _MARKUP.search(source):
        return escape(source.strip(), quote=False)
    html = _INLINE_PARSER.reset().convert(source).strip()
    if html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    return sanitize(html, tags=_INLINE_TAGS)


class _BlockSplitter(HTMLParser):
    _VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.starts: list[int] = []
        self.ends: list[int] = []
        self._offsets: list[int] = []

    def _position(self) -> int:
        line, column = self.getpos()
        return self._offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            if self.depth == 0:
                self.starts.append(self._position())
                self.ends.append(self._position() + len(self.get_starttag_text() or ""))
            return
        if self.depth == 0:
            self.starts.append(self._position())
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in self._VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            self.ends.append(self._position() + len(f"</{tag}>"))

    def split(self, html: str) -> list[str]:
        offset = 0
        for line in html.splitlines(keepends=True):
            self._offsets.append(offset)
            offset += len(line)
        self._offsets.append(offset)
        self.feed(html)
        self.close()
        if len(self.starts) != len(self.ends):
            return [html]
        return [html[start:end] for start, end in zip(self.starts, self.ends)]


def top_level_blocks(html: str) -> list[str]:
    """The top-level elements of a piece of HTML (paragraphs, lists, headings …), in order."""
    return _BlockSplitter().split(html)
