"""Stage 4: write the annotated site as plain Markdown pages (path -> text), and its outline.

Any builder that reads Python-Markdown with `toc`, `attr_list` and `md_in_html` can take them.
Pages and URLs: see `paths.py`. Every piece of text is escaped once, where it is written
(`text.literal` in Markdown, `text.html_text` in raw HTML).
"""

from __future__ import annotations

from ..model import AnnotatedArticle, Options, Site
from . import entries
from .article import article_page_parts, related_section
from .markup import sort_key
from .paths import ARTICLES_INDEX, FRONT_PAGE, GLOSSARY, PEOPLE_INDEX, article_page, person_page
from .relations import Relations

__all__ = ["Outline", "article_page_parts", "outline", "render_site"]


def newest_first(annotated: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    return sorted(annotated, key=lambda a: (a.article.meta.date, a.article.slug), reverse=True)


def render_site(site: Site, annotated: list[AnnotatedArticle], options: Options = Options(),
                rendered: dict[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """Every generated page of the site. `rendered`: the two parts of article pages rendered
    already, by slug (see `article_page_parts`); the others are rendered here."""
    annotated = newest_first(annotated)
    speakers, terms = site.all_speakers(), site.all_terms()
    relations = Relations.of(annotated)
    rendered = dict(rendered or {})
    for item in annotated:
        if item.article.slug not in rendered:
            rendered[item.article.slug] = article_page_parts(item, speakers, terms, options)
    about_pages = {FRONT_PAGE: entries.front_page(annotated, options),
                   GLOSSARY: entries.glossary(terms, annotated, relations, options),
                   ARTICLES_INDEX: entries.articles_index(annotated, relations, speakers, terms, options),
                   PEOPLE_INDEX: entries.people_index(speakers, options),
                   **{person_page(person.id): entries.person(person, annotated, relations, options)
                      for person in speakers.values()}}
    pages = {ARTICLES_INDEX: about_pages.pop(ARTICLES_INDEX)}
    for item in annotated:
        head, tail = rendered[item.article.slug]
        pages[article_page(item.article.slug)] = head + related_section(item, relations, speakers, terms, options) + tail
    pages.update(about_pages)
    return pages


OUTLINE_ARTICLES = 12
"""The outline lists the newest articles, and every person while there are few: its size is
bounded, because a theme renders the navigation into every page (a navigation that grows with
the archive makes the build grow with its square). The index pages reach everything else."""
OUTLINE_PEOPLE = 40

Outline = list[tuple[str, list[tuple[str | None, str]]]]
"""Sections of the generated pages in reading order: (section title, [(page title or None for the
section's index, page path)])."""


def outline(annotated: list[AnnotatedArticle], site: Site) -> Outline:
    """The generated pages as a navigation: articles newest first, then people, then the glossary
    (the front page, when generated, is the site's home and not listed)."""
    people = sorted(site.all_speakers().values(), key=lambda p: sort_key(p.name))
    listed_people = people if len(people) <= OUTLINE_PEOPLE else []
    return [
        ("Articles", [(None, ARTICLES_INDEX), *((a.article.meta.title, article_page(a.article.slug))
                                                for a in newest_first(annotated)[:OUTLINE_ARTICLES])]),
        ("People", [(None, PEOPLE_INDEX), *((p.name, person_page(p.id)) for p in listed_people)]),
        ("Glossary", [(None, GLOSSARY)]),
    ]
