"""The annotation file formats: the contract with annotators, as pydantic models.

Validation is pydantic's; `load.py` turns its errors into `path:line:column` problems.
Every key an annotator may write is declared here, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .origin import Compact, Origin

MAX_ID_LENGTH = 100
"""Ids and slugs name files (`people/<id>/index.md`, `<slug>.jsonld`): far below any file system's
255-byte limit on a name, with room for the temporary names beside them."""
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HINT = f"use lower-case letters, digits and single hyphens, at most {MAX_ID_LENGTH} of them, e.g. 'jens-stoltenberg'"
RESERVED = {"person": {"index"}, "term": {"glossary"}, "article": {"index"}}
"""Ids that would collide with a generated page or anchor (people/index.md, the glossary's title)."""
WEB_SCHEMES = ("http://", "https://")
EXTERNAL_SCHEMES = (*WEB_SCHEMES, "mailto:")
"""The only links an annotation may publish to another site (in any letter case, as URLs allow)."""
INTERNAL_SCHEMES = ("person:", "term:", "article:")
"""Links to an entry of this site, by id, in annotators' prose."""
URL_PATTERN = r"^(?:[hH][tT][tT][pP][sS]?://[^\s/?#@]+|[mM][aA][iI][lL][tT][oO]:)\S*$"
"""What `url_refusal` accepts, for the JSON Schemas (ECMA-262 has no flag for letter case)."""
TEXT_PATTERN = r"\S"
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What no published text holds: C0 and C1 controls and DEL, but tab and newline."""
NONCHARACTER = re.compile("[\ufdd0-\ufdef" + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}"
                                                   for plane in range(0, 0x110000, 0x10000)) + "]")
"""Unicode's noncharacters (U+FFFE, U+FFFF, U+FDD0…U+FDEF and the last two of every plane): not
for interchange, and no XML document (the feed) can hold U+FFFE or U+FFFF."""
LINE_BREAK = re.compile(r"[\n\r\x85\u2028\u2029]")
_NOT_IN_A_TEXT = re.compile(f"{CONTROL_CHARACTER.pattern}|{NONCHARACTER.pattern}")
_NOT_ON_A_LINE = re.compile(f"{_NOT_IN_A_TEXT.pattern}|{LINE_BREAK.pattern}")
"""All at once: every title and name is searched once."""


def is_id(value: str) -> bool:
    """Whether `value` may be an id or a slug: the one rule, for entries, folders and `new`."""
    return len(value) <= MAX_ID_LENGTH and re.fullmatch(ID_PATTERN, value) is not None


def url_refusal(url: str) -> str | None:
    """Why `url` may not be published as a link to another site, or None: an http(s) URL with a
    host, or a mailto address; no space or control character anywhere."""
    scheme = url.partition(":")[0].lower()
    if scheme not in ("http", "https", "mailto") or not url.lower().startswith(EXTERNAL_SCHEMES):
        return "a link must be an absolute URL starting with http://, https:// or mailto:"
    if re.search(r"\s", url) or CONTROL_CHARACTER.search(url):
        return "a URL may not hold spaces or control characters (write a space as %20)"
    if not re.match(URL_PATTERN, url):
        return "a URL needs a host after // (e.g. https://example.org/page) or an address after mailto:"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018  # read for its check: a port that is not a number raises
    except ValueError as exc:
        return f"not a valid URL ({exc})"
    if scheme != "mailto" and parts.username is not None:
        return "a URL may not name a user before its host (user@host): it can disguise where the link goes"
    return None


MAX_LINE_LENGTH = 500
"""Characters in a title, a name, a label or a role: it is repeated on every page that lists it
(a title in the navigation of every page), so a long one multiplies the site's size."""


def on_host(url: str, *domains: str) -> bool:
    """Whether `url`'s host is one of `domains` or a name below one: en.wikipedia.org is on
    wikipedia.org; wikipedia.org.evil.example and evil.example/wikipedia.org/ are not."""
    try:
        host = (urllib.parse.urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def text_refusal(value: str, one_line: bool = False) -> str | None:
    """Why `value` may not be an annotator's text, or None."""
    bad = (_NOT_ON_A_LINE if one_line else _NOT_IN_A_TEXT).search(value)
    if bad is None:
        if one_line and len(value) > MAX_LINE_LENGTH:
            return (f"is {len(value):,} characters long; a title, name or label is at most {MAX_LINE_LENGTH} "
                    "(shorten it: a longer text belongs in a summary, a description or a note)")
        return None if value.strip() else "must not be empty"
    if CONTROL_CHARACTER.match(bad.group()):
        return f"control character U+{ord(bad.group()):04X} is not allowed in a text (write it out, or remove it)"
    if NONCHARACTER.match(bad.group()):
        return (f"noncharacter U+{ord(bad.group()):04X} is not allowed in a text (no feed can carry it; "
                "remove it)")
    return "must be one line (a title or a name is shown on one line)"


WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"


def _wikidata(value: str) -> str:
    if not re.fullmatch(WIKIDATA_PATTERN, value):
        raise ValueError("a Wikidata id is Q and digits, e.g. Q42 (from the entity's page, never guessed)")
    return value


LANGUAGE_PATTERN = r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$"


def _language(value: str) -> str:
    if not re.fullmatch(LANGUAGE_PATTERN, value):
        raise ValueError("a language is a BCP 47 tag, as HTML's lang takes it: en, de, uk, pt-BR, zh-Hant")
    return value


def wikidata_entity(item: str) -> str:
    """A Wikidata item's concept URI, as linked data names it."""
    return f"http://www.wikidata.org/entity/{item}"


def wikidata_page(item: str) -> str:
    """The Wikidata page of an item, for readers."""
    return f"https://www.wikidata.org/wiki/{item}"


def _url(value: str) -> str:
    refusal = url_refusal(value)
    if refusal:
        raise ValueError(refusal)
    return value


def _text(value: str) -> str:
    refusal = text_refusal(value)
    if refusal:
        raise ValueError(refusal)
    return value


def _line(value: str) -> str:
    refusal = text_refusal(value, one_line=True)
    if refusal:
        raise ValueError(refusal)
    return value


def ascii_slug(text: str) -> str:
    """Text as an id's letters: accents dropped, lower case, every run of other characters one
    hyphen ("" when nothing is left). Quote and note ids derived from it must stay as they are."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)]
# The validators say why a value is wrong; the same rules appear as patterns in the JSON Schemas.
Url = Annotated[str, AfterValidator(_url), Field(json_schema_extra={"pattern": URL_PATTERN, "format": "uri"})]
Text = Annotated[str, AfterValidator(_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]
WikidataId = Annotated[str, AfterValidator(_wikidata), Field(json_schema_extra={"pattern": WIKIDATA_PATTERN})]
LanguageTag = Annotated[str, AfterValidator(_language), Field(json_schema_extra={"pattern": LANGUAGE_PATTERN})]
Line = Annotated[str, AfterValidator(_line), Field(json_schema_extra={"pattern": r"^[^\n\r\x85\u2028\u2029]*\S",
                                                                   "maxLength": MAX_LINE_LENGTH})]
"""Text on one line: titles, names, labels."""
StrictBool = Annotated[bool, Field(strict=True)]
"""true or false, as YAML writes them (not 1, 0 or 'yes' in quotes)."""


Rating = Literal["accurate", "inaccurate", "misleading", "unverified"]
"""A fact-check's verdict on the passage its note anchors: a small fixed scale, shown in words."""
Status = Literal["published", "draft"]
"""A draft is checked like the rest but left out of the published site (shown under mkdocs serve)."""


@dataclass(frozen=True, slots=True)
class Written(Compact):  # one per entry, kept
    """Where an entry was written (0-based, as libyaml counts): its own place, each key's and
    value's, and the keys of a mapping value (such as a transcript's `turns:`)."""

    path: Path
    line: int
    column: int
    keys: dict[typing.Any, tuple[int, int, int, int]] = field(default_factory=dict)
    """key -> (key line, key column, value line, value column)."""
    nested: dict[typing.Any, dict] = field(default_factory=dict)
    """key of a mapping value -> its own keys' positions, as `keys`."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
    _where: Written | None = PrivateAttr(default=None)
    """Set by the loader."""

    def origin(self, key: str = "") -> Origin:
        """Where this entry (or the value of one of its keys, or a key of a mapping value written
        as `key.subkey`) was written."""
        if self._where is None:
            raise LookupError(f"{type(self).__name__} was not loaded from a file")
        where = self._where
        line, column = where.line, where.column
        head, _, sub = key.partition(".")
        if sub and sub in where.nested.get(head, {}):
            line, column = where.nested[head][sub][:2]
        elif key in where.keys:
            line, column = where.keys[key][2:]
        return Origin(where.path, line + 1, column + 1)

    def written(self, key: str) -> bool:
        """Whether the annotator wrote this key (rather than its default)."""
        return self._where is not None and key in self._where.keys


def nested_model(annotation) -> type[Strict] | None:
    """The model a field's value is made of: the field's own type, or the item type of a list, a
    tuple or an Optional; None for plain values. The one walker over the models' annotations."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, Strict):
            return candidate
        for inner in typing.get_args(candidate):
            if isinstance(inner, type) and issubclass(inner, Strict):
                return inner
    return None


def list_item_model(annotation) -> type[Strict] | None:
    """The model of a list field's items, or None."""
    return nested_model(annotation) if typing.get_origin(annotation) in (list, tuple) else None


class Link(Strict):
    title: Line
    """The linked page's title, as it gives it."""
    url: Url
    """An absolute http(s) or mailto URL."""
    publisher: Optional[Line] = None
    """Who published it."""
    date: Optional[dt.date | Text] = None
    """Its publication date, YYYY-MM-DD when known."""
    archived: Optional[Url] = None
    """A copy in a web archive, for when the original moves."""


Year = Annotated[int, Field(ge=1, le=9999, strict=True)]
When = dt.date | Year
"""A date (2024-10-01) or, where only the year is known, a year (2024)."""


def first_day(when: When) -> dt.date:
    return when if isinstance(when, dt.date) else dt.date(when, 1, 1)


def last_day(when: When) -> dt.date:
    return when if isinstance(when, dt.date) else dt.date(when, 12, 31)


def _same_precision(a: When, b: When) -> tuple[object, object]:
    """Two boundaries compared as precisely as the less precise allows (a year against a date: years)."""
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return a, b
    return first_day(a).year, first_day(b).year


class Period(Strict):
    """Something true for a time, from `start` to `end` (either unknown or open): its subclasses
    declare the two after their own keys, which come first in files and the reference."""

    if typing.TYPE_CHECKING:
        start: When | None
        end: When | None

    @model_validator(mode="after")
    def _starts_before_it_ends(self):
        if self.start is not None and self.end is not None:
            start, end = _same_precision(self.start, self.end)
            if start > end:
                raise ValueError(f"end ({self.end}) is before start ({self.start}): swap them, or correct one")
        return self

    def began(self) -> dt.date:
        """Its first day, for ordering: the earliest date where the start is not known."""
        return first_day(self.start) if self.start is not None else dt.date.min

    def holds_on(self, day: dt.date) -> bool:
        """Whether it was true on `day` (a year counts as the whole year)."""
        return (self.start is None or first_day(self.start) <= day) and (self.end is None or day <= last_day(self.end))

    def overlaps(self, other: Period) -> bool:
        """Whether the two were true at once, beyond a shared boundary (a handover day, a year)."""
        def before(end: When | None, start: When | None) -> bool:  # `end` comes no later than `start`
            if end is None or start is None:
                return False
            a, b = _same_precision(end, start)
            return a <= b  # type: ignore[operator]
        return not (before(self.end, other.start) or before(other.end, self.start))


class Role(Period):
    role: Line
    """The position, as a card shows it ("Secretary General")."""
    organization: Optional[Line] = None
    """Where it was held."""
    start: Optional[When] = None
    """When it began: a date (YYYY-MM-DD) or a year; none when not known."""
    end: Optional[When] = None
    """When it ended: a date or a year; none while it lasts."""


class DatedFact(Period):
    fact: Text
    """What was true then, in a sentence ("NATO has 31 members."); may use *emphasis* and links."""
    start: Optional[When] = None
    """When it became true: a date (YYYY-MM-DD) or a year; none when not known."""
    end: Optional[When] = None
    """When it stopped being true: a date or a year; none while it is."""


def _one_at_a_time(what: str, name: typing.Callable[[typing.Any], str]):
    """A validator of dated roles or facts: a card shows the one of a day, so no two may overlap."""
    def check(periods: list) -> list:
        for n, one in enumerate(periods):
            for other in periods[n + 1:]:
                if one.overlaps(other):
                    raise ValueError(f"{what} '{name(one)}' and '{name(other)}' overlap: a card shows one at a "
                                     "time, so end one where the next starts (the same day or year may be both), "
                                     "or write the two as one")
        return periods
    return check


_one_role_at_a_time = _one_at_a_time("roles", lambda role: role.role)
_one_fact_at_a_time = _one_at_a_time("facts", lambda fact: fact.fact[:40])


class SpeakerEntry(Strict):
    id: Id
    """Lower-case letters, digits and hyphens; the person's page is people/<id>/."""
    name: Line
    """The full name, as texts write it."""
    sort_as: Optional[Line] = None
    """How A-Z lists order the person, family name first ("Leyen, Ursula von der"); by default the
    name's last word (before Jr., Sr., II or III), then the rest."""
    aliases: list[Line] = []
    """Other ways a text names this person (whole words, case-sensitive unless ignore_case)."""
    role: Optional[Line] = None
    """Their position, shown in cards: one role, undated (for roles in time, write roles: instead)."""
    organization: Optional[Line] = None
    """Whom they worked for (with role:)."""
    roles: Annotated[list[Role], AfterValidator(_one_role_at_a_time)] = []
    """Their roles in time, each with role, organization, start and end: a card on an article shows
    the role held on the article's date, and today's where it differs. No two may overlap."""
    description: Optional[Text] = None
    """Who they are, in a few sentences; may use *emphasis* and links."""
    wikidata: Optional[WikidataId] = None
    """The person's Wikidata item, Q and digits, where a source confirms it (published as sameAs)."""
    links: list[Link] = []
    """Sources and further reading."""
    ignore_case: StrictBool = False
    """Match the name and aliases in any letter case."""
    reviewed: Optional[dt.date] = None
    """When an editor last checked the entry against its sources, YYYY-MM-DD (`check` warns when
    that is longer ago than the site's `review_after`)."""
    status: Status = "published"
    """draft keeps the entry out of the published site."""

    @model_validator(mode="after")
    def _role_or_roles(self):
        if self.roles and (self.role or self.organization):
            raise ValueError("write either role: and organization: (one role, undated) or roles: (roles in "
                             "time), not both: move the role into roles:")
        return self


class TermEntry(Strict):
    id: Id
    """Lower-case letters, digits and hyphens; the entry is glossary/#<id>."""
    term: Line
    """The term as texts write it."""
    aliases: list[Line] = []
    """Other ways the texts write it (whole words, case-sensitive unless ignore_case)."""
    definition: Text
    """What it is, in a sentence or two; may use *emphasis* and links."""
    facts: Annotated[list[DatedFact], AfterValidator(_one_fact_at_a_time)] = []
    """What changes about it in time (who holds an office, how many members), each a fact with its
    start and end: a card on an article shows the one true on the article's date, and today's."""
    wikidata: Optional[WikidataId] = None
    """The term's Wikidata item, Q and digits, where a source confirms it (published as sameAs)."""
    links: list[Link] = []
    """Sources and further reading."""
    ignore_case: StrictBool = False
    """Match the term and aliases in any letter case."""
    reviewed: Optional[dt.date] = None
    """When an editor last checked the entry against its sources, YYYY-MM-DD."""
    status: Status = "published"
    """draft keeps the entry out of the published site."""


class SpeakersFile(Strict):
    speakers: list[SpeakerEntry] = []


class TermsFile(Strict):
    terms: list[TermEntry] = []


class Correction(Strict):
    date: dt.date
    """When the source text was corrected, YYYY-MM-DD."""
    note: Text
    """What changed."""


class ArticleFile(Strict):
    title: Line
    """The headline."""
    title_by_editors: StrictBool = False
    """The headline is the editors' (the source has none, or its own is not known): the page says so."""
    date: dt.date
    """The publication date, YYYY-MM-DD."""
    annotated: Optional[dt.date] = None
    """When this annotated edition was first published, YYYY-MM-DD: the edition's own date in its
    linked data (`date` is the original's), and its fact-checks' unless a note says `created`."""
    kind: Literal["report", "transcript"] = "report"
    """A transcript's paragraphs are read as turns of its speakers, by their labels."""
    language: Optional[LanguageTag] = None
    """The text's language, a BCP 47 tag (en, de, uk, pt-BR), where it is not the site's: the page
    marks the text and the headline with it (HTML's lang and dir), so that screen readers read them in it."""
    turns: dict[Line, Id] = {}
    """Transcripts: each speaker label as it stands in the text (without its colon) -> person id."""
    publication: Optional[Line] = None
    """Who published it."""
    url: Optional[Url] = None
    """Where it was published."""
    authors: list[Line] = []
    """Who wrote it, when known."""
    summary: Optional[Text] = None
    """A sentence for the articles index."""
    licence: Optional[Text] = None
    """How the text may be republished."""
    provenance: Optional[Text] = None
    """Where this copy of the text comes from, and how it was converted."""
    corrections: list[Correction] = []
    """Corrections of the source text since it was first annotated (shown on the page)."""


class Anchored(Strict):
    """Keys that pick one passage when the anchor text occurs more than once."""

    prefix: Optional[Text] = None
    """The text just before the passage."""
    suffix: Optional[Text] = None
    """The text just after the passage."""
    occurrence: Optional[Annotated[int, Field(ge=1, strict=True)]] = None
    """Which occurrence of the passage (1 for the first)."""


class QuoteEntry(Anchored):
    id: Optional[Id] = None
    """Optional; made from the speaker and the first words when absent."""
    speaker: Id
    """The id of the person quoted."""
    quote: Text
    """The quoted passage, as it stands in the text."""
    said: Optional[Line] = None
    """Where or when it was said."""
    status: Status = "published"
    """draft keeps the quote out of the published site."""


class NoteEntry(Anchored):
    id: Id
    """Unique in the article; its footnote is #fn:<id>."""
    anchor: Text
    """The passage the note explains, as it stands in the text."""
    note: Text
    """The note; may use *emphasis*, links and line breaks."""
    sources: list[Link] = []
    """Where the note's facts come from: every note cites at least one."""
    rating: Optional[Rating] = None
    """A fact-check: the note checks the passage it anchors, and rates it accurate, inaccurate,
    misleading or unverified; its sources are the evidence (required)."""
    creator: Optional[Line] = None
    """Who wrote the note, when it came from another tool (kept by `import`)."""
    created: Optional[dt.date | Text] = None
    """When the note was written, when it came from another tool."""
    reviewed: Optional[dt.date] = None
    """When an editor last checked the note against its sources, YYYY-MM-DD."""
    status: Status = "published"
    """draft keeps the note out of the published site."""


    @model_validator(mode="after")
    def _a_fact_check_cites_its_evidence(self):
        if self.rating and not self.sources:
            raise ValueError("a fact-check (rating:) must cite its evidence: add sources:")
        return self


class ContextFile(Strict):
    quotes: list[QuoteEntry] = []
    notes: list[NoteEntry] = []


FILES: dict[str, type[Strict]] = {"speakers": SpeakersFile, "terms": TermsFile, "article": ArticleFile, "context": ContextFile}
"""Each annotation file's name (without .yml) and the model that validates it."""


def json_schemas() -> dict[str, dict]:
    """A JSON Schema for each annotation file, from the same models as the validator."""
    schemas = {}
    for name, model in FILES.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"{name}.yml"
        schemas[name] = schema
    return schemas
