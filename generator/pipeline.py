"""The pipeline, top to bottom: load and validate -> turns -> anchor -> find mentions -> render.

Pure functions on plain data: the command line and the MkDocs plugin only call `generate`.
Each article's stages depend only on its folder and the site's people and terms: they run per
article folder (`_ArticleStages`), in worker processes (`parallel.py`) and, when a cache folder
is given (its one side effect), only for articles whose files changed (`cache.py`). They go as
far as the article's page (all but its related articles) and its W3C annotations. The checks
across files and the pages about the whole site (indexes, glossary, people) then see every article.
"""

from __future__ import annotations

import bisect
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path

from .anchor import Span, anchor_article
from .cache import ArticleCache, site_wide_files
from .load import article_folders, finish_site, load_article, load_shared
from .mentions import MentionFinder, names_of
from .parallel import parallel_map, without_cycle_collection
from .model import Article, Site
from .problems import Problem, errors
from .render import AnnotatedArticle, Options, article_page_parts, render_nav, render_site
from .textnorm import fold_phrase
from .turns import find_turns
from .w3c import collection_path, collection_text


@dataclass(frozen=True)
class Result:
    pages: dict[str, str] = field(default_factory=dict)
    """Generated Markdown pages by path; empty when there are errors."""
    files: dict[str, str] = field(default_factory=dict)
    """Other generated files by path (each article's W3C annotations); empty when there are errors."""
    problems: list[Problem] = field(default_factory=list)
    site: Site | None = None
    nav: list = field(default_factory=list)
    """The generated pages as MkDocs `nav` entries."""
    annotated: list = field(default_factory=list)
    """Every article with the passages found in it (for exports)."""

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


@without_cycle_collection
def generate(root: Path, options: Options = Options(), jobs: int = 0, cache: Path | None = None,
             exports: bool = True) -> Result:
    """Check every annotation below `root` and, if nothing is wrong, render the site's pages and,
    with `exports`, each article's W3C annotations (`w3c.write_collections` writes them otherwise).

    Drafts are checked like everything else, then left out unless `options.drafts` asks to show them.
    Articles are processed in `jobs` processes (0: one per core); with a `cache` folder, an
    article whose files, and the site's people and terms, are as last time is not processed again.
    """
    shared, problems = load_shared(root)
    if shared is None:
        return Result(problems=problems, site=Site(root=root))
    published = shared if options.drafts else without_drafts(shared)
    folders = article_folders(root)
    stages = _ArticleStages(published, MentionFinder(names_of(published.speakers, published.terms)), options, exports)
    if cache:
        outcomes = _cached(stages, folders, jobs, ArticleCache(cache, (site_wide_files(root), options, exports)))
    else:
        outcomes = parallel_map(stages, folders, jobs)
    _, problems = finish_site(shared, [o.article for o in outcomes if o.article], problems +
                              [p for o in outcomes for p in o.problems])  # checked as written, drafts included
    done = [o for o in outcomes if o.annotated]
    annotated = [o.annotated for o in done]
    site = replace(published, articles=tuple(item.article for item in annotated))  # as published
    problems += unused_entries(site, annotated) + unused_aliases(site, {n for o in done for n in o.names})
    problems += unsourced_notes(site)
    if errors(problems):
        return Result(problems=problems, site=site, annotated=annotated)
    pages = render_site(site, annotated, options, jobs, {o.annotated.article.slug: o.page for o in done if o.page})
    files = {collection_path(o.annotated.article.slug): o.collection or collection_text(o.annotated, site, options)
             for o in done} if exports else {}
    return Result(pages=pages, files=files, problems=problems, site=site, nav=render_nav(annotated, site),
                  annotated=annotated)


@dataclass(frozen=True)
class _Outcome:
    article: Article | None
    """As written, drafts included (references are checked on it)."""
    annotated: AnnotatedArticle | None
    """As published: its turns, anchored passages and mentions."""
    problems: list[Problem]
    page: tuple[str, str] | None = None
    """Its page, but for the related articles that go between the two parts; None when it has errors."""
    collection: str | None = None
    """Its W3C annotations; None when it has errors."""
    names: frozenset = frozenset()
    """Which names and aliases matched in it (see `names_matched`)."""


@dataclass(frozen=True)
class _ArticleStages:
    """Load, turns, anchor, mentions and render of one article folder: what each worker process runs."""
    site: Site
    """The site-wide people and terms, as published."""
    site_finder: MentionFinder
    options: Options
    exports: bool = True
    """Whether to write its W3C annotations too."""

    def __post_init__(self):
        self.site.all_speakers(), self.site.all_terms()  # looked up by id in every article: made once, before forking

    def __call__(self, folder: Path) -> _Outcome:
        article, problems = load_article(folder)
        if article is None:
            return _Outcome(None, None, problems)
        shown = article if self.options.drafts else published_article(article)
        turns, turn_spans, turn_problems = find_turns(shown)
        spans, anchor_problems = anchor_article(shown)
        finder = self.site_finder
        if shown.speakers or shown.terms:
            finder = MentionFinder(names_of((*self.site.speakers, *shown.speakers), (*self.site.terms, *shown.terms)))
        mentions = outside(finder.find(shown.text), [s for s in turn_spans if s.kind == "turn"])
        annotated = AnnotatedArticle(shown, tuple(spans + turn_spans + mentions), tuple(turns))
        annotated.places, annotated.involved  # found here, in parallel, and kept with the rest
        problems += turn_problems + anchor_problems
        site = replace(self.site, articles=(shown,)) if shown.speakers or shown.terms else self.site
        if errors(problems) or not _speakers_known(annotated, site):  # the site will not be rendered
            return _Outcome(article, annotated, problems, names=names_matched(annotated))
        page = article_page_parts(annotated, site.all_speakers(), site.all_terms(), self.options)
        collection = collection_text(annotated, site, self.options) if self.exports else None
        return _Outcome(article, annotated, problems, page, collection, names_matched(annotated))


