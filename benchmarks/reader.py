"""The reader's side of an archive, measured as readers meet it (issue 34): for N articles (1,000
terms, 500 people, one of them named and quoted in two articles of three), the
plain MkDocs site of the same texts, the annotated site with Material's search, and the annotated
site with the plugin's `search: pagefind`, each built and served, and opened in Chromium.

    .venv/bin/python benchmarks/reader.py --sizes 200 800 3000 [--screenshots DIR] [--before DIR]

For each site: its build (wall time, peak memory of its largest process), the largest page and
the most DOM elements of any page (parsed with lxml: what the HTML holds, before scripts), what a
first visit to an article downloads (every response of a fresh browser context until the network
is idle, as served and gzipped), the time from typing a query to the first result on a desktop and
with a phone's CPU (4x CPU throttling), and, on the annotated sites, the glossary's and the
busiest person's page with a phone's CPU (load event, main-thread time in long tasks). With
`--before DIR` (a `git worktree` of an earlier commit), the annotated site built by that code is
measured too. It prints a Markdown table; nothing here is asserted by tests (CI runs it with
`--smoke`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MKDOCS, annotated_site, plain_site, synthetic_site, timed  # noqa: E402

TERMS, PEOPLE = 1000, 500
BEFORE = "annotated, the code before"
SAME_COUNT = "plain, as many pages as the annotated site"
QUERY = "ridiculous"
"""A word of one of the texts the synthetic articles are made of: in one article in a few."""
PHONE_CPU = 4
"""Chromium's CPU throttling rate for a phone (Lighthouse's mobile setting)."""
TIMEOUT_MS = 300_000
LONG_TASKS = """
window.__longTasks = 0;
new PerformanceObserver(list => { for (const entry of list.getEntries()) window.__longTasks += entry.duration; })
  .observe({type: "longtask", buffered: true});
"""


def sites(n: int, work: Path, terms: int = TERMS, people: int = PEOPLE, before: bool = False) -> dict[str, Path]:
    """The projects of one synthetic archive of `n` articles: plain, annotated with each search,
    and (`before`) annotated for the code before."""
    annotations = work / f"annotations-{n}"
    synthetic_site(annotations, n, terms, people, busy=True)
    projects = {"plain": work / f"plain-{n}", **({BEFORE: work / f"before-{n}"} if before else {}),
                "annotated, Material search": work / f"material-{n}", "annotated, Pagefind": work / f"pagefind-{n}"}
    plain_site(projects["plain"], annotations)
    for name, project in projects.items():
        if name != "plain":
            annotated_site(project, annotations)
    config = projects["annotated, Pagefind"] / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - search\n", "", 1)
                      .replace("  - annotations:\n", "  - annotations:\n      search: pagefind\n", 1))
    return projects


def page_figures(site: Path) -> dict:
    """The largest page and the page with the most elements, with their paths."""
    from lxml import html

    largest, most = (0, ""), (0, "")
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        data = page.read_bytes()
        path = page.relative_to(site).as_posix()
        largest = max(largest, (len(data), path))
        most = max(most, (sum(1 for _ in html.fromstring(data).iter()), path))
    return {"largest": largest, "most elements": most}


def busiest_person(site: Path) -> str:
    """The person whose page (with its further parts) holds the most: the one named most."""
    people = [p for p in (site / "people").iterdir() if p.is_dir()]
    return max(people, key=lambda p: sum(f.stat().st_size for f in p.rglob("index.html"))).name


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def _fresh_page(browser, cpu: int = 1):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    if cpu > 1:
        session = context.new_cdp_session(page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    return context, page


def first_visit(browser, base: str, site: Path, path: str) -> dict:
    """What a first visit to `path` downloads until the network is idle: bytes as served, as gzip
    would send them, and how many of those were for search."""
    context, page = _fresh_page(browser)
    urls: list[str] = []
    page.on("requestfinished", lambda request: urls.append(request.url))
    page.goto(base + path, wait_until="networkidle")
    time.sleep(1)
    context.close()
    raw = zipped = search = 0
    for url in urls:
        local = unquote(urlsplit(url).path).lstrip("/")
        file = site / local / "index.html" if local == "" or local.endswith("/") else site / local
        if not file.is_file():
            continue
        data = file.read_bytes()
        raw += len(data)
        zipped += len(gzip.compress(data, 6))
        search += len(data) if "search" in local or "pagefind" in local else 0
    return {"raw": raw, "gzip": zipped, "search": search, "requests": len(urls)}


def first_result(browser, base: str, path: str, engine: str, cpu: int = 1) -> float:
    """Seconds from typing the query, as soon as the page has loaded, to the first result shown."""
    context, page = _fresh_page(browser, cpu)
    page.goto(base + path, wait_until="load")
    if engine == "pagefind":
        page.click(".annotations-search-button")
        field, result = ".pagefind-ui__search-input", ".pagefind-ui__result-link"
    else:
        field, result = ".md-search__input", ".md-search-result__item"
        page.click(field)  # at 1280 px the field is in the header
    page.wait_for_selector(field)
    started = time.perf_counter()
    page.type(field, QUERY)  # key by key: Material's search reads key events
    page.wait_for_selector(result)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def page_load(browser, base: str, path: str, cpu: int = PHONE_CPU) -> dict:
    """A page opened with a phone's CPU: seconds to its load event, and main-thread seconds in long tasks."""
    context, page = _fresh_page(browser, cpu)
    page.add_init_script(LONG_TASKS)
    started = time.perf_counter()
    page.goto(base + path, wait_until="load")
    loaded = time.perf_counter() - started
    time.sleep(1)
    busy = page.evaluate("window.__longTasks") / 1000
    context.close()
    return {"load": loaded, "long tasks": busy}


