"""The pipeline, top to bottom: read -> find -> check -> render -> export.

    read/    load and validate each file (positions kept for every value)
    find/    turns of a transcript, passages of quotes and notes, mentions of names
    check/   references across files, and what is left unused
    render/  the site's pages as Markdown
    export/  W3C Web Annotations of each article

Each article's stages depend only on its folder and the site's people and terms, so they run per
article folder (`ArticleStages`), through the `Runner` the caller gives (in order, or shared out
among processes) and, with a `Cache`, only for articles whose files changed. Three entry points,
named for what their callers need:
    generate        every file of the site: the MkDocs plugin and `build --out`
                    (with `finished_site`, which both shells hand over or write as it is)
    check           the annotated articles and every problem, no page: `anchor`, `export`,
                    `suggest`, and library callers
    check_problems  the problems alone, reading from a cache only what the checks across files
                    need of each unchanged article: the `check` command
    load_site       the files read, validated and checked across, no passage found: the
                    benchmarks' reading floor, and tests
Nothing here starts a process or writes a file: the shells (`shells/`) bring both.
"""

from __future__ import annotations

import bisect
import html
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .check.dates import correction_problems
from .check.references import ArticleFacts, check_across, facts_of
from .check.reviews import Review, review_of, stale_reviews
from .check.sources import article_source_warnings, shared_source_warnings
from .check.usage import MatchedName, Shown, names_matched, too_many_mentions, unused_aliases, unused_entries
from .export.cards import Card, site_cards
from .export.feed import FEED_PATH, atom_feed
from .export.search import search_script
from .export.w3c import collection_path, collection_text
from .find.anchor import anchor_article, wants_closest_passages, with_closest_passages
from .find.mentions import MENTION_LIMIT, MentionFinder, names_of
from .find.turns import find_turns
from .model import (
    AnnotatedArticle,
    Article,
    Options,
    Problem,
    Site,
    SiteSettings,
    Span,
    SpanKind,
    errors,
    folder_prefix,
)
from .read.files import article_folders
from .read.load import load_article, load_shared
from .render import Outline, Rendering, article_page_parts, newest_first, outline, render_pages
from .render.entries import home_list, listed
from .render.head import link_card
from .render.language import words_for
from .render.linked_data import LinkedData, as_script, site_page, standalone_pages
from .render.paths import FRONT_PAGE, SEARCH_SCRIPT, SITE_CARD, article_page, assets, card_image
from .render.text import html_text

Item = TypeVar("Item")
Out = TypeVar("Out")


class Runner(Protocol):
    """Runs a function over items, like `[then(function(item)) for item in items]`: in order, or
    shared out among processes (`shells/runners.py`). `then`, if given, sees each result here."""

    def __call__(self, function: Callable[[Item], Out], items: Sequence[Item],
                 then: Callable[[Out], Any] | None = None) -> list: ...


def serial(function: Callable[[Item], Out], items: Sequence[Item], then: Callable[[Out], Any] | None = None) -> list:
    """The plain runner: one item after the other, in this process."""
    return [then(function(item)) if then else function(item) for item in items]


class Cache(Protocol):
    """Keeps each article's outcome between runs (`shells/cache.py`): `run` gives every folder's
    outcome, from the store where its files are unchanged, else from `stages`, and may give only
    its `light` part unless `whole`; `shared` gives the site-wide people and terms as
    `read.load.load_shared` reads them."""

    def run(self, runner: Runner, stages: ArticleStages, folders: list[Path],
            whole: bool = True) -> list[ArticleOutcome]: ...

    def shared(self, root: Path) -> tuple[Site | None, list[Problem]]: ...


