"""Output channels: what a file's name or value holds reaches a terminal, a GitHub log or a program
as text, never as a control sequence, a line of its own or a workflow command. One escape per
channel (shells/report.py); the published HTML is guarded by refusing control characters at
validation (test_yaml_values.py) and by escaping (test_prose_and_links.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.model import Origin, Problem
from generator.shells.report import for_terminal, format_github, problem_text
from tests.conftest import command, write_site

HOSTILE_NAME = "x\x1b[2J\u202eevil\nline"
"""A folder name that clears the screen, reverses the line and starts a new one."""
SHOWN = "x\\x1b[2J\\u202eevil\\nline"
SLUG_RULE = ("rename it: an article's slug must be lower-case letters, digits and single hyphens, at most 100 of "
             "them, e.g. 'jens-stoltenberg'")


@pytest.fixture
def root(tmp_path) -> Path:
    root = write_site(tmp_path / "annotations", {"terms.yml": None})
    os.mkdir(root / HOSTILE_NAME)
    return root


def test_the_terminal_sees_escapes(root, capsys):
    code, out, err = command(capsys, "check", "--dir", str(root))
    assert code == 1 and out == ""
    assert err.splitlines() == [f"{root}/{SHOWN}:1:1: error: invalid article folder name '{SHOWN}'",
                                f"    hint: {SLUG_RULE}", "1 error in the annotations."]


def test_a_github_log_sees_one_command_per_problem(root, capsys):
    code, out, _ = command(capsys, "check", "--dir", str(root), "--format", "github")
    shown = SHOWN.replace("\\n", "%0A")
    assert (code, out.splitlines()) == (1, [
        f"::error file={str(root).replace(':', '%3A')}/{shown.replace(',', '%2C')},line=1,col=1::invalid article "
        f"folder name '{shown}' (hint: {SLUG_RULE})"])


def test_a_program_gets_the_name_as_it_is(root, capsys):
    code, out, _ = command(capsys, "check", "--dir", str(root), "--format", "json")
    [problem] = json.loads(out)["problems"]
    assert code == 1 and problem["file"] == f"{root}/{HOSTILE_NAME}" and problem["code"] == "invalid-slug"
    assert "\x1b" not in out  # JSON writes it as \u001b


def test_github_commands_escape_the_file_name_too():
    """A folder whose name holds a line break, a comma or a colon cannot add a command or a property."""
    hostile = Path("a\n::error file=x,line=1::injected/b,c:d.yml")
    [line] = format_github([Problem(Origin(hostile, 2, 3), "bad\nthing", "fix it")]).splitlines()
    assert line == ("::error file=a%0A%3A%3Aerror file=x%2Cline=1%3A%3Ainjected/b%2Cc%3Ad.yml,line=2,col=3::"
                    "bad%0Athing (hint: fix it)")


ESCAPED = {
    "ESC": ("\x1b[31mred", "\\x1b[31mred"),
    "CSI": ("\x9b31mred", "\\x9b31mred"),
    "bell": ("\x07", "\\x07"),
    "carriage return": ("shown\rhidden", "shown\\rhidden"),
    "backspace": ("ab\x08c", "ab\\x08c"),
    "right-to-left override": ("abc\u202edef", "abc\\u202edef"),
    "right-to-left isolate": ("\u2067abc\u2069", "\\u2067abc\\u2069"),
    "Arabic letter mark": ("\u061cx", "\\u061cx"),
    "line separator": ("a\u2028b", "a\\u2028b"),
    "tab": ("a\tb", "a\\tb"),
    "plain text": ("Zelenskyy’s “Kyiv” — déjà vu", "Zelenskyy’s “Kyiv” — déjà vu"),
}


@pytest.mark.parametrize("name", sorted(ESCAPED))
def test_the_terminal_escape(name):
    text, shown = ESCAPED[name]
    assert for_terminal(text) == shown
    assert problem_text(Problem(Origin(Path(text)), text + "\nmore", text)) == (
        f"{shown}:1:1: error: {shown}\\nmore\n    hint: {shown}")
