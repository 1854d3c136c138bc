"""The command line, run as a user runs it: a subprocess in a folder of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SLUG, write_site


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_check_passes_on_a_valid_site(site_dir):
    result = run(site_dir.parent, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok: 1 article(s), 1 quote(s), 1 note(s), 1 people, 1 terms"


def test_check_fails_with_located_messages_and_no_traceback(tmp_path):
    write_site(tmp_path / "annotations", {"speakers.yml": "speakers:\n  - id: ada-lovelace\n    nme: Ada\n"})
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert "annotations/speakers.yml:3:5: error: unknown key 'nme'\n    hint: did you mean 'name'?" in result.stderr
    assert "annotations/speakers.yml:2:5: error: missing required key 'name'" in result.stderr
    assert result.stderr.rstrip().endswith("2 errors in the annotations.")
    assert "Traceback" not in result.stderr


def test_dir_option_and_the_plugin_setting_in_mkdocs_yml(tmp_path):
    write_site(tmp_path / "notes-folder")
    assert run(tmp_path, "check").returncode == 1  # no annotations/ here
    assert run(tmp_path, "check", "--dir", "notes-folder").returncode == 0
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - search\n  - annotations:\n      dir: notes-folder\n"
                                         "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:"
                                         "material.extensions.emoji.twemoji\n")
    assert run(tmp_path, "check").returncode == 0


def test_build_writes_the_pages_for_any_builder(site_dir):
    out = site_dir.parent / "generated"
    result = run(site_dir.parent, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "\n# A sample { #page-title .annotations-page }\n" in (out / "articles" / f"{SLUG}.md").read_text()
    assert (out / "glossary.md").is_file() and (out / "assets/annotations.css").is_file()
    assert run(site_dir.parent, "build", "--out", str(out)).returncode == 0  # replaces its own output
    (out / "articles" / "mine.md").write_text("a person's notes")
    result = run(site_dir.parent, "build", "--out", str(out))
    assert result.returncode == 1
    assert "holds files, folders or links this command did not write (articles/mine.md)" in result.stderr
    assert (out / "articles" / "mine.md").read_text() == "a person's notes"


def test_build_never_writes_into_a_folder_it_did_not_create(site_dir):
    out = site_dir.parent / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("a person's file")
    result = run(site_dir.parent, "build", "--out", str(out))
    assert result.returncode == 1
    assert "was not written by this command" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_build_writes_nothing_when_there_are_errors(tmp_path):
    write_site(tmp_path / "annotations", {f"{SLUG}/article.yml": "title: x\n"})
    result = run(tmp_path, "build", "--out", "generated")
    assert result.returncode == 1
    assert not (tmp_path / "generated").exists()


def test_help_shows_examples(tmp_path):
    result = run(tmp_path, "--help")
    assert "python -m generator check" in result.stdout and "build --out" in result.stdout


def test_atomic_write_keeps_permissions_and_leaves_no_temporary_file(tmp_path):
    from generator.shells.files import atomic_write

    target = tmp_path / "context.yml"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["context.yml"]


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path, monkeypatch):
    import os

    from generator.shells.files import atomic_write

    target = tmp_path / "context.yml"
    target.write_text("old")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    try:
        atomic_write(target, "new")
    except KeyboardInterrupt:
        pass
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["context.yml"]
