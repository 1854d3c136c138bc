"""One canonical style for annotation files, and the one YAML round-trip set-up that every
rewrite uses (`fmt`, `import`, `check --fix`), so that what one writes the others accept.

`formatted` rewrites a file in the project's style (key order of the format, indentation, values
never folded) with its comments and blank lines kept, and the schema comment first.

Files are read as PyYAML reads them (YAML 1.1: `No` is false, `1:20` is 80), while ruamel.yaml
writes YAML 1.2, where both are text. So a rewrite keeps every plain value as it was written and
every quote that the reader needs (`'No'` stays quoted), writes new values quoted where the reader
needs it (`for_reader`), and checks its own output: what the reader makes of the file must not
change (`Unsafe` otherwise, and nothing is written).
"""

from __future__ import annotations

import io
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString, SingleQuotedScalarString

from ..read.yaml_tree import yaml_data
from ..schema import FILES, Strict, nested_model


class Unsafe(Exception):
    """A rewrite would change what a file means to the validator: it is not made."""


_READER = pyyaml.resolver.Resolver()
_QUOTED = (SingleQuotedScalarString, DoubleQuotedScalarString)


def reads_as_text(value: str) -> bool:
    """Whether the validator's reader (PyYAML, YAML 1.1) reads `value`, written plain, as text."""
    return _READER.resolve(pyyaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def for_reader(value: Any) -> Any:
    """A new value (of `import` or `--fix`) as it must be written: text that the reader would take
    for something else when plain (`No`, `1:20`, `2023-08-16`) is quoted."""
    if isinstance(value, dict):
        return CommentedMap((key, for_reader(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(for_reader(item) for item in value)
    if isinstance(value, str) and not isinstance(value, _QUOTED) and not reads_as_text(value):
        return SingleQuotedScalarString(value)
    return value


def checked(before: str, after: str) -> str:
    """`after`, if the reader makes of it what it makes of `before`; else `Unsafe`."""
    return _meaning_kept(yaml_data(before), after)


def _meaning_kept(meant: Any, after: str) -> str:
    try:
        same = yaml_data(after) == meant
    except pyyaml.YAMLError:
        same = False
    if not same:
        raise Unsafe("rewriting it would change what a value means (a YAML 1.1 reading); nothing was written")
    return after


def _plain_is_safe(value: str) -> bool:
    """Whether the reader reads `value` written plain, in a block or in a flow, as this same text."""
    analysis = pyyaml.emitter.Emitter(io.StringIO()).analyze_scalar(value)
    return analysis.allow_flow_plain and analysis.allow_block_plain and not analysis.multiline \
        and reads_as_text(value)


def _unquote_where_safe(node: Any) -> Any:
    """Quotes kept only where the reader needs them: a quoted value that reads as the same text
    plain loses its quotes (the canonical style); plain values stay exactly as written."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            node[key] = _unquote_where_safe(value)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            node[index] = _unquote_where_safe(value)
    elif isinstance(node, _QUOTED) and _plain_is_safe(str(node)):
        return PlainScalarString(node)  # a plain str would take the quotes of the value it replaces
    return node

SCHEMA_FOLDER = ".schemas"
"""Inside the annotations folder (a dot-folder, so never read as an article)."""
WIDTH = 4096
"""Values are never folded across lines (a folded URL or title reads badly in a diff)."""
KEY_ORDER = {
    "QuoteEntry": ["id", "status", "speaker", "quote", "prefix", "suffix", "occurrence", "said"],
    "NoteEntry": ["id", "status", "anchor", "prefix", "suffix", "occurrence", "note", "sources", "rating", "creator", "created",
                  "reviewed"],
}
"""Where a model's own declaration order is not the order a person reads an entry in."""


def round_trip() -> YAML:
    """The YAML reader and writer of every rewrite: comments kept, the project's indentation and width."""
    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True  # the quotes the reader needs; `formatted` drops the others
    return yaml


def dumped(tree, yaml: YAML | None = None) -> str:
    stream = io.StringIO()
    (yaml or round_trip()).dump(tree, stream)
    return stream.getvalue()


def schema_comment(kind: str, in_article: bool) -> str:
    """The first line of an annotation file: where editors find its JSON Schema."""
    folder = f"../{SCHEMA_FOLDER}" if in_article else SCHEMA_FOLDER
    return f"# yaml-language-server: $schema={folder}/{kind}.schema.json"


def formatted(text: str, kind: str, in_article: bool) -> str:
    """The file in canonical style: keys in the format's order, two-space mappings, list items
    indented under their key, values unfolded, quotes only where the reader needs them, its
    comments and blank lines kept, and the schema comment first. `Unsafe` if that would change
    what the file means (it never should)."""
    meant = yaml_data(text)  # a file the validator refuses is not rewritten: `check` says why, at its place
    yaml = round_trip()
    try:
        tree = yaml.load(text)
    except (ValueError, TypeError) as exc:  # a value ruamel.yaml cannot construct
        raise Unsafe(f"it cannot be rewritten ({exc}); run check") from exc
    comment = schema_comment(kind, in_article)
    body = text
    if tree is not None:
        _order(tree, FILES[kind])
        body = dumped(_unquote_where_safe(tree), yaml)
    lines = body.splitlines()
    if not lines or lines[0] != comment:
        lines = [comment] + [line for line in lines if not line.startswith("# yaml-language-server:")]
    return _meaning_kept(meant, "\n".join(lines).rstrip("\n") + "\n")


def _order(node, model: type[Strict] | None) -> None:
    """Put each mapping's keys in the order its model declares them (unknown keys last)."""
    if isinstance(node, CommentedMap) and model is not None:
        fields = KEY_ORDER.get(model.__name__, list(model.model_fields))
        for key in sorted(node, key=lambda k: fields.index(k) if k in fields else len(fields)):
            node.move_to_end(key)
        for key, value in node.items():
            field = model.model_fields.get(key)
            _order(value, nested_model(field.annotation) if field else None)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _order(item, model)
