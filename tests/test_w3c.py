"""W3C Web Annotations: export, validation against the model's MUSTs, import and round trips."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.export.w3c import export_collection
from generator.find.resolve import exact_matches
from generator.pipeline import generate
from tests.conftest import REPO, SLUG, write_site
from tests.w3c_check import annotation_problems, collection_problems, selector_problems

SHAPES = json.loads((REPO / "tests/fixtures/anchoring/w3c-annotation-shapes.json").read_text("utf-8"))
BASE = "https://example.org/site/"


@pytest.fixture(scope="module")
def real():
    result = generate(REPO / "annotations")
    assert result.ok
    return result


@pytest.mark.parametrize("sample", SHAPES["valid_examples"], ids=lambda s: s["id"])
def test_the_checker_accepts_the_models_own_samples(sample):
    assert (annotation_problems(sample["annotation"]) == []) == sample["expected_valid"]


@pytest.mark.parametrize("case", SHAPES["derived_selector_cases"], ids=lambda c: c["id"])
def test_the_checker_refuses_broken_selectors(case):
    assert (selector_problems(case["selector"]) == []) == case["expected_valid"]


def test_every_export_keeps_every_must_and_every_annotation(real):
    for item in real.annotated:
        collection = export_collection(item, real.site, BASE)
        assert collection_problems(collection) == []
        items = collection["first"]["items"]
        kinds = [a["id"].split("#annotation-")[1].split("-")[0] for a in items]
        assert kinds.count("quote") == len(item.article.quotes)
        assert kinds.count("note") == len(item.article.notes)
        assert kinds.count("mention") == sum(1 for s in item.spans if s.kind in ("speaker", "term"))
        assert len({a["id"] for a in items}) == len(items)


def test_exported_selectors_are_unique_and_exact(real):
    for item in real.annotated:
        text = item.article.text
        for annotation in export_collection(item, real.site, BASE)["first"]["items"]:
            page = annotation["target"][0]
            assert page["source"].startswith(BASE + "articles/")
            quote, position = page["selector"]
            assert text[position["start"]:position["end"]] == quote["exact"]
            assert exact_matches(text, quote["exact"], quote["prefix"], quote["suffix"]) == [
                (position["start"], position["end"])]
        bodies = [b for a in export_collection(item, real.site, BASE)["first"]["items"] for b in a["body"]]
        assert {b.get("purpose") for b in bodies} >= {"describing", "identifying", "classifying", "tagging"}


def test_the_original_publication_is_a_second_target(real):
    kyiv = next(i for i in real.annotated if i.article.meta.url)
    annotation = export_collection(kyiv, real.site, BASE)["first"]["items"][0]
    assert annotation["target"][1]["source"] == kyiv.article.meta.url


def _import(root: Path, file: Path, slug: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "import", "--format", "w3c", str(file), slug,
                           "--dir", str(root), *extra], capture_output=True, text=True, timeout=120)


def _annotations_of(result, slug):
    article = next(a for a in result.site.articles if a.slug == slug)
    item = next(i for i in result.annotated if i.article.slug == slug)
    spans = {(s.kind, s.id): (s.start, s.end) for s in item.spans if s.kind in ("quote", "note")}
    quotes = {(q.id, q.speaker, q.said, spans[("quote", q.id)]) for q in article.quotes}
    notes = {(n.id, n.note.strip(), tuple((link.title, link.url, link.publisher, str(link.date or ""), link.archived)
                                          for link in n.sources), spans[("note", n.id)]) for n in article.notes}
    return quotes, notes


@pytest.mark.parametrize("slug", ["2023-08-16-nato-land-for-membership", "2023-02-20-biden-zelenskyy-kyiv"])
def test_a_round_trip_reproduces_every_annotation(tmp_path, real, slug):
    item = next(i for i in real.annotated if i.article.slug == slug)
    exported = tmp_path / "export.jsonld"
    exported.write_text(json.dumps(export_collection(item, real.site, BASE)))
    root = Path(shutil.copytree(REPO / "annotations", tmp_path / "annotations"))
    (root / slug / "context.yml").write_text("# Emptied for the round trip.\n")
    result = _import(root, exported, slug)
    assert result.returncode == 0, result.stderr
    assert "orphaned" not in result.stdout
    again = generate(root)
    assert again.ok, [str(p) for p in again.problems]
    assert _annotations_of(again, slug) == _annotations_of(real, slug)
    written = (root / slug / "context.yml").read_text()
    assert written.splitlines()[:2] == ["# yaml-language-server: $schema=../.schemas/context.schema.json",
                                        "# Emptied for the round trip."]  # its comment kept, in the canonical style
    fmt = subprocess.run([sys.executable, "-m", "generator", "fmt", "--check", "--dir", str(root)], capture_output=True,
                         text=True)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr  # what `import` writes passes the pull request's style check


HYPOTHESIS_EXPORT = {"total": 3, "rows": [
    {"id": "h1", "created": "2024-03-01T10:00:00Z", "user": "acct:reader@hypothes.is",
     "text": "See the *Jacquard* loom.", "target": [{"source": "https://example.org/a", "selector": [
         {"type": "TextQuoteSelector", "exact": "weaves patterns", "prefix": "It ", "suffix": ","}]}]},
    {"id": "h2", "created": "2024-03-02T10:00:00Z", "user": "acct:reader@hypothes.is",
     "text": "Who was she?", "target": [{"source": "https://example.org/a", "selector": [
         {"type": "TextQuoteSelector", "exact": "Ada Lovelace wrote abut the Analytical"}]}]},
    {"id": "h3", "text": "Gone", "target": [{"source": "https://example.org/a", "selector": [
        {"type": "TextQuoteSelector", "exact": "a sentence that the text never had"}]}]},
]}


def test_importing_a_hypothesis_export(tmp_path):
    root = write_site(tmp_path / "annotations", {f"{SLUG}/context.yml": "# Our notes.\nnotes: []\n"})
    file = tmp_path / "hypothesis.json"
    file.write_text(json.dumps(HYPOTHESIS_EXPORT))
    context = root / SLUG / "context.yml"
    dry = _import(root, file, SLUG, "--dry-run")
    assert dry.returncode == 0 and context.read_text() == "# Our notes.\nnotes: []\n"
    result = _import(root, file, SLUG)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("anchored  h1: exact") and lines[1].startswith("anchored  h2: fuzzy")
    assert lines[2].startswith("orphaned  h3: orphan")
    text = context.read_text()
    assert text.startswith("# yaml-language-server: $schema=../.schemas/context.schema.json\n# Our notes.\n")
    again = generate(root)
    assert again.ok, [str(p) for p in again.problems]
    notes = {n.id: n for n in again.site.articles[0].notes}
    assert notes["see-the-jacquard-loom"].anchor == "weaves patterns"
    assert notes["see-the-jacquard-loom"].creator == "reader"
    assert notes["who-was-she"].anchor == "Ada Lovelace wrote about the Analytical"
    assert str(notes["who-was-she"].created).startswith("2024-03-02")


def test_the_site_publishes_each_collection_and_links_it(built):
    page = BeautifulSoup((built / "articles/2023-08-16-nato-land-for-membership/index.html").read_text(), "lxml")
    link = page.find("link", rel="alternate", type="application/ld+json")
    published = (built / "articles/2023-08-16-nato-land-for-membership" / link["href"]).resolve()
    collection = json.loads(published.read_text())
    assert collection_problems(collection) == []
    assert collection["first"]["items"][0]["target"][0]["source"] == "2023-08-16-nato-land-for-membership/"


def test_the_anchor_command_prints_json(tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("The cat sat. The cat sat on the mat.")
    run = subprocess.run([sys.executable, "-m", "generator", "anchor", "--text", str(text), "--exact", "cat sat",
                          "--suffix", " on"], capture_output=True, text=True)
    assert run.returncode == 0
    assert {k: v for k, v in json.loads(run.stdout).items() if k in ("status", "start", "end", "exact")} == {
        "status": "context", "start": 17, "end": 24, "exact": "cat sat"}
    empty = subprocess.run([sys.executable, "-m", "generator", "anchor", "--text", str(text), "--exact", ""],
                           capture_output=True, text=True)
    assert empty.returncode == 2 and "must not be empty" in empty.stderr


def test_export_needs_the_sites_url(tmp_path, site_dir):
    run = subprocess.run([sys.executable, "-m", "generator", "export", "--format", "w3c", "--out", "x", "--dir",
                          str(site_dir)], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 2 and "--base-url" in run.stderr
    run = subprocess.run([sys.executable, "-m", "generator", "export", "--out", "x", "--dir", str(site_dir),
                          "--base-url", BASE], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert collection_problems(json.loads((tmp_path / "x" / f"{SLUG}.jsonld").read_text())) == []
