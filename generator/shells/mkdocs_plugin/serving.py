"""What one `mkdocs serve --dirty` session keeps between rebuilds, so that a save re-renders the
pages it reached and no others.

MkDocs 1.6, given `--dirty`, skips a page whose file says it is not modified; a generated file
always says it is. So each rebuild compares every generated file with what the previous rebuild
wrote and marks the unchanged ones as not modified. What skipping would get wrong is put right:
- the navigation: a skipped page has no title until it is read, so its title is kept from the
  previous rebuild; if the navigation differs at all (an article added, a headline changed),
  every page is rendered again, since the theme renders the navigation into each one;
- the search index: MkDocs' dirty builds index only the pages they render (and Material's merge
  assumes one), so each page's entries are kept, and the index is put together in the site's
  order, as a full build writes it. Only with Material's search plugin as this package knows it
  (`material_search.py`); with any other, nothing is skipped. Each page's entries are kept in
  JSON too, so that writing the index encodes only the pages rendered;
- pages that are gone (an article removed, a page's old place after `use_directory_urls`
  changed) are deleted from the served site, unless a file writes the same place now;
- the site's own pages that list the articles are rendered again when the list changes;
- the theme's own pages (the sitemap, the 404 page) are written again only when the navigation
  or the set of pages changed: they show nothing else a save can change;
- a change to mkdocs.yml or to the theme's overrides (`custom_dir`, which `--watch-theme`
  watches), or a failed rebuild, makes the next rebuild render everything.

The theme's templates are compiled once per session, not once per rebuild (MkDocs makes a new
Jinja environment for each): Jinja's bytecode cache keeps them, checked against each template's
source, and forgotten when mkdocs.yml or the overrides change.

Python's cycle collector is paused while a rebuild runs: with the site in memory, one full
collection takes half a second, and would land in a random rebuild. What a rebuild leaves is
frozen (never walked), and collected once the preview has been quiet for a second.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from pathlib import Path
from types import CodeType

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ...pipeline import Result
from ...render import Rendering
from ..cache import MemoryCache
from .material_search import MaterialSearch, entries_json

THEME_PAGES = frozenset({"sitemap.xml", "404.html"})
"""The theme's pages that show only the navigation and the list of pages."""
QUIET_SECONDS = 1.0
"""How long the preview waits, after a rebuild, before it collects what rebuilds left."""


def mark(file: File, modified: bool) -> None:
    """Say whether MkDocs must build a file again (MkDocs asks `is_modified` under --dirty)."""
    file.is_modified = lambda: modified  # type: ignore[method-assign]  # this file, this build


