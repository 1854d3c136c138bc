"""The data model every stage shares: plain, frozen data that later stages read and never change.

Reading makes `Article`s and a `Site`; finding adds `Span`s and `Turn`s (an `AnnotatedArticle`);
every stage reports `Problem`s, each at its `Origin`. Nothing here reads a file or renders a page.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from .origin import Compact, Origin

if TYPE_CHECKING:
    from .schema import ArticleFile, NoteEntry, QuoteEntry, SpeakerEntry, TermEntry


class Severity(enum.StrEnum):
    ERROR = "error"
    """Stops the build."""
    WARNING = "warning"
    """Worth a look; fails only `check --strict`."""


@dataclass(frozen=True)
class Fix:
    """Replace the passage of a quote or note whose text no longer occurs, after a correction."""

    kind: str
    """quote or note."""
    entry_id: str
    old: str
    new: str
    occurrence: int | None
    confidence: float


@dataclass(frozen=True)
class Problem:
    """One thing wrong (an error) or worth a look (a warning) in the annotations."""

    origin: Origin
    message: str
    hint: str = ""
    """How to fix it, in one sentence."""
    severity: Severity = Severity.ERROR
    fix: Fix | None = None
    """A repair `check --fix` may apply (a confident re-anchoring)."""
    code: str = ""
    """What kind of problem it is, for programs (`check --format json`), e.g. 'unmapped-label'."""
    data: tuple[tuple[str, Any], ...] = ()
    """What a program needs to act on it without reading the message: (name, value) pairs."""

    def __str__(self) -> str:
        text = f"{self.origin}: {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.data).get(name, default)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == Severity.ERROR]


# --- what was found in a text --------------------------------------------------------------------------

class SpanKind(enum.StrEnum):
    """What an annotated passage of a text is."""

    NOTE = "note"
    """The passage a context note explains; `id` is the note's."""
    QUOTE = "quote"
    """A quotation; `id` is the quote's."""
    SPEAKER = "speaker"
    """A mention of a person; `id` is the person's."""
    TERM = "term"
    """A mention of a term; `id` is the term's."""
    TURN = "turn"
    """A transcript's speaker label; `id` is the speaker's."""
    STAGE = "stage"
    """A stage direction such as "(Applause.)"; `id` is empty."""


MENTIONS = (SpanKind.SPEAKER, SpanKind.TERM)


@dataclass(frozen=True, slots=True)
class Span(Compact):
    """An annotated passage of the source text, [start, end) in code points."""

    start: int
    end: int
    kind: SpanKind
    id: str


@dataclass(frozen=True)
class Found:
    """Where a passage was anchored: [start, end) in the original text."""

    start: int
    end: int


@dataclass(frozen=True)
class Miss:
    """Why a passage could not be anchored, and where it might have been meant."""

    message: str
    matches: tuple[tuple[int, int], ...] = ()
    """Where it occurs, when it occurs more than once (the first few places)."""
    closest: tuple[tuple[int, int, float], ...] = ()
    hint: str = ""
    count: int = 0
    """How many places it occurs in, when `matches` lists the first few."""


Anchoring = Found | Miss
"""What looking for a passage gives: where it is, or why it is not."""


@dataclass(frozen=True)
class Turn:
    """A transcript's turn: a speaker holds the floor from a labelled paragraph to the next label."""

    speaker: str
    label: str
    label_start: int
    label_end: int
    """The label's span in the source text, its colon left out."""
    paragraphs: tuple[int, ...]
    """0-based indices of the paragraphs the turn holds, the labelled one first."""


