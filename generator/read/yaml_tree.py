"""YAML with positions: a file composed by libyaml (in C), whose nodes remember where they were
written, into plain dicts and lists beside a table of the line and column of every key, value and
item. Anchors, aliases, merge keys and duplicate keys are refused, each at its place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError as RuamelMarkedError

from ..model import Origin, Problem
from .files import MAX_YAML_BYTES, decode, read_bytes


def yaml_data(text: str):
    """The plain data of a YAML text, as the validator sees it (dates stay text); a YAMLError where
    the validator would report a problem with the YAML itself (a duplicate key, a value its tag
    refuses)."""
    node = pyyaml.compose(text, Loader=pyyaml.CSafeLoader)
    problems: list[Problem] = []
    data = _plain(node, Path("<text>"), {}, problems) if node is not None else None
    if problems:
        raise pyyaml.YAMLError(f"line {problems[0].origin.line}: {problems[0].message}")
    return data


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
    data = read_bytes(path, MAX_YAML_BYTES, problems, required)
    if data is None:
        return None
    text = decode(path, data, problems)
    if text is None:
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        problems.append(Problem(Origin(path), "empty file",
                                "write its entries (see the format reference (docs/format-reference.md)), or delete the file"))
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
        where = Origin(path, mark.line + 1, mark.column + 1) if mark else Origin(path) if mark else Origin(path)
        problems.append(Problem(where, _yaml_message(exc), _yaml_hint(exc)))
        return None
    except pyyaml.YAMLError as exc:
        problems.append(Problem(Origin(path), f"YAML error: {exc}", "check the file's syntax"))
        return None
    if "\t" in text and not duplicates:
        duplicates.extend(_tabs_the_writer_refuses(text, path))
    if duplicates:  # a duplicate key, or a tab: which value was meant is for a person to say
        problems.extend(duplicates)
        return None
    if tree is None:
        tree = {}
        marks[id(tree)] = (0, 0, {})
    return YamlTree(tree, marks, path)


_STANDARD = "tag:yaml.org,2002:"
_KNOWN_TAGS = {_STANDARD + name for name in ("str", "int", "float", "bool", "null", "timestamp", "value", "map", "seq")}
"""What a plain YAML value resolves to, and so what an explicit tag may say."""
_SCALARS = pyyaml.constructor.SafeConstructor()
_TYPED = {"tag:yaml.org,2002:int": _SCALARS.construct_yaml_int, "tag:yaml.org,2002:float": _SCALARS.construct_yaml_float,
          "tag:yaml.org,2002:bool": _SCALARS.construct_yaml_bool, "tag:yaml.org,2002:null": _SCALARS.construct_yaml_null}


MAX_DEPTH = 32
"""Annotation files nest five levels deep; this bounds the recursion over a hostile file."""


def _plain(node, path: Path, marks: dict[int, tuple], problems: list[Problem], depth: int = 0):
    """A YAML node tree (composed by libyaml, in C) as plain values, with the position of every
    key, value and item in `marks`. Dates stay text, for pydantic to check."""
    if depth > MAX_DEPTH and not isinstance(node, pyyaml.ScalarNode):
        problems.append(Problem(Origin(path, node.start_mark.line + 1, node.start_mark.column + 1),
                                f"YAML nested more than {MAX_DEPTH} levels deep",
                                "annotation files nest a few levels at most: check the brackets and indentation",
                                code="yaml-too-deep"))
        return None
    if node.tag not in _KNOWN_TAGS:  # !!binary, !!set, !!python/..., a tag of one's own: read alike nowhere
        problems.append(Problem(Origin(path, node.start_mark.line + 1, node.start_mark.column + 1),
                                f"YAML tag {node.tag.replace(_STANDARD, '!!')!r} is not allowed in annotation files",
                                "remove the tag: write the value as text, a number, a list or a mapping",
                                code="yaml-tag"))
        return None
    if isinstance(node, pyyaml.ScalarNode):
        convert = _TYPED.get(node.tag)
        if convert is None:
            return node.value
        try:
            return convert(node)
        except Exception:  # `!!int abc`, `!!bool maybe`, `0b_`, an integer too long to convert
            kind = node.tag.rsplit(":", 1)[-1]
            problems.append(Problem(Origin(path, node.start_mark.line + 1, node.start_mark.column + 1),
                                    f"YAML value {node.value[:40]!r} cannot be read as {kind}",
                                    "write a valid value, or quote it to make it text", code="bad-yaml-value"))
            return node.value
    mark = node.start_mark
    if isinstance(node, pyyaml.MappingNode):
        mapping: dict = {}
        positions: dict = {}
        for key_node, value_node in node.value:
            key = _plain(key_node, path, marks, problems, depth + 1)
            key = key if isinstance(key, str | int | float | bool) or key is None else str(key)
            key_mark, value_mark = key_node.start_mark, value_node.start_mark
            if key in mapping:
                problems.append(Problem(Origin(path, key_mark.line + 1, key_mark.column + 1),
                                        f'YAML syntax: while constructing a mapping found duplicate key "{key}" with '
                                        f'value "{value_node.value if isinstance(value_node, pyyaml.ScalarNode) else "..."}" '
                                        f'(original value: "{mapping[key]}")',
                                        "each key may appear once in a mapping: remove or rename one of them"))
                continue
            mapping[key] = _plain(value_node, path, marks, problems, depth + 1)
            positions[key] = (key_mark.line, key_mark.column, value_mark.line, value_mark.column)
        marks[id(mapping)] = (mark.line, mark.column, positions)
        return mapping
    sequence = [_plain(item, path, marks, problems, depth + 1) for item in node.value]
    marks[id(sequence)] = (mark.line, mark.column, [(item.start_mark.line, item.start_mark.column) for item in node.value])
    return sequence


def _tabs_the_writer_refuses(text: str, path: Path) -> list[Problem]:
    """A tab where the rewriting commands' YAML library (ruamel) refuses one, though libyaml reads
    it: before a comment, after a value, inside a plain value. Refused here, or `fmt` and
    `check --fix` could not rewrite a file that `check` accepted."""
    try:
        for _token in YAML(typ="rt").scan(text):
            pass
    except RuamelMarkedError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Origin(path, mark.line + 1, mark.column + 1) if mark else Origin(path)
        return [Problem(where, "a tab character here is not read alike by every YAML tool",
                        "replace the tab with spaces, or quote the value that holds it", code="tab-in-yaml")]
    return []


def _refused_construct(text: str, path: Path) -> Problem | None:
    """Anchors, aliases and merge keys: refused before anything is built ("billion laughs")."""
    if "&" not in text and "*" not in text and "<<" not in text:
        return None  # none of them can be written without one of these
    for event in pyyaml.parse(text, Loader=pyyaml.CSafeLoader):
        mark = event.start_mark
        where = Origin(path, mark.line + 1, mark.column + 1) if mark else Origin(path)
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


