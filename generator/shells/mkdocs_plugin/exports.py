"""Each article's W3C annotations and link-card images, written by another process while MkDocs
renders the pages, and moved into the site folder at the end (as the search plugin writes its
index)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ...export.cards import Card
from ...export.w3c import collection_path, collection_text
from ...model import AnnotatedArticle, Options, Site
from ..cache import write_cards
from ..runners import Background


def write_collections(annotated: list[AnnotatedArticle], site: Site, options: Options, folder: Path) -> None:
    """Every article's collection, written below `folder` at the path it is published at."""
    for item in annotated:
        target = folder / collection_path(item.article.slug)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(collection_text(item, site, options), "utf-8")


def write_exports(annotated: list[AnnotatedArticle], site: Site, options: Options, cards: dict[str, Card],
                  cache: Path | None, folder: Path) -> None:
    """The collections, and the cards drawn (or read from `cache`) at their paths below `folder`."""
    write_collections(annotated, site, options, folder)
    write_cards(cards, cache, folder)


class BackgroundExports:
    def __init__(self, annotated: list[AnnotatedArticle], site: Site, options: Options,
                 cards: dict[str, Card] | None = None, cache: Path | None = None):
        """`cards`: by path below the folder the collections go in (the prefix); `cache`: where
        cards drawn before are kept."""
        self._folder = Path(tempfile.mkdtemp(prefix="annotations-w3c-"))
        # Needed last, at the end of the build: the search indexing goes first.
        self._writing = Background(write_exports, annotated, site, options, cards or {}, cache, self._folder, nice=10)

    def finish(self, site_dir: Path) -> bool:
        """Move the collections into the site; False if writing them failed."""
        try:
            if not self._writing.wait():
                return False
            for written in sorted([*self._folder.rglob("*.jsonld"), *self._folder.rglob("*.png")]):
                target = site_dir / written.relative_to(self._folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(written, target)
            return True
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)

    def stop(self) -> None:
        self._writing.stop()
        shutil.rmtree(self._folder, ignore_errors=True)
