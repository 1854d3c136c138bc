"""Hostile paths and arguments: the commands given a file where a folder belongs, a folder under a
file, a symbolic link or a loop, a folder holding someone else's files, an argument that would
inject YAML, or JSON from another tool at its oddest. Each is one line saying what is wrong, an
exit code, no traceback, and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from generator.pipeline import generate
from generator.shells.files import LEFTOVER_MARK
from tests.conftest import REPO, SLUG, command, write_site

CONTEXT = f"{SLUG}/context.yml"


@pytest.fixture
def root(tmp_path) -> Path:
    return write_site(tmp_path / "annotations", {"terms.yml": None})


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- build --out --------------------------------------------------------------------------------------

def test_build_into_a_folder_under_a_file(root, tmp_path, capsys):
    (tmp_path / "afile").write_text("mine")
    code, _, err = command(capsys, "build", "--dir", str(root), "--out", str(tmp_path / "afile" / "out"))
    assert (code, err) == (2, f"error: {tmp_path / 'afile'} is a file where a folder is needed; give another path\n")
    assert (tmp_path / "afile").read_text() == "mine"


def test_build_into_a_file(root, tmp_path, capsys):
    (tmp_path / "afile").write_text("mine")
    code, _, err = command(capsys, "build", "--dir", str(root), "--out", str(tmp_path / "afile"))
    assert (code, err) == (1, f"{tmp_path / 'afile'}: error: exists and is not a folder\n")
    assert (tmp_path / "afile").read_text() == "mine"


def test_build_into_a_symbolic_link(root, tmp_path, capsys):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "mine.txt").write_text("mine")
    os.symlink(tmp_path / "elsewhere", tmp_path / "out")
    code, _, err = command(capsys, "build", "--dir", str(root), "--out", str(tmp_path / "out"))
    assert (code, err) == (1, f"{tmp_path / 'out'}: error: is a symbolic link; give the folder itself\n")
    assert (tmp_path / "elsewhere" / "mine.txt").read_text() == "mine"


@pytest.mark.parametrize("foreign", ["an empty folder", "a symbolic link", "a file", "an empty folder in ours"])
def test_build_never_deletes_what_it_did_not_write(root, tmp_path, capsys, foreign):
    out = tmp_path / "out"
    assert command(capsys, "build", "--dir", str(root), "--out", str(out))[0] == 0
    name = {"an empty folder": "empty", "a symbolic link": "link", "a file": "notes.txt",
            "an empty folder in ours": "articles/empty"}[foreign]
    if foreign == "a symbolic link":
        os.symlink(tmp_path, out / name)
    elif foreign == "a file":
        (out / name).write_text("mine")
    else:
        (out / name).mkdir()
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    code, _, err = command(capsys, "build", "--dir", str(root), "--out", str(out))
    assert (code, err) == (1, f"{out}: error: holds files, folders or links this command did not write ({name}); "
                              "move them out or choose another folder\n")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


def test_a_build_killed_half_way_leaves_what_the_next_one_cleans_up(root, tmp_path, capsys):
    out = tmp_path / "out"
    assert command(capsys, "build", "--dir", str(root), "--out", str(out))[0] == 0
    built = _files(out)
    for leftover in (tmp_path / ".out.staging", tmp_path / ".out.old"):
        (leftover / "articles").mkdir(parents=True)
        (leftover / "articles" / "half.md").write_text("half")
        (leftover / LEFTOVER_MARK).touch()  # as write_folder marks them before anything can be killed
    assert command(capsys, "build", "--dir", str(root), "--out", str(out))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotations", "out"]
    assert _files(out) == built


@pytest.mark.parametrize("name", [".out.staging", ".out.old"])
@pytest.mark.parametrize("what", ["folder", "file", "link"])
def test_a_persons_own_folder_by_a_leftovers_name_is_never_deleted(root, tmp_path, capsys, name, what):
    out, mine = tmp_path / "out", tmp_path / name
    if what == "folder":
        mine.mkdir()
        (mine / "notes.txt").write_text("mine")
    elif what == "file":
        mine.write_text("mine")
    else:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "notes.txt").write_text("mine")
        os.symlink(tmp_path / "elsewhere", mine)
    code, _, err = command(capsys, "build", "--dir", str(root), "--out", str(out))
    assert (code, err) == (2, f"error: {mine} is in the way and was not left by this command (it has no "
                              f"{LEFTOVER_MARK}); move it away or choose another output folder\n")
    assert os.path.lexists(mine) and not out.exists()
    assert (mine / "notes.txt" if what != "file" else mine).read_text() == "mine"


@pytest.mark.parametrize("where", ["annotations/out", "annotations", ".", "annotations/2024-01-02-sample/out"])
def test_build_never_writes_into_or_over_the_annotations_folder(root, tmp_path, capsys, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    before = _files(root)
    code, _, err = command(capsys, "build", "--dir", "annotations", "--out", where)
    what = "is inside" if where.startswith("annotations/") else "holds"
    assert (code, err) == (1, f"{where}: error: {what} the annotations folder annotations; write the pages elsewhere, "
                              "e.g. --out docs/generated\n")
    assert _files(root) == before


def test_build_refuses_a_large_foreign_folder_without_reading_it_through(root, tmp_path, capsys, monkeypatch):
    """`--out /` once walked the whole file system (58 s) before refusing; `/` holds the annotations, so `/usr`."""
    walked = []
    monkeypatch.setattr(os, "walk", lambda *a, **k: walked.append(a) or iter(()))
    code, _, err = command(capsys, "build", "--dir", str(root), "--out", "/usr")
    assert (code, err) == (1, "/usr: error: is not empty and was not written by this command; choose an empty or new "
                              "folder\n")
    assert walked == []


def test_two_builds_into_one_folder_take_turns(root, tmp_path):
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, "-m", "generator", "build", "--dir", str(root), "--out", str(out)],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=60) + (run.returncode,) for run in runs]
    assert [code for _, _, code in results] == [0, 0], results
    assert (out / ".generator-output").is_file() and (out / "articles" / f"{SLUG}.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annotations", "out"]


# --- new, schema, export, fmt, import: their paths and arguments ---------------------------------------

NEW_REFUSALS = {
    "a date that injects a key": (["--date", "2024-01-01\nsummary: injected"],
                                  "error: --date '2024-01-01\\nsummary: injected': write the publication date as "
                                  "YYYY-MM-DD, e.g. 2023-08-16"),
    "a date that does not exist": (["--date", "2024-02-30"],
                                   "error: --date '2024-02-30': write the publication date as YYYY-MM-DD, e.g. 2023-08-16"),
    "a title that injects a key": (["--title", "A\nsummary: injected"],
                                   "error: --title 'A\\nsummary: injected': must be one line (a title or a name is "
                                   "shown on one line)"),
    "a title with an escape sequence": (["--title", "A\x1b[2J"],
                                        "error: --title 'A\\x1b[2J': control character U+001B is not allowed in a "
                                        "text (write it out, or remove it)"),
    "a slug that is too long": (["--slug", "a" * 101], f"error: invalid slug '{'a' * 101}': lower-case letters, digits "
                                "and single hyphens, at most 100 of them, e.g. 'jens-stoltenberg', and not 'index'"),
    "a slug that climbs out": (["--slug", "../escape"], "error: invalid slug '../escape': lower-case letters, digits "
                               "and single hyphens, at most 100 of them, e.g. 'jens-stoltenberg', and not 'index'"),
}


@pytest.mark.parametrize("name", sorted(NEW_REFUSALS))
def test_new_refuses_what_would_make_a_broken_article(root, tmp_path, capsys, name):
    arguments, message = NEW_REFUSALS[name]
    (tmp_path / "text.txt").write_text("A text.\n")
    before = sorted(p.name for p in root.iterdir())
    slug = [] if "--slug" in arguments else ["--slug", "2024-03-03-new"]
    code, _, err = command(capsys, "new", str(tmp_path / "text.txt"), "--dir", str(root), *slug, *arguments)
    assert (code, err.strip()) == (1, message)
    assert sorted(p.name for p in root.iterdir()) == before


def test_new_into_a_file(tmp_path, capsys):
    (tmp_path / "text.txt").write_text("A text.\n")
    (tmp_path / "afile").write_text("mine")
    code, _, err = command(capsys, "new", str(tmp_path / "text.txt"), "--dir", str(tmp_path / "afile"),
                           "--slug", "2024-03-03-new")
    assert (code, err) == (2, f"error: {tmp_path / 'afile'} is a file where a folder is needed; give another path\n")


def test_schema_into_a_file(tmp_path, capsys):
    (tmp_path / "afile").write_text("mine")
    code, _, err = command(capsys, "schema", "--dir", str(tmp_path / "afile"))
    assert (code, err) == (2, f"error: {tmp_path / 'afile'} is a file where a folder is needed; give another path\n")


@pytest.mark.parametrize("under", [False, True])
def test_export_into_a_file(root, tmp_path, capsys, under):
    (tmp_path / "afile").write_text("mine")
    out = tmp_path / "afile" / "x" if under else tmp_path / "afile"
    code, _, err = command(capsys, "export", "--dir", str(root), "--out", str(out), "--base-url", "https://example.org/")
    assert (code, err.splitlines()[-1]) == (2, f"error: {tmp_path / 'afile'} is a file where a folder is needed; "
                                               "give another path")
    assert (tmp_path / "afile").read_text() == "mine"


@pytest.mark.parametrize("value", ["-3", "two", "1.5", ""])
def test_jobs_is_a_number_of_processes(root, capsys, value):
    with pytest.raises(SystemExit) as exit:
        command(capsys, "check", "--dir", str(root), "--jobs", value)
    assert exit.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"python -m generator check: error: argument --jobs: must be 0 (one per core) or a number of processes, "
        f"not {value!r}")


@pytest.mark.parametrize("value", [-3, True])
def test_the_plugin_refuses_a_negative_number_of_processes(value):
    from generator.shells.mkdocs_plugin.config import AnnotationsConfig

    config = AnnotationsConfig()
    config.load_dict({"jobs": value})
    [(key, error)] = config.validate()[0]
    assert key == "jobs" and str(error).startswith("must be 0 (one process per core) or a number of processes")


def test_the_plugin_refuses_an_edit_link_with_an_unknown_field():
    from generator.shells.mkdocs_plugin.config import AnnotationsConfig

    config = AnnotationsConfig()
    config.load_dict({"edit_url": "https://example.org/{token}"})
    [(key, error)] = config.validate()[0]
    assert (key, str(error)) == ("edit_url", "'https://example.org/{token}': unknown field {token}: it may use {path} "
                                             "and {line} only")


def test_fmt_and_check_without_an_annotations_folder(tmp_path, capsys):
    assert command(capsys, "fmt", "--dir", str(tmp_path / "nowhere")) == (
        2, "", f"error: no annotations folder at {tmp_path / 'nowhere'}\n")
    code, _, err = command(capsys, "check", "--dir", str(tmp_path / "nowhere"))
    assert (code, err.splitlines()[0]) == (1, f"{tmp_path / 'nowhere'}:1:1: error: annotations folder not found")


IMPORTS = {
    # name: (JSON as bytes, the exit code, the first line printed)
    "a selector's text that is a number": (
        b'{"type":"Annotation","body":"x","target":{"selector":{"type":"TextQuoteSelector","exact":5}}}',
        0, "orphaned  annotation 1: no TextQuoteSelector with an exact text"),
    "a prefix that is a number": (
        b'{"rows":[{"id":"h1","text":"x","target":[{"selector":[{"type":"TextQuoteSelector","exact":"weaves patterns",'
        b'"prefix":3}]}]}]}', 0, "anchored  h1: exact (exact, confidence 1.00)"),
    "positions that are not numbers": (
        b'{"type":"Annotation","body":"x","target":{"selector":[{"type":"TextPositionSelector","start":"a","end":null},'
        b'{"type":"TextQuoteSelector","exact":"weaves patterns"}]}}', 0, "anchored  annotation 1: exact (exact, "
                                                                         "confidence 1.00)"),
    "a body whose text is a mapping": (
        b'{"type":"Annotation","body":[5,{"type":"TextualBody","value":{"a":1}}],"target":{"selector":'
        b'{"type":"TextQuoteSelector","exact":"weaves patterns"}}}', 0, "anchored  annotation 1: exact (exact, "
                                                                         "confidence 1.00)"),
    "a note with an escape sequence": (
        b'{"type":"Annotation","body":{"type":"TextualBody","value":"x\\u001b[31m"},"target":{"selector":'
        b'{"type":"TextQuoteSelector","exact":"weaves patterns"}}}', 0,
        "refused   annotation 1: 'note': control character U+001B is not allowed in a text (write it out, or remove it)"),
    "a source whose title is two lines": (
        b'{"type":"Annotation","body":[{"type":"TextualBody","value":"x"},{"id":"https://example.org/a",'
        b'"dcterms:title":"a\\nb"}],"target":{"selector":{"type":"TextQuoteSelector","exact":"weaves patterns"}}}', 0,
        "refused   annotation 1: 'sources[1].title': must be one line (a title or a name is shown on one line)"),
    "a number": (b"5", 0, "nothing to add"),
    "rows that are numbers": (b'{"rows": [1, 2]}', 0, "nothing to add"),
    "annotations nested 100,000 deep": (b"[" * 100_000 + b"]" * 100_000, 1,
                                        "error: not a JSON file that can be read: depth limit exceeded: line 1 "
                                        "column 1026 (char 1025)"),
    "a list nested 10 deep": (b"[" * 10 + orjson.dumps({"type": "Annotation", "body": "x", "target": {"selector": {
        "type": "TextQuoteSelector", "exact": "weaves patterns"}}}) + b"]" * 10, 0, "nothing to add"),
    "not UTF-8": (b'{"text": "caf\xe9"}', 1, "error: not a JSON file that can be read: str is not valid UTF-8: "
                                               "surrogates not allowed: line 1 column 1 (char 0)"),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_import_takes_any_json_without_a_traceback(root, tmp_path, capsys, name):
    data, code, first = IMPORTS[name]
    (tmp_path / "in.json").write_bytes(data)
    before = (root / CONTEXT).read_bytes()
    result, out, err = command(capsys, "import", str(tmp_path / "in.json"), SLUG, "--dir", str(root), "--dry-run")
    assert result == code, err
    printed = (out + err).splitlines()[0].replace(f"{tmp_path / 'in.json'}: ", "")
    assert printed == first
    assert (root / CONTEXT).read_bytes() == before


# --- symbolic links in the annotations folder -----------------------------------------------------------

@pytest.mark.parametrize("target", ["file", "folder"])
def test_symbolic_links_out_of_the_folder_are_refused(tmp_path, target):
    root = write_site(tmp_path / "annotations")
    secret = tmp_path / "secret"
    if target == "file":
        secret.write_text("speakers: []\n")
        (root / "speakers.yml").unlink()
        os.symlink(secret, root / "speakers.yml")
        link = root / "speakers.yml"
    else:
        secret.mkdir()
        link = root / "2024-05-05-linked"
        os.symlink(secret, link)
    result = generate(root)
    assert [(p.message, p.origin.path) for p in result.problems] == [
        ("symbolic link leads outside the annotations folder", link)]


def test_a_symbolic_link_inside_the_folder_is_fine(tmp_path):
    root = write_site(tmp_path / "annotations")
    (root / "shared-terms.yml").write_text((root / "terms.yml").read_text())
    (root / "terms.yml").unlink()
    os.symlink(root / "shared-terms.yml", root / "terms.yml")
    assert generate(root).ok



@pytest.mark.parametrize("kind", ["a loop", "a missing file"])
def test_a_symbolic_link_that_leads_nowhere_is_refused(tmp_path, kind):
    root = write_site(tmp_path / "annotations")
    if kind == "a loop":
        os.symlink(root / "b", root / "a")
        os.symlink(root / "a", root / "b")
        links = [root / "a", root / "b"]
    else:
        os.symlink(root / "gone.yml", root / "a")
        links = [root / "a"]
    assert [(p.origin.path, p.message) for p in generate(root).problems] == [
        (link, "symbolic link leads nowhere (a loop, or a missing file)") for link in links]
