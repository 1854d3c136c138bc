"""The generated pages in MkDocs's navigation format, placed after the site's home page."""

from __future__ import annotations

from typing import Any

from mkdocs.utils import nest_paths

from ...render import Outline
from ...render.markup import page_title


def nav_entries(outline: Outline) -> list[dict[str, Any]]:
    """An outline as MkDocs `nav` entries; titles as HTML (themes print them unescaped)."""
    entries: list[dict[str, Any]] = []
    for section, pages in outline:
        if len(pages) == 1 and pages[0][0] is None:
            entries.append({section: pages[0][1]})
        else:
            entries.append({section: [path if title is None else {page_title(title): path} for title, path in pages]})
    return entries


def with_generated(user_nav: list | None, user_pages: list[str], generated_nav: list,
                   generated: frozenset[str] | set[str]) -> list:
    """The site's navigation with the generated sections after the home page (unless the site's
    own `nav` places them already)."""
    if user_nav is None:
        base_nav = nest_paths(user_pages)
    elif _mentions_any(user_nav, generated):
        return user_nav
    else:
        base_nav = list(user_nav)
    return base_nav[:1] + generated_nav + base_nav[1:]


def _mentions_any(nav, paths: frozenset[str] | set[str]) -> bool:
    return not nav_paths(nav).isdisjoint(paths)


def nav_paths(nav) -> set[str]:
    """Every page path a `nav` lists."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*map(nav_paths, nav.values()))
    if isinstance(nav, list):
        return set().union(*map(nav_paths, nav))
    return set()
