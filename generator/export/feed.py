"""An Atom feed (RFC 4287) of the articles, newest first, so that readers learn of new articles
and of corrections. Its dates come from the annotations (an article's date and its corrections'),
never from the clock: two builds of the same files write the same feed. Its ids are absolute
URLs, so it needs the site's URL."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ElementTree

from ..model import AnnotatedArticle, Options
from ..render.language import words_for
from ..render.paths import article_page, url_path

FEED_PATH = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _updated(item: AnnotatedArticle) -> dt.date:
    """An article's last change: its date, or its latest correction's."""
    return max([item.article.meta.date, *(c.date for c in item.article.meta.corrections)])


def atom_feed(annotated: list[AnnotatedArticle], site_name: str, site_url: str, options: Options) -> str:
    """The feed's XML. `site_url` ends with a slash. Each article is one entry: its summary, and
    its corrections, which move the entry's `updated` date so that feed readers show it again."""
    items = sorted(annotated, key=lambda a: (_updated(a), a.article.meta.date, a.article.slug), reverse=True)
    words = words_for(options.language)
    ElementTree.register_namespace("", ATOM)
    # The feed's own words (its corrections' lines) are in the site's language.
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": options.language})

    def add(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}",
                                         {key: _xml_text(value) for key, value in attributes.items()})
        element.text = None if text is None else _xml_text(text)
        return element

    add(feed, "id", site_url)
    add(feed, "title", site_name)
    add(feed, "updated", _stamp(max((_updated(a) for a in items), default=dt.date(1970, 1, 1))))
    add(feed, "link", rel="self", type="application/atom+xml", href=site_url + FEED_PATH)
    add(feed, "link", rel="alternate", type="text/html", href=site_url)
    add(add(feed, "author"), "name", site_name)
    for item in items:
        meta = item.article.meta
        link = site_url + url_path(article_page(item.article.slug), options)
        entry = add(feed, "entry")
        add(entry, "id", link)
        add(entry, "title", meta.title)
        add(entry, "link", rel="alternate", type="text/html", href=link)
        add(entry, "published", _stamp(meta.date))
        add(entry, "updated", _stamp(_updated(item)))
        for author in meta.authors:
            add(add(entry, "author"), "name", author)
        if meta.summary:
            add(entry, "summary", meta.summary)
        if meta.corrections:
            lines = [words("Corrected {date}: {note}", date=words.date(c.date), note=c.note) for c in meta.corrections]
            add(entry, "content", "\n".join([*([meta.summary] if meta.summary else []), *lines]), type="text")
    ElementTree.indent(feed)
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot hold, even as a character reference."""


def _xml_text(text: str) -> str:
    """`text` as XML can hold it: annotators' texts never hold those characters (the schema refuses
    them), but the site's name comes from mkdocs.yml, and the feed stays well-formed whatever it holds."""
    return _NOT_XML.sub("\ufffd", text)
