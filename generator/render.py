"""Stage 4: write the annotated site as plain Markdown pages (path -> text).

Pages and their URLs (stable, documented in README.md):
  articles/index.md        every article, newest first
  articles/<slug>.md       one article; paragraph N is #pN, note N's footnote is #fn:<note-id>
  glossary.md              every term A-Z; term <id> is #<id>
  people/index.md          every person A-Z
  people/<id>.md           one person: who they are, their quotes, where they are mentioned
Every piece of text goes through `prose.literal` once, here; nothing else escapes.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .anchor import Span, paragraph_number
from .model import Article, Site
from .prose import literal, plain, prose
from .schema import Link, NoteEntry, QuoteEntry, SpeakerEntry, TermEntry

ARTICLES_INDEX = "articles/index.md"
GLOSSARY = "glossary.md"
PEOPLE_INDEX = "people/index.md"
STYLESHEET = "assets/annotations.css"
FOOTNOTES_HERE = "///Footnotes Go Here///"
NESTING = {"note": 0, "quote": 1, "speaker": 2, "term": 2}
"""Outer to inner, for spans that cover the same text."""


def article_page(slug: str) -> str:
    return f"articles/{slug}.md"


def person_page(person_id: str) -> str:
    return f"people/{person_id}.md"


@dataclass(frozen=True)
class Options:
    link_mentions: str = "first"
    """'first': the first mention of each person or term in an article links to its entry; 'every'."""


@dataclass(frozen=True)
class AnnotatedArticle:
    """An article with every passage the earlier stages anchored in it."""

    article: Article
    spans: tuple[Span, ...]
    """Quotes, notes and mentions, in any order."""


@dataclass
class _Backlinks:
    """Where each person and term occurs: (kind, id) -> slug -> paragraph numbers, in order."""

    places: dict[tuple[str, str], dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, kind: str, entry_id: str, slug: str, paragraph: int) -> None:
        self.places[(kind, entry_id)].setdefault(slug, []).append(paragraph)


def render_site(site: Site, annotated: list[AnnotatedArticle], options: Options = Options()) -> dict[str, str]:
    """Every generated page of the site."""
    annotated = sorted(annotated, key=lambda a: (a.article.meta.date, a.article.slug), reverse=True)
    speakers, terms = site.all_speakers(), site.all_terms()
    backlinks = _Backlinks()
    for item in annotated:
        for span in item.spans:
            if span.kind in ("speaker", "term"):
                backlinks.add(span.kind, span.id, item.article.slug, paragraph_number(item.article, span.start))
    pages = {ARTICLES_INDEX: _articles_index(annotated)}
    for item in annotated:
        pages[article_page(item.article.slug)] = _article(item, speakers, terms, options)
    pages[GLOSSARY] = _glossary(terms, annotated, backlinks)
    pages[PEOPLE_INDEX] = _people_index(speakers)
    for person in speakers.values():
        pages[person_page(person.id)] = _person(person, annotated, backlinks)
    return pages


def render_nav(annotated: list[AnnotatedArticle], site: Site) -> list:
    """The generated pages as MkDocs `nav` entries: articles newest first, then glossary, people."""
    newest_first = sorted(annotated, key=lambda a: (a.article.meta.date, a.article.slug), reverse=True)
    people = sorted(site.all_speakers().values(), key=lambda p: _sort_key(p.name))
    return [
        {"Articles": [ARTICLES_INDEX, *({a.article.meta.title: article_page(a.article.slug)} for a in newest_first)]},
        {"Glossary": GLOSSARY},
        {"People": [PEOPLE_INDEX, *({p.name: person_page(p.id)} for p in people)]},
    ]


# --- links between pages -----------------------------------------------------------------------

def _href(from_page: str, to_page: str, anchor: str = "") -> str:
    path = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{path}#{anchor}" if anchor else path


def _resolver(page: str):
    """Maps annotators' person:/term:/article: links to pages, relative to `page`."""
    def resolve(target: str) -> str:
        scheme, _, name = target.partition(":")
        if scheme == "person":
            return _href(page, person_page(name))
        if scheme == "term":
            return _href(page, GLOSSARY, name)
        return _href(page, article_page(name))
    return resolve


def _md_link(text: str, target: str, title: str = "", attrs: str = "") -> str:
    """A Markdown link (so the builder checks and rewrites it); attrs go to attr_list."""
    title_part = f' "{literal(title)}"' if title else ""
    return f"[{literal(text)}]({target}{title_part})" + (f"{{: {attrs} }}" if attrs else "")


def _external(link: Link) -> str:
    parts = [f'<a href="{literal(link.url)}" rel="noopener noreferrer">{literal(link.title)}</a>']
    parts += [literal(str(v)) for v in (link.publisher, link.date) if v]
    if link.archived:
        parts.append(f'<a href="{literal(link.archived)}" rel="noopener noreferrer">archived copy</a>')
    return ", ".join(parts)


