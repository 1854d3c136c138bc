"""Problems as people and programs read them: the one place they are formatted, and the one
escape for each channel they go out on (a terminal, GitHub's workflow commands; JSON escapes itself)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..model import Problem, errors
from ..origin import display_path

_UNPRINTABLE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What a terminal or a log would act on rather than show: controls (ESC starts a colour or moves the
cursor), and the marks that reorder a line. A newline is kept where the text means one."""


def for_terminal(text: str, lines: bool = True) -> str:
    """Text safe to print: every control character and bidirectional mark written as its escape
    (\\x1b, \\u202e); newlines too unless `lines`, so that a value can't start a line of its own."""
    shown = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return shown if lines else shown.replace("\n", "\\n")


def problem_text(problem: Problem) -> str:
    """`path:line:column: severity: message`, and its hint on a line of its own."""
    text = f"{for_terminal(str(problem.origin), False)}: {problem.severity}: {for_terminal(problem.message, False)}"
    return f"{text}\n    hint: {for_terminal(problem.hint, False)}" if problem.hint else text


def in_file_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (str(p.origin.path), p.origin.line, p.origin.column))


def format_problems(problems: list[Problem]) -> str:
    """`path:line:column: severity: message` and its hint, in file order, then a count of errors."""
    lines = [problem_text(p) for p in in_file_order(problems)]
    count = len(errors(problems))
    if count:
        lines.append(f"{count} error{'s' if count != 1 else ''} in the annotations.")
    return "\n".join(lines)


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: each problem shows on its line in a pull request."""
    lines = []
    for p in problems:
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{p.severity} file={_property(for_terminal(display_path(p.origin.path)))},"
                     f"line={p.origin.line},col={p.origin.column}::{_data(for_terminal(message))}")
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


def error_banner(problems: list[Problem], root: Path) -> str:
    """The errors of a preview, as a banner over each page `mkdocs serve` builds: what the terminal
    says, where the annotator is looking (paths relative to the site's folder)."""
    rows = []
    for p in in_file_order(problems):
        where = f"{_relative(p.origin.path, root)}:{p.origin.line}:{p.origin.column}"
        hint = f"<br><small>hint: {html.escape(p.hint)}</small>" if p.hint else ""
        rows.append(f"<li><code>{html.escape(where)}</code>: {html.escape(p.message)}{hint}</li>")
    count = f"{len(problems)} error{'s' if len(problems) != 1 else ''}"
    return (f'<div class="annotation-errors" role="alert"><p><strong>{count} in the annotations.</strong> '
            "This page is the last one built without errors; save a fix and it updates.</p>"
            f"<ul>{''.join(rows)}</ul></div>\n")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return display_path(path)
