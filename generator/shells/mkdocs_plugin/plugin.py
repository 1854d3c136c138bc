"""The MkDocs plugin: hooks that call the pipeline and hand its pages to MkDocs.

`plugins: [search, annotations]` is all a site needs: the plugin turns on the Markdown extensions
the pages use, adds the generated pages and their stylesheet and script to the build (nothing is
written into docs/), puts them in the navigation, and has `mkdocs serve` watch the annotations.
Errors stop the build with the same messages as `python -m generator check`.

State: everything a build finds is set in `on_config`, at the start of each build, so nothing
leaks from one build into the next (`mkdocs serve` keeps a plugin that has `on_startup` between
rebuilds, and one process may build several sites). Only what serving needs is kept on purpose,
from `on_startup` on: whether MkDocs serves, and the session (`serving.py`) through which a
rebuild renders only what an edit reached.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ...export.search import SearchIndexFailed, write_search_index
from ...model import Options, Problem, Severity, SiteSettings, folder_prefix
from ...pipeline import FinishedSite, Result, finished_site, generate
from ...render.entries import FRONT_PAGE_MARKER
from ...render.paths import ARTICLES_INDEX, FRONT_PAGE, SCRIPT, SEARCH_SCRIPT, STYLESHEET
from ..cache import ArticleCache, MemoryCache, default_folder, write_cards
from ..files import PendingRefused, finish_pending
from ..report import error_banner, format_problems, problem_text
from ..runners import ProcessPool, can_fork, cycle_collection_paused
from .config import AnnotationsConfig
from .exports import BackgroundExports
from .material_search import SearchSpeedUp
from .nav import AWESOME_NAV_FILE, awesome_nav_files, nav_entries, nav_paths, with_generated
from .raw_html import RawBlocks
from .serving import ServeSession
from .written import WrittenFiles

log = logging.getLogger("mkdocs.plugins.annotations")
GIT_DATE_KEYS = ("git_revision_date_localized", "git_creation_date_localized", "git_site_revision_date_localized")
"""The page meta keys through which mkdocs-git-revision-date-localized gives a page's dates to the theme."""
EXTENSIONS = ("toc", "attr_list", "md_in_html")
"""The Markdown extensions the generated pages use."""


def output_root(files: Files) -> str:
    """The folder this build writes the site's home page in: "" but in a build that another plugin
    places under a folder of the site (mkdocs-static-i18n's `fr/` for French), where the generated
    files go too, beside the pages of their language."""
    home = files.get_file_from_path(FRONT_PAGE)
    if home is None or home.generated_by == "annotations":
        return ""
    return posixpath.dirname(home.dest_uri)


