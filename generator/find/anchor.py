"""Stage 2: find the passage each quote and note refers to in the article's source text.

Matching runs on the folded text (see `textnorm`): quote marks, dashes and white space may
differ, nothing else may. A passage found once is anchored; found several times, it needs a
prefix, suffix or occurrence to pick one; not found, the problem shows the closest passages
(`with_closest_passages`, once every article is anchored, within a budget for the whole run).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz

from ..model import Anchoring, Article, Fix, Found, Miss, Problem, Span, SpanKind
from ..schema import NoteEntry, QuoteEntry
from ..textnorm import Folded, fold, fold_phrase, is_word_char

CLOSEST_SHOWN = 2
"""How many near misses an error shows."""
CLOSEST_MIN_SCORE = 60
"""Below this similarity (0-100) a passage is no help to the annotator, so it is not shown."""


def anchor_article(article: Article) -> tuple[list[Span], list[Problem]]:
    """Spans for every quote and note of the article that could be anchored, and the problems."""
    folded = fold(article.text)
    passages = Passages(folded)
    spans, problems = [], []
    entries: list[tuple[SpanKind, QuoteEntry | NoteEntry, str]] = [
        *((SpanKind.QUOTE, q, "quote") for q in article.quotes),
        *((SpanKind.NOTE, n, "anchor") for n in article.notes),
    ]
    for kind, entry, phrase_key in entries:
        found = passages.find(getattr(entry, phrase_key), entry.prefix, entry.suffix, entry.occurrence)
        if isinstance(found, Found):
            spans.append(Span(found.start, found.end, kind, str(entry.id)))  # quotes have ids once read
        else:
            phrase = getattr(entry, phrase_key)
            fix = _reanchoring(article, folded, kind, entry, phrase) if not found.matches else None
            if fix:
                problems.append(Problem(entry.origin(phrase_key), f"{kind} '{entry.id}': passage not found in "
                                        f"source.txt; probably now “{_short(fix.new)}” (confidence "
                                        f"{fix.confidence:.2f})", f"was “{_short(phrase)}”; `check --fix` rewrites "
                                        "it, or copy the passage as it now stands", fix=fix, code="passage-moved"))
            else:
                problems.append(Problem(entry.origin(phrase_key), f"{kind} '{entry.id}': {found.message}",
                                        _hint(found, article), code="passage-not-anchored",
                                        data=(("passage", phrase),) if not found.matches else ()))
    return spans, problems


FIX_CONFIDENCE = 0.85
"""`check --fix` re-anchors a passage only when the resolver is at least this sure (a fuzzy match
of the old passage with its prefix and suffix); below it the problem stays for a person."""


def _reanchoring(article: Article, folded: Folded, kind: str, entry, phrase: str) -> Fix | None:
    """Where a passage that no longer occurs (the source was corrected) most likely went."""
    from .resolve import resolve

    found = resolve(article.text, phrase, entry.prefix or "", entry.suffix or "")
    if found.status != "fuzzy" or found.confidence < FIX_CONFIDENCE or found.exact is None:
        return None
    assert found.start is not None and found.end is not None  # a fuzzy match has its place
    return Fix(kind, entry.id, phrase, found.exact, occurrence_of(folded, found.exact, found.start, found.end),
               found.confidence)


def occurrence_of(folded: Folded, phrase: str, start: int, end: int) -> int | None:
    """Which occurrence of `phrase` the span [start, end) is (see `Passages.occurrence_of`)."""
    return Passages(folded).occurrence_of(phrase, start, end)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


MATCHES_LISTED = 10
"""Paragraphs a hint lists for a passage that occurs more than once (a common word occurs
thousands of times: the hint names the first ones and counts the rest)."""


def find_passage(folded: Folded, phrase: str, prefix: str | None = None, suffix: str | None = None,
                 occurrence: int | None = None) -> Anchoring:
    """The one original span that `phrase` (picked by prefix, suffix, occurrence) refers to."""
    return Passages(folded).find(phrase, prefix, suffix, occurrence)


class Passages:
    """Looks passages up in one folded text. The places of each (passage, prefix, suffix) are
    found as far as a lookup needs them (the 3rd occurrence reads the text up to it) and kept
    for the next lookup: 20,000 notes on one common word read its places once, not 20,000 times."""

    def __init__(self, folded: Folded):
        self.folded = folded
        self._places: dict[tuple[str, str, str], _Places] = {}

    def starts(self, needle: str, before: str = "", after: str = "") -> _Places:
        """Where the folded `needle` starts, preceded by `before` and followed by `after` (folded)."""
        key = (needle, before, after)
        if key not in self._places:
            self._places[key] = _Places(self._walk(needle, before, after))
        return self._places[key]

    def _walk(self, needle: str, before: str, after: str) -> Iterator[int]:
        text, length = self.folded.text, len(needle)
        at = text.find(needle)
        while at != -1:
            if _whole_clusters(self.folded, at, at + length) and (not before or _ends_before(text, at, before)) \
                    and (not after or _starts_after(text, at + length, after)):
                yield at
            at = text.find(needle, at + 1)

    def find(self, phrase: str, prefix: str | None = None, suffix: str | None = None,
             occurrence: int | None = None) -> Anchoring:
        """The one original span that `phrase` (picked by prefix, suffix, occurrence) refers to."""
        needle = fold_phrase(phrase)
        if not needle or self.starts(needle).nth(1) is None:
            return Miss("passage not found in source.txt")
        places = self.starts(needle, fold_phrase(prefix) if prefix else "", fold_phrase(suffix) if suffix else "")
        if places.nth(1) is None:
            return Miss("passage found, but never with the given prefix/suffix",
                        hint="make prefix: the text just before the passage and suffix: the text just after it")
        if occurrence is not None:
            place = places.nth(occurrence)
            if place is None:
                count = places.count()
                return Miss(f"occurrence: {occurrence} asked for, but the passage occurs {count} time(s)",
                            matches=self._spans(places.first(MATCHES_LISTED), needle), count=count,
                            hint=f"use a number from 1 to {count}")
            return Found(*self._spans([place], needle)[0])
        if places.nth(2) is not None:
            count = places.count()
            return Miss(f"passage occurs {count} times", matches=self._spans(places.first(MATCHES_LISTED), needle),
                        count=count, hint="add prefix:, suffix: or occurrence: N (1-based) to pick one")
        return Found(*self._spans(places.first(1), needle)[0])

    def occurrence_of(self, phrase: str, start: int, end: int) -> int | None:
        """Which occurrence of `phrase` the span [start, end) is, as `occurrence:` counts; None when
        the phrase occurs once, or not at [start, end) (no occurrence: is needed, or none would do)."""
        needle = fold_phrase(phrase)
        starts = self.starts(needle)
        if starts.nth(2) is None:
            return None
        for n, at in enumerate(starts, 1):
            if self.folded.original_span(at, at + len(needle)) == (start, end):
                return n
        return None

    def _spans(self, starts: list[int], needle: str) -> tuple[tuple[int, int], ...]:
        return tuple(self.folded.original_span(s, s + len(needle)) for s in starts)


class _Places:
    """The places an iterator gives, read from it only as far as asked."""

    def __init__(self, walk: Iterator[int]):
        self._walk = walk
        self._found: list[int] = []
        self._done = False

    def nth(self, n: int) -> int | None:
        """The n-th place (1-based), or None when there are fewer."""
        while len(self._found) < n and not self._done:
            place = next(self._walk, None)
            if place is None:
                self._done = True
            else:
                self._found.append(place)
        return self._found[n - 1] if len(self._found) >= n else None

    def first(self, n: int) -> list[int]:
        self.nth(n)
        return self._found[:n]

    def count(self) -> int:
        self._found += self._walk
        self._done = True
        return len(self._found)

    def __iter__(self) -> Iterator[int]:
        n = 1
        while (place := self.nth(n)) is not None:
            yield place
            n += 1


def _whole_clusters(folded: Folded, start: int, end: int) -> bool:
    """A match may not cut a letter from its accents (a cluster folds as one unit)."""
    cuts_start = start > 0 and folded.starts[start] == folded.starts[start - 1]
    cuts_end = end < len(folded.text) and folded.starts[end] == folded.starts[end - 1]
    return not (cuts_start or cuts_end)


def _ends_before(text: str, at: int, want: str) -> bool:
    """Whether `want` ends where `text` does at `at`, spaces before `at` aside (no copy of the
    text before it: a frequent passage would make that quadratic)."""
    while at > 0 and text[at - 1] == " ":
        at -= 1
    return text.endswith(want, 0, at)


def _starts_after(text: str, at: int, want: str) -> bool:
    """Whether `want` starts at `at` in `text`, spaces after `at` aside."""
    while at < len(text) and text[at] == " ":
        at += 1
    return text.startswith(want, at)


HINT_NEEDLE = 200
"""A passage that is not found is compared with the text by its first 200 characters: the hint
shows where it probably starts, and its cost is bounded by the text's length, whatever the
passage's (a mistyped 8,000-character passage would otherwise take minutes)."""
HINT_BUDGET = 10_000_000
"""Characters of text searched for closest passages in one run (about five seconds' work): past
it, a missing passage's hint says so. Whatever the input, hints cannot make a run take long."""


