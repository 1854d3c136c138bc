"""`import` given another tool's export at its worst: thousands of annotations alike or matching
nothing, ids given twice, quotes by nobody the site knows, more text than a context file may hold.
It answers in seconds, writes only what `check` then accepts, and says what became of the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.edit import importing
from generator.pipeline import check
from tests.conftest import SLUG, command, write_site

TEXT = ("Ada Lovelace wrote about the Analytical Engine.\n\n“It weaves patterns,” Lovelace said.\n\n"
        + "\n\n".join(f"Paragraph {n} says the engine could compute tables of numbers." for n in range(200)) + "\n")


@pytest.fixture
def root(tmp_path) -> Path:
    return write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": TEXT})


def _note(exact: str, text: str = "A note.", id: str | None = None, **extra) -> dict:
    annotation = {"type": "Annotation", "body": {"type": "TextualBody", "value": text},
                  "target": {"source": "https://example.org/", "selector": {"type": "TextQuoteSelector", "exact": exact}}}
    return annotation | ({"id": id} if id else {}) | extra


def _import(capsys, root: Path, annotations: list[dict], *extra: str) -> tuple[int, str, str]:
    path = root.parent / "incoming.json"
    path.write_text(json.dumps({"type": "AnnotationPage", "items": annotations}))
    return command(capsys, "import", str(path), SLUG, "--dir", str(root), *extra)


def _context(root: Path) -> str:
    return (root / SLUG / "context.yml").read_text("utf-8")


def test_20000_identical_notes_add_one(root, capsys):
    code, out, _ = _import(capsys, root, [_note("Paragraph 7 says")] * 20_000)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("anchored  annotation 1: ")
    assert lines[1] == ("skipped   annotation 2: the same note on the same passage is already in context.yml or "
                        "this import")
    assert sum(line.startswith("skipped") for line in lines) == 19_999
    assert _context(root).count("Paragraph 7 says") == 1 and check(root).ok


def test_5000_notes_that_match_nothing_stop_at_the_fuzzy_budget(root, capsys, monkeypatch):
    monkeypatch.setattr(importing, "FUZZY_BUDGET", 100 * len(TEXT))
    annotations = [_note(f"zq{n} xylophone quartz {n} jumps over") for n in range(5_000)]
    code, out, _ = _import(capsys, root, annotations)
    lines = out.splitlines()
    assert code == 0 and lines[-1] == "nothing to add"
    assert sum("orphan: no passage within" in line for line in lines) == 100
    assert lines[100] == ("orphaned  annotation 101: orphan: not searched for approximately: this import's budget for "
                          "that is spent; import the same file again for the rest")


def test_an_id_given_twice_is_added_once(root, capsys):
    own = "https://example.org/articles/x/#annotation-note-tables"
    code, out, _ = _import(capsys, root, [_note("Paragraph 7 says", id=own), _note("Paragraph 8 says", "Other.", id=own)])
    assert code == 0 and out.splitlines()[1] == (f"skipped   {own}: 'tables' is already in context.yml or this import")
    assert check(root).ok


def test_an_id_already_in_context_is_skipped(root, capsys):
    own = "https://example.org/articles/x/#annotation-note-weaves"
    code, out, _ = _import(capsys, root, [_note("Paragraph 7 says", id=own)])
    assert out.splitlines()[0] == f"skipped   {own}: 'weaves' is already in context.yml or this import"


@pytest.mark.parametrize("body, why", [
    ([], "its speaker is not a person of this site: the annotation links no people/ID/ page this site has"),
    ([{"type": "SpecificResource", "source": "https://example.org/people/charles-babbage/", "purpose": "identifying"}],
     "its speaker 'charles-babbage' is not in speakers.yml: add the person first"),
])
def test_a_quote_by_nobody_the_site_knows_is_refused(root, capsys, body, why):
    own = "https://example.org/articles/x/#annotation-quote-tables"
    annotation = {"id": own, "type": "Annotation", "body": body,
                  "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "Paragraph 7 says"}}}
    before = _context(root)
    code, out, _ = _import(capsys, root, [annotation])
    assert (code, out) == (0, f"refused   {own}: {why}\nnothing to add\n")
    assert _context(root) == before


def test_a_known_speaker_is_imported_as_a_quote(root, capsys):
    own = "https://example.org/articles/x/#annotation-quote-tables"
    body = [{"type": "SpecificResource", "source": "https://example.org/people/ada-lovelace/", "purpose": "identifying"}]
    annotation = {"id": own, "type": "Annotation", "body": body,
                  "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "Paragraph 7 says"}}}
    assert _import(capsys, root, [annotation])[0] == 0
    assert "speaker: ada-lovelace" in _context(root) and check(root).ok


def test_more_than_a_context_file_may_hold_writes_nothing(root, capsys):
    long_note = "A very long note. " * 1_200  # 21,600 characters each
    annotations = [_note(f"Paragraph {n} says", f"{long_note} ({n})") for n in range(100)]
    before = _context(root)
    code, out, err = _import(capsys, root, annotations)
    err = err.splitlines(keepends=True)[-1]  # after the site's warnings
    assert code == 1 and _context(root) == before
    assert err.startswith(f"{root / SLUG / 'context.yml'}: error: with these 100 entries it would be ")
    assert err.endswith("bytes or more, over the limit of 2,000,000 that check reads; nothing was written: import fewer "
                        "annotations (split the file), or move the article's notes into a smaller set\n")


def test_one_import_adds_at_most_its_limit_and_the_next_run_adds_the_rest(root, capsys, monkeypatch):
    monkeypatch.setattr(importing, "IMPORT_LIMIT", 5)
    annotations = [_note(f"Paragraph {n} says", f"Note {n}.") for n in range(8)]
    code, out, _ = _import(capsys, root, annotations)
    assert code == 0 and out.splitlines()[5] == ("left      annotation 6: one import adds at most 5 annotations; review "
                                                 "these, then import the same file again for the next ones")
    code, out, _ = _import(capsys, root, annotations)
    assert [line.split()[0] for line in out.splitlines()[:8]] == ["skipped"] * 5 + ["anchored"] * 3
    assert _context(root).count("Note ") == 8 and check(root).ok


def test_ids_made_from_alike_texts_count_up_once(root, capsys):
    annotations = [_note(f"Paragraph {n} says", "Same words here.") for n in range(200)]
    assert _import(capsys, root, annotations)[0] == 0
    context = _context(root)
    assert "id: same-words-here\n" in context and "id: same-words-here-200\n" in context and check(root).ok
