"""The generated files written as real files, in a folder of their own (the mkdocs-gen-files way).

MkDocs reads each from its path like a file of docs/, so another plugin that asks a file for its
path (`abs_src_path`: mkdocs-static-i18n, git-revision-date) finds one. Under `--dirty`, MkDocs's
own check (is the output older than its source?) tells what a rebuild must render again: a file
is written again only when its content changed, so an unchanged page keeps its old time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path


class WrittenFiles:
    """A folder outside the site's own, removed with `close` (or when the process ends)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="annotations-generated-")
        self.folder = Path(self._folder.name)
        self._prefix = self._folder.name + "/"  # a path per file: joined as text, ten times faster than Path
        self._contents: dict[str, str] = {}
        """Path -> what the file holds now."""

    def write(self, files: dict[str, str]) -> set[str]:
        """Make the folder hold exactly `files` (path -> content): write those whose content changed
        (or that are new), delete those that are gone; the paths written."""
        for gone in self._contents.keys() - files.keys():
            (self.folder / gone).unlink(missing_ok=True)
        changed = {path for path, content in files.items() if self._contents.get(path) != content}
        for path in changed:
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(files[path], "utf-8", newline="")
        self._contents = dict(files)
        return changed

    def path(self, path: str) -> str:
        """Where a generated file is (`File.generated`'s `abs_src_path`)."""
        return self._prefix + path

    def close(self) -> None:
        self._folder.cleanup()
        self._contents = {}