def wants_closest_passages(problem: Problem) -> bool:
    """Whether `with_closest_passages` searches the problem's article text for it."""
    return problem.code == "passage-not-anchored" and bool(problem.get("passage"))


def with_closest_passages(problems: list[Problem], articles: dict[Path, Article],
                          budget: int | None = None) -> list[Problem]:
    """The problems, each passage not found given the closest passages of its article's text in
    its hint, in file order, as long as the run's budget (HINT_BUDGET) lasts. `articles`: by folder."""
    budget = HINT_BUDGET if budget is None else budget
    spent = 0
    done: dict[Problem, Problem] = {}
    for problem in sorted(problems, key=lambda p: (str(p.origin.path), p.origin.line, p.origin.column)):
        article = articles.get(problem.origin.path.parent)
        if not wants_closest_passages(problem) or article is None:
            continue
        if spent + len(article.text) > budget:
            done[problem] = replace(problem, hint=f"{problem.hint} (the closest passages were not searched: this "
                                                  "run's budget for them is spent; fix the passages above first)")
            continue
        spent += len(article.text)
        closest = _closest(fold(article.text), fold_phrase(problem.get("passage")))
        done[problem] = replace(problem, hint=_hint(Miss("", closest=tuple(closest)), article))
    return [done.get(problem, problem) for problem in problems]


