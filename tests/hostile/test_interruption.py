"""Interruption: a rewriting command killed at any point leaves the files it touches all as they
were or all as they should be, once the next command has recovered; its leftovers are only ever
in one named place (`.pending-rewrite/` in the annotations folder), which that command removes."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.shells.files import PENDING, PendingRefused, finish_pending, write_together
from tests.conftest import REPO, SLUG, write_site

CONTEXT = f"{SLUG}/context.yml"
ARTICLE = f"{SLUG}/article.yml"
SOURCE = f"{SLUG}/source.txt"
STEPS = ("replace", "fsync", "chmod", "unlink", "rmdir", "mkdir")
"""The calls between which a run can be killed: each write, flush, rename and deletion."""


def _killed_at(step: int, work) -> bool:
    """Run `work` in a forked process that dies (as SIGKILL would: no cleanup, no finally) just
    before its `step`-th file-system call; whether it was killed before finishing."""
    pid = os.fork()
    if pid == 0:
        calls = [0]

        def dying(real):
            def call(*args, **kwargs):
                calls[0] += 1
                if calls[0] > step:
                    os._exit(9)
                return real(*args, **kwargs)
            return call
        for name in STEPS:
            setattr(os, name, dying(getattr(os, name)))
        try:
            work()
        except BaseException:
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) in (0, 9), f"the work failed at step {step}"
    return os.WEXITSTATUS(status) == 9


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_rewrite_of_two_files_killed_at_every_step_is_all_or_nothing(tmp_path):
    root = write_site(tmp_path / "annotations")
    old = _snapshot(root)
    new = {**old, CONTEXT: b"notes: []\n", ARTICLE: old[ARTICLE] + b"corrections: []\n"}
    outcomes = set()
    step = 0
    while True:
        shutil.rmtree(root)
        write_site(root)
        killed = _killed_at(step, lambda: write_together(root, {root / CONTEXT: new[CONTEXT].decode(),
                                                                root / ARTICLE: new[ARTICLE].decode()}))
        finish_pending(root)  # what the next command does first
        after = _snapshot(root)
        assert after in (old, new), f"killed at step {step}: {sorted(k for k in after if after[k] != old.get(k))}"
        assert not (root / PENDING).exists()
        outcomes.add("new" if after == new else "old")
        if not killed:
            break
        step += 1
    assert step > 8 and outcomes == {"old", "new"}  # the kill landed before and after the decision


def test_a_recovery_killed_at_every_step_is_finished_by_the_next(tmp_path):
    """The recovery itself is killed: the run after it still finishes the rewrite."""
    root = write_site(tmp_path / "annotations")
    old = _snapshot(root)
    new = {**old, CONTEXT: b"notes: []\n", ARTICLE: old[ARTICLE] + b"corrections: []\n"}
    decided = None
    for step in range(100):  # the first kill after the decision (the list of targets written)
        shutil.rmtree(root)
        write_site(root)
        _killed_at(step, lambda: write_together(root, {root / CONTEXT: new[CONTEXT].decode(),
                                                       root / ARTICLE: new[ARTICLE].decode()}))
        if (root / PENDING / "targets.json").is_file():
            decided = _snapshot(root)
            break
    assert decided is not None
    recovery_step = 0
    while _killed_at(recovery_step, lambda: finish_pending(root)):
        finish_pending(root)
        assert _snapshot(root) == new and not (root / PENDING).exists()
        shutil.rmtree(root)
        root.mkdir()
        for name, data in decided.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        recovery_step += 1
    assert recovery_step > 2


def test_an_undecided_rewrite_is_dropped_and_a_stray_one_never_leaves_the_folder(tmp_path):
    root = write_site(tmp_path / "annotations")
    old = _snapshot(root)
    (root / PENDING).mkdir()
    (root / PENDING / "0").write_text("half")  # written, but the list of targets never was
    assert finish_pending(root) == [] and _snapshot(root) == old and not (root / PENDING).exists()
    (root / PENDING).mkdir()
    (root / PENDING / "0").write_text("mine")
    (root / PENDING / "targets.json").write_text('{"0": "../outside.txt"}')  # planted: never followed out
    with pytest.raises(PendingRefused):
        finish_pending(root)
    assert not (tmp_path / "outside.txt").exists() and (root / PENDING / "0").read_text() == "mine"


@pytest.mark.parametrize("decided", [False, True])
def test_a_planted_folder_killed_at_every_step_never_moves_a_file_out(tmp_path, decided):
    """A pull request's `.pending-rewrite/` (a link to a secret, a list naming it), with the run that
    meets it killed before each of its file-system calls: the secret and the annotations stay."""
    root = write_site(tmp_path / "annotations")
    (tmp_path / "secret").write_text("token")
    old = _snapshot(root)

    def plant():
        shutil.rmtree(root / PENDING, ignore_errors=True)
        (root / PENDING).mkdir()
        os.symlink(tmp_path / "secret", root / PENDING / "0")
        (root / PENDING / "1").write_text("planted: yes\n")
        if decided:
            (root / PENDING / "targets.json").write_text(json.dumps({"../secret": CONTEXT, "0": "../leak.yml"}))

    def finish():
        try:
            finish_pending(root)
        except PendingRefused:
            pass
    for step in range(12):
        plant()
        killed = _killed_at(step, finish)
        assert (tmp_path / "secret").read_text() == "token" and not (tmp_path / "leak.yml").exists()
        assert {k: v for k, v in _snapshot(root).items() if not k.startswith(PENDING)} == old, step
        if not killed:
            break
    assert (root / PENDING).is_dir() == decided


def test_the_step_count_covers_every_call_the_rewrite_makes(monkeypatch, tmp_path):
    """The kill test patches every kind of call `write_together` makes to change the disk."""
    root = write_site(tmp_path / "annotations")
    seen = []
    for name in dir(os):
        real = getattr(os, name)
        if name in ("replace", "rename", "fsync", "chmod", "unlink", "rmdir", "mkdir", "remove", "makedirs", "open"):
            monkeypatch.setattr(os, name, lambda *a, _real=real, _name=name, **k: (seen.append(_name), _real(*a, **k))[1])
    write_together(root, {root / CONTEXT: "notes: []\n"})
    assert set(seen) - {"open"} <= set(STEPS)


# --- the real command, killed at random moments -----------------------------------------------------------

CORRECTED = {
    SOURCE: "Ada Lovelace wrote about the Analytical Engine.\n\n“It weaves algebraic patterns just as the loom "
            "weaves flowers and leaves,” Lovelace said.\n",
    CONTEXT: "quotes:\n  - speaker: ada-lovelace\n    quote: It weaves algebraical patterns just as the Jacquard loom "
             "weaves flowers and leaves\nnotes:\n  - id: weaves\n    anchor: the loom weaves flowers\n    note: x\n"
             "    sources:\n      - {title: t, url: 'https://example.org/'}\n",
}


@pytest.mark.timeout(60)
def test_check_fix_killed_at_random_moments_is_all_or_nothing(tmp_path):
    """SIGKILL at random moments of a real `check --fix` (its re-anchoring and its record of the
    correction): after the next `check`, both files are as they were or both are fixed. (Slower
    than the other cases: ten runs of the command, 60 s allowed.)"""
    root = write_site(tmp_path / "annotations", CORRECTED)
    old = _snapshot(root)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generator", "check", "--fix", "--no-cache", "--dir", str(root)]
    began = time.monotonic()
    subprocess.run(command, env=env, capture_output=True, timeout=30)
    whole = time.monotonic() - began
    fixed = _snapshot(root)
    assert fixed[CONTEXT] != old[CONTEXT] and b"corrections:" in fixed[ARTICLE]
    chance = random.Random(20)
    for _ in range(10):
        shutil.rmtree(root)
        write_site(root, CORRECTED)
        run = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.5, 1.0) * whole)
        run.send_signal(signal.SIGKILL)
        run.wait()
        subprocess.run([sys.executable, "-m", "generator", "check", "--dir", str(root)], env=env, capture_output=True,
                       timeout=30)
        after = _snapshot(root)
        assert {name: after[name] for name in (CONTEXT, ARTICLE)} in (
            {name: old[name] for name in (CONTEXT, ARTICLE)}, {name: fixed[name] for name in (CONTEXT, ARTICLE)})
        assert not (root / PENDING).exists()

