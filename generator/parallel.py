"""Running one function over many articles on every core.

Each article's stages depend only on itself and on the site-wide people and terms, so articles
are shared out among worker processes. The workers are forked after the shared data is loaded:
they inherit it, and only an index goes to each and its result comes back. Off Linux (macOS
discourages fork, Windows has none), with one core, few articles, or other threads running
(`mkdocs serve` has a web server thread, and forking a threaded process can deadlock), the same
function runs in this process, with the same results.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Out = TypeVar("Out")

MIN_ITEMS = 32
"""Below this many items, starting processes costs more than it saves."""

_work: tuple[Callable, Sequence] | None = None


def available_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return threading.active_count() == 1 and sys.platform.startswith("linux")


def parallel_map(function: Callable[[Item], Out], items: Sequence[Item], jobs: int = 0,
                 then: Callable[[Out], Any] | None = None) -> list:
    """`[function(item) for item in items]`, in `jobs` processes (0: one per core); `then`, if
    given, is applied here to each result as it comes back, while the others are still at work."""
    then = then or (lambda out: out)
    jobs = min(jobs or available_jobs(), len(items))
    if jobs < 2 or len(items) < MIN_ITEMS or not can_fork():
        return [then(function(item)) for item in items]
    global _work
    _work = (function, items)
    try:
        # Small chunks, so that no process is left with a long last one while the others wait.
        chunk = max(1, len(items) // (jobs * 32))
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return [then(out) for out in pool.imap(_run, range(len(items)), chunksize=chunk)]
    finally:
        _work = None


class Background:
    """`function(*args)` run by another process while this one goes on (where forking is safe and
    there is a core to spare; else here and now). `wait` says whether it succeeded."""

    def __init__(self, function: Callable, *args):
        self._process = None
        if available_jobs() > 1 and can_fork():
            self._process = multiprocessing.get_context("fork").Process(target=function, args=args, daemon=True)
            self._process.start()
        else:
            function(*args)

    def wait(self) -> bool:
        if self._process is None:
            return True
        self._process.join()
        return self._process.exitcode == 0

    def stop(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()


def _run(index: int):
    function, items = _work
    return function(items[index])


def without_cycle_collection(function: Callable) -> Callable:
    """Run `function` with Python's cycle collector paused. A build makes millions of objects that
    all live until it ends; the collector, started every few hundred allocations, would walk them
    again and again (a fifth of the generator's time at 800 articles, three quarters of reading
    the cache). Memory in reference cycles, if any, is reclaimed once it is back on."""
    @functools.wraps(function)
    def paused(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return paused
