"""The pipeline, top to bottom: load and validate -> turns -> anchor -> find mentions -> render.

Pure functions on plain data: the command line and the MkDocs plugin only call `generate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .anchor import anchor_article
from .load import load_site
from .mentions import MentionFinder, names_of
from .model import Site
from .problems import Problem, errors
from .render import AnnotatedArticle, Options, render_nav, render_site
from .textnorm import fold_phrase
from .turns import find_turns


@dataclass(frozen=True)
class Result:
    pages: dict[str, str] = field(default_factory=dict)
    """Generated Markdown pages by path; empty when there are errors."""
    problems: list[Problem] = field(default_factory=list)
    site: Site | None = None
    nav: list = field(default_factory=list)
    """The generated pages as MkDocs `nav` entries."""
    annotated: list = field(default_factory=list)
    """Every article with the passages found in it (for exports)."""

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def generate(root: Path, options: Options = Options()) -> Result:
    """Check every annotation below `root` and, if nothing is wrong, render the site's pages.

    Drafts are checked like everything else, then left out unless `options.drafts` asks to show them.
    """
    site, problems = load_site(root)
    if not options.drafts:
        site = without_drafts(site)
    annotated = []
    site_finder = MentionFinder(names_of(site.speakers, site.terms))
    for article in site.articles:
        turns, turn_spans, turn_problems = find_turns(article)
        spans, anchor_problems = anchor_article(article)
        problems += turn_problems + anchor_problems
        finder = site_finder
        if article.speakers or article.terms:
            finder = MentionFinder(names_of((*site.speakers, *article.speakers), (*site.terms, *article.terms)))
        labels = [s for s in turn_spans if s.kind == "turn"]
        mentions = [m for m in finder.find(article.text) if not any(m.start < l.end and l.start < m.end for l in labels)]
        annotated.append(AnnotatedArticle(article, tuple(spans + turn_spans + mentions), tuple(turns)))
    problems += unused_entries(site, annotated) + unused_aliases(site, annotated) + unsourced_notes(site)
    if errors(problems):
        return Result(problems=problems, site=site, annotated=annotated)
    return Result(pages=render_site(site, annotated, options), problems=problems, site=site,
                  nav=render_nav(annotated, site), annotated=annotated)


def unused_entries(site: Site, annotated: list[AnnotatedArticle]) -> list[Problem]:
    """Warnings: people and terms that no article mentions or quotes."""
    used = {(s.kind, s.id) for a in annotated for s in a.spans}
    used |= {("speaker", q.speaker) for a in annotated for q in a.article.quotes}
    used |= {("speaker", t.speaker) for a in annotated for t in a.turns}
    problems = []
    for kind, entries in (("speaker", site.all_speakers()), ("term", site.all_terms())):
        for entry in entries.values():
            if (kind, entry.id) not in used:
                label = "person" if kind == "speaker" else "term"
                problems.append(Problem(entry.origin("id"), f"{label} '{entry.id}' is never mentioned in any article",
                                        "add an alias that the text uses, or remove the entry", "warning"))
    return problems


def without_drafts(site: Site) -> Site:
    """The site as published: entries marked `status: draft` left out."""
    def published(entries):
        return tuple(e for e in entries if e.status != "draft")

    articles = tuple(replace(a, quotes=published(a.quotes), notes=published(a.notes), speakers=published(a.speakers),
                             terms=published(a.terms)) for a in site.articles)
    return replace(site, speakers=published(site.speakers), terms=published(site.terms), articles=articles)


def unused_aliases(site: Site, annotated: list[AnnotatedArticle]) -> list[Problem]:
    """Warnings: aliases that match nothing in any article (a typo, or a name no text uses)."""
    matched = {(s.kind, s.id, fold_phrase(a.article.text[s.start:s.end], True)) for a in annotated for s in a.spans
               if s.kind in ("speaker", "term")}
    used = {(kind, entry_id) for kind, entry_id, _ in matched}
    problems = []
    for kind, entries in (("speaker", site.all_speakers()), ("term", site.all_terms())):
        for entry in entries.values():
            for alias in entry.aliases:
                if (kind, entry.id) in used and (kind, entry.id, fold_phrase(alias, True)) not in matched:
                    problems.append(Problem(entry.origin("aliases"), f"alias '{alias}' of '{entry.id}' never matches "
                                            "in any article", "check its spelling and capitals, or remove it",
                                            "warning"))
    return problems


def unsourced_notes(site: Site) -> list[Problem]:
    """Warnings: context notes that cite no source."""
    return [Problem(note.origin("id"), f"note '{note.id}' cites no source",
                    "add sources: with at least one {title, url}", "warning")
            for article in site.articles for note in article.notes if not note.sources]
