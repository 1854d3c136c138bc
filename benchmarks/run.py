"""Speed and scale, measured side by side in one run (not asserted by tests).

    .venv/bin/python benchmarks/run.py            # the full run (6 to 15 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --smoke    # tiny sizes, for CI
    .venv/bin/python benchmarks/run.py --zensical PATH   # also build with Zensical (a few more)

Synthetic sites are built deterministically from the real texts (the published articles and the
transcripts of tests/fixtures/corpus/): paragraphs reordered, names substituted, so that no two
articles are alike. Each article mentions about 20 terms and 5 people, and has 5 notes and 5
quotes per 1,000 words; three of the terms (NATO, Ukraine, Russia) are in nearly every article.
Measured, each several times and in turns (a b c a b c ...), median reported:

  (a) the generator alone: load, validate, anchor, render every page (wall, CPU, peak memory);
      at the largest N also with every article's W3C annotations, which the MkDocs plugin has
      another process write while MkDocs renders the pages;
  (b) `mkdocs build` of the annotated site;
  (c) `mkdocs build` of a plain site of the same texts as ordinary Markdown pages, same theme
      and configuration (the same navigation), no annotations: the floor MkDocs itself sets;
  (d) `mkdocs build` of a plain site with as many pages as the annotated one (largest N).
The generator's time is also measured at T = 100, 1,000 and 10,000 terms (and mention finding
alone). Every build is a first build (an empty cache); at the largest N, rebuilds with the article cache
(nothing changed; one article changed, beside a plain build), the generator in one process, and
where `mkdocs build` spends its time by kind of page (a MkDocs hook, page_times.py) are measured
too, and two floors under (a): the YAML composed alone, and the least any generator of these
pages does (floor.py; with yaml-rs too where it is installed). The tables go to stdout and to
benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from floor import PARSERS  # noqa: E402  (beside this file)

from generator.model import split_paragraphs  # noqa: E402
from generator.render import OUTLINE_ARTICLES  # noqa: E402
from generator.shells.runners import available_jobs  # noqa: E402

TEXTS = [REPO / "annotations/2023-08-16-nato-land-for-membership/source.txt",
         REPO / "annotations/2023-02-20-biden-zelenskyy-kyiv/source.txt",
         *sorted((REPO / "tests/fixtures/corpus").glob("*.txt"))]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CONFIG = (REPO / "mkdocs.yml").read_text()
SENTENCE = re.compile(r"[A-Z][^.!?\n]{40,160}[.!?]")
COMMON_TERMS = ["NATO", "Ukraine", "Russia"]


def without_the_plugin(config: str) -> str:
    """mkdocs.yml without the annotations plugin's entry (and its options)."""
    return re.sub(r"^  - annotations:?\n(?:      .*\n)*", "", config, count=1, flags=re.M)


