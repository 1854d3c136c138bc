"""Where a value was written (`Origin`), and the compact base of the records kept by the thousand:
what the annotation models (`schema.py`) and the data model (`model.py`) both stand on, so that
neither needs the other to be imported first."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class Compact:
    """A base for the slotted dataclasses kept by the thousand (no `__dict__` each): pickled as a
    call with their fields, since a slotted dataclass's own pickling looks its fields up again for
    every object (reading a warm cache took half as long again)."""

    __slots__ = ()

    def __reduce__(self):
        return type(self), tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Origin(Compact):
    """Where a value was written: a file and a 1-based line and column."""

    path: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"

    @classmethod
    def at_offset(cls, path: Path, text: str, offset: int) -> Origin:
        """The line and column of a character offset in a file's text."""
        line = text.count("\n", 0, offset) + 1
        return cls(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def display_path(path: Path) -> str:
    """A path relative to the working directory when it lies below it, so editors can open it."""
    try:  # absolute, not resolved: the path names the link, and a link in a loop has no target
        return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(Path.cwd())))
    except ValueError:
        return str(path)
