"""Stage 3: entries whose last review is old. People, terms and notes may say when an editor last
checked them against their sources (`reviewed:`): an entry a published page shows whose review is
older than the site's `review_after` months gets a warning, oldest first. An entry that says no
date is not warned about (a site that has never used the key stays quiet); `suggest` lists those,
where the site reviews others."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import AnnotatedArticle, Problem, Severity
from ..origin import Origin
from ..schema import NoteEntry, SpeakerEntry, TermEntry

REVIEW_AFTER = 12
"""Months after which an entry's review is old, unless the site says otherwise (`review_after`)."""


@dataclass(frozen=True)
class Review:
    """One entry a published page shows, and when it was last reviewed."""

    kind: str
    """"person", "term" or "note"."""
    id: str
    origin: Origin
    reviewed: dt.date | None


def review_of(kind: str, entry: SpeakerEntry | TermEntry | NoteEntry) -> Review:
    """An entry's review, located at its id."""
    return Review(kind, entry.id, entry.origin("id"), entry.reviewed)


def note_reviews(notes: Iterable[NoteEntry]) -> list[Review]:
    """The reviews of an article's published notes (a draft is on no page)."""
    return [review_of("note", note) for note in notes if note.status != "draft"]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day where that month is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _reviewed_before(reviews: Iterable[Review], today: dt.date | None, months: int) -> list[Review]:
    """The entries last reviewed more than `months` before `today`, oldest first (none without a day)."""
    if today is None or months <= 0:
        return []
    due = months_before(today, months)
    return sorted((r for r in reviews if r.reviewed and r.reviewed < due), key=lambda r: (r.reviewed, r.kind, r.id))


def stale_reviews(reviews: Iterable[Review], today: dt.date | None, months: int = REVIEW_AFTER) -> list[Problem]:
    """Warnings for the entries last reviewed more than `months` before `today`, oldest first. No
    day, no warning: the core reads no clock."""
    stale = _reviewed_before(reviews, today, months)
    hint = (f"check it against its sources (and what has changed since: roles, facts, links), then set "
            f"'reviewed: {today.isoformat() if today else 'YYYY-MM-DD'}'")
    return [Problem(r.origin, f"{r.kind} '{r.id}' was last reviewed on {r.reviewed}, more than {months} months ago",
                    hint, Severity.WARNING, code="stale-review", data=(("reviewed", str(r.reviewed)),)) for r in stale]


def due_for_review(reviews: Iterable[Review], today: dt.date | None, months: int = REVIEW_AFTER) -> list[Review]:
    """What `suggest` lists: the entries whose review is old, oldest first, then those never
    reviewed where the site reviews others."""
    reviews = list(reviews)
    never = [r for r in reviews if r.reviewed is None] if any(r.reviewed for r in reviews) else []
    return _reviewed_before(reviews, today, months) + never


def article_reviews(item: AnnotatedArticle, speakers: Mapping[str, SpeakerEntry],
                    terms: Mapping[str, TermEntry]) -> list[Review]:
    """When each person and term an article involves, and each of its notes, was last reviewed."""
    entries = [review_of("person" if kind == "speaker" else "term", entry) for kind, entry_id in sorted(item.involved)
               if (entry := (speakers if kind == "speaker" else terms).get(entry_id)) is not None]
    return entries + note_reviews(item.article.notes)