class CompiledTemplates(BytecodeCache):
    """Jinja's bytecode cache, in memory: each template's code, by template, with the checksum of
    the source it was compiled from (Jinja compiles again when the source differs)."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._code.get(bucket.key, ("", None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)


class ServeSession:
    def __init__(self, skip_pages: bool) -> None:
        self.skip_pages = skip_pages
        """Whether MkDocs was asked to skip unmodified pages (`mkdocs serve --dirty`)."""
        self.articles = MemoryCache()
        """Each article's outcome, while its files are unchanged."""
        self.rendering: Rendering | None = None
        """The previous rebuild's pages, for `generate(since=...)`."""
        self._written: dict[str, str] = {}
        """Generated file path -> what the previous rebuild wrote; empty: render everything."""
        self._destinations: set[str] = set()
        """Where every file of the previous rebuild was written in the served site."""
        self._sources: set[tuple[str, str | None]] = set()
        """Every file of the previous rebuild: its path, and the plugin that generated it (None: the site's own)."""
        self._front_list = ""
        """The list of articles the previous rebuild put on the site's own pages that ask for it."""
        self.listing: set[str] = set()
        """The site's own pages that list the articles (FRONT_PAGE_MARKER), as last rendered."""
        self._pages: dict[str, tuple[str | None, dict]] = {}
        """Page path -> its title and front matter in the previous rebuild."""
        self._navigation: tuple | None = None
        self._urls: tuple[str, ...] = ()
        """Every page's URL in the previous rebuild (the sitemap lists them)."""
        self._config: bytes = b""
        self._entries: dict[str, tuple[list, str]] = {}
        """Page URL -> its search entries in the previous rebuild, and those in JSON."""
        self._skipping = False
        self._rendered: set[str] = set()
        self._files: list[File] = []
        self._collector: threading.Timer | None = None
        self.last_good: Result | None = None
        """The last rebuild without errors: what a broken save shows, under its errors."""
        self.templates = CompiledTemplates()
        """The theme's compiled templates, for each rebuild's Jinja environment."""

    def pause_collection(self) -> None:
        """A rebuild begins: the cycle collector waits (see the module's docstring)."""
        if self._collector is not None:
            self._collector.cancel()
        gc.disable()

    def resume_collection(self) -> None:
        """A rebuild ended: what it left is frozen, and collected after a quiet second."""
        gc.freeze()
        gc.enable()
        self._collector = threading.Timer(QUIET_SECONDS, _collect)
        self._collector.daemon = True
        self._collector.start()

    def start(self, config: MkDocsConfig, search_known: bool) -> None:
        """A rebuild begins: whether it may skip pages (see the module's docstring)."""
        stamp = _configuration(config)
        self._skipping = self.skip_pages and search_known and bool(self._written) and stamp == self._config
        if stamp != self._config:  # the theme, its options or its templates may have changed
            self.templates = CompiledTemplates()
        self._config, self._rendered, self._files = stamp, set(), []

    def generated(self, file: File, content: str) -> None:
        """A generated file: skipped if it is what the previous rebuild wrote."""
        mark(file, not (self._skipping and self._written.get(file.src_uri) == content))
        self._files.append(file)

    def navigation(self, nav: Navigation, files: Files, config: MkDocsConfig, front_list: str = "") -> None:
        """Give skipped pages their titles; if the navigation changed, build every page again; if
        the list of articles changed, the site's own pages that show it (MkDocs would skip them:
        their files are unchanged)."""
        if front_list != self._front_list:
            for path in self.listing:
                if (file := files.src_uris.get(path)) is not None:
                    mark(file, True)
        self._front_list = front_list
        sources = {(file.src_uri, file.generated_by) for file in files}
        for file in files.documentation_pages():  # new to the session (docs/index.md replacing the generated
            if (file.src_uri, file.generated_by) not in self._sources:  # home page): MkDocs goes by file times
                mark(file, True)
        self._sources = sources
        shape = tuple(_shape(nav.items))  # before any title is read: the titles mkdocs.yml and the plugin gave
        urls = tuple(file.url for file in files.documentation_pages())
        changed = shape != self._navigation
        if self._skipping and not changed and urls == self._urls:  # the served site keeps the ones it has
            config.theme.static_templates -= THEME_PAGES
        self._navigation, self._urls = shape, urls
        if not self._skipping:  # everything, the site's own pages too (MkDocs would skip those by their times)
            for file in files:
                mark(file, True)
            return
        for file in files.documentation_pages():
            if file.page is not None and not file.is_modified():
                title, meta = self._pages.get(file.src_uri, (None, {}))
                file.page.title, file.page.meta = title, dict(meta)
        for page in nav.pages:  # a changed page the navigation names by its own title: read it now
            if page.file.is_modified() and page.title is None:
                page.read_source(config)
                changed = changed or page.title != self._pages.get(page.file.src_uri, (None,))[0]
        if changed:
            for file in files:
                mark(file, True)
            self._skipping = False
            config.theme.static_templates |= THEME_PAGES

    def rendered(self, page: Page, lists_articles: bool = False) -> None:
        self._rendered.add(page.url)
        (self.listing.add if lists_articles else self.listing.discard)(page.file.src_uri)

    def render_all(self) -> None:
        """This rebuild renders every page, and so does the next (a rebuild that shows errors)."""
        for file in self._files:
            mark(file, True)
        self._skipping, self._written, self.rendering = False, {}, None

    def finish(self, files: Files, contents: dict[str, str], search: MaterialSearch | None, keep: bool = True) -> None:
        """The rebuild succeeded: complete the search index, delete the pages that are gone, and
        keep what the next rebuild compares with (unless `keep` is false: it showed errors)."""
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        if search is not None:
            search.plugin.search_index_prev = None  # Material's own merge assumes one page per rebuild
            search_index = search.search_index
            mine: dict[str, list] = {}
            for entry in search_index.entries:
                mine.setdefault(entry["location"].split("#")[0], []).append(entry)
            kept = {page.url for page in pages if self._skipping and page.url not in self._rendered}
            entries = {page.url: self._entries.get(page.url, ([], "")) if page.url in kept
                       else (found := mine.get(page.url, []), entries_json(found)) for page in pages}
            search_index.entries = [entry for page in pages for entry in entries[page.url][0]]
            search.write_from([entries[page.url][1] for page in pages])
            self._entries = entries
        # Gone: what the previous rebuild wrote and no file writes now (an article removed, every
        # page's old place after use_directory_urls changed), never a place a file writes again
        # (docs/index.md added: the generated home page's place is now the site's own page's).
        destinations = {file.abs_dest_path for file in files}
        for gone in self._destinations - destinations:
            Path(gone).unlink(missing_ok=True)
        self._destinations, self._written = destinations, dict(contents) if keep else {}
        self._pages = {page.file.src_uri: (page.title, dict(page.meta)) for page in pages}

    def failed(self) -> None:
        """A rebuild failed: the next one renders everything."""
        self._written, self.rendering = {}, None


def _configuration(config: MkDocsConfig) -> bytes:
    """A digest of mkdocs.yml and of the theme's overrides (their names, sizes and times)."""
    digest = hashlib.blake2b(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
    overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    for path in sorted(overrides.rglob("*")) if overrides and overrides.is_dir() else ():
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.digest()


def _shape(items) -> list:
    """The navigation as the theme renders it: titles, URLs and sections, in order."""
    shape: list = []
    for item in items:
        if isinstance(item, Section):
            shape.append(("section", item.title, tuple(_shape(item.children))))
        else:
            shape.append((type(item).__name__, item.title, getattr(item, "url", None)))
    return shape


def _collect() -> None:
    gc.unfreeze()
    gc.collect()