# --- the site as read ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Article:
    slug: str
    folder: Path
    meta: ArticleFile
    text: str
    """The source text as published (BOM dropped, line ends read as LF)."""
    paragraphs: tuple[tuple[int, int], ...]
    """Each paragraph's [start, end) in `text`; paragraphs are separated by blank lines."""
    quotes: tuple[QuoteEntry, ...] = ()
    notes: tuple[NoteEntry, ...] = ()
    speakers: tuple[SpeakerEntry, ...] = ()
    """People only this article needs (its own speakers.yml)."""
    terms: tuple[TermEntry, ...] = ()

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [start for start, _ in self.paragraphs]

    def paragraph_index(self, offset: int) -> int:
        """The 0-based index of the paragraph that holds (or follows) `offset`."""
        return max(bisect.bisect_right(self._paragraph_starts, offset) - 1, 0)

    def paragraph_number(self, offset: int) -> int:
        """The 1-based number of the paragraph that holds `offset` (its id is pN)."""
        return self.paragraph_index(offset) + 1


@dataclass(frozen=True)
class Site:
    speakers: tuple[SpeakerEntry, ...] = ()
    """Site-wide people, recognised in every article."""
    terms: tuple[TermEntry, ...] = ()
    articles: tuple[Article, ...] = ()
    root: Path = field(default=Path("annotations"))

    def all_speakers(self) -> dict[str, SpeakerEntry]:
        """Every person by id, site-wide and each article's own (read only: it is computed once)."""
        return self._all_speakers

    def all_terms(self) -> dict[str, TermEntry]:
        """Every term by id, site-wide and each article's own (read only: it is computed once)."""
        return self._all_terms

    # Computed once per site: pages and exports ask for them for each article.
    @cached_property
    def _all_speakers(self) -> dict[str, SpeakerEntry]:
        found = {s.id: s for s in self.speakers}
        for article in self.articles:
            found.update((s.id, s) for s in article.speakers)
        return found

    @cached_property
    def _all_terms(self) -> dict[str, TermEntry]:
        found = {t.id: t for t in self.terms}
        for article in self.articles:
            found.update((t.id, t) for t in article.terms)
        return found


def split_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Paragraph spans: runs of lines that hold something other than white space."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    last_end = offset = 0
    for line in text.split("\n"):
        end = offset + len(line)
        if line.strip():
            if start is None:
                start = offset
            last_end = end
        elif start is not None:
            spans.append((start, last_end))
            start = None
        offset = end + 1
    if start is not None:
        spans.append((start, last_end))
    return tuple(spans)


@dataclass(frozen=True)
class AnnotatedArticle:
    """An article with every passage the finding stages found in it."""

    article: Article
    spans: tuple[Span, ...]
    """Quotes, notes, mentions, turn labels and stage directions, in any order."""
    turns: tuple[Turn, ...] = ()

    @cached_property
    def places(self) -> dict[tuple[str, str], list[int]]:
        """Each person and term it mentions -> the paragraph number of each mention, in order."""
        places: dict[tuple[str, str], list[int]] = {}
        for span in self.spans:
            if span.kind in MENTIONS:
                places.setdefault((span.kind, span.id), []).append(self.article.paragraph_number(span.start))
        return places

    @cached_property
    def quote_positions(self) -> dict[str, tuple[int, int]]:
        """Each quote found in the text -> its [start, end)."""
        return {s.id: (s.start, s.end) for s in self.spans if s.kind == SpanKind.QUOTE}

    @cached_property
    def involved(self) -> frozenset[tuple[str, str]]:
        """Every person and term it mentions, quotes or gives the floor to."""
        return frozenset([*self.places, *(("speaker", q.speaker) for q in self.article.quotes),
                          *(("speaker", t.speaker) for t in self.turns)])


