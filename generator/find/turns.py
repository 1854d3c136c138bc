"""Stage 2 (transcripts): who holds the floor in each paragraph, read from the speaker labels.

A turn starts at a paragraph that begins with a speaker label and runs until the next label.
A label is capitals (any script), dots, hyphens, apostrophes and spaces followed by a colon
(`PRIME MINISTER ŠIMONYTĖ:`), or White House style a bare `Q` followed by spaces. Datelines
and time stamps before the first label, and a paragraph of only a time stamp or END, belong
to no turn. Stage directions such as "(Applause.)" are marked, and stay text.
"""

from __future__ import annotations

import re

from ..model import Article, Origin, Problem, Span, SpanKind, Turn

LABEL_PUNCTUATION = " .-’'"
QUESTION = re.compile(r"Q[ \u00a0]+(?=\S)")
TIME_STAMP_OR_END = re.compile(r"(?:\d{1,2}:\d{2}(?:\s*[AP]\.?\s?M\.?)?(?:\s+[A-Z]{2,5})?|END)", re.IGNORECASE)
STAGE_DIRECTION = re.compile(
    r"\((?:[A-Z][^()\n]{0,40}\.|(?i:inaudible|laughter|laughs|applause|cross-?talk|unintelligible|pause))\)")


def speaker_label(paragraph: str) -> str | None:
    """The speaker label a paragraph starts with (without its colon), or None."""
    if QUESTION.match(paragraph):
        return "Q"
    colon = paragraph.find(":", 0, 80)
    label = paragraph[:colon] if colon > 0 else ""
    if not label or not label[0].isupper() or label[-1] == " ":
        return None
    if not all(c.isupper() or c in LABEL_PUNCTUATION for c in label):
        return None
    after = paragraph[colon + 1: colon + 2]
    return label if not after or after.isspace() else None


def find_turns(article: Article) -> tuple[list[Turn], list[Span], list[Problem]]:
    """The turns of a transcript, spans for its labels and stage directions, and the problems."""
    meta, problems = article.meta, []
    if meta.kind != "transcript":
        if meta.turns:
            problems.append(Problem(meta.origin("turns"), "turns: are read only in transcripts",
                                    "add 'kind: transcript' to article.yml, or remove turns:", code="turns-in-report"))
        return [], [], problems
    used: set[str] = set()
    turns_found: list[list] = []
    current: list | None = None
    for index, (start, end) in enumerate(article.paragraphs):
        paragraph = article.text[start:end]
        label = speaker_label(paragraph)
        if label is not None:
            current = None
            if label in meta.turns:
                used.add(label)
                current = [meta.turns[label], label, start, start + len(label), [index]]
                turns_found.append(current)
            else:
                mapped = ", ".join(f"'{m}'" for m in meta.turns) or "none yet"
                problems.append(Problem(Origin.at_offset(article.folder / "source.txt", article.text, start),
                                        f"speaker label '{label}' is not mapped to a speaker",
                                        f"add '{label}: <person-id>' under turns: in article.yml (mapped: {mapped})",
                                        code="unmapped-label", data=(("label", label),)))
        elif current is not None and not TIME_STAMP_OR_END.fullmatch(paragraph.strip()):
            current[4].append(index)
    for label in meta.turns:
        if label not in used:
            problems.append(Problem(meta.origin(f"turns.{label}"), f"speaker label '{label}' never occurs in source.txt",
                                    "write it as the text does (capitals, without the colon), or remove it",
                                    code="unused-label", data=(("label", label),)))
    found = [Turn(speaker, label, s, e, tuple(paragraphs)) for speaker, label, s, e, paragraphs in turns_found]
    spans = [Span(t.label_start, t.label_end, SpanKind.TURN, t.speaker) for t in found]
    spans += [Span(m.start(), m.end(), SpanKind.STAGE, "") for m in STAGE_DIRECTION.finditer(article.text)]
    return found, spans, problems
