"""Hostile ids, slugs, titles and names: one place (schema.py) decides what each may be, and check
refuses at its place whatever the build, the file system or a page could not take."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator.pipeline import generate
from generator.schema import MAX_ID_LENGTH
from tests.conftest import SLUG, command, refusals, to_html, write_site

ARTICLE = f"{SLUG}/article.yml"
CONTEXT = f"{SLUG}/context.yml"
ONE_LINE = "must be one line (a title or a name is shown on one line)"
LONG = "a" * (MAX_ID_LENGTH + 1)
TOO_LONG = ("a title, name or label is at most 500 (shorten it: a longer text belongs in a summary, a description or "
            "a note)")

CASES = {
    # name: (files, file with the problem, line, column, exact message)
    "id escaping the folder": ({"speakers.yml": "speakers:\n  - id: ../etc\n    name: X\n"}, "speakers.yml", 2, 9,
                               "invalid id '../etc' at 'speakers[1].id'"),
    "absolute id": ({"speakers.yml": "speakers:\n  - id: /etc/passwd\n    name: X\n"}, "speakers.yml", 2, 9,
                    "invalid id '/etc/passwd' at 'speakers[1].id'"),
    "backslash id": ({"terms.yml": "terms:\n  - id: a\\b\n    term: T\n    definition: x\n"}, "terms.yml", 2, 9,
                     "invalid id 'a\\\\b' at 'terms[1].id'"),
    "note id with a slash": ({CONTEXT: "notes:\n  - id: x/y\n    anchor: weaves\n    note: n\n"}, CONTEXT, 2, 9,
                             "invalid id 'x/y' at 'notes[1].id'"),
    "id in capitals": ({"speakers.yml": "speakers:\n  - id: Ada\n    name: Ada\n"}, "speakers.yml", 2, 9,
                       "invalid id 'Ada' at 'speakers[1].id'"),
    "id with two hyphens in a row": ({"speakers.yml": "speakers:\n  - id: ada--lovelace\n    name: Ada\n"},
                                     "speakers.yml", 2, 9, "invalid id 'ada--lovelace' at 'speakers[1].id'"),
    "id with an accent": ({"speakers.yml": "speakers:\n  - id: adà\n    name: Ada\n"}, "speakers.yml", 2, 9,
                          "invalid id 'adà' at 'speakers[1].id'"),
    "empty id": ({"speakers.yml": "speakers:\n  - id: ''\n    name: Ada\n"}, "speakers.yml", 2, 9,
                 "invalid id '' at 'speakers[1].id'"),
    "person id of 101 characters": ({"speakers.yml": f"speakers:\n  - id: {LONG}\n    name: Ada\n"}, "speakers.yml", 2, 9,
                                    f"invalid id '{LONG}' at 'speakers[1].id'"),
    "note id of 101 characters": ({CONTEXT: f"notes:\n  - id: {LONG}\n    anchor: weaves\n    note: x\n"}, CONTEXT, 2, 9,
                                  f"invalid id '{LONG}' at 'notes[1].id'"),
    "person id index": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n"
                         "  - id: index\n    name: Charles Babbage\n"}, "speakers.yml", 4, 9,
                        "person id 'index' is reserved for a generated page"),
    "term id glossary": ({"terms.yml": "terms:\n  - id: glossary\n    term: Analytical Engine\n    definition: x\n"},
                         "terms.yml", 2, 9, "term id 'glossary' is reserved for a generated page"),
    "term id letter": ({"terms.yml": "terms:\n  - id: letter-a\n    term: Analytical Engine\n    definition: x\n"},
                       "terms.yml", 2, 9, "term id 'letter-a' is reserved for a generated page"),
    "title on two lines": ({ARTICLE: 'title: "A\\nB"\ndate: 2024-01-02\n'}, ARTICLE, 1, 8, f"'title': {ONE_LINE} (got 'A\\nB')"),
    "title as a block": ({ARTICLE: "title: |\n  A\n  B\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                         f"'title': {ONE_LINE} (got 'A\\nB\\n')"),
    "title with a line separator": ({ARTICLE: 'title: "A\\u2028B"\ndate: 2024-01-02\n'}, ARTICLE, 1, 8,
                                    f"'title': {ONE_LINE} (got 'A\\u2028B')"),
    "name on two lines": ({"speakers.yml": 'speakers:\n  - id: ada-lovelace\n    name: "Ada\\nLovelace"\n'}, "speakers.yml",
                          3, 11, f"'speakers[1].name': {ONE_LINE} (got 'Ada\\nLovelace')"),
    "term on two lines": ({"terms.yml": 'terms:\n  - id: engine\n    term: "Analytical\\nEngine"\n    definition: x\n'},
                          "terms.yml", 3, 11, f"'terms[1].term': {ONE_LINE} (got 'Analytical\\nEngine')"),
    "alias with a carriage return": ({"speakers.yml": 'speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n'
                                      '    aliases: ["Love\\rlace"]\n'}, "speakers.yml", 4, 15,
                                     "'speakers[1].aliases[1]': control character U+000D is not allowed in a text "
                                     "(write it out, or remove it) (got 'Love\\rlace')"),
    "a Wikidata id in lower case": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada\n    wikidata: q123\n"},
                                    "speakers.yml", 4, 15, "'speakers[1].wikidata': a Wikidata id is Q and digits, e.g. Q42 "
                                                           "(from the entity's page, never guessed) (got 'q123')"),
    "a Wikidata URL for an id": ({"terms.yml": "terms:\n  - id: engine\n    term: Engine\n    definition: x\n"
                                               "    wikidata: 'https://www.wikidata.org/wiki/Q123'\n"}, "terms.yml", 5, 15,
                                 "'terms[1].wikidata': a Wikidata id is Q and digits, e.g. Q42 (from the entity's page, "
                                 "never guessed) (got 'https://www.wikidata.org/wiki/Q123')"),
    "source title on two lines": ({CONTEXT: 'notes:\n  - id: weaves\n    anchor: weaves patterns\n    note: n\n'
                                   '    sources:\n      - {title: "T\\nU", url: "https://example.org/"}\n'}, CONTEXT, 6, 17,
                                  f"'notes[1].sources[1].title': {ONE_LINE} (got 'T\\nU')"),
    "title of 501 characters": ({ARTICLE: f"title: {'T' * 501}\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                                f"'title': is 501 characters long; {TOO_LONG} (got {'T' * 60!r}… (501 characters))"),
    "title of 1.5 MB": ({ARTICLE: f"title: {'T' * 1_500_000}\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                        f"'title': is 1,500,000 characters long; {TOO_LONG} (got {'T' * 60!r}… (1,500,000 characters))"),
    "name of 501 characters": ({"speakers.yml": f"speakers:\n  - id: ada-lovelace\n    name: {'N' * 501}\n"},
                               "speakers.yml", 3, 11,
                               f"'speakers[1].name': is 501 characters long; {TOO_LONG} (got {'N' * 60!r}… (501 characters))"),
    "alias of 501 characters": ({"terms.yml": f"terms:\n  - id: engine\n    term: Engine\n    aliases: [{'a' * 501}]\n"
                                              "    definition: x\n"}, "terms.yml", 4, 15,
                                f"'terms[1].aliases[1]': is 501 characters long; {TOO_LONG} (got {'a' * 60!r}… "
                                "(501 characters))"),
    "role of 501 characters": ({"speakers.yml": f"speakers:\n  - id: ada-lovelace\n    name: Ada\n    role: {'r' * 501}\n"},
                               "speakers.yml", 4, 11,
                               f"'speakers[1].role': is 501 characters long; {TOO_LONG} (got {'r' * 60!r}… (501 characters))"),
    "turn label of 501 characters": ({ARTICLE: f"title: A\ndate: 2024-01-02\nkind: transcript\nturns:\n  {'L' * 501}: ada-lovelace\n"},
                                     ARTICLE, 5, 506, f"'turns.{'L' * 60}…': is 501 characters long; {TOO_LONG} (got "
                                                      f"{'L' * 60!r}… (501 characters))"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_name_the_site_could_not_show_is_refused(tmp_path, name):
    files, where, line, column, message = CASES[name]
    assert refusals(write_site(tmp_path / "annotations", files)) == [(where, line, column, message)]


@pytest.mark.parametrize("slug", ["a" * (MAX_ID_LENGTH + 1), "a" * 249, "a" * 255, "Bad_Slug", "2024-01-02-café",
                                  "-leading-hyphen"])
def test_an_article_folder_that_is_no_slug_is_refused(tmp_path, slug):
    root = write_site(tmp_path / "annotations")
    (root / SLUG).rename(root / slug)
    assert refusals(root) == [(slug, 1, 1, f"invalid article folder name '{slug}'")]


def test_the_longest_ids_and_slugs_build(tmp_path, capsys):
    """What check accepts, the build writes: a slug and a person's id of the longest length allowed."""
    slug, person = "s" * MAX_ID_LENGTH, "p" * MAX_ID_LENGTH
    root = write_site(tmp_path / "annotations", {
        "speakers.yml": f"speakers:\n  - id: {person}\n    name: Ada Lovelace\n    aliases: [Lovelace]\n",
        CONTEXT: f"quotes:\n  - speaker: {person}\n    quote: It weaves patterns,\n"})
    (root / SLUG).rename(root / slug)
    code, out, err = command(capsys, "build", "--dir", str(root), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "articles" / f"{slug}.md").is_file()
    assert (tmp_path / "out" / "people" / f"{person}.md").is_file()


@pytest.mark.parametrize("title", ["P1", "p2", "fn:weaves", "Notes"])
def test_a_title_never_repeats_an_id_of_the_page(tmp_path, title):
    root = write_site(tmp_path / "annotations", {ARTICLE: f"title: '{title}'\ndate: 2024-01-02\n"})
    page = BeautifulSoup(to_html(generate(root).pages[f"articles/{SLUG}.md"]), "lxml")
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids
    assert page.find("h1").get_text() == title


def test_an_article_slug_reserved_for_the_index(tmp_path):
    root = write_site(tmp_path / "annotations")
    (root / SLUG).rename(root / "index")
    errors = [p for p in generate(root).problems if p.severity == "error"]
    assert [p.message for p in errors] == ["article slug 'index' is reserved for the articles index"]




def test_a_title_of_500_characters_builds(tmp_path):
    root = write_site(tmp_path / "annotations", {ARTICLE: f"title: {'T' * 500}\ndate: 2024-01-02\n"})
    assert generate(root).ok
