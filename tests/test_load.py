"""Stage 1: every validation problem is reported with its file, line, column and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import generate, load_site
from tests.conftest import SLUG, write_site


def problems_of(tmp_path: Path, overrides: dict) -> list:
    return generate(write_site(tmp_path / "annotations", overrides)).problems


def only_error(tmp_path: Path, overrides: dict):
    errors = [p for p in problems_of(tmp_path, overrides) if p.severity == "error"]
    assert len(errors) == 1, [str(p) for p in errors]
    return errors[0]


def test_the_base_site_is_valid(site_dir):
    result = generate(site_dir)
    assert result.ok, [str(p) for p in result.problems]


@pytest.mark.parametrize("name, content, line, column, message, hint", [
    ("speakers.yml", "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    rol: Mathematician\n",
     4, 5, "unknown key 'rol'", "did you mean 'role'?"),
    ("speakers.yml", "speakers:\n  - id: ada-lovelace\n    role: Mathematician\n",
     2, 5, "missing required key 'name'", "add 'name: ...'"),
    ("speakers.yml", "speakers:\n  - id: Ada Lovelace\n    name: Ada Lovelace\n",
     2, 9, "invalid id 'Ada Lovelace'", "lower-case letters"),
    ("speakers.yml", "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: Lovelace\n",
     4, 14, "'speakers[1].aliases': Input should be a valid list", "write a list"),
    ("speakers.yml", "speakers:\n  - id: ada-lovelace\n    name: [Ada]\n",
     3, 11, "'speakers[1].name': Input should be a valid string", "write text here"),
    ("speakers.yml", "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    links:\n      - title: x\n        url: ftp://x.org\n",
     6, 14, "must be an absolute URL", "see the format reference"),
    (f"{SLUG}/article.yml", "title: A sample\ndate: 2024-13-02\n",
     2, 7, "invalid date '2024-13-02'", "YYYY-MM-DD"),
    (f"{SLUG}/article.yml", "date: 2024-01-02\n", 1, 1, "missing required key 'title'", "add 'title: ...'"),
    (f"{SLUG}/article.yml", "title: A sample\ndate: 2024-01-02\ndate: 2024-01-03\n",
     3, 1, "duplicate key", "each key may appear once"),
    (f"{SLUG}/article.yml", "title: A sample\ndate: 2024-01-02\nsummary: 'unclosed\n",
     4, 1, "YAML syntax", "quoting"),
    (f"{SLUG}/article.yml", "title: A sample\n\tdate: 2024-01-02\n", 2, 1, "YAML syntax", "tabs"),
    (f"{SLUG}/article.yml", "- title\n", 1, 1, "article.yml must be a mapping", "start with a key"),
    (f"{SLUG}/context.yml", "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves patterns,\n    occurrence: 0\n",
     4, 17, "greater than or equal to 1", "whole number"),
])
def test_schema_problem_is_located_and_explained(tmp_path, name, content, line, column, message, hint):
    problem = only_error(tmp_path, {name: content})
    assert problem.origin.path.name == Path(name).name
    assert (problem.origin.line, problem.origin.column) == (line, column), str(problem)
    assert message in problem.message
    assert hint in problem.hint


def test_unknown_speaker_suggests_the_closest_id(tmp_path):
    problem = only_error(tmp_path, {f"{SLUG}/context.yml": "quotes:\n  - speaker: ada-lovelac\n    quote: It weaves\n"})
    assert problem.message == "unknown speaker 'ada-lovelac'"
    assert problem.hint == "did you mean 'ada-lovelace'?"
    assert (problem.origin.line, problem.origin.column) == (2, 14)


def test_duplicate_person_id_points_at_both(tmp_path):
    speakers = ("speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n"
                "  - id: ada-lovelace\n    name: Augusta Ada King\n")
    problem = only_error(tmp_path, {"speakers.yml": speakers})
    assert problem.message == "duplicate person id 'ada-lovelace'"
    assert problem.origin.line == 4
    assert "speakers.yml:2:9" in problem.hint


def test_duplicate_note_id_in_an_article(tmp_path):
    context = ("notes:\n  - id: same\n    anchor: weaves\n    note: a\n"
               "  - id: same\n    anchor: Lovelace said\n    note: b\n")
    problem = only_error(tmp_path, {f"{SLUG}/context.yml": context})
    assert problem.message == f"duplicate id 'same' in {SLUG}"
    assert problem.origin.line == 5


def test_derived_quote_ids_that_clash_ask_for_an_explicit_id(tmp_path):
    source = "Ada Lovelace said: “It weaves patterns of flowers.” Later: “It weaves patterns of leaves.”\n"
    context = ("quotes:\n  - speaker: ada-lovelace\n    quote: It weaves patterns of flowers.\n"
               "  - speaker: ada-lovelace\n    quote: It weaves patterns of leaves.\n")
    problem = only_error(tmp_path, {f"{SLUG}/source.txt": source, f"{SLUG}/context.yml": context})
    assert "duplicate id 'ada-lovelace-it-weaves-patterns-of'" in problem.message
    assert "add 'id: ...'" in problem.hint


def test_an_alias_claimed_by_two_entries(tmp_path):
    terms = ("terms:\n  - id: engine\n    term: Analytical Engine\n    definition: x\n"
             "  - id: loom\n    term: Jacquard loom\n    aliases: [Lovelace]\n    definition: y\n")
    problem = only_error(tmp_path, {"terms.yml": terms})
    assert problem.message == "'Lovelace' is claimed by 'loom' and by 'ada-lovelace'"
    assert problem.origin.line == 7


def test_an_invalid_article_slug(tmp_path):
    root = write_site(tmp_path / "annotations")
    (root / SLUG).rename(root / "Bad Slug")
    problems = [p for p in generate(root).problems if p.severity == "error"]
    assert [p.message for p in problems] == ["invalid article folder name 'Bad Slug'"]


def test_missing_source_and_article_files(tmp_path):
    problems = problems_of(tmp_path, {f"{SLUG}/source.txt": None, f"{SLUG}/article.yml": None})
    assert sorted(p.message for p in problems if p.severity == "error") == ["missing file article.yml", "missing file source.txt"]


def test_a_file_that_is_not_utf8_names_the_byte(tmp_path):
    problem = only_error(tmp_path, {f"{SLUG}/source.txt": "Ada é".encode("latin-1")})
    assert problem.message == "not UTF-8: byte 0xE9 at byte offset 4"
    assert (problem.origin.line, problem.origin.column) == (1, 5)


def test_control_characters_in_the_source_are_refused(tmp_path):
    problem = only_error(tmp_path, {f"{SLUG}/source.txt": "Ada Lovelace\n\nwrote\x00 this\n"})
    assert problem.message == "control character U+0000 in the source text"
    assert (problem.origin.line, problem.origin.column) == (3, 6)


def test_a_bom_and_crlf_are_read_as_plain_text_and_the_file_is_untouched(tmp_path):
    raw = "\ufeffAda Lovelace wrote.\r\n\r\n“It weaves patterns,” Lovelace said weaves patterns.\r\n".encode()
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": raw})
    site, problems = load_site(root)
    assert site.articles[0].text.startswith("Ada Lovelace wrote.\n\n")
    assert (root / SLUG / "source.txt").read_bytes() == raw


def test_every_problem_is_reported_in_one_run(tmp_path):
    problems = problems_of(tmp_path, {
        "speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    rol: x\n",
        "terms.yml": "terms:\n  - id: engine\n    term: Analytical Engine\n",
        f"{SLUG}/context.yml": "quotes:\n  - speaker: ada-lovelace\n    quote: not in the text\n",
        f"{SLUG}/article.yml": "title: A sample\ndate: 2024-01-02\nauthor: Someone\n",
    })
    messages = {p.message for p in problems if p.severity == "error"}
    assert messages == {"unknown key 'rol'", "missing required key 'definition'", "unknown key 'author'",
                        "quote 'ada-lovelace-not-in-the-text': passage not found in source.txt"}


def test_quotes_naming_people_of_a_broken_file_are_not_reported_twice(tmp_path):
    problems = problems_of(tmp_path, {"speakers.yml": "speakers:\n  - id: ada-lovelace\n    nam: Ada\n"})
    assert [p.message for p in problems if p.severity == "error"] == [
        "missing required key 'name'", "unknown key 'nam'"]


def test_one_bad_entry_does_not_hide_the_good_ones(tmp_path):
    speakers = ("speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n"
                "  - id: charles-babbage\n    nam: Charles Babbage\n")
    errors = [p for p in problems_of(tmp_path, {"speakers.yml": speakers}) if p.severity == "error"]
    assert [p.message for p in errors] == ["missing required key 'name'", "unknown key 'nam'"]


def test_an_unused_term_is_a_warning_not_an_error(tmp_path):
    terms = ("terms:\n  - id: engine\n    term: Analytical Engine\n    definition: x\n"
             "  - id: loom\n    term: Jacquard loom\n    definition: y\n")
    result = generate(write_site(tmp_path / "annotations", {"terms.yml": terms}))
    assert result.ok
    [warning] = result.problems
    assert warning.severity == "warning"
    assert warning.message == "term 'loom' is never mentioned in any article"


def test_article_local_people_are_known_only_to_their_article(tmp_path):
    local = "speakers:\n  - id: charles-babbage\n    name: Charles Babbage\n"
    other = "2024-02-03-other"
    result = generate(write_site(tmp_path / "annotations", {
        f"{SLUG}/speakers.yml": local,
        f"{SLUG}/source.txt": "Charles Babbage built it. “It weaves patterns,” Lovelace said.\n",
        f"{other}/source.txt": "Babbage again: “Hello there.”\n",
        f"{other}/article.yml": "title: Other\ndate: 2024-02-03\n",
        f"{other}/context.yml": "quotes:\n  - speaker: charles-babbage\n    quote: Hello there.\n",
    }))
    errors = [p for p in result.problems if p.severity == "error"]
    assert [(p.message, p.origin.path.parent.name) for p in errors] == [("unknown speaker 'charles-babbage'", other)]


def test_a_missing_annotations_folder(tmp_path):
    [problem] = generate(tmp_path / "nowhere").problems
    assert problem.message == "annotations folder not found"
