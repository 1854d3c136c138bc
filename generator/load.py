"""Stage 1: read the annotation folder, validate every file, and check references between them.

Returns a `Site` and the list of problems, each located at `path:line:column`. Files are
composed by libyaml (in C), whose nodes remember their position, into plain dicts and lists
beside a table of where each key, value and item was written, and validated with the pydantic
models of `schema.py`; a bad entry is reported and left out, so one typo does not hide the rest.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import typing
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml as pyyaml
from pydantic import BaseModel, ValidationError

from .model import Article, Site, split_paragraphs
from .problems import Origin, Problem
from .schema import (
    ID_HINT,
    ID_PATTERN,
    ArticleFile,
    ContextFile,
    QuoteEntry,
    SpeakersFile,
    Strict,
    TermsFile,
)
from .prose import bad_link, link_targets
from .textnorm import fold_phrase

ARTICLE_FILES = ("source.txt", "article.yml", "context.yml", "speakers.yml", "terms.yml")
MAX_YAML_BYTES = 2_000_000
MAX_SOURCE_BYTES = 20_000_000


def load_site(root: Path) -> tuple[Site, list[Problem]]:
    """Read and validate everything below `root` (the annotations folder)."""
    shared, problems = load_shared(root)
    if shared is None:
        return Site(root=root), problems
    articles = []
    for folder in article_folders(root):
        article, article_problems = load_article(folder)
        problems += article_problems
        if article:
            articles.append(article)
    return finish_site(shared, articles, problems)


def load_shared(root: Path) -> tuple[Site | None, list[Problem]]:
    """The site-wide people and terms (a Site without articles), or None when `root` can't be read."""
    problems: list[Problem] = []
    if not root.is_dir():
        hint = "create it, or point --dir (or the plugin's 'dir' option) at the annotations folder"
        return None, [Problem(Origin(root), "annotations folder not found", hint)]
    outside = links_leaving(root)
    if outside:  # read nothing from a folder that points elsewhere
        return None, outside
    speakers = _load_entries(root / "speakers.yml", SpeakersFile, problems)
    terms = _load_entries(root / "terms.yml", TermsFile, problems)
    return Site(speakers=tuple(speakers), terms=tuple(terms), root=root), problems


def article_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def finish_site(shared: Site, articles: list[Article], problems: list[Problem]) -> tuple[Site, list[Problem]]:
    """The whole site, once every article is loaded, and the checks that look across files."""
    site = replace(shared, articles=tuple(articles))
    # A person file with errors lost entries: quotes naming them would only repeat its problems.
    broken = {p.origin.path.parent for p in problems if p.origin.path.name == "speakers.yml" and p.severity == "error"}
    return site, problems + check_references(site, broken)


def links_leaving(root: Path) -> list[Problem]:
    """Symbolic links that lead out of the annotations folder: a pull request could aim one at any file."""
    inside = root.resolve()
    problems = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                problems.append(Problem(Origin(path), "symbolic link leads outside the annotations folder",
                                        "replace the link with a copy of the file it points to"))
    return problems


def load_article(folder: Path) -> tuple[Article | None, list[Problem]]:
    """One article folder, read and validated on its own (references are checked by `finish_site`)."""
    problems: list[Problem] = []
    return _load_article(folder, problems), problems


def _load_article(folder: Path, problems: list[Problem]) -> Article | None:
    slug = folder.name
    if not re.fullmatch(ID_PATTERN, slug):
        problems.append(Problem(Origin(folder), f"invalid article folder name '{slug}'",
                                f"rename it: an article's slug must be {ID_HINT[4:]}"))
        return None
    for extra in sorted(p.name for p in folder.iterdir() if p.name not in ARTICLE_FILES):
        guess = difflib.get_close_matches(extra, ARTICLE_FILES, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"an article folder holds {', '.join(ARTICLE_FILES)}"
        problems.append(Problem(Origin(folder / extra), f"unexpected file '{extra}' is ignored", hint, "warning"))
    text = read_source(folder / "source.txt", problems)
    meta = _load_file(folder / "article.yml", ArticleFile, problems, required=True)
    context = _load_file(folder / "context.yml", ContextFile, problems) or ContextFile()
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
        notes=context.notes,
        speakers=tuple(_load_entries(folder / "speakers.yml", SpeakersFile, problems)),
        terms=tuple(_load_entries(folder / "terms.yml", TermsFile, problems)),
    )


