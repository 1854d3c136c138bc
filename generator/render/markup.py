"""The pieces every page renderer writes: links, lists, headings, dates and names, each escaped
once here (`text.literal` in Markdown, `text.html_text` in raw HTML)."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import string
import unicodedata
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import yaml

from ..model import Options
from ..schema import Link, Period, Role, SpeakerEntry, When, url_refusal
from .language import Words, language_attributes, message, words_for
from .text import html_text, literal

P = TypeVar("P", bound=Period)


def link(text: str, target_url: str) -> str:
    """A link for a raw HTML block: `target_url` comes from `url`."""
    return f'<a href="{target_url}">{html_text(text)}</a>'


def link_list(items: list[str]) -> list[str]:
    """A list of links (each item raw HTML) as a raw HTML block."""
    if not items:
        return []
    return ['<ul class="entry-list" data-search-exclude>', *(f"<li>{item}</li>" for item in items), "</ul>", ""]


def md_link(text: str, target: str, title: str = "", attrs: str = "") -> str:
    """A Markdown link (so the builder checks and rewrites it); attrs go to attr_list."""
    title_part = f' "{literal(title)}"' if title else ""
    return f"[{literal(text)}]({target}{title_part})" + (f"{{: {attrs} }}" if attrs else "")


def external(link: Link, words: Words) -> str:
    """A source or further reading, as raw HTML: its link, publisher, date and archived copy."""
    parts = [f'<a href="{html_text(link.url)}" rel="noopener noreferrer">{html_text(link.title)}</a>']
    parts += [html_text(v) for v in (link.publisher, _written_date(link.date, words)) if v]
    if link.archived:
        archived = words("archived copy")
        parts.append(f'<a href="{html_text(link.archived)}" rel="noopener noreferrer">{html_text(archived)}</a>')
    return ", ".join(parts)


def _written_date(value: dt.date | str | None, words: Words) -> str | None:
    """A source's date as the page's language writes dates; a date that is not YYYY-MM-DD as given."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return words.date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return words.date(value) if isinstance(value, dt.date) else value


def page_title(text: str) -> str:
    """A title as MkDocs and its themes take it: HTML (they print it unescaped in the navigation
    and in <title>), so a title of "<script>" must reach them escaped; and inert where a template
    plugin renders front matter (mkdocs-macros reads `{{ }}` there too)."""
    return html_text(text)


TITLE_ID = "page-title"
"""The heading's id: made from the title, it could repeat a paragraph's (a title "P1" makes `p1`)."""
PAGE_CLASS = "annotations-page"
"""The heading's class, on every generated page: the stylesheet styles only pages that have it."""


def heading(text: str, description: str | None = None, language: str | None = None, searched: bool = True) -> list[str]:
    """A page's first lines: its title and description for the theme (front matter: Material
    writes the description as the page's meta description) and its heading, marked with the
    title's `language` where it is another than the site's. `searched=False`: a page of links that
    only repeats others (a further part, a letter, a month) is left out of search (Material's
    `search: exclude`, which `search: pagefind` honours too)."""
    about = {"title": page_title(text)} | ({"description": page_title(description)} if description else {})
    marked = language_attributes(language)
    unsearched = [] if searched else ["search: {exclude: true}"]
    return ["---", front_matter(about), *unsearched, "---", "",
            f"# {literal(text)} {{ #{TITLE_ID} .{PAGE_CLASS}{marked} }}", ""]


def front_matter(values: dict[str, str]) -> str:
    """YAML that any YAML reader reads back as `values`, whatever Unicode they hold: written by
    PyYAML (which MkDocs reads it with), double-quoted on one line, escaping what YAML cannot hold
    as it is (JSON's escapes are not all YAML's: a surrogate pair made the page lose its front
    matter, and its title reach the theme unescaped)."""
    return "\n".join(f"{key}: {_quoted(value)}" for key, value in values.items())


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=math.inf).rstrip("\n")


