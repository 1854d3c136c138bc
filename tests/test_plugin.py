"""The MkDocs plugin built in process (`mkdocs.commands.build.build`), as an adopter's site runs it:
several sites and several builds in one process share nothing; the Material search speed-up and
its fallback index the same; other plugins see whole pages; the generated pages match a golden copy."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import generate
from tests.conftest import REPO, SLUG, copy_project, serve_folder, write_site

pytestmark = pytest.mark.slow

GOLDEN = REPO / "tests" / "golden"
MINIMAL_CONFIG = (REPO / "README.md").read_text().split("A minimal `mkdocs.yml`:\n\n```yaml\n")[1].split("```")[0]
"""The README's snippet for adding the plugin to a site."""

def build_in_process(project: Path, command: str = "build") -> Path:
    """`mkdocs build` of a project in this process; the site folder."""
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def adopters_site(folder: Path, annotations: Path, config: str = MINIMAL_CONFIG) -> Path:
    """A fresh MkDocs site of its own, with the README's minimal mkdocs.yml and an annotations folder."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Our newsroom\n\nWelcome.\n")
    (folder / "mkdocs.yml").write_text(config)
    shutil.copytree(annotations, folder / "annotations")
    return folder


def pages_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_an_adopters_minimal_site_gets_its_articles_people_and_glossary_only(tmp_path):
    site = build_in_process(adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi"))
    pages = pages_of(site)
    assert {"index.html", "articles/index.html", "glossary/index.html", "people/index.html",
            "articles/2023-07-10-briefing/index.html"} <= pages
    assert not any(page.startswith(("format-reference", "contributing", "how-to-annotate")) for page in pages)
    assert (site / "assets/annotations.css").is_file() and (site / "articles/2023-07-10-briefing.jsonld").is_file()


@pytest.mark.parametrize("home", ["none", "own", "own with the list"])
def test_the_front_page_never_takes_over_a_sites_own_home(tmp_path, home):
    project = adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi")
    if home == "none":
        (project / "docs" / "index.md").unlink()
    elif home == "own with the list":
        (project / "docs" / "index.md").write_text("# Our newsroom\n\n<!-- annotations: articles -->\n\nThanks.\n")
    page = BeautifulSoup((build_in_process(project) / "index.html").read_text(), "lxml")
    listed = [a.get_text() for a in page.select(".md-content ul.entry-list strong a")]
    heading = page.select_one(".md-content h1").get_text()
    if home == "own":
        assert (heading, listed) == ("Our newsroom", [])
    else:
        assert heading == ("Front page" if home == "none" else "Our newsroom")
        assert listed == ["Leaders gather in Vilnius", "Press Briefing by Press Secretary Claire Dupont-Leroy",
                          "Remarks by President Quill and Prime Minister Žalgirienė"]  # newest first


def test_two_sites_built_in_one_process_share_nothing(tmp_path):
    first = build_in_process(adopters_site(tmp_path / "first", REPO / "tests/fixtures/multi"))
    second = build_in_process(adopters_site(tmp_path / "second", write_site(tmp_path / "annotations")))
    assert f"articles/{SLUG}/index.html" in pages_of(second)
    assert not any("briefing" in page or "quill" in page for page in pages_of(second))
    index = json.loads((second / "search/search_index.json").read_text())
    assert not any("briefing" in entry["location"] for entry in index["docs"])
    again = build_in_process(adopters_site(tmp_path / "first-again", REPO / "tests/fixtures/multi"))
    assert _files(first) == _files(again)


def test_the_same_site_built_twice_in_one_process_is_the_same(tmp_path):
    project = copy_project(tmp_path / "project")
    first = _files(build_in_process(project))
    assert _files(build_in_process(project)) == first


def test_a_failed_build_leaves_nothing_for_the_next_one(tmp_path, caplog):
    broken = write_site(tmp_path / "broken", {f"{SLUG}/article.yml": "title: A sample\ndate: someday\n"})
    with pytest.raises(Abort):
        build_in_process(adopters_site(tmp_path / "bad", broken))
    assert "article.yml:2:7: error: invalid date 'someday'" in caplog.text
    site = build_in_process(adopters_site(tmp_path / "good", REPO / "tests/fixtures/multi"))
    assert "articles/2023-07-10-briefing/index.html" in pages_of(site)


def test_pages_the_navigation_leaves_out_are_built_without_a_notice_each(tmp_path, caplog, monkeypatch):
    """MkDocs lists every page missing from the navigation on every build; an archive's older
    articles are left out on purpose, and would fill an annotator's terminal on every save."""
    monkeypatch.setattr("generator.render.OUTLINE_ARTICLES", 1)
    caplog.set_level("INFO")
    project = adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi")
    (project / "docs" / "extra.md").write_text("# A page of the site's own\n")
    (project / "mkdocs.yml").write_text(MINIMAL_CONFIG + "nav:\n  - index.md\n")
    site = build_in_process(project)
    assert {"articles/2023-07-10-briefing/index.html", "articles/index.html", "extra/index.html"} <= pages_of(site)
    omitted = re.search(r"not included in the \"nav\" configuration:\n((?:  - .*\n?)*)", caplog.text)
    assert omitted and omitted.group(1).split() == ["-", "extra.md"]  # the site's own page, as MkDocs says


