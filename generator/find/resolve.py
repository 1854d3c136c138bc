"""Anchoring a quoted passage from anywhere (W3C selectors, Hypothesis, a corrected source).

`resolve` finds where a passage given as exact text (with optional prefix, suffix and position
hint) lies in a text, in this order, and says how it found it:

1. position: the hint's span holds exactly `exact`;                       -> "exact"
2. exact occurrences (overlapping ones included), one of them picked by
   prefix/suffix similarity and distance to the hint;                      -> "exact", "context"
3. the same after folding white space, quote marks and dashes (offsets are
   mapped back to the raw text);                                           -> "exact", "context"
4. approximate matches by edit distance (edlib), scored like the Hypothesis
   client's matchQuote: (50 quote + 20 prefix + 20 suffix + 2 position) / 92; -> "fuzzy"
   weak ones are rejected (see the thresholds below).
Nothing found, or too weak: "orphan", with the reason. Several equally good: "ambiguous", with
the candidates, and start/end set to the first of them (what a best-match anchorer such as
Hypothesis would pick). It never silently attaches: only exact, context and fuzzy are anchored,
and a caller decides what to do with each status.

`describe` is the inverse, for export: a TextQuoteSelector whose prefix and suffix are just long
enough that prefix+exact+suffix occurs once in the text, extended to word boundaries (the
algorithm of Apache Annotator's describeTextQuote).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import ahocorasick
import edlib

from ..textnorm import Folded, fold, occurrences

MAX_EDITS_SHARE = 0.5
"""A fuzzy candidate may differ from the quote in at most this share of its characters (Hypothesis)."""
MAX_EDITS = 256
MIN_FUZZY_SCORE = 0.75
"""Below this overall score a fuzzy match is an orphan: too unlike the quote and its context."""
SHORT_QUOTE = 8
"""A quote shorter than this (a word) is only matched fuzzily when its prefix or suffix supports it..."""
MIN_CONTEXT_SUPPORT = 0.8
"""...that is, when the prefix or suffix matches the text around the candidate this well."""
REGION = 32
MAX_REGION_EDITS_SHARE = 0.4
"""Every 32-character region of a long quote must match this well on its own: a quote whose ends
match but whose middle does not is an orphan, however good its overall score."""
QUOTE, PREFIX, SUFFIX, POSITION = 50, 20, 20, 2
"""Weights of the parts of a candidate's score (Hypothesis matchQuote)."""


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    score: float
    errors: int = 0


@dataclass(frozen=True)
class Resolution:
    status: str
    """exact, context, fuzzy, orphan or ambiguous."""
    start: int | None = None
    end: int | None = None
    exact: str | None = None
    """The text found, as it stands in the source."""
    confidence: float = 0.0
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)
    reason: str = ""
    method: str = ""
    """position, exact, normalized or fuzzy: the step that found it."""

    @property
    def anchored(self) -> bool:
        return self.status in ("exact", "context", "fuzzy")

    def to_json(self) -> dict:
        data = asdict(self)
        data["confidence"] = round(self.confidence, 4)
        data["candidates"] = [{**asdict(c), "score": round(c.score, 4)} for c in self.candidates]
        return data


def resolve(text: str, exact: str, prefix: str = "", suffix: str = "", start: int | None = None,
            end: int | None = None, folded: Folded | None = None, fuzzy: bool = True) -> Resolution:
    """Where `exact` (with its context and position hint) lies in `text`. `folded`: `fold(text)`,
    when the caller resolves many passages in one text; `fuzzy`: whether to look for approximate
    matches when there is no exact one (the costly part: it reads the whole text)."""
    if not exact:
        raise ValueError("exact must not be empty")
    if start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == exact:
        return Resolution("exact", start, end, exact, 1.0, method="position")
    spans = [(s, s + len(exact)) for s in occurrences(text, exact)]
    if spans:
        return _pick(text, spans, exact, prefix, suffix, start, "exact")
    folded = folded or fold(text)
    needle = fold(exact).text
    if needle.strip():
        spans = [folded.original_span(s, s + len(needle)) for s in occurrences(folded.text, needle)]
        if spans:
            return _pick(text, spans, exact, prefix, suffix, start, "normalized")
    if not fuzzy:
        return Resolution("orphan", method="none")
    return _fuzzy(text, folded, exact, prefix, suffix, start)


