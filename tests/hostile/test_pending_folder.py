"""A planted or damaged `.pending-rewrite/` folder: a pull request can carry one, and a crash can
leave one half-made. Only what `write_together` stages is ever moved (files it numbered inside the
folder, onto annotation files inside the annotations folder, listed as it lists them); anything
else is refused at its place in `targets.json`, saying to delete the folder, and no file moves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.shells.files import PENDING, PendingRefused, finish_pending, write_together
from tests.conftest import SLUG, command, write_site

SECRET = "[remote]\n\ttoken = s3cret\n"
HINT = "    hint: delete the folder {pending} (it holds only an interrupted rewrite's copies), then run the command again"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A checkout: annotations/ and, beside it, a file no rewrite may ever touch."""
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path / "annotations")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(SECRET)
    return tmp_path


def _plant(project: Path, targets: str | bytes | None, staged: dict[str, str] | None = None) -> Path:
    pending = project / "annotations" / PENDING
    pending.mkdir()
    for name, text in (staged if staged is not None else {"0": "leaked: yes\n"}).items():
        (pending / name).write_text(text)
    if targets is not None:
        (pending / "targets.json").write_bytes(targets.encode() if isinstance(targets, str) else targets)
    return pending


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


# (targets.json, the column of the message, what it says)
REFUSED = {
    "a source outside, relative": (json.dumps({"../../.git/config": f"{SLUG}/source.txt"}), 1,
                                   "targets.json names staged files other than 0, 1, 2 … in order"),
    "a source outside, absolute": (json.dumps({"/etc/hostname": f"{SLUG}/context.yml"}), 1,
                                   "targets.json names staged files other than 0, 1, 2 … in order"),
    "a source by another name": ('{"x": "terms.yml"}', 1, "targets.json names staged files other than 0, 1, 2 … in order"),
    "numbers out of order": ('{"1": "terms.yml", "0": "speakers.yml"}', 1,
                             "targets.json names staged files other than 0, 1, 2 … in order"),
    "a number written otherwise": ('{"00": "terms.yml"}', 1,
                                   "targets.json names staged files other than 0, 1, 2 … in order"),
    "a target outside": ('{"0": "../outside.yml"}', 7, "'../outside.yml' is not a path inside the annotations folder"),
    "a target far outside": ('{"0": "../../../../../../tmp/x.yml"}', 7,
                             "'../../../../../../tmp/x.yml' is not a path inside the annotations folder"),
    "an absolute target": ('{"0": "/tmp/x.yml"}', 7, "'/tmp/x.yml' is not a path inside the annotations folder"),
    "a target that climbs back": (json.dumps({"0": f"{SLUG}/../terms.yml"}), 7,
                                  f"'{SLUG}/../terms.yml' is not a path inside the annotations folder"),
    "a target with a dot": ('{"0": "./terms.yml"}', 7, "'./terms.yml' is not a path inside the annotations folder"),
    "a target with an empty step": (json.dumps({"0": f"{SLUG}//context.yml"}), 7,
                                    f"'{SLUG}//context.yml' is not a path inside the annotations folder"),
    "an empty target": ('{"0": ""}', 7, "'' is not a path inside the annotations folder"),
    "a backslash target": ('{"0": "..\\\\terms.yml"}', 7, "'..\\\\terms.yml' is not a path inside the annotations folder"),
    "a NUL in a target": ('{"0": "terms.yml\\u0000.txt"}', 7,
                          "'terms.yml\\x00.txt' is not a path inside the annotations folder"),
    "a source text as target": (json.dumps({"0": f"{SLUG}/source.txt"}), 7,
                                f"'{SLUG}/source.txt' is not an annotation file (.yml) or one of its schemas"),
    "a script as target": ('{"0": "hooks.py"}', 7, "'hooks.py' is not an annotation file (.yml) or one of its schemas"),
    "a schema outside its folder": ('{"0": "x.schema.json"}', 7,
                                    "'x.schema.json' is not an annotation file (.yml) or one of its schemas"),
    "the staging folder itself": ('{"0": ".pending-rewrite/targets.yml"}', 7,
                                  "'.pending-rewrite/targets.yml' is inside the staging folder itself"),
    "a target in no folder": ('{"0": "nowhere/context.yml"}', 7,
                              "'nowhere/context.yml' is not in a folder inside the annotations folder"),
    "a list": ('["terms.yml"]', 1, "targets.json is not an object of file names"),
    "a number as target": ('{"0": 7}', 1, "targets.json is not an object of file names"),
    "a nested object": ('{"0": {"path": "terms.yml"}}', 1, "targets.json is not an object of file names"),
    "null": ("null", 1, "targets.json is not an object of file names"),
    "cut short": ('{"0": "terms.y', 7, "targets.json is not the JSON this tool writes (Unterminated string starting at)"),
    "empty": ("", 1, "targets.json is not the JSON this tool writes (Expecting value)"),
    "not JSON at all": ("rm -rf /", 1, "targets.json is not the JSON this tool writes (Expecting value)"),
    "two values": ('{"0": "terms.yml"} {}', 20, "targets.json is not the JSON this tool writes (Extra data)"),
    "not UTF-8": (b'{"0": "terms\xff.yml"}', 1, "targets.json is not UTF-8"),
    "nested 100,000 deep": ("[" * 100_000 + "]" * 100_000, 1, "targets.json is not the JSON this tool writes (nested too deep)"),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_planted_list_is_refused_where_it_goes_wrong_and_nothing_moves(project, capsys, name):
    targets, column, message = REFUSED[name]
    pending = _plant(project, targets)
    before = _snapshot(project)
    code, out, err = command(capsys, "check", "--dir", "annotations")
    assert code == 2 and out == ""
    assert err == (f"annotations/{PENDING}/targets.json:1:{column}: error: {message}; this tool did not write it, "
                   f"so no file was moved\n{HINT.format(pending=f'annotations/{PENDING}')}\n1 error in the annotations.\n")
    assert _snapshot(project) == before and pending.is_dir()


def test_every_command_refuses_it_the_same_way(project, capsys):
    _plant(project, json.dumps({"../../.git/config": f"{SLUG}/source.txt"}))
    before = _snapshot(project)
    for args in (["fmt"], ["fmt", "--check"], ["check", "--fix"], ["schema"], ["build", "--out", "out"],
                 ["export", "--out", "export"], ["suggest", SLUG]):
        code, _, err = command(capsys, *args, "--dir", "annotations")
        assert code == 2 and "no file was moved" in err, args
    assert _snapshot(project) == before and not (project / "out").exists()


def test_the_plugin_stops_the_build_with_the_same_message(project, caplog):
    from tests.test_plugin import adopters_site, build_in_process

    _plant(project, '{"0": "../../.git/config"}')
    site = adopters_site(project / "site", project / "annotations")
    with pytest.raises(Abort):
        build_in_process(site)
    assert ("targets.json:1:7: error: '../../.git/config' is not a path inside the annotations folder; this tool "
            "did not write it, so no file was moved") in caplog.text
    assert (project / ".git" / "config").read_text() == SECRET
    assert not (site / "site" / "index.html").exists()


@pytest.mark.parametrize("what", ["a link to a secret", "a link to a folder", "a folder"])
def test_a_staged_file_that_is_not_a_plain_file_is_refused(project, capsys, what):
    pending = _plant(project, json.dumps({"0": f"{SLUG}/context.yml"}), staged={})
    if what == "a folder":
        (pending / "0").mkdir()
    else:
        os.symlink(project / ".git" / ("config" if what == "a link to a secret" else ""), pending / "0")
    context = (project / "annotations" / SLUG / "context.yml").read_bytes()
    code, _, err = command(capsys, "check", "--dir", "annotations")
    assert code == 2 and "error: staged file 0 is not a plain file;" in err
    assert (project / "annotations" / SLUG / "context.yml").read_bytes() == context
    assert (project / ".git" / "config").read_text() == SECRET


@pytest.mark.parametrize("what", ["a folder", "a link to a secret", "a link to nowhere"])
def test_a_target_that_is_not_a_file_is_refused(project, capsys, what):
    target = project / "annotations" / SLUG / "extra.yml"
    if what == "a folder":
        target.mkdir()
        (target / "mine.txt").write_text("mine")
    else:
        os.symlink(project / ".git" / ("config" if what == "a link to a secret" else "missing"), target)
    _plant(project, json.dumps({"0": f"{SLUG}/extra.yml"}))
    code, _, err = command(capsys, "check", "--dir", "annotations")
    assert code == 2 and f"error: '{SLUG}/extra.yml' is a folder or a link, not a file;" in err
    assert (project / ".git" / "config").read_text() == SECRET
    assert what != "a folder" or (target / "mine.txt").read_text() == "mine"


def test_a_target_in_a_folder_linked_from_outside_is_refused(project, capsys):
    (project / "elsewhere").mkdir()
    os.symlink(project / "elsewhere", project / "annotations" / "linked")
    _plant(project, '{"0": "linked/x.yml"}')
    code, _, err = command(capsys, "check", "--dir", "annotations")
    assert code == 2 and "'linked/x.yml' is not in a folder inside the annotations folder" in err
    assert list((project / "elsewhere").iterdir()) == []


@pytest.mark.parametrize("what", ["a folder", "a link", "too long"])
def test_a_list_that_is_not_a_file_or_too_long_is_refused(project, capsys, what):
    pending = _plant(project, None)
    listing = pending / "targets.json"
    if what == "a folder":
        listing.mkdir()
    elif what == "a link":
        os.symlink(project / ".git" / "config", listing)
    else:
        listing.write_text(json.dumps({str(n): "terms.yml" for n in range(60_000)}))
    code, _, err = command(capsys, "check", "--dir", "annotations")
    reason = "is longer than any list of rewritten files" if what == "too long" else "is not a file"
    assert code == 2 and f"error: targets.json {reason};" in err
    assert (project / ".git" / "config").read_text() == SECRET


def test_one_bad_entry_stops_the_good_ones_too(project, capsys):
    pending = _plant(project, '{"0": "terms.yml", "1": "../evil.yml"}', {"0": "terms: []\n", "1": "x: 1\n"})
    terms = (project / "annotations" / "terms.yml").read_bytes()
    assert command(capsys, "check", "--dir", "annotations")[0] == 2
    assert (project / "annotations" / "terms.yml").read_bytes() == terms and (pending / "0").is_file()


def test_once_the_folder_is_deleted_every_command_works_again(project, capsys):
    pending = _plant(project, "{not json")
    assert command(capsys, "check", "--dir", "annotations")[0] == 2
    assert command(capsys, "check", "--dir", "annotations")[0] == 2  # said again, never stuck in silence
    import shutil

    shutil.rmtree(pending)
    assert command(capsys, "check", "--dir", "annotations")[0] == 0


def test_a_planted_folder_without_a_list_is_dropped_and_moves_nothing(project, capsys):
    pending = _plant(project, None, {"0": "x", "targets.yml": "y"})
    os.symlink(project / ".git", pending / "git")
    assert command(capsys, "check", "--dir", "annotations")[0] == 0
    assert not pending.exists() and (project / ".git" / "config").read_text() == SECRET


def test_what_write_together_writes_it_finishes(project):
    root = project / "annotations"
    files = {root / "terms.yml": "terms: []\n", root / SLUG / "context.yml": "notes: []\n",
             root / ".schemas" / "terms.schema.json": "{}\n"}
    (root / ".schemas").mkdir()
    pending = root / PENDING
    pending.mkdir()
    targets = {}
    for number, (path, text) in enumerate(files.items()):  # as a run killed just after its decision leaves it
        (pending / str(number)).write_text(text)
        targets[str(number)] = path.relative_to(root).as_posix()
    (pending / "targets.json").write_text(json.dumps(targets))
    assert sorted(finish_pending(root)) == sorted(files)
    assert {path: path.read_text() for path in files} == files and not pending.exists()


def test_write_together_refuses_to_begin_over_a_planted_folder(project):
    root = project / "annotations"
    _plant(project, '{"0": "../../.git/config"}')
    terms = (root / "terms.yml").read_bytes()
    with pytest.raises(PendingRefused):
        write_together(root, {root / "terms.yml": "terms: []\n"})
    assert (root / "terms.yml").read_bytes() == terms
