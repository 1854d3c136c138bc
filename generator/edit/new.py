"""A new article's files, from a text as published: the text byte for byte (a leading
` date YYYY-MM-DD ` moved into article.yml), an article.yml and an empty context.yml whose
comments explain each field. The shell writes them into a new folder."""

from __future__ import annotations

import datetime as dt
import json
import re

from ..schema import ID_HINT, RESERVED, is_id, text_refusal
from .style import schema_comment

DATE_PREFIX = re.compile(rb"^\s*date (\d{4}-\d{2}-\d{2}) ")

ARTICLE_TEMPLATE = """{schema}
# The article's metadata. Only title and date are required; see the format reference.
title: {title}  # the headline; if the text has none, write one and set title_by_editors: true
date: {date}  # publication date, YYYY-MM-DD
# title_by_editors: true          # the headline was written by the editors
# publication: The Daily Example  # who published it
# url: https://example.org/...    # where it was published
# authors: [A. Writer]
# summary: One sentence for the articles index.
# licence: How the text may be republished.
# provenance: Where this copy of the text comes from.
# kind: transcript                # for a transcript, then map its speaker labels to people:
# turns:
#   PRESIDENT BIDEN: joe-biden
"""


CONTEXT_TEMPLATE = """{schema}
# Quotes say who said which passage; notes tell readers what they need to know, with sources.
# Copy each passage exactly as it stands in source.txt (quote marks, dashes and spaces may differ);
# if it occurs more than once, add prefix:, suffix: or occurrence: N to pick one.
quotes: []
#   - speaker: person-id            # an id from speakers.yml
#     quote: the quoted passage
#     said: where or when (optional)
notes: []
#   - id: short-id
#     anchor: the passage the note explains
#     note: What a reader needs to know.
#     sources:
#       - {{title: The source's title, url: "https://example.org/..."}}
"""


def slug_refusal(slug: str) -> str | None:
    """Why `slug` cannot name an article, or None."""
    if not is_id(slug) or slug in RESERVED["article"]:
        return f"invalid slug '{slug}': {ID_HINT[4:]}, and not 'index'"
    return None


def metadata_refusal(title: str | None, date: str | None) -> str | None:
    """Why --title or --date can't go into article.yml, or None: the title is written quoted and
    the date only when it is one, so nothing in them can add a key."""
    if title is not None and text_refusal(title, one_line=True):
        return f"--title {title!r}: {text_refusal(title, one_line=True)}"
    if date is not None:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                raise ValueError(date)
            dt.date.fromisoformat(date)
        except ValueError:
            return f"--date {date!r}: write the publication date as YYYY-MM-DD, e.g. 2023-08-16"
    return None


def new_article_files(source: bytes, title: str | None, date: str | None) -> dict[str, bytes]:
    """source.txt, article.yml and context.yml of a new article, by name."""
    found = DATE_PREFIX.match(source)
    if found:
        date = date or found.group(1).decode()
        source = source[found.end():]
    values = {"title": json.dumps(title or "", ensure_ascii=False), "date": date or '""'}  # checked by metadata_refusal
    return {"source.txt": source,
            "article.yml": ARTICLE_TEMPLATE.format(schema=schema_comment("article", True), **values).encode(),
            "context.yml": CONTEXT_TEMPLATE.format(schema=schema_comment("context", True)).encode()}
