"""Transcripts and a site of many articles: turns, stage directions, backlinks, related articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.find.turns import speaker_label
from generator.pipeline import generate
from tests.conftest import REPO, collapse, paragraphs_shown, to_html

MULTI = REPO / "tests" / "fixtures" / "multi"
QUILL = "2022-05-01-quill-zalgiriene"
BRIEFING = "2023-07-10-briefing"
REPORT = "2023-07-12-report"


@pytest.mark.parametrize("paragraph, label", [
    ("PRESIDENT BIDEN:\u00a0 Well, thank you.", "PRESIDENT BIDEN"),
    ("PRIME MINISTER ŠIMONYTĖ:  Thank you.", "PRIME MINISTER ŠIMONYTĖ"),
    ("MS. JEAN-PIERRE:\u00a0 Good afternoon.", "MS. JEAN-PIERRE"),
    ("THE PRESIDENT: Thank you.", "THE PRESIDENT"),
    ("MR. O’BRIEN: Yes.", "MR. O’BRIEN"),
    ("MR. O'BRIEN:\tYes.", "MR. O'BRIEN"),
    ("Q\u00a0\u00a0\u00a0 Mr. President, a question.", "Q"),
    ("Q: Is it ready?", "Q"),
    ("SPEAKER:", "SPEAKER"),
])
def test_speaker_labels(paragraph, label):
    assert speaker_label(paragraph) == label


@pytest.mark.parametrize("paragraph", [
    "10:49 A.M. EET", "NATO is united.", "Mr. Smith: hello", "Question: why?", "NATO:the alliance",
    "Queen Elizabeth spoke.", "Q", " PRESIDENT BIDEN: indented", "PRESIDENT BIDEN :  spaced",
])
def test_not_speaker_labels(paragraph):
    assert speaker_label(paragraph) is None


@pytest.fixture(scope="module")
def multi():
    result = generate(MULTI)
    assert result.ok, [str(p) for p in result.problems]
    return result


def page(result, path: str) -> BeautifulSoup:
    return BeautifulSoup(to_html(result.pages[path]), "lxml")


def test_every_paragraph_of_a_turn_names_its_speaker(multi):
    body = page(multi, f"articles/{QUILL}.md").select_one(".article-body")
    turns = [(p["id"], p.get("data-turn")) for p in body.find_all("p")]
    assert turns == [("p1", None), ("p2", None), ("p3", "the-president"), ("p4", "the-president"),
                     ("p5", "aldona-zalgiriene"), ("p6", "aldona-zalgiriene"), ("p7", "reporter"),
                     ("p8", "aldona-zalgiriene"), ("p9", None), ("p10", None)]
    assert "turn-start" in body.find(id="p5")["class"] and "turn-start" not in body.find(id="p6")["class"]
    assert body.find(id="p6")["data-turn-name"] == "Aldona Žalgirienė"


def test_labels_link_to_their_speaker(multi):
    body = page(multi, f"articles/{QUILL}.md").select_one(".article-body")
    labels = [(a.get_text(), a["data-speaker"], a["href"]) for a in body.select("a.turn-label")]
    assert labels == [("THE PRESIDENT", "the-president", "../../people/the-president/"),
                      ("PRIME MINISTER ŽALGIRIENĖ", "aldona-zalgiriene", "../../people/aldona-zalgiriene/"),
                      ("Q", "reporter", "../../people/reporter/"),
                      ("PRIME MINISTER ŽALGIRIENĖ", "aldona-zalgiriene", "../../people/aldona-zalgiriene/")]


def test_stage_directions_are_set_apart_and_remain_text(multi):
    html = to_html(multi.pages[f"articles/{QUILL}.md"])
    body = BeautifulSoup(html, "lxml").select_one(".article-body")
    assert [s.get_text() for s in body.select(".stage-direction")] == ["(Applause.)", "(Laughter.)", "(inaudible)"]
    article = next(a for a in multi.site.articles if a.slug == QUILL)
    assert paragraphs_shown(html) == [collapse(article.text[s:e]) for s, e in article.paragraphs]


def test_a_dateline_keeps_its_line_break(multi):
    first = page(multi, f"articles/{QUILL}.md").select_one(".article-body #p1")
    assert first.find("br") is not None
    assert [collapse(t) for t in first.find_all(string=True)] == ["Ceremonial Office", "Capital Building"]


def test_labels_are_not_read_in_reports(multi):
    body = page(multi, f"articles/{REPORT}.md").select_one(".article-body")
    assert not body.select("[data-turn]") and not body.select(".turn-label")
    assert body.select_one("#p2 a[data-term='nato'], #p2 [data-term='nato']") is not None


def test_a_quotation_inside_a_turn_belongs_to_its_speaker(multi):
    body = page(multi, f"articles/{BRIEFING}.md").select_one(".article-body")
    quote = body.select_one("[data-quote-id]")
    assert quote["data-quote"] == "the-president"
    assert quote.find_parent("p")["data-turn"] == "sean-obrien"


def test_person_pages_count_turns_and_words(multi):
    person = page(multi, "people/aldona-zalgiriene.md")
    turns = person.find(id="turns-in-transcripts").find_next("ul").get_text(" ", strip=True)
    assert "2 turns, 13 words" in turns
    assert person.find("a", href=f"../../articles/{QUILL}/#p5") is not None
    assert person.find("a", href=f"../../articles/{QUILL}/#p8") is not None
    reporter = page(multi, "people/reporter.md").find(id="turns-in-transcripts").find_next("ul")
    assert [li.get_text(" ", strip=True).split(": ")[0] for li in reporter.find_all("li")] == [
        "Press Briefing by Press Secretary Claire Dupont-Leroy (10 July 2023)",
        "Remarks by President Quill and Prime Minister Žalgirienė (1 May 2022)"]


def test_backlinks_across_articles_newest_first_with_counts(multi):
    nato = page(multi, "terms/nato.md")  # the term's own page (the glossary gives a sentence and a count)
    listing = nato.find(id="mentioned-in").find_next("ul")
    rows = [li.get_text(" ", strip=True) for li in listing.find_all("li")]
    assert rows == [
        "Leaders gather in Vilnius (12 July 2023; 2 mentions): ¶1 , ¶2",
        "Press Briefing by Press Secretary Claire Dupont-Leroy (10 July 2023; 2 mentions): ¶3 , ¶4",
        "Remarks by President Quill and Prime Minister Žalgirienė (1 May 2022; 1 mention): ¶6",
    ]


def test_related_articles_best_match_first(multi):
    report = page(multi, f"articles/{REPORT}.md")
    related = report.find(id="related-articles").find_next("ul")
    rows = [li.get_text(" ", strip=True) for li in related.find_all("li")]
    assert rows == [
        "Remarks by President Quill and Prime Minister Žalgirienė (1 May 2022): shares Aldona Žalgirienė, NATO, Vilnius",
        "Press Briefing by Press Secretary Claire Dupont-Leroy (10 July 2023): shares NATO, Vilnius"]


def test_the_articles_index_shows_kind_and_browses_by_person_and_term(multi):
    index = page(multi, "articles/index.md")
    text = index.get_text(" ", strip=True)
    assert text.index("Leaders gather in Vilnius") < text.index("Press Briefing") < text.index("Remarks by President")
    assert "10 July 2023 · transcript" in text and "12 July 2023 · report" in text
    people = index.find(id="by-person").find_next("ul")
    assert "Aldona Žalgirienė (2 articles)" in people.get_text(" ", strip=True)
    terms = index.find(id="by-term").find_next("ul")
    assert terms.find("a", href="../terms/nato/") is not None
    assert "Zyzzyva" not in terms.get_text()


# --- problems with turns -------------------------------------------------------------------------

def copy_of_multi(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MULTI, tmp_path / "multi"))


def errors_of(root: Path) -> list:
    return [p for p in generate(root).problems if p.severity == "error"]


def test_an_unmapped_label_is_reported_at_its_line_with_the_mapped_ones(tmp_path):
    root = copy_of_multi(tmp_path)
    source = root / BRIEFING / "source.txt"
    source.write_text(source.read_text() + "\nMR. SMITH:\u00a0 One more thing.\n")
    [problem] = errors_of(root)
    assert problem.message == "speaker label 'MR. SMITH' is not mapped to a speaker"
    assert problem.origin.path == source and (problem.origin.line, problem.origin.column) == (17, 1)
    assert "(mapped: 'MS. DUPONT-LEROY', 'MR. O’BRIEN', 'Q')" in problem.hint


def test_a_mapped_label_that_never_occurs_is_reported(tmp_path):
    root = copy_of_multi(tmp_path)
    article = root / BRIEFING / "article.yml"
    article.write_text(article.read_text() + "  MR. JONES: sean-obrien\n")
    [problem] = errors_of(root)
    assert problem.message == "speaker label 'MR. JONES' never occurs in source.txt"
    assert (problem.origin.path, problem.origin.line, problem.origin.column) == (article, 8, 3)


def test_a_label_mapped_to_an_unknown_person(tmp_path):
    root = copy_of_multi(tmp_path)
    article = root / BRIEFING / "article.yml"
    article.write_text(article.read_text().replace("Q: reporter", "Q: reportr"))
    [problem] = errors_of(root)
    assert problem.message == "unknown speaker 'reportr'"
    assert problem.hint == "did you mean 'reporter'?"
    assert problem.origin.line == 7


def test_turns_in_a_report_are_refused(tmp_path):
    root = copy_of_multi(tmp_path)
    article = root / REPORT / "article.yml"
    article.write_text(article.read_text() + "turns:\n  NATO: reporter\n")
    [problem] = errors_of(root)
    assert problem.message == "turns: are read only in transcripts"
    assert problem.origin.line == 4


def test_a_person_or_term_in_many_articles_pages_them_newest_first(monkeypatch):
    """An entry's page lists ENTRY_PAGE_ARTICLES articles (newest first), the older ones on further
    parts (people/<id>/2/, terms/<id>/2/), each part linking every other, the shown one marked."""
    from generator.render import entries

    monkeypatch.setattr(entries, "ENTRY_PAGE_ARTICLES", 1)
    pages = generate(MULTI).pages
    assert {"terms/nato.md", "terms/nato/2.md", "terms/nato/3.md"} <= set(pages) and "terms/nato/4.md" not in pages
    shown = []
    for part, path in enumerate(["terms/nato.md", "terms/nato/2.md", "terms/nato/3.md"], 1):
        html = BeautifulSoup(to_html(pages[path]), "lxml")
        rows = html.find(id="mentioned-in").find_next("ul").find_all("li")
        assert len(rows) == 1
        shown.append(rows[0].a.get_text())
        pager = html.select_one("nav.entry-pages")
        assert pager.select_one("[aria-current=page]").get_text() == str(part)
        assert len(pager.select("a")) == 2
        assert (html.select_one("p:-soup-contains('The North Atlantic')") is not None) == (part == 1)
    assert shown == ["Leaders gather in Vilnius", "Press Briefing by Press Secretary Claire Dupont-Leroy",
                     "Remarks by President Quill and Prime Minister Žalgirienė"]
    second = BeautifulSoup(to_html(pages["terms/nato/2.md"]), "lxml")
    assert second.h1.get_text() == "NATO: page 2 of 3"
    assert [a["href"] for a in second.select("nav.entry-pages a")] == ["../", "../3/"]
    assert "people/aldona-zalgiriene/2.md" in pages  # a person's page too
    # Further parts repeat the articles: out of search (Material's front matter, which Pagefind's index honours too).
    assert "search: {exclude: true}" in pages["terms/nato/2.md"] and "search:" not in pages["terms/nato.md"]


def test_a_large_archive_lists_its_newest_articles_and_every_article_by_year(monkeypatch):
    """Beyond INDEX_ARTICLES, the articles index and the home page list the newest ones; every
    article is on its year's page (archive/<year>/), by month, and the years link each other."""
    from generator.model import Options, SiteSettings
    from generator.pipeline import finished_site
    from generator.render import entries

    monkeypatch.setattr(entries, "INDEX_ARTICLES", 1)
    result = generate(MULTI)
    pages = result.pages
    assert {"archive/2023.md", "archive/2022.md"} <= set(pages)
    index = BeautifulSoup(to_html(pages["articles/index.md"]), "lxml")
    assert [a.get_text() for a in index.select("ul.entry-list")[0].select("strong a")] == ["Leaders gather in Vilnius"]
    years = index.select_one("nav.archive-years")
    assert years.get_text(" ", strip=True) == "2023 (2 articles) · 2022 (1 article)"
    assert [a["href"] for a in years.select("a")] == ["../archive/2023/", "../archive/2022/"]
    archive = BeautifulSoup(to_html(pages["archive/2023.md"]), "lxml")
    assert archive.h1.get_text() == "Articles of 2023" and "July 2023" in [h.get_text() for h in archive.select("h2")]
    assert [a.get_text() for a in archive.select("ul.entry-list strong a")] == [
        "Leaders gather in Vilnius", "Press Briefing by Press Secretary Claire Dupont-Leroy"]
    assert archive.select_one("nav.archive-years [aria-current=page]").get_text() == "2023"
    front = BeautifulSoup(to_html(pages["index.md"]), "lxml")
    assert len(front.select("ul.entry-list li")) == 1 and front.find("a", string="All articles")["href"] == "articles/"
    site = finished_site(result, SiteSettings(), Options(), own_home=True)
    assert site.front_list.count("<li>") == 1 and "All articles" in site.front_list
    assert len(site.linked_data("articles/index.md")["mainEntity"]["itemListElement"]) == 1
    german = generate(MULTI, Options(language="de")).pages["archive/2023.md"]
    assert "Artikel aus 2023" in german and "Juli 2023" in german


