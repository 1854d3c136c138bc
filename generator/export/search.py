"""Search that scales with the archive: a Pagefind index of the built site.

Material's search has every page fetch the whole index (13 MB gzipped at 3,000 articles) whether
the reader searches or not. Pagefind splits its index into chunks that a query fetches as it needs
them, and the script (`assets/annotations/search.js`) loads nothing of it until a reader opens
search. The index is made from the finished HTML, so it comes after the builder: the MkDocs plugin
writes it at the end of `mkdocs build` (option `search: pagefind`), and
`python -m generator search-index SITE` writes it after any other builder (Zensical's, say).
"""

from __future__ import annotations

import asyncio
import fnmatch
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..render.language import Words
from ..render.paths import SEARCH_SCRIPT
from ..render.text import script_json

BUNDLE_FOLDER = "pagefind"
"""Where the index and Pagefind's interface go, in the folder everything generated goes in."""
CONTENT_SELECTOR = ".md-content"
"""What a page's search text is: Material's (and Zensical's) content, not its header, navigation or footer."""
LEFT_OUT = ("[data-search-exclude]", ".headerlink", ".md-content__button", ".md-source-file", "a.footnote-ref")
"""Parts of the content a query should not match: the generated pages' lists of links (the same
attribute Material's search honours), heading anchors, edit buttons, the source file's dates, note markers."""
INSTALL_HINT = "install it with `pip install 'annotated-articles[search]'` (Pagefind and its binary)"


ENGINES = ("material", "pagefind")
"""The plugin's option `search`: Material's own search (the site's `search` plugin), or Pagefind's."""


def search_script(words: Words) -> str:
    """The search button and dialog's script, in the site's language (Pagefind's interface
    speaks the page's `<html lang>` itself)."""
    labels = {"search": words("Search"), "close": words("Close"),
              "unavailable": words("Search is not available on this copy of the site.")}
    script = resources.files("generator").joinpath(SEARCH_SCRIPT).read_text("utf-8")
    return re.sub(r"var LABELS = \{.*?\};", lambda _: f"var LABELS = {script_json(labels)};", script, count=1)


class SearchIndexFailed(Exception):
    """The index could not be written: Pagefind missing, or its binary stopped. The message says why."""


@dataclass(frozen=True)
class SearchPage:
    """A built page to index: where it is in the site folder, and its address as search results
    link to it, relative to the folder the index is in (Pagefind puts that folder's own address
    in front of it)."""

    path: str
    url: str


def page_url(dest_path: str, from_folder: str = "") -> str:
    """A built page's address relative to `from_folder` (both from the site's root):
    `articles/a/index.html` -> `articles/a/`, from `news/` -> `../articles/a/`."""
    folder, name = posixpath.split(dest_path)
    target = folder if name == "index.html" else dest_path
    relative = posixpath.relpath(target or ".", from_folder or ".")
    return relative + "/" if name == "index.html" else relative


def site_pages(site_dir: Path, from_folder: str = "", excluded: Iterable[str] = ()) -> list[SearchPage]:
    """Every HTML page of a built site but the 404 page, the index's own folder, and the paths
    that match one of the `excluded` patterns (`manual/*`), in a stable order."""
    patterns = list(excluded)
    bundle = posixpath.join(from_folder, BUNDLE_FOLDER) + "/"
    pages = []
    for file in sorted(site_dir.rglob("*.html")):
        path = file.relative_to(site_dir).as_posix()
        if path == "404.html" or path.startswith(bundle) or any(fnmatch.fnmatch(path, p) for p in patterns):
            continue
        pages.append(SearchPage(path, page_url(path, from_folder)))
    return pages


def write_search_index(site_dir: Path, pages: Iterable[SearchPage], folder: str = "") -> int:
    """Indexes `pages` of the built site in `site_dir` and writes the index with Pagefind's
    interface into `folder`/pagefind/ there (replacing an earlier one); the number of pages indexed.
    Each page's language is its `<html lang>`: a site in several languages gets an index per language."""
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError:
        raise SearchIndexFailed(f"`search: pagefind` needs the Python package pagefind: {INSTALL_HINT}") from None
    config = IndexConfig(root_selector=CONTENT_SELECTOR, exclude_selectors=list(LEFT_OUT))
    output = site_dir / folder / BUNDLE_FOLDER

    async def index_all() -> int:
        count = 0
        async with PagefindIndex(config) as index:
            for page in pages:
                await index.add_html_file(content=(site_dir / page.path).read_text("utf-8"), url=page.url)
                count += 1
            await index.write_files(output_path=str(output))
        return count

    try:
        return asyncio.run(index_all())
    except FileNotFoundError:  # no binary: the wheel `pagefind-bin` is what provides one
        raise SearchIndexFailed(f"Pagefind's binary was not found: {INSTALL_HINT}") from None
    except Exception as exc:  # the service's own errors carry no type of their own
        raise SearchIndexFailed(f"Pagefind could not write the search index in {output}: {exc}") from None
