"""Integration: build the real site with `mkdocs build --strict` and read its HTML."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.pipeline import load_site
from tests.conftest import KNOWN_SAFE_EXTENSIONS, REPO, collapse, copy_project, mkdocs_build

pytestmark = pytest.mark.slow  # builds the real site

ANNOTATION_ATTRIBUTES = ("data-speaker", "data-term", "data-quote", "data-note", "data-stage")


def html_of(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text("utf-8"), "lxml")


SITE, _ = load_site(REPO / "annotations")
ARTICLES = {a.slug: a for a in SITE.articles}


def test_the_real_annotations_have_articles():
    assert "2023-08-16-nato-land-for-membership" in ARTICLES


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_article_text_equals_the_source(built, slug):
    article = ARTICLES[slug]
    body = html_of(built, f"articles/{slug}").select_one(".article-body")
    assert body["data-article"] == slug
    for sup in body.find_all("sup"):
        sup.decompose()
    paragraphs = body.find_all("p", recursive=False)
    assert [p["id"] for p in paragraphs] == [f"p{n}" for n in range(1, len(article.paragraphs) + 1)]
    assert [collapse(p.get_text()) for p in paragraphs] == [collapse(article.text[s:e]) for s, e in article.paragraphs]


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_article_body_holds_only_source_text_markers_and_asides(built, slug):
    body = html_of(built, f"articles/{slug}").select_one(".article-body")
    assert {child.name for child in body.find_all(recursive=False)} <= {"p", "aside"}
    for element in body.select("p *"):
        if element.name == "sup" or element.find_parent("sup"):
            continue
        assert element.name in ("span", "a", "br"), element
        if element.name != "br":
            assert any(element.has_attr(a) for a in ANNOTATION_ATTRIBUTES), element


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_every_annotation_appears_on_its_page(built, slug):
    article = ARTICLES[slug]
    page = html_of(built, f"articles/{slug}")
    for quote in article.quotes:
        [element, *_] = page.select(f".article-body [data-quote-id='{quote.id}']")
        assert element["data-quote"] == quote.speaker
    for note in article.notes:
        assert page.select(f".article-body [data-note='{note.id}']")
        footnote = page.find("li", id=f"fn:{note.id}")
        assert footnote is not None
        for source in note.sources:
            assert footnote.find("a", href=source.url), source.url
    people = {e["data-speaker"] for e in page.select(".article-body [data-speaker]")}
    terms = {e["data-term"] for e in page.select(".article-body [data-term]")}
    assert {"stian-jenssen", "jens-stoltenberg", "mykhailo-podoliak", "volodymyr-zelenskyy", "oleh-nikolenko",
            "vladimir-putin"} <= people or slug != "2023-08-16-nato-land-for-membership"
    for person in people:
        assert page.select_one(f".article-body a[data-speaker='{person}']"), f"first mention of {person} links"
    for term in terms:
        assert page.select_one(f".article-body a[data-term='{term}']"), f"first mention of {term} links"


def test_every_person_and_term_has_its_entry(built):
    glossary = html_of(built, "glossary")
    for term in SITE.all_terms():
        assert glossary.find(id=term) is not None
    for person in SITE.all_speakers():
        assert (built / "people" / person / "index.html").is_file()


def test_provenance_and_editors_headline_show(built):
    page = html_of(built, "articles/2023-08-16-nato-land-for-membership")
    meta = page.select_one(".article-meta").get_text()
    assert "16 August 2023" in meta and "headline by the editors" in meta
    about = page.select_one("details.article-about").get_text()
    assert "Headline: written by the editors of this edition." in about
    assert "Published: 16 August 2023 by The Messenger" in about and "shut down on 31 January 2024" in about


def test_navigation_lists_the_generated_pages(built):
    nav = html_of(built, "articles/2023-08-16-nato-land-for-membership").select_one("nav.md-nav--primary").get_text()
    for label in ("Articles", "Glossary", "People", "Stian Jenssen", "About"):
        assert label in nav
    assert "For annotators" not in nav and "How to annotate" not in nav  # a reader's sidebar holds no manual


def test_the_manual_is_one_link_away_from_about(built):
    """The annotators' manual is out of the readers' sidebar, and every page of it is linked from
    its contents page, which About links."""
    about = html_of(built, "about")
    assert about.select_one(".md-content a[href='../manual/']") is not None
    manual = {a["href"].strip("./") for a in html_of(built, "manual").select(".md-content li > a")}
    pages = {"how-to-annotate", "format", "format-reference", "contributing", "anchoring", "plugin-and-commands",
             "html-contract", "security", "architecture"}
    assert manual == {f"{page}" for page in pages}


def _pages(site: Path):
    """Every page but 404.html, whose links are absolute from the site's root by design."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_internal_link_resolves(built):
    ids_by_file: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in ids_by_file:
            ids_by_file[path] = {e["id"] for e in BeautifulSoup(path.read_text("utf-8"), "lxml").find_all(id=True)}
        return ids_by_file[path]

    checked = 0
    for page in _pages(built):
        for link in BeautifulSoup(page.read_text("utf-8"), "lxml").find_all("a", href=True):
            parts = urlsplit(link["href"])
            if parts.scheme or parts.netloc:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(built)}: broken link {link['href']}"
            if parts.fragment:
                assert unquote(parts.fragment) in ids(target), f"{page.relative_to(built)}: no anchor {link['href']}"
            checked += 1
    assert checked > 100


