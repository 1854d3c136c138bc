"""Folding text for matching, with a map back to the original offsets.

Annotators type straight quotes and hyphens; published texts use curly quotes, dashes and
non-breaking spaces. Matching runs on a folded copy of the text, and every folded character
remembers where it came from, so matches are reported (and displayed) in the original text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

DOUBLE_QUOTES = "\"“”„‟«»″〝〞＂"
SINGLE_QUOTES = "'‘’‚‛′‹›＇`´"
DASHES = "-‐‑‒–—―−﹘﹣－"
_FOLD = {**{c: '"' for c in DOUBLE_QUOTES}, **{c: "'" for c in SINGLE_QUOTES}, **{c: "-" for c in DASHES}}


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the span of the original it stands for."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded characters [start, end)."""
        return self.starts[start], self.ends[end - 1]


def fold(text: str, ignore_case: bool = False) -> Folded:
    """NFC-normalise, fold quote marks and dashes, and collapse every run of white space to one space."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(text):
        cluster = text[start:end]
        if cluster.isspace():
            if out and out[-1] == " ":
                ends[-1] = end
                continue
            folded = " "
        else:
            folded = unicodedata.normalize("NFC", cluster)
            folded = "".join(_FOLD.get(c, c) for c in folded)
            if ignore_case:
                folded = folded.casefold()
        for char in folded:
            out.append(char)
            starts.append(start)
            ends.append(end)
    return Folded("".join(out), tuple(starts), tuple(ends))


def fold_phrase(phrase: str, ignore_case: bool = False) -> str:
    """Fold a phrase typed by an annotator, without the white space around it."""
    return fold(phrase.strip(), ignore_case).text


def _clusters(text: str):
    """Spans of a base character with the combining marks that follow it (NFC works within them)."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index
            start = index


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")
