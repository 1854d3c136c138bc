"""Stage 3: the checks that look across files, once every article is read.

Ids unique, speakers known, each name or alias claimed by one entry only, ids that would collide
with a generated page refused, and links in prose pointing at entries that exist.

They read each article's `ArticleFacts` (`facts_of`): its ids, the people it names and the links
its notes write, each with where it was written; a few kilobytes, where the article itself is tens.
A cache hands back the facts of every unchanged article, so a check after one edit reads little.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..model import Article, Compact, Origin, Problem, Site
from ..prose import bad_link, link_targets
from ..schema import RESERVED, SpeakerEntry, TermEntry
from ..textnorm import fold_phrase
from .reviews import Review, note_reviews


@dataclass(frozen=True, slots=True)
class Passage(Compact):
    """A quote or a note, as the checks across files read it: its id, and where it was written."""

    kind: Literal["quote", "note"]
    id: str
    origin: Origin
    """Where its id was written (or, when derived, where the entry starts)."""
    draft: bool
    derived_id: bool = False
    """A quote whose id was derived from its passage, not written."""


@dataclass(frozen=True, slots=True)
class Reference(Compact):
    """A person an article names: a quote's speaker, or the person a transcript's turn label means."""

    person: str
    origin: Origin
    by: Literal["quote", "turn label"]
    name: str
    """The quote's id, or the label."""
    draft: bool
    """Whether what names the person is itself a draft (a turn never is: turns are always shown)."""


@dataclass(frozen=True, slots=True)
class ProseLinks(Compact):
    """The link destinations written in one piece of prose: a note, a description, a definition."""

    origin: Origin
    targets: tuple[str, ...]
    draft: bool
    """Whether the entry that holds the prose is a draft (it may link to drafts)."""


@dataclass(frozen=True)
class ArticleFacts:
    """What the checks across files read of one article, as written (drafts included)."""

    slug: str
    folder: Path
    speakers: tuple[SpeakerEntry, ...]
    """Its own people and terms, whole: they are few, and checked like the site-wide ones."""
    terms: tuple[TermEntry, ...]
    passages: tuple[Passage, ...]
    """Its quotes, then its notes."""
    references: tuple[Reference, ...]
    """The people its quotes and then its turn labels name."""
    prose: tuple[ProseLinks, ...]
    """The links its notes write."""
    reviews: tuple[Review, ...] = ()
    """When each of its published notes was last reviewed."""


def facts_of(article: Article) -> ArticleFacts:
    """What the checks across files read of an article (as written)."""
    passages = [Passage("quote", str(q.id), q.origin("id"), q.status == "draft", not q.written("id"))
                for q in article.quotes]
    passages += [Passage("note", str(n.id), n.origin("id"), n.status == "draft") for n in article.notes]
    references = [Reference(q.speaker, q.origin("speaker"), "quote", str(q.id), q.status == "draft")
                  for q in article.quotes]
    references += [Reference(person, article.meta.origin(f"turns.{label}"), "turn label", label, False)
                   for label, person in article.meta.turns.items()]
    return ArticleFacts(article.slug, article.folder, article.speakers, article.terms, tuple(passages),
                        tuple(references), tuple(prose_links(article.notes, "note")),
                        tuple(note_reviews(article.notes)))


def prose_links(entries: Iterable[Any], key: str) -> list[ProseLinks]:
    """The links written in the prose field `key` of each entry that has any."""
    found = []
    for entry in entries:
        targets = link_targets(getattr(entry, key) or "")
        if targets:
            found.append(ProseLinks(entry.origin(key), tuple(targets), entry.status == "draft"))
    return found


def check_across(shared: Site, articles: Sequence[ArticleFacts], problems: list[Problem]) -> list[Problem]:
    """The checks across files, given the site-wide people and terms as written, every article's
    facts, and the problems found so far: a person file with errors lost entries, so quotes naming
    them would only repeat its problems."""
    broken = {p.origin.path.parent for p in problems if p.origin.path.name == "speakers.yml" and p.severity == "error"}
    return check_references(shared, articles, broken)


