"""A MkDocs hook the benchmark adds to the annotated site: where `mkdocs build` spends its time.

MkDocs first reads and converts every page (on_pre_page ... on_page_content), then renders each
into the theme and writes it (on_page_context ... on_post_page). The time between those events,
first handler to last, is summed per kind of page, beside the time until MkDocs has its files (the
generator, in the annotations plugin) and the whole build. Written as JSON beside mkdocs.yml.
"""

import json
import time
from collections import Counter
from pathlib import Path

from mkdocs.plugins import event_priority

FIRST, LAST = 10_000, -10_000
_started: dict[str, float] = {}
_spent: Counter = Counter()
_pages: Counter = Counter()
_marks: dict[str, float] = {}


def _kind(src_uri: str) -> str:
    folder, _, name = src_uri.rpartition("/")
    if folder in ("articles", "people") and name != "index.md":
        return {"articles": "article pages", "people": "person pages"}[folder]
    return "other pages"


def _start(page) -> None:
    _started[page.file.src_uri] = time.perf_counter()


def _stop(page) -> None:
    _spent[_kind(page.file.src_uri)] += time.perf_counter() - _started.pop(page.file.src_uri)


@event_priority(FIRST)
def on_config(config):
    _marks["start"] = time.perf_counter()


@event_priority(LAST)
def on_files(files, config):
    _marks["files"] = time.perf_counter()
    _pages.update(_kind(file.src_uri) for file in files.documentation_pages())


@event_priority(FIRST)
def on_pre_page(page, config, files):
    _start(page)


@event_priority(LAST)
def on_page_content(html, page, config, files):
    _stop(page)


@event_priority(FIRST)
def on_page_context(context, page, config, nav):
    _start(page)


@event_priority(LAST)
def on_post_page(output, page, config):
    _stop(page)


@event_priority(LAST)
def on_post_build(config):
    times = {"until the files": _marks["files"] - _marks["start"], **_spent,
             "build": time.perf_counter() - _marks["start"], "pages": dict(_pages)}
    (Path(config.config_file_path).parent / "page-times.json").write_text(json.dumps(times))
