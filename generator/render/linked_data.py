"""Linked data (schema.org, as JSON-LD) for every page, from the same data as the pages: an
article page describes the edition (what this site publishes: its editors, its publisher, its
dates) and, apart from it, the original work it is based on (its headline, date, authors, publisher
and address); a person's page the person, the glossary its terms, the indexes and the home page the
lists they show, and any other page of the site (About, a manual page) itself, as part of the site.

Identifiers are the pages' own URLs plus a fragment: absolute where the site's URL is known
(`Options.base_url`), so that a reader of one page alone (a crawler, extruct) keeps every page's
entities apart; else relative to the page that holds them. The MkDocs shell puts each page's block
in its head."""

from __future__ import annotations

import datetime as dt

from ..model import AnnotatedArticle, Options, Site
from ..schema import Role, SpeakerEntry, TermEntry, on_host, wikidata_entity
from . import newest_first
from .article import RATINGS
from .entries import indexes, listed
from .language import page_plain, words_for
from .markup import in_force
from .paths import (
    ARTICLES_INDEX,
    FRONT_PAGE,
    GLOSSARY,
    PEOPLE_INDEX,
    article_page,
    card_image,
    person_page,
    term_page,
    url,
    url_path,
)
from .text import script_json

CONTEXT = "https://schema.org"
IDENTITY_HOSTS = ("wikipedia.org", "wikidata.org")
"""An entry's links that say who or what it is (sameAs); its other links are further reading."""
RATING_VALUES = {"inaccurate": 1, "misleading": 2, "accurate": 3}
"""Each rating on the numeric scale Google's fact-check guidance asks for beside the words (worst
1, best 3); "unverified" is no point on a scale of truth, so it has its words only."""
WORST_RATING, BEST_RATING = 1, 3


def address(page: str, to_page: str, anchor: str, options: Options) -> str:
    """An identifier of `to_page` (and a fragment of it) in the JSON-LD of `page`: absolute where
    the site's URL is known, else relative ("" for the page itself)."""
    if options.base_url:
        where = options.base_url + url_path(to_page, options)
    else:
        where = "" if to_page == page else url(page, to_page, "", options)
    return f"{where}#{anchor}" if anchor else where


def _website(page: str, options: Options) -> str:
    """The site's identifier: its home page, `#website`."""
    return options.site_url + "#website" if options.site_url else url(page, FRONT_PAGE, "website", options)


def _publisher(page: str, site_name: str, options: Options) -> dict | None:
    """Who publishes the site's pages: the site, named as the site is."""
    if not site_name:
        return None
    at = options.site_url + "#publisher" if options.site_url else url(page, FRONT_PAGE, "publisher", options)
    return {"@type": "Organization", "@id": at, "name": site_name}


def _editors(options: Options) -> dict:
    return {"@type": "Organization", "name": options.editors or words_for(options.language)("The editors")}


def same_as(entry: SpeakerEntry | TermEntry) -> list[str]:
    """What an entry is, elsewhere: its Wikidata item and its encyclopaedia links."""
    same = [wikidata_entity(entry.wikidata)] if entry.wikidata else []
    return same + [link.url for link in entry.links if on_host(link.url, *IDENTITY_HOSTS)]


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
        options = self.options
        if page in self.articles:
            return _article(self.articles[page], self.speakers, self.terms, self.site_name, options)
        if page in self.people:
            return _person(self.people[page], page, options)
        if page in self.term_pages:
            return _term_page(self.term_pages[page], page, options)
        words = words_for(options.language)
        if page == GLOSSARY:
            return _glossary([self.terms[t] for t in self.indexes["term"].pages.get(GLOSSARY, [])], GLOSSARY,
                             words("Glossary"), options)
        if page == ARTICLES_INDEX:
            return _collection(page, words("Articles"), _article_items(page, listed(self.annotated), options), options)
        if page == FRONT_PAGE and self.front_page:
            return site_page(FRONT_PAGE, words("Front page"), self.description, self.site_name, options,
                             listed(self.annotated), home=options.base_url == options.site_url)
        if page == PEOPLE_INDEX:
            return _people(PEOPLE_INDEX, self.indexes["speaker"].pages.get(PEOPLE_INDEX, []), self.speakers,
                           words("People"), options)
        if page in self.letter_pages:  # a split index's page: its share of the entries
            kind, az = self.letter_pages[page]
            letter = az.place(page)[0]
            if kind == "term":
                return _glossary([self.terms[t] for t in az.pages[page]], page,
                                 words("Glossary: {letter}", letter=letter), options)
            return _people(page, az.pages[page], self.speakers, words("People: {letter}", letter=letter), options)
        return None


