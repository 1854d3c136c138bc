"""Reading files safely: size limits before reading, UTF-8 with the bad byte named, no symbolic
link out of the annotations folder, and the one listing of article folders."""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Origin, Problem

MAX_YAML_BYTES = 2_000_000
MAX_SOURCE_BYTES = 20_000_000


def article_folders(root: Path) -> list[Path]:
    """Every article's folder below the annotations folder (dot-folders, such as .schemas, are not)."""
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def links_leaving(root: Path) -> list[Problem]:
    """Symbolic links that lead out of the annotations folder (a pull request could aim one at any
    file), and links that lead nowhere (a loop, or a missing file). Every build looks (a link may
    be planted while a preview runs): the folder's listing tells links apart without a stat."""
    inside = root.resolve()
    problems: list[Problem] = []

    def visit(folder: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            if entry.is_symlink():
                _check_link(Path(entry.path), inside, problems)
            elif entry.is_dir(follow_symlinks=False):
                visit(entry.path)

    visit(str(root))
    return problems


def _check_link(path: Path, inside: Path, problems: list[Problem]) -> None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        problems.append(Problem(Origin(path), "symbolic link leads nowhere (a loop, or a missing file)",
                                "delete the link, or replace it with the file it should point to",
                                code="broken-link"))
        return
    if not target.is_relative_to(inside):
        problems.append(Problem(Origin(path), "symbolic link leads outside the annotations folder",
                                "replace the link with a copy of the file it points to", code="link-leaves"))



def read_bytes(path: Path, limit: int, problems: list[Problem], required: bool) -> bytes | None:
    if not path.is_file():
        if required:
            problems.append(Problem(Origin(path), f"missing file {path.name}",
                                    f"every article folder needs a {path.name}; see the format reference (docs/format-reference.md)"))
        return None
    size = path.stat().st_size
    if size > limit:
        problems.append(Problem(Origin(path), f"file is {size:,} bytes, over the limit of {limit:,}",
                                "split it, or check that the right file was committed"))
        return None
    return path.read_bytes()


def decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        problems.append(Problem(Origin.at_offset(path, good, len(good)),
                                f"not UTF-8: byte 0x{data[exc.start]:02X} at byte offset {exc.start}",
                                "save the file as UTF-8"))
        return None