def check_references(shared: Site, articles: Sequence[ArticleFacts],
                     broken_people_files: Collection[Path] = frozenset()) -> list[Problem]:
    """Ids unique, speakers known, and each name or alias claimed by one entry only."""
    people = [*shared.speakers, *(s for a in articles for s in a.speakers)]
    terms = [*shared.terms, *(t for a in articles for t in a.terms)]
    problems: list[Problem] = []
    for kind, entries in (("person", people), ("term", terms)):
        seen: dict[str, Any] = {}
        for entry in entries:
            if entry.id in seen:
                problems.append(Problem(entry.origin("id"), f"duplicate {kind} id '{entry.id}'",
                                        f"it is already defined at {seen[entry.id].origin('id')}; rename or remove one"))
            seen[entry.id] = entry
    problems += _check_names([*people, *terms])
    problems += _check_reserved(people, terms, articles)
    problems += _check_prose_links(shared, people, terms, articles)
    site_people = {s.id for s in shared.speakers}
    site_drafts = {s.id for s in shared.speakers if s.status == "draft"}
    for article in articles:
        problems += _duplicate_passages(article)
        known = site_people | {s.id for s in article.speakers}
        people_complete = not ({shared.root, article.folder} & set(broken_people_files))
        drafts = site_drafts | {s.id for s in article.speakers if s.status == "draft"}
        for ref in article.references:
            if ref.person in drafts and not ref.draft:
                hint = ("publish the person too, or mark the quote 'status: draft'" if ref.by == "quote" else
                        "publish the person (a transcript's turns are always shown)")
                problems.append(Problem(ref.origin, f"{ref.by} '{ref.name}' names '{ref.person}', who is a draft", hint))
        for ref in article.references:
            if ref.person not in known and people_complete:
                guess = difflib.get_close_matches(ref.person, sorted(known), n=1)
                hint = f"did you mean '{guess[0]}'?" if guess else "define the person in annotations/speakers.yml"
                problems.append(Problem(ref.origin, f"unknown speaker '{ref.person}'", hint))
    return problems


def _duplicate_passages(article: ArticleFacts) -> list[Problem]:
    """Each quote and note of an article has its own id (its passage's link is #id)."""
    problems: list[Problem] = []
    ids: dict[str, Passage] = {}
    for passage in article.passages:
        if passage.id in ids:
            hint = f"it is already used at {ids[passage.id].origin}; give each quote and note its own id"
            if passage.derived_id:
                hint = f"this quote's derived id clashes with the entry at {ids[passage.id].origin}; add 'id: ...' to it"
            problems.append(Problem(passage.origin, f"duplicate id '{passage.id}' in {article.slug}", hint))
        ids[passage.id] = passage
    return problems


def _check_reserved(people: list[SpeakerEntry], terms: list[TermEntry], articles: Sequence[ArticleFacts]) -> list[Problem]:
    problems = []
    for kind, entries in (("person", people), ("term", terms)):
        for entry in entries:
            if entry.id in RESERVED[kind] or (kind == "term" and entry.id.startswith("letter-")):
                problems.append(Problem(entry.origin("id"), f"{kind} id '{entry.id}' is reserved for a generated page",
                                        "choose another id"))
    for article in articles:
        if article.slug in RESERVED["article"]:
            problems.append(Problem(Origin(article.folder), f"article slug '{article.slug}' is reserved for the "
                                    "articles index", "rename the folder"))
    return problems


def _check_prose_links(shared: Site, people: list[SpeakerEntry], terms: list[TermEntry],
                       articles: Sequence[ArticleFacts]) -> list[Problem]:
    """Links in prose: only http(s), mailto, and person:/term:/article: ids that exist, and from a
    published entry, not to a draft (the link would break, and show the draft's id)."""
    known = {"person": {e.id for e in people}, "term": {e.id for e in terms}, "article": {a.slug for a in articles}}
    drafts = {"person": {e.id for e in people if e.status == "draft"},
              "term": {e.id for e in terms if e.status == "draft"}}
    prose = prose_links(people, "description") + prose_links(terms, "definition")
    prose += [links for article in articles for links in article.prose]
    problems = []
    for links in prose:
        for target in links.targets:
            reason = bad_link(target)
            scheme, _, name = target.partition(":")
            if reason:
                problems.append(Problem(links.origin, f"link to '{target}' is not allowed", reason))
            elif scheme in known and name not in known[scheme]:
                guess = difflib.get_close_matches(name, sorted(known[scheme]), n=1)
                hint = f"did you mean '{scheme}:{guess[0]}'?" if guess else f"no {scheme} has the id '{name}'"
                problems.append(Problem(links.origin, f"link to unknown {scheme} '{name}'", hint))
            elif name in drafts.get(scheme, ()) and not links.draft:
                problems.append(Problem(links.origin, f"link to {scheme} '{name}', which is a draft",
                                        "publish it too, or mark this entry 'status: draft'", code="link-to-draft"))
    return problems


def _check_names(entries: list[SpeakerEntry | TermEntry]) -> list[Problem]:
    """Two entries may not claim the same name: a mention must know whom it means."""
    problems = []
    claims: dict[str, list[tuple[Any, str]]] = {}
    for entry in entries:
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
