"""Writing files so that nothing a person wrote is ever half-written or lost."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Replace `path` in one step: an interrupted run leaves it either old or new, never half.

    The new content goes to a temporary file beside it, takes the old file's permissions, and is
    renamed over it (a rename within a folder is atomic). `durable` flushes it to disk first, as a
    person's file deserves; a cache entry that a crash loses is only made again.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
