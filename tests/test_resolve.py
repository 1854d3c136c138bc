"""The resolver against the public anchoring suites (tests/fixtures/anchoring/, see INDEX.json
there for their sources and licences), plus cases of our own for each step.

Where the suites disagree, a case carries `policy`; this project decides (docs/anchoring.md):
- strict_context: a quote found once is kept even when its prefix/suffix differ (best match, as
  Hypothesis does), with a lower confidence;
- exact_only: outside an exact search, a fuzzy match may be found; the strict matcher finds none;
- empty_exact: an empty quote is refused (an error), never matched everywhere;
- span_boundaries: a fuzzy span is extended to word boundaries when that costs no edit;
- strict_orphan: a long quote whose middle does not match is an orphan (region check).
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.find.resolve import approximate_matches, describe, exact_matches, resolve
from generator.shells.cli import main
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "anchoring"


_TEXTS = Path(tempfile.mkdtemp(prefix="anchoring-"))


def anchor_command(text: str, exact: str, prefix: str = "", suffix: str = "", start=None, end=None):
    """The `anchor` command's answer (run in-process), as an object with the resolver's fields."""
    if not text.strip():  # the command refuses an empty text file before resolving anything
        found = resolve(text, exact, prefix, suffix, start, end)
        return SimpleNamespace(**found.to_json(), anchored=found.anchored)
    path = _TEXTS / f"{abs(hash(text))}.txt"
    if not path.exists():
        path.write_text(text, "utf-8")
    argv = ["anchor", "--text", str(path), "--exact", exact, "--prefix", prefix, "--suffix", suffix]
    if start is not None:
        argv += ["--start", str(start)] + (["--end", str(end)] if end is not None else ["--end", str(start)])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    answer = json.loads(out.getvalue())
    answer["anchored"] = answer["status"] in ("exact", "context", "fuzzy")
    assert code == (0 if answer["anchored"] else 1)
    return SimpleNamespace(**answer)


def cases(name: str, key: str = "cases") -> list:
    data = json.loads((FIXTURES / name).read_text("utf-8"))
    return [pytest.param(data, case, id=case["id"]) for case in data.get(key, [])]


def _agrees(resolution, expected) -> bool:
    if expected.get("no_match"):
        return not resolution.anchored
    if "all_matches" in expected:
        return (resolution.start, resolution.end) in {(m["start"], m["end"]) for m in expected["all_matches"]}
    return resolution.start == expected["start"] and resolution.end == expected.get("end", resolution.end)


@pytest.mark.parametrize("data, case", cases("apache-annotator-text-position-match.json"))
def test_apache_position_selectors(data, case):
    selector, expected = case["selector"], case["expected"]
    exact = case["text"][selector["start"]:selector["end"]]
    if not exact:  # policy empty_exact: an empty selection is refused, as an empty quote is
        with pytest.raises(ValueError):
            resolve(case["text"], exact, start=selector["start"], end=selector["end"])
        return
    resolution = anchor_command(case["text"], exact, start=selector["start"], end=selector["end"])
    assert (resolution.status, resolution.start, resolution.end) == ("exact", expected["start"], expected["end"])
    assert resolution.exact == expected["exact"]


@pytest.mark.parametrize("data, case", cases("apache-annotator-text-quote-match.json"))
def test_apache_quote_selectors(data, case):
    selector, expected, policy = case["selector"], case["expected"], case.get("policy")
    text, offset = case["text"], 0
    if "scope" in case:
        offset, end = case["scope"]
        text = text[offset:end]
    exact, prefix, suffix = selector.get("exact", ""), selector.get("prefix", ""), selector.get("suffix", "")
    if policy == "empty_exact":
        with pytest.raises(ValueError):
            resolve(text, exact, prefix, suffix)
        return
    resolution = anchor_command(text, exact, prefix, suffix)
    if policy == "strict_context":
        lenient = case["lenient_expected"]
        assert (resolution.status, resolution.start, resolution.end) == ("exact", lenient["start"], lenient["end"])
        assert resolution.confidence < 1
        assert exact_matches(text, exact, prefix, suffix) == []
    elif policy == "exact_only":
        assert exact_matches(text, exact, prefix, suffix) == [] and resolution.status in ("fuzzy", "orphan")
    else:
        shifted = SimpleNamespace(anchored=resolution.anchored, start=None if resolution.start is None else
                                  resolution.start + offset, end=None if resolution.end is None else resolution.end + offset)
        assert _agrees(shifted, expected), resolution
        if "all_matches" in expected:
            found = [(s + offset, e + offset) for s, e in exact_matches(text, exact, prefix, suffix)]
            assert found == [(m["start"], m["end"]) for m in expected["all_matches"]]


@pytest.mark.parametrize("data, case", cases("apache-annotator-text-quote-describe.json"))
def test_apache_describe(data, case):
    text, target, options = case["text"], case["target"], case.get("options", {})
    offset = case["scope"][0] if "scope" in case else 0
    if "scope" in case:
        text = text[slice(*case["scope"])]
    selector = describe(text, target["start"] - offset, target["end"] - offset,
                        minimal_context=options.get("minimalContext", False),
                        minimum_quote_length=options.get("minimumQuoteLength", 0),
                        max_word_length=options.get("maxWordLength", 50))
    assert selector == case["expected_selector"]


@pytest.mark.parametrize("data, case", cases("dom-anchor-text-quote.json"))
def test_dom_anchor_text_quote(data, case):
    selector = case["selector"]
    resolution = anchor_command(data["text"], selector["exact"], selector.get("prefix", ""),
                                selector.get("suffix", ""), case.get("hint"))
    assert _agrees(resolution, case["expected"]), resolution


def _weaker_describe_property(text: str, start: int, end: int) -> None:
    """A different generator's output cannot be equal; ours must be exact and resolve uniquely back."""
    selector = describe(text, start, end)
    assert selector["exact"] == text[start:end]
    assert exact_matches(text, selector["exact"], selector["prefix"], selector["suffix"]) == [(start, end)]
    resolution = resolve(text, selector["exact"], selector["prefix"], selector["suffix"])
    assert (resolution.status in ("exact", "context"), resolution.start, resolution.end) == (True, start, end)


