"""Stage 4a: an article's page: its metadata, its text with every annotation, its notes.

The text goes paragraph by paragraph into `<p id="pN">`; annotations become nested elements,
and a span that crosses another is split into fragments sharing its attributes.
"""

from __future__ import annotations

from collections import defaultdict

from .anchor import Span
from .model import Article
from .pages import (GLOSSARY, AnnotatedArticle, Options, Relations, article_page, entity_name, external,
                    href, long_date, md_link, person_page, resolver, who)
from .prose import literal, plain, prose
from .schema import NoteEntry, QuoteEntry

FOOTNOTES_HERE = "///Footnotes Go Here///"
NESTING = {"note": 0, "quote": 1, "speaker": 2, "term": 2, "turn": 2, "stage": 2}
"""Outer to inner, for spans that cover the same text."""
TURN_COLOURS = 6
"""Speakers of a transcript are told apart by this many colours (see annotations.css)."""


def article_page_markdown(item: AnnotatedArticle, speakers, terms, relations: Relations, options: Options) -> str:
    article, meta = item.article, item.article.meta
    page = article_page(article.slug)
    context = _Context(page, speakers, terms, {q.id: q for q in article.quotes}, options)
    lines = [f"# {literal(meta.title)}", "", '<div class="article-meta" markdown="block">', ""]
    lines += [f"{row}  " for row in _provenance(article)]
    lines += ["", "</div>", ""]
    lines += [f'<div class="article-body" data-article="{article.slug}" markdown="block">']
    turn_of = _turn_attributes(item, speakers)
    for index, (start, end) in enumerate(article.paragraphs):
        inside = [s for s in item.spans if s.start < end and s.end > start]
        body = _paragraph(article.text, start, end, inside, context)
        lines.append(f'<p id="p{index + 1}"{turn_of.get(index, "")} markdown="span">{body}</p>')
    lines += ["</div>", ""]
    lines += _in_this_article(item, page, speakers, terms)
    lines += _related(relations.related.get(article.slug, []), page, speakers, terms)
    notes = {n.id: n for n in article.notes}
    if notes:
        lines += ["## Notes", "", FOOTNOTES_HERE, ""]
        for note in _in_order(item, "note", notes):
            lines += _footnote(note, page)
    return "\n".join(lines) + "\n"


def _provenance(article: Article) -> list[str]:
    meta = article.meta
    published = f"**Published:** {literal(long_date(meta.date))}"
    rows = [published + (f" by *{literal(meta.publication)}*" if meta.publication else "")]
    if meta.kind == "transcript":
        rows.append("**Kind:** transcript")
    if meta.authors:
        rows.append(f"**By:** {literal(', '.join(meta.authors))}")
    if meta.url:
        rows.append(f'**Original:** <a href="{literal(meta.url)}" rel="noopener noreferrer">{literal(meta.url)}</a>')
    if meta.licence:
        rows.append(f"**Licence:** {literal(meta.licence)}")
    if meta.provenance:
        rows.append(f"**Provenance:** {literal(meta.provenance)}")
    if meta.title_by_editors:
        rows.append("**Headline:** written by the editors of this edition; the original has none.")
    if meta.summary:
        rows.append(f"**Summary:** {literal(meta.summary)}")
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
            attributes[index] = f' class="{classes}" data-turn="{turn.speaker}" data-turn-name="{literal(name)}"'
    return attributes


def _in_order(item: AnnotatedArticle, kind: str, entries: dict):
    """Entries of one kind in the order they first appear in the text."""
    seen = []
    for span in sorted(item.spans, key=lambda s: (s.start, s.end)):
        if span.kind == kind and span.id in entries and span.id not in seen:
            seen.append(span.id)
    return [entries[i] for i in seen]


def _footnote(note: NoteEntry, page: str) -> list[str]:
    lines = [f"[^{note.id}]:", f"    {prose(note.note, resolver(page))}", ""]
    if note.sources:
        lines += ["    **Source" + ("s" if len(note.sources) > 1 else "") + ":** "
                  + "; ".join(external(s) for s in note.sources), ""]
    return lines