@dataclass(frozen=True)
class Result:
    pages: dict[str, str] = field(default_factory=dict)
    """Generated Markdown pages by path; empty when there are errors, or after `check`."""
    files: dict[str, str] = field(default_factory=dict)
    """Other generated files by path (each article's W3C annotations); empty when there are errors."""
    problems: list[Problem] = field(default_factory=list)
    site: Site = field(default_factory=Site)
    outline: Outline = field(default_factory=list)
    """The generated pages as a navigation (see `render.outline`)."""
    annotated: list[AnnotatedArticle] = field(default_factory=list)
    """Every article with the passages found in it."""
    rendering: Rendering | None = None
    """The pages and what a later `generate(since=...)` needs to render only what an edit reached."""
    facts: list[ArticleFacts] = field(default_factory=list)
    """What the checks across files read of every article, as written (after `check_problems` too)."""

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def check(root: Path, options: Options = Options(), runner: Runner = serial, cache: Cache | None = None) -> Result:
    """Read, validate and anchor every annotation below `root`, and check them across files: all
    that `python -m generator check` needs, and no page."""
    return _annotated(root, options, runner, cache, render=False, exports=False)


def generate(root: Path, options: Options = Options(), runner: Runner = serial, cache: Cache | None = None,
             exports: bool = True, since: Rendering | None = None) -> Result:
    """`check`, then, if nothing is wrong, every page of the site and, with `exports`, each
    article's W3C annotations (the MkDocs shell writes those in the background otherwise).
    `since`: an earlier result's `rendering`, whose pages are kept where no edit reached them.

    Drafts are checked like everything else, then left out unless `options.drafts` asks to show them.
    """
    return _annotated(root, options, runner, cache, render=True, exports=exports, since=since)


def check_problems(root: Path, options: Options = Options(), runner: Runner = serial,
                   cache: Cache | None = None) -> Result:
    """`check`'s problems, without the articles (`Result.site` holds none, `Result.annotated` is
    empty; `Result.facts` counts them): with a cache, an unchanged article costs only its light
    part to read. What `python -m generator check` runs."""
    return _annotated(root, options, runner, cache, render=False, exports=False, whole=False)


def load_site(root: Path) -> tuple[Site, list[Problem]]:
    """Every file below `root` read and validated, and checked across files (no passage found)."""
    shared, problems = load_shared(root)
    if shared is None:
        return Site(root=root), problems
    articles = []
    for folder in article_folders(root):
        article, article_problems = load_article(folder)
        problems += article_problems
        if article:
            articles.append(article)
    site = replace(shared, articles=tuple(articles))
    return site, problems + check_across(shared, [facts_of(article) for article in articles], problems)


def _annotated(root: Path, options: Options, runner: Runner, cache: Cache | None, render: bool,
               exports: bool, since: Rendering | None = None, whole: bool = True) -> Result:
    shared, problems = cache.shared(root) if cache else load_shared(root)
    if shared is None:
        return Result(problems=problems, site=Site(root=root))
    published = shared if options.drafts else without_drafts(shared)
    folders = article_folders(root)
    finder = MentionFinder(names_of(published.speakers, published.terms))
    stages = ArticleStages(published, finder, options, render, exports)
    outcomes = cache.run(runner, stages, folders, whole) if cache else runner(stages, folders)
    problems += [p for o in outcomes for p in o.problems]
    facts = [o.facts for o in outcomes if o.facts]
    problems += check_across(shared, facts, problems)  # checked as written, drafts included
    problems = with_closest_passages(problems, {o.article.folder: o.article for o in outcomes if o.article})
    done = [o for o in outcomes if o.facts]
    annotated = [o.annotated for o in done if o.annotated]
    site = replace(published, articles=tuple(item.article for item in annotated))  # as published
    shown = shown_entries(published, facts, options.drafts)
    problems += unused_entries(shown, {entity for o in done for entity in o.involved})
    problems += unused_aliases(shown, {n for o in done for n in o.names}) + shared_source_warnings(site)
    problems += stale_reviews(entry_reviews(shown, facts), options.today, options.review_after)
    if errors(problems) or not render:
        return Result(problems=problems, site=site, annotated=annotated, facts=facts)
    rendering = render_pages(site, annotated, options, {o.slug: o.page for o in done if o.page}, since)
    files = {collection_path(o.slug): o.collection or collection_text(o.annotated, site, options)
             for o in done if o.annotated} if exports else {}
    return Result(pages=rendering.pages, files=files, problems=problems, site=site, outline=outline(annotated, site, options),
                  annotated=annotated, rendering=rendering, facts=facts)


