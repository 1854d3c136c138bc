"""The format reference page, written from the same models as the validator (never out of date)."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from ..schema import FILES, Correction, DatedFact, Link, NoteEntry, QuoteEntry, Role, SpeakerEntry, TermEntry
from .text import literal

SECTIONS: list[tuple[str, str, type[BaseModel]]] = [
    ("speakers.yml", "annotations/speakers.yml (site-wide) and annotations/SLUG/speakers.yml: `speakers:`, a list of",
     SpeakerEntry),
    ("terms.yml", "annotations/terms.yml and annotations/SLUG/terms.yml: `terms:`, a list of", TermEntry),
    ("article.yml", "annotations/SLUG/article.yml", FILES["article"]),
    ("context.yml: quotes", "annotations/SLUG/context.yml, `quotes:`, a list of", QuoteEntry),
    ("context.yml: notes", "annotations/SLUG/context.yml, `notes:`, a list of", NoteEntry),
    ("a link", "sources:, links: and similar lists hold", Link),
    ("a correction", "article.yml's corrections: holds", Correction),
    ("a role", "a person's roles: holds, latest last or in any order (no two may overlap)", Role),
    ("a dated fact", "a term's facts: holds (no two may overlap)", DatedFact),
]


def format_reference() -> str:
    lines = ["---", 'description: "Every key of every annotation file, from the models the validator checks with."',
             "search:", "  exclude: true   # the tool's manual: readers search the articles", "---", "",
             "# Format reference", "",
             "Every key of every annotation file, written from the models that `python -m generator check` "
             "validates with (the JSON Schemas in `annotations/.schemas/` come from the same models). A key not "
             "listed here is an error.", ""]
    for title, where, model in SECTIONS:
        lines += [f"## {literal(title)}", "", literal(where) + ":", "", "| key | required | type | meaning |",
                  "| --- | --- | --- | --- |"]
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else ""
            shown = str(field.default).lower() if isinstance(field.default, bool) else field.default
            default = "" if field.is_required() or field.default in (None, [], {}) else f" (default: {shown})"
            meaning = " ".join((field.description or "").split()) + default
            lines.append(f"| `{name}` | {required} | {literal(_type(field.annotation))} | {literal(meaning)} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def _type(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (list, tuple):
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"mapping of {_type(args[0])} to {_type(args[1])}"
    if origin is typing.Literal:
        return " or ".join(str(a) for a in typing.get_args(annotation))
    if args and origin is not typing.Annotated:
        return " or ".join(dict.fromkeys(_type(a) for a in args))
    if origin is typing.Annotated:
        return _type(args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"Link": "link", "Correction": "correction", "Role": "role", "DatedFact": "dated fact"}.get(
            annotation.__name__, annotation.__name__)
    return {"str": "text", "bool": "true or false", "int": "whole number", "date": "date (YYYY-MM-DD)"}.get(
        getattr(annotation, "__name__", str(annotation)), str(annotation))