@pytest.mark.parametrize("data, case", cases("dom-anchor-text-quote.json", "describe_cases"))
def test_dom_anchor_text_quote_describe(data, case):
    _weaker_describe_property(data["text"], case["target"]["start"], case["target"]["end"])


@pytest.mark.parametrize("data, case", cases("hypothesis-html-baselines.json"))
def test_hypothesis_html_baselines(data, case):
    text = data["texts"][case["text_ref"]]
    quote = next(s for s in case["selectors"] if s["type"] == "TextQuoteSelector")
    args = (text, quote["exact"], quote.get("prefix", ""), quote.get("suffix", ""))
    assert _agrees(anchor_command(*args), case["expected"])
    position = next((s for s in case["selectors"] if s["type"] == "TextPositionSelector"), None)
    if position:
        assert _agrees(anchor_command(*args, position["start"], position["end"]), case["expected"])


@pytest.mark.parametrize("data, case", cases("hypothesis-match-quote.json"))
def test_hypothesis_match_quote(data, case):
    selector = case["selector"]
    if not selector["exact"]:
        with pytest.raises(ValueError):
            resolve(case["text"], "")
        return
    if not case["text"]:
        assert not resolve(case["text"], selector["exact"]).anchored  # the command refuses an empty file
        return
    resolution = anchor_command(case["text"], selector["exact"], selector.get("prefix", ""),
                                selector.get("suffix", ""), case.get("hint"))
    assert _agrees(resolution, case["expected"]), resolution


@pytest.mark.parametrize("data, case", cases("hypothesis-match-quote.json", "ranking_cases"))
def test_hypothesis_ranking(data, case):
    scores = []
    for variant in case["variants"]:
        parts = {"exact": case.get("exact"), "prefix": "", "suffix": "", case["vary"]: variant}
        scores.append(resolve(case["text"], parts["exact"], parts["prefix"], parts["suffix"], case.get("hint"))
                      .confidence)
    assert all(a > b for a, b in zip(scores, scores[1:])), scores


@pytest.mark.parametrize("data, case", cases("hypothesis-pdf-quote.json"))
def test_hypothesis_pdf(data, case):
    selector = case["selector"]
    position = case.get("position_selector") or {}
    resolution = anchor_command(case["text"], selector["exact"], selector.get("prefix", ""),
                                selector.get("suffix", ""), position.get("start"), position.get("end"))
    assert _agrees(resolution, case["expected"]), resolution


