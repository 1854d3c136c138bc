"""Linked data (schema.org, as JSON-LD) for every page, from the same data as the pages: an
article page describes the edition and the article it reproduces, a person's page the person, the
glossary its terms, the indexes and the home page the lists they show, and any other page of the
site (About, a manual page) itself, as part of the site. Identifiers are the pages' own URLs,
relative to the page that holds them (a JSON-LD reader resolves them against it), plus a fragment:
stable, and resolvable in the site. The MkDocs shell puts each page's block in its head."""

from __future__ import annotations

from ..model import AnnotatedArticle, Options, Site
from ..schema import SpeakerEntry, TermEntry, on_host, wikidata_entity
from . import newest_first
from .article import RATINGS
from .entries import indexes, listed
from .language import words_for
from .paths import ARTICLES_INDEX, FRONT_PAGE, GLOSSARY, PEOPLE_INDEX, article_page, person_page, term_page, url
from .text import plain, script_json

CONTEXT = "https://schema.org"
IDENTITY_HOSTS = ("wikipedia.org", "wikidata.org")
"""A person's links that say who they are (sameAs); their other links are further reading."""


class LinkedData:
    """Each generated page's JSON-LD, made when asked for (a rebuild that renders a few pages
    makes theirs only)."""

    def __init__(self, site: Site, annotated: list[AnnotatedArticle], options: Options, site_name: str = "",
                 description: str = "", front_page: bool = False):
        """`front_page`: whether the site has the generated front page (it has no home page of its own)."""
        self.speakers, self.terms, self.options = site.all_speakers(), site.all_terms(), options
        self.site_name, self.description, self.front_page = site_name, description, front_page
        self.annotated = newest_first(annotated)
        self.articles = {article_page(item.article.slug): item for item in annotated}
        self.people = {person_page(person.id): person for person in self.speakers.values()}
        self.term_pages = {term_page(term.id): term for term in self.terms.values()}
        self.indexes = indexes(self.speakers, self.terms)
        """The glossary's and the people's letter pages, where they have them: each describes its entries."""
        self.letter_pages = {page: (kind, az) for kind, az in self.indexes.items() for page in az.pages if page != az.index}

    @property
    def pages(self) -> list[str]:
        return [*self.articles, *self.people, *self.term_pages, GLOSSARY, ARTICLES_INDEX, PEOPLE_INDEX,
                *self.letter_pages, *([FRONT_PAGE] if self.front_page else [])]

    def __call__(self, page: str) -> dict | None:
        """The JSON-LD of a generated page, or None for another page."""
        if page in self.articles:
            return _article(self.articles[page], self.speakers, self.terms, self.options)
        if page in self.people:
            return _person(self.people[page])
        if page in self.term_pages:
            return _term_page(self.term_pages[page], self.options)
        words = words_for(self.options.language)
        if page == GLOSSARY:
            return _glossary([self.terms[t] for t in self.indexes["term"].pages.get(GLOSSARY, [])], GLOSSARY,
                             words("Glossary"), self.options)
        if page == ARTICLES_INDEX:
            return _collection(words("Articles"), _article_items(ARTICLES_INDEX, listed(self.annotated), self.options))
        if page == FRONT_PAGE and self.front_page:
            return site_page(FRONT_PAGE, words("Front page"), self.description, self.site_name, self.options,
                             listed(self.annotated))
        if page == PEOPLE_INDEX:
            return _people(PEOPLE_INDEX, self.indexes["speaker"].pages.get(PEOPLE_INDEX, []), self.speakers,
                           words("People"), self.options)
        if page in self.letter_pages:  # a split index's page: its share of the entries
            kind, az = self.letter_pages[page]
            letter = az.place(page)[0]
            if kind == "term":
                return _glossary([self.terms[t] for t in az.pages[page]], page,
                                 words("Glossary: {letter}", letter=letter), self.options)
            return _people(page, az.pages[page], self.speakers, words("People: {letter}", letter=letter), self.options)
        return None


def site_linked_data(site: Site, annotated: list[AnnotatedArticle], options: Options, site_name: str = "",
                     description: str = "", front_page: bool = False) -> dict[str, dict]:
    """Each generated page's JSON-LD, by page path."""
    linked_data = LinkedData(site, annotated, options, site_name, description, front_page=front_page)
    return {page: data for page in linked_data.pages if (data := linked_data(page)) is not None}