def synthetic_site(root: Path, articles: int, terms: int, people: int, words: int | None = None,
                   busy: bool = False) -> None:
    """An annotations folder of `articles` varied real texts, `terms` terms and `people` people;
    `busy`: the first person is named and quoted in two articles of three, as a head of state is."""
    rng = random.Random(articles * 7919 + terms * 31 + people)
    bases = [path.read_text("utf-8") for path in TEXTS]
    # A few names every newsroom text uses (in nearly every article here), then made-up ones: the
    # common ones are what would make backlinks and related articles grow faster than the archive.
    term_names = (COMMON_TERMS + [f"{_word(n)}ism" for n in range(terms)])[:terms]
    person_names = [(f"{_word(n)}a", f"{_word(n)}son") for n in range(people)]
    root.mkdir(parents=True)
    speakers = ["speakers:"] + [f"  - id: person-{n}\n    name: {a} {b}\n    aliases: [{b}]\n    role: Official"
                                for n, (a, b) in enumerate(person_names)]
    (root / "speakers.yml").write_text("\n".join(speakers) + "\n")
    glossary = ["terms:"] + [f"  - id: term-{n}\n    term: {name}\n    definition: A synthetic term, number {n}."
                             for n, name in enumerate(term_names)]
    (root / "terms.yml").write_text("\n".join(glossary) + "\n")
    for index in range(articles):
        base = bases[index % len(bases)]
        paragraphs = [base[s:e] for s, e in split_paragraphs(base)]
        rng.shuffle(paragraphs)
        if words:  # one long article: the paragraphs repeated, each made unique by its number
            out, count, n = [], 0, 0
            while count < words:
                paragraph = f"Part {n}. " + paragraphs[n % len(paragraphs)]
                out.append(paragraph)
                count += len(paragraph.split())
                n += 1
            paragraphs = out
        mentioned_people = rng.sample(range(people), min(5, people)) if people else []
        if busy and people and index % 3:
            mentioned_people = [0, *(p for p in mentioned_people if p != 0)][:5]
        mentioned_terms = rng.sample(range(terms), min(20, terms)) if terms else []
        for k, n in enumerate(mentioned_terms):
            paragraphs[k % len(paragraphs)] += f" See {term_names[n]}."
        for k, n in enumerate(mentioned_people):
            first, last = person_names[n]
            paragraphs[(k * 3) % len(paragraphs)] += f" {first} {last} spoke, and {last} agreed."
        paragraphs[0] = f"Article {index} of the archive. " + paragraphs[0]
        text = "\n\n".join(paragraphs) + "\n"
        folder = root / f"a{index:05d}"
        folder.mkdir()
        (folder / "source.txt").write_text(text)
        (folder / "article.yml").write_text(f"title: Article {index}\ndate: 2023-{1 + index % 12:02d}-"
                                            f"{1 + index % 28:02d}\n")
        (folder / "context.yml").write_text(_context(text, mentioned_people, rng))


def _word(n: int) -> str:
    """A made-up capitalised word, different for every n (names are letters, as real names are)."""
    syllables = []
    while True:
        n, k = divmod(n, 35)
        syllables.append("bdfgklmnprstvz"[k % 14] + "aeiou"[k % 5])
        if not n:
            break
        n -= 1
    return ("Qu" + "".join(syllables)).capitalize()