def test_the_plugin_can_be_switched_off(tmp_path):
    """MkDocs's own `enabled` option, which every plugin has."""
    config = re.sub(r"  - annotations.*\n", "  - annotations:\n      enabled: false\n", MINIMAL_CONFIG)
    site = build_in_process(adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi", config))
    assert pages_of(site) == {"index.html"}


@pytest.mark.parametrize("jobs", [0, 1])
def test_the_search_speed_up_indexes_what_material_indexes_without_it(tmp_path, jobs):
    """`search_speedup: true`: generated pages are indexed from a copy without their inline markup
    (in another process, or with `jobs: 1` in this one); without it (the default), Material
    indexes them itself. The same index, entry for entry (but for white space where the copy left
    out a tag); the pages readers get are the same."""
    docs, pages = {}, {}
    for speedup in (True, False):
        project = copy_project(tmp_path / str(speedup))
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace(
            "  - annotations:\n", f"  - annotations:\n      jobs: {jobs}\n      search_speedup: {str(speedup).lower()}\n"))
        site = build_in_process(project)
        docs[speedup] = json.loads((site / "search/search_index.json").read_text())["docs"]
        pages[speedup] = (site / "articles/2023-08-16-nato-land-for-membership/index.html").read_text()
    spaced = {speedup: [{**entry, "text": " ".join(entry["text"].split())} for entry in entries]
              for speedup, entries in docs.items()}
    assert len(docs[True]) > 50 and spaced[True] == spaced[False]
    assert pages[True] == pages[False]
    some_article = next(d for d in docs[True] if d["location"].startswith("articles/2023-08-16"))
    assert "NATO" in some_article["text"] and "data-term" not in some_article["text"]


def test_mkdocs_own_search_plugin_indexes_the_generated_pages(tmp_path):
    """MkDocs's own theme and search plugin: generated pages are indexed like any other."""
    config = "site_name: Plain MkDocs\ntheme:\n  name: mkdocs\nplugins:\n  - search\n  - annotations\n"
    site = build_in_process(adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi", config))
    index = json.loads((site / "search/search_index.json").read_text())
    assert any(entry["location"].startswith("articles/2023-07-10-briefing/") for entry in index["docs"])


SEES = """
import json
from pathlib import Path

seen = {}

def on_page_context(context, page, config, nav):
    seen[page.file.src_uri] = [len(page.toc.items), bool((page.meta.get("search") or {}).get("exclude")),
                               "annotated-note" in page.content]
    return context

def on_post_build(config):
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen))
"""


@pytest.mark.parametrize("jobs", [0, 1])
def test_other_plugins_see_every_generated_page_whole(tmp_path, jobs):
    """Whatever the search speed-up does, a hook sees each generated page with its table of
    contents, its markup and its metadata as the plugin made them."""
    project = copy_project(tmp_path, extra_config="hooks: [sees.py]\n")
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text().replace(
        "  - annotations:\n", f"  - annotations:\n      jobs: {jobs}\n"))
    (project / "sees.py").write_text(SEES)
    site = build_in_process(project)
    seen = json.loads((project / "seen.json").read_text())
    toc_items, excluded, _ = seen["glossary.md"]
    assert toc_items > 0 and not excluded
    assert seen["articles/2023-08-16-nato-land-for-membership.md"][2]
    glossary = BeautifulSoup((site / "glossary/index.html").read_text("utf-8"), "lxml")
    listed = {a["href"] for a in glossary.select(".md-sidebar--secondary a.md-nav__link")}
    terms = {f"#{h['id']}" for h in glossary.select("article h2[id], article h3[id]")}
    assert len(terms) > 5 and terms <= listed


