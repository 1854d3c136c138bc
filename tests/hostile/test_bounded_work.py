"""Bounded work: whatever the input, a check answers in seconds. A mistyped passage costs what a
short one does, a passage that occurs everywhere costs once per occurrence, and the hints that
show the closest passages stop at a budget for the whole run."""

from __future__ import annotations

import json

from rapidfuzz import fuzz

from generator.find import anchor as anchoring
from generator.find.anchor import HINT_BUDGET, with_closest_passages
from generator.pipeline import check
from tests.conftest import SLUG, write_site

CONTEXT = f"{SLUG}/context.yml"
SPENT = "the closest passages were not searched: this run's budget for them is spent; fix the passages above first"


def _misses(count: int, length: int = 30) -> str:
    return "notes:\n" + "".join(f"  - id: n{n}\n    anchor: {json.dumps(f'mistyped passage {n} ' + 'x' * length)}\n"
                                f"    note: x\n" for n in range(count))


def test_a_megabyte_text_and_an_8000_character_mistyped_passage(tmp_path):
    text = "The summit was held in Vilnius in July. " * 25_000
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": text, CONTEXT: _misses(1, 8000)})
    [problem] = [p for p in check(root).problems if p.code == "passage-not-anchored"]
    assert problem.message == "note 'n0': passage not found in source.txt"


def test_a_prefix_on_a_passage_that_occurs_everywhere(tmp_path):
    text = "a b " * 160_000 + "x a b y\n"
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": text, CONTEXT: (
        "notes:\n  - id: n\n    anchor: a b\n    prefix: x\n    suffix: y\n    note: x\n")})
    assert [p.message for p in check(root).problems if p.code == "passage-not-anchored"] == []


def test_the_hints_stop_at_the_budget_of_the_run(tmp_path, monkeypatch):
    """Forty misses in a 300,000-character text: hints for as many as the budget pays for (each
    costs its article's length), then a hint that says why there are no more; the text compared
    in all stays within the budget."""
    compared = []
    real = fuzz.partial_ratio_alignment

    def counted(needle, chunk):
        compared.append(len(chunk))
        return real(needle, chunk)
    monkeypatch.setattr(anchoring.fuzz, "partial_ratio_alignment", counted)
    monkeypatch.setattr(anchoring, "HINT_BUDGET", 1_000_000)
    text = "The summit was held in Vilnius in July. " * 7_500
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": text, CONTEXT: _misses(40)})
    hints = [p.hint for p in check(root).problems if p.code == "passage-not-anchored"]
    searched = [hint for hint in hints if SPENT not in hint]
    assert len(hints) == 40 and len(searched) == 1_000_000 // len(text) == 3
    assert hints[3:] == [f"copy the passage exactly as it stands in the text ({SPENT})"] * 37
    assert sum(compared) <= 3 * 1_000_000


def test_the_budget_is_spent_in_file_order_and_leaves_other_problems_alone():
    from pathlib import Path

    from generator.model import Article, Origin, Problem

    article = Article.__new__(Article)
    object.__setattr__(article, "text", "abc " * 10)
    object.__setattr__(article, "paragraphs", ((0, 40),))
    folder = Path("a")
    other = Problem(Origin(folder / "context.yml", 1, 1), "something else", "fix it", code="unknown-key")
    late, early = (Problem(Origin(folder / "context.yml", line, 1), f"note 'n{line}': passage not found in source.txt",
                           "copy the passage exactly as it stands in the text", code="passage-not-anchored",
                           data=(("passage", "zzz"),)) for line in (9, 2))
    result = with_closest_passages([other, late, early], {folder: article}, budget=len(article.text))
    assert result[0] is other
    assert SPENT in result[1].hint and SPENT not in result[2].hint
    assert HINT_BUDGET == 10_000_000