@dataclass(frozen=True)
class FinishedSite:
    """Everything a shell writes of a generated site: by path, every page, the stylesheet and
    script, each article's W3C annotations and (with a site URL) the feed; and, for a shell that
    writes each page's head (the MkDocs plugin), the tags that go there (`head`)."""

    files: dict[str, str]
    front_list: str = ""
    """The list of articles, for the site's own home page where it asks for it (`own_home`)."""
    settings: SiteSettings = field(default_factory=SiteSettings)
    options: Options = field(default_factory=Options)
    linked_data: Callable[[str], dict | None] = lambda page: None
    """A generated page's path -> its JSON-LD; None for the site's own pages."""
    newest: list[AnnotatedArticle] = field(default_factory=list)
    collections: dict[str, str] = field(default_factory=dict)
    """An article page's path -> its W3C annotations' path."""
    pages: frozenset[str] = frozenset()
    """The generated Markdown pages' paths."""
    prefix: str = ""
    """The folder every path above starts with ("" or "news/": `SiteSettings.prefix`)."""
    outline: Outline = field(default_factory=list)
    """The generated pages' sections, for the navigation."""
    cards: dict[str, Card] = field(default_factory=dict)
    """The link-card images, by path (`export/cards.py`): each shell draws them (`card_png`) as
    it writes the site, and may keep them (their bytes depend on the card alone)."""

    @property
    def front_page(self) -> str:
        """Where the edition's front page is, or the site's own page that lists the articles."""
        return self.prefix + FRONT_PAGE

    def head(self, page: str, written_at: str, title: str, description: str, url: str | None,
             lists_articles: bool = False) -> str:
        """The tags a page's head gets, for any page of the site (generated or the site's own):
        its link card, the feed's link, its JSON-LD, and an article's W3C annotations' link; for the
        site's own pages, nothing unless `settings.site_pages`.
        `page`: its source path; `written_at`: where the page is written (links are relative to
        it); `title` as the theme writes it in `<title>` (it may come HTML-escaped);
        `lists_articles`: a page of the site's own that shows the list of articles."""
        settings, site_name = self.settings, self.settings.site_name
        generated = page in self.pages
        if not generated and not settings.site_pages:  # the site's own page, as it was
            return ""
        folder = posixpath.dirname(written_at)
        collection = self.collections.get(page)
        page = page.removeprefix(self.prefix) if generated else page  # the core's paths start at the prefix
        tags = [link_card(page, title, description, site_name, url, self._image(page if generated else FRONT_PAGE))
                ] if settings.link_cards else []
        feed = self.prefix + FEED_PATH
        if feed in self.files:  # relative: Material fetches a sitemap.xml beside every alternate link
            words = words_for(self.options.language)
            feed_title = words("{site}: articles", site=site_name)
            tags.append(f'<link rel="alternate" type="application/atom+xml" title="{html_text(feed_title)}" '
                        f'href="{posixpath.relpath(feed, folder)}">')
        if settings.linked_data:
            # the site's own pages are at its root, outside the prefix that the generated pages' base holds
            own = replace(self.options, base_url=self.options.site_url)
            linked_data = (generated and self.linked_data(page)) or site_page(
                page, html.unescape(title), description, site_name, own, listed(self.newest) if lists_articles else None)
            tags.append(as_script(linked_data))
        if collection:
            # rel is a list of tokens: "alternate" alone would make Material fetch a sitemap.xml beside the file.
            tags.append(f'<link rel="alternate describedby" type="application/ld+json" title="W3C Web Annotations" '
                        f'href="{posixpath.relpath(collection, folder)}">')
        return "\n".join(tags)

    def _image(self, page: str) -> tuple[str, str] | None:
        """A generated page's card image (its own, else the site's): its absolute URL (OpenGraph
        wants one) and its text."""
        path = self.prefix + card_image(page)
        if path not in self.cards:
            path = self.prefix + SITE_CARD
        if not self.options.site_url or path not in self.cards:
            return None
        return self.options.site_url + path, self.cards[path].alt


