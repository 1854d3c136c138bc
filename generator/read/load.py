"""Stage 1: read the annotation folder and validate every file, one article at a time.

Returns `Article`s and the site-wide people and terms, and the problems, each located at
`path:line:column`. References between files are checked later (`check/references.py`), once
every article is read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from ..model import Article, Origin, Problem, Severity, Site, split_paragraphs
from ..schema import (
    CONTROL_CHARACTER,
    ID_HINT,
    ArticleFile,
    ContextFile,
    QuoteEntry,
    SpeakersFile,
    TermsFile,
    ascii_slug,
    is_id,
)
from ..textnorm import fold_phrase
from .files import MAX_SOURCE_BYTES, decode, links_leaving, read_bytes
from .validate import load_entries, load_file

ARTICLE_FILES = ("source.txt", "article.yml", "context.yml", "speakers.yml", "terms.yml")


def load_shared(root: Path) -> tuple[Site | None, list[Problem]]:
    """The site-wide people and terms (a Site without articles), or None when `root` can't be read."""
    problems: list[Problem] = []
    if not root.is_dir():
        hint = "create it, or point --dir (or the plugin's 'dir' option) at the annotations folder"
        return None, [Problem(Origin(root), "annotations folder not found", hint, code="no-annotations-folder")]
    outside = links_leaving(root)
    if outside:  # read nothing from a folder that points elsewhere
        return None, outside
    speakers = load_entries(root / "speakers.yml", SpeakersFile, problems)
    terms = load_entries(root / "terms.yml", TermsFile, problems)
    return Site(speakers=tuple(speakers), terms=tuple(terms), root=root), problems


def load_article(folder: Path) -> tuple[Article | None, list[Problem]]:
    """One article folder, read and validated on its own."""
    problems: list[Problem] = []
    return _load_article(folder, problems), problems


def _load_article(folder: Path, problems: list[Problem]) -> Article | None:
    slug = folder.name
    if not is_id(slug):
        problems.append(Problem(Origin(folder), f"invalid article folder name '{slug}'",
                                f"rename it: an article's slug must be {ID_HINT[4:]}", code="invalid-slug"))
        return None
    for extra in sorted(p.name for p in folder.iterdir() if p.name not in ARTICLE_FILES):
        guess = difflib.get_close_matches(extra, ARTICLE_FILES, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"an article folder holds {', '.join(ARTICLE_FILES)}"
        problems.append(Problem(Origin(folder / extra), f"unexpected file '{extra}' is ignored", hint,
                                Severity.WARNING, code="unexpected-file"))
    text = read_source(folder / "source.txt", problems)
    meta = load_file(folder / "article.yml", ArticleFile, problems, required=True)
    context = load_file(folder / "context.yml", ContextFile, problems) or ContextFile()
    if text is None:
        return None
    if meta is None:  # reported already; keep checking the rest of the article
        meta = ArticleFile.model_construct(title=slug, date=dt.date.min)
    return Article(
        slug=slug,
        folder=folder,
        meta=meta,
        text=text,
        paragraphs=split_paragraphs(text),
        quotes=tuple(_with_quote_ids(context.quotes)),
        notes=tuple(context.notes),
        speakers=tuple(load_entries(folder / "speakers.yml", SpeakersFile, problems)),
        terms=tuple(load_entries(folder / "terms.yml", TermsFile, problems)),
    )


def read_source(path: Path, problems: list[Problem]) -> str | None:
    """The published text: UTF-8, a BOM dropped and CRLF read as LF (the file is left as it is)."""
    data = read_bytes(path, MAX_SOURCE_BYTES, problems, required=True)
    if data is None:
        return None
    text = decode(path, data, problems)
    if text is None:
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = CONTROL_CHARACTER.search(text)
    if bad:
        problems.append(Problem(Origin.at_offset(path, text, bad.start()),
                                f"control character U+{ord(bad.group()):04X} in the source text",
                                "remove it: a published text holds no control characters but tab and newline",
                                code="control-character"))
        return None
    if not text.strip():
        problems.append(Problem(Origin(path), "the source text is empty", "paste the article's text into it",
                                code="empty-source"))
        return None
    return text


def _with_quote_ids(quotes) -> list[QuoteEntry]:
    """A quote without an id gets one from its speaker and first words: stable while they are."""
    result = []
    for quote in quotes:
        if quote.id is None:
            words = re.findall(r"\w+", fold_phrase(quote.quote).lower())[:4]
            derived = "-".join([quote.speaker, *(ascii_slug(w) for w in words)])
            copy = quote.model_copy(update={"id": re.sub(r"-+", "-", derived).strip("-")})
            copy._where = quote._where
            quote = copy
        result.append(quote)
    return result
