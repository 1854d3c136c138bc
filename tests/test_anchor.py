"""Stages 2 and 3: anchoring passages and finding mentions, with the folding they share."""

from __future__ import annotations

import pytest

from generator.find.anchor import find_passage
from generator.find.mentions import MentionFinder
from generator.model import Found, Miss
from generator.pipeline import generate
from generator.textnorm import fold
from tests.conftest import SLUG, write_site


def anchor(text: str, phrase: str, **keys):
    found = find_passage(fold(text), phrase, **keys)
    return text[found.start:found.end] if isinstance(found, Found) else found


# --- folding -------------------------------------------------------------------------------

def test_fold_maps_every_character_back_to_the_original():
    text = "He said:\u00a0 “It’s — e\u0301”"
    folded = fold(text)
    assert folded.text == "He said: \"It's - é\""
    start = folded.text.index("é")
    assert text[slice(*folded.original_span(start, start + 1))] == "e\u0301"


def test_fold_ignoring_case_keeps_the_map_when_lengths_change():
    folded = fold("Straße", ignore_case=True)
    assert folded.text == "strasse"
    assert folded.original_span(4, 6) == (4, 5)


# --- anchoring -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, phrase, shown", [
    ("He said “it’s over” today.", 'it\'s over', "it’s over"),
    ('"Trading territory for a NATO umbrella? It is ridiculous,”', "“Trading territory", '"Trading territory'),
    ("a land\u2013for\u2013security deal", "land-for-security", "land\u2013for\u2013security"),
    ("one\u00a0 two\n three", "one two three", "one\u00a0 two\n three"),
    ("Ce\u0301sar spoke", "César spoke", "Ce\u0301sar spoke"),
    ("  padded passage  ", "  padded passage ", "padded passage"),
])
def test_matching_tolerates_quote_marks_dashes_and_white_space_and_shows_the_source(text, phrase, shown):
    assert anchor(text, phrase) == shown


def test_a_repeated_passage_needs_picking():
    miss = anchor("on Tuesday he spoke; on Tuesday she spoke", "on Tuesday")
    assert isinstance(miss, Miss)
    assert miss.message == "passage occurs 2 times"
    assert len(miss.matches) == 2


@pytest.mark.parametrize("keys, start", [
    ({"prefix": "spoke;"}, 21),
    ({"suffix": "she"}, 21),
    ({"occurrence": 2}, 21),
    ({"occurrence": 1}, 0),
    ({"prefix": "spoke; ", "occurrence": 1}, 21),
])
def test_prefix_suffix_and_occurrence_pick_one(keys, start):
    text = "on Tuesday he spoke; on Tuesday she spoke"
    found = find_passage(fold(text), "on Tuesday", **keys)
    assert found == Found(start, start + len("on Tuesday"))


def test_overlapping_repeats_are_all_counted():
    miss = anchor("aaaa", "aaa")
    assert miss.message == "passage occurs 2 times"


def test_an_occurrence_out_of_range():
    miss = anchor("x y x", "x", occurrence=3)
    assert miss.message == "occurrence: 3 asked for, but the passage occurs 2 time(s)"


def test_a_prefix_that_never_precedes_the_passage():
    miss = anchor("on Tuesday he spoke", "on Tuesday", prefix="Later")
    assert miss.message == "passage found, but never with the given prefix/suffix"


def test_a_passage_not_found_shows_the_closest_ones(tmp_path):
    context = "notes:\n  - id: n\n    anchor: It knits the patterns\n    note: x\n"
    result = generate(write_site(tmp_path / "annotations", {f"{SLUG}/context.yml": context}))
    [problem] = [p for p in result.problems if p.severity == "error"]
    assert problem.message == "note 'n': passage not found in source.txt"
    assert (problem.origin.line, problem.origin.column) == (3, 13)
    assert 'closest: paragraph 2: "“It weaves patterns,"' in problem.hint


def test_a_passage_close_to_the_text_is_offered_as_a_fix(tmp_path):
    context = "notes:\n  - id: n\n    anchor: It weaves patern\n    note: x\n"
    result = generate(write_site(tmp_path / "annotations", {f"{SLUG}/context.yml": context}))
    [problem] = [p for p in result.problems if p.severity == "error"]
    assert problem.message.startswith("note 'n': passage not found in source.txt; probably now “It weaves pattern”")
    assert problem.fix.new == "It weaves pattern" and problem.fix.old == "It weaves patern"


