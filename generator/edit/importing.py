"""`import`: W3C Web Annotations from any tool that speaks the model (and Hypothesis' JSON export),
anchored in an article's source with `resolve.resolve`, become notes; our own exported quotes
(`export/w3c.py`) come back as quotes. What it makes is plain data for `rewrites.with_entries_appended`,
checked as `check` would read it; the work is bounded by the input (see IMPORT_LIMIT, FUZZY_BUDGET).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..find.anchor import Passages
from ..find.resolve import Resolution, resolve
from ..model import Article
from ..read.files import MAX_YAML_BYTES
from ..read.validate import dotted
from ..schema import WEB_SCHEMES, NoteEntry, QuoteEntry, ascii_slug, url_refusal
from ..textnorm import fold
from .rewrites import with_entries_appended

OWN_ID = re.compile(r"#annotation-(quote|note|mention)-([a-z0-9-]+)$")
"""The ids `export/w3c.py` gives: an annotation of ours coming back."""


@dataclass
class Imported:
    """What became of one incoming annotation."""

    label: str
    outcome: str
    """anchored (exact, context or fuzzy), orphaned, skipped."""
    detail: str = ""
    kind: str = ""
    entry: dict = field(default_factory=dict)
    """The quote or note to append to context.yml, as plain data."""


def annotations_in(data, depth: int = 0) -> list[dict]:
    """The annotations of a W3C annotation, page, collection or list, or of a Hypothesis export
    (looked for a few levels deep: a list of collections of pages of annotations at most)."""
    if depth > 4:
        return []
    if isinstance(data, list):
        return [a for item in data for a in annotations_in(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    if "rows" in data:  # the Hypothesis API's search result
        return annotations_in(data["rows"], depth + 1)
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        return annotations_in(first if isinstance(first, dict) else data.get("items", []), depth + 1)
    if kind == "AnnotationPage":
        return annotations_in(data.get("items", []), depth + 1)
    return [data] if "target" in data else []


IMPORT_LIMIT = 500
"""Annotations one import adds at most: each is a YAML entry that a person reviews, and writing
them keeps every comment of context.yml (20,000 took minutes). Importing the same file again adds
the next ones: those already added are skipped as the same."""
FUZZY_BUDGET = 100_000_000
"""Characters of text one import searches for approximate matches (about a second's work): past
it, an annotation not found exactly is left for another run, and says so."""


def import_annotations(data, article: Article, existing: list[QuoteEntry | NoteEntry],
                       people: Collection[str] = ()) -> list[Imported]:
    """Anchor every incoming annotation in the article's source and make it a quote or a note.
    `existing`: the article's quotes and notes; `people`: the ids a quote's speaker may have."""
    results = []
    taken = {str(e.id) for e in existing}
    seen = {_sameness(e.model_dump(exclude_none=True), "quote" if isinstance(e, QuoteEntry) else "note")
            for e in existing}
    passages = Passages(fold(article.text))
    ids = _Ids(taken)
    fuzzy_left = FUZZY_BUDGET
    resolved: dict[tuple, Resolution] = {}
    added = 0
    for number, annotation in enumerate(annotations_in(data), 1):
        label = str(annotation.get("id") or f"annotation {number}")
        own = OWN_ID.search(str(annotation.get("id", "")))
        if own and own.group(1) == "mention":
            results.append(Imported(label, "skipped", "a mention: found again from the names in speakers.yml "
                                                      "and terms.yml"))
            continue
        if added >= IMPORT_LIMIT:
            results.append(Imported(label, "left", f"one import adds at most {IMPORT_LIMIT:,} annotations; review "
                                                   "these, then import the same file again for the next ones"))
            continue
        quote, position = _selectors(annotation)
        if not quote or not quote.get("exact"):
            results.append(Imported(label, "orphaned", "no TextQuoteSelector with an exact text"))
            continue
        selector = (quote["exact"], quote.get("prefix") or "", quote.get("suffix") or "", position.get("start"),
                    position.get("end"))
        found = resolved.get(selector)
        if found is None:  # another tool's export repeats itself: each selector is looked for once
            found = resolve(article.text, *selector, folded=passages.folded, fuzzy=fuzzy_left >= len(article.text))
            resolved[selector] = found
            if found.method == "fuzzy":
                fuzzy_left -= len(article.text)
        if not found.anchored:
            reason = found.reason or ("not searched for approximately: this import's budget for that is spent; "
                                      "import the same file again for the rest")
            results.append(Imported(label, "orphaned", f"{found.status}: {reason}"))
            continue
        how = f"{found.status} ({found.method}, confidence {found.confidence:.2f})"
        if own and own.group(1) == "quote":
            entry = _quote_entry(annotation, own.group(2), article, found, passages)
            kind = "quote"
        else:
            entry = _note_entry(annotation, own.group(2) if own else None, article, found, ids, passages)
            kind = "note"
        if entry["id"] in taken:
            results.append(Imported(label, "skipped", f"'{entry['id']}' is already in context.yml or this import"))
            continue
        if _sameness(entry, kind) in seen:
            results.append(Imported(label, "skipped", f"the same {kind} on the same passage is already in "
                                                      "context.yml or this import"))
            continue
        refusal = _entry_refusal(kind, entry)
        if kind == "quote" and not refusal and entry["speaker"] not in people:
            refusal = ("its speaker is not a person of this site: the annotation links no people/ID/ page this "
                       "site has" if entry["speaker"] == UNKNOWN_SPEAKER else
                       f"its speaker '{entry['speaker']}' is not in speakers.yml: add the person first")
        if refusal:  # what import writes, check reads: an entry it would refuse is not written
            results.append(Imported(label, "refused", refusal))
            continue
        taken.add(entry["id"])
        seen.add(_sameness(entry, kind))
        added += 1
        results.append(Imported(label, "anchored", how, kind, entry))
    return results


def _sameness(entry: dict, kind: str) -> tuple:
    """What makes two quotes or two notes the same annotation, whatever their ids."""
    if kind == "quote":
        return kind, entry.get("quote"), entry.get("occurrence"), entry.get("speaker")
    return kind, entry.get("anchor"), entry.get("occurrence"), entry.get("note")


def _entry_refusal(kind: str, entry: dict) -> str | None:
    """Why check would refuse an imported entry, or None."""
    try:
        (QuoteEntry if kind == "quote" else NoteEntry).model_validate(entry)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = dotted(error["loc"])
        return f"'{where}': {error['msg'].removeprefix('Value error, ')}"
    return None


def _texts(mapping: dict, *keys: str) -> dict[str, str]:
    """The keys of an incoming mapping whose values are text (another tool may write anything)."""
    return {key: mapping[key] for key in keys if isinstance(mapping.get(key), str)}


def _selectors(annotation: dict) -> tuple[dict, dict]:
    targets = annotation.get("target")
    targets = targets if isinstance(targets, list) else [targets]
    for target in targets:
        if not isinstance(target, dict):
            continue
        selectors = target.get("selector") or []
        selectors = selectors if isinstance(selectors, list) else [selectors]
        quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
        if quote:
            position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"),
                            {})
            offsets = {key: position[key] for key in ("start", "end") if type(position.get(key)) is int}
            return _texts(quote, "exact", "prefix", "suffix"), offsets
    return {}, {}


def _anchor_keys(article: Article, found, passages: Passages) -> dict:
    """anchor (and occurrence, when the passage repeats) as `check` reads them."""
    anchor = article.text[found.start:found.end]
    occurrence = passages.occurrence_of(anchor, found.start, found.end)
    return {"anchor": anchor, **({"occurrence": occurrence} if occurrence else {})}


UNKNOWN_SPEAKER = "unknown"


def _quote_entry(annotation: dict, quote_id: str, article: Article, found, passages: Passages) -> dict:
    bodies = _bodies(annotation)
    speaker = next((m.group(1) for b in bodies if b.get("purpose") == "identifying"
                    for m in [re.search(r"people/([a-z0-9-]+)(?:/|\.html)", str(b.get("source", "")))] if m), None)
    said = next((b["value"] for b in bodies if b.get("purpose") == "describing" and isinstance(b.get("value"), str)),
                None)
    keys = _anchor_keys(article, found, passages)
    entry = {"id": quote_id, "speaker": speaker or UNKNOWN_SPEAKER, "quote": keys.pop("anchor"), **keys}
    if said:
        entry["said"] = said
    return entry


def _note_entry(annotation: dict, note_id: str | None, article: Article, found, ids: _Ids,
                passages: Passages) -> dict:
    bodies = _bodies(annotation)
    texts = [b["value"] for b in bodies if b.get("type") == "TextualBody" and isinstance(b.get("value"), str)
             and b.get("purpose") in (None, "describing", "commenting", "replying", "questioning", "assessing")]
    text = "\n\n".join(texts).strip() or "(no text)"
    sources = []
    for body in bodies:
        url = body.get("source") if body.get("type") == "SpecificResource" else body.get("id")
        if (isinstance(url, str) and url.lower().startswith(WEB_SCHEMES) and url_refusal(url) is None
                and body.get("type") != "TextualBody"):
            source = {"title": _texts(body, "dcterms:title").get("dcterms:title") or url, "url": url}
            for key in ("publisher", "date"):
                if _texts(body, f"dcterms:{key}"):
                    source[key] = body[f"dcterms:{key}"]
            if _texts(body, "dcterms:hasVersion"):
                source["archived"] = body["dcterms:hasVersion"]
            sources.append(source)
    entry = {"id": note_id or ids.new(text), **_anchor_keys(article, found, passages), "note": text}
    if sources:
        entry["sources"] = sources
    creator = annotation.get("creator") or annotation.get("user")
    if isinstance(creator, dict):
        creator = creator.get("name") or creator.get("nickname") or creator.get("id")
    if creator:
        entry["creator"] = re.sub(r"^acct:([^@]+)@.*$", r"\1", str(creator))
    if annotation.get("created"):
        entry["created"] = str(annotation["created"])
    return entry


def _bodies(annotation: dict) -> list[dict]:
    body = annotation.get("body", [])
    bodies = body if isinstance(body, list) else [body]
    result = [b if isinstance(b, dict) else {"id": b} for b in bodies if b]
    if isinstance(annotation.get("text"), str):  # Hypothesis
        result.append({"type": "TextualBody", "value": annotation["text"]})
    return result


class _Ids:
    """New note ids made from their text, none of them taken: the n-th note of the same first words
    gets `-n` at once (counting up from 2 for each was quadratic in 20,000 alike notes)."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self._next: dict[str, int] = {}

    def new(self, text: str) -> str:
        words = [w for w in (ascii_slug(w) for w in re.findall(r"\w+", text.lower())) if w][:5]
        stem = "-".join(words)[:60].strip("-") or "note"  # an id names a footnote: short, and within MAX_ID_LENGTH
        candidate, n = stem, self._next.get(stem, 2)
        while candidate in self.taken:
            candidate, n = f"{stem}-{n}", n + 1
        self._next[stem] = n
        return candidate


class ContextTooLarge(ValueError):
    """What an import would write is over the size `check` reads."""

    def __init__(self, size: int):
        super().__init__(f"it would be {size:,} bytes or more, over the limit of {MAX_YAML_BYTES:,} that check reads")
        self.size = size


def context_with(original: str, added: list[tuple[str, dict]]) -> str:
    """context.yml with the imported entries appended (`with_entries_appended`), or
    `ContextTooLarge`: what check would refuse is not written. The entries' texts alone tell most
    of it before YAML is written (ruamel takes seconds over a file near the limit)."""
    size = len(original.encode("utf-8")) + sum(len(text.encode("utf-8")) for _, entry in added
                                               for text in _all_texts(entry))
    if size > MAX_YAML_BYTES:
        raise ContextTooLarge(size)
    text = with_entries_appended(original, added)
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise ContextTooLarge(len(text.encode("utf-8")))
    return text


def _all_texts(value) -> list[str]:
    """Every text in an entry, however nested."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _all_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _all_texts(item)]
    return [value] if isinstance(value, str) else []
