"""Other plugins in the same site (issue 33): each builds as it does without this plugin, and the
generated pages are there. So far: mkdocs-static-i18n, in both of its docs structures, and
Material's blog plugin."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO

pytestmark = pytest.mark.slow
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
I18N = """site_name: A newsroom in two languages
site_url: https://example.org/
theme:
  name: material
plugins:
  - search
  - i18n:
      docs_structure: {structure}
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: fr
          name: Français
          build: true
{annotations}"""
PAGES = {"suffix": {"index.md": "# Home\n\nWelcome.\n", "index.fr.md": "# Accueil\n\nBienvenue.\n",
                    "about.md": "# About\n\nUs.\n", "about.fr.md": "# À propos\n\nNous.\n"},
         "folder": {"en/index.md": "# Home\n\nWelcome.\n", "fr/index.md": "# Accueil\n\nBienvenue.\n",
                    "en/about.md": "# About\n\nUs.\n", "fr/about.md": "# À propos\n\nNous.\n"}}


def _i18n_site(folder: Path, structure: str, annotations: bool) -> Path:
    for path, text in PAGES[structure].items():
        (folder / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / path).write_text(text, "utf-8")
    (folder / "mkdocs.yml").write_text(I18N.format(structure=structure,
                                                   annotations="  - annotations\n" if annotations else ""), "utf-8")
    shutil.copytree(REPO / "tests/fixtures/multi", folder / "annotations")
    return folder


def _built_with_and_without(tmp_path: Path, make_site) -> dict[bool, Path]:
    """`mkdocs build --strict` of the site `make_site(folder, with_plugin)` writes, without this
    plugin and with it; each one's site folder."""
    sites = {}
    for with_plugin in (False, True):
        project = make_site(tmp_path / str(with_plugin), with_plugin)
        result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"], cwd=project,
                                env=ENV, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        sites[with_plugin] = project / "site"
    return sites


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


@pytest.mark.parametrize("structure", ["suffix", "folder"])
def test_an_i18n_site_builds_strictly_with_the_generated_pages_in_each_language(tmp_path, structure):
    """mkdocs-static-i18n reads each file's source path (`abs_src_path`, `None` for in-memory
    files made it fail with a TypeError) and builds each language again under its folder: the
    generated pages go there too, beside the pages of their language (shown in English: the
    annotations' language), and the site's own pages are those it builds without the plugin."""
    sites = _built_with_and_without(tmp_path, lambda folder, plugin: _i18n_site(folder, structure, plugin))
    own, both = _pages(sites[False]), _pages(sites[True])
    assert {"index.html", "about/index.html", "fr/index.html", "fr/about/index.html"} <= own <= both
    for language in ("", "fr/"):
        assert {f"{language}{page}" for page in ("articles/index.html", "articles/2023-07-10-briefing/index.html",
                                                  "glossary/index.html", "people/index.html")} <= both
        article = BeautifulSoup((sites[True] / language / "articles/2023-07-10-briefing/index.html").read_text("utf-8"),
                                "lxml")
        assert article.html["lang"] == (language.strip("/") or "en")
        assert article.select_one(".article-body") and article.select_one("div.annotation-cards[hidden]")
        # Each language build's generated pages speak its language (the annotations stay as written).
        about = article.select_one("details.article-about summary").get_text()
        assert about == ("À propos de ce texte" if language else "About this text")
        # The language's feed and W3C annotations give the addresses of its own pages.
        feed = (sites[True] / language / "feed.xml").read_text("utf-8")
        assert f"https://example.org/{language}articles/2023-07-10-briefing/" in feed
        w3c = (sites[True] / language / "articles/2023-07-10-briefing.jsonld").read_text("utf-8")
        assert f'"https://example.org/{language}articles/2023-07-10-briefing/' in w3c
    for language in ("", "fr/"):  # each language's navigation lists its own pages and the generated ones
        home = BeautifulSoup((sites[True] / language / "index.html").read_text("utf-8"), "lxml")
        sidebar = [a.get_text(" ", strip=True) for a in home.select(".md-sidebar--primary a.md-nav__link")]
        expected = {"Articles", "Personnes", "Glossaire", "À propos"} if language else \
            {"Articles", "People", "Glossary", "About"}
        assert expected <= set(sidebar), sidebar


BLOG = """site_name: A news blog
theme:
  name: material
  font: false
plugins:
  - search
  - blog
{annotations}"""


