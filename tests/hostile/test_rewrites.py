"""Rewrites never change what a file means to the validator's reader (PyYAML, YAML 1.1), though
they write with ruamel.yaml (YAML 1.2): `fmt`, `import` and `check --fix`."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.edit.rewrites import with_entries_appended, with_fixes
from generator.edit.style import Unsafe, checked, formatted
from generator.model import Fix
from generator.read.yaml_tree import yaml_data

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "200"))
TRICKY = ["No", "no", "Yes", "ON", "off", "y", "n", "~", "null", "true", "1:20", "010", "0x1F", "1_000", "0b101",
          ".inf", "-.NaN", "1e3", "2023-08-16", "12:30:00", "=", "<<", "- item", "a: b", "# not a comment", " lead",
          "trail ", "it's", 'say "hi"', "", "@at", "`tick", "%pct", "!tag", "&anchor", "*star", "[x]", "{y}", "|", ">"]
texts = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                                                   max_size=12))


@pytest.mark.parametrize("written, meant", [
    ("aliases: ['No', 'Yes', 'ON']", ["No", "Yes", "ON"]),
    ("aliases: ['1:20', '010', '2023-08-16']", ["1:20", "010", "2023-08-16"]),
    ("aliases: [No, 1:20, 010]", [False, 80, 8]),  # plain, they mean what the reader makes of them: kept plain
])
def test_fmt_keeps_the_quotes_the_reader_needs(written, meant):
    text = f"terms:\n  - id: x\n    term: X\n    {written}\n    definition: D.\n"
    out = formatted(text, "terms", False)
    assert yaml_data(out)["terms"][0]["aliases"] == meant and formatted(out, "terms", False) == out


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(texts, st.lists(texts, max_size=4)), min_size=1, max_size=4), st.booleans())
def test_fmt_keeps_every_meaning_and_is_idempotent(entries, flow):
    data = {"terms": [{"id": f"t{n}", "term": term, "aliases": aliases, "definition": "D."}
                      for n, (term, aliases) in enumerate(entries)]}
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    out = formatted(text, "terms", False)
    assert yaml_data(out) == yaml_data(text) == data
    assert formatted(out, "terms", False) == out


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=3))
def test_imported_notes_read_back_as_they_were_given(notes):
    entries = [("note", {"id": f"n{k}", "anchor": anchor or "x", "note": note or "x", "created": "2024-03-02"})
               for k, (anchor, note) in enumerate(notes)]
    out = with_entries_appended("# Our notes.\nnotes: []\n", entries)
    assert yaml_data(out)["notes"] == [entry for _, entry in entries]


@settings(max_examples=EXAMPLES, deadline=None)
@given(texts.filter(bool))
def test_a_fix_writes_the_new_passage_as_it_is(new):
    context = "quotes:\n  - id: q\n    speaker: a\n    quote: 'No'\n    prefix: before\n"
    fixed, article = with_fixes(context, "title: T\ndate: 2024-01-02\n", [Fix("quote", "q", "No", new, None, 0.9)],
                                dt.date(2024, 5, 6))
    assert yaml_data(fixed)["quotes"] == [{"id": "q", "speaker": "a", "quote": new}]
    assert yaml_data(article)["corrections"][0]["date"] == "2024-05-06"


def test_a_rewrite_that_would_change_a_meaning_is_refused():
    with pytest.raises(Unsafe):
        checked("a: 'No'\n", "a: No\n")


# --- files fmt is given that check would refuse: the same located message, and the file unchanged -------

FMT_REFUSALS = {
    # name: (article.yml as bytes, the first line fmt prints)
    "int tag on a word": (b"title: A\ndate: 2024-01-02\ntitle_by_editors: !!int abc\n",
                          "article.yml:3:19: error: YAML value 'abc' cannot be read as int"),
    "float tag on a word": (b"title: A\ndate: 2024-01-02\ntitle_by_editors: !!float abc\n",
                            "article.yml:3:19: error: YAML value 'abc' cannot be read as float"),
    "bool tag on a word": (b"title: A\ndate: 2024-01-02\ntitle_by_editors: !!bool maybe\n",
                           "article.yml:3:19: error: YAML value 'maybe' cannot be read as bool"),
    "binary without digits": (b"title: A\ndate: 2024-01-02\ntitle_by_editors: 0b_\n",
                              "article.yml:3:19: error: YAML value '0b_' cannot be read as int"),
    "nested 500 deep": (b"title: A\ndate: 2024-01-02\nauthors: " + b"[" * 500 + b"]" * 500 + b"\n",
                        "article.yml:3:42: error: YAML nested more than 32 levels deep"),
    "not UTF-8": (b"title: Caf\xe9\ndate: 2024-01-02\n", "article.yml:1:11: error: not UTF-8: byte 0xE9 at byte offset 10"),
    "a tab before a comment": (b"title: A\t# the headline\ndate: 2024-01-02\n",
                               "article.yml:1:9: error: a tab character here is not read alike by every YAML tool"),
    "a duplicate key": (b"title: A\ndate: 2024-01-02\ntitle: B\n",
                        'article.yml:3:1: error: YAML syntax: while constructing a mapping found duplicate key "title" '
                        'with value "B" (original value: "A")'),
}


@pytest.mark.parametrize("name", sorted(FMT_REFUSALS))
def test_fmt_refuses_what_check_refuses_and_changes_nothing(tmp_path, capsys, name):
    from tests.conftest import SLUG, command, write_site

    text, first = FMT_REFUSALS[name]
    root = write_site(tmp_path / "annotations", {f"{SLUG}/article.yml": text})
    code, out, err = command(capsys, "fmt", "--dir", str(root))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == f"{root / SLUG}/{first}"
    assert (root / SLUG / "article.yml").read_bytes() == text
    assert not (root / ".schemas").exists()
