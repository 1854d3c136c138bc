"""The plugin's reach into Material's search plugin, fenced here: the only module that names its
objects, each part with its fallback.

Under `mkdocs serve --dirty` (always): a dirty rebuild indexes only the pages it renders, and
Material's merge with the previous rebuild's index assumes a rebuild renders one page (another
page rendered keeps its old entries beside its new ones). So each page's entries are kept from
the rebuild that last rendered it, and before Material writes its index, the index is made whole
again, in the site's order, as a full build writes it: Material's `search_index.entries` (the
list it writes) is set, and its `search_index_prev` (its merge) is left empty. Both are public
attributes of its plugin, but undocumented: `DirtySearchIndex.detect` checks they are there;
where they are not (or the search plugin is another), every save renders every page.

The speed-up (`search_speedup: true`, off by default): Material indexes a page by parsing its
HTML, and for generated pages that costs more than the rest of the build: the inline markup of
every mention and note is parsed for no text (a third of `mkdocs build` at 800 articles). With
the option, each generated page is indexed from a copy without that markup (`searchable`) and
with no table of contents (Material links each heading's id the same without one), under `mkdocs
build` in another process that runs Material's own parser while MkDocs renders the pages. Its
entries take the page's place in the index; the index is the same. The page itself, as every
other plugin sees it, is never changed. It calls Material's parser and swaps a method of its
index instance: where those are not as expected, pages are indexed like any other.
"""

from __future__ import annotations

import logging
import re
from types import SimpleNamespace
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..runners import Consumer
from .raw_html import raw_blocks

log = logging.getLogger("mkdocs.plugins.annotations")
MATERIAL_SEARCH = "material.plugins.search.plugin"


def material_search_plugin(config: MkDocsConfig) -> Any:
    """The site's search plugin if it is Material's and on (with a search index), else None."""
    for plugin in config.plugins.values():
        if type(plugin).__module__ == MATERIAL_SEARCH and plugin.config.enabled and hasattr(plugin, "search_index"):
            return plugin
    return None


class DirtySearchIndex:
    def __init__(self, plugin: Any) -> None:
        self._plugin = plugin
        self._entries: dict[str, list] = {}
        """Page URL -> its entries, from the rebuild that last rendered it."""

    @classmethod
    def detect(cls, config: MkDocsConfig) -> DirtySearchIndex | None:
        """The fence: Material's search plugin, with the parts this module uses."""
        plugin = material_search_plugin(config)
        if plugin is not None and hasattr(plugin, "search_index_prev") \
                and isinstance(getattr(plugin.search_index, "entries", None), list):
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


_INDEXED_TAGS = "p|li|ol|ul|sub|sup|code|pre"
"""The tags Material's search index keeps in its text; it reads every other tag only for its text."""
_OTHER_TAGS = re.compile(rf"</?(?!(?:{_INDEXED_TAGS}|h[1-6])\b)[a-z][^>]*>")
"""Every other tag but a heading, which starts a section of the index (a note's, `#note-ID`)."""
_ATTRIBUTES = re.compile(rf"<({_INDEXED_TAGS})\s[^>]*>")
NOT_SEARCHED = ('<div class="annotation-cards"', '<ul class="entry-list"')
"""Raw blocks the search index leaves out: the cards' data, and lists of links to other pages
(whose titles those pages are found by; in every page that links to them, they were noise)."""


def searchable(run: str) -> str:
    """A run of raw blocks as the search index reads it: the same text and the tags it keeps,
    without the rest of the markup (mentions, quotes, note spans, links)."""
    kept, at = [], 0
    for start, end in raw_blocks(run):
        block = run[start:end]
        kept += [run[at:start], "" if block.startswith(NOT_SEARCHED) else _ATTRIBUTES.sub(r"<\1>", _OTHER_TAGS.sub("", block))]
        at = end
    return "".join(kept) + run[at:]


def cut_points(html: str, runs: list[str]) -> list[int]:
    """Where a page's runs of raw blocks start and end in its HTML (they stand there as written)."""
    points, at = [], 0
    for run in runs:
        start = html.index(run, at)
        at = start + len(run)
        points += [start, at]
    return points


def pieces(html: str, points: list[int]) -> list[str]:
    """A page's HTML cut at `cut_points`: what lies between its runs of raw blocks, and the runs,
    alternately."""
    bounds = [0, *points, len(html)]
    return [html[a:b] for a, b in zip(bounds, bounds[1:])]