def approximate_matches(text: str, pattern: str, max_errors: int) -> list[dict]:
    """Approximate substrings of `text` with the fewest edits (at most `max_errors`): start, end, errors."""
    if not text or not pattern:
        return []
    found = edlib.align(pattern, text, mode="HW", task="locations", k=max_errors)
    if found["editDistance"] < 0:
        return []
    return [{"start": s, "end": e + 1, "errors": found["editDistance"]} for s, e in found["locations"]]


def exact_matches(text: str, exact: str, prefix: str = "", suffix: str = "") -> list[tuple[int, int]]:
    """Every span where prefix+exact+suffix occurs exactly (overlapping ones included)."""
    whole = prefix + exact + suffix
    return [(s + len(prefix), s + len(prefix) + len(exact)) for s in occurrences(text, whole)] if whole else []


def _pick(text, spans, exact, prefix, suffix, hint, method) -> Resolution:
    """One of several occurrences of the quote, by context and position."""
    candidates = [Candidate(s, e, _score(text, s, e, 0, len(exact), prefix, suffix, hint)) for s, e in spans]
    best = max(candidates, key=lambda c: c.score)
    tied = [c for c in candidates if abs(c.score - best.score) < 1e-9]
    if len(candidates) == 1:
        return Resolution("exact", best.start, best.end, text[best.start:best.end], best.score, (best,), method=method)
    if len(tied) > 1:
        first = tied[0]
        return Resolution("ambiguous", first.start, first.end, text[first.start:first.end], first.score, tuple(tied),
                          method=method, reason=f"the quote occurs {len(candidates)} times and its context does not "
                                                "pick one")
    return Resolution("context", best.start, best.end, text[best.start:best.end], best.score, tuple(candidates),
                      method=method)


def _fuzzy(text, folded, exact, prefix, suffix, hint) -> Resolution:
    """Approximate matches of the quote, scored with their context and position."""
    needle = fold(exact).text
    budget = min(MAX_EDITS, int(len(needle) * MAX_EDITS_SHARE))
    found = edlib.align(needle, folded.text, mode="HW", task="locations", k=budget) if needle and folded.text else None
    if not found or found["editDistance"] < 0:
        return Resolution("orphan", reason=f"no passage within {budget} edits of the quote", method="fuzzy")
    spans = set()
    for fold_start, fold_last in found["locations"]:  # edlib: the fewest edits, one start for each end
        start, end = folded.original_span(fold_start, fold_last + 1)
        spans.add(_word_bounds(text, exact, start, end, found["editDistance"]))
    candidates = []
    for start, end in sorted(spans):
        errors = _distance(exact, text[start:end])
        candidates.append(Candidate(start, end, _score(text, start, end, errors, len(needle), prefix, suffix, hint),
                                    errors))
    best = max(candidates, key=lambda c: (c.score, _on_word_bounds(text, c.start, c.end), -abs(c.end - c.start - len(exact))))
    errors = best.errors
    similarity = 1 - errors / len(needle)
    supported = max((part for part in _context_score(text, best.start, best.end, prefix, suffix) if part is not None),
                    default=0.0)
    if len(needle) < SHORT_QUOTE and supported < MIN_CONTEXT_SUPPORT:
        return Resolution("orphan", candidates=tuple(candidates), method="fuzzy",
                          reason=f"a short quote ({len(needle)} characters) with {errors} edits needs its prefix or "
                                 "suffix to match around it")
    worst = max(_region_errors(needle, fold(text[best.start:best.end]).text))
    if worst > MAX_REGION_EDITS_SHARE:
        return Resolution("orphan", candidates=tuple(candidates), method="fuzzy",
                          reason=f"part of the quote does not match: a {REGION}-character region differs by "
                                 f"{worst:.0%}")
    if best.score < MIN_FUZZY_SCORE:
        return Resolution("orphan", candidates=tuple(candidates), method="fuzzy",
                          reason=f"best candidate scores {best.score:.2f} (quote {similarity:.2f} alike), "
                                 f"below {MIN_FUZZY_SCORE}")
    tied = [c for c in candidates if abs(c.score - best.score) < 1e-9]
    if any(c.end <= best.start or c.start >= best.end for c in tied):  # equally good elsewhere
        first = min(tied, key=lambda c: c.start)
        return Resolution("ambiguous", first.start, first.end, text[first.start:first.end], first.score,
                          tuple(tied), method="fuzzy",
                          reason=f"{len(tied)} passages are equally close to the quote")
    return Resolution("fuzzy", best.start, best.end, text[best.start:best.end], best.score, tuple(candidates),
                      method="fuzzy")