def _date(value) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def _sort_key(text: str) -> str:
    """A-Z order ignoring case and accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _letter(text: str) -> str:
    first = _sort_key(text)[:1].upper()
    return first if first.isalpha() else "#"


# --- the article page ----------------------------------------------------------------------------

def _article(item: AnnotatedArticle, speakers, terms, options: Options) -> str:
    article, meta = item.article, item.article.meta
    page = article_page(article.slug)
    quotes = {q.id: q for q in article.quotes}
    notes = {n.id: n for n in article.notes}
    lines = [f"# {literal(meta.title)}", "", '<div class="article-meta" markdown="block">', ""]
    lines += [f"{row}  " for row in _provenance(article)]
    lines += ["", "</div>", ""]
    lines += [f'<div class="article-body" data-article="{article.slug}" markdown="block">']
    linked: set[tuple[str, str]] = set()
    for number, (start, end) in enumerate(article.paragraphs, 1):
        inside = [s for s in item.spans if s.start < end and s.end > start]
        body = _paragraph(article.text, start, end, inside, page, speakers, terms, quotes, linked, options)
        lines.append(f'<p id="p{number}" markdown="span">{body}</p>')
    lines += ["</div>", ""]
    lines += _in_this_article(item, page, speakers, terms)
    if notes:
        lines += ["## Notes", "", FOOTNOTES_HERE, ""]
        for note in _in_order(item, "note", notes):
            lines += _footnote(note, page)
    return "\n".join(lines) + "\n"


def _provenance(article: Article) -> list[str]:
    meta = article.meta
    rows = [f"**Published:** {literal(_date(meta.date))}" + (f" in *{literal(meta.publication)}*" if meta.publication else "")]
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


def _in_order(item: AnnotatedArticle, kind: str, entries: dict):
    """Entries of one kind in the order they first appear in the text."""
    seen = []
    for span in sorted(item.spans, key=lambda s: (s.start, s.end)):
        if span.kind == kind and span.id in entries and span.id not in seen:
            seen.append(span.id)
    return [entries[i] for i in seen]


def _footnote(note: NoteEntry, page: str) -> list[str]:
    lines = [f"[^{note.id}]:", f"    {prose(note.note, _resolver(page))}", ""]
    if note.sources:
        lines += ["    **Source" + ("s" if len(note.sources) > 1 else "") + ":** "
                  + "; ".join(_external(s) for s in note.sources), ""]
    return lines


def _in_this_article(item: AnnotatedArticle, page: str, speakers, terms) -> list[str]:
    lines = ["## In this article", ""]
    people = _in_order(item, "speaker", speakers)
    quoted = {q.speaker for q in item.article.quotes}
    people += [speakers[s] for s in sorted(quoted) if s in speakers and speakers[s] not in people]
    if people:
        lines += ["**People**", ""]
        lines += [f"- {_md_link(p.name, _href(page, person_page(p.id)))}" + (f": {literal(_who(p))}" if _who(p) else "")
                  for p in people]
        lines.append("")
    named = _in_order(item, "term", terms)
    if named:
        lines += ["**Terms**", ""]
        lines += [f"- {_md_link(t.term, _href(page, GLOSSARY, t.id))}" for t in named]
        lines.append("")
    return lines if len(lines) > 2 else []


def _who(person: SpeakerEntry) -> str:
    return ", ".join(v for v in (person.role, person.organization) if v)


# --- one paragraph, with nested and crossing spans -------------------------------------------------

def _paragraph(text, start, end, spans, page, speakers, terms, quotes, linked, options) -> str:
    """A paragraph's text with its spans as properly nested elements (a crossing span is split)."""
    markers: dict[int, list[str]] = defaultdict(list)
    mentions = [s for s in spans if s.kind in ("speaker", "term")]
    for span in spans:
        if span.kind == "note" and start < span.end <= end:
            # A footnote marker may not land inside a link: move it after the mention.
            at = next((min(m.end, end) for m in mentions if m.start < span.end < m.end), span.end)
            markers[at].append(span.id)
    tags = {}
    for span in spans:
        tags[span] = _tags(span, page, speakers, terms, quotes, linked, options)
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


def _tags(span: Span, page, speakers, terms, quotes, linked, options) -> tuple[str, str]:
    """The opening and closing markup of a span."""
    if span.kind == "note":
        return f'<span class="annotated-note" data-note="{span.id}">', "</span>"
    if span.kind == "quote":
        quote: QuoteEntry = quotes[span.id]
        who = speakers[quote.speaker].name if quote.speaker in speakers else quote.speaker
        title = f"Quote: {who}" + (f", {quote.said}" if quote.said else "")
        return (f'<span class="annotated-quote" data-quote="{quote.speaker}" data-quote-id="{quote.id}" '
                f'title="{literal(title)}">', "</span>")
    if span.kind == "speaker":
        person = speakers[span.id]
        title = person.name + (f": {_who(person)}" if _who(person) else "")
        target = _href(page, person_page(span.id))
    else:
        term = terms[span.id]
        title = f"{term.term}: {plain(term.definition)}"
        target = _href(page, GLOSSARY, span.id)
    attribute = f'data-{span.kind}="{span.id}"'
    key = (span.kind, span.id)
    if options.link_mentions == "every" or key not in linked:
        linked.add(key)
        return "[", f']({target} "{literal(title)}"){{: .mention {attribute} }}'
    return f'<span class="mention" {attribute} title="{literal(title)}">', "</span>"


