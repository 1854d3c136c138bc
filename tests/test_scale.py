"""Large sites: articles processed in parallel and cached give exactly what one process gives."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from dataclasses import replace

import pytest
from pydantic import BaseModel

from generator import check, check_problems, generate, pipeline
from generator.model import Options
from generator.schema import Correction, DatedFact, Link, Role, SpeakerEntry, TermEntry
from generator.shells.cache import ArticleCache
from generator.shells.mkdocs_plugin.raw_html import raw_blocks
from generator.shells.runners import MIN_ITEMS, ProcessPool
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import run as benchmark  # noqa: E402


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A synthetic archive large enough to be shared out among processes."""
    root = tmp_path_factory.mktemp("archive") / "annotations"
    benchmark.synthetic_site(root, MIN_ITEMS + 8, 60, 12)
    return root


def _seen(result):
    return result.pages, [str(p) for p in result.problems], result.outline


def test_a_process_pool_keeps_order():
    items = list(range(MIN_ITEMS * 3))
    assert ProcessPool(2)(lambda n: n * n, items) == [n * n for n in items]


def test_parallel_generation_equals_one_process(archive):
    one = generate(archive)
    assert one.ok and len(one.pages) > MIN_ITEMS
    assert _seen(generate(archive, runner=ProcessPool(2))) == _seen(one)


def test_checking_renders_no_page_and_finds_what_generating_finds(archive, monkeypatch):
    """`check` runs only what checking needs: no page, no W3C collection."""
    from generator.render import article

    def refuse(*args, **kwargs):
        raise AssertionError("check rendered a page")
    checked = [str(p) for p in check(archive, runner=ProcessPool(2)).problems]
    assert checked == [str(p) for p in generate(archive).problems]
    monkeypatch.setattr(article, "article_page_parts", refuse)
    monkeypatch.setattr(pipeline, "article_page_parts", refuse)
    monkeypatch.setattr(pipeline, "collection_text", refuse)
    monkeypatch.setattr(pipeline, "render_pages", refuse)
    result = check(archive)
    assert result.ok and not result.pages and not result.files and [str(p) for p in result.problems] == checked


def test_an_error_in_one_article_is_reported_from_a_worker(archive, tmp_path):
    root = tmp_path / "annotations"
    shutil.copytree(archive, root)
    (root / "a00007" / "article.yml").write_text("title: Seven\ndate: someday\n")
    [error] = [p for p in generate(root, runner=ProcessPool(2)).problems if p.severity == "error"]
    assert error.origin.path == root / "a00007" / "article.yml" and error.origin.line == 2


def _counting_loads(monkeypatch) -> list:
    loaded = []
    real = pipeline.load_article

    def counted(folder):
        loaded.append(folder.name)
        return real(folder)
    monkeypatch.setattr(pipeline, "load_article", counted)
    return loaded


def test_the_cache_redoes_only_what_changed(archive, tmp_path, monkeypatch):
    root, cache = tmp_path / "annotations", ArticleCache(tmp_path / "cache")
    shutil.copytree(archive, root)
    loaded = _counting_loads(monkeypatch)
    first = generate(root, cache=cache)
    assert len(loaded) == MIN_ITEMS + 8

    loaded.clear()
    assert _seen(generate(root, cache=cache)) == _seen(first) and loaded == []

    source = root / "a00003" / "source.txt"
    source.write_text(source.read_text().replace("Article 3 of the archive.", "Article 3 of the archive, revised."))
    loaded.clear()
    changed = generate(root, cache=cache)
    assert loaded == ["a00003"] and "revised" in changed.pages["articles/a00003.md"]
    assert _seen(changed) == _seen(generate(root))

    # A new site-wide name may be mentioned anywhere: every article is looked at again.
    with (root / "terms.yml").open("a") as terms:
        terms.write("  - id: archive\n    term: archive\n    definition: A collection of records.\n")
    loaded.clear()
    renamed = generate(root, cache=cache)
    assert len(loaded) == MIN_ITEMS + 8 and _seen(renamed) == _seen(generate(root))


