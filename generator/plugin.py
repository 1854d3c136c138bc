"""The MkDocs plugin: a thin shell over `pipeline.generate`.

`plugins: [search, annotations]` is all a site needs: the plugin turns on the Markdown
extensions the pages use, adds the generated pages and their stylesheet to the build (nothing
is written into docs/), puts them in the navigation, and has `mkdocs serve` watch the
annotations. Errors stop the build with the same messages as `python -m generator check`.
"""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, file_sort_key
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils import nest_paths

from .cache import default_folder as default_cache
from .pipeline import generate
from .problems import format_problems
from .pages import article_page, assets, raw_blocks, searchable
from .render import SCRIPT, STYLESHEET, Options
from .parallel import Background, Consumer, can_fork
from .w3c import collection_path, write_collections

log = logging.getLogger("mkdocs.plugins.annotations")
EXTENSIONS = ("toc", "attr_list", "md_in_html")


class AnnotationsConfig(base.Config):
    dir = config_options.Type(str, default="annotations")
    """The annotations folder, relative to mkdocs.yml."""
    link_mentions = config_options.Choice(("first", "every"), default="first")
    """Link the first mention of each person or term in an article to its entry, or every one."""
    edit_url = config_options.Type(str, default="")
    """"Edit" links on every note, quote, term and person: a URL template with {path} and {line},
    e.g. https://github.com/ORG/REPO/blob/main/{path}#L{line} (no request leaves the site for it)."""
    jobs = config_options.Type(int, default=0)
    """Processes to share the articles among (0: one per core; `mkdocs serve` uses one)."""
    cache = config_options.Type(bool, default=True)
    """Keep what each article's stages found (in the user's cache folder, never the repository), so
    that a rebuild does again only the articles that changed."""