def test_a_passage_may_span_paragraphs():
    text = "first ends here.\n\nSecond begins"
    assert anchor(text, "here. Second") == "here.\n\nSecond"


# --- mentions ----------------------------------------------------------------------------------

def finder(*names):
    return MentionFinder([(kind, entry_id, name, ignore_case) for kind, entry_id, name, ignore_case in names])


def found(text, *names):
    return [(text[s.start:s.end], s.id) for s in finder(*names).find(text)]


def test_mentions_are_whole_words_and_case_sensitive():
    names = [("term", "nato", "NATO", False)]
    assert found("NATO, NATOs, nato and (NATO)", *names) == [("NATO", "nato"), ("NATO", "nato")]


def test_ignore_case_entries_match_in_any_case():
    assert found("Kyiv, KYIV and kyiv", ("term", "kyiv", "Kyiv", True)) == [
        ("Kyiv", "kyiv"), ("KYIV", "kyiv"), ("kyiv", "kyiv")]


def test_the_longest_match_wins_and_mentions_never_overlap():
    names = [("speaker", "jens", "Jens Stoltenberg", False), ("speaker", "jens", "Stoltenberg", False),
             ("term", "sg", "Secretary-General", False)]
    assert found("Secretary-General Jens Stoltenberg’s office; Stoltenberg", *names) == [
        ("Secretary-General", "sg"), ("Jens Stoltenberg", "jens"), ("Stoltenberg", "jens")]


def test_names_match_across_quote_and_dash_variants_and_line_breaks():
    names = [("term", "sg", "secretary-general", False), ("speaker", "ob", "O'Brien", False)]
    assert found("the secretary\u2011general and O’Brien", *names) == [
        ("secretary\u2011general", "sg"), ("O’Brien", "ob")]
    assert found("Jens\nStoltenberg", ("speaker", "j", "Jens Stoltenberg", False)) == [("Jens\nStoltenberg", "j")]


def test_a_name_never_spans_a_paragraph_break():
    assert found("Jens\n\nStoltenberg", ("speaker", "j", "Jens Stoltenberg", False)) == []


def test_nfd_text_matches_an_nfc_name():
    assert found("Mr Ce\u0301sar said", ("speaker", "c", "César", False)) == [("Ce\u0301sar", "c")]


def test_a_latin_name_does_not_match_lookalike_cyrillic_letters():
    # "NАТО" below has Cyrillic А and Т and О.
    assert found("НАТО and N\u0410\u0422\u041e", ("term", "nato", "NATO", False)) == []


def test_no_names_no_mentions():
    assert finder().find("anything") == []


def test_a_match_never_cuts_a_letter_from_its_accent():
    assert anchor("b\u0301 and b", "b") == "b"


def test_the_closest_passages_hint_is_bounded_by_the_text_not_the_passage(monkeypatch):
    """A long mistyped passage costs what a short one does: at most the first 200 characters of it
    are compared, each window of the text once."""
    from rapidfuzz import fuzz

    from generator.find import anchor as anchoring

    compared = []
    real = fuzz.partial_ratio_alignment

    def counted(needle, chunk):
        compared.append((len(needle), len(chunk)))
        return real(needle, chunk)
    monkeypatch.setattr(anchoring.fuzz, "partial_ratio_alignment", counted)
    text = ("The summit was held in Vilnius in July. " * 2500)  # 100,000 characters
    miss = find_passage(fold(text), "x" * 8000 + " summit")
    assert isinstance(miss, Miss) and miss.message == "passage not found in source.txt"
    assert not compared  # finding does not look for near misses: the hint pass does, within its budget
    anchoring._closest(fold(text), "x" * 8000 + " summit")
    assert max(needle for needle, _ in compared) == anchoring.HINT_NEEDLE
    assert sum(chunk for _, chunk in compared) <= 3 * len(text)


def test_prefix_and_suffix_pick_among_many_occurrences():
    text = "a b " * 20000 + "x a b y"
    found = find_passage(fold(text), "a b", prefix="x", suffix="y")
    assert found == Found(len(text) - 5, len(text) - 2)