def _speakers_known(item: AnnotatedArticle, site: Site) -> bool:
    """Whether everyone the article quotes or gives the floor to is known (else `finish_site` says so)."""
    known = site.all_speakers()
    return all(q.speaker in known for q in item.article.quotes) and all(t.speaker in known for t in item.turns)


def _cached(stages: _ArticleStages, folders: list[Path], jobs: int, cache: ArticleCache) -> list[_Outcome]:
    """The outcome of every article: from the cache where its files are unchanged, else done again
    and stored. Each worker hashes its articles' files and does and stores what changed; this
    process reads what did not (through a pipe, the unchanged entries of a large site cost more
    than the reading) and unpickles every outcome as it comes."""
    def stored_or_done(folder: Path, again: bool = False) -> bytes | tuple[Path, str]:
        key = cache.key(folder)
        if not again and cache.holds(folder, key):
            return folder, key
        pickled = pickle.dumps(stages(folder), pickle.HIGHEST_PROTOCOL)
        cache.put(folder, key, pickled)
        return pickled

    def unpickled(stored: bytes | tuple[Path, str]) -> _Outcome | None:
        try:
            return pickle.loads(cache.get(*stored) or b"" if isinstance(stored, tuple) else stored)
        except Exception:  # a damaged entry, or one gone since: done again, below
            return None
    outcomes = parallel_map(stored_or_done, folders, jobs, then=unpickled)
    cache.prune(folders)
    return [outcome or pickle.loads(stored_or_done(folder, again=True)) for folder, outcome in zip(folders, outcomes)]


def outside(spans: list[Span], labels: list[Span]) -> list[Span]:
    """The spans that overlap none of the labels (sorted, apart): one pass over both, not spans x labels."""
    labels = sorted(labels, key=lambda label: label.start)
    kept, ends = [], [label.end for label in labels]
    for span in spans:
        k = bisect.bisect_right(ends, span.start)  # the first label that ends after the span starts
        if k == len(labels) or labels[k].start >= span.end:
            kept.append(span)
    return kept


def unused_entries(site: Site, annotated: list[AnnotatedArticle]) -> list[Problem]:
    """Warnings: people and terms that no article mentions or quotes."""
    used = {(s.kind, s.id) for a in annotated for s in a.spans}
    used |= {("speaker", q.speaker) for a in annotated for q in a.article.quotes}
    used |= {("speaker", t.speaker) for a in annotated for t in a.turns}
    problems = []
    for kind, entries in (("speaker", site.all_speakers()), ("term", site.all_terms())):
        for entry in entries.values():
            if (kind, entry.id) not in used:
                label = "person" if kind == "speaker" else "term"
                problems.append(Problem(entry.origin("id"), f"{label} '{entry.id}' is never mentioned in any article",
                                        "add an alias that the text uses, or remove the entry", "warning"))
    return problems


def without_drafts(site: Site) -> Site:
    """The site as published: entries marked `status: draft` left out."""
    return replace(site, speakers=_published(site.speakers), terms=_published(site.terms),
                   articles=tuple(published_article(a) for a in site.articles))


def published_article(article: Article) -> Article:
    """An article as published: its entries marked `status: draft` left out (the article itself
    when it has none)."""
    entries = (article.quotes, article.notes, article.speakers, article.terms)
    if not any(e.status == "draft" for kind in entries for e in kind):
        return article
    return replace(article, quotes=_published(article.quotes), notes=_published(article.notes),
                   speakers=_published(article.speakers), terms=_published(article.terms))


def _published(entries: tuple) -> tuple:
    return tuple(e for e in entries if e.status != "draft")


def names_matched(item: AnnotatedArticle) -> frozenset[tuple[str, str, str]]:
    """(kind, id, the text folded) of every mention in an article: which names and aliases matched."""
    text = item.article.text
    return frozenset((s.kind, s.id, fold_phrase(text[s.start:s.end], True)) for s in item.spans
                     if s.kind in ("speaker", "term"))


def unused_aliases(site: Site, matched: set[tuple[str, str, str]]) -> list[Problem]:
    """Warnings: aliases that match nothing in any article (a typo, or a name no text uses).
    `matched`: what `names_matched` found in every article."""
    used = {(kind, entry_id) for kind, entry_id, _ in matched}
    problems = []
    for kind, entries in (("speaker", site.all_speakers()), ("term", site.all_terms())):
        for entry in entries.values():
            for alias in entry.aliases:
                if (kind, entry.id) in used and (kind, entry.id, fold_phrase(alias, True)) not in matched:
                    problems.append(Problem(entry.origin("aliases"), f"alias '{alias}' of '{entry.id}' never matches "
                                            "in any article", "check its spelling and capitals, or remove it",
                                            "warning"))
    return problems


def unsourced_notes(site: Site) -> list[Problem]:
    """Warnings: context notes that cite no source."""
    return [Problem(note.origin("id"), f"note '{note.id}' cites no source",
                    "add sources: with at least one {title, url}", "warning")
            for article in site.articles for note in article.notes if not note.sources]
