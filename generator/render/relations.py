"""How articles, people and terms point at each other: backlinks and related articles, computed
once for the whole site from an inverted index."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import AnnotatedArticle

RELATED_SHOWN = 5
RELATED_WINDOW = 50
"""Related articles are found among the 50 newer and 50 older articles that share each name."""


@dataclass
class Relations:
    """How articles, people and terms point at each other, computed once for the whole site."""

    places: dict[tuple[str, str], dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    """(kind, id) -> article slug -> paragraph number of each mention, in order."""
    related: dict[str, list[tuple[AnnotatedArticle, list[tuple[str, str]]]]] = field(default_factory=dict)
    """Article slug -> the articles sharing most people and terms with it, and what they share."""
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
        """Backlinks and related articles in time linear in the mentions (an inverted index)."""
        relations = cls()
        relations.items = {item.article.slug: item for item in annotated}
        relations.rank = {slug: n for n, slug in enumerate(relations.items)}
        involved: dict[str, frozenset[tuple[str, str]]] = {}
        articles_with = relations.articles
        for item in annotated:
            slug = item.article.slug
            for entity, numbers in item.places.items():
                relations.places[entity][slug] = numbers
            involved[slug] = item.involved
        position: dict[tuple[tuple[str, str], str], int] = {}
        for slug, entities in involved.items():
            for entity in entities:
                position[(entity, slug)] = len(articles_with[entity])
                articles_with[entity].append(slug)
        by_slug = relations.items
        age = {slug: -item.article.meta.date.toordinal() for slug, item in by_slug.items()}
        for slug, entities in involved.items():
            shared: Counter[str] = Counter()
            for entity in entities:
                others, at = articles_with[entity], position[(entity, slug)]
                # The articles nearest in time that share it: a name in every article costs each
                # article a bounded look, not one at the whole archive.
                shared.update(others[max(0, at - RELATED_WINDOW):at + RELATED_WINDOW + 1])
            del shared[slug]
            # Most shared first, then the newest, then by slug.
            best = heapq.nsmallest(RELATED_SHOWN, ((-count, age[other], other) for other, count in shared.items()))
            relations.related[slug] = [(by_slug[s], sorted(involved[s] & entities)) for _, _, s in best]
        return relations

