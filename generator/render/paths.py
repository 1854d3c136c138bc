"""Where every generated page is, and the links between them, in the builder's URL style.

Pages and their URLs (stable, documented in docs/html-contract.md):
  articles/index.md        every article, newest first
  articles/<slug>.md       one article; paragraph N is #pN, a note's footnote is #fn:<note-id>
  glossary.md              every term A-Z, a short definition each; term <id> is #<id>, linking its page
  glossary/<letter>.md     beyond INDEX_PAGE_ENTRIES terms, a letter's terms (people/a-z/<letter>.md for people)
  terms/<id>.md            one term: its definition, sources, where it is mentioned
  people/index.md          every person A-Z
  people/<id>.md           one person: who they are, their quotes and turns, where they are mentioned
  people/<id>/<n>.md       the same for older articles, ENTRY_PAGE_ARTICLES at a time (terms/<id>/<n>.md too)
  archive/<year>.md        a year's articles by month, where the archive outgrows the articles index
  archive/<year>/<mm>.md   a month's articles, where the year has more than INDEX_PAGE_ENTRIES
  assets/cards/<slug>.png  an article's link-card image (assets/cards/site.png: every other page's)
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable

from ..model import Options

ARTICLES_INDEX = "articles/index.md"
FRONT_PAGE = "index.md"
"""Generated only where the site has no home page of its own (see `entries.front_page`)."""
GLOSSARY = "glossary.md"
PEOPLE_INDEX = "people/index.md"
STYLESHEET = "assets/annotations.css"
SCRIPT = "assets/annotations.js"
SEARCH_SCRIPT = "assets/annotations-search.js"
"""The search button and dialog, with the plugin's option `search: pagefind` (`export/search.py`)."""
SITE_CARD = "assets/cards/site.png"
"""The link card's image of every page but an article's (`export/cards.py`)."""


def card_image(page: str) -> str:
    """The image a page's shared link shows: its own for an article, else the site's."""
    if page.startswith("articles/") and page != ARTICLES_INDEX:
        return f"assets/cards/{page.removeprefix('articles/').removesuffix('.md')}.png"
    return SITE_CARD


def article_page(slug: str) -> str:
    return f"articles/{slug}.md"


def person_page(person_id: str) -> str:
    return f"people/{person_id}.md"


def term_page(term_id: str) -> str:
    return f"terms/{term_id}.md"


def year_page(year: int) -> str:
    return f"archive/{year}.md"


def month_page(year: int, month: int) -> str:
    return f"archive/{year}/{month:02d}.md"


def entry_part(entry_page: str, part: int) -> str:
    """Part `part` (1, 2, ...) of a person's or a term's page: the page itself, then its older articles."""
    return entry_page if part == 1 else f"{entry_page.removesuffix('.md')}/{part}.md"


def assets() -> dict[str, str]:
    """The stylesheet and script every generated site carries, by the path they are served at:
    minified (`minified`); the repository keeps them readable."""
    from importlib import resources

    return {path: minified(path, resources.files("generator").joinpath(path).read_text("utf-8"))
            for path in (STYLESHEET, SCRIPT)}


def minified(path: str, text: str) -> str:
    """A stylesheet or script without its comments and spaces (rcssmin, rjsmin): a third less to
    download and parse on a phone."""
    if path.endswith(".css"):
        import rcssmin

        return rcssmin.cssmin(text)
    import rjsmin

    return rjsmin.jsmin(text)


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
    if not page.endswith(".md"):  # a file (an image): served where it is
        return page
    stem = page.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def resolver(page: str, options: Options) -> Callable[[str], str]:
    """Maps annotators' person:/term:/article: links to final URLs, relative to `page`."""
    def resolve(target: str) -> str:
        scheme, _, name = target.partition(":")
        if scheme == "person":
            return url(page, person_page(name), "", options)
        if scheme == "term":
            return url(page, term_page(name), "", options)
        return url(page, article_page(name), "", options)
    return resolve