def test_a_blog_without_a_nav_keeps_its_posts_out_of_the_sidebar(tmp_path):
    """Material's blog plugin takes its posts out of the navigation (`on_files`, priority -50): the
    generated sections are added after it, so the sidebar lists what it lists without this plugin,
    and the generated sections beside it."""
    def blog(project: Path, with_plugin: bool) -> Path:
        (project / "docs/blog/posts").mkdir(parents=True)
        (project / "docs/index.md").write_text("# Home\n\nWelcome.\n")
        (project / "docs/blog/index.md").write_text("# Blog\n")
        for n in range(1, 6):
            (project / f"docs/blog/posts/post-{n}.md").write_text(f"---\ndate: 2024-01-0{n}\n---\n\n# Post {n}\n\nText.\n")
        (project / "mkdocs.yml").write_text(BLOG.format(annotations="  - annotations\n" if with_plugin else ""))
        shutil.copytree(REPO / "tests/fixtures/multi", project / "annotations")
        return project

    sidebars = {}
    for with_plugin, site in _built_with_and_without(tmp_path, blog).items():
        home = BeautifulSoup((site / "index.html").read_text("utf-8"), "lxml")
        sidebars[with_plugin] = [a.get_text(" ", strip=True) for a in home.select(".md-sidebar--primary a.md-nav__link")]
        assert (site / "blog/2024/01/05/post-5/index.html").is_file()
    assert not any(title.startswith("Post ") for title in sidebars[True])
    assert {"Articles", "People", "Glossary"} <= set(sidebars[True])
    assert [title for title in sidebars[True] if title in sidebars[False]] == sidebars[False]


# --- the coexistence suite: a small site with one other plugin, built with and without ours ------

