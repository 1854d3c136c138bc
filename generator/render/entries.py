"""Stage 4b: the pages about the whole site: articles index, glossary, people, one person."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..find.turns import STAGE_DIRECTION
from ..model import AnnotatedArticle, Options
from ..schema import Period, SpeakerEntry, TermEntry, wikidata_page
from .head import first_sentence
from .language import Words, message, page_plain, page_prose, words_for
from .markup import edit_link, external, family_first, heading, link, link_list, md_link, period, sort_key, who, who_in
from .paths import (
    ARTICLES_INDEX,
    FRONT_PAGE,
    GLOSSARY,
    PEOPLE_INDEX,
    article_page,
    entry_part,
    href,
    month_page,
    person_page,
    term_page,
    url,
    year_page,
)
from .relations import Relations
from .text import html_text, literal, script_json

WORD = re.compile(r"\w+(?:[’'-]\w+)*")


FRONT_PAGE_MARKER = "<!-- annotations: articles -->"
"""Where a site's own home page (docs/index.md) wants the list of articles."""


def article_list(annotated: list[AnnotatedArticle], page: str, options: Options) -> list[str]:
    """Every article, newest first: headline, date, kind, publication and summary."""
    words = words_for(options.language)
    rows = []
    for item in annotated:
        meta = item.article.meta
        details = [words.date(meta.date), words(KINDS[meta.kind])] + ([meta.publication] if meta.publication else [])
        rows.append(f"<strong>{link(meta.title, url(page, article_page(item.article.slug), '', options))}"
                    f"</strong><br>{html_text(' · '.join(details))}" + (f"<br>{html_text(meta.summary)}" if meta.summary else ""))
    return link_list(rows)


KINDS = {"report": message("report"), "transcript": message("transcript")}
"""Each kind of article as the reader reads it: the messages of the catalogue."""


INDEX_ARTICLES = 50
"""How many of the newest articles the articles index and the home page list: where the archive
has more, every article is on its year's page (`archive/<year>/`), which the index links."""


