"""The annotator's chores: a new article's folder, and one canonical style for annotation files.

`new_article` turns a text file into annotations/<slug>/ (the text byte for byte, its leading
` date YYYY-MM-DD ` moved into article.yml); `formatted` rewrites a YAML file in the project's
style (key order of the format, indentation, line width) with its comments and blank lines kept.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import tempfile
import typing
from pathlib import Path

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .files import atomic_write
from .load import RESERVED
from .schema import FILES, ID_HINT, ID_PATTERN

SCHEMA_FOLDER = ".schemas"
"""Inside the annotations folder (a dot-folder, so never read as an article)."""
DATE_PREFIX = re.compile(rb"^\s*date (\d{4}-\d{2}-\d{2}) ")
WIDTH = 4096
"""Values are never folded across lines (a folded URL or title reads badly in a diff)."""
KEY_ORDER = {
    "QuoteEntry": ["id", "status", "speaker", "quote", "prefix", "suffix", "occurrence", "said"],
    "NoteEntry": ["id", "status", "anchor", "prefix", "suffix", "occurrence", "note", "sources", "creator", "created"],
}
"""Where a model's own declaration order is not the order a person reads an entry in."""


def schema_comment(kind: str, in_article: bool) -> str:
    """The first line of an annotation file: where editors find its JSON Schema."""
    folder = f"../{SCHEMA_FOLDER}" if in_article else SCHEMA_FOLDER
    return f"# yaml-language-server: $schema={folder}/{kind}.schema.json"


def write_schemas(root: Path) -> list[Path]:
    from .schema import json_schemas

    folder = root / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, schema in json_schemas().items():
        path = folder / f"{kind}.schema.json"
        text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        if not path.exists() or path.read_text("utf-8") != text:
            atomic_write(path, text)
            written.append(path)
    return written


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


def new_article(root: Path, source: Path, slug: str, title: str | None, date: str | None) -> tuple[Path | None, str]:
    """Create root/slug from a text file; (folder, "") or (None, why not)."""
    if not re.fullmatch(ID_PATTERN, slug) or slug in RESERVED["article"]:
        return None, f"invalid slug '{slug}': {ID_HINT[4:]}, and not 'index'"
    folder = root / slug
    if folder.exists():
        return None, f"{folder} already exists; choose another slug (nothing was changed)"
    try:
        data = source.read_bytes()
    except OSError as exc:
        return None, f"cannot read {source}: {exc.strerror}"
    found = DATE_PREFIX.match(data)
    if found:
        date = date or found.group(1).decode()
        data = data[found.end():]
    values = {"title": json.dumps(title or "", ensure_ascii=False), "date": date or '""'}
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}-", dir=root))
    try:
        (staging / "source.txt").write_bytes(data)
        (staging / "article.yml").write_text(ARTICLE_TEMPLATE.format(schema=schema_comment("article", True),
                                                                     **values), "utf-8")
        (staging / "context.yml").write_text(CONTEXT_TEMPLATE.format(schema=schema_comment("context", True)),
                                             "utf-8")
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    write_schemas(root)
    return folder, ""


# --- one style for every annotation file --------------------------------------------------------------

def annotation_files(root: Path) -> list[tuple[Path, str]]:
    """Every annotation YAML file below root, with its kind (speakers, terms, article, context)."""
    files = [(root / f"{kind}.yml", kind) for kind in ("speakers", "terms")]
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files += [(folder / f"{kind}.yml", kind) for kind in ("article", "context", "speakers", "terms")]
    return [(path, kind) for path, kind in files if path.is_file() and not path.is_symlink()]


def formatted(text: str, kind: str, in_article: bool) -> str:
    """The file in canonical style: keys in the format's order, two-space mappings, list items
    indented under their key, values unfolded, quotes only where YAML needs them, its comments
    and blank lines kept, and the schema comment first."""
    yaml = _yaml()
    tree = yaml.load(text)
    comment = schema_comment(kind, in_article)
    body = text
    if tree is not None:
        _order(tree, FILES[kind])
        stream = io.StringIO()
        yaml.dump(tree, stream)
        body = stream.getvalue()
    lines = body.splitlines()
    if not lines or lines[0] != comment:
        lines = [comment] + [line for line in lines if not line.startswith("# yaml-language-server:")]
    return "\n".join(lines).rstrip("\n") + "\n"


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = False
    return yaml


def _order(node, model) -> None:
    """Put each mapping's keys in the order its model declares them (unknown keys last)."""
    if isinstance(node, CommentedMap) and model is not None:
        fields = KEY_ORDER.get(model.__name__, list(model.model_fields))
        for key in sorted(node, key=lambda k: fields.index(k) if k in fields else len(fields)):
            node.move_to_end(key)
        for key, value in node.items():
            _order(value, _model_of(model, key))
    elif isinstance(node, CommentedSeq):
        for item in node:
            _order(item, model)


def _model_of(model, key):
    field = model.model_fields.get(key) if model else None
    if field is None:
        return None
    annotation = field.annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in typing.get_args(candidate):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


# --- re-anchoring after a correction of a source text ---------------------------------------------

def apply_fixes(problems_found: list) -> list[str]:
    """Rewrite the confident re-anchorings into context.yml and note them in article.yml."""
    done = []
    by_file: dict[Path, list] = {}
    for problem in problems_found:
        if problem.fix:
            by_file.setdefault(problem.origin.path, []).append(problem)
    for path, problems in by_file.items():
        yaml = _yaml()
        tree = yaml.load(path.read_text("utf-8"))
        for problem in problems:
            fix = problem.fix
            key = "quote" if fix.kind == "quote" else "anchor"
            for entry in tree.get("quotes" if fix.kind == "quote" else "notes") or []:
                if entry.get("id") == fix.entry_id or (entry.get("id") is None and entry.get(key) == fix.old):
                    entry[key] = fix.new
                    for stale in ("prefix", "suffix", "occurrence"):
                        entry.pop(stale, None)
                    if fix.occurrence:
                        entry["occurrence"] = fix.occurrence
                    done.append(f"fixed {problem.origin}: “{fix.old}” -> “{fix.new}” ({fix.confidence:.2f})")
        stream = io.StringIO()
        yaml.dump(tree, stream)
        atomic_write(path, formatted(stream.getvalue(), "context", True))
        article_file = path.parent / "article.yml"
        meta = yaml.load(article_file.read_text("utf-8"))
        if meta.get("corrections") is None:
            meta["corrections"] = CommentedSeq()
        changed = "; ".join(f"{p.fix.kind} '{p.fix.entry_id}' now reads “{p.fix.new}”" for p in problems)
        meta["corrections"].append(CommentedMap(date=dt.date.today().isoformat(),
                                                note=f"Passages re-anchored after the source text changed: {changed}."))
        stream = io.StringIO()
        yaml.dump(meta, stream)
        atomic_write(article_file, formatted(stream.getvalue(), "article", True))
    return done