@pytest.mark.parametrize("data, case", cases("hypothesis-pdf-quote.json", "describe_cases"))
def test_hypothesis_pdf_describe(data, case):
    _weaker_describe_property(case["text"], case["target"]["start"], case["target"]["end"])


@pytest.mark.parametrize("data, case", cases("approx-string-match.json"))
def test_approx_string_match(data, case):
    found = approximate_matches(case["text"], case["pattern"], case["max_errors"])
    expected = case.get("expected_matches_codepoints") or case.get("expected_matches")
    compare = case["compare"]
    if compare == "min_error_matches":
        least = min((m["errors"] for m in expected), default=None)
        wanted = [m for m in expected if m["errors"] == least]
        assert found == wanted or (len(found) == 1 and found[0] in wanted)
    elif compare == "all_returned":
        assert found == expected
    elif compare == "count":
        assert len(found) == case["expected_count"]
    elif compare == "each_match_text_equals":
        assert found and all(case["text"][m["start"]:m["end"]] == case["expected_matched_text"] for m in found)


# --- our own cases, one per step ------------------------------------------------------------------

TEXT = "The cat sat. The cat sat on the mat. A dog “barked” — twice.  Then\u00a0the cat sat again."


def test_position_hint_that_holds_the_quote():
    r = resolve(TEXT, "The cat sat", start=13, end=24)
    assert (r.status, r.method, r.start) == ("exact", "position", 13)


def test_position_hint_that_does_not_hold_the_quote_is_ignored():
    r = resolve(TEXT, "dog", start=0, end=3)
    assert (r.status, r.method, r.start) == ("exact", "exact", TEXT.index("dog"))


def test_overlapping_repeats_are_all_candidates():
    r = resolve("aaaa", "aaa")
    assert r.status == "ambiguous" and [(c.start, c.end) for c in r.candidates] == [(0, 3), (1, 4)]


def test_prefix_alone_picks_one():
    r = resolve(TEXT, "cat sat", prefix="Then the ")
    assert (r.status, r.start) == ("context", TEXT.rindex("cat sat"))


def test_suffix_alone_picks_one():
    r = resolve(TEXT, "The cat sat", suffix=" on the mat")
    assert (r.status, r.start) == ("context", 13)


def test_distance_to_the_hint_picks_one():
    r = resolve(TEXT, "The cat sat", start=12)
    assert (r.status, r.start) == ("context", 13)


def test_no_way_to_pick_is_ambiguous_not_attached():
    r = resolve(TEXT, "The cat sat")
    assert r.status == "ambiguous" and not r.anchored and len(r.candidates) == 2


def test_a_quote_across_white_space_and_quote_mark_differences():
    r = resolve(TEXT, 'A dog "barked" - twice. Then the cat')
    assert (r.status, r.method) == ("exact", "normalized")
    assert r.exact == "A dog “barked” — twice.  Then\u00a0the cat"


@pytest.mark.parametrize("quote, edits", [("the cat sat on the hat", 1), ("the cat sit on tha mat", 2)])
def test_one_and_several_edits(quote, edits):
    r = resolve(TEXT, quote)
    assert r.status == "fuzzy" and r.exact == "The cat sat on the mat"
    assert r.candidates[0].errors >= edits


def test_an_orphan_says_why():
    r = resolve(TEXT, "completely unrelated words here")
    assert r.status == "orphan" and r.reason


def test_a_short_quote_needs_context_to_match_fuzzily():
    assert resolve(TEXT, "dig").status == "orphan"
    assert resolve(TEXT, "dig", prefix="A ", suffix=" “barked”").status == "fuzzy"


def test_astral_characters_count_as_one_code_point():
    text = "😀 emoji first, then the words we want."
    r = resolve(text, "the words")
    assert (r.start, r.end) == (20, 29) and text[r.start:r.end] == "the words"
    assert len(text[:20].encode("utf-16-le")) // 2 == 21  # a UTF-16 offset would be one more


def test_an_empty_quote_is_an_error():
    with pytest.raises(ValueError):
        resolve(TEXT, "")