def _context(text: str, people: list[int], rng: random.Random) -> str:
    """5 notes and 5 quotes per 1,000 words, on sentences that occur once."""
    sentences = [m.group() for m in SENTENCE.finditer(text)]
    unique = [s for s in dict.fromkeys(sentences) if text.count(s) == 1]
    wanted = max(1, len(text.split()) * 5 // 1000)
    chosen = rng.sample(unique, min(len(unique), wanted * 2))
    notes, quotes = chosen[:wanted], chosen[wanted:]
    lines = ["notes:"]
    lines += [f"  - id: note-{n}\n    anchor: {json.dumps(s)}\n    note: A note.\n    sources:\n"
              f"      - {{title: A source, url: 'https://example.org/{n}', date: 2024-01-02}}" for n, s in enumerate(notes)]
    speaker = people[0] if people else None
    if speaker is None or not quotes:
        return "\n".join(lines if notes else ["notes: []"]) + "\nquotes: []\n"
    lines.append("quotes:")
    lines += [f"  - id: quote-{n}\n    speaker: person-{speaker}\n    quote: {json.dumps(s)}" for n, s in
              enumerate(quotes)]
    return "\n".join(lines if notes else ["notes: []", *lines[1:]]) + "\n"


def plain_site(project: Path, annotations: Path, pages: int | None = None) -> None:
    """The same texts as ordinary Markdown pages (or `pages` of them), no annotations, with the
    navigation the annotated site has: the home page, an index of every article with the 12
    newest listed, then the other pages of docs/ (the theme renders it into every page)."""
    docs = project / "docs"
    shutil.copytree(REPO / "docs", docs)
    shutil.rmtree(docs / "assets", ignore_errors=True)
    (docs / "articles").mkdir()
    folders = sorted(annotations.glob("a*/"))
    count = pages or len(folders)
    index = ["# Articles", ""]
    for n in range(count):
        folder = folders[n % len(folders)]
        (docs / "articles" / f"p{n:05d}.md").write_text(f"# Page {n}\n\n" + (folder / "source.txt").read_text())
        index.append(f"- [Page {n}](p{n:05d}.md)")
    (docs / "articles" / "index.md").write_text("\n".join(index) + "\n")
    dated = sorted(range(count), key=lambda n: (_date(folders[n % len(folders)]), n), reverse=True)
    newest = [f"articles/p{n:05d}.md" for n in dated[:OUTLINE_ARTICLES]]
    others = sorted(p.name for p in docs.glob("*.md") if p.name != "index.md")
    config = without_the_plugin(CONFIG)
    config = config.replace("validation:", "not_in_nav: |\n  /articles/*\nvalidation:")
    config += "\nnav: " + json.dumps(["index.md", {"Articles": ["articles/index.md", *newest]}, *others]) + "\n"
    (project / "mkdocs.yml").write_text(config)


def _date(folder: Path) -> str:
    return re.search(r"^date: (\S+)", (folder / "article.yml").read_text(), re.M).group(1)


def annotated_site(project: Path, annotations: Path) -> None:
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(annotations, project / "annotations")
    (project / "mkdocs.yml").write_text(CONFIG)


def timed(command: list[str], cwd: Path, cache_home: Path | None = None) -> dict:
    """Wall time, CPU time (with its worker processes) and peak memory of a command, run as a child.
    Its user cache folder is `cache_home`, else a new empty one: a first build."""
    cache_home = cache_home or Path(tempfile.mkdtemp(prefix="cold-cache-", dir=cwd.parent))
    env = {**ENV, "XDG_CACHE_HOME": str(cache_home)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, *command], cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    peak_kb = int(result.stderr.rstrip().rsplit("\n", 1)[-1])
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "rss_mb": peak_kb / 1024, "out": result.stdout}


PEAK = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")
"""Runs a command and gives, as its last line on stderr, the peak memory (KB) of its largest
process: measured in a process of its own, so that no earlier command's peak counts (a process's
RUSAGE_CHILDREN keeps the largest of all it has waited for)."""


GENERATE = ("import sys, time; from pathlib import Path; from generator import generate; "
            "from generator.shells.cache import ArticleCache; "
            "from generator.shells.runners import ProcessPool, cycle_collection_paused; "
            "t = time.perf_counter(); paused = cycle_collection_paused(); paused.__enter__(); "
            "r = generate(Path(sys.argv[1]), runner=ProcessPool(int(sys.argv[2])), "
            "cache=ArticleCache(Path(sys.argv[3])) if sys.argv[3] != '-' else None, exports=sys.argv[4] == 'exports'); "
            "assert r.ok, [str(p) for p in r.problems if p.severity == 'error'][:3]; "
            "print(time.perf_counter() - t)")
MENTIONS = ("import sys, time; from pathlib import Path; from generator.pipeline import load_site; "
            "from generator.find.mentions import MentionFinder, names_of; s, _ = load_site(Path(sys.argv[1])); "
            "t = time.perf_counter(); f = MentionFinder(names_of(s.speakers, s.terms)); "
            "[f.find(a.text) for a in s.articles]; print(time.perf_counter() - t)")

# As the generator reads: the cycle collector paused, and each file's nodes dropped once read (kept,
# millions of nodes make every collection slower).
YAML_ALONE = ("import gc, sys, time, yaml; from pathlib import Path; files = sorted(Path(sys.argv[1]).rglob('*.yml')); "
              "gc.disable(); t = time.perf_counter()\n"
              "for f in files: yaml.compose(f.read_text('utf-8'), Loader=yaml.CSafeLoader)\n"
              "print(time.perf_counter() - t)")


def yaml_alone(annotations: Path) -> dict:
    """A floor under (a): reading and composing every YAML file with libyaml, in one process, and
    nothing else (no validation, anchoring, mentions or page)."""
    return {"wall": float(timed([sys.executable, "-c", YAML_ALONE, str(annotations)], REPO)["out"])}