# --- index pages ------------------------------------------------------------------------------

def _articles_index(annotated: list[AnnotatedArticle]) -> str:
    lines = ["# Articles", "", "Every annotated article, newest first.", ""]
    for item in annotated:
        meta = item.article.meta
        lines.append(f"- **{_md_link(meta.title, _href(ARTICLES_INDEX, article_page(item.article.slug)))}**  ")
        details = [_date(meta.date)] + ([meta.publication] if meta.publication else [])
        lines.append(f"  {literal(' · '.join(details))}" + ("  " if meta.summary else ""))
        if meta.summary:
            lines.append(f"  {literal(meta.summary)}")
    return "\n".join(lines) + "\n"


def _mentioned_in(kind: str, entry_id: str, page: str, annotated, backlinks: _Backlinks) -> list[str]:
    places = backlinks.places.get((kind, entry_id), {})
    lines = []
    for item in annotated:
        paragraphs = places.get(item.article.slug)
        if paragraphs:
            target = article_page(item.article.slug)
            links = ", ".join(f"[¶{n}]({_href(page, target, f'p{n}')})" for n in dict.fromkeys(paragraphs))
            count = len(paragraphs)
            lines.append(f"- {_md_link(item.article.meta.title, _href(page, target))} "
                         f"({count} mention{'s' if count != 1 else ''}): {links}")
    return lines


def _links_list(links: list[Link]) -> list[str]:
    return [f"- {_external(link)}" for link in links]


def _glossary(terms: dict[str, TermEntry], annotated, backlinks) -> str:
    ordered = sorted(terms.values(), key=lambda t: _sort_key(t.term))
    letters = list(dict.fromkeys(_letter(t.term) for t in ordered))
    lines = ["# Glossary", "", "Every term explained in the annotated articles, A to Z.", ""]
    lines += [" · ".join(f"[{literal(x)}](#letter-{_anchor_letter(x)})" for x in letters), ""]
    current = None
    for term in ordered:
        if _letter(term.term) != current:
            current = _letter(term.term)
            lines += [f"## {literal(current)} {{: #letter-{_anchor_letter(current)} }}", ""]
        lines += [f"### {literal(term.term)} {{: #{term.id} }}", "", prose(term.definition, _resolver(GLOSSARY)), ""]
        if term.aliases:
            lines += [f"*Also:* {literal(', '.join(term.aliases))}", ""]
        if term.links:
            lines += ["*Sources and further reading:*", "", *_links_list(term.links), ""]
        mentioned = _mentioned_in("term", term.id, GLOSSARY, annotated, backlinks)
        lines += (["*Mentioned in:*", "", *mentioned, ""] if mentioned else [])
    return "\n".join(lines) + "\n"


def _anchor_letter(letter: str) -> str:
    return letter.lower() if letter.isalnum() else "other"


def _people_index(speakers: dict[str, SpeakerEntry]) -> str:
    lines = ["# People", "", "Everyone quoted or named in the annotated articles, A to Z.", ""]
    for person in sorted(speakers.values(), key=lambda p: _sort_key(p.name)):
        who = f": {literal(_who(person))}" if _who(person) else ""
        lines.append(f"- {_md_link(person.name, _href(PEOPLE_INDEX, person_page(person.id)))}{who}")
    return "\n".join(lines) + "\n"


def _person(person: SpeakerEntry, annotated, backlinks) -> str:
    page = person_page(person.id)
    lines = [f"# {literal(person.name)}", ""]
    if _who(person):
        lines += [f"**{literal(_who(person))}**", ""]
    if person.description:
        lines += [prose(person.description, _resolver(page)), ""]
    if person.aliases:
        lines += [f"*Also named:* {literal(', '.join(person.aliases))}", ""]
    if person.links:
        lines += ["## Sources and further reading", "", *_links_list(person.links), ""]
    quoted = []
    for item in annotated:
        article = item.article
        positions = {s.id: (s.start, s.end) for s in item.spans if s.kind == "quote"}
        mine = [q for q in article.quotes if q.speaker == person.id and q.id in positions]
        if mine:
            target = article_page(article.slug)
            quoted.append(f"### {_md_link(article.meta.title, _href(page, target))}")
            quoted.append("")
            for quote in sorted(mine, key=lambda q: positions[q.id]):
                start, end = positions[quote.id]
                number = paragraph_number(article, start)
                said = f" ({literal(quote.said)})" if quote.said else ""
                quoted.append(f"> {literal(' '.join(article.text[start:end].split()))}{said} "
                              f"[¶{number}]({_href(page, target, f'p{number}')})")
                quoted.append("")
    if quoted:
        lines += ["## Quotes", "", *quoted]
    mentioned = _mentioned_in("speaker", person.id, page, annotated, backlinks)
    if mentioned:
        lines += ["## Mentioned in", "", *mentioned, ""]
    return "\n".join(lines) + "\n"