def sort_key(text: str) -> str:
    """A-Z order ignoring case and accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def family_first(person: SpeakerEntry) -> str:
    """A person's name as A-Z lists sort it: their `sort_as`, else the name's last word (before a
    suffix such as Jr.) first, then the rest ("Biden Joe")."""
    if person.sort_as:
        return person.sort_as
    parts = person.name.split()
    end = len(parts)
    while end > 1 and parts[end - 1].casefold().rstrip(",") in NAME_SUFFIXES:
        end -= 1
    return " ".join([parts[end - 1], *parts[:end - 1], *parts[end:]]) if end > 1 else person.name


def in_force(periods: Sequence[P], on: dt.date | None = None) -> P | None:
    """Of dated roles or facts, the one true on `on` (the latest begun, where one ends the day the
    next starts), or with no day, the one still true (no end); None when none is."""
    holding = [p for p in periods if (p.holds_on(on) if on else p.end is None)]
    return max(holding, key=lambda p: p.began(), default=None)


def _role_at(role: str | None, organization: str | None) -> str:
    return ", ".join(v for v in (role, organization) if v)


def who_in(role: Role) -> str:
    """One role as cards show it: "Secretary General, NATO"."""
    return _role_at(role.role, role.organization)


def who(person: SpeakerEntry, on: dt.date | None = None) -> str:
    """A person's role and organization as cards show them: held on `on` (an article's date), or
    with no day, today's (the role not ended); "" when none is known. `role:` holds at every date."""
    if not person.roles:
        return _role_at(person.role, person.organization)
    role = in_force(person.roles, on)
    return who_in(role) if role else ""


def when(value: When, words: Words) -> str:
    """A role's or fact's boundary as a reader reads it: a year, or a date in the site's language."""
    return words.date(value) if isinstance(value, dt.date) else str(value)


def period(item: Period, words: Words) -> str:
    """When a role or fact held: "2014 – 1 October 2024", "since 2025", "until 2019"; "" undated."""
    if item.start is not None and item.end is not None:
        return f"{when(item.start, words)} – {when(item.end, words)}"
    if item.start is not None:
        return words("since {date}", date=when(item.start, words))
    return words("until {date}", date=when(item.end, words)) if item.end is not None else ""


def then_and_now(periods: Sequence[P], shown: Callable[[P], str], day: dt.date, reviewed: dt.date | None,
                 words: Words) -> tuple[str, str]:
    """What a card on an article of `day` says of dated roles or facts, as HTML (`shown` gives one's
    HTML): the one true that day, and today's where it differs ("Now: …", as of the entry's last
    review where it has one); "" for what is not known or not different."""
    then, now = in_force(periods, day), in_force(periods)
    if now is None or now is then:
        return (shown(then) if then else ""), ""
    then_html = words.html("On {date}: {what}", date=html_text(words.date(day)), what=shown(then)) if then else ""
    if reviewed:
        return then_html, words.html("Now: {what} (as of {date})", what=shown(now), date=html_text(words.date(reviewed)))
    return then_html, words.html("Now: {what}", what=shown(now))


def entity_name(kind: str, entry) -> str:
    return entry.name if kind == "speaker" else entry.term


EDIT_URL_FIELDS = ("path", "line")


def edit_url_refusal(template: str) -> str | None:
    """Why an "edit" link template can't be used, or None: it may name {path} and {line} only
    (no index, attribute or format of them), and must make an http(s) URL."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template)
                  if name is not None]
    except ValueError as exc:
        return f"its braces do not pair up ({exc}); write a literal brace as {{{{ or }}}}"
    for name, spec, conversion in fields:
        if name not in EDIT_URL_FIELDS or spec or conversion:
            return f"unknown field {{{name}}}: it may use {{path}} and {{line}} only"
    refusal = url_refusal(template.format(path="annotations/x.yml", line=1))
    return f"it does not make a URL: {refusal}" if refusal else None


def edit_link(entry, options: Options, what: str) -> str:
    """A small "edit" link to the YAML an entry was written in, at its line (when the site has a
    template for such links), else nothing. Drafts shown under `mkdocs serve` are marked."""
    words = words_for(options.language)
    badge = words("draft")
    draft = f' <span class="draft-badge">{html_text(badge)}</span>' if getattr(entry, "status", "") == "draft" else ""
    if not options.edit_url:
        return draft
    origin = entry.origin()
    path = Path(os.path.relpath(origin.path, options.edit_root)).as_posix()
    # Percent-encoded: a folder named "a b" or "x#y" would otherwise end the URL or make a fragment.
    target = options.edit_url.format(path=urllib.parse.quote(path, safe="/"), line=origin.line)
    title, label = words(EDIT_THIS[what]), words("edit")
    return (f'{draft} <a class="edit-annotation" href="{html_text(target)}" title="{html_text(title)}" '
            f'rel="noopener noreferrer">{html_text(label)}</a>')


EDIT_THIS = {"note": message("Edit this note"), "term": message("Edit this term"),
             "person": message("Edit this person"), "quote": message("Edit this quote")}
"""The title of an entry's "edit" link, by the kind of entry (messages of the catalogue)."""
