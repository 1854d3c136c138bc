"""Property tests: whatever the text and wherever the annotations, the reader sees the source.

Examples render in-process (generator + Python-Markdown with the plugin's extensions), without
MkDocs. HYPOTHESIS_EXAMPLES sets how many (default 200 per test; CI runs the default).
"""

from __future__ import annotations

import os
from types import SimpleNamespace
from unittest.mock import patch

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.find.anchor import find_passage
from generator.find.mentions import BLANK_LINE, MentionFinder
from generator.model import Found, Span, split_paragraphs
from generator.render import relations
from generator.textnorm import fold
from tests.conftest import collapse, paragraphs_shown
from tests.htmlcheck import well_formed_errors
from tests.test_render import render_spans

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "200"))
# Markdown and HTML syntax, quote marks and dashes, Unicode spaces, combining marks, right-to-left
# letters, Cyrillic, emoji (astral), line breaks: everything that has broken a renderer before.
ALPHABET = list("ab AZ09*_[]()<>&#!\\`{}=^~+:$|-.\"',;?/@%") + [
    "\n", "\n\n", "\t", "\u00a0", "\u2009", "\u2028", "“", "”", "‘", "’", "—", "–", "\u0301", "\u05d0", "\u0627",
    "Ж", "я", "😀", "é", "&amp;", "<s>", "</s>", "[^1]", "--8<--", "{: .x}", "==", "++", ":smile:",
]

texts = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=60).map("".join).filter(
    lambda t: split_paragraphs(t) != ())


@st.composite
def annotated_texts(draw):
    text = draw(texts)
    spans = []
    for index in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        kind = draw(st.sampled_from(["quote", "note"]))
        spans.append(Span(start, end, kind, f"{kind}-{index}"))
    mention_at = 0
    for _ in range(draw(st.integers(0, 3))):
        if mention_at >= len(text):
            break
        start = draw(st.integers(mention_at, len(text) - 1))
        end = draw(st.integers(start + 1, min(start + 8, len(text))))
        if not BLANK_LINE.search(text, start, end):
            spans.append(Span(start, end, "term", "engine"))
        mention_at = end
    return text, spans


def shown_paragraphs(text: str) -> list[str]:
    return [collapse(text[s:e]) for s, e in split_paragraphs(text)]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_texts())
def test_the_text_a_reader_sees_equals_the_source(case):
    text, spans = case
    html = render_spans(text, spans)
    assert well_formed_errors(html) == []
    assert paragraphs_shown(html) == [p for p in shown_paragraphs(text)]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_texts())
def test_each_quote_and_note_marks_exactly_its_passage(case):
    """Its passage, widened to whole characters where an end falls inside one (an accent, an emoji)."""
    from generator.textnorm import on_cluster_boundaries

    text, spans = case
    soup = BeautifulSoup(render_spans(text, spans), "lxml")
    for sup in soup.select(".article-body sup"):
        sup.decompose()
    for span in spans:
        if span.kind == "term":
            continue
        attribute = "data-quote-id" if span.kind == "quote" else "data-note"
        marked = [collapse("".join(f.get_text() for f in p.select(f"[{attribute}='{span.id}']")))
                  for p in soup.select(".article-body p")]
        start, end = on_cluster_boundaries(text, span.start, span.end)
        expected = [collapse(text[max(s, start):min(e, end)]) if s < end and e > start else ""
                    for s, e in split_paragraphs(text)]
        assert marked == expected