def site_linked_data(site: Site, annotated: list[AnnotatedArticle], options: Options, site_name: str = "",
                     description: str = "", front_page: bool = False) -> dict[str, dict]:
    """Each generated page's JSON-LD, by page path."""
    linked_data = LinkedData(site, annotated, options, site_name, description, front_page=front_page)
    return {page: data for page in linked_data.pages if (data := linked_data(page)) is not None}


def site_page(page: str, title: str, description: str, site_name: str, options: Options,
              articles: list[AnnotatedArticle] | None = None, home: bool | None = None) -> dict:
    """The JSON-LD of a page the site wrote itself (or the generated front page): a `WebPage` that
    is part of the site. The home page (`home`: by default the page at the site's root) also
    describes the site; a page that lists the articles (`articles`, newest first) is a
    `CollectionPage` of them."""
    node: dict = {"@type": "WebPage", "@id": address(page, page, "", options), "name": title,
                  "isPartOf": {"@id": _website(page, options)}}
    if description:
        node["description"] = description
    if articles is not None:
        node |= {"@type": "CollectionPage", "mainEntity": _item_list(_article_items(page, articles, options))}
    graph = [node]
    if page == FRONT_PAGE if home is None else home:
        website: dict = {"@type": "WebSite", "@id": _website(page, options),
                         "url": options.site_url or url(page, FRONT_PAGE, "", options)}
        if site_name:
            website["name"] = site_name
        if publisher := _publisher(page, site_name, options):
            website["publisher"] = publisher
        graph.insert(0, website)
    return {"@context": CONTEXT, "@graph": graph}


def _article_items(page: str, annotated: list[AnnotatedArticle], options: Options) -> list[dict]:
    items = []
    for item in annotated:
        meta, to = item.article.meta, article_page(item.article.slug)
        where = address(page, to, "", options) or url(page, to, "", options)
        entry = {"@type": _work_type(meta), "@id": address(page, to, "article", options), "headline": meta.title,
                 "url": where}
        if meta.annotated:
            entry["datePublished"] = meta.annotated.isoformat()
        items.append(entry)
    return items


def _collection(page: str, title: str, items: list[dict], options: Options) -> dict:
    return {"@context": CONTEXT, "@type": "CollectionPage", "@id": address(page, page, "", options), "name": title,
            "isPartOf": {"@id": _website(page, options)}, "mainEntity": _item_list(items)}


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


def _work_type(meta) -> str:
    return "NewsArticle" if meta.kind == "report" else "Article"


