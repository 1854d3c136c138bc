"""The hostile corpus: input from strangers' pull requests and careless hands, by class (one file
each). Every case answers within 10 seconds (a case that runs a command ten times says so and
takes longer): a hang is a failure, not a slow test."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
CASE_TIME_LIMIT = 10


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.path)).parents and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(CASE_TIME_LIMIT))
