"""What one `mkdocs serve --dirty` session keeps between rebuilds, so that a save re-renders the
pages it reached and no others.

MkDocs 1.6, given `--dirty`, renders a page again only when its output is older than its source
file. The generated files are real files (`written.py`), written again only when their content
changed, so MkDocs's own check finds the generated pages an edit reached. What skipping would
get wrong is put right through the same check: a page that must be rendered again although its
source is unchanged has its *output* made older (never its source, which may be a file a person
wrote). That is:
- the navigation: a skipped page has no title until it is read, so its title is kept from the
  previous rebuild; if the navigation differs at all (an article added, a headline changed),
  every page is rendered again, since the theme renders the navigation into each one;
- the search index: a dirty build indexes only the pages it renders, so each page's entries are
  kept, and the index is made whole (`material_search.py`, the one fenced reach into Material).
  With any other search plugin, nothing is skipped;
- pages that are gone (an article removed, a page's old place after `use_directory_urls`
  changed) are deleted from the served site, unless a file writes the same place now;
- the site's own pages that list the articles are rendered again when the list changes, and
  any page new to the session (MkDocs would go by its file's time);
- a change to mkdocs.yml or to the theme's overrides (`custom_dir`, which `--watch-theme`
  watches), or a failed rebuild, makes the next rebuild render everything.

The theme's templates are compiled once per session, not once per rebuild (MkDocs makes a new
Jinja environment for each): Jinja's bytecode cache keeps them, checked against each template's
source, and forgotten when mkdocs.yml or the overrides change.
"""

from __future__ import annotations

import hashlib
import os
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
from .material_search import DirtySearchIndex


def render_again(file: File) -> None:
    """Have MkDocs build a file again under --dirty although its source is unchanged: its output
    is made older than its source (MkDocs compares their times)."""
    try:
        os.utime(file.abs_dest_path, (0, 0))
    except FileNotFoundError:  # not written yet: MkDocs builds it
        pass


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
        self._complete = False
        """Whether the previous rebuild succeeded: else, the next renders everything."""
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
        self._config: bytes = b""
        self._skipping = False
        self._rendered: set[str] = set()
        self.search: DirtySearchIndex | None = None
        self.last_good: Result | None = None
        """The last rebuild without errors: what a broken save shows, under its errors."""
        self.templates = CompiledTemplates()
        """The theme's compiled templates, for each rebuild's Jinja environment."""

    def start(self, config: MkDocsConfig) -> None:
        """A rebuild begins: whether it may skip pages (see the module's docstring)."""
        stamp = _configuration(config)
        if self.skip_pages and (self.search is None or stamp != self._config):
            self.search = DirtySearchIndex.detect(config)
        self._skipping = self.skip_pages and self.search is not None and self._complete and stamp == self._config
        if stamp != self._config:  # the theme, its options or its templates may have changed
            self.templates = CompiledTemplates()
        self._config, self._rendered, self._complete = stamp, set(), False

    def navigation(self, nav: Navigation, files: Files, config: MkDocsConfig, front_list: str = "") -> None:
        """Give skipped pages their titles; if the navigation changed, build every page again; if
        the list of articles changed, the site's own pages that show it."""
        if not self.skip_pages:  # MkDocs renders every page
            return
        if front_list != self._front_list:
            for path in self.listing:
                if (file := files.src_uris.get(path)) is not None:
                    render_again(file)
        self._front_list = front_list
        sources = {(file.src_uri, file.generated_by) for file in files}
        for file in files:  # new to the session (docs/index.md replacing the generated home page)
            if (file.src_uri, file.generated_by) not in self._sources:
                render_again(file)
        self._sources = sources
        shape = tuple(_shape(nav.items))  # before any title is read: the titles mkdocs.yml and the plugin gave
        changed = shape != self._navigation
        self._navigation = shape
        if self._skipping:
            modified = {file.src_uri for file in files.documentation_pages() if file.is_modified()}
            for file in files.documentation_pages():
                if file.page is not None and file.src_uri not in modified:
                    title, meta = self._pages.get(file.src_uri, (None, {}))
                    file.page.title, file.page.meta = title, dict(meta)
            for page in nav.pages:  # a changed page the navigation names by its own title: read it now
                if page.file.src_uri in modified and page.title is None:
                    page.read_source(config)
                    changed = changed or page.title != self._pages.get(page.file.src_uri, (None,))[0]
        if changed or not self._skipping:  # everything, the site's own pages too
            for file in files:
                render_again(file)
            self._skipping = False

    def rendered(self, page: Page, lists_articles: bool = False) -> None:
        self._rendered.add(page.url)
        (self.listing.add if lists_articles else self.listing.discard)(page.file.src_uri)

    def render_all(self) -> None:
        """This rebuild shows errors on every page, and the next renders every page again."""
        self._skipping, self.rendering = False, None

    def finish(self, files: Files, keep: bool = True) -> None:
        """The rebuild succeeded: complete the search index, delete the pages that are gone, and
        keep what the next rebuild compares with (unless `keep` is false: it showed errors)."""
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        if self.search is not None:
            self.search.complete(pages, self._rendered)
        # Gone: what the previous rebuild wrote and no file writes now (an article removed, every
        # page's old place after use_directory_urls changed), never a place a file writes again
        # (docs/index.md added: the generated home page's place is now the site's own page's).
        destinations = {file.abs_dest_path for file in files}
        for gone in self._destinations - destinations:
            Path(gone).unlink(missing_ok=True)
        self._destinations, self._complete = destinations, keep
        self._pages = {page.file.src_uri: (page.title, dict(page.meta)) for page in pages}

    def failed(self) -> None:
        """A rebuild failed: the next one renders everything."""
        self._complete, self.rendering = False, None


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