def read_source(path: Path, problems: list[Problem]) -> str | None:
    """The published text: UTF-8, a BOM dropped and CRLF read as LF (the file is left as it is)."""
    data = _read_bytes(path, MAX_SOURCE_BYTES, problems, required=True)
    if data is None:
        return None
    text = _decode(path, data, problems)
    if text is None:
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    if bad:
        problems.append(Problem(Origin.at_offset(path, text, bad.start()),
                                f"control character U+{ord(bad.group()):04X} in the source text",
                                "remove it: a published text holds no control characters but tab and newline"))
        return None
    if not text.strip():
        problems.append(Problem(Origin(path), "the source text is empty", "paste the article's text into it"))
        return None
    return text


# --- YAML files -------------------------------------------------------------------------------

def _read_bytes(path: Path, limit: int, problems: list[Problem], required: bool) -> bytes | None:
    if not path.is_file():
        if required:
            problems.append(Problem(Origin(path), f"missing file {path.name}",
                                    f"every article folder needs a {path.name}; see the format reference in README.md"))
        return None
    size = path.stat().st_size
    if size > limit:
        problems.append(Problem(Origin(path), f"file is {size:,} bytes, over the limit of {limit:,}",
                                "split it, or check that the right file was committed"))
        return None
    return path.read_bytes()


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        problems.append(Problem(Origin.at_offset(path, good, len(good)),
                                f"not UTF-8: byte 0x{data[exc.start]:02X} at byte offset {exc.start}",
                                "save the file as UTF-8"))
        return None


def yaml_data(text: str):
    """The plain data of a YAML text, as the validator sees it (dates stay text)."""
    node = pyyaml.compose(text, Loader=pyyaml.CSafeLoader)
    return _plain(node, Path("<text>"), {}, []) if node is not None else None


@dataclass(frozen=True)
class YamlTree:
    """A file's data as plain dicts and lists, and where each part was written: by a container's
    id, its 0-based (line, column) and, for a mapping, each key's (key line, key column, value
    line, value column), for a sequence, each item's (line, column)."""

    data: object
    marks: dict[int, tuple]
    path: Path


def read_yaml(path: Path, problems: list[Problem], required: bool = False) -> YamlTree | None:
    """The YAML tree of a file, or None after a problem."""
    data = _read_bytes(path, MAX_YAML_BYTES, problems, required)
    if data is None:
        return None
    text = _decode(path, data, problems)
    if text is None:
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        problems.append(Problem(Origin(path), "empty file",
                                "write its entries (see the format reference in README.md), or delete the file"))
        return None
    try:
        refused = _refused_construct(text, path)
        if refused:
            problems.append(refused)
            return None
        node = pyyaml.compose(text, Loader=pyyaml.CSafeLoader)
        duplicates: list[Problem] = []
        marks: dict[int, tuple] = {}
        tree = _plain(node, path, marks, duplicates) if node is not None else None
    except pyyaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem(Origin(path, mark.line + 1, mark.column + 1), _yaml_message(exc), _yaml_hint(exc)))
        return None
    except pyyaml.YAMLError as exc:
        problems.append(Problem(Origin(path), f"YAML error: {exc}", "check the file's syntax"))
        return None
    if duplicates:  # a duplicate key: which value was meant is for a person to say
        problems.extend(duplicates)
        return None
    if tree is None:
        tree = {}
        marks[id(tree)] = (0, 0, {})
    return YamlTree(tree, marks, path)


