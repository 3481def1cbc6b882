"""Markdown to sanitized HTML, done once when a course is loaded."""

from __future__ import annotations

import re
from html import escape
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
