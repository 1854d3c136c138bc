"""The command line: `python -m generator check` and `python -m generator build --out DIR`."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .cache import default_folder as default_cache
from .files import atomic_write
from .pipeline import Result, generate
from .resolve import resolve
from .suggest import report, suggest
from .scaffold import annotation_files, apply_fixes, formatted, new_article, write_schemas
from .w3c import export_collection, import_annotations
from .problems import as_json, format_github, format_problems
from .pages import assets
from .render import Options

OUTPUT_MARKER = ".generator-output"
"""Left in every folder `build` writes, listing what it wrote, so it only ever replaces its own output."""

EXAMPLES = """examples:
  python -m generator check
  python -m generator check --dir path/to/annotations
  python -m generator build --out generated/
  python -m generator anchor --text source.txt --exact "NATO umbrella" --prefix "for a "
  python -m generator export --format w3c --out export/ --base-url https://example.org/
  python -m generator import --format w3c hypothesis.json 2023-08-16-nato-land-for-membership --dry-run
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Annotated-article publisher.",
                                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate and anchor every annotation; exit 1 on any error",
                                epilog="example: python -m generator check --format github --strict")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text for people, github for pull-request annotations, json for programs")
    check.add_argument("--strict", action="store_true", help="fail on warnings too (an unused term, say)")
    check.add_argument("--fix", action="store_true", help="re-anchor passages the resolver is confident about "
                       "after a correction of a source text, and record the correction")
    build = commands.add_parser("build", help="write the generated Markdown pages to a folder",
                                epilog="example: python -m generator build --out generated/")
    build.add_argument("--out", required=True, type=Path, help="folder to write (created, or replaced if it "
                       "holds an earlier build's output)")
    build.add_argument("--no-directory-urls", dest="directory_urls", action="store_false",
                       help="link pages as a/b.html rather than a/b/ (MkDocs' use_directory_urls: false)")
    anchor = commands.add_parser("anchor", help="find a quoted passage in a text; print JSON",
                                 epilog='example: python -m generator anchor --text source.txt --exact "NATO umbrella"')
    anchor.add_argument("--text", required=True, type=Path, help="the text file (UTF-8)")
    anchor.add_argument("--exact", required=True, help="the quoted passage")
    anchor.add_argument("--prefix", default="", help="text just before the passage")
    anchor.add_argument("--suffix", default="", help="text just after the passage")
    anchor.add_argument("--start", type=int, help="where the passage probably starts (code points)")
    anchor.add_argument("--end", type=int, help="where it probably ends")
    export = commands.add_parser("export", help="write each article's annotations as a W3C AnnotationCollection",
                                 epilog="example: python -m generator export --format w3c --out export/ "
                                        "--base-url https://example.org/")
    export.add_argument("--format", choices=("w3c",), default="w3c")
    export.add_argument("--out", required=True, type=Path, help="folder for <slug>.jsonld files")
    export.add_argument("--base-url", help="the site's URL (default: site_url in mkdocs.yml)")
    export.add_argument("slugs", nargs="*", help="articles to export (default: all)")
    importer = commands.add_parser("import", help="anchor W3C or Hypothesis annotations and add them as notes",
                                   epilog="example: python -m generator import --format w3c annotations.json SLUG "
                                          "--dry-run")
    importer.add_argument("--format", choices=("w3c",), default="w3c")
    importer.add_argument("file", type=Path, help="a W3C annotation, page or collection, or a Hypothesis export")
    importer.add_argument("slug", help="the article to add them to")
    importer.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    new = commands.add_parser("new", help="start an article: annotations/SLUG/ from a text file",
                              epilog="example: python -m generator new report.txt --slug 2023-08-16-nato-land-for-membership "
                                     '--title "NATO official floats land for membership"')
    new.add_argument("source", type=Path, help="the text as published (a leading ' date YYYY-MM-DD ' becomes its date)")
    new.add_argument("--slug", required=True, help="the article's id: lower-case letters, digits and hyphens")
    new.add_argument("--title", help="its headline")
    new.add_argument("--date", help="its publication date, YYYY-MM-DD")
    fmt = commands.add_parser("fmt", help="rewrite annotation files in one canonical style (comments kept)",
                              epilog="example: python -m generator fmt --check")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    suggester = commands.add_parser("suggest", help="list what an article probably still needs, with YAML to paste",
                                    epilog="example: python -m generator suggest 2023-08-16-nato-land-for-membership")
    suggester.add_argument("slug", help="the article")
    schema = commands.add_parser("schema", help="write the JSON Schemas of the annotation files (for editors)",
                                 epilog="example: python -m generator schema")
    for command in (check, build, export, importer, new, fmt, schema, suggester):
        command.add_argument("--dir", type=Path, default=None,
                             help="the annotations folder (default: the plugin's 'dir' in mkdocs.yml, else annotations)")
    for command in (check, build, export):
        command.add_argument("--link-mentions", choices=("first", "every"), default="first",
                             help="link the first mention of each person or term in an article, or every one")
        command.add_argument("--jobs", type=int, default=0, help="processes to share articles among (default: one "
                             "per core)")
        command.add_argument("--no-cache", dest="cache", action="store_false",
                             help="do every article again, rather than reuse what earlier runs found for unchanged ones")
    args = parser.parse_args(argv)
    if args.command == "anchor":
        return run_anchor(args)
    root = args.dir or default_dir(Path("mkdocs.yml"))
    if args.command in ("new", "fmt", "schema"):
        return {"new": run_new, "fmt": run_fmt, "schema": run_schema}[args.command](root, args)
    options = Options(link_mentions=getattr(args, "link_mentions", "first"),
                      directory_urls=getattr(args, "directory_urls", True))
    jobs = getattr(args, "jobs", 0)
    cache = default_cache(root) if getattr(args, "cache", False) else None
    result = generate(root, options, jobs, cache)
    if args.command == "suggest":
        item = next((a for a in result.annotated if a.article.slug == args.slug), None)
        if item is None:
            print(f"error: no article '{args.slug}' in {root}", file=sys.stderr)
            return 2
        print(report(suggest(item), args.slug))
        return 0
    if args.command == "check":
        if args.fix and any(p.fix for p in result.problems):
            for line in apply_fixes(result.problems):
                print(line)
            result = generate(root, options, jobs, cache)
        return report_check(result, args.format, args.strict)
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
    if not result.ok:
        return 1
    if args.command == "export":
        return run_export(result, args, options)
    if args.command == "import":
        return run_import(result, args)
    return write_output(result, args.out)