def screenshots(browser, base: str, folder: Path, n: int, term: str) -> None:
    """The glossary, a term's page and a search, as a reader at 1280 px sees them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in (("glossary", "glossary/"), ("term", f"terms/{term}/")):
        context, page = _fresh_page(browser)
        page.goto(base + path, wait_until="networkidle")
        page.screenshot(path=str(folder / f"archive-{n}-{name}-1280.png"))
        context.close()
    context, page = _fresh_page(browser)
    page.goto(base + "articles/", wait_until="networkidle")
    page.click(".annotations-search-button")
    page.fill(".pagefind-ui__search-input", QUERY)
    page.wait_for_selector(".pagefind-ui__result-link")
    time.sleep(0.5)
    page.screenshot(path=str(folder / f"archive-{n}-search-1280.png"))
    context.close()


def measure(n: int, work: Path, browser, shots: Path | None, before: Path | None, smoke: bool = False) -> dict:
    """Every figure of the table for one size; only the builds' when `browser` is None."""
    rows = {}
    projects = sites(n, work, *((40, 20) if smoke else (TERMS, PEOPLE)), before=before is not None)
    for name, project in projects.items():
        build = timed(["env", f"PYTHONPATH={before}", *MKDOCS] if name == BEFORE else MKDOCS, project)
        site = project / "site"
        figures = {"build s": build["wall"], "build MB": build["rss_mb"], **page_figures(site)}
        if browser is None:
            rows[name] = figures
            continue
        httpd, base = serve(site)
        try:
            article = "articles/p00000/" if name == "plain" else "articles/a00000/"
            engine = "pagefind" if "Pagefind" in name else "material"
            figures["first visit"] = first_visit(browser, base, site, article)
            figures["first result"] = first_result(browser, base, article, engine)
            figures["first result, phone"] = first_result(browser, base, article, engine, PHONE_CPU)
            if name != "plain":
                figures["glossary, phone"] = page_load(browser, base, "glossary/")
                person = busiest_person(site)
                figures["busiest person"] = person
                figures["person, phone"] = page_load(browser, base, f"people/{person}/")
            if shots and engine == "pagefind":
                screenshots(browser, base, shots, n, "term-3")
        finally:
            httpd.shutdown()
        rows[name] = figures
        print(f"  N = {n}, {name}: done", file=sys.stderr, flush=True)
    # The Pagefind index alone, written again over the built site once the browser is done with it
    # (this one holds every page: the manual too).
    index = timed([sys.executable, "-m", "generator", "search-index", str(projects["annotated, Pagefind"] / "site")],
                  projects["annotated, Pagefind"])
    rows["annotated, Pagefind"]["index s"], rows["annotated, Pagefind"]["index MB"] = index["wall"], index["rss_mb"]
    # MkDocs's own cost of as many pages: the plain site of the same texts, repeated to the
    # annotated site's page count (its build only).
    built = {name: sum(1 for p in (project / "site").rglob("*.html") if "pagefind" not in p.parts)
             for name, project in projects.items()}
    same_count = work / f"plain-same-count-{n}"
    plain_site(same_count, work / f"annotations-{n}", pages=n + built["annotated, Pagefind"] - built["plain"])
    build = timed(MKDOCS, same_count)
    rows[SAME_COUNT] = {"build s": build["wall"], "build MB": build["rss_mb"], "pages": built["annotated, Pagefind"]}
    return rows


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def builds_report(results: dict[int, dict]) -> str:
    """The builds alone (`--builds-only`)."""
    lines = ["| N | site | build s | build peak MB |", "| ---: | --- | ---: | ---: |"]
    for n, rows in results.items():
        for name, f in rows.items():
            lines.append(f"| {n} | {name} | {f['build s']:.1f} | {f['build MB']:.0f} |")
        if "index s" in rows["annotated, Pagefind"]:
            pagefind = rows["annotated, Pagefind"]
            lines.append(f"| {n} | of it, the Pagefind index alone | {pagefind['index s']:.1f} | {pagefind['index MB']:.0f} |")
    return "\n".join(lines)


