"""A generated page's raw HTML blocks handed past Python-Markdown through its own `htmlStash`.

Python-Markdown would only copy the blocks (an article's text, its cards and notes, long lists),
after parsing them: the bulk of a build's time, quadratic in a paragraph's length. A preprocessor
stores each run of blocks in the stash before any other reads the page, as Python-Markdown's own
raw HTML preprocessor does, and its postprocessor puts them back. Only generated pages are touched:
the plugin switches the extension on for each of them (`page`) and off for the site's own pages.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_BLOCK_START = re.compile(r"<(div|ul|dl|nav|blockquote|script|p|details)\b[^>\n]*>")


def raw_blocks(page: str) -> list[tuple[int, int]]:
    """Where the raw HTML blocks of a generated page are, [start, end): all of it but its headings.
    A block starts a line with its tag and ends at the first line that ends with its closing tag
    (text can write neither: `render.text.html_text` escapes '<'), with no blank line inside. Read
    line by line: a regex looking for each block's end would try every character."""
    spans: list[tuple[int, int]] = []
    start, closing, offset = -1, "", 0
    for line in page.split("\n"):
        if start < 0:
            opening = _BLOCK_START.match(line)
            if opening:
                start, closing = offset, f"</{opening.group(1)}>"
        if start >= 0 and line.endswith(closing):
            spans.append((start, offset + len(line)))
            start = -1
        offset += len(line) + 1
    return spans


def runs_of_blocks(page: str) -> tuple[list[str], list[str]]:
    """The page cut into what lies between runs of raw blocks and the runs themselves (blocks with
    only blank lines between them make one run): `between` has one more item than `runs`."""
    between: list[str] = []
    runs: list[str] = []
    at = 0
    for start, end in raw_blocks(page):
        gap = page[at:start]
        if runs and not gap.strip():
            runs[-1] += gap + page[start:end]
        else:
            between.append(gap)
            runs.append(page[start:end])
        at = end
    between.append(page[at:])
    return between, runs


class RawBlocks(Extension):
    """Stashes the raw blocks of the page being converted, while `page` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.page: str | None = None
        """The generated page being converted, or None for a page of the site's own."""
        self.runs: list[str] = []
        """The runs of blocks the last generated page stashed, in order (for `search_speedup`)."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Before Python-Markdown's own raw HTML preprocessor (20), after white space is normalised (30).
        md.preprocessors.register(_Stash(md, self), "annotations_raw_blocks", 25)


class _Stash(Preprocessor):
    def __init__(self, md: Markdown, extension: RawBlocks):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if self.extension.page is None:
            return lines
        between, runs = runs_of_blocks("\n".join(lines))
        self.extension.runs = runs
        pieces = [between[0]]
        for run, after in zip(runs, between[1:]):
            pieces += ["\n\n", self.md.htmlStash.store(run), "\n\n", after]
        return "".join(pieces).split("\n")