FLOOR = REPO / "benchmarks" / "floor.py"
FLOOR_PARSERS = list(PARSERS)  # libyaml, and yaml-rs where it is installed


def floor(annotations: Path, jobs: int, parser: str) -> dict:
    """A floor under (a): the least any generator of these pages does (benchmarks/floor.py)."""
    return {"wall": float(timed([sys.executable, str(FLOOR), str(annotations), str(jobs), parser], REPO)["out"])}


def run_generator(annotations: Path, jobs: int = 0, cache: Path | None = None, exports: bool = False) -> dict:
    """The generator alone, in a fresh process (load, validate, anchor, render every page, and with
    `exports` every article's W3C annotations): its wall and CPU time (worker processes included)
    and peak memory (the largest process)."""
    run = timed([sys.executable, "-c", GENERATE, str(annotations), str(jobs), str(cache or "-"),
                 "exports" if exports else "pages"], REPO,
                cache_home=annotations.parent)  # unused: the cache, if any, is the one passed
    return {"wall": float(run["out"]), "cpu": run["cpu"], "rss_mb": run["rss_mb"]}


def median(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "out"}


def edit_one_article(annotations: Path, n: int) -> None:
    """What an annotator's pull request does: one article changed (a sentence added at its end)."""
    source = annotations / "a00000" / "source.txt"
    source.write_text(source.read_text() + f"\nAn added sentence, number {n}.\n")


def measure(n: int, terms: int, people: int, repeats: int, work: Path, incremental: bool = False) -> dict:
    """(a), (b), (c) (and (d)) at one size, each `repeats` times, in turns (a b c a b c ...): this
    machine's speed drifts over minutes, and runs side by side see the same drift."""
    annotations = work / f"ann-{n}-{terms}-{people}"
    if not annotations.exists():
        synthetic_site(annotations, n, terms, people)
    row = {"n": n, "terms": terms, "people": people}
    builds = {"b": lambda p: annotated_site(p, annotations), "c": lambda p: plain_site(p, annotations)}
    if incremental:  # the largest size only: what extra pages cost is seen there
        builds["d"] = lambda p: plain_site(p, annotations, _page_count(annotations))
    projects = {}
    for key, make in builds.items():
        projects[key] = work / f"{key}-{n}-{terms}-{people}"
        if not projects[key].exists():
            make(projects[key])
    runs: dict[str, list] = {key: [] for key in ["a", *builds]}
    for _ in range(repeats):
        runs["a"].append(run_generator(annotations))
        for key in builds:
            runs[key].append(timed(MKDOCS, projects[key]))  # a cold cache each time
    row.update({key: median(values) for key, values in runs.items()})
    if incremental:
        row.update(incremental_runs(annotations, projects["b"], projects["c"], repeats, work))
    return row


MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]


def incremental_runs(annotations: Path, project: Path, plain: Path, repeats: int, work: Path) -> dict:
    """One process instead of one per core; then rebuilds with the article cache (primed by a first
    run), after nothing changed and after one article changed, beside the plain site's build."""
    cache, cache_home = work / "generator-cache", work / "mkdocs-cache-home"
    run_generator(annotations, cache=cache)
    timed(MKDOCS, project, cache_home)
    runs: dict[str, list] = {key: [] for key in ("a_one_process", "a_exports", "a_unchanged", "a_one_changed",
                                                 "b_unchanged", "b_one_changed", "c_beside", "yaml_alone",
                                                 *(f"floor_{parser}_{jobs}" for parser in FLOOR_PARSERS
                                                   for jobs in (1, 0)))}
    for k in range(repeats):
        runs["a_one_process"].append(run_generator(annotations, jobs=1))
        runs["a_exports"].append(run_generator(annotations, exports=True))
        runs["a_unchanged"].append(run_generator(annotations, cache=cache))
        edit_one_article(annotations, k)
        runs["a_one_changed"].append(run_generator(annotations, cache=cache))
        runs["b_unchanged"].append(timed(MKDOCS, project, cache_home))
        edit_one_article(project / "annotations", k)
        runs["b_one_changed"].append(timed(MKDOCS, project, cache_home))
        runs["c_beside"].append(timed(MKDOCS, plain))
        runs["yaml_alone"].append(yaml_alone(annotations))
        for parser in FLOOR_PARSERS:
            for jobs in (1, 0):
                runs[f"floor_{parser}_{jobs}"].append(floor(annotations, jobs, parser))
    return {key: median(values) for key, values in runs.items()}


