"""Problems found in annotation files, and the one place they are formatted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Origin:
    """Where a value was written: a file and a 1-based line and column."""

    path: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"

    @classmethod
    def at_offset(cls, path: Path, text: str, offset: int) -> "Origin":
        """The line and column of a character offset in a file's text."""
        line = text.count("\n", 0, offset) + 1
        return cls(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (an error) or worth a look (a warning) in the annotations."""

    origin: Origin
    message: str
    hint: str = ""
    """How to fix it, in one sentence."""
    severity: str = "error"
    fix: "Fix | None" = None
    """A repair `check --fix` may apply (a confident re-anchoring)."""

    def __str__(self) -> str:
        text = f"{self.origin}: {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


@dataclass(frozen=True)
class Fix:
    """Replace the passage of a quote or note whose text no longer occurs, after a correction."""

    kind: str
    """quote or note."""
    entry_id: str
    old: str
    new: str
    occurrence: int | None
    confidence: float


class AnnotationError(Exception):
    """Raised at the edges (plugin, command line) when problems stop a build."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_problems(problems))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def format_problems(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=lambda p: (str(p.origin.path), p.origin.line, p.origin.column))
    lines = [str(p) for p in ordered]
    count = len(errors(problems))
    if count:
        lines.append(f"{count} error{'s' if count != 1 else ''} in the annotations.")
    return "\n".join(lines)


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, so editors can open it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: each problem shows on its line in a pull request."""
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    lines = []
    for p in problems:
        kind = "error" if p.severity == "error" else "warning"
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{kind} file={display_path(p.origin.path)},line={p.origin.line},col={p.origin.column}::"
                     f"{escape(message)}")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> list[dict]:
    return [{"file": display_path(p.origin.path), "line": p.origin.line, "column": p.origin.column,
             "severity": p.severity, "message": p.message, "hint": p.hint} for p in problems]
