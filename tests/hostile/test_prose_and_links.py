"""Hostile prose and links: a note, a definition or a description is shown as text, whatever HTML
it holds, and links only where a reader may safely go; every other link is refused at its place."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from generator.pipeline import generate
from generator.render.markup import edit_url_refusal
from tests.conftest import SLUG, refusals, to_html, write_site

ARTICLE = f"{SLUG}/article.yml"
CONTEXT = f"{SLUG}/context.yml"
NOT_ALLOWED = "links may be http(s) or mailto URLs, or person:ID, term:ID or article:SLUG"


def _note(prose: str) -> dict[str, str]:
    return {CONTEXT: f"notes:\n  - id: n\n    anchor: weaves\n    note: {json.dumps(prose)}\n    sources:\n"
                     "      - {title: t, url: 'https://example.org/'}\n"}


def _url(url: str) -> dict[str, str]:
    return {ARTICLE: f"title: A\ndate: 2024-01-02\nurl: {json.dumps(url)}\n"}


PROSE_LINKS = {
    # name: (prose, the link as refused, why)
    "javascript": ("[x](javascript:alert(1))", "javascript:alert(1)", NOT_ALLOWED),
    "javascript in capitals": ("[x](JavaScript:alert(1))", "JavaScript:alert(1)", NOT_ALLOWED),
    "javascript behind an entity": ("[x](java&#115;cript:alert(1))", "javascript:alert(1)", NOT_ALLOWED),
    "data": ("[x](data:text/html,<b>x</b>)", "data:text/html,%3Cb%3Ex%3C/b%3E", NOT_ALLOWED),
    "vbscript": ("[x](vbscript:msgbox)", "vbscript:msgbox", NOT_ALLOWED),
    "file": ("[x](file:///etc/passwd)", "file:///etc/passwd", NOT_ALLOWED),
    "relative path": ("[x](../../secret)", "../../secret", NOT_ALLOWED),
    "fragment": ("[x](#p1)", "#p1", NOT_ALLOWED),
    "empty": ("[x]()", "", NOT_ALLOWED),
    "person: in capitals": ("[x](Person:ada-lovelace)", "Person:ada-lovelace", NOT_ALLOWED),
    "https and nothing else": ("[x](https://)", "https://",
                               "a URL needs a host after // (e.g. https://example.org/page) or an address after mailto:"),
    "a user before the host": ("[x](https://example.org@evil.example/)", "https://example.org@evil.example/",
                               "a URL may not name a user before its host (user@host): it can disguise where the "
                               "link goes"),
}


@pytest.mark.parametrize("name", sorted(PROSE_LINKS))
def test_a_link_in_prose_that_may_not_be_published_is_refused(tmp_path, name):
    prose, target, why = PROSE_LINKS[name]
    root = write_site(tmp_path / "annotations", _note(prose))
    problems = [p for p in generate(root).problems if p.severity == "error"]
    assert [(p.origin.line, p.origin.column, p.message, p.hint) for p in problems] == [
        (4, 11, f"link to '{target}' is not allowed", why)]


ENTRY_LINKS = {
    "unknown person": ("[x](person:ada-lovelac)", "link to unknown person 'ada-lovelac'"),
    "unknown term": ("[x](term:loom)", "link to unknown term 'loom'"),
    "unknown article": ("[x](article:nope)", "link to unknown article 'nope'"),
}


@pytest.mark.parametrize("name", sorted(ENTRY_LINKS))
def test_a_link_to_an_entry_that_does_not_exist_is_refused(tmp_path, name):
    prose, message = ENTRY_LINKS[name]
    assert refusals(write_site(tmp_path / "annotations", _note(prose))) == [(CONTEXT, 4, 11, message)]


URL_ERROR = "a link must be an absolute URL starting with http://, https:// or mailto:"
SPACES = "a URL may not hold spaces or control characters (write a space as %20)"
NO_HOST = "a URL needs a host after // (e.g. https://example.org/page) or an address after mailto:"
URLS = {
    "javascript": ("javascript:alert(1)", URL_ERROR),
    "ftp": ("ftp://example.org/f", URL_ERROR),
    "protocol-relative": ("//example.org/x", URL_ERROR),
    "a space": ("https://exa mple.org/x", SPACES),
    "a tab": ("https://example.org/\tx", SPACES),
    "a no-break space": ("https://example.org/\u00a0x", SPACES),
    "a newline": ("https://example.org/\nx", SPACES),
    "https:// alone": ("https://", NO_HOST),
    "no host": ("https:///path", NO_HOST),
    "a port that is no number": ("https://example.org:abc/", "not a valid URL (Port could not be cast to integer value "
                                                            "as 'abc')"),
    "a broken IPv6 host": ("https://[::1/", "not a valid URL (Invalid IPv6 URL)"),
    "a user before the host": ("https://example.org@evil.example/", "a URL may not name a user before its host "
                               "(user@host): it can disguise where the link goes"),
}


@pytest.mark.parametrize("name", sorted(URLS))
def test_a_url_that_may_not_be_published_is_refused(tmp_path, name):
    url, why = URLS[name]
    root = write_site(tmp_path / "annotations", _url(url))
    assert refusals(root) == [(ARTICLE, 3, 6, f"'url': {why} (got {url!r})")]


def test_a_source_url_is_checked_like_any_other(tmp_path):
    root = write_site(tmp_path / "annotations", {"speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada\n"
                                                 "    links:\n      - {title: t, url: 'ftp://x.org/f'}\n"})
    assert refusals(root) == [("speakers.yml", 5, 25, f"'speakers[1].links[1].url': {URL_ERROR} (got 'ftp://x.org/f')")]


@pytest.mark.parametrize("url", ["HTTPS://EXAMPLE.ORG/x", "Http://example.org", "MailTo:someone@example.org",
                                 "https://example.org:8080/a@b?q=1#f", "https://[2001:db8::1]/"])
def test_a_url_in_any_letter_case_is_accepted_and_published(tmp_path, url):
    root = write_site(tmp_path / "annotations", {**_url(url), **_note(f"[see]({url})")})
    result = generate(root)
    assert [p for p in result.problems if p.severity == "error"] == []
    page = BeautifulSoup(to_html(result.pages[f"articles/{SLUG}.md"]), "lxml")
    assert url in [a.get("href") for a in page.find_all("a")]


DRAFT_LINKS = {
    "published note links a draft person": ({
        "speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: [Lovelace]\n"
                        "  - id: charles-babbage\n    name: Charles Babbage\n    status: draft\n",
        CONTEXT: "notes:\n  - id: n\n    anchor: weaves patterns\n    note: Ask [him](person:charles-babbage).\n"
                 "    sources:\n      - {title: Notes, url: 'https://example.org/notes'}\n"},
        CONTEXT, 4, 11, "link to person 'charles-babbage', which is a draft"),
    "published definition links a draft term": ({
        "terms.yml": "terms:\n  - id: engine\n    term: Analytical Engine\n    definition: See [loom](term:loom).\n"
                     "  - id: loom\n    term: Jacquard loom\n    definition: A loom.\n    status: draft\n"},
        "terms.yml", 4, 17, "link to term 'loom', which is a draft"),
}


@pytest.mark.parametrize("name", sorted(DRAFT_LINKS))
def test_a_published_entry_may_not_link_a_draft(tmp_path, name):
    files, where, line, column, message = DRAFT_LINKS[name]
    assert refusals(write_site(tmp_path / "annotations", files)) == [(where, line, column, message)]


EDIT_URLS = {
    "https://github.com/o/r/blob/main/{path}#L{line}": None,
    "https://example.org/{secret}": "unknown field {secret}: it may use {path} and {line} only",
    "https://example.org/{path.__class__}": "unknown field {path.__class__}: it may use {path} and {line} only",
    "https://example.org/{0}": "unknown field {0}: it may use {path} and {line} only",
    "https://example.org/{path!r}": "unknown field {path}: it may use {path} and {line} only",
    "https://example.org/{line:>99999}": "unknown field {line}: it may use {path} and {line} only",
    "https://example.org/{path": "its braces do not pair up (expected '}' before end of string); write a literal brace "
                                 "as {{ or }}",
    "javascript:alert('{path}')": f"it does not make a URL: {URL_ERROR}",
}


@pytest.mark.parametrize("template", sorted(EDIT_URLS))
def test_an_edit_link_template_names_path_and_line_only(template):
    assert edit_url_refusal(template) == EDIT_URLS[template]


# --- prose that publishes as text -------------------------------------------------------------------

HOSTILE_ANNOTATIONS = {
    "speakers.yml": """\
        speakers:
          - id: ada-lovelace
            name: Ada "<script>alert(1)</script>" Lovelace
            aliases: [Lovelace]
            role: <img src=x onerror=alert(1)>
            description: '<b onmouseover="alert(1)">bold</b> [ok](https://example.org/"onmouseover="alert(1))'
        """,
    "terms.yml": """\
        terms:
          - id: engine
            term: Analytical Engine
            definition: "<iframe src=javascript:alert(1)></iframe> *fine* [link](term:engine \\"x\\" onclick=alert(1))"
        """,
    f"{SLUG}/article.yml": """\
        title: '</title><script>alert(1)</script>'
        date: 2024-01-02
        publication: <svg onload=alert(1)>
        url: https://example.org/?q="><script>alert(1)</script>
        """,
    f"{SLUG}/context.yml": """\
        quotes:
          - speaker: ada-lovelace
            quote: It weaves patterns,
            said: '" onmouseover="alert(1)'
        notes:
          - id: weaves
            anchor: weaves patterns
            note: '<script>alert(1)</script> [a](mailto:x@example.org) **strong**'
            sources:
              - title: '<a href=javascript:alert(1)>x</a>'
                url: https://example.org/"onclick="alert(1)
        """,
}


def test_hostile_annotations_publish_as_text(tmp_path):
    root = write_site(tmp_path / "annotations", HOSTILE_ANNOTATIONS)
    result = generate(root)
    assert result.ok, [str(p) for p in result.problems]
    fragments = []
    for path, markdown in result.pages.items():
        soup = BeautifulSoup(to_html(markdown), "lxml")
        # An article's cards are data for annotations.js (never run): their HTML is checked as well.
        for data in soup.select("div.annotation-cards[hidden]"):
            assert "<" not in data.string
            fragments += [(f"{path} {card_id}", card["html"]) for card_id, card in json.loads(data.string).items()]
            data.decompose()
        fragments.append((path, str(soup)))
    for path, fragment in fragments:
        soup = BeautifulSoup(fragment, "lxml")
        assert not soup.find_all(["script", "iframe", "svg", "img", "b"]), path
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (path, element)
            href = element.get("href", "")
            assert not re.match(r"\s*(javascript|data|vbscript):", href, re.I), (path, element)
    article = BeautifulSoup(to_html(result.pages[f"articles/{SLUG}.md"]), "lxml")
    assert article.find("h1").get_text() == "</title><script>alert(1)</script>"
    assert "<script>alert(1)</script>" in article.find("li", id="fn:weaves").get_text()



def test_a_draft_may_link_to_a_draft(tmp_path):
    root = write_site(tmp_path / "annotations", {
        "speakers.yml": "speakers:\n  - id: ada-lovelace\n    name: Ada Lovelace\n    aliases: [Lovelace]\n"
                        "  - id: charles-babbage\n    name: Charles Babbage\n    status: draft\n",
        CONTEXT: "notes:\n  - id: n\n    status: draft\n    anchor: weaves patterns\n"
                 "    note: Ask [him](person:charles-babbage).\n"
                 "    sources:\n      - {title: Notes, url: 'https://example.org/notes'}\n"})
    assert not [str(p) for p in generate(root).problems if p.severity == "error"]