def _page_count(annotations: Path) -> int:
    articles = len(list(annotations.glob("a*/source.txt")))
    people = (annotations / "speakers.yml").read_text().count("  - id:")
    return articles + people + 3  # + the articles index, glossary, people index


def page_times(project: Path, repeats: int, work: Path) -> dict:
    """Where `mkdocs build` of a site spends its time, by kind of page (the hook page_times.py, in a
    copy of the site): the median of each figure over `repeats` builds."""
    timed_project = work / f"{project.name}-page-times"
    if not timed_project.exists():
        shutil.copytree(project, timed_project, ignore=shutil.ignore_patterns("site"))
        shutil.copy(REPO / "benchmarks" / "page_times.py", timed_project)
        config = timed_project / "mkdocs.yml"
        config.write_text(config.read_text() + "\nhooks: [page_times.py]\n")
    runs = []
    for _ in range(repeats):
        timed(MKDOCS, timed_project)
        runs.append(json.loads((timed_project / "page-times.json").read_text()))
    kinds = {key for run in runs for key in run if key != "pages"}
    return {"pages": runs[0]["pages"], **{key: statistics.median(run.get(key, 0.0) for run in runs) for key in kinds}}


def zensical_runs(zensical: str, annotations: Path, plain_project: Path, repeats: int, work: Path) -> dict:
    """Zensical on the generated Markdown (`generator build --out`, the generator's bounded
    navigation written into mkdocs.yml, which it reads), and on the plain site."""
    from generator import generate
    from generator.shells.mkdocs_plugin.nav import nav_entries

    project = work / "zensical-annotated"
    out = work / "zensical-generated"
    if not project.exists():
        subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(out), "--dir", str(annotations),
                        "--no-cache"], cwd=REPO, env=ENV, check=True, capture_output=True)
        shutil.copytree(REPO / "docs", project / "docs")
        shutil.copytree(out, project / "docs", dirs_exist_ok=True)
        nav = [{"Home": "index.md"}, *nav_entries(generate(annotations).outline), {"About": "about.md"}]
        config = without_the_plugin(CONFIG) + (
            "extra_css: [assets/annotations.css]\nextra_javascript: [assets/annotations.js]\n"
            "markdown_extensions: [toc, attr_list, md_in_html]\nnav: " + json.dumps(nav) + "\n")
        (project / "mkdocs.yml").write_text(config)
    build = [zensical, "build", "--clean"]
    return {"annotated": median([timed(build, project) for _ in range(repeats)]),
            "plain": median([timed(build, plain_project) for _ in range(repeats)])}


def term_times(n: int, terms: int, people: int, work: Path, repeats: int) -> tuple[float, float]:
    """The generator's time, and mention finding's alone, with `terms` terms (in turns)."""
    annotations = work / f"ann-{n}-{terms}-{people}"
    if not annotations.exists():
        synthetic_site(annotations, n, terms, people)
    generator, mentions = [], []
    for _ in range(repeats):
        generator.append(run_generator(annotations)["wall"])
        mentions.append(float(subprocess.run([sys.executable, "-c", MENTIONS, str(annotations)], cwd=REPO, env=ENV,
                                             capture_output=True, text=True).stdout))
    return statistics.median(generator), statistics.median(mentions)


