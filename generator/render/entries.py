"""Stage 4b: the pages about the whole site: articles index, glossary, people, one person."""

from __future__ import annotations

import re

from ..find.turns import STAGE_DIRECTION
from ..model import AnnotatedArticle, Options
from ..schema import SpeakerEntry, TermEntry, wikidata_page
from .head import first_sentence
from .markup import edit_link, external, heading, link, link_list, long_date, md_link, sort_key, who
from .paths import ARTICLES_INDEX, FRONT_PAGE, GLOSSARY, PEOPLE_INDEX, article_page, href, person_page, resolver, url
from .relations import Relations
from .text import html_text, literal, plain, prose

WORD = re.compile(r"\w+(?:[’'-]\w+)*")


FRONT_PAGE_MARKER = "<!-- annotations: articles -->"
"""Where a site's own home page (docs/index.md) wants the list of articles."""


def article_list(annotated: list[AnnotatedArticle], page: str, options: Options) -> list[str]:
    """Every article, newest first: headline, date, kind, publication and summary."""
    rows = []
    for item in annotated:
        meta = item.article.meta
        details = [long_date(meta.date), meta.kind] + ([meta.publication] if meta.publication else [])
        rows.append(f"<strong>{link(meta.title, url(page, article_page(item.article.slug), '', options))}"
                    f"</strong><br>{html_text(' · '.join(details))}" + (f"<br>{html_text(meta.summary)}" if meta.summary else ""))
    return link_list(rows)


def front_page(annotated: list[AnnotatedArticle], options: Options) -> str:
    """A home page for a site that has none: the articles, newest first."""
    return "\n".join([*heading("Front page"), *article_list(annotated, FRONT_PAGE, options)]) + "\n"


def articles_index(annotated: list[AnnotatedArticle], relations: Relations, speakers, terms, options: Options) -> str:
    lines = [*heading("Articles"), "<p>Every annotated article, newest first.</p>", ""]
    lines += article_list(annotated, ARTICLES_INDEX, options)
    lines += ["## By person", "", "<p>Each person's page lists the articles that quote or mention them.</p>", ""]
    lines += _browse(relations, "speaker", speakers,
                     lambda p: (p.name, url(ARTICLES_INDEX, person_page(p.id), "", options)))
    lines += ["## By term", "", "<p>Each term's entry lists the articles that use it.</p>", ""]
    lines += _browse(relations, "term", terms, lambda t: (t.term, url(ARTICLES_INDEX, GLOSSARY, t.id, options)))
    return "\n".join(lines) + "\n"


def _browse(relations: Relations, kind: str, entries: dict, name_and_url) -> list[str]:
    rows = []
    for entry in sorted(entries.values(), key=lambda e: sort_key(name_and_url(e)[0])):
        count = len(relations.articles_of(kind, entry.id))
        if count:
            rows.append(f"{link(*name_and_url(entry))} ({count} article{'s' if count != 1 else ''})")
    return link_list(rows)


def _mentioned_in(kind: str, entry_id: str, page: str, relations: Relations, options: Options) -> list[str]:
    places = relations.places.get((kind, entry_id), {})
    rows = []
    for item in relations.items_of(kind, entry_id):
        paragraphs = places.get(item.article.slug)
        if paragraphs:
            target = article_page(item.article.slug)
            links = ", ".join(_paragraph_link(page, target, n, options) for n in dict.fromkeys(paragraphs))
            count = len(paragraphs)
            rows.append(f"{link(item.article.meta.title, url(page, target, '', options))} "
                        f"({html_text(long_date(item.article.meta.date))}; {count} mention{'s' if count != 1 else ''}): "
                        f"{links}")
    return link_list(rows)


def _paragraph_link(page: str, article: str, number: int, options: Options) -> str:
    return f'<a href="{url(page, article, f"p{number}", options)}">¶{number}</a>'  # nothing to escape


def _wikidata_line(item: str | None) -> list[str]:
    if not item:
        return []
    return [f'<p><em>Wikidata:</em> <a class="wikidata" href="{wikidata_page(item)}" rel="noopener noreferrer">'
            f"{item}</a></p>", ""]


def _links_list(links) -> list[str]:
    return ["<ul>", *(f"<li>{external(link)}</li>" for link in links), "</ul>", ""]


def _letter(text: str) -> str:
    first = sort_key(text)[:1].upper()
    return first if first.isalpha() else "#"


def _anchor_letter(letter: str) -> str:
    return letter.lower() if letter.isalnum() else "other"


