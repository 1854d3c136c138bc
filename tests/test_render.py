"""Stage 4: pages render the source faithfully, with well-formed, correctly nested annotations."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from generator.model import AnnotatedArticle, Article, Options, Site, Span, split_paragraphs
from generator.pipeline import generate
from generator.render import render_site
from generator.render.text import literal
from generator.schema import ArticleFile, NoteEntry, QuoteEntry, SpeakerEntry, TermEntry
from tests.conftest import SLUG, collapse, paragraphs_shown, to_html, write_site
from tests.htmlcheck import well_formed_errors

HOSTILE = "\n\n".join([
    "*emphasis* and _underscores_ and **strong** and `code` and ~~strike~~",
    "# not a heading",
    "1. not a list",
    "- not a bullet",
    "> not a quote",
    "    not code",
    "```\nnot a fence\n```",
    "[a link](https://example.org) and [^1] and ![image](x.png) and <https://example.org>",
    "<s>400</s> [4,000] &amp; &lt; <script>alert(1)</script> <b>bold</b>",
    "{: .x } ==mark== ^^ins^^ ++ctrl+a++ :smile: $x^2$ | table | row |",
    '--8<-- "mkdocs.yml"',
    "*[HTML]: Hyper Text",
    "back\\slash \\* and trailing spaces  \nnext line",
    "Ada Lovelace wrote about the Analytical Engine.",
])


def render_article(tmp_path, source: str, context: str = "", options: Options = Options()) -> str:
    root = write_site(tmp_path / "annotations", {f"{SLUG}/source.txt": source, f"{SLUG}/context.yml": context or None})
    result = generate(root, options)
    assert result.ok, [str(p) for p in result.problems]
    return result.pages[f"articles/{SLUG}.md"]


def source_paragraphs(text: str) -> list[str]:
    return [collapse(text[s:e]) for s, e in split_paragraphs(text)]


def test_markdown_and_html_in_the_source_show_as_written(tmp_path):
    html = to_html(render_article(tmp_path, HOSTILE))
    assert paragraphs_shown(html) == source_paragraphs(HOSTILE)
    body = BeautifulSoup(html, "lxml").select_one(".article-body")
    assert not body.find_all(["em", "strong", "code", "script", "s", "b", "h1", "ol", "ul", "blockquote", "img", "abbr"])
    assert "&amp;amp;" in str(body)  # the source's "&amp;" shows as those five characters
    assert "&amp;amp;amp;" not in str(body)


def test_paragraphs_have_stable_ids_and_line_breaks_show(tmp_path):
    html = to_html(render_article(tmp_path, "Dateline\nKYIV, Ukraine\n\n\n\nSecond paragraph."))
    body = BeautifulSoup(html, "lxml").select_one(".article-body")
    assert [p["id"] for p in body.find_all("p")] == ["p1", "p2"]
    assert body.find("p").find("br") is not None
    assert body["data-article"] == SLUG


def test_the_first_mention_links_and_the_rest_are_marked(tmp_path):
    source = "Ada Lovelace met Lovelace. The Analytical Engine, the Engine.\n"
    html = to_html(render_article(tmp_path, source))
    body = BeautifulSoup(html, "lxml").select_one(".article-body")
    people = body.select("[data-speaker='ada-lovelace']")
    assert [(e.name, e.get_text()) for e in people] == [("a", "Ada Lovelace"), ("span", "Lovelace")]
    assert people[0]["href"] == "../../people/ada-lovelace/"
    assert people[1]["data-title"] == "Ada Lovelace: Mathematician"
    terms = body.select("[data-term='engine']")
    assert [e.name for e in terms] == ["a", "span"]
    assert terms[0]["data-title"] == "Analytical Engine: A proposed mechanical computer."


def test_every_mention_can_link(tmp_path):
    html = to_html(render_article(tmp_path, "Ada Lovelace met Lovelace.\n", options=Options(link_mentions="every")))
    body = BeautifulSoup(html, "lxml").select_one(".article-body")
    assert [e.name for e in body.select("[data-speaker]")] == ["a", "a"]


def test_quotes_and_notes_are_marked_with_their_ids_and_footnotes(tmp_path):
    html = to_html(render_article(tmp_path, "“It weaves patterns,” Lovelace said.\n", context="""\
        quotes:
          - speaker: ada-lovelace
            quote: It weaves patterns,
            said: in her notes
        notes:
          - id: weaves
            anchor: weaves patterns
            note: Compare the *Jacquard* loom, see [the engine](term:engine).
            sources:
              - title: Sketch of the Analytical Engine
                url: https://example.org/sketch?a=1&b=2
                publisher: Example
        """))
    soup = BeautifulSoup(html, "lxml")
    quote = soup.select_one("[data-quote-id]")
    assert quote["data-quote"] == "ada-lovelace"
    assert quote["data-quote-id"] == "ada-lovelace-it-weaves-patterns"
    assert quote["data-title"] == "Quote: Ada Lovelace, in her notes"
    note = soup.select_one("[data-note='weaves']")
    assert note.get_text() == "weaves patterns"
    marker = note.find_next_sibling("sup")
    assert marker.a["href"] == "#fn:weaves" and marker.get_text() == "1"
    footnote = soup.select_one("li#fn\\:weaves")
    assert footnote.em.get_text() == "Jacquard"
    assert footnote.find("a", href="../../terms/engine/").get_text() == "the engine"
    source = footnote.find("a", href="https://example.org/sketch?a=1&b=2")
    assert source["rel"] == ["noopener", "noreferrer"]
    assert "Example" in footnote.get_text()


def _article_with(text: str, spans: list[Span]) -> AnnotatedArticle:
    quotes = tuple(QuoteEntry(id=s.id, speaker="ada-lovelace", quote="x") for s in spans if s.kind == "quote")
    notes = tuple(NoteEntry(id=s.id, anchor="x", note="A note.") for s in spans if s.kind == "note")
    article = Article(slug=SLUG, folder=None, meta=ArticleFile(title="T", date=dt.date(2024, 1, 2)), text=text,
                      paragraphs=split_paragraphs(text), quotes=quotes, notes=notes)
    return AnnotatedArticle(article, tuple(spans))


SITE = Site(speakers=(SpeakerEntry(id="ada-lovelace", name="Ada Lovelace"),),
            terms=(TermEntry(id="engine", term="Engine", definition="A machine."),))


def render_spans(text: str, spans: list[Span]) -> str:
    annotated = _article_with(text, spans)
    site = Site(speakers=SITE.speakers, terms=SITE.terms, articles=(annotated.article,))
    return to_html(render_site(site, [annotated])[f"articles/{SLUG}.md"])


def test_nested_spans_stay_nested():
    text = "A quote about the Engine in a noted passage."
    spans = [Span(0, 44, "note", "n"), Span(2, 24, "quote", "q"), Span(18, 24, "term", "engine")]
    html = render_spans(text, spans)
    assert well_formed_errors(html) == []
    soup = BeautifulSoup(html, "lxml")
    assert soup.select_one("[data-note='n'] [data-quote-id='q'] [data-term='engine']").get_text() == "Engine"
    assert paragraphs_shown(html) == [text]


def test_crossing_spans_split_into_fragments_that_share_the_id():
    text = "one two three four five"
    spans = [Span(0, 13, "quote", "q"), Span(8, 23, "note", "n")]
    html = render_spans(text, spans)
    assert well_formed_errors(html) == []
    soup = BeautifulSoup(html, "lxml")
    assert "".join(e.get_text() for e in soup.select("[data-quote-id='q']")) == "one two three"
    assert "".join(e.get_text() for e in soup.select("[data-note='n']")) == "three four five"
    assert paragraphs_shown(html) == [text]


def test_a_note_ending_inside_a_mention_puts_its_marker_after_the_mention():
    text = "the Engine runs"
    html = render_spans(text, [Span(0, 7, "note", "n"), Span(4, 10, "term", "engine")])
    assert well_formed_errors(html) == []
    link = BeautifulSoup(html, "lxml").select_one("a[data-term]")
    assert link.find("sup") is None
    assert link.find_next("sup").a["href"] == "#fn:n"


def test_literal_escapes_once():
    assert literal("a & b < c") == "a &#38; b &#60; c"
    assert literal("fine, ok; ok?") == "fine, ok; ok?"
    assert literal("it's www.x") == "it&#39;s www&#46;x"
    assert literal("1. item") == "&#49;&#46; item"


def test_generated_pages(tmp_path):
    root = write_site(tmp_path / "annotations")
    pages = generate(root).pages
    assert set(pages) == {"index.md", "articles/index.md", f"articles/{SLUG}.md", "glossary.md", "people/index.md",
                          "people/ada-lovelace.md", "terms/engine.md"}  # the format reference is the flagship's own
    glossary = BeautifulSoup(to_html(pages["glossary.md"]), "lxml")
    entry = glossary.find(id="engine")  # the address a term had before its page: it leads there
    assert entry.name == "dt" and entry.get_text(strip=True) == "Analytical Engine"
    assert entry.a["href"] == "../terms/engine/"  # raw HTML, so final URLs (the glossary is served at glossary/)
    term = BeautifulSoup(to_html(pages["terms/engine.md"]), "lxml")
    # Long lists are raw HTML with final URLs (directory URLs: terms/engine.md is served at terms/engine/).
    assert term.find("a", href=f"../../articles/{SLUG}/#p1") is not None
    assert term.find("a", href="../../glossary/#engine") is not None
    person = BeautifulSoup(to_html(pages["people/ada-lovelace.md"]), "lxml")
    assert person.find("blockquote").find("a", href=f"../../articles/{SLUG}/#p2")
    assert "It weaves patterns," in person.find("blockquote").get_text()


def test_a_link_card_escapes_each_value_once_and_invents_no_url():
    from generator.render.head import first_sentence, link_card

    tags = link_card("articles/x.md", "&lt;b&gt; &quot;Kyiv&quot;", 'Say "hi" <now>', "Site", None)
    assert '<meta property="og:title" content="&#60;b&#62; &#34;Kyiv&#34;">' in tags  # escaped once, not twice
    assert '<meta property="og:description" content="Say &#34;hi&#34; &#60;now&#62;">' in tags
    assert "og:url" not in tags and '<meta property="og:type" content="article">' in tags
    assert first_sentence("Norwegian official. Born 1966.") == "Norwegian official."
    assert first_sentence("The U.S. envoy spoke. Then left.") == "The U.S. envoy spoke."
    assert first_sentence("The U.N. Charter holds. Then more.") == "The U.N. Charter holds."  # an initialism
    assert len(first_sentence("x" * 500)) == 200


def test_a_wikidata_id_is_a_link_on_the_entry_and_sameas_in_its_linked_data(tmp_path):
    """The test site is fictional: Q123 and Q456 are ids of the right form, not claims about anyone."""
    from generator.render.linked_data import site_linked_data

    root = write_site(tmp_path / "annotations", {
        "speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: [Lovelace]\n"
                        "    wikidata: Q123\n",
        "terms.yml": "terms:\n  - id: engine\n    term: Analytical Engine\n    definition: A machine.\n    wikidata: Q456\n"})
    result = generate(root)
    person = BeautifulSoup(to_html(result.pages["people/ada-lovelace.md"]), "lxml").select_one("a.wikidata")
    assert (person["href"], person.get_text()) == ("https://www.wikidata.org/wiki/Q123", "Q123")
    term_page = BeautifulSoup(to_html(result.pages["terms/engine.md"]), "lxml").select_one("a.wikidata")
    assert term_page["href"] == "https://www.wikidata.org/wiki/Q456"
    data = site_linked_data(result.site, result.annotated, Options())
    assert data["people/ada-lovelace.md"]["sameAs"] == ["http://www.wikidata.org/entity/Q123"]
    [term] = data["glossary.md"]["hasDefinedTerm"]
    assert term["sameAs"] == ["http://www.wikidata.org/entity/Q456"]


def test_people_are_listed_by_family_name():
    """The people index, its letters and the navigation sort by family name (the name's last word,
    before a suffix), or by `sort_as` where the name's order is not its last word first."""
    from generator.render.entries import indexes
    from generator.render.markup import family_first
    from generator.schema import SpeakerEntry

    people = [SpeakerEntry(id="joe-biden", name="Joe Biden"), SpeakerEntry(id="mlk", name="Martin Luther King Jr."),
              SpeakerEntry(id="vdl", name="Ursula von der Leyen", sort_as="Leyen, Ursula von der"),
              SpeakerEntry(id="zelenskyy", name="Volodymyr Zelenskyy"), SpeakerEntry(id="madonna", name="Madonna"),
              SpeakerEntry(id="obama", name="Barack Obama")]
    assert family_first(people[1]) == "King Martin Luther Jr." and family_first(people[4]) == "Madonna"
    az = indexes({p.id: p for p in people}, {})["speaker"]
    assert az.pages["people/index.md"] == ["joe-biden", "mlk", "vdl", "madonna", "obama", "zelenskyy"]
    assert list(az.counts) == ["B", "K", "L", "M", "O", "Z"]
