"""Folding text for matching, with a map back to the original offsets.

Annotators type straight quotes and hyphens; published texts use curly quotes, dashes and
non-breaking spaces. Matching runs on a folded copy of the text, and every folded character
remembers where it came from, so matches are reported (and displayed) in the original text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

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


_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
"""Every character str.isspace() accepts (and re's \\s matches)."""


def replacing(mapping: dict[str, str]) -> Callable[[str], str]:
    """A function that replaces each character of `mapping` in a text. One regex finds the few
    characters that change: on non-ASCII text, str.translate looks up every character instead,
    five times slower."""
    pattern = re.compile("[" + re.escape("".join(mapping)) + "]")
    return lambda text: pattern.sub(lambda m: mapping[m.group()], text)


def _replacing_each(mapping: dict[str, str]) -> Callable[[str], str]:
    """The same for a mapping whose replacements hold none of its characters: each character
    found is replaced throughout in one C pass, rather than one call per occurrence."""
    assert not set("".join(mapping.values())) & set(mapping)
    pattern = re.compile("[" + re.escape("".join(mapping)) + "]")

    def replace(text: str) -> str:
        for char in set(pattern.findall(text)):
            text = text.replace(char, mapping[char])
        return text
    return replace


_fold_characters = _replacing_each({c: to for c, to in {**_FOLD, **{c: " " for c in _WHITESPACE}}.items() if c != to})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPACES = re.compile(r"\s+")
_RUNS = re.compile("  +")  # two spaces first: the regex engine looks for that pair, not for every space


def fold(text: str, ignore_case: bool = False) -> Folded:
    """NFC-normalise, fold quote marks and dashes, and collapse every run of white space to one space."""
    return _fold(text, bool(ignore_case))


@functools.lru_cache(maxsize=64)  # an article's text is folded by the anchoring and by the mentions
def _fold(text: str, ignore_case: bool) -> Folded:
    fast = _fold_fast(text, ignore_case)
    return fast if fast is not None else _fold_by_cluster(text, ignore_case)


def _fold_fast(text: str, ignore_case: bool) -> Folded | None:
    """The same, in C-speed steps, for the usual text: NFC already, no combining marks, and (when
    ignoring case) a case folding that keeps every character one character. The map back to the
    original is kept per segment (between collapsed white space), not per character."""
    folded = _quick(text, ignore_case)
    if folded is None:
        return None
    # Every white space character is already one space: only runs of two or more shift offsets.
    runs = [run.span() for run in _RUNS.finditer(folded)]
    removed = itertools.accumulate((end - start - 1 for start, end in runs), initial=0)
    kept = [start - before for (start, _), before in zip(runs, removed)]  # each run's one space, folded
    segments_folded = array("l", [0, *itertools.chain.from_iterable((at, at + 1) for at in kept)])
    segments_original = array("l", [0, *itertools.chain.from_iterable(runs)])
    space_ends = array("l", [-1, *itertools.chain.from_iterable((end, -1) for _, end in runs)])
    collapsed = _RUNS.sub(" ", folded)
    mapping = _Segments(segments_folded, segments_original, space_ends, len(collapsed))
    return Folded(collapsed, mapping.starts(), mapping.ends())


def _quick(text: str, ignore_case: bool) -> str | None:
    """Quote marks and dashes folded (and case), when that keeps one character per character."""
    if not text.isascii() and (not unicodedata.is_normalized("NFC", text)
                               or any(map(unicodedata.combining, set(_NON_ASCII.findall(text))))):
        return None
    folded = _fold_characters(text)
    if ignore_case:
        folded = folded.casefold()
        if len(folded) != len(text):
            return None
    return folded


class _Segments:
    """Folded index -> original offsets, for text that is original text between collapsed spaces."""

    def __init__(self, folded, original, space_ends, length):
        self.folded, self.original, self.space_ends, self.length = folded, original, space_ends, length

    def _segment(self, index: int) -> int:
        return bisect.bisect_right(self.folded, index) - 1

    def starts(self) -> _Lookup:
        return _Lookup(self.length, lambda i: self.original[k := self._segment(i)] + i - self.folded[k])

    def ends(self) -> _Lookup:
        def end(i: int) -> int:
            k = self._segment(i)
            return self.space_ends[k] if self.space_ends[k] >= 0 else self.original[k] + i - self.folded[k] + 1
        return _Lookup(self.length, end)


class _Lookup(Sequence):
    def __init__(self, length: int, at):
        self._length, self._at = length, at

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return self._at(index)


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
    quick = _quick(phrase.strip(), ignore_case)
    return _SPACES.sub(" ", quick) if quick is not None else fold(phrase.strip(), ignore_case).text


def _clusters(text: str):
    """Spans of a base character with the combining marks that follow it (NFC works within them)."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index
            start = index


def occurrences(haystack: str, needle: str) -> list[int]:
    """Every start of `needle` in `haystack`, overlapping ones included (as `str.find` sees them:
    an empty needle is at every position)."""
    found, at = [], haystack.find(needle)
    while at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char).startswith("M")


# --- characters as readers see them ---------------------------------------------------------------

_CLUSTER = regex.compile(r"\X")
_WINDOW = 64
"""Code points looked at on each side of an offset: longer than any cluster a text writes in practice."""


def on_cluster_boundaries(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that neither end falls inside a user-perceived character (a grapheme
    cluster: an emoji joined by ZWJs, a letter and its combining marks, a flag): markup put there
    would split the emoji or part the letter from its accent."""
    if not _is_boundary(text, start):
        start = _cluster(text, start)[0]
    if not _is_boundary(text, end):
        end = _cluster(text, end)[1]
    return start, end


_JOINING = regex.compile(r"[\p{GCB=Extend}\p{GCB=ZWJ}\p{GCB=SpacingMark}\p{GCB=Prepend}\p{GCB=Regional_Indicator}"
                         r"\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}\r]")
"""The characters that UAX #29 may join with a neighbour: between two others there is always a
boundary (most texts hold none, or few: the clusters are then looked up only beside them)."""


def may_join(text: str) -> bool:
    """Whether any two characters of `text` may form one cluster (most texts: none). Each distinct
    character is looked up once: the regex module's Unicode properties are slow over a whole text."""
    return any(_joins(c) for c in set(text) if c >= "\x80" or c == "\r")


@functools.lru_cache(maxsize=4096)
def _joins(character: str) -> bool:
    return _JOINING.match(character) is not None


def _is_boundary(text: str, offset: int) -> bool:
    if offset <= 0 or offset >= len(text) or not (_JOINING.match(text, offset) or _JOINING.match(text, offset - 1)):
        return True
    return _is_cluster_boundary(text, offset)


def _is_cluster_boundary(text: str, offset: int) -> bool:
    """The reference: whether a grapheme cluster starts at `offset` (0 < offset < len(text))."""
    return _cluster(text, offset)[0] == offset


def _cluster(text: str, offset: int) -> tuple[int, int]:
    """The grapheme cluster that holds the code point at `offset`, as [start, end)."""
    for cluster in _CLUSTER.finditer(text, max(0, offset - _WINDOW), min(len(text), offset + _WINDOW)):
        if cluster.start() <= offset < cluster.end():
            return cluster.start(), cluster.end()
    return offset, offset + 1
