"""Which pages an edit reaches: what a rebuild must render again, and what it may keep.

An article's own page shows everything about it. Other pages show only some of it, its facets:
the indexes, the glossary, person pages and the related articles of other pages show its
listing and where it mentions whom; a person's page also shows their quotes and turns in it.
The facets are the article's own data, not a copy of what the pages show: everything of it but
what `OWN_PAGE_ONLY` names. So an edit to a field added one day to the model reaches every page
until it is named there: a missed field costs time, never a stale page. An edit that leaves the
facets as they were (a note, a source, a correction's text elsewhere than its listing) reaches
its own page only; a changed quote or turn reaches its speakers' pages too; anything else (a new
headline, a mention moved, a person or term edited, an article added or removed) reaches every
page. `tests/test_scale.py` changes every field of every entry and compares with a full render.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import AnnotatedArticle, Site
from ..schema import SpeakerEntry, TermEntry
from .entries import spoken_words
from .paths import person_page

OWN_PAGE_ONLY = frozenset({"text", "paragraphs", "notes", "quotes"})
"""The fields of an `Article` that pages other than its own show only through its facets below
(the text through quotes, turns and mentions, each quote on its speaker's page) or not at all
(its notes)."""


@dataclass(frozen=True)
class Facets:
    """What pages other than an article's own show of it."""

    listing: tuple
    """Every field of the article but `OWN_PAGE_ONLY`: its slug, its article.yml whole, its own people and terms."""
    involvement: tuple
    """Whom and what it mentions, and in which paragraphs; and whom it quotes or gives the floor to."""
    quotes: dict[str, tuple] = field(default_factory=dict)
    """Speaker -> their quotes in it: each entry whole (with where it is written), its passage and paragraph."""
    turns: dict[str, tuple] = field(default_factory=dict)
    """Speaker -> their turns in it: each turn whole, and its words."""


def facets(item: AnnotatedArticle) -> Facets:
    article = item.article
    listing = tuple((f.name, getattr(article, f.name)) for f in dataclasses.fields(article) if f.name not in OWN_PAGE_ONLY)
    involvement = (tuple(sorted((kind, entry, tuple(numbers)) for (kind, entry), numbers in item.places.items())),
                   tuple(sorted(item.involved)))
    quotes: dict[str, list] = {}
    positions = item.quote_positions
    for quote in article.quotes:
        start, end = positions.get(quote.id or "", (-1, -1))
        quotes.setdefault(quote.speaker, []).append(  # the entry compares with where it was written too
            (quote, article.text[start:end] if start >= 0 else None, article.paragraph_number(start) if start >= 0
             else None))
    turns: dict[str, list] = {}
    for turn in item.turns:
        turns.setdefault(turn.speaker, []).append((turn, spoken_words(article, turn)))
    return Facets(listing, involvement, {k: tuple(v) for k, v in quotes.items()},
                  {k: tuple(v) for k, v in turns.items()})


def pages_reached(before: dict[str, Facets], after: dict[str, Facets]) -> set[str] | None:
    """The pages about the site (indexes, glossary, people) that changes between two builds'
    articles reach, by their facets (slug -> facets); None when they may reach every page."""
    if before.keys() != after.keys():
        return None
    reached: set[str] = set()
    for slug, now in after.items():
        then = before[slug]
        if then == now:
            continue
        if then.listing != now.listing or then.involvement != now.involvement:
            return None
        for by_speaker in ("quotes", "turns"):
            old, new = getattr(then, by_speaker), getattr(now, by_speaker)
            reached |= {person_page(speaker) for speaker in old.keys() | new.keys() if old.get(speaker) != new.get(speaker)}
    return reached


SiteEntries = dict[tuple[str, str], SpeakerEntry | TermEntry]
"""(kind, id) -> each site-wide person and term."""


def site_entries(site: Site) -> SiteEntries:
    """The site-wide people and terms by (kind, id): a change to one reaches the pages that show it."""
    return {("speaker", e.id): e for e in site.speakers} | {("term", e.id): e for e in site.terms}


def entries_changed(before: Mapping[tuple[str, str], object], after: Mapping[tuple[str, str], object]) \
        -> set[tuple[str, str]]:
    """The people and terms added, removed or edited between two builds."""
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
