"""Stage 3: warnings about what the articles leave unused: people and terms no article mentions,
aliases that never match, notes that cite no source."""

from __future__ import annotations

from ..model import MENTIONS, AnnotatedArticle, Problem, Severity, Site
from ..textnorm import fold_phrase

MatchedName = tuple[str, str, str]
"""(kind, id, the name as matched, folded)."""


def names_matched(item: AnnotatedArticle) -> frozenset[MatchedName]:
    """Which names and aliases matched in an article."""
    text = item.article.text
    return frozenset((s.kind, s.id, fold_phrase(text[s.start:s.end], True)) for s in item.spans if s.kind in MENTIONS)


def unused_entries(site: Site, annotated: list[AnnotatedArticle]) -> list[Problem]:
    """Warnings: people and terms that no article mentions, quotes or gives the floor to."""
    used = {entity for item in annotated for entity in item.involved}
    problems = []
    for kind, entries in (("speaker", site.all_speakers()), ("term", site.all_terms())):
        for entry in entries.values():
            if (kind, entry.id) not in used:
                label = "person" if kind == "speaker" else "term"
                problems.append(Problem(entry.origin("id"), f"{label} '{entry.id}' is never mentioned in any article",
                                        "add an alias that the text uses, or remove the entry", Severity.WARNING,
                                        code="unused-entry"))
    return problems


def unused_aliases(site: Site, matched: set[MatchedName]) -> list[Problem]:
    """Warnings: aliases that match nothing in any article (a typo, or a name no text uses).
    `matched`: what `names_matched` found in every article."""
    used = {(kind, entry_id) for kind, entry_id, _ in matched}
    problems = []
    for kind, entries in (("speaker", site.all_speakers()), ("term", site.all_terms())):
        for entry in entries.values():
            for alias in entry.aliases:
                if (kind, entry.id) in used and (kind, entry.id, fold_phrase(alias, True)) not in matched:
                    problems.append(Problem(entry.origin("aliases"), f"alias '{alias}' of '{entry.id}' never matches "
                                            "in any article", "check its spelling and capitals, or remove it",
                                            Severity.WARNING, code="unused-alias"))
    return problems


def unsourced_notes(site: Site) -> list[Problem]:
    """Warnings: context notes that cite no source."""
    return [Problem(note.origin("id"), f"note '{note.id}' cites no source",
                    "add sources: with at least one {title, url}", Severity.WARNING, code="unsourced-note")
            for article in site.articles for note in article.notes if not note.sources]