@settings(max_examples=EXAMPLES, deadline=None)
@given(texts, st.data())
def test_any_passage_of_a_text_anchors_where_it_is_when_unique(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    phrase = text[start:end]
    found = find_passage(fold(text), phrase)
    # A passage that folds to nothing, or cuts a letter from its accents, is not one to look for.
    assume(isinstance(found, Found) or found.matches)
    wanted = fold(phrase).text.strip(" ")
    if isinstance(found, Found):
        assert fold(text[found.start:found.end]).text.strip(" ") == wanted
    else:  # found more than once: each place holds it
        assert len(found.matches) > 1 and all(fold(text[s:e]).text.strip(" ") == wanted for s, e in found.matches)


@settings(max_examples=EXAMPLES, deadline=None)
@given(texts)
def test_mentions_never_overlap_and_are_whole_words(text):
    finder = MentionFinder([("term", "a", "a", False), ("term", "ab", "a b", False), ("term", "z", "Ж", True)])
    spans = finder.find(text)
    for before, after in zip(spans, spans[1:]):
        assert before.end <= after.start


FULL_BUILDS = int(os.environ.get("HYPOTHESIS_FULL_BUILDS", "3"))
"""Full `mkdocs build --strict` runs of random articles (about a second each)."""


@settings(max_examples=FULL_BUILDS, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts, st.data())
def test_a_full_site_build_shows_the_source_and_its_note(text, data):
    import tempfile
    from pathlib import Path

    from tests.conftest import SLUG, copy_project, mkdocs_build, write_site

    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    phrase = text[start:end]
    context = None
    if phrase.strip() and isinstance(find_passage(fold(text), phrase, occurrence=1), Found):
        context = _yaml({"notes": [{"id": "random", "anchor": phrase, "occurrence": 1, "note": "A note."}]})
    with tempfile.TemporaryDirectory() as folder:
        annotations = write_site(Path(folder) / "annotations", {
            f"{SLUG}/source.txt": text + "\n\nAda Lovelace.\n", f"{SLUG}/context.yml": context})
        project = copy_project(Path(folder) / "project", annotations)
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr
        html = (project / "site" / "articles" / SLUG / "index.html").read_text("utf-8")
    assert paragraphs_shown(html) == shown_paragraphs(text + "\n\nAda Lovelace.\n")
    if context:
        assert BeautifulSoup(html, "lxml").select(".article-body [data-note='random']")


def _yaml(data) -> str:
    """Data as YAML that the validator's reader reads back as it is: JSON (a YAML 1.2 dumper may
    write a plain `:s` that YAML 1.1 readers refuse), with YAML's own line breaks escaped."""
    import json

    text = json.dumps(data, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(texts, st.booleans())
def test_the_fast_folding_equals_the_careful_one(text, ignore_case):
    from generator.textnorm import _fold, _fold_by_cluster

    folded = _fold.__wrapped__(text, ignore_case)  # the fast path wherever it applies
    slow = _fold_by_cluster(text, ignore_case)
    assert (folded.text, list(folded.starts), list(folded.ends)) == (slow.text, list(slow.starts), list(slow.ends))


def test_the_fast_folding_applies_to_the_usual_text():
    from generator.textnorm import _fold_fast

    assert _fold_fast("“It weaves patterns,” Lovelace said  — twice.", False) is not None


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_texts())
def test_the_one_pass_paragraph_equals_the_sweep(case):
    """Paragraphs whose spans neither nest nor cross take a quicker path: it writes the same page."""
    from unittest import mock

    from generator.render import article as render_article

    text, spans = case
    with mock.patch.object(render_article, "_apart", render_article._swept):
        swept = render_spans(text, spans)
    assert render_spans(text, spans) == swept


@settings(max_examples=EXAMPLES, deadline=None)
@given(texts, st.data())
def test_a_text_escaped_once_cuts_into_the_pieces_escaped_one_by_one(text, data):
    from generator.render.text import HtmlText, html_text

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert HtmlText(text).piece(start, end) == html_text(text[start:end]).replace("\n", "<br>\n")


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(st.lists(st.sampled_from(list("ab .,:;!?#-'\"()/\t") + ["*", "_", "[x](https://e.org)", "\\", "&amp;", "\n",
                                                              "`", "<", "  "]), max_size=20).map("".join))
def test_plain_prose_skips_the_parser_and_reads_the_same(text):
    """Prose without syntax is written without parsing it: the same as parsing it would write."""
    from generator import prose
    from generator.render import text as rendered

    def resolve(target):
        return "/" + target

    with patch.object(prose, "is_plain", lambda text: False), patch.object(rendered, "is_plain", lambda text: False):
        parsed = rendered.prose(text, resolve), rendered.plain(text), prose.link_targets(text)
    assert (rendered.prose(text, resolve), rendered.plain(text), prose.link_targets(text)) == parsed


def _related_by_pairs(articles: list, window: int) -> dict[str, list[str]]:
    """Related articles, pair by pair: two articles share a name when each is within `window`
    places of the other in the list (newest first) of the articles that name it."""
    lists = {}
    for item in articles:
        for entity in sorted(item.involved):
            lists.setdefault(entity, []).append(item.article.slug)
    shared = {}
    for entity, slugs in lists.items():
        for i, a in enumerate(slugs):
            for j, b in enumerate(slugs):
                if a != b and abs(i - j) <= window:
                    shared.setdefault(a, {}).setdefault(b, set()).add(entity)
    dates = {item.article.slug: item.article.meta.date for item in articles}
    return {a: sorted(others, key=lambda b: (-len(others[b]), -dates[b].toordinal(), b))[:relations.RELATED_SHOWN]
            for a, others in shared.items()}


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(st.dates(), st.frozensets(st.sampled_from("abcdef"), max_size=4)), max_size=14),
       st.integers(1, 6))
def test_related_articles_are_those_sharing_most_names_nearby(rows, window):
    """Relations.of (counts over each name's window) picks what comparing every pair picks."""
    articles = [SimpleNamespace(article=SimpleNamespace(slug=f"s{n:02d}", meta=SimpleNamespace(date=date)),
                                places={}, involved=frozenset(("term", name) for name in names))
                for n, (date, names) in enumerate(rows)]
    articles.sort(key=lambda item: (item.article.meta.date, item.article.slug), reverse=True)  # newest first
    expected = _related_by_pairs(articles, window)
    with patch.object(relations, "RELATED_WINDOW", window):
        related = relations.Relations.of(articles).related
    for item in articles:
        slug = item.article.slug
        got = related[slug]
        assert [other.article.slug for other, _ in got] == expected.get(slug, [])
        assert all(names == sorted(other.involved & item.involved) for other, names in got)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(st.sampled_from(["a", " ", "’", "e", "\u0301", "\u200d", "👩", "👧", "🇺", "🇦", "\ufe0f", "🏻", "\u1100",
                                "\u1161", "\uac00", "\u0915", "\u094d", "\u0600", "\r", "\n", "\u0903"]), max_size=40))
def test_the_cluster_boundary_fast_path_agrees_with_the_reference(text):
    from generator.textnorm import _is_boundary, _is_cluster_boundary

    for offset in range(1, len(text)):
        assert _is_boundary(text, offset) == _is_cluster_boundary(text, offset), (text, offset)


