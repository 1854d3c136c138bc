"""What every page renderer shares: the site's page paths, links between pages, and the data
that joins articles to people and terms (backlinks, related articles)."""

from __future__ import annotations

import functools
import heapq
import html
import json
import os
import posixpath
import re
from pathlib import Path
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .anchor import Span, paragraph_number
from .model import Article
from .prose import html_text, literal
from .schema import Link, SpeakerEntry
from .turns import Turn

ARTICLES_INDEX = "articles/index.md"
GLOSSARY = "glossary.md"
PEOPLE_INDEX = "people/index.md"
STYLESHEET = "assets/annotations.css"
SCRIPT = "assets/annotations.js"
RELATED_SHOWN = 5
RELATED_WINDOW = 50
"""Related articles are found among the 50 newer and 50 older articles that share each name."""


def article_page(slug: str) -> str:
    return f"articles/{slug}.md"


def person_page(person_id: str) -> str:
    return f"people/{person_id}.md"


@dataclass(frozen=True)
class Options:
    link_mentions: str = "first"
    """'first': the first mention of each person or term in an article links to its entry; 'every'."""
    directory_urls: bool = True
    """The builder's URL style (MkDocs' use_directory_urls): page `a/b.md` is at `a/b/`, else `a/b.html`."""
    drafts: bool = False
    """Show entries marked `status: draft` (marked as drafts), as `mkdocs serve` does."""
    edit_url: str = ""
    """A template for "edit" links to an entry's YAML: {path} (from the repository root) and {line}."""
    edit_root: str = "."
    """The folder {path} is relative to (the repository root: where mkdocs.yml is)."""
    base_url: str = ""
    """The site's URL, for the IRIs of the W3C annotations published beside each article; empty,
    they are relative to the collection's own location."""


@dataclass(frozen=True)
class AnnotatedArticle:
    """An article with every passage the earlier stages found in it."""

    article: Article
    spans: tuple[Span, ...]
    """Quotes, notes, mentions, turn labels and stage directions, in any order."""
    turns: tuple[Turn, ...] = ()

    @functools.cached_property
    def places(self) -> dict[tuple[str, str], list[int]]:
        """Each person and term it mentions -> the paragraph number of each mention, in order."""
        places: dict[tuple[str, str], list[int]] = {}
        for span in self.spans:
            if span.kind in ("speaker", "term"):
                places.setdefault((span.kind, span.id), []).append(paragraph_number(self.article, span.start))
        return places

    @functools.cached_property
    def quote_positions(self) -> dict[str, tuple[int, int]]:
        """Each quote found in the text -> its [start, end)."""
        return {s.id: (s.start, s.end) for s in self.spans if s.kind == "quote"}

    @functools.cached_property
    def involved(self) -> frozenset[tuple[str, str]]:
        """Every person and term it mentions, quotes or gives the floor to."""
        return frozenset([*self.places, *(("speaker", q.speaker) for q in self.article.quotes),
                          *(("speaker", t.speaker) for t in self.turns)])


