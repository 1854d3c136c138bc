"""The command line: `python -m generator check` and `python -m generator build --out DIR`."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from .pipeline import Result, generate
from .problems import format_problems
from .render import STYLESHEET, Options

OUTPUT_MARKER = ".generator-output"
"""Left in every folder `build` writes, listing what it wrote, so it only ever replaces its own output."""

EXAMPLES = """examples:
  python -m generator check
  python -m generator check --dir path/to/annotations
  python -m generator build --out generated/
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Annotated-article publisher.",
                                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate and anchor every annotation; exit 1 on any error",
                                epilog="example: python -m generator check --dir annotations")
    build = commands.add_parser("build", help="write the generated Markdown pages to a folder",
                                epilog="example: python -m generator build --out generated/")
    build.add_argument("--out", required=True, type=Path, help="folder to write (created, or replaced if it "
                       "holds an earlier build's output)")
    build.add_argument("--no-directory-urls", dest="directory_urls", action="store_false",
                       help="link pages as a/b.html rather than a/b/ (MkDocs' use_directory_urls: false)")
    for command in (check, build):
        command.add_argument("--dir", type=Path, default=None,
                             help="the annotations folder (default: the plugin's 'dir' in mkdocs.yml, else annotations)")
        command.add_argument("--link-mentions", choices=("first", "every"), default="first",
                             help="link the first mention of each person or term in an article, or every one")
    args = parser.parse_args(argv)
    root = args.dir or default_dir(Path("mkdocs.yml"))
    options = Options(link_mentions=args.link_mentions, directory_urls=getattr(args, "directory_urls", True))
    result = generate(root, options)
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
    if not result.ok:
        return 1
    if args.command == "check":
        print(_summary(result))
        return 0
    return write_output(result, args.out)


def default_dir(mkdocs_yml: Path) -> Path:
    """The plugin's `dir` option when mkdocs.yml sets one, else `annotations`."""
    try:
        config = YAML(typ="rt").load(mkdocs_yml.read_text("utf-8")) if mkdocs_yml.is_file() else None
    except (YAMLError, UnicodeDecodeError):
        config = None
    plugins = config.get("plugins", []) if isinstance(config, dict) else []
    for plugin in plugins or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("annotations"), dict):
            if plugin["annotations"].get("dir"):
                return mkdocs_yml.parent / str(plugin["annotations"]["dir"])
    return mkdocs_yml.parent / "annotations"


def _summary(result: Result) -> str:
    site = result.site
    quotes = sum(len(a.quotes) for a in site.articles)
    notes = sum(len(a.notes) for a in site.articles)
    return (f"ok: {len(site.articles)} article(s), {quotes} quote(s), {notes} note(s), "
            f"{len(site.all_speakers())} people, {len(site.all_terms())} terms")


def write_output(result: Result, out: Path) -> int:
    """Write the pages into a fresh folder, then swap it in: never a half-written output.

    `out` must be new, empty, or an earlier build's output holding only the files that build
    wrote (its marker lists them): a file someone else put there is never deleted.
    """
    refusal = _refusal(out)
    if refusal:
        print(f"{out}: error: {refusal}", file=sys.stderr)
        return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        pages = {**result.pages,
                 STYLESHEET: resources.files("generator").joinpath("assets/annotations.css").read_text("utf-8")}
        for path, text in pages.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
        (staging / OUTPUT_MARKER).write_text("\n".join(sorted(pages)) + "\n", "utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    print(f"wrote {len(pages)} files to {out}")
    return 0


def _refusal(out: Path) -> str | None:
    """Why `out` may not be (re)written, or None."""
    if not out.exists():
        return None
    if not out.is_dir():
        return "exists and is not a folder"
    found = {p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir()}
    if not found:
        return None
    marker = out / OUTPUT_MARKER
    if not marker.is_file():
        return "is not empty and was not written by this command; choose an empty or new folder"
    foreign = sorted(found - set(marker.read_text("utf-8").splitlines()) - {OUTPUT_MARKER})
    if foreign:
        return (f"holds files this command did not write ({', '.join(foreign[:5])}); "
                "move them out or choose another folder")
    return None