def test_a_large_glossary_or_people_index_goes_by_letter_and_keeps_every_anchor(monkeypatch):
    """Beyond INDEX_PAGE_ENTRIES entries, the glossary and the people index list their letters, each
    on pages of its own (glossary/<letter>/, people/a-z/<letter>/, in parts beyond that many); the
    glossary's old anchors map to the page that lists each term now (the script follows them), a
    term's page links its place there, and each letter page describes its own entries as data."""
    import json

    from generator.model import Options, SiteSettings
    from generator.pipeline import finished_site
    from generator.render import entries

    monkeypatch.setattr(entries, "INDEX_PAGE_ENTRIES", 1)
    result = generate(MULTI)
    pages = result.pages
    glossary = BeautifulSoup(to_html(pages["glossary.md"]), "lxml")
    assert glossary.find("dl") is None and "N (1 term)" in collapse(glossary.get_text(" "))
    moved = json.loads(glossary.select_one("script.moved-anchors").string)
    assert moved["nato"] == "n/#nato" and moved["vilnius"] == "v/#vilnius"
    letter = BeautifulSoup(to_html(pages["glossary/n.md"]), "lxml")
    assert letter.h1.get_text() == "Glossary: N" and letter.find("dt", id="nato").a["href"] == "../../terms/nato/"
    assert letter.select_one("p.letters strong[aria-current=page]").get_text() == "N"
    assert letter.select_one("p.letters a[href='../v/']").get_text() == "V"
    term = BeautifulSoup(to_html(pages["terms/nato.md"]), "lxml")
    assert term.find("a", string="In the glossary")["href"] == "../../glossary/n/#nato"
    people = BeautifulSoup(to_html(pages["people/index.md"]), "lxml")
    # by family name: Dupont-Leroy, O’Brien, Quill, (a) reporter, Žalgirienė
    assert [letter for letter in "DOQRZ" if f"{letter} (1 person)" in collapse(people.get_text(" "))] == list("DOQRZ")
    assert {"people/a-z/d.md", "people/a-z/q.md", "people/a-z/z.md"} <= set(pages)
    quill = BeautifulSoup(to_html(pages["people/a-z/q.md"]), "lxml")
    assert quill.h1.get_text() == "People: Q" and [a.get_text() for a in quill.select("ul a")] == ["Martha Quill"]
    site = finished_site(result, SiteSettings(), Options())
    described = site.linked_data("glossary/n.md")["mainEntity"]
    assert described["@id"] == "../#terms" and [t["name"] for t in described["hasDefinedTerm"]] == ["NATO"]
    assert described["hasDefinedTerm"][0]["@id"] == "../#nato"  # a term's identifier is where it always was
    assert site.linked_data("glossary.md")["hasDefinedTerm"] == []
    listed = site.linked_data("people/a-z/q.md")["mainEntity"]["itemListElement"]
    assert [row["item"]["name"] for row in listed] == ["Martha Quill"]
    assert site.linked_data("people/index.md")["mainEntity"]["itemListElement"] == []