def _word_bounds(text: str, exact: str, start: int, end: int, errors: int) -> tuple[int, int]:
    """Widen a fuzzy span that cuts a word: always when that costs no extra edit, and also when
    less of the word is inside the span than outside it (a stray letter is not a passage)."""
    word_start = start
    while word_start > 0 and text[word_start - 1].isalnum() and text[start].isalnum():
        word_start -= 1
    word_end = end
    while word_end < len(text) and end > start and text[word_end].isalnum() and text[end - 1].isalnum():
        word_end += 1
    inside_start = _word_length_from(text, start) if word_start < start else 0
    inside_end = _word_length_to(text, end) if word_end > end else 0
    if word_start < start and inside_start < start - word_start:
        start = word_start
    if word_end > end and inside_end < word_end - end:
        end = word_end
    for candidate in ((word_start, word_end), (start, word_end), (word_start, end)):
        if candidate != (start, end) and _distance(exact, text[slice(*candidate)]) <= _distance(exact, text[start:end]):
            return candidate
    return start, end


def _word_length_from(text: str, at: int) -> int:
    length = 0
    while at + length < len(text) and text[at + length].isalnum():
        length += 1
    return length


def _word_length_to(text: str, at: int) -> int:
    length = 0
    while at - length > 0 and text[at - length - 1].isalnum():
        length += 1
    return length


def _on_word_bounds(text: str, start: int, end: int) -> int:
    """How many ends of a span fall on a word boundary with a word character inside (0 to 2)."""
    starts = text[start].isalnum() and (start == 0 or not text[start - 1].isalnum())
    ends = text[end - 1].isalnum() and (end == len(text) or not text[end].isalnum())
    return int(starts) + int(ends)


def _region_errors(quote: str, found: str) -> list[float]:
    """The share of edits in each REGION-character slice of the quote, aligned with what was found."""
    cigar = edlib.align(quote, found, mode="NW", task="path")["cigar"] or ""
    errors = [0] * len(quote)
    position = 0
    for count, operation in re.findall(r"(\d+)([=XID])", cigar):
        for _ in range(int(count)):
            if operation in "XI" and position < len(quote):
                errors[position] += 1
            elif operation == "D":
                errors[min(position, len(quote) - 1)] += 1
            if operation in "=XI":
                position += 1
    return [sum(errors[i:i + REGION]) / len(errors[i:i + REGION]) for i in range(0, len(quote), REGION)] or [0.0]


def _distance(a: str, b: str) -> int:
    return edlib.align(fold(a).text, fold(b).text, mode="NW")["editDistance"] if a and b else max(len(a), len(b))


def _similarity(window: str, wanted: str) -> float:
    """How well `wanted` occurs in `window` (1 - edits/length), as Hypothesis' textMatchScore."""
    if not wanted or not window:
        return 0.0
    result = edlib.align(fold(wanted).text or wanted, fold(window).text or window, mode="HW")
    return max(0.0, 1 - result["editDistance"] / len(wanted))


def _context_score(text, start, end, prefix, suffix) -> tuple[float | None, float | None]:
    """How well the prefix and suffix match around a candidate (None for one not given)."""
    before = _similarity(text[max(0, start - len(prefix)):start], prefix) if prefix else None
    after = _similarity(text[end:end + len(suffix)], suffix) if suffix else None
    return before, after


def _score(text, start, end, errors, length, prefix, suffix, hint) -> float:
    quote = 1 - errors / max(length, 1)
    before, after = (1.0 if part is None else part for part in _context_score(text, start, end, prefix, suffix))
    position = 1 - abs(start - hint) / len(text) if hint is not None and text else 1.0
    return (QUOTE * quote + PREFIX * before + SUFFIX * after + POSITION * position) / (QUOTE + PREFIX + SUFFIX + POSITION)


# --- the other way round: a selector for a span, unique in the text --------------------------------

WORD_LIMIT = 50
"""At most this many characters of the word on each side of a span go into its selector."""
CONTEXT_LIMIT = 256
"""At most this many characters of prefix, and of suffix, in a selector. In a text that repeats
itself no bounded context tells every passage apart (a 190 KB text once gave each selector a
context of most of the text: a 955 MB export); there the TextPositionSelector beside it does."""
KEY_HEAD = 256
"""Characters of a passage that go into the automaton's keys: a key's length is the depth of its
path in the trie, which pyahocorasick frees recursively (a key of a million characters crashed it)."""


