"""The annotation file formats: the contract with annotators, as pydantic models.

Validation is pydantic's; `load.py` turns its errors into `path:line:column` problems.
Every key an annotator may write is declared here, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr

from .model import Origin

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HINT = "use lower-case letters, digits and single hyphens, e.g. 'jens-stoltenberg'"
RESERVED = {"person": {"index"}, "term": {"glossary"}, "article": {"index"}}
"""Ids that would collide with a generated page or anchor (people/index.md, the glossary's title)."""
WEB_SCHEMES = ("http://", "https://")
EXTERNAL_SCHEMES = (*WEB_SCHEMES, "mailto:")
"""The only links an annotation may publish to another site."""
INTERNAL_SCHEMES = ("person:", "term:", "article:")
"""Links to an entry of this site, by id, in annotators' prose."""
URL_PATTERN = "^(" + "|".join(re.escape(s) for s in EXTERNAL_SCHEMES) + r")\S"
TEXT_PATTERN = r"\S"


def _url(value: str) -> str:
    if not re.match(URL_PATTERN, value):
        raise ValueError("a link must be an absolute URL starting with http://, https:// or mailto:")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def ascii_slug(text: str) -> str:
    """Text as an id's letters: accents dropped, lower case, every run of other characters one
    hyphen ("" when nothing is left). Quote and note ids derived from it must stay as they are."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


Id = Annotated[str, Field(pattern=ID_PATTERN)]
# The validators say why a value is wrong; the same rules appear as patterns in the JSON Schemas.
Url = Annotated[str, AfterValidator(_url), Field(json_schema_extra={"pattern": URL_PATTERN, "format": "uri"})]
Text = Annotated[str, AfterValidator(_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]


Status = Literal["published", "draft"]
"""A draft is checked like the rest but left out of the published site (shown under mkdocs serve)."""


@dataclass(frozen=True)
class Written:
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
    title: Text
    """The linked page's title, as it gives it."""
    url: Url
    """An absolute http(s) or mailto URL."""
    publisher: Optional[Text] = None
    """Who published it."""
    date: Optional[dt.date | Text] = None
    """Its publication date, YYYY-MM-DD when known."""
    archived: Optional[Url] = None
    """A copy in a web archive, for when the original moves."""


class SpeakerEntry(Strict):
    id: Id
    """Lower-case letters, digits and hyphens; the person's page is people/<id>/."""
    name: Text
    """The full name, as texts write it."""
    aliases: list[Text] = []
    """Other ways a text names this person (whole words, case-sensitive unless ignore_case)."""
    role: Optional[Text] = None
    """Their position at the time, shown in tooltips."""
    organization: Optional[Text] = None
    """Whom they worked for."""
    description: Optional[Text] = None
    """Who they are, in a few sentences; may use *emphasis* and links."""
    links: list[Link] = []
    """Sources and further reading."""
    ignore_case: bool = False
    """Match the name and aliases in any letter case."""
    status: Status = "published"
    """draft keeps the entry out of the published site."""


class TermEntry(Strict):
    id: Id
    """Lower-case letters, digits and hyphens; the entry is glossary/#<id>."""
    term: Text
    """The term as texts write it."""
    aliases: list[Text] = []
    """Other ways the texts write it (whole words, case-sensitive unless ignore_case)."""
    definition: Text
    """What it is, in a sentence or two; may use *emphasis* and links."""
    links: list[Link] = []
    """Sources and further reading."""
    ignore_case: bool = False
    """Match the term and aliases in any letter case."""
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
    title: Text
    """The headline."""
    title_by_editors: bool = False
    """The source has no headline: the page says the title was written by the editors."""
    date: dt.date
    """The publication date, YYYY-MM-DD."""
    kind: Literal["report", "transcript"] = "report"
    """A transcript's paragraphs are read as turns of its speakers, by their labels."""
    turns: dict[Text, Id] = {}
    """Transcripts: each speaker label as it stands in the text (without its colon) -> person id."""
    publication: Optional[Text] = None
    """Who published it."""
    url: Optional[Url] = None
    """Where it was published."""
    authors: list[Text] = []
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
    occurrence: Optional[Annotated[int, Field(ge=1)]] = None
    """Which occurrence of the passage (1 for the first)."""


class QuoteEntry(Anchored):
    id: Optional[Id] = None
    """Optional; made from the speaker and the first words when absent."""
    speaker: Id
    """The id of the person quoted."""
    quote: Text
    """The quoted passage, as it stands in the text."""
    said: Optional[Text] = None
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
    creator: Optional[Text] = None
    """Who wrote the note, when it came from another tool (kept by `import`)."""
    created: Optional[dt.date | Text] = None
    """When the note was written, when it came from another tool."""
    status: Status = "published"
    """draft keeps the note out of the published site."""


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
