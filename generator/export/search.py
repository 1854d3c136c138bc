"""Search that scales with the archive: a Pagefind index of the built site.

Material's search has every page fetch the whole index (12 MB gzipped at 3,000 synthetic
articles) whether the reader searches or not. Pagefind splits its index into chunks that a query
fetches as it needs them, and the script (`assets/annotations-search.js`) loads nothing of it until a reader opens
search. The index is made from the finished HTML, so it comes after the builder: the MkDocs plugin
writes it at the end of `mkdocs build` (option `search: pagefind`), and
`python -m generator search-index SITE` writes it after any other builder (Zensical's, say).
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from ..render.language import Words
from ..render.paths import SEARCH_SCRIPT, minified
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


def search_script(words: Words, folder: str = "") -> str:
    """The search button and dialog's script, served in `folder` (the prefix, in the language's
    folder), in the site's language (Pagefind's interface speaks the page's `<html lang>` itself),
    with the way from it to the site's root, from which results give each page's address."""
    depth = len([part for part in f"{folder}/{SEARCH_SCRIPT}".split("/") if part]) - 1
    site = {"root": "../" * depth, "labels": {
        "search": words("Search"), "close": words("Close"),
        "unavailable": words("Search is not available on this copy of the site.")}}
    script = resources.files("generator").joinpath(SEARCH_SCRIPT).read_text("utf-8")
    return minified(SEARCH_SCRIPT, re.sub(r"var SITE = \{.*?\}\};", lambda _: f"var SITE = {script_json(site)};",
                                          script, count=1))


class SearchIndexFailed(Exception):
    """The index could not be written: Pagefind missing, or its binary stopped. The message says why."""


def site_pages(site_dir: Path, excluded: Iterable[str] = ()) -> list[str]:
    """Every HTML page of a built site (its path there) but the 404 page, Pagefind's own files and
    the paths that match one of the `excluded` patterns (`manual/*`), in a stable order."""
    patterns = list(excluded)
    pages = []
    for file in sorted(site_dir.rglob("*.html")):
        path = file.relative_to(site_dir).as_posix()
        if path == "404.html" or f"/{BUNDLE_FOLDER}/" in f"/{path}" or any(fnmatch.fnmatch(path, p) for p in patterns):
            continue
        pages.append(path)
    return pages


def write_search_index(site_dir: Path, pages: Iterable[str], folder: str = "") -> int:
    """Indexes `pages` (paths in the built site `site_dir`) and writes the index with Pagefind's
    interface into `folder`/pagefind/ there, replacing an earlier one only once the new one is
    whole; the number of pages indexed. Each page's language is its `<html lang>`: a site in
    several languages gets an index per language. Results link to each page's address from the
    site's root, which the search script puts after the root's own address."""
    if importlib.util.find_spec("pagefind") is None:
        raise SearchIndexFailed(f"`search: pagefind` needs the Python package pagefind: {INSTALL_HINT}")
    target = site_dir / folder / BUNDLE_FOLDER
    # Pagefind's command line indexes a folder (its Python API answers ten requests a second): the
    # pages to index are linked into one of their own, at their paths in the site.
    with tempfile.TemporaryDirectory(prefix="search-pages-") as staging:
        for page in pages:
            _link_or_copy(site_dir / page, Path(staging) / page)
        written = target.with_name(f".{BUNDLE_FOLDER}-new")
        shutil.rmtree(written, ignore_errors=True)
        command = [sys.executable, "-m", "pagefind", "--site", staging, "--output-path", str(written), "--silent",
                   "--root-selector", CONTENT_SELECTOR, "--exclude-selectors", ", ".join(LEFT_OUT)]
        run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0 or not (written / "pagefind-entry.json").is_file():
        shutil.rmtree(written, ignore_errors=True)
        said = (run.stderr or run.stdout).strip().splitlines()
        raise SearchIndexFailed(f"Pagefind could not index the site in {site_dir}: "
                                f"{said[-1] if said else f'it ended with code {run.returncode}'}; {INSTALL_HINT}")
    shutil.rmtree(target, ignore_errors=True)
    written.rename(target)
    languages = json.loads((target / "pagefind-entry.json").read_text("utf-8"))["languages"]
    return sum(language["page_count"] for language in languages.values())


def _link_or_copy(source: Path, link: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, link)
    except OSError:  # another file system: a copy
        shutil.copyfile(source, link)