def test_a_year_of_many_articles_goes_by_month(monkeypatch):
    """Beyond INDEX_PAGE_ENTRIES articles in a year, the year's page lists its months with their
    counts, each month on a page of its own (archive/<year>/<mm>/, in parts beyond that many),
    linking the year's other months and the other years."""
    from generator.render import entries

    monkeypatch.setattr(entries, "INDEX_ARTICLES", 1)
    monkeypatch.setattr(entries, "INDEX_PAGE_ENTRIES", 1)
    pages = generate(MULTI).pages
    year = BeautifulSoup(to_html(pages["archive/2023.md"]), "lxml")
    assert [collapse(li.get_text()) for li in year.select("ul.entry-list li")] == ["July 2023 (2 articles)"]
    assert [a["href"] for a in year.select("ul.entry-list a")] == ["07/"]
    july = BeautifulSoup(to_html(pages["archive/2023/07.md"]), "lxml")
    assert july.h1.get_text() == "Articles of July 2023"
    assert [a.get_text() for a in july.select("ul.entry-list strong a")] == ["Leaders gather in Vilnius"]
    assert july.select_one("nav.archive-months [aria-current=page]").get_text() == "July 2023"
    assert [a["href"] for a in july.select("nav.entry-pages a")] == ["2/"]
    assert july.select_one("nav.archive-years a")["href"] == "../../2022/"
    second = BeautifulSoup(to_html(pages["archive/2023/07/2.md"]), "lxml")
    assert second.h1.get_text() == "Articles of July 2023: page 2 of 2"
    assert [a.get_text() for a in second.select("ul.entry-list strong a")] == [
        "Press Briefing by Press Secretary Claire Dupont-Leroy"]
    assert second.select_one("nav.archive-months a") is None  # the only month of the year
    index = BeautifulSoup(to_html(pages["articles/index.md"]), "lxml")
    assert index.find("a", string="People")["href"] == "../people/"  # beyond 1 person, the index links them