_SCALARS = pyyaml.constructor.SafeConstructor()
_TYPED = {"tag:yaml.org,2002:int": _SCALARS.construct_yaml_int, "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
          "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool, "tag:yaml.org,2002:null": _SCALARS.construct_yaml_null}


def _plain(node, path: Path, marks: dict[int, tuple], problems: list[Problem]):
    """A YAML node tree (composed by libyaml, in C) as plain values, with the position of every
    key, value and item in `marks`. Dates stay text, for pydantic to check."""
    if isinstance(node, pyyaml.ScalarNode):
        convert = _TYPED.get(node.tag)
        return convert(node) if convert else node.value
    mark = node.start_mark
    if isinstance(node, pyyaml.MappingNode):
        mapping: dict = {}
        positions: dict = {}
        for key_node, value_node in node.value:
            key = _plain(key_node, path, marks, problems)
            key = key if isinstance(key, str | int | float | bool) or key is None else str(key)
            key_mark, value_mark = key_node.start_mark, value_node.start_mark
            if key in mapping:
                problems.append(Problem(Origin(path, key_mark.line + 1, key_mark.column + 1),
                                        f'YAML syntax: while constructing a mapping found duplicate key "{key}" with '
                                        f'value "{value_node.value if isinstance(value_node, pyyaml.ScalarNode) else "..."}" '
                                        f'(original value: "{mapping[key]}")',
                                        "each key may appear once in a mapping: remove or rename one of them"))
                continue
            mapping[key] = _plain(value_node, path, marks, problems)
            positions[key] = (key_mark.line, key_mark.column, value_mark.line, value_mark.column)
        marks[id(mapping)] = (mark.line, mark.column, positions)
        return mapping
    sequence = [_plain(item, path, marks, problems) for item in node.value]
    marks[id(sequence)] = (mark.line, mark.column, [(item.start_mark.line, item.start_mark.column) for item in node.value])
    return sequence


def _refused_construct(text: str, path: Path) -> Problem | None:
    """Anchors, aliases and merge keys: refused before anything is built ("billion laughs")."""
    if "&" not in text and "*" not in text and "<<" not in text:
        return None  # none of them can be written without one of these
    for event in pyyaml.parse(text, Loader=pyyaml.CSafeLoader):
        mark = event.start_mark
        where = Origin(path, mark.line + 1, mark.column + 1)
        if isinstance(event, pyyaml.AliasEvent) or getattr(event, "anchor", None):
            return Problem(where, "YAML anchors and aliases (& and *) are not allowed in annotation files",
                           "write each value out in full")
        if isinstance(event, pyyaml.ScalarEvent) and event.value == "<<" and not event.style:  # plain
            return Problem(where, "YAML merge keys (<<) are not allowed in annotation files",
                           "write each key out in full")
    return None


def _yaml_message(exc: pyyaml.MarkedYAMLError) -> str:
    text = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    return "YAML syntax: " + re.sub(r"\s+", " ", text).strip()


def _yaml_hint(exc: pyyaml.MarkedYAMLError) -> str:
    text = str(exc.problem)
    if "duplicate key" in text:
        return "each key may appear once in a mapping: remove or rename one of them"
    if "\\t" in text or "\t" in text or "tab character" in text:
        return "indent with spaces, not tabs"
    return "check indentation and quoting; quote a value that contains ': ' or ' #', or starts with a quote"


def _load_file(path: Path, model: type[Strict], problems: list[Problem], required: bool = False):
    tree = read_yaml(path, problems, required)
    if tree is None:
        return None
    if not isinstance(tree.data, dict):
        problems.append(Problem(Origin(path), f"{path.name} must be a mapping of keys to values",
                                f"start with a key, e.g. '{next(iter(model.model_fields))}:'"))
        return None
    try:
        return _validated(model, tree.data, tree)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, tree, model))
    # Keep the good entries of a list file so one bad entry does not cascade into more errors.
    kept = {}
    for key, field in model.model_fields.items():
        item_model = _list_item_model(field.annotation)
        if item_model and isinstance(tree.data.get(key), list):
            kept[key] = [entry for entry in _valid_items(tree.data[key], item_model, tree)]
    return model.model_construct(**kept) if kept else None


