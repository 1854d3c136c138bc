"""Writing files so that nothing a person wrote is ever half-written or lost.

Three ways, by what is written: one file (`atomic_write`), the annotation files a rewriting command
changes (`write_together`: `fmt`, `import`, `check --fix`), and a generated folder (`write_folder`). A
run killed half-way leaves its leftovers in one named place each, which the next run finishes or
deletes: `PENDING` in the annotations folder, `.NAME.staging` and `.NAME.old` beside an output folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import platformdirs
from filelock import FileLock

from ..edit.style import SCHEMA_FOLDER
from ..model import Problem
from ..origin import Origin, display_path

PENDING = ".pending-rewrite"
"""The folder, inside the annotations folder, where `write_together` stages its files."""
_TARGETS = "targets.json"
"""Written last into PENDING: once it is there, the rewrite is decided and is finished by the next run."""


def atomic_write(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Replace `path` in one step: an interrupted run leaves it either old or new, never half.

    The new content goes to a temporary file beside it, takes the old file's permissions, and is
    renamed over it (a rename within a folder is atomic). `durable` flushes it to disk first, as a
    person's file deserves; a cache entry that a crash loses is only made again.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.chmod(temporary, _mode(path))
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _mode(path: Path) -> int:
    """The permissions a new version of `path` takes: its own, or those a new file gets."""
    if path.exists():
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_together(root: Path, files: Mapping[Path, str]) -> None:
    """Replace several files below `root` as one: all of them, or (killed before the decision)
    none. Each new text is written, flushed, into `root/PENDING/`; then the list of where each goes
    (the decision); then each is moved into place and the folder deleted. `finish_pending`, which
    every command runs first, completes a rewrite that was decided and drops one that was not."""
    finish_pending(root)
    if not files:
        return
    pending = root / PENDING
    pending.mkdir()
    targets = {}
    for number, (path, text) in enumerate(files.items()):
        staged = pending / str(number)
        atomic_write(staged, text)
        os.chmod(staged, _mode(path))
        targets[str(number)] = path.relative_to(root).as_posix()
    atomic_write(pending / _TARGETS, json.dumps(targets, ensure_ascii=False))
    _sync_folder(pending)
    finish_pending(root)


class PendingRefused(Exception):
    """A `PENDING` folder this tool did not write as it stands: nothing is moved, and the person
    is told where and to delete the folder (a pull request can carry one)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


MAX_TARGETS_BYTES = 1_000_000
"""A list of targets longer than any rewrite writes (its paths are at most a few hundred bytes each)."""


def finish_pending(root: Path) -> list[Path]:
    """Complete a `write_together` that a killed run decided (its files moved into place), or drop
    one it had not; the paths completed. Moving a staged file is atomic, and a file already moved
    is no longer there to move, so running this again after another kill is safe.

    The folder is trusted only for what `write_together` itself stages: files it named by number
    inside the folder, moved onto annotation files inside `root`, listed as it lists them. Anything
    else raises `PendingRefused` before a single file moves."""
    pending = root / PENDING
    if not pending.is_dir() or pending.is_symlink():
        return []
    listing = pending / _TARGETS
    if not os.path.lexists(listing):  # the rewrite was not decided: dropped, as if it never began
        shutil.rmtree(pending)
        return []
    moves = _decided_moves(root, pending, listing)
    completed = []
    for staged, target in moves:
        if os.path.lexists(staged):  # moved already by a run killed after it
            os.replace(staged, target)
            completed.append(target)
    for folder in {target.parent for target in completed}:
        _sync_folder(folder)
    shutil.rmtree(pending)
    return completed


def _decided_moves(root: Path, pending: Path, listing: Path) -> list[tuple[Path, Path]]:
    """The moves `listing` decides, each checked to be one `write_together` could have written."""
    def refuse(message: str, offset: int = 0) -> PendingRefused:
        origin = Origin.at_offset(listing, text, offset) if text else Origin(listing)
        return PendingRefused(Problem(origin, f"{message}; this tool did not write it, so no file was moved",
                                      f"delete the folder {display_path(pending)} (it holds only an interrupted "
                                      "rewrite's copies), then run the command again", code="pending-refused"))

    text = ""
    if listing.is_symlink() or not listing.is_file():
        raise refuse(f"{_TARGETS} is not a file")
    if listing.stat().st_size > MAX_TARGETS_BYTES:
        raise refuse(f"{_TARGETS} is longer than any list of rewritten files")
    try:
        text = listing.read_bytes().decode("utf-8")
        targets = json.loads(text)
    except UnicodeDecodeError:
        raise refuse(f"{_TARGETS} is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise refuse(f"{_TARGETS} is not the JSON this tool writes ({exc.msg})", exc.pos) from None
    except RecursionError:
        raise refuse(f"{_TARGETS} is not the JSON this tool writes (nested too deep)") from None
    if not isinstance(targets, dict) or not all(isinstance(v, str) for v in targets.values()):
        raise refuse(f"{_TARGETS} is not an object of file names")
    if list(targets) != [str(n) for n in range(len(targets))]:
        raise refuse(f"{_TARGETS} names staged files other than 0, 1, 2 … in order")
    moves, inside = [], root.resolve()
    for number, relative in targets.items():
        at = max(text.find(json.dumps(relative, ensure_ascii=False)), 0)
        staged, target = pending / number, root / relative
        if os.path.lexists(staged) and not stat.S_ISREG(staged.lstat().st_mode):
            raise refuse(f"staged file {number} is not a plain file", at)
        reason = _target_refusal(relative, target, inside)
        if reason:
            raise refuse(f"{relative!r} {reason}", at)
        moves.append((staged, target))
    return moves


def _target_refusal(relative: str, target: Path, inside: Path) -> str | None:
    """Why a listed target is not an annotation file a rewrite writes, if it is not."""
    parts = PurePosixPath(relative).parts
    if not relative or "\\" in relative or "\0" in relative or PurePosixPath(relative).is_absolute() \
            or any(part in ("", ".", "..") for part in relative.split("/")):
        return "is not a path inside the annotations folder"
    if parts[0] == PENDING:
        return "is inside the staging folder itself"
    if not (relative.endswith(".yml") or (parts[0] == SCHEMA_FOLDER and relative.endswith(".schema.json"))):
        return "is not an annotation file (.yml) or one of its schemas"
    if not target.parent.resolve().is_relative_to(inside) or not target.parent.is_dir():
        return "is not in a folder inside the annotations folder"
    if os.path.lexists(target) and not stat.S_ISREG(target.lstat().st_mode):
        return "is a folder or a link, not a file"
    return None


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the names renamed into it) to disk."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