def test_search_indexes_every_generated_page_as_material_reads_it(built):
    """Material indexes the generated pages as it reads them, but for the lists of links to other
    pages (`data-search-exclude`, its documented means): they are in the pages readers get, and
    not in the index."""
    from material.plugins.search.plugin import Parser

    entries: dict[str, list[tuple[str, str, str]]] = {}
    for entry in json.loads((built / "search/search_index.json").read_text("utf-8"))["docs"]:
        page, _, section = entry["location"].partition("#")
        entries.setdefault(page, []).append((section, entry["title"], collapse(entry["text"])))
    checked = listed = 0
    for page in _pages(built):
        location = page.relative_to(built).parent.as_posix() + "/"
        if not location.startswith(("articles/", "people/")) and location != "glossary/":
            continue
        html = (page.read_text("utf-8").split('<article class="md-content__inner md-typeset">', 1)[1]
                .split("</article>", 1)[0]).strip()
        lists = re.findall(r'<ul class="entry-list" data-search-exclude>.*?</ul>', html, flags=re.S)
        parser = Parser()
        parser.feed(html)
        parser.close()
        expected = [(section.id if number else "", "".join(section.title).strip(), collapse("".join(section.text)))
                    for number, section in enumerate(parser.data) if not section.is_excluded()]
        assert entries[location] == expected, location
        indexed = " ".join(text for _, _, text in entries[location])
        for items in lists:  # as Material would index the list without the attribute: not there
            alone = Parser()
            alone.feed(items.replace(" data-search-exclude", ""))
            alone.close()
            text = collapse("".join("".join(section.text) for section in alone.data))
            assert "<li>" in text and text not in indexed, location
        listed += len(lists)
        checked += 1
    assert checked > 10 and listed > 10


def test_nothing_is_loaded_from_another_host(built):
    for page in _pages(built):
        soup = BeautifulSoup(page.read_text("utf-8"), "lxml")
        for element in soup.find_all(["script", "link", "img", "iframe", "source", "audio", "video"]):
            url = element.get("src") or (element.get("href") if element.name == "link" else None) or ""
            if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not re.match(r"^(https?:)?//", url), f"{page}: {element}"


def test_a_site_of_several_articles_and_transcripts_builds_and_links(tmp_path):
    project = copy_project(tmp_path, REPO / "tests/fixtures/multi")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert html_of(site, "articles/2022-05-01-quill-zalgiriene").select(".article-body p[data-turn]")
    test_every_internal_link_resolves(site)


def test_links_resolve_with_file_urls_too(tmp_path):
    project = copy_project(tmp_path, extra_config="\nuse_directory_urls: false\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    body = BeautifulSoup((site / "articles/2023-08-16-nato-land-for-membership.html").read_text(), "lxml")
    assert body.select_one(".article-body a[data-speaker='stian-jenssen']")["href"] == "../people/stian-jenssen.html"
    test_every_internal_link_resolves(site)


def test_generated_pages_have_no_edit_button(tmp_path):
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text().replace("    - content.tooltips", "    - content.action.edit\n    - content.tooltips")
    config.write_text(text + "\nrepo_url: https://example.org/repo\nedit_uri: edit/main/docs/\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert html_of(site, "about").select("a.md-content__button[href*='edit']")
    for page in ("glossary", "people", "articles", "articles/2023-08-16-nato-land-for-membership"):
        assert not html_of(site, page).select("a.md-content__button[href*='edit']"), page


def test_an_annotation_error_fails_the_strict_build_with_the_check_message(tmp_path):
    project = copy_project(tmp_path)
    context = project / "annotations/2023-08-16-nato-land-for-membership/context.yml"
    context.write_text(context.read_text().replace("speaker: oleh-nikolenko", "speaker: oleh-nikolenk", 1))
    build = mkdocs_build(project)
    check = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True)
    assert build.returncode != 0 and check.returncode == 1
    message = next(line for line in check.stderr.splitlines() if "unknown speaker" in line)
    assert message.startswith("annotations/2023-08-16-nato-land-for-membership/context.yml:")
    assert message in build.stderr
    assert "Traceback" not in build.stderr + check.stderr
    assert not (project / "site" / "articles").exists()


def test_warnings_are_logged_at_info_and_do_not_fail_a_strict_build(tmp_path):
    project = copy_project(tmp_path)
    terms = project / "annotations/terms.yml"
    terms.write_text(terms.read_text() + "\n  - id: unused-term\n    term: Zyzzyva\n    definition: A weevil.\n")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "INFO" in result.stderr and "term 'unused-term' is never mentioned in any article" in result.stderr


def test_hostile_text_stays_literal_with_every_known_safe_extension(tmp_path):
    from generator.model import split_paragraphs
    from tests.conftest import SLUG, write_site
    from tests.hostile.test_source_texts import LITERAL_SOURCES

    source = "\n\n".join(LITERAL_SOURCES[name] for name in sorted(LITERAL_SOURCES)) + "\n"
    annotations = write_site(tmp_path / "hostile", {f"{SLUG}/source.txt": source, f"{SLUG}/context.yml": None})
    project = copy_project(tmp_path / "project", annotations, KNOWN_SAFE_EXTENSIONS)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    body = html_of(project / "site", f"articles/{SLUG}").select_one(".article-body")
    for sup in body.find_all("sup"):
        sup.decompose()
    assert [collapse(p.get_text()) for p in body.find_all("p")] == [
        collapse(source[s:e]) for s, e in split_paragraphs(source)]
    assert {e.name for e in body.find_all(True)} <= {"p", "a", "span", "br"}
    assert "plugins:" not in body.get_text()  # pymdownx.snippets did not include mkdocs.yml