def site_page(page: str, title: str, description: str, site_name: str, options: Options,
              articles: list[AnnotatedArticle] | None = None) -> dict:
    """The JSON-LD of a page the site wrote itself (or the generated front page): a `WebPage` that
    is part of the site. The home page also describes the site; a page that lists the articles
    (`articles`, newest first) is a `CollectionPage` of them."""
    home = url(page, FRONT_PAGE, "website", options)
    node: dict = {"@type": "WebPage", "@id": "", "name": title, "isPartOf": {"@id": home}}
    if description:
        node["description"] = description
    if articles is not None:
        node |= {"@type": "CollectionPage", "mainEntity": _item_list(_article_items(page, articles, options))}
    graph = [node]
    if page == FRONT_PAGE:
        website = {"@type": "WebSite", "@id": home, "url": url(page, FRONT_PAGE, "", options)}
        graph.insert(0, website | ({"name": site_name} if site_name else {}))
    return {"@context": CONTEXT, "@graph": graph}


def _article_items(page: str, annotated: list[AnnotatedArticle], options: Options) -> list[dict]:
    items = []
    for item in annotated:
        meta, address = item.article.meta, url(page, article_page(item.article.slug), "", options)
        items.append({"@type": "NewsArticle" if meta.kind == "report" else "Article", "@id": address + "#article",
                      "headline": meta.title, "datePublished": meta.date.isoformat(), "url": address})
    return items


def _collection(title: str, items: list[dict]) -> dict:
    return {"@context": CONTEXT, "@type": "CollectionPage", "@id": "", "name": title, "mainEntity": _item_list(items)}


def _item_list(items: list[dict]) -> dict:
    """The entries a page lists, in its order."""
    return {"@type": "ItemList", "numberOfItems": len(items),
            "itemListElement": [{"@type": "ListItem", "position": n, "item": item} for n, item in enumerate(items, 1)]}


def standalone_pages(result, site_name: str, options: Options, description: str = "") -> dict[str, str]:
    """The generated pages of a `Result` for a builder that runs no plugin (`generator build
    --out`): each with its JSON-LD block at its end, where any builder passes it through (JSON-LD
    may sit in a page's body as well as its head)."""
    data = site_linked_data(result.site, result.annotated, options, site_name, description,
                            front_page=FRONT_PAGE in result.pages)
    return {path: f"{text}\n{as_script(data[path])}\n" if path in data else text for path, text in result.pages.items()}


def as_script(data: dict) -> str:
    """A JSON-LD block, for a page's head or the end of its Markdown (`script_json`: inert there)."""
    return f'<script type="application/ld+json">{script_json(data)}</script>'


def _article(item: AnnotatedArticle, speakers: dict[str, SpeakerEntry], terms: dict[str, TermEntry],
             options: Options) -> dict:
    article, meta = item.article, item.article.meta
    page = article_page(article.slug)
    work: dict = {"@type": "NewsArticle" if meta.kind == "report" else "Article", "@id": "#article",
                  "headline": meta.title, "datePublished": meta.date.isoformat()}
    if meta.kind == "transcript":
        work["genre"] = "transcript"
    if meta.language:
        work["inLanguage"] = meta.language
    if meta.publication:
        work["publisher"] = {"@type": "Organization", "name": meta.publication}
    if meta.authors:
        work["author"] = [{"@type": "Person", "name": name} for name in meta.authors]
    if meta.url:
        work["isBasedOn"] = meta.url  # the original: this page is an edition of it, not the same thing
    if meta.corrections:
        work["correction"] = [{"@type": "CorrectionComment", "datePublished": c.date.isoformat(), "text": c.note}
                              for c in meta.corrections]
    named = list(dict.fromkeys(span.id for span in item.spans if span.kind in ("speaker", "turn", "quote")
                               and span.id in speakers))
    named += [q.speaker for q in article.quotes if q.speaker in speakers and q.speaker not in named]
    used = list(dict.fromkeys(span.id for span in item.spans if span.kind == "term" and span.id in terms))
    mentions = [{"@type": "Person", "@id": url(page, person_page(p), "person", options), "name": speakers[p].name}
                for p in named]
    mentions += [{"@type": "DefinedTerm", "@id": url(page, GLOSSARY, t, options), "name": terms[t].term} for t in used]
    if mentions:
        work["mentions"] = mentions
    cited = {source.url: source for note in article.notes for source in note.sources}
    if cited:
        work["citation"] = [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in cited.values()]
    edition = {"@type": "WebPage", "@id": "", "name": meta.title, "mainEntity": {"@id": "#article"}}
    if meta.summary:
        edition["description"] = meta.summary
    return {"@context": CONTEXT, "@graph": [edition, work, *_claim_reviews(item, speakers, options)]}