@pytest.mark.parametrize("page", [f"articles/{SLUG}.md", "articles/2023-07-10-briefing.md"])
def test_article_pages_match_their_golden_copy(tmp_path, page):
    """The HTML contract (`.article-body`, `p#pN`, the `data-*` attributes, cards, notes), as one
    report and one transcript render it. A change here is a change of the contract: record it in
    the CHANGELOG and rewrite the copies with UPDATE_GOLDEN=1."""
    root = write_site(tmp_path / "annotations") if SLUG in page else REPO / "tests/fixtures/multi"
    rendered = generate(root).pages[page]
    golden = GOLDEN / Path(page).name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(rendered, "utf-8")
    assert rendered == golden.read_text("utf-8")


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
            and p.suffix in (".html", ".json", ".jsonld", ".css", ".js")}


LINK_CARD_PAGES = {  # built page -> OpenGraph type
    "articles/2023-08-16-nato-land-for-membership/index.html": "article",
    "articles/2023-02-20-biden-zelenskyy-kyiv/index.html": "article",
    "people/stian-jenssen/index.html": "profile",
    "people/index.html": "website", "glossary/index.html": "website", "articles/index.html": "website",
    "index.html": "website", "about/index.html": "website",
}


def _card(page: BeautifulSoup) -> dict[str, str]:
    return {tag.get("property") or tag.get("name"): tag["content"]
            for tag in page.select("meta[property^='og:'], meta[name^='twitter:']")}


def test_every_page_has_a_link_card_with_its_canonical_url(tmp_path):
    site = build_in_process(copy_project(tmp_path / "project", extra_config="site_url: https://example.org/edition/\n"))
    for path, kind in LINK_CARD_PAGES.items():
        page = BeautifulSoup((site / path).read_text(), "lxml")
        card = _card(page)
        assert card["og:type"] == kind, path
        assert card["og:url"] == page.find("link", rel="canonical")["href"] == (
            "https://example.org/edition/" + path.removesuffix("index.html")), path
        assert card["og:title"] == card["twitter:title"] == page.title.get_text().split(" - ")[0], path
        assert card["og:description"] == page.find("meta", attrs={"name": "description"})["content"], path
        assert card["og:site_name"] == "Annotated articles" and card["twitter:card"] == "summary_large_image"
    article = BeautifulSoup((site / "articles/2023-08-16-nato-land-for-membership/index.html").read_text(), "lxml")
    assert _card(article)["og:description"] == article.select_one(".article-summary").get_text()
    person = _card(BeautifulSoup((site / "people/stian-jenssen/index.html").read_text(), "lxml"))
    assert person["og:description"].startswith("Norwegian official") and person["og:description"].endswith(".")


def test_without_a_site_url_no_url_is_invented_and_the_build_says_so(tmp_path, caplog):
    caplog.set_level("INFO", logger="mkdocs.plugins.annotations")
    site = build_in_process(copy_project(tmp_path / "project"))
    card = _card(BeautifulSoup((site / "articles/2023-08-16-nato-land-for-membership/index.html").read_text(), "lxml"))
    assert "og:url" not in card and card["og:type"] == "article"
    assert ("site_url is not set in mkdocs.yml, so the site has no Atom feed and its link cards (og:url) carry no URL"
            in caplog.text)
    assert not (site / "feed.xml").exists()