@dataclass
class Relations:
    """How articles, people and terms point at each other, computed once for the whole site."""

    places: dict[tuple[str, str], dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    """(kind, id) -> article slug -> paragraph number of each mention, in order."""
    related: dict[str, list[tuple[AnnotatedArticle, list[tuple[str, str]]]]] = field(default_factory=dict)
    """Article slug -> the articles sharing most people and terms with it, and what they share."""
    articles: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    """(kind, id) -> slugs of the articles that mention, quote or give the floor to it."""

    items: dict[str, AnnotatedArticle] = field(default_factory=dict)
    """Slug -> article, in the order given (newest first)."""
    rank: dict[str, int] = field(default_factory=dict)

    def articles_of(self, kind: str, entry_id: str) -> list[str]:
        return self.articles.get((kind, entry_id), [])

    def items_of(self, kind: str, entry_id: str) -> list[AnnotatedArticle]:
        """The articles that involve a person or term, newest first: pages about an entry visit
        only these, so the site's cost grows with its mentions, not with entries x articles."""
        return [self.items[slug] for slug in sorted(set(self.articles_of(kind, entry_id)), key=self.rank.__getitem__)]

    @classmethod
    def of(cls, annotated: list[AnnotatedArticle]) -> "Relations":
        """Backlinks and related articles in time linear in the mentions (an inverted index)."""
        relations = cls()
        relations.items = {item.article.slug: item for item in annotated}
        relations.rank = {slug: n for n, slug in enumerate(relations.items)}
        involved: dict[str, frozenset[tuple[str, str]]] = {}
        articles_with = relations.articles
        for item in annotated:
            slug = item.article.slug
            for entity, numbers in item.places.items():
                relations.places[entity][slug] = numbers
            involved[slug] = item.involved
        position: dict[tuple[tuple[str, str], str], int] = {}
        for slug, entities in involved.items():
            for entity in entities:
                position[(entity, slug)] = len(articles_with[entity])
                articles_with[entity].append(slug)
        by_slug = relations.items
        age = {slug: -item.article.meta.date.toordinal() for slug, item in by_slug.items()}
        for slug, entities in involved.items():
            shared: Counter[str] = Counter()
            for entity in entities:
                others, at = articles_with[entity], position[(entity, slug)]
                # The articles nearest in time that share it: a name in every article costs each
                # article a bounded look, not one at the whole archive.
                shared.update(others[max(0, at - RELATED_WINDOW):at + RELATED_WINDOW + 1])
            del shared[slug]
            # Most shared first, then the newest, then by slug.
            best = heapq.nsmallest(RELATED_SHOWN, ((-count, age[other], other) for other, count in shared.items()))
            relations.related[slug] = [(by_slug[s], sorted(involved[s] & entities)) for _, _, s in best]
        return relations


def assets() -> dict[str, str]:
    """The stylesheet and script every generated site carries, by the path they are served at."""
    from importlib import resources

    return {path: resources.files("generator").joinpath(path).read_text("utf-8") for path in (STYLESHEET, SCRIPT)}


def href(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link between two generated pages, which the builder checks and rewrites."""
    path = _relative_path(posixpath.dirname(from_page) or ".", to_page)
    return f"{path}#{anchor}" if anchor else path


@functools.lru_cache(maxsize=65536)
def _relative_path(from_folder: str, to_page: str) -> str:
    return posixpath.relpath(to_page, from_folder)


def url(from_page: str, to_page: str, anchor: str, options: Options) -> str:
    """The final URL of `to_page` seen from `from_page`, for links in raw HTML (which no builder
    rewrites): the article text and the notes are raw HTML, so that long paragraphs cost linear time."""
    relative = _relative_url(from_page, to_page, options.directory_urls)
    return f"{relative}#{anchor}" if anchor else relative


@functools.lru_cache(maxsize=65536)
def _relative_url(from_page: str, to_page: str, directory_urls: bool) -> str:
    source, target = _url_path(from_page, directory_urls), _url_path(to_page, directory_urls)
    base = source if source.endswith("/") or not source else posixpath.dirname(source)
    relative = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/" if relative != "." else "./"
    return relative


def url_path(page: str, options: Options) -> str:
    """Where the builder puts a page, from the site's root: a/b/ (directory URLs) or a/b.html."""
    return _url_path(page, options.directory_urls)


def _url_path(page: str, directory_urls: bool) -> str:
    stem = page.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def resolver(page: str, options: Options):
    """Maps annotators' person:/term:/article: links to final URLs, relative to `page`."""
    def resolve(target: str) -> str:
        scheme, _, name = target.partition(":")
        if scheme == "person":
            return url(page, person_page(name), "", options)
        if scheme == "term":
            return url(page, GLOSSARY, name, options)
        return url(page, article_page(name), "", options)
    return resolve


_BLOCK_START = re.compile(r"<(div|ul|blockquote|script|p)\b[^>\n]*>")


def raw_blocks(page: str) -> list[tuple[int, int]]:
    """Where the raw HTML blocks of a generated page are, [start, end): all of it but its headings.
    A block starts a line with its tag and ends at the first line that ends with its closing tag
    (text can write neither: `html_text` escapes '<'), with no blank line inside. Builders pass
    them through unchanged, in linear time, and the MkDocs plugin hands them past Python-Markdown
    whole; their links are final URLs (see `url`). Read line by line: a regex looking for each
    block's end would try every character."""
    spans: list[tuple[int, int]] = []
    start, closing, offset = -1, "", 0
    for line in page.split("\n"):
        if start < 0:
            opening = _BLOCK_START.match(line)
            if opening:
                start, closing = offset, f"</{opening.group(1)}>"
        if start >= 0 and line.endswith(closing):
            spans.append((start, offset + len(line)))
            start = -1
        offset += len(line) + 1
    return spans


_INDEXED_TAGS = "p|li|ol|ul|sub|sup|code|pre"
"""The tags Material's search index keeps in its text; it reads every other tag only for its text."""
_OTHER_TAGS = re.compile(rf"</?(?!(?:{_INDEXED_TAGS})\b)[a-z][^>]*>")
_ATTRIBUTES = re.compile(rf"<({_INDEXED_TAGS})\s[^>]*>")
NOT_SEARCHED = ('<script class="annotation-cards"', '<ul class="entry-list"')
"""Raw blocks the search index leaves out: the cards' data, and lists of links to other pages
(whose titles those pages are found by; in every page that links to them, they were noise)."""


def searchable(block: str) -> str:
    """A raw block as the search index reads it: the same text and the tags it keeps, without the
    rest of the markup (mentions, quotes, note spans, links), whose parsing costs it more than
    the text's."""
    if block.startswith(NOT_SEARCHED):
        return ""
    return _ATTRIBUTES.sub(r"<\1>", _OTHER_TAGS.sub("", block))


def link(text: str, target_url: str) -> str:
    """A link for a raw HTML block: `target_url` comes from `url`."""
    return f'<a href="{target_url}">{html_text(text)}</a>'


def link_list(items: list[str]) -> list[str]:
    """A list of links (each item raw HTML) as a raw HTML block."""
    if not items:
        return []
    return ['<ul class="entry-list">', *(f"<li>{item}</li>" for item in items), "</ul>", ""]


def md_link(text: str, target: str, title: str = "", attrs: str = "") -> str:
    """A Markdown link (so the builder checks and rewrites it); attrs go to attr_list."""
    title_part = f' "{literal(title)}"' if title else ""
    return f"[{literal(text)}]({target}{title_part})" + (f"{{: {attrs} }}" if attrs else "")


def external(link: Link) -> str:
    """A source or further reading, as raw HTML: its link, publisher, date and archived copy."""
    parts = [f'<a href="{html_text(link.url)}" rel="noopener noreferrer">{html_text(link.title)}</a>']
    parts += [html_text(str(v)) for v in (link.publisher, link.date) if v]
    if link.archived:
        parts.append(f'<a href="{html_text(link.archived)}" rel="noopener noreferrer">archived copy</a>')
    return ", ".join(parts)


def page_title(text: str) -> str:
    """A title as MkDocs and its themes take it: HTML (they print it unescaped in the navigation
    and in <title>), so a title of "<script>" must reach them escaped."""
    return html.escape(text)


def heading(text: str) -> list[str]:
    """A page's first lines: its title for the theme (front matter) and its heading."""
    return ["---", f"title: {json.dumps(page_title(text))}", "---", "", f"# {literal(text)}", ""]


@functools.lru_cache(maxsize=4096)  # an archive has few dates, each written on many pages
def long_date(value) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def sort_key(text: str) -> str:
    """A-Z order ignoring case and accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def who(person: SpeakerEntry) -> str:
    return ", ".join(v for v in (person.role, person.organization) if v)


def entity_name(kind: str, entry) -> str:
    return entry.name if kind == "speaker" else entry.term


def edit_link(entry, options: Options, what: str) -> str:
    """A small "edit" link to the YAML an entry was written in, at its line (when the site has a
    template for such links), else nothing. Drafts shown under `mkdocs serve` are marked."""
    draft = ' <span class="draft-badge">draft</span>' if getattr(entry, "status", "") == "draft" else ""
    if not options.edit_url:
        return draft
    origin = entry.origin()
    path = Path(os.path.relpath(origin.path, options.edit_root)).as_posix()
    target = options.edit_url.format(path=path, line=origin.line)
    return (f'{draft} <a class="edit-annotation" href="{html_text(target)}" title="{html_text("Edit this " + what)}" '
            f'rel="noopener noreferrer">edit</a>')
