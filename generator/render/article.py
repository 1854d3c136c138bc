"""Stage 4a: an article's page: its metadata, its text with every annotation, its notes.

The text goes paragraph by paragraph into `<p id="pN">`; annotations become nested elements,
and a span that crosses another is split into fragments sharing its attributes. The text and
the notes are written as raw HTML blocks, which any Markdown builder passes through in linear
time (Python-Markdown's inline processing is quadratic in a paragraph's length); their links are
final URLs in the builder's URL style. The notes keep Python-Markdown's footnote markup
(`sup > a.footnote-ref`, `div.footnote li#fn:ID`), which themes such as Material preview.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import replace

from ..model import AnnotatedArticle, Article, Options, Span, SpanKind
from ..schema import NoteEntry, QuoteEntry
from ..textnorm import may_join, on_cluster_boundaries
from .language import Words, language_attributes, message, page_plain, page_prose, words_for
from .markup import edit_link, entity_name, external, heading, link, link_list, then_and_now, who, who_in
from .paths import article_page, person_page, term_page, url
from .relations import Relations
from .text import HtmlText, html_text, literal, script_json

NESTING = {SpanKind.NOTE: 0, SpanKind.QUOTE: 1, SpanKind.SPEAKER: 2, SpanKind.TERM: 2, SpanKind.TURN: 2,
           SpanKind.STAGE: 2}
"""Outer to inner, for spans that cover the same text."""
TURN_COLOURS = 6
"""Speakers of a transcript are told apart by this many colours (see annotations.css)."""


def article_page_parts(item: AnnotatedArticle, speakers, terms, options: Options) -> tuple[str, str]:
    """An article's page but for its related articles, which go between the two parts: all that
    depends on the article alone (and the people and terms), so it is rendered, and cached, with it."""
    article, meta = item.article, item.article.meta
    page = article_page(article.slug)
    notes = _in_marker_order(item)
    context = _Context(page, article.text, meta.date, speakers, terms, {q.id: q for q in article.quotes}, options, notes)
    words = context.words
    # The text's own language, where the article gives it: a screen reader reads it in that language.
    language = language_attributes(meta.language)
    lines = [*heading(meta.title, meta.summary, meta.language), '<div class="article-meta">', *_byline(article, words),
             *_skip_to_notes(notes, words), "</div>", ""]
    lines += [f'<div class="article-body" data-article="{article.slug}"{language}>']
    turn_of = _turn_attributes(item, speakers)
    spans = [_whole_characters(article.text, span) for span in item.spans] if may_join(article.text) else item.spans
    spans_in = _by_paragraph(article, spans)
    for index, (start, end) in enumerate(article.paragraphs):
        body = _paragraph(start, end, spans_in.get(index, []), context)
        lines.append(f'<p id="p{index + 1}"{turn_of.get(index, "")}>{body}</p>')
    lines += ["</div>", ""]
    lines += _about(article, words)
    lines += _cards(item, context, notes)
    lines += _in_this_article(item, page, speakers, terms, options)
    notes_title = words("Notes")
    tail = [f"## {literal(notes_title)}", "", *_notes(notes, page, options), ""] if notes else []
    return "\n".join(lines) + "\n", "\n".join(tail) + "\n" if tail else ""


def related_section(item: AnnotatedArticle, relations: Relations, speakers, terms, options: Options) -> str:
    lines = _related(relations.related.get(item.article.slug, []), article_page(item.article.slug), speakers, terms,
                     options)
    return "\n".join(lines) + "\n" if lines else ""


def _byline(article: Article, words: Words) -> list[str]:
    """What a reader needs before the text, on one line and a summary: when, who published it, what
    kind of text, and that the headline is the editors' when it is. Names in <bdi>: written in
    another direction than the page's, they stay whole."""
    meta = article.meta
    parts = [f'<time datetime="{meta.date.isoformat()}">{html_text(words.date(meta.date))}</time>']
    if meta.publication:
        parts.append(f"<em><bdi>{html_text(meta.publication)}</bdi></em>")
    if meta.authors:
        parts.append(words.html("by {authors}", authors=_names(meta.authors)))
    if meta.kind == "transcript":
        parts.append(html_text(words("transcript")))
    if meta.title_by_editors:
        parts.append(html_text(words("headline by the editors")))
    if meta.corrections:
        corrected = words.html("corrected {date}", date=html_text(words.date(meta.corrections[-1].date)))
        parts.append(f'<a href="#about-this-text">{corrected}</a>')
    lines = ['<p class="article-byline">' + " · ".join(parts) + "</p>"]
    if meta.summary:
        lines.append(f'<p class="article-summary">{html_text(meta.summary)}</p>')
    return lines


