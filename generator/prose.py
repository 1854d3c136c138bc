"""Writing text into Markdown safely: the source text literally, annotators' prose restrictedly.

A generated page is raw HTML blocks but for its headings (and the links in them). Every piece of
text goes through one of two escapes, which turn characters into numeric character references
that every builder passes through as those characters:
- `literal`, for Markdown (headings, their links): each character that Markdown, HTML or a
  Markdown extension could read as syntax;
- `html_text`, for raw HTML blocks, which Markdown parsers copy without reading: the characters
  HTML reads, and those that are read before the raw HTML is set aside (code fences by
  pymdownx.superfences, CriticMarkup by pymdownx.critic, {{ }} and {% %} by template plugins
  such as mkdocs-macros; a snippet's --8<-- needs a '<').
Annotators' prose (notes, definitions, descriptions) may use emphasis, links and line breaks:
markdown-it-py parses it with everything else switched off, and `prose` writes it back out.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from markdown_it import MarkdownIt

from .textnorm import replacing

_SAFE_PUNCTUATION = ",;?"
_SYNTAX = re.compile(r"[!-@\[-`{-~]")
"""ASCII punctuation and digits: each is syntax somewhere (a '.' in lists and www. links, a "'" for
smarty, digits for ordinals such as 1st in pymdownx.smartsymbols)."""
EXTERNAL_SCHEMES = ("http://", "https://", "mailto:")
INTERNAL_SCHEMES = ("person:", "term:", "article:")

_parser = MarkdownIt("zero", {"breaks": True}).enable(["emphasis", "link", "newline", "escape", "entity"])
_parser.validateLink = lambda url: True  # every link is parsed, so a bad scheme is reported, not hidden


_escape = replacing({c: f"&#{ord(c)};" for c in map(chr, range(128)) if _SYNTAX.fullmatch(c) and c not in _SAFE_PUNCTUATION})


def literal(text: str) -> str:
    """`text` as Markdown that shows exactly these characters."""
    return _escape(text)


_RAW_REFERENCES = {c: f"&#{ord(c)};" for c in "&<>\"'`~{}\\"}
"""HTML's own, then what Markdown preprocessors and template engines read in raw HTML (see above),
and the backslash, which the cards' JSON would read as an escape."""
_html_escape = replacing(_RAW_REFERENCES)


def html_text(text: str) -> str:
    """`text` in a raw HTML block (or an attribute value there) that shows exactly these characters."""
    return _html_escape(text)


class HtmlText:
    """A text escaped as `html_text` escapes it, with its line breaks written as <br>, once; cut
    into pieces by offsets of the original. An article's annotations cut its text into hundreds
    of pieces: each costs two lookups here, not a pass of its own."""

    _CHANGED = re.compile("[\n" + re.escape("".join(_RAW_REFERENCES)) + "]")

    def __init__(self, text: str):
        self._changes: list[int] = []
        """Offsets of the characters written otherwise, in the original."""
        self._growth: list[int] = []
        """How much longer the escaped text is, up to and including each of them."""
        parts, at, growth = [], 0, 0
        for match in self._CHANGED.finditer(text):
            offset, written = match.start(), _RAW_REFERENCES.get(match.group(), "<br>\n")
            parts += [text[at:offset], written]
            at = offset + 1
            growth += len(written) - 1
            self._changes.append(offset)
            self._growth.append(growth)
        parts.append(text[at:])
        self.escaped = "".join(parts)

    def piece(self, start: int, end: int) -> str:
        """`html_text(text[start:end])`, line breaks as <br>."""
        return self.escaped[start + self._shift(start):end + self._shift(end)]

    def _shift(self, offset: int) -> int:
        changed_before = bisect.bisect_left(self._changes, offset)
        return self._growth[changed_before - 1] if changed_before else 0


def link_targets(text: str) -> list[str]:
    """Every link destination written in a piece of prose."""
    return [token.attrGet("href") or "" for token in _inline_tokens(text) if token.type == "link_open"]


def bad_link(target: str) -> str | None:
    """Why a link destination may not be published, or None when it may."""
    if target.startswith(EXTERNAL_SCHEMES) or target.startswith(INTERNAL_SCHEMES):
        return None
    return "links may be http(s) or mailto URLs, or person:ID, term:ID or article:SLUG"


def prose(text: str, resolve: Callable[[str], str]) -> str:
    """Annotator prose as safe inline HTML for a raw block; `resolve` maps person:/term:/article:
    links to pages."""
    out: list[str] = []
    for token in _inline_tokens(text):
        if token.type == "text":
            out.append(html_text(token.content))
        elif token.type in ("softbreak", "hardbreak"):
            out.append("<br>")
        elif token.type == "paragraph_break":
            out.append("<br><br>")
        elif token.type in ("em_open", "em_close", "strong_open", "strong_close"):
            tag = "em" if token.type.startswith("em") else "strong"
            out.append(f"</{tag}>" if token.type.endswith("close") else f"<{tag}>")
        elif token.type == "link_open":
            target = token.attrGet("href") or ""
            if bad_link(target):
                out.append("<a>")  # refused at check time; never published as a live link
            elif target.startswith(INTERNAL_SCHEMES):
                out.append(f'<a href="{html_text(resolve(target))}">')
            else:
                out.append(f'<a href="{html_text(target)}" rel="noopener noreferrer">')
        elif token.type == "link_close":
            out.append("</a>")
    return "".join(out)


def plain(text: str) -> str:
    """Annotator prose as plain text (for tooltips)."""
    words = [t.content if t.type == "text" else " " for t in _inline_tokens(text)
             if t.type in ("text", "softbreak", "hardbreak", "paragraph_break")]
    return " ".join("".join(words).split())


class _Break:
    type = "paragraph_break"
    content = ""


class _Text:
    type = "text"

    def __init__(self, content: str):
        self.content = content


_PROSE_SYNTAX = re.compile(r"[*_\[\]\\&<`\n\r]|^\s|\s$")
"""What markdown-it (emphasis, links, escapes, entities, breaks) reads as more than text; prose
without any of it, as most notes are, is its own one text token."""


@functools.lru_cache(maxsize=8192)
def _inline_tokens(text: str) -> tuple:
    """The inline tokens of every paragraph, with a break between paragraphs (parsed once per
    text: a term's definition is shown in every article that mentions it)."""
    if text and not _PROSE_SYNTAX.search(text):
        return (_Text(text),)
    tokens: list = []
    blocks = [block for block in _parser.parse(text) if block.type == "inline"]
    for number, block in enumerate(blocks):
        if number:
            tokens.append(_Break())
        tokens += block.children or []
    return tuple(tokens)
