"""The flagship as the open web's tools read it (issue 35), each page type beside a plain Material
page of the same text, in one run:

    .venv/bin/python benchmarks/open_web.py [--runs 5] [--before DIR] [--json FILE]

For each page type (a report, a transcript, a person, a term, the glossary, the people index, the
articles index, the home page) of the flagship built with a site URL, and of a plain MkDocs site
(no plugin, the same theme and configuration) whose page holds the same text (every heading,
paragraph and list item of the page's content, as Markdown):

- the Nu Html Checker's errors (`vnu-jar`), all of them and those left once Material's own are
  taken out by rule (`MATERIAL_ERRORS`, as the test in tests/test_open_web.py does);
- Lighthouse 12 (`lighthouse@12.2.3`, Debian's Chromium): the four category scores on mobile (its
  default: a phone's CPU and network, simulated) and on desktop, the median of `--runs` runs, each
  page's run beside the plain page's (interleaved, so that the machine's load falls on both), and
  the DOM size and main-thread time;
- what extruct reads of the JSON-LD without the page's address: its nodes, and how many `@id`s
  are relative.

The pages are served gzipped, as any host serves them (`--uncompressed`: as they are, as Python's
http.server serves them). With `--before DIR` (a `git worktree` of
an earlier commit), the flagship as that commit built it is measured too. It prints Markdown
tables; nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import without_the_plugin  # noqa: E402

from tests.htmlcheck import nu_errors, ours  # noqa: E402

NODE = REPO / "tests/.node/node_modules"
LIGHTHOUSE = NODE / "lighthouse/cli/index.js"
SITE_URL = "https://example.org/edition/"
PAGE_TYPES = {
    "report": "articles/2023-08-16-nato-land-for-membership/",
    "transcript": "articles/2023-02-20-biden-zelenskyy-kyiv/",
    "person": "people/jens-stoltenberg/",
    "term": "terms/nato/",
    "glossary": "glossary/",
    "people index": "people/",
    "articles index": "articles/",
    "home": "",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def flagship(project: Path, code: Path) -> Path:
    """The flagship of the code in `code` (its annotations, docs and mkdocs.yml), built with a site
    URL; the site folder."""
    shutil.copytree(code / "docs", project / "docs")
    shutil.copytree(code / "annotations", project / "annotations")
    (project / "mkdocs.yml").write_text((code / "mkdocs.yml").read_text() + f"site_url: {SITE_URL}\n")
    env = {**ENV, "PYTHONPATH": str(code), "XDG_CACHE_HOME": str(project / "cache")}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project, env=env, check=True)
    return project / "site"


def plain_twins(site: Path, project: Path) -> Path:
    """A plain Material site whose page for each page type holds the text of ours: its headings,
    paragraphs and list items, as Markdown (no annotation, no script of ours)."""
    from bs4 import BeautifulSoup

    docs = project / "docs"
    shutil.copytree(REPO / "docs", docs)
    for name, path in PAGE_TYPES.items():
        page = BeautifulSoup((site / path / "index.html").read_text(), "lxml")
        content = page.select_one("article.md-content__inner") or page.select_one(".md-content")
        lines = []
        for block in content.find_all(["h1", "h2", "h3", "p", "li", "dt", "dd"]):
            if block.find_parent(["li", "dd"]) is not None or block.find_parent("p") is not None:
                continue  # a nested block: its text is in its parent's
            text = html.escape(" ".join(block.get_text(" ").split()))
            if text:
                level = {"h1": "# ", "h2": "## ", "h3": "### "}.get(block.name, "")
                lines += [level + text, ""]
        target = docs / "plain" / f"{re.sub(r'[^a-z]+', '-', name)}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines))
    config = without_the_plugin((REPO / "mkdocs.yml").read_text()).replace("validation:", "not_in_nav: |\n  /plain/*\nvalidation:")
    (project / "mkdocs.yml").write_text(config + f"site_url: {SITE_URL}\n")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=ENV, check=True)
    return project / "site"


def plain_path(name: str) -> str:
    return f"plain/{re.sub(r'[^a-z]+', '-', name)}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _GzipHandler(_QuietHandler):
    """Serves files as a host does: text gzipped."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml")
        if not path.is_file() or not compressible or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = _gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@functools.cache
