"""Running one function over many articles on every core, and work beside the build.

Each article's stages depend only on itself and on the site-wide people and terms, so articles
are shared out among worker processes. The workers are forked after the shared data is loaded:
they inherit it, and only an index goes to each and its result comes back. Off Linux (macOS
discourages fork, Windows has none), with one core, few articles, or other threads running
(`mkdocs serve` has a web server thread, and forking a threaded process can deadlock), the same
function runs in this process, with the same results.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
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


class ProcessPool:
    """A `pipeline.Runner` that shares the items out among `jobs` worker processes (0: one per
    core), forked once the caller's data is loaded; in this process where that cannot help or is
    not safe (see above)."""

    def __init__(self, jobs: int = 0):
        self.jobs = jobs

    def __call__(self, function: Callable[[Item], Out], items: Sequence[Item],
                 then: Callable[[Out], Any] | None = None) -> list:
        then = then or (lambda out: out)
        jobs = min(self.jobs or available_jobs(), len(items))
        if jobs < 2 or len(items) < MIN_ITEMS or not can_fork():
            return [then(function(item)) for item in items]
        global _work
        _work = (function, items)
        try:
            # Small chunks, so that no process is left with a long last one while the others wait.
            chunk = max(1, len(items) // (jobs * 32))
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                return [then(out) for out in pool.map(_run, range(len(items)), chunksize=chunk)]
        finally:
            _work = None


class Background:
    """`function(*args)` run by another process while this one goes on (where forking is safe and
    there is a core to spare; else here and now). `wait` says whether it succeeded. `nice` lowers
    that process's priority: work that is awaited last yields to work that is awaited sooner."""

    def __init__(self, function: Callable, *args, nice: int = 0):
        self._process = None
        if available_jobs() > 1 and can_fork():
            self._process = multiprocessing.get_context("fork").Process(target=_niced, args=(nice, function, *args),
                                                                        daemon=True)
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


class Consumer:
    """`function` applied by another process to each item (anything but None) that `send` gives
    it, while this one goes on (where forking is safe and there is a core to spare; else here, at
    once). `send` never waits for that process: a thread hands it the items. `results` ends the
    stream and returns what it made of each item, in order, or None if that process failed."""

    def __init__(self, function: Callable):
        self._function, self._process = function, None
        self._made: list = []
        if available_jobs() > 1 and can_fork():
            context = multiprocessing.get_context("fork")
            self._items = context.Queue()
            self._results, theirs = context.Pipe(duplex=False)
            self._process = context.Process(target=_consume, args=(self._items, theirs, function), daemon=True)
            self._process.start()
            theirs.close()

    def send(self, item) -> None:
        if self._process is None:
            self._made.append(self._function(item))
        else:
            self._items.put(item)

    def results(self) -> list | None:
        if self._process is None:
            return self._made
        self._items.put(None)
        try:
            made = self._results.recv()
        except EOFError:  # it ended without a result
            made = None
            self._items.cancel_join_thread()  # what it did not read is dropped
        self._items.close()
        self._items.join_thread()  # no thread left behind: a later fork stays safe
        self._process.join()
        return made

    def stop(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()
            self._items.cancel_join_thread()
            self._items.close()


def _niced(nice: int, function: Callable, *args) -> None:
    os.nice(nice)
    function(*args)


def _consume(items, results, function: Callable) -> None:
    gc.disable()  # a short-lived process: its memory goes when it ends (see `cycle_collection_paused`)
    try:
        made = []
        while (item := items.get()) is not None:
            made.append(function(item))
        results.send(made)
    except Exception:  # ends without a result: `results` says so
        pass


def _run(index: int):
    assert _work is not None  # set before the workers are forked
    function, items = _work
    return function(items[index])


@contextlib.contextmanager
def cycle_collection_paused(until_exit: bool = False) -> Iterator[None]:
    """Python's cycle collector paused while a run lasts. A run makes millions of objects that all
    live until it ends; the collector, started every few hundred allocations, would walk them again
    and again (a fifth of the generator's time at 800 articles, three quarters of reading the
    cache). Memory in reference cycles, if any, is reclaimed once it is back on. `until_exit`:
    for a command that ends with the run, whose objects live until the process ends; they are
    frozen, so that the collector, back on, never walks them (a quarter of a second at 800)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if until_exit:
            gc.freeze()
        if enabled:
            gc.enable()
