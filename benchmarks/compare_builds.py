"""`mkdocs build` of one synthetic archive with the code before a change and after it, in turns,
beside the plain site of the same texts (measured, not asserted by tests):

    git worktree add /tmp/before <commit>
    .venv/bin/python benchmarks/compare_builds.py --before /tmp/before --sizes 200 800 --repeats 3

Each build starts from an empty article cache. The medians, and the ratios that matter: after /
before, and each against the plain site built in the same turns.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MKDOCS, annotated_site, plain_site, synthetic_site, timed  # noqa: E402

TERMS, PEOPLE = 1000, 500


def compare(n: int, before: Path, repeats: int, work: Path) -> dict:
    annotations = work / f"annotations-{n}"
    synthetic_site(annotations, n, TERMS, PEOPLE)
    annotated, speedup, plain = work / f"annotated-{n}", work / f"speedup-{n}", work / f"plain-{n}"
    annotated_site(annotated, annotations)
    annotated_site(speedup, annotations)
    config = speedup / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - annotations:\n", "  - annotations:\n      search_speedup: true\n"))
    plain_site(plain, annotations)
    builds = {"before": (["env", f"PYTHONPATH={before}", *MKDOCS], annotated), "after": (MKDOCS, annotated),
              "after, search_speedup": (MKDOCS, speedup), "plain": (MKDOCS, plain)}
    runs: dict[str, list[dict]] = {key: [] for key in builds}
    for k in range(repeats):
        for key in list(builds) if k % 2 == 0 else reversed(list(builds)):
            command, project = builds[key]
            runs[key].append(timed(command, project))
    return {key: median(r["wall"] for r in values) for key, values in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code before the change")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 800])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print("| N | before s | after s | after / before | after, `search_speedup` s | / before | plain s | "
          "before / plain | after / plain | `search_speedup` / plain |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as folder:
        for n in args.sizes:
            row = compare(n, args.before.resolve(), args.repeats, Path(folder))
            before, after, fast, plain = row["before"], row["after"], row["after, search_speedup"], row["plain"]
            print(f"| {n} | {before:.1f} | {after:.1f} | {after / before:.2f} | {fast:.1f} | {fast / before:.2f} | "
                  f"{plain:.1f} | {before / plain:.2f} | {after / plain:.2f} | {fast / plain:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