def _gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def serve(folder: Path, gzipped: bool = True) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A local server of a built site, in a thread: its address."""
    handler = functools.partial(_GzipHandler if gzipped else _QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def lighthouse(url: str, desktop: bool) -> dict:
    """One Lighthouse run: the four scores (0-100), DOM elements and main-thread seconds."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={out.name}", "--quiet",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                   f"--only-categories={','.join(CATEGORIES)}", *(["--preset=desktop"] if desktop else [])]
        subprocess.run(command, env={**ENV, "CHROME_PATH": "/usr/bin/chromium"}, check=True, timeout=300,
                       capture_output=True)
        report = json.loads(Path(out.name).read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = report["audits"]
    return {**scores, "dom": audits["dom-size"]["numericValue"],
            "main_thread_s": audits["mainthread-work-breakdown"]["numericValue"] / 1000,
            "failed": sorted(k for k, a in audits.items() if a.get("scoreDisplayMode") == "binary" and a["score"] == 0)}


def extracted(page_html: str) -> dict:
    """What extruct reads of a page's JSON-LD with no address for it."""
    import extruct

    blocks = extruct.extract(page_html, syntaxes=["json-ld"])["json-ld"]
    ids: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("@id"), str):
                ids.append(node["@id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(blocks)
    return {"nodes": len(ids), "relative_ids": sum(not i.startswith(("http://", "https://")) for i in ids)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a worktree of an earlier commit: its flagship measured too")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--uncompressed", action="store_true",
                        help="serve every file as it is, without gzip (as Python's http.server does)")
    parser.add_argument("--forms", nargs="+", choices=("mobile", "desktop"), default=["mobile", "desktop"])
    parser.add_argument("--types", nargs="+", choices=list(PAGE_TYPES), default=list(PAGE_TYPES))
    parser.add_argument("--smoke", action="store_true", help="one run of one page type on mobile (CI's check)")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.forms, args.types = 1, ["mobile"], ["report"]
    work = Path(tempfile.mkdtemp(prefix="open-web-"))
    sites = {"now": flagship(work / "now", REPO)}
    if args.before:
        sites["before"] = flagship(work / "before", args.before.resolve())
    sites["plain"] = plain_twins(sites["now"], work / "plain")
    paths = {kind: {name: (plain_path(name) if kind == "plain" else path) for name, path in PAGE_TYPES.items()}
             for kind in sites}
    figures: dict = {kind: {name: {} for name in PAGE_TYPES} for kind in sites}
    for kind, site in sites.items():
        errors = nu_errors([site / path / "index.html" for path in paths[kind].values()])
        for name, path in paths[kind].items():
            found = errors.get(str(site / path / "index.html"), [])
            figures[kind][name]["vnu"] = {"all": len(found), "ours": len(ours(found))}
            figures[kind][name]["extruct"] = extracted((site / path / "index.html").read_text())
    if not args.no_lighthouse:
        servers = {kind: serve(site, gzipped=not args.uncompressed) for kind, site in sites.items()}
        for form in args.forms:
            desktop = form == "desktop"
            for name in args.types:
                runs: dict[str, list] = {kind: [] for kind in sites}
                for _ in range(args.runs):  # interleaved: each run of ours beside one of the plain page
                    for kind in sites:
                        runs[kind].append(lighthouse(servers[kind][1] + paths[kind][name], desktop))
                for kind in sites:
                    figures[kind][name][form] = {
                        key: statistics.median(run[key] for run in runs[kind]) for key in (*CATEGORIES, "dom", "main_thread_s")}
                    figures[kind][name][form]["failed"] = sorted({a for run in runs[kind] for a in run["failed"]})
                print(f"{form} {name}: " + ", ".join(f"{kind} {figures[kind][name][form]['performance']:.0f}"
                                                     for kind in sites), file=sys.stderr, flush=True)
        for httpd, _ in servers.values():
            httpd.shutdown()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    print(report(figures, not args.no_lighthouse, args.forms, args.types))


def report(figures: dict, with_lighthouse: bool, forms: list[str], types: list[str]) -> str:
    kinds = list(figures)
    lines = ["| page type | " + " | ".join(f"vnu errors {k} (ours)" for k in kinds) + " | "
             + " | ".join(f"extruct {k}: nodes, relative" for k in kinds if k != "plain") + " |",
             "| --- " * (1 + len(kinds) + len(kinds) - 1) + "|"]
    for name in PAGE_TYPES:
        vnu = [f"{figures[k][name]['vnu']['all']} ({figures[k][name]['vnu']['ours']})" for k in kinds]
        ex = [f"{figures[k][name]['extruct']['nodes']}, {figures[k][name]['extruct']['relative_ids']}"
              for k in kinds if k != "plain"]
        lines.append(f"| {name} | " + " | ".join(vnu + ex) + " |")
    if with_lighthouse:
        for form in forms:
            lines += ["", f"Lighthouse {form} (median): performance, accessibility, best practices, SEO; DOM elements; "
                      "main-thread seconds", "",
                      "| page type | " + " | ".join(kinds) + " |", "| --- " * (1 + len(kinds)) + "|"]
            for name in types:
                cells = []
                for k in kinds:
                    f = figures[k][name][form]
                    cells.append(f"{f['performance']:.0f} / {f['accessibility']:.0f} / {f['best-practices']:.0f} / "
                                 f"{f['seo']:.0f}; {f['dom']:.0f}; {f['main_thread_s']:.2f}")
                lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