def search_copy(cut: list[str]) -> str:
    """The HTML Material's search index reads of a generated page (see `pieces`)."""
    return "".join(searchable(piece) if n % 2 else piece for n, piece in enumerate(cut))


class SearchSpeedUp:
    """Indexes generated pages for Material's search plugin from their search copies, in another
    process when `background` (see the module's docstring)."""

    def __init__(self, index: Any, background: bool, plugin: Any = None):
        self._index = index
        self.plugin = plugin
        """Material's search plugin."""
        self._add = index.add_entry_from_context
        self._converted: dict[str, tuple[str, list[int]]] = {}
        self._indexed: set[str] = set()
        # Material indexes every page in its own on_page_context, after this plugin's: it skips
        # the generated ones this plugin indexed already, in their place.
        index.add_entry_from_context = lambda page: None if page.file.src_uri in self._indexed else self._add(page)
        self._parsing = Consumer(_sections) if background else None

    @classmethod
    def detect(cls, config: MkDocsConfig, background: bool) -> SearchSpeedUp | None:
        """The speed-up, where the site runs Material's search plugin as this module knows it."""
        plugin = material_search_plugin(config)
        if plugin is not None and _as_expected(plugin.search_index):
            return cls(plugin.search_index, background, plugin)
        log.info("annotations: search_speedup is on, but the site's search is not Material's as this package knows "
                 "it: generated pages are indexed like any other")
        return None

    def converted(self, page: Page, html: str, runs: list[str]) -> None:
        """A generated page's HTML, just converted, and the runs of raw blocks it holds."""
        try:
            self._converted[page.file.src_uri] = html, cut_points(html, runs)
        except ValueError:  # a run is not there as written: indexed like any other page
            pass

    def index(self, page: Page) -> None:
        """Index a generated page from its search copy (or have it indexed, and hold its place),
        unless another plugin changed its HTML since it was converted."""
        html, points = self._converted.pop(page.file.src_uri, (None, []))
        search = page.meta.get("search")
        if html is None or page.content is not html or (isinstance(search, dict) and search.get("exclude")):
            return  # a page left out of search: Material's plugin, which gets it, leaves it out
        self._indexed.add(page.file.src_uri)
        if self._parsing is not None:
            self._parsing.send((page.file.src_uri, pieces(html, points)))
            self._index.entries.append(_Parsing(page))
        else:
            self._add(SimpleNamespace(content=search_copy(pieces(html, points)), toc=[], url=page.url,
                                      title=page.title, meta=page.meta, file=page.file))

    @property
    def search_index(self) -> Any:
        """Material's search index of this build."""
        return self._index

    def finish(self) -> bool:
        """Put the entries parsed in the other process in their places; False if it failed."""
        if self._parsing is None:
            return True
        parsing, self._parsing = self._parsing, None
        parsed = parsing.results()
        if parsed is None:
            return False
        sections, entries = dict(parsed), self._index.entries
        self._index.entries = []
        for entry in entries:
            if isinstance(entry, _Parsing):
                for section in sections[entry.page.file.src_uri]:  # as Material's add_entry_from_context does
                    self._index.create_entry_for_section(section, [], entry.page.url, entry.page)
            else:
                self._index.entries.append(entry)
        return True

    def stop(self) -> None:
        if self._parsing is not None:
            self._parsing.stop()
            self._parsing = None


class _Parsing:
    """Where a generated page's entries go in Material's search index, once parsed."""

    def __init__(self, page: Page):
        self.page = page


def _as_expected(index: Any) -> bool:
    """Whether Material's search index has the parts this module uses."""
    return all(callable(getattr(index, name, None)) for name in ("add_entry_from_context", "create_entry_for_section")) \
        and isinstance(getattr(index, "entries", None), list)


def _sections(page: tuple[str, list[str]]) -> tuple[str, list[SimpleNamespace]]:
    """A generated page's sections as Material's parser finds them in its search copy (but those it
    excludes), as what its index entries are made of: plain strings, which cross between processes
    cheaply."""
    from material.plugins.search.plugin import Parser

    path, cut = page
    parser = Parser()
    parser.feed(search_copy(cut))
    parser.close()
    return path, [SimpleNamespace(id=section.id, title=["".join(section.title)], text=["".join(section.text)])
                  for section in parser.data if not section.is_excluded()]