def _names(names: list[str]) -> str:
    return ", ".join(f"<bdi>{html_text(name)}</bdi>" for name in names)


def _about(article: Article, words: Words) -> list[str]:
    """Where the text comes from, its licence and its corrections: after the text, folded, so a
    phone's first screen holds the headline, the byline and the text."""
    title = words("About this text")
    return ['<details class="article-about" id="about-this-text">', f"<summary>{html_text(title)}</summary>",
            "<p>" + "<br>\n".join(_provenance(article, words)) + "</p>", "</details>", ""]


def _provenance(article: Article, words: Words) -> list[str]:
    meta = article.meta
    date = html_text(words.date(meta.date))

    def row(label: str, value: str) -> str:
        return f"<strong>{html_text(label)}</strong> {value}"

    publication = f"<em><bdi>{html_text(meta.publication)}</bdi></em>" if meta.publication else ""
    rows = [row(words("Published:"), words.html("{date} by {publication}", date=date, publication=publication)
                if meta.publication else date)]
    if meta.kind == "transcript":
        rows.append(row(words("Kind:"), html_text(words("transcript"))))
    if meta.authors:
        rows.append(row(words("By:"), _names(meta.authors)))
    if meta.url:
        rows.append(row(words("Original:"), f'<a href="{html_text(meta.url)}" rel="noopener noreferrer">'
                                            f'{html_text(meta.url)}</a>'))
    if meta.licence:
        rows.append(row(words("Licence:"), html_text(meta.licence)))
    if meta.provenance:
        rows.append(row(words("Provenance:"), html_text(meta.provenance)))
    if meta.title_by_editors:
        rows.append(row(words("Headline:"), html_text(words("written by the editors of this edition."))))
    if meta.summary:
        rows.append(row(words("Summary:"), html_text(meta.summary)))
    for correction in meta.corrections:
        rows.append(row(words("Corrected:"), words.html("{date}: {note}", date=html_text(words.date(correction.date)),
                                                        note=html_text(correction.note))))
    return rows


def _turn_attributes(item: AnnotatedArticle, speakers) -> dict[int, str]:
    """Paragraph index -> the attributes that say whose turn it is."""
    colours: dict[str, int] = {}
    attributes = {}
    for turn in item.turns:
        colour = colours.setdefault(turn.speaker, len(colours) % TURN_COLOURS + 1)
        name = speakers[turn.speaker].name if turn.speaker in speakers else turn.speaker
        for position, index in enumerate(turn.paragraphs):
            classes = f"turn turn-colour-{colour}" + (" turn-start" if position == 0 else "")
            attributes[index] = f' class="{classes}" data-turn="{turn.speaker}" data-turn-name="{html_text(name)}"'
    return attributes


def _in_order(item: AnnotatedArticle, kind: str, entries: dict):
    """Entries of one kind in the order they first appear in the text."""
    seen = []
    for span in sorted(item.spans, key=lambda s: (s.start, s.end)):
        if span.kind == kind and span.id in entries and span.id not in seen:
            seen.append(span.id)
    return [entries[i] for i in seen]


