"""Values that reach what others read about the edition (the feed, linked data, edit links):
refused at their place when no reader could take them, written so that consumers read them right
otherwise. Found in round three: U+FFFE in a title made feed.xml ill-formed; any URL containing
`wikipedia.org/` became sameAs; a site_url with a query put every feed path inside it; edit links
were not percent-encoded; corrections dated in the future or before their article were accepted."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree

import pytest
import yaml

from generator.export.feed import atom_feed
from generator.model import Options, site_base
from generator.pipeline import generate
from generator.render.linked_data import LinkedData
from tests.conftest import SLUG, refusals, write_site

ARTICLE = f"{SLUG}/article.yml"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"])
@pytest.mark.parametrize("key, column", [("title", 8), ("summary", 10)])
def test_a_noncharacter_in_a_title_or_summary_is_refused_at_its_place(tmp_path, char, key, column):
    value = yaml.safe_dump(f"A{char}B", default_style='"').strip()  # YAML's own escapes
    extra = f"{key}: {value}\n" if key == "summary" else ""
    title = value if key == "title" else "A sample"
    root = write_site(tmp_path / "annotations", {ARTICLE: f"title: {title}\ndate: 2024-01-02\n{extra}"})
    line = 3 if key == "summary" else 1
    assert refusals(root) == [(ARTICLE, line, column, f"'{key}': noncharacter U+{ord(char):04X} is not allowed in a "
                                                      f"text (no feed can carry it; remove it) (got {f'A{char}B'!r})")]


def test_a_site_name_xml_cannot_hold_still_makes_a_well_formed_feed(tmp_path):
    result = generate(write_site(tmp_path / "annotations"))
    feed = atom_feed(result.annotated, "News \ufffe\x01\ud800", "https://example.org/", Options())
    assert ElementTree.fromstring(feed).find(f"{ATOM}title").text == "News \ufffd\ufffd\ufffd"


SAME_AS = {
    "https://en.wikipedia.org/wiki/Ada_Lovelace": True,
    "https://wikipedia.org/wiki/Ada": True,
    "https://www.wikidata.org/wiki/Q7259": True,
    "https://EN.WIKIPEDIA.ORG/wiki/Ada": True,
    "https://evil.example/wikipedia.org/wiki/Ada": False,
    "https://wikipedia.org.evil.example/wiki/Ada": False,
    "https://evil.example/?u=https://en.wikipedia.org/wiki/Ada": False,
    "https://notwikipedia.org/wiki/Ada": False,
    "https://evil.example/#wikidata.org/": False,
    "https://en.wikipedia.org.:443/wiki/Ada": True,
}


@pytest.mark.parametrize("url", SAME_AS)
def test_same_as_only_for_links_on_wikipedia_or_wikidata_themselves(tmp_path, url):
    root = write_site(tmp_path / "annotations", {"speakers.yml": (
        "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: [Lovelace]\n"
        f"    links:\n      - {{title: Ada, url: '{url}'}}\n")})
    result = generate(root)
    assert result.ok, result.problems
    person = LinkedData(result.site, result.annotated, Options())("people/ada-lovelace.md")
    node = next(n for n in person.get("@graph", [person]) if n.get("@type") == "Person")
    assert (url in node.get("sameAs", [])) == SAME_AS[url]


@pytest.mark.parametrize("site_url, base", [
    ("https://example.org/news?utm=1", "https://example.org/news/"),
    ("https://example.org/news/#top", "https://example.org/news/"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/a/b?x=1#y", "https://example.org/a/b/"),
    ("", ""),
])
def test_a_site_url_with_a_query_or_fragment_gives_feed_urls_outside_them(tmp_path, site_url, base):
    assert site_base(site_url) == base
    if not base:
        return
    result = generate(write_site(tmp_path / "annotations"))
    feed = ElementTree.fromstring(atom_feed(result.annotated, "News", site_base(site_url), Options()))
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links[:2] == [base + "feed.xml", base] and f"{base}articles/{SLUG}/" in links


@pytest.mark.parametrize("folder, expected", [
    ("annotations", "annotations/speakers.yml"),
    ("my annotations", "my%20annotations/speakers.yml"),
    ("notes#1", "notes%231/speakers.yml"),
    ("a?b", "a%3Fb/speakers.yml"),
    ("50%", "50%25/speakers.yml"),
    ("café", "caf%C3%A9/speakers.yml"),
])
def test_edit_links_are_percent_encoded(tmp_path, folder, expected):
    root = write_site(tmp_path / folder)
    options = Options(edit_url="https://git.example/edit/main/{path}#L{line}", edit_root=str(tmp_path))
    page = generate(root, options).pages["people/ada-lovelace.md"]
    assert f'href="https://git.example/edit/main/{expected}#L2"' in page


@pytest.mark.parametrize("date, message", [
    ("2023-12-31", "correction dated 2023-12-31 is before the article's date (2024-01-02)"),
    ("2099-01-01", "correction dated 2099-01-01 is in the future (today is {today})"),
])
def test_a_correction_dated_before_its_article_or_in_the_future_is_refused(tmp_path, date, message):
    root = write_site(tmp_path / "annotations", {ARTICLE: (
        f"title: A sample\ndate: 2024-01-02\ncorrections:\n  - date: {date}\n    note: Fixed a typo.\n")})
    today = dt.date.today()
    problems = [p for p in generate(root, Options(today=today)).problems if p.code == "correction-date"]
    assert [(p.origin.line, p.origin.column, p.message) for p in problems] == [(4, 11, message.format(today=today))]


@pytest.mark.parametrize("date", ["2024-01-02", "2024-06-30"])
def test_a_correction_on_or_after_its_article_and_not_in_the_future_is_accepted(tmp_path, date):
    root = write_site(tmp_path / "annotations", {ARTICLE: (
        f"title: A sample\ndate: 2024-01-02\ncorrections:\n  - date: {date}\n    note: Fixed a typo.\n")})
    assert generate(root, Options(today=dt.date.today())).ok
