"""Other plugins in the same site (issue 33): each builds as it does without this plugin, and the
generated pages are there. So far: mkdocs-static-i18n, in both of its docs structures, and
Material's blog plugin."""

from __future__ import annotations

import os
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


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


@pytest.mark.parametrize("structure", ["suffix", "folder"])
def test_an_i18n_site_builds_strictly_with_the_generated_pages_in_each_language(tmp_path, structure):
    """mkdocs-static-i18n reads each file's source path (`abs_src_path`, `None` for in-memory
    files made it fail with a TypeError) and builds each language again under its folder: the
    generated pages go there too, beside the pages of their language (shown in English: the
    annotations' language), and the site's own pages are those it builds without the plugin."""
    sites = {}
    for with_plugin in (False, True):
        project = _i18n_site(tmp_path / str(with_plugin), structure, with_plugin)
        result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"], cwd=project,
                                env=ENV, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        sites[with_plugin] = project / "site"
    own, both = _pages(sites[False]), _pages(sites[True])
    assert {"index.html", "about/index.html", "fr/index.html", "fr/about/index.html"} <= own <= both
    for language in ("", "fr/"):
        assert {f"{language}{page}" for page in ("articles/index.html", "articles/2023-07-10-briefing/index.html",
                                                  "glossary/index.html", "people/index.html")} <= both
        article = BeautifulSoup((sites[True] / language / "articles/2023-07-10-briefing/index.html").read_text("utf-8"),
                                "lxml")
        assert article.html["lang"] == (language.strip("/") or "en")
        assert article.select_one(".article-body") and article.select_one("div.annotation-cards[hidden]")
    if structure == "suffix":  # the folder structure's navigation does not list them yet (issue 33)
        french_home = BeautifulSoup((sites[True] / "fr/index.html").read_text("utf-8"), "lxml")
        assert french_home.select_one('a[href$="articles/"]') is not None  # the French navigation lists them


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
    sidebars = {}
    for with_plugin in (False, True):
        project = tmp_path / str(with_plugin)
        (project / "docs/blog/posts").mkdir(parents=True)
        (project / "docs/index.md").write_text("# Home\n\nWelcome.\n")
        (project / "docs/blog/index.md").write_text("# Blog\n")
        for n in range(1, 6):
            (project / f"docs/blog/posts/post-{n}.md").write_text(f"---\ndate: 2024-01-0{n}\n---\n\n# Post {n}\n\nText.\n")
        (project / "mkdocs.yml").write_text(BLOG.format(annotations="  - annotations\n" if with_plugin else ""))
        shutil.copytree(REPO / "tests/fixtures/multi", project / "annotations")
        result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"], cwd=project,
                                env=ENV, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        home = BeautifulSoup((project / "site/index.html").read_text("utf-8"), "lxml")
        sidebars[with_plugin] = [a.get_text(" ", strip=True) for a in home.select(".md-sidebar--primary a.md-nav__link")]
        assert (project / "site/blog/2024/01/05/post-5/index.html").is_file()
    assert not any(title.startswith("Post ") for title in sidebars[True])
    assert {"Articles", "People", "Glossary"} <= set(sidebars[True])
    assert [title for title in sidebars[True] if title in sidebars[False]] == sidebars[False]