def finished_site(result: Result, settings: SiteSettings, options: Options, own_home: bool = False,
                  standalone: bool = False) -> FinishedSite:
    """What the MkDocs plugin hands to MkDocs and `build --out` writes, from one `generate` result
    and the site's settings. `own_home`: the site has its own page where the front page goes
    (`FinishedSite.front_page`), which replaces it; `standalone`: for a builder that runs no plugin,
    each page carries its JSON-LD at its end (the plugin puts it in the page's head, from
    `FinishedSite.head`). The core renders the pages as if at the site's root: links between them
    are relative, so they hold wherever the prefix puts them all."""
    pages = dict(result.pages)
    newest = newest_first(result.annotated)
    front_list = ""
    if own_home:
        pages.pop(FRONT_PAGE, None)
        front_list = "\n".join(home_list(newest, FRONT_PAGE, options))
    linked_data = LinkedData(result.site, result.annotated, options, settings.site_name, settings.site_description,
                             front_page=FRONT_PAGE in pages)
    if standalone and settings.linked_data:
        pages = standalone_pages(replace(result, pages=pages), settings.site_name, options, settings.site_description)
    files = {**pages, **assets(), **result.files}
    if settings.search == "pagefind":
        files[SEARCH_SCRIPT] = search_script(words_for(options.language),
                                             folder_prefix(settings.output_folder) + folder_prefix(settings.prefix))
    if options.base_url:  # the feed's ids are absolute URLs (the prefix is in options.base_url)
        words = words_for(options.language)
        files[FEED_PATH] = atom_feed(newest, settings.site_name or words("Articles"), options.base_url, options)
    collections = {article_page(a.article.slug): collection_path(a.article.slug) for a in result.annotated}
    prefix = folder_prefix(settings.prefix)
    cards = site_cards(newest, options, settings.site_name, settings.site_description) if settings.link_cards else {}
    return FinishedSite({prefix + path: text for path, text in files.items()}, front_list, settings, options,
                        linked_data, newest, {prefix + page: prefix + path for page, path in collections.items()},
                        frozenset(prefix + page for page in pages), prefix,
                        [(section, [(title, prefix + page) for title, page in entries]) for section, entries in result.outline],
                        {prefix + path: card for path, card in cards.items()})


def entry_reviews(shown: Shown, facts: list[ArticleFacts]) -> list[Review]:
    """When each person, term and note a published page shows was last reviewed."""
    return [*(review_of("person", person) for person in shown[0].values()),
            *(review_of("term", term) for term in shown[1].values()),
            *(review for article in facts for review in article.reviews)]


def shown_entries(published: Site, facts: list[ArticleFacts], drafts: bool = False) -> Shown:
    """The people and terms the site shows, by id, as `Site.all_speakers` and `all_terms` give
    them, from each article's facts (`check_problems` has no article to ask). `published`: the
    site-wide ones as shown; `drafts`: whether articles' own drafts are shown too."""
    people, terms = {s.id: s for s in published.speakers}, {t.id: t for t in published.terms}
    for article in facts:
        people.update((s.id, s) for s in (article.speakers if drafts else _published(article.speakers)))
        terms.update((t.id, t) for t in (article.terms if drafts else _published(article.terms)))
    return people, terms


@dataclass(frozen=True)
class ArticleOutcome:
    """What one article's stages found; what a cache keeps."""

    article: Article | None
    """As written, drafts included (references are checked on it)."""
    annotated: AnnotatedArticle | None
    """As published: its turns, anchored passages and mentions."""
    problems: list[Problem]
    page: tuple[str, str] | None = None
    """Its page, but for the related articles that go between the two parts; None when it has
    errors, or when only checking."""
    collection: str | None = None
    """Its W3C annotations; None when it has errors, or when they are not asked for."""
    names: frozenset[MatchedName] = frozenset()
    """Which names and aliases matched in it (see `names_matched`)."""
    facts: ArticleFacts | None = None
    """What the checks across files read of it; None when it could not be read."""
    involved: frozenset[tuple[str, str]] = frozenset()
    """Every person and term it mentions, quotes or gives the floor to (`AnnotatedArticle.involved`)."""

    @property
    def slug(self) -> str:
        return self.annotated.article.slug if self.annotated else ""

    @property
    def light(self) -> ArticleOutcome:
        """All that `check_problems` reads: its problems, facts, names and involvement, without the article,
        which stays only where a passage was not found (its closest passages are searched in the text)."""
        needs_text = any(wants_closest_passages(p) for p in self.problems)
        return replace(self, article=self.article if needs_text else None, annotated=None, page=None, collection=None)