def _article(item: AnnotatedArticle, speakers: dict[str, SpeakerEntry], terms: dict[str, TermEntry],
             site_name: str, options: Options) -> dict:
    """An article page: the page, the edition it publishes (`#article`) and the original work the
    edition is based on (identified by its own address where known, else `#original`), kept apart
    so that no reader takes the original's publisher for the edition's."""
    article, meta = item.article, item.article.meta
    page = article_page(article.slug)
    here = address(page, page, "", options)
    original: dict = {"@type": _work_type(meta), "@id": meta.url or address(page, page, "original", options),
                      "datePublished": meta.date.isoformat()}
    if not meta.title_by_editors:  # else the original's headline is not known
        original["headline"] = meta.title
    if meta.url:
        original["url"] = meta.url
    if meta.publication:
        original["publisher"] = {"@type": "Organization", "name": meta.publication}
    authors = [{"@type": "Person", "name": name} for name in meta.authors]
    edition: dict = {"@type": _work_type(meta), "@id": address(page, page, "article", options), "headline": meta.title,
                     "isBasedOn": {"@id": original["@id"]}, "mainEntityOfPage": {"@id": here},
                     "editor": _editors(options), "image": address(page, card_image(page), "", options)}
    if options.base_url:
        edition["url"] = here
    if meta.annotated:
        edition["datePublished"] = meta.annotated.isoformat()
    if meta.corrections:  # the page changed with the text: the edition is modified on the last correction's day
        edition["dateModified"] = max(c.date for c in meta.corrections).isoformat()
        if meta.annotated and meta.annotated.isoformat() > edition["dateModified"]:  # corrected before this edition
            edition["dateModified"] = meta.annotated.isoformat()
        edition["correction"] = [{"@type": "CorrectionComment", "datePublished": c.date.isoformat(), "text": c.note}
                                 for c in meta.corrections]
    if publisher := _publisher(page, site_name, options):
        edition["publisher"] = publisher
    for node in (original, edition):
        if authors:
            node["author"] = authors
        if meta.language:
            node["inLanguage"] = meta.language
        if meta.kind == "transcript":
            node["genre"] = "transcript"
    named = list(dict.fromkeys(span.id for span in item.spans if span.kind in ("speaker", "turn", "quote")
                               and span.id in speakers))
    named += [q.speaker for q in article.quotes if q.speaker in speakers and q.speaker not in named]
    used = list(dict.fromkeys(span.id for span in item.spans if span.kind == "term" and span.id in terms))
    mentions = [_named("Person", address(page, person_page(p), "person", options), speakers[p].name, speakers[p])
                for p in named]
    mentions += [_named("DefinedTerm", address(page, GLOSSARY, t, options), terms[t].term, terms[t]) for t in used]
    if mentions:
        edition["mentions"] = mentions
    cited = {source.url: source for note in article.notes for source in note.sources}
    if cited:
        edition["citation"] = [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in cited.values()]
    webpage = {"@type": "WebPage", "@id": here, "name": meta.title, "isPartOf": {"@id": _website(page, options)},
               "mainEntity": {"@id": edition["@id"]}, "primaryImageOfPage": {"@id": edition["image"]}}
    if options.base_url:
        webpage["url"] = here
    if meta.summary:
        webpage["description"] = meta.summary
    return {"@context": CONTEXT,
            "@graph": [webpage, edition, original, *_claim_reviews(item, speakers, original, site_name, options)]}


def _named(kind: str, at: str, name: str, entry: SpeakerEntry | TermEntry) -> dict:
    """A person or term an article mentions: who or what, and where else it is described."""
    node: dict = {"@type": kind, "@id": at, "name": name}
    if same := same_as(entry):
        node["sameAs"] = same
    return node


def _claim_reviews(item: AnnotatedArticle, speakers: dict[str, SpeakerEntry], original: dict, site_name: str,
                   options: Options) -> list[dict]:
    """A ClaimReview for each fact-check, with what Google's fact-check guidance requires and
    recommends (docs/html-contract.md): the passage it rates, its rating in words and on a scale,
    who made the claim (the person quoted, when the passage is in a quote; else the publication)
    and where it appeared (the original)."""
    article, meta = item.article, item.article.meta
    page = article_page(article.slug)
    passages = {span.id: (span.start, span.end) for span in item.spans if span.kind == "note"}
    quotes = [span for span in item.spans if span.kind == "quote"]
    by_id = {quote.id: quote for quote in article.quotes}
    words = words_for(options.language)
    appeared = {"@id": original["@id"]}
    reviews = []
    for note in article.notes:
        if not note.rating or note.id not in passages:
            continue
        start, end = passages[note.id]
        inside = next((q for q in quotes if q.start <= start and end <= q.end and q.id in by_id), None)
        speaker = speakers.get(by_id[inside.id].speaker) if inside else None
        claim: dict = {"@type": "Claim", "appearance": appeared, "datePublished": meta.date.isoformat()}
        if speaker:
            claim["author"] = _named("Person", address(page, person_page(speaker.id), "person", options), speaker.name,
                                     speaker)
        elif meta.publication:  # the publication's own claim: it first appeared there
            claim |= {"author": {"@type": "Organization", "name": meta.publication}, "firstAppearance": appeared}
        rating: dict = {"@type": "Rating", "name": note.rating, "alternateName": words(RATINGS[note.rating])}
        if note.rating in RATING_VALUES:
            rating |= {"ratingValue": RATING_VALUES[note.rating], "worstRating": WORST_RATING, "bestRating": BEST_RATING}
        at = address(page, page, f"fn:{note.id}", options)
        review = {"@type": "ClaimReview", "@id": at, "url": at,
                  "claimReviewed": " ".join(article.text[start:end].split()), "itemReviewed": claim,
                  "reviewRating": rating, "author": _editors(options)}
        if reviewed := _date(note.created) or meta.annotated:
            review["datePublished"] = reviewed.isoformat()
        if publisher := _publisher(page, site_name, options):
            review["publisher"] = publisher
        reviews.append(review)
    return reviews


