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


# --- round three: mentions, selectors and occurrences bounded by the input ---------------------------

def _common_words_text(paragraphs: int, words: tuple[str, ...] = ("a", "b", "c", "d", "the", "cat", "x")) -> str:
    rows = [" ".join(words[(n * 7 + k * 3) % len(words)] for k in range(400)) for n in range(paragraphs)]
    return "Ada Lovelace wrote about the Analytical Engine.\n\n" + "\n\n".join(rows) + "\n"


def test_aliases_as_common_as_words_mark_the_first_mentions_and_warn(tmp_path):
    """Aliases [a, b, c, d] on a 3.6 MB text once took 188 s, 22.9 GB and made a 196 MB page."""
    from generator.find.mentions import MENTION_LIMIT
    from generator.pipeline import generate

    text = _common_words_text(3_500)
    assert len(text) > 3_500_000
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": text, CONTEXT: "notes: []\n", "terms.yml": (
        "terms:\n  - id: engine\n    term: Analytical Engine\n    aliases: [a, b, c, d]\n    definition: A machine.\n")})
    result = generate(root)
    [warning] = [p for p in result.problems if p.code == "too-many-mentions"]
    assert (str(warning.origin), warning.message) == (f"{root}/terms.yml:4:14", (
        f"article '{SLUG}': its names matched more than 5,000 times, so only the first 5,000 are marked; 'engine' "
        "matched 4,999 of them (as 'Analytical Engine', 'a', 'b')"))  # and Ada Lovelace once
    page = result.pages[f"articles/{SLUG}.md"]
    assert page.count('class="mention"') == MENTION_LIMIT and len(page) < 2 * len(text)
    assert check(root).ok  # a warning: check --strict fails on it


def test_find_first_gives_the_first_mentions_of_find():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.find.mentions import MentionFinder

    finder = MentionFinder([("term", "a", "a", False), ("term", "ab", "a b", False), ("term", "b", "b", True),
                            ("speaker", "c", "a b c", False)])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(["a", "b", "B", "c", "a b", "x", "\n\n"]), max_size=60), st.integers(1, 8))
    def first(words, limit):
        text = " ".join(words)
        every = finder.find(text)
        spans, more = finder.find_first(text, limit)
        assert spans == every[:len(spans)] and len(spans) <= limit
        assert more == (len(every) > len(spans)) or (more and len(spans) == len(every))
        assert len(spans) == min(limit, len(every)) or more
    first()


def test_a_5000_letter_alias_found_200_times_exports_without_a_crash(tmp_path):
    """pyahocorasick frees its trie recursively: keys of a million characters crashed `export`."""
    import subprocess
    import sys

    word = "x" * 500  # the longest a name or alias may be (MAX_LINE_LENGTH)
    root = write_site(tmp_path / "annotations", {
        f"{SLUG}/source.txt": "Ada Lovelace wrote about the Analytical Engine.\n\n" + " ".join([word] * 200) + "\n",
        CONTEXT: "notes: []\n",
        "terms.yml": f"terms:\n  - id: engine\n    term: Analytical Engine\n    definition: A machine.\n"
                     f"  - id: word\n    term: {word}\n    definition: A long word.\n"})
    out = subprocess.run([sys.executable, "-m", "generator", "export", "--dir", str(root), "--out",
                          str(tmp_path / "export"), "--base-url", "https://example.org/"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    items = json.loads((tmp_path / "export" / f"{SLUG}.jsonld").read_text())["first"]["items"]
    assert len(items) == 202  # Ada Lovelace, the Analytical Engine and the word 200 times
    assert max(len(selector["prefix"]) for item in items for selector in item["target"][0]["selector"][:1]) <= 256


def test_a_repetitive_text_gets_selectors_of_bounded_context(tmp_path):
    """Each selector's context once grew until its passage was unique: a 190 KB text made a 955 MB export."""
    from generator.find.resolve import CONTEXT_LIMIT, describe, describe_all

    text = "Ada Lovelace said the Analytical Engine weaves. " * 1_300
    spans = [(m, m + len("Analytical Engine")) for m in range(22, len(text) - 30, 48 * 13)]
    selectors = describe_all(text, spans)
    assert all(len(s["prefix"]) <= CONTEXT_LIMIT and len(s["suffix"]) <= CONTEXT_LIMIT for s in selectors)
    middle = spans[len(spans) // 2][0]
    assert selectors[len(spans) // 2]["prefix"] == text[middle - CONTEXT_LIMIT:middle]
    assert selectors == [describe(text, s, e) for s, e in spans]


def test_a_repetitive_text_exports_an_annotation_file_of_its_size(tmp_path):
    from generator.pipeline import generate

    text = "Ada Lovelace wrote about the Analytical Engine.\n\n" + "Lovelace said the Analytical Engine weaves. " * 4_300
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": text, CONTEXT: "notes: []\n"})
    result = generate(root)
    assert result.ok and len(result.files[f"articles/{SLUG}.jsonld"]) < 600 * 8_601


def test_occurrence_on_a_common_word_in_a_3_mb_text(tmp_path):
    """300 notes with occurrence: on a common word once took 55 s: each walked every occurrence."""
    text = _common_words_text(1_900)
    notes = "".join(f"  - id: n{k}\n    anchor: cat\n    occurrence: {10_000 + k * 97}\n    note: N.\n" for k in range(300))
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": text, CONTEXT: "notes:\n" + notes})
    assert check(root).ok


def test_20000_notes_on_one_word(tmp_path):
    text = _common_words_text(1_000)
    notes = "".join(f"  - id: n{k}\n    anchor: cat\n    occurrence: {1 + k % 500}\n    note: N.\n" for k in range(20_000))
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": text, CONTEXT: "notes:\n" + notes})
    assert check(root).ok


def test_a_passage_that_occurs_everywhere_names_ten_paragraphs_and_counts_the_rest(tmp_path):
    text = _common_words_text(300)
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": text,
                                                 CONTEXT: "notes:\n  - id: n\n    anchor: cat\n    note: N.\n"})
    [problem] = [p for p in check(root).problems if p.code == "passage-not-anchored"]
    count = text.count("cat")
    assert problem.message == f"note 'n': passage occurs {count} times"
    assert problem.hint == ("add prefix:, suffix: or occurrence: N (1-based) to pick one (found in paragraphs "
                            f"{', '.join(['2'] * 10)} and {count - 10:,} more places)")