def _claim_reviews(item: AnnotatedArticle, speakers: dict[str, SpeakerEntry], options: Options) -> list[dict]:
    """A ClaimReview for each fact-check: the passage it rates, and who made the claim (the person
    quoted, when the passage is in a quote; else the publication)."""
    article, meta = item.article, item.article.meta
    passages = {span.id: (span.start, span.end) for span in item.spans if span.kind == "note"}
    quotes = [span for span in item.spans if span.kind == "quote"]
    by_id = {quote.id: quote for quote in article.quotes}
    words = words_for(options.language)
    reviews = []
    for note in article.notes:
        if not note.rating or note.id not in passages:
            continue
        start, end = passages[note.id]
        inside = next((q for q in quotes if q.start <= start and end <= q.end and q.id in by_id), None)
        speaker = speakers.get(by_id[inside.id].speaker) if inside else None
        claimant = ({"@type": "Person", "name": speaker.name} if speaker else
                    {"@type": "Organization", "name": meta.publication} if meta.publication else None)
        claim: dict = {"@type": "Claim", "appearance": {"@id": "#article"}}
        if claimant:
            claim["author"] = claimant
        reviews.append({"@type": "ClaimReview", "@id": f"#fn:{note.id}", "url": f"#fn:{note.id}",
                        "claimReviewed": " ".join(article.text[start:end].split()), "itemReviewed": claim,
                        "reviewRating": {"@type": "Rating", "name": note.rating,
                                         "alternateName": words(RATINGS[note.rating])},
                        "author": {"@type": "Organization", "name": options.editors or words("The editors")}})
    return reviews


def _person(person: SpeakerEntry) -> dict:
    data: dict = {"@context": CONTEXT, "@type": "Person", "@id": "#person", "name": person.name,
                  "mainEntityOfPage": ""}
    if person.role:
        data["jobTitle"] = person.role
    if person.organization:
        data["worksFor"] = {"@type": "Organization", "name": person.organization}
    if person.description:
        data["description"] = plain(person.description)
    same = [wikidata_entity(person.wikidata)] if person.wikidata else []
    same += [link.url for link in person.links if on_host(link.url, *IDENTITY_HOSTS)]
    if same:
        data["sameAs"] = same
    return data


def _glossary(terms: list[TermEntry], page: str, name: str, options: Options) -> dict:
    """The glossary's set of terms, with the terms `page` lists (a glossary split into letters
    describes its terms on each letter's page, under the same set's id)."""
    if page == GLOSSARY:
        return {"@context": CONTEXT, "@type": "DefinedTermSet", "@id": "#terms", "name": name, "mainEntityOfPage": "",
                "hasDefinedTerm": [_term(term, page, options) for term in sorted(terms, key=lambda t: t.id)]}
    return {"@context": CONTEXT, "@type": "CollectionPage", "name": name, "mainEntity": {
        "@type": "DefinedTermSet", "@id": url(page, GLOSSARY, "terms", options),
        "hasDefinedTerm": [_term(term, page, options) for term in sorted(terms, key=lambda t: t.id)]}}


def _people(page: str, ids: list[str], speakers: dict[str, SpeakerEntry], name: str, options: Options) -> dict:
    return _collection(name, [{"@type": "Person", "@id": url(page, person_page(p), "person", options),
                               "name": speakers[p].name} for p in ids])


def _term(term: TermEntry, page: str, options: Options) -> dict:
    """A term, identified by its place in the glossary (`glossary/#<id>`, as before it had a page of
    its own), with its page as its `url`."""
    def in_glossary(anchor: str) -> str:
        return f"#{anchor}" if page == GLOSSARY else url(page, GLOSSARY, anchor, options)

    data = {"@type": "DefinedTerm", "@id": in_glossary(term.id), "name": term.term,
            "description": plain(term.definition), "url": url(page, term_page(term.id), "", options),
            "inDefinedTermSet": {"@id": in_glossary("terms")}}
    if term.wikidata:
        data["sameAs"] = wikidata_entity(term.wikidata)
    return data


def _term_page(term: TermEntry, options: Options) -> dict:
    return {"@context": CONTEXT, **_term(term, term_page(term.id), options), "mainEntityOfPage": ""}
