"""Validation with pydantic, its errors as located problems.

A file's YAML tree is validated against its model (`schema.py`); each error becomes one problem at
the value (or, for an unknown key, the key) it concerns, with a hint. A bad entry of a list file is
reported and left out, so one typo does not hide the rest.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..model import Origin, Problem
from ..schema import ID_HINT, Strict, Written, list_item_model, nested_model
from .yaml_tree import YamlTree, read_yaml

Model = TypeVar("Model", bound=Strict)


def load_file(path: Path, model: type[Model], problems: list[Problem], required: bool = False) -> Model | None:
    """A file read and validated; None after a problem that leaves nothing to keep."""
    tree = read_yaml(path, problems, required)
    if tree is None:
        return None
    if not isinstance(tree.data, dict):
        problems.append(Problem(Origin(path), f"{path.name} must be a mapping of keys to values",
                                f"start with a key, e.g. '{next(iter(model.model_fields))}:'", code="not-a-mapping"))
        return None
    try:
        return _validated(model, tree.data, tree)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, tree, model))
    # Keep the good entries of a list file so one bad entry does not cascade into more errors.
    kept: dict[str, Any] = {}
    for key, field in model.model_fields.items():
        item_model = list_item_model(field.annotation)
        if item_model and isinstance(tree.data.get(key), list):
            kept[key] = list(_valid_items(tree.data[key], item_model, tree))
    return model.model_construct(**kept) if kept else None


def load_entries(path: Path, model: type[Strict], problems: list[Problem]) -> list:
    """The entries of a list file (speakers.yml, terms.yml): the valid ones, even when others are not."""
    loaded = load_file(path, model, problems)
    return list(getattr(loaded, next(iter(model.model_fields)))) if loaded else []


def _valid_items(items: list, item_model: type[Strict], tree: YamlTree) -> Iterator[Strict]:
    for item in items:
        try:
            yield _validated(item_model, item, tree)
        except ValidationError:
            pass  # already reported by the whole-file validation


def _validated(model: type[Model], data, tree: YamlTree) -> Model:
    """Validate part of a YAML tree, then tell every entry in it where it was written."""
    entry = model.model_validate(data)
    _attach_origins(entry, data, tree)
    return entry


def _attach_origins(entry, data, tree: YamlTree) -> None:
    if isinstance(entry, Strict) and isinstance(data, dict):
        line, column, positions = tree.marks[id(data)]
        nested = {key: tree.marks[id(value)][2] for key, value in data.items() if isinstance(value, dict)}
        entry._where = Written(tree.path, line, column, positions, nested)
        for key, value in data.items():
            if isinstance(value, dict | list):  # where entries may be
                _attach_origins(getattr(entry, str(key), None), value, tree)
    elif isinstance(entry, tuple | list) and isinstance(data, list):
        for child, item in zip(entry, data):
            _attach_origins(child, item, tree)


# --- validation errors as located problems -----------------------------------------------------

def _validation_problems(exc: ValidationError, tree: YamlTree, model: type[Strict]) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc, kind = error["loc"], error["type"]
        origin, node_model, walked = _locate(tree, loc, model, kind)
        where = dotted(walked)
        if kind == "extra_forbidden":
            key = loc[-1]
            allowed = list(node_model.model_fields) if node_model else []
            guess = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"allowed keys here: {', '.join(allowed)}"
            problems.append(Problem(origin, f"unknown key '{key}'", hint, code="unknown-key",
                                    data=(("key", key), ("allowed", tuple(allowed)))))
        elif kind == "missing":
            problems.append(Problem(origin, f"missing required key '{loc[-1]}'", f"add '{loc[-1]}: ...' to this entry",
                                    code="missing-key", data=(("key", loc[-1]),)))
        elif kind in ("string_pattern_mismatch", "string_too_long"):
            problems.append(Problem(origin, f"invalid id {error['input']!r} at '{where}'", ID_HINT, code="invalid-id"))
        elif kind in ("date_from_datetime_parsing", "date_from_datetime_inexact", "date_type", "date_parsing"):
            problems.append(Problem(origin, f"invalid date {error['input']!r} at '{where}'",
                                    "write the date as YYYY-MM-DD, e.g. 2023-08-16", code="invalid-date"))
        else:
            message = error["msg"].removeprefix("Value error, ")
            problems.append(Problem(origin, f"'{where}': {message} (got {_shown(error['input'])})", _type_hint(kind),
                                    code="invalid-value"))
    return _first_per_place(problems)


def _type_hint(kind: str) -> str:
    if kind == "string_type":
        return "write text here; quote it if it looks like a number, a date or yes/no"
    if kind == "list_type":
        return "write a list: one '- item' per line, or [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "write a mapping of keys to values here"
    if kind.startswith("bool"):
        return "write true or false"
    if kind.startswith("int") or kind.startswith("greater"):
        return "write a whole number (1 for the first match)"
    return "see the format reference (docs/format-reference.md)"


def _first_per_place(problems: list[Problem]) -> list[Problem]:
    """A union field reports each failed alternative: keep the first problem per place."""
    seen, kept = set(), []
    for problem in problems:
        key = (problem.origin, problem.message.split(":")[0])
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept


def _locate(tree: YamlTree, loc, model: type[Strict], kind: str):
    """The position of the value (or, for an unknown key, of the key) that `loc` points at, the
    model of the entry it is in, and the parts of `loc` that are keys and indices of the data
    (pydantic adds its own, such as the alternatives of a union)."""
    node = tree.data
    node_model: type[Strict] | None = model
    line, col = tree.marks[id(node)][:2]
    walked: list[str | int] = []
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and part in node:
            key_line, key_col, value_line, value_col = tree.marks[id(node)][2][part]
            line, col = (key_line, key_col) if (last and kind == "extra_forbidden") else (value_line, value_col)
            node = node[part]
            walked.append(part)
            if not last:
                field = node_model.model_fields.get(part) if node_model else None
                node_model = nested_model(field.annotation) if field else None
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            line, col = tree.marks[id(node)][2][part]
            node = node[part]
            walked.append(part)
        elif isinstance(part, str) and not isinstance(node, dict | list):
            break
    return Origin(tree.path, line + 1, col + 1), node_model, walked


def dotted(parts) -> str:
    """A place in a file as check names it: notes[2].sources[1].url."""
    return ".".join((p if len(p) <= SHOWN_LENGTH else p[:SHOWN_LENGTH - 20] + "…") if isinstance(p, str)
                    else f"[{p + 1}]" for p in parts).replace(".[", "[")


SHOWN_LENGTH = 80
"""Characters of a refused value a message repeats: a 1.5 MB title is named by its start."""


def _shown(value) -> str:
    if isinstance(value, dict | list):
        return repr(type(value).__name__)
    if isinstance(value, str) and len(value) > SHOWN_LENGTH:
        return f"{value[:SHOWN_LENGTH - 20]!r}… ({len(value):,} characters)"
    return repr(value)
