"""Stage 3, sources: the fact-checker's rules as warnings (`check/sources.py`), each located at the
value to fix, with the fix in its hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import check
from tests.conftest import SLUG, write_site

SOURCE_CODES = {"source-undated", "tracking-parameters", "wikipedia-only", "untitled-link"}

CONTEXT = """\
    notes:
      - id: weaves
        anchor: weaves patterns
        note: A comparison with the Jacquard loom.
        sources:
{sources}
"""


def _warnings(tmp_path: Path, sources: str, code: str) -> list:
    root = write_site(tmp_path / "annotations", {f"{SLUG}/context.yml": CONTEXT.format(sources=sources)})
    return [p for p in check(root).problems if p.code == code]


def test_a_dated_source_from_a_newspaper_raises_nothing(tmp_path):
    root = write_site(tmp_path / "annotations", {f"{SLUG}/context.yml": CONTEXT.format(sources="""\
          - title: Loom and engine
            url: https://example.org/news/loom?id=3&page=2
            date: 2024-01-02""")})
    assert [p for p in check(root).problems if p.code in SOURCE_CODES] == []


def test_an_undated_source_is_located_at_its_entry(tmp_path):
    [problem] = _warnings(tmp_path, """\
          - title: Loom and engine
            url: https://example.org/news/loom""", "source-undated")
    assert (problem.origin.path.name, problem.origin.line, problem.origin.column) == ("context.yml", 6, 9)
    assert problem.message == "a source of note 'weaves' has no date" and "date: YYYY-MM-DD" in problem.hint


@pytest.mark.parametrize("url, unwanted, clean", [
    ("https://www.businessinsider.com/plan-2022-11?r=US&IR=T", "IR, r", "https://www.businessinsider.com/plan-2022-11"),
    ("https://example.org/a.htm?print=true", "print", "https://example.org/a.htm"),
    ("https://example.org/a?id=7&utm_source=rss&utm_medium=rss", "utm_medium, utm_source", "https://example.org/a?id=7"),
    ("https://example.org/a?fbclid=xyz", "fbclid", "https://example.org/a"),
    ("https://example.org/a?output=print&q=loom", "output", "https://example.org/a?q=loom"),
])
def test_tracking_and_print_parameters_are_named_and_the_clean_url_given(tmp_path, url, unwanted, clean):
    [problem] = _warnings(tmp_path, f"""\
          - title: Loom and engine
            url: {url}
            date: 2024-01-02""", "tracking-parameters")
    assert problem.message == f"the URL carries tracking or print parameters ({unwanted})"
    assert problem.hint == f"link the page itself: {clean}" and problem.origin.line == 7


def test_parameters_that_choose_the_page_are_kept(tmp_path):
    assert _warnings(tmp_path, """\
          - title: Loom and engine
            url: https://example.org/view.asp?id=233073&output=html&page=2
            date: 2024-01-02""", "tracking-parameters") == []


def test_a_note_resting_on_wikipedia_alone_is_warned_and_one_beside_a_report_is_not(tmp_path):
    wikipedia = """\
          - title: Jacquard machine
            url: https://en.wikipedia.org/wiki/Jacquard_machine
            date: 2024-01-02"""
    [problem] = _warnings(tmp_path / "alone", wikipedia, "wikipedia-only")
    assert problem.message == "note 'weaves' rests on Wikipedia alone" and problem.origin.line == 6
    beside = wikipedia + """
          - title: Loom and engine
            url: https://example.org/news/loom
            date: 2024-01-02"""
    assert _warnings(tmp_path / "beside", beside, "wikipedia-only") == []


@pytest.mark.parametrize("title", ["https://example.org/news/loom", "example.org", "www.example.org/news/loom/"])
def test_a_link_whose_title_is_its_address_is_warned(tmp_path, title):
    [problem] = _warnings(tmp_path, f"""\
          - title: "{title}"
            url: https://example.org/news/loom
            date: 2024-01-02""", "untitled-link")
    assert problem.origin.line == 6 and "page's own title" in problem.hint


def test_links_of_people_and_terms_are_checked_too(tmp_path):
    root = write_site(tmp_path / "annotations", {"terms.yml": """\
        terms:
          - id: engine
            term: Analytical Engine
            aliases: [the Engine]
            definition: A proposed mechanical computer.
            links:
              - title: example.org
                url: https://example.org/engine?utm_campaign=x
        """})
    codes = sorted(p.code for p in check(root).problems if p.code in SOURCE_CODES)
    assert codes == ["tracking-parameters", "untitled-link"]


def test_a_person_or_term_resting_on_wikipedia_alone_is_warned_at_its_links(tmp_path):
    root = write_site(tmp_path / "annotations", {"speakers.yml": """\
        speakers:
          - id: ada-lovelace
            name: Ada Lovelace
            links:
              - title: Ada Lovelace
                url: https://en.wikipedia.org/wiki/Ada_Lovelace
        """, "terms.yml": """\
        terms:
          - id: engine
            term: Analytical Engine
            definition: A proposed mechanical computer.
            links:
              - title: Analytical Engine
                url: https://en.wikipedia.org/wiki/Analytical_Engine
              - title: Babbage's engine, 180 years on
                url: https://example.org/news/engine
                date: 2017-06-01
        """})
    [problem] = [p for p in check(root).problems if p.code == "wikipedia-only"]
    assert problem.message == "person 'ada-lovelace' rests on Wikipedia alone"
    assert (problem.origin.path.name, problem.origin.line) == ("speakers.yml", 5)   # its links
    assert "dated source" in problem.hint