def test_the_atom_feed_lists_the_articles_and_their_corrections(tmp_path):
    import xml.etree.ElementTree as ElementTree

    project = copy_project(tmp_path / "project", extra_config="site_url: https://example.org/edition/\n")
    article = project / "annotations/2023-08-16-nato-land-for-membership/article.yml"
    article.write_text(article.read_text() + "corrections:\n  - date: 2024-02-01\n    note: A typo in the headline.\n")
    site = build_in_process(project)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((site / "feed.xml").read_bytes())
    for required in ("id", "title", "updated", "author"):  # RFC 4287, 4.1.1
        assert feed.find(atom + required) is not None, required
    entries = feed.findall(atom + "entry")
    assert [e.findtext(atom + "title") for e in entries] == [
        "NATO official floats land for membership; Kyiv calls it ridiculous",
        "Remarks by President Biden and President Zelenskyy of Ukraine in Joint Statement"]
    for entry in entries:  # RFC 4287, 4.1.2
        assert entry.findtext(atom + "id") == entry.find(atom + "link").get("href")
        assert entry.findtext(atom + "id").startswith("https://example.org/edition/articles/")
        assert entry.findtext(atom + "updated") and entry.findtext(atom + "summary")
    nato = entries[0]
    assert (nato.findtext(atom + "published"), nato.findtext(atom + "updated")) == ("2023-08-16T00:00:00Z",
                                                                                    "2024-02-01T00:00:00Z")
    assert "Corrected 1 February 2024: A typo in the headline." in nato.findtext(atom + "content")
    assert feed.findtext(atom + "updated") == "2024-02-01T00:00:00Z"  # from the annotations, not the clock
    first = (site / "feed.xml").read_bytes()
    assert (build_in_process(project) / "feed.xml").read_bytes() == first  # two builds, one feed
    for path in LINK_CARD_PAGES:
        page = BeautifulSoup((site / path).read_text(), "lxml")
        link = page.find("link", attrs={"type": "application/atom+xml"})
        assert link and (site / path).parent.joinpath(link["href"]).resolve() == (site / "feed.xml").resolve(), path


def _linked_data(page: BeautifulSoup, base: str) -> list[dict]:
    """A page's JSON-LD, expanded by pyld offline: schema.org's context is a local stand-in."""
    from pyld import jsonld

    def local(url, options=None):
        assert url.rstrip("/") == "https://schema.org", url  # nothing else may be fetched
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "https://schema.org/"}}}
    [script] = page.select("head script[type='application/ld+json']")
    return jsonld.expand(json.loads(script.string), {"base": base, "documentLoader": local})


def test_linked_data_says_what_each_page_shows(tmp_path):
    schema = "https://schema.org/"
    base = "https://example.org/edition/"
    site = build_in_process(copy_project(tmp_path / "project", extra_config=f"site_url: {base}\n"))
    path = "articles/2023-08-16-nato-land-for-membership/"
    page = BeautifulSoup((site / path / "index.html").read_text(), "lxml")
    nodes = {node["@id"]: node for node in _linked_data(page, base + path)}
    webpage, work = nodes[base + path], nodes[base + path + "#article"]
    assert webpage["@type"] == [schema + "WebPage"] and work["@type"] == [schema + "NewsArticle"]
    assert work[schema + "headline"][0]["@value"] == page.select_one("h1").get_text()
    # the edition and the original it is based on, apart: each with its own publisher and date
    messenger = "https://themessenger.com/news/ukraine-blasts-nato-aides-for-land-for-security-proposal"
    assert work[schema + "isBasedOn"][0]["@id"] == messenger
    original = nodes[messenger]
    assert original[schema + "datePublished"][0]["@value"] == page.select_one(".article-byline time")["datetime"]
    assert original[schema + "publisher"][0][schema + "name"][0]["@value"] == "The Messenger"
    assert schema + "headline" not in original  # title_by_editors: the original's headline is not known
    assert work[schema + "publisher"][0][schema + "name"][0]["@value"] == "Annotated articles"
    assert work[schema + "publisher"][0]["@id"] == base + "#publisher"
    assert work[schema + "datePublished"][0]["@value"] == "2026-11-27"  # annotated:
    assert webpage[schema + "isPartOf"][0]["@id"] == base + "#website"
    assert work[schema + "image"][0]["@value"] == base + "assets/cards/2023-08-16-nato-land-for-membership.png"
    people = {m["@id"] for m in work[schema + "mentions"] if m["@type"] == [schema + "Person"]}
    shown = {base + f"people/{e['data-speaker']}/#person" for e in page.select(".article-body [data-speaker]")}
    assert people >= shown and len(shown) > 3
    terms = {m["@id"] for m in work[schema + "mentions"] if m["@type"] == [schema + "DefinedTerm"]}
    assert terms == {base + f"glossary/#{e['data-term']}" for e in page.select(".article-body [data-term]")}
    cited = {c[schema + "url"][0]["@value"] for c in work[schema + "citation"]}
    assert cited == {a["href"] for a in page.select(".footnote li a[rel~=noopener]")}
    assert schema + "sameAs" not in work  # an edition is not the original: isBasedOn, when the source has a URL
    same = {m["@id"]: {v["@value"] for v in m.get(schema + "sameAs", [])} for m in work[schema + "mentions"]}
    assert "http://www.wikidata.org/entity/Q7184" in same[base + "glossary/#nato"]  # as on the entry's own page
    assert same[base + "people/jens-stoltenberg/#person"] == {"https://en.wikipedia.org/wiki/Jens_Stoltenberg"}
    person = BeautifulSoup((site / "people/stian-jenssen/index.html").read_text(), "lxml")
    [node] = _linked_data(person, base + "people/stian-jenssen/")
    assert node["@type"] == [schema + "Person"] and node[schema + "name"][0]["@value"] == person.h1.get_text()
    putin = BeautifulSoup((site / "people/vladimir-putin/index.html").read_text(), "lxml")
    [node] = _linked_data(putin, base + "people/vladimir-putin/")
    assert "http://www.wikidata.org/entity/Q7747" in {same["@value"] for same in node[schema + "sameAs"]}
    assert putin.select_one(".md-content a[href='https://www.wikidata.org/wiki/Q7747']")
    glossary = BeautifulSoup((site / "glossary/index.html").read_text(), "lxml")
    [terms_set] = _linked_data(glossary, base + "glossary/")
    defined = {t["@id"] for t in terms_set[schema + "hasDefinedTerm"]}
    assert defined == {base + f"glossary/#{entry['id']}" for entry in glossary.select(".md-content dt[id]")}


