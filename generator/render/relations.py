"""How articles, people and terms point at each other: backlinks and related articles, computed
once for the whole site from an inverted index."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ..model import AnnotatedArticle

RELATED_SHOWN = 5
RELATED_WINDOW = 50
"""Related articles are found among the 50 newer and 50 older articles that share each name."""


@dataclass
class Relations:
    """How articles, people and terms point at each other, computed once for the whole site."""

    places: dict[tuple[str, str], dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    """(kind, id) -> article slug -> paragraph number of each mention, in order."""
    articles: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    """(kind, id) -> slugs of the articles that mention, quote or give the floor to it."""

    items: dict[str, AnnotatedArticle] = field(default_factory=dict)
    """Slug -> article, in the order given (newest first)."""
    rank: dict[str, int] = field(default_factory=dict)

    def articles_of(self, kind: str, entry_id: str) -> list[str]:
        return self.articles.get((kind, entry_id), [])

    def items_of(self, kind: str, entry_id: str) -> list[AnnotatedArticle]:
        """The articles that involve a person or term, newest first: pages about an entry visit
        only these, so the site's cost grows with its mentions, not with entries x articles."""
        return [self.items[slug] for slug in sorted(set(self.articles_of(kind, entry_id)), key=self.rank.__getitem__)]

    @classmethod
    def of(cls, annotated: list[AnnotatedArticle]) -> Relations:
        """Backlinks in time linear in the mentions (an inverted index)."""
        relations = cls()
        relations.items = {item.article.slug: item for item in annotated}
        relations.rank = {slug: n for n, slug in enumerate(relations.items)}
        for item in annotated:
            slug = item.article.slug
            for entity, numbers in item.places.items():
                relations.places[entity][slug] = numbers
            for entity in item.involved:
                relations.articles[entity].append(slug)
        return relations

    @cached_property
    def related(self) -> dict[str, list[tuple[AnnotatedArticle, list[tuple[str, str]]]]]:
        """Article slug -> the articles sharing most people and terms with it, and what they share.
        Found on first use: a rebuild that keeps the articles' related sections never needs them."""
        articles_with, by_slug = self.articles, self.items
        position = {(entity, slug): at for entity, slugs in articles_with.items() for at, slug in enumerate(slugs)}
        age = {slug: -item.article.meta.date.toordinal() for slug, item in by_slug.items()}
        related = {}
        for slug, item in by_slug.items():
            entities = item.involved
            shared: Counter[str] = Counter()
            for entity in entities:
                others, at = articles_with[entity], position[(entity, slug)]
                # The articles nearest in time that share it: a name in every article costs each
                # article a bounded look, not one at the whole archive.
                shared.update(others[max(0, at - RELATED_WINDOW):at + RELATED_WINDOW + 1])
            del shared[slug]
            # Most shared first, then the newest, then by slug.
            best = heapq.nsmallest(RELATED_SHOWN, ((-count, age[other], other) for other, count in shared.items()))
            related[slug] = [(by_slug[s], sorted(by_slug[s].involved & entities)) for _, _, s in best]
        return related
