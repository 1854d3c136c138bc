"""Stage 3: warnings about sources, as a fact-checker reads them: a note cites a source, each
source has a date, neither a note nor a person or term rests on Wikipedia alone, a URL carries
no tracking or print parameters, and a link's title is a title, not its address."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..model import Article, Problem, Severity, Site
from ..schema import Link, NoteEntry, SpeakerEntry, TermEntry, on_host

PRINT_OR_EDITION = {"print": None, "printable": None, "output": "print", "view": "print", "IR": None}
"""Query parameters that ask for a print view or a regional edition (a value, where only that
value does), not the page itself. Business Insider's edition switch `IR` comes with `r`."""
COMPANIONS = {"IR": "r"}


def article_source_warnings(article: Article) -> list[Problem]:
    """The warnings about one article's own sources and links: its URL, its notes' sources and the
    links of the people and terms its folder adds (found with the article, and kept with it)."""
    problems = list(_url_parameters(article.meta.url, article.meta, "url")) if article.meta.url else []
    for note in article.notes:
        problems += _note_sources(note)
    return problems + _entry_links([*article.speakers, *article.terms])


def shared_source_warnings(site: Site) -> list[Problem]:
    """The warnings about the links of the site-wide people and terms."""
    return _entry_links([*site.speakers, *site.terms])


def _entry_links(entries: list[SpeakerEntry | TermEntry]) -> list[Problem]:
    return [problem for entry in entries for problem in _entry_sources(entry)]


def _entry_sources(entry: SpeakerEntry | TermEntry) -> Iterator[Problem]:
    for link in entry.links:
        yield from _link(link)
    if entry.links and all(on_host(link.url, "wikipedia.org") for link in entry.links):
        kind = "person" if isinstance(entry, SpeakerEntry) else "term"
        yield Problem(entry.origin("links"), f"{kind} '{entry.id}' rests on Wikipedia alone",
                      "add a dated source beside it: a primary text or a news report, such as one the "
                      "Wikipedia article cites", Severity.WARNING, code="wikipedia-only")


def _note_sources(note: NoteEntry) -> Iterator[Problem]:
    if not note.sources:
        yield Problem(note.origin("id"), f"note '{note.id}' cites no source",
                      "add sources: with at least one {title, url}", Severity.WARNING, code="unsourced-note")
    for source in note.sources:
        yield from _link(source)
        if source.date is None:
            yield Problem(source.origin(), f"a source of note '{note.id}' has no date",
                          "add 'date: YYYY-MM-DD', the day the page was published (or last updated)",
                          Severity.WARNING, code="source-undated")
    if note.sources and all(on_host(source.url, "wikipedia.org") for source in note.sources):
        yield Problem(note.origin("sources"), f"note '{note.id}' rests on Wikipedia alone",
                      "cite the sources the Wikipedia article cites (a primary text or a news report), "
                      "beside it or instead of it", Severity.WARNING, code="wikipedia-only")


def _link(link: Link) -> Iterator[Problem]:
    yield from _url_parameters(link.url, link, "url")
    if link.archived:
        yield from _url_parameters(link.archived, link, "archived")
    if _is_address(link.title, link.url):
        yield Problem(link.origin("title"), f"the link to {link.url} has its address for a title",
                      "give the page's own title, as it stands on the page", Severity.WARNING, code="untitled-link")


def _url_parameters(url: str, entry, key: str) -> Iterator[Problem]:
    """A warning if the URL carries parameters that track the reader or ask for another view."""
    parts = urlsplit(url)
    if not parts.query:
        return
    unwanted = _tracking(parts.query) | {name for name, value in parse_qsl(parts.query, keep_blank_values=True)
                                         if name in PRINT_OR_EDITION and PRINT_OR_EDITION[name] in (None, value)}
    unwanted |= {COMPANIONS[name] for name in unwanted if name in COMPANIONS}
    if unwanted:
        kept = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name not in unwanted]
        clean = urlunsplit(parts._replace(query=urlencode(kept)))
        yield Problem(entry.origin(key), f"the URL carries tracking or print parameters ({', '.join(sorted(unwanted))})",
                      f"link the page itself: {clean}", Severity.WARNING, code="tracking-parameters",
                      data=(("url", url), ("clean", clean)))


def _tracking(query: str) -> set[str]:
    """The names of the query's tracking parameters, as courlan (the URL cleaner of trafilatura)
    knows them. Imported here: few URLs have a query, and it costs a check's start-up a tenth of a second."""
    from courlan.clean import clean_query

    return {name for name, _ in parse_qsl(query, keep_blank_values=True)} - \
        {name for name, _ in parse_qsl(clean_query(query), keep_blank_values=True)}


def _is_address(title: str, url: str) -> bool:
    """Whether a title is only the link's address (or its host), as a pasted link leaves it."""
    bare = title.strip().rstrip("/").removeprefix("https://").removeprefix("http://").removeprefix("www.")
    target = urlsplit(url)
    host = (target.hostname or "").removeprefix("www.")
    return bare.lower() in {host.lower(), (host + target.path).rstrip("/").lower()} or "://" in title
