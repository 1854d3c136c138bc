"""What an article probably still needs: names and acronyms no entry covers, quoted passages no
one is credited with, speaker labels not mapped; with a coverage figure and YAML to paste."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..find.turns import find_turns
from ..model import AnnotatedArticle, SpanKind
from ..schema import ascii_slug
from ..textnorm import fold
from .reviews import Review

NAME = re.compile(r"\b(?:[A-Z][\w’'-]*\.?)(?:[ \u00a0](?:[A-Z][\w’'-]*|of|de|von|van|al|bin|the)\b)*(?<!of)(?<!de)"
                  r"(?<!the)", re.UNICODE)
QUOTED = re.compile(r"[“\"]([^“”\"]{12,})[”\"]")
COMMON = set("""A An And As At But By For From He Her His I If In It Its Mr Mrs Ms Now On Or Our She So That The
Their There These They This Those To We What When Where Which While Who Why With You Your Yes No Not Well Thank
Thanks Also Then Today Tomorrow Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
March April May June July August September October November December Q Mr. Mrs. Ms. Dr. President Minister""".split())
ORGANISATION_WORDS = {"Ministry", "Council", "Union", "Organization", "Organisation", "Palace", "Office", "Assembly",
                      "Party", "Army", "Forces", "Parliament", "Committee", "Agency", "Bank", "University", "Court"}


@dataclass
class Suggestions:
    names: list[tuple[str, int, int]] = field(default_factory=list)
    """(name, count, first paragraph) for names and acronyms no entry covers, most frequent first."""
    quotes: list[tuple[str, int]] = field(default_factory=list)
    """(passage, paragraph) for quoted passages no quote covers."""
    labels: list[tuple[str, int]] = field(default_factory=list)
    """(label, line) for speaker labels that turns: does not map."""
    covered: int = 0
    total: int = 0
    reviews: list[Review] = field(default_factory=list)
    """The entries it shows that are due for review (`reviews.due_for_review`)."""

    @property
    def coverage(self) -> float:
        return self.covered / self.total if self.total else 1.0


def suggest(item: AnnotatedArticle, reviews: list[Review] | None = None) -> Suggestions:
    """What the article probably still needs; `reviews`: its entries due for review, listed too."""
    article = item.article
    text = article.text
    marked = [(s.start, s.end) for s in item.spans if s.kind in (SpanKind.SPEAKER, SpanKind.TERM, SpanKind.TURN)]
    quoted = [(s.start, s.end) for s in item.spans if s.kind == SpanKind.QUOTE]
    found = Suggestions(reviews=list(reviews or []))
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    covered_names = {fold(text[s:e]).text for s, e in marked}
    starts_only: dict[str, bool] = {}
    masked = list(text)
    for s, e in marked:  # annotated names break a run of capitals ("Secretary-General Jens Stoltenberg")
        masked[s:e] = "|" * (e - s)
    for match in NAME.finditer("".join(masked)):
        words = match.group().split()
        start = match.start()
        while words and (words[0] in COMMON or words[0].islower() or _contraction(words[0])):  # "And Ukraine"
            start = text.index(words[0], start) + len(words[0])
            words = words[1:]
        words = [re.sub(r"[’']s$", "", w) for w in words if not _contraction(w)]
        name = " ".join(words).rstrip(".")
        if not name or len(name) < 2 or name.endswith("-") or \
                all(w in COMMON for w in words):
            continue
        at_start = len(words) == 1 and _sentence_start(text, start)
        starts_only[name] = starts_only.get(name, True) and at_start
        counts[name] += 1
        first.setdefault(name, article.paragraph_index(start) + 1)
    for name, only_at_starts in starts_only.items():
        if only_at_starts:  # an ordinary word, capitalised because it starts a sentence
            del counts[name]
    found.names = sorted(((n, c, first[n]) for n, c in counts.items()), key=lambda x: (-x[1], x[2], x[0]))
    for match in QUOTED.finditer(text):
        start, end = match.start(1), match.end(1)
        if len(match.group(1).split()) >= 4 and not any(s < end and start < e for s, e in quoted):
            found.quotes.append((match.group(1).strip(), article.paragraph_index(start) + 1))
    attributed = sum(1 for m in QUOTED.finditer(text) if len(m.group(1).split()) >= 4) - len(found.quotes)
    _, _, problems = find_turns(article)
    found.labels = [(p.get("label"), p.origin.line) for p in problems if p.code == "unmapped-label"]
    found.covered = len(covered_names) + attributed
    found.total = found.covered + len(found.names) + len(found.quotes) + len(found.labels)
    return found


def _contraction(word: str) -> bool:
    return bool(re.search(r"[’'](m|ll|ve|re|d|t)$", word))


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \u00a0“\"‘'(")
    return not before or before[-1] in ".!?:\n—"


def stub(found: Suggestions, slug: str) -> str:
    """YAML entries to paste and complete."""
    people: list[str] = []
    terms: list[str] = []
    for name, _, _ in found.names:
        words = name.split()
        person = 2 <= len(words) <= 4 and not name.isupper() and not ORGANISATION_WORDS & set(words)
        (people if person else terms).append(name)
    lines = []
    if people:
        lines += ["# annotations/speakers.yml, under speakers:"]
        for name in people:
            lines += [f"  - id: {_id(name)}", f"    name: {name}", "    role: ...", "    links:",
                      "      - {title: ..., url: https://...}"]
    if terms:
        lines += ["# annotations/terms.yml, under terms:"]
        for name in terms:
            lines += [f"  - id: {_id(name)}", f"    term: {name}", "    definition: ...", "    links:",
                      "      - {title: ..., url: https://...}"]
    if found.quotes:
        lines += [f"# annotations/{slug}/context.yml, under quotes:"]
        for passage, _ in found.quotes:
            lines += ["  - speaker: ...", f"    quote: {_yaml_text(passage)}"]
    if found.labels:
        lines += [f"# annotations/{slug}/article.yml, under turns:"]
        lines += [f"  {label}: ..." for label, _ in found.labels]
    return "\n".join(lines)


def _id(name: str) -> str:
    return ascii_slug(name) or "entry"


def _yaml_text(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False) if re.search(r"[:#'\"\[\]{},&*!|>%@`]", text) or \
        text[:1] in "-?" else text


def report(found: Suggestions, slug: str) -> str:
    lines = []
    if found.names:
        lines.append(f"Names and acronyms no speaker or term covers ({len(found.names)}):")
        lines += [f"  {name} ×{count}, first in paragraph {paragraph}" for name, count, paragraph in found.names]
    if found.quotes:
        lines.append(f"Quoted passages credited to no one ({len(found.quotes)}):")
        lines += [f"  “{passage[:70]}{'…' if len(passage) > 70 else ''}”, paragraph {paragraph}"
                  for passage, paragraph in found.quotes]
    if found.labels:
        lines.append(f"Speaker labels not mapped in turns: ({len(found.labels)}):")
        lines += [f"  {label}, source.txt line {line}" for label, line in found.labels]
    if found.reviews:
        lines.append(f"Entries due for review ({len(found.reviews)}), oldest first:")
        lines += [f"  {r.kind} '{r.id}', " + (f"last reviewed {r.reviewed}" if r.reviewed else "never reviewed")
                  + f" ({r.origin})" for r in found.reviews]
    if not lines:
        lines.append("Nothing obvious is missing.")
    lines.append(f"Coverage: {found.coverage:.0%} ({found.covered} of {found.total} candidates annotated)")
    paste = stub(found, slug)
    if paste:
        lines += ["", "Ready to paste (complete each ...):", paste]
    return "\n".join(lines)
