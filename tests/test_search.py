"""Search that scales (issue 34): the plugin's `search: pagefind` option, the `search-index`
command, and what a reader's browser fetches and finds with them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.export.search import BUNDLE_FOLDER, search_script, site_pages
from generator.render.language import words_for
from tests.conftest import REPO, copy_project, mkdocs_build, search_results, serve_folder

MANUAL = ("manual", "how-to-annotate", "format", "format-reference", "contributing", "anchoring", "plugin-and-commands",
          "html-contract", "security", "architecture")
"""The annotators' manual: the flagship's `search: exclude` pages."""


def _with_pagefind(target: Path, prefix: str = "") -> Path:
    """The flagship's site with the plugin's `search: pagefind` in place of Material's search."""
    project = copy_project(target)
    config = project / "mkdocs.yml"
    text = config.read_text().replace("  - search\n", "", 1)
    option = "      search: pagefind\n" + (f"      prefix: {prefix}\n" if prefix else "")
    text = text.replace("      site_pages: true", option + "      site_pages: true", 1)
    config.write_text(text)
    return project


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory) -> Path:
    project = _with_pagefind(tmp_path_factory.mktemp("pagefind"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_pages_of_a_built_site_leave_out_the_404_page_the_index_and_what_is_excluded(tmp_path):
    for path in ("index.html", "404.html", "a/index.html", "manual/b/index.html", "news/pagefind/x.html",
                 "pagefind/y.html", "news/index.html"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("<html></html>")
    assert site_pages(tmp_path, ["manual/*"]) == ["a/index.html", "index.html", "news/index.html"]


def test_the_search_script_speaks_the_sites_language_and_keeps_its_code():
    english, german = search_script(words_for("en")), search_script(words_for("de"), "fr/news/")
    site_data = re.compile(r"var SITE ?= ?(\{.*?\}\});")  # minified, as served
    site = json.loads(site_data.search(german).group(1))
    assert site["root"] == "../../../" and json.loads(site_data.search(english).group(1))["root"] == "../"
    labels = site["labels"]
    assert labels == {"search": "Suche", "close": "Schließen",
                      "unavailable": words_for("de")("Search is not available on this copy of the site.")}
    assert labels["unavailable"] != "Search is not available on this copy of the site."
    assert site_data.sub("", english) == site_data.sub("", german)  # the same code
    assert len(english) < len((REPO / "generator/assets/annotations-search.js").read_text())


def test_pagefind_indexes_every_page_but_the_manual_and_replaces_materials_index(pagefind_site):
    entry = json.loads((pagefind_site / BUNDLE_FOLDER / "pagefind-entry.json").read_text())
    pages = [p for p in pagefind_site.rglob("*.html")
             if p.name != "404.html" and BUNDLE_FOLDER not in p.parts and p.parts[len(pagefind_site.parts)] not in MANUAL]
    assert entry["languages"]["en"]["page_count"] == len(pages) > 40
    assert not (pagefind_site / "search" / "search_index.json").exists()
    article = (pagefind_site / "articles" / "2023-08-16-nato-land-for-membership" / "index.html").read_text()
    assert "assets/annotations-search.js" in article


def test_pagefind_with_materials_search_still_on_stops_the_build_and_says_what_to_remove(tmp_path):
    project = _with_pagefind(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n", 1))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "`search: pagefind` replaces the theme's `search` plugin: remove `- search` from `plugins`" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_search_index_command_indexes_a_site_any_builder_wrote(tmp_path, built):
    import shutil

    site = tmp_path / "site"
    shutil.copytree(built, site)
    excluded = [arg for name in MANUAL for arg in ("--exclude", f"{name}/*")]
    run = subprocess.run([sys.executable, "-m", "generator", "search-index", str(site), *excluded], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    entry = json.loads((site / BUNDLE_FOLDER / "pagefind-entry.json").read_text())
    count = entry["languages"]["en"]["page_count"]
    assert run.stdout.startswith(f"indexed {count} pages")
    missing = subprocess.run([sys.executable, "-m", "generator", "search-index", str(tmp_path / "none")],
                             cwd=REPO, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "is not a folder" in missing.stderr and "Traceback" not in missing.stderr
    index = (site / BUNDLE_FOLDER / "pagefind-entry.json").read_text()
    broken = subprocess.run([sys.executable, "-m", "generator", "search-index", str(site)], cwd=REPO,
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PAGEFIND_BINARY_PATH": "/bin/false"})  # a binary that fails
    assert broken.returncode == 2 and "Pagefind could not index the site" in broken.stderr
    assert "Traceback" not in broken.stderr
    assert (site / BUNDLE_FOLDER / "pagefind-entry.json").read_text() == index  # the index before stays whole


def test_a_prefixed_site_keeps_its_index_in_the_prefix_and_results_lead_to_every_page(tmp_path, browser):
    project = _with_pagefind(tmp_path, prefix="news")
    home = project / "docs" / "index.md"  # the home page's own links to the generated pages move with them
    home.write_text(re.sub(r"\]\((people/index\.md|glossary\.md)", r"](news/\1", home.read_text()))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert (site / "news" / BUNDLE_FOLDER / "pagefind-entry.json").is_file()
    results = search_results(browser, site, "about/", "Stoltenberg")
    assert any(link.startswith("news/people/") for link in results)
    assert set(results.values()) == {200}, results


def test_a_reader_fetches_nothing_for_search_until_searching_and_lands_on_the_passage(pagefind_site, browser):
    """A page load fetches only the search script (7 KB); the dialog, its interface and the index
    come when the reader opens it; a result opens the article at the paragraph with the words."""
    httpd, base = serve_folder(pagefind_site)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + "articles/2023-08-16-nato-land-for-membership/")
        page.wait_for_load_state("networkidle")
        assert [url for url in requests if "/pagefind/" in url or "search_index" in url] == []
        button = page.locator(".md-header__inner .annotations-search-button")
        assert button.get_attribute("aria-label") == "Search"
        page.keyboard.press("/")
        assert page.evaluate("document.querySelector('dialog.annotations-search').open")
        page.wait_for_selector(".pagefind-ui__search-input")
        assert page.evaluate("document.activeElement.classList.contains('pagefind-ui__search-input')")
        page.keyboard.type("umbrella ridiculous")
        page.wait_for_selector(".pagefind-ui__result-link")
        assert any("/pagefind/" in url for url in requests)
        article = page.locator(".pagefind-ui__result-link[href*='/articles/2023-08-16-nato-land-for-membership/']").first
        href = article.get_attribute("href")
        assert "h=umbrella" in href and "h=ridiculous" in href
        assert not any("/how-to-annotate/" in link or "/format/" in link for link in
                       page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.href)"))
        article.click()
        page.wait_for_load_state("networkidle")
        target = page.locator(".article-body .search-target")
        assert "umbrella" in target.inner_text().lower() and "ridiculous" in target.inner_text().lower()
        box = target.bounding_box()
        assert box is not None and 0 <= box["y"] < 900
        assert not page.evaluate("document.querySelector('dialog.annotations-search')?.open || false")
        page.keyboard.press("Escape")
        page.close()
    finally:
        httpd.shutdown()


def test_a_copy_read_from_files_says_search_is_not_available_there(pagefind_site, browser):
    """Pagefind fetches its index, which a browser refuses to a page read from file://: the dialog says so."""
    page = browser.new_page()
    page.goto((pagefind_site / "about" / "index.html").as_uri())
    page.click(".annotations-search-button")
    dialog = page.locator("dialog.annotations-search")
    assert dialog.is_visible()
    assert "Search is not available on this copy of the site." in dialog.inner_text()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    page.close()
