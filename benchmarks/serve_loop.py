"""The annotator's loop, measured (not asserted by tests): save to screen under `mkdocs serve`,
and push to verdict with `check`.

    .venv/bin/python benchmarks/serve_loop.py                 # N = 200 and 800 (about 15 minutes)
    .venv/bin/python benchmarks/serve_loop.py --sizes 20 --saves 3   # a quick look

Save to screen: a server runs as the README says (`mkdocs serve --dirty`); a value is changed in a
file and saved, and the served page is fetched every 10 ms until it shows the change; the next
save follows 1.5 s later (the annotator reads). Median of `--saves` saves of each kind. Beside
it, in the same run: a one-page Material site, served at the same time and saved in turns with
the annotated one (the ratios are against it), and a plain MkDocs site of the same texts (one
page edited) under plain `mkdocs serve`, as its users run it, and under `mkdocs serve --dirty`:
what MkDocs itself costs per rebuild at that size, with one page rendered. Edits measured on the
annotated site: a note's text, a quote's passage moved (both reach one article), a person's role,
a term's definition (each reaches the pages that show them), and the definition of a term that
nearly every article mentions (the worst case: every article page changes).

Push to verdict: `python -m generator check` cold (an empty cache) and warm (one article's file
changed since the last run), beside the floor (`floor.py`: the least reading of the same files,
timed as a whole process).

Memory: the server's resident memory after 20 and after 200 rebuilds (note edits), at the
smallest size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ENV, REPO, annotated_site, plain_site, synthetic_site, timed, without_the_plugin  # noqa: E402

BIN = Path(sys.executable).parent
SERVE_COMMAND = ["serve", "--dirty"]
"""The README's serve command, after `mkdocs`."""
TERMS, PEOPLE = 1000, 200
SETTLE_SECONDS = 1.5
"""Between a change on screen and the next save: the annotator reads it (the preview collects
what rebuilds left after a quiet second)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


@contextlib.contextmanager
def serving(project: Path, command: list[str], first_page: str, log: Path,
            code: Path | None = None) -> Iterator[tuple[str, int]]:
    """A `mkdocs serve` of the project, up and showing its first page: (base URL, process id).
    `code`: a checkout whose `generator` package the server runs instead of this one."""
    port = _free_port()
    env = {**ENV, "XDG_CACHE_HOME": str(project / ".cache"), **({"PYTHONPATH": str(code)} if code else {})}
    with log.open("w") as output:
        server = subprocess.Popen([str(BIN / "mkdocs"), *command, "-a", f"127.0.0.1:{port}"], cwd=project,
                                  env=env, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 900
        while "</html>" not in _fetch(base + first_page):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mkdocs serve did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def save_to_screen(base: str, page: str, edit: Callable[[int], str | re.Pattern], saves: int,
                   first: int = 0) -> list[float]:
    """Seconds from each save to the served page showing it (`edit(n)` saves and returns what to
    look for: a text, or a pattern)."""
    times = []
    for n in range(first, first + saves):
        token = edit(n)
        started = time.perf_counter()
        while not _shows(_fetch(base + page), token):
            if time.perf_counter() - started > 120:
                raise SystemExit(f"the change {token!r} never reached {page}")
            time.sleep(0.01)
        times.append(time.perf_counter() - started)
        time.sleep(SETTLE_SECONDS)
    return times


OTHER_TAGS = re.compile(r'<(?![^>]*data-quote-id="quote-0")[^>]*>')


def _shows(page: str, token: str | re.Pattern) -> bool:
    """Whether the page shows a text, or matches a pattern once its tags but the watched quote's are gone."""
    return bool(token.search(OTHER_TAGS.sub("", page))) if isinstance(token, re.Pattern) else token in page


def _replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text("utf-8")
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, (path, pattern)
    path.write_text(changed, "utf-8")


