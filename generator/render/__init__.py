"""Stage 4: write the annotated site as plain Markdown pages (path -> text), and its outline.

Any builder that reads Python-Markdown with `toc`, `attr_list` and `md_in_html` can take them.
Pages and URLs: see `paths.py`. Every piece of text is escaped once, where it is written
(`text.literal` in Markdown, `text.html_text` in raw HTML).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..find.mentions import names_of
from ..model import AnnotatedArticle, Options, Site
from ..schema import SpeakerEntry, TermEntry
from . import entries
from .article import article_page_parts, related_section
from .language import words_for
from .markup import family_first, sort_key
from .paths import (
    ARTICLES_INDEX,
    FRONT_PAGE,
    GLOSSARY,
    PEOPLE_INDEX,
    article_page,
    entry_part,
    person_page,
    term_page,
    year_page,
)
from .reach import Facets, entries_changed, facets, pages_reached, site_entries
from .relations import Relations

__all__ = ["Outline", "Rendering", "article_page_parts", "outline", "render_pages", "render_site"]


def newest_first(annotated: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    return sorted(annotated, key=lambda a: (a.article.meta.date, a.article.slug), reverse=True)


@dataclass(frozen=True)
class Rendering:
    """A build's pages, and what the next build needs to tell which of them an edit reaches."""

    pages: dict[str, str]
    parts: dict[str, tuple[str, str]]
    """Article slug -> the two parts of its page (see `article_page_parts`)."""
    related: dict[str, str]
    """Article slug -> its related articles' section."""
    facets: dict[str, Facets]
    inputs: tuple
    """The site-wide names (see `names_of`), the options and the people's `sort_as`: a change to them reaches every page."""
    entries: Mapping[tuple[str, str], object]
    """(kind, id) -> each site-wide person and term: a change to one reaches the pages about it."""
    items: Mapping[str, AnnotatedArticle]
    """Article slug -> the article as rendered."""
    entry_parts: Mapping[str, int] = field(default_factory=dict)
    """A person's or a term's page -> how many parts it has (`paths.entry_part`)."""