def listed(annotated: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """The articles the index and the home page list, of all of them newest first."""
    return annotated[:INDEX_ARTICLES]


def home_list(annotated: list[AnnotatedArticle], page: str, options: Options) -> list[str]:
    """The newest articles for a home page, and where the archive is larger, a link to all of them."""
    lines = article_list(listed(annotated), page, options)
    if len(annotated) > INDEX_ARTICLES:
        words = words_for(options.language)
        all_articles = words("All articles")
        lines += [f"<p>{link(all_articles, url(page, ARTICLES_INDEX, '', options))}</p>", ""]
    return lines


def front_page(annotated: list[AnnotatedArticle], options: Options) -> str:
    """A home page for a site that has none: the articles, newest first."""
    words = words_for(options.language)
    return "\n".join([*heading(words("Front page")), *home_list(annotated, FRONT_PAGE, options)]) + "\n"


def by_year(annotated: list[AnnotatedArticle]) -> dict[int, list[AnnotatedArticle]]:
    """The archive's pages by year, newest first: empty while the articles index lists every article."""
    if len(annotated) <= INDEX_ARTICLES:
        return {}
    years: dict[int, list[AnnotatedArticle]] = {}
    for item in annotated:
        years.setdefault(item.article.meta.date.year, []).append(item)
    return years


def _years_line(years: dict[int, list[AnnotatedArticle]], page: str, words: Words, options: Options,
                shown: int | None = None) -> list[str]:
    """Every year of the archive, linked (the one shown marked), with its number of articles."""
    links = []
    for year, items in years.items():
        count = html_text(words.plural("{count} article", "{count} articles", len(items)))
        name = words.year(items[0].article.meta.date)
        links.append((name, None if year == shown else url(page, year_page(year), "", options), f" ({count})"))
    return _page_links("archive-years", words("By year"), links)


def _page_links(kind: str, label: str, links: list[tuple[str, str | None, str]]) -> list[str]:
    """A row of links between the pages of one series (the years of the archive, the parts of an
    entry's page): (name, URL or None for the page shown, HTML after the link)."""
    items = [link(name, target) + after if target else f'<strong aria-current="page">{html_text(name)}</strong>'
             for name, target, after in links]
    return [f'<nav class="{kind}" aria-label="{html_text(label)}"><p>{" · ".join(items)}</p></nav>', ""]


def year_months(year: int, items: list[AnnotatedArticle]) -> PagedGroups:
    """A year's articles (newest first) by month: on the year's page, or a page per month where
    the year has more than INDEX_PAGE_ENTRIES."""
    months: dict[int, list[str]] = {}
    for item in items:
        months.setdefault(item.article.meta.date.month, []).append(item.article.slug)
    return paged_groups(months, year_page(year), lambda month: month_page(year, month))


def year_archive(year_shown: int, years: dict[int, list[AnnotatedArticle]], options: Options,
                 months: PagedGroups) -> str:
    """A year's articles, newest first, under a heading per month (or its months, each linking its
    pages, where it has many), and links to the other years."""
    words, page = words_for(options.language), year_page(year_shown)
    items = years[year_shown]
    title = words("Articles of {year}", year=words.year(items[0].article.meta.date))
    lines = heading(title, title)
    if months.split:
        lines += link_list([link(words.month(dt.date(year_shown, month, 1)), url(page, pages[0], "", options))
                            + f" ({html_text(words.plural('{count} article', '{count} articles', months.counts[month]))})"
                            for month, pages in months.groups.items()])
    else:
        by_month: dict[int, list[AnnotatedArticle]] = {}
        for item in items:  # newest first, as the months
            by_month.setdefault(item.article.meta.date.month, []).append(item)
        for month_items in by_month.values():
            date = month_items[0].article.meta.date
            lines += [f"## {literal(words.month(date))} {{: #{date:%Y-%m} }}", "", *article_list(month_items, page, options)]
    return "\n".join(lines + _years_line(years, page, words, options, year_shown)) + "\n"


def month_archive(year: int, years: dict[int, list[AnnotatedArticle]], options: Options, months: PagedGroups,
                  page: str) -> str:
    """A month's articles (or a part of them), newest first, with links to the year's other months
    and to the other years."""
    words = words_for(options.language)
    by_slug = {item.article.slug: item for item in years[year]}
    month, part, parts = months.place(page)
    title = words("Articles of {month}", month=words.month(dt.date(year, month, 1)))
    lines = heading(title, title, searched=False) if part == 1 else _part_heading(title, part, parts, words)
    lines += _page_links("archive-months", words("By month"),
                         [(words.month(dt.date(year, other, 1)), None if other == month else url(page, pages[0], "", options), "")
                          for other, pages in months.groups.items()])
    lines += article_list([by_slug[slug] for slug in months.pages[page]], page, options)
    lines += _pager(months.groups[month][0], page, part, parts, options)
    return "\n".join(lines + _years_line(years, page, words, options, year)) + "\n"


def articles_index(annotated: list[AnnotatedArticle], relations: Relations, speakers, terms, options: Options) -> str:
    words = words_for(options.language)
    years = by_year(annotated)
    intro = words("The newest articles; every article is on its year's page.") if years \
        else words("Every annotated article, newest first.")
    lines = [*heading(words("Articles"), intro), _paragraph(intro), ""]
    lines += article_list(listed(annotated), ARTICLES_INDEX, options)
    if years:
        lines += [*_subheading(words("By year")), *_years_line(years, ARTICLES_INDEX, words, options)]
    lines += [*_subheading(words("By person")),
              _paragraph(words("Each person's page lists the articles that quote or mention them.")), ""]
    # Every person and term with their counts, while there are few; beyond, their A-Z indexes.
    people, glossary_name = words("People"), words("Glossary")
    lines += _browse(relations, "speaker", speakers, words,
                     lambda p: (p.name, url(ARTICLES_INDEX, person_page(p.id), "", options))) \
        if len(speakers) <= INDEX_PAGE_ENTRIES else [f"<p>{link(people, url(ARTICLES_INDEX, PEOPLE_INDEX, '', options))}</p>", ""]
    lines += [*_subheading(words("By term")), _paragraph(words("Each term's entry lists the articles that use it.")), ""]
    lines += _browse(relations, "term", terms, words, lambda t: (t.term, url(ARTICLES_INDEX, term_page(t.id), "", options))) \
        if len(terms) <= INDEX_PAGE_ENTRIES else [f"<p>{link(glossary_name, url(ARTICLES_INDEX, GLOSSARY, '', options))}</p>", ""]
    return "\n".join(lines) + "\n"


def _paragraph(text: str) -> str:
    return f"<p>{html_text(text)}</p>"


def _browse(relations: Relations, kind: str, entries: dict, words: Words, name_and_url) -> list[str]:
    rows = []
    def order(entry) -> str:
        return sort_key(family_first(entry) if kind == "speaker" else name_and_url(entry)[0])

    for entry in sorted(entries.values(), key=order):
        count = len(relations.articles_of(kind, entry.id))
        if count:
            articles = words.plural("{count} article", "{count} articles", count)
            rows.append(f"{link(*name_and_url(entry))} ({html_text(articles)})")
    return link_list(rows)


ENTRY_PAGE_ARTICLES = 20
"""How many articles (newest first) a person's or a term's page shows, and each of its further parts:
an entry named in thousands of articles keeps pages a phone can open (at 50, the page of a person
quoted in two articles of three held 570 KB and 8,700 elements)."""


def entry_parts(kind: str, entry_id: str, relations: Relations) -> int:
    """How many pages a person or a term takes (`paths.entry_part`): one per ENTRY_PAGE_ARTICLES articles."""
    return max(1, -(-len(set(relations.articles_of(kind, entry_id))) // ENTRY_PAGE_ARTICLES))


def _part_items(kind: str, entry_id: str, relations: Relations, part: int) -> list[AnnotatedArticle]:
    start = (part - 1) * ENTRY_PAGE_ARTICLES
    return relations.items_of(kind, entry_id)[start:start + ENTRY_PAGE_ARTICLES]


def _part_heading(name: str, part: int, parts: int, words: Words) -> list[str]:
    """A further part's heading (the entry's own heading on its first part): out of search, whose
    results would repeat the articles and the first part."""
    title = words("{name}: page {number} of {count}", name=name, number=words.number(part), count=words.number(parts))
    return heading(title, title, searched=False)


def _pager(entry_page: str, page: str, part: int, parts: int, options: Options) -> list[str]:
    """Links to every part of an entry's page, the one shown marked; nothing for a single page."""
    if parts == 1:
        return []
    words = words_for(options.language)
    links = [(words.number(n), None if n == part else url(page, entry_part(entry_page, n), "", options), "")
             for n in range(1, parts + 1)]
    return _page_links("entry-pages", words("Pages"), links)


def _mentioned_in(kind: str, entry_id: str, page: str, relations: Relations, options: Options,
                  items: list[AnnotatedArticle] | None = None) -> list[str]:
    """The articles that mention an entry (`items`, or all), with links to each paragraph."""
    words = words_for(options.language)
    places = relations.places.get((kind, entry_id), {})
    rows = []
    for item in relations.items_of(kind, entry_id) if items is None else items:
        paragraphs = places.get(item.article.slug)
        if paragraphs:
            target = article_page(item.article.slug)
            links = ", ".join(_paragraph_link(page, target, n, options) for n in dict.fromkeys(paragraphs))
            mentions = words.plural("{count} mention", "{count} mentions", len(paragraphs))
            rows.append(f"{link(item.article.meta.title, url(page, target, '', options))} "
                        f"({html_text(words.date(item.article.meta.date))}; {html_text(mentions)}): {links}")
    return link_list(rows)


def _paragraph_link(page: str, article: str, number: int, options: Options) -> str:
    return f'<a href="{url(page, article, f"p{number}", options)}">¶{number}</a>'  # nothing to escape


def _wikidata_line(item: str | None, words: Words) -> list[str]:
    if not item:
        return []
    label = words("Wikidata:")
    return [f'<p>{_label(label)} <a class="wikidata" href="{wikidata_page(item)}" rel="noopener noreferrer">{item}</a></p>',
            ""]


def _timeline(title: str, items: list[tuple[Period, str]], words: Words) -> list[str]:
    """A person's roles or a term's dated facts, latest first, each with when it held (HTML given)."""
    rows = [f'<li>{f"{html_text(period(p, words))}: " if period(p, words) else ""}{shown}</li>'
            for p, shown in sorted(items, key=lambda item: item[0].began(), reverse=True)]
    return [f"<p>{_label(title)}</p>", '<ul class="entry-timeline">', *rows, "</ul>", ""] if rows else []


def _reviewed_line(reviewed: dt.date | None, words: Words) -> list[str]:
    """When an editor last checked the entry against its sources."""
    if not reviewed:
        return []
    said = words("Reviewed {date}", date=words.date(reviewed))
    return [f'<p class="entry-reviewed">{html_text(said)}</p>', ""]


def _links_list(links, words: Words) -> list[str]:
    return ["<ul>", *(f"<li>{external(link, words)}</li>" for link in links), "</ul>", ""]


def _label(text: str) -> str:
    """A label before what follows it: "Also named:"."""
    return f"<em>{html_text(text)}</em>"


def _labelled(label: str, text: str = "") -> str:
    """A paragraph of a label and its text: "<em>Also named:</em> Quill"."""
    return f"<p>{_label(label)} {html_text(text)}</p>" if text else f"<p>{_label(label)}</p>"


def _subheading(title: str) -> list[str]:
    return [f"## {literal(title)}", ""]


def _letter(text: str) -> str:
    first = sort_key(text)[:1].upper()
    return first if first.isalpha() else "#"


def _anchor_letter(letter: str) -> str:
    return letter.lower() if letter.isalnum() else "other"


INDEX_PAGE_ENTRIES = 300
"""An A-Z index (the glossary, the people) of more entries than this gives each letter a page of
its own, and a letter of more entries than this further parts, so that no index page grows with
the archive (a one-page glossary of 1,000 terms held 9,000 elements, its table of contents most)."""
GLOSSARY_LETTERS = "glossary"
PEOPLE_LETTERS = "people/a-z"
"""Where an index's letters go, when it has them: glossary/q.md, people/a-z/q.md (and q/2.md, ...)."""


@dataclass(frozen=True)
class PagedGroups:
    """Where an index lists each of its items, in groups (an A-Z index's letters, a year's months):
    its pages (path -> the ids it lists, in order), all on the index itself while there are few,
    else each group on pages of its own."""

    index: str
    pages: dict[str, list[str]]
    groups: dict = field(default_factory=dict)
    """Group -> its pages, in order (none while the index is one page)."""
    counts: dict = field(default_factory=dict)
    """Group -> how many items it has."""

    @property
    def split(self) -> bool:
        return bool(self.groups)

    @functools.cached_property
    def page_of(self) -> dict[str, str]:
        """Item id -> the page that lists it."""
        return {item: page for page, ids in self.pages.items() for item in ids}

    def place(self, page: str) -> tuple:
        """A group's page: its group, part and number of parts."""
        group = next(key for key, pages in self.groups.items() if page in pages)
        return group, self.groups[group].index(page) + 1, len(self.groups[group])


def paged_groups(groups: dict, index: str, group_page: Callable[..., str]) -> PagedGroups:
    """`groups` (key -> ids, in order) on `index` itself up to INDEX_PAGE_ENTRIES items in all,
    else each group on its page (`group_page(key)`), in parts beyond INDEX_PAGE_ENTRIES."""
    counts = {key: len(ids) for key, ids in groups.items()}
    if sum(counts.values()) <= INDEX_PAGE_ENTRIES:
        return PagedGroups(index, {index: [item for ids in groups.values() for item in ids]}, counts=counts)
    pages: dict[str, list[str]] = {}
    parted: dict = {}
    for key, ids in groups.items():
        chunks = [ids[k:k + INDEX_PAGE_ENTRIES] for k in range(0, len(ids), INDEX_PAGE_ENTRIES)]
        parted[key] = [entry_part(group_page(key), n) for n in range(1, len(chunks) + 1)]
        pages.update(zip(parted[key], chunks))
    return PagedGroups(index, pages, parted, counts)


def a_to_z(names: dict[str, str], index: str, folder: str) -> PagedGroups:
    """The A-Z index of entries named `names` (id -> name), by letter: a page per letter in
    `folder` where there are many."""
    by_letter: dict[str, list[str]] = {}
    for entry in sorted(names, key=lambda entry: (sort_key(names[entry]), entry)):
        by_letter.setdefault(_letter(names[entry]), []).append(entry)
    return paged_groups(by_letter, index, lambda letter: f"{folder}/{_anchor_letter(letter)}.md")


def indexes(speakers: dict[str, SpeakerEntry], terms: dict[str, TermEntry]) -> dict[str, PagedGroups]:
    """The people index's and the glossary's A-Z pages, by kind of entry ("speaker", "term")."""
    return {"speaker": a_to_z({p.id: family_first(p) for p in speakers.values()}, PEOPLE_INDEX, PEOPLE_LETTERS),
            "term": a_to_z({t.id: t.term for t in terms.values()}, GLOSSARY, GLOSSARY_LETTERS)}


def _letter_bar(page: str, az: PagedGroups, options: Options, current: str | None = None) -> list[str]:
    """Links to each letter: its anchor on a one-page index, else its first page (the one shown, unlinked)."""
    def one(letter: str) -> str:
        if not az.split:
            return f'<a href="#letter-{_anchor_letter(letter)}">{html_text(letter)}</a>'
        if letter == current:
            return f'<strong aria-current="page">{html_text(letter)}</strong>'
        return link(letter, url(page, az.groups[letter][0], "", options))
    return ['<p class="letters">' + " · ".join(one(letter) for letter in az.counts) + "</p>", ""]


def _letters_list(az: PagedGroups, options: Options, counted: Callable[[int], str]) -> list[str]:
    """A split index's letters, each with how many entries it has (`counted`), linking its pages."""
    return link_list([link(letter, url(az.index, az.groups[letter][0], "", options)) + " ("
                      + html_text(counted(az.counts[letter])) + ")" for letter in az.counts])


def _term_rows(ids: list[str], terms: dict[str, TermEntry], page: str, relations: Relations, options: Options,
               by_letter: bool) -> list[str]:
    """Terms as a definition list, each under its anchor (#<id>), its name linking its page, with
    a sentence and its article count; under a heading per letter on a one-page glossary (only the
    letters go in the table of contents)."""
    words = words_for(options.language)
    lines, current = [], None
    for term_id in ids:
        entry = terms[term_id]
        if by_letter and _letter(entry.term) != current:
            if current is not None:
                lines += ["</dl>", ""]
            current = _letter(entry.term)
            lines += [f"## {literal(current)} {{: #letter-{_anchor_letter(current)} }}", "", '<dl class="glossary-terms">']
        elif not lines:
            lines.append('<dl class="glossary-terms">')
        count = len(relations.articles_of("term", term_id))
        mentioned = f" ({html_text(words.plural('{count} article', '{count} articles', count))})" if count else ""
        lines += [f'<dt id="{term_id}">{link(entry.term, url(page, term_page(term_id), "", options))}</dt>',
                  f"<dd>{html_text(first_sentence(page_plain(entry.definition, options)))}{mentioned}"
                  f"{edit_link(entry, options, 'term')}</dd>"]
    return [*lines, "</dl>", ""] if lines else []


def glossary(terms: dict[str, TermEntry], relations: Relations, options: Options, az: PagedGroups) -> str:
    """Every term A to Z, a sentence each, under its own anchor (#<id>, the address terms had before
    their pages), its name leading to its page; where there are many, the letters, each on pages of
    its own, and the old anchors a script follows to them (`glossary_letter`)."""
    words = words_for(options.language)
    intro = words("Every term explained in the annotated articles, A to Z.")
    lines = [*heading(words("Glossary"), intro), _paragraph(intro), ""]
    if not az.split:
        lines += _letter_bar(GLOSSARY, az, options)
        return "\n".join(lines + _term_rows(az.pages[GLOSSARY], terms, GLOSSARY, relations, options, True)) + "\n"
    lines += _letters_list(az, options, lambda count: words.plural("{count} term", "{count} terms", count))
    moved = {term_id: url(GLOSSARY, page, term_id, options) for term_id, page in az.page_of.items()}
    lines += [f'<script type="application/json" class="moved-anchors">{script_json(moved)}</script>', ""]
    return "\n".join(lines) + "\n"


def glossary_letter(terms: dict[str, TermEntry], relations: Relations, options: Options, az: PagedGroups, page: str) -> str:
    """The terms of one letter (or of one part of a letter) of a split glossary."""
    words = words_for(options.language)
    return _letter_page(az, page, lambda letter: words("Glossary: {letter}", letter=letter),
                        _term_rows(az.pages[page], terms, page, relations, options, False), options)


def _letter_page(az: PagedGroups, page: str, title: Callable[[str], str], rows: list[str], options: Options) -> str:
    """A split index's page: its letter's title (and part), links to every letter, its rows, and
    links to the letter's other parts."""
    letter, part, parts = az.place(page)
    lines = heading(title(letter), title(letter), searched=False) if part == 1 else \
        _part_heading(title(letter), part, parts, words_for(options.language))
    lines += _letter_bar(page, az, options, letter) + rows
    return "\n".join(lines + _pager(az.groups[letter][0], page, part, parts, options)) + "\n"


def term(entry: TermEntry, relations: Relations, options: Options, part: int = 1, listed_on: str = GLOSSARY) -> str:
    """A term's page: its definition, its other names, its sources, and the articles that mention
    it, newest first (the older ones on further parts of the page). `listed_on`: the glossary's
    page that lists it."""
    base, words = term_page(entry.id), words_for(options.language)
    page, parts = entry_part(base, part), entry_parts("term", entry.id, relations)
    if part == 1:
        lines = heading(entry.term, first_sentence(page_plain(entry.definition, options)))
        lines += [f"<p>{page_prose(entry.definition, page, options)}{edit_link(entry, options, 'term')}</p>", ""]
        if entry.aliases:
            lines += [_labelled(words("Also:"), ", ".join(entry.aliases)), ""]
        lines += _timeline(words("Over time"), [(f, page_prose(f.fact, page, options)) for f in entry.facts], words)
        lines += _wikidata_line(entry.wikidata, words) + _reviewed_line(entry.reviewed, words)
        in_glossary = words("In the glossary")
        lines += [f'<p>{link(in_glossary, url(page, listed_on, entry.id, options))}</p>', ""]
        if entry.links:
            lines += _section(words("Sources and further reading"), _links_list(entry.links, words))
    else:
        lines = _part_heading(entry.term, part, parts, words)
    shown = _part_items("term", entry.id, relations, part)
    lines += _section(words("Mentioned in"), _mentioned_in("term", entry.id, page, relations, options, shown))
    lines += _pager(base, page, part, parts, options)
    return "\n".join(lines) + "\n"


def people_index(speakers: dict[str, SpeakerEntry], options: Options, az: PagedGroups) -> str:
    """Everyone A to Z, each with who they are; where there are many, the letters, each on pages of its own."""
    words = words_for(options.language)
    intro = words("Everyone quoted or named in the annotated articles, A to Z.")
    lines = [*heading(words("People"), intro), _paragraph(intro), ""]
    if az.split:
        lines += _letters_list(az, options, lambda count: words.plural("{count} person", "{count} people", count))
    else:
        lines += _people_rows(az.pages[PEOPLE_INDEX], speakers, PEOPLE_INDEX, options)
    return "\n".join(lines) + "\n"


def people_letter(speakers: dict[str, SpeakerEntry], options: Options, az: PagedGroups, page: str) -> str:
    """The people of one letter (or of one part of a letter) of a split people index."""
    words = words_for(options.language)
    return _letter_page(az, page, lambda letter: words("People: {letter}", letter=letter),
                        _people_rows(az.pages[page], speakers, page, options), options)


def _people_rows(ids: list[str], speakers: dict[str, SpeakerEntry], page: str, options: Options) -> list[str]:
    return link_list([link(speakers[p].name, url(page, person_page(p), "", options)) +
                      (f": {html_text(who(speakers[p]))}" if who(speakers[p]) else "") for p in ids])


def person(entry: SpeakerEntry, annotated, relations: Relations, options: Options, part: int = 1) -> str:
    """A person's page: who they are, then in the articles that involve them, newest first, their
    quotes, their turns and where they are mentioned (the older articles on further parts)."""
    base, words = person_page(entry.id), words_for(options.language)
    page, parts = entry_part(base, part), entry_parts("speaker", entry.id, relations)
    if part == 1:
        lines = heading(entry.name, first_sentence(page_plain(entry.description, options)) if entry.description else who(entry) or None)
        if who(entry) or options.edit_url or entry.status == "draft":
            lines += [f"<p><strong>{html_text(who(entry))}</strong>{edit_link(entry, options, 'person')}</p>", ""]
        if entry.description:
            lines += [f"<p>{page_prose(entry.description, page, options)}</p>", ""]
        if entry.aliases:
            lines += [_labelled(words("Also named:"), ", ".join(entry.aliases)), ""]
        lines += _timeline(words("Roles"), [(r, html_text(who_in(r))) for r in entry.roles], words)
        lines += _wikidata_line(entry.wikidata, words) + _reviewed_line(entry.reviewed, words)
        if entry.links:
            lines += _section(words("Sources and further reading"), _links_list(entry.links, words))
    else:
        lines = _part_heading(entry.name, part, parts, words)
    involved = _part_items("speaker", entry.id, relations, part)
    lines += _section(words("Quotes"), _quotes(entry, page, involved, options))
    lines += _section(words("Turns in transcripts"), _turns(entry, page, involved, options))
    lines += _section(words("Mentioned in"), _mentioned_in("speaker", entry.id, page, relations, options, involved))
    lines += _pager(base, page, part, parts, options)
    return "\n".join(lines) + "\n"


def _section(title: str, rows: list[str]) -> list[str]:
    return [*_subheading(title), *rows] if rows else []


def _article_heading(item: AnnotatedArticle, page: str, words: Words) -> list[str]:
    meta = item.article.meta
    return [f"### {md_link(meta.title, href(page, article_page(item.article.slug)))}", "",
            f"<p><em>{html_text(words.date(meta.date))}</em></p>", ""]


def _quotes(entry: SpeakerEntry, page: str, annotated, options: Options) -> list[str]:
    rows = []
    for item in annotated:
        article = item.article
        positions = item.quote_positions
        mine = sorted((q for q in article.quotes if q.speaker == entry.id and q.id in positions),
                      key=lambda q: positions[q.id])
        if mine:
            rows += _article_heading(item, page, words_for(options.language))
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
    words = words_for(options.language)
    rows = []
    for item in annotated:
        mine = [t for t in item.turns if t.speaker == entry.id]
        if mine:
            article = item.article
            spoken = sum(spoken_words(article, t) for t in mine)
            target = article_page(article.slug)
            links = ", ".join(_paragraph_link(page, target, t.paragraphs[0] + 1, options) for t in mine)
            turns = words.plural("{count} turn", "{count} turns", len(mine))
            spoken_count = words.plural("{count} word", "{count} words", spoken)
            said = words.html("({date}): {turns}, {spoken}:", date=html_text(words.date(article.meta.date)),
                              turns=html_text(turns), spoken=html_text(spoken_count))
            rows.append(f"{link(article.meta.title, url(page, target, '', options))} {said} {links}")
    return link_list(rows)


def spoken_words(article, turn) -> int:
    """Words in a turn, its label and stage directions left out."""
    text = " ".join(article.text[slice(*article.paragraphs[i])] for i in turn.paragraphs)
    text = STAGE_DIRECTION.sub(" ", text[turn.label_end - article.paragraphs[turn.paragraphs[0]][0] + 1:])
    return len(WORD.findall(text))
