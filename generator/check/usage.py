"""Stage 3: warnings about what the articles leave unused: people and terms no article mentions,
and aliases that never match."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from ..model import MENTIONS, AnnotatedArticle, Problem, Severity
from ..schema import SpeakerEntry, TermEntry
from ..textnorm import fold_phrase

MatchedName = tuple[str, str, str]
"""(kind, id, the name as matched, folded)."""


def names_matched(item: AnnotatedArticle) -> frozenset[MatchedName]:
    """Which names and aliases matched in an article."""
    text = item.article.text
    return frozenset((s.kind, s.id, fold_phrase(text[s.start:s.end], True)) for s in item.spans if s.kind in MENTIONS)


Shown = tuple[Mapping[str, SpeakerEntry], Mapping[str, TermEntry]]
"""The people and the terms the site shows, by id (site-wide and each article's own)."""


def unused_entries(shown: Shown, used: set[tuple[str, str]]) -> list[Problem]:
    """Warnings: people and terms that no article mentions, quotes or gives the floor to.
    `used`: every article's `AnnotatedArticle.involved`."""
    problems = []
    for kind, entries in (("speaker", shown[0]), ("term", shown[1])):
        for entry in entries.values():
            if (kind, entry.id) not in used:
                label = "person" if kind == "speaker" else "term"
                problems.append(Problem(entry.origin("id"), f"{label} '{entry.id}' is never mentioned in any article",
                                        "add an alias that the text uses, or remove the entry", Severity.WARNING,
                                        code="unused-entry"))
    return problems


def unused_aliases(shown: Shown, matched: set[MatchedName]) -> list[Problem]:
    """Warnings: aliases that match nothing in any article (a typo, or a name no text uses).
    `matched`: what `names_matched` found in every article."""
    used = {(kind, entry_id) for kind, entry_id, _ in matched}
    problems = []
    for kind, entries in (("speaker", shown[0]), ("term", shown[1])):
        for entry in entries.values():
            for alias in entry.aliases:
                if (kind, entry.id) in used and (kind, entry.id, fold_phrase(alias, True)) not in matched:
                    problems.append(Problem(entry.origin("aliases"), f"alias '{alias}' of '{entry.id}' never matches "
                                            "in any article", "check its spelling and capitals, or remove it",
                                            Severity.WARNING, code="unused-alias"))
    return problems



def too_many_mentions(item: AnnotatedArticle, people: Mapping[str, SpeakerEntry],
                      terms: Mapping[str, TermEntry], limit: int) -> Problem:
    """The warning for an article in which names matched more than `limit` times (only the first
    `limit` are marked), at the entry that matched most: usually an alias as common as a word."""
    counts = Counter((s.kind, s.id) for s in item.spans if s.kind in MENTIONS)
    (kind, entry_id), most = counts.most_common(1)[0]
    entry = people[entry_id] if kind == "speaker" else terms[entry_id]
    text = item.article.text
    names = sorted({text[s.start:s.end] for s in item.spans if (s.kind, s.id) == (kind, entry_id)})[:3]
    return Problem(entry.origin("aliases" if entry.aliases else "id"),
                   f"article '{item.article.slug}': its names matched more than {limit:,} times, so only the first "
                   f"{limit:,} are marked; '{entry_id}' matched {most:,} of them (as {', '.join(map(repr, names))})",
                   "remove a name or alias as common as a word, or make it longer", Severity.WARNING,
                   code="too-many-mentions")