def _load_entries(path: Path, model: type[Strict], problems: list[Problem]) -> list:
    loaded = _load_file(path, model, problems)
    return list(getattr(loaded, next(iter(model.model_fields)))) if loaded else []


def _valid_items(items: list, item_model: type[Strict], tree: YamlTree):
    for item in items:
        try:
            yield _validated(item_model, item, tree)
        except ValidationError:
            pass  # already reported by the whole-file validation


def _validated(model: type[Strict], data, tree: YamlTree):
    """Validate part of a YAML tree, then tell every entry in it where it was written."""
    entry = model.model_validate(data)
    _attach_origins(entry, data, tree)
    return entry


def _attach_origins(entry, data, tree: YamlTree) -> None:
    if isinstance(entry, Strict) and isinstance(data, dict):
        line, column, positions = tree.marks[id(data)]
        nested = {key: tree.marks[id(value)][2] for key, value in data.items() if isinstance(value, dict)}
        entry._where = (tree.path, line, column, positions, nested)
        for key, value in data.items():
            if isinstance(value, dict | list):  # where entries may be
                _attach_origins(getattr(entry, str(key), None), value, tree)
    elif isinstance(entry, tuple | list) and isinstance(data, list):
        for child, item in zip(entry, data):
            _attach_origins(child, item, tree)


def _list_item_model(annotation) -> type[Strict] | None:
    if typing.get_origin(annotation) in (list, tuple):
        (item,) = typing.get_args(annotation)[:1]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


# --- validation errors as located problems -----------------------------------------------------

