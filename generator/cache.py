"""What each article's stages found, kept between builds: a rebuild redoes only what changed.

An article's outcome (loaded, validated, anchored, its mentions found, its page and W3C
annotations rendered) is stored under a key that hashes everything it was computed from: the
bytes of every file in its folder and of the site-wide people and terms, the options, and the
generator's own code and library versions. Anything else changed means a different key, and
the article is done again.

The cache lives in the user's cache folder, never in the repository: its entries are pickles,
and a pull request must not be able to plant one.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import pydantic

MAX_HASHED_BYTES = 20_000_000
"""A folder holding a larger file is not cached (loading reports the file; hashing it costs)."""


def default_folder(root: Path) -> Path | None:
    """The cache of one annotations folder: $XDG_CACHE_HOME (or ~/.cache)/annotated-articles/<hash>,
    or None where there is no home. The hash is of the folder's path as given as well as resolved:
    problems name files by the path given, so `check` (annotations/...) and the plugin (an
    absolute path) each keep their own."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:
        return None
    where = f"{root.resolve()}\0{root}".encode()
    return base / "annotated-articles" / hashlib.sha256(where).hexdigest()[:16]


class ArticleCache:
    def __init__(self, folder: Path, context: object):
        """`context`: what every article's outcome also depends on (site-wide entries, options)."""
        self.folder = folder
        digest = hashlib.blake2b(_code_version().encode())
        digest.update(repr(context).encode())
        self._context = digest.digest()

    def key(self, article_folder: Path) -> str | None:
        digest = hashlib.blake2b(self._context)
        digest.update(str(article_folder.resolve()).encode())
        for path in sorted(article_folder.iterdir()):
            if not path.is_file() or path.stat().st_size > MAX_HASHED_BYTES:
                return None
            data = path.read_bytes()
            digest.update(f"\0{path.name}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()

    def holds(self, article_folder: Path, key: str | None) -> bool:
        """Whether an outcome is stored under `key` (its first line read, not the rest)."""
        if key is None:
            return False
        try:
            with self._entry(article_folder).open("rb") as entry:
                return entry.readline(len(key) + 1) == key.encode() + b"\n"
        except OSError:
            return False

    def get(self, article_folder: Path, key: str | None) -> bytes | None:
        """The outcome stored under `key`, pickled (unpickled by whoever needs it), or None."""
        if key is None:
            return None
        try:
            stored_key, _, pickled = self._entry(article_folder).read_bytes().partition(b"\n")
        except OSError:  # missing or unreadable: done again
            return None
        return pickled if stored_key == key.encode() else None

    def put(self, article_folder: Path, key: str | None, pickled: bytes) -> None:
        """Store an outcome, pickled (by the worker process that made it, which the main process
        would otherwise do again) behind its key."""
        if key is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                file.write(key.encode() + b"\n" + pickled)
            os.replace(temporary, self._entry(article_folder))
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self, article_folders: list[Path]) -> None:
        """Forget articles that are gone."""
        keep = {self._entry(folder).name for folder in article_folders}
        try:
            for entry in self.folder.glob("*.pickle") if self.folder.is_dir() else ():
                if entry.name not in keep:
                    entry.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache only stays larger

    def _entry(self, article_folder: Path) -> Path:
        return self.folder / f"{article_folder.name}.pickle"


def site_wide_files(root: Path) -> str:
    """A digest of the site-wide people and terms files: every article's page shows their entries."""
    digest = hashlib.blake2b()
    for name in ("speakers.yml", "terms.yml"):
        path = root / name
        digest.update(path.read_bytes() if path.is_file() else b"\0missing")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _code_version() -> str:
    """The generator's source and the versions of what shapes its data: any change, a new key."""
    digest = hashlib.blake2b(f"{sys.version}\0{pydantic.VERSION}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()
