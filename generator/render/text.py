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
import json
import re
from collections.abc import Callable

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from ..prose import PARSER, bad_link, is_plain, typeset_paragraphs
from ..schema import INTERNAL_SCHEMES
from ..textnorm import replacing

_SAFE_PUNCTUATION = ",;?"
_SYNTAX = re.compile(r"[!-@\[-`{-~]")
"""ASCII punctuation and digits: each is syntax somewhere (a '.' in lists and www. links, a "'" for
smarty, digits for ordinals such as 1st in pymdownx.smartsymbols)."""

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


_OPENING_IN_A_STRING = re.compile(r'\{(?!["}])')
"""A '{' that JSON did not write as an object's start: written compactly, an object starts '{"'
or is '{}', while in a string a '"' is always written '\\"'."""


def script_json(data: object) -> str:
    """`data` as JSON for a <script> in a raw HTML block: no text can end the script ('<'), and
    nothing that Markdown preprocessors and template engines read there (`{{`, `{%`, `{#`, `{++`,
    `{~~`, `--8<--`) is left: every '{' of a string is written `\\u007b`, but one just before the
    string's end or a '}', which begins none of them. Two C passes (a regex over each string took
    thirteen times as long)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return _OPENING_IN_A_STRING.sub(r"\\u007b", text)


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


class _ProseRenderer(RendererHTML):
    """markdown-it-py's HTML renderer with this project's rules: text escaped for a raw HTML block,
    breaks as <br>, and links only where `check` allows them (person:, term: and article: resolved
    to pages through `env["resolve"]`)."""

    def text(self, tokens, idx, options, env) -> str:
        return html_text(tokens[idx].content)

    def softbreak(self, tokens, idx, options, env) -> str:
        return "<br>"

    hardbreak = softbreak

    def link_open(self, tokens, idx, options, env) -> str:
        target = str(tokens[idx].attrGet("href") or "")
        if bad_link(target):
            return "<a>"  # refused at check time; never published as a live link
        if target.startswith(INTERNAL_SCHEMES):
            return f'<a href="{html_text(env["resolve"](target))}">'
        return f'<a href="{html_text(target)}" rel="noopener noreferrer">'


_renderer = _ProseRenderer()


def _untouched(text: str, quotes: str) -> bool:
    """Whether prose reads as it is written: nothing to parse, and no straight quote to turn."""
    return is_plain(text) and not (quotes and ("'" in text or '"' in text))


def prose(text: str, resolve: Callable[[str], str], quotes: str = "") -> str:
    """Annotator prose as safe inline HTML for a raw block; `resolve` maps person:/term:/article:
    links to pages; straight quotes become `quotes`, the language's marks (`quotation_marks`).
    Paragraphs are separated by a blank line's worth of breaks."""
    if _untouched(text, quotes):
        return html_text(text)
    env = {"resolve": resolve}
    return "<br><br>".join(_renderer.render(tokens, PARSER.options, env) for tokens in typeset_paragraphs(text, quotes))


def plain(text: str, quotes: str = "") -> str:
    """Annotator prose as plain text (for tooltips), its quotes as in `prose`."""
    if _untouched(text, quotes):
        return " ".join(text.split())
    words = [t.content if t.type == "text" else " " for tokens in typeset_paragraphs(text, quotes) for t in (*tokens, _BREAK)
             if t.type in ("text", "softbreak", "hardbreak", "paragraph_break")]
    return " ".join("".join(words).split())


_BREAK = Token("paragraph_break", "", 0)
