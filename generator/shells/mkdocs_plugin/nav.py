"""The generated pages in MkDocs's navigation format, placed after the site's home page."""

from __future__ import annotations

import posixpath
from typing import Any

import yaml
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


AWESOME_NAV_FILE = ".nav.yml"
"""mkdocs-awesome-nav's file in a folder of docs/ that orders and titles the folder (its default name)."""


def awesome_nav_files(outline: Outline, filename: str = AWESOME_NAV_FILE) -> dict[str, str]:
    """The outline in mkdocs-awesome-nav's own format, for a site that makes its navigation with
    it: a file per generated section that has a folder of its own (articles/, people/), giving
    the section's title and its pages in their order; the site places the folders itself."""
    files = {}
    for section, pages in outline:
        folders = {posixpath.dirname(path) for _, path in pages}
        if len(folders) != 1 or not (folder := folders.pop()):
            continue  # a page at the root (the glossary) is placed and titled by awesome-nav itself
        nav = [posixpath.basename(path) if title is None else {page_title(title): posixpath.basename(path)}
               for title, path in pages]
        files[posixpath.join(folder, filename)] = yaml.safe_dump({"title": section, "nav": nav}, allow_unicode=True,
                                                                 sort_keys=False)
    return files


def with_generated(user_nav: list | None, user_pages: list[str], generated_nav: list,
                   generated: frozenset[str] | set[str], home: str | None = None) -> list:
    """The site's navigation with the generated sections after the home page (unless the site's
    own `nav` places them already). Without a `nav`, when every page of the site is in one folder
    that starts with its home page (mkdocs-static-i18n's folder structure: `en/`, which keeps only
    that section's children), they go inside that section."""
    if user_nav is None:
        base_nav = nest_paths(user_pages)
        if len(base_nav) == 1 and isinstance(base_nav[0], dict) and home is not None:
            (title, children), = base_nav[0].items()
            if children and children[0] == home:
                return [{title: children[:1] + generated_nav + children[1:]}]
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