class AnnotationsPlugin(BasePlugin[AnnotationsConfig]):
    generated: set[str] = set()
    collections: dict[str, str] = {}
    exporting: Background | None = None
    exports_folder: Path | None = None
    serving = False
    background = False
    raw_blocks: dict[str, list[list[str]]] = {}
    search_content: dict[str, tuple[str, str]] = {}
    full_content: dict[str, tuple[str, TableOfContents]] = {}
    search_index = None
    indexing: Consumer | None = None
    indexed_elsewhere: dict[str, object] = {}

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"  # drafts show, marked, only while an annotator previews
    def on_config(self, config):
        self.root = Path(config.config_file_path or ".").parent / self.config.dir
        for extension in EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_pre_build(self, config):
        # Decided once a build: whether other processes write the W3C annotations and parse the
        # generated pages for the search index while MkDocs renders (not while serving, nor with
        # `jobs: 1`). The parsing process is forked now, while this one is small: forked once the
        # site is loaded, it would share that memory, and each page of it this process then wrote
        # to would be copied.
        self.background = not self.serving and self.config.jobs != 1 and can_fork()
        self.search_index = _material_search_index(config) if self.background else None
        self.indexing = Consumer(_search_sections) if self.search_index is not None else None

    def on_files(self, files: Files, config) -> Files:
        options = Options(link_mentions=self.config.link_mentions, directory_urls=config.use_directory_urls,
                          drafts=self.serving, edit_url=self.config.edit_url,
                          edit_root=str(Path(config.config_file_path or ".").parent), base_url=config.site_url or "")
        cache = default_cache(self.root) if self.config.cache else None
        # While MkDocs renders the pages, other processes write the W3C annotations beside each
        # article (moved into the site folder at the end, as the search plugin writes its index)
        # and parse the generated pages for the search index.
        result = generate(self.root, options, self.config.jobs, cache, exports=not self.background)
        for problem in result.problems:
            if problem.severity != "error":
                log.info(str(problem))
        if not result.ok:
            raise PluginError("annotation errors:\n" + format_problems(result.problems))
        clashes = [path for path in result.pages if files.get_file_from_path(path)]
        if clashes:
            raise PluginError(f"docs/ has pages where the annotations plugin generates its own: {', '.join(clashes)}; "
                              "rename or remove them")
        user_pages = sorted(files.documentation_pages(), key=file_sort_key)
        # The pages, their stylesheet and script, and each article's W3C annotations beside it.
        for path, content in {**result.pages, **assets(), **result.files}.items():
            files.append(File.generated(config, path, content=content))
        if self.background:
            self.exports_folder = Path(tempfile.mkdtemp(prefix="annotations-w3c-"))
            self.exporting = Background(write_collections, result.annotated, result.site, options, self.exports_folder,
                                        nice=10)  # needed last, at the end of the build: the indexing goes first
        self.generated = set(result.pages)
        self.raw_blocks = {}
        self.collections = {article_page(a.article.slug): collection_path(a.article.slug) for a in result.annotated}
        config.nav = _with_generated(config.nav, [f.src_uri for f in user_pages], result.nav, set(result.pages))
        return files

    def on_page_markdown(self, markdown: str, page, config, files):
        """A generated page's raw HTML blocks (an article's text, cards and notes, long lists)
        Python-Markdown would only copy, after parsing them: the bulk of a build's time. Each is
        set aside here behind a placeholder, and put back into the HTML by `on_page_content`."""
        if page.file.src_uri not in self.generated:
            return markdown
        runs = self.raw_blocks[page.file.src_uri] = []  # each run: blocks and the blank lines between
        kept, at = [], 0
        for start, end in raw_blocks(markdown):
            between, block = markdown[at:start], markdown[start:end]
            if runs and not between.strip():  # blocks in a row: one placeholder for them all
                runs[-1] += [between, block]
            else:
                kept += [between, _placeholder(len(runs))]
                runs.append([block])
            at = end
        return "".join(kept) + markdown[at:]

    def on_page_content(self, html: str, page, config, files):
        runs = self.raw_blocks.pop(page.file.src_uri, None)
        if not runs:
            return html
        full = _filled(html, runs)
        if self.indexing is not None:  # indexed by another process while MkDocs goes on (see on_post_build)
            self.indexing.send((page.file.src_uri, html, runs))
            self.search_content[page.file.src_uri] = (full, None)
        else:
            self.search_content[page.file.src_uri] = (full, _search_copy(html, runs))
        return full

    @event_priority(100)  # before the search plugin indexes the page
    def _searchable_content(self, context, page, config, nav):
        """The search index needs a page's text, not its markup: it gets the raw blocks without
        their inline tags (mentions, quotes, note spans, links), which hold no text of their own
        and cost Material's HTML parser more than the text. It gets no table of contents either:
        it looks each heading up in it from the top (a glossary's terms would cost their number
        squared) only to link the heading's id, which it links the same without. The page keeps
        both (see below). Where another process indexes the page, Material's search skips it."""
        if page.file.src_uri in self.generated:
            page.edit_url = None  # generated pages have no source file to edit
        full, searched = self.search_content.pop(page.file.src_uri, (None, None))
        if full is None or page.content != full:  # changed by another plugin: indexed as it is
            return context
        if searched is None:
            self.indexed_elsewhere[page.file.src_uri] = page.meta.get("search", _ABSENT)
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        else:
            self.full_content[page.file.src_uri] = full, page.toc
            page.content, page.toc = searched, TableOfContents([])
        return context

    @event_priority(-100)  # after every other plugin: the page is written with its markup
    def _full_content(self, context, page, config, nav):
        if page.file.src_uri in self.full_content:
            page.content, page.toc = self.full_content.pop(page.file.src_uri)
        if page.file.src_uri in self.indexed_elsewhere:
            search = self.indexed_elsewhere.pop(page.file.src_uri)
            if search is _ABSENT:
                del page.meta["search"]
            else:
                page.meta["search"] = search
            self.search_index.entries.append(_IndexedElsewhere(page))  # its place in the index
        return context

    on_page_context = CombinedEvent(_searchable_content, _full_content)

    def on_post_page(self, output: str, page, config):
        """Links an article page to its annotations (a theme-independent edit of the head)."""
        collection = self.collections.get(page.file.src_uri)
        if not collection or "</head>" not in output:
            return output
        href = posixpath.relpath(collection, posixpath.dirname(page.file.dest_uri))
        link = f'<link rel="alternate" type="application/ld+json" title="W3C Web Annotations" href="{href}">'
        return output.replace("</head>", f"{link}\n</head>", 1)

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, config):
        if self.indexing is not None:
            self._index_generated_pages()
        if self.exporting is None:
            return
        exporting, folder, self.exporting = self.exporting, self.exports_folder, None
        try:
            if not exporting.wait():
                raise PluginError("writing the W3C annotations of the articles failed")
            for written in sorted(folder.rglob("*.jsonld")):
                target = Path(config.site_dir) / written.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(written, target)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _index_generated_pages(self) -> None:
        """Material's search index entries for the generated pages, in their places, from the
        sections another process parsed (Material's own parser, run there: on two cores, the
        search index of a large archive is built beside the pages rather than after each)."""
        indexing, self.indexing = self.indexing, None
        parsed = indexing.results()
        if parsed is None:
            raise PluginError("indexing the generated pages for search failed (its process ended early)")
        sections, index = dict(parsed), self.search_index
        entries, index.entries = index.entries, []
        for entry in entries:
            if isinstance(entry, _IndexedElsewhere):
                for section in sections[entry.page.file.src_uri]:  # as Material's add_entry_from_context does
                    index.create_entry_for_section(section, TableOfContents([]), entry.page.url, entry.page)
            else:
                index.entries.append(entry)

    def on_build_error(self, error):
        if self.indexing is not None:
            self.indexing.stop()
            self.indexing = None
        if self.exporting is not None:
            self.exporting.stop()
            shutil.rmtree(self.exports_folder, ignore_errors=True)
            self.exporting = None

    def on_serve(self, server, config, builder):
        server.watch(str(self.root))
        return server