class AnnotationsPlugin(BasePlugin[AnnotationsConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self.session: ServeSession | None = None
        self.server: LiveReloadServer | None = None
        self.watched: str | None = None
        """The annotations folder the server watches."""
        self.written: WrittenFiles | None = None
        """The generated files, kept between the rebuilds of `mkdocs serve`."""
        self.nav_before: tuple[MkDocsConfig | None, list | None] = (None, None)
        """The configuration whose `nav` this plugin added its sections to, and its `nav` before: a
        language build of mkdocs-static-i18n builds the same configuration again (`on_config` too)."""
        self._new_build()

    def _new_build(self) -> None:
        self.root = Path("annotations")
        self.site = FinishedSite({})
        """What the core made of the annotations, for this build."""
        self.files: Files | None = None
        self.listing: set[str] = set()
        """The site's own pages that list the articles (where FRONT_PAGE_MARKER was)."""
        self.problems: list[Problem] = []
        """Errors a rebuild under `mkdocs serve` shows on its pages."""
        self.raw_blocks = RawBlocks()
        self.background = False
        """Whether other processes write the W3C annotations and parse pages for search."""
        self.exports: BackgroundExports | None = None
        self.generated_folder = ""
        """Where in the site folder the generated files go (the W3C annotations, the search index):
        the prefix, in the language's folder."""
        self.output_root = ""
        """The language's folder of the site folder (mkdocs-static-i18n's `fr`), or ""."""
        self.search: SearchSpeedUp | None = None
        self.search_pages: list[tuple[str, bool]] = []
        """With `search: pagefind`, each page built (its path in the site folder) and whether its
        meta leaves it out of search (Material's `search: exclude: true`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # drafts show, marked, only while an annotator previews
        self.session = ServeSession(skip_pages=dirty) if self.serving else None
        if self.serving and dirty:  # MkDocs warns of inaccurate navigation on every save: not here
            log.info("annotations: under --dirty the plugin renders again every page an edit reaches (every page "
                     "when the navigation or mkdocs.yml changes), so MkDocs's warning of inaccurate navigation does "
                     "not apply to the annotated pages")

    def on_shutdown(self) -> None:
        if self.written is not None:
            self.written.close()
            self.written = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._new_build()
        self.root = Path(config.config_file_path or ".").parent / self.config.dir
        config.markdown_extensions[:] = [e for e in config.markdown_extensions if not isinstance(e, RawBlocks)]
        config.markdown_extensions += [e for e in EXTENSIONS if e not in config.markdown_extensions]
        config.markdown_extensions.append(self.raw_blocks)
        prefix = folder_prefix(self.config.prefix)
        config.extra_css += [prefix + STYLESHEET] if prefix + STYLESHEET not in config.extra_css else []
        config.extra_javascript += [prefix + SCRIPT] if prefix + SCRIPT not in config.extra_javascript else []
        if self.config.search == "pagefind":
            if "search" in config.plugins or "material/search" in config.plugins:  # Material names it so
                # it would still have every page download its whole index
                raise PluginError("the annotations plugin's `search: pagefind` replaces the theme's `search` plugin: "
                                  "remove `- search` from `plugins` in mkdocs.yml (the search button stays in the "
                                  "header)")
        if not config.site_url:  # said, not a failure: a URL is never invented
            log.info("annotations: site_url is not set in mkdocs.yml, so the site has no Atom feed and its link "
                     "cards (og:url) carry no URL")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Not while serving (its web server thread makes forking unsafe), nor with `jobs: 1`. The
        # process is forked now, while this one is small: forked once the site is loaded, it would
        # share that memory, and each page this process then wrote to would be copied.
        self.background = not self.serving and self.config.jobs != 1 and can_fork()
        self.search = SearchSpeedUp.detect(config, self.background) if self.config.search_speedup else None

    @event_priority(-110)  # after mkdocs-static-i18n (-100) and Material's blog (-50) have decided their files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        root = output_root(files)
        settings = SiteSettings(site_name=config.site_name, site_url=config.site_url or "",
                                site_description=config.site_description or "",
                                use_directory_urls=config.use_directory_urls,
                                language=str(config.theme.get("language") or "en"),
                                root=str(Path(config.config_file_path or ".").parent), output_folder=root,
                                **{key: self.config[key] for key in SiteSettings.PLUGIN_OPTIONS})
        options = settings.options(drafts=self.serving, today=dt.date.today())
        result = self._generate(options, config)
        self.site = site = finished_site(result, settings, options, own_home=self._has_own_front_page(files))
        # The paths are POSIX already: looked up as they are (`get_file_from_path` parses each one).
        clashes = [path for path in [*site.files, *site.collections.values(), *site.cards] if path in files.src_uris]
        if clashes:  # a person's page, stylesheet or file is never replaced in silence
            raise PluginError(f"docs/ has files where the annotations plugin writes its own: {', '.join(clashes)}; "
                              "rename or remove them, or give the plugin a folder of its own with its `prefix` "
                              "option (e.g. `prefix: news`)")
        listed, nav_files = self._place_in_navigation(files, config, root)
        if self.config.search == "pagefind":
            # The language's own copy (mkdocs-static-i18n's fr/...): the script finds the index beside it.
            script = posixpath.join(root, site.prefix + SEARCH_SCRIPT)
            config.extra_javascript[:] = [*(entry for entry in config.extra_javascript
                                            if not str(getattr(entry, "path", entry)).endswith(SEARCH_SCRIPT)), script]
        if self.written is None:
            self.written = WrittenFiles()
        self.written.write(site.files | nav_files)
        for path in [*site.files, *nav_files]:
            # A page the navigation leaves out (a person's, an older article's) is not listed on every
            # build; a navigation file is read by its plugin, never published.
            inclusion = InclusionLevel.NOT_IN_NAV if path in site.pages and path not in listed \
                else InclusionLevel.EXCLUDED if path in nav_files else InclusionLevel.UNDEFINED
            file = File.generated(config, path, abs_src_path=self.written.path(path), inclusion=inclusion)
            if root:
                file.dest_uri = f"{root}/{file.dest_uri}"
            files.append(file)
        self.files = files
        self.generated_folder = posixpath.join(root, site.prefix)
        self.output_root = root
        if self.background:
            # The cards too: drawing 3,000 takes 24 s, which the other core spends beside MkDocs.
            cards = {path.removeprefix(site.prefix): card for path, card in site.cards.items()}
            self.exports = BackgroundExports(result.annotated, result.site, options, cards, self._card_cache())
        return files

    def _place_in_navigation(self, files: Files, config: MkDocsConfig, root: str) -> tuple[set[str], dict[str, str]]:
        """Adds the generated sections to the site's navigation: the pages it then lists, and the
        navigation files another plugin reads (mkdocs-awesome-nav's), by path."""
        site, navigation = self.site, nav_entries(self.site.outline)
        awesome_nav = config.plugins.get("awesome-nav")
        if awesome_nav is not None:  # it makes the navigation from the files: a `nav` of ours would be replaced
            nav_files = awesome_nav_files(site.outline, awesome_nav.config.get("filename", AWESOME_NAV_FILE))
            # A folder's own file of the site's stays in charge.
            return nav_paths(navigation), {path: text for path, text in nav_files.items() if path not in files.src_uris}
        user_pages = sorted(files.documentation_pages(), key=file_sort_key)
        home = next((f.src_uri for f in user_pages if f.dest_uri == posixpath.join(root, "index.html")), None)
        changed, before = self.nav_before
        own_nav = before if changed is config else config.nav
        config.nav = with_generated(own_nav, [f.src_uri for f in user_pages], navigation, site.pages, home)
        self.nav_before = (config, own_nav)
        return nav_paths(config.nav), {}

    def _has_own_front_page(self, files: Files) -> bool:
        """Whether the site has its own page where the front page goes (a home page of its own)."""
        return files.get_file_from_path(folder_prefix(self.config.prefix) + FRONT_PAGE) is not None

    def _generate(self, options: Options, config: MkDocsConfig) -> Result:
        """The core's result for this build; while serving, the last good one under its errors."""
        on_disk = ArticleCache(default_folder(self.root)) if self.config.cache else None
        cache: ArticleCache | MemoryCache | None = on_disk
        if self.session is not None:  # articles whose files are unchanged since the last rebuild: from memory
            self._watch_annotations()
            self.session.start(config)
            self.session.articles.fallback = on_disk
            cache = self.session.articles
        refused = self._finish_pending()
        if refused:
            result = Result(problems=refused)
        else:
            with cycle_collection_paused():
                result = generate(self.root, options, ProcessPool(self.config.jobs), cache,
                                  exports=not self.background, since=self.session.rendering if self.session else None)
        for problem in result.problems:
            if problem.severity == Severity.WARNING:
                log.info(problem_text(problem))
        if self.session is None:
            if not result.ok:
                raise PluginError("annotation errors:\n" + format_problems(result.problems))
            return result
        self.session.rendering = result.rendering
        if result.ok:
            self.session.last_good = result
            return result
        # While serving, the loop never breaks: the errors go to the terminal and onto every page
        # built, over the last pages that were right, until a save mends them.
        self.problems = [p for p in result.problems if p.severity == Severity.ERROR]
        log.error("annotation errors:\n" + format_problems(self.problems))
        self.session.render_all()
        return self.session.last_good or Result(pages={ARTICLES_INDEX: "# Articles\n"}, site=result.site)

    def _finish_pending(self) -> list[Problem]:
        """Finishes a rewrite (`check --fix`, `fmt`) killed half-way before its files are read; the
        problem that stops the build if the staging folder is not one this tool wrote."""
        if not self.root.is_dir():
            return []
        try:
            for finished in finish_pending(self.root):
                log.info(f"annotations: finished the rewrite of {finished} that an interrupted run had begun")
        except PendingRefused as refused:
            return [refused.problem]
        return []

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.session is not None:
            self.session.navigation(nav, files, config, self.site.front_list)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.session is not None:  # the templates compiled by earlier rebuilds
            env.bytecode_cache = self.session.templates
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if page.file.src_uri == self.site.front_page and FRONT_PAGE_MARKER in markdown:
            markdown = markdown.replace(FRONT_PAGE_MARKER, self.site.front_list, 1)
            self.listing.add(page.file.src_uri)
        generated = page.file.src_uri in self.site.pages
        self.raw_blocks.page = page.file.src_uri if generated else None
        if generated:
            page.edit_url = None  # no source file to edit
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.problems:
            html = error_banner(self.problems, Path(config.config_file_path or ".").parent) + html
        if page.file.src_uri in self.site.pages:
            # A generated page has no history of its own: the build's time, which the git date plugins
            # give it (mkdocs-git-revision-date-localized), is no date of its text; its theme shows none.
            for key in [key for key in page.meta if key.startswith(GIT_DATE_KEYS)]:
                del page.meta[key]
        if self.search is not None and self.raw_blocks.page == page.file.src_uri:
            self.search.converted(page, html, self.raw_blocks.runs)
        self.raw_blocks.page = None
        return html

    @event_priority(100)  # before the search plugin indexes the page
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        if self.search is not None and page.file.src_uri in self.site.pages:
            self.search.index(page)
        if self.session is not None:
            self.session.rendered(page, lists_articles=page.file.src_uri in self.listing)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Adds the page's head tags (`FinishedSite.head`): a theme-independent edit of the head."""
        if self.config.search == "pagefind":
            search_meta = page.meta.get("search")
            self.search_pages.append((page.file.dest_uri, isinstance(search_meta, dict) and bool(search_meta.get("exclude"))))
        if "</head>" not in output:
            return output
        description = str(page.meta.get("description") or config.site_description or "")
        title = config.site_name if page.is_homepage or not page.title else page.title  # as Material's <title>
        tags = self.site.head(page.file.src_uri, page.file.dest_uri, title, description, page.canonical_url,
                              lists_articles=page.file.src_uri in self.listing)
        return output.replace("</head>", tags + "\n</head>", 1) if tags else output

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        search, exports, self.search, self.exports = self.search, self.exports, None, None
        if search is not None and not search.finish():
            raise PluginError("indexing the generated pages for search failed (its process ended early)")
        if exports is not None and not exports.finish(Path(config.site_dir) / self.generated_folder):
            raise PluginError("writing the W3C annotations and link-card images of the articles failed")
        self._write_cards(Path(config.site_dir))
        if self.config.search == "pagefind":
            self._write_search_index(Path(config.site_dir))
        if self.session is not None and self.files is not None:
            self.session.finish(self.files, keep=not self.problems)

    def _card_cache(self) -> Path | None:
        return default_folder(self.root) if self.config.cache else None

    def _write_cards(self, site_dir: Path) -> None:
        """The link cards' images, kept in the cache between builds (drawn here where no process
        in the background draws them)."""
        if self.serving or self.background or not self.site.cards:  # a preview's rebuild stays quick
            return
        write_cards(self.site.cards, self._card_cache(), site_dir / self.output_root)

    def _write_search_index(self, site_dir: Path) -> None:
        """Pagefind's index of the pages this build wrote, beside the generated assets."""
        if self.serving:  # a preview's rebuild stays quick: the search button says search is not here
            log.info("annotations: `mkdocs serve` writes no search index (`search: pagefind`); `mkdocs build` does")
            return
        pages = [path for path, excluded in self.search_pages
                 if not excluded and path.endswith(".html") and posixpath.basename(path) != "404.html"]
        try:
            count = write_search_index(site_dir, pages, self.generated_folder)
        except SearchIndexFailed as failed:
            raise PluginError(str(failed)) from None
        log.info(f"annotations: indexed {count} pages for search (Pagefind)")

    def on_build_error(self, *, error: Exception) -> None:
        if self.session is not None:
            self.session.failed()
        for running in (self.search, self.exports):
            if running is not None:
                running.stop()
        self.search = self.exports = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer | None:
        self.server = server
        self._watch_annotations()
        return server

    def _watch_annotations(self) -> None:
        """Have the server watch the annotations folder, and follow `dir` when mkdocs.yml changes it
        (MkDocs calls `on_serve` once a session)."""
        folder = str(self.root.resolve())
        if self.server is None or folder == self.watched or not self.root.is_dir():
            return
        if self.watched is not None:
            self.server.unwatch(self.watched)
        self.server.watch(folder)
        self.watched = folder
