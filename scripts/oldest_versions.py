"""The oldest versions the package declares for the given dependencies, as pins for pip
(`mkdocs==1.6`): CI builds the flagship with them too, not only with constraints.txt's newest."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

declared = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]["dependencies"]
lowest = {re.split(r"[<>=!~ ]", requirement)[0].lower(): re.search(r">=\s*([\w.]+)", requirement)
          for requirement in declared}
print(" ".join(f"{name}=={lowest[name.lower()].group(1)}" for name in sys.argv[1:]))
