"""Annotators' text in a consuming site's build: inert under the template engines and Markdown
preprocessors that read raw HTML before it is set aside (mkdocs-macros' Jinja, pymdownx.critic,
pymdownx.snippets), through the plugin and through `generator build --out` alike. The JSON-LD that
`build --out` writes at a page's end once escaped only '<': a summary of `{{ … }}` ran a shell
command under mkdocs-macros, and `{++ ++}` broke the JSON under critic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.model import Options
from generator.pipeline import generate
from generator.render.language import quotation_marks
from generator.render.linked_data import standalone_pages
from generator.render.text import plain
from tests.conftest import SLUG, write_site

pytestmark = pytest.mark.slow

TRIGGERS = ("{{", "{%", "{#", "{++", "{--", "{~~", "{>>", "{==", "--8<--")
"""What mkdocs-macros (Jinja), pymdownx.critic and pymdownx.snippets read in a page's raw HTML."""


def payload(canary: Path) -> str:
    return (f"{{{{ cycler.__init__.__globals__.os.popen('touch {canary}').read() }}}} {{% if 1 %}}IF{{% endif %}} "
            "{# c #} {++ins++} {--del--} {~~a~>b~~} {>>com<<} {==mark==} --8<-- \"/etc/hostname\"")


def hostile_site(root: Path, canary: Path) -> Path:
    """Every kind of text an annotator writes holds the payload."""
    p = payload(canary)
    q = yaml.safe_dump(p, default_style='"', width=10_000).strip()
    link = f"{{title: {q}, url: 'https://example.org/a', publisher: {q}, date: 2024-01-02}}"
    return write_site(root, {
        "speakers.yml": f"speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: [Lovelace]\n"
                        f"    role: {q}\n    organization: {q}\n    description: {q}\n    links: [{link}]\n",
        "terms.yml": f"terms:\n  - id: engine\n    term: Analytical Engine\n    definition: {q}\n    links: [{link}]\n",
        f"{SLUG}/source.txt": f"Ada Lovelace wrote about the Analytical Engine.\n\n{p}\n\n“It weaves,” Lovelace said.\n",
        f"{SLUG}/article.yml": f"title: {q}\ndate: 2024-01-02\npublication: {q}\nauthors: [{q}]\nsummary: {q}\n"
                               f"licence: {q}\nprovenance: {q}\nurl: https://example.org/a\n"
                               f"corrections: [{{date: 2024-01-03, note: {q}}}]\n",
        f"{SLUG}/context.yml": f"quotes:\n  - speaker: ada-lovelace\n    quote: {q}\n    said: {q}\n"
                               f"notes:\n  - id: weaves\n    anchor: {q}\n    note: {q}\n    sources: [{link}]\n"
                               f"    rating: inaccurate\n",
    })


def test_no_generated_page_holds_what_an_engine_reads(tmp_path):
    result = generate(hostile_site(tmp_path / "annotations", tmp_path / "PWNED"),
                      Options(base_url="https://example.org/site/"))
    assert result.ok, result.problems
    pages = {**result.pages, **standalone_pages(result, "Site {{ name }}", Options(base_url="https://example.org/"))}
    assert len(pages) > 5
    for path, text in pages.items():
        found = [trigger for trigger in TRIGGERS if trigger in text]
        assert not found, (path, found)


CONSUMER = """\
site_name: Consumer
site_url: https://example.org/site/
theme: {{name: material, font: false}}
plugins: [search{plugins}]
markdown_extensions: [toc, attr_list, md_in_html{extensions}]
"""
ENGINES = {  # what the consuming site runs: its plugins and Markdown extensions
    "mkdocs-macros": (["macros"], []),
    "pymdownx.critic": ([], ["pymdownx.critic"]),
    "pymdownx.snippets": ([], ["pymdownx.snippets", "pymdownx.superfences"]),
    "all of them": (["macros"], ["pymdownx.critic", "pymdownx.snippets", "pymdownx.superfences"]),
}


def _consumer(tmp_path: Path, plugin: bool, engine: str) -> tuple[Path, Path]:
    canary = tmp_path / "PWNED"
    project = tmp_path / "consumer"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n\n{{ 6 * 7 }} is what macros make of our own pages.\n")
    plugins, extensions = ENGINES[engine]
    plugins = [*plugins, *(["annotations"] if plugin else [])]
    (project / "mkdocs.yml").write_text(CONSUMER.format(plugins="".join(f", {name}" for name in plugins),
                                                        extensions="".join(f", {name}" for name in extensions)))
    hostile_site(project / "annotations", canary)
    return project, canary


def _built_pages(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text("utf-8"), "lxml") for p in site.rglob("*.html")}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("shell", ["plugin", "build --out"])
def test_engines_downstream_leave_every_annotation_as_written(tmp_path, shell, engine):
    project, canary = _consumer(tmp_path, plugin=shell == "plugin", engine=engine)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if shell == "build --out":
        out = subprocess.run([sys.executable, "-m", "generator", "build", "--dir", "annotations", "--out",
                              "docs/generated"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, capture_output=True,
                           text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    assert not canary.exists()
    pages = _built_pages(project / "site")
    macros_ran = "42 is what macros make" in pages["index.html"].get_text()  # on the site's own page
    assert macros_ran == ("macros" in ENGINES[engine][0])
    article = pages[("generated/" if shell == "build --out" else "") + f"articles/{SLUG}/index.html"]
    shown = article.select_one(".article-body").get_text()
    assert payload(canary) in " ".join(shown.split())
    assert article.find("h1").get_text(strip=True) == payload(canary)
    blocks = [json.loads(s.string) for page in pages.values()
              for s in page.find_all("script", type="application/ld+json")]
    assert any(payload(canary) == node.get("headline") for block in blocks for node in block.get("@graph", [block]))
    cards = json.loads(article.find("div", class_="annotation-cards").get_text())
    # Prose fields read `__init__` as strong emphasis, and curl straight quotes; names and roles do neither.
    forms = {payload(canary).replace("__", ""), plain(payload(canary), quotation_marks("en")).replace("__", "")}
    assert all(any(form in BeautifulSoup(card["html"], "lxml").get_text().replace("__", "") for form in forms)
               for card in cards.values())


def test_script_json_reads_back_as_written_and_holds_nothing_an_engine_reads():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.render.text import script_json

    texts = st.text(st.sampled_from('{}<>"\\%#+-~=8/ ax'), max_size=12)
    data = st.recursive(texts | st.integers() | st.booleans() | st.none(),
                        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                        max_leaves=20)

    @settings(max_examples=500, deadline=None)
    @given(data)
    def inert(value):
        written = script_json(value)
        assert json.loads(written) == value
        assert not [trigger for trigger in (*TRIGGERS, "</", "<!--") if trigger in written]
    inert()