def test_every_page_carries_one_linked_data_block_about_itself(tmp_path):
    schema = "https://schema.org/"
    base = "https://example.org/edition/"
    site = build_in_process(copy_project(tmp_path / "project", extra_config=f"site_url: {base}\n"))
    pages = sorted(pages_of(site))
    assert len(pages) > 20
    for path in pages:
        address = base + path.removesuffix("index.html")
        page = BeautifulSoup((site / path).read_text(), "lxml")
        nodes = {node["@id"]: node for node in _linked_data(page, address)}  # exactly one block, or this fails
        described = nodes.get(address) or next(n for n in nodes.values() if n.get(schema + "mainEntityOfPage"))
        kinds = ("WebPage", "CollectionPage", "DefinedTermSet", "Person", "DefinedTerm")
        assert described["@type"][0].removeprefix(schema) in kinds
    home = BeautifulSoup((site / "index.html").read_text(), "lxml")
    nodes = {node["@id"]: node for node in _linked_data(home, base)}
    assert nodes[base + "#website"][schema + "name"][0]["@value"] == "Annotated articles"
    listed = nodes[base][schema + "mainEntity"][0][schema + "itemListElement"]
    shown = [base + a["href"].removeprefix("./") for a in home.select(".md-content strong > a")]
    assert [urljoin(base, e[schema + "item"][0][schema + "url"][0]["@value"]) for e in listed] == shown
    assert len(shown) == 2 and [e[schema + "item"][0]["@id"] for e in listed] == [a + "#article" for a in shown]
    about = BeautifulSoup((site / "about/index.html").read_text(), "lxml")
    [node] = _linked_data(about, base + "about/")
    assert node[schema + "name"][0]["@value"] == about.title.get_text().split(" - ")[0] == "About"
    assert node[schema + "isPartOf"][0]["@id"] == base + "#website"
    people = BeautifulSoup((site / "people/index.html").read_text(), "lxml")
    [index] = _linked_data(people, base + "people/")
    listed = [e[schema + "item"][0]["@id"] for e in index[schema + "mainEntity"][0][schema + "itemListElement"]]
    assert listed == [base + "people/" + a["href"].removeprefix("./") + "#person"
                      for a in people.select(".md-content article li a")]


