"""Stage 3: find every mention of a person or term, by name and aliases, in one pass.

All names go into two Aho-Corasick automata (case-sensitive and case-insensitive), so the cost
grows with the text, not with the number of names. Matches are whole words on the folded text;
where they overlap, the leftmost wins, then the longest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

from ..model import Span, SpanKind
from ..textnorm import fold, fold_phrase, is_word_char

BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


MENTION_LIMIT = 5_000
"""Mentions marked in one article. Each is an element with its entry's title on the page, so a
name as common as a word (aliases `[a, b, c, d]` on a 3.6 MB text: 188 s, a 196 MB page) would
make the page grow with the text times the names; past the limit, `check` warns (see pipeline)."""


class MentionFinder:
    """Finds the names of a set of people and terms in texts."""

    def __init__(self, names: Iterable[tuple[SpanKind, str, str, bool]]):
        """`names`: (kind, id, name, ignore_case) for every name and alias."""
        self._automata = {False: ahocorasick.Automaton(), True: ahocorasick.Automaton()}
        self._longest = {False: 0, True: 0}
        for kind, entry_id, name, ignore_case in names:
            key = fold_phrase(name, ignore_case)
            if key:
                self._automata[ignore_case].add_word(key, (len(key), kind, entry_id))
                self._longest[ignore_case] = max(self._longest[ignore_case], len(key))
        for automaton in self._automata.values():
            automaton.make_automaton()

    def find(self, text: str) -> list[Span]:
        """Every mention in `text`, in order."""
        return self.find_first(text, None)[0]

    def find_first(self, text: str, limit: int | None) -> tuple[list[Span], bool]:
        """The first mentions in `text`, at most `limit` of them, and whether there are more. The
        text is read only as far as a few times `limit` matches take; the spans are always the
        first ones `find` gives (fewer than `limit` where names overlap that much)."""
        candidates: list[Span] = []
        # Where the mentions found are complete: a name read past where an automaton stopped
        # cannot have started before it.
        cutoff = len(text)
        for ignore_case, automaton in self._automata.items():
            if not len(automaton):
                continue
            folded = fold(text, ignore_case)
            found = 0
            for last, (length, kind, entry_id) in automaton.iter(folded.text):
                start, end = last - length + 1, last + 1
                if _whole_word(folded.text, start, end):
                    original = folded.original_span(start, end)
                    if not BLANK_LINE.search(text, *original):
                        candidates.append(Span(*original, kind, entry_id))
                        found += 1
                        if limit is not None and found >= 4 * limit:
                            safe = max(end - self._longest[ignore_case], 0)
                            cutoff = min(cutoff, folded.starts[safe])
                            break
        chosen: list[Span] = []
        for span in sorted(candidates, key=lambda s: (s.start, s.start - s.end)):
            if not chosen or span.start >= chosen[-1].end:
                chosen.append(span)
        complete = [span for span in chosen if span.end <= cutoff]
        more = len(complete) < len(chosen) or cutoff < len(text)
        if limit is not None and len(complete) > limit:
            return complete[:limit], True
        return complete, more


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (is_word_char(before) and is_word_char(text[start])) and not (
        is_word_char(after) and is_word_char(text[end - 1]))


def names_of(speakers, terms) -> list[tuple[SpanKind, str, str, bool]]:
    """The (kind, id, name, ignore_case) rows a MentionFinder takes."""
    rows = []
    for entry in speakers:
        rows += [(SpanKind.SPEAKER, entry.id, n, entry.ignore_case) for n in (entry.name, *entry.aliases)]
    for entry in terms:
        rows += [(SpanKind.TERM, entry.id, n, entry.ignore_case) for n in (entry.term, *entry.aliases)]
    return rows
