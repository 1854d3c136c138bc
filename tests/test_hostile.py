"""Hostile and broken input: each case renders literally and safely, or is refused with an exact,
located message. Source texts come from the web and annotations from strangers' pull requests."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.find.turns import speaker_label
from generator.pipeline import generate
from tests.conftest import REPO, SLUG, collapse, paragraphs_shown, to_html, write_site

# --- source texts that must show exactly as written ----------------------------------------------

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
    glossary = read("glossary.md").select_one("h3#t + p").get_text()
    for shown in (note, glossary):
        assert collapse(shown) == collapse(hostile_prose)
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


# --- broken and hostile annotation files -----------------------------------------------------------

ARTICLE = f"{SLUG}/article.yml"
CONTEXT = f"{SLUG}/context.yml"
SOURCE = f"{SLUG}/source.txt"
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9))

ERROR_CASES = {
    # name: (files, file with the problem, line, column, exact message)
    "duplicate key": ({ARTICLE: "title: A\ndate: 2024-01-02\ntitle: B\n"}, ARTICLE, 3, 1,
                      'YAML syntax: while constructing a mapping found duplicate key "title" with value "B" '
                      '(original value: "A")'),
    "tab indentation": ({ARTICLE: "title: A\n\tdate: 2024-01-02\n"}, ARTICLE, 2, 1,
                        "YAML syntax: while scanning a plain scalar found a tab character that violates indentation"),
    "bad indentation": ({ARTICLE: "title: A\n  date: 2024-01-02\n"}, ARTICLE, 2, 7,
                        "YAML syntax: mapping values are not allowed in this context"),
    "unclosed quote": ({ARTICLE: "title: \"A\ndate: 2024-01-02\n"}, ARTICLE, 3, 1,
                       "YAML syntax: while scanning a quoted scalar found unexpected end of stream"),
    "anchor": ({ARTICLE: "title: &t A\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
               "YAML anchors and aliases (& and *) are not allowed in annotation files"),
    "alias": ({"terms.yml": "terms:\n  - id: engine\n    term: Analytical Engine\n    definition: x\n"
               "    aliases: *a\n"}, "terms.yml", 5, 14,
              "YAML anchors and aliases (& and *) are not allowed in annotation files"),
    "merge key": ({ARTICLE: "title: A\ndate: 2024-01-02\n<<: {summary: x}\n"}, ARTICLE, 3, 1,
                  "YAML merge keys (<<) are not allowed in annotation files"),
    "billion laughs": ({ARTICLE: BILLION_LAUGHS}, ARTICLE, 1, 4,
                       "YAML anchors and aliases (& and *) are not allowed in annotation files"),
    "yaml not utf-8": ({ARTICLE: "title: Caf\xe9\ndate: 2024-01-02\n".encode("latin-1")}, ARTICLE, 1, 11,
                       "not UTF-8: byte 0xE9 at byte offset 10"),
    "source not utf-8": ({SOURCE: b"Ada \xff Lovelace\n"}, SOURCE, 1, 5, "not UTF-8: byte 0xFF at byte offset 4"),
    "empty article.yml": ({ARTICLE: ""}, ARTICLE, 1, 1, "empty file"),
    "blank context.yml": ({CONTEXT: "\n   \n"}, CONTEXT, 1, 1, "empty file"),
    "empty source": ({SOURCE: "\n\n"}, SOURCE, 1, 1, "the source text is empty"),
    "list at top level": ({"speakers.yml": "- id: x\n"}, "speakers.yml", 1, 1,
                          "speakers.yml must be a mapping of keys to values"),
    "scalar at top level": ({CONTEXT: "just text\n"}, CONTEXT, 1, 1, "context.yml must be a mapping of keys to values"),
    "id escaping the folder": ({"speakers.yml": "speakers:\n  - id: ../etc\n    name: X\n"}, "speakers.yml", 2, 9,
                               "invalid id '../etc' at 'speakers[1].id'"),
    "absolute id": ({"speakers.yml": "speakers:\n  - id: /etc/passwd\n    name: X\n"}, "speakers.yml", 2, 9,
                    "invalid id '/etc/passwd' at 'speakers[1].id'"),
    "backslash id": ({"terms.yml": "terms:\n  - id: a\\b\n    term: T\n    definition: x\n"}, "terms.yml", 2, 9,
                     "invalid id 'a\\\\b' at 'terms[1].id'"),
    "note id with a slash": ({CONTEXT: "notes:\n  - id: x/y\n    anchor: weaves\n    note: n\n"}, CONTEXT, 2, 9,
                             "invalid id 'x/y' at 'notes[1].id'"),
    "person id index": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n"
                         "  - id: index\n    name: Charles Babbage\n"}, "speakers.yml", 4, 9,
                        "person id 'index' is reserved for a generated page"),
    "term id glossary": ({"terms.yml": "terms:\n  - id: glossary\n    term: Analytical Engine\n    definition: x\n"},
                         "terms.yml", 2, 9, "term id 'glossary' is reserved for a generated page"),
    "term id letter": ({"terms.yml": "terms:\n  - id: letter-a\n    term: Analytical Engine\n    definition: x\n"},
                       "terms.yml", 2, 9, "term id 'letter-a' is reserved for a generated page"),
    "javascript link": ({CONTEXT: "notes:\n  - id: n\n    anchor: weaves\n    note: '[x](javascript:alert(1))'\n"},
                        CONTEXT, 4, 11, "link to 'javascript:alert(1)' is not allowed"),
    "data link": ({"terms.yml": "terms:\n  - id: engine\n    term: Analytical Engine\n"
                   "    definition: '[x](data:text/html,<script>alert(1)</script>)'\n"}, "terms.yml", 4, 17,
                  "link to 'data:text/html,%3Cscript%3Ealert(1)%3C/script%3E' is not allowed"),
    "vbscript link": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n"
                       "    description: '[x](vbscript:msgbox)'\n"}, "speakers.yml", 4, 18,
                      "link to 'vbscript:msgbox' is not allowed"),
    "relative link": ({CONTEXT: "notes:\n  - id: n\n    anchor: weaves\n    note: '[x](../../secret)'\n"},
                      CONTEXT, 4, 11, "link to '../../secret' is not allowed"),
    "unknown person link": ({CONTEXT: "notes:\n  - id: n\n    anchor: weaves\n    note: '[x](person:ada-lovelac)'\n"},
                            CONTEXT, 4, 11, "link to unknown person 'ada-lovelac'"),
    "unknown term link": ({CONTEXT: "notes:\n  - id: n\n    anchor: weaves\n    note: '[x](term:loom)'\n"},
                          CONTEXT, 4, 11, "link to unknown term 'loom'"),
    "unknown article link": ({CONTEXT: "notes:\n  - id: n\n    anchor: weaves\n    note: '[x](article:nope)'\n"},
                             CONTEXT, 4, 11, "link to unknown article 'nope'"),
    "javascript source url": ({CONTEXT: "notes:\n  - id: n\n    anchor: weaves\n    note: x\n    sources:\n"
                               "      - {title: t, url: 'javascript:alert(1)'}\n"}, CONTEXT, 6, 25,
                              "'notes[1].sources[1].url': a link must be an absolute URL starting with http://, "
                              "https:// or mailto: (got 'javascript:alert(1)')"),
    "ftp url": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    links:\n"
                 "      - {title: t, url: 'ftp://x.org/f'}\n"}, "speakers.yml", 5, 25,
                "'speakers[1].links[1].url': a link must be an absolute URL starting with http://, https:// or "
                "mailto: (got 'ftp://x.org/f')"),
    "NUL in source": ({SOURCE: "Ada Lovelace\x00 wrote.\n"}, SOURCE, 1, 13, "control character U+0000 in the source text"),
    "bell in source": ({SOURCE: "Ada\n\nLovelace \x07wrote.\n"}, SOURCE, 3, 10,
                       "control character U+0007 in the source text"),
    "C1 control in source": ({SOURCE: "Ada Lovelace\x85 wrote.\n"}, SOURCE, 1, 13,
                             "control character U+0085 in the source text"),
    "escape in source": ({SOURCE: "Ada \x1b[31mLovelace\n"}, SOURCE, 1, 5, "control character U+001B in the source text"),
    "mapping for a string": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: {first: Ada}\n"},
                             "speakers.yml", 3, 11, "'speakers[1].name': Input should be a valid string (got 'dict')"),
    "number for a string": ({ARTICLE: "title: 1984\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                            "'title': Input should be a valid string (got 1984)"),
    "string for a list": ({"terms.yml": "terms: engine\n"}, "terms.yml", 1, 8,
                          "'terms': Input should be a valid list (got 'engine')"),
    "unknown top-level key": ({CONTEXT: "quote:\n  - speaker: ada-lovelace\n"}, CONTEXT, 1, 1, "unknown key 'quote'"),
    "invalid kind": ({ARTICLE: "title: A\ndate: 2024-01-02\nkind: interview\n"}, ARTICLE, 3, 7,
                     "'kind': Input should be 'report' or 'transcript' (got 'interview')"),
    # YAML values the loader cannot construct: an error at the value, never a traceback.
    # A published entry's link to a draft would break on the site and show the draft's id.
    "published note links a draft person": ({
        "speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: [Lovelace]\n"
                        "  - id: charles-babbage\n    name: Charles Babbage\n    status: draft\n",
        CONTEXT: "notes:\n  - id: n\n    anchor: weaves patterns\n    note: Ask [him](person:charles-babbage).\n"
                 "    sources:\n      - {title: Notes, url: 'https://example.org/notes'}\n"},
        CONTEXT, 4, 11, "link to person 'charles-babbage', which is a draft"),
    "published definition links a draft term": ({
        "terms.yml": "terms:\n  - id: engine\n    term: Analytical Engine\n    definition: See [loom](term:loom).\n"
                     "  - id: loom\n    term: Jacquard loom\n    definition: A loom.\n    status: draft\n"},
        "terms.yml", 4, 17, "link to term 'loom', which is a draft"),
    "int tag on a word": ({ARTICLE: "title: A\ndate: !!int abc\n"}, ARTICLE, 2, 7,
                          "YAML value 'abc' cannot be read as int"),
    "float tag on a word": ({ARTICLE: "title: !!float abc\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                            "YAML value 'abc' cannot be read as float"),
    "bool tag on a word": ({ARTICLE: "title: A\ndate: 2024-01-02\ntitle_by_editors: !!bool maybe\n"}, ARTICLE, 3, 19,
                           "YAML value 'maybe' cannot be read as bool"),
    "binary without digits": ({CONTEXT: "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves\n    occurrence: 0b_\n"},
                              CONTEXT, 4, 17, "YAML value '0b_' cannot be read as int"),
    "hex without digits": ({CONTEXT: "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves\n    occurrence: 0x_\n"},
                           CONTEXT, 4, 17, "YAML value '0x_' cannot be read as int"),
    "a 5,000-digit integer": ({CONTEXT: "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves\n    occurrence: "
                               + "7" * 5000 + "\n"}, CONTEXT, 4, 17, f"YAML value {'7' * 40!r} cannot be read as int"),
    "int tag through %TAG": ({ARTICLE: "%TAG !y! tag:yaml.org,2002:\n---\ntitle: A\ndate: !y!int abc\n"}, ARTICLE, 4, 7,
                             "YAML value 'abc' cannot be read as int"),
    "int tag written in full": ({ARTICLE: "title: A\ndate: !<tag:yaml.org,2002:int> abc\n"}, ARTICLE, 2, 7,
                                "YAML value 'abc' cannot be read as int"),
}


@pytest.mark.parametrize("name", sorted(ERROR_CASES))
def test_broken_annotation_is_refused_with_a_located_message(tmp_path, name):
    files, where, line, column, message = ERROR_CASES[name]
    root = write_site(tmp_path / "annotations", files)
    errors = [p for p in generate(root).problems if p.severity == "error"]
    assert [p.message for p in errors] == [message], [str(p) for p in errors]
    [problem] = errors
    assert problem.origin.path == root / where
    assert (problem.origin.line, problem.origin.column) == (line, column)
    assert problem.hint


def test_a_fifty_megabyte_file_is_refused_without_reading_it(tmp_path):
    root = write_site(tmp_path / "annotations")
    with open(root / "terms.yml", "wb") as big:
        big.truncate(50 * 1024 * 1024)
    [problem] = [p for p in generate(root).problems if p.severity == "error"]
    assert problem.message == "file is 52,428,800 bytes, over the limit of 2,000,000"


@pytest.mark.parametrize("target", ["file", "folder"])
def test_symbolic_links_out_of_the_folder_are_refused(tmp_path, target):
    root = write_site(tmp_path / "annotations")
    secret = tmp_path / "secret"
    if target == "file":
        secret.write_text("speakers: []\n")
        (root / "speakers.yml").unlink()
        os.symlink(secret, root / "speakers.yml")
        link = root / "speakers.yml"
    else:
        secret.mkdir()
        link = root / "2024-05-05-linked"
        os.symlink(secret, link)
    result = generate(root)
    assert [(p.message, p.origin.path) for p in result.problems] == [
        ("symbolic link leads outside the annotations folder", link)]


def test_a_symbolic_link_inside_the_folder_is_fine(tmp_path):
    root = write_site(tmp_path / "annotations")
    (root / "shared-terms.yml").write_text((root / "terms.yml").read_text())
    (root / "terms.yml").unlink()
    os.symlink(root / "shared-terms.yml", root / "terms.yml")
    assert generate(root).ok


def test_an_article_slug_reserved_for_the_index(tmp_path):
    root = write_site(tmp_path / "annotations")
    (root / SLUG).rename(root / "index")
    errors = [p for p in generate(root).problems if p.severity == "error"]
    assert [p.message for p in errors] == ["article slug 'index' is reserved for the articles index"]


# --- annotations that must publish safely --------------------------------------------------------

HOSTILE_ANNOTATIONS = {
    "speakers.yml": """\
        speakers:
          - id: ada-lovelace
            name: Ada "<script>alert(1)</script>" Lovelace
            aliases: [Lovelace]
            role: <img src=x onerror=alert(1)>
            description: '<b onmouseover="alert(1)">bold</b> [ok](https://example.org/"onmouseover="alert(1))'
        """,
    "terms.yml": """\
        terms:
          - id: engine
            term: Analytical Engine
            definition: "<iframe src=javascript:alert(1)></iframe> *fine* [link](term:engine \\"x\\" onclick=alert(1))"
        """,
    f"{SLUG}/article.yml": """\
        title: '</title><script>alert(1)</script>'
        date: 2024-01-02
        publication: <svg onload=alert(1)>
        url: https://example.org/?q="><script>alert(1)</script>
        """,
    f"{SLUG}/context.yml": """\
        quotes:
          - speaker: ada-lovelace
            quote: It weaves patterns,
            said: '" onmouseover="alert(1)'
        notes:
          - id: weaves
            anchor: weaves patterns
            note: '<script>alert(1)</script> [a](mailto:x@example.org) **strong**'
            sources:
              - title: '<a href=javascript:alert(1)>x</a>'
                url: https://example.org/"onclick="alert(1)
        """,
}


def test_hostile_annotations_publish_as_text(tmp_path):
    root = write_site(tmp_path / "annotations", HOSTILE_ANNOTATIONS)
    result = generate(root)
    assert result.ok, [str(p) for p in result.problems]
    fragments = []
    for path, markdown in result.pages.items():
        soup = BeautifulSoup(to_html(markdown), "lxml")
        # An article's cards are data for annotations.js (never run): their HTML is checked as well.
        for data in soup.select('script.annotation-cards[type="application/json"]'):
            assert "<" not in data.string
            fragments += [(f"{path} {card_id}", card["html"]) for card_id, card in json.loads(data.string).items()]
            data.decompose()
        fragments.append((path, str(soup)))
    for path, fragment in fragments:
        soup = BeautifulSoup(fragment, "lxml")
        assert not soup.find_all(["script", "iframe", "svg", "img", "b"]), path
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (path, element)
            href = element.get("href", "")
            assert not re.match(r"\s*(javascript|data|vbscript):", href, re.I), (path, element)
    article = BeautifulSoup(to_html(result.pages[f"articles/{SLUG}.md"]), "lxml")
    assert article.find("h1").get_text() == "</title><script>alert(1)</script>"
    assert "<script>alert(1)</script>" in article.find("li", id="fn:weaves").get_text()


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


def test_github_commands_escape_the_file_name_too():
    """A folder whose name holds a line break, a comma or a colon cannot add a command or a property."""
    from generator.model import Origin, Problem
    from generator.shells.report import format_github

    hostile = Path("a\n::error file=x,line=1::injected/b,c:d.yml")
    [line] = format_github([Problem(Origin(hostile, 2, 3), "bad\nthing", "fix it")]).splitlines()
    assert line == ("::error file=a%0A%3A%3Aerror file=x%2Cline=1%3A%3Ainjected/b%2Cc%3Ad.yml,line=2,col=3::"
                    "bad%0Athing (hint: fix it)")


@pytest.mark.parametrize("value", ["!!int abc", "!!float abc", "!!bool maybe", "0b_"])
def test_fmt_refuses_a_value_the_loader_cannot_read_without_a_traceback(tmp_path, capsys, value):
    from generator.shells.cli import main

    root = write_site(tmp_path / "annotations", {ARTICLE: f"title: A\ndate: 2024-01-02\ntitle_by_editors: {value}\n"})
    before = (root / ARTICLE).read_text()
    assert main(["fmt", "--dir", str(root)]) == 1
    err = capsys.readouterr().err
    assert "article.yml:3:19: error: YAML value" in err
    assert "Traceback" not in err and (root / ARTICLE).read_text() == before


def test_a_draft_may_link_to_a_draft(tmp_path):
    root = write_site(tmp_path / "annotations", {
        "speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: [Lovelace]\n"
                        "  - id: charles-babbage\n    name: Charles Babbage\n    status: draft\n",
        CONTEXT: "notes:\n  - id: n\n    status: draft\n    anchor: weaves patterns\n"
                 "    note: Ask [him](person:charles-babbage).\n"
                 "    sources:\n      - {title: Notes, url: 'https://example.org/notes'}\n"})
    assert not [str(p) for p in generate(root).problems if p.severity == "error"]
