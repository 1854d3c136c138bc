"""One canonical style for annotation files, and the one YAML round-trip set-up that every
rewrite uses (`fmt`, `import`, `check --fix`), so that what one writes the others accept.

`formatted` rewrites a file in the project's style (key order of the format, indentation, values
never folded) with its comments and blank lines kept, and the schema comment first.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..schema import FILES, Strict, nested_model

SCHEMA_FOLDER = ".schemas"
"""Inside the annotations folder (a dot-folder, so never read as an article)."""
WIDTH = 4096
"""Values are never folded across lines (a folded URL or title reads badly in a diff)."""
KEY_ORDER = {
    "QuoteEntry": ["id", "status", "speaker", "quote", "prefix", "suffix", "occurrence", "said"],
    "NoteEntry": ["id", "status", "anchor", "prefix", "suffix", "occurrence", "note", "sources", "creator", "created"],
}
"""Where a model's own declaration order is not the order a person reads an entry in."""


def round_trip() -> YAML:
    """The YAML reader and writer of every rewrite: comments kept, the project's indentation and width."""
    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = False
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
    indented under their key, values unfolded, quotes only where YAML needs them, its comments
    and blank lines kept, and the schema comment first."""
    yaml = round_trip()
    tree = yaml.load(text)
    comment = schema_comment(kind, in_article)
    body = text
    if tree is not None:
        _order(tree, FILES[kind])
        body = dumped(tree, yaml)
    lines = body.splitlines()
    if not lines or lines[0] != comment:
        lines = [comment] + [line for line in lines if not line.startswith("# yaml-language-server:")]
    return "\n".join(lines).rstrip("\n") + "\n"


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