def _cards(item: AnnotatedArticle, context: _Context, notes: list[NoteEntry]) -> list[str]:
    """What a reader's card shows for each person, term, quote and note of the article, by card
    id: a JSON script from which annotations.js shows one beside the passage hovered, focused or
    tapped (outside the .article-body, which holds only the text)."""
    page, options, words = context.page, context.options, context.words
    cards: dict[str, dict] = {}
    shown: set[tuple[str, str]] = set()
    day = context.day
    for span in sorted(item.spans, key=lambda s: (s.start, s.end)):
        key = (SpanKind.SPEAKER if span.kind == SpanKind.TURN else span.kind, span.id)
        if key in shown or span.kind in (SpanKind.NOTE, SpanKind.STAGE):
            continue
        shown.add(key)
        if key[0] == "speaker":
            person = context.speakers[span.id]
            about = words.html("About {name}", name=html_text(person.name))
            # The role held on the article's date, and today's where it differs.
            then, now = (then_and_now(person.roles, lambda r: html_text(who_in(r)), day, person.reviewed, words)
                         if person.roles else (html_text(who(person)), ""))
            body = (f"<strong>{html_text(person.name)}</strong>" + "".join(f"<br>{line}" for line in (then, now) if line)
                    + f'<br><a href="{url(page, person_page(span.id), "", options)}">{about}</a>')
        elif key[0] == "term":
            term = context.terms[span.id]
            about = words.html("About {term}", term=html_text(term.term))  # its own message: "About" a thing
            facts = then_and_now(term.facts, lambda f: page_prose(f.fact, page, options), day, term.reviewed, words)
            body = (f"<strong>{html_text(term.term)}</strong><br>{page_prose(term.definition, page, options)}"
                    + "".join(f"<br>{line}" for line in facts if line)
                    + f'<br><a href="{url(page, term_page(span.id), "", options)}">{about}</a>')
        else:
            quote = context.quotes[span.id]
            person = context.speakers.get(quote.speaker)
            name = person.name if person else quote.speaker
            about, strong = words.html("About {name}", name=html_text(name)), f"<strong>{html_text(name)}</strong>"
            body = (words.html("Quote: {name}", name=strong)
                    + (f", {html_text(quote.said)}" if quote.said else "")
                    + f'<br><a href="{url(page, person_page(quote.speaker), "", options)}">{about}</a>')
        cards[f"card-{key[0]}-{span.id}"] = {"kind": key[0], "html": body}
    for number, note in enumerate(notes, 1):
        sources = "; ".join(external(s, words) for s in note.sources)
        title = words("Note {number}", number=words.number(number))
        cards[f"card-note-{note.id}"] = {"kind": "note", "html": (
            f"<strong>{html_text(title)}</strong><br>{verdict(note, words)}{page_prose(note.note, page, options)}"
            + (f"<br><em>{html_text(_sources_label(note, words))}</em> {sources}" if sources else ""))}
    if not cards:
        return []
    # Data, not markup: a page's cards cost the builder nothing to parse. Not a <script>: Material's
    # instant navigation runs every inline script of a new page as code, whatever its type.
    # The script's own words, where they are not its English ones.
    labels = {"close": words("Close"), "copyLink": words("Copy link"), "linkCopied": words("Link copied"),
              "quote": words("Quote: {name}")}
    translated = f' data-labels="{html_text(script_json(labels))}"' if words.language != "en" else ""
    return [f'<div class="annotation-cards" hidden data-search-exclude{translated}>', html_text(script_json(cards)),
            "</div>", ""]


NOTES_ID = "article-notes"
"""The numbered notes' id: the skip link's target, whatever the site's language calls the heading."""


def _skip_to_notes(notes: list[NoteEntry], words: Words) -> list[str]:
    """A link, shown when focused, past the text to its notes: Tab crosses a text one annotation
    at a time, and a keyboard can leave it at the start (Material's own skip link leads to the title)."""
    if not notes:
        return []
    label = words("Skip the text to its notes")
    return [f'<p class="article-skip"><a href="#{NOTES_ID}">{html_text(label)}</a></p>']


def _sources_label(note: NoteEntry, words: Words) -> str:
    return words.plural("Source:", "Sources:", len(note.sources))


