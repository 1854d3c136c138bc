"""Material's search index under `mkdocs serve --dirty`: the one place this package reaches into
Material, fenced. Without it (another search plugin, a Material whose index has another shape),
the preview renders every page on each save instead of only those an edit reached.

A dirty rebuild indexes only the pages it renders, and Material's merge with the previous
rebuild's index assumes a rebuild renders one page (another page rendered keeps its old entries
beside its new ones). So each page's entries are kept from the rebuild that last rendered it, and
before Material writes its index, the index is made whole again, in the site's order, as a full
build writes it: Material's `search_index.entries` (the list it writes) is set, and its
`search_index_prev` (its merge) is left empty. Both are public attributes of its plugin, but
undocumented: `detect` checks they are there.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.annotations")
MATERIAL_SEARCH = "material.plugins.search.plugin"


class DirtySearchIndex:
    def __init__(self, plugin: Any) -> None:
        self._plugin = plugin
        self._entries: dict[str, list] = {}
        """Page URL -> its entries, from the rebuild that last rendered it."""

    @classmethod
    def detect(cls, config: MkDocsConfig) -> DirtySearchIndex | None:
        """The fence: Material's search plugin, with the parts this module uses."""
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            if type(plugin).__module__ == MATERIAL_SEARCH and plugin.config.enabled \
                    and hasattr(plugin, "search_index_prev") and isinstance(getattr(index, "entries", None), list):
                return cls(plugin)
        log.debug("annotations: no search index the preview can complete; each save renders every page")
        return None

    def complete(self, pages: list[Page], rendered: set[str]) -> None:
        """Before Material writes its index: every page's entries, in the site's order, those of the
        pages this rebuild rendered (`rendered`: their URLs) as it just indexed them."""
        index = self._plugin.search_index
        found: dict[str, list] = {}
        for entry in index.entries:
            found.setdefault(entry["location"].split("#")[0], []).append(entry)
        self._entries = {page.url: found.get(page.url, []) if page.url in rendered else self._entries.get(page.url, [])
                         for page in pages}
        index.entries = [entry for page in pages for entry in self._entries[page.url]]
        self._plugin.search_index_prev = None