SITE = """site_name: A site of its own
site_url: https://example.org/
theme:
  name: material
  font: false
  features: [navigation.instant]
markdown_extensions: [footnotes, attr_list]
plugins:
  - search
{plugins}{annotations}"""
OWN_PAGES = {
    "index.md": "# Home\n\nWelcome to [our About page](about.md).[^1]\n\n[^1]: A footnote of the site's own.\n",
    "about.md": "---\ntags: [us]\n---\n\n# About\n\nWe write *things*. A [link](https://example.org/).\n",
}
OTHER_PLUGINS = {
    # name: (its mkdocs.yml entry, the files it needs)
    "blog": ("  - blog\n", {"blog/index.md": "# Blog\n",
                            "blog/posts/first.md": "---\ndate: 2024-01-02\n---\n\n# First post\n\nText.\n"}),
    "tags": ("  - tags\n", {}),
    # Material fetches Mermaid for every site; offline, privacy cannot, and fails without this plugin too.
    "privacy": ("  - privacy:\n      assets_exclude: [unpkg.com/mermaid@11/*]\n", {}),
    "offline": ("  - offline\n", {}),
    "awesome-nav": ("  - awesome-nav\n", {}),
    "macros": ("  - macros\n", {"sum.md": "# Sum\n\nOne and one: {{ 1 + 1 }}.\n"}),
    "minify": ("  - minify:\n      minify_html: true\n      minify_js: true\n      minify_css: true\n", {}),
    "glightbox": ("  - glightbox\n", {"picture.md": "# Picture\n\n![A square](square.svg)\n",
                                      "square.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n'}),
    "git-revision-date-localized": ("  - git-revision-date-localized:\n      enable_creation_date: true\n", {}),
    "mkdocstrings": ("  - mkdocstrings:\n      handlers:\n        python:\n          paths: [src]\n",
                     {"api.md": "# API\n\n::: newsroom\n"}),
}
MODULE = '"""The newsroom\'s helpers."""\n\n\ndef headline(text: str) -> str:\n    """A headline in title case."""\n    return text.title()\n'


def _coexisting_site(project: Path, plugin: str, annotations: bool) -> Path:
    entry, files = OTHER_PLUGINS[plugin]
    for path, text in {**OWN_PAGES, **files}.items():
        (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / path).write_text(text, "utf-8")
    (project / "src").mkdir()
    (project / "src/newsroom.py").write_text(MODULE, "utf-8")
    (project / "mkdocs.yml").write_text(SITE.format(plugins=entry, annotations="  - annotations\n" if annotations
                                                    else ""), "utf-8")
    shutil.copytree(REPO / "tests/fixtures/multi", project / "annotations")
    with (project / "annotations/2023-07-10-briefing/source.txt").open("a", encoding="utf-8") as text:
        text.write("\nBraces as written: {{ 1 + 1 }}.\n")  # macros renders Jinja in every page
    if plugin == "git-revision-date-localized":  # it reads each page's history
        git = ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org"]
        subprocess.run([*git, "init", "-q"], cwd=project, check=True)
        subprocess.run([*git, "add", "."], cwd=project, check=True)
        subprocess.run([*git, "commit", "-qm", "The site", "--date", "2024-03-04T12:00:00Z"], cwd=project, check=True,
                       env={**os.environ, "GIT_COMMITTER_DATE": "2024-03-04T12:00:00Z"})
    return project


def _own_page_parts(site: Path, page: str) -> tuple[str, str, list[str]]:
    """What a page of the site's own shows: its content, its head but for our two assets and its
    neighbours in the navigation (rel prev/next), and its sidebar's entries."""
    text = re.sub(r'\s*<(link|script) [^>]*(=["\']?[./]*assets/annotations\.(css|js)|rel="?(prev|next))[^>]*>(</script>)?',
                  "", (site / page).read_text("utf-8"))
    html = BeautifulSoup(text, "lxml")
    sidebar = [a.get_text(" ", strip=True) for a in html.select(".md-sidebar--primary a.md-nav__link")]
    return str(html.select_one("article")), str(html.head), sidebar


@pytest.mark.parametrize("plugin", OTHER_PLUGINS)
def test_the_plugin_beside_another_changes_nothing_of_the_sites_own_pages(tmp_path, plugin):
    """The coexistence suite (issue 33): a small site with one other plugin builds `--strict` with
    this plugin as without it; the generated pages are there; each page of the site's own is the
    same (its content, its head but for our stylesheet and script) and its sidebar lists what it
    listed, in the same order, with the generated sections added."""
    sites = _built_with_and_without(tmp_path, lambda folder, annotations: _coexisting_site(folder, plugin, annotations))
    own = sorted(p.relative_to(sites[False]).as_posix() for p in sites[False].rglob("*.html"))
    assert "index.html" in own
    for page in own:
        before, after = _own_page_parts(sites[False], page), _own_page_parts(sites[True], page)
        assert after[0] == before[0], page
        assert after[1] == before[1], page
        assert [entry for entry in after[2] if entry in before[2]] == before[2], page
    assert {"Articles", "People", "Glossary"} <= set(_own_page_parts(sites[True], "index.html")[2])
    article_page = next(sites[True].glob("articles/2023-07-10-briefing*.html"), None) or \
        sites[True] / "articles/2023-07-10-briefing/index.html"  # the offline plugin turns directory URLs off
    article = BeautifulSoup(article_page.read_text("utf-8"), "lxml")
    assert article.select_one(".article-body") and article.select_one("div.annotation-cards[hidden]")
    assert "Braces as written: {{ 1 + 1 }}." in article.select_one(".article-body").get_text()
    assert not list(sites[True].rglob(".nav.yml"))
    assert "Leaders gather in Vilnius" in _own_page_parts(sites[True], "index.html")[2]  # the newest article
    if plugin == "git-revision-date-localized":  # the site's own page has its commit's date; ours no false one
        assert "March 4, 2024" in (sites[True] / "about/index.html").read_text("utf-8")
        assert "git-revision-date-localized-plugin" not in article.select_one("article").decode()


def test_an_i18n_site_with_pagefind_gets_an_index_per_language_build(tmp_path, browser):
    """With `search: pagefind`, each mkdocs-static-i18n language build writes its own index in its
    folder (the French pages' under fr/), and a French page's results lead to French pages."""
    from tests.conftest import search_results

    project = _i18n_site(tmp_path, "suffix", True)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - search\n", "").replace(
        "  - annotations\n", "  - annotations:\n      search: pagefind\n"), "utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"], cwd=project,
                            env=ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    import json

    english = json.loads((site / "pagefind/pagefind-entry.json").read_text())["languages"]
    french = json.loads((site / "fr/pagefind/pagefind-entry.json").read_text())["languages"]
    assert set(english) == {"en"} and set(french) == {"fr"}
    results = search_results(browser, site, "fr/about/", "Nous")
    assert results and all(link.startswith("fr/") for link in results), results
    assert set(results.values()) == {200}, results