def _in_marker_order(item: AnnotatedArticle) -> list[NoteEntry]:
    """Notes in the order of their markers, which follow the passages they explain."""
    notes = {n.id: n for n in item.article.notes}
    ends = sorted((s.end, s.start, s.id) for s in item.spans if s.kind == SpanKind.NOTE and s.id in notes)
    return [notes[note_id] for _, _, note_id in ends]


RATINGS = {"accurate": message("accurate"), "inaccurate": message("inaccurate"), "misleading": message("misleading"),
           "unverified": message("unverified")}
"""Each rating as the reader reads it: the messages of the catalogue (`data-rating` keeps the value)."""


def verdict(note: NoteEntry, words: Words) -> str:
    """A fact-check's verdict, in words (never colour alone), before its note."""
    if not note.rating:
        return ""
    said = words("Fact-check: {rating}.", rating=words(RATINGS[note.rating]))
    return f'<strong class="fact-check" data-rating="{note.rating}">{html_text(said)}</strong> '


def _notes(notes: list[NoteEntry], page: str, options: Options) -> list[str]:
    """The numbered notes with their sources, as footnotes that link back to their markers."""
    words = words_for(options.language)
    lines = [f'<div class="footnote" id="{NOTES_ID}">', "<hr>", "<ol>"]
    for number, note in enumerate(notes, 1):
        back_title = words("Jump back to footnote {number} in the text", number=words.number(number))
        back = (f'&#160;<a class="footnote-backref" href="#fnref:{note.id}" '
                f'title="{html_text(back_title)}">&#8617;</a>')
        heading = words("Note {number}", number=words.number(number))
        # A heading of its own (shown to assistive technology only): site search (Material's,
        # Pagefind) makes each note a result of its own, previewing that note, not all of them.
        lines += [f'<li id="fn:{note.id}">', f'<h3 class="note-heading" id="note-{note.id}">{html_text(heading)}</h3>']
        text = f"<p>{verdict(note, words)}{page_prose(note.note, page, options)}"
        if note.sources:
            lines.append(text + "</p>")
            text = f"<p><strong>{html_text(_sources_label(note, words))}</strong> " + "; ".join(
                external(s, words) for s in note.sources)
        lines += [text + edit_link(note, options, "note") + back + "</p>", "</li>"]
    return lines + ["</ol>", "</div>"]


def _in_this_article(item: AnnotatedArticle, page: str, speakers, terms, options: Options) -> list[str]:
    words = words_for(options.language)
    title = words("In this article")
    lines = [f"## {literal(title)}", ""]
    people = _in_order(item, "speaker", speakers)
    involved = [t.speaker for t in item.turns] + [q.speaker for q in item.article.quotes]
    people += [speakers[s] for s in dict.fromkeys(involved) if s in speakers and speakers[s] not in people]
    if people:
        lines += [_bold(words("People")), ""]
        day = item.article.meta.date  # each person's role then
        lines += link_list([link(p.name, url(page, person_page(p.id), "", options)) +
                            (f": {html_text(who(p, day))}" if who(p, day) else "") for p in people])
    named = _in_order(item, "term", terms)
    if named:
        lines += [_bold(words("Terms")), ""]
        lines += link_list([link(t.term, url(page, term_page(t.id), "", options)) for t in named])
    return lines if len(lines) > 2 else []


def _related(related, page: str, speakers, terms, options: Options) -> list[str]:
    if not related:
        return []
    words = words_for(options.language)
    rows = []
    for other, shared in related:
        names = [entity_name(kind, (speakers if kind == "speaker" else terms)[entry_id]) for kind, entry_id in shared]
        rows.append(f"{link(other.article.meta.title, url(page, article_page(other.article.slug), '', options))} "
                    + words.html("({date}): shares {names}", date=html_text(words.date(other.article.meta.date)),
                                 names=html_text(", ".join(names))))
    title = words("Related articles")
    return [f"## {literal(title)}", "", *link_list(rows)]