def render_site(site: Site, annotated: list[AnnotatedArticle], options: Options = Options(),
                rendered: dict[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """Every generated page of the site. `rendered`: the two parts of article pages rendered
    already, by slug (see `article_page_parts`); the others are rendered here."""
    return render_pages(site, annotated, options, rendered).pages


def render_pages(site: Site, annotated: list[AnnotatedArticle], options: Options = Options(),
                 rendered: dict[str, tuple[str, str]] | None = None, since: Rendering | None = None) -> Rendering:
    """`render_site`, and what the next call needs: given the `Rendering` of an earlier build
    (`since`), only the pages an edit reaches are rendered again (see `reach.py`); the others are
    kept, as they would be rendered again."""
    annotated = newest_first(annotated)
    speakers, terms = site.all_speakers(), site.all_terms()
    # The names, and the order people are listed in (a change of `sort_as` reorders every list of people).
    inputs = (tuple(names_of(site.speakers, site.terms)), options,
              tuple(sorted((p.id, p.sort_as) for p in speakers.values() if p.sort_as)))
    known = site_entries(site)
    parts = dict(rendered or {})
    for item in annotated:
        if item.article.slug not in parts:
            parts[item.article.slug] = article_page_parts(item, speakers, terms, options)
    items = {item.article.slug: item for item in annotated}
    now = {slug: since.facets[slug] if since is not None and since.items.get(slug) is item else facets(item)
           for slug, item in items.items()}  # an article unchanged since is the same object
    reached = pages_reached(since.facets, now) if since is not None and since.inputs == inputs else None
    indexes = entries.indexes(speakers, terms)
    if since is not None and reached is not None:  # what the pages say of a person or term: their pages
        changed = entries_changed(since.entries, known)
        reached |= {person_page(entry) if kind == "speaker" else term_page(entry) for kind, entry in changed}
        reached |= {page for kind, az in indexes.items() if any(k == kind for k, _ in changed)
                    for page in [az.index, *az.pages]}
    relations = functools.cache(lambda: Relations.of(annotated))  # only where a page needs it
    years = entries.by_year(annotated)
    months = {year: entries.year_months(year, items) for year, items in years.items()}
    entry_pages: dict[str, tuple[str, SpeakerEntry | TermEntry]] = {
        **{person_page(p.id): ("speaker", p) for p in speakers.values()},
        **{term_page(t.id): ("term", t) for t in terms.values()}}
    if since is None or reached is None:  # every page rendered again
        previous, previous_parts, reached = {}, {}, set()
        related = {item.article.slug: related_section(item, relations(), speakers, terms, options) for item in annotated}
        counts = {page: entries.entry_parts(kind, entry.id, relations()) for page, (kind, entry) in entry_pages.items()}
    else:  # the same relations: the same related articles, the same parts of each entry's page
        previous, previous_parts, related, counts = since.pages, since.parts, since.related, dict(since.entry_parts)
        reached |= {entry_part(page, n) for page in reached & counts.keys() for n in range(2, counts[page] + 1)}
    pages = {ARTICLES_INDEX: ""}  # first, as the navigation lists it
    for item in annotated:
        slug, page = item.article.slug, article_page(item.article.slug)
        unchanged = page in previous and previous_parts.get(slug) == parts[slug]
        pages[page] = previous[page] if unchanged else parts[slug][0] + related[slug] + parts[slug][1]
    about: dict[str, Callable[[], str]] = {
        FRONT_PAGE: lambda: entries.front_page(annotated, options),
        GLOSSARY: lambda: entries.glossary(terms, relations(), options, indexes["term"]),
        ARTICLES_INDEX: lambda: entries.articles_index(annotated, relations(), speakers, terms, options),
        PEOPLE_INDEX: lambda: entries.people_index(speakers, options, indexes["speaker"]),
        **{page: functools.partial(_glossary_letter, terms, relations, options, indexes["term"], page)
           for page in indexes["term"].pages if page != GLOSSARY},
        **{page: functools.partial(entries.people_letter, speakers, options, indexes["speaker"], page)
           for page in indexes["speaker"].pages if page != PEOPLE_INDEX},
        **{entry_part(page, part): functools.partial(_entry_page, kind, entry, annotated, relations, options, part,
                                                     indexes["term"].page_of.get(entry.id, GLOSSARY))
           for page, (kind, entry) in entry_pages.items() for part in range(1, counts[page] + 1)},
        **{year_page(year): functools.partial(entries.year_archive, year, years, options, months[year]) for year in years},
        **{page: functools.partial(entries.month_archive, year, years, options, months[year], page)
           for year in years for page in months[year].pages if page != year_page(year)}}
    for page, render in about.items():
        pages[page] = previous[page] if page in previous and page not in reached else render()
    return Rendering(pages, parts, related, now, inputs, known, items, counts)


def _glossary_letter(terms, relations: Callable[[], Relations], options: Options, az: entries.PagedGroups, page: str) -> str:
    return entries.glossary_letter(terms, relations(), options, az, page)


def _entry_page(kind: str, entry, annotated, relations: Callable[[], Relations], options: Options, part: int,
                listed_on: str) -> str:
    if kind == "speaker":
        return entries.person(entry, annotated, relations(), options, part)
    return entries.term(entry, relations(), options, part, listed_on)


OUTLINE_ARTICLES = 12
"""The outline lists the newest articles, and every person while there are few: its size is
bounded, because a theme renders the navigation into every page (a navigation that grows with
the archive makes the build grow with its square). The index pages reach everything else."""
OUTLINE_PEOPLE = 40

Outline = list[tuple[str, list[tuple[str | None, str]]]]
"""Sections of the generated pages in reading order: (section title, [(page title or None for the
section's index, page path)])."""


def outline(annotated: list[AnnotatedArticle], site: Site, options: Options) -> Outline:
    """The generated pages as a navigation: articles newest first, then people, then the glossary
    (the front page, when generated, is the site's home and not listed)."""
    words = words_for(options.language)
    people = sorted(site.all_speakers().values(), key=lambda p: sort_key(family_first(p)))
    listed_people = people if len(people) <= OUTLINE_PEOPLE else []
    return [
        (words("Articles"), [(None, ARTICLES_INDEX), *((a.article.meta.title, article_page(a.article.slug))
                                                for a in newest_first(annotated)[:OUTLINE_ARTICLES])]),
        (words("People"), [(None, PEOPLE_INDEX), *((p.name, person_page(p.id)) for p in listed_people)]),
        (words("Glossary"), [(None, GLOSSARY)]),
    ]
