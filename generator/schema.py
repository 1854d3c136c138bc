"""The annotation file formats: the contract with annotators, as pydantic models.

Validation is pydantic's; `load.py` turns its errors into `path:line:column` problems.
Every key an annotator may write is declared here, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr

from .problems import Origin

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HINT = "use lower-case letters, digits and single hyphens, e.g. 'jens-stoltenberg'"
URL_SCHEMES = ("http://", "https://", "mailto:")


def _url(value: str) -> str:
    if not value.startswith(URL_SCHEMES) or len(value) <= len("https://"):
        raise ValueError("a link must be an absolute URL starting with http://, https:// or mailto:")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Id = Annotated[str, Field(pattern=ID_PATTERN)]
Url = Annotated[str, AfterValidator(_url)]
Text = Annotated[str, AfterValidator(_text)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    _origins: dict[str, Origin] = PrivateAttr(default_factory=dict)

    def origin(self, key: str = "") -> Origin:
        """Where this entry (or one of its keys' values) was written."""
        return self._origins.get(key) or self._origins[""]


class Link(Strict):
    title: Text
    url: Url
    publisher: Optional[Text] = None
    date: Optional[dt.date | Text] = None
    archived: Optional[Url] = None
    """A copy in a web archive, for when the original moves."""


class SpeakerEntry(Strict):
    id: Id
    name: Text
    aliases: list[Text] = []
    """Other ways a text names this person (whole words, case-sensitive unless ignore_case)."""
    role: Optional[Text] = None
    organization: Optional[Text] = None
    description: Optional[Text] = None
    links: list[Link] = []
    ignore_case: bool = False


class TermEntry(Strict):
    id: Id
    term: Text
    aliases: list[Text] = []
    definition: Text
    links: list[Link] = []
    ignore_case: bool = False


class SpeakersFile(Strict):
    speakers: list[SpeakerEntry] = []


class TermsFile(Strict):
    terms: list[TermEntry] = []


class ArticleFile(Strict):
    title: Text
    date: dt.date
    title_by_editors: bool = False
    """The source has no headline: the page says the title was written by the editors."""
    publication: Optional[Text] = None
    url: Optional[Url] = None
    authors: list[Text] = []
    summary: Optional[Text] = None
    licence: Optional[Text] = None
    provenance: Optional[Text] = None
    kind: Literal["report", "transcript"] = "report"
    """A transcript's paragraphs are read as turns of its speakers, by their labels."""
    turns: dict[Text, Id] = {}
    """Transcripts: each speaker label as it stands in the text (without its colon) -> person id."""


class Anchored(Strict):
    """Keys that pick one passage when the anchor text occurs more than once."""

    prefix: Optional[Text] = None
    suffix: Optional[Text] = None
    occurrence: Optional[Annotated[int, Field(ge=1)]] = None


class QuoteEntry(Anchored):
    id: Optional[Id] = None
    speaker: Id
    quote: Text
    said: Optional[Text] = None


class NoteEntry(Anchored):
    id: Id
    anchor: Text
    note: Text
    sources: list[Link] = []
    creator: Optional[Text] = None
    """Who wrote the note, when it came from another tool (kept by `import`)."""
    created: Optional[dt.date | Text] = None


class ContextFile(Strict):
    quotes: list[QuoteEntry] = []
    notes: list[NoteEntry] = []
