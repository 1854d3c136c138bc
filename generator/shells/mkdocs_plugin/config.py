"""The plugin's options, as a site's mkdocs.yml writes them under `plugins: - annotations:`."""

from __future__ import annotations

from mkdocs.config import base, config_options

from ...export.search import ENGINES
from ...model import prefix_refusal
from ...render.markup import edit_url_refusal


class _Jobs(config_options.Type):
    def run_validation(self, value):
        value = super().run_validation(value)
        if isinstance(value, bool) or value < 0:
            raise base.ValidationError(f"must be 0 (one process per core) or a number of processes, not {value!r}")
        return value


class _EditUrl(config_options.Type):
    def run_validation(self, value):
        value = super().run_validation(value)
        refusal = value and edit_url_refusal(value)
        if refusal:
            raise base.ValidationError(f"{value!r}: {refusal}")
        return value


class _Prefix(config_options.Type):
    def run_validation(self, value):
        value = super().run_validation(value)
        refusal = prefix_refusal(value)
        if refusal:
            raise base.ValidationError(f"{value!r}: {refusal}")
        return value


class AnnotationsConfig(base.Config):
    dir = config_options.Type(str, default="annotations")
    """The annotations folder, relative to mkdocs.yml."""
    link_mentions = config_options.Choice(("first", "every"), default="first")
    """Link the first mention of each person or term in an article to its entry, or every one."""
    edit_url = _EditUrl(str, default="")
    """"Edit" links on every note, quote, term and person: a URL template with {path} and {line},
    e.g. https://github.com/ORG/REPO/blob/main/{path}#L{line} (no request leaves the site for it)."""
    jobs = _Jobs(int, default=0)
    """Processes to share the articles among (0: one per core; `mkdocs serve` uses one)."""
    editors = config_options.Type(str, default="")
    """Who edits the edition, named as the author of its fact-checks (default: the site's name)."""
    cache = config_options.Type(bool, default=True)
    """Keep what each article's stages found (in the user's cache folder, never the repository), so
    that a rebuild does again only the articles that changed."""
    link_cards = config_options.Type(bool, default=True)
    """OpenGraph and Twitter tags in the head of generated pages; false where another plugin
    (Material's social plugin) writes them."""
    linked_data = config_options.Type(bool, default=True)
    """A schema.org JSON-LD block for each generated page; false where another plugin describes them."""
    review_after = config_options.Type(int, default=12)
    """Months after which `check` warns that an entry's last review (`reviewed:`) is old, oldest
    first (0: never); a site that writes no `reviewed:` gets no such warning."""
    site_pages = config_options.Type(bool, default=False)
    """Give the site's own pages a link card and JSON-LD too (off: nothing of them changes)."""
    prefix = _Prefix(str, default="")
    """The folder of the site that everything generated goes in (`news`: news/glossary.md,
    news/articles/, news/assets/...), beside the site's own pages; "" for the site's root."""
    search = config_options.Choice(ENGINES, default="material")
    """The site's search: `material`, the theme's (its `search` plugin, whose index every page
    downloads whole), or `pagefind`, an index split in chunks that only a search fetches, written
    at the end of `mkdocs build` (instead of the `search` plugin; see docs/plugin-and-commands.md)."""
    search_speedup = config_options.Type(bool, default=False)
    """Index the generated pages for Material's search from a copy without their inline markup, in
    another process: a third of `mkdocs build` at 800 articles. Off by default: it reaches into
    Material's search plugin (`material_search.py`), which may change; without Material's plugin
    as this package knows it, it does nothing."""