def test_a_hundred_thousand_words_resolve_fast():
    words = [f"w{n}x{n % 13}" for n in range(100_000)]
    text = " ".join(words)
    quote = " ".join(words[77_000:77_012])
    started = time.perf_counter()
    exact = resolve(text, quote)
    fuzzy = resolve(text, quote.replace("x", "y", 3))
    elapsed = time.perf_counter() - started
    assert exact.status in ("exact", "context") and fuzzy.status == "fuzzy"
    assert fuzzy.start == exact.start
    print(f"100,000 words: exact + fuzzy resolution in {elapsed:.3f} s")


def test_describing_every_span_at_once_equals_one_by_one():
    """The W3C export describes all of an article's spans in one pass over its text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.find.resolve import describe_all

    texts = [(REPO / "annotations" / slug / "source.txt").read_text("utf-8")
             for slug in ("2023-08-16-nato-land-for-membership", "2023-02-20-biden-zelenskyy-kyiv")]
    for text in texts:  # every word and every sentence, repeated ones included
        spans = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^.!?\n]+[.!?]", text)]
        assert describe_all(text, spans) == [describe(text, s, e) for s, e in spans]

    @settings(max_examples=300, deadline=None)
    @given(st.text("ab .\n", min_size=1, max_size=40), st.data())
    def agrees(text, data):
        spans = []
        for _ in range(data.draw(st.integers(0, 5))):
            start = data.draw(st.integers(0, len(text) - 1))
            spans.append((start, data.draw(st.integers(start + 1, len(text)))))
        try:
            one_by_one = [describe(text, start, end) for start, end in spans]
        except ValueError:  # a span no selector tells apart: both say so
            with pytest.raises(ValueError):
                describe_all(text, spans)
        else:
            assert describe_all(text, spans) == one_by_one
    agrees()


def test_reading_until_two_places_differ_compares_blocks_as_it_would_characters():
    """`_until_different` compares repeated passages a block at a time: the same answer as reading
    one character at a time, on texts made of repeats (where the runs are long)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.find.resolve import CONTEXT_LIMIT, _until_different

    def one_at_a_time(text, mine, other, backwards):
        read = ""
        while True:
            at = mine - len(read) - 1 if backwards else mine + len(read)
            if at < 0 or at >= len(text):
                return None
            read = text[at] + read if backwards else read + text[at]
            there = other - len(read) if backwards else other + len(read) - 1
            if not 0 <= there < len(text) or text[there] != text[at]:
                return read

    # Texts shorter than CONTEXT_LIMIT (at most 4 * 63 + 3 characters): past it, reading stops at
    # the limit, which a selector holds at most (asserted after).
    @settings(max_examples=500, deadline=None)
    @given(st.text("ab", min_size=1, max_size=4), st.integers(1, 63), st.text("abc", max_size=3), st.data())
    def agrees(unit, repeats, noise, data):
        text = unit * repeats
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + noise + text[at:]
        mine, other = data.draw(st.integers(0, len(text))), data.draw(st.integers(0, len(text)))
        backwards = data.draw(st.booleans())
        assert _until_different(text, mine, other, backwards) == one_at_a_time(text, mine, other, backwards)
    agrees()
    alike = "a" * 300  # alike beyond CONTEXT_LIMIT both ways: CONTEXT_LIMIT characters
    assert _until_different(alike, 290, 280, True) == _until_different(alike, 10, 20, False) == "a" * CONTEXT_LIMIT


def test_the_word_beside_a_point_is_what_a_regular_expression_finds():
    """A selector's prefix and suffix start with the word beside the span: found by splitting a
    window on white space (what `\\s` means, Unicode's included), not by a regular expression
    that tried every start in the window."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from generator.find.resolve import _to_whitespace

    @settings(max_examples=500, deadline=None)
    @given(st.text(st.sampled_from("ab\u00e9 \n\t\u00a0\u2003\u3000\u2028\x1c.-"), max_size=30),
           st.integers(-3, 33), st.integers(0, 12))
    def agrees(text, at, limit):
        if 0 < at <= len(text):
            assert _to_whitespace(text, at, limit, backwards=True) == re.search(r"\S*\Z", text[max(at - limit, 0):at]).group()
        else:
            assert _to_whitespace(text, at, limit, backwards=True) == ""
        if 0 <= at < len(text):
            assert _to_whitespace(text, at, limit, backwards=False) == re.match(r"\S*", text[at:at + limit]).group()
        else:
            assert _to_whitespace(text, at, limit, backwards=False) == ""
    agrees()
