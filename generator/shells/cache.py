"""What each article's stages found, kept between runs: a rebuild redoes only what changed.

An article's outcome (read, validated, anchored, its mentions found and, when building, its page
and W3C annotations rendered) is stored under a key that hashes everything it was computed from:
the bytes of every file in its folder and of the site-wide people and terms, what the stages were
asked to do, and the generator's own code and library versions. Anything else changed means a
different key, and the article is done again. `check` and a build keep entries of their own.
An entry holds the outcome's light part first (`ArticleOutcome.light`: its problems and what the
checks across files read), then the rest: `check` reads only the first.

The cache lives in the user's cache folder, never in the repository: its entries are pickles,
and a pull request must not be able to plant one.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import babel
import platformdirs
import pydantic

from ..export.cards import Card, card_png
from ..find.mentions import names_of
from ..model import Problem, Site
from ..pipeline import ArticleOutcome, ArticleStages, Runner
from ..read.files import links_leaving
from ..read.load import load_shared
from ..render.reach import SiteEntries, entries_changed, site_entries
from .files import atomic_write

MAX_HASHED_BYTES = 20_000_000
"""A folder holding a larger file is not cached (loading reports the file; hashing it costs)."""
SITE_WIDE_FILES = ("speakers.yml", "terms.yml")


def default_folder(root: Path) -> Path:
    """The cache of one annotations folder: the user's cache folder (`$XDG_CACHE_HOME/annotated-articles`
    on Linux), then a hash of the folder's path as given as well as resolved: problems name files by
    the path given, so `check` (annotations/...) and the plugin (an absolute path) each keep their own."""
    where = f"{root.resolve()}\0{root}".encode()
    return platformdirs.user_cache_path("annotated-articles") / hashlib.sha256(where).hexdigest()[:16]


class ArticleCache:
    """A `pipeline.Cache` in a folder of pickles, one per article and kind of run."""

    def __init__(self, folder: Path):
        self.folder = folder

    def run(self, runner: Runner, stages: ArticleStages, folders: list[Path],
            whole: bool = True) -> list[ArticleOutcome]:
        """Every article's outcome (only its light part unless `whole`): from the cache where its
        files are unchanged, else done again and stored. Each worker hashes its articles' files and
        does and stores what changed; this process reads what did not (through a pipe, the
        unchanged entries of a large site cost more than the reading) and unpickles every outcome
        as it comes."""
        context = self._context(stages, stages.site.root)
        tag = context.hex()[:8]

        def stored_or_done(folder: Path, again: bool = False) -> bytes | tuple[Path, str]:
            key = self._key(context, folder)
            if not again and self._holds(folder, tag, key):
                return folder, key or ""
            pickled = _pickled(stages(folder))
            self._put(folder, tag, key, pickled)
            return pickled

        def unpickled(stored: bytes | tuple[Path, str]) -> ArticleOutcome | None:
            try:
                if isinstance(stored, tuple):
                    return self._get(stored[0], tag, stored[1], whole)
                return _unpickled(io.BytesIO(stored), whole)
            except Exception:  # a damaged entry, or one gone since: done again, below
                return None

        outcomes = runner(stored_or_done, folders, then=unpickled)
        self._prune(folders)
        return [outcome or _unpickled(io.BytesIO(stored_or_done(folder, again=True)), whole)  # type: ignore[arg-type]
                for folder, outcome in zip(folders, outcomes)]

    @staticmethod
    def shared(root: Path) -> tuple[Site | None, list[Problem]]:
        return load_shared(root)

    def _context(self, stages: ArticleStages, root: Path) -> bytes:
        digest = hashlib.blake2b(_code_version().encode())
        digest.update(repr(stages.context).encode())
        for name in SITE_WIDE_FILES:  # every article's page shows their entries
            path = root / name
            digest.update(path.read_bytes() if path.is_file() else b"\0missing")
        return digest.digest()

    @staticmethod
    def _key(context: bytes, article_folder: Path) -> str | None:
        digest = hashlib.blake2b(context)
        digest.update(str(article_folder.resolve()).encode())
        for path in sorted(article_folder.iterdir()):
            if not path.is_file() or path.stat().st_size > MAX_HASHED_BYTES:
                return None
            data = path.read_bytes()
            digest.update(f"\0{path.name}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()

    def _holds(self, article_folder: Path, tag: str, key: str | None) -> bool:
        """Whether an outcome is stored under `key` (its first line read, not the rest)."""
        if key is None:
            return False
        try:
            with self._entry(article_folder, tag).open("rb") as entry:
                return entry.readline(len(key) + 1) == key.encode() + b"\n"
        except OSError:
            return False

    def _get(self, article_folder: Path, tag: str, key: str, whole: bool) -> ArticleOutcome | None:
        """The outcome stored under `key` (its light part unless `whole`: the rest is not read), or None."""
        try:
            with self._entry(article_folder, tag).open("rb") as entry:
                return _unpickled(entry, whole) if entry.readline(len(key) + 1) == key.encode() + b"\n" else None
        except OSError:  # missing or unreadable: done again
            return None

    def _put(self, article_folder: Path, tag: str, key: str | None, pickled: bytes) -> None:
        """Store an outcome, pickled by the worker process that made it, behind its key."""
        if key is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self._entry(article_folder, tag), key.encode() + b"\n" + pickled, durable=False)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower

    def _prune(self, article_folders: list[Path]) -> None:
        """Forget articles that are gone."""
        keep = {folder.name for folder in article_folders}
        try:
            for entry in self.folder.glob("*.pickle") if self.folder.is_dir() else ():
                if entry.name.rsplit(".", 2)[0] not in keep:
                    entry.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache only stays larger

    def _entry(self, article_folder: Path, tag: str) -> Path:
        return self.folder / f"{article_folder.name}.{tag}.pickle"


def _pickled(outcome: ArticleOutcome) -> bytes:
    """An outcome as stored: its light part, then the whole, which refers back to what the light
    part holds (one pickler, one memo) rather than holding it twice."""
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, pickle.HIGHEST_PROTOCOL)
    pickler.dump(outcome.light)
    pickler.dump(outcome)
    return stream.getvalue()


def _unpickled(stream: BinaryIO, whole: bool) -> ArticleOutcome:
    """An outcome as `_pickled` stored it: the light part, or also the whole."""
    unpickler = pickle.Unpickler(stream)
    light = unpickler.load()
    return unpickler.load() if whole else light


@lru_cache(maxsize=1)
def _code_version() -> str:
    """The generator's source and the versions of what shapes its data: any change, a new key."""
    digest = hashlib.blake2b(f"{sys.version}\0{pydantic.VERSION}\0{babel.__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.po")]):  # the code and its words
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class MemoryCache:
    """A `pipeline.Cache` in this process's memory, for a server that rebuilds on every save
    (`mkdocs serve`): an article's outcome is kept while its folder's files keep their sizes,
    modification times and inodes, and so do every name the texts are searched for and what the
    stages were asked to do; when a person or term its page shows changed, only its page is
    rendered again. A save changes the time (to the nanosecond) or, through a rename, the inode:
    no file is read or hashed to find what did not change."""

    def __init__(self, fallback: ArticleCache | None = None) -> None:
        self._kept: dict[Path, tuple[tuple, ArticleOutcome]] = {}
        """Article folder -> its files' stamps and its outcome."""
        self._context: tuple = ()
        self._entries: SiteEntries = {}
        """The site-wide people and terms of the last run, by (kind, id)."""
        self._shared: tuple[tuple, Site | None, list[Problem]] = ((), None, [])
        self.fallback = fallback
        """Where the outcomes not in memory come from (the first rebuild reads them from disk)."""

    def run(self, runner: Runner, stages: ArticleStages, folders: list[Path],
            whole: bool = True) -> list[ArticleOutcome]:
        """Every article's outcome, whole (what is in memory costs nothing to hand back)."""
        context = (stages.context, tuple(names_of(stages.site.speakers, stages.site.terms)))
        if context != self._context:  # every name is looked for in every text: all done again
            self._kept, self._context = {}, context
        entries = site_entries(stages.site)
        changed = entries_changed(self._entries, entries)
        stamps = {folder: _stamps(folder) for folder in folders}
        again = [folder for folder in folders if not stamps[folder] or self._kept.get(folder, ((),))[0] != stamps[folder]]
        done = self.fallback.run(runner, stages, again) if self.fallback and again else runner(stages, again)
        redone = set(again)
        kept = {folder: self._kept[folder] for folder in folders if folder in self._kept and folder not in redone}
        for folder, outcome in kept.items():  # files unchanged, but a person or term its page shows changed
            if outcome[1].annotated and not changed.isdisjoint(outcome[1].involved):
                kept[folder] = (outcome[0], stages.rendered(outcome[1]))
        kept |= {folder: (stamps[folder], outcome) for folder, outcome in zip(again, done)}
        self._kept, self._entries = kept, entries
        return [kept[folder][1] for folder in folders]

    def shared(self, root: Path) -> tuple[Site | None, list[Problem]]:
        """The site-wide people and terms: the same objects while their files are unchanged (so
        that comparing them costs nothing); the check for links that leave the folder, every time."""
        stamps = tuple(_stamp(root / name) for name in SITE_WIDE_FILES)
        if stamps != self._shared[0] or not all(stamps):  # read again (the links checked there)
            self._shared = (stamps, *load_shared(root))
        elif outside := links_leaving(root):
            return None, outside
        return self._shared[1], list(self._shared[2])


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return ()
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _stamps(folder: Path) -> tuple:
    """Each file's name, size, modification time and inode; () if the folder cannot be listed."""
    try:
        with os.scandir(folder) as listing:
            return tuple(sorted((entry.name, stat.st_size, stat.st_mtime_ns, stat.st_ino)
                                for entry in listing for stat in [entry.stat()]))
    except OSError:
        return ()


def drawn_cards(cards: dict[str, Card], folder: Path | None) -> dict[str, bytes]:
    """Each link-card image's PNG, by path: drawn, or read from `folder/cards/` where an earlier
    build drew the same card (a card's bytes depend on it alone); None keeps nothing."""
    drawn = {}
    for path, card in cards.items():
        kept = folder / "cards" / f"{card.key}.png" if folder is not None else None
        if kept is not None and kept.is_file():
            drawn[path] = kept.read_bytes()
            continue
        drawn[path] = card_png(card)
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(kept, drawn[path], durable=False)
    return drawn


def write_cards(cards: dict[str, Card], cache: Path | None, folder: Path) -> None:
    """The cards' PNGs (`drawn_cards`), each at its path below `folder`."""
    for path, png in drawn_cards(cards, cache).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(png)
