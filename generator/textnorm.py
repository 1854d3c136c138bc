"""Folding text for matching, with a map back to the original offsets.

Annotators type straight quotes and hyphens; published texts use curly quotes, dashes and
non-breaking spaces. Matching runs on a folded copy of the text, and every folded character
remembers where it came from, so matches are reported (and displayed) in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

DOUBLE_QUOTES = "\"“”„‟«»″〝〞＂"
SINGLE_QUOTES = "'‘’‚‛′‹›＇`´"
DASHES = "-‐‑‒–—―−﹘﹣－"
_FOLD = {**{c: '"' for c in DOUBLE_QUOTES}, **{c: "'" for c in SINGLE_QUOTES}, **{c: "-" for c in DASHES}}


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the span of the original it stands for."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded characters [start, end)."""
        return self.starts[start], self.ends[end - 1]


_TABLE = str.maketrans(_FOLD)
_SPACES = re.compile(r"\s+")


def fold(text: str, ignore_case: bool = False) -> Folded:
    """NFC-normalise, fold quote marks and dashes, and collapse every run of white space to one space."""
    fast = _fold_fast(text, ignore_case)
    return fast if fast is not None else _fold_by_cluster(text, ignore_case)


def _fold_fast(text: str, ignore_case: bool) -> Folded | None:
    """The same, in C-speed steps, for the usual text: NFC already, no combining marks, and (when
    ignoring case) a case folding that keeps every character one character."""
    if not unicodedata.is_normalized("NFC", text) or any(map(unicodedata.combining, text)):
        return None
    folded = text.translate(_TABLE)
    if ignore_case:
        folded = folded.casefold()
        if len(folded) != len(text):
            return None
    pieces: list[str] = []
    starts, ends = array("l"), array("l")
    at = 0
    for run in _SPACES.finditer(folded):
        pieces.append(folded[at:run.start()])
        starts.extend(range(at, run.start()))
        ends.extend(range(at + 1, run.start() + 1))
        pieces.append(" ")
        starts.append(run.start())
        ends.append(run.end())
        at = run.end()
    pieces.append(folded[at:])
    starts.extend(range(at, len(folded)))
    ends.extend(range(at + 1, len(folded) + 1))
    return Folded("".join(pieces), starts, ends)


def _fold_by_cluster(text: str, ignore_case: bool = False) -> Folded:
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
    return Folded("".join(out), array("l", starts), array("l", ends))


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
