"""The site as the open web's own tools read it: what scrapers extract (extruct), what a linked-data
store makes of every page together (rdflib), and what the W3C's and Google's checkers say (the Nu
Html Checker, Lighthouse, the Atom schema with jing)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import copy_project
from tests.test_plugin import build_in_process, pages_of

BASE = "https://example.org/edition/"
SCHEMA = "https://schema.org/"
LOCAL_CONTEXT = {"@vocab": SCHEMA}
"""schema.org's context, as the vocabulary it stands for: nothing is fetched."""


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The flagship, built with a site URL as it is once published."""
    project = copy_project(tmp_path_factory.mktemp("open-web") / "project", extra_config=f"site_url: {BASE}\n")
    return build_in_process(project)


def _blocks(html: str) -> list[dict]:
    """The JSON-LD of a page as a scraper reads it: extruct, given no address for the page."""
    import extruct

    return extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]


def test_a_reader_of_one_page_alone_finds_absolute_identifiers(published):
    """Every `@id` and `url` a scraper extracts is absolute (with the site's URL known), so that the
    entities of two pages never share a relative name such as "#article" or "#person"."""
    def identifiers(node, found):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@id", "url", "image") and isinstance(value, str):
                    found.append(value)
                identifiers(value, found)
        elif isinstance(node, list):
            for value in node:
                identifiers(value, found)
        return found

    pages = sorted(pages_of(published))
    assert len(pages) > 20
    for path in pages:
        blocks = _blocks((published / path).read_text())
        assert len(blocks) == 1, path
        found = identifiers(blocks, [])
        assert found and all(i.startswith(("https://", "http://")) for i in found), (path, found)


def test_a_store_of_every_page_keeps_each_person_and_article_apart(published):
    """All pages' JSON-LD in one rdflib graph (as a crawler merges a site): one name per person,
    one Person per person's page, the edition and the original of each article apart, and The
    Messenger the publisher of its own report only, never of the edition's page."""
    import rdflib

    graph = rdflib.Graph()
    for path in sorted(pages_of(published)):
        for block in _blocks((published / path).read_text()):
            graph.parse(data=json.dumps({**block, "@context": LOCAL_CONTEXT}), format="json-ld")
    schema = rdflib.Namespace(SCHEMA)
    names = defaultdict(set)
    for person in graph.subjects(rdflib.RDF.type, schema.Person):
        names[str(person)] |= {str(n) for n in graph.objects(person, schema.name)}
    people = {p for p in pages_of(published) if p.startswith("people/") and p.count("/") == 2}
    on_pages = {BASE + p.removesuffix("index.html") + "#person" for p in people}
    assert on_pages <= names.keys() and len(on_pages) == 8
    assert all(len(names[p]) == 1 for p in on_pages), {p: n for p, n in names.items() if len(n) > 1}
    editions = set(graph.subjects(schema.isBasedOn, None))
    assert len(editions) == 2 and all(str(e).startswith(BASE + "articles/") for e in editions)
    for edition in editions:
        [original] = graph.objects(edition, schema.isBasedOn)
        assert original != edition
        [publisher] = graph.objects(edition, schema.publisher)
        assert {str(n) for n in graph.objects(publisher, schema.name)} == {"Annotated articles"}
    messenger = rdflib.URIRef("https://themessenger.com/news/ukraine-blasts-nato-aides-for-land-for-security-proposal")
    [publisher] = graph.objects(messenger, schema.publisher)
    assert {str(n) for n in graph.objects(publisher, schema.name)} == {"The Messenger"}
    pages = set(graph.subjects(rdflib.RDF.type, schema.WebPage)) | set(graph.subjects(rdflib.RDF.type, schema.CollectionPage))
    website = rdflib.URIRef(BASE + "#website")
    assert all((page, schema.isPartOf, website) in graph for page in pages if page != website), "a page outside the site"


def test_without_a_site_url_identifiers_stay_relative(tmp_path):
    """No site URL, no invented address: the identifiers are the pages' relative URLs."""
    site = build_in_process(copy_project(tmp_path / "project"))
    [block] = _blocks((site / "articles/2023-08-16-nato-land-for-membership/index.html").read_text())
    ids = {node["@id"] for node in block["@graph"]}
    assert {"", "#article"} <= ids and not any(i.startswith("https://example.org") for i in ids)