def report(results: dict[int, dict]) -> str:
    lines = ["| N | site | build s | build peak MB | largest page | most elements | first visit (raw / gzip) | "
             "of it for search | first result s | on a phone s | glossary on a phone s (long tasks s) | "
             "busiest person on a phone s (long tasks s) |",
             "| ---: | --- | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for n, rows in results.items():
        for name, f in rows.items():
            if name == SAME_COUNT:
                lines.append(f"| {n} | {name} ({f['pages']:,}) | {f['build s']:.1f} | {f['build MB']:.0f} | | | | | | | | |")
                continue
            visit = f["first visit"]
            glossary, person = f.get("glossary, phone"), f.get("person, phone")
            lines.append(
                f"| {n} | {name} | {f['build s']:.1f} | {f['build MB']:.0f} | {_kb(f['largest'][0])} "
                f"({f['largest'][1]}) | {f['most elements'][0]:,} ({f['most elements'][1]}) | {_kb(visit['raw'])} / "
                f"{_kb(visit['gzip'])} | {_kb(visit['search'])} | {f['first result']:.2f} | "
                f"{f['first result, phone']:.2f} | "
                + (f"{glossary['load']:.2f} ({glossary['long tasks']:.2f}) | {person['load']:.2f} "
                   f"({person['long tasks']:.2f}) |" if glossary and person else " | |"))
        plain, pagefind = rows["plain"], rows["annotated, Pagefind"]
        lines.append(f"| {n} | Pagefind / plain | {pagefind['build s'] / plain['build s']:.2f} | "
                     f"{pagefind['build MB'] / plain['build MB']:.2f} | | | | | | | | |")
        same = rows[SAME_COUNT]
        lines.append(f"| {n} | Pagefind / plain of as many pages | {pagefind['build s'] / same['build s']:.2f} | "
                     f"{pagefind['build MB'] / same['build MB']:.2f} | | | | | | | | |")
        lines.append(f"| {n} | of it, the Pagefind index alone | {pagefind['index s']:.1f} | {pagefind['index MB']:.0f} "
                     "| | | | | | | | |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 800, 3000])
    parser.add_argument("--screenshots", type=Path, help="a folder for screenshots of the glossary, a term and a search")
    parser.add_argument("--before", type=Path, help="a checkout of earlier code, whose annotated site is measured too")
    parser.add_argument("--builds-only", action="store_true", help="the builds' time and memory, no browser")
    parser.add_argument("--smoke", action="store_true", help="one tiny archive, to keep the script working")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sizes = [12] if args.smoke else args.sizes
    results = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="reader-") as folder:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        for n in sizes:
            results[n] = measure(n, Path(folder), None if args.builds_only else browser, args.screenshots,
                                 args.before.resolve() if args.before else None, args.smoke)
        browser.close()
    print(builds_report(results) if args.builds_only else report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