def _bold(label: str) -> str:
    return f"<p><strong>{html_text(label)}</strong></p>"


# --- one paragraph, with nested and crossing spans -------------------------------------------------

class _Context:
    """What the markup of spans needs: the page, the entries, and which mentions already link."""

    def __init__(self, page, text: str, day: dt.date, speakers, terms, quotes, options, notes: list[NoteEntry]):
        self.page, self.speakers, self.terms, self.quotes, self.options = page, speakers, terms, quotes, options
        self.day = day
        self.words = words_for(options.language)
        self.text = HtmlText(text)
        self.notes = {note.id: note for note in notes}
        self.note_numbers = {note.id: number for number, note in enumerate(notes, 1)}
        """Notes are numbered in the order of their markers."""
        self.linked: set[tuple[str, str]] = set()
        self._tags: dict[Span, tuple[str, str]] = {}
        self.entry_markup: dict[tuple[str, str], tuple[str, str]] = {}
        """(kind, id) -> the attributes and link target of its mentions."""

    def tags(self, span: Span) -> tuple[str, str]:
        """A span's opening and closing markup, decided once (a split span's fragments share it)."""
        if span not in self._tags:
            self._tags[span] = _tags(span, self)
        return self._tags[span]


def _whole_characters(text: str, span: Span) -> Span:
    """A span whose ends do not split a character a reader sees as one (an emoji sequence)."""
    start, end = on_cluster_boundaries(text, span.start, span.end)
    return span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)


def _by_paragraph(article: Article, spans) -> dict[int, list[Span]]:
    """Each paragraph's spans (a span that crosses paragraphs is in each of them)."""
    inside: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        for index in range(article.paragraph_index(span.start), article.paragraph_index(span.end - 1) + 1):
            start, end = article.paragraphs[index]
            if span.start < end and span.end > start:
                inside[index].append(span)
    return inside


def _paragraph(start: int, end: int, spans: list[Span], context: _Context) -> str:
    """A paragraph's text with its spans as properly nested elements (a crossing span is split)."""
    if not spans:
        return context.text.piece(start, end)
    spans = sorted(spans, key=_by_start)
    if all(a.end <= b.start for a, b in zip(spans, spans[1:])):
        return _apart(start, end, spans, context)
    return _swept(start, end, spans, context)


def _by_start(span: Span) -> int:
    return span.start


def _apart(start: int, end: int, spans: list[Span], context: _Context) -> str:
    """The usual paragraph, whose spans neither nest nor cross: each in turn, in one pass (a
    note's marker follows its passage)."""
    pieces: list[str] = []
    at = start
    for span in spans:
        opening, closing = context.tags(span)
        span_start, span_end = max(span.start, start), min(span.end, end)
        pieces += [context.text.piece(at, span_start), opening, context.text.piece(span_start, span_end), closing]
        if span.kind == SpanKind.NOTE and span.end <= end:
            pieces.append(_marker(span.id, context))
        at = span_end
    pieces.append(context.text.piece(at, end))
    return "".join(pieces)


def _swept(start: int, end: int, spans: list[Span], context: _Context) -> str:
    """Nested or crossing spans: a sweep over the points where spans start or end. At each point
    the open elements that end (or that enclose one that ends) are closed, then the spans still
    running are reopened."""
    markers: dict[int, list[str]] = defaultdict(list)
    links = sorted((s for s in spans if s.kind in (SpanKind.SPEAKER, SpanKind.TERM, SpanKind.TURN)), key=lambda s: s.start)
    link_starts = [s.start for s in links]
    for span in spans:
        if span.kind == SpanKind.NOTE and start < span.end <= end:
            # A footnote marker may not land inside a link: move it after the link.
            at = span.end
            before = bisect.bisect_left(link_starts, span.end) - 1
            if before >= 0 and links[before].end > span.end:
                at = min(links[before].end, end)
            markers[at].append(span.id)
    opening: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        opening[max(span.start, start)].append(span)
    points = sorted({start, end, *markers, *opening, *(min(s.end, end) for s in spans)})
    out: list[str] = []
    stack: list[Span] = []
    active: set[Span] = set()
    for a, b in zip(points, points[1:] + [None]):
        active = {s for s in active if min(s.end, end) > a} | set(opening.get(a, ()))
        keep = 0
        while keep < len(stack) and stack[keep] in active:
            keep += 1
        for span in reversed(stack[keep:]):
            out.append(context.tags(span)[1])
        del stack[keep:]
        out += [_marker(note_id, context) for note_id in sorted(markers.get(a, []), key=context.note_numbers.__getitem__)]
        if b is None:
            break
        on_stack = set(stack)
        for span in sorted((s for s in active if s not in on_stack), key=lambda s: (-s.end, NESTING[s.kind], s.start)):
            out.append(context.tags(span)[0])
            stack.append(span)
        out.append(context.text.piece(a, b))
    return "".join(out)