_ABSENT = object()


class _IndexedElsewhere:
    """Where a generated page's entries go in Material's search index, once parsed."""

    def __init__(self, page):
        self.page = page


def _material_search_index(config):
    """Material's search index, where the site uses Material's search plugin (else None)."""
    for plugin in config.plugins.values():
        if type(plugin).__module__ == "material.plugins.search.plugin" and plugin.config.enabled:
            return plugin.search_index
    return None


def _filled(html: str, runs: list[list[str]], each=str) -> str:
    """A generated page's HTML with its runs of raw blocks (each block through `each`) put back."""
    return _PLACEHOLDER.sub(lambda match: "".join(map(each, runs[int(match.group(1))])), html)


def _search_copy(html: str, runs: list[list[str]]) -> str:
    """A generated page's HTML as the search index reads it (see `pages.searchable`)."""
    return _filled(html, runs, searchable)


def _search_sections(page: tuple[str, str, list[list[str]]]) -> tuple[str, list[SimpleNamespace]]:
    """A generated page's sections as Material's search plugin finds them in its search copy (but
    those it excludes), as what its index entries are made of: plain strings, which cross between
    processes cheaply."""
    from material.plugins.search.plugin import Parser

    path, html, runs = page
    parser = Parser()
    parser.feed(_search_copy(html, runs))
    parser.close()
    return path, [SimpleNamespace(id=section.id, title=["".join(section.title)], text=["".join(section.text)])
                  for section in parser.data if not section.is_excluded()]


def _placeholder(number: int) -> str:
    return f'<div data-annotations-raw="{number}"></div>'


_PLACEHOLDER = re.compile(r'<div data-annotations-raw="(\d+)"></div>')


def _with_generated(user_nav, user_pages: list[str], generated_nav: list, generated: set[str]):
    """The site's navigation with the generated sections after the home page."""
    if user_nav is None:
        base_nav = nest_paths(user_pages)
    elif _mentions_any(user_nav, generated):
        return user_nav  # the site places the generated pages itself
    else:
        base_nav = list(user_nav)
    return base_nav[:1] + generated_nav + base_nav[1:]


def _mentions_any(nav, paths: set[str]) -> bool:
    if isinstance(nav, str):
        return nav in paths
    if isinstance(nav, dict):
        return any(_mentions_any(v, paths) for v in nav.values())
    if isinstance(nav, list):
        return any(_mentions_any(v, paths) for v in nav)
    return False
