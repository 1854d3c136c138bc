"""Hostile YAML: syntax, constructs and values an annotation file may not hold, each refused at its
place with an exact message (never a traceback, never a value read otherwise than written)."""

from __future__ import annotations

import pytest

from tests.conftest import SLUG, refusals, write_site

ARTICLE = f"{SLUG}/article.yml"
CONTEXT = f"{SLUG}/context.yml"
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9))
CONTROL = "control character U+{:04X} is not allowed in a text (write it out, or remove it)"

CASES = {
    # name: (files, file with the problem, line, column, exact message)
    # -- syntax
    "duplicate key": ({ARTICLE: "title: A\ndate: 2024-01-02\ntitle: B\n"}, ARTICLE, 3, 1,
                      'YAML syntax: while constructing a mapping found duplicate key "title" with value "B" '
                      '(original value: "A")'),
    "tab indentation": ({ARTICLE: "title: A\n\tdate: 2024-01-02\n"}, ARTICLE, 2, 1,
                        "YAML syntax: while scanning a plain scalar found a tab character that violates indentation"),
    "bad indentation": ({ARTICLE: "title: A\n  date: 2024-01-02\n"}, ARTICLE, 2, 7,
                        "YAML syntax: mapping values are not allowed in this context"),
    "unclosed quote": ({ARTICLE: "title: \"A\ndate: 2024-01-02\n"}, ARTICLE, 3, 1,
                       "YAML syntax: while scanning a quoted scalar found unexpected end of stream"),
    "two documents": ({ARTICLE: "title: A\ndate: 2024-01-02\n---\ntitle: B\n"}, ARTICLE, 3, 1,
                      "YAML syntax: expected a single document in the stream but found another document"),
    # A tab that libyaml reads but the rewriting commands' YAML library refuses.
    "tab before a comment": ({ARTICLE: "title: A\t# the headline\ndate: 2024-01-02\n"}, ARTICLE, 1, 9,
                             "a tab character here is not read alike by every YAML tool"),
    "tab after a value": ({ARTICLE: "title: A\t\ndate: 2024-01-02\n"}, ARTICLE, 1, 9,
                          "a tab character here is not read alike by every YAML tool"),
    "tab inside a plain value": ({ARTICLE: "title: A\tB\ndate: 2024-01-02\n"}, ARTICLE, 1, 9,
                                 "a tab character here is not read alike by every YAML tool"),
    # -- constructs
    "anchor": ({ARTICLE: "title: &t A\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
               "YAML anchors and aliases (& and *) are not allowed in annotation files"),
    "alias": ({"terms.yml": "terms:\n  - id: engine\n    term: Analytical Engine\n    definition: x\n"
               "    aliases: *a\n"}, "terms.yml", 5, 14,
              "YAML anchors and aliases (& and *) are not allowed in annotation files"),
    "merge key": ({ARTICLE: "title: A\ndate: 2024-01-02\n<<: {summary: x}\n"}, ARTICLE, 3, 1,
                  "YAML merge keys (<<) are not allowed in annotation files"),
    "billion laughs": ({ARTICLE: BILLION_LAUGHS}, ARTICLE, 1, 4,
                       "YAML anchors and aliases (& and *) are not allowed in annotation files"),
    "nested 40 deep": ({ARTICLE: "title: A\ndate: 2024-01-02\nauthors: " + "[" * 40 + "]" * 40 + "\n"}, ARTICLE, 3, 42,
                       "YAML nested more than 32 levels deep"),
    "nested 100,000 deep": ({ARTICLE: "title: A\ndate: 2024-01-02\nauthors: " + "[" * 100_000 + "]" * 100_000 + "\n"},
                            ARTICLE, 3, 1009, "YAML syntax: while increasing flow level exceeded maximum nesting depth"),
    "python tag": ({ARTICLE: "title: !!python/object/apply:os.system ['echo x']\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                   "YAML tag '!!python/object/apply:os.system' is not allowed in annotation files"),
    "binary tag": ({ARTICLE: "title: !!binary aGVsbG8=\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                   "YAML tag '!!binary' is not allowed in annotation files"),
    "set tag": ({ARTICLE: "title: A\ndate: 2024-01-02\nauthors: !!set {a, b}\n"}, ARTICLE, 3, 10,
                "YAML tag '!!set' is not allowed in annotation files"),
    "a tag of one's own": ({ARTICLE: "title: !mine A\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                           "YAML tag '!mine' is not allowed in annotation files"),
    # -- values the loader cannot construct
    "int tag on a word": ({ARTICLE: "title: A\ndate: !!int abc\n"}, ARTICLE, 2, 7, "YAML value 'abc' cannot be read as int"),
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
    # -- control characters written as YAML escapes (a source text with them is refused too)
    "NUL in a note": ({CONTEXT: 'notes:\n  - id: weaves\n    anchor: weaves patterns\n    note: "a\\0b"\n'}, CONTEXT, 4, 11,
                      f"'notes[1].note': {CONTROL.format(0)} (got 'a\\x00b')"),
    "ESC in a name": ({"speakers.yml": 'speakers:\n  - id: ada-lovelace\n    name: "Ada \\e[31mLovelace"\n'},
                      "speakers.yml", 3, 11, f"'speakers[1].name': {CONTROL.format(0x1B)} (got 'Ada \\x1b[31mLovelace')"),
    "DEL in a definition": ({"terms.yml": 'terms:\n  - id: engine\n    term: Analytical Engine\n    definition: "x\\x7f"\n'},
                            "terms.yml", 4, 17, f"'terms[1].definition': {CONTROL.format(0x7F)} (got 'x\\x7f')"),
    "C1 CSI in a title": ({ARTICLE: 'title: "A\\x9b31m"\ndate: 2024-01-02\n'}, ARTICLE, 1, 8,
                          f"'title': {CONTROL.format(0x9B)} (got 'A\\x9b31m')"),
    "bell in a source's title": ({CONTEXT: 'notes:\n  - id: weaves\n    anchor: weaves patterns\n    note: n\n    sources:\n'
                                  '      - {title: "T\\a", url: "https://example.org/"}\n'}, CONTEXT, 6, 17,
                                 f"'notes[1].sources[1].title': {CONTROL.format(7)} (got 'T\\x07')"),
    # -- types: a value is what it says, not what a lax reader could make of it
    "occurrence: true": ({CONTEXT: "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves\n    occurrence: true\n"},
                         CONTEXT, 4, 17, "'quotes[1].occurrence': Input should be a valid integer (got True)"),
    "occurrence as text": ({CONTEXT: "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves\n    occurrence: '2'\n"},
                           CONTEXT, 4, 17, "'quotes[1].occurrence': Input should be a valid integer (got '2')"),
    "occurrence: 0": ({CONTEXT: "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves\n    occurrence: 0\n"},
                      CONTEXT, 4, 17, "'quotes[1].occurrence': Input should be greater than or equal to 1 (got 0)"),
    "occurrence: .inf": ({CONTEXT: "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves\n    occurrence: .inf\n"},
                         CONTEXT, 4, 17, "'quotes[1].occurrence': Input should be a valid integer (got inf)"),
    "ignore_case: 1": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    ignore_case: 1\n"},
                       "speakers.yml", 4, 18, "'speakers[1].ignore_case': Input should be a valid boolean (got 1)"),
    "title_by_editors as text": ({ARTICLE: "title: A\ndate: 2024-01-02\ntitle_by_editors: 'true'\n"}, ARTICLE, 3, 19,
                                 "'title_by_editors': Input should be a valid boolean (got 'true')"),
    "yes as a name": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: yes\n"}, "speakers.yml", 3, 11,
                      "'speakers[1].name': Input should be a valid string (got True)"),
    "null among aliases": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n"
                            "    aliases: [Lovelace, ~]\n"}, "speakers.yml", 4, 25,
                           "'speakers[1].aliases[2]': Input should be a valid string (got None)"),
    "date as a number": ({ARTICLE: "title: A\ndate: 20240102\n"}, ARTICLE, 2, 7, "invalid date 20240102 at 'date'"),
    "impossible date": ({ARTICLE: "title: A\ndate: 2024-02-30\n"}, ARTICLE, 2, 7, "invalid date '2024-02-30' at 'date'"),
    "empty title": ({ARTICLE: "title:\ndate: 2024-01-02\n"}, ARTICLE, 1, 7, "'title': Input should be a valid string (got None)"),
    "blank title": ({ARTICLE: "title: '  '\ndate: 2024-01-02\n"}, ARTICLE, 1, 8, "'title': must not be empty (got '  ')"),
    "mapping for a string": ({"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: {first: Ada}\n"},
                             "speakers.yml", 3, 11, "'speakers[1].name': Input should be a valid string (got 'dict')"),
    "number for a string": ({ARTICLE: "title: 1984\ndate: 2024-01-02\n"}, ARTICLE, 1, 8,
                            "'title': Input should be a valid string (got 1984)"),
    "string for a list": ({"terms.yml": "terms: engine\n"}, "terms.yml", 1, 8,
                          "'terms': Input should be a valid list (got 'engine')"),
    "unknown top-level key": ({CONTEXT: "quote:\n  - speaker: ada-lovelace\n"}, CONTEXT, 1, 1, "unknown key 'quote'"),
    "a key that is a list": ({ARTICLE: "title: A\ndate: 2024-01-02\n[a, b]: c\n"}, ARTICLE, 3, 1, "unknown key '['a', 'b']'"),
    "a fact-check without a source": ({CONTEXT: "notes:\n  - id: n\n    anchor: weaves\n    note: x\n    rating: inaccurate\n"},
                                      CONTEXT, 2, 5, "'notes[1]': a fact-check (rating:) must cite its evidence: add sources: "
                                                     "(got 'dict')"),
    "a rating off the scale": ({CONTEXT: "notes:\n  - id: n\n    anchor: weaves\n    note: x\n    rating: false\n"
                                         "    sources: [{title: t, url: 'https://example.org/'}]\n"}, CONTEXT, 5, 13,
                               "'notes[1].rating': Input should be 'accurate', 'inaccurate', 'misleading' or "
                               "'unverified' (got False)"),
    "invalid kind": ({ARTICLE: "title: A\ndate: 2024-01-02\nkind: interview\n"}, ARTICLE, 3, 7,
                     "'kind': Input should be 'report' or 'transcript' (got 'interview')"),
    # -- files
    "yaml not utf-8": ({ARTICLE: "title: Caf\xe9\ndate: 2024-01-02\n".encode("latin-1")}, ARTICLE, 1, 11,
                       "not UTF-8: byte 0xE9 at byte offset 10"),
    "empty article.yml": ({ARTICLE: ""}, ARTICLE, 1, 1, "empty file"),
    "blank context.yml": ({CONTEXT: "\n   \n"}, CONTEXT, 1, 1, "empty file"),
    "list at top level": ({"speakers.yml": "- id: x\n"}, "speakers.yml", 1, 1,
                          "speakers.yml must be a mapping of keys to values"),
    "scalar at top level": ({CONTEXT: "just text\n"}, CONTEXT, 1, 1, "context.yml must be a mapping of keys to values"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_yaml_file_is_refused_at_its_place(tmp_path, name):
    files, where, line, column, message = CASES[name]
    root = write_site(tmp_path / "annotations", files)
    assert refusals(root) == [(where, line, column, message)]


@pytest.mark.parametrize("text", ["\ufefftitle: A\ndate: 2024-01-02\n", "title: !!str A\ndate: !!timestamp 2024-01-02\n",
                                  "title: A\r\ndate: 2024-01-02\r\n", "title: 'A\tB'\ndate: 2024-01-02\n"])
def test_what_every_yaml_tool_reads_alike_is_accepted(tmp_path, text):
    """A byte order mark, the standard tags, CRLF lines, a tab inside quotes: nothing to refuse."""
    assert refusals(write_site(tmp_path / "annotations", {ARTICLE: text})) == []


def test_a_fifty_megabyte_file_is_refused_without_reading_it(tmp_path):
    root = write_site(tmp_path / "annotations")
    with open(root / "terms.yml", "wb") as big:
        big.truncate(50 * 1024 * 1024)
    assert refusals(root) == [("terms.yml", 1, 1, "file is 52,428,800 bytes, over the limit of 2,000,000")]