def _marker(note_id: str, context: _Context) -> str:
    """A note's marker; a fact-check's also says its verdict, in words, where the reader reads the
    claim (the card and the note say why)."""
    number, rating = context.note_numbers[note_id], context.notes[note_id].rating
    verdict = (f'<span class="verdict-mark" data-rating="{rating}">{html_text(context.words(RATINGS[rating]))}</span>'
               if rating else "")
    return f'<sup id="fnref:{note_id}"><a class="footnote-ref" href="#fn:{note_id}">{number}</a>{verdict}</sup>'


def _tags(span: Span, context: _Context) -> tuple[str, str]:
    """The opening and closing markup of a span."""
    if span.kind == SpanKind.NOTE:
        note = context.notes[span.id]
        draft = " data-draft" if note.status == "draft" else ""
        rating = f' data-rating="{note.rating}"' if note.rating else ""
        return f'<span class="annotated-note" data-note="{span.id}"{rating}{draft}>', "</span>"
    if span.kind == SpanKind.STAGE:
        return '<span class="stage-direction" data-stage>', "</span>"
    if span.kind == SpanKind.QUOTE:
        quote: QuoteEntry = context.quotes[span.id]
        name = context.speakers[quote.speaker].name if quote.speaker in context.speakers else quote.speaker
        title = f"Quote: {name}" + (f", {quote.said}" if quote.said else "")
        draft = " data-draft" if quote.status == "draft" else ""
        return (f'<span class="annotated-quote" data-quote="{quote.speaker}" data-quote-id="{quote.id}" '
                f'data-title="{html_text(title)}"{draft}>', "</span>")
    kind = SpanKind.SPEAKER if span.kind == SpanKind.TURN else span.kind
    if (kind, span.id) not in context.entry_markup:  # an entry is mentioned many times: made once
        if kind == SpanKind.SPEAKER:
            entry = context.speakers[span.id]
            role = who(entry, context.day)  # as on the article's date
            title = entry.name + (f": {role}" if role else "")
            target = url(context.page, person_page(span.id), "", context.options)
        else:
            entry = context.terms[span.id]
            title = f"{entry.term}: {page_plain(entry.definition, context.options)}"
            target = url(context.page, term_page(span.id), "", context.options)
        draft = " data-draft" if entry.status == "draft" else ""
        # data-title, not title: a theme that gives every [title] a tooltip of its own (Material's
        # content.tooltips) spent 0.6 s of a phone's main thread mounting one per mention.
        context.entry_markup[(kind, span.id)] = f'data-{kind}="{span.id}" data-title="{html_text(title)}"{draft}', target
    attributes, target = context.entry_markup[(kind, span.id)]
    if span.kind == SpanKind.TURN:
        return f'<a class="turn-label" {attributes} href="{target}">', "</a>"
    key = (span.kind, span.id)
    if context.options.link_mentions == "every" or key not in context.linked:
        context.linked.add(key)
        return f'<a class="mention" {attributes} href="{target}">', "</a>"
    return f'<span class="mention" {attributes}>', "</span>"
