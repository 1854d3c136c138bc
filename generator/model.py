"""The loaded site: plain, frozen data that the later stages read and never change."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .schema import ArticleFile, NoteEntry, QuoteEntry, SpeakerEntry, TermEntry


@dataclass(frozen=True)
class Article:
    slug: str
    folder: Path
    meta: ArticleFile
    text: str
    """The source text as published (BOM dropped, line ends read as LF)."""
    paragraphs: tuple[tuple[int, int], ...]
    """Each paragraph's [start, end) in `text`; paragraphs are separated by blank lines."""
    quotes: tuple[QuoteEntry, ...] = ()
    notes: tuple[NoteEntry, ...] = ()
    speakers: tuple[SpeakerEntry, ...] = ()
    """People only this article needs (its own speakers.yml)."""
    terms: tuple[TermEntry, ...] = ()

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self.paragraphs]

    def paragraph_index(self, offset: int) -> int:
        """The 0-based index of the paragraph that holds (or follows) `offset`."""
        return max(bisect.bisect_right(self._paragraph_starts, offset) - 1, 0)


@dataclass(frozen=True)
class Site:
    speakers: tuple[SpeakerEntry, ...] = ()
    """Site-wide people, recognised in every article."""
    terms: tuple[TermEntry, ...] = ()
    articles: tuple[Article, ...] = ()
    root: Path = field(default=Path("annotations"))

    def all_speakers(self) -> dict[str, SpeakerEntry]:
        """Every person by id, site-wide and each article's own (read only: it is computed once)."""
        return self._all_speakers

    def all_terms(self) -> dict[str, TermEntry]:
        """Every term by id, site-wide and each article's own (read only: it is computed once)."""
        return self._all_terms

    # Computed once per site: pages and exports ask for them for each article.
    @cached_property
    def _all_speakers(self) -> dict[str, SpeakerEntry]:
        found = {s.id: s for s in self.speakers}
        for article in self.articles:
            found.update((s.id, s) for s in article.speakers)
        return found

    @cached_property
    def _all_terms(self) -> dict[str, TermEntry]:
        found = {t.id: t for t in self.terms}
        for article in self.articles:
            found.update((t.id, t) for t in article.terms)
        return found


def split_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Paragraph spans: runs of lines that hold something other than white space."""
    spans: list[tuple[int, int]] = []
    start = None
    offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip():
            if start is None:
                start = offset
            last_end = end
        elif start is not None:
            spans.append((start, last_end))
            start = None
        offset = end + 1
    if start is not None:
        spans.append((start, last_end))
    return tuple(spans)