def annotated_edits(annotations: Path) -> dict[str, tuple[str, Callable[[int], str]]]:
    """The kinds of edit an annotator saves: (the page to watch, the edit)."""
    article = annotations / "a00003"
    text = (article / "source.txt").read_text("utf-8")
    context = article / "context.yml"
    person = re.search(r"^    speaker: (person-\d+)$", context.read_text("utf-8"), re.M)
    page = "articles/a00003/"

    def note(n: int) -> str:
        _replace(context, r"^    note: .*$", f"    note: A note, revised {n} times.")
        return f"revised {n} times"

    sentences = re.findall(r"[A-Z][a-z]{3,}[^.\n]{30,80}\.", text)
    unique = [s for s in dict.fromkeys(sentences) if text.count(s) == 1 and s not in context.read_text("utf-8")]

    def quote(n: int) -> re.Pattern:  # a quote moved to another passage: its marks move on the page
        passage = unique[n % len(unique)]
        _replace(context, r"^    quote: .*$", f"    quote: {json.dumps(passage)}".replace("\\", "\\\\"))
        return re.compile(r'data-quote-id="quote-0"[^>]*>' + re.escape(passage[:30]))

    def role(n: int) -> str:
        _replace(annotations / "speakers.yml", rf"(id: {person.group(1)}\n(?:    .*\n)*?    role: ).*$",
                 rf"\g<1>Official, term {n}")
        return f"Official, term {n}"

    def definition(term: int) -> Callable[[int], str]:
        def edit(n: int) -> str:
            _replace(annotations / "terms.yml", rf"^(    definition: A synthetic term, number {term})\b.*$",
                     rf"\1, defined {n} times.")
            return f"number {term}, defined {n} times"  # each term's own: the other's edits show on the page too
        return edit

    # term-10 is in about 20 of every 1,000 articles; term-0 (NATO) in nearly every one, whose page
    # must then change: the worst case, reported beside the others, watched on an article's card.
    return {"a note's text": (page, note), "a quote's passage": (page, quote),
            "a person's role": (page, role), "a term's definition": ("glossary/", definition(10)),
            "the definition of a term in every article": (page, definition(0))}


def resident_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def measure_size(n: int, saves: int, work: Path, memory: bool) -> dict:
    annotations = work / f"annotations-{n}"
    synthetic_site(annotations, n, TERMS, PEOPLE)
    project, plain, one_page = work / f"annotated-{n}", work / f"plain-{n}", work / "one-page"
    annotated_site(project, annotations)
    plain_site(plain, annotations)
    if not one_page.exists():
        (one_page / "docs").mkdir(parents=True)
        (one_page / "docs" / "index.md").write_text("# One page\n\nA paragraph.\n")
        (one_page / "mkdocs.yml").write_text(without_the_plugin((REPO / "mkdocs.yml").read_text())
                                             .split("\nnav:")[0] + "\n")
    row: dict = {"n": n}

    def edit_page(path: Path) -> Callable[[int], str]:
        def edit(k: int) -> str:
            path.write_text(path.read_text("utf-8").split("\n\nEdited ")[0] + f"\n\nEdited {k} times.\n", "utf-8")
            return f"Edited {k} times."
        return edit

    with serving(plain, ["serve"], "articles/p00003/", work / f"plain-{n}.log") as (base, _):
        row["plain"] = save_to_screen(base, "articles/p00003/", edit_page(plain / "docs/articles/p00003.md"), saves)
    with serving(plain, ["serve", "--dirty"], "articles/p00003/", work / f"plain-dirty-{n}.log") as (base, _):
        row["plain dirty"] = save_to_screen(base, "articles/p00003/", edit_page(plain / "docs/articles/p00003.md"),
                                            saves, first=saves)
    # The one-page site is served beside the annotated one and saved in turns with it, so that the
    # machine's moods fall on both.
    row["one page"] = []
    with serving(one_page, ["serve"], "", work / "one-page.log") as (one_base, _), \
            serving(project, SERVE_COMMAND, "articles/a00003/", work / f"annotated-{n}.log") as (base, pid):
        edits = annotated_edits(project / "annotations")
        for k in range(saves):
            for kind, (page, edit) in edits.items():
                row["one page"] += save_to_screen(one_base, "", edit_page(one_page / "docs/index.md"), 1,
                                                  first=len(row["one page"]))
                if "every" not in kind or k < 2:  # the slowest kind: two saves
                    row.setdefault(kind, []).extend(save_to_screen(base, page, edit, 1, first=k))
        if memory:
            _, note = edits["a note's text"]
            save_to_screen(base, "articles/a00003/", note, 20 - saves, first=1000)
            row["rss after 20"] = resident_mb(pid)
            save_to_screen(base, "articles/a00003/", note, 180, first=2000)
            row["rss after 200"] = resident_mb(pid)
    check = [sys.executable, "-m", "generator", "check", "--dir", str(annotations)]
    cold = [timed(check, work)["wall"] for _ in range(3)]
    warm_cache = Path(tempfile.mkdtemp(prefix="warm-cache-", dir=work))
    timed(check, work, warm_cache)
    warm = []
    for k in range(3):
        source = annotations / "a00000" / "source.txt"
        source.write_text(source.read_text() + f"\nAn added sentence, number {k}.\n")
        warm.append(timed(check, work, warm_cache)["wall"])
    floor = [timed([sys.executable, str(REPO / "benchmarks/floor.py"), str(annotations), "1", "libyaml"], work)["wall"]
             for _ in range(3)]
    row |= {"check cold": cold, "check warm": warm, "floor": floor}
    return row