LEFTOVER_MARK = ".leftover-of-annotated-articles"
"""Put in `.NAME.staging` when it is made and in the folder about to become `.NAME.old`: a folder
by either name is deleted as a killed run's leftover only if it holds this (someone's own
`.NAME.old` is not ours to delete)."""


class ForeignLeftover(Exception):
    """A folder by a leftover's name that this tool did not make."""


def write_folder(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Make `folder` hold exactly `files` (path inside it -> content), in one step: they are
    written into `.NAME.staging` beside it, which takes its place only once every file is written;
    the folder it replaces is moved to `.NAME.old`, then deleted. Both names are a killed run's
    leftovers, deleted by the next (the caller holds `output_lock`, so no other run is using them),
    once `LEFTOVER_MARK` shows they are; `ForeignLeftover` otherwise, before anything is written."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging, old = (folder.parent / f".{folder.name}.{what}" for what in ("staging", "old"))
    for leftover in (staging, old):
        if os.path.lexists(leftover) and not is_leftover(leftover):
            raise ForeignLeftover(f"{leftover} is in the way and was not left by this command (it has no "
                                  f"{LEFTOVER_MARK}); move it away or choose another output folder")
    for leftover in (staging, old):
        _remove(leftover)
    staging.mkdir()
    (staging / LEFTOVER_MARK).touch()
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if folder.exists():
            (folder / LEFTOVER_MARK).touch()
            folder.rename(old)
        staging.rename(folder)
        (folder / LEFTOVER_MARK).unlink()
        _remove(old)
    finally:
        _remove(staging)


def is_leftover(path: Path) -> bool:
    """Whether `path` is a folder a killed `write_folder` left (see `LEFTOVER_MARK`)."""
    return path.is_dir() and not path.is_symlink() and (path / LEFTOVER_MARK).is_file()


def output_lock(folder: Path, timeout: float = 300) -> FileLock:
    """A lock on writing `folder`, so that two builds into one folder take turns. Its file lives in
    the user's cache folder, not beside the output."""
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    locks = platformdirs.user_cache_path("annotated-articles") / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    return FileLock(locks / f"{key}.lock", timeout=timeout)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


OUTPUT_MARKER = ".generator-output"
"""The list of the files `build --out` wrote, kept in its output folder."""


def output_refusal(out: Path) -> str | None:
    """Why `out` may not be (re)written, or None. Only a folder this command wrote is read
    through: any other is refused by its first entry (`--out /` once walked the whole disk)."""
    if out.is_symlink():
        return "is a symbolic link; give the folder itself"
    if not out.exists():
        return None
    if not out.is_dir():
        return "exists and is not a folder"
    marker = out / OUTPUT_MARKER
    if not marker.is_file() or marker.is_symlink():
        with os.scandir(out) as entries:
            if next(entries, None) is None:
                return None
        return "is not empty and was not written by this command; choose an empty or new folder"
    listed = set(marker.read_text("utf-8", errors="replace").splitlines()) | {OUTPUT_MARKER, LEFTOVER_MARK}
    foreign = []  # what replacing out would delete that this command did not write (links not followed)
    for folder, dirs, files in os.walk(out):
        for name in files + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            path = Path(folder) / name
            if path.relative_to(out).as_posix() not in listed or path.is_symlink():
                foreign.append(path.relative_to(out).as_posix())
        if not files and not dirs and Path(folder) != out:
            foreign.append(Path(folder).relative_to(out).as_posix())
        if len(foreign) >= 5:
            break
    if foreign:
        return (f"holds files, folders or links this command did not write ({', '.join(sorted(foreign)[:5])}); "
                "move them out or choose another folder")
    return None
