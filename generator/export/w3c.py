"""W3C Web Annotations out (https://www.w3.org/TR/annotation-model/): one AnnotationCollection
per article, every quote, note and mention an Annotation whose target is the article's page with a
TextQuoteSelector (prefix and suffix just long enough to be unique, see `resolve.describe`) and a
TextPositionSelector (code points of the source text); the original publication, when known, is a
second target. Their way back in is `edit/importing.py`.
"""

from __future__ import annotations

import orjson

from ..find.resolve import describe_all
from ..model import AnnotatedArticle, Article, Options, Site, SpanKind
from ..render.paths import GLOSSARY, article_page, person_page, url_path

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DCTERMS = {"dcterms": "http://purl.org/dc/terms/"}


def collection_path(slug: str) -> str:
    """Where an article's collection is published, beside its page."""
    return f"articles/{slug}.jsonld"


def _page_url(base: str, page: str, options: Options) -> str:
    return base + url_path(page, options)


def export_collection(item: AnnotatedArticle, site: Site, base: str = "", options: Options = Options()) -> dict:
    """The article's annotations as a W3C AnnotationCollection. `base` is the site's URL (with a
    final slash); empty, the IRIs are relative to the collection's own location."""
    article = item.article
    page = _page_url(base, article_page(article.slug), options)
    if not base:
        page = page.removeprefix("articles/")  # relative to articles/<slug>.jsonld
    people, terms = site.all_speakers(), site.all_terms()
    items = []
    quotes = {q.id: q for q in article.quotes}
    notes = {n.id: n for n in article.notes}
    mentions = 0
    spans = sorted(item.spans, key=lambda s: (s.start, s.end))
    selectors = dict(zip(spans, describe_all(article.text, [(s.start, s.end) for s in spans])))
    for span in spans:
        if span.kind == SpanKind.QUOTE and span.id in quotes:
            quote = quotes[span.id]
            bodies = [_link_body(base, person_page(quote.speaker), options, "identifying"),
                      {"type": "TextualBody", "value": "quote", "purpose": "tagging"}]
            if quote.said:
                bodies.append({"type": "TextualBody", "value": quote.said, "purpose": "describing"})
            items.append(_annotation(page, f"quote-{quote.id}", "identifying", bodies, article, span, selectors[span]))
        elif span.kind == SpanKind.NOTE and span.id in notes:
            note = notes[span.id]
            bodies = [{"type": "TextualBody", "value": note.note, "format": "text/markdown", "purpose": "describing"}]
            bodies += [_source_body(link) for link in note.sources]
            annotation = _annotation(page, f"note-{note.id}", "commenting", bodies, article, span, selectors[span])
            if note.creator:
                annotation["creator"] = {"type": "Person", "name": note.creator}
            if note.created:
                annotation["created"] = str(note.created)
            items.append(annotation)
        elif span.kind in (SpanKind.SPEAKER, SpanKind.TERM):
            mentions += 1
            person = span.kind == SpanKind.SPEAKER
            target = person_page(span.id) if person else GLOSSARY
            name = people[span.id].name if person else terms[span.id].term
            bodies = [_link_body(base, target, options, "identifying", "" if person else span.id),
                      {"type": "TextualBody", "value": "person" if person else "term",
                       "purpose": "classifying"},
                      {"type": "TextualBody", "value": name, "purpose": "tagging"}]
            items.append(_annotation(page, f"mention-{mentions}", "identifying", bodies, article, span, selectors[span]))
    own = base + collection_path(article.slug) if base else f"{article.slug}.jsonld"
    return {"@context": [CONTEXT, DCTERMS], "id": own, "type": "AnnotationCollection",
            "label": article.meta.title, "total": len(items),
            "first": {"id": own + "#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items}}


def collection_text(item: AnnotatedArticle, site: Site, options: Options, base: str | None = None) -> str:
    """The article's collection as a JSON-LD file: as published beside its page (`collection_path`,
    IRIs from `options.base_url`), or with the IRIs of another `base` URL."""
    base = options.base_url if base is None else base
    return encoded(export_collection(item, site, base + "/" if base and not base.endswith("/") else base, options))


def encoded(collection: dict) -> str:
    """A collection as JSON text (orjson: a fifth of the export's time went to the standard library's encoder)."""
    return orjson.dumps(collection).decode() + "\n"


def _annotation(page: str, name: str, motivation: str, bodies: list, article: Article, span, quote: dict) -> dict:
    target: list[dict] = [{"source": page, "selector": [quote, {"type": "TextPositionSelector", "start": span.start,
                                                     "end": span.end}]}]
    if article.meta.url:
        target.append({"source": article.meta.url, "selector": quote})
    return {"id": f"{page}#annotation-{name}", "type": "Annotation", "motivation": motivation, "body": bodies,
            "target": target}


def _link_body(base: str, page: str, options: Options, purpose: str, anchor: str = "") -> dict:
    url = _page_url(base, page, options) + (f"#{anchor}" if anchor else "")
    return {"type": "SpecificResource", "source": url if base else "../" + url, "purpose": purpose}


def _source_body(link) -> dict:
    body = {"type": "SpecificResource", "source": link.url, "purpose": "linking", "dcterms:title": link.title}
    if link.publisher:
        body["dcterms:publisher"] = link.publisher
    if link.date:
        body["dcterms:date"] = str(link.date)
    if link.archived:
        body["dcterms:hasVersion"] = link.archived
    return body
