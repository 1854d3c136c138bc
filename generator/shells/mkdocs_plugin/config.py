"""The plugin's options, as a site's mkdocs.yml writes them under `plugins: - annotations:`."""

from __future__ import annotations

from mkdocs.config import base, config_options


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