def glossary(terms: dict[str, TermEntry], annotated, relations: Relations, options: Options) -> str:
    ordered = sorted(terms.values(), key=lambda t: sort_key(t.term))
    letters = list(dict.fromkeys(_letter(t.term) for t in ordered))
    lines = [*heading("Glossary"), "<p>Every term explained in the annotated articles, A to Z.</p>", ""]
    lines += ["<p>" + " · ".join(f'<a href="#letter-{_anchor_letter(x)}">{html_text(x)}</a>' for x in letters) + "</p>",
              ""]
    current = None
    for term in ordered:
        if _letter(term.term) != current:
            current = _letter(term.term)
            lines += [f"## {literal(current)} {{: #letter-{_anchor_letter(current)} }}", ""]
        lines += [f"### {literal(term.term)} {{: #{term.id} }}", "",
                  f"<p>{prose(term.definition, resolver(GLOSSARY, options))}{edit_link(term, options, 'term')}</p>", ""]
        if term.aliases:
            lines += [f"<p><em>Also:</em> {html_text(', '.join(term.aliases))}</p>", ""]
        lines += _wikidata_line(term.wikidata)
        if term.links:
            lines += ["<p><em>Sources and further reading:</em></p>", "", *_links_list(term.links)]
        mentioned = _mentioned_in("term", term.id, GLOSSARY, relations, options)
        lines += (["<p><em>Mentioned in:</em></p>", "", *mentioned] if mentioned else [])
    return "\n".join(lines) + "\n"


def people_index(speakers: dict[str, SpeakerEntry], options: Options) -> str:
    lines = [*heading("People"), "<p>Everyone quoted or named in the annotated articles, A to Z.</p>", ""]
    lines += link_list([link(person.name, url(PEOPLE_INDEX, person_page(person.id), "", options)) +
                        (f": {html_text(who(person))}" if who(person) else "")
                        for person in sorted(speakers.values(), key=lambda p: sort_key(p.name))])
    return "\n".join(lines) + "\n"


def person(entry: SpeakerEntry, annotated, relations: Relations, options: Options) -> str:
    page = person_page(entry.id)
    lines = heading(entry.name, first_sentence(plain(entry.description)) if entry.description else who(entry) or None)
    if who(entry) or options.edit_url or entry.status == "draft":
        lines += [f"<p><strong>{html_text(who(entry))}</strong>{edit_link(entry, options, 'person')}</p>", ""]
    if entry.description:
        lines += [f"<p>{prose(entry.description, resolver(page, options))}</p>", ""]
    if entry.aliases:
        lines += [f"<p><em>Also named:</em> {html_text(', '.join(entry.aliases))}</p>", ""]
    lines += _wikidata_line(entry.wikidata)
    if entry.links:
        lines += ["## Sources and further reading", "", *_links_list(entry.links)]
    involved = relations.items_of("speaker", entry.id)
    lines += _section("Quotes", _quotes(entry, page, involved, options))
    lines += _section("Turns in transcripts", _turns(entry, page, involved, options))
    lines += _section("Mentioned in", _mentioned_in("speaker", entry.id, page, relations, options))
    return "\n".join(lines) + "\n"


def _section(title: str, rows: list[str]) -> list[str]:
    return [f"## {title}", "", *rows] if rows else []


def _article_heading(item: AnnotatedArticle, page: str) -> list[str]:
    meta = item.article.meta
    return [f"### {md_link(meta.title, href(page, article_page(item.article.slug)))}", "",
            f"<p><em>{html_text(long_date(meta.date))}</em></p>", ""]


def _quotes(entry: SpeakerEntry, page: str, annotated, options: Options) -> list[str]:
    rows = []
    for item in annotated:
        article = item.article
        positions = item.quote_positions
        mine = sorted((q for q in article.quotes if q.speaker == entry.id and q.id in positions),
                      key=lambda q: positions[q.id])
        if mine:
            rows += _article_heading(item, page)
            target = article_page(article.slug)
            for quote in mine:
                start, end = positions[quote.id]
                number = article.paragraph_number(start)
                said = f" ({html_text(quote.said)})" if quote.said else ""
                rows += ['<blockquote class="entry-quote">', f"<p>{html_text(' '.join(article.text[start:end].split()))}"
                         f"{said} {_paragraph_link(page, target, number, options)}"
                         f"{edit_link(quote, options, 'quote')}</p>", "</blockquote>", ""]
    return rows


def _turns(entry: SpeakerEntry, page: str, annotated, options: Options) -> list[str]:
    rows = []
    for item in annotated:
        mine = [t for t in item.turns if t.speaker == entry.id]
        if mine:
            article = item.article
            words = sum(spoken_words(article, t) for t in mine)
            target = article_page(article.slug)
            links = ", ".join(_paragraph_link(page, target, t.paragraphs[0] + 1, options) for t in mine)
            rows.append(f"{link(article.meta.title, url(page, target, '', options))} "
                        f"({html_text(long_date(article.meta.date))}): {len(mine)} turn{'s' if len(mine) != 1 else ''}, "
                        f"{words:,} words: {links}")
    return link_list(rows)


def spoken_words(article, turn) -> int:
    """Words in a turn, its label and stage directions left out."""
    text = " ".join(article.text[slice(*article.paragraphs[i])] for i in turn.paragraphs)
    text = STAGE_DIRECTION.sub(" ", text[turn.label_end - article.paragraphs[turn.paragraphs[0]][0] + 1:])
    return len(WORD.findall(text))