# --- how pages are written -----------------------------------------------------------------------------

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
    """The URL of the generated pages' folder (the site's URL, and its `prefix`), for absolute
    identifiers: the W3C annotations' IRIs, the feed's ids, the JSON-LD's `@id`s; empty, they are
    relative."""
    site_url: str = ""
    """The site's own URL (where its home page is: `base_url` less the `prefix`); empty, unknown."""
    editors: str = ""
    """Who edits the edition: the author of its fact-checks (ClaimReview); empty, "The editors"."""
    today: dt.date | None = None
    """The day of the run, for the checks of dates that cannot be in the future (a correction's);
    None leaves them out. The shells give it: nothing in the core reads the clock."""
    language: str = "en"
    """The site's language (its theme's `language`, a BCP 47 tag): the generated pages' words,
    dates and direction (`render/language.py`)."""
    review_after: int = 12
    """Months after which `check` warns that an entry's last review (`reviewed:`) is old; 0: never."""


def site_base(url: str) -> str:
    """A site's URL as the base that page paths are appended to: its query and fragment left out
    (`https://x.org/?a=1` would put every path inside the query) and a final slash; "" for none."""
    if not url:
        return ""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path if parts.path.endswith("/") else parts.path + "/", "", ""))


def prefix_refusal(prefix: str) -> str:
    """Why a `prefix` option cannot be a folder of the site; "" when it can."""
    parts = prefix.removesuffix("/").split("/")
    if prefix and ("\\" in prefix or any(part in ("", ".", "..") for part in parts)):
        return "it must be a folder inside docs/, written like news or editions/news (no leading /, no . or .. or \\)"
    return ""


def folder_prefix(prefix: str) -> str:
    """A `prefix` option as the start of a path: "" or "news/"."""
    prefix = prefix.strip("/")
    return prefix + "/" if prefix else ""


@dataclass(frozen=True)
class SiteSettings:
    """What a site's mkdocs.yml says that changes the generated site: the same keys, whichever
    shell reads them (the plugin from MkDocs' configuration, `build --out` from the file), so that
    both make the same site."""

    site_name: str = ""
    site_url: str = ""
    site_description: str = ""
    use_directory_urls: bool = True
    language: str = "en"
    """The theme's `language`."""
    link_mentions: str = "first"
    edit_url: str = ""
    editors: str = ""
    root: str = "."
    """The folder of mkdocs.yml: edit links' {path} is relative to it."""
    link_cards: bool = True
    """OpenGraph and Twitter tags in the head of generated pages (off: another plugin writes them)."""
    linked_data: bool = True
    """A schema.org JSON-LD block for each generated page (off: another plugin describes them)."""
    site_pages: bool = False
    """Whether the site's own pages get those too (off: nothing of the site's own pages changes)."""
    prefix: str = ""
    """The folder of the site everything generated goes in ("news" puts the glossary at
    news/glossary.md); "" for the site's root."""
    search: str = "material"
    """Which search the site has: Material's (its `search` plugin) or Pagefind's (`export/search.py`),
    whose button and dialog the generated site then carries."""
    review_after: int = 12
    """Months after which `check` warns that an entry's review is old (the plugin's `review_after`)."""
    output_folder: str = ""
    """The folder of the site this build writes its pages in, where another plugin builds the site
    once per language (mkdocs-static-i18n's `fr`): absolute addresses start there."""

    PLUGIN_OPTIONS = ("link_mentions", "edit_url", "editors", "link_cards", "linked_data", "site_pages", "prefix",
                      "search", "review_after")
    """The plugin's options (under `plugins: - annotations:`) that are settings: both shells read these."""

    @property
    def root_url(self) -> str:
        """The URL of this build's site: its `site_url`, in a language's folder where it has one."""
        return site_base(self.site_url) + folder_prefix(self.output_folder) if self.site_url else ""

    def options(self, drafts: bool = False, today: dt.date | None = None) -> Options:
        return Options(link_mentions=self.link_mentions, directory_urls=self.use_directory_urls, drafts=drafts,
                       edit_url=self.edit_url, edit_root=self.root,
                       base_url=self.root_url + folder_prefix(self.prefix) if self.site_url else "",
                       site_url=self.root_url,
                       editors=self.editors or self.site_name, today=today, language=self.language,
                       review_after=self.review_after)
