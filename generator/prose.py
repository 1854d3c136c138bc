"""Writing text into Markdown safely: the source text literally, annotators' prose restrictedly.

`literal` is the one escape used for every piece of text written into a generated page: it
turns each character that Markdown, HTML or a Markdown extension could read as syntax into a
numeric character reference, which every Markdown builder passes through as that character.
Annotators' prose (notes, definitions, descriptions) may use emphasis, links and line breaks:
markdown-it-py parses it with everything else switched off, and `prose` writes it back out.
"""

from __future__ import annotations

import functools
import html
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
    """`text` as Markdown (or as an HTML attribute value) that shows exactly these characters."""
    return _escape(text)


_HTML_SPECIAL = "&<>\"'\\"  # and the backslash, which the cards' JSON reads as an escape
_NEEDLESS_REFERENCE = re.compile("|".join(f"&#{ord(c)};" for c in map(chr, range(128))
                                          if _SYNTAX.fullmatch(c) and c not in _SAFE_PUNCTUATION + _HTML_SPECIAL))


def for_html_only(block: str) -> str:
    """A raw HTML block that no Markdown parser will read (the MkDocs plugin hands it past
    Python-Markdown) with `literal`'s references written as the characters again, but for those
    HTML itself needs: the same page, smaller and quicker to parse for the search index."""
    return _NEEDLESS_REFERENCE.sub(lambda m: chr(int(m.group()[2:-1])), block)


def link_targets(text: str) -> list[str]:
    """Every link destination written in a piece of prose."""
    return [token.attrGet("href") or "" for token in _inline_tokens(text) if token.type == "link_open"]


def bad_link(target: str) -> str | None:
    """Why a link destination may not be published, or None when it may."""
    if target.startswith(EXTERNAL_SCHEMES) or target.startswith(INTERNAL_SCHEMES):
        return None
    return "links may be http(s) or mailto URLs, or person:ID, term:ID or article:SLUG"


def prose(text: str, resolve: Callable[[str], str]) -> str:
    """Annotator prose as safe inline Markdown; `resolve` maps person:/term:/article: links to pages."""
    out: list[str] = []
    for token in _inline_tokens(text):
        if token.type == "text":
            out.append(literal(token.content))
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
                out.append(f'<a href="{html.escape(resolve(target))}">')
            else:
                out.append(f'<a href="{html.escape(target)}" rel="noopener noreferrer">')
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


@functools.lru_cache(maxsize=8192)
def _inline_tokens(text: str) -> tuple:
    """The inline tokens of every paragraph, with a break between paragraphs (parsed once per
    text: a term's definition is shown in every article that mentions it)."""
    tokens: list = []
    blocks = [block for block in _parser.parse(text) if block.type == "inline"]
    for number, block in enumerate(blocks):
        if number:
            tokens.append(_Break())
        tokens += block.children or []
    return tuple(tokens)
