"""The reader's pages before and after a change, side by side (issue 36): each page type of the
flagship at 375, 1280 and 1600 px, light and dark, as the first screen a reader sees, built by the
code of `--before DIR` (a `git worktree` of an earlier commit) and by this checkout.

    .venv/bin/python benchmarks/screenshots.py --before DIR --out benchmarks/reader-screens

One contact sheet per page type (`<type>.webp`): a row per width and scheme, before on the left,
after on the right, scaled to half size. Nothing here is asserted by tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from open_web import flagship, serve  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PAGE_TYPES = {
    "report": "articles/2023-08-16-nato-land-for-membership/",
    "transcript": "articles/2023-02-20-biden-zelenskyy-kyiv/",
    "report-notes": "articles/2023-08-16-nato-land-for-membership/#article-notes",
    "person": "people/stian-jenssen/",
    "term": "terms/nato/",
    "glossary": "glossary/",
    "people": "people/",
    "articles": "articles/",
    "home": "",
}
WIDTHS = (375, 1280, 1600)
SCHEMES = ("light", "dark")
HEIGHT = {375: 812, 1280: 900, 1600: 1000}
SCALE = 0.5
LABEL = 28  # px of each row's caption


def shoot(browser, base: str, path: str, width: int, scheme: str) -> Image.Image:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT[width]}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base + path.replace("#article-notes", ""))
    page.wait_for_load_state("networkidle")
    if "#" in path:  # the notes: scrolled to, as a reader who follows a marker or the skip link sees them
        page.evaluate("document.getElementById('article-notes')?.scrollIntoView() ?? document.querySelector('.footnote').scrollIntoView()")
        page.wait_for_timeout(200)
    with tempfile.NamedTemporaryFile(suffix=".png") as shot:
        page.screenshot(path=shot.name)
        image = Image.open(shot.name).convert("RGB")
    context.close()
    return image.resize((round(image.width * SCALE), round(image.height * SCALE)))


def sheet(rows: list[tuple[str, Image.Image, Image.Image]]) -> Image.Image:
    width = max(before.width + after.width for _, before, after in rows) + 30
    height = sum(max(b.height, a.height) + LABEL for _, b, a in rows)
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    y = 0
    for caption, before, after in rows:
        draw.text((6, y + 6), f"{caption}: before (left), after (right)", fill="black")
        canvas.paste(before, (0, y + LABEL))
        canvas.paste(after, (before.width + 30, y + LABEL))
        y += max(before.height, after.height) + LABEL
    return canvas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a worktree of an earlier commit")
    parser.add_argument("--out", type=Path, required=True, help="the folder for the contact sheets")
    parser.add_argument("--types", nargs="*", default=list(PAGE_TYPES), choices=list(PAGE_TYPES))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        sites = {name: flagship(Path(work) / name, code.resolve()) for name, code in (("before", args.before), ("after", REPO))}
        servers = {name: serve(site) for name, site in sites.items()}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            for name in args.types:
                rows = [(f"{width} px, {scheme}",
                         *(shoot(browser, servers[side][1], PAGE_TYPES[name], width, scheme) for side in ("before", "after")))
                        for width in WIDTHS for scheme in SCHEMES]
                sheet(rows).save(args.out / f"{name}.webp", quality=70, method=6)
                print(args.out / f"{name}.webp")
            browser.close()
        for httpd, _ in servers.values():
            httpd.shutdown()


if __name__ == "__main__":
    main()