@dataclass(frozen=True)
class ArticleStages:
    """Read, find and (when rendering) render one article folder: what each worker runs."""

    site: Site
    """The site-wide people and terms, as published."""
    site_finder: MentionFinder
    options: Options
    render: bool = True
    """Whether to render its page (not when only checking)."""
    exports: bool = True
    """Whether to write its W3C annotations too."""

    def __post_init__(self):
        self.site.all_speakers(), self.site.all_terms()  # looked up by id in every article: made once

    @property
    def context(self) -> tuple:
        """What every outcome depends on besides the article's own files and the site-wide people
        and terms files (a cache's key holds it)."""
        return self.options, self.render, self.exports

    def __call__(self, folder: Path) -> ArticleOutcome:
        article, problems = load_article(folder)
        if article is None:
            return ArticleOutcome(None, None, problems)
        shown = article if self.options.drafts else published_article(article)
        turns, turn_spans, turn_problems = find_turns(shown)
        spans, anchor_problems = anchor_article(shown)
        finder = self.site_finder
        if shown.speakers or shown.terms:
            finder = MentionFinder(names_of((*self.site.speakers, *shown.speakers), (*self.site.terms, *shown.terms)))
        found, more = finder.find_first(shown.text, MENTION_LIMIT)
        mentions = outside(found, [s for s in turn_spans if s.kind == SpanKind.TURN])
        annotated = AnnotatedArticle(shown, tuple(spans + turn_spans + mentions), tuple(turns))
        _ = annotated.places, annotated.involved  # found here, where articles are shared out, and kept with the rest
        problems += turn_problems + anchor_problems + article_source_warnings(shown)
        problems += correction_problems(article, self.options.today)
        if more and mentions:
            site = self._site_of(shown)
            problems.append(too_many_mentions(annotated, site.all_speakers(), site.all_terms(), MENTION_LIMIT))
        return self.rendered(ArticleOutcome(article, annotated, problems, names=names_matched(annotated),
                                            facts=facts_of(article), involved=annotated.involved))

    def rendered(self, found: ArticleOutcome) -> ArticleOutcome:
        """An article's page and W3C annotations, rendered (again) with this site's people and
        terms from what was found in it: all that a change to a person or term it shows redoes."""
        annotated = found.annotated
        if annotated is None:
            return found
        shown = annotated.article
        site = self._site_of(shown)
        if not self.render or errors(found.problems) or not _speakers_known(annotated, site):  # no page to render
            return replace(found, page=None, collection=None)
        page = article_page_parts(annotated, site.all_speakers(), site.all_terms(), self.options)
        collection = collection_text(annotated, site, self.options) if self.exports else None
        return replace(found, page=page, collection=collection)

    def _site_of(self, shown: Article) -> Site:
        """The site's people and terms with the article's own: what its entries are looked up in."""
        return replace(self.site, articles=(shown,)) if shown.speakers or shown.terms else self.site


def _speakers_known(item: AnnotatedArticle, site: Site) -> bool:
    """Whether everyone the article quotes or gives the floor to is known (else `check_across` says so)."""
    known = site.all_speakers()
    return all(q.speaker in known for q in item.article.quotes) and all(t.speaker in known for t in item.turns)


def outside(spans: list[Span], labels: list[Span]) -> list[Span]:
    """The spans that overlap none of the labels (sorted, apart): one pass over both, not spans x labels."""
    labels = sorted(labels, key=lambda label: label.start)
    kept, ends = [], [label.end for label in labels]
    for span in spans:
        k = bisect.bisect_right(ends, span.start)  # the first label that ends after the span starts
        if k == len(labels) or labels[k].start >= span.end:
            kept.append(span)
    return kept


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