def test_a_fact_check_shows_its_verdict_and_publishes_a_claim_review(tmp_path):
    schema = "https://schema.org/"
    base = "https://example.org/edition/"
    project = copy_project(tmp_path / "project", extra_config=f"site_url: {base}\n")
    site = build_in_process(project)
    path = "articles/2023-08-16-nato-land-for-membership/"
    page = BeautifulSoup((site / path / "index.html").read_text(), "lxml")
    marked = page.select_one(".article-body [data-note='summit-date']")
    assert marked["data-rating"] == "inaccurate"
    note = page.find("li", id="fn:summit-date")
    assert note.select_one("strong.fact-check").get_text() == "Fact-check: inaccurate."  # words, not colour
    reviews = [n for n in _linked_data(page, base + path) if n["@type"] == [schema + "ClaimReview"]]
    rated = page.select(".article-body [data-note][data-rating]")
    assert len(reviews) == len({mark["data-note"] for mark in rated}) == 2  # summit-date and occupied-share
    [review] = [n for n in reviews if n["@id"].endswith("#fn:summit-date")]
    assert review["@id"] == review[schema + "url"][0]["@value"] == base + path + "#fn:summit-date"
    rating = review[schema + "reviewRating"][0]
    assert [rating[schema + key][0]["@value"] for key in ("ratingValue", "worstRating", "bestRating")] == [1, 1, 3]
    assert review[schema + "datePublished"][0]["@value"] == "2026-11-27"
    assert review[schema + "claimReviewed"][0]["@value"] == marked.get_text() == "At the NATO summit in May"
    assert review[schema + "reviewRating"][0][schema + "alternateName"][0]["@value"] == "inaccurate"
    assert review[schema + "author"][0][schema + "name"][0]["@value"] == "Annotated articles"  # the site's name
    claim = review[schema + "itemReviewed"][0]
    messenger = "https://themessenger.com/news/ukraine-blasts-nato-aides-for-land-for-security-proposal"
    assert claim[schema + "appearance"][0]["@id"] == claim[schema + "firstAppearance"][0]["@id"] == messenger
    assert claim[schema + "datePublished"][0]["@value"] == "2023-08-16"
    assert claim[schema + "author"][0][schema + "name"][0]["@value"] == "The Messenger"


EVERY_SETTING = """\
site_name: The desk's edition
site_url: https://example.org/edition/?from=feed#top
site_description: Annotated articles of the desk.
use_directory_urls: false
theme: {name: material, font: false}
plugins:
  - annotations:
      link_mentions: every
      edit_url: https://git.example/edit/main/{path}#L{line}
      editors: The fact-checking desk
      linked_data: false
      prefix: news
      search: pagefind
      jobs: 1
"""


