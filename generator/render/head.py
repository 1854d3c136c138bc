"""What a page's head tells the rest of the web: its link card (OpenGraph and Twitter meta), from
the page's title, description and URL. The MkDocs shell adds the tags; a site built through
`generator build --out` has the title and description in each page's front matter."""

from __future__ import annotations

import html
import re

from .paths import ARTICLES_INDEX, PEOPLE_INDEX
from .text import html_text


def card_type(page: str) -> str:
    """OpenGraph's type of a page: an article, a person's profile, or the site's other pages."""
    if page.startswith("articles/") and page != ARTICLES_INDEX:
        return "article"
    if page.startswith("people/") and page != PEOPLE_INDEX:
        return "profile"
    return "website"


IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
"""The link-card images' size (`export/cards.py`)."""


def link_card(page: str, title: str, description: str, site_name: str, url: str | None,
              image: tuple[str, str] | None = None) -> str:
    """The meta tags of a shared link's preview. `title` may come HTML-escaped (as MkDocs keeps
    titles); every value is escaped once here. Without a URL (no `site_url`), none is invented.
    `image`: the card image's absolute URL and its text alternative (a large card)."""
    pictured = [("property", "og:image", image[0]), ("property", "og:image:type", "image/png"),
                ("property", "og:image:width", str(IMAGE_WIDTH)), ("property", "og:image:height", str(IMAGE_HEIGHT)),
                ("property", "og:image:alt", image[1]), ("name", "twitter:image", image[0]),
                ("name", "twitter:image:alt", image[1])] if image else []
    tags = [("property", "og:type", card_type(page)), ("property", "og:title", title),
            ("property", "og:description", description), ("property", "og:site_name", site_name),
            *([("property", "og:url", url)] if url else []), *pictured,
            ("name", "twitter:card", "summary_large_image" if image else "summary"), ("name", "twitter:title", title),
            ("name", "twitter:description", description)]
    return "\n".join(f'<meta {kind}="{key}" content="{html_text(html.unescape(value))}">'
                     for kind, key, value in tags if value)


_SENTENCE_END = re.compile(r"(?<!\.[A-Z])[.!?](?=\s+[A-Z\u00C0-\u024F\"“‘(]|\s*$)")
"""A full stop before a capital (or the end), not an initialism's: "U.S. envoy" and "the U.N.
Charter" do not end at "U.S." or "U.N."."""


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of a plain text, for a description (at most `limit` characters)."""
    end = _SENTENCE_END.search(text)
    sentence = text[:end.end() if end else len(text)].strip()
    return sentence if len(sentence) <= limit else sentence[:limit - 1].rstrip() + "…"
