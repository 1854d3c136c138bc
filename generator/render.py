"""Stage 4: write the annotated site as plain Markdown pages (path -> text), and its navigation.

Pages and their URLs (stable, documented in README.md):
  articles/index.md        every article, newest first
  articles/<slug>.md       one article; paragraph N is #pN, a note's footnote is #fn:<note-id>
  glossary.md              every term A-Z; term <id> is #<id>
  people/index.md          every person A-Z
  people/<id>.md           one person: who they are, their quotes and turns, where they are mentioned
Every piece of text goes through `prose.literal` once, in the page renderers; nothing else escapes.
"""

from __future__ import annotations

from . import render_entries
from .model import Site
from .parallel import parallel_map
from .pages import (ARTICLES_INDEX, GLOSSARY, PEOPLE_INDEX, SCRIPT, STYLESHEET, AnnotatedArticle, Options, Relations,
                    article_page, page_title, person_page, sort_key)
from .reference import REFERENCE, format_reference
from .render_article import article_page_parts, related_section

__all__ = ["SCRIPT", "STYLESHEET", "AnnotatedArticle", "Options", "article_page_parts", "render_nav", "render_site"]


def newest_first(annotated: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    return sorted(annotated, key=lambda a: (a.article.meta.date, a.article.slug), reverse=True)


def render_site(site: Site, annotated: list[AnnotatedArticle], options: Options = Options(), jobs: int = 0,
                rendered: dict[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """Every generated page of the site. `rendered`: the two parts of article pages rendered
    already, by slug (see `article_page_parts`); the others are rendered in `jobs` processes (0: one per core)."""
    annotated = newest_first(annotated)
    speakers, terms = site.all_speakers(), site.all_terms()
    relations = Relations.of(annotated)
    rendered = rendered or {}
    missing = [item for item in annotated if item.article.slug not in rendered]
    parts = parallel_map(lambda item: article_page_parts(item, speakers, terms, options), missing, jobs)
    rendered = {**rendered, **{item.article.slug: part for item, part in zip(missing, parts)}}
    # The pages about the site and its entries, in this process: forked workers would copy what
    # they read of a large site's memory (reference counts are writes), which cost more than it saved.
    about_pages = {GLOSSARY: render_entries.glossary(terms, annotated, relations, options),
                   ARTICLES_INDEX: render_entries.articles_index(annotated, relations, speakers, terms, options),
                   PEOPLE_INDEX: render_entries.people_index(speakers, options),
                   **{person_page(person.id): render_entries.person(person, annotated, relations, options)
                      for person in speakers.values()}}
    pages = {ARTICLES_INDEX: about_pages.pop(ARTICLES_INDEX)}
    for item in annotated:
        head, tail = rendered[item.article.slug]
        pages[article_page(item.article.slug)] = head + related_section(item, relations, speakers, terms, options) + tail
    pages.update(about_pages)
    pages[REFERENCE] = format_reference()
    return pages


NAV_ARTICLES = 12
"""The navigation lists the newest articles, and every person while there are few: its size is
bounded, because the theme renders it into every page (a navigation that grows with the archive
makes the build grow with its square). The index pages reach everything else."""
NAV_PEOPLE = 40


def render_nav(annotated: list[AnnotatedArticle], site: Site) -> list:
    """The generated pages as MkDocs `nav` entries: articles newest first, then glossary, people."""
    people = sorted(site.all_speakers().values(), key=lambda p: sort_key(p.name))
    listed_people = people if len(people) <= NAV_PEOPLE else []
    return [
        {"Articles": [ARTICLES_INDEX, *({page_title(a.article.meta.title): article_page(a.article.slug)}
                                        for a in newest_first(annotated)[:NAV_ARTICLES])]},
        {"Glossary": GLOSSARY},
        {"People": [PEOPLE_INDEX, *({page_title(p.name): person_page(p.id)} for p in listed_people)]},
        {"Format reference": REFERENCE},
    ]
