"""The annotator's loop under `mkdocs serve --dirty`: a rebuild renders only what an edit reached,
and writes exactly what a clean full build writes (pages, search index, feed, linked data, W3C
collections, sitemap), step after step; a broken save shows its errors in the terminal and on the
page, and the next good save recovers."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.shells.mkdocs_plugin.serving import CompiledTemplates
from tests.conftest import copy_project

pytestmark = pytest.mark.slow
SERVED = "http://127.0.0.1:8000/"
NATO = "annotations/2023-08-16-nato-land-for-membership"
FULL_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
config.site_url = sys.argv[2]
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=sys.argv[2], dirty=False)
"""


def _full_build(project: Path, site: Path) -> None:
    """A clean full build, as `mkdocs serve` without --dirty makes it, in a process of its own
    (MkDocs keeps one instance of a plugin per process)."""
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([sys.executable, "-c", FULL_BUILD, str(site), SERVED], cwd=project, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def _differences(built: Path, expected: Path) -> list[str]:
    mine = {p.relative_to(built): p for p in built.rglob("*") if p.is_file()}
    theirs = {p.relative_to(expected): p for p in expected.rglob("*") if p.is_file()}
    return sorted([f"missing {p}" for p in theirs.keys() - mine.keys()] + [f"extra {p}" for p in mine.keys() - theirs.keys()]
                  + [f"differs {p}" for p in mine.keys() & theirs.keys() if mine[p].read_bytes() != theirs[p].read_bytes()])


def _sub(path: Path, pattern: str, new: str) -> None:
    text = path.read_text("utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, pattern
    path.write_text(changed, "utf-8")


def _add_article(project: Path) -> None:
    copy = project / "annotations/2024-01-01-a-copy"
    shutil.copytree(project / NATO, copy)
    (copy / "terms.yml").unlink()  # its own terms are the report's
    _sub(copy / "article.yml", r"^title: .*$", "title: A copy of the report")
    _sub(copy / "article.yml", r"^date: .*$", "date: 2024-01-01")


def _add_overrides(project: Path) -> None:
    """The theme's overrides folder (`custom_dir`), with a template of its own."""
    (project / "overrides").mkdir()
    (project / "overrides/main.html").write_text('{% extends "base.html" %}\n{% block announce %}Preview one{% endblock %}\n')
    _sub(project / "mkdocs.yml", r"^theme:\n", "theme:\n  custom_dir: overrides\n")


EDITS = [  # each kind of entry, an article added and removed, the site's own page, a broken file and its fix
    ("a note's text", lambda p: _sub(p / NATO / "context.yml", r"^(    note: )", r"\1Revised. ")),
    ("a quote's passage", lambda p: _sub(p / NATO / "context.yml", r"^    quote: It must be up to Ukraine to decide when "
                                         r"and on what terms they want to negotiate\.$",
                                         "    quote: It must be up to Ukraine to decide")),
    ("a person's role", lambda p: _sub(p / "annotations/speakers.yml", r"^(    role: President of Ukraine)$",
                                       r"\1, then")),
    ("a term's definition", lambda p: _sub(p / "annotations/terms.yml", r"^(    definition: >-\n)", r"\1      Revised.")),
    ("a headline", lambda p: _sub(p / NATO / "article.yml", r"^title: ", "title: Revised, ")),
    ("an article added", _add_article),
    ("the site's own page", lambda p: _sub(p / "docs/about.md", r"^# About this edition", "# About the edition")),
    ("theme overrides added", lambda p: _add_overrides(p)),
    ("an override edited", lambda p: _sub(p / "overrides/main.html", "Preview one", "Preview two")),
    ("an article removed", lambda p: shutil.rmtree(p / "annotations/2024-01-01-a-copy")),
    ("an article's summary", lambda p: _sub(p / NATO / "article.yml", r"^(summary: >-\n)", r"\1  Revised.")),
    ("the site's home page removed", lambda p: (p / "docs/index.md").rename(p / "index.md.away")),
    ("the site's home page added back", lambda p: (p / "index.md.away").rename(p / "docs/index.md")),
    ("use_directory_urls turned off", lambda p: _sub(p / "mkdocs.yml", r"^(site_name: .*\n)",
                                                     r"\1use_directory_urls: false\n")),
    ("use_directory_urls turned on", lambda p: _sub(p / "mkdocs.yml", r"^use_directory_urls: false\n", "")),
    ("a broken file", lambda p: _sub(p / NATO / "context.yml", r"^(    note: )", r"\1[unclosed ")),
    ("its fix", lambda p: _sub(p / NATO / "context.yml", r"^(    note: )\[unclosed ", r"\1")),
    ("a note after the fix", lambda p: _sub(p / NATO / "context.yml", r"^(    note: )", r"\1Again. ")),
]


def test_every_rebuild_writes_what_a_full_build_writes(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    served, expected = tmp_path / "served", tmp_path / "expected"
    monkeypatch.chdir(project)

    def rebuild(first: bool = False):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(served))
        config.site_url = SERVED
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=SERVED, dirty=True)
        return config.plugins["annotations"]

    plugin = rebuild(first=True)
    rebuilt = {}
    for name, edit in EDITS:
        time.sleep(0.01)  # a later modification time than the pages built before it
        edit(project)
        rendered = []
        plugin.session.rendered = lambda page, seen=rendered, keep=plugin.session.rendered, **kwargs: (
            seen.append(page.url), keep(page, **kwargs))
        rebuild()
        del plugin.session.rendered
        if name == "a broken file":
            page = (served / "articles/2023-08-16-nato-land-for-membership/index.html").read_text()
            assert 'class="annotation-errors"' in page and f"{NATO}/context.yml:" in page
            continue
        _full_build(project, expected)
        assert _differences(served, expected) == [], name
        rebuilt[name] = (len(rendered), len(list(expected.rglob("index.html"))))
    assert rebuilt["a note's text"][0] == rebuilt["a note after the fix"][0] == 1  # the article's page alone
    assert rebuilt["a quote's passage"][0] == 2  # and the speaker's page
    assert rebuilt["a person's role"][0] <= 4 and rebuilt["a term's definition"][0] <= 4  # and the pages naming it
    for name in ("a headline", "an article added", "an article removed"):  # the navigation changed: every page
        assert rebuilt[name][0] == rebuilt[name][1], name


def test_a_template_is_compiled_once_while_its_source_is_unchanged():
    """Each rebuild has a new Jinja environment; the session's compiled templates serve them all."""
    templates, compiled = CompiledTemplates(), []

    class Counted(Environment):
        def _compile(self, source, filename):
            compiled.append(source)
            return super()._compile(source, filename)

    def render(template: str) -> str:
        environment = Counted(loader=DictLoader({"page.html": template}), bytecode_cache=templates)
        return environment.get_template("page.html").render(name="Kyiv")

    assert [render("In {{ name }}"), render("In {{ name }}"), render("To {{ name }}"), render("To {{ name }}")] == \
        ["In Kyiv", "In Kyiv", "To Kyiv", "To Kyiv"]
    assert len(compiled) == 2  # once each, and again when the source changed


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def _until(url: str, shows, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, text = _page(url)
        if shows(status, text):
            return text
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed what was expected")


def test_the_served_preview_shows_errors_and_recovers_without_a_restart(tmp_path):
    project = copy_project(tmp_path / "project")
    port = _port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "--dirty", "-a",
                                   f"127.0.0.1:{port}"], cwd=project, stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(tmp_path)})
    base = f"http://127.0.0.1:{port}/"
    article = base + "articles/2023-08-16-nato-land-for-membership/"
    try:
        _until(article, lambda status, text: status == 200, 120)
        context = project / NATO / "context.yml"
        good = context.read_text()
        context.write_text(good.replace("    note: ", "    note: [unclosed ", 1))
        page = _until(article, lambda status, text: "annotation-errors" in text)
        assert re.search(rf"{NATO}/context\.yml:\d+:\d+</code>: YAML syntax", page)
        assert re.search(rf"{NATO}/context\.yml:\d+:\d+: error: YAML syntax", log.read_text())
        assert "MkDocs's warning of inaccurate navigation does not apply to the annotated pages" in log.read_text()
        context.write_text(good.replace("    note: ", "    note: Mended. ", 1))
        page = _until(article, lambda status, text: "Mended." in text)
        assert "annotation-errors" not in page
        _add_article(project)
        _until(base + "articles/2024-01-01-a-copy/", lambda status, text: status == 200)
        assert "A copy of the report" in _page(base + "articles/")[1]
        shutil.rmtree(project / "annotations/2024-01-01-a-copy")
        _until(base + "articles/2024-01-01-a-copy/", lambda status, text: status == 404)
        # mkdocs.yml gives the plugin another folder: the server watches it from the next rebuild on.
        shutil.move(project / "annotations", project / "notes")
        _sub(project / "mkdocs.yml", r"^  - annotations:$", "  - annotations:\n      dir: notes")
        _until(article, lambda status, text: "Mended." in text and status == 200)
        time.sleep(1)
        moved = project / "notes" / Path(NATO).name / "context.yml"
        moved.write_text(moved.read_text().replace("    note: Mended. ", "    note: Moved. ", 1))
        _until(article, lambda status, text: "Moved." in text)
        assert server.poll() is None  # one server all along
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("builder", ["mkdocs", "properdocs"])
def test_a_dirty_save_shows_the_same_page_a_full_build_writes(tmp_path, builder):
    """`serve --dirty` under MkDocs and under ProperDocs (the fork that keeps its plugin API): a
    saved note is on screen, and the page equals what a clean build of the same files writes."""
    project = copy_project(tmp_path / "project")
    port = _port()
    with (tmp_path / "serve.log").open("w") as output:
        server = subprocess.Popen([str(Path(sys.executable).parent / builder), "serve", "--dirty", "-a",
                                   f"127.0.0.1:{port}"], cwd=project, stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(tmp_path)})
    article = f"http://127.0.0.1:{port}/articles/2023-08-16-nato-land-for-membership/"
    try:
        _until(article, lambda status, text: status == 200, 120)
        _sub(project / NATO / "context.yml", r"^(    note: )", r"\1Saved once. ")
        served = _until(article, lambda status, text: "Saved once." in text)
    finally:
        server.terminate()
        server.wait(timeout=30)
    _full_build(project, tmp_path / "expected")
    expected = (tmp_path / "expected/articles/2023-08-16-nato-land-for-membership/index.html").read_text("utf-8")
    # The served page names its port (the full build was served at SERVED's) and its builder: the rest is the same.
    served = served.replace(f"127.0.0.1:{port}", "127.0.0.1:8000")
    assert _without_reload(served) == _without_reload(expected)


def _without_reload(page: str) -> str:
    """A page without what names the builder and the live-reload script."""
    return re.sub(r'<script>[^<]*livereload[^<]*</script>|<meta name="generator" content="[^"]*">', "", page)