def describe(text: str, start: int, end: int, minimal_context: bool = False, minimum_quote_length: int = 0,
             max_word_length: int = WORD_LIMIT) -> dict:
    """A TextQuoteSelector for text[start:end] that an exact prefix+exact+suffix search finds once,
    where a context of at most CONTEXT_LIMIT characters on each side can make it so."""
    exact = text[start:end]
    prefix = suffix = ""
    if len(exact) < minimum_quote_length:
        wanted = (minimum_quote_length - len(exact)) // 2
        prefix = text[max(0, start - wanted):start]
        missing = minimum_quote_length - len(prefix + exact)
        suffix = text[end:end + max(missing, 0)]
        missing = minimum_quote_length - len(prefix + exact + suffix)
        if missing > 0:
            prefix = text[max(0, start - len(prefix) - missing):start]
    if not minimal_context:
        prefix = _to_whitespace(text, start - len(prefix), max_word_length, backwards=True) + prefix
        suffix = suffix + _to_whitespace(text, end + len(suffix), max_word_length, backwards=False)
    while True:
        others = [s for s in occurrences(text, prefix + exact + suffix) if s + len(prefix) != start]
        widened = others and _widened_within_limit(text, start, end, prefix, suffix, others[0] + len(prefix),
                                                   minimal_context, max_word_length)
        if not widened:
            return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        prefix, suffix = widened


def describe_all(text: str, spans: list[tuple[int, int]]) -> list[dict]:
    """`describe(text, start, end)` for every span, in rounds: each round looks for every span's
    prefix+exact+suffix at once (`_elsewhere`: Aho-Corasick passes over the text) and widens
    those found elsewhere too, as `describe` does. Describing them one by one would read the text
    once per span and widening, which grows with the square of a long article."""
    parts = [(_to_whitespace(text, start, WORD_LIMIT, backwards=True),
              _to_whitespace(text, end, WORD_LIMIT, backwards=False)) for start, end in spans]
    pending = list(range(len(spans)))
    while pending:
        others = _elsewhere(text, [spans[n] for n in pending], [parts[n] for n in pending])
        widening = []
        for n, other in zip(pending, others):
            (start, end), (prefix, suffix) = spans[n], parts[n]
            widened = other is not None and _widened_within_limit(text, start, end, prefix, suffix,
                                                                  other + len(prefix), False, WORD_LIMIT)
            if widened:
                parts[n] = widened
                widening.append(n)
        pending = widening
    return [{"type": "TextQuoteSelector", "exact": text[start:end], "prefix": prefix, "suffix": suffix}
            for (start, end), (prefix, suffix) in zip(spans, parts)]


def _elsewhere(text: str, spans: list[tuple[int, int]], parts: list[tuple[str, str]]) -> list[int | None]:
    """For each span, where its prefix+exact+suffix also starts in `text` (not at its own place),
    or None. One automaton of every span's key (`_key`) reads the text; a span found elsewhere is
    settled, and once the matches of settled keys cost more than building the automaton again
    without them, it is built again and reads on from there. In a text that repeats itself every
    key matches everywhere: read through, a 3.6 MB text gave 10 million matches."""
    wholes = [prefix + text[start:end] + suffix for (start, end), (prefix, suffix) in zip(spans, parts)]
    own = [start - len(prefix) for (start, _), (prefix, _) in zip(spans, parts)]  # a match there is the span
    waiting: dict[str, list[int]] = {}  # each key's spans not found elsewhere yet
    for n, (span, context) in enumerate(zip(spans, parts)):
        waiting.setdefault(_key(text, span, context), []).append(n)
    others: list[int | None] = [None] * len(spans)
    at = 0
    while waiting and at < len(text):
        automaton = ahocorasick.Automaton()
        for key in waiting:
            automaton.add_word(key, key)
        automaton.make_automaton()
        budget, wasted = sum(map(len, waiting)) + 1_000, 0
        longest = max(map(len, waiting))
        for last, key in automaton.iter(text, max(at - longest + 1, 0)):
            if last < at:  # read before the automaton was built again
                continue
            spans_of_key = waiting.get(key)
            if spans_of_key is None:  # settled: its matches cost, until the automaton is built without it
                wasted += 1
                if wasted > budget:
                    at = last
                    break
                continue
            where = last - len(key) + 1
            settled = [n for n in spans_of_key if where != own[n] and text.startswith(wholes[n], where)]
            if settled:
                for n in settled:
                    others[n] = where
                still = [n for n in spans_of_key if others[n] is None]
                if still:
                    waiting[key] = still
                else:
                    del waiting[key]
        else:
            at = len(text)
    return others


