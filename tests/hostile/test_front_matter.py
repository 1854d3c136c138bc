"""Front matter: any Unicode an annotator writes in a title, a summary, a name or a role reads back
as itself in every generated page, as MkDocs reads it (PyYAML, its C loader where there is one).
Written once with ASCII-only JSON escapes, an emoji became a surrogate pair PyYAML refuses: MkDocs
dropped the front matter in silence, and Material unescaped the title into <title>."""

from __future__ import annotations

import os

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.pipeline import generate
from generator.render.markup import front_matter, heading, page_title
from tests.conftest import SLUG, write_site

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "200"))
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]

HOSTILE = ["😀 </title><script>alert(1)</script>", "👩‍👩‍👧 family", "🇺🇦 flag", "a\u2028b", "a\u2029b", "a\x85b",
           "\ufeffBOM", "\ufffe\uffff", "\U0010fffd", "\\u0041 not an escape", '"quoted" \\ back', "key: value",
           "# not a comment", "--- not a document", "...", "&anchor *alias", "!tag", "{{ macro }}", "{% raw %}",
           "\u202eevil\u202c", "\u00a0nbsp\u00a0", "x" * 5000]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_each_hostile_value_reads_back_as_itself(text, loader):
    written = front_matter({"title": text, "description": text})
    assert yaml.load(written, Loader=loader) == {"title": text, "description": text}
    assert "\n" not in written.split("\n", 1)[0] and written.count("\n") == 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",))), st.text(st.characters(codec="utf-8")))
def test_any_title_and_description_read_back_as_mkdocs_reads_them(title, description):
    page = "\n".join([*heading(title, description or None), "Body."])
    markdown, meta = get_data(page)
    assert meta["title"] == page_title(title)
    assert meta.get("description") == (page_title(description) if description else None)
    assert markdown.lstrip("\n").startswith("# ")


@pytest.mark.parametrize("where", ["title", "summary", "name", "role", "description"])
@pytest.mark.parametrize("value", ["😀 </title><script>alert(1)</script>", "🏳️‍🌈 \U0001f600 \U0010fffd"])
def test_every_generated_page_keeps_its_front_matter(tmp_path, where, value):
    quoted = yaml.safe_dump(value, allow_unicode=True, default_style='"').strip()
    overrides = {
        "title": {f"{SLUG}/article.yml": f"title: {quoted}\ndate: 2024-01-02\n"},
        "summary": {f"{SLUG}/article.yml": f"title: A sample\ndate: 2024-01-02\nsummary: {quoted}\n"},
        "name": {"speakers.yml": f"speakers:\n  - id: ada-lovelace\n    name: {quoted}\n    aliases: [Lovelace]\n"},
        "role": {"speakers.yml": f"speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: [Lovelace]\n"
                                 f"    role: {quoted}\n"},
        "description": {"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n"
                                        f"    aliases: [Lovelace]\n    description: {quoted}\n"},
    }[where]
    result = generate(write_site(tmp_path / "annotations", overrides))
    assert result.ok, result.problems
    seen = set()
    for path, page in result.pages.items():
        markdown, meta = get_data(page)
        if page.startswith("---\n"):  # the pages with a title of their own (an index's is its heading)
            assert "title" in meta and not markdown.startswith("---"), path
        seen |= {meta.get("title"), meta.get("description")}
    assert page_title(value) in seen


def test_a_title_that_closes_the_title_element_stays_text_in_the_built_page(tmp_path):
    from tests.test_plugin import adopters_site, build_in_process

    title = "😀 </title><script>alert(1)</script>"
    annotations = write_site(tmp_path / "annotations", {f"{SLUG}/article.yml": f"title: '{title}'\ndate: 2024-01-02\n"})
    site = build_in_process(adopters_site(tmp_path / "site", annotations))
    page = BeautifulSoup((site / "articles" / SLUG / "index.html").read_text("utf-8"), "lxml")
    assert page.title.string.startswith(title)  # text, as written
    assert page.find("h1").get_text() == title
    assert [s for s in page.find_all("script") if "alert(1)" in (s.string or "") and s.get("type") is None] == []