def report_check(result: Result, form: str, strict: bool) -> int:
    failed = not result.ok or (strict and bool(result.problems))
    if form == "json":
        print(json.dumps({"ok": not failed, "problems": as_json(result.problems)}, ensure_ascii=False, indent=2))
    elif form == "github":
        if result.problems:
            print(format_github(result.problems))
    else:
        if result.problems:
            print(format_problems(result.problems), file=sys.stderr)
        if result.ok:
            print(_summary(result))
    return 1 if failed else 0


def run_new(root: Path, args) -> int:
    folder, refusal = new_article(root, args.source, args.slug, args.title, args.date)
    if folder is None:
        print(f"error: {refusal}", file=sys.stderr)
        return 1
    print(f"created {folder}/ (source.txt, article.yml, context.yml); next: fill in article.yml, then run "
          f"python -m generator suggest {args.slug}")
    return 0


def run_fmt(root: Path, args) -> int:
    if not root.is_dir():
        print(f"error: no annotations folder at {root}", file=sys.stderr)
        return 2
    changed = []
    for path, kind in annotation_files(root):
        text = path.read_text("utf-8")
        try:
            new_text = formatted(text, kind, path.parent != root)
        except YAMLError as exc:
            print(f"{path}: error: cannot format a file with a YAML error ({exc}); run check", file=sys.stderr)
            return 1
        if new_text != text:
            changed.append(path)
            if not args.check:
                atomic_write(path, new_text)
    written = [] if args.check else write_schemas(root)
    for path in changed:
        print(f"{'would reformat' if args.check else 'reformatted'} {path}")
    for path in written:
        print(f"wrote {path}")
    if args.check and changed:
        print("run `python -m generator fmt` to fix the style", file=sys.stderr)
        return 1
    return 0