def _key(text: str, span: tuple[int, int], context: tuple[str, str]) -> str:
    start, end = span
    return context[0] + text[start:min(end, start + KEY_HEAD)] + (context[1] if end - start <= KEY_HEAD else "")


def _widened_within_limit(text: str, start: int, end: int, prefix: str, suffix: str, other: int,
                          minimal_context: bool, max_word_length: int) -> tuple[str, str] | None:
    """`_widened`, each side cut to CONTEXT_LIMIT characters; None where that adds nothing (the
    span cannot be told apart within the limit)."""
    try:
        wider_prefix, wider_suffix = _widened(text, start, end, prefix, suffix, other, minimal_context,
                                              max_word_length)
    except ValueError:
        return None
    widened = wider_prefix[-CONTEXT_LIMIT:], wider_suffix[:CONTEXT_LIMIT]
    return widened if widened != (prefix, suffix) else None


def _widened(text: str, start: int, end: int, prefix: str, suffix: str, other: int, minimal_context: bool,
             max_word_length: int) -> tuple[str, str]:
    """A prefix and suffix that tell text[start:end] apart from the same text at `other`."""
    exact_length = end - start
    extra_prefix = _until_different(text, start - len(prefix), other - len(prefix), backwards=True)
    if extra_prefix is not None and not minimal_context:
        extra_prefix = _to_whitespace(text, start - len(prefix) - len(extra_prefix), max_word_length,
                                      backwards=True) + extra_prefix
    extra_suffix = _until_different(text, end + len(suffix), other + exact_length + len(suffix), backwards=False)
    if extra_suffix is not None and not minimal_context:
        extra_suffix += _to_whitespace(text, end + len(suffix) + len(extra_suffix), max_word_length, backwards=False)
    if minimal_context:
        if extra_prefix is not None and (extra_suffix is None or len(extra_prefix) <= len(extra_suffix)):
            return extra_prefix + prefix, suffix
        if extra_suffix is not None:
            return prefix, suffix + extra_suffix
    elif extra_prefix is not None or extra_suffix is not None:
        return (extra_prefix or "") + prefix, suffix + (extra_suffix or "")
    raise ValueError("the span cannot be told apart from another")


def _until_different(text: str, mine: int, other: int, backwards: bool) -> str | None:
    """Characters read from `mine` onwards until they differ from those at `other` (None: text ran
    out); past CONTEXT_LIMIT alike, those CONTEXT_LIMIT characters (a selector holds no more)."""
    if backwards:  # read text[mine - 1], text[mine - 2], ... against text[other - 1], ...
        limit = min(mine, other)
        if limit > CONTEXT_LIMIT:
            same = _same_run(text, mine, other, CONTEXT_LIMIT, backwards)
            return text[mine - min(same + 1, CONTEXT_LIMIT):mine]
        same = _same_run(text, mine, other, limit, backwards)
        if same < limit:
            return text[mine - same - 1:mine]
        return None if mine <= other else text[mine - limit - 1:mine]
    limit = max(len(text) - max(mine, other), 0)
    if limit > CONTEXT_LIMIT:
        same = _same_run(text, mine, other, CONTEXT_LIMIT, backwards)
        return text[mine:mine + min(same + 1, CONTEXT_LIMIT)]
    same = _same_run(text, mine, other, limit, backwards)
    if same < limit:
        return text[mine:mine + same + 1]
    return None if mine >= other or mine + limit >= len(text) else text[mine:mine + limit + 1]


def _same_run(text: str, a: int, b: int, limit: int, backwards: bool) -> int:
    """How many characters (at most `limit`) read from `a` and from `b` are the same, compared a
    block at a time, then one at a time: repeated passages share long runs."""
    same, block = 0, 64
    while same < limit:
        size = min(block, limit - same)
        if backwards:
            equal = text[a - same - size:a - same] == text[b - same - size:b - same]
        else:
            equal = text[a + same:a + same + size] == text[b + same:b + same + size]
        if equal:
            same += size
            block *= 2
        elif size > 1:
            block = size // 2
        else:
            return same
    return limit


def _to_whitespace(text: str, at: int, limit: int, backwards: bool) -> str:
    """Characters from `at` up to (not including) the next white space, at most `limit` of them."""
    if backwards:
        window = text[max(at - limit, 0):at] if 0 < at <= len(text) else ""
        return window.rsplit(None, 1)[-1] if window and not window[-1].isspace() else ""
    window = text[at:at + limit] if 0 <= at < len(text) else ""
    return window.split(None, 1)[0] if window and not window[0].isspace() else ""
