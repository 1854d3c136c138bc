"""Annotators' prose (notes, definitions, descriptions): what it may hold, read once.

Prose may use emphasis, links and line breaks, nothing else: markdown-it-py parses it with every
other rule switched off. Links may go to another site (`EXTERNAL_SCHEMES`) or to an entry of this
one by id (`INTERNAL_SCHEMES`); `check` refuses the rest, and the renderer never publishes them.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .schema import INTERNAL_SCHEMES, url_refusal

PARSER = MarkdownIt("zero", {"breaks": True}).enable(["emphasis", "link", "newline", "escape", "entity"])
PARSER.validateLink = lambda url: True  # type: ignore[method-assign]  # every link is parsed, so a bad scheme is reported, not hidden

_SYNTAX = re.compile(r"[*_\[\]\\&<`\n\r]|^\s|\s$")
"""What markdown-it (emphasis, links, escapes, entities, breaks) reads as more than text."""


def is_plain(text: str) -> bool:
    """Whether a piece of prose is its own text, as most notes are (nothing to parse)."""
    return bool(text) and not _SYNTAX.search(text)


@functools.lru_cache(maxsize=8192)
def paragraphs(text: str) -> tuple[tuple[Token, ...], ...]:
    """The inline tokens of each paragraph of a piece of prose (parsed once per text: a term's
    definition is shown in every article that mentions it)."""
    return tuple(tuple(block.children or ()) for block in PARSER.parse(text) if block.type == "inline")


@functools.lru_cache(maxsize=64)
def _typesetter(quotes: str) -> MarkdownIt:
    """PARSER with markdown-it's smart quotes in a language's marks (its other replacements stay off)."""
    parser = MarkdownIt("zero", {"breaks": True, "typographer": True, "quotes": quotes})
    parser.enable(["emphasis", "link", "newline", "escape", "entity", "smartquotes"])
    parser.validateLink = lambda url: True  # type: ignore[method-assign]  # as PARSER
    return parser


@functools.lru_cache(maxsize=8192)
def typeset_paragraphs(text: str, quotes: str) -> tuple[tuple[Token, ...], ...]:
    """`paragraphs`, with straight quotes and apostrophes turned into `quotes` (a language's four
    marks: opening, closing, then the pair for a quote inside a quote); "" keeps them straight."""
    if not quotes:
        return paragraphs(text)
    return tuple(tuple(block.children or ()) for block in _typesetter(quotes).parse(text) if block.type == "inline")


def link_targets(text: str) -> list[str]:
    """Every link destination written in a piece of prose."""
    if is_plain(text):
        return []
    return [str(token.attrGet("href") or "") for tokens in paragraphs(text) for token in tokens
            if token.type == "link_open"]


def bad_link(target: str) -> str | None:
    """Why a link destination may not be published, or None when it may."""
    if target.startswith(INTERNAL_SCHEMES):
        return None
    refusal = url_refusal(target)
    if refusal and target.partition(":")[0].lower() in ("http", "https", "mailto"):
        return refusal
    if refusal:
        return "links may be http(s) or mailto URLs, or person:ID, term:ID or article:SLUG"
    return None
