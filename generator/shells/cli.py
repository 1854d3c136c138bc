"""The command line: `python -m generator COMMAND`. Each command parses its arguments, calls the
pipeline and the rewrites, writes what they return, and gives an exit code: 0 done, 1 problems
found, 2 a command that cannot run as asked."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import orjson
import yaml as pyyaml
from filelock import Timeout
from ruamel.yaml.error import YAMLError

from ..check.reviews import article_reviews, due_for_review
from ..check.suggest import report, suggest
from ..edit.importing import ContextTooLarge, context_with, import_annotations
from ..edit.new import metadata_refusal, new_article_files, slug_refusal
from ..edit.rewrites import with_fixes
from ..edit.style import SCHEMA_FOLDER, Unsafe, formatted
from ..export.search import BUNDLE_FOLDER, SearchIndexFailed, site_pages, write_search_index
from ..export.w3c import encoded, export_collection
from ..find.resolve import resolve
from ..model import Options, Origin, Problem, SiteSettings, folder_prefix
from ..pipeline import Result, check, check_problems, finished_site, generate, shown_entries
from ..read.files import article_folders
from ..read.load import read_source
from ..read.yaml_tree import read_yaml
from ..render.reference import format_reference
from ..schema import NoteEntry, QuoteEntry, json_schemas
from .cache import ArticleCache, default_folder, drawn_cards
from .files import (
    OUTPUT_MARKER,
    ForeignLeftover,
    PendingRefused,
    atomic_write,
    finish_pending,
    output_lock,
    output_refusal,
    write_folder,
    write_together,
)
from .mkdocs_yml import default_dir, site_settings
from .report import as_json, for_terminal, format_github, format_problems
from .runners import ProcessPool, cycle_collection_paused

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
    args = _parser().parse_args(argv)
    try:
        if args.command not in ("anchor", "reference", "search-index"):
            args.dir = args.dir or default_dir(Path("mkdocs.yml"))
            if args.dir.is_dir():
                for path in finish_pending(args.dir):
                    say(f"{path}: finished the rewrite an interrupted run had begun")
        return COMMANDS[args.command](args)
    except OSError as exc:  # a path that is a file, a folder, a link loop or unwritable: said, not a traceback
        say(f"error: {_path_error(exc)}", err=True)
        return 2
    except ForeignLeftover as exc:  # someone's own folder by the name of a leftover: never deleted
        say(f"error: {exc}", err=True)
        return 2
    except PendingRefused as refused:  # a planted or damaged staging folder: nothing moved, and said how to go on
        say(format_problems([refused.problem]), err=True)
        return 2
    except Timeout as exc:
        say(f"error: {exc.lock_file} is held by another run writing the same folder; try again once it has "
            "finished", err=True)
        return 2


def _path_error(exc: OSError) -> str:
    if exc.filename is None:
        return str(exc.strerror or exc)
    path = Path(exc.filename)
    blocking = next((p for p in (path, *path.parents) if p.is_file()), None)
    if isinstance(exc, FileExistsError | NotADirectoryError) and blocking:
        return f"{blocking} is a file where a folder is needed; give another path"
    return f"{exc.filename}: {exc.strerror}"


def say(text: str, err: bool = False) -> None:
    """Print for a person: whatever a file's name or value holds, nothing reaches the terminal as
    a control sequence."""
    print(for_terminal(text), file=sys.stderr if err else sys.stdout)


def _parser() -> argparse.ArgumentParser:
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
    build.add_argument("--base-url", help="the site's URL, for the Atom feed (default: site_url in mkdocs.yml; "
                       "without one, no feed)")
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
    reference = commands.add_parser("reference", help="write the format reference page, from the validator's models",
                                    epilog="example: python -m generator reference --out docs/format-reference.md")
    reference.add_argument("--out", type=Path, default=Path("docs/format-reference.md"),
                           help="the page to write (default: docs/format-reference.md)")
    reference.add_argument("--check", action="store_true", help="change nothing; exit 1 if the page is out of date")
    search_index = commands.add_parser("search-index", help="write a Pagefind search index of a built site (the "
                                       "plugin's `search: pagefind` does it in `mkdocs build`; this, after any builder)",
                                       epilog="example: python -m generator search-index site/ --exclude 'manual/*'")
    search_index.add_argument("site", type=Path, help="the built site's folder")
    search_index.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                              help="leave out the pages whose path in the site matches (repeatable), e.g. 'manual/*'")
    for command in (check, build, export, importer, new, fmt, schema, suggester):
        command.add_argument("--dir", type=Path, default=None,
                             help="the annotations folder (default: the plugin's 'dir' in mkdocs.yml, else annotations)")
    for command in (check, build, export):
        command.add_argument("--link-mentions", choices=("first", "every"), default="first",
                             help="link the first mention of each person or term in an article, or every one")
        command.add_argument("--jobs", type=_processes, default=0, help="processes to share articles among (default: one "
                             "per core)")
        command.add_argument("--no-cache", dest="cache", action="store_false",
                             help="do every article again, rather than reuse what earlier runs found for unchanged ones")
    return parser


def _processes(value: str) -> int:
    """--jobs: 0 for one process per core, or how many."""
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"must be 0 (one per core) or a number of processes, not {value!r}")
    return int(value)


def _settings(args) -> SiteSettings:
    """The site's settings as the plugin reads them, from ./mkdocs.yml, and the command's own
    --base-url and --no-directory-urls over them."""
    settings = site_settings(Path("mkdocs.yml"))
    if getattr(args, "base_url", None):
        settings = replace(settings, site_url=args.base_url)
    if getattr(args, "directory_urls", True) is False:
        settings = replace(settings, use_directory_urls=False)
    return settings


def _options(args) -> Options:
    return _settings(args).options(today=dt.date.today())


def _run(args, run: Callable[..., Result] = check) -> Result:
    """The pipeline as the command asks for it (`check`, `check_problems` or `generate`): on every core,
    with the article cache unless --no-cache."""
    runner = ProcessPool(getattr(args, "jobs", 0))
    cache = ArticleCache(default_folder(args.dir)) if getattr(args, "cache", False) else None
    with cycle_collection_paused(until_exit=True):  # a command's results live until it exits
        return run(args.dir, _options(args), runner, cache)


def run_check(args) -> int:
    result = _run(args, check_problems)
    fixes = [p.fix for p in result.problems if p.fix]
    if args.fix and fixes:
        for line in apply_fixes(result, args.dir):
            say(line)
        result = _run(args, check_problems)
    failed = not result.ok or (args.strict and bool(result.problems))
    if args.format == "json":
        print(json.dumps({"ok": not failed, "problems": as_json(result.problems)}, ensure_ascii=False, indent=2))
    elif args.format == "github":
        if result.problems:
            print(format_github(result.problems))
    else:
        if result.problems:
            say(format_problems(result.problems), err=True)
        if result.ok:
            say(_summary(result))
    return 1 if failed else 0


def apply_fixes(result: Result, root: Path) -> list[str]:
    """Rewrite the confident re-anchorings into each context.yml, and record them in article.yml."""
    done = []
    by_file: dict[Path, list] = {}
    for problem in result.problems:
        if problem.fix:
            by_file.setdefault(problem.origin.path, []).append(problem)
    rewritten: dict[Path, str] = {}
    for path, problems in by_file.items():
        article_file = path.parent / "article.yml"
        try:
            context_text, article_text = with_fixes(path.read_text("utf-8"), article_file.read_text("utf-8"),
                                                    [p.fix for p in problems], dt.date.today())
        except REWRITE_ERRORS as exc:
            done.append(f"{path}: not fixed: {_why(exc)}")
            continue
        rewritten |= {path: context_text, article_file: article_text}
        done += [f"fixed {p.origin}: “{p.fix.old}” -> “{p.fix.new}” ({p.fix.confidence:.2f})" for p in problems]
    if rewritten:  # a passage re-anchored and its correction recorded: both, or neither
        write_together(root, rewritten)
    return done


def _failed(result: Result) -> bool:
    """Whether problems stop a command other than `check` (they are printed either way)."""
    if result.problems:
        say(format_problems(result.problems), err=True)
    return not result.ok


def run_build(args) -> int:
    out, annotations = args.out.resolve(), args.dir.resolve()
    if out.is_relative_to(annotations) or annotations.is_relative_to(out):
        say(f"{args.out}: error: {'is inside' if out != annotations and out.is_relative_to(annotations) else 'holds'} "
            f"the annotations folder {args.dir}; write the pages elsewhere, e.g. --out docs/generated", err=True)
        return 1
    result = _run(args, generate)
    if _failed(result):
        return 1
    settings = _settings(args)
    site = finished_site(result, settings, settings.options(today=dt.date.today()), standalone=True)
    cards = drawn_cards(site.cards, default_folder(args.dir) if getattr(args, "cache", False) else None)
    return write_output({**site.files, **cards}, args.out)


def run_suggest(args) -> int:
    result = _run(args)
    item = next((a for a in result.annotated if a.article.slug == args.slug), None)
    if item is None:
        say(f"error: no article '{args.slug}' in {args.dir}", err=True)
        return 2
    options = _options(args)
    due = due_for_review(article_reviews(item, result.site.all_speakers(), result.site.all_terms()),
                         options.today, options.review_after)
    say(report(suggest(item, due), args.slug))
    return 0


def run_new(args) -> int:
    refusal = slug_refusal(args.slug) or metadata_refusal(args.title, args.date)
    folder = args.dir / args.slug
    if refusal is None and folder.exists():
        refusal = f"{folder} already exists; choose another slug (nothing was changed)"
    if refusal is None:
        try:
            files = new_article_files(args.source.read_bytes(), args.title, args.date)
        except OSError as exc:
            refusal = f"cannot read {args.source}: {exc.strerror}"
    if refusal:
        say(f"error: {refusal}", err=True)
        return 1
    write_folder(folder, files)
    write_schemas(args.dir)
    say(f"created {folder}/ (source.txt, article.yml, context.yml); next: fill in article.yml, then run "
          f"python -m generator suggest {args.slug}")
    return 0


def annotation_files(root: Path) -> list[tuple[Path, str]]:
    """Every annotation YAML file below root, with its kind (speakers, terms, article, context)."""
    files = [(root / f"{kind}.yml", kind) for kind in ("speakers", "terms")]
    for folder in article_folders(root):
        files += [(folder / f"{kind}.yml", kind) for kind in ("article", "context", "speakers", "terms")]
    return [(path, kind) for path, kind in files if path.is_file() and not path.is_symlink()]


def run_fmt(args) -> int:
    root = args.dir
    if not root.is_dir():
        say(f"error: no annotations folder at {root}", err=True)
        return 2
    changed: dict[Path, str] = {}
    for path, kind in annotation_files(root):
        problems: list[Problem] = []
        if read_yaml(path, problems) is None or problems:  # what check would refuse, located as check does
            say(format_problems(problems or [Problem(Origin(path), "empty file", "write its entries, or delete it")]),
                  err=True)
            return 1
        text = path.read_text("utf-8")
        try:
            new_text = formatted(text, kind, path.parent != root)
        except REWRITE_ERRORS as exc:
            say(f"{path}: error: cannot format it: {_why(exc)}", err=True)
            return 1
        if new_text != text:
            changed[path] = new_text
    schemas = {} if args.check else changed_schemas(root)
    if not args.check:  # every file reformatted, or (killed before the decision) none
        write_together(root, {**changed, **schemas})
    for path in changed:
        say(f"{'would reformat' if args.check else 'reformatted'} {path}")
    for path in schemas:
        say(f"wrote {path}")
    if args.check and changed:
        say("run `python -m generator fmt` to fix the style", err=True)
        return 1
    return 0


def changed_schemas(root: Path) -> dict[Path, str]:
    """The JSON Schemas of the annotation files that root/.schemas/ lacks or holds otherwise (the
    folder is made, so that they can be moved into it)."""
    folder = root / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    texts = {folder / f"{kind}.schema.json": json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
             for kind, schema in json_schemas().items()}
    return {path: text for path, text in texts.items() if not path.is_file() or path.read_text("utf-8") != text}


def write_schemas(root: Path) -> list[Path]:
    """The JSON Schemas of the annotation files, in root/.schemas/, where they changed."""
    schemas = changed_schemas(root)
    write_together(root, schemas)
    return list(schemas)


def run_schema(args) -> int:
    for path in write_schemas(args.dir):
        say(f"wrote {path}")
    return 0


def run_search_index(args) -> int:
    """Pagefind's index of a built site, in the folder the plugin's `prefix` names (from ./mkdocs.yml)."""
    if not args.site.is_dir():
        say(f"error: {args.site} is not a folder; give the folder a builder wrote the site in", err=True)
        return 2
    folder = folder_prefix(_settings(args).prefix).rstrip("/")
    pages = site_pages(args.site, args.exclude)
    if not pages:
        say(f"error: {args.site} holds no HTML page to index; build the site first", err=True)
        return 2
    try:
        count = write_search_index(args.site, pages, folder)
    except SearchIndexFailed as failed:
        say(f"error: {failed}", err=True)
        return 2
    say(f"indexed {count} pages into {args.site / folder / BUNDLE_FOLDER}")
    return 0


def run_reference(args) -> int:
    text = format_reference()
    current = args.out.read_text("utf-8") if args.out.is_file() else None
    if args.check:
        if current != text:
            say(f"{args.out}: out of date; run `python -m generator reference --out {args.out}`", err=True)
            return 1
        return 0
    if current != text:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(args.out, text)
        say(f"wrote {args.out}")
    return 0


def run_anchor(args) -> int:
    problems: list = []
    text = read_source(args.text, problems)
    if text is None:
        say(format_problems(problems), err=True)
        return 1
    if not args.exact:
        say("error: --exact must not be empty", err=True)
        return 2
    found = resolve(text, args.exact, args.prefix, args.suffix, args.start, args.end)
    print(json.dumps(found.to_json(), ensure_ascii=False, indent=2))
    return 0 if found.anchored else 1


def run_export(args) -> int:
    base = _options(args).base_url
    if not base:
        say("error: the exported annotations need the site's URL: pass --base-url or set site_url in mkdocs.yml",
              err=True)
        return 2
    result = _run(args)
    if _failed(result):
        return 1
    articles = {a.article.slug: a for a in result.annotated}
    unknown = [slug for slug in args.slugs if slug not in articles]
    if unknown:
        say(f"error: no article '{unknown[0]}' (articles: {', '.join(sorted(articles))})", err=True)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for slug in args.slugs or sorted(articles):
        target = args.out / f"{slug}.jsonld"
        collection = export_collection(articles[slug], result.site, base, _options(args))
        atomic_write(target, encoded(collection))
        say(f"{target}: {collection['total']} annotations")
    return 0


def run_import(args) -> int:
    result = _run(args)
    if _failed(result):
        return 1
    article = next((a for a in result.site.articles if a.slug == args.slug), None) if result.site else None
    if article is None:
        say(f"error: no article '{args.slug}' in {args.dir}", err=True)
        return 2
    try:  # orjson: UTF-8 only, and nested at most 1,024 deep
        data = orjson.loads(args.file.read_bytes())
    except orjson.JSONDecodeError as exc:
        say(f"{args.file}: error: not a JSON file that can be read: {exc}", err=True)
        return 1
    entries: list[QuoteEntry | NoteEntry] = [*article.quotes, *article.notes]
    people = {*result.site.all_speakers(), *(s.id for s in article.speakers)}
    outcomes = import_annotations(data, article, entries, people)
    for outcome in outcomes:
        say(f"{outcome.outcome:9} {outcome.label}" + (f": {outcome.detail}" if outcome.detail else ""))
    added = [(o.kind, o.entry) for o in outcomes if o.entry]
    if not added:
        say("nothing to add")
        return 0
    path = article.folder / "context.yml"
    try:
        text = context_with(path.read_text("utf-8") if path.exists() else "", added)
    except ContextTooLarge as exc:
        say(f"{path}: error: with these {len(added):,} entries {exc}; nothing was written: import fewer "
            "annotations (split the file), or move the article's notes into a smaller set", err=True)
        return 1
    except REWRITE_ERRORS as exc:
        say(f"{path}: error: cannot add the entries: {_why(exc)}", err=True)
        return 1
    if args.dry_run:
        say(f"--- {path} would become:\n{text}")
        return 0
    write_together(args.dir, {path: text})
    say(f"{path}: added {len(added)} entries; run `python -m generator check` to review them")
    return 0


REWRITE_ERRORS = (YAMLError, pyyaml.YAMLError, Unsafe)
"""Why a file cannot be rewritten: YAML that one of the two readers refuses, or a rewrite that
would change its meaning."""


def _why(exc: Exception) -> str:
    if isinstance(exc, Unsafe):
        return str(exc)
    return f"it has a YAML error ({' '.join(str(exc).split())}); run check"


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": run_check, "build": run_build, "anchor": run_anchor, "export": run_export, "import": run_import,
    "new": run_new, "fmt": run_fmt, "suggest": run_suggest, "schema": run_schema, "reference": run_reference,
    "search-index": run_search_index,
}


def _summary(result: Result) -> str:
    """What was checked, as published (drafts left out), counted from each article's facts."""
    facts = result.facts
    passages = Counter(p.kind for a in facts for p in a.passages if not p.draft)
    people, terms = shown_entries(result.site, facts)
    return (f"ok: {len(facts)} article(s), {passages['quote']} quote(s), {passages['note']} note(s), "
            f"{len(people)} people, {len(terms)} terms")


def write_output(pages: dict[str, str | bytes], out: Path) -> int:
    """Write the pages into a fresh folder, then swap it in: never a half-written output.

    `out` must be new, empty, or an earlier build's output holding only the files that build
    wrote (its marker lists them): a file someone else put there is never deleted.
    """
    with output_lock(out):  # a second build into the same folder waits for this one
        refusal = output_refusal(out)
        if refusal:
            say(f"{out}: error: {refusal}", err=True)
            return 1
        # The W3C annotations beside each article have IRIs relative to themselves (no base URL option).
        write_folder(out, {**pages, OUTPUT_MARKER: "\n".join(sorted(pages)) + "\n"})
    say(f"wrote {len(pages)} files to {out}")
    return 0
