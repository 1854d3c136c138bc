"""Shared helpers: tiny annotation folders written on the fly, and HTML rendering without MkDocs."""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.shells.mkdocs_plugin.plugin import EXTENSIONS

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory):
    """Builds in the tests keep their article cache in a temporary folder, not the user's."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
SLUG = "2024-01-02-sample"

BASE_FILES = {
    "speakers.yml": """\
        speakers:
          - id: ada-lovelace
            name: Ada Lovelace
            aliases: [Lovelace]
            role: Mathematician
        """,
    "terms.yml": """\
        terms:
          - id: engine
            term: Analytical Engine
            aliases: [the Engine]
            definition: A proposed mechanical computer.
        """,
    f"{SLUG}/source.txt": "Ada Lovelace wrote about the Analytical Engine.\n\n“It weaves patterns,” Lovelace said.\n",
    f"{SLUG}/article.yml": """\
        title: A sample
        date: 2024-01-02
        """,
    f"{SLUG}/context.yml": """\
        quotes:
          - speaker: ada-lovelace
            quote: It weaves patterns,
        notes:
          - id: weaves
            anchor: weaves patterns
            note: A comparison with the Jacquard loom.
            sources:
              - title: Notes
                url: https://example.org/notes
                date: 2024-01-02
        """,
}


def write_site(root: Path, overrides: dict[str, str | bytes | None] | None = None) -> Path:
    """An annotations folder from BASE_FILES; an override of None deletes that file."""
    files = {**BASE_FILES, **(overrides or {})}
    for name, content in files.items():
        if content is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:  # YAML may be written indented in the tests; a source text is written as it is
            path.write_text(textwrap.dedent(content) if name.endswith(".yml") else content, "utf-8")
    return root


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return write_site(tmp_path / "annotations")


def to_html(page_markdown: str) -> str:
    """What MkDocs makes of a generated page, as far as the article's HTML goes."""
    return markdown.markdown(page_markdown, extensions=list(EXTENSIONS))


def paragraphs_shown(html: str) -> list[str]:
    """The text a reader sees in each paragraph of .article-body, footnote markers left out."""
    soup = BeautifulSoup(html, "lxml")
    body = soup.select_one(".article-body")
    for sup in body.find_all("sup"):
        sup.decompose()
    return [collapse(p.get_text()) for p in body.find_all("p")]


def collapse(text: str) -> str:
    """HTML's white-space rule: runs of ASCII white space display as one space."""
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real site, built once per test run with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(REPO, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


# Python-Markdown extensions that site owners commonly enable with Material (its documentation's
# recommendations), pymdownx.snippets included: a site built with all of them must still show
# every source text literally. README.md lists them as known safe.
KNOWN_SAFE_EXTENSIONS = """
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.betterem
  - pymdownx.caret
  - pymdownx.critic
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.magiclink
  - pymdownx.mark
  - pymdownx.smartsymbols
  - pymdownx.snippets:
      base_path: ["."]
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist
  - pymdownx.tilde
"""


def copy_project(target: Path, annotations: Path | None = None, extra_config: str = "") -> Path:
    """The repository's site (mkdocs.yml, docs/, annotations/) copied to `target`, optionally with
    other annotations and more configuration."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    shutil.copytree(annotations or REPO / "annotations", target / "annotations")
    if extra_config:
        config = target / "mkdocs.yml"
        config.write_text(config.read_text() + extra_config)
    return target


# --- a real browser (Debian's Chromium driven by Playwright) and a local server ---------------------

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing at /usr/bin/chromium: .ci/run must install Debian's chromium")
        pytest.skip("no /usr/bin/chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield browser
        browser.close()


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="session")
def server(built):
    httpd, base = serve_folder(built)
    yield base
    httpd.shutdown()




@pytest.fixture
def reader(browser, server):
    """Opens a page of the real site in a new browser context: reader(path, width, height, **options).
    The page records, in `page.failed`, every request that got an error status."""
    contexts = []

    def opened(path: str, width: int = 1280, height: int = 900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.failed = []
        page.on("response", lambda response: response.status >= 400 and page.failed.append(response.url))
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        return page

    yield opened
    for context in contexts:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def refusals(root: Path) -> list[tuple[str, int, int, str]]:
    """The errors a check of `root` reports, as (file below root, line, column, message)."""
    from generator.pipeline import check

    return [(p.origin.path.relative_to(root).as_posix() if p.origin.path.is_relative_to(root) else str(p.origin.path),
             p.origin.line, p.origin.column, p.message) for p in check(root).problems if p.severity == "error"]


def command(capsys, *args: str) -> tuple[int, str, str]:
    """A command run in this process: its exit code, and what it printed to stdout and stderr."""
    from generator.shells.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def search_results(browser, site: Path, path: str, query: str) -> dict[str, int]:
    """The built `site` served, `path` opened, the plugin's Pagefind search run for `query`: each
    result's address and the status it answers with."""
    httpd, base = serve_folder(site)
    try:
        page = browser.new_page()
        page.goto(base + path)
        page.click(".annotations-search-button")
        page.fill(".pagefind-ui__search-input", query)
        page.wait_for_selector(".pagefind-ui__result-link")
        links = page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)")
        results = {link.removeprefix(base): page.request.get(link).status for link in links}
        page.close()
        return results
    finally:
        httpd.shutdown()