def _in_this_article(item: AnnotatedArticle, page: str, speakers, terms) -> list[str]:
    lines = ["## In this article", ""]
    people = _in_order(item, "speaker", speakers)
    involved = [t.speaker for t in item.turns] + [q.speaker for q in item.article.quotes]
    people += [speakers[s] for s in dict.fromkeys(involved) if s in speakers and speakers[s] not in people]
    if people:
        lines += ["**People**", ""]
        lines += [f"- {md_link(p.name, href(page, person_page(p.id)))}" + (f": {literal(who(p))}" if who(p) else "")
                  for p in people]
        lines.append("")
    named = _in_order(item, "term", terms)
    if named:
        lines += ["**Terms**", ""]
        lines += [f"- {md_link(t.term, href(page, GLOSSARY, t.id))}" for t in named]
        lines.append("")
    return lines if len(lines) > 2 else []


def _related(related, page: str, speakers, terms) -> list[str]:
    if not related:
        return []
    lines = ["## Related articles", ""]
    for other, shared in related:
        names = [entity_name(kind, (speakers if kind == "speaker" else terms)[entry_id]) for kind, entry_id in shared]
        lines.append(f"- {md_link(other.article.meta.title, href(page, article_page(other.article.slug)))} "
                     f"({literal(long_date(other.article.meta.date))}): shares {literal(', '.join(names))}")
    return lines + [""]


# --- one paragraph, with nested and crossing spans -------------------------------------------------

class _Context:
    """What the markup of spans needs: the page, the entries, and which mentions already link."""

    def __init__(self, page, speakers, terms, quotes, options):
        self.page, self.speakers, self.terms, self.quotes, self.options = page, speakers, terms, quotes, options
        self.linked: set[tuple[str, str]] = set()


def _paragraph(text: str, start: int, end: int, spans: list[Span], context: _Context) -> str:
    """A paragraph's text with its spans as properly nested elements (a crossing span is split)."""
    markers: dict[int, list[str]] = defaultdict(list)
    links = [s for s in spans if s.kind in ("speaker", "term", "turn")]
    for span in spans:
        if span.kind == "note" and start < span.end <= end:
            # A footnote marker may not land inside a link: move it after the link.
            at = next((min(m.end, end) for m in links if m.start < span.end < m.end), span.end)
            markers[at].append(span.id)
    tags = {span: _tags(span, context) for span in spans}
    points = sorted({start, end, *markers, *(max(s.start, start) for s in spans), *(min(s.end, end) for s in spans)})
    out: list[str] = []
    stack: list[Span] = []
    for a, b in zip(points, points[1:] + [None]):
        active = [s for s in spans if b is not None and s.start <= a and s.end >= b]
        keep = 0
        while keep < len(stack) and stack[keep] in active:
            keep += 1
        for span in reversed(stack[keep:]):
            out.append(tags[span][1])
        del stack[keep:]
        out += [f"[^{note_id}]" for note_id in markers.get(a, [])]
        if b is None:
            break
        for span in sorted((s for s in active if s not in stack), key=lambda s: (-s.end, NESTING[s.kind], s.start)):
            out.append(tags[span][0])
            stack.append(span)
        out.append(literal(text[a:b]).replace("\n", "<br>\n"))
    return "".join(out)


def _tags(span: Span, context: _Context) -> tuple[str, str]:
    """The opening and closing markup of a span."""
    if span.kind == "note":
        return f'<span class="annotated-note" data-note="{span.id}">', "</span>"
    if span.kind == "stage":
        return '<span class="stage-direction" data-stage>', "</span>"
    if span.kind == "quote":
        quote: QuoteEntry = context.quotes[span.id]
        name = context.speakers[quote.speaker].name if quote.speaker in context.speakers else quote.speaker
        title = f"Quote: {name}" + (f", {quote.said}" if quote.said else "")
        return (f'<span class="annotated-quote" data-quote="{quote.speaker}" data-quote-id="{quote.id}" '
                f'title="{literal(title)}">', "</span>")
    if span.kind in ("speaker", "turn"):
        person = context.speakers[span.id]
        title = person.name + (f": {who(person)}" if who(person) else "")
        target = href(context.page, person_page(span.id))
    else:
        term = context.terms[span.id]
        title = f"{term.term}: {plain(term.definition)}"
        target = href(context.page, GLOSSARY, span.id)
    kind = "speaker" if span.kind == "turn" else span.kind
    attributes = f'data-{kind}="{span.id}"'
    if span.kind == "turn":
        return "[", f']({target} "{literal(title)}"){{: .turn-label {attributes} }}'
    key = (span.kind, span.id)
    if context.options.link_mentions == "every" or key not in context.linked:
        context.linked.add(key)
        return "[", f']({target} "{literal(title)}"){{: .mention {attributes} }}'
    return f'<span class="mention" {attributes} title="{literal(title)}">', "</span>"
