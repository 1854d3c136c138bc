"""Hostile source texts: a text comes from the web as it is, and must show exactly as written,
whatever Markdown, HTML, template or Unicode it holds; what no published text holds is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.find.turns import speaker_label
from generator.pipeline import generate
from generator.render.language import quotation_marks
from generator.render.text import plain
from tests.conftest import REPO, SLUG, collapse, paragraphs_shown, refusals, to_html, write_site

# --- texts that show exactly as written ----------------------------------------------

LITERAL_SOURCES = {
    "emphasis": "*one* _two_ **three** __four__ ***five***",
    "atx heading": "# not a heading",
    "closed heading": "### not a heading ###",
    "setext heading": "Not a title\n===========",
    "ordered list": "1. not a list\n2. still not",
    "bullet list": "- not a bullet\n* nor this\n+ nor this",
    "block quote": "> not a quote\n>> nested",
    "backtick fence": "```python\nprint('x')\n```",
    "tilde fence": "~~~\nnot code\n~~~",
    "indented code": "    not code, four spaces",
    "code span": "`not code` and ``double``",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "inline link": "[a link](https://example.org \"title\")",
    "reference link": "[a link][1] and [1]: https://example.org",
    "footnote syntax": "a note[^1] and [^1]: its text",
    "abbreviation": "*[HTML]: Hyper Text Markup Language",
    "image": "![alt](picture.png)",
    "autolink": "<https://example.org> and <someone@example.org>",
    "raw html remnant": "a range of <s>400</s> [4,000] meters",
    "script tag": "<script>alert('x')</script>",
    "event handler": "<img src=x onerror=alert(1)>",
    "entities": "&amp; &lt; &#65; &copy; &nbsp; &#x2603;",
    "attribute list": "{: .class #id } and {: onclick=alert(1) }",
    "mark": "==marked==",
    "insert": "^^inserted^^ and ^sup^",
    "delete": "~~deleted~~ and ~sub~",
    "keys": "++ctrl+alt+del++",
    "emoji shortcodes": ":smile: :material-alert: :fontawesome-brands-github:",
    "inline math": "$x^2$ and \\(y\\)",
    "block math": "$$\nE = mc^2\n$$",
    "snippet line": '--8<-- "mkdocs.yml"',
    "snippet block": "--8<--\nmkdocs.yml\n--8<--",
    "admonition": '!!! warning "Careful"\n    indented body',
    "details": "??? note\n    hidden body",
    "tabs": '=== "Tab one"\n    body',
    "definition list": "Term\n:   definition",
    "rules": "***\n---\n___",
    "html comment": "<!-- hidden? --> shown",
    "markdown in html": "<div markdown>*x*</div>",
    "backslashes": "\\* \\_ \\\\ \\` and a trailing backslash\\",
    "hard break spaces": "line with two trailing spaces  \nnext line",
    "footnote place marker": "///Footnotes Go Here///",
    "toc marker": "[TOC]",
    "jinja": "{{ config.site_name }} {% raw %} {# comment #}",
    "processing instruction": "<?php echo 1; ?> <![CDATA[ x ]]>",
    "bare urls": "https://example.org www.example.org javascript:alert(1)",
    "mentions and issues": "@someone #123 user/repo#1",
    "smart symbols": "(c) (tm) (r) --> <-- +/- 1/2 1st 2nd 3rd 4th",
    "critic markup": "{++ add ++} {-- remove --} {~~ a ~> b ~~}",
    "closing tags": "</p></div></span></a>",
    "quotes": "\"double\" 'single' `back`",
    "unicode spaces": "a\u00a0b\u2003c\u3000d\u2009e\u202ff",
    "combining marks": "Cafe\u0301 and n\u0303 (NFD)",
    "right to left": "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202eevil\u202c",
    "emoji": "👩‍👩‍👧 🇺🇦 ✊🏽",
    "mixed scripts": "NАТО (Cyrillic А, Т, О) next to NATO",
    "zero width": "zero\u200bwidth\u200djoiner\u2060",
    "line and paragraph separators": "a\u2028b\u2029c",
}


def test_the_pages_stay_literal_for_python_markdown_with_every_known_safe_extension(tmp_path):
    """What `build --out` leaves for another builder: Python-Markdown reads the raw HTML blocks
    with every known-safe extension on (code fences, snippets, CriticMarkup run before raw HTML
    is set aside), and the text, notes and definitions still show exactly as written."""
    import markdown

    names = sorted(LITERAL_SOURCES)
    source = "\n\n".join(LITERAL_SOURCES[name] for name in names) + "\n"
    hostile_prose = " ".join(LITERAL_SOURCES[name].replace("\n", " ") for name in ("backtick fence", "snippet line",
                                                                                  "critic markup", "jinja"))
    (tmp_path / "mkdocs.yml").write_text("plugins: [annotations]\n")  # what a snippet would include
    root = write_site(tmp_path / "annotations", {
        f"{SLUG}/source.txt": source,
        f"{SLUG}/context.yml": f"notes:\n  - id: n\n    anchor: not a quote\n    note: {json.dumps(hostile_prose)}\n",
        "terms.yml": f"terms:\n  - id: t\n    term: Hyper Text\n    definition: {json.dumps(hostile_prose)}\n",
    })
    result = generate(root)
    assert result.ok, [str(p) for p in result.problems]
    extensions = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
                  "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic", "pymdownx.details",
                  "pymdownx.emoji", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
                  "pymdownx.magiclink", "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.snippets",
                  "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde"]
    configs = {"pymdownx.snippets": {"base_path": [str(tmp_path)]}, "pymdownx.arithmatex": {"generic": True}}

    def read(page: str) -> BeautifulSoup:
        return BeautifulSoup(markdown.markdown(result.pages[page], extensions=extensions, extension_configs=configs),
                             "lxml")
    article = read(f"articles/{SLUG}.md")
    assert paragraphs_shown(str(article)) == _paragraphs(source)
    assert {e.name for e in article.select_one(".article-body").find_all(True)} <= {"p", "a", "span", "br", "sup"}
    note = article.select_one("li#fn\\:n p").get_text().removesuffix("\xa0↩")
    glossary = read("terms/t.md").select_one("h1 + p").get_text()  # the definition, on the term's page
    typeset = plain(hostile_prose, quotation_marks("en"))  # as written, its straight quotes curled (prose only)
    for shown in (note, glossary):
        assert collapse(shown) == collapse(typeset)
    assert "plugins:" not in str(article) + str(glossary)  # no snippet was included


def _render(tmp_path: Path, source: str, context: str | None = None) -> str:
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": source, f"{SLUG}/context.yml": context})
    result = generate(root)
    assert result.ok, [str(p) for p in result.problems]
    return to_html(result.pages[f"articles/{SLUG}.md"])


def _paragraphs(text: str) -> list[str]:
    from generator.model import split_paragraphs

    return [collapse(text[s:e]) for s, e in split_paragraphs(text)]


@pytest.mark.parametrize("name", sorted(LITERAL_SOURCES))
def test_source_text_shows_literally(tmp_path, name):
    source = LITERAL_SOURCES[name] + "\n\nAda Lovelace wrote.\n"
    html = _render(tmp_path, source)
    assert paragraphs_shown(html) == _paragraphs(source)
    body = BeautifulSoup(html, "lxml").select_one(".article-body")
    assert {e.name for e in body.find_all(True)} <= {"p", "a", "span", "br"}


def test_one_huge_paragraph(tmp_path):
    source = " ".join(f"word{n} *x* <b>" for n in range(20_000)) + " Ada Lovelace"
    html = _render(tmp_path, source)
    assert paragraphs_shown(html) == _paragraphs(source)


def test_ten_thousand_paragraphs(tmp_path):
    source = "\n\n".join(f"Paragraph {n}: the Analytical Engine." for n in range(10_000))
    html = _render(tmp_path, source)
    shown = paragraphs_shown(html)
    assert len(shown) == 10_000 and shown == _paragraphs(source)


# --- real transcripts ------------------------------------------------------------------------------

CORPUS = REPO / "tests" / "fixtures" / "corpus"


@pytest.mark.parametrize("name", sorted(p.stem for p in CORPUS.glob("*.txt")))
def test_real_transcripts_publish_faithfully(tmp_path, name):
    source = (CORPUS / f"{name}.txt").read_text("utf-8")
    from generator.model import split_paragraphs

    labels = sorted({speaker_label(source[s:e]) for s, e in split_paragraphs(source)} - {None})
    speakers = "speakers:\n" + "".join(f"  - id: speaker-{n}\n    name: Speaker {n}\n" for n in range(len(labels)))
    turns = "".join(f"  {label!r}: speaker-{n}\n".replace("'", '"') for n, label in enumerate(labels))
    root = write_site(tmp_path / "annotations", {
        "speakers.yml": speakers, "terms.yml": None, f"{SLUG}/context.yml": None, f"{SLUG}/source.txt": source,
        f"{SLUG}/article.yml": f"title: {name}\ndate: 2023-01-01\nkind: transcript\nturns:\n{turns}",
    })
    result = generate(root)
    assert result.ok, [str(p) for p in result.problems if p.severity == "error"]
    html = to_html(result.pages[f"articles/{SLUG}.md"])
    assert paragraphs_shown(html) == _paragraphs(source)
    body = BeautifulSoup(html, "lxml").select_one(".article-body")
    assert body.select("a.turn-label")
    if "<s>" in source:
        assert "<s>400</s> [4,000]" in body.get_text() and not body.find("s")




# --- what no published text holds --------------------------------------------------------------------

SOURCE = f"{SLUG}/source.txt"
REFUSED_SOURCES = {
    "NUL": ("Ada Lovelace\x00 wrote.\n", 1, 13, "control character U+0000 in the source text"),
    "bell": ("Ada\n\nLovelace \x07wrote.\n", 3, 10, "control character U+0007 in the source text"),
    "C1 control": ("Ada Lovelace\x85 wrote.\n", 1, 13, "control character U+0085 in the source text"),
    "escape sequence": ("Ada \x1b[31mLovelace\n", 1, 5, "control character U+001B in the source text"),
    "DEL": ("Ada\x7f Lovelace\n", 1, 4, "control character U+007F in the source text"),
    "not UTF-8": (b"Ada \xff Lovelace\n", 1, 5, "not UTF-8: byte 0xFF at byte offset 4"),
    "a lone surrogate's bytes": (b"Ada \xed\xa0\x80 Lovelace\n", 1, 5, "not UTF-8: byte 0xED at byte offset 4"),
    "empty": ("\n\n", 1, 1, "the source text is empty"),
    "white space only": (" \t\n\u3000\n", 1, 1, "the source text is empty"),
}


@pytest.mark.parametrize("name", sorted(REFUSED_SOURCES))
def test_a_source_text_no_site_could_publish_is_refused(tmp_path, name):
    text, line, column, message = REFUSED_SOURCES[name]
    root = write_site(tmp_path / "annotations", {SOURCE: text})
    assert refusals(root) == [(SOURCE, line, column, message)]


@pytest.mark.parametrize("passage", ["👩", "👩\u200d👩", "👧", "🇺", "🇦"])
def test_a_note_marker_never_splits_a_character(tmp_path, passage):
    """A passage that starts or ends inside an emoji's ZWJ sequence or inside a flag is widened to
    the whole character: the marker follows it, and the text reads as written. (A passage that
    would part a letter from its accent is not found at all: see test_anchor.py.)"""
    source = "A family 👩\u200d👩\u200d👧 came, the cafe\u0301 and 🇺🇦 too.\n"
    context = f"notes:\n  - id: n\n    anchor: {json.dumps(passage, ensure_ascii=False)}\n    occurrence: 1\n    note: x\n"
    html = _render(tmp_path, source, context)
    body = BeautifulSoup(html, "lxml").select_one(".article-body")
    assert paragraphs_shown(html) == _paragraphs(source)
    [span] = body.select("span.annotated-note")
    assert span.get_text() in ("👩\u200d👩\u200d👧", "🇺🇦")
    assert span.find_next_sibling("sup") is not None
