"""A floor under (a): the least that any generator of these pages does, written as plainly as
Python allows, with the fastest parts at hand, on every core the generator would use.

For each article it reads source.txt, article.yml and context.yml, parses the YAML (libyaml's C
parser, or yaml-rs, a Rust one, where it is installed) and validates it with the project's own
schema, anchors each quote and note with one `str.find`, finds every person's and term's name
with one Aho-Corasick pass, and writes the text escaped for HTML with an element around each
passage and name. It leaves out everything else that the issue and the annotators ask of the
generator: positions for error messages, whole-word and quote-mark matching, cards, numbered
notes, turns, the checks across files, and the pages about the site (people, glossary, indexes).
So the generator can be no faster than this, whatever it is made of in Python.

    python benchmarks/floor.py ANNOTATIONS JOBS PARSER    # PARSER: libyaml or yaml-rs

prints the seconds it took, from the first file read to the last page made.
"""

from __future__ import annotations

import html
import sys
import time
from pathlib import Path

import ahocorasick
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.read.files import article_folders  # noqa: E402
from generator.schema import ArticleFile, ContextFile, SpeakersFile, TermsFile  # noqa: E402
from generator.shells.runners import ProcessPool, cycle_collection_paused  # noqa: E402

PARSERS = {"libyaml": lambda text: yaml.load(text, Loader=yaml.CSafeLoader)}
try:
    import yaml_rs  # not a dependency of the project: measured where it is installed

    PARSERS["yaml-rs"] = yaml_rs.loads
except ImportError:
    pass


class LeastGenerator:
    """What each worker runs: one article folder in, its page's text out."""

    def __init__(self, root: Path, parse):
        self.parse = parse
        speakers = self.load(root / "speakers.yml", SpeakersFile).speakers
        terms = self.load(root / "terms.yml", TermsFile).terms
        self.names = ahocorasick.Automaton()
        for kind, entries in (("speaker", speakers), ("term", terms)):
            for entry in entries:
                for name in (entry.name if kind == "speaker" else entry.term, *entry.aliases):
                    self.names.add_word(name, (len(name), f'<a class="mention" data-{kind}="{entry.id}">'))
        self.names.make_automaton()

    def load(self, path: Path, model):
        return model.model_validate(self.parse(path.read_text("utf-8")))

    def __call__(self, folder: Path) -> str:
        text = (folder / "source.txt").read_text("utf-8")
        self.load(folder / "article.yml", ArticleFile)
        context = self.load(folder / "context.yml", ContextFile) if (folder / "context.yml").exists() else ContextFile()
        spans = []
        for passage, tag in [*((q.quote, '<span class="quote">') for q in context.quotes),
                             *((n.anchor, '<span class="note">') for n in context.notes)]:
            start = text.find(passage)
            spans.append((start, start + len(passage), tag, "</span>"))
        taken = -1
        for last, (length, tag) in self.names.iter(text):
            if last - length + 1 > taken:  # the leftmost of overlapping names
                spans.append((last - length + 1, last + 1, tag, "</a>"))
                taken = last
        pieces, at = [], 0
        for start, end, opening, closing in sorted(spans):
            if start >= at:  # a name inside a passage is left out: no nesting to work out
                pieces += [html.escape(text[at:start], False), opening, html.escape(text[start:end], False), closing]
                at = end
        pieces.append(html.escape(text[at:], False))
        return "".join(pieces)


def least_generator(root: Path, jobs: int, parser: str) -> dict[str, str]:
    with cycle_collection_paused():
        make_page = LeastGenerator(root, PARSERS[parser])
        folders = article_folders(root)
        return dict(zip((folder.name for folder in folders), ProcessPool(jobs)(make_page, folders)))


if __name__ == "__main__":
    started = time.perf_counter()
    least_generator(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
    print(time.perf_counter() - started)