def test_a_damaged_or_stale_cache_is_done_again(archive, tmp_path, monkeypatch):
    root, folder = tmp_path / "annotations", tmp_path / "cache"
    shutil.copytree(archive, root)
    expected = _seen(generate(root, cache=ArticleCache(folder)))

    def entry(name):
        [path] = folder.glob(f"{name}.*.pickle")
        return path
    entry("a00001").write_bytes(b"not a pickle")
    entry("a00002").write_bytes(entry("a00005").read_bytes())  # another article's entry
    torn = entry("a00004").read_bytes()
    entry("a00004").write_bytes(torn[:len(torn) // 2])  # its key, half its outcome
    shutil.rmtree(root / "a00009")
    loaded = _counting_loads(monkeypatch)
    result = generate(root, cache=ArticleCache(folder))
    assert sorted(loaded) == ["a00001", "a00002", "a00004"]
    assert "articles/a00009.md" not in result.pages and not list(folder.glob("a00009.*"))
    assert _seen(result) == _seen(generate(root))
    gone = expected[0].keys() - result.pages.keys()  # its page, and parts of entries it filled
    assert "articles/a00009.md" in gone and all(re.fullmatch(r"(people|terms)/[^/]+/\d+\.md", p) for p in gone - {"articles/a00009.md"})


def _with_problems_across_files(archive, root):
    """The archive, with a problem of every kind the checks across files find."""
    shutil.copytree(archive, root)
    context = root / "a00001" / "context.yml"
    text = context.read_text()
    text = text.replace("    note: A note.\n", "    note: See [it](term:no-such-term) and [her](person:drafted).\n", 1)
    text = text.replace("  - id: note-1\n", "  - id: note-0\n", 1)
    text = re.sub(r"    speaker: person-(\d+)\n", r"    speaker: person-\1x\n", text, count=1)
    text = re.sub(r"(  - id: note-2\n    anchor: ).*\n", r"\1How can we help you keep that promise to rally everyone\n", text, count=1)
    context.write_text(text)
    (root / "a00002" / "speakers.yml").write_text(
        "speakers:\n  - id: drafted\n    name: Dra Fted\n    status: draft\n"
        "  - id: person-0\n    name: Qubaa Qubason\n")
    (root / "a00002" / "article.yml").write_text("title: Two\ndate: 2023-02-02\nkind: transcript\nturns:\n  DF: drafted\n")


def test_check_problems_finds_what_check_finds_from_the_light_part_of_each_entry(archive, tmp_path, monkeypatch):
    """`check_problems` (what the `check` command runs) reports all that `check` reports, and from a warm
    cache reads each article's light part: no article is read again or kept, but the text of an
    article whose passage was not found, where its closest passages are searched."""
    root = tmp_path / "annotations"
    _with_problems_across_files(archive, root)
    checked = check(root)
    expected = [str(p) for p in checked.problems]
    for message in ("duplicate id 'note-0' in a00001", "unknown speaker 'person-", "link to unknown term",
                    "link to person 'drafted', which is a draft", "duplicate person id 'person-0'",
                    "'Qubaa Qubason' is claimed by", "turn label 'DF' names 'drafted', who is a draft", "closest: "):
        assert any(message in problem for problem in expected), message
    cache = ArticleCache(tmp_path / "cache")
    assert [str(p) for p in check_problems(root, runner=ProcessPool(2), cache=cache).problems] == expected
    loaded = _counting_loads(monkeypatch)
    warm = check_problems(root, runner=ProcessPool(2), cache=cache)
    assert [str(p) for p in warm.problems] == expected and loaded == []
    assert warm.annotated == [] and not warm.site.articles and len(warm.facts) == MIN_ITEMS + 8
    assert warm.facts == checked.facts
    [entry] = (tmp_path / "cache").glob("a00005.*.pickle")  # its light part whole, the rest torn
    entry.write_bytes(entry.read_bytes()[:-100])
    assert [str(p) for p in check_problems(root, cache=cache).problems] == expected and loaded == []
    assert [str(p) for p in check(root, cache=cache).problems] == expected and loaded == ["a00005"]


def test_raw_blocks_of_a_page_are_all_its_raw_html(archive):
    """What the plugin sets aside: every raw HTML block the renderers write, whole."""
    pages = generate(archive).pages
    article = pages["articles/a00000.md"]
    blocks = [article[start:end] for start, end in raw_blocks(article)]
    kinds = [block.split('"')[1] for block in blocks if 'class="' in block.split("\n")[0]]
    assert kinds[:4] == ["article-meta", "article-body", "article-about", "annotation-cards"]
    assert kinds[-1] == "footnote"
    assert "entry-list" in kinds
    body = blocks[1]
    assert body.count('<p id="p') == article.count('<p id="p') > 10
    for page in pages.values():  # all but the headings (and the front matter)
        bounds = [0, *(at for block in raw_blocks(page) for at in block), len(page)]  # outside: [0, start), [end, ...
        kept = "".join(page[start:end] for start, end in zip(bounds[::2], bounds[1::2]))
        left = [line for line in kept.splitlines() if line.strip()]
        assert all(line.startswith(("#", "---", "title: ", "description: ", "search: ")) for line in left), left


def test_the_command_line_keeps_its_cache_in_the_users_cache_folder(archive, tmp_path):
    import os
    import subprocess

    home = tmp_path / "xdg"
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}

    def check(*flags):
        return subprocess.run([sys.executable, "-m", "generator", "check", "--dir", str(archive), *flags],
                              capture_output=True, text=True, env=env, cwd=tmp_path)
    assert check("--no-cache").returncode == 0 and not home.exists()
    first, second = check(), check("--jobs", "1")
    assert first.returncode == second.returncode == 0 and first.stdout == second.stdout
    [folder] = (home / "annotated-articles").iterdir()
    assert len(list(folder.glob("*.pickle"))) == MIN_ITEMS + 8
    assert not (archive / ".cache").exists() and not list(archive.rglob("*.pickle"))


BACKGROUND = """
import os, sys
from pathlib import Path
from generator.shells.runners import Background

def write(path):
    Path(path).write_text(str(os.getpid()))

def fail():
    raise RuntimeError("broken")

done = Background(write, sys.argv[1])
print(done.wait(), Path(sys.argv[1]).read_text() != str(os.getpid()), Background(fail).wait())
"""


def test_work_in_the_background_runs_in_another_process_and_reports_failure(tmp_path):
    import subprocess

    result = subprocess.run([sys.executable, "-c", BACKGROUND, str(tmp_path / "pid")], capture_output=True, text=True,
                            cwd=REPO)
    assert result.stdout.split() == ["True", "True", "False"], result.stderr


CONSUMER = """
import os, sys
from generator.shells.runners import Consumer

def pid_and_square(n):
    if n < 0:
        raise RuntimeError("negative")
    return os.getpid(), n * n

consumer = Consumer(pid_and_square)
for n in range(1000):
    consumer.send(n)
made = consumer.results()
print({pid for pid, _ in made} != {os.getpid()}, [square for _, square in made] == [n * n for n in range(1000)])
failing = Consumer(pid_and_square)
for n in range(-1, 20000):  # far more than a pipe holds: sending must not wait for the process that died
    failing.send(n)
print(failing.results())
"""


def test_a_consumer_works_in_another_process_in_order_and_reports_failure():
    import subprocess

    result = subprocess.run([sys.executable, "-c", CONSUMER], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.stdout.split() == ["True", "True", "None"], result.stderr


def test_a_consumer_works_in_place_where_it_cannot_fork(monkeypatch):
    from generator.shells import runners

    monkeypatch.setattr(runners, "can_fork", lambda: False)
    consumer = runners.Consumer(lambda n: n + 1)
    for n in range(5):
        consumer.send(n)
    assert consumer.results() == [1, 2, 3, 4, 5]


def test_the_w3c_annotations_written_in_the_background_are_those_of_one_process(tmp_path):
    """The plugin has another process write the collections while MkDocs renders the pages (`jobs:
    1` writes them in the build's own process): the site gets the same files and search index."""
    from tests.conftest import copy_project, mkdocs_build

    sites, indexes = {}, {}
    for name in ("background", "one-process"):
        project = copy_project(tmp_path / name)
        if name == "one-process":
            config = project / "mkdocs.yml"
            config.write_text(config.read_text().replace("  - annotations:\n", "  - annotations:\n      jobs: 1\n"))
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr
        sites[name] = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*.jsonld")}
        indexes[name] = (project / "site/search/search_index.json").read_bytes()
    assert len(sites["background"]) == 2 and sites["background"] == sites["one-process"]
    assert indexes["background"] == indexes["one-process"]


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_rendering_since_an_earlier_build_equals_rendering_afresh(archive, tmp_path):
    """`generate(since=...)` keeps only the pages no edit reached; every page equals a fresh render."""
    from generator.render import reach
    from generator.shells.cache import MemoryCache

    root = tmp_path / "annotations"
    shutil.copytree(archive, root)
    memory = MemoryCache()
    before = generate(root, cache=memory)
    context = root / "a00002" / "context.yml"
    terms = root / "terms.yml"
    edits = [
        lambda: _edit(context, "note: A note.", "note: A note, revised."),
        lambda: _edit(terms, "definition: A synthetic term, number 4.", "definition: A synthetic term, number four."),
        lambda: _edit(root / "speakers.yml", "role: Official", "role: Officer"),
        lambda: _edit(root / "a00003" / "article.yml", "title: Article 3", "title: Article three"),
        lambda: shutil.rmtree(root / "a00005"),
    ]
    for edit in edits:
        edit()
        after = generate(root, cache=memory, since=before.rendering)
        assert after.pages == generate(root).pages
        before = after
    # What each kind of edit reaches, by the facets of the articles
    item = before.annotated[0]
    facets = reach.facets(item)
    assert reach.pages_reached({item.article.slug: facets}, {item.article.slug: facets}) == set()
    assert reach.pages_reached({item.article.slug: facets}, {}) is None  # an article removed: every page


def test_the_memory_cache_does_again_only_what_changed(archive, tmp_path, monkeypatch):
    from generator.pipeline import ArticleStages
    from generator.shells.cache import MemoryCache

    root = tmp_path / "annotations"
    shutil.copytree(archive, root)
    memory, done, rendered = MemoryCache(), [], []
    render = ArticleStages.rendered
    monkeypatch.setattr(ArticleStages, "rendered", lambda self, found: (rendered.append(found), render(self, found))[1])

    def counting(function, items, then=None):
        done.append(len(items))
        return [function(item) for item in items]

    generate(root, runner=counting, cache=memory)
    _edit(root / "a00001" / "context.yml", "note: A note.", "note: Another note.")
    generate(root, runner=counting, cache=memory)
    rendered.clear()
    _edit(root / "speakers.yml", "role: Official", "role: Officer")  # the people the pages show: their articles' pages
    generate(root, runner=counting, cache=memory)
    pages_again = len(rendered)
    _edit(root / "terms.yml", "term: ", "term: X")  # a name: every text is searched again
    result = generate(root, runner=counting, cache=memory)
    articles = len(result.annotated)
    assert done[0] == articles and done[1] == 1 and done[2] == 0 and done[3] == articles
    assert 0 < pages_again < articles  # rendered again from what was found in them, their files not read


def _changed(value, name: str):
    """Another value of a field, of its kind; for an empty one, a sample from `SAMPLES`."""
    if isinstance(value, bool):
        return not value
    if name in CHOICES:
        return next(choice for choice in CHOICES[name] if choice != value)
    if isinstance(value, str):
        return value + " changed"
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, (list, dict)) and value:
        return value[:-1] if isinstance(value, list) else dict(list(value.items())[:-1])
    if isinstance(value, BaseModel):
        field = next(iter(type(value).model_fields))
        return value.model_copy(update={field: _changed(getattr(value, field), field)})
    assert name in SAMPLES, f"the field {name!r} is empty in the fixture: add a sample value to SAMPLES"
    return SAMPLES[name]


CHOICES = {"kind": ("report", "transcript"), "status": ("published", "draft"),
           "rating": ("accurate", "inaccurate")}
SAMPLES = {
    "role": "A role", "organization": "An organization", "description": "A description.", "wikidata": "Q64",
    "aliases": ["Another name"], "links": [Link(url="https://example.org/a", title="A link")],
    "said": "in a speech", "rating": "inaccurate", "creator": "An editor", "created": dt.date(2024, 1, 1),
    "sources": [Link(url="https://example.org/s", title="A source")], "publication": "A paper",
    "url": "https://example.org/original", "authors": ["An author"], "summary": "A summary.",
    "corrections": [Correction(date=dt.date(2024, 1, 2), note="A correction.")], "turns": {"A": "someone"},
    "id": "an-id", "title_by_editors": True, "prefix": "before ", "suffix": " after", "occurrence": 2,
    "licence": "A licence.", "provenance": "A provenance.", "language": "de", "sort_as": "Family, Given",
    "annotated": dt.date(2024, 2, 1), "reviewed": dt.date(2024, 3, 1),
    "roles": [Role(role="A role then", start=2020, end=2021), Role(role="A role now", start=2021)],
    "facts": [DatedFact(fact="A fact then.", start=2020, end=2021), DatedFact(fact="A fact now.", start=2021)],
}


def _entries_changed(entry: BaseModel):
    """The entry with each of its fields changed in turn: (field, changed entry). A person's or a
    term's id is left as it is: every mention names it (finding them again with another id changes
    the site's names, and every page is rendered again)."""
    for name in type(entry).model_fields:
        if name != "id" or not isinstance(entry, (SpeakerEntry, TermEntry)):
            yield name, entry.model_copy(update={name: _changed(getattr(entry, name), name)})


def _every_field_changed(site, annotated):
    """(what changed, site, articles): every field of every entry, each changed alone."""
    for n, item in enumerate(annotated):
        article = item.article

        def with_article(changed, renamed=None, n=n, item=item):
            """The articles with this one changed; `renamed`: (old id, new id) of a quote or note,
            as finding its passage again would name its span."""
            spans = item.spans if renamed is None else tuple(
                replace(span, id=renamed[1]) if span.id == renamed[0] else span for span in item.spans)
            return [*annotated[:n], replace(item, article=changed, spans=spans), *annotated[n + 1:]]

        yield f"{article.slug}: text", site, with_article(replace(article, text=article.text.replace("the", "thé", 1)))
        for name, meta in _entries_changed(article.meta):
            yield f"{article.slug}: article.yml {name}", site, with_article(replace(article, meta=meta))
        for kind in ("quotes", "notes", "speakers", "terms"):
            entries = getattr(article, kind)
            for k, entry in enumerate(entries):
                for name, changed in _entries_changed(entry):
                    renamed = (entry.id, changed.id) if name == "id" and kind in ("quotes", "notes") else None
                    yield (f"{article.slug}: {kind}[{k}].{name}", site,
                           with_article(replace(article, **{kind: (*entries[:k], changed, *entries[k + 1:])}), renamed))
    for kind in ("speakers", "terms"):
        entries = getattr(site, kind)
        for k, entry in enumerate(entries[:3]):
            for name, changed in _entries_changed(entry):
                yield (f"site {kind}[{k}].{name}", replace(site, **{kind: (*entries[:k], changed, *entries[k + 1:])}),
                       annotated)


@pytest.mark.parametrize("per_page", [50, 1], ids=["one part", "parts"])
@pytest.mark.parametrize("root", [REPO / "annotations", REPO / "tests/fixtures/multi"], ids=["flagship", "multi"])
def test_an_edit_to_any_field_renders_since_as_afresh(root, per_page, monkeypatch):
    """Every field of every entry, changed alone: the pages rendered since the earlier build (which
    keep those no edit reached, `render/reach.py`) equal the pages rendered afresh. A field added to
    the format is changed here too, and reaches, by the facets' design, every page it may show on.
    With one article per part of a person's or a term's page (and on the articles index, the rest
    on their years' pages; one entry per page of the glossary's and the people's letters), each
    edit reaches every part too."""
    from generator.render import entries, render_pages

    monkeypatch.setattr(entries, "ENTRY_PAGE_ARTICLES", per_page)
    monkeypatch.setattr(entries, "INDEX_ARTICLES", per_page)
    monkeypatch.setattr(entries, "INDEX_PAGE_ENTRIES", per_page)  # 1: the glossary and people index by letter, parted
    result = generate(root)
    assert result.ok
    earlier, kept = result.rendering, 0
    for label, site, annotated in _every_field_changed(result.site, result.annotated):
        since = render_pages(site, annotated, Options(), since=earlier)
        assert since.pages == render_pages(site, annotated, Options()).pages, label
        kept += sum(since.pages[page] is earlier.pages.get(page) for page in since.pages)
    assert kept > 100  # the shortcut is taken: pages an edit did not reach are kept