def compare_size(n: int, saves: int, work: Path, before: Path, option: str = "") -> dict:
    """The annotated preview with the code of `before` and with this checkout's, served at the same
    time from two copies of one archive and saved in turns with the one-page site, edit by edit.
    `option`: a plugin option (`key: value`) this checkout's site sets."""
    annotations = work / f"annotations-{n}"
    synthetic_site(annotations, n, TERMS, PEOPLE)
    one_page = work / "one-page"
    if not one_page.exists():
        (one_page / "docs").mkdir(parents=True)
        (one_page / "docs" / "index.md").write_text("# One page\n\nA paragraph.\n")
        (one_page / "mkdocs.yml").write_text(without_the_plugin((REPO / "mkdocs.yml").read_text())
                                             .split("\nnav:")[0] + "\n")
    projects = {"before": work / f"before-{n}", "after": work / f"after-{n}"}
    for project in projects.values():
        annotated_site(project, annotations)
    if option:
        config = projects["after"] / "mkdocs.yml"
        config.write_text(config.read_text().replace("  - annotations:\n", f"  - annotations:\n      {option}\n"))
    row: dict = {"n": n, "one page": []}

    def edit_page(k: int) -> str:
        path = one_page / "docs/index.md"
        path.write_text(path.read_text("utf-8").split("\n\nEdited ")[0] + f"\n\nEdited {k} times.\n", "utf-8")
        return f"Edited {k} times."

    with serving(one_page, ["serve"], "", work / "one-page.log") as (one_base, _), \
            serving(projects["before"], SERVE_COMMAND, "articles/a00003/", work / f"before-{n}.log", before) as (b, _), \
            serving(projects["after"], SERVE_COMMAND, "articles/a00003/", work / f"after-{n}.log") as (a, _):
        edits = {version: annotated_edits(projects[version] / "annotations") for version in projects}
        for k in range(saves):
            for kind in edits["after"]:
                if "every" in kind and k >= 2:  # the slowest kind: two saves
                    continue
                for version, base in (("before", b), ("after", a)) if k % 2 else (("after", a), ("before", b)):
                    row["one page"] += save_to_screen(one_base, "", edit_page, 1, first=len(row["one page"]))
                    page, edit = edits[version][kind]
                    row.setdefault((version, kind), []).extend(save_to_screen(base, page, edit, 1, first=k))
    return row


def comparison_table(rows: list[dict]) -> str:
    med = statistics.median
    lines = ["| N | edit | one-page site s | before s | ratio | after s | ratio | after / before |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        base = med(row["one page"])
        for kind in [key[1] for key in row if isinstance(key, tuple) and key[0] == "after"]:
            then, now = med(row[("before", kind)]), med(row[("after", kind)])
            lines.append(f"| {row['n']} | {kind} | {base:.2f} | {then:.2f} | {then / base:.2f} | {now:.2f} | "
                         f"{now / base:.2f} | {now / then:.2f} |")
    return "\n".join(lines) + "\n"


def table(rows: list[dict]) -> str:
    med = statistics.median
    kinds = ("a note's text", "a quote's passage", "a person's role", "a term's definition",
             "the definition of a term in every article")
    lines = ["| N | one-page site s | plain site s | plain, --dirty s | ratio | "
             + " | ".join(f"{kind} s | ratio" for kind in kinds) + " |",
             "| ---: | ---: | ---: | ---: | ---: |" + " ---: | ---: |" * len(kinds)]
    for row in rows:
        base = med(row["one page"])
        dirty = med(row["plain dirty"])
        cells = [str(row["n"]), f"{base:.2f}", f"{med(row['plain']):.2f}", f"{dirty:.2f}", f"{dirty / base:.2f}"]
        for kind in kinds:
            cells += [f"{med(row[kind]):.2f}", f"{med(row[kind]) / base:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| N | floor s | check cold s | cold / floor | check warm s | warm / cold |",
              "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        floor, cold, warm = med(row["floor"]), med(row["check cold"]), med(row["check warm"])
        lines.append(f"| {row['n']} | {floor:.2f} | {cold:.2f} | {cold / floor:.2f} | {warm:.2f} | {warm / cold:.2f} |")
    for row in rows:
        if "rss after 20" in row:
            lines.append(f"\nResident memory of the server at N = {row['n']}: {row['rss after 20']:.0f} MB after 20 "
                         f"rebuilds, {row['rss after 200']:.0f} MB after 200 "
                         f"({row['rss after 200'] / row['rss after 20']:.3f} times).")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 800])
    parser.add_argument("--saves", type=int, default=5, help="saves per kind of edit (median reported)")
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="skip the 200 rebuilds")
    parser.add_argument("--before", type=Path, help="a checkout of the code before a change (git worktree): its "
                        "preview and this one's, side by side, instead of the figures above")
    parser.add_argument("--option", default="", help="with --before: a plugin option this checkout's site sets, "
                        "as `key: value`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="serve-loop-") as folder:
        if args.before:
            print(comparison_table([compare_size(n, args.saves, Path(folder), args.before.resolve(), args.option)
                                    for n in args.sizes]))
            return 0
        rows = [measure_size(n, args.saves, Path(folder), args.memory and k == 0) for k, n in enumerate(args.sizes)]
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