def run_schema(root: Path, args) -> int:
    for path in write_schemas(root):
        print(f"wrote {path}")
    return 0


def run_anchor(args) -> int:
    from .load import read_source

    problems: list = []
    text = read_source(args.text, problems)
    if text is None:
        print(format_problems(problems), file=sys.stderr)
        return 1
    if not args.exact:
        print("error: --exact must not be empty", file=sys.stderr)
        return 2
    found = resolve(text, args.exact, args.prefix, args.suffix, args.start, args.end)
    print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
    return 0 if found.anchored else 1


def run_export(result: Result, args, options: Options) -> int:
    base = args.base_url or site_url(Path("mkdocs.yml"))
    if not base:
        print("error: the exported annotations need the site's URL: pass --base-url or set site_url in mkdocs.yml",
              file=sys.stderr)
        return 2
    base = base if base.endswith("/") else base + "/"
    articles = {a.article.slug: a for a in result.annotated}
    unknown = [slug for slug in args.slugs if slug not in articles]
    if unknown:
        print(f"error: no article '{unknown[0]}' (articles: {', '.join(sorted(articles))})", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for slug in args.slugs or sorted(articles):
        collection = export_collection(articles[slug], result.site, base, options)
        atomic_write(args.out / f"{slug}.jsonld", json.dumps(collection, ensure_ascii=False, indent=2) + "\n")
        print(f"{args.out / f'{slug}.jsonld'}: {collection['total']} annotations")
    return 0


def run_import(result: Result, args) -> int:
    article = next((a for a in result.site.articles if a.slug == args.slug), None)
    if article is None:
        print(f"error: no article '{args.slug}' in {result.site.root}", file=sys.stderr)
        return 2
    try:
        data = json.loads(args.file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"{args.file}: error: not a JSON file that can be read: {exc}", file=sys.stderr)
        return 1
    existing = {e.id for e in (*article.quotes, *article.notes)}
    outcomes = import_annotations(data, article, existing)
    for outcome in outcomes:
        print(f"{outcome.outcome:9} {outcome.label}" + (f": {outcome.detail}" if outcome.detail else ""))
    added = [o for o in outcomes if o.entry]
    if not added:
        print("nothing to add")
        return 0
    path = article.folder / "context.yml"
    text = append_entries(path, added)
    if args.dry_run:
        print(f"--- {path} would become:\n{text}")
        return 0
    atomic_write(path, text)
    print(f"{path}: added {len(added)} entries; run `python -m generator check` to review them")
    return 0


def append_entries(path: Path, imported) -> str:
    """context.yml with the new quotes and notes appended, its comments and layout kept."""
    yaml = YAML(typ="rt")
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    original = path.read_text("utf-8") if path.exists() else ""
    tree = yaml.load(original) if original.strip() else None
    kept = ""
    if tree is None:  # a file of comments only: keep them above the new entries
        tree, kept = CommentedMap(), original.rstrip("\n") + "\n" if original.strip() else ""
    for item in imported:
        key = "quotes" if item.kind == "quote" else "notes"
        if tree.get(key) is None:
            tree[key] = CommentedSeq()
        tree[key].append(CommentedMap(item.entry))
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return kept + stream.getvalue()


def site_url(mkdocs_yml: Path) -> str | None:
    config = _mkdocs_config(mkdocs_yml)
    return str(config["site_url"]) if isinstance(config, dict) and config.get("site_url") else None


def _mkdocs_config(mkdocs_yml: Path):
    try:
        return YAML(typ="rt").load(mkdocs_yml.read_text("utf-8")) if mkdocs_yml.is_file() else None
    except (YAMLError, UnicodeDecodeError):
        return None


def default_dir(mkdocs_yml: Path) -> Path:
    """The plugin's `dir` option when mkdocs.yml sets one, else `annotations`."""
    config = _mkdocs_config(mkdocs_yml)
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
        # The W3C annotations beside each article have IRIs relative to themselves (no base URL option).
        pages = {**result.pages, **assets(), **result.files}
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