def _date(value) -> dt.date | None:
    """A note's `created`, where it is a date (an imported note's may be free text)."""
    return value if isinstance(value, dt.date) else None


def _person(person: SpeakerEntry, page: str, options: Options) -> dict:
    data: dict = {"@context": CONTEXT, "@type": "Person", "@id": address(page, page, "person", options),
                  "name": person.name, "mainEntityOfPage": address(page, page, "", options)}
    if person.role:
        data["jobTitle"] = person.role
    if person.organization:
        data["worksFor"] = {"@type": "Organization", "name": person.organization}
    if person.roles:
        data.update(_roles(person))
    if person.description:
        data["description"] = page_plain(person.description, options)
    if same := same_as(person):
        data["sameAs"] = same
    return data


def _glossary(terms: list[TermEntry], page: str, name: str, options: Options) -> dict:
    """The glossary's set of terms, with the terms `page` lists (a glossary split into letters
    describes its terms on each letter's page, under the same set's id)."""
    defined = [_term(term, page, options) for term in sorted(terms, key=lambda t: t.id)]
    if page == GLOSSARY:
        return {"@context": CONTEXT, "@type": "DefinedTermSet", "@id": address(page, GLOSSARY, "terms", options),
                "name": name, "mainEntityOfPage": address(page, page, "", options), "hasDefinedTerm": defined}
    return {"@context": CONTEXT, "@type": "CollectionPage", "@id": address(page, page, "", options), "name": name,
            "isPartOf": {"@id": _website(page, options)},
            "mainEntity": {"@type": "DefinedTermSet", "@id": address(page, GLOSSARY, "terms", options),
                           "hasDefinedTerm": defined}}


def _roles(person: SpeakerEntry) -> dict:
    """Dated roles as schema.org's Role pattern has them (a Role in place of the property's value,
    with the value inside): `worksFor` an OrganizationRole where the role names its organization,
    else `hasOccupation` a Role; `jobTitle` today's role."""
    def dated(role: Role) -> dict:
        return {key: str(value) for key, value in (("startDate", role.start), ("endDate", role.end)) if value is not None}
    works, occupations = [], []
    for role in person.roles:
        if role.organization:
            works.append({"@type": "OrganizationRole", "roleName": role.role, **dated(role),
                          "worksFor": {"@type": "Organization", "name": role.organization}})
        else:
            occupations.append({"@type": "Role", "roleName": role.role, **dated(role),
                                "hasOccupation": {"@type": "Occupation", "name": role.role}})
    data: dict = {"worksFor": works} if works else {}
    if occupations:
        data["hasOccupation"] = occupations
    if now := in_force(person.roles):
        data["jobTitle"] = now.role
    return data


def _people(page: str, ids: list[str], speakers: dict[str, SpeakerEntry], name: str, options: Options) -> dict:
    return _collection(page, name, [{"@type": "Person", "@id": address(page, person_page(p), "person", options),
                                     "name": speakers[p].name} for p in ids], options)


def _term(term: TermEntry, page: str, options: Options) -> dict:
    """A term, identified by its place in the glossary (`glossary/#<id>`, as before it had a page of
    its own), with its page as its `url`."""
    data = {"@type": "DefinedTerm", "@id": address(page, GLOSSARY, term.id, options), "name": term.term,
            "description": page_plain(term.definition, options),
            "url": address(page, term_page(term.id), "", options) or url(page, term_page(term.id), "", options),
            "inDefinedTermSet": {"@id": address(page, GLOSSARY, "terms", options)}}
    if same := same_as(term):
        data["sameAs"] = same
    return data


def _term_page(term: TermEntry, page: str, options: Options) -> dict:
    return {"@context": CONTEXT, **_term(term, page, options), "mainEntityOfPage": address(page, page, "", options)}
