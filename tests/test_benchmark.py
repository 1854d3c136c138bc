"""The benchmark's code runs in CI at tiny sizes, so it cannot rot (its figures are not asserted)."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow  # about 30 s


def test_the_benchmark_runs_at_tiny_sizes(tmp_path):
    out = tmp_path / "results.md"
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/run.py"), "--smoke", "--out", str(out)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    table = out.read_text()
    assert "| a/c | b/c | b/d |" in table and "| T terms | generator s |" in table and "One long article" in table
    assert "| one article changed |" in table and "in one process takes" in table and "W3C annotations too" in table
    assert "| annotated | " in table and "| plain | " in table and "(10, " in table  # time per kind of page
    assert "The least any generator does" in table and "with libyaml parsing" in table
    assert "YAML files alone with libyaml" in table and "In CPU time (worker processes included)" in table


def test_the_floor_writes_every_article_whole():
    """The floor under (a) is a lower bound only if it does the work it stands for: each page is the
    article's text, every character of it, escaped, with elements around names and passages."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from floor import least_generator

    root = REPO / "tests/fixtures/multi"
    pages = least_generator(root, 1, "libyaml")
    assert set(pages) == {p.name for p in root.iterdir() if p.is_dir()}
    for slug, page in pages.items():
        assert 'class="mention"' in page
        assert html.unescape(re.sub(r"<[^>]*>", "", page)) == (root / slug / "source.txt").read_text("utf-8")


@pytest.mark.browser
def test_the_readers_benchmark_runs_at_a_tiny_size():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/reader.py"), "--smoke"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 12 |")]
    assert [row.split(" | ")[1].split(" (")[0] for row in rows] == [
        "plain", "annotated, Material search", "annotated, Pagefind", "plain, as many pages as the annotated site",
        "Pagefind / plain", "Pagefind / plain of as many pages", "of it, the Pagefind index alone"]


@pytest.mark.slow
@pytest.mark.browser
def test_the_open_web_benchmark_runs_once_on_one_page_type():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/open_web.py"), "--smoke"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    checks, lighthouse = result.stdout.split("Lighthouse mobile")
    [report] = [line for line in checks.splitlines() if line.startswith("| report |")]
    assert report.count(" (0)") == 2 and report.endswith(", 0 |")  # no error of ours; no relative @id
    [scores] = [line for line in lighthouse.splitlines() if line.startswith("| report |")]
    assert len(re.findall(r"\d+ / 100 / 100 / 100", scores)) == 2  # ours, and the plain page beside it
