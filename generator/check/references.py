"""Stage 3: the checks that look across files, once every article is read.

Ids unique, speakers known, each name or alias claimed by one entry only, ids that would collide
with a generated page refused, and links in prose pointing at entries that exist.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..model import Article, Origin, Problem, Site
from ..prose import bad_link, link_targets
from ..schema import RESERVED, NoteEntry, QuoteEntry
from ..textnorm import fold_phrase


def finish_site(shared: Site, articles: list[Article], problems: list[Problem]) -> tuple[Site, list[Problem]]:
    """The whole site, once every article is loaded, and the checks that look across files."""
    site = replace(shared, articles=tuple(articles))
    # A person file with errors lost entries: quotes naming them would only repeat its problems.
    broken = {p.origin.path.parent for p in problems if p.origin.path.name == "speakers.yml" and p.severity == "error"}
    return site, problems + check_references(site, broken)


def check_references(site: Site, broken_people_files: Collection[Path] = frozenset()) -> list[Problem]:
    """Ids unique, speakers known, and each name or alias claimed by one entry only."""
    problems: list[Problem] = []
    for kind, entries in (("person", _all(site, "speakers")), ("term", _all(site, "terms"))):
        seen: dict[str, Any] = {}
        for entry in entries:
            if entry.id in seen:
                problems.append(Problem(entry.origin("id"), f"duplicate {kind} id '{entry.id}'",
                                        f"it is already defined at {seen[entry.id].origin('id')}; rename or remove one"))
            seen[entry.id] = entry
    problems += _check_names(site)
    problems += _check_reserved(site)
    problems += _check_prose_links(site)
    site_people = {s.id for s in site.speakers}
    site_drafts = {s.id for s in site.speakers if s.status == "draft"}
    for article in site.articles:
        ids: dict[str, Any] = {}
        anchored: list[QuoteEntry | NoteEntry] = [*article.quotes, *article.notes]
        for entry in anchored:
            if entry.id in ids:
                hint = f"it is already used at {ids[str(entry.id)].origin('id')}; give each quote and note its own id"
                if isinstance(entry, QuoteEntry) and not entry.written("id"):
                    hint = f"this quote's derived id clashes with the entry at {ids[str(entry.id)].origin('id')}; add 'id: ...' to it"
                problems.append(Problem(entry.origin("id"), f"duplicate id '{entry.id}' in {article.slug}", hint))
            ids[str(entry.id)] = entry
        known = site_people | {s.id for s in article.speakers}
        people_complete = not ({site.root, article.folder} & set(broken_people_files))
        drafts = site_drafts | {s.id for s in article.speakers if s.status == "draft"}
        for quote in article.quotes:
            if quote.speaker in drafts and quote.status != "draft":
                problems.append(Problem(quote.origin("speaker"), f"quote '{quote.id}' names '{quote.speaker}', "
                                        "who is a draft", "publish the person too, or mark the quote 'status: draft'"))
        for label, person in article.meta.turns.items():
            if person in drafts:
                problems.append(Problem(article.meta.origin(f"turns.{label}"), f"turn label '{label}' names "
                                        f"'{person}', who is a draft", "publish the person (a transcript's turns "
                                        "are always shown)"))
        references: list[tuple[str, Any, str]] = [(q.speaker, q, "speaker") for q in article.quotes]
        references += [(person, article.meta, f"turns.{label}") for label, person in article.meta.turns.items()]
        for person, entry, key in references:
            if person not in known and people_complete:
                guess = difflib.get_close_matches(person, sorted(known), n=1)
                hint = f"did you mean '{guess[0]}'?" if guess else "define the person in annotations/speakers.yml"
                problems.append(Problem(entry.origin(key), f"unknown speaker '{person}'", hint))
    return problems


def _check_reserved(site: Site) -> list[Problem]:
    problems = []
    for kind, entries in (("person", _all(site, "speakers")), ("term", _all(site, "terms"))):
        for entry in entries:
            if entry.id in RESERVED[kind] or (kind == "term" and entry.id.startswith("letter-")):
                problems.append(Problem(entry.origin("id"), f"{kind} id '{entry.id}' is reserved for a generated page",
                                        "choose another id"))
    for article in site.articles:
        if article.slug in RESERVED["article"]:
            problems.append(Problem(Origin(article.folder), f"article slug '{article.slug}' is reserved for the "
                                    "articles index", "rename the folder"))
    return problems


def _check_prose_links(site: Site) -> list[Problem]:
    """Links in prose: only http(s), mailto, and person:/term:/article: ids that exist, and from a
    published entry, not to a draft (the link would break, and show the draft's id)."""
    known = {"person": set(site.all_speakers()), "term": set(site.all_terms()),
             "article": {a.slug for a in site.articles}}
    drafts = {"person": {e.id for e in _all(site, "speakers") if e.status == "draft"},
              "term": {e.id for e in _all(site, "terms") if e.status == "draft"}}
    fields = [(e, "description") for e in _all(site, "speakers")] + [(e, "definition") for e in _all(site, "terms")]
    fields += [(note, "note") for article in site.articles for note in article.notes]
    problems = []
    for entry, key in fields:
        for target in link_targets(getattr(entry, key) or ""):
            reason = bad_link(target)
            scheme, _, name = target.partition(":")
            if reason:
                problems.append(Problem(entry.origin(key), f"link to '{target}' is not allowed", reason))
            elif scheme in known and name not in known[scheme]:
                guess = difflib.get_close_matches(name, sorted(known[scheme]), n=1)
                hint = f"did you mean '{scheme}:{guess[0]}'?" if guess else f"no {scheme} has the id '{name}'"
                problems.append(Problem(entry.origin(key), f"link to unknown {scheme} '{name}'", hint))
            elif name in drafts.get(scheme, ()) and entry.status != "draft":
                problems.append(Problem(entry.origin(key), f"link to {scheme} '{name}', which is a draft",
                                        "publish it too, or mark this entry 'status: draft'", code="link-to-draft"))
    return problems


def _all(site: Site, kind: str) -> list[Any]:
    return [*getattr(site, kind), *(e for a in site.articles for e in getattr(a, kind))]


def _check_names(site: Site) -> list[Problem]:
    """Two entries may not claim the same name: a mention must know whom it means."""
    problems = []
    claims: dict[str, list[tuple[Any, str]]] = {}
    for entry in [*_all(site, "speakers"), *_all(site, "terms")]:
        key_name = "name" if hasattr(entry, "name") else "term"
        for key, name in [(key_name, getattr(entry, key_name)), *(("aliases", a) for a in entry.aliases)]:
            exact = fold_phrase(name)
            claimants = claims.setdefault(fold_phrase(name, ignore_case=True), [])
            for other, other_exact in claimants:
                if other is not entry and (other_exact == exact or entry.ignore_case or other.ignore_case):
                    problems.append(Problem(entry.origin(key), f"'{name}' is claimed by '{entry.id}' and by '{other.id}'",
                                            f"a name or alias may belong to one entry only; remove it from one of them "
                                            f"(the other is at {other.origin()})"))
                    break
            claimants.append((entry, exact))
    return problems
