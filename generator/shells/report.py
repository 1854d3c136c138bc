"""Problems as people and programs read them: the one place they are formatted."""

from __future__ import annotations

from ..model import Problem, display_path, errors


def format_problems(problems: list[Problem]) -> str:
    """`path:line:column: severity: message` and its hint, in file order, then a count of errors."""
    ordered = sorted(problems, key=lambda p: (str(p.origin.path), p.origin.line, p.origin.column))
    lines = [str(p) for p in ordered]
    count = len(errors(problems))
    if count:
        lines.append(f"{count} error{'s' if count != 1 else ''} in the annotations.")
    return "\n".join(lines)


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: each problem shows on its line in a pull request."""
    lines = []
    for p in problems:
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{p.severity} file={_property(display_path(p.origin.path))},line={p.origin.line},"
                     f"col={p.origin.column}::{_data(message)}")
    return "\n".join(lines)


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit escapes it: no line break ends it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value (a file name), escaped as GitHub's toolkit escapes it:
    no comma, colon or line break in a folder's name can start another property or command."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def as_json(problems: list[Problem]) -> list[dict]:
    return [{"file": display_path(p.origin.path), "line": p.origin.line, "column": p.origin.column,
             "severity": str(p.severity), "code": p.code, "message": p.message, "hint": p.hint} for p in problems]
