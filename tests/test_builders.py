"""Builders beyond MkDocs 1.6, and the package beside a site's own versions: ProperDocs builds the
flagship site strictly, Zensical builds its generated Markdown, pip keeps a site's Material 9.7."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.model import split_paragraphs
from tests.conftest import REPO, copy_project

sys.path.insert(0, str(REPO / "benchmarks"))
from run import without_the_plugin  # noqa: E402

pytestmark = pytest.mark.slow
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BIN = Path(sys.executable).parent


def _article(site: Path, slug: str = "2023-08-16-nato-land-for-membership") -> BeautifulSoup:
    return BeautifulSoup((site / "articles" / slug / "index.html").read_text("utf-8"), "lxml")


def test_properdocs_builds_the_flagship_site_strictly_as_mkdocs_does(tmp_path):
    built = {}
    for builder in ("mkdocs", "properdocs"):
        project = copy_project(tmp_path / builder)
        result = subprocess.run([str(BIN / builder), "build", "--strict", "-f", "mkdocs.yml"], cwd=project, env=ENV,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        built[builder] = _article(project / "site").select_one(".article-body")
    assert built["properdocs"] is not None and str(built["properdocs"]) == str(built["mkdocs"])


def test_the_oldest_declared_versions_build_the_flagship_strictly_as_the_newest_do(tmp_path):
    """`mkdocs>=1.6`, `mkdocs-material>=9.5`, `Markdown>=3.6` are promises: CI builds with the lower
    bounds (scripts/test.sh installs them into .venv-oldest), not only with constraints.txt."""
    oldest = os.environ.get("MKDOCS_OLDEST")
    if not oldest or not Path(oldest).is_file():
        if os.environ.get("CI"):
            pytest.fail("no MKDOCS_OLDEST (scripts/test.sh installs the oldest declared versions into .venv-oldest)")
        pytest.skip("no MKDOCS_OLDEST: run scripts/test.sh")
    pins = subprocess.run([sys.executable, str(REPO / "scripts/oldest_versions.py"), "mkdocs", "mkdocs-material",
                           "Markdown"], capture_output=True, text=True, check=True).stdout.split()
    versions = subprocess.run([str(Path(oldest).parent / "python"), "-c", "import importlib.metadata as m; "
                               "print(' '.join(f'{n}=={m.version(n)}' for n in ('mkdocs', 'mkdocs-material', 'Markdown')))"],
                              capture_output=True, text=True, check=True).stdout.split()
    assert [v.removesuffix(".0") for v in versions] == pins  # 1.6.0 is 1.6
    built = {}
    for name, builder in (("newest", str(BIN / "mkdocs")), ("oldest", oldest)):
        project = copy_project(tmp_path / name)
        result = subprocess.run([builder, "build", "--strict"], cwd=project, env=ENV, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, result.stderr
        built[name] = _article(project / "site").select_one(".article-body")
    assert built["oldest"] is not None and str(built["oldest"]) == str(built["newest"])


def zensical() -> str | None:
    found = os.environ.get("ZENSICAL") or shutil.which("zensical")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("no zensical executable (scripts/test.sh installs it into .venv-zensical)")
    pytest.skip("no zensical executable: run scripts/test.sh, or set ZENSICAL")


def test_zensical_builds_the_generated_markdown(tmp_path):
    """The path for builders that run no MkDocs plugin: `generator build --out`, then the builder."""
    executable = zensical()
    generated, project = tmp_path / "generated", tmp_path / "project"
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(generated), "--no-cache",
                             "--base-url", "https://example.org/edition/"], cwd=REPO, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(generated, project / "docs", dirs_exist_ok=True)
    config = without_the_plugin((REPO / "mkdocs.yml").read_text())
    config += ("extra_css: [assets/annotations.css]\nextra_javascript: [assets/annotations.js]\n"
               "markdown_extensions: [toc, attr_list, md_in_html]\n")
    (project / "mkdocs.yml").write_text(config)
    result = subprocess.run([executable, "build", "--clean"], cwd=project, env=ENV, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    page = _article(project / "site")
    body = page.select_one(".article-body")
    source = (REPO / "annotations/2023-08-16-nato-land-for-membership/source.txt").read_text("utf-8")
    assert body is not None and len(body.select("p[id^=p]")) == len(split_paragraphs(source))
    assert body.select("[data-term]") and body.select("[data-quote]") and body.select("[data-note]")
    assert json.loads(page.select_one("div.annotation-cards").get_text())
    # What such a site gets of #22: each generated page's linked data (in its body), and the feed.
    for built in ("articles/2023-08-16-nato-land-for-membership", "people/stian-jenssen", "glossary", "people", ""):
        html = BeautifulSoup((project / "site" / built / "index.html").read_text("utf-8"), "lxml")
        [block] = html.select("script[type='application/ld+json']")
        assert json.loads(block.string)["@context"] == "https://schema.org", built
    assert (project / "site/feed.xml").read_bytes() == (generated / "feed.xml").read_bytes()
    assert page.find("meta", attrs={"name": "description"})["content"] == page.select_one(".article-summary").get_text()


def test_installing_the_package_keeps_a_sites_material_9_7(tmp_path):
    """Compatible ranges: pip resolves the package beside mkdocs-material 9.7.x without moving it."""
    report = tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
                             "--report", str(report), "mkdocs-material==9.7.7", str(REPO)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    chosen = {item["metadata"]["name"]: item["metadata"]["version"] for item in json.loads(report.read_text())["install"]}
    assert chosen["mkdocs-material"] == "9.7.7" and chosen["mkdocs"].startswith("1.6")