def _closest(folded: Folded, needle: str):
    """The passages most like `needle` (its first `HINT_NEEDLE` characters), best first, as
    (start, end, score)."""
    needle = needle[:HINT_NEEDLE]
    scored = []
    window = max(len(needle) * 4, 200)
    for offset in range(0, max(len(folded.text) - len(needle), 0) + 1, window // 2):
        chunk = folded.text[offset: offset + window + len(needle)]
        hit = fuzz.partial_ratio_alignment(needle, chunk)
        if hit and hit.score >= CLOSEST_MIN_SCORE and hit.dest_end > hit.dest_start:
            start, end = folded.original_span(offset + hit.dest_start, offset + hit.dest_end)
            scored.append((start, end, hit.score))
    best: list[tuple[int, int, float]] = []
    for candidate in sorted(scored, key=lambda c: -c[2]):
        if all(candidate[1] <= b[0] or candidate[0] >= b[1] for b in best):
            best.append(candidate)
    return best[:CLOSEST_SHOWN]


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to the words it cuts, so a near miss reads as the text does."""
    while start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while end < len(text) and is_word_char(text[end]) and is_word_char(text[end - 1]):
        end += 1
    return start, end


def _hint(miss: Miss, article: Article) -> str:
    def show(start: int, end: int) -> str:
        start, end = _whole_words(article.text, start, end)
        while start < end and article.text[start].isspace():
            start += 1
        passage = " ".join(article.text[start:end].split())
        return f'paragraph {article.paragraph_number(start)}: "{passage}"'

    if miss.closest:
        near = "; ".join(f"{show(s, e)} ({score:.0f}% alike)" for s, e, score in miss.closest)
        return f"copy the passage exactly as it stands in the text; closest: {near}"
    if miss.matches:
        where = ", ".join(str(article.paragraph_number(s)) for s, _ in miss.matches)
        more = miss.count - len(miss.matches)
        return f"{miss.hint} (found in paragraphs {where}" + (f" and {more:,} more places)" if more > 0 else ")")
    return miss.hint or "copy the passage exactly as it stands in the text"