def test_the_plugin_and_build_out_make_the_same_site_from_the_same_settings(tmp_path):
    """Every mkdocs.yml setting that changes the generated site, read by both shells: the plugin's
    generated files equal `build --out`'s, file for file (`build --out` adds each page's JSON-LD
    at its end, where the plugin puts it in the head), all in the `prefix` folder."""
    project = adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi", EVERY_SETTING)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        plugin = config.plugins["annotations"]
        # What MkDocs was handed: each generated file, read from where the plugin wrote it.
        contents = {file.src_uri: file.content_string for file in plugin.files if file.generated_by == "annotations"}
    finally:
        config.plugins.on_shutdown()
    assert not plugin.written  # the folder of generated files is gone with the build
    out = subprocess.run([sys.executable, "-m", "generator", "build", "--out", "out", "--no-cache"], cwd=project,
                         capture_output=True, text=True, timeout=120, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert out.returncode == 0, out.stderr
    written = {p.relative_to(project / "out").as_posix(): p.read_text("utf-8") for p in (project / "out").rglob("*")
               if p.is_file() and p.name != ".generator-output" and p.suffix != ".png"}
    assert set(written) == set(contents) and all(path.startswith("news/") for path in written)
    drawn = {p.relative_to(project / "out").as_posix(): p.read_bytes() for p in (project / "out").rglob("*.png")}
    assert len(drawn) == 4 and all(path.startswith("news/assets/cards/") for path in drawn)  # as the plugin drew them:
    assert drawn == {path: (Path(config.site_dir) / path).read_bytes() for path in drawn}
    for path, content in contents.items():
        mine = re.sub(r'\n<script type="application/ld\+json">.*</script>\n$', "", written[path], flags=re.S)
        assert mine == content, path
    assert not any("application/ld+json" in text for text in written.values())  # linked_data: false, read by both
    article = contents["news/articles/2023-07-10-briefing.md"]
    assert 'href="https://git.example/edit/main/annotations/terms.yml#L' in contents["news/terms/nato.md"]
    assert article.count('class="mention"') == article.count('<a class="mention"') > 1  # every mention links
    feed = contents["news/feed.xml"]
    assert "https://example.org/edition/news/feed.xml" in feed and "?from" not in feed
    assert "https://example.org/edition/news/articles/2023-07-10-briefing.html" in feed
    assert '"search":"Search"' in contents["news/assets/annotations-search.js"]  # search: pagefind, read by both


def test_a_prefix_puts_everything_generated_in_a_folder_beside_the_sites_own_pages(tmp_path, caplog):
    """A site that has its own glossary.md and people/ builds with `prefix: news`: nothing of
    its own is replaced, the edition is under news/ (its front page, stylesheet and W3C
    annotations included), and every link between the generated pages holds (--strict)."""
    config = re.sub(r"^  - annotations\b.*\n", "  - annotations:\n      prefix: news\n", MINIMAL_CONFIG, flags=re.M)
    own = {"glossary.md": "# Our glossary\n", "people/index.md": "# Our staff\n", "articles/index.md": "# Ours\n"}
    clash = _with_own_pages(adopters_site(tmp_path / "clash", REPO / "tests/fixtures/multi"), own)
    with pytest.raises(Abort):  # without a prefix: refused, naming the way out
        build_in_process(clash)
    assert "`prefix` option (e.g. `prefix: news`)" in caplog.text
    site = build_in_process(_with_own_pages(adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi", config),
                                            own))
    assert "Our glossary" in (site / "glossary/index.html").read_text()
    assert "Our staff" in (site / "people/index.html").read_text()
    pages = pages_of(site)
    assert {"news/index.html", "news/articles/index.html", "news/glossary/index.html", "news/people/index.html",
            "news/articles/2023-07-10-briefing/index.html"} <= pages
    assert (site / "news/assets/annotations.css").is_file()
    assert (site / "news/articles/2023-07-10-briefing.jsonld").is_file()
    article = BeautifulSoup((site / "news/articles/2023-07-10-briefing/index.html").read_text(), "lxml")
    assert article.select_one('link[href="../../assets/annotations.css"]') is not None  # news/assets/
    assert article.select_one('link[rel="alternate describedby"]')["href"] == "../2023-07-10-briefing.jsonld"
    glossary_links = {a["href"] for a in article.select(".article-body a.mention") if "terms/" in a["href"]}
    assert glossary_links and all(href.startswith("../../terms/") for href in glossary_links)
    home = BeautifulSoup((site / "index.html").read_text(), "lxml")
    assert home.select_one('nav a[href="news/articles/"]') is not None  # the navigation lists the edition


def _with_own_pages(project: Path, pages: dict[str, str]) -> Path:
    for path, text in pages.items():
        (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / path).write_text(text)
    return project


@pytest.mark.parametrize("options", ["", "      link_cards: false\n", "      linked_data: false\n",
                                     "      site_pages: true\n"])
def test_the_site_own_pages_keep_their_head_and_link_cards_and_linked_data_can_be_left_to_others(tmp_path, options):
    """By default only the generated pages get a link card and JSON-LD: the site's own pages are
    as they were (Material's social plugin, or the site's own templates, describe them). Either
    can be left to another plugin; `site_pages: true` describes the site's own pages too."""
    config = re.sub(r"^  - annotations\b.*\n", lambda line: "  - annotations:\n" + options, MINIMAL_CONFIG, flags=re.M)
    assert options in config
    site = build_in_process(adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi", config))
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "lxml")
    article = BeautifulSoup((site / "articles/2023-07-10-briefing/index.html").read_text("utf-8"), "lxml")

    def described(page) -> tuple[bool, bool]:
        return (page.select_one('meta[property="og:title"]') is not None,
                page.select_one('script[type="application/ld+json"]') is not None)

    assert described(home) == ((True, True) if "site_pages" in options else (False, False))
    assert described(article) == ("link_cards" not in options, "linked_data" not in options)


@pytest.mark.browser
def test_an_old_glossary_anchor_leads_to_the_letter_page_that_lists_the_term(tmp_path, browser, monkeypatch):
    """A link made before the glossary went by letter (glossary/#nato) still lands on the term."""
    from generator.render import entries

    monkeypatch.setattr(entries, "INDEX_PAGE_ENTRIES", 1)
    project = adopters_site(tmp_path / "site", REPO / "tests/fixtures/multi",
                            MINIMAL_CONFIG.replace("  - annotations", "  - annotations:\n      jobs: 1", 1))
    site = build_in_process(project)
    httpd, base = serve_folder(site)
    try:
        page = browser.new_page()
        page.goto(base + "glossary/#nato")
        page.wait_for_url("**/glossary/n/#nato")
        assert page.locator("dt#nato").is_visible()
        page.goto(base + "glossary/")  # the index itself stays where it is
        assert page.url.endswith("/glossary/") and page.locator("ul.entry-list a", has_text="N").count() == 1
        page.close()
    finally:
        httpd.shutdown()