def long_article(words: int, work: Path, repeats: int) -> float:
    annotations = work / f"long-{words}"
    if not annotations.exists():
        synthetic_site(annotations, 1, 100, 20, words=words)
    return statistics.median(run_generator(annotations)["wall"] for _ in range(repeats))


def _floor_figures(row: dict) -> str:
    """The floor's times (benchmarks/floor.py) in one process and on every core, against (c)."""
    c = row["c"]["wall"]
    figures = [f"with {parser} parsing, {row[f'floor_{parser}_1']['wall']:.2f} s in one process and "
               f"{row[f'floor_{parser}_0']['wall']:.2f} s on {available_jobs()} cores, "
               f"{row[f'floor_{parser}_0']['wall'] / c:.1%} of (c)" for parser in FLOOR_PARSERS]
    return "; ".join(figures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat (for CI)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.md")
    parser.add_argument("--zensical", help="a zensical executable: also build the generated pages with it")
    args = parser.parse_args()
    sizes = [4, 8] if args.smoke else [100, 200, 400, 800]
    big = (8, 40, 10) if args.smoke else (800, 2000, 500)
    term_sizes = [10, 100] if args.smoke else [100, 1000, 10000]
    long_sizes = [2000, 4000] if args.smoke else [10_000, 100_000]
    repeats = 1 if args.smoke else args.repeats
    lines = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        work = Path(folder)
        say(f"# Benchmark ({'smoke' if args.smoke else 'full'} run, median of {repeats})")
        say()
        say(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}.")
        say()
        say("| N articles | T terms | S people | (a) generator s | (a) CPU s | (a) peak MB | (b) annotated build s | "
            "(c) plain build s | (d) plain, same page count s | a/c | b/c | b/d |")
        say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        rows = []
        for n in sizes:
            row = measure(n, big[1], big[2], repeats, work, incremental=n == sizes[-1])
            rows.append(row)
            a, b, c = (row[key]["wall"] for key in "abc")
            d = f"{row['d']['wall']:.2f} | " if "d" in row else "| "
            b_d = f"{b / row['d']['wall']:.2f}" if "d" in row else ""
            say(f"| {n} | {row['terms']} | {row['people']} | {a:.2f} | {row['a']['cpu']:.2f} | "
                f"{row['a']['rss_mb']:.0f} | {b:.2f} | {c:.2f} | {d}{a / c:.1%} | {b / c:.2f} | {b_d} |")
        say()
        last = rows[-1]
        say(f"Every figure above is a first build (no cache). At N = {last['n']}, the generator in one process "
            f"takes {last['a_one_process']['wall']:.2f} s (against {last['a']['wall']:.2f} s on "
            f"{available_jobs()} cores); with every article's W3C annotations too, {last['a_exports']['wall']:.2f} s "
            f"(the plugin has another process write them while MkDocs renders). In CPU time (worker processes "
            f"included), (b) took {last['b']['cpu']:.2f} s and (c) {last['c']['cpu']:.2f} s: "
            f"{last['b']['cpu'] / last['c']['cpu']:.2f} times, where their wall times were "
            f"{last['b']['wall'] / last['c']['wall']:.2f} times. Reading and composing the "
            f"archive's YAML files alone with libyaml, in one process (no validation, anchoring, mentions or page), "
            f"takes {last['yaml_alone']['wall']:.2f} s, {last['yaml_alone']['wall'] / last['c']['wall']:.1%} of (c). "
            f"The least any generator does (benchmarks/floor.py: every file read, parsed and validated with the "
            f"project's schema, one str.find a passage, one Aho-Corasick pass for the names, the text escaped with an "
            f"element around each; none of the rest) takes, {_floor_figures(last)}. With the article cache of an "
            f"earlier build:")
        say()
        say(f"| N = {last['n']} | generator s | a/c | annotated build s | b/c |")
        say("| --- | ---: | ---: | ---: | ---: |")
        c, c_beside = last["c"]["wall"], last["c_beside"]["wall"]
        for label, key in (("nothing changed", "unchanged"), ("one article changed", "one_changed")):
            a, b = last[f"a_{key}"]["wall"], last[f"b_{key}"]["wall"]
            say(f"| {label} | {a:.2f} | {a / c:.1%} | {b:.2f} | {b / c_beside:.2f} |")
        say()
        say(f"(The plain site's build beside these rebuilds took {c_beside:.2f} s; b/c above is against it.)")
        say()
        sites = {"annotated": work / f"b-{last['n']}-{big[1]}-{big[2]}", "plain": work / f"c-{last['n']}-{big[1]}-{big[2]}"}
        times = {site: page_times(project, repeats, work) for site, project in sites.items()}
        say(f"Where `mkdocs build` spends its time at N = {last['n']} (a timing hook; median of {repeats}): "
            "seconds from the first `on_config`, and for each kind of page (how many, milliseconds each) the time "
            "from the first to the last plugin of its events (reading and converting it, then rendering it into the "
            "theme):")
        say()
        kinds = ("article pages", "person pages", "other pages")
        say(f"| site | until MkDocs has its files | {' | '.join(kinds)} | the rest | in all |")
        say("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for site, spent in times.items():
            cells = [f"{spent['until the files']:.2f}"]
            for kind in kinds:
                seconds, count = spent.get(kind, 0.0), spent["pages"].get(kind, 0)
                cells.append(f"{seconds:.2f} ({count}, {1000 * seconds / count:.1f} ms)" if count else "")
            rest = spent["build"] - spent["until the files"] - sum(spent.get(kind, 0.0) for kind in kinds)
            say(f"| {site} | {' | '.join(cells)} | {rest:.2f} | {spent['build']:.2f} |")
        say()
        say(f"Scaling, time(2N) / time(N), at T = {big[1]} and S = {big[2]}:")
        say()
        say("| N -> 2N | (a) | (b) | (c) |")
        say("| --- | ---: | ---: | ---: |")
        for small, large in zip(rows, rows[1:]):
            say(f"| {small['n']} -> {large['n']} | {large['a']['wall'] / small['a']['wall']:.2f} | "
                f"{large['b']['wall'] / small['b']['wall']:.2f} | {large['c']['wall'] / small['c']['wall']:.2f} |")
        say()
        if args.zensical:
            version = subprocess.run([args.zensical, "--version"], capture_output=True, text=True).stdout.strip()
            z = zensical_runs(args.zensical, work / f"ann-{last['n']}-{big[1]}-{big[2]}",
                              work / f"c-{last['n']}-{big[1]}-{big[2]}", 1, work)
            say(f"Zensical ({version}, one run each) at N = {last['n']}: the generated pages (generator not included) "
                f"{z['annotated']['wall']:.2f} s, against `mkdocs build` of the annotated site {last['b']['wall']:.2f} s "
                f"(generator included); the plain site {z['plain']['wall']:.2f} s, against `mkdocs build` "
                f"{last['c']['wall']:.2f} s.")
            say()
        n = sizes[-1]
        by_terms = {terms: term_times(n, terms, big[2], work, repeats) for terms in term_sizes}
        say(f"Terms at N = {n}, S = {big[2]}: the generator, and mention finding alone:")
        say()
        say("| T terms | generator s | ratio | mention finding s | ratio |")
        say("| ---: | ---: | ---: | ---: | ---: |")
        generator_base, mentions_base = by_terms[term_sizes[0]]
        for terms, (generator, mentions) in by_terms.items():
            say(f"| {terms} | {generator:.2f} | {generator / generator_base:.2f} | {mentions:.3f} | "
                f"{mentions / mentions_base:.2f} |")
        say()
        times = [long_article(words, work, repeats) for words in long_sizes]
        say(f"One long article, generator alone: {long_sizes[0]:,} words {times[0]:.2f} s, "
            f"{long_sizes[1]:,} words {times[1]:.2f} s (ratio {times[1] / times[0]:.1f} for "
            f"{long_sizes[1] // long_sizes[0]} times the words).")
    args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