def _validation_problems(exc: ValidationError, tree: YamlTree, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        origin, node_model = _locate(tree, loc, model, error["type"])
        where = _dotted(loc)
        if error["type"] == "extra_forbidden":
            key = loc[-1]
            allowed = list(node_model.model_fields) if node_model else []
            guess = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"allowed keys here: {', '.join(allowed)}"
            problems.append(Problem(origin, f"unknown key '{key}'", hint))
        elif error["type"] == "missing":
            problems.append(Problem(origin, f"missing required key '{loc[-1]}'",
                                    f"add '{loc[-1]}: ...' to this entry"))
        elif error["type"] == "string_pattern_mismatch":
            problems.append(Problem(origin, f"invalid id {error['input']!r} at '{where}'", ID_HINT))
        elif error["type"] in ("date_from_datetime_parsing", "date_type", "date_parsing"):
            problems.append(Problem(origin, f"invalid date {error['input']!r} at '{where}'",
                                    "write the date as YYYY-MM-DD, e.g. 2023-08-16"))
        else:
            message = error["msg"].removeprefix("Value error, ")
            shown = error["input"] if not isinstance(error["input"], dict | list) else type(error["input"]).__name__
            problems.append(Problem(origin, f"'{where}': {message} (got {shown!r})", _type_hint(error)))
    return _dedupe(problems)


def _type_hint(error) -> str:
    kind = error["type"]
    if kind in ("string_type",):
        return "write text here; quote it if it looks like a number, a date or yes/no"
    if kind in ("list_type",):
        return "write a list: one '- item' per line, or [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "write a mapping of keys to values here"
    if kind.startswith("bool"):
        return "write true or false"
    if kind.startswith("int") or kind.startswith("greater"):
        return "write a whole number (1 for the first match)"
    return "see the format reference in README.md"


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """A union field reports each failed alternative: keep the first problem per place."""
    seen, kept = set(), []
    for problem in problems:
        key = (problem.origin, problem.message.split(":")[0])
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept


def _locate(tree: YamlTree, loc, model, kind: str):
    """The position of the value (or, for an unknown key, of the key) that `loc` points at."""
    node, node_model = tree.data, model
    line, col = tree.marks[id(node)][:2]
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and part in node:
            key_line, key_col, value_line, value_col = tree.marks[id(node)][2][part]
            line, col = (key_line, key_col) if (last and kind == "extra_forbidden") else (value_line, value_col)
            node = node[part]
            if not last:
                node_model = _field_model(node_model, part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            line, col = tree.marks[id(node)][2][part]
            node = node[part]
        elif isinstance(part, str) and not isinstance(node, dict | list):
            break
    return Origin(tree.path, line + 1, col + 1), node_model


def _field_model(model, key):
    if model is None or key not in getattr(model, "model_fields", {}):
        return None
    annotation = model.model_fields[key].annotation
    return _list_item_model(annotation) or (annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None)


def _dotted(loc) -> str:
    parts = [p for p in loc if isinstance(p, int | str) and not str(p).startswith(("function-", "date", "str"))]
    return ".".join(str(p) if isinstance(p, str) else f"[{p + 1}]" for p in parts).replace(".[", "[")


# --- references between files ------------------------------------------------------------------

def _with_quote_ids(quotes) -> list[QuoteEntry]:
    """A quote without an id gets one from its speaker and first words: stable while they are."""
    result = []
    for quote in quotes:
        if quote.id is None:
            words = re.findall(r"\w+", fold_phrase(quote.quote).lower())[:4]
            derived = "-".join([quote.speaker, *(_ascii_slug(w) for w in words)])
            copy = quote.model_copy(update={"id": re.sub(r"-+", "-", derived).strip("-")})
            copy._where = quote._where
            quote = copy
        result.append(quote)
    return result


def _ascii_slug(word: str) -> str:
    ascii_word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_word.lower()).strip("-")


def check_references(site: Site, broken_people_files: set[Path] = frozenset()) -> list[Problem]:
    """Ids unique, speakers known, and each name or alias claimed by one entry only."""
    problems: list[Problem] = []
    for kind, entries in (("person", _all(site, "speakers")), ("term", _all(site, "terms"))):
        seen: dict[str, object] = {}
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
        ids: dict[str, object] = {}
        for entry in (*article.quotes, *article.notes):
            if entry.id in ids:
                hint = f"it is already used at {ids[entry.id].origin('id')}; give each quote and note its own id"
                if isinstance(entry, QuoteEntry) and not entry.written("id"):
                    hint = f"this quote's derived id clashes with the entry at {ids[entry.id].origin('id')}; add 'id: ...' to it"
                problems.append(Problem(entry.origin("id"), f"duplicate id '{entry.id}' in {article.slug}", hint))
            ids[entry.id] = entry
        known = site_people | {s.id for s in article.speakers}
        people_complete = not ({site.root, article.folder} & broken_people_files)
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
        references = [(q.speaker, q, "speaker") for q in article.quotes]
        references += [(person, article.meta, f"turns.{label}") for label, person in article.meta.turns.items()]
        for person, entry, key in references:
            if person not in known and people_complete:
                guess = difflib.get_close_matches(person, sorted(known), n=1)
                hint = f"did you mean '{guess[0]}'?" if guess else "define the person in annotations/speakers.yml"
                problems.append(Problem(entry.origin(key), f"unknown speaker '{person}'", hint))
    return problems


RESERVED = {"person": {"index"}, "term": {"glossary"}, "article": {"index"}}
"""Ids that would collide with a generated page or anchor (people/index.md, the glossary's title)."""


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
    """Links in prose: only http(s), mailto, and person:/term:/article: ids that exist."""
    known = {"person": set(site.all_speakers()), "term": set(site.all_terms()),
             "article": {a.slug for a in site.articles}}
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
    return problems


def _all(site: Site, kind: str) -> list:
    return [*getattr(site, kind), *(e for a in site.articles for e in getattr(a, kind))]


def _check_names(site: Site) -> list[Problem]:
    """Two entries may not claim the same name: a mention must know whom it means."""
    problems = []
    claims: dict[str, list[tuple[object, str]]] = {}
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
